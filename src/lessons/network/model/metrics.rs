//! What a run measures, per architecture, grouped by the lesson's three challenges.

use serde::Serialize;

/// A fixed-size latency histogram (memory does not grow with run length): 0.1 ms buckets below
/// 100 ms, 1 ms buckets below 1 s, 10 ms below 10 s, 100 ms below 100 s, then one overflow bucket.
#[derive(Clone, Debug)]
pub struct Histogram {
    buckets: Vec<u32>,
    count: u64,
}

const TIERS: [(u64, u64); 4] = [
    (100, 100_000),
    (1_000, 1_000_000),
    (10_000, 10_000_000),
    (100_000, 100_000_000),
];
const PER_TIER: usize = 1_000;

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            buckets: vec![0; PER_TIER * TIERS.len() + 1],
            count: 0,
        }
    }
}

impl Histogram {
    fn bucket(us: u64) -> usize {
        let mut base = 0;
        let mut lo = 0;
        for (width, hi) in TIERS {
            if us < hi {
                return base + ((us - lo) / width) as usize;
            }
            base += PER_TIER;
            lo = hi;
        }
        base
    }

    fn upper(bucket: usize) -> u64 {
        let tier = bucket / PER_TIER;
        if tier >= TIERS.len() {
            return TIERS[TIERS.len() - 1].1;
        }
        let lo = if tier == 0 { 0 } else { TIERS[tier - 1].1 };
        lo + (bucket % PER_TIER + 1) as u64 * TIERS[tier].0
    }

    /// Adds one sample, µs.
    pub fn record(&mut self, us: u64) {
        self.buckets[Self::bucket(us)] += 1;
        self.count += 1;
    }

    /// Samples recorded.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The `q`-quantile (0..=1), µs, as the upper edge of its bucket; `None` when empty.
    pub fn quantile(&self, q: f64) -> Option<u64> {
        if self.count == 0 {
            return None;
        }
        let rank =
            ((crate::sim::small::clamp(q, 0.0, 1.0) * self.count as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (i, &c) in self.buckets.iter().enumerate() {
            seen += u64::from(c);
            if seen >= rank {
                return Some(Self::upper(i));
            }
        }
        None
    }
}

/// Counters of the message layer. Conservation: `sent == delivered + dropped + in_flight`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counters {
    /// Events processed.
    pub events: u64,
    /// Messages put on a link.
    pub sent: u64,
    /// Messages that arrived at a live node over an intact link.
    pub delivered: u64,
    /// Messages lost: to a down node, over a cut link, or by link loss.
    pub dropped: u64,
    /// Messages still on their links.
    pub in_flight: u64,
    /// Messages that carry, announce or request an update, copies sent again included.
    pub update_messages: u64,
    /// Copies of lost update messages sent again after the retransmission timeout.
    pub resent: u64,
    /// Updates started by participants.
    pub updates_created: u64,
}

/// Every measured value, grouped by what it measures: the state, resilience, and the lesson's
/// three challenges. Fractions are 0..=1; `None` means "not measured yet" (for example no
/// update was delivered in the window, or no failure has been detected). Rates and shares are
/// over the recent window (`state.window_ms`), so they describe the state the network is in
/// now. In JSON the groups are flattened: every value keeps its own key, in the order it always
/// had (`participants`, …, `reachable_fraction`, …, `timeout_ms`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Metrics {
    /// The state the network is in now.
    #[serde(flatten)]
    pub state: State,
    /// Resilience: what one failure of the intact network can cut off.
    #[serde(flatten)]
    pub resilience: Resilience,
    /// The network architecture challenge: who must route for others, and what an update costs.
    #[serde(flatten)]
    pub network: Network,
    /// The node data liveliness challenge: how fast and how completely updates reach the participants, from how many sources, and how fast failures are noticed.
    #[serde(flatten)]
    pub liveliness: Liveliness,
    /// The timing challenge: how far clocks and orders drift apart.
    #[serde(flatten)]
    pub timing: Timing,
    /// Counters of the run so far.
    pub counters: Counters,
    /// The scenario's units: one link delay, and the failure detector's timeout.
    #[serde(flatten)]
    pub units: Units,
}

/// The state the network is in now.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct State {
    /// Participants in the architecture.
    pub participants: u32,
    /// Nodes in the architecture (participants and servers).
    pub nodes: u32,
    /// Participants currently up.
    pub live_participants: u32,
    /// Live participants in the working part of the network: for client-server and federated,
    /// connected to the part that holds the node ordering updates; for peer-to-peer, in a group
    /// holding a strict majority of the live participants.
    pub reachable_participants: u32,
    /// `reachable_participants / live_participants` (0 when no participant is live).
    pub reachable_fraction: f64,
    /// Labels of the nodes that are down.
    pub down_nodes: Vec<String>,
    /// Links cut.
    pub cut_links: u32,
    /// The window the shares and rates below cover, ms (shorter at the start of a run).
    pub window_ms: f64,
}

