//! What a blockchain run measures, each number with the sentence that defines it.

use serde::Serialize;

/// Milliseconds a histogram resolves one by one; longer times share one bucket per second.
const FINE_MS: usize = 16_384;
/// Seconds after the fine range (up to about a day); anything longer lands in the last.
const COARSE_S: usize = 86_400;

/// A histogram of times in ms: exact to the millisecond up to 16 s, to the second after.
/// Flat in memory whatever the run's length.
#[derive(Clone)]
pub struct Histogram {
    fine: Vec<u32>,
    coarse: Vec<u32>,
    count: u64,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            fine: vec![0; FINE_MS],
            coarse: vec![0; COARSE_S],
            count: 0,
        }
    }
}

impl Histogram {
    /// Adds one time, µs.
    pub fn add(&mut self, us: u64) {
        let ms = (us / 1_000) as usize;
        if ms < FINE_MS {
            self.fine[ms] += 1;
        } else {
            self.coarse[((ms - FINE_MS) / 1_000).min(COARSE_S - 1)] += 1;
        }
        self.count += 1;
    }

    /// How many times were added.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The buckets that hold anything, in time order: (the bucket's middle, ms; its count).
    fn buckets(&self) -> impl Iterator<Item = (f64, u32)> + '_ {
        let fine = self
            .fine
            .iter()
            .enumerate()
            .map(|(ms, &c)| (ms as f64 + 0.5, c));
        let coarse = self
            .coarse
            .iter()
            .enumerate()
            .map(|(s, &c)| ((FINE_MS + s * 1_000) as f64 + 500.0, c));
        fine.chain(coarse).filter(|&(_, c)| c > 0)
    }

    /// The mean of `g(t)` over the times added, `t` in ms read at the middle of its bucket;
    /// `None` when empty. One pass over the buckets that hold anything.
    pub fn mean_of(&self, g: impl Fn(f64) -> f64) -> Option<f64> {
        if self.count == 0 {
            return None;
        }
        let sum: f64 = self.buckets().map(|(t, c)| f64::from(c) * g(t)).sum();
        Some(sum / self.count as f64)
    }

    /// The share of times longer than `j · step_ms`, for j = 1, 2, … up to the longest time
    /// added (each read at the middle of its bucket); empty when nothing was added.
    pub fn survival(&self, step_ms: f64) -> Vec<f64> {
        let step_ms = step_ms.max(1.0);
        let mut out = Vec::new();
        if self.count == 0 {
            return out;
        }
        let mut at_most = 0u64;
        for (t, c) in self.buckets() {
            // Every threshold j·step below this time sees everything counted so far.
            while (out.len() + 1) as f64 * step_ms < t {
                out.push((self.count - at_most) as f64 / self.count as f64);
            }
            at_most += u64::from(c);
        }
        out
    }

    /// The share of times longer than t, as steps: (from t ms, share) pairs in increasing t,
    /// the first at 0 with share 1, each holding until the next (a time counts from the
    /// middle of its bucket), the last with share 0. Empty when nothing was added.
    pub fn tail_steps(&self) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        if self.count == 0 {
            return out;
        }
        out.push((0.0, 1.0));
        let mut at_most = 0u64;
        for (t, c) in self.buckets() {
            at_most += u64::from(c);
            out.push((t, (self.count - at_most) as f64 / self.count as f64));
        }
        out
    }

    /// The `q` quantile (0..=1), ms, rounded down to its bucket; `None` when empty.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        self.quantile_of(q, self.count)
    }

    /// The `q` quantile of `total` times of which only those added are finite (the rest never
    /// happened); `None` when it falls among those that never happened.
    pub fn quantile_of(&self, q: f64, total: u64) -> Option<f64> {
        let total = total.max(self.count);
        if total == 0 {
            return None;
        }
        let rank = ((q * total as f64).ceil() as u64).clamp(1, total);
        if rank > self.count {
            return None;
        }
        let mut seen = 0u64;
        for (ms, &c) in self.fine.iter().enumerate() {
            seen += u64::from(c);
            if seen >= rank {
                return Some(ms as f64);
            }
        }
        for (s, &c) in self.coarse.iter().enumerate() {
            seen += u64::from(c);
            if seen >= rank {
                return Some((FINE_MS + s * 1_000) as f64);
            }
        }
        None
    }
}

/// Forks, by how they arose.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Forks {
    /// Siblings from the same slot: two leaders of one slot built on the same block.
    pub slot_battles: u64,
    /// Siblings from different times: the later maker had not yet received the earlier block.
    pub height_battles: u64,
    /// Siblings made on opposite sides of a partition.
    pub partition: u64,
    /// Siblings where one was withheld by the attacker and published later.
    pub withheld: u64,
}

