//! The first lesson's side of a tour: its measured values by name, and its actions.
//!
//! Names are `<architecture>.<metric>` (`client-server.reachable_fraction`,
//! `p2p.worst_single_failure_fraction`) and `<architecture>.rating.<challenge>`
//! (`federated.rating.timing`, a level: 0 low, 1 medium, 2 high).

use super::measured::{Challenge, Level, Ratings, rate};
use super::model::Metrics;
use crate::sim::Arch;
use crate::tour::{Measured, Unknown};
use std::rc::Rc;

use super::world::World;

/// The metrics a page shows, one per architecture, in [`Arch::ALL`] order.
pub struct Values(pub Rc<[(Metrics, Ratings); 3]>);

/// Each architecture's metrics and ratings, as the page measures them.
pub fn measure(w: &World) -> [(Metrics, Ratings); 3] {
    Arch::ALL.map(|a| {
        let m = w.engine(a).metrics();
        let r = rate(&m);
        (m, r)
    })
}

const METRICS: &[&str] = &[
    "participants",
    "live_participants",
    "reachable_participants",
    "reachable_fraction",
    "down_nodes",
    "cut_links",
    "worst_single_failure_fraction",
    "links_per_participant",
    "routers",
    "messages_per_delivery",
    "delivery_p99_ms",
    "late_or_missed_fraction",
    "stalled_ms",
    "updates_started",
    "sources_per_participant",
    "stale_fraction",
    "propagation_p50_ms",
    "propagation_p99_ms",
    "detection_delay_ms",
    "failures_detected",
    "max_clock_skew_ms",
    "sync_bound_ms",
    "order_disagreement_fraction",
    "disordered_pairs",
    "messages_delivered",
    "rating.network",
    "rating.liveliness",
    "rating.timing",
];

fn level(l: Level) -> f64 {
    match l {
        Level::Low => 0.0,
        Level::Medium => 1.0,
        Level::High => 2.0,
    }
}

impl Measured for Values {
    fn value(&self, name: &str) -> Result<Option<f64>, Unknown> {
        let (arch, metric) = name.split_once('.').ok_or(Unknown)?;
        let arch = Arch::parse(arch).ok_or(Unknown)?;
        let i = Arch::ALL.iter().position(|&a| a == arch).ok_or(Unknown)?;
        let (m, r) = &self.0[i];
        let n = |v: u32| Some(f64::from(v));
        Ok(match metric {
            "participants" => n(m.state.participants),
            "live_participants" => n(m.state.live_participants),
            "reachable_participants" => n(m.state.reachable_participants),
            "reachable_fraction" => Some(m.state.reachable_fraction),
            "down_nodes" => Some(m.state.down_nodes.len() as f64),
            "cut_links" => n(m.state.cut_links),
            "worst_single_failure_fraction" => Some(m.resilience.worst_single_failure_fraction),
            "links_per_participant" => Some(m.network.links_per_participant),
            "routers" => n(m.network.routers),
            "messages_per_delivery" => m.network.messages_per_delivery,
            "delivery_p99_ms" => m.liveliness.delivery_p99_ms,
            "late_or_missed_fraction" => m.liveliness.late_or_missed_fraction,
            "stalled_ms" => m.liveliness.stalled_ms,
            "updates_started" => n(m.liveliness.updates_started),
            "sources_per_participant" => m.liveliness.sources_per_participant,
            "stale_fraction" => Some(m.liveliness.stale_fraction),
            "propagation_p50_ms" => m.liveliness.propagation_p50_ms,
            "propagation_p99_ms" => m.liveliness.propagation_p99_ms,
            "detection_delay_ms" => m.liveliness.detection_delay_ms,
            "failures_detected" => n(m.liveliness.failures_detected),
            "max_clock_skew_ms" => Some(m.timing.max_clock_skew_ms),
            "sync_bound_ms" => Some(m.timing.sync_bound_ms),
            "order_disagreement_fraction" => Some(m.timing.order_disagreement_fraction),
            "disordered_pairs" => Some(m.timing.disordered_pairs as f64),
            "messages_delivered" => Some(m.counters.delivered as f64),
            "rating.network" => Some(level(r.get(Challenge::Network).level)),
            "rating.liveliness" => Some(level(r.get(Challenge::Liveliness).level)),
            "rating.timing" => Some(level(r.get(Challenge::Timing).level)),
            _ => return Err(Unknown),
        })
    }

    fn names(&self) -> Vec<String> {
        vec![format!(
            "<client-server|federated|p2p>.<{}>",
            METRICS.join("|")
        )]
    }
    fn each(&self) -> Vec<String> {
        Arch::ALL
            .iter()
            .flat_map(|a| METRICS.iter().map(move |m| format!("{}.{m}", a.name())))
            .collect()
    }
}

/// Where the page shows the value `name` (see [`crate::shell::lesson::Lesson::shown`]): a
/// rating, the resilience row, a key number or the panel's line of counts.
pub fn shown(name: &str) -> Option<String> {
    let (arch, metric) = name.split_once('.')?;
    let arch = Arch::parse(arch)?.name();
    if let Some(ch) = metric.strip_prefix("rating.") {
        let ch = Challenge::ALL.iter().find(|c| c.key() == ch)?.key();
        return Some(format!(
            ".ratings tr[data-challenge={ch}] td[data-arch={arch}]"
        ));
    }
    let cell = match metric {
        "worst_single_failure_fraction" => {
            return Some(format!("tr.resilience td[data-arch={arch}]"));
        }
        "participants" | "live_participants" | "reachable_participants" | "routers" => {
            return Some(format!("#panel-{arch} .facts"));
        }
        "disordered_pairs" => "order_disagreement_fraction",
        "sync_bound_ms" => "max_clock_skew_ms",
        "stalled_ms" => "delivery_p99_ms",
        m @ ("reachable_fraction"
        | "late_or_missed_fraction"
        | "delivery_p99_ms"
        | "sources_per_participant"
        | "max_clock_skew_ms"
        | "order_disagreement_fraction"
        | "messages_per_delivery"
        | "detection_delay_ms") => m,
        _ => return None,
    };
    Some(format!(
        ".metrics tr[data-arch={arch}] td[data-metric={cell}]"
    ))
}

/// A highlight's node: `client-server S0` → the panel and the node id.
pub fn node(w: &World, highlight: &str) -> Option<(usize, u32)> {
    let (arch, label) = highlight.split_once(' ')?;
    let arch = Arch::parse(arch.trim())?;
    let i = Arch::ALL.iter().position(|&a| a == arch)?;
    let id = w.engine(arch).topology().find(label.trim())?;
    Some((i, id.0))
}

/// Whether a highlight names a node (`client-server S0`) rather than a part of the page.
pub fn is_node(highlight: &str) -> bool {
    highlight
        .trim()
        .split_once(' ')
        .is_some_and(|(arch, _)| Arch::parse(arch).is_some())
}
