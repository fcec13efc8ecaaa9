//! The headless runner: the page's engine and scenario format, from the command line.
//!
//! archsim --arch <client-server|federated|p2p|all> [--participants N] [--degree D] [--seed S]
//!         [--until-ms T] [--updates U] [--rate R] [--loss P] [--latency-ms MIN..MAX]
//!         [--relay-ms B] [--workload <default|flood>] [--fail NODE@MS]... [--json]
//! archsim --scenario <link-or-file> [--arch …] [--json]
//! archsim chain […]   (the consensus lesson: see `archsim chain --help`)
//! archsim tour check FILE…   (replays a guided tour and checks every claim it makes)

mod args;
mod chain;
mod tour;

use std::process::ExitCode;

use args::{Flags, number, range};

use archsim::report::Report;
use archsim::sim::{Arch, Engine, FaultSpec, ScheduledFault, SimConfig, Workload};

const USAGE: &str = "usage: archsim --arch <client-server|federated|p2p|all> [--participants N] [--degree D] [--seed S] [--until-ms T] [--updates U] [--rate R] [--loss P] [--latency-ms MIN..MAX] [--relay-ms B] [--workload <default|flood>] [--fail NODE@MS]... [--json]\n       archsim --scenario <link-or-file> [--arch A] [--json]   (the page's link: same numbers as the page)
       archsim chain --help   (a blockchain on the peer-to-peer network)
       archsim tour check FILE…   (replays a guided tour and checks its claims)";

/// Largest scenario file read.
const MAX_SCENARIO_FILE: u64 = 64 * 1024;

/// Longest virtual run the runner accepts: one day.
const MAX_UNTIL_MS: u64 = 86_400_000;

struct Args {
    archs: Vec<Arch>,
    cfg: SimConfig,
    until_ms: u64,
    json: bool,
    scenario: Option<String>,
}

fn parse(argv: &[String]) -> Result<Option<Args>, String> {
    let mut cfg = SimConfig::default();
    let mut archs = Arch::ALL.to_vec();
    let mut until_ms = 20_000;
    let mut json = false;
    let mut scenario = None;
    let mut flags = Flags::new(argv);
    while let Some(flag) = flags.next_flag() {
        match flag {
            "--help" | "-h" => return Ok(None),
            "--json" => json = true,
            "--scenario" => scenario = Some(flags.value(flag)?.to_string()),
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
            "--fail" => {
                let v = flags.value(flag)?;
                let (node, at) = v
                    .split_once('@')
                    .ok_or_else(|| format!("--fail: '{v}' is not NODE@MS (for example S0@5000)"))?;
                cfg.faults.push(ScheduledFault {
                    at_ms: number(flag, at)?,
                    fault: FaultSpec::Crash {
                        node: node.to_string(),
                    },
                });
            }
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
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
        json,
        scenario,
    }))
}

/// The config for one architecture: faults naming nodes it does not have are left out.
fn config_for(arch: Arch, cfg: &SimConfig) -> Result<SimConfig, String> {
    let probe = SimConfig {
        faults: Vec::new(),
        ..cfg.clone()
    };
    let topo = archsim::sim::Topology::build(arch, &probe.shape()).map_err(|e| e.to_string())?;
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

/// The link itself, or the contents of the file it names.
pub(crate) fn read_link(arg: &str) -> Result<String, String> {
    let looks_like_link = arg.contains('#') || arg.starts_with("v=") || arg.contains("://");
    if looks_like_link {
        return Ok(arg.to_string());
    }
    let meta =
        std::fs::metadata(arg).map_err(|e| format!("--scenario: cannot read '{arg}': {e}"))?;
    if meta.len() > MAX_SCENARIO_FILE {
        return Err(format!(
            "--scenario: '{arg}' is larger than {MAX_SCENARIO_FILE} bytes"
        ));
    }
    std::fs::read_to_string(arg)
        .map(|s| archsim::scenario::link_from_export(&s))
        .map_err(|e| format!("--scenario: cannot read '{arg}': {e}"))
}

/// Replays a page link exactly as the page does.
fn run_scenario(args: &Args, arg: &str) -> Result<Vec<Report>, String> {
    let decoded = archsim::scenario::decode(&read_link(arg)?);
    for p in &decoded.problems {
        eprintln!("archsim: warning: {p}");
    }
    let (world, problems) =
        archsim::world::World::load(&decoded.scenario).map_err(|e| format!("--scenario: {e}"))?;
    for p in &problems {
        eprintln!("archsim: warning: {p}");
    }
    Ok(args
        .archs
        .iter()
        .map(|&a| Report::of(world.engine(a)))
        .collect())
}

fn run(args: &Args) -> Result<Vec<Report>, String> {
    if let Some(s) = &args.scenario {
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
            let labels = f.fault.labels().join(", ");
            return Err(format!(
                "--fail: unknown node id '{labels}' in the chosen architecture(s)"
            ));
        }
    }
    let mut reports = Vec::new();
    for (&arch, cfg) in args.archs.iter().zip(&configs) {
        let mut engine = Engine::new(arch, cfg).map_err(|e| format!("{arch}: {e}"))?;
        match cfg.workload {
            Workload::Flood => {
                engine.run_until_idle(u64::MAX);
            }
            Workload::Default => engine.advance_to(archsim::sim::time::from_ms(args.until_ms)),
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
        reach = m.reachable_fraction * 100.0,
        worst = m.worst_single_failure_fraction * 100.0,
        p99 = opt(m.propagation_p99_ms, " ms"),
        skew = m.max_clock_skew_ms,
    )
}

/// Writes `text` to standard output; a closed pipe (`archsim … | head`) ends the run quietly.
fn emit(text: &str) -> Result<(), ()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(()),
        Err(e) => {
            eprintln!("archsim: cannot write the output: {e}");
            Err(())
        }
    }
}

