//! The second lesson's engine: a blockchain on the peer-to-peer network. Leaders (proof of
//! work or Ouroboros Praos), blocks spread by gossip over the shared links, the longest-chain
//! rule, forks and rollbacks, partitions, and the double-spend race. Pure Rust and
//! deterministic, like the core it runs on.

pub mod adversary;
pub mod ancestry;
pub mod blocks;
pub mod config;
pub mod engine;
pub mod fetch;
pub mod forge;
pub mod lottery;
pub mod metrics;
pub mod race;
pub mod select;
pub mod selfish;
pub mod wire;

pub use blocks::ForkKind;
pub use config::{
    Adversary, ChainConfig, ClockSkew, Consensus, Latency, Stake, Strategy, TieBreak,
};
pub use engine::{ChainEngine, Notable};
pub use metrics::{ChainMetrics, DEFINITIONS};
