//! The consensus lesson's side of a tour: its measured values by name, and its actions.
//!
//! Names are the runner's JSON fields (`stale_rate`, `forks.slot_battles`,
//! `max_rollback_depth`, `tips_agree_fraction`, `converged_ms_after_heal`,
//! `adversary.simulated` …), `branches`: the distinct tips live peers follow, and the
//! "measured beside theory" rows as `measured.<key>` and `theory.<key>` (`theory.stale`).

use crate::lessons::consensus::measured::{self, Line};
use crate::lessons::consensus::model::ChainMetrics;
use crate::lessons::consensus::world::World;
use crate::tour::{Measured, Unknown};

/// What a consensus run has measured.
pub struct Values {
    /// The runner's numbers.
    pub metrics: ChainMetrics,
    /// Distinct tips among live peers.
    pub branches: u32,
    /// Peers down.
    pub down: u32,
    /// The "measured beside theory" rows: `measured.<key>` and `theory.<key>`.
    pub theory: Vec<Line>,
}

/// Measures the world as it stands.
pub fn measure(w: &World) -> Values {
    let e = w.engine();
    let n = e.config().participants;
    // Distinct tips, kept as they come: they are few, and a sort would weigh more in the
    // page's download than this costs.
    let (mut tips, mut live) = (Vec::new(), 0);
    for t in (0..n).filter(|&p| !e.is_down(p)).map(|p| e.tip(p)) {
        live += 1;
        if !tips.contains(&t) {
            tips.push(t);
        }
    }
    Values {
        metrics: e.metrics(),
        branches: tips.len() as u32,
        down: n - live,
        theory: measured::lines(e),
    }
}

/// Where the page shows the value `name` (see [`crate::shell::lesson::Lesson::shown`]): a row
/// of "measured beside theory", the status line, the clock or a plot.
pub fn shown(name: &str) -> Option<String> {
    for (prefix, cell) in [("measured.", "measured"), ("theory.", "theory-value")] {
        if let Some(key) = name.strip_prefix(prefix) {
            return measured::ROW_KEYS
                .contains(&key)
                .then(|| format!("#row-{key} .{cell}"));
        }
    }
    AT.iter()
        .find(|(n, _)| *n == name)
        .map(|(_, at)| at.to_string())
}

/// The row of "measured beside theory" that shows `name`, if a row does.
fn row_of(name: &str) -> Option<&str> {
    for prefix in ["measured.", "theory."] {
        if let Some(key) = name.strip_prefix(prefix) {
            return Some(key);
        }
    }
    let (_, at) = AT.iter().find(|(n, _)| *n == name)?;
    at.strip_prefix("#row-")?.split(' ').next()
}

/// Where the page shows each value that is not a row's `measured.` or `theory.`.
const AT: &[(&str, &str)] = &[
    ("participants", "#network-title"),
    ("peers_down", "#status"),
    ("branches", "#status"),
    ("main_chain_length", "#status"),
    ("time_ms", ".clock"),
    ("blocks_published", "#row-stale .measured"),
    ("stale_rate", "#row-stale .measured"),
    ("forks.slot_battles", "#row-stale_slot .measured"),
    ("forks.height_battles", "#row-stale_height .measured"),
    ("forks.partition", "#row-stale_other .measured"),
    ("forks.withheld", "#row-stale_other .measured"),
    ("propagation_p50_ms", "#row-spread .measured"),
    ("propagation_p95_ms", "#row-spread .measured"),
    ("propagation_blocks", "#row-spread .measured"),
    ("slots", "#row-multi .measured"),
    ("multi_leader_slots", "#row-multi .measured"),
    ("max_rollback_depth", "#row-rollback .measured"),
    ("rollbacks", "#row-rollback .why"),
    ("refused_switches", "#row-rollback .why"),
    ("tips_agree_fraction", "#row-agree .measured"),
    ("converged_ms_after_heal", "#row-heal .measured"),
    ("chain_growth_per_min", "#row-growth .measured"),
    ("chain_quality", "#row-quality .measured"),
    ("adversary.share", "#row-confirm .theory-value"),
    ("adversary.confirmations", "#row-confirm .theory-value"),
    ("adversary.exact", "#row-confirm .theory-value"),
    ("adversary.paper", "#row-confirm .theory-value"),
    ("adversary.races", "#row-confirm .measured"),
    ("adversary.caught_up", "#row-confirm .measured"),
    ("adversary.reversals", "#row-confirm .measured"),
    ("adversary.simulated", "#row-confirm .measured"),
    ("adversary.revenue_share", "#row-revenue .measured"),
    ("adversary.revenue_theory", "#row-revenue .theory-value"),
    ("adversary.gamma", "#revenue-plot"),
];

const NAMES: &[&str] = &[
    "participants",
    "peers_down",
    "branches",
    "time_ms",
    "slots",
    "blocks_produced",
    "blocks_published",
    "main_chain_length",
    "stale_rate",
    "forks.slot_battles",
    "forks.height_battles",
    "forks.partition",
    "forks.withheld",
    "multi_leader_slots",
    "active_slots",
    "rollbacks",
    "max_rollback_depth",
    "refused_switches",
    "chain_growth_per_min",
    "chain_quality",
    "propagation_p50_ms",
    "propagation_p95_ms",
    "propagation_blocks",
    "tips_agree_fraction",
    "healed_at_ms",
    "future_disconnects",
    "converged_ms_after_heal",
    "messages",
    "adversary.share",
    "adversary.confirmations",
    "adversary.races",
    "adversary.caught_up",
    "adversary.reversals",
    "adversary.simulated",
    "adversary.paper",
    "adversary.exact",
    "adversary.revenue_share",
    "adversary.revenue_theory",
    "adversary.gamma",
];

