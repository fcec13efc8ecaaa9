//! The consensus page's hooks: what the network drawing does with a pointer and the keyboard
//! (fail, choose, split along a line), the partition tool, and the scenario's history and
//! settings.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::runtime::Runtime;
use crate::lessons::consensus::link;
use crate::lessons::consensus::settings::Settings;
use crate::lessons::consensus::world::World;
use crate::shell::web::canvas_xy;
use crate::shell::web::page::{Rt, Ui};
use crate::shell::web::stage::Stage;

/// What the network drawing does with a pointer and the keyboard: a click or Enter fails or
/// recovers a peer; with a mouse or a pen, a line drawn across the network (starting off any
/// peer) splits it along the line (a touch scrolls the page; the button splits it there).
#[derive(Clone)]
pub struct Net {
    /// A click on the drawing.
    pub click: Callback<MouseEvent>,
    /// A press, a move and a release of the pointer.
    pub down: Callback<PointerEvent>,
    /// See `down`.
    pub moved: Callback<PointerEvent>,
    /// See `down`.
    pub up: Callback<PointerEvent>,
    /// Arrows choose a peer, Enter or Space fails or recovers it.
    pub key: Callback<KeyboardEvent>,
    /// The peers under a fingertip, offered as buttons of a finger's size (none: closed).
    pub choice: UseStateHandle<Option<Choice>>,
    /// Fails or recovers a peer offered, and closes the choice (none: closes it).
    pub pick: Callback<Option<u32>>,
}

/// Peers too close together for a fingertip, where the finger landed (px on the canvas).
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// Where the tap was.
    pub at: (f64, f64),
    /// The peers within a fingertip of it, nearest first.
    pub peers: Vec<u32>,
    /// Whether the tap was in the drawing's lower half (the buttons go above it).
    pub above: bool,
    /// The drawing's width, px (the buttons stay inside it).
    pub width: f64,
}

