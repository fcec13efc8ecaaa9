//! What every lesson's page shares, apart from its lesson: the animation-frame loop, the frame
//! clock that turns real time into whole virtual milliseconds, the address bar that always
//! holds the scenario, media preferences, query flags, and moving focus.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::render::{AnimationFrame, request_animation_frame};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::words::tx;
use crate::shell::lesson::Lesson;
pub use crate::shell::link::scenario_fragment;
use crate::shell::timeline::Timeline;
use crate::sim::time::{MS, Micros};

/// The longest frame step: after a stall, the simulation does not leap ahead.
pub const MAX_FRAME_MS: f64 = 100.0;
/// Real ms between address-bar updates while running (actions update it at once).
pub const LINK_EVERY_MS: f64 = 1_000.0;

/// A self-rescheduling animation-frame loop, stopped by dropping its handle.
pub struct Ticker {
    frame: RefCell<Option<AnimationFrame>>,
    last: Cell<Option<f64>>,
    stopped: Cell<bool>,
    on_frame: Box<dyn Fn(f64)>,
}

impl Ticker {
    pub fn start(on_frame: Box<dyn Fn(f64)>) -> Rc<Ticker> {
        let t = Rc::new(Ticker {
            frame: RefCell::new(None),
            last: Cell::new(None),
            stopped: Cell::new(false),
            on_frame,
        });
        Ticker::schedule(&t);
        t
    }

    fn schedule(t: &Rc<Ticker>) {
        let me = Rc::clone(t);
        let handle = request_animation_frame(move |ts| {
            if me.stopped.get() {
                return;
            }
            let dt = me.last.replace(Some(ts)).map_or(0.0, |last| ts - last);
            (me.on_frame)(dt);
            Ticker::schedule(&me);
        });
        *t.frame.borrow_mut() = Some(handle);
    }

    pub fn stop(&self) {
        self.stopped.set(true);
        // Dropping the handle cancels the pending frame and frees the closure (and the cycle).
        self.frame.borrow_mut().take();
    }
}

/// Virtual time owed to the simulation: frames advance it in whole milliseconds, so the time in
/// a link is exactly the time shown.
#[derive(Default)]
pub struct FrameClock {
    owed_us: f64,
}

impl FrameClock {
    /// The whole virtual milliseconds (as µs) that `dt` real ms at `speed` add.
    pub fn step(&mut self, dt: f64, speed: f64) -> Micros {
        self.owed_us += dt * speed * MS as f64;
        let whole_ms = (self.owed_us / MS as f64).floor();
        self.owed_us -= whole_ms * MS as f64;
        whole_ms as u64 * MS
    }
}

/// The address bar, kept on the current scenario with `replaceState` (no history entries).
#[derive(Default)]
pub struct Address {
    written: String,
    since: f64,
}

impl Address {
    /// Real ms passed since the last write.
    pub fn tick(&mut self, dt: f64) {
        self.since += dt;
    }

    /// Records that `link` is in the address bar already (written elsewhere).
    pub fn written(&mut self, link: String) {
        self.written = link;
    }

    /// Writes `link` at once when anything changed, except that while playing the running
    /// clock (`t=`) alone is written at most once a second.
    pub fn sync(&mut self, link: String, playing: bool) {
        if HOLD.get() {
            // Written again in full once released.
            self.written.clear();
            return;
        }
        if link == self.written {
            return;
        }
        let strip_time = |l: &str| {
            l.split('&')
                .filter(|kv| !kv.starts_with("t="))
                .collect::<Vec<_>>()
                .join("&")
        };
        let only_time = strip_time(&link) == strip_time(&self.written);
        if playing && only_time && self.since < LINK_EVERY_MS {
            return;
        }
        if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = h.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("#{link}")),
            );
        }
        self.written = link;
        self.since = 0.0;
    }
}

thread_local! {
    /// Held from the start when the address opens a tour (`?tour=1`, `#tour=…`): the tour
    /// takes the address over once it has loaded.
    static HOLD: Cell<bool> = Cell::new(flag("tour") || crate::shell::link::carries_tour(&address_fragment()));
}