fn chain_main(argv: &[String]) -> ExitCode {
    let args = match chain::parse(argv) {
        Ok(Some(a)) => a,
        Ok(None) => {
            let _ = emit(&format!("{}\n", chain::USAGE));
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("archsim chain: {e}");
            return ExitCode::from(2);
        }
    };
    match chain::run(&args) {
        Ok(m) => {
            let out = if args.json() {
                format!(
                    "{}\n",
                    serde_json::to_string_pretty(&m).expect("metrics serialise")
                )
            } else {
                chain::text(&m)
            };
            let _ = emit(&out);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("archsim chain: {e}");
            ExitCode::from(2)
        }
    }
}

/// `archsim tour check FILE…`: 0 when every claim of every file holds, 1 when one does not,
/// 2 when a file cannot be read. `archsim tour json FILE`, `archsim tour link FILE`.
fn tour_main(argv: &[String]) -> ExitCode {
    let fail = |e: String| {
        eprintln!("archsim tour: {e}");
        ExitCode::from(2)
    };
    match argv {
        [cmd, files @ ..] if cmd == "check" && !files.is_empty() => {
            let mut all_hold = true;
            for f in files {
                match tour::check_file(f) {
                    Ok((report, ok)) => {
                        all_hold &= ok;
                        if emit(&report).is_err() {
                            break;
                        }
                    }
                    Err(e) => return fail(e),
                }
            }
            if all_hold {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        [cmd, file] if cmd == "json" => match tour::read(file) {
            Ok(t) => {
                let _ = emit(&tour::page_json(&t));
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        [cmd, file, rest @ ..] if cmd == "link" => {
            let base = match rest {
                [] => "",
                [flag, url] if flag == "--base" => url.as_str(),
                _ => return fail(format!("link: expected FILE [--base URL]\n{}", tour::USAGE)),
            };
            let t = match tour::read(file) {
                Ok(t) => t,
                Err(e) => return fail(e),
            };
            match tour::check_file(file) {
                Ok((_, true)) => {}
                Ok((report, false)) => {
                    eprint!("{report}");
                    eprintln!("archsim tour: no link for a tour whose claims do not all hold");
                    return ExitCode::from(1);
                }
                Err(e) => return fail(e),
            }
            let json = tour::page_json(&t);
            let compact: serde_json::Value = serde_json::from_str(&json).expect("just written");
            let fragment = archsim::tour::encode(&compact.to_string());
            if fragment.len() > archsim::link::MAX_LINK_BYTES {
                return fail(format!(
                    "the tour is too long for a link ({} characters; at most {})",
                    fragment.len(),
                    archsim::link::MAX_LINK_BYTES
                ));
            }
            let base = base.trim_end_matches('/');
            let sep = if base.is_empty() { "" } else { "/" };
            let _ = emit(&format!(
                "{base}{sep}{}?tour=1#tour={fragment}\n",
                tour::page_path(t.lesson)
            ));
            ExitCode::SUCCESS
        }
        [help] if help == "--help" || help == "-h" => {
            let _ = emit(&format!("{}\n", tour::USAGE));
            ExitCode::SUCCESS
        }
        _ => fail(format!("expected check, json or link\n{}", tour::USAGE)),
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.first().map(String::as_str) == Some("chain") {
        return chain_main(&argv[1..]);
    }
    if argv.first().map(String::as_str) == Some("tour") {
        return tour_main(&argv[1..]);
    }
    let args = match parse(&argv) {
        Ok(Some(a)) => a,
        Ok(None) => {
            let _ = emit(&format!("{USAGE}\n"));
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("archsim: {e}");
            return ExitCode::from(2);
        }
    };
    let reports = match run(&args) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("archsim: {e}");
            return ExitCode::from(2);
        }
    };
    if args.json {
        let out = if reports.len() == 1 {
            serde_json::to_string_pretty(&reports[0])
        } else {
            serde_json::to_string_pretty(&reports)
        };
        let _ = emit(&format!("{}\n", out.expect("reports serialise")));
    } else {
        for r in &reports {
            if emit(&format!("{}\n", summary(r))).is_err() {
                break;
            }
        }
    }
    ExitCode::SUCCESS
}
