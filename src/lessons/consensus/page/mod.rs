//! The consensus page: a blockchain on the peer-to-peer network. One network drawing (peers
//! coloured by the branch their chain ends on, blocks moving, leaders flashing), the block tree,
//! the measured-beside-theory panel, the settings, the partition tool and the timeline — on the
//! shell's page (frame loop, address bar, keys, exports, tour). The component only wires hooks
//! to views; what they decide is native code (the settings, the status line, the scenes).

mod hooks;
mod runtime;
mod view;

use yew::prelude::*;

use self::hooks::{split_or_heal, use_history, use_net};
use self::runtime::Runtime;
use super::settings::{self};
use crate::shell::web::page::{use_keys, use_ui};
use crate::shell::web::stage::{
    ShortcutKey, add_problems, address_fragment, flag, scenario_fragment, use_repaint,
    use_stage_loop,
};

/// Mounts the page (see [`crate::shell::web::mount`]).
pub fn start() {
    crate::shell::web::mount::<ConsensusPage>();
}

/// The consensus page.
#[function_component]
pub fn ConsensusPage() -> Html {
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
    // The frame loop runs while playing; the DOM follows four times a second.
    {
        let refresh = ui.refresh.clone();
        use_stage_loop(
            rt.clone(),
            *ui.playing,
            Callback::from(move |_| refresh.force_update()),
        );
    }
    use_repaint(rt.clone(), *ui.playing);
    let net = use_net(&rt, &ui);
    let history = use_history(&rt, &ui, refs.clone(), &start);
    let split = use_state(|| 2u32);
    let partition = {
        let (rt, ui, split) = (rt.clone(), ui.clone(), split.clone());
        Callback::from(move |()| split_or_heal(&rt, &ui, *split))
    };
    {
        let partition = partition.clone();
        use_keys(
            rt.clone(),
            &ui,
            Callback::from(move |k: ShortcutKey| {
                let taken = k.key == "p";
                if taken {
                    partition.emit(());
                }
                taken
            }),
        );
    }
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
        net,
        history,
        split,
        partition,
        apply,
        refs,
        embed: flag("embed"),
    })
}