/// Resilience: what one failure of the intact network can cut off.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Resilience {
    /// Structural resilience: the largest fraction of participants that failing one node of the
    /// intact network cuts off.
    pub worst_single_failure_fraction: f64,
    /// The node whose failure does that, if any.
    pub worst_single_failure_node: Option<String>,
}

/// The network architecture challenge: who must route for others, and what an update costs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Network {
    /// Links per participant.
    pub links_per_participant: f64,
    /// Nodes that passed on somebody else's update in the window: the routers the architecture
    /// needs to run and keep in step (the server; the servers; every peer).
    pub routers: u32,
    /// Messages that carry, announce or request an update, per update delivered to a
    /// participant that did not start it (1 when each receiver is sent one copy).
    pub messages_per_delivery: Option<f64>,
}

/// The node data liveliness challenge: how fast and how completely updates reach the participants, from how many sources, and how fast failures are noticed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Liveliness {
    /// 99th percentile of the time from an update's start until a participant holds it, over
    /// deliveries in the window, in link delays (mean one-way latencies).
    pub delivery_p99_delays: Option<f64>,
    /// The same in ms.
    pub delivery_p99_ms: Option<f64>,
    /// Of the deliveries updates in the window should have made (one to every other live
    /// participant), the share not made within 16 link delays: late, or never (because the
    /// origin or the receiver is cut off).
    pub late_or_missed_fraction: Option<f64>,
    /// Time since any participant last received somebody else's update, ms.
    pub since_last_delivery_ms: f64,
    /// Set when updates have been started since the last delivery and the first of them is
    /// older than 16 link delays: how long nothing has reached anyone, ms.
    pub stalled_ms: Option<f64>,
    /// Updates started so far.
    pub updates_started: u32,
    /// Distinct neighbours a live participant got updates from in the window, on average (over
    /// those that got any): 1 when one server tells it everything.
    pub sources_per_participant: Option<f64>,
    /// Fraction of live participants missing an update some live participant holds, now.
    pub stale_fraction: f64,
    /// Median time for an update to reach every participant in the working part when it
    /// started (whole run).
    pub propagation_p50_ms: Option<f64>,
    /// 99th percentile of the same.
    pub propagation_p99_ms: Option<f64>,
    /// Mean time from a node's crash until every live node that watched it and every reachable
    /// participant marks it down.
    pub detection_delay_ms: Option<f64>,
    /// Failures that were fully detected.
    pub failures_detected: u32,
}

/// The timing challenge: how far clocks and orders drift apart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timing {
    /// Largest difference between the clocks of any two live nodes, now, ms.
    pub max_clock_skew_ms: f64,
    /// The same just before the latest failure, cut or repair (none: nothing happened yet),
    /// ms: a failure is blamed only for a rating it changed.
    pub skew_before_fault_ms: Option<f64>,
    /// The most two clocks synchronised through two levels of time servers on these links can
    /// differ: 2 × (slowest − fastest one-way latency) + 4 × drift × sync period, ms.
    pub sync_bound_ms: f64,
    /// Of the pairs of consecutive updates applied by at least two participants in the window,
    /// the fraction that participants applied in different orders.
    pub order_disagreement_fraction: f64,
    /// Pairs of consecutive updates applied by at least two participants in the window.
    pub ordered_pairs: u64,
    /// Of those, applied in different orders.
    pub disordered_pairs: u64,
}

/// The scenario's units.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Units {
    /// Mean one-way link latency of the scenario, ms: one link delay.
    pub mean_latency_ms: f64,
    /// Heartbeat timeout of the scenario, ms (the unit of failure detection).
    pub timeout_ms: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_quantiles() {
        let mut h = Histogram::default();
        assert_eq!(h.quantile(0.5), None);
        for ms in 1..=100u64 {
            h.record(ms * 1_000);
        }
        let p50 = h.quantile(0.5).unwrap();
        let p99 = h.quantile(0.99).unwrap();
        assert!((50_000..=51_000).contains(&p50), "{p50}");
        assert!((99_000..=100_000).contains(&p99), "{p99}");
        h.record(u64::MAX);
        assert_eq!(h.quantile(1.0), Some(100_000_000));
    }
}
