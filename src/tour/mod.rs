//! Guided tours: a lesson told step by step, where every claim a step makes about the model is
//! a predicate on measured values that `archsim tour check` evaluates by running the model.
//!
//! A tour is a TOML file (read by [`reader`], natively):
//!
//! ```toml
//! lesson = "network"            # the lesson's name
//! title = "Why distributed systems are hard"
//!
//! [[step]]
//! title = "The server goes down"
//! text = "Fail the server and watch every client lose the others."
//! link = "#v=1&seed=1&n=24&t=3000"           # the state the step opens (optional)
//! highlight = "client-server S0"             # a node, or "#element-id" (optional)
//! action = "cxS0"                            # as in the link's a= list, without "@time"
//! until = "client-server.reachable_fraction = 0"
//! done = "Every client is cut off."
//! claims = ["p2p.worst_single_failure_fraction = 0"]
//! ```
//!
//! A step's state is its own link, or the nearest earlier step's; then its action (which the
//! page's "Show me" takes); then up to `within_ms` of virtual time until `until` holds. The
//! claims are checked at that moment (at once when the step has neither action nor `until`).
//!
//! * [`claim`] — claims and the one evaluator that checks them;
//! * [`reader`] — the TOML file (native only);
//! * [`fragment`] — a tour carried in a link.

pub mod claim;
pub mod fragment;
#[cfg(not(target_arch = "wasm32"))]
pub mod reader;

pub use claim::{Claim, Measured, Op, Operand, Unknown};

/// Most steps in a tour.
pub const MAX_STEPS: usize = 40;
/// Longest tour file read, bytes.
pub const MAX_TOUR_BYTES: usize = 16_384;
/// Virtual time a step waits for its `until` when it does not say, ms.
pub const DEFAULT_WITHIN_MS: u64 = 10_000;
/// Longest `within_ms`.
pub const MAX_WITHIN_MS: u64 = 120_000;

/// A tour.
#[derive(Clone, Debug, PartialEq)]
pub struct Tour {
    /// Which lesson (its name).
    pub lesson: String,
    /// Its title.
    pub title: String,
    /// Its steps, at least one.
    pub steps: Vec<Step>,
}

/// One step.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Step {
    /// A few words.
    pub title: String,
    /// A few lines.
    pub text: String,
    /// The scenario the step opens, as a link.
    pub link: Option<String>,
    /// What to look at: a node (`client-server S0`, `P3`) or an element (`#ratings`).
    pub highlight: Option<String>,
    /// What the student is asked to do, as an item of the lesson's `a=` link list without its
    /// time.
    pub action: Option<String>,
    /// The state the step waits for.
    pub until: Option<Claim>,
    /// What to say when it is reached.
    pub done: Option<String>,
    /// Virtual time allowed for `until`, ms.
    pub within_ms: u64,
    /// What the step's text says about the model.
    pub claims: Vec<Claim>,
}

impl Tour {
    /// The link step `k` opens with: its own, or the nearest earlier step's.
    pub fn link_for(&self, k: usize) -> Option<&str> {
        self.steps[..=k.min(self.steps.len() - 1)]
            .iter()
            .rev()
            .find_map(|s| s.link.as_deref())
    }
}
