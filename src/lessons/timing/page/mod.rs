//! The timing page: the clock tree (each node's error, the server it follows), the space-time
//! diagram of the latest messages with Lamport times and a chosen event's causal past and
//! future, the ledger under the five ordering rules side by side, the measured rows, the
//! settings and the timeline — on the shell's page (frame loop, address bar, keys, exports,
//! tour). The component only wires hooks to views.

mod hooks;
mod runtime;
mod view;

use yew::prelude::*;

use self::hooks::use_clicks;
use self::runtime::Runtime;
use super::link::Scenario;
use super::settings::{self, Settings};
use crate::shell::web::opener::{Opener, use_history, use_opened};
use crate::shell::web::page::use_keys;
use crate::shell::web::stage::{ShortcutKey, flag};

/// Mounts the page (see [`crate::shell::web::mount`]).
pub fn start() {
    crate::shell::web::mount::<TimingPage>(super::ENGLISH, super::words::FINGERPRINT);
}

fn load(s: &Scenario, old: Option<&Runtime>, refs: [NodeRef; 3]) -> (Runtime, Vec<String>) {
    let (mut fresh, problems) = Runtime::load(s, refs);
    // A new scenario keeps the rule whose messages the diagram shows.
    if let Some(old) = old {
        fresh.rule = old.rule;
    }
    (fresh, problems)
}

const OPENER: Opener<Runtime, Settings> = Opener {
    open: settings::open,
    load,
    moment,
    form,
    main: "clocks",
};

fn moment(s: &Scenario) -> (bool, f64) {
    (s.playing, s.speed)
}

fn form(s: &Scenario) -> Settings {
    Settings::of(&s.cfg)
}

/// The timing page.
#[function_component]
pub fn TimingPage() -> Html {
    let refs = [use_node_ref(), use_node_ref(), use_node_ref()];
    let (rt, ui, first) = use_opened(&OPENER, refs.clone());
    let clicks = use_clicks(&rt, &ui);
    let history = use_history(&rt, &ui, refs.clone(), &first.0, &OPENER);
    use_keys(rt.clone(), &ui, Callback::from(move |_: ShortcutKey| false));
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
        clicks,
        history,
        apply,
        refs,
        embed: flag("embed"),
    })
}
