//! Faults: what can go wrong, as data. A [`FaultSpec`] names nodes by label (as a scenario or a
//! command line does); a [`Fault`] is the same resolved against one topology.

use serde::{Deserialize, Serialize};

use super::error::ConfigError;
use super::ids::NodeId;
use super::time::Micros;
use super::topology::Topology;

/// A fault with nodes named by label (`S0`, `F2`, `C17`, `P5`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FaultSpec {
    /// The node stops: it sends, receives and decides nothing until it recovers.
    Crash {
        /// The node.
        node: String,
    },
    /// A crashed node starts again, keeping the data it held.
    Recover {
        /// The node.
        node: String,
    },
    /// The link between two nodes stops carrying messages.
    Cut {
        /// One end.
        a: String,
        /// The other end.
        b: String,
    },
    /// A cut link carries messages again.
    Heal {
        /// One end.
        a: String,
        /// The other end.
        b: String,
    },
    /// Every link between `side` and the other nodes is cut.
    Partition {
        /// The nodes on one side.
        side: Vec<String>,
    },
    /// Every cut link is healed.
    HealAll,
}

/// Longest list of nodes one partition may name.
pub const MAX_PARTITION_NODES: usize = 200_000;

impl FaultSpec {
    /// Size checks that need no topology.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if let FaultSpec::Partition { side } = self
            && side.len() > MAX_PARTITION_NODES
        {
            return Err(ConfigError::OutOfRange {
                field: "partition side",
                value: side.len().to_string(),
                allowed: format!("at most {MAX_PARTITION_NODES} nodes"),
            });
        }
        Ok(())
    }

    /// The labels this fault names.
    pub fn labels(&self) -> Vec<&str> {
        match self {
            FaultSpec::Crash { node } | FaultSpec::Recover { node } => vec![node],
            FaultSpec::Cut { a, b } | FaultSpec::Heal { a, b } => vec![a, b],
            FaultSpec::Partition { side } => side.iter().map(String::as_str).collect(),
            FaultSpec::HealAll => vec![],
        }
    }

    /// Resolves the labels against a topology.
    pub fn resolve(&self, topo: &Topology) -> Result<Fault, ConfigError> {
        let id = |label: &str| {
            topo.find(label)
                .ok_or_else(|| ConfigError::UnknownNode(label.chars().take(40).collect()))
        };
        let link = |a: &str, b: &str| -> Result<(NodeId, NodeId), ConfigError> {
            let (x, y) = (id(a)?, id(b)?);
            if topo.link_between(x, y).is_none() {
                return Err(ConfigError::Inconsistent(format!(
                    "there is no link between {a} and {b}"
                )));
            }
            Ok((x, y))
        };
        Ok(match self {
            FaultSpec::Crash { node } => Fault::Crash(id(node)?),
            FaultSpec::Recover { node } => Fault::Recover(id(node)?),
            FaultSpec::Cut { a, b } => {
                let (x, y) = link(a, b)?;
                Fault::Cut(x, y)
            }
            FaultSpec::Heal { a, b } => {
                let (x, y) = link(a, b)?;
                Fault::Heal(x, y)
            }
            FaultSpec::Partition { side } => {
                Fault::Partition(side.iter().map(|l| id(l)).collect::<Result<_, _>>()?)
            }
            FaultSpec::HealAll => Fault::HealAll,
        })
    }
}

/// A fault placed on the timeline of a scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduledFault {
    /// When it happens, in virtual milliseconds (at most the lesson's limit).
    pub at_ms: u64,
    /// What happens.
    pub fault: FaultSpec,
}

/// A fault resolved against a topology.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// See [`FaultSpec::Crash`].
    Crash(NodeId),
    /// See [`FaultSpec::Recover`].
    Recover(NodeId),
    /// See [`FaultSpec::Cut`].
    Cut(NodeId, NodeId),
    /// See [`FaultSpec::Heal`].
    Heal(NodeId, NodeId),
    /// See [`FaultSpec::Partition`].
    Partition(Vec<NodeId>),
    /// See [`FaultSpec::HealAll`].
    HealAll,
}

impl Fault {
    /// Back to labels, for the action log.
    pub fn to_spec(&self, topo: &Topology) -> FaultSpec {
        let l = |n: &NodeId| topo.label(*n).to_string();
        match self {
            Fault::Crash(n) => FaultSpec::Crash { node: l(n) },
            Fault::Recover(n) => FaultSpec::Recover { node: l(n) },
            Fault::Cut(a, b) => FaultSpec::Cut { a: l(a), b: l(b) },
            Fault::Heal(a, b) => FaultSpec::Heal { a: l(a), b: l(b) },
            Fault::Partition(side) => FaultSpec::Partition {
                side: side.iter().map(l).collect(),
            },
            Fault::HealAll => FaultSpec::HealAll,
        }
    }
}

/// One entry of a run's action log: a fault and the virtual time it was applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// Virtual time, µs.
    pub at: Micros,
    /// What was applied.
    pub fault: FaultSpec,
}
