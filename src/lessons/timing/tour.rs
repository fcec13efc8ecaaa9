//! The timing lesson's measured values by name, for tour claims: the runner's JSON fields
//! (`sync.exchanges`, `sync.bound_violations`, `backwards_steps`, `lamport_violations`, …),
//! each rule's as `<rule>.<field>` (`arrival.story_rejected`, `causal.disagreeing_replicas_fraction`),
//! the spread of the clocks now (`skew_ms`), each node's clock error (`error_ms.Alice`), and
//! `time_ms`, `nodes_down`.

use super::model::Order;
use super::model::report::{OrderReport, SyncReport, order_report, sync_report};
use super::world::World;
use crate::sim::time::MS;
use crate::tour::{Measured, Unknown};

/// What a timing world has measured.
pub struct Values {
    /// Virtual time, ms.
    pub time_ms: u64,
    /// Nodes down.
    pub nodes_down: u32,
    /// Spread of the running clocks now, ms.
    pub skew_ms: f64,
    /// Steps back in time.
    pub backwards_steps: u64,
    /// The clocks.
    pub sync: SyncReport,
    /// Each node's name and clock error now, ms.
    pub errors: Vec<(String, f64)>,
    /// Each rule's report, in [`Order::ALL`]'s order.
    pub orders: Vec<OrderReport>,
}

/// Measures the world as it stands.
pub fn measure(w: &World) -> Values {
    let e = &w.engines()[0];
    let layout = e.layout();
    Values {
        time_ms: w.now() / MS,
        nodes_down: (0..layout.nodes).filter(|&n| e.is_down(n)).count() as u32,
        skew_ms: e.skew() as f64 / MS as f64,
        backwards_steps: e.sync().backwards_steps,
        sync: sync_report(e),
        errors: (0..layout.nodes)
            .map(|n| (layout.name(n), e.error(n) as f64 / MS as f64))
            .collect(),
        orders: w.engines().iter().map(order_report).collect(),
    }
}

/// Where the page shows the value `name` (a CSS selector), or none when it does not.
pub fn shown(name: &str) -> Option<String> {
    if let Some((rule, field)) = name.split_once('.')
        && Order::ALL.iter().any(|o| o.name() == rule)
    {
        return SHOWN_FIELDS
            .contains(&field)
            .then(|| format!("#rule-{rule} .{}", field.replace('_', "-")));
    }
    if name
        .strip_prefix("error_ms.")
        .is_some_and(super::link::is_name)
    {
        return Some("#clocks".into());
    }
    AT.iter()
        .find(|(n, _)| *n == name)
        .map(|(_, at)| at.to_string())
}

/// Where the page shows each value that is not a rule's or a node's.
const AT: &[(&str, &str)] = &[
    ("time_ms", ".clock"),
    ("nodes_down", "#status"),
    ("skew_ms", "#status"),
    ("max_skew_ms", "#row-skew .measured"),
    ("backwards_steps", "#row-backwards .measured"),
    ("free_running", "#row-free .measured"),
    ("sync.exchanges", "#row-bound .measured"),
    ("sync.bound_violations", "#row-bound .measured"),
    ("sync.offset_error_ms_p50", "#row-error .measured"),
    ("sync.offset_error_ms_p99", "#row-error .measured"),
    ("lamport_violations", "#row-lamport .measured"),
    ("vector_mismatches", "#row-vector .measured"),
    ("concurrent_fraction", "#row-concurrent .measured"),
];

/// The rule fields the ledger's table shows, one column each.
pub const SHOWN_FIELDS: &[&str] = &[
    "applied",
    "rejected",
    "story_rejected",
    "disagreeing_replicas_fraction",
    "mean_wait_ms",
    "causal_inversions",
    "pending",
];

/// A highlight's node: `Alice`, `S1a` → its number.
pub fn node(w: &World, highlight: &str) -> Option<u32> {
    w.engines()[0].layout().find(highlight)
}

/// The value names besides the per-rule and per-node ones.
pub const NAMES: &[&str] = &[
    "time_ms",
    "nodes_down",
    "skew_ms",
    "max_skew_ms",
    "backwards_steps",
    "free_running",
    "sync.exchanges",
    "sync.bound_violations",
    "sync.offset_error_ms_p50",
    "sync.offset_error_ms_p99",
    "lamport_violations",
    "vector_mismatches",
    "concurrent_fraction",
];

/// Each rule's fields.
pub const RULE_FIELDS: &[&str] = &[
    "payments",
    "applied",
    "rejected",
    "story_rejected",
    "split_payments",
    "disagreeing_replicas_fraction",
    "mean_wait_ms",
    "mean_latency_ms",
    "causal_inversions",
    "pending",
    "receive_before_send",
];

