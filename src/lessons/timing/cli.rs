//! The timing lesson's command line, `archsim timing`: its engine from a terminal.

use super::model::config::{MAX_UNTIL_S, STORY};
use super::model::report::{OrderReport, TimingReport};
use super::model::{Correct, Order, TimingConfig, report};
use crate::shell::cli::{Common, node_at, range, read_link, warn};
use crate::sim::fault::{FaultSpec, ScheduledFault};

/// The command's usage.
pub const USAGE: &str = "\
usage: archsim timing [--nodes N] [--strata S] [--drift-ppm P] [--offset-ms X]
                      [--latency-ms A..B] [--asymmetry-ms U/D] [--correct slew|step]
                      [--slew-ppm R] [--sync-s I]
                      [--order arrival|physical|lamport|causal|sequencer|all]
                      [--replicas R] [--accounts K] [--payments-per-s Q] [--round-ms M]
                      [--hold-ms H] [--heartbeat-ms B]
                      [--fail NODE@MS]... [--recover NODE@MS]... [--seed S] [--until-s T]
                      [--json]
       archsim timing --scenario <link-or-file> [--order R] [--json]

Simulates drifting clocks kept right by time servers, and payments applied by replicas under
an ordering rule, and prints what it measured.

  --nodes          every node: two time servers per stratum (S1a, S1b, S2a, ...), the account
                   holders (Alice, Bob, Charlie, Dave, ...), the replicas (R0, ...) and plain
                   clients (C0, ...) for the rest (default 12, or just enough for those)
  --strata         server strata below the reference clock; stratum 1 reads it, each
                   further one syncs to the one above, everyone else to the last (default 2)
  --drift-ppm      each oscillator runs fast or slow by up to this (default 50)
  --offset-ms      each clock starts up to this far off true time (default 100)
  --latency-ms     one-way delay of every message, drawn per message in A..B (default 10..120)
  --asymmetry-ms   instead, for clock exchanges: U ms toward the server, D ms back
  --correct        slew (default): a clock is slowed or sped up, never set back; step: set
                   at once, back in time if it was ahead
  --slew-ppm       the fastest a slew runs (default 500, as adjtime)
  --sync-s         each node asks each of its two servers this often (default 16; 0: never,
                   the clocks run free)
  --order          how replicas apply payments: arrival, physical (sender's clock, held
                   --hold-ms), lamport (total order by Lamport time, after every holder has
                   sent something later; idle holders send a heartbeat every
                   --heartbeat-ms), causal (vector clocks), sequencer (R0 numbers them),
                   or all (default) to run each in turn
  --replicas       replicas holding the ledger (default 3)
  --accounts       account holders, the first three being Alice, Bob and Charlie (default 3)
  --payments-per-s random payments among the holders beyond the three (default 0; needs at
                   least 5 holders)
  --round-ms       the story: every M ms Alice pays Bob 10, who, once paid, pays Charlie,
                   who pays Alice (default 2000)
  --hold-ms        physical: how long past its stamp a replica holds a payment (default 100)
  --heartbeat-ms   lamport: how often an idle holder says so (default 50)
  --fail, --recover crash or restart a node at a time (ms), e.g. S1a@60000, R0@5000
  --seed           seed of every draw (default 1)
  --until-s        how long to run (default 600)
  --scenario       a page's link (or a file holding one): its settings, failures and
                   recoveries, run to its moment
  --json           one JSON object instead of text

Every number is defined in the text output. Bad arguments exit with status 2.";

const LEGEND: &str = "
  rejected     applications refused for lack of funds
  story        of those, Bob's or Charlie's payment of money they had been paid
  split        payments some replicas accepted and others rejected
  disagreeing  the share of replicas whose balances differ from the most common ones, over
               the payments every replica has decided
  wait         from a payment's arrival at a replica to its applying there
  lat.         from its making to its applying
  inversions   applications made before a payment the payer had already seen
  pending      received and not yet applied
";

/// What the command line asks for.
pub struct TimingArgs {
    cfg: TimingConfig,
    rules: Vec<Order>,
    until_s: u64,
    common: Common,
}