/// While `held`, the address bar is not kept on the scenario (a guided tour keeps its step
/// there instead); on release it is written again.
pub fn hold_address(held: bool) {
    HOLD.set(held);
}

/// Brings the element with `id` into view (smoothly, unless the reader prefers less motion)
/// and moves keyboard focus to it.
pub fn show(id: &str) {
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_behavior(if prefers("(prefers-reduced-motion: reduce)") {
        web_sys::ScrollBehavior::Instant
    } else {
        web_sys::ScrollBehavior::Smooth
    });
    el.scroll_into_view_with_scroll_into_view_options(&opts);
    let focus = web_sys::FocusOptions::new();
    focus.set_prevent_scroll(true);
    let _ = el.focus_with_options(&focus);
}

/// A skip link's click: shows its target without touching the address (whose fragment is
/// the scenario).
pub fn skip(id: &'static str) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        show(id);
    })
}

/// Whether a media query matches (`prefers-color-scheme`, `prefers-reduced-motion`).
pub fn prefers(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Whether the address's query has `name=1` (or `name=true`): `?embed=1`, `?stats=1`.
pub fn flag(name: &str) -> bool {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    search
        .trim_start_matches('?')
        .split('&')
        .any(|kv| kv == format!("{name}=1") || kv == format!("{name}=true"))
}

/// What every lesson's runtime holds for the shell: the frame clock and speed, when the DOM is
/// next due, the address bar, the reader's preferences and the frame statistics.
pub struct Pace {
    clock: FrameClock,
    since_dom: f64,
    /// Virtual ms per real ms.
    pub speed: f64,
    /// The address bar.
    pub address: Address,
    /// The reader prefers a dark scheme.
    pub dark: bool,
    /// The reader prefers less motion (no moving dots).
    pub reduced_motion: bool,
    /// Recent frame timings.
    pub stats: super::stats::FrameStats,
}

/// Real ms between DOM refreshes while running.
pub const DOM_EVERY_MS: f64 = 250.0;

impl Pace {
    /// At `speed`, with the reader's preferences as they are now.
    pub fn new(speed: f64) -> Pace {
        let mut p = Pace {
            clock: FrameClock::default(),
            since_dom: 0.0,
            speed,
            address: Address::default(),
            dark: false,
            reduced_motion: false,
            stats: Default::default(),
        };
        p.look();
        p
    }

    /// Reads the reader's preferences again (they can change while the page is open).
    pub fn look(&mut self) {
        self.dark = prefers("(prefers-color-scheme: dark)");
        self.reduced_motion = prefers("(prefers-reduced-motion: reduce)");
    }

    /// The colours of the reader's scheme.
    pub fn palette(&self) -> &'static super::canvas::Palette {
        if self.dark {
            &super::canvas::DARK
        } else {
            &super::canvas::LIGHT
        }
    }

    /// A frame `dt` real ms after the last: the virtual time to advance (whole ms), and
    /// whether the DOM is due for a refresh.
    pub fn step(&mut self, dt: f64) -> (Micros, bool) {
        let dt = crate::sim::small::clamp(dt, 0.0, MAX_FRAME_MS);
        let advance = self.clock.step(dt, self.speed);
        self.since_dom += dt;
        self.address.tick(dt);
        let due = self.since_dom >= DOM_EVERY_MS;
        if due {
            self.since_dom = 0.0;
        }
        (advance, due)
    }
}

