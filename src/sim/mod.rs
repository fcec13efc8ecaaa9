//! The engine core every lesson builds on: pure Rust, no web crates, deterministic. Virtual
//! time, seeded streams, the event queue, the three network shapes, links and faults, clocks,
//! and the checks configs make. Same scenario and seed, same run, natively and in the browser.
//! It imports no lesson and no web crate (`tests/shape.rs` enforces it).

pub mod check;
pub mod clock;
pub mod error;
pub mod fault;
pub mod ids;
pub mod links;
pub mod queue;
pub mod rng;
pub mod roles;
pub mod small;
pub mod time;
pub mod topology;
pub mod trace;
pub mod up;

pub use error::ConfigError;
pub use fault::{Action, Fault, FaultSpec, Faulty, ScheduledFault};
pub use ids::{Arch, NodeId, Role};
pub use time::Micros;
pub use topology::{NodeInfo, Shape, Topology};