/// Reads `argv`; `Ok(None)` for `--help`.
pub fn parse(argv: &[String]) -> Result<Option<TimingArgs>, String> {
    let mut cfg = TimingConfig::default();
    let mut rules = Order::ALL.to_vec();
    let mut until_s = 600;
    let mut nodes_given = false;
    let common = Common::read(argv, |flag, flags| {
        match flag {
            "--nodes" => {
                cfg.nodes = flags.number(flag)?;
                nodes_given = true;
            }
            "--strata" => cfg.strata = flags.number(flag)?,
            "--drift-ppm" => cfg.drift_ppm = flags.number(flag)?,
            "--offset-ms" => cfg.offset_ms = flags.number(flag)?,
            "--latency-ms" => {
                let (a, b) = range(flag, flags.value(flag)?, "..")?;
                cfg.latency_min_ms = a;
                cfg.latency_max_ms = b;
            }
            "--asymmetry-ms" => cfg.asymmetry = Some(range(flag, flags.value(flag)?, "/")?),
            "--correct" => {
                let v = flags.value(flag)?;
                cfg.correct = Correct::parse(v)
                    .ok_or_else(|| format!("{flag}: '{v}' is not slew or step"))?;
            }
            "--slew-ppm" => cfg.slew_ppm = flags.number(flag)?,
            "--sync-s" => cfg.sync_s = flags.number(flag)?,
            "--order" => {
                let v = flags.value(flag)?;
                rules = match v {
                    "all" => Order::ALL.to_vec(),
                    _ => vec![Order::parse(v).ok_or_else(|| {
                        format!(
                            "{flag}: '{v}' is not arrival, physical, lamport, causal, sequencer \
                             or all"
                        )
                    })?],
                };
            }
            "--replicas" => cfg.replicas = flags.number(flag)?,
            "--accounts" => cfg.accounts = flags.number(flag)?,
            "--payments-per-s" => cfg.payments_per_s = flags.number(flag)?,
            "--round-ms" => cfg.round_ms = flags.number(flag)?,
            "--hold-ms" => cfg.hold_ms = flags.number(flag)?,
            "--heartbeat-ms" => cfg.heartbeat_ms = flags.number(flag)?,
            "--seed" => cfg.seed = flags.number(flag)?,
            "--until-s" => until_s = flags.number(flag)?,
            "--fail" | "--recover" => {
                let (node, at_ms) = node_at(flag, flags.value(flag)?)?;
                let node = node.to_string();
                let fault = if flag == "--fail" {
                    FaultSpec::Crash { node }
                } else {
                    FaultSpec::Recover { node }
                };
                cfg.faults.push(ScheduledFault { at_ms, fault });
            }
            _ => return Err(format!("unknown flag '{flag}' (see --help)")),
        }
        Ok(())
    })?;
    let Some(common) = common else {
        return Ok(None);
    };
    if let Some(arg) = &common.scenario {
        let text = read_link(arg)?;
        let fragment = text.split_once('#').map_or(text.as_str(), |(_, f)| f);
        if !fragment.split('&').any(|p| p == "l=timing") {
            return Err("--scenario: this is not a timing-lesson link (it has no l=timing)".into());
        }
        let d = super::link::decode(&text);
        warn(&d.problems);
        cfg = d.scenario.cfg.clone();
        cfg.faults = d
            .scenario
            .log
            .iter()
            .map(|a| ScheduledFault {
                at_ms: a.at / crate::sim::time::MS,
                fault: a.fault.clone(),
            })
            .collect();
        if d.scenario.time_ms > 0 {
            until_s = d.scenario.time_ms.div_ceil(1_000);
        }
    }
    if !nodes_given {
        // Room for every server, holder and replica asked for.
        let least = cfg
            .servers()
            .saturating_add(cfg.accounts)
            .saturating_add(cfg.replicas);
        cfg.nodes = cfg.nodes.max(least);
    }
    if until_s > MAX_UNTIL_S {
        return Err(format!(
            "--until-s: {until_s} is more than a day ({MAX_UNTIL_S})"
        ));
    }
    cfg.validate(until_s).map_err(|e| e.to_string())?;
    Ok(Some(TimingArgs {
        cfg,
        rules,
        until_s,
        common,
    }))
}

