//! The consensus lesson's command line, `archsim consensus` (or `archsim chain`): its engine
//! from a terminal.

use super::link;
use super::measured;
use super::model::config::limits;
use super::model::{
    Adversary, ChainConfig, ChainEngine, ChainMetrics, ClockSkew, Consensus, DEFINITIONS, Latency,
    Stake, Strategy, TieBreak,
};
use super::world;
use crate::shell::cli::{Common, node_at, number, range, read_link, warn};
use crate::sim::fault::{FaultSpec, ScheduledFault};
use crate::sim::time::{MS, SECOND};

/// The command's usage.
pub const USAGE: &str = "\
usage: archsim chain [--consensus pow|praos] [--participants N] [--degree D] [--seed S]
                     [--latency-ms A..B | --delay-classes H1,H2,H3] [--block-kb K]
                     [--bandwidth-mbps M] [--block-interval-s T] [--active-slot-coeff f]
                     [--slot-ms L] [--stake equal|skewed] [--tie first-seen|lowest|restricted]
                     [--k K] [--clock-offset-ms X] [--clock-drift-ppm P]
                     [--clock-skew PEER:MS] [--loss L]
                     [--slots N | --until-s T] [--fail NODE@MS]... [--recover NODE@MS]...
                     [--partition P0-P59/P60-P119@FROM..TO]... [--adversary q]
                     [--strategy double-spend|selfish] [--confirmations z] [--gamma g]
                     [--json]
       archsim chain --scenario <link-or-file> [--json]

