//! How every lesson's page opens a scenario and replaces it: the scenario its address holds on
//! load, its runtime made and the frame loop started, and later a new scenario (new settings, a
//! followed link, a tour's step) put in the runtime's place with the page's state following.

use std::rc::Rc;

use yew::prelude::*;

use super::form::FieldError;
use super::page::{Rt, Ui, use_tour, use_ui};
use super::stage::{
    Scenario, Stage, add_problems, address_fragment, flag, scenario_fragment, show,
    use_fragment_change, use_repaint, use_stage_loop,
};

/// A scenario, with the sentences for what had to be left out of it.
pub type Opened<S> = (Scenario<S>, Vec<String>);

/// Makes a runtime for a scenario on the page's canvases, from the one it replaces.
pub type Load<S> = fn(&Scenario<S>, Option<&S>, [NodeRef; 3]) -> (S, Vec<String>);

/// What a lesson's page gives the shell to open scenarios: `S` its runtime, `F` its settings
/// form's fields.
pub struct Opener<S: Stage, F> {
    /// A link (a fragment or a full address) as the page shows it, with the problems met (an
    /// empty one: the page's default).
    pub open: fn(&str) -> Opened<S>,
    /// A runtime for a scenario on the page's canvases, from the one it replaces (none on
    /// load), with the problems met.
    pub load: Load<S>,
    /// Whether a scenario plays, and its speed.
    pub moment: fn(&Scenario<S>) -> (bool, f64),
    /// The settings form's fields for a scenario.
    pub form: fn(&Scenario<S>) -> F,
    /// The id of the part of the page shown when the address changes.
    pub main: &'static str,
}

/// The page's runtime and state on load: the scenario the address holds, opened; the frame
/// loop running while it plays and the DOM following four times a second.
#[hook]
pub fn use_opened<S: Stage, F: 'static>(
    opener: &Opener<S, F>,
    refs: [NodeRef; 3],
) -> (Rt<S>, Ui, Rc<Opened<S>>) {
    let open = opener.open;
    let first = use_memo((), move |_| open(&scenario_fragment(&address_fragment())));
    let (playing, speed) = (opener.moment)(&first.0);
    let ui = use_ui(playing, speed, first.1.clone(), flag("stats"));
    let rt = {
        let (load, start, notice) = (opener.load, first.clone(), ui.notice.clone());
        use_mut_ref(move || {
            let (rt, problems) = load(&start.0, None, refs);
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
    (rt, ui, first)
}

/// The scenario's history: what replaces it, and the settings as typed.
pub struct History<S: Stage, F: 'static> {
    /// Replaces the scenario (new settings, a followed link, a tour's step), with the problems
    /// met.
    pub open: Rc<dyn Fn(Scenario<S>, Vec<String>)>,
    /// The settings as typed.
    pub settings: UseStateHandle<F>,
    /// The field at fault, and why.
    pub error: UseStateHandle<Option<FieldError>>,
}

impl<S: Stage, F> Clone for History<S, F> {
    fn clone(&self) -> Self {
        History {
            open: self.open.clone(),
            settings: self.settings.clone(),
            error: self.error.clone(),
        }
    }
}

/// The scenario's history: a changed address or a tour's step opens its link, and the page's
/// state (playing, speed, notice, the form) follows whatever replaces the scenario.
#[hook]
pub fn use_history<S: Stage, F: 'static>(
    rt: &Rt<S>,
    ui: &Ui,
    refs: [NodeRef; 3],
    start: &Scenario<S>,
    opener: &Opener<S, F>,
) -> History<S, F> {
    let form = opener.form;
    let settings = {
        let start = start.clone();
        use_state(move || form(&start))
    };
    let error = use_state(|| None::<FieldError>);
    let open: Rc<dyn Fn(Scenario<S>, Vec<String>)> = {
        let (rt, ui, settings) = (rt.clone(), ui.clone(), settings.clone());
        let (load, moment) = (opener.load, opener.moment);
        Rc::new(move |s: Scenario<S>, problems: Vec<String>| {
            super::tour_host::opened();
            let (fresh, more) = {
                let old = rt.borrow();
                load(&s, Some(&*old), refs.clone())
            };
            *rt.borrow_mut() = fresh;
            ui.notice.set(problems.into_iter().chain(more).collect());
            let (playing, speed) = moment(&s);
            ui.playing.set(playing);
            ui.speed.set(speed);
            settings.set(form(&s));
            ui.refresh.force_update();
        })
    };
    let (read, main) = (opener.open, opener.main);
    use_fragment_change({
        let open = open.clone();
        Callback::from(move |fragment: String| {
            let (s, problems) = read(&fragment);
            open(s, problems);
            show(main);
        })
    });
    // The guided tour: a step opens its link here, and "Show me" takes its action now.
    let load = {
        let (open, said) = (open.clone(), ui.said.clone());
        Callback::from(move |(l, text): (String, String)| {
            let (s, problems) = read(&l);
            open(s, problems);
            said.set(text);
        })
    };
    use_tour(rt.clone(), ui, load);
    History {
        open,
        settings,
        error,
    }
}