/// What a lesson's page runtime gives the shell: its timeline, its drawings and its plots.
/// The shell's hooks (the frame loop, repainting, seeking, exports, the tour, the keys) drive
/// any stage.
pub trait Stage: 'static {
    /// The lesson on the page.
    type Lesson: Lesson;
    /// Its timeline.
    fn tape(&self) -> &Timeline<World<Self>>;
    /// Its timeline, to act on.
    fn tape_mut(&mut self) -> &mut Timeline<World<Self>>;
    /// Its pace.
    fn pace(&mut self) -> &mut Pace;
    /// Its pace, to read.
    fn pace_ref(&self) -> &Pace;
    /// Simulation events processed so far (for the stats).
    fn events(&self) -> u64;
    /// Paints the drawings that move.
    fn paint(&mut self);
    /// What the plots show now.
    fn plots(&self) -> super::canvas::PlotData;
    /// The plots' canvas.
    fn plots_canvas(&self) -> &NodeRef;
    /// The scenario as it stands: what the address bar and the share box carry.
    fn scenario(&self, playing: bool) -> Scenario<Self>;
    /// Rings the node a tour's step points at (none: no ring); the node in words.
    fn mark(&mut self, label: Option<&str>) -> Option<String>;
    /// The start of every exported file's name (`archsim`, `archsim-chain`).
    fn file_stem(&self) -> &'static str;
    /// The drawings as one picture that stands alone (title, time, legend), for the export,
    /// with a word for what it shows (`panels`, `network`).
    fn drawing(&self) -> Option<(&'static str, web_sys::HtmlCanvasElement)>;
    /// The series as CSV, and as JSON.
    fn series_csv(&self) -> String;
    /// See [`Stage::series_csv`].
    fn series_json(&self) -> String;
    /// The scenario export: the link in a small JSON document.
    fn scenario_json(&self, playing: bool) -> String;
    /// A measured value by name, for a tour's claims.
    fn value(&mut self, name: &str) -> Result<Option<f64>, crate::tour::Unknown> {
        use crate::tour::Measured as _;
        <Self::Lesson as Lesson>::values(self.tape().world()).value(name)
    }
    /// Why the page does not show the value `name` now (none: it does).
    fn hidden(&self, name: &str) -> Option<String> {
        use crate::tour::Measured as _;
        <Self::Lesson as Lesson>::values(self.tape().world()).hidden(name)
    }
    /// Virtual time now, µs.
    fn now(&self) -> Micros {
        use crate::shell::timeline::Replayable as _;
        self.tape().world().now()
    }
    /// Moves its timeline to `t` (forwards by running, backwards by replay), without painting.
    fn go(&mut self, t: Micros) {
        self.tape_mut().seek(t);
    }
    /// The scenario as a link fragment, as it stands.
    fn link(&self, playing: bool) -> String {
        <Self::Lesson as Lesson>::encode(&self.scenario(playing))
    }
    /// Paints the plots.
    fn paint_plots(&self) {
        super::canvas::paint_plots_on(
            self.plots_canvas(),
            &self.plots(),
            self.pace_ref().palette(),
        );
    }
    /// Whether what was painted no longer fits the DOM last rendered (then it renders again).
    fn layout_changed(&mut self) -> bool {
        false
    }
    /// Goes to `t` and repaints.
    fn seek(&mut self, t: Micros) {
        self.go(t);
        self.paint();
    }
    /// Paints everything and writes the address; whether the DOM must be rendered again.
    fn repaint(&mut self, playing: bool) -> bool {
        self.paint();
        self.paint_plots();
        let link = self.link(playing);
        self.pace().address.sync(link, playing);
        self.layout_changed()
    }
}

/// The world of a stage's lesson.
pub type World<S> = <<S as Stage>::Lesson as Lesson>::World;
/// The scenario of a stage's lesson.
pub type Scenario<S> = <<S as Stage>::Lesson as Lesson>::Scenario;

/// A lesson's runtime from a link: the link's, or (when the link's scenario cannot be built)
/// the default's, with a sentence saying so among the problems.
pub fn or_default<T, E: std::fmt::Display>(
    opened: Result<(T, Vec<String>), E>,
    default: impl FnOnce() -> T,
) -> (T, Vec<String>) {
    match opened {
        Ok(t) => t,
        Err(e) => (
            default(),
            vec![crate::t!(
                "could-not-build",
                why = crate::shell::messages::text(e.to_string())
            )],
        ),
    }
}

