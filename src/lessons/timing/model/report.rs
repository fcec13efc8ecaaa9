//! A timing run's measurements, as `archsim timing --json` prints them: the clocks' (the same
//! under every ordering rule, since clock synchronisation carries no payments), then, for each
//! rule run, what the payments did and what the logical clocks' independent check found.

use serde::Serialize;

use super::config::{Order, TimingConfig};
use super::engine::TimingEngine;
use crate::sim::error::ConfigError;
use crate::sim::time::{MS, SECOND};

/// The whole report.
#[derive(Clone, Debug, Serialize)]
pub struct TimingReport {
    /// Nodes.
    pub nodes: u32,
    /// Server strata.
    pub strata: u32,
    /// Seed.
    pub seed: u64,
    /// Length of the run, s.
    pub until_s: u64,
    /// `slew` or `step`.
    pub correct: &'static str,
    /// The clocks.
    pub sync: SyncReport,
    /// Times a step moved a clock back.
    pub backwards_steps: u64,
    /// Messages received at a local time before their local send time, over every rule run.
    pub receive_before_send: u64,
    /// Pairs a → b with L(a) ≥ L(b), over every rule run's checked events: 0 by Lamport's rule.
    pub lamport_violations: u64,
    /// Pairs where V(a) < V(b) and a → b disagree, over every rule run's checked events.
    pub vector_mismatches: u64,
    /// The share of checked pairs of events that are concurrent (neither happened before the
    /// other), over every rule run.
    pub concurrent_fraction: Option<f64>,
    /// Each rule run.
    pub orders: Orders,
    /// A hash over every rule run's trace.
    pub trace_hash: String,
}

/// The clocks' measurements.
#[derive(Clone, Debug, Serialize)]
pub struct SyncReport {
    /// Exchanges completed.
    pub exchanges: u64,
    /// Exchanges whose θ missed the true offset by more than δ/2: 0 while no clock runs
    /// backwards during an exchange.
    pub bound_violations: u64,
    /// Median |θ − true offset| over the exchanges, ms.
    pub offset_error_ms_p50: Option<f64>,
    /// 99th percentile of the same, ms.
    pub offset_error_ms_p99: Option<f64>,
    /// The largest spread between two running clocks, sampled each second, ms.
    pub max_skew_ms: f64,
    /// The spread at the end, ms.
    pub final_skew_ms: f64,
    /// From when clock errors are averaged (a clock could have slewed off its start), s.
    pub settled_from_s: f64,
    /// Mean |clock − true time| per stratum once settled (the last entry: the clients).
    pub stratum_error_ms: Vec<StratumError>,
    /// Nodes with no server answering at the end (running free).
    pub free_running: u32,
}

/// One stratum's clock error.
#[derive(Clone, Debug, Serialize)]
pub struct StratumError {
    /// Its number (1 reads the reference).
    pub stratum: u32,
    /// Mean |clock − true time| over its running nodes, sampled each second once settled, ms.
    pub mean_abs_error_ms: Option<f64>,
}

/// One report per rule run, under its name.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Orders {
    /// In the order they arrive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arrival: Option<OrderReport>,
    /// By the sender's clock after a hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub physical: Option<OrderReport>,
    /// By Lamport timestamp, once every sender has sent something later.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lamport: Option<OrderReport>,
    /// Vector-clock causal delivery.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub causal: Option<OrderReport>,
    /// Numbered by one node.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequencer: Option<OrderReport>,
}

impl Orders {
    fn slot(&mut self, o: Order) -> &mut Option<OrderReport> {
        match o {
            Order::Arrival => &mut self.arrival,
            Order::Physical => &mut self.physical,
            Order::Lamport => &mut self.lamport,
            Order::Causal => &mut self.causal,
            Order::Sequencer => &mut self.sequencer,
        }
    }

    /// The report of rule `o`, if it ran.
    pub fn get(&self, o: Order) -> Option<&OrderReport> {
        match o {
            Order::Arrival => self.arrival.as_ref(),
            Order::Physical => self.physical.as_ref(),
            Order::Lamport => self.lamport.as_ref(),
            Order::Causal => self.causal.as_ref(),
            Order::Sequencer => self.sequencer.as_ref(),
        }
    }
}

