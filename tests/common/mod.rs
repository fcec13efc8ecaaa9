//! Shared by the native and the wasm tests: the golden scenario and its trace hashes. If the
//! engine's behaviour changes on purpose, run `cargo test --test golden -- --nocapture` and
//! update the hashes; if it changes by accident on one platform only, the two tests disagree.

#![allow(dead_code)]

use archsim::lessons::consensus::model::{
    Adversary, ChainConfig, ChainEngine, Consensus, Latency, Stake,
};
use archsim::lessons::network::model::{Engine, SimConfig};
use archsim::sim::{Arch, FaultSpec, ScheduledFault, time::from_ms};

/// The golden run: 30 participants, seed 42, a loss of 5 %, one crash per architecture at 3 s
/// and a recovery at 6 s, run for 10 s of virtual time.
pub fn golden_hashes() -> Vec<(Arch, String)> {
    Arch::ALL
        .iter()
        .map(|&arch| {
            let node = match arch {
                Arch::ClientServer => "C3",
                Arch::Federated => "F1",
                Arch::PeerToPeer => "P7",
            };
            let cfg = SimConfig {
                seed: 42,
                participants: 30,
                loss: 0.05,
                faults: vec![
                    ScheduledFault {
                        at_ms: 3_000,
                        fault: FaultSpec::Crash {
                            node: node.to_string(),
                        },
                    },
                    ScheduledFault {
                        at_ms: 6_000,
                        fault: FaultSpec::Recover {
                            node: node.to_string(),
                        },
                    },
                ],
                ..SimConfig::default()
            };
            let mut e = Engine::new(arch, &cfg).expect("golden config is valid");
            e.advance_to(from_ms(10_000));
            (arch, format!("{:016x}", e.trace_hash()))
        })
        .collect()
}

/// The expected hashes, one per architecture.
pub const GOLDEN: [(&str, &str); 3] = [
    ("client-server", "3ad67f12cb1da3df"),
    ("federated", "9e291858b2d10507"),
    ("p2p", "b70c0f810d787272"),
];

/// Asserts the golden hashes (used by both test targets).
pub fn assert_golden() {
    let got = golden_hashes();
    for ((arch, hash), (name, want)) in got.iter().zip(GOLDEN) {
        assert_eq!(arch.name(), name);
        assert_eq!(hash, want, "golden trace hash of {name} changed");
    }
}

/// The consensus lesson's golden runs: Praos on 60 peers with skewed stake, clocks off by up
/// to 2 s, a partition from 60 s to 180 s and a crash; and proof of work with a 20 % attacker.
/// Both draw logarithms (the lottery), so they also check that `libm` gives the same numbers
/// natively and in wasm.
pub fn chain_golden_hashes() -> Vec<(&'static str, String)> {
    let praos = ChainConfig {
        participants: 60,
        degree: 6,
        seed: 42,
        stake: Stake::Skewed,
        clock_offset_ms: 2_000,
        clock_drift_ppm: 50,
        active_slot_coeff: 0.2,
        faults: vec![
            ScheduledFault {
                at_ms: 60_000,
                fault: FaultSpec::Partition {
                    side: (0..30).map(|i| format!("P{i}")).collect(),
                },
            },
            ScheduledFault {
                at_ms: 180_000,
                fault: FaultSpec::HealAll,
            },
            ScheduledFault {
                at_ms: 200_000,
                fault: FaultSpec::Crash { node: "P7".into() },
            },
        ],
        ..ChainConfig::default()
    };
    let pow = ChainConfig {
        consensus: Consensus::Pow,
        participants: 12,
        degree: 4,
        seed: 42,
        block_interval_s: 5.0,
        latency: Latency::Classes {
            hop_ms: vec![24, 143, 531],
        },
        adversary: Some(Adversary {
            share: 0.2,
            confirmations: 2,
            ..Adversary::default()
        }),
        ..ChainConfig::default()
    };
    [("praos", praos), ("pow", pow)]
        .into_iter()
        .map(|(name, cfg)| {
            let mut e = ChainEngine::new(&cfg).expect("golden chain config is valid");
            e.advance_to(from_ms(300_000));
            (name, format!("{:016x}", e.trace_hash()))
        })
        .collect()
}

/// The expected chain hashes.
pub const CHAIN_GOLDEN: [(&str, &str); 2] =
    [("praos", "01add92fbef43e37"), ("pow", "b4e561e5f1c328ce")];

/// Asserts the chain golden hashes (used by both test targets).
pub fn assert_chain_golden() {
    for ((name, hash), (want_name, want)) in chain_golden_hashes().iter().zip(CHAIN_GOLDEN) {
        assert_eq!(*name, want_name);
        assert_eq!(hash, want, "golden chain trace hash of {name} changed");
    }
}

/// The timing lesson's golden run: 16 nodes in two strata, stepped clocks, random payments,
/// the sequencer failing at 40 s; every rule for 120 s. The exchanges' and the workload's
/// draws (an exponential, so `libm` too) must agree natively and in wasm.
pub fn timing_golden_hash() -> String {
    use archsim::lessons::timing::model::{Correct, Order, TimingConfig, report};
    let cfg = TimingConfig {
        nodes: 16,
        seed: 42,
        accounts: 6,
        payments_per_s: 4.0,
        correct: Correct::Step,
        faults: vec![ScheduledFault {
            at_ms: 40_000,
            fault: FaultSpec::Crash { node: "R0".into() },
        }],
        ..TimingConfig::default()
    };
    report(&cfg, &Order::ALL, 120)
        .expect("golden timing config is valid")
        .trace_hash
}

/// The expected timing hash.
pub const TIMING_GOLDEN: &str = "2ae56e39a065f87e";

/// Asserts the timing golden hash (used by both test targets).
pub fn assert_timing_golden() {
    assert_eq!(
        timing_golden_hash(),
        TIMING_GOLDEN,
        "golden timing trace hash changed"
    );
}
