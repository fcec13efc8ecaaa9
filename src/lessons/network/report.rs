//! The run report: what the headless runner prints as JSON, built from an engine.

use serde::Serialize;

use super::measured::{self as rating, Challenge, Level, rate};
use super::model::{Engine, Metrics};
use crate::sim::Role;

/// A node in the report.
#[derive(Clone, Debug, Serialize)]
pub struct NodeReport {
    /// Label (`S0`, `F2`, `C17`, `P5`).
    pub id: String,
    /// Role name.
    pub role: Role,
    /// Running.
    pub up: bool,
    /// Up and connected to a majority of the live participants.
    pub reachable: bool,
}

/// Levels per challenge.
#[derive(Clone, Debug, Serialize)]
pub struct Levels {
    /// Network architecture.
    pub network: Level,
    /// Node data liveliness.
    pub liveliness: Level,
    /// Timing.
    pub timing: Level,
}

/// Reasons per challenge.
#[derive(Clone, Debug, Serialize)]
pub struct Reasons {
    /// Network architecture.
    pub network: String,
    /// Node data liveliness.
    pub liveliness: String,
    /// Timing.
    pub timing: String,
}

/// One architecture's run.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Architecture name.
    pub arch: &'static str,
    /// Participants.
    pub participants: u32,
    /// Seed.
    pub seed: u64,
    /// Virtual time reached, ms.
    pub time_ms: f64,
    /// Events processed.
    pub events: u64,
    /// Messages delivered.
    pub deliveries: u64,
    /// Hash over every delivered message, hex.
    pub trace_hash: String,
    /// Measured ratings.
    pub ratings: Levels,
    /// One line per rating naming the deciding metric.
    pub reasons: Reasons,
    /// The lesson's reference ratings.
    pub reference: Levels,
    /// Every metric.
    pub metrics: Metrics,
    /// Nodes and their state.
    pub nodes: Vec<NodeReport>,
    /// Links as pairs of node ids.
    pub links: Vec<[String; 2]>,
}

impl Report {
    /// Reports the engine's current state.
    pub fn of(engine: &Engine) -> Report {
        let topo = engine.topology();
        let metrics = engine.metrics();
        let r = rate(&metrics);
        let reference = |c| rating::reference(engine.arch(), c);
        Report {
            arch: engine.arch().name(),
            participants: metrics.state.participants,
            seed: engine.config().seed,
            time_ms: crate::sim::time::to_ms(engine.now()),
            events: metrics.counters.events,
            deliveries: metrics.counters.delivered,
            trace_hash: format!("{:016x}", engine.trace_hash()),
            ratings: Levels {
                network: r.network.level,
                liveliness: r.liveliness.level,
                timing: r.timing.level,
            },
            reasons: Reasons {
                network: r.network.reason,
                liveliness: r.liveliness.reason,
                timing: r.timing.reason,
            },
            reference: Levels {
                network: reference(Challenge::Network),
                liveliness: reference(Challenge::Liveliness),
                timing: reference(Challenge::Timing),
            },
            metrics,
            nodes: topo
                .nodes
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let id = crate::sim::NodeId(i as u32);
                    NodeReport {
                        id: n.label.clone(),
                        role: n.role,
                        up: engine.is_up(id),
                        reachable: engine.is_reachable(id),
                    }
                })
                .collect(),
            links: topo
                .links
                .iter()
                .map(|&(a, b)| [topo.label(a).to_string(), topo.label(b).to_string()])
                .collect(),
        }
    }
}
