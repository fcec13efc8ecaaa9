//! The timing page's hooks: what the clock tree does with a pointer and the keyboard (fail or
//! recover a node, choose one), choosing an event of the diagram, and the scenario's history
//! and settings.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::runtime::Runtime;
use crate::lessons::timing::link;
use crate::lessons::timing::model::TimingConfig;
use crate::lessons::timing::settings::Settings;
use crate::shell::web::canvas_xy;
use crate::shell::web::page::{Rt, Ui};
use crate::shell::web::stage::Stage;

/// What the drawings do with a pointer and the keyboard.
#[derive(Clone)]
pub struct Clicks {
    /// A click on the clock tree fails or recovers the node clicked.
    pub clock: Callback<MouseEvent>,
    /// Arrows choose a node, Enter or Space fails or recovers it.
    pub key: Callback<KeyboardEvent>,
    /// A click on the diagram chooses the event clicked (again: none).
    pub event: Callback<MouseEvent>,
    /// Arrows choose the previous or next event, Escape none.
    pub event_key: Callback<KeyboardEvent>,
    /// Compares the chosen event with the next one chosen, or stops comparing.
    pub compare: Callback<MouseEvent>,
}

#[hook]
pub fn use_clicks(rt: &Rt<Runtime>, ui: &Ui) -> Clicks {
    let toggle = {
        let (rt, ui) = (rt.clone(), ui.clone());
        Callback::from(move |n: u32| {
            let mut r = rt.borrow_mut();
            let up = r.tape.act(|w| w.toggle(n));
            r.focus = Some(n);
            r.paint();
            let name = r.world().engines()[0].layout().name(n);
            let status = r.status();
            drop(r);
            let what = ["log-failed", "log-recovered"][usize::from(up)];
            ui.say(format!(
                "{} {status}",
                crate::t!(
                    "said-node",
                    what = crate::shell::messages::text(crate::t!(
                        what,
                        node = crate::shell::messages::text(name)
                    ))
                )
            ));
        })
    };
    let clock = {
        let (rt, toggle) = (rt.clone(), toggle.clone());
        Callback::from(move |e: MouseEvent| {
            let hit = canvas_xy(&e).and_then(|(x, y)| rt.borrow().scene.hit(x, y));
            if let Some(n) = hit {
                toggle.emit(n);
            }
        })
    };
    let key = {
        let (rt, refresh) = (rt.clone(), ui.refresh.clone());
        Callback::from(move |e: KeyboardEvent| {
            let n = rt.borrow().world().engines()[0].layout().nodes;
            let at = rt.borrow().focus.unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => (at + 1) % n,
                "ArrowLeft" | "ArrowUp" => (at + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                "Enter" | " " => {
                    e.prevent_default();
                    toggle.emit(at);
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            let mut r = rt.borrow_mut();
            r.focus = Some(next);
            r.paint();
            drop(r);
            refresh.force_update();
        })
    };
    let choose = {
        let (rt, ui) = (rt.clone(), ui.clone());
        Callback::from(move |seq: Option<u64>| {
            let mut r = rt.borrow_mut();
            r.event = seq;
            r.paint();
            let said = r
                .drawn
                .chosen
                .clone()
                .unwrap_or_else(|| crate::shell::messages::t("no-event"));
            drop(r);
            ui.say(said);
        })
    };
    let event = {
        let (rt, choose) = (rt.clone(), choose.clone());
        Callback::from(move |e: MouseEvent| {
            let mut r = rt.borrow_mut();
            let hit = canvas_xy(&e).and_then(|(x, y)| r.drawn.hit(x, y));
            // Shift-click compares the chosen event with the one clicked.
            if e.shift_key() && hit.is_some() && r.event.is_some() && r.pinned.is_none() {
                r.pinned = r.event;
            }
            let again = hit.is_some() && hit == r.event;
            drop(r);
            choose.emit(if again { None } else { hit });
        })
    };
    let compare = {
        let (rt, choose) = (rt.clone(), choose.clone());
        Callback::from(move |_: MouseEvent| {
            let mut r = rt.borrow_mut();
            r.pinned = if r.pinned.is_some() { None } else { r.event };
            let event = r.event;
            drop(r);
            choose.emit(event);
        })
    };
    let event_key = {
        let rt = rt.clone();
        Callback::from(move |e: KeyboardEvent| {
            let r = rt.borrow();
            let dots: Vec<u64> = r.drawn.dots.iter().map(|d| d.seq).collect();
            let at = r.event.and_then(|s| dots.iter().position(|&d| d == s));
            drop(r);
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => at.map_or(dots.len().checked_sub(1), |i| {
                    Some((i + 1).min(dots.len().saturating_sub(1)))
                }),
                "ArrowLeft" | "ArrowUp" => {
                    at.map_or(dots.len().checked_sub(1), |i| Some(i.saturating_sub(1)))
                }
                "Escape" => {
                    rt.borrow_mut().pinned = None;
                    None
                }
                _ => return,
            };
            e.prevent_default();
            choose.emit(next.and_then(|i| dots.get(i).copied()));
        })
    };
    Clicks {
        clock,
        key,
        event,
        event_key,
        compare,
    }
}

/// The scenario's history (see [`crate::shell::web::opener::History`]).
pub type History = crate::shell::web::opener::History<Runtime, Settings>;

/// Applies the settings as typed: the same failures, at the same moment (or the field at
/// fault is marked).
pub fn apply(history: &History, rt: &Rt<Runtime>, playing: bool) {
    let base = rt.borrow().world().engines()[0].config().clone();
    match history.settings.apply(&base) {
        Ok(cfg) => {
            history.error.set(None);
            reopen(history, rt, playing, cfg);
        }
        Err(err) => history.error.set(Some(err)),
    }
}

/// Opens the same moment and failures under `cfg` (moved earlier if replaying would take too
/// long, saying so).
pub fn reopen(history: &History, rt: &Rt<Runtime>, playing: bool, cfg: TimingConfig) {
    let mut s = rt.borrow().scenario(playing);
    s.cfg = cfg;
    let limit = crate::shell::link::replay_limit_ms(link::events_per_second(&s.cfg));
    let problems = crate::shell::link::fit_replay(&mut s.time_ms, limit);
    (history.open)(s, problems.into_iter().collect());
}

/// The two sliders of the path's delays (`#drag-up`, `#drag-down`): each shows its value as it
/// moves, and on release the run restarts with those fixed delays, at the same moment.
pub fn path_delays(history: &History, rt: &Rt<Runtime>, playing: bool) -> PathDelays {
    let read = |id: &str| {
        gloo::utils::document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|e| e.value().parse::<u32>().ok())
    };
    let moving = Callback::from(|e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        if let Some(out) = input.next_element_sibling() {
            let ms = crate::sim::small::parse_decimal(&input.value()).unwrap_or_default();
            out.set_text_content(Some(&crate::t!(
                "time-ms",
                v = crate::shell::messages::num(ms, 0)
            )));
        }
    });
    let delays = {
        let (history, rt) = (history.clone(), rt.clone());
        move |asymmetry: Option<(u32, u32)>| {
            let mut cfg = rt.borrow().world().engines()[0].config().clone();
            cfg.asymmetry = asymmetry;
            reopen(&history, &rt, playing, cfg);
        }
    };
    let fix = delays.clone();
    let set = Callback::from(move |_: Event| {
        if let (Some(up), Some(down)) = (read("drag-up"), read("drag-down")) {
            fix(Some((up, down)));
        }
    });
    let random = Callback::from(move |_: MouseEvent| delays(None));
    PathDelays {
        moving,
        set,
        random,
    }
}

/// See [`path_delays`].
#[derive(Clone)]
pub struct PathDelays {
    /// A slider moves.
    pub moving: Callback<InputEvent>,
    /// A slider is let go.
    pub set: Callback<Event>,
    /// Back to delays drawn per message.
    pub random: Callback<MouseEvent>,
}