Simulates a blockchain on a peer-to-peer network and prints what it measured.

  --consensus         pow: blocks found at random, mean interval T; praos (default): slots,
                      each peer leader with chance 1 - (1 - f)^stake
  --participants      peers (default 100)            --degree  mean links per peer (default 8;
                                                                participants - 1 = full mesh)
  --latency-ms        each link's one-way latency, drawn once in A..B (near and far links),
                      plus up to a tenth more per message, never past B (default 10..100)
  --delay-classes     instead: each link short/medium/long with equal chance; the times are
                      one hop (announce + request + body) for a block of --block-kb, ms
  --block-kb          block size, kB (default 64)    --bandwidth-mbps  each peer's upload and
                                                     download, shared by its links: one body
                                                     at a time each way (default 100)
  --block-interval-s  pow: mean time between blocks (default 600)
  --active-slot-coeff praos: f, the chance a slot has a leader (default 0.05)
  --slot-ms           praos: slot length (default 1000)
  --stake             equal (default) or skewed (Zipf: share of rank r proportional to 1/r)
  --tie               which of two equal chains wins: first-seen (pow default), lowest
                      block value (praos default, Praos as published), or restricted: the
                      lower value only when the tips are at most 5 slots apart, else the
                      peer keeps its own (Cardano since Conway)
  --k                 the deepest rollback an honest peer accepts; a longer chain that needs
                      a deeper one is refused and counted (Praos's k, default 2160)
  --clock-offset-ms   each peer's clock off by up to this at the start (default 0)
  --clock-drift-ppm   and drifting by up to this (default 0)
  --clock-skew        one peer's clock this far ahead (or behind, negative), e.g. P5:2000
  --loss              chance that one send of a message is lost (default 0; at most 0.5);
                      it is sent again after 200 ms + twice the longest latency, as TCP does
  --slots / --until-s how long to run (default 3600 s for praos, 86400 s for pow)
  --fail, --recover   crash or restart a peer at a time (ms), e.g. P3@5000
  --partition         split the peers into two id ranges from FROM to TO ms (partitions
                      may follow one another but not overlap)
  --adversary         peer P0 becomes an attacker with this share
  --strategy          double-spend (default): a private chain to reverse a payment after the
                      merchant's --confirmations z (default 6); or selfish (Eyal and Sirer):
                      it withholds blocks to waste honest work
  --gamma             selfish: the share of honest power that builds on its block in a tie
                      (the honest peers that hear it first; default 0)
  --json              one JSON object instead of text

Every number is defined in the text output. Bad arguments exit with status 2.";

/// What the command line asks for.
pub struct ChainArgs {
    cfg: ChainConfig,
    until: u64,
    common: Common,
}

/// `P0-P59` (or one peer, `P7`) as an inclusive id range.
fn group(flag: &str, v: &str, n: u32) -> Result<(u32, u32), String> {
    let id = |s: &str| -> Result<u32, String> {
        let digits = s
            .strip_prefix('P')
            .ok_or_else(|| format!("{flag}: '{s}' is not a peer id like P12"))?;
        let i: u32 = number(flag, digits)?;
        if i >= n {
            return Err(format!(
                "{flag}: unknown node id '{s}' (peers are P0..P{})",
                n - 1
            ));
        }
        Ok(i)
    };
    let (a, b) = match v.split_once('-') {
        Some((a, b)) => (id(a)?, id(b)?),
        None => (id(v)?, id(v)?),
    };
    if a > b {
        return Err(format!("{flag}: range '{v}' runs backwards"));
    }
    Ok((a, b))
}

fn partition(v: &str, n: u32) -> Result<[ScheduledFault; 2], String> {
    const FLAG: &str = "--partition";
    let (groups, times) = v.split_once('@').ok_or_else(|| {
        format!("{FLAG}: '{v}' is not GROUPS@FROM..TO, e.g. P0-P59/P60-P119@60000..240000")
    })?;
    let (g1, g2) = groups
        .split_once('/')
        .ok_or_else(|| format!("{FLAG}: '{groups}' is not two groups like P0-P59/P60-P119"))?;
    let (a, b) = (group(FLAG, g1, n)?, group(FLAG, g2, n)?);
    let (first, second) = if a.0 <= b.0 { (a, b) } else { (b, a) };
    if first.0 != 0 || first.1 + 1 != second.0 || second.1 != n - 1 {
        return Err(format!(
            "{FLAG}: the two groups must split P0..P{} into two ranges with nothing left out or shared",
            n - 1
        ));
    }
    let (from, to) = range(FLAG, times, "..")?;
    if from >= to {
        return Err(format!(
            "{FLAG}: the partition must end after it starts ({from}..{to} ms)"
        ));
    }
    Ok([
        ScheduledFault {
            at_ms: from,
            fault: FaultSpec::Partition {
                side: (a.0..=a.1).map(|i| format!("P{i}")).collect(),
            },
        },
        ScheduledFault {
            at_ms: to,
            fault: FaultSpec::HealAll,
        },
    ])
}

/// How long to run: `--slots` (Praos) or `--until-s`, or a day (proof of work) or an hour.
fn run_length(cfg: &ChainConfig, slots: Option<u64>, until_s: Option<f64>) -> Result<u64, String> {
    let until = match (slots, until_s) {
        (Some(_), Some(_)) => return Err("give --slots or --until-s, not both".into()),
        (Some(n), None) => {
            if cfg.consensus != Consensus::Praos {
                return Err("--slots is for --consensus praos; use --until-s".into());
            }
            n.saturating_mul(u64::from(cfg.slot_ms)).saturating_mul(MS)
        }
        (None, Some(s)) => {
            if !(s.is_finite() && s > 0.0) {
                return Err(format!(
                    "--until-s: {s} must be a positive number of seconds"
                ));
            }
            (s * SECOND as f64).min(u64::MAX as f64) as u64
        }
        (None, None) => match cfg.consensus {
            Consensus::Praos => 3_600 * SECOND,
            Consensus::Pow => 86_400 * SECOND,
        },
    };
    if until > limits::MAX_TIME_MS * MS {
        return Err(format!(
            "the run is too long: at most {} days of virtual time",
            limits::MAX_TIME_MS / 86_400_000
        ));
    }
    Ok(until)
}

/// The `--fail`, `--recover` and `--partition` flags, as faults of `cfg`.
fn timed_faults(cfg: &mut ChainConfig, timed: Vec<(String, String)>) -> Result<(), String> {
    let mut spans: Vec<(u64, u64)> = Vec::new();
    for (flag, v) in timed {
        match flag.as_str() {
            "--partition" => {
                let [start, end] = partition(&v, cfg.participants.max(1))?;
                let span = (start.at_ms, end.at_ms);
                // A partition ends by healing every cut link, which would end another too.
                if let Some(o) = spans.iter().find(|o| span.0 <= o.1 && o.0 <= span.1) {
                    return Err(format!(
                        "--partition: {}..{} ms overlaps {}..{} ms; partitions may follow one another but not overlap",
                        span.0, span.1, o.0, o.1
                    ));
                }
                spans.push(span);
                cfg.faults.extend([start, end]);
            }
            _ => {
                let (node, at_ms) = node_at(&flag, &v)?;
                let node = node.to_string();
                cfg.faults.push(ScheduledFault {
                    at_ms,
                    fault: if flag == "--fail" {
                        FaultSpec::Crash { node }
                    } else {
                        FaultSpec::Recover { node }
                    },
                });
            }
        }
    }
    Ok(())
}

/// Reads the command line; `Ok(None)`: help was asked for.
pub fn parse(argv: &[String]) -> Result<Option<ChainArgs>, String> {
    let mut cfg = ChainConfig::default();
    let mut tie = None;
    let (mut slots, mut until_s) = (None, None);
    let mut adversary = None;
    let (mut strategy, mut gamma) = (None, None);
    let mut confirmations = None;
    let mut timed: Vec<(String, String)> = Vec::new();
    let read = Common::read(argv, |flag, flags| {
        match flag {
            "--consensus" => {
                let v = flags.value(flag)?;
                cfg.consensus = Consensus::parse(v).ok_or_else(|| {
                    format!("--consensus: unknown consensus '{v}' (pow or praos)")
                })?;
            }
            "--participants" => cfg.participants = flags.number(flag)?,
            "--degree" => cfg.degree = flags.number(flag)?,
            "--seed" => cfg.seed = flags.number(flag)?,
            "--latency-ms" => {
                let (min_ms, max_ms) = range(flag, flags.value(flag)?, "..")?;
                cfg.latency = Latency::Range { min_ms, max_ms };
            }
            "--delay-classes" => {
                let v = flags.value(flag)?;
                cfg.latency = Latency::Classes {
                    hop_ms: v
                        .split(',')
                        .map(|x| number(flag, x))
                        .collect::<Result<_, _>>()?,
                };
            }
            "--block-interval-s" => cfg.block_interval_s = flags.number(flag)?,
            "--active-slot-coeff" => cfg.active_slot_coeff = flags.number(flag)?,
            "--slot-ms" => cfg.slot_ms = flags.number(flag)?,
            "--stake" => {
                let v = flags.value(flag)?;
                cfg.stake = Stake::parse(v).ok_or_else(|| {
                    format!("--stake: unknown distribution '{v}' (equal or skewed)")
                })?;
            }
            "--block-kb" => cfg.block_kb = flags.number(flag)?,
            "--bandwidth-mbps" => cfg.bandwidth_mbps = flags.number(flag)?,
            "--k" => cfg.k = flags.number(flag)?,
            "--tie" => {
                let v = flags.value(flag)?;
                tie = Some(TieBreak::parse(v).ok_or_else(|| {
                    format!("--tie: unknown rule '{v}' (first-seen, lowest or restricted)")
                })?);
            }
            "--clock-offset-ms" => cfg.clock_offset_ms = flags.number(flag)?,
            "--clock-drift-ppm" => cfg.clock_drift_ppm = flags.number(flag)?,
            "--loss" => cfg.loss = flags.number(flag)?,
            "--clock-skew" => {
                let v = flags.value(flag)?;
                let (peer, ms) = v
                    .strip_prefix('P')
                    .and_then(|x| x.split_once(':'))
                    .ok_or_else(|| format!("{flag}: '{v}' is not PEER:MS, e.g. P5:2000"))?;
                cfg.clock_skew = Some(ClockSkew {
                    peer: number(flag, peer)?,
                    offset_ms: number(flag, ms)?,
                });
            }
            "--slots" => slots = Some(flags.number::<u64>(flag)?),
            "--until-s" => until_s = Some(flags.number::<f64>(flag)?),
            "--fail" | "--recover" | "--partition" => {
                timed.push((flag.to_string(), flags.value(flag)?.to_string()));
            }
            "--adversary" => adversary = Some(flags.number::<f64>(flag)?),
            "--confirmations" => confirmations = Some(flags.number::<u32>(flag)?),
            "--strategy" => {
                let v = flags.value(flag)?;
                strategy = Some(Strategy::parse(v).ok_or_else(|| {
                    format!("--strategy: unknown strategy '{v}' (double-spend or selfish)")
                })?);
            }
            "--gamma" => gamma = Some(flags.number::<f64>(flag)?),
            other => {
                return Err(format!(
                    "unknown argument '{other}' (see archsim chain --help)"
                ));
            }
        }
        Ok(())
    })?;
    let Some(common) = read else {
        return Ok(None);
    };
    cfg.tie = tie.unwrap_or(match cfg.consensus {
        Consensus::Pow => TieBreak::FirstSeen,
        Consensus::Praos => TieBreak::Lowest,
    });
    match (adversary, confirmations) {
        (Some(share), z) => {
            let strategy = strategy.unwrap_or(Strategy::DoubleSpend);
            if gamma.is_some() && strategy != Strategy::Selfish {
                return Err("--gamma needs --strategy selfish".into());
            }
            cfg.adversary = Some(Adversary {
                share,
                confirmations: z.unwrap_or(6),
                strategy,
                gamma: gamma.unwrap_or(0.0),
            })
        }
        (None, Some(_)) => return Err("--confirmations needs --adversary".into()),
        (None, None) if strategy.is_some() || gamma.is_some() => {
            return Err("--strategy and --gamma need --adversary".into());
        }
        (None, None) => {}
    }
    let until = run_length(&cfg, slots, until_s)?;
    // Faults need the final participant count, so they are read last.
    timed_faults(&mut cfg, timed)?;
    cfg.validate().map_err(|e| e.to_string())?;
    Ok(Some(ChainArgs { cfg, until, common }))
}

/// Runs the command line's scenario: the measurements as text or JSON.
pub fn run(args: &ChainArgs) -> Result<String, String> {
    let engine = measure(args)?;
    let m = engine.metrics();
    let theory = measured::lines(&engine);
    Ok(if args.common.json {
        /// The metrics, then the page's "measured beside theory" rows.
        #[derive(serde::Serialize)]
        struct Report<'a> {
            #[serde(flatten)]
            metrics: &'a ChainMetrics,
            theory: &'a [measured::Line],
        }
        let report = Report {
            metrics: &m,
            theory: &theory,
        };
        format!(
            "{}\n",
            serde_json::to_string_pretty(&report).expect("metrics serialise")
        )
    } else {
        text(&m) + &theory_text(&theory)
    })
}

