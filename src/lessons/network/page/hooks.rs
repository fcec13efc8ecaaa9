//! The first page's hooks: what a click on a node does, and the scenario's history and
//! settings (opening, restarting, resetting and undoing, a followed link, a tour's step).

use std::rc::Rc;

use yew::prelude::*;

use super::runtime::Runtime;
use crate::lessons::network::link::{Scenario, decode, encode, fit_replay_budget};
use crate::lessons::network::model::SimConfig;
use crate::lessons::network::settings::{SettingError, Settings};
use crate::shell::web::page::{Rt, Ui, use_tour};
use crate::shell::web::stage::{Stage, show, use_fragment_change};
use crate::sim::{Arch, NodeId};

/// What a click on a node does, and where the pointer and the keyboard focus are.
#[derive(Clone)]
pub struct Nodes {
    /// Fails or recovers a node.
    pub toggle: Callback<(Arch, u32)>,
    /// A click on a canvas position.
    pub click: Callback<(Arch, f64, f64)>,
    /// The pointer at a canvas position (or gone).
    pub point: Callback<(Arch, Option<(f64, f64)>)>,
    /// A node's control gained or lost focus.
    pub focus: Callback<(Arch, Option<u32>)>,
}

/// The callbacks of the nodes. The two every node control holds keep their identity across
/// renders (`use_callback`), so thousands of controls are not rendered again four times a
/// second.
#[hook]
pub fn use_nodes(rt: &Rt<Runtime>, ui: &Ui) -> Nodes {
    let toggle = {
        let (rt, ui) = (rt.clone(), ui.clone());
        use_callback((), move |(arch, id): (Arch, u32), _| {
            let mut r = rt.borrow_mut();
            let up = r.tape.act(|w| w.toggle(arch, NodeId(id)));
            let text = r.world().toggled(arch, id, up);
            r.paint();
            drop(r);
            ui.say(text);
        })
    };
    let click = {
        let (rt, toggle) = (rt.clone(), toggle.clone());
        Callback::from(move |(arch, x, y): (Arch, f64, f64)| {
            let hit = rt.borrow().scenes[panel(arch)].hit(x, y);
            if let Some(id) = hit {
                toggle.emit((arch, id));
            }
        })
    };
    let point = {
        let (rt, refresh) = (rt.clone(), ui.refresh.clone());
        Callback::from(move |(arch, at): (Arch, Option<(f64, f64)>)| {
            let i = panel(arch);
            let mut r = rt.borrow_mut();
            let hit = at
                .and_then(|(x, y)| r.scenes[i].hit(x, y))
                .map(|id| (i, id));
            if hit != r.focus && (hit.is_some() || r.focus.is_some_and(|f| f.0 == i)) {
                r.focus = hit;
                r.paint();
                drop(r);
                refresh.force_update();
            }
        })
    };
    let focus = {
        let (rt, refresh) = (rt.clone(), ui.refresh.clone());
        use_callback((), move |(arch, id): (Arch, Option<u32>), _| {
            rt.borrow_mut().focus = id.map(|id| (panel(arch), id));
            refresh.force_update();
        })
    };
    Nodes {
        toggle,
        click,
        point,
        focus,
    }
}

/// Which panel shows `arch`.
fn panel(arch: Arch) -> usize {
    Arch::ALL.iter().position(|&a| a == arch).unwrap_or(0)
}

/// The scenario's history and settings: what opens a scenario, what restarts it with new
/// settings, what resets it (undoably), and the settings as typed.
#[derive(Clone)]
pub struct History {
    /// Replaces the scenario (a reset, new settings, a followed link, a tour's step): with the
    /// problems met and what to say.
    pub open: Rc<dyn Fn(Scenario, Vec<String>, String)>,
    /// The settings as shown, and why the last ones were refused.
    pub settings: UseStateHandle<Settings>,
    /// See `settings`.
    pub error: UseStateHandle<Option<SettingError>>,
    /// The scenario before the last reset, while it can be undone.
    pub undo: UseStateHandle<Option<Scenario>>,
    /// The network the settings last built.
    pub cfg: UseStateHandle<SimConfig>,
}

#[hook]
pub fn use_history(rt: &Rt<Runtime>, ui: &Ui, start: &Scenario) -> History {
    let settings = use_state(|| Settings::of(&start.cfg));
    let error = use_state(|| None::<SettingError>);
    let undo = use_state(|| None::<Scenario>);
    let cfg = use_state(|| start.cfg.clone());
    let open: Rc<dyn Fn(Scenario, Vec<String>, String)> = {
        let (rt, ui) = (rt.clone(), ui.clone());
        let (settings, undo, cfg) = (settings.clone(), undo.clone(), cfg.clone());
        Rc::new(move |s: Scenario, problems: Vec<String>, message: String| {
            crate::shell::web::tour_host::opened();
            undo.set(None);
            let mut r = rt.borrow_mut();
            let (fresh, more) = Runtime::load(&s, r.canvases.clone(), r.plots.clone());
            *r = fresh;
            drop(r);
            ui.notice.set(problems.into_iter().chain(more).collect());
            cfg.set(s.cfg.clone());
            settings.set(Settings::of(&s.cfg));
            ui.playing.set(s.playing);
            ui.speed.set(s.speed);
            ui.say(message);
        })
    };
    // A link followed inside the page (the gallery, or an edited address): load it.
    use_fragment_change({
        let open = open.clone();
        Callback::from(move |fragment: String| {
            let d = decode(&fragment);
            open(d.scenario, d.problems, "Opened the linked scenario.".into());
            show("networks");
        })
    });
    // The guided tour: a step opens its link here, and "Show me" takes its action now.
    let load = {
        let open = open.clone();
        Callback::from(move |(link, said): (String, String)| {
            let d = decode(&link);
            open(d.scenario, d.problems, said);
        })
    };
    use_tour(rt.clone(), ui, load);
    History {
        open,
        settings,
        error,
        undo,
        cfg,
    }
}

impl History {
    /// New settings: the same scenario — its failures and its moment — on the new network.
    /// Failures of nodes the new network lacks are dropped, each named in the notice.
    pub fn restart(&self, rt: &Rt<Runtime>, playing: bool, s: Settings) {
        match s.apply(&self.cfg) {
            Ok(cfg) => {
                self.error.set(None);
                let mut scenario = rt.borrow().scenario(playing);
                scenario.cfg = cfg;
                let problems = fit_replay_budget(&mut scenario);
                let kept = scenario.log.len();
                (self.open)(
                    scenario,
                    problems.into_iter().collect(),
                    format!(
                        "Restarted with the new settings, keeping {}.",
                        crate::shell::text::count(kept as u64, "action", "actions")
                    ),
                );
            }
            Err(e) => self.error.set(Some(e)),
        }
        self.settings.set(s);
    }

    /// Starts the scenario again without its failures; it can be undone (the button, or the
    /// browser's Back: the reset scenario gets a history entry of its own).
    pub fn reset(&self, rt: &Rt<Runtime>, playing: bool) {
        let before = rt.borrow().scenario(playing);
        let s = Scenario {
            cfg: (*self.cfg).clone(),
            speed: before.speed,
            playing: before.playing,
            ..Scenario::default()
        };
        let link = encode(&s);
        if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ =
                h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("#{link}")));
        }
        (self.open)(
            s,
            Vec::new(),
            "Reset: the scenario starts again with no failures.".into(),
        );
        rt.borrow_mut().pace.address.written(link);
        self.undo.set(Some(before));
    }
}
