//! Engine benchmarks (`make bench` runs this): the flood workload at 10,000 and 100,000 peers,
//! the default mixed workload at 1,000 participants per architecture, and the consensus
//! engine: Praos on 2,500 peers over two simulated days; and the timing engine: an hour of
//! 1,000 nodes syncing through three strata with 100 payments a second among 20 holders to 10
//! replicas, under each ordering rule.
//!
//! Prints one line per case: wall time of the run (topology build excluded and shown apart),
//! deliveries or events per second, and peak resident memory of the process.

use std::time::Instant;

use archsim::lessons::consensus::model::{ChainConfig, ChainEngine};
use archsim::lessons::network::model::{Engine, SimConfig, Workload};
use archsim::lessons::timing::model::{Order, TimingConfig, TimingEngine};
use archsim::sim::time::SECOND;
use archsim::sim::{Arch, time::from_ms};

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn resident_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn flood(peers: u32) {
    let cfg = SimConfig {
        participants: peers,
        degree: 8,
        updates: 20,
        latency_min_ms: 10,
        latency_max_ms: 100,
        workload: Workload::Flood,
        ..Default::default()
    };
    let t0 = Instant::now();
    let mut e = Engine::new(Arch::PeerToPeer, &cfg).expect("valid flood config");
    let build = t0.elapsed();
    let t1 = Instant::now();
    assert!(e.run_until_idle(u64::MAX), "flood drains");
    let run = t1.elapsed();
    let c = e.counters();
    println!(
        "flood p2p {peers:>7} peers, degree 8, 20 updates: build {:>7.1} ms, run {:>7.1} ms, {:>6.2} M deliveries/s ({} deliveries), peak RSS {:.0} MiB",
        build.as_secs_f64() * 1e3,
        run.as_secs_f64() * 1e3,
        c.delivered as f64 / run.as_secs_f64() / 1e6,
        c.delivered,
        peak_rss_mib().unwrap_or(f64::NAN),
    );
}

fn mixed(arch: Arch, participants: u32, seconds: u64) {
    let cfg = SimConfig {
        participants,
        ..Default::default()
    };
    let mut e = Engine::new(arch, &cfg).expect("valid config");
    let t = Instant::now();
    e.advance_to(from_ms(seconds * 1000));
    let run = t.elapsed();
    let c = e.counters();
    println!(
        "mixed {:<13} {participants} participants, {seconds} s virtual: run {:>7.1} ms, {:>6.2} M events/s ({} events)",
        arch.name(),
        run.as_secs_f64() * 1e3,
        c.events as f64 / run.as_secs_f64() / 1e6,
        c.events,
    );
}

fn chain_days() {
    let cfg = ChainConfig::delta_q();
    let t0 = Instant::now();
    let mut e = ChainEngine::new(&cfg).expect("valid chain config");
    let build = t0.elapsed();
    for day in 1..=2u64 {
        let t = Instant::now();
        e.advance_to(day * 86_400 * SECOND);
        let run = t.elapsed();
        let m = e.metrics();
        println!(
            "chain praos 2500 peers, degree 10, day {day}: build {:>6.1} ms, run {:>7.1} ms, {:>6.2} M events/s ({} blocks so far, {} events so far), resident {:.0} MiB, footprint {:?}",
            build.as_secs_f64() * 1e3,
            run.as_secs_f64() * 1e3,
            m.cost.events as f64 / day as f64 / run.as_secs_f64() / 1e6,
            m.blocks.blocks_produced,
            m.cost.events,
            resident_mib().unwrap_or(f64::NAN),
            e.footprint(),
        );
    }
}

fn chain_hours(hours: u64) {
    let cfg = ChainConfig::delta_q();
    let mut e = ChainEngine::new(&cfg).expect("valid chain config");
    let t = Instant::now();
    e.advance_to(hours * 3_600 * SECOND);
    let run = t.elapsed();
    println!(
        "chain praos 2500 peers, {hours} h: run {:>7.1} ms, {:>6.2} M events/s",
        run.as_secs_f64() * 1e3,
        e.metrics().cost.events as f64 / run.as_secs_f64() / 1e6,
    );
}

