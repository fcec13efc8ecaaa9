//! The link codec: any valid scenario survives scenario → link → scenario, and no string, however
//! mangled, makes decoding panic or return something unusable.

#![cfg(not(target_arch = "wasm32"))]

use archsim::scenario::{Scenario, decode, encode};
use archsim::sim::{Action, Arch, FaultSpec, SimConfig, time::MS};
use archsim::world::{LoggedAction, World};
use proptest::prelude::*;

fn label() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!['S', 'M', 'F', 'C', 'P']),
        0u32..40,
    )
        .prop_map(|(c, i)| format!("{c}{i}"))
}

fn fault() -> impl Strategy<Value = FaultSpec> {
    prop_oneof![
        label().prop_map(|node| FaultSpec::Crash { node }),
        label().prop_map(|node| FaultSpec::Recover { node }),
        (label(), label()).prop_map(|(a, b)| FaultSpec::Cut { a, b }),
        (label(), label()).prop_map(|(a, b)| FaultSpec::Heal { a, b }),
        prop::collection::vec(label(), 1..6).prop_map(|side| FaultSpec::Partition { side }),
        Just(FaultSpec::HealAll),
    ]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        any::<u64>(),
        5u32..200,
        1u32..8,
        any::<bool>(),
        0u32..500,
        1u32..1500,
        (0u32..50, 0u32..50, 0u32..5000, 0u32..2000),
        (0u64..60_000, 10u32..10_000, any::<bool>()),
        prop::collection::vec(
            (
                prop::sample::select(Arch::ALL.to_vec()),
                0u64..60_000,
                fault(),
            ),
            0..20,
        ),
    )
        .prop_map(
            |(
                seed,
                n,
                fed,
                mesh,
                lat_min,
                lat_span,
                (loss, rate, drift, off),
                (t, speed, playing),
                log,
            )| {
                let mut log: Vec<LoggedAction> = log
                    .into_iter()
                    .map(|(arch, at, fault)| LoggedAction {
                        arch,
                        action: Action { at: at * MS, fault },
                    })
                    .collect();
                log.sort_by_key(|a| a.action.at);
                Scenario {
                    cfg: SimConfig {
                        seed,
                        participants: n,
                        federated_servers: fed,
                        federated_mesh: mesh,
                        degree: 2 + seed as u32 % 3,
                        latency_min_ms: lat_min,
                        latency_max_ms: (lat_min + lat_span).min(2_000),
                        loss: f64::from(loss) / 100.0,
                        update_rate: f64::from(rate) / 2.0,
                        clock_drift_ppm: drift,
                        clock_offset_ms: off,
                        ..SimConfig::default()
                    },
                    speed: f64::from(speed) / 100.0,
                    time_ms: t.min(120_000 / u64::from(n) * 1000),
                    playing,
                    log,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn valid_scenarios_round_trip(s in scenario()) {
        let link = encode(&s);
        let d = decode(&link);
        prop_assert!(d.problems.is_empty(), "{:?} from {}", d.problems, link);
        prop_assert_eq!(d.scenario, s);
    }

    #[test]
    fn any_string_decodes_to_something_valid(text in ".{0,300}") {
        let d = decode(&text);
        prop_assert!(d.scenario.cfg.validate().is_ok());
        prop_assert!(d.scenario.log.len() <= archsim::scenario::MAX_ACTIONS);
    }

    #[test]
    fn mangled_links_decode_to_something_valid(s in scenario(), cut in any::<prop::sample::Index>(), junk in "[&=@,#+\\-a-zA-Z0-9<>%]{0,20}") {
        let link = encode(&s);
        let at = cut.index(link.len() + 1);
        let mangled = format!("{}{}", &link[..at], junk);
        let d = decode(&mangled);
        prop_assert!(d.scenario.cfg.validate().is_ok());
        // What the page does next must not fail either.
        if d.scenario.cfg.participants <= 60 {
            let loaded = World::load(&Scenario { time_ms: d.scenario.time_ms.min(2_000), ..d.scenario.clone() });
            prop_assert!(loaded.is_ok());
        }
    }
}