/// What one rule did.
#[derive(Clone, Debug, Serialize)]
pub struct OrderReport {
    /// Payments made.
    pub payments: u64,
    /// Payments a holder did not make because its replica showed too little.
    pub declined: u64,
    /// Applications (a payment at a replica).
    pub applied: u64,
    /// Applications rejected for lack of funds.
    pub rejected: u64,
    /// Of those, the story's (Bob or Charlie lacking what they had been paid).
    pub story_rejected: u64,
    /// The share of replicas whose balances differ from the most common ones, over the
    /// payments every replica has decided.
    pub disagreeing_replicas_fraction: f64,
    /// Payments accepted by some replicas and rejected by others.
    pub split_payments: u64,
    /// Mean wait from a payment's arrival at a replica to its application, ms.
    pub mean_wait_ms: Option<f64>,
    /// Mean time from a payment's making to its application at a replica, ms.
    pub mean_latency_ms: Option<f64>,
    /// Applications made before a payment the payer had already seen.
    pub causal_inversions: u64,
    /// Payments received and not applied at the end (waiting, or for a node that is down).
    pub pending: u64,
    /// Messages received at a local time before their local send time.
    pub receive_before_send: u64,
    /// See [`TimingReport::lamport_violations`], for this run.
    pub lamport_violations: u64,
    /// See [`TimingReport::vector_mismatches`], for this run.
    pub vector_mismatches: u64,
    /// See [`TimingReport::concurrent_fraction`], for this run.
    pub concurrent_fraction: Option<f64>,
    /// Events checked by reachability.
    pub events_checked: u64,
    /// This run's trace hash.
    pub trace_hash: String,
}

fn quantile(sorted: &[u64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    Some(sorted[i] as f64 / MS as f64)
}

/// What run `e` did under its rule.
pub fn order_report(e: &TimingEngine) -> OrderReport {
    let s = e.order_stats();
    let check = e.logical().check();
    OrderReport {
        payments: s.made,
        declined: s.declined,
        applied: s.applied,
        rejected: s.rejected,
        story_rejected: s.story_rejected,
        disagreeing_replicas_fraction: e.disagreeing_fraction(),
        split_payments: e.split_payments(),
        mean_wait_ms: (s.applied > 0).then(|| s.wait_sum as f64 / s.applied as f64 / MS as f64),
        mean_latency_ms: (s.applied > 0)
            .then(|| s.latency_sum as f64 / s.applied as f64 / MS as f64),
        causal_inversions: s.causal_inversions,
        pending: e.pending(),
        receive_before_send: s.receive_before_send,
        lamport_violations: check.lamport_violations + e.logical().edge_violations,
        vector_mismatches: check.vector_mismatches,
        concurrent_fraction: check.concurrent_fraction,
        events_checked: check.events,
        trace_hash: format!("{:016x}", e.trace_hash()),
    }
}

/// The clocks of run `e`.
pub fn sync_report(e: &TimingEngine) -> SyncReport {
    let s = e.sync();
    let mut errors = s.errors.clone();
    errors.sort_unstable();
    SyncReport {
        exchanges: s.exchanges,
        bound_violations: s.bound_violations,
        offset_error_ms_p50: quantile(&errors, 0.5),
        offset_error_ms_p99: quantile(&errors, 0.99),
        max_skew_ms: s.max_skew as f64 / MS as f64,
        final_skew_ms: e.skew() as f64 / MS as f64,
        settled_from_s: e.settled_from() as f64 / SECOND as f64,
        stratum_error_ms: s
            .stratum_error
            .iter()
            .enumerate()
            .map(|(k, &(sum, n))| StratumError {
                stratum: k as u32 + 1,
                mean_abs_error_ms: (n > 0).then(|| sum / n as f64 / MS as f64),
            })
            .collect(),
        free_running: (0..e.config().nodes)
            .filter(|&n| !e.is_down(n) && e.free_running(n))
            .count() as u32,
    }
}

/// Runs `cfg` for `until_s` under each rule of `rules` and reports.
pub fn report(
    cfg: &TimingConfig,
    rules: &[Order],
    until_s: u64,
) -> Result<TimingReport, ConfigError> {
    let mut orders = Orders::default();
    let mut sync = None;
    let mut backwards = 0;
    let (mut rbs, mut lv, mut vm) = (0, 0, 0);
    let (mut concurrent, mut pairs) = (0.0, 0.0);
    let mut hash = crate::sim::trace::Trace::default();
    for &rule in rules {
        let mut e = TimingEngine::new(
            &TimingConfig {
                order: rule,
                ..cfg.clone()
            },
            until_s,
        )?;
        e.advance_to(until_s * SECOND);
        if sync.is_none() {
            sync = Some(sync_report(&e));
            backwards = e.sync().backwards_steps;
        }
        let r = order_report(&e);
        rbs += r.receive_before_send;
        lv += r.lamport_violations;
        vm += r.vector_mismatches;
        let n = r.events_checked as f64;
        let p = n * (n - 1.0) / 2.0;
        concurrent += r.concurrent_fraction.unwrap_or(0.0) * p;
        pairs += p;
        hash.add(e.trace_hash());
        *orders.slot(rule) = Some(r);
    }
    let sync = sync.ok_or_else(|| ConfigError::Inconsistent("no ordering rule to run".into()))?;
    Ok(TimingReport {
        nodes: cfg.nodes,
        strata: cfg.strata,
        seed: cfg.seed,
        until_s,
        correct: cfg.correct.name(),
        sync,
        backwards_steps: backwards,
        receive_before_send: rbs,
        lamport_violations: lv,
        vector_mismatches: vm,
        concurrent_fraction: (pairs > 0.0).then(|| concurrent / pairs),
        orders,
        trace_hash: format!("{:016x}", hash.value()),
    })
}
