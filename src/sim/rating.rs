//! Ratings: how hard an architecture makes each of the lesson's three challenges, derived from
//! the measured metrics by fixed thresholds. No threshold depends on the architecture: the same
//! table rates all three, and a rating names the metric that decided it.
//!
//! | challenge | metric | low up to | medium up to | otherwise |
//! |---|---|---|---|---|
//! | network | links per participant | 1.1 | 1.6 | high |
//! | network | data messages per update, per participant | 1.1 | 1.6 | high |
//! | network | nodes relaying others' updates | 1 | 12 | high |
//! | liveliness | update propagation p99, in mean link latencies | 4 | 8 | high |
//! | liveliness | time-averaged stale fraction | 0.35 | 0.8 | high |
//! | timing | no time authority | — | — | high |
//! | timing | max clock skew, ms | 100 | 250 | high |
//! | timing | consecutive updates applied in different orders | 2 % | 40 % | high |
//!
//! A challenge's rating is the highest of its metrics' levels; metrics not measured yet (no
//! update has reached everyone, say) do not vote.

use serde::{Serialize, Serializer};
use std::fmt;

use super::ids::Arch;
use super::metrics::Metrics;

/// How hard.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Easy to get right.
    Low,
    /// Takes care.
    Medium,
    /// Hard.
    High,
}

impl Level {
    /// "low", "medium" or "high".
    pub const fn name(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Level {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// The lesson's three challenges.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Challenge {
    /// Building and keeping the links that carry data between nodes.
    Network,
    /// Knowing which nodes are alive and that their data is current.
    Liveliness,
    /// Agreeing on time and on the order of events.
    Timing,
}

impl Challenge {
    /// All three, in the lesson's order.
    pub const ALL: [Challenge; 3] = [Challenge::Network, Challenge::Liveliness, Challenge::Timing];

    /// Short key used in JSON.
    pub const fn key(self) -> &'static str {
        match self {
            Challenge::Network => "network",
            Challenge::Liveliness => "liveliness",
            Challenge::Timing => "timing",
        }
    }

    /// The lesson's name for it.
    pub const fn title(self) -> &'static str {
        match self {
            Challenge::Network => "Network architecture",
            Challenge::Liveliness => "Node data liveliness",
            Challenge::Timing => "Timing",
        }
    }
}

/// One rating and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rating {
    /// The level.
    pub level: Level,
    /// The deciding metric's key.
    pub metric: &'static str,
    /// One line naming the deciding metric, its value and the threshold it crossed.
    pub reason: String,
}

/// The three ratings of one architecture.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ratings {
    /// Network architecture.
    pub network: Rating,
    /// Node data liveliness.
    pub liveliness: Rating,
    /// Timing.
    pub timing: Rating,
}

impl Ratings {
    /// The rating of `c`.
    pub fn get(&self, c: Challenge) -> &Rating {
        match c {
            Challenge::Network => &self.network,
            Challenge::Liveliness => &self.liveliness,
            Challenge::Timing => &self.timing,
        }
    }
}

/// The lesson's reference table: client-server low, federated medium, peer-to-peer high, on all
/// three challenges. Shown beside the measured ratings; never used to compute them.
pub const fn reference(arch: Arch) -> Level {
    match arch {
        Arch::ClientServer => Level::Low,
        Arch::Federated => Level::Medium,
        Arch::PeerToPeer => Level::High,
    }
}

struct Vote {
    level: Level,
    metric: &'static str,
    reason: String,
}

fn by_threshold(
    metric: &'static str,
    what: &str,
    value: f64,
    shown: String,
    low: f64,
    medium: f64,
) -> Vote {
    let (level, why) = if value <= low {
        (Level::Low, format!("≤ {low}"))
    } else if value <= medium {
        (Level::Medium, format!("> {low}"))
    } else {
        (Level::High, format!("> {medium}"))
    };
    Vote {
        level,
        metric,
        reason: format!("{what} {shown} ({why})"),
    }
}

fn decide(votes: Vec<Vote>) -> Rating {
    // The highest level wins; among equals, the first listed (the most direct measure).
    let best = votes
        .into_iter()
        .reduce(|a, b| if b.level > a.level { b } else { a })
        .expect("every challenge has a metric that is always measured");
    Rating {
        level: best.level,
        metric: best.metric,
        reason: best.reason,
    }
}

/// Rates the three challenges from measured metrics.
pub fn rate(m: &Metrics) -> Ratings {
    let mut network = vec![by_threshold(
        "links_per_participant",
        "links per participant",
        m.links_per_participant,
        format!("{:.2}", m.links_per_participant),
        1.1,
        1.6,
    )];
    if let Some(v) = m.messages_per_update_per_participant {
        network.push(by_threshold(
            "messages_per_update_per_participant",
            "messages per update per participant",
            v,
            format!("{v:.2}"),
            1.1,
            1.6,
        ));
    }

    network.push(by_threshold(
        "relaying_nodes",
        "nodes relaying others' updates",
        f64::from(m.relaying_nodes),
        m.relaying_nodes.to_string(),
        1.0,
        12.0,
    ));

    let mut liveliness = vec![by_threshold(
        "stale_fraction_avg",
        "participants missing data (time average)",
        m.stale_fraction_avg,
        format!("{:.0} %", m.stale_fraction_avg * 100.0),
        0.35,
        0.8,
    )];
    if let (Some(v), Some(ms)) = (m.propagation_p99_in_latencies, m.propagation_p99_ms) {
        liveliness.insert(
            0,
            by_threshold(
                "propagation_p99_ms",
                "updates reach everyone (p99) in",
                v,
                format!("{ms:.0} ms = {v:.1} link delays"),
                4.0,
                8.0,
            ),
        );
    }

    let mut timing = Vec::new();
    if !m.time_authority {
        timing.push(Vote {
            level: Level::High,
            metric: "time_authority",
            reason: "no time authority: every clock keeps its own time".to_string(),
        });
    }
    timing.push(by_threshold(
        "max_clock_skew_ms",
        "clocks differ by up to",
        m.max_clock_skew_ms,
        format!("{:.0} ms", m.max_clock_skew_ms),
        100.0,
        250.0,
    ));
    timing.push(by_threshold(
        "order_disagreement_fraction",
        "update pairs applied in different orders:",
        m.order_disagreement_fraction * 100.0,
        format!("{:.1} %", m.order_disagreement_fraction * 100.0),
        2.0,
        40.0,
    ));

    Ratings {
        network: decide(network),
        liveliness: decide(liveliness),
        timing: decide(timing),
    }
}
