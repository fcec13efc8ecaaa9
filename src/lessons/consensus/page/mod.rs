//! The consensus page: a blockchain on the peer-to-peer network. One network drawing (peers
//! coloured by the branch their chain ends on, blocks moving, leaders flashing), the block tree,
//! the measured-beside-theory panel, the settings, the partition tool and the timeline — on the
//! shell's page (frame loop, address bar, keys, exports, tour). The component only wires hooks
//! to views; what they decide is native code (the settings, the status line, the scenes).

mod hooks;
mod runtime;
mod view;

use yew::prelude::*;

use self::hooks::{split_or_heal, use_net};
use self::runtime::Runtime;
use super::link::Scenario;
use super::settings::{self, Settings};
use crate::shell::web::opener::{Opener, use_history, use_opened};
use crate::shell::web::page::use_keys;
use crate::shell::web::stage::{ShortcutKey, flag};

/// Mounts the page (see [`crate::shell::web::mount`]).
pub fn start() {
    crate::shell::web::mount::<ConsensusPage>(super::ENGLISH, super::words::FINGERPRINT);
}

fn load(s: &Scenario, _old: Option<&Runtime>, refs: [NodeRef; 3]) -> (Runtime, Vec<String>) {
    Runtime::load(s, refs)
}

fn moment(s: &Scenario) -> (bool, f64) {
    (s.playing, s.speed)
}

fn form(s: &Scenario) -> Settings {
    Settings::of(&s.cfg)
}

const OPENER: Opener<Runtime, Settings> = Opener {
    open: settings::open,
    load,
    moment,
    form,
    main: "network",
};

/// The consensus page.
#[function_component]
pub fn ConsensusPage() -> Html {
    let refs = [use_node_ref(), use_node_ref(), use_node_ref()];
    let (rt, ui, first) = use_opened(&OPENER, refs.clone());
    let net = use_net(&rt, &ui);
    let history = use_history(&rt, &ui, refs.clone(), &first.0, &OPENER);
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
            hooks::apply(&history, &rt, *playing);
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