/// The attacker's record.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AdversaryReport {
    /// `double-spend` or `selfish`.
    pub strategy: &'static str,
    /// Its share.
    pub share: f64,
    /// Confirmations the merchant waited for.
    pub confirmations: u32,
    /// Races finished (won, given up or published).
    pub races: u64,
    /// Races in which its chain caught up with the honest one after the merchant's last
    /// confirmation (the paper's criterion).
    pub caught_up: u64,
    /// Races in which it published a longer chain and reversed the payment.
    pub reversals: u64,
    /// `caught_up / races`.
    pub simulated: Option<f64>,
    /// Its standard error, √(p(1 − p)/races) (none while that would read 0: no race, or
    /// every race, caught up).
    pub standard_error: Option<f64>,
    /// The Bitcoin paper's approximation.
    pub paper: f64,
    /// The exact closed form (Rosenfeld 2014).
    pub exact: f64,
    /// Selfish mining: the share of honest power on its side in a tie.
    pub gamma: Option<f64>,
    /// Selfish mining: its share of the blocks settled on the chain.
    pub revenue_share: Option<f64>,
    /// Selfish mining: Eyal and Sirer's closed form for its share and γ.
    pub revenue_theory: Option<f64>,
    /// Selfish mining: blocks settled on the chain so far (its own and the honest peers').
    pub settled_blocks: u64,
}

/// Every number a blockchain run reports, grouped by what it measures. In JSON the groups are
/// flattened: every number keeps its own key, in the order it always had (`consensus`, …,
/// `stale_rate`, …, `trace_hash`, `adversary`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChainMetrics {
    /// The run: what it was and how far it went.
    #[serde(flatten)]
    pub run: Run,
    /// Blocks made, and how many of them ended up off the main chain.
    #[serde(flatten)]
    pub blocks: Blocks,
    /// What honest peers had to undo.
    #[serde(flatten)]
    pub rollbacks: Rollbacks,
    /// How fast public blocks spread.
    #[serde(flatten)]
    pub propagation: Propagation,
    /// Chain growth and chain quality.
    #[serde(flatten)]
    pub properties: Properties,
    /// How much the live peers agree now, and how soon they did after a heal.
    #[serde(flatten)]
    pub agreement: Agreement,
    /// What the run cost, and its fingerprint.
    #[serde(flatten)]
    pub cost: Cost,
    /// The attacker's record, when there is one.
    pub adversary: Option<AdversaryReport>,
}

/// The run: what it was and how far it went.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Run {
    /// `pow` or `praos`.
    pub consensus: &'static str,
    /// Peers.
    pub participants: u32,
    /// Seed.
    pub seed: u64,
    /// Virtual time reached, ms.
    pub time_ms: f64,
    /// Praos: slots that have begun; proof of work: none.
    pub slots: Option<u64>,
}

/// Blocks made, and how many of them ended up off the main chain.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Blocks {
    /// Blocks made, withheld ones included.
    pub blocks_produced: u64,
    /// Blocks made public.
    pub blocks_published: u64,
    /// Blocks on the longest chain a live peer follows (its height).
    pub main_chain_length: u64,
    /// Public blocks not on that chain, over all public blocks.
    pub stale_rate: f64,
    /// Forks by kind.
    pub forks: Forks,
    /// Praos: slots with two or more leaders.
    pub multi_leader_slots: Option<u64>,
    /// Praos: slots with at least one leader.
    pub active_slots: Option<u64>,
}

/// What honest peers had to undo.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rollbacks {
    /// Times an honest peer switched to a chain that left blocks it had adopted behind.
    pub rollbacks: u64,
    /// The most blocks one such switch left behind.
    pub max_rollback_depth: u32,
    /// Whether that depth is a lower bound (its fork point was older than the history kept,
    /// k + 2 heights).
    pub max_rollback_at_least: bool,
    /// Switches honest peers refused because they would roll back more than k blocks.
    pub refused_switches: u64,
    /// Settlement, measured: for depth k = 1, 2, … 10, the share of the blocks that were
    /// once k deep on an honest peer's chain and later left it (rollbacks of k or more,
    /// over those and the blocks k deep or deeper on the peers' chains now).
    pub settlement: Vec<f64>,
}

/// How fast public blocks spread.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Propagation {
    /// Median over public blocks of the time until half the peers had it, ms (none: most
    /// blocks never reached half).
    pub propagation_p50_ms: Option<f64>,
    /// Median over public blocks of the time until 95 % of the peers had it, ms (none: most
    /// blocks never reached 95 %).
    pub propagation_p95_ms: Option<f64>,
    /// Blocks that reached 95 % of the peers.
    pub propagation_blocks: u64,
}

/// Chain growth and chain quality, the Praos paper's properties.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Properties {
    /// Blocks the longest chain gained per minute of the run.
    pub chain_growth_per_min: f64,
    /// Of the last blocks of the most common chain (up to the 2,048 kept), the share made by
    /// honest peers (none: nothing past genesis yet).
    pub chain_quality: Option<f64>,
}

