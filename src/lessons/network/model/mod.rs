//! The first lesson's engine: client-server, federated and peer-to-peer networks on the
//! shared core. Pure Rust, no web crates, deterministic.

pub mod config;
pub mod engine;
pub mod liveness;
pub mod measure;
pub mod metrics;
pub mod msg;
pub mod sync;
pub mod updates;
pub mod wire;

pub use config::{SimConfig, Workload};
pub use engine::{Delivery, Engine, Msg, MsgKind, NodeStatus, Notable};
pub use metrics::Metrics;
