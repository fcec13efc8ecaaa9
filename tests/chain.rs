//! The consensus engine against published numbers, and its behaviour under faults. Every run
//! has a fixed seed; every tolerance is stated with the statistical error it allows for.

use archsim::sim::chain::{
    Adversary, ChainConfig, ChainEngine, ChainMetrics, Consensus, Latency, Stake, TieBreak,
};
use archsim::sim::time::{MS, SECOND};
use archsim::sim::{FaultSpec, ScheduledFault};

fn run(cfg: &ChainConfig, until_s: u64) -> ChainMetrics {
    let mut e = ChainEngine::new(cfg).expect("valid config");
    e.advance_to(until_s * SECOND);
    e.metrics()
}

fn pow_mesh(miners: u32, latency_ms: u32, interval_s: f64, seed: u64) -> ChainConfig {
    ChainConfig {
        consensus: Consensus::Pow,
        participants: miners,
        degree: miners - 1,
        seed,
        latency: Latency::Range {
            min_ms: latency_ms,
            max_ms: latency_ms,
        },
        block_interval_s: interval_s,
        tie: TieBreak::FirstSeen,
        ..ChainConfig::default()
    }
}

/// Forks from latency: in a full mesh of ten equal miners, the stale rate follows
/// 1 − e^(−(1−α)d/T), with d the one-hop time the run itself measures (announce, request,
/// body: three latencies and a transmission).
#[test]
fn stale_rate_follows_the_delay_over_the_block_interval() {
    let interval = 60.0;
    let mut seen = Vec::new();
    for (latency_ms, seed) in [(200, 1), (1_000, 2), (2_000, 3)] {
        let cfg = pow_mesh(10, latency_ms, interval, seed);
        // About 25,000 blocks.
        let m = run(&cfg, 1_500_000);
        assert!(m.blocks_published >= 20_000, "{}", m.blocks_published);
        let d = m.propagation_p50_ms.expect("blocks propagated") / 1_000.0;
        let one_hop = (3 * latency_ms) as f64 / 1_000.0 + cfg.transmission_us() as f64 / 1e6;
        assert!(
            (d - one_hop).abs() < 0.002,
            "d = {d} s, one hop = {one_hop} s"
        );
        let alpha = 0.1;
        let want = 1.0 - (-(1.0 - alpha) * d / interval).exp();
        let got = m.stale_rate;
        assert!(
            (got / want - 1.0).abs() < 0.15,
            "d/T = {:.3}: stale rate {got:.4}, formula {want:.4}",
            d / interval
        );
        // Every fork here is a height battle: no slots, no partition, no attacker.
        assert_eq!(
            m.forks.slot_battles + m.forks.partition + m.forks.withheld,
            0
        );
        assert!(m.forks.height_battles > 0);
        seen.push(got);
    }
    // And it grows with d/T.
    assert!(seen[0] < seen[1] && seen[1] < seen[2], "{seen:?}");
}

/// Slot battles: 1,000 equal pools and f = 0.05 give 5 % active slots and, over an epoch of
/// 432,000 slots, ≈ 0.127 % with more than one leader (≈ 549); each such slot is a slot battle.
#[test]
fn an_epoch_of_praos_has_the_published_share_of_multi_leader_slots() {
    let cfg = ChainConfig {
        participants: 1_000,
        degree: 4,
        seed: 1,
        ..ChainConfig::default()
    };
    let m = run(&cfg, 432_000);
    assert_eq!(m.slots, Some(432_000));
    let f: f64 = 0.05;
    let multi_share = 1.0 - (1.0 - f) * (1.0 - (1.0 - f).ln());
    let want_multi = multi_share * 432_000.0;
    let got_multi = m.multi_leader_slots.expect("praos") as f64;
    assert!((549.0 - want_multi).abs() < 1.0, "{want_multi}");
    assert!(
        (got_multi / want_multi - 1.0).abs() < 0.10,
        "{got_multi} multi-leader slots, want ≈ {want_multi:.0}"
    );
    let got_active = m.active_slots.expect("praos") as f64;
    assert!(
        (got_active / (f * 432_000.0) - 1.0).abs() < 0.03,
        "{got_active}"
    );
    // Two leaders of one slot who both saw the previous block build siblings.
    assert!(
        m.forks.slot_battles as f64 >= 0.9 * got_multi,
        "{:?}",
        m.forks
    );
}

