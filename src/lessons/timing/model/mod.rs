//! The third lesson's engine: clocks, time servers, logical clocks and ordering rules. Pure:
//! no web crates.

pub mod config;
pub mod engine;
pub mod layout;
pub mod logical;
pub mod report;
pub mod sync;

pub use config::{Correct, Order, TimingConfig};
pub use engine::TimingEngine;
pub use layout::{Kind, Layout};
pub use report::{TimingReport, report};
