//! Shared by the native and the wasm tests: the golden scenario and its trace hashes. If the
//! engine's behaviour changes on purpose, run `cargo test --test golden -- --nocapture` and
//! update the hashes; if it changes by accident on one platform only, the two tests disagree.

#![allow(dead_code)]

use archsim::sim::{Arch, Engine, FaultSpec, ScheduledFault, SimConfig, time::from_ms};

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
    ("client-server", "c264d454ac76fd0e"),
    ("federated", "b8a854bf12ee7630"),
    ("p2p", "adea18d32b59aeb3"),
];

/// Asserts the golden hashes (used by both test targets).
pub fn assert_golden() {
    let got = golden_hashes();
    for ((arch, hash), (name, want)) in got.iter().zip(GOLDEN) {
        assert_eq!(arch.name(), name);
        assert_eq!(hash, want, "golden trace hash of {name} changed");
    }
}
