//! What a guided tour asks of the lesson on the page. The tour's card (`static/tour.js`) is
//! loaded only when a student asks for the tour, so it costs the page's first download
//! nothing; it reaches the lesson through these few exported functions, and the lesson answers
//! from its model: open a step's link, take a step's action, read a measured value by name
//! (the names `archsim tour check` checks), and ring a node.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::wasm_bindgen;
use yew::prelude::*;

/// Takes an action; why not, if it cannot.
pub type Act = Rc<dyn Fn(&str) -> Result<(), String>>;
/// Reads a measured value by name.
pub type Value = Rc<dyn Fn(&str) -> Option<f64>>;
/// Rings a node (or none); the node in words.
pub type Mark = Rc<dyn Fn(Option<&str>) -> Option<String>>;
/// Goes to a virtual time, ms (none: stays), without painting; the time now, ms.
pub type Seek = Rc<dyn Fn(Option<u64>) -> u64>;
/// Why the page does not show a value now (none: it does).
pub type Hidden = Rc<dyn Fn(&str) -> Option<String>>;
/// The scenario on the page now, as a link's fragment that opens it playing.
pub type Link = Rc<dyn Fn() -> String>;
/// What is wrong with a link, each in a sentence (none: it opens as written).
pub type Problems = Rc<dyn Fn(&str) -> Vec<String>>;
/// Whether a highlight names a node, as the lesson reads it.
pub type IsNode = Rc<dyn Fn(&str) -> bool>;

/// A lesson's answers to the tour.
///
/// `value` answers none for a name the lesson does not measure, and NaN for a value not
/// measured yet.
#[derive(Clone)]
pub struct TourHost {
    /// Opens a link's scenario (with a sentence for the live region).
    pub load: Callback<(String, String)>,
    /// Takes an action (an item of the lesson's `a=` list, without its time) now.
    pub act: Act,
    /// A measured value by name (NaN: not measured yet; none: no such name).
    pub value: Value,
    /// Rings the node a step points at (none: no ring); the node in words, if there is one.
    pub mark: Mark,
    /// Renders the page again (and so writes the address).
    pub refresh: Callback<()>,
    /// Moves the timeline (the tour editor's check runs a step's time through it).
    pub seek: Seek,
    /// Whether a value is on the page now, as `archsim tour check` asks.
    pub hidden: Hidden,
    /// The scenario now, to the microsecond (the address may lag while the page plays).
    pub link: Link,
    /// What the lesson cannot use in a link, as a tour's check refuses it.
    pub problems: Problems,
    /// Whether a highlight names a node (else it is a part of the page).
    pub is_node: IsNode,
}

impl TourHost {
    /// A lesson's host: `act` takes an action on its timeline (then the page plays and renders),
    /// `read` reads its measured values, `mark` rings a node.
    pub fn new(
        load: Callback<(String, String)>,
        act: impl Fn(&str) -> Result<(), String> + 'static,
        read: impl Fn(&str) -> Result<Option<f64>, crate::tour::Unknown> + 'static,
        mark: impl Fn(Option<&str>) -> Option<String> + 'static,
        playing: UseStateHandle<bool>,
        refresh: UseForceUpdateHandle,
    ) -> TourHost {
        let again = refresh.clone();
        TourHost {
            load,
            act: Rc::new(move |a| {
                act(a)?;
                playing.set(true);
                again.force_update();
                Ok(())
            }),
            value: Rc::new(move |name| read(name).ok().map(|v| v.unwrap_or(f64::NAN))),
            mark: Rc::new(mark),
            seek: Rc::new(|_| 0),
            hidden: Rc::new(|_| None),
            link: Rc::new(String::new),
            problems: Rc::new(|_| Vec::new()),
            is_node: Rc::new(|_| false),
            refresh: Callback::from(move |()| refresh.force_update()),
        }
    }
}

impl TourHost {
    /// What the tour editor's check needs besides: `seek` moves virtual time without
    /// painting, `hidden` says why a value is not on the page now, `problems` what a link
    /// carries that the lesson cannot use, `is_node` whether a highlight names a node.
    pub fn checking(
        mut self,
        seek: impl Fn(Option<u64>) -> u64 + 'static,
        hidden: impl Fn(&str) -> Option<String> + 'static,
        link: impl Fn() -> String + 'static,
        problems: impl Fn(&str) -> Vec<String> + 'static,
        is_node: fn(&str) -> bool,
    ) -> TourHost {
        self.seek = Rc::new(seek);
        self.hidden = Rc::new(hidden);
        self.link = Rc::new(link);
        self.problems = Rc::new(problems);
        self.is_node = Rc::new(is_node);
        self
    }
}

/// Puts `new` in `slot`; whether it changed (then the drawing is painted again).
pub fn remark<T: PartialEq>(slot: &mut Option<T>, new: Option<T>) -> bool {
    let changed = *slot != new;
    *slot = new;
    changed
}

thread_local! {
    static HOST: RefCell<Option<TourHost>> = const { RefCell::new(None) };
    static OPENED: Cell<u32> = const { Cell::new(0) };
}