/// The double-spend race, q = 0.1, z = 5: the simulated rate agrees with the exact form within
/// three standard errors, and that band excludes the paper's approximation.
#[test]
fn the_double_spend_race_matches_the_exact_form_not_the_papers() {
    let cfg = ChainConfig {
        consensus: Consensus::Pow,
        participants: 2,
        degree: 1,
        seed: 1,
        latency: Latency::Range {
            min_ms: 0,
            max_ms: 0,
        },
        block_kb: 1,
        bandwidth_mbps: 100_000.0,
        block_interval_s: 1.0,
        tie: TieBreak::FirstSeen,
        adversary: Some(Adversary {
            share: 0.1,
            confirmations: 5,
        }),
        ..ChainConfig::default()
    };
    let m = run(&cfg, 2_500_000);
    let a = m.adversary.expect("attacker");
    assert!(a.races > 150_000, "{} races", a.races);
    let sim = a.simulated.expect("races finished");
    let se = a.standard_error.expect("races finished");
    assert!((a.exact - 0.001_781_8).abs() < 1e-7);
    assert!((a.paper - 0.000_913_7).abs() < 1e-7);
    assert!(
        (sim - a.exact).abs() < 3.0 * se,
        "simulated {sim} ± {se}, exact {}",
        a.exact
    );
    assert!(
        (sim - a.paper).abs() > 3.0 * se,
        "cannot tell the paper apart"
    );
    // Publishing a longer chain really reverses the payment: honest peers roll back at least
    // z blocks.
    assert!(a.reversals > 0 && a.reversals <= a.caught_up);
    assert!(m.max_rollback_depth >= 5, "{}", m.max_rollback_depth);
    assert!(m.forks.withheld >= a.reversals);
}

/// An attacker with a majority always wins its races, whatever the confirmations.
#[test]
fn a_majority_attacker_reverses_what_it_likes() {
    let mut cfg = pow_mesh(6, 50, 30.0, 4);
    cfg.adversary = Some(Adversary {
        share: 0.6,
        confirmations: 3,
    });
    let m = run(&cfg, 86_400);
    let a = m.adversary.expect("attacker");
    assert!(a.races > 20, "{}", a.races);
    assert_eq!(a.caught_up, a.races);
    assert_eq!(a.reversals, a.races);
}

/// Diffusion over Cardano's ΔQ setting: 2,500 peers of degree 10, 64 kB blocks, links short,
/// medium or long (24, 143, 531 ms one hop). That model puts 95 % of peers within 2 s; this
/// one, where a peer takes a block from whichever neighbour offers it first, is well inside.
#[test]
fn blocks_reach_95_percent_of_peers_within_two_seconds() {
    for seed in [1, 2] {
        let cfg = ChainConfig {
            participants: 2_500,
            degree: 10,
            seed,
            latency: Latency::Classes {
                hop_ms: vec![24, 143, 531],
            },
            block_kb: 64,
            ..ChainConfig::default()
        };
        let m = run(&cfg, 3_600);
        let p50 = m.propagation_p50_ms.expect("blocks");
        let p95 = m.propagation_p95_ms.expect("blocks");
        assert!(m.propagation_blocks > 100, "{}", m.propagation_blocks);
        assert!(p95 <= 2_000.0, "p95 {p95} ms");
        // No block crosses a random graph of 2,500 in fewer than three of the fastest hops.
        assert!(p50 >= 3.0 * 24.0 && p50 <= p95, "p50 {p50}, p95 {p95}");
    }
}

fn partition(n: u32, split: u32, from_ms: u64, to_ms: u64) -> Vec<ScheduledFault> {
    vec![
        ScheduledFault {
            at_ms: from_ms,
            fault: FaultSpec::Partition {
                side: (0..split).map(|i| format!("P{i}")).collect(),
            },
        },
        ScheduledFault {
            at_ms: to_ms,
            fault: FaultSpec::HealAll,
        },
    ]
    .into_iter()
    .filter(|_| split < n)
    .collect()
}

/// A partition: both sides grow their own chain; after the heal every live peer agrees on one
/// tip within a few propagation times, and the shorter side's blocks are orphaned.
#[test]
fn a_partition_forks_the_chain_and_healing_joins_it() {
    for (consensus, seed, split) in [
        (Consensus::Praos, 1, 60),
        (Consensus::Praos, 2, 30),
        (Consensus::Pow, 3, 60),
        (Consensus::Pow, 4, 45),
    ] {
        let n = 120;
        let mut cfg = ChainConfig {
            consensus,
            participants: n,
            degree: 6,
            seed,
            block_interval_s: 10.0,
            tie: TieBreak::FirstSeen,
            faults: partition(n, split, 60_000, 360_000),
            ..ChainConfig::default()
        };
        if consensus == Consensus::Praos {
            cfg.active_slot_coeff = 0.1;
        }
        let mut e = ChainEngine::new(&cfg).expect("valid");
        e.advance_to(359_999 * MS);
        let (a, b) = (e.height(0), e.height(n - 1));
        let (ta, tb) = (e.tip(0), e.tip(n - 1));
        assert_ne!(
            ta, tb,
            "{consensus:?}: both sides on one tip during the partition"
        );
        // Both sides grew past where they split (blocks in the first minute are shared).
        let before = {
            let mut probe = ChainEngine::new(&ChainConfig {
                faults: vec![],
                ..cfg.clone()
            })
            .expect("valid");
            probe.advance_to(60_000 * MS);
            probe.height(0)
        };
        assert!(
            a > before + 3 && b > before + 3,
            "{consensus:?}: {before} → {a} / {b}"
        );
        e.advance_to(900 * SECOND);
        let m = e.metrics();
        let converged = m.converged_ms_after_heal.expect("converged after the heal");
        let p95 = m.propagation_p95_ms.expect("blocks");
        assert!(
            converged <= 10.0 * p95.max(500.0),
            "{consensus:?}: converged {converged} ms after the heal, p95 {p95} ms"
        );
        // The shorter side's blocks since the split are orphaned: at least min(a, b) − before.
        let orphaned = m.blocks_published - m.main_chain_length;
        assert!(
            orphaned >= u64::from(a.min(b) - before),
            "{consensus:?}: {orphaned} orphaned"
        );
        assert!(m.forks.partition >= 1, "{:?}", m.forks);
        assert!(m.max_rollback_depth >= a.min(b) - before, "{consensus:?}");
        assert!(m.tips_agree_fraction > 0.9);
    }
}

