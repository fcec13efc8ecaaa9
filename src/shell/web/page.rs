//! What every lesson's page does the same way, over its [`Stage`]: the state a page keeps in
//! Yew (playing, speed, the notice, what the live region says, the dialogs), the keys every
//! page takes, the exports, and the guided tour's host.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::stage::{ShortcutKey, Stage, seek_callbacks, use_shortcuts};
use super::timeline_panel::{Export, download_canvas, download_text};
use super::tour_host::{TourHost, use_tour_host};
use crate::shell::messages::text;
use crate::sim::time::{MS, SECOND};

/// A lesson's page runtime, shared by the frame loop and the callbacks.
pub type Rt<S> = Rc<RefCell<S>>;

/// The state a page keeps in Yew.
#[derive(Clone)]
pub struct Ui {
    /// The run plays.
    pub playing: UseStateHandle<bool>,
    /// Virtual ms per real ms, as the speed control shows it.
    pub speed: UseStateHandle<f64>,
    /// What a link or a change could not use, one sentence each.
    pub notice: UseStateHandle<Vec<String>>,
    /// What the live region says.
    pub said: UseStateHandle<String>,
    /// The shortcuts dialog is open.
    pub help: UseStateHandle<bool>,
    /// The frame statistics are shown.
    pub stats: UseStateHandle<bool>,
    /// The event log's node filter, as typed.
    pub filter: UseStateHandle<String>,
    /// Renders the page again.
    pub refresh: UseForceUpdateHandle,
}

impl Ui {
    /// Plays or pauses.
    pub fn toggle_play(&self) {
        self.playing.set(!*self.playing);
    }

    /// Says `text` in the live region and renders again.
    pub fn say(&self, text: String) {
        self.said.set(text);
        self.refresh.force_update();
    }

    /// A callback that flips a yes-or-no state.
    pub fn flip(state: &UseStateHandle<bool>) -> Callback<()> {
        let state = state.clone();
        Callback::from(move |()| state.set(!*state))
    }
}

/// The state of a page that opens playing (or not) at `speed`, with `problems` to tell.
#[hook]
pub fn use_ui(playing: bool, speed: f64, problems: Vec<String>, stats: bool) -> Ui {
    Ui {
        playing: use_state(|| playing),
        speed: use_state(|| speed),
        notice: use_state(|| {
            let mut all = super::lang::take_problems();
            all.extend(problems);
            all
        }),
        said: use_state(String::new),
        help: use_state(|| false),
        stats: use_state(|| stats),
        filter: use_state(String::new),
        refresh: use_force_update(),
    }
}

/// The keys every page takes: Space or K plays and pauses, ← goes a second back (pausing), →
/// a second forward, S shows the stats, ? the shortcuts (Esc closes them). A focused control
/// keeps the keys it owns; `more` is asked first, for the lesson's own keys.
#[hook]
pub fn use_keys<S: Stage>(rt: Rt<S>, ui: &Ui, more: Callback<ShortcutKey, bool>) {
    let (on_seek, on_back) = seek_callbacks(&rt, &ui.refresh, &ui.playing);
    let ui = ui.clone();
    use_shortcuts(Callback::from(move |k: ShortcutKey| {
        if more.emit(k.clone()) {
            return true;
        }
        let now = rt.borrow().now() / MS;
        let at = |rt: &Rt<S>| crate::shell::text::clock_text(rt.borrow().now() / MS);
        match k.key.as_str() {
            " " if k.owns_space || k.in_group => return false,
            " " | "k" => ui.toggle_play(),
            "ArrowLeft" | "ArrowRight" | "Home" | "End" if k.in_group => return false,
            "ArrowLeft" => {
                on_back.emit(());
                ui.say(crate::t!("said-back", t = text(at(&rt))));
            }
            "ArrowRight" => {
                on_seek.emit(now + 1_000);
                ui.say(crate::t!("said-forward", t = text(at(&rt))));
            }
            "s" => {
                let shown = !*ui.stats;
                ui.stats.set(shown);
                ui.say(crate::shell::messages::t(if shown {
                    "said-stats-shown"
                } else {
                    "said-stats-hidden"
                }));
            }
            "?" => ui.help.set(!*ui.help),
            "Escape" => ui.help.set(false),
            _ => return false,
        }
        true
    }));
}

/// Downloads what `kind` asks for, named after the stage's lesson and the moment.
pub fn export<S: Stage>(r: &S, kind: Export, playing: bool) {
    let stem = r.file_stem();
    let stamp = format!("t{}s", r.now() / SECOND);
    match kind {
        Export::Drawing => {
            if let Some((what, c)) = r.drawing() {
                download_canvas(&format!("{stem}-{what}-{stamp}.png"), &c);
            }
        }
        Export::PlotsPng => {
            if let Some(c) = r.plots_canvas().cast::<web_sys::HtmlCanvasElement>() {
                download_canvas(&format!("{stem}-plots-{stamp}.png"), &c);
            }
        }
        Export::SeriesCsv => download_text(
            &format!("{stem}-metrics-{stamp}.csv"),
            "text/csv",
            &r.series_csv(),
        ),
        Export::SeriesJson => download_text(
            &format!("{stem}-metrics-{stamp}.json"),
            "application/json",
            &r.series_json(),
        ),
        Export::ScenarioJson => download_text(
            &format!("{stem}-scenario-{stamp}.json"),
            "application/json",
            &r.scenario_json(playing),
        ),
    }
}

/// The exports' callback.
pub fn on_export<S: Stage>(rt: &Rt<S>, ui: &Ui) -> Callback<Export> {
    let (rt, playing) = (rt.clone(), ui.playing.clone());
    Callback::from(move |kind| export(&*rt.borrow(), kind, *playing))
}

/// Makes the stage the lesson a guided tour talks to: a step's link opens through `load`, its
/// action is taken on the timeline (then the page plays), claims read the stage's measured
/// values, and a step's node is ringed.
#[hook]
pub fn use_tour<S: Stage>(rt: Rt<S>, ui: &Ui, load: Callback<(String, String)>) {
    let (a, v, m, s, h) = (rt.clone(), rt.clone(), rt.clone(), rt.clone(), rt.clone());
    use_tour_host(
        TourHost::new(
            load,
            move |text| crate::shell::lesson::act::<S::Lesson>(a.borrow_mut().tape_mut(), text),
            move |name| v.borrow_mut().value(name),
            move |label| m.borrow_mut().mark(label),
            ui.playing.clone(),
            ui.refresh.clone(),
        )
        .checking(
            move |to| {
                let mut r = s.borrow_mut();
                if let Some(ms) = to {
                    r.go(ms * MS);
                }
                r.now() / MS
            },
            move |name| h.borrow().hidden(name),
            move || rt.borrow().link(true),
            |link| {
                use crate::shell::lesson::Lesson as _;
                let d = S::Lesson::decode(link);
                if !d.problems.is_empty() {
                    return d.problems;
                }
                S::Lesson::prepare(&d.scenario).map_or_else(|e| vec![e.to_string()], |(_, p)| p)
            },
            <S::Lesson as crate::shell::lesson::Lesson>::is_node,
        ),
    );
}
