//! archsim: why distributed systems — and blockchains in particular — are hard, one lesson at a
//! time, each a live model whose every claim is measured.
//!
//! The code is in floors that import downward only (`tests/shape.rs` enforces it, and that no
//! two files import each other, directly or round a cycle):
//!
//! * [`sim`] — the engine core every lesson shares: time, seeded streams, the queue, the
//!   network shapes and their roles, links, faults, who is up, clocks. Pure Rust,
//!   deterministic, no web crate.
//! * [`tour`] — guided tours: their format, claims and the one evaluator, tours in links.
//! * [`shell`] — what every lesson's page and runner share: the [`shell::lesson::Lesson`]
//!   interface, the timeline, the journal every world keeps, the schedule, links, the hit
//!   test, the command line's helpers and the tour checker, and (in the browser) the page
//!   shell. It imports no lesson.
//! * [`lessons`] — one folder per lesson, each with the same parts under the same names, and
//!   the one list where lessons are registered.

pub mod lessons;
pub mod shell;
pub mod sim;
pub mod tour;