/// The frame loop of a stage: while `playing`, every animation frame advances it by the
/// frame's time at its speed and repaints; `on_due` hears (with the frame's end, ms) when the
/// DOM is due for a refresh.
#[hook]
pub fn use_stage_loop<S: Stage>(rt: Rc<RefCell<S>>, playing: bool, on_due: Callback<f64>) {
    use_frame_loop(
        playing,
        Callback::from(move |dt| {
            let start = super::stats::now_ms();
            let mut r = rt.borrow_mut();
            let (advance, due) = r.pace().step(dt);
            let t = r.now() + advance;
            r.seek(t);
            let end = super::stats::now_ms();
            let events = r.events();
            r.pace().stats.frame(end - start, dt, events, end);
            drop(r);
            if due {
                on_due.emit(end);
            }
        }),
    );
}

/// After every render: the reader's preferences read again, everything repainted, the
/// address written; renders again when the stage asks (its layout changed) and when the
/// window is resized.
#[hook]
pub fn use_repaint<S: Stage>(rt: Rc<RefCell<S>>, playing: bool) {
    let refresh = use_force_update();
    {
        let refresh = refresh.clone();
        use_effect(move || {
            let mut r = rt.borrow_mut();
            r.pace().look();
            let again = r.repaint(playing);
            drop(r);
            if again {
                refresh.force_update();
            }
        });
    }
    use_window_event(
        "resize",
        false,
        Callback::from(move |_| refresh.force_update()),
    );
}

/// Calls `open` with the address's fragment whenever it changes (a gallery link followed, an
/// edited address), unless it carries a guided tour (which opens its own scenarios).
#[hook]
pub fn use_fragment_change(open: Callback<String>) {
    use_window_event(
        "hashchange",
        false,
        Callback::from(move |_| {
            let f = address_fragment();
            if !crate::shell::link::carries_tour(&f) {
                open.emit(f);
            }
        }),
    );
}

/// Keyboard shortcuts: `handle` gets each key a shortcut may take (see [`shortcut_key`]) and
/// says whether it took it (then the browser's own use of it is prevented).
#[hook]
pub fn use_shortcuts(handle: Callback<ShortcutKey, bool>) {
    use_window_event(
        "keydown",
        true,
        Callback::from(move |e: web_sys::Event| {
            if let Some(k) = shortcut_key(&e)
                && handle.emit(k)
            {
                e.prevent_default();
            }
        }),
    );
}

/// The timeline's two callbacks for a stage: go to a time (ms), and one second back (which
/// pauses first, so what was rewound past does not replay at once).
pub fn seek_callbacks<S: Stage>(
    rt: &Rc<RefCell<S>>,
    refresh: &UseForceUpdateHandle,
    playing: &UseStateHandle<bool>,
) -> (Callback<u64>, Callback<()>) {
    let on_seek = {
        let (rt, refresh) = (rt.clone(), refresh.clone());
        Callback::from(move |ms: u64| {
            rt.borrow_mut().seek(ms * MS);
            refresh.force_update();
        })
    };
    let on_back = {
        let (playing, on_seek, rt) = (playing.clone(), on_seek.clone(), rt.clone());
        Callback::from(move |()| {
            playing.set(false);
            let now = rt.borrow().now() / MS;
            on_seek.emit(now.saturating_sub(1_000));
        })
    };
    (on_seek, on_back)
}

/// Runs `on_frame` (with the real ms since the last frame) every animation frame while
/// `playing`; stops when paused or unmounted. The latest `on_frame` is always the one called.
#[hook]
pub fn use_frame_loop(playing: bool, on_frame: Callback<f64>) {
    let current = use_mut_ref(Callback::<f64>::noop);
    *current.borrow_mut() = on_frame;
    use_effect_with(playing, move |&playing| {
        let ticker = playing.then(|| {
            Ticker::start(Box::new(move |dt| {
                let cb = current.borrow().clone();
                cb.emit(dt);
            }))
        });
        move || {
            if let Some(t) = ticker {
                t.stop();
            }
        }
    });
}

