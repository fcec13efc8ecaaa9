//! Properties of the consensus engine under random settings, faults and seeds (proptest).
//! Every failing case prints its config, seed included, so it can be replayed.

#![cfg(not(target_arch = "wasm32"))]

use archsim::lessons::consensus::model::{
    Adversary, ChainConfig, ChainEngine, ClockSkew, Consensus, Latency, Stake, TieBreak,
};
use archsim::sim::NodeId;
use archsim::sim::fault::Fault;
use archsim::sim::time::{MS, SECOND};
use proptest::prelude::*;

fn config() -> impl Strategy<Value = ChainConfig> {
    (
        (
            any::<u64>(),
            2u32..40,
            1u32..6,
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
        (
            0u32..150,
            0u32..150,
            prop::option::of((5u32..600, 5u32..600)),
        ),
        (
            0.01f64..=1.0,
            100u32..2_000,
            1.0f64..60.0,
            0u32..3_000,
            0u32..2_000,
        ),
        prop::option::of((0.01f64..0.9, 1u32..6)),
        (1u32..2_000, 0.5f64..1_000.0, 0.0f64..0.3),
        prop::option::of((any::<u32>(), -3_000i32..3_000)),
    )
        .prop_map(
            |(
                (seed, n, degree, pow, skewed, lowest),
                (lat_min, lat_span, classes),
                (f, slot_ms, interval, offset, drift),
                adversary,
                (kb, mbps, loss),
                skew,
            )| {
                let mut cfg = ChainConfig {
                    consensus: if pow {
                        Consensus::Pow
                    } else {
                        Consensus::Praos
                    },
                    participants: n,
                    degree: degree.min(n - 1),
                    seed,
                    latency: Latency::Range {
                        min_ms: lat_min,
                        max_ms: lat_min + lat_span,
                    },
                    block_interval_s: interval,
                    active_slot_coeff: f,
                    slot_ms,
                    stake: if skewed { Stake::Skewed } else { Stake::Equal },
                    loss,
                    block_kb: kb,
                    bandwidth_mbps: mbps,
                    tie: if lowest {
                        TieBreak::Lowest
                    } else {
                        TieBreak::FirstSeen
                    },
                    k: ChainConfig::default().k,
                    clock_offset_ms: offset,
                    clock_drift_ppm: drift,
                    clock_skew: skew.map(|(peer, offset_ms)| ClockSkew {
                        peer: peer % n,
                        offset_ms,
                    }),
                    adversary: adversary.map(|(share, confirmations)| Adversary {
                        share,
                        confirmations,
                        ..Adversary::default()
                    }),
                    faults: Vec::new(),
                };
                // Keep within the model's block rate: a longer slot, or a longer interval.
                let max = archsim::lessons::consensus::model::config::limits::MAX_BLOCKS_PER_S;
                while cfg.blocks_per_second() > max {
                    cfg.slot_ms *= 2;
                    cfg.block_interval_s *= 2.0;
                }
                if let Some((a, b)) = classes {
                    // One-hop times must leave room for the transmission.
                    let tx = (cfg.transmission_us() / 1_000) as u32 + 1;
                    cfg.latency = Latency::Classes {
                        hop_ms: vec![tx + a, tx + b],
                    };
                }
                cfg
            },
        )
}

/// A random fault script: (time ms, kind, node a, node b).
fn script() -> impl Strategy<Value = Vec<(u64, u8, u32, u32)>> {
    prop::collection::vec((0u64..120_000, 0u8..6, any::<u32>(), any::<u32>()), 0..10)
}

fn run(cfg: &ChainConfig, script: &[(u64, u8, u32, u32)]) -> ChainEngine {
    let mut e = ChainEngine::new(cfg).expect("generated configs are valid");
    let n = cfg.participants;
    let mut steps = script.to_vec();
    steps.sort_by_key(|s| s.0);
    for (at, kind, a, b) in steps {
        e.advance_to(at * MS);
        let (a, b) = (NodeId(a % n), NodeId(b % n));
        let fault = match kind {
            0 => Fault::Crash(a),
            1 => Fault::Recover(a),
            2 | 3 if e.topology().link_between(a, b).is_some() => {
                if kind == 2 {
                    Fault::Cut(a, b)
                } else {
                    Fault::Heal(a, b)
                }
            }
            4 => Fault::Partition((0..a.0.max(1)).map(NodeId).collect()),
            _ => Fault::HealAll,
        };
        e.apply(&fault);
    }
    e.advance_to(200 * SECOND);
    e
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever the settings and faults: counts add up, every live peer's tip is a whole chain,
    /// and a second run is the same run.
    #[test]
    fn counts_add_up_and_runs_repeat(cfg in config(), script in script()) {
        let e = run(&cfg, &script);
        let m = e.metrics();
        prop_assert!(m.blocks.main_chain_length <= m.blocks.blocks_published);
        prop_assert!(m.blocks.blocks_published <= m.blocks.blocks_produced);
        prop_assert!((0.0..=1.0).contains(&m.blocks.stale_rate));
        prop_assert!((0.0..=1.0).contains(&m.agreement.tips_agree_fraction));
        let f = &m.blocks.forks;
        prop_assert!(f.slot_battles + f.height_battles + f.partition + f.withheld <= m.blocks.blocks_published);
        if cfg.consensus == Consensus::Pow {
            prop_assert_eq!(f.slot_battles, 0);
            prop_assert!(m.run.slots.is_none());
        } else {
            prop_assert!(m.blocks.multi_leader_slots <= m.blocks.active_slots);
            prop_assert!(m.blocks.active_slots <= m.run.slots);
        }
        if cfg.adversary.is_none() {
            prop_assert_eq!(f.withheld, 0);
        }
        for p in 0..cfg.participants {
            let tip = e.tip(p);
            prop_assert!(e.blocks().linked(p, tip), "peer {} follows a chain it lacks", p);
            if let Some(b) = e.blocks().try_get(tip) {
                prop_assert_eq!(b.height, e.height(p));
            }
        }
        if let (Some(p50), Some(p95)) = (m.propagation.propagation_p50_ms, m.propagation.propagation_p95_ms) {
            prop_assert!(p50 <= p95, "{} > {}", p50, p95);
        }
        let again = run(&cfg, &script).metrics();
        prop_assert_eq!(m, again);
    }

    /// With no faults and latency far below the time between blocks, every peer ends on one
    /// chain within a second of the last block.
    #[test]
    fn a_calm_network_agrees(seed in any::<u64>(), n in 2u32..60, degree in 1u32..6, pow in any::<bool>()) {
        let cfg = ChainConfig {
            consensus: if pow { Consensus::Pow } else { Consensus::Praos },
            participants: n,
            degree: degree.min(n - 1),
            seed,
            latency: Latency::Range { min_ms: 1, max_ms: 5 },
            block_interval_s: 20.0,
            ..ChainConfig::default()
        };
        let mut e = ChainEngine::new(&cfg).expect("valid");
        e.advance_to(600 * SECOND);
        let m = e.metrics();
        prop_assert!(m.blocks.main_chain_length > 0);
        // Unless a block was made in the last seconds (and may still be on its way), every
        // peer is on one tip.
        let last = e.blocks().try_get(e.blocks().len() - 1).expect("the newest block").made_at;
        if e.now() - last > 3 * SECOND {
            prop_assert_eq!(m.agreement.tips_agree_fraction, 1.0, "{:?}", m);
        }
    }
}

/// A network that is whole again after any faults: every peer back up, every link healed.
/// From then on no peer stays behind: a peer more than two blocks short of the longest chain
/// (blocks come every five seconds or so; on a ring they take a while to go round) has moved
/// on thirty seconds later.
fn busy_config() -> impl Strategy<Value = ChainConfig> {
    (
        any::<u64>(),
        3u32..50,
        2u32..6,
        any::<bool>(),
        0u32..150,
        0.0f64..0.2,
    )
        .prop_map(|(seed, n, degree, pow, lat, loss)| ChainConfig {
            consensus: if pow {
                Consensus::Pow
            } else {
                Consensus::Praos
            },
            participants: n,
            degree: degree.min(n - 1),
            seed,
            latency: Latency::Range {
                min_ms: lat / 2,
                max_ms: lat,
            },
            loss,
            block_interval_s: 5.0,
            active_slot_coeff: 0.2,
            ..ChainConfig::default()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn after_the_faults_no_peer_stays_behind(cfg in busy_config(), script in script()) {
        let n = cfg.participants;
        let mut e = run(&cfg, &script);
        for p in 0..n {
            e.apply(&Fault::Recover(NodeId(p)));
        }
        e.apply(&Fault::HealAll);
        for minute in 1..=10u64 {
            let t = 200 * SECOND + minute * 60 * SECOND;
            e.advance_to(t);
            let top = (0..n).map(|p| e.height(p)).max().unwrap_or(0);
            let behind: Vec<(u32, u32)> =
                (0..n).filter(|&p| e.height(p) + 2 < top).map(|p| (p, e.height(p))).collect();
            e.advance_to(t + 30 * SECOND);
            for (p, h) in behind {
                prop_assert!(e.height(p) > h, "minute {}: peer {} stuck at {} (top {})", minute, p, h, top);
            }
        }
        // Every peer, on every run, then reaches within a minute the height the longest
        // chain had: none stays behind.
        let top = (0..n).map(|p| e.height(p)).max().unwrap_or(0);
        prop_assert!(top > 0);
        e.advance_to(200 * SECOND + 10 * 60 * SECOND + 90 * SECOND);
        for p in 0..n {
            prop_assert!(e.height(p) >= top, "peer {} at {}, a minute after the top was {}", p, e.height(p), top);
        }
    }
}
