//! The first lesson's command line, `archsim`: the page's engine from a terminal.
//!
//! ```text
//! archsim --arch <client-server|federated|p2p|all> [--participants N] [--degree D] [--seed S]
//!         [--until-ms T] [--updates U] [--rate R] [--loss P] [--latency-ms MIN..MAX]
//!         [--relay-ms B] [--workload <default|flood>] [--clock-offset-ms X]
//!         [--clock-drift-ppm P] [--fail NODE@MS]... [--recover NODE@MS]...
//!         [--cut A-B@MS]... [--heal A-B@MS]... [--json]
//! archsim --scenario <link-or-file> [--arch …] [--json]
//! ```

use super::link;
use super::model::{Engine, SimConfig, Workload};
use super::report::Report;
use super::world::World;
use crate::shell::cli::{Common, node_at, number, range, read_link, warn};
use crate::sim::{Arch, FaultSpec, ScheduledFault};

/// The runner's usage.
pub const USAGE: &str = "usage: archsim --arch <client-server|federated|p2p|all> [--participants N] [--degree D] [--seed S] [--until-ms T] [--updates U] [--rate R] [--loss P] [--latency-ms MIN..MAX] [--relay-ms B] [--workload <default|flood>] [--clock-offset-ms X] [--clock-drift-ppm P] [--fail NODE@MS]... [--recover NODE@MS]... [--cut A-B@MS]... [--heal A-B@MS]... [--json]\n       archsim --scenario <link-or-file> [--arch A] [--json]   (the page's link: same numbers as the page)
       archsim chain --help   (a blockchain on the peer-to-peer network)
       archsim tour check FILE…   (replays a guided tour and checks its claims)";

/// Longest virtual run the runner accepts: one day.
const MAX_UNTIL_MS: u64 = 86_400_000;

/// What the command line asks for.
pub struct Args {
    archs: Vec<Arch>,
    cfg: SimConfig,
    until_ms: u64,
    common: Common,
}

/// Reads the command line; `Ok(None)`: help was asked for.
pub fn parse(argv: &[String]) -> Result<Option<Args>, String> {
    let mut cfg = SimConfig::default();
    let mut archs = Arch::ALL.to_vec();
    let mut until_ms = 20_000;
    let read = Common::read(argv, |flag, flags| {
        match flag {
            "--arch" => {
                let v = flags.value(flag)?;
                archs = if v == "all" {
                    Arch::ALL.to_vec()
                } else {
                    vec![Arch::parse(v).ok_or_else(|| {
                        format!("--arch: unknown architecture '{v}' (client-server, federated, p2p or all)")
                    })?]
                };
            }
            "--participants" => cfg.participants = flags.number(flag)?,
            "--degree" => cfg.degree = flags.number(flag)?,
            "--seed" => cfg.seed = flags.number(flag)?,
            "--until-ms" => until_ms = flags.number(flag)?,
            "--updates" => cfg.updates = flags.number(flag)?,
            "--rate" => cfg.update_rate = flags.number(flag)?,
            "--loss" => cfg.loss = flags.number(flag)?,
            "--relay-ms" => cfg.relay_ms = flags.number(flag)?,
            "--latency-ms" => {
                (cfg.latency_min_ms, cfg.latency_max_ms) = range(flag, flags.value(flag)?, "..")?;
            }
            "--workload" => {
                cfg.workload = match flags.value(flag)? {
                    "default" => Workload::Default,
                    "flood" => Workload::Flood,
                    v => {
                        return Err(format!(
                            "--workload: unknown workload '{v}' (default or flood)"
                        ));
                    }
                }
            }
            "--clock-offset-ms" => cfg.clock_offset_ms = flags.number(flag)?,
            "--clock-drift-ppm" => cfg.clock_drift_ppm = flags.number(flag)?,
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
            "--cut" | "--heal" => {
                let (a, b, at_ms) = link_at(flag, flags.value(flag)?)?;
                let fault = if flag == "--cut" {
                    FaultSpec::Cut { a, b }
                } else {
                    FaultSpec::Heal { a, b }
                };
                cfg.faults.push(ScheduledFault { at_ms, fault });
            }
            other => return Err(format!("unknown argument '{other}'")),
        }
        Ok(())
    })?;
    let Some(common) = read else {
        return Ok(None);
    };
    if until_ms > MAX_UNTIL_MS {
        return Err(format!(
            "--until-ms: {until_ms} is out of range (at most {MAX_UNTIL_MS})"
        ));
    }
    if cfg.workload == Workload::Flood && cfg.updates == 0 {
        cfg.updates = 20;
    }
    cfg.validate().map_err(|e| e.to_string())?;
    Ok(Some(Args {
        archs,
        cfg,
        until_ms,
        common,
    }))
}

/// `A-B@MS`: a link's two ends and a time.
fn link_at(flag: &str, v: &str) -> Result<(String, String, u64), String> {
    let shape = || format!("{flag}: '{v}' is not A-B@MS (for example S0-C3@5000)");
    let (ends, at) = v.split_once('@').ok_or_else(shape)?;
    let (a, b) = ends
        .split_once('-')
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .ok_or_else(shape)?;
    Ok((a.to_string(), b.to_string(), number(flag, at)?))
}

