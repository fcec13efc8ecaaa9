//! The link codec: any valid scenario survives scenario → link → scenario, and no string, however
//! mangled, makes decoding panic or return something unusable.

#![cfg(not(target_arch = "wasm32"))]

use archsim::lessons::network::link::{Scenario, decode, encode};
use archsim::lessons::network::model::SimConfig;
use archsim::lessons::network::world::{LoggedAction, World};
use archsim::sim::{Action, Arch, FaultSpec, time::MS};
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
        (0u32..50, 0u32..50, 0u32..5000, 0u32..2000, 0u32..5000),
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
                (loss, rate, drift, off, relay),
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
                let cfg = SimConfig {
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
                    relay_ms: relay,
                    ..SimConfig::default()
                };
                Scenario {
                    time_ms: t.min(archsim::lessons::network::link::replay_limit_ms(&cfg)),
                    cfg,
                    speed: f64::from(speed) / 100.0,
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
        prop_assert!(d.scenario.log.len() <= archsim::lessons::network::link::MAX_ACTIONS);
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

    /// A valid link with one field's value replaced by junk, dropped (a missing field means its
    /// default), or given twice: every other field is kept as it was.
    #[test]
    fn one_mangled_field_costs_only_that_field(
        s in scenario(),
        pick in any::<prop::sample::Index>(),
        how in 0u8..3,
        junk in "[-a-zA-Z0-9.+@,%<>]{0,12}", // ("#" starts the fragment itself)
    ) {
        let link = encode(&s);
        let pairs: Vec<&str> = link.split('&').collect();
        let k = 1 + pick.index(pairs.len() - 1); // never the version: that is the other test
        let key = pairs[k].split_once('=').map_or(pairs[k], |(key, _)| key);
        let mut mangled: Vec<String> = pairs.iter().map(|p| p.to_string()).collect();
        match how {
            0 => mangled[k] = format!("{key}={junk}"),
            1 => { mangled.remove(k); }
            _ => mangled.insert(k + 1, format!("{key}={junk}")),
        }
        let d = decode(&mangled.join("&"));
        prop_assert!(d.scenario.cfg.validate().is_ok());
        if d.problems.iter().any(|p| p.contains("Showing the default scenario")) {
            return Ok(());
        }
        // Fields the mangling did not touch are as they were (the replay budget can only
        // shorten the time when the mangled field made the scenario heavier).
        let (a, b) = (&s.cfg, &d.scenario.cfg);
        let same = |field: &str, equal: bool| {
            prop_assert!(field == key || equal, "{} changed when {} was mangled: {:?}", field, key, d.problems);
            Ok(())
        };
        same("seed", a.seed == b.seed)?;
        same("n", a.participants == b.participants)?;
        same("lat", (a.latency_min_ms, a.latency_max_ms) == (b.latency_min_ms, b.latency_max_ms))?;
        same("loss", a.loss == b.loss)?;
        same("rate", a.update_rate == b.update_rate)?;
        same("relay", a.relay_ms == b.relay_ms)?;
        same("speed", s.speed == d.scenario.speed)?;
        same("play", s.playing == d.scenario.playing)?;
        if key != "a" {
            prop_assert_eq!(&s.log, &d.scenario.log);
        }
    }
}