/// Counts a scenario opened on the page (a step's link, a reset, new settings, a gallery link):
/// the card notices a scenario it did not open.
pub fn opened() {
    OPENED.set(OPENED.get().wrapping_add(1));
}

/// Scenarios opened so far.
#[wasm_bindgen]
pub fn tour_opened() -> u32 {
    OPENED.get()
}

fn with_host<R>(f: impl FnOnce(&TourHost) -> R) -> Option<R> {
    let host = HOST.with_borrow(Clone::clone)?;
    Some(f(&host))
}

/// Makes `host` (as the page's first render built it: its handles stay valid) the lesson the
/// tour talks to, from mounting until unmounting.
#[hook]
pub fn use_tour_host(host: TourHost) {
    use_effect_with((), move |_| {
        HOST.set(Some(host));
        || HOST.set(None)
    });
}

/// Whether a lesson is mounted and can answer.
#[wasm_bindgen]
pub fn tour_ready() -> bool {
    HOST.with_borrow(Option::is_some)
}

/// Opens `link` (a step's scenario); `said` goes to the live region.
#[wasm_bindgen]
pub fn tour_load(link: &str, said: &str) {
    with_host(|h| h.load.emit((link.to_string(), said.to_string())));
}

/// Takes `action` now; why it could not be taken, if it could not.
#[wasm_bindgen]
pub fn tour_act(action: &str) -> Option<String> {
    with_host(|h| (h.act)(action).err()).flatten()
}

/// The measured value `name`: NaN when not measured yet, none when the lesson has no such
/// value.
#[wasm_bindgen]
pub fn tour_value(name: &str) -> Option<f64> {
    with_host(|h| (h.value)(name)).flatten()
}

/// Whether the claim `text` (`p2p.reachable_fraction = 1`) holds now, checked by the one
/// evaluator `archsim tour check` runs ([`crate::tour::Claim::check`]); none when it cannot be
/// read or names a value the lesson does not measure.
#[wasm_bindgen]
pub fn tour_holds(text: &str) -> Option<bool> {
    let claim = crate::tour::Claim::parse(text).ok()?;
    with_host(|h| claim.check(&Reading(h)).ok().map(|(holds, _)| holds)).flatten()
}

/// The lesson's measured values, as the claims read them.
struct Reading<'a>(&'a TourHost);

impl crate::tour::Measured for Reading<'_> {
    fn value(&self, name: &str) -> Result<Option<f64>, crate::tour::Unknown> {
        match (self.0.value)(name) {
            None => Err(crate::tour::Unknown),
            Some(v) if v.is_nan() => Ok(None),
            Some(v) => Ok(Some(v)),
        }
    }
    fn names(&self) -> Vec<String> {
        Vec::new()
    }
}

/// Goes to virtual time `ms` (a negative time: stays), running the model without painting, as
/// `archsim tour check` does; the virtual time now, ms. The tour editor checks a step with it
/// and then opens the page's own scenario again.
#[wasm_bindgen]
pub fn tour_seek(ms: f64) -> f64 {
    let to = (ms >= 0.0).then_some(ms as u64);
    with_host(|h| (h.seek)(to) as f64).unwrap_or(f64::NAN)
}

/// The scenario on the page now as a link's fragment (`#…`, opening it playing), exact to
/// the moment: the address bar lags while the page plays. The tour editor takes its steps'
/// scenarios from it.
#[wasm_bindgen]
pub fn tour_link() -> String {
    with_host(|h| format!("#{}", (h.link)())).unwrap_or_default()
}

/// Why the page does not show the value `name` now, though it does in other scenarios (a
/// row only some have); none when it does. The tour editor refuses such a claim, as `archsim
/// tour check` does.
#[wasm_bindgen]
pub fn tour_hidden(name: &str) -> Option<String> {
    with_host(|h| (h.hidden)(name)).flatten()
}

/// What the page cannot use in `link` (a step's scenario), in sentences; empty when it opens
/// exactly as written. The tour editor refuses a step whose link has problems, as `archsim
/// tour check` does.
#[wasm_bindgen]
pub fn tour_problems(link: &str) -> String {
    with_host(|h| (h.problems)(link).join(" ")).unwrap_or_default()
}

/// Whether a tour's highlight names a node (`client-server S0`, `P3`) rather than a part of
/// the page (`#ratings`), as the lesson reads it.
#[wasm_bindgen]
pub fn tour_is_node(highlight: &str) -> bool {
    with_host(|h| (h.is_node)(highlight)).unwrap_or(false)
}

/// Rings the node `label` (an empty label: none); the node in words.
#[wasm_bindgen]
pub fn tour_mark(label: &str) -> Option<String> {
    with_host(|h| (h.mark)((!label.is_empty()).then_some(label))).flatten()
}

/// While a tour holds the address (its step is there), the scenario is not written to it;
/// released, the scenario is written again at once.
#[wasm_bindgen]
pub fn tour_hold_address(held: bool) {
    super::stage::hold_address(held);
    if !held {
        with_host(|h| h.refresh.emit(()));
    }
}
