//! The lessons, one folder each, with the same parts under the same file names: `model/` (the
//! engine, pure), `world.rs`, `link.rs`, `settings.rs`, `scene.rs`, `measured.rs`, `tour.rs`,
//! natively `cli.rs`, and in the browser `paint.rs` and `page/`.

pub mod consensus;
pub mod network;
pub mod timing;

use crate::shell::lesson::{Entry, Registered};

/// Every lesson, in the course's order: the one list where a lesson is registered. The runner
/// and the tour checker find lessons here by name.
pub static ALL: &[&dyn Entry] = &[
    &Registered::<network::Network>::new(),
    &Registered::<consensus::Consensus>::new(),
    &Registered::<timing::Timing>::new(),
];

/// The lesson called `name`.
pub fn find(name: &str) -> Option<&'static dyn Entry> {
    ALL.iter().copied().find(|l| l.name() == name)
}

/// The lessons' names, for messages: "network or consensus".
pub fn names() -> String {
    let names: Vec<&str> = ALL.iter().map(|l| l.name()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.join(""),
    }
}