/// The config for one architecture: faults naming nodes it does not have are left out.
fn config_for(arch: Arch, cfg: &SimConfig) -> Result<SimConfig, String> {
    let probe = SimConfig {
        faults: Vec::new(),
        ..cfg.clone()
    };
    let topo = crate::sim::Topology::build(arch, &probe.shape()).map_err(|e| e.to_string())?;
    Ok(SimConfig {
        faults: cfg
            .faults
            .iter()
            .filter(|f| f.fault.resolve(&topo).is_ok())
            .cloned()
            .collect(),
        ..probe
    })
}

/// Replays a page link exactly as the page does.
fn run_scenario(args: &Args, arg: &str) -> Result<Vec<Report>, String> {
    let decoded = link::decode(&read_link(arg)?);
    warn(&decoded.problems);
    let (world, problems) =
        World::load(&decoded.scenario).map_err(|e| format!("--scenario: {e}"))?;
    warn(&problems);
    Ok(args
        .archs
        .iter()
        .map(|&a| Report::of(world.engine(a)))
        .collect())
}

fn reports(args: &Args) -> Result<Vec<Report>, String> {
    if let Some(s) = &args.common.scenario {
        return run_scenario(args, s);
    }
    // Every fault must name a node of at least one of the chosen architectures.
    let configs: Vec<SimConfig> = args
        .archs
        .iter()
        .map(|&a| config_for(a, &args.cfg))
        .collect::<Result<_, _>>()?;
    for f in &args.cfg.faults {
        if !configs.iter().any(|c| c.faults.contains(f)) {
            return Err(match &f.fault {
                FaultSpec::Cut { a, b } | FaultSpec::Heal { a, b } => format!(
                    "--{}: no link between {a} and {b} in the chosen architecture(s)",
                    if matches!(f.fault, FaultSpec::Cut { .. }) {
                        "cut"
                    } else {
                        "heal"
                    }
                ),
                other => format!(
                    "--{}: unknown node id '{}' in the chosen architecture(s)",
                    if matches!(other, FaultSpec::Crash { .. }) {
                        "fail"
                    } else {
                        "recover"
                    },
                    other.labels().join(", ")
                ),
            });
        }
    }
    let mut reports = Vec::new();
    for (&arch, cfg) in args.archs.iter().zip(&configs) {
        let mut engine = Engine::new(arch, cfg).map_err(|e| format!("{arch}: {e}"))?;
        match cfg.workload {
            Workload::Flood => {
                engine.run_until_idle(u64::MAX);
            }
            Workload::Default => engine.advance_to(crate::sim::time::from_ms(args.until_ms)),
        }
        reports.push(Report::of(&engine));
    }
    Ok(reports)
}

fn opt(v: Option<f64>, unit: &str) -> String {
    v.map_or("—".to_string(), |v| format!("{v:.1}{unit}"))
}

fn summary(r: &Report) -> String {
    let m = &r.metrics;
    format!(
        "{arch} — {p} participants, seed {seed}, t = {t:.0} ms, {ev} events, {del} deliveries, trace {hash}\n\
         \x20 network      {n:<6} (lesson: {rn}) {nr}\n\
         \x20 liveliness   {l:<6} (lesson: {rl}) {lr}\n\
         \x20 timing       {ti:<6} (lesson: {rt}) {tr}\n\
         \x20 reachable {reach:.0} %, worst single failure cuts off {worst:.0} %, propagation p99 {p99}, max skew {skew:.1} ms\n",
        arch = r.arch,
        p = r.participants,
        seed = r.seed,
        t = r.time_ms,
        ev = r.events,
        del = r.deliveries,
        hash = r.trace_hash,
        n = r.ratings.network.name(),
        rn = r.reference.network.name(),
        nr = r.reasons.network,
        l = r.ratings.liveliness.name(),
        rl = r.reference.liveliness.name(),
        lr = r.reasons.liveliness,
        ti = r.ratings.timing.name(),
        rt = r.reference.timing.name(),
        tr = r.reasons.timing,
        reach = m.state.reachable_fraction * 100.0,
        worst = m.resilience.worst_single_failure_fraction * 100.0,
        p99 = opt(m.liveliness.propagation_p99_ms, " ms"),
        skew = m.timing.max_clock_skew_ms,
    )
}

/// Runs the command line's scenario: the reports as text or JSON.
pub fn run(args: &Args) -> Result<String, String> {
    let reports = reports(args)?;
    if args.common.json {
        let out = if reports.len() == 1 {
            serde_json::to_string_pretty(&reports[0])
        } else {
            serde_json::to_string_pretty(&reports)
        };
        return Ok(format!("{}\n", out.expect("reports serialise")));
    }
    Ok(reports
        .iter()
        .map(|r| format!("{}\n", summary(r)))
        .collect())
}
