//! The simulation engine: pure Rust, no web crates, deterministic. Same scenario and seed, same
//! run, natively and in the browser.

pub mod chain;
pub mod clocks;
pub mod config;
pub mod engine;
pub mod error;
pub mod fault;
pub mod ids;
pub mod links;
pub mod liveness;
pub mod measure;
pub mod metrics;
pub mod msg;
pub mod network;
pub mod queue;
pub mod rating;
pub mod rng;
pub mod roles;
pub mod small;
pub mod time;
pub mod topology;
pub mod updates;

pub use config::{ConfigError, ScheduledFault, SimConfig, Workload};
pub use engine::{Delivery, Engine, Msg, MsgKind, NodeStatus, Notable};
pub use fault::{Action, Fault, FaultSpec};
pub use ids::{Arch, NodeId, Role};
pub use metrics::Metrics;
pub use rating::{Challenge, Level, Rating, Ratings, rate};
pub use time::Micros;
pub use topology::{NodeInfo, Shape, Topology};