/// How much the live peers agree now, and how soon they did after a heal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Agreement {
    /// Live peers whose tip is the most common tip, over all live peers.
    pub tips_agree_fraction: f64,
    /// When the last partition healed, ms.
    pub healed_at_ms: Option<f64>,
    /// Times a peer dropped a neighbour for announcing a block whose slot began more than
    /// the clock-skew allowance (2 s) ahead of its own clock.
    pub future_disconnects: u64,
    /// From that heal until every live peer had the same tip, ms (none: no partition, or
    /// not yet).
    pub converged_ms_after_heal: Option<f64>,
}

/// What the run cost, and its fingerprint.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cost {
    /// Messages sent (announcements, requests, bodies, tip requests).
    pub messages: u64,
    /// Announcements not sent because the neighbour already held the block.
    pub announcements_saved: u64,
    /// Events processed.
    pub events: u64,
    /// Hash over every block made and every block a peer adopted, hex.
    pub trace_hash: String,
}

/// One sentence per reported number, naming what it counts, for the runner and the page.
pub const DEFINITIONS: &[(&str, &str)] = &[
    (
        "blocks_produced",
        "blocks made by any peer, including any an attacker withheld",
    ),
    (
        "blocks_published",
        "blocks made public (all of them, unless an attacker kept some back)",
    ),
    (
        "main_chain_length",
        "blocks on the longest chain a live peer follows at the end (its height above genesis)",
    ),
    (
        "stale_rate",
        "public blocks not on that chain, as a share of all public blocks: work or slots spent on forks",
    ),
    (
        "slot_battles",
        "forks where two leaders of the same slot built on the same block",
    ),
    (
        "height_battles",
        "forks where a maker built on an older block because the newer one had not reached it yet",
    ),
    (
        "partition_forks",
        "forks whose sibling blocks were made on opposite sides of a partition",
    ),
    (
        "withheld_forks",
        "forks made by an attacker publishing a chain it had kept private",
    ),
    (
        "active_slots",
        "Praos slots the lottery gave to at least one peer",
    ),
    (
        "multi_leader_slots",
        "Praos slots the lottery gave to two or more peers",
    ),
    (
        "rollbacks",
        "times an honest peer switched to another chain (longer, or as long and preferred by the tie-break) and dropped blocks it had adopted",
    ),
    (
        "max_rollback_depth",
        "the most adopted blocks one such switch dropped (\"at least\": its fork point was older than the k + 2 heights kept)",
    ),
    (
        "settlement",
        "for depth k = 1 … 10: the share of blocks once k deep on an honest peer's chain that later left it",
    ),
    (
        "future_disconnects",
        "times a peer dropped a neighbour (for a minute) for a block whose slot began more than 2 s ahead of its own clock",
    ),
    (
        "chain_growth_per_min",
        "blocks the longest chain gained per minute",
    ),
    (
        "chain_quality",
        "of the last blocks (up to 2,048) of the most common chain, the share made by honest peers",
    ),
    (
        "refused_switches",
        "longer chains honest peers refused because switching would roll back more than k blocks (Praos's rule)",
    ),
    (
        "propagation_p50_ms",
        "the median public block reached half the peers up when it was published this long after (— if most never did)",
    ),
    (
        "propagation_p95_ms",
        "the same, for 95 % of those peers (a median over blocks, not a 95th percentile)",
    ),
    (
        "propagation_blocks",
        "public blocks that reached 95 % of those peers",
    ),
    (
        "tips_agree_fraction",
        "live peers whose tip is the most common tip, at the end of the run",
    ),
    (
        "healed_at_ms",
        "when every cut link was last healed (the end of a partition)",
    ),
    (
        "converged_ms_after_heal",
        "time from that heal until every live peer had the same tip (— if not yet)",
    ),
    (
        "messages",
        "announcements, requests, bodies and tip requests sent",
    ),
    (
        "announcements_saved",
        "announcements not sent because the neighbour already held the block and its chain",
    ),
    (
        "adversary.races",
        "double-spend races finished: won by publishing, or given up when catching up had a chance below one in a billion",
    ),
    (
        "adversary.simulated",
        "finished races in which the attacker's private chain caught up with the honest one after the merchant's last confirmation",
    ),
    (
        "adversary.reversals",
        "races the attacker won by publishing a longer chain, which made honest peers drop the payment",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_of_a_histogram() {
        let mut h = Histogram::default();
        assert_eq!(h.quantile(0.5), None);
        for ms in 1..=100u64 {
            h.add(ms * 1_000 + 10);
        }
        assert_eq!(h.quantile(0.5), Some(50.0));
        assert_eq!(h.quantile(0.95), Some(95.0));
        h.add(40_000_000);
        assert_eq!(h.quantile(1.0), Some(39_384.0));
        assert_eq!(h.count(), 101);
        // Of 300 blocks only 101 got there: the median block never did.
        assert_eq!(h.quantile_of(0.5, 300), None);
        assert_eq!(h.quantile_of(0.1, 300), Some(30.0));
    }
}
