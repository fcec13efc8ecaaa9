//! What every lesson's page shares, apart from its lesson: the animation-frame loop, the frame
//! clock that turns real time into whole virtual milliseconds, the address bar that always
//! holds the scenario, media preferences, query flags, and moving focus.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::render::{AnimationFrame, request_animation_frame};
use wasm_bindgen::JsCast;
use yew::prelude::*;

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