#[hook]
pub fn use_net(rt: &Rt<Runtime>, ui: &Ui) -> Net {
    let toggle = {
        let (rt, ui) = (rt.clone(), ui.clone());
        Callback::from(move |peer: u32| {
            let mut r = rt.borrow_mut();
            let up = r.tape.act(|w| w.toggle(peer));
            r.focus = Some(peer);
            r.paint();
            let status = r.status();
            drop(r);
            ui.say(format!(
                "P{peer} {}. {status}",
                if up { "recovered" } else { "failed" }
            ));
        })
    };
    let choice = use_state(|| None::<Choice>);
    let pick = {
        let (toggle, choice) = (toggle.clone(), choice.clone());
        Callback::from(move |peer: Option<u32>| {
            choice.set(None);
            if let Some(p) = peer {
                toggle.emit(p);
            }
        })
    };
    let click = {
        let (rt, toggle, ui, choice) = (rt.clone(), toggle.clone(), ui.clone(), choice.clone());
        Callback::from(move |e: MouseEvent| {
            if std::mem::take(&mut rt.borrow_mut().dragged) {
                return;
            }
            let at = canvas_xy(&e);
            choice.set(None);
            // A fingertip covers about 24 px: a tap with two peers that close fails none of
            // them, and offers each as a button a finger can hit.
            let touch = e
                .dyn_ref::<PointerEvent>()
                .is_some_and(|p| p.pointer_type() == "touch");
            if touch && let Some((x, y)) = at {
                let mut near = rt.borrow().scene.near(x, y, FINGERTIP_PX / 2.0);
                if near.len() > 1 {
                    near.truncate(MAX_CHOICES);
                    let names: Vec<String> = near.iter().map(|p| format!("P{p}")).collect();
                    ui.say(format!(
                        "Several peers are under your finger here ({}): choose one.",
                        names.join(", ")
                    ));
                    let size = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .map_or((0, 0), |c| (c.client_width(), c.client_height()));
                    choice.set(Some(Choice {
                        at: (x, y),
                        peers: near,
                        above: y > f64::from(size.1) / 2.0,
                        width: f64::from(size.0),
                    }));
                    return;
                }
            }
            let hit = at.and_then(|(x, y)| rt.borrow().scene.hit(x, y));
            if let Some(p) = hit {
                toggle.emit(p);
            }
        })
    };
    let down = {
        let rt = rt.clone();
        Callback::from(move |e: PointerEvent| {
            let at = canvas_xy(&e);
            let mut r = rt.borrow_mut();
            let cut = r.world().engine().links().cut_links().next().is_some();
            if e.pointer_type() != "touch"
                && !cut
                && let Some(a) = at
                && r.scene.hit(a.0, a.1).is_none()
            {
                r.drag = Some((a, a));
            }
        })
    };
    let moved = {
        let (rt, refresh) = (rt.clone(), ui.refresh.clone());
        Callback::from(move |e: PointerEvent| {
            let at = canvas_xy(&e);
            let mut r = rt.borrow_mut();
            if let (Some((from, _)), Some(to)) = (r.drag, at) {
                r.drag = Some((from, to));
                r.paint();
                return;
            }
            let hit = at.and_then(|(x, y)| r.scene.hit(x, y));
            if hit.is_some() && hit != r.focus {
                r.focus = hit;
                r.paint();
                drop(r);
                refresh.force_update();
            }
        })
    };
    let up = {
        let (rt, ui) = (rt.clone(), ui.clone());
        Callback::from(move |_: PointerEvent| split_along(&rt, &ui))
    };
    let key = {
        let (rt, refresh, toggle) = (rt.clone(), ui.refresh.clone(), toggle.clone());
        Callback::from(move |e: KeyboardEvent| {
            // Keys on a control inside the drawing (the chooser's buttons) are that control's.
            if e.target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| el.tag_name() == "BUTTON")
            {
                return;
            }
            let n = rt.borrow().world().engine().config().participants;
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
    Net {
        click,
        down,
        moved,
        up,
        key,
        choice,
        pick,
    }
}

/// What a fingertip covers, px (WCAG's smallest target).
const FINGERTIP_PX: f64 = 24.0;
/// Most peers offered at once after an ambiguous tap.
const MAX_CHOICES: usize = 6;

/// The pointer is released: a line drawn long enough splits the network along it.
fn split_along(rt: &Rt<Runtime>, ui: &Ui) {
    let mut r = rt.borrow_mut();
    let Some((from, to)) = r.drag.take() else {
        return;
    };
    r.dragged = (to.0 - from.0).hypot(to.1 - from.1) >= 40.0;
    let side = r.scene.left_of(from, to);
    let n = r.scene.peers.len();
    let text = if r.dragged && !side.is_empty() && side.len() < n {
        r.tape.act(|w| w.partition_side(&side));
        format!(
            "Cut along the line: {} peers on one side, {} on the other. {}",
            side.len(),
            n - side.len(),
            r.status()
        )
    } else {
        String::new()
    };
    r.paint();
    drop(r);
    if text.is_empty() {
        ui.refresh.force_update();
    } else {
        ui.say(text);
    }
}

/// Splits off `1/split` of the peers, or heals every link when the network is split.
pub fn split_or_heal(rt: &Rt<Runtime>, ui: &Ui, split: u32) {
    let mut r = rt.borrow_mut();
    let n = r.world().engine().config().participants;
    let cut = r.world().engine().links().cut_links().next().is_some();
    if cut {
        r.tape.act(World::heal_all);
    } else {
        r.tape.act(|w| w.partition((n / split).max(1)));
    }
    r.paint();
    let status = r.status();
    drop(r);
    ui.say(if cut {
        format!("Healed every link. {status}")
    } else {
        let part = match split {
            2 => "half the peers".to_string(),
            3 => "a third of the peers".to_string(),
            4 => "a quarter of the peers".to_string(),
            k => format!("one peer in {k}"),
        };
        format!("Cut off {part} from the rest. {status}")
    });
}

/// The scenario's history (see [`crate::shell::web::opener::History`]).
pub type History = crate::shell::web::opener::History<Runtime, Settings>;

/// Applies the settings as typed: the same failures and splits, at the same moment, on the
/// new network (or the field at fault is marked).
pub fn apply(history: &History, rt: &Rt<Runtime>, playing: bool) {
    let base = rt.borrow().world().engine().config().clone();
    match history.settings.apply(&base) {
        Ok(cfg) => {
            history.error.set(None);
            let mut s = rt.borrow().scenario(playing);
            s.cfg = cfg;
            let problems = link::fit_replay_budget(&mut s);
            (history.open)(s, problems.into_iter().collect());
        }
        Err(err) => history.error.set(Some(err)),
    }
}
