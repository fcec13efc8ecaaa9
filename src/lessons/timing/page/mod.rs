//! The timing page: the clock tree (each node's error, the server it follows), the space-time
//! diagram of the latest messages with Lamport times and a chosen event's causal past and
//! future, the ledger under the five ordering rules side by side, the measured rows, the
//! settings and the timeline — on the shell's page (frame loop, address bar, keys, exports,
//! tour). The component only wires hooks to views.

mod hooks;
mod runtime;
mod view;

use yew::prelude::*;

use self::hooks::{use_clicks, use_history};
use self::runtime::Runtime;
use super::settings;
use crate::shell::web::page::{use_keys, use_ui};
use crate::shell::web::stage::{
    ShortcutKey, add_problems, address_fragment, flag, scenario_fragment, use_repaint,
    use_stage_loop,
};

/// Mounts the page (see [`crate::shell::web::mount`]).
pub fn start() {
    crate::shell::web::mount::<TimingPage>();
}

/// The timing page.
#[function_component]
pub fn TimingPage() -> Html {
    let refs = [use_node_ref(), use_node_ref(), use_node_ref()];
    let first = use_memo((), |_| {
        settings::open(&scenario_fragment(&address_fragment()))
    });
    let (start, problems) = (*first).clone();
    let ui = use_ui(start.playing, start.speed, problems, flag("stats"));
    let rt = {
        let (refs, start, notice) = (refs.clone(), start.clone(), ui.notice.clone());
        use_mut_ref(move || {
            let (rt, problems) = Runtime::load(&start, refs);
            add_problems(&notice, problems);
            rt
        })
    };
    {
        let refresh = ui.refresh.clone();
        use_stage_loop(
            rt.clone(),
            *ui.playing,
            Callback::from(move |_| refresh.force_update()),
        );
    }
    use_repaint(rt.clone(), *ui.playing);
    let clicks = use_clicks(&rt, &ui);
    let history = use_history(&rt, &ui, refs.clone(), &start);
    use_keys(rt.clone(), &ui, Callback::from(move |_: ShortcutKey| false));
    let apply = {
        let (rt, history, playing) = (rt.clone(), history.clone(), ui.playing.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            history.apply(&rt, *playing);
        })
    };
    view::page(&view::Page {
        rt,
        ui,
        clicks,
        history,
        apply,
        refs,
        embed: flag("embed"),
    })
}