/// A peer that was down catches up block by block once it is back.
#[test]
fn a_peer_that_was_down_catches_up() {
    let cfg = ChainConfig {
        participants: 50,
        degree: 4,
        seed: 5,
        active_slot_coeff: 0.1,
        faults: vec![
            ScheduledFault {
                at_ms: 10_000,
                fault: FaultSpec::Crash { node: "P3".into() },
            },
            ScheduledFault {
                at_ms: 600_000,
                fault: FaultSpec::Recover { node: "P3".into() },
            },
        ],
        ..ChainConfig::default()
    };
    let mut e = ChainEngine::new(&cfg).expect("valid");
    e.advance_to(599_000 * MS);
    assert!(e.is_down(3));
    let behind = e.height(4) - e.height(3);
    assert!(behind > 20, "{behind}");
    // Stop making blocks' effect from mattering: compare as soon as it is back and a little after.
    e.advance_to(640_000 * MS);
    assert!(!e.is_down(3));
    assert!(
        e.height(3) + 2 >= e.height(4),
        "{} vs {}",
        e.height(3),
        e.height(4)
    );
}

/// A clock that is off makes its peer build on stale blocks: height battles appear that a run
/// with true clocks does not have, and peers hold blocks from slots they have not reached.
#[test]
fn clocks_that_disagree_cause_height_battles() {
    let base = ChainConfig {
        participants: 100,
        degree: 6,
        seed: 6,
        latency: Latency::Range {
            min_ms: 5,
            max_ms: 20,
        },
        ..ChainConfig::default()
    };
    let calm = run(&base, 7_200);
    let skewed = run(
        &ChainConfig {
            clock_offset_ms: 5_000,
            ..base.clone()
        },
        7_200,
    );
    assert_eq!(calm.forks.height_battles, 0, "{:?}", calm.forks);
    assert!(skewed.forks.height_battles > 5, "{:?}", skewed.forks);
    assert!(skewed.stale_rate > calm.stale_rate);
}

/// The same config and seed give the same run; another seed another.
#[test]
fn runs_are_deterministic() {
    let cfg = ChainConfig {
        participants: 80,
        stake: Stake::Skewed,
        clock_offset_ms: 500,
        faults: partition(80, 40, 30_000, 90_000),
        ..ChainConfig::default()
    };
    let a = run(&cfg, 600);
    let b = run(&cfg, 600);
    assert_eq!(a, b);
    let c = run(&ChainConfig { seed: 2, ..cfg }, 600);
    assert_ne!(a.trace_hash, c.trace_hash);
}

/// Memory does not grow with the run: what is queued, fetched, waiting or held, and the blocks
/// kept, are no larger after two days than after one.
#[test]
fn memory_stays_flat_over_long_runs() {
    let cfg = ChainConfig {
        participants: 200,
        degree: 6,
        active_slot_coeff: 0.2,
        ..ChainConfig::default()
    };
    let mut e = ChainEngine::new(&cfg).expect("valid");
    e.advance_to(86_400 * SECOND);
    let day = e.footprint();
    e.advance_to(2 * 86_400 * SECOND);
    let two = e.footprint();
    for (k, (a, b)) in day.iter().zip(two).enumerate() {
        assert!(
            b <= a + a / 2 + 64,
            "footprint[{k}]: {a} after a day, {b} after two"
        );
    }
    assert!(two[3] <= archsim::sim::chain::blocks::WINDOW as usize);
    // The queue keeps room for what is in flight in one burst (a block crossing every link a
    // few times), not for every burst the run has seen.
    let links = (cfg.participants * cfg.degree / 2) as usize;
    assert!(
        two[0] <= (1 << 16) + 64 * links,
        "queue room for {} events",
        two[0]
    );
    assert!(e.blocks().len() > 2 * archsim::sim::chain::blocks::WINDOW);
}
