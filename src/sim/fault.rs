//! Faults: what can go wrong, as data. A [`FaultSpec`] names nodes by label (as a scenario or a
//! command line does); a [`Fault`] is the same resolved against one topology.

use serde::{Deserialize, Serialize};

use super::error::ConfigError;
use super::ids::NodeId;
use super::links::Links;
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

/// An engine faults can be applied to. [`apply`] does what every engine does the same way —
/// logs the fault, cuts and heals links — and asks the engine for the rest.
pub trait Faulty {
    /// The network.
    fn topology(&self) -> &Topology;
    /// Its links.
    fn links_mut(&mut self) -> &mut Links;
    /// Virtual time now.
    fn now(&self) -> Micros;
    /// Writes `action` to the engine's log.
    fn log(&mut self, action: Action);
    /// Node `n` stops.
    fn crash(&mut self, n: u32);
    /// Node `n` starts again.
    fn recover(&mut self, n: u32);
    /// Link `l`, cut until now, carries messages again.
    fn healed(&mut self, _l: usize) {}
    /// The network was split: `inside[n]` for each node on the side that was named.
    fn partitioned(&mut self, _inside: Vec<bool>) {}
    /// Every cut link was healed at once (`any`: some were cut).
    fn healed_all(&mut self, _any: bool) {}
    /// The fault is in: what follows from it (who can reach whom) can be worked out.
    fn applied(&mut self) {}
}

/// Applies `fault` to `e` now and logs it: a click, a link's action and a scheduled fault all
/// take this one path.
pub fn apply<E: Faulty>(e: &mut E, fault: &Fault) {
    let now = e.now();
    let spec = fault.to_spec(e.topology());
    e.log(Action {
        at: now,
        fault: spec,
    });
    match fault {
        Fault::Crash(n) => e.crash(n.0),
        Fault::Recover(n) => e.recover(n.0),
        Fault::Cut(a, b) | Fault::Heal(a, b) => {
            let heal = matches!(fault, Fault::Heal(..));
            if let Some(l) = e.topology().link_between(*a, *b)
                && e.links_mut().set_cut(l as usize, !heal, now)
                && heal
            {
                e.healed(l as usize);
            }
        }
        Fault::Partition(side) => {
            let (inside, crossing) = e.topology().crossing(side);
            for l in crossing {
                e.links_mut().set_cut(l, true, now);
            }
            e.partitioned(inside);
        }
        Fault::HealAll => {
            let cut: Vec<usize> = e.links_mut().cut_links().collect();
            for &l in &cut {
                e.links_mut().set_cut(l, false, now);
                e.healed(l);
            }
            e.healed_all(!cut.is_empty());
        }
    }
    e.applied();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::links::Delay;
    use crate::sim::rng::{SimRng, Stream};

    /// An engine that only records what `apply` asks of it.
    struct Rec {
        topo: Topology,
        links: Links,
        log: Vec<Action>,
        calls: Vec<String>,
    }

    impl Faulty for Rec {
        fn topology(&self) -> &Topology {
            &self.topo
        }
        fn links_mut(&mut self) -> &mut Links {
            &mut self.links
        }
        fn now(&self) -> Micros {
            7_000
        }
        fn log(&mut self, action: Action) {
            self.log.push(action);
        }
        fn crash(&mut self, n: u32) {
            self.calls.push(format!("crash {n}"));
        }
        fn recover(&mut self, n: u32) {
            self.calls.push(format!("recover {n}"));
        }
        fn healed(&mut self, l: usize) {
            self.calls.push(format!("healed {l}"));
        }
        fn partitioned(&mut self, inside: Vec<bool>) {
            self.calls.push(format!("partitioned {inside:?}"));
        }
        fn healed_all(&mut self, any: bool) {
            self.calls.push(format!("healed all {any}"));
        }
        fn applied(&mut self) {
            self.calls.push("applied".into());
        }
    }

    fn rec() -> Rec {
        let topo = crate::sim::topology::mesh(4);
        let links = Links::new(
            &topo,
            Delay::PerLink(vec![1_000; topo.links.len()]),
            0.0,
            SimRng::new(1, Stream::Network),
        );
        Rec {
            topo,
            links,
            log: Vec::new(),
            calls: Vec::new(),
        }
    }

    #[test]
    fn apply_logs_each_fault_cuts_and_heals_links_and_asks_the_engine_for_the_rest() {
        let mut e = rec();
        let (a, b) = (NodeId(0), NodeId(1));
        let l = e.topo.link_between(a, b).unwrap() as usize;
        apply(&mut e, &Fault::Cut(a, b));
        assert_eq!(e.links.cut_links().collect::<Vec<_>>(), vec![l]);
        apply(&mut e, &Fault::Heal(a, b));
        assert_eq!(e.links.cut_links().count(), 0);
        // Healing a link that is not cut changes nothing and tells nobody.
        apply(&mut e, &Fault::Heal(a, b));
        apply(&mut e, &Fault::Crash(NodeId(2)));
        apply(&mut e, &Fault::Recover(NodeId(2)));
        assert_eq!(
            e.calls,
            [
                "applied".to_string(),
                format!("healed {l}"),
                "applied".into(),
                "applied".into(),
                "crash 2".into(),
                "applied".into(),
                "recover 2".into(),
                "applied".into(),
            ]
        );
        assert_eq!(e.log.len(), 5);
        assert!(e.log.iter().all(|x| x.at == 7_000));
        assert_eq!(e.log[1].fault, Fault::Heal(a, b).to_spec(&e.topo));
        // A split cuts exactly the links that cross it; healing all heals them, once.
        e.calls.clear();
        apply(&mut e, &Fault::Partition(vec![NodeId(0)]));
        assert_eq!(
            e.links.cut_links().count(),
            3,
            "P0's three links in a mesh of four"
        );
        apply(&mut e, &Fault::HealAll);
        apply(&mut e, &Fault::HealAll);
        assert_eq!(e.links.cut_links().count(), 0);
        let calls = e.calls.join("; ");
        assert!(
            calls.starts_with("partitioned [true, false, false, false]; applied; healed "),
            "{calls}"
        );
        assert!(
            calls.ends_with("healed all true; applied; healed all false; applied"),
            "{calls}"
        );
    }

    #[test]
    fn a_spec_names_its_labels_and_a_split_has_a_size_limit() {
        let s = |x: &str| x.to_string();
        assert_eq!(FaultSpec::Crash { node: s("S0") }.labels(), ["S0"]);
        assert_eq!(
            FaultSpec::Heal {
                a: s("P1"),
                b: s("P2")
            }
            .labels(),
            ["P1", "P2"]
        );
        assert!(FaultSpec::HealAll.labels().is_empty());
        let side = |n: usize| FaultSpec::Partition {
            side: vec![s("P0"); n],
        };
        assert_eq!(side(2).labels().len(), 2);
        assert!(side(MAX_PARTITION_NODES).validate().is_ok());
        assert!(side(MAX_PARTITION_NODES + 1).validate().is_err());
    }
}
