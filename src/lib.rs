//! archsim: why distributed systems — and blockchains in particular — are hard, one lesson at a
//! time, each a live model whose every claim is measured.
//!
//! The code is in floors that import downward only (a test, `tests/shape.rs`, enforces it):
//!
//! * [`sim`] — the engine core every lesson shares: time, seeded streams, the queue, the
//!   network shapes, links, faults, clocks. Pure Rust, deterministic, no lesson, no web crate.
//! * [`shell`] — what every lesson's page and runner share: the timeline, the schedule of
//!   actions and samples, links, the [`shell::lesson::Lesson`] interface, and (in the browser)
//!   the page shell. It names no lesson.
//! * [`tour`] — guided tours: their format, claims and links. It names no lesson.
//! * [`lessons`] — one folder per lesson, each with the same parts under the same names, and
//!   the one list where lessons are registered.

pub mod lessons;
pub mod shell;
pub mod sim;
pub mod tour;