/// A partition of 1,000 peers for two hours, then the heal, against the same run without it:
/// a heal must cost what a steady run costs per event, on every seed.
fn chain_heal() {
    use archsim::sim::fault::{FaultSpec, ScheduledFault};
    for seed in 1..=4u64 {
        let mut rates = Vec::new();
        for split in [false, true] {
            let mut cfg = ChainConfig {
                participants: 1_000,
                seed,
                ..ChainConfig::default()
            };
            if split {
                let side = (0..500).map(|i| format!("P{i}")).collect();
                cfg.faults = vec![
                    ScheduledFault {
                        at_ms: 600_000,
                        fault: FaultSpec::Partition { side },
                    },
                    ScheduledFault {
                        at_ms: 7_800_000,
                        fault: FaultSpec::HealAll,
                    },
                ];
            }
            let mut e = ChainEngine::new(&cfg).expect("valid chain config");
            let t = Instant::now();
            e.advance_to(9_000 * SECOND);
            let run = t.elapsed();
            rates.push((
                run,
                e.metrics().cost.events as f64 / run.as_secs_f64() / 1e6,
            ));
        }
        println!(
            "chain heal 1000 peers, seed {seed}: steady {:>6.1} ms ({:.2} M events/s), 2 h partition then heal {:>6.1} ms ({:.2} M events/s)",
            rates[0].0.as_secs_f64() * 1e3,
            rates[0].1,
            rates[1].0.as_secs_f64() * 1e3,
            rates[1].1,
        );
    }
}

/// The workload SimBlock's yardstick runs (2,500 nodes, a block every 20 s, 64 kB, 200
/// blocks), as proof of work on 2,500 peers of degree 16 (Bitcoin's 8 outbound links each),
/// each peer's bandwidth shared by its links. `bench/run.sh` times the same run as a process
/// beside SimBlock for the ratio.
fn chain_simblock() {
    use archsim::lessons::consensus::model::{Consensus, Latency, TieBreak};
    let cfg = ChainConfig {
        consensus: Consensus::Pow,
        participants: 2_500,
        degree: 16,
        block_interval_s: 20.0,
        block_kb: 64,
        bandwidth_mbps: 20.0,
        latency: Latency::Range {
            min_ms: 10,
            max_ms: 300,
        },
        tie: TieBreak::FirstSeen,
        ..ChainConfig::default()
    };
    let t0 = Instant::now();
    let mut e = ChainEngine::new(&cfg).expect("valid chain config");
    let build = t0.elapsed();
    let t = Instant::now();
    e.advance_to(4_000 * SECOND);
    let run = t.elapsed();
    let m = e.metrics();
    println!(
        "chain simblock workload 2500 peers, 200 blocks: build {:>6.1} ms, run {:>7.1} ms, {:>6.2} M events/s ({} blocks, {} events), peak {:.0} MiB",
        build.as_secs_f64() * 1e3,
        run.as_secs_f64() * 1e3,
        m.cost.events as f64 / run.as_secs_f64() / 1e6,
        m.blocks.blocks_produced,
        m.cost.events,
        peak_rss_mib().unwrap_or(f64::NAN),
    );
}

fn timing_hour() {
    for order in Order::ALL {
        let cfg = TimingConfig {
            nodes: 1_000,
            strata: 3,
            accounts: 20,
            replicas: 10,
            payments_per_s: 100.0,
            order,
            ..TimingConfig::default()
        };
        let t = Instant::now();
        let mut e = TimingEngine::new(&cfg, 3_600).expect("valid timing config");
        e.advance_to(3_600 * SECOND);
        let run = t.elapsed();
        println!(
            "timing {:<9} 1000 nodes, 3 strata, 100 payments/s to 10 replicas, 1 h: run {:>7.1} ms ({} exchanges, {} applications), peak {:.0} MiB",
            order.name(),
            run.as_secs_f64() * 1e3,
            e.sync().exchanges,
            e.order_stats().applied,
            peak_rss_mib().unwrap_or(f64::NAN),
        );
    }
}

fn main() {
    let filter = std::env::args().nth(1).filter(|a| !a.starts_with('-'));
    let want = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    if want("flood") {
        flood(10_000);
        flood(100_000);
    }
    if want("mixed") {
        for arch in Arch::ALL {
            mixed(arch, 1_000, 20);
        }
    }
    if want("chain") {
        chain_days();
        // The same span as the wasm benchmark, for the ratio.
        chain_hours(6);
    }
    if want("chain simblock") {
        chain_simblock();
    }
    if want("chain heal") {
        chain_heal();
    }
    if want("timing") {
        timing_hour();
    }
}