/// Runs and prints.
pub fn run(args: &TimingArgs) -> Result<String, String> {
    let r = report(&args.cfg, &args.rules, args.until_s).map_err(|e| e.to_string())?;
    if args.common.json {
        let mut s = serde_json::to_string_pretty(&r).map_err(|e| e.to_string())?;
        s.push('\n');
        return Ok(s);
    }
    Ok(text(&args.cfg, &r))
}

fn ms(v: Option<f64>) -> String {
    v.map_or_else(|| "none yet".into(), |v| format!("{v:.3} ms"))
}

fn text(cfg: &TimingConfig, r: &TimingReport) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} nodes, {} server strata, {} s, clocks corrected by {} (seed {})",
        r.nodes, r.strata, r.until_s, r.correct, r.seed
    );
    let y = &r.sync;
    let _ = writeln!(s, "\nClocks");
    let _ = writeln!(
        s,
        "  exchanges                  {} (each: offset θ and round trip δ from four timestamps)",
        y.exchanges
    );
    let _ = writeln!(
        s,
        "  |θ − true offset| > δ/2    {} (the bound holds while no clock runs back mid-exchange)",
        y.bound_violations
    );
    let _ = writeln!(
        s,
        "  |θ − true offset|          median {}, 99th percentile {}",
        ms(y.offset_error_ms_p50),
        ms(y.offset_error_ms_p99)
    );
    let _ = writeln!(
        s,
        "  largest skew               {:.3} ms (spread of the running clocks, each second), \
         {:.3} ms at the end",
        y.max_skew_ms, y.final_skew_ms
    );
    for e in &y.stratum_error_ms {
        let who = if e.stratum > r.strata {
            "clients".to_string()
        } else {
            format!("stratum {}", e.stratum)
        };
        let _ = writeln!(
            s,
            "  error, {who:<19} {} (mean |clock − true time| from {:.0} s)",
            ms(e.mean_abs_error_ms),
            y.settled_from_s
        );
    }
    let _ = writeln!(s, "  running free               {}", y.free_running);
    let _ = writeln!(
        s,
        "  steps back in time         {} (a stepped clock set back)",
        r.backwards_steps
    );
    let _ = writeln!(
        s,
        "\nLogical clocks (first events of each run, by reachability)"
    );
    let _ = writeln!(
        s,
        "  a → b but L(a) ≥ L(b)      {}\n  V(a) < V(b) ≠ a → b        {}\n  concurrent pairs           {}",
        r.lamport_violations,
        r.vector_mismatches,
        r.concurrent_fraction
            .map_or("none".into(), |f| format!("{:.1} %", f * 100.0))
    );
    let _ = writeln!(
        s,
        "\nPayments: {} replicas, {} holders (Alice, Bob, Charlie{})",
        cfg.replicas,
        cfg.accounts,
        if cfg.accounts > STORY {
            format!(" and {} more", cfg.accounts - STORY)
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        s,
        "  {:<10} {:>8} {:>8} {:>8} {:>6} {:>6} {:>11} {:>8} {:>8} {:>10} {:>7}",
        "rule",
        "payments",
        "applied",
        "rejected",
        "story",
        "split",
        "disagreeing",
        "wait ms",
        "lat. ms",
        "inversions",
        "pending"
    );
    for o in Order::ALL {
        if let Some(x) = r.orders.get(o) {
            row(&mut s, o, x);
        }
    }
    s.push_str(LEGEND);
    let _ = writeln!(s, "\ntrace hash {}", r.trace_hash);
    s
}

fn row(s: &mut String, o: Order, x: &OrderReport) {
    use std::fmt::Write as _;
    let _ = writeln!(
        s,
        "  {:<10} {:>8} {:>8} {:>8} {:>6} {:>6} {:>10.0}% {:>8} {:>8} {:>10} {:>7}",
        o.name(),
        x.payments,
        x.applied,
        x.rejected,
        x.story_rejected,
        x.split_payments,
        x.disagreeing_replicas_fraction * 100.0,
        x.mean_wait_ms.map_or("-".into(), |w| format!("{w:.1}")),
        x.mean_latency_ms.map_or("-".into(), |w| format!("{w:.1}")),
        x.causal_inversions,
        x.pending
    );
}