/// The page's "measured beside theory" rows, in words.
pub fn theory_text(lines: &[measured::Line]) -> String {
    let mut out = String::from("  measured beside theory (the page's panel):\n");
    for l in lines {
        out.push_str(&format!(
            "    {:<36} {:<30} theory {}\n      {}\n",
            l.label,
            l.measured_text,
            l.theory_text.as_deref().unwrap_or("—"),
            l.why
        ));
    }
    out
}

fn measure(args: &ChainArgs) -> Result<ChainEngine, String> {
    if let Some(arg) = &args.common.scenario {
        let text = read_link(arg)?;
        if !link::is_chain_link(&text) {
            return Err("--scenario: this is a first-lesson link; run it without 'chain'".into());
        }
        let decoded = link::decode(&text);
        warn(&decoded.problems);
        let (world, problems) =
            world::replay(&decoded.scenario).map_err(|e| format!("--scenario: {e}"))?;
        warn(&problems);
        return Ok(world.engine().clone());
    }
    let mut engine = ChainEngine::new(&args.cfg).map_err(|e| e.to_string())?;
    engine.advance_to(args.until);
    Ok(engine)
}

fn ms(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| format!("{v:.0} ms"))
}

fn define(key: &str) -> &'static str {
    DEFINITIONS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, d)| d)
}