fn rule_field(r: &OrderReport, field: &str) -> Result<Option<f64>, Unknown> {
    let n = |v: u64| Some(v as f64);
    Ok(match field {
        "payments" => n(r.payments),
        "applied" => n(r.applied),
        "rejected" => n(r.rejected),
        "story_rejected" => n(r.story_rejected),
        "split_payments" => n(r.split_payments),
        "disagreeing_replicas_fraction" => Some(r.disagreeing_replicas_fraction),
        "mean_wait_ms" => r.mean_wait_ms,
        "mean_latency_ms" => r.mean_latency_ms,
        "causal_inversions" => n(r.causal_inversions),
        "pending" => n(r.pending),
        "receive_before_send" => n(r.receive_before_send),
        _ => return Err(Unknown),
    })
}

impl Values {
    /// The share of checked pairs of events that are concurrent, over every rule's run (as
    /// the runner's JSON reports it).
    pub fn concurrent_fraction(&self) -> Option<f64> {
        let (mut concurrent, mut pairs) = (0.0, 0.0);
        for r in &self.orders {
            let n = r.events_checked as f64;
            let p = n * (n - 1.0) / 2.0;
            concurrent += r.concurrent_fraction.unwrap_or(0.0) * p;
            pairs += p;
        }
        (pairs > 0.0).then(|| concurrent / pairs)
    }
}

impl Measured for Values {
    fn value(&self, name: &str) -> Result<Option<f64>, Unknown> {
        if let Some((rule, field)) = name.split_once('.')
            && let Some(i) = Order::ALL.iter().position(|o| o.name() == rule)
        {
            return rule_field(&self.orders[i], field);
        }
        if let Some(node) = name.strip_prefix("error_ms.") {
            return self
                .errors
                .iter()
                .find(|(n, _)| n == node)
                .map(|&(_, e)| Some(e))
                .ok_or(Unknown);
        }
        let s = &self.sync;
        let sum = |f: fn(&OrderReport) -> u64| Some(self.orders.iter().map(f).sum::<u64>() as f64);
        Ok(match name {
            "time_ms" => Some(self.time_ms as f64),
            "nodes_down" => Some(f64::from(self.nodes_down)),
            "skew_ms" => Some(self.skew_ms),
            "max_skew_ms" => Some(s.max_skew_ms),
            "backwards_steps" => Some(self.backwards_steps as f64),
            "free_running" => Some(f64::from(s.free_running)),
            "sync.exchanges" => Some(s.exchanges as f64),
            "sync.bound_violations" => Some(s.bound_violations as f64),
            "sync.offset_error_ms_p50" => s.offset_error_ms_p50,
            "sync.offset_error_ms_p99" => s.offset_error_ms_p99,
            "lamport_violations" => sum(|r| r.lamport_violations),
            "vector_mismatches" => sum(|r| r.vector_mismatches),
            "concurrent_fraction" => self.concurrent_fraction(),
            _ => return Err(Unknown),
        })
    }

    fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = NAMES.iter().map(|s| s.to_string()).collect();
        v.push("<rule>.<field> (rule: arrival, physical, lamport, causal, sequencer)".into());
        v.push("error_ms.<node>".into());
        v
    }

    fn each(&self) -> Vec<String> {
        let mut v: Vec<String> = NAMES.iter().map(|s| s.to_string()).collect();
        for o in Order::ALL {
            v.extend(RULE_FIELDS.iter().map(|f| format!("{}.{f}", o.name())));
        }
        v.extend(self.errors.iter().map(|(n, _)| format!("error_ms.{n}")));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::timing::model::TimingConfig;
    use crate::sim::time::SECOND;

    #[test]
    fn every_name_has_a_value_and_others_are_unknown() {
        let mut w = World::new(&TimingConfig::default()).unwrap();
        w.advance_to(120 * SECOND);
        let v = measure(&w);
        for name in v.each() {
            assert!(v.value(&name).is_ok(), "{name}");
        }
        assert_eq!(v.value("time_ms"), Ok(Some(120_000.0)));
        assert!(v.value("sync.exchanges").unwrap().unwrap() > 10.0);
        assert!(v.value("arrival.applied").unwrap().unwrap() > 100.0);
        assert_eq!(v.value("causal.story_rejected"), Ok(Some(0.0)));
        let alice = v.value("error_ms.Alice").unwrap().unwrap();
        let e = &w.engines()[0];
        assert_eq!(alice, e.error(e.layout().account(0)) as f64 / 1_000.0);
        for bad in [
            "arrival.nothing",
            "fastest.rejected",
            "error_ms.Zed",
            "nope",
        ] {
            assert_eq!(v.value(bad), Err(Unknown), "{bad}");
        }
        // Every value the page shows has a place; a rule's field the table has no column for
        // has none.
        for name in NAMES {
            assert!(shown(name).is_some(), "{name}");
        }
        assert_eq!(
            shown("arrival.rejected").unwrap(),
            "#rule-arrival .rejected"
        );
        assert_eq!(
            shown("causal.mean_wait_ms").unwrap(),
            "#rule-causal .mean-wait-ms"
        );
        assert_eq!(shown("arrival.payments"), None);
        assert_eq!(shown("error_ms.Alice").unwrap(), "#clocks");
    }
}
