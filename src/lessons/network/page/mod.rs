//! The first page: three panels (one per architecture), the comparison table, the controls and
//! the timeline, on the shell's page (frame loop, address bar, keys, exports, tour).
//!
//! The world and the panels' scenes live in one [`Runtime`] behind `Rc<RefCell<…>>`: the frame
//! loop advances and paints them every animation frame without touching the DOM, and asks Yew
//! to render the DOM (summaries, table, controls) four times a second. While paused, or while
//! the tab is hidden (no animation frames), nothing runs. Unmounting cancels the loop. The
//! component only wires hooks to views: each concern — the nodes, the scenario's history and
//! settings, the keys — is a hook below, and what they decide is native code (the world's
//! sentences, the card, the settings, the rating news).

mod compare;
mod controls;
mod hooks;
mod panel;
mod runtime;
mod view;

use yew::prelude::*;

use self::hooks::{use_history, use_nodes};
use self::runtime::Runtime;
use super::link::{Scenario, decode};
use crate::shell::web::page::{Rt, Ui, use_keys, use_ui};
use crate::shell::web::stage::{
    ShortcutKey, add_problems, address_fragment, flag, scenario_fragment, use_repaint,
    use_stage_loop,
};
use crate::sim::time::MS;

/// Mounts the page (see [`crate::shell::web::mount`]).
pub fn start() {
    crate::shell::web::mount::<NetworkPage>(super::ENGLISH, super::words::FINGERPRINT);
}

/// What the address asks for: the scenario (none while a tour in the link opens its own),
/// what could not be used, embed and stats.
fn from_address() -> (Scenario, Vec<String>, bool, bool) {
    let decoded = decode(&scenario_fragment(&address_fragment()));
    (
        decoded.scenario,
        decoded.problems,
        flag("embed"),
        flag("stats"),
    )
}

/// The first page's own keys: `.` steps, N goes to the next event, H fails the hubs, R
/// resets.
#[hook]
fn use_own_keys(rt: &Rt<Runtime>, ui: &Ui, on: view::On) {
    let (rt2, ui2) = (rt.clone(), ui.clone());
    use_keys(
        rt.clone(),
        ui,
        Callback::from(move |k: ShortcutKey| {
            let next = rt2.borrow().tape.next_action_after_now().map(|t| t / MS);
            match k.key.as_str() {
                "." => on.step.emit(()),
                "n" => match next {
                    Some(t) => {
                        on.seek.emit(t);
                        ui2.say(format!(
                            "At the next scheduled event: t = {}.",
                            crate::shell::text::clock_text(t)
                        ));
                    }
                    None => ui2.say("No scheduled event ahead.".to_string()),
                },
                "h" => on.fail_hubs.emit(()),
                "r" => on.reset.emit(()),
                _ => return false,
            }
            true
        }),
    );
}

/// The whole page.
#[function_component]
pub fn NetworkPage() -> Html {
    let canvases = [use_node_ref(), use_node_ref(), use_node_ref()];
    let plots = use_node_ref();
    let first = use_memo((), |_| from_address());
    let (start, problems, embed, stats) = (*first).clone();
    let ui = use_ui(start.playing, start.speed, problems, stats);
    let rt = {
        let (canvases, plots, start, notice) = (
            canvases.clone(),
            plots.clone(),
            start.clone(),
            ui.notice.clone(),
        );
        use_mut_ref(move || {
            let (rt, problems) = Runtime::load(&start, canvases, plots);
            add_problems(&notice, problems);
            rt
        })
    };
    // The frame loop runs while playing; when the DOM is due, rating changes are announced.
    {
        let (rt2, ui2) = (rt.clone(), ui.clone());
        use_stage_loop(
            rt.clone(),
            *ui.playing,
            Callback::from(move |end| match rt2.borrow_mut().rating_news(end) {
                Some(text) => ui2.say(text),
                None => ui2.refresh.force_update(),
            }),
        );
    }
    use_repaint(rt.clone(), *ui.playing);
    let nodes = use_nodes(&rt, &ui);
    let history = use_history(&rt, &ui, &start);
    let on = view::On::new(&rt, &ui, &history);
    use_own_keys(&rt, &ui, on.clone());
    let tab = use_state(|| 0usize);
    let hooks = view::Hooks {
        rt: &rt,
        ui: &ui,
        history: &history,
        nodes: &nodes,
        on: &on,
        canvases: &canvases,
        plots: &plots,
        tab: &tab,
    };
    view::page(&hooks, embed)
}