/// The measurements in words, each number beside its definition.
pub fn text(m: &ChainMetrics) -> String {
    let seconds = m.run.time_ms / 1000.0;
    let mut out = format!(
        "{} — {} peers, seed {}, {} s of virtual time{}, {} events, {} messages, trace {}\n",
        m.run.consensus,
        m.run.participants,
        m.run.seed,
        if seconds < 10.0 {
            format!("{seconds:.2}")
        } else {
            format!("{seconds:.0}")
        },
        m.run
            .slots
            .map_or(String::new(), |s| format!(" ({s} slots)")),
        m.cost.events,
        m.cost.messages,
        m.cost.trace_hash
    );
    let mut line = |key: &str, value: String| {
        out.push_str(&format!("  {key:<24} {value:<14} {}\n", define(key)));
    };
    let praos = m.run.slots.is_some();
    line("blocks_produced", m.blocks.blocks_produced.to_string());
    line("blocks_published", m.blocks.blocks_published.to_string());
    line("main_chain_length", m.blocks.main_chain_length.to_string());
    line(
        "stale_rate",
        format!("{:.3} %", m.blocks.stale_rate * 100.0),
    );
    if praos {
        line("slot_battles", m.blocks.forks.slot_battles.to_string());
    }
    line("height_battles", m.blocks.forks.height_battles.to_string());
    if m.blocks.forks.partition > 0 || m.agreement.healed_at_ms.is_some() {
        line("partition_forks", m.blocks.forks.partition.to_string());
    }
    if m.adversary.is_some() {
        line("withheld_forks", m.blocks.forks.withheld.to_string());
    }
    if let (Some(active), Some(multi)) = (m.blocks.active_slots, m.blocks.multi_leader_slots) {
        line("active_slots", active.to_string());
        line("multi_leader_slots", multi.to_string());
    }
    line("rollbacks", m.rollbacks.rollbacks.to_string());
    line(
        "max_rollback_depth",
        format!(
            "{}{}",
            if m.rollbacks.max_rollback_at_least {
                "at least "
            } else {
                ""
            },
            m.rollbacks.max_rollback_depth
        ),
    );
    if m.rollbacks.refused_switches > 0 {
        line("refused_switches", m.rollbacks.refused_switches.to_string());
    }
    line("propagation_p50_ms", ms(m.propagation.propagation_p50_ms));
    line("propagation_p95_ms", ms(m.propagation.propagation_p95_ms));
    line(
        "tips_agree_fraction",
        format!("{:.3}", m.agreement.tips_agree_fraction),
    );
    if m.agreement.future_disconnects > 0 {
        line(
            "future_disconnects",
            m.agreement.future_disconnects.to_string(),
        );
    }
    if let Some(h) = m.agreement.healed_at_ms {
        line("healed_at_ms", format!("{h:.0} ms"));
        line(
            "converged_ms_after_heal",
            m.agreement
                .converged_ms_after_heal
                .map_or("not yet".into(), |v| format!("{v:.0} ms")),
        );
    }
    if let Some(a) = m.adversary.as_ref().filter(|a| a.strategy == "selfish") {
        out.push_str(&format!(
            "  selfish mining: attacker P0 with share α = {}, γ = {} of honest power on its side in a tie\n",
            a.share,
            a.gamma.unwrap_or(0.0)
        ));
        out.push_str(&format!(
            "    revenue share  {}  its share of the {} blocks settled on the chain\n    closed form    {:.4}  Eyal and Sirer's, for α and γ\n",
            a.revenue_share.map_or("—".into(), |r| format!("{r:.4}")),
            a.settled_blocks,
            a.revenue_theory.unwrap_or(0.0)
        ));
        return out;
    }
    if let Some(a) = &m.adversary {
        out.push_str(&format!(
            "  double-spend race: attacker P0 with share q = {}, merchant waits for z = {} confirmations\n",
            a.share, a.confirmations
        ));
        out.push_str(&format!(
            "    races finished {:<10} {}\n",
            a.races,
            define("adversary.races")
        ));
        let rate = match (a.simulated, a.standard_error) {
            (Some(s), Some(se)) => format!("{s:.7} ± {se:.7}"),
            (Some(s), None) => format!("{s:.7} ({} of {} races)", a.caught_up, a.races),
            _ => "—".into(),
        };
        out.push_str(&format!(
            "    simulated      {rate}  {}\n",
            define("adversary.simulated")
        ));
        out.push_str(&format!(
            "    reversals      {:<10} {}\n",
            a.reversals,
            define("adversary.reversals")
        ));
        out.push_str(&format!(
            "    exact          {:.7}  the closed form (Rosenfeld 2014)\n    paper          {:.7}  the Bitcoin paper's approximation\n",
            a.exact, a.paper
        ));
        if praos {
            out.push_str("    (both closed forms assume proof of work, one block at a time; in Praos a slot can give both sides a block)\n");
        }
    }
    out
}