impl Measured for Values {
    fn hidden(&self, name: &str) -> Option<String> {
        let adversary = self.metrics.adversary.as_ref().map(|a| a.strategy);
        let why = if row_of(name).is_some_and(|key| !self.theory.iter().any(|l| l.key == key)) {
            "its row is not on the page in this scenario"
        } else if name == "peers_down" && self.down == 0 {
            "the status line names failed peers only when there are some"
        } else if name == "refused_switches" && self.metrics.rollbacks.refused_switches == 0 {
            "the rollback row names refused switches only when there are some"
        } else if name.starts_with("adversary.revenue") || name == "adversary.gamma" {
            if adversary == Some("selfish") {
                return None;
            }
            "the page shows it only with a selfish miner"
        } else if name.starts_with("adversary.") && adversary != Some("double-spend") {
            "the page shows it only with a double-spender"
        } else {
            return None;
        };
        Some(why.to_string())
    }
    fn value(&self, name: &str) -> Result<Option<f64>, Unknown> {
        let m = &self.metrics;
        let n = |v: u64| Some(v as f64);
        for (prefix, theory) in [("measured.", false), ("theory.", true)] {
            if let Some(key) = name.strip_prefix(prefix) {
                if !measured::ROW_KEYS.contains(&key) {
                    return Err(Unknown);
                }
                let row = self.theory.iter().find(|l| l.key == key);
                return Ok(row.and_then(|l| if theory { l.theory } else { l.measured }));
            }
        }
        if let Some(field) = name.strip_prefix("adversary.") {
            let Some(a) = &m.adversary else {
                return if NAMES.contains(&name) {
                    Ok(None)
                } else {
                    Err(Unknown)
                };
            };
            return Ok(match field {
                "share" => Some(a.share),
                "confirmations" => Some(f64::from(a.confirmations)),
                "races" => n(a.races),
                "caught_up" => n(a.caught_up),
                "reversals" => n(a.reversals),
                "simulated" => a.simulated,
                "paper" => Some(a.paper),
                "exact" => Some(a.exact),
                "revenue_share" => a.revenue_share,
                "revenue_theory" => a.revenue_theory,
                "gamma" => a.gamma,
                _ => return Err(Unknown),
            });
        }
        Ok(match name {
            "participants" => Some(f64::from(m.run.participants)),
            "peers_down" => Some(f64::from(self.down)),
            "branches" => Some(f64::from(self.branches)),
            "time_ms" => Some(m.run.time_ms),
            "slots" => m.run.slots.map(|v| v as f64),
            "blocks_produced" => n(m.blocks.blocks_produced),
            "blocks_published" => n(m.blocks.blocks_published),
            "main_chain_length" => n(m.blocks.main_chain_length),
            "stale_rate" => Some(m.blocks.stale_rate),
            "forks.slot_battles" => n(m.blocks.forks.slot_battles),
            "forks.height_battles" => n(m.blocks.forks.height_battles),
            "forks.partition" => n(m.blocks.forks.partition),
            "forks.withheld" => n(m.blocks.forks.withheld),
            "multi_leader_slots" => m.blocks.multi_leader_slots.map(|v| v as f64),
            "active_slots" => m.blocks.active_slots.map(|v| v as f64),
            "rollbacks" => n(m.rollbacks.rollbacks),
            "max_rollback_depth" => Some(f64::from(m.rollbacks.max_rollback_depth)),
            "refused_switches" => n(m.rollbacks.refused_switches),
            "chain_growth_per_min" => Some(m.properties.chain_growth_per_min),
            "chain_quality" => m.properties.chain_quality,
            "propagation_p50_ms" => m.propagation.propagation_p50_ms,
            "propagation_p95_ms" => m.propagation.propagation_p95_ms,
            "propagation_blocks" => n(m.propagation.propagation_blocks),
            "tips_agree_fraction" => Some(m.agreement.tips_agree_fraction),
            "healed_at_ms" => m.agreement.healed_at_ms,
            "future_disconnects" => n(m.agreement.future_disconnects),
            "converged_ms_after_heal" => m.agreement.converged_ms_after_heal,
            "messages" => n(m.cost.messages),
            _ => return Err(Unknown),
        })
    }

    fn names(&self) -> Vec<String> {
        let rows = measured::ROW_KEYS
            .iter()
            .flat_map(|k| [format!("measured.{k}"), format!("theory.{k}")]);
        NAMES.iter().map(|s| s.to_string()).chain(rows).collect()
    }
}

/// A highlight's peer: `P3` → its id.
pub fn node(w: &World, highlight: &str) -> Option<u32> {
    w.engine().topology().find(highlight.trim()).map(|id| id.0)
}

/// Whether a highlight names a peer (`P3`) rather than a part of the page.
pub fn is_node(highlight: &str) -> bool {
    let h = highlight.trim();
    h.len() > 1 && h.starts_with('P') && h[1..].bytes().all(|b| b.is_ascii_digit())
}