/// Calls the latest `on_event` for every `name` event on the window while mounted. With
/// `active`, the listener is not passive, so it may prevent the browser's own handling (a
/// handled Space must not scroll the page).
#[hook]
pub fn use_window_event(name: &'static str, active: bool, on_event: Callback<web_sys::Event>) {
    let current = use_mut_ref(Callback::<web_sys::Event>::noop);
    *current.borrow_mut() = on_event;
    use_effect_with((), move |_| {
        let options = if active {
            EventListenerOptions::enable_prevent_default()
        } else {
            EventListenerOptions::default()
        };
        let listener = web_sys::window().map(|w| {
            EventListener::new_with_options(&w, name, options, move |e| {
                let cb = current.borrow().clone();
                cb.emit(e.clone());
            })
        });
        move || drop(listener)
    });
}

/// A key press the page's shortcuts may handle: not with a modifier, not already handled,
/// not typed into a field. `owns_space`: the focus is on a control Space presses; `in_group`:
/// the focus is in a group that uses the arrow keys itself.
#[derive(Clone)]
pub struct ShortcutKey {
    /// `KeyboardEvent.key`.
    pub key: String,
    /// See the type.
    pub owns_space: bool,
    /// See the type.
    pub in_group: bool,
}

/// The shortcut a keydown event is, if any (Escape still comes from text fields).
pub fn shortcut_key(e: &web_sys::Event) -> Option<ShortcutKey> {
    let e = e.dyn_ref::<web_sys::KeyboardEvent>()?;
    if e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() {
        return None;
    }
    let el = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let tag = el
        .as_ref()
        .map(|el| el.tag_name().to_ascii_lowercase())
        .unwrap_or_default();
    let key = e.key();
    if matches!(tag.as_str(), "input" | "textarea" | "select") && key != "Escape" {
        return None;
    }
    Some(ShortcutKey {
        key,
        owns_space: matches!(tag.as_str(), "button" | "summary" | "a"),
        in_group: el
            .as_ref()
            .and_then(|el| el.closest("[data-roving]").ok().flatten())
            .is_some(),
    })
}

/// Records on `<html>` when the first frame was painted, ms after navigation (the startup
/// benchmark reads `data-first-paint-ms`).
pub fn mark_first_paint() {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute(
            "data-first-paint-ms",
            &format!("{:.1}", crate::sim::small::Dec(super::stats::now_ms())),
        );
    }
}

/// Adds `problems` to those the notice shows.
pub fn add_problems(notice: &UseStateHandle<Vec<String>>, problems: Vec<String>) {
    if !problems.is_empty() {
        let mut all = (**notice).clone();
        all.extend(problems);
        notice.set(all);
    }
}

/// The page's address without its query and fragment.
pub fn base_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split(['?', '#']).next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// The fragment of the page's address now.
pub fn address_fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Inputs of [`Shortcuts`].
#[derive(Properties, PartialEq)]
pub struct ShortcutsProps {
    /// Close the list.
    pub close: Callback<MouseEvent>,
    /// (keys, what they do), in order.
    pub rows: Vec<(&'static str, String)>,
}

/// The keyboard shortcuts, in a dialog that takes focus when it opens.
#[function_component]
pub fn Shortcuts(p: &ShortcutsProps) -> Html {
    let close_ref = use_node_ref();
    {
        let close_ref = close_ref.clone();
        use_effect_with((), move |_| {
            if let Some(b) = close_ref.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    html! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" id="shortcuts">
                <h2 id="shortcuts-title">{ tx("shortcuts-title") }</h2>
                <dl>
                    { for p.rows.iter().map(|(k, what)| html! { <><dt><kbd>{ *k }</kbd></dt><dd>{ what }</dd></> }) }
                </dl>
                <button type="button" ref={close_ref} onclick={p.close.clone()}>{ tx("close") }</button>
            </div>
        </div>
    }
}
