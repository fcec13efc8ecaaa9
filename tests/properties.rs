//! Properties of the engine under random scenarios, faults and seeds (proptest). Every failing
//! case prints its config, seed included, so it can be replayed.

#![cfg(not(target_arch = "wasm32"))]

use archsim::lessons::network::model::{Engine, SimConfig, Workload};
use archsim::sim::{
    Arch, FaultSpec, ScheduledFault,
    time::{MS, Micros, from_ms},
};
use proptest::prelude::*;

fn small_config() -> impl Strategy<Value = SimConfig> {
    (
        any::<u64>(),
        5u32..40,
        1u32..6,
        2u32..5,
        0u32..40,
        0u32..80,
        0.0f64..=0.9,
        0.0f64..=200.0,
        0u32..400,
    )
        .prop_map(
            |(seed, participants, fed, degree, lat_min, lat_span, loss, rate, relay)| SimConfig {
                seed,
                participants,
                federated_servers: fed,
                degree,
                latency_min_ms: lat_min,
                latency_max_ms: lat_min + lat_span.max(1),
                loss,
                update_rate: rate,
                relay_ms: relay,
                ..SimConfig::default()
            },
        )
}

/// A random fault script: (time ms, kind, node index a, node index b).
fn script() -> impl Strategy<Value = Vec<(u64, u8, u32, u32)>> {
    prop::collection::vec((0u64..6_000, 0u8..5, any::<u32>(), any::<u32>()), 0..12)
}

/// Applies the script through the same path the page uses (advance, then apply now). Returns,
/// for each action applied, how many deliveries had been recorded when it was applied.
fn run_script(e: &mut Engine, script: &[(u64, u8, u32, u32)], until: Micros) -> Vec<usize> {
    let mut steps = script.to_vec();
    steps.sort_by_key(|s| s.0);
    let n = e.topology().len() as u32;
    let mut marks = Vec::new();
    for (at, kind, a, b) in steps {
        e.advance_to(from_ms(at));
        let a = archsim::sim::NodeId(a % n);
        let label = e.topology().label(a).to_string();
        let spec = match kind {
            0 => FaultSpec::Crash { node: label },
            1 => FaultSpec::Recover { node: label },
            2 | 3 => {
                let nb = e.topology().neighbours(a);
                let (m, _) = nb[b as usize % nb.len()];
                let other = e.topology().label(archsim::sim::NodeId(m)).to_string();
                if kind == 2 {
                    FaultSpec::Cut { a: label, b: other }
                } else {
                    FaultSpec::Heal { a: label, b: other }
                }
            }
            _ => FaultSpec::HealAll,
        };
        e.apply_spec(&spec)
            .expect("script names existing nodes and links");
        marks.push(e.deliveries().len());
    }
    e.advance_to(until);
    marks
}

/// Whether `node` was down, or `link` cut, when delivery number `index` happened: the actions
/// applied before it (`marks` says how many deliveries preceded each action; an action and a
/// delivery can share a timestamp, so time alone cannot order them).
fn state_at(e: &Engine, marks: &[usize], index: usize, node: u32, link: u32) -> (bool, bool) {
    let topo = e.topology();
    let label = topo.label(archsim::sim::NodeId(node));
    let (la, lb) = topo.links[link as usize];
    let (la, lb) = (topo.label(la), topo.label(lb));
    let same_link = |a: &str, b: &str| (a == la && b == lb) || (a == lb && b == la);
    let mut down = false;
    let mut cut = false;
    let before = e.actions().iter().zip(marks).filter(|(_, m)| **m <= index);
    for (act, _) in before {
        match &act.fault {
            FaultSpec::Crash { node } if node == label => down = true,
            FaultSpec::Recover { node } if node == label => down = false,
            FaultSpec::Cut { a, b } if same_link(a, b) => cut = true,
            FaultSpec::Heal { a, b } if same_link(a, b) => cut = false,
            FaultSpec::HealAll => cut = false,
            _ => {}
        }
    }
    (down, cut)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// sent = delivered + dropped + in flight, at every step of a run with faults and loss.
    #[test]
    fn messages_are_conserved(cfg in small_config(), steps in script(), arch in 0usize..3) {
        let arch = Arch::ALL[arch];
        let mut e = Engine::new(arch, &cfg).unwrap();
        for t in (0..8_000).step_by(700) {
            run_script(&mut e, &[], from_ms(t));
            let c = e.counters();
            prop_assert_eq!(c.sent, c.delivered + c.dropped + c.in_flight, "{:?}", cfg);
            prop_assert_eq!(c.in_flight as usize, e.in_flight().count());
        }
        run_script(&mut e, &steps, from_ms(8_000));
        let c = e.counters();
        prop_assert_eq!(c.sent, c.delivered + c.dropped + c.in_flight, "{:?}", cfg);
    }

    /// Nothing is delivered to a down node, over a cut link, or sooner than the minimum latency.
    #[test]
    fn deliveries_respect_faults_and_latency(cfg in small_config(), steps in script(), arch in 0usize..3) {
        let arch = Arch::ALL[arch];
        let mut e = Engine::new(arch, &cfg).unwrap();
        e.record_deliveries();
        let marks = run_script(&mut e, &steps, from_ms(7_000));
        prop_assert_eq!(marks.len(), e.actions().len());
        // The record is complete (a run can deliver nothing, e.g. its only server crashed at 0).
        prop_assert_eq!(e.deliveries().len() as u64, e.counters().delivered);
        for (i, d) in e.deliveries().iter().enumerate() {
            let (down, cut) = state_at(&e, &marks, i, d.to, d.link);
            prop_assert!(!down, "delivered to down node {} at {}: {:?}", d.to, d.at, cfg);
            prop_assert!(!cut, "delivered over cut link {} at {}: {:?}", d.link, d.at, cfg);
            prop_assert!(d.at >= d.sent + u64::from(cfg.latency_min_ms) * MS, "{:?} {:?}", d, cfg);
            // Links are FIFO, but without loss a message never waits behind one sent later:
            // at most one maximum latency on its link. (With loss, a lost update is sent
            // again after a timeout and what follows it on the link waits, as over TCP.)
            if cfg.loss == 0.0 {
                prop_assert!(d.at <= d.sent + u64::from(cfg.latency_max_ms) * MS, "{:?} {:?}", d, cfg);
            }
        }
    }

    /// Same inputs, same trace; a replay of the action log reproduces the run; another seed
    /// gives another trace.
    #[test]
    fn runs_are_deterministic(cfg in small_config(), steps in script(), arch in 0usize..3) {
        let arch = Arch::ALL[arch];
        let mut a = Engine::new(arch, &cfg).unwrap();
        let mut b = Engine::new(arch, &cfg).unwrap();
        run_script(&mut a, &steps, from_ms(6_500));
        run_script(&mut b, &steps, from_ms(6_500));
        prop_assert_eq!(a.trace_hash(), b.trace_hash());
        prop_assert_eq!(a.metrics(), b.metrics());

        let replayed = Engine::replay(arch, &cfg, a.actions(), from_ms(6_500)).unwrap();
        prop_assert_eq!(replayed.trace_hash(), a.trace_hash(), "replay differs: {:?}", cfg);
        prop_assert_eq!(replayed.metrics(), a.metrics());

        // The trace hashes deliveries; a run that delivers nothing (its only server crashed at
        // 0) has the empty trace whatever the seed, so seed sensitivity is checked on the rest.
        let other = SimConfig { seed: cfg.seed.wrapping_add(1), ..cfg.clone() };
        let mut c = Engine::new(arch, &other).unwrap();
        run_script(&mut c, &steps, from_ms(6_500));
        if a.counters().delivered > 0 {
            prop_assert_ne!(c.trace_hash(), a.trace_hash(), "seed ignored: {:?}", cfg);
        }
    }

    /// The default peer degree never leaves an articulation point, at any size and seed.
    #[test]
    fn default_peer_graph_survives_any_single_failure(seed in any::<u64>(), participants in 5u32..400) {
        let cfg = SimConfig { seed, participants, ..SimConfig::default() };
        let topo = archsim::sim::Topology::build(Arch::PeerToPeer, &cfg.shape()).unwrap();
        let aps = petgraph::algo::articulation_points::articulation_points(&topo.graph());
        prop_assert!(aps.is_empty(), "seed {} n {}: {:?}", seed, participants, aps);
        prop_assert_eq!(petgraph::algo::connected_components(&topo.graph()), 1);
    }

    /// Any config either builds or is refused with a message; none panics.
    #[test]
    fn any_config_builds_or_is_refused(
        participants in any::<u32>(), degree in any::<u32>(), fed in any::<u32>(),
        lat in any::<(u32, u32)>(), loss in any::<f64>(), rate in any::<f64>(),
        updates in 0u32..2_000, flood in any::<bool>(), node in "[A-Z]?[0-9]{0,8}",
    ) {
        let cfg = SimConfig {
            participants: participants % 6_000,
            degree: degree % 70,
            federated_servers: fed % 70,
            latency_min_ms: lat.0 % 12_000,
            latency_max_ms: lat.1 % 12_000,
            loss,
            update_rate: rate,
            updates,
            workload: if flood { Workload::Flood } else { Workload::Default },
            faults: vec![archsim::sim::ScheduledFault { at_ms: 10, fault: FaultSpec::Crash { node } }],
            ..SimConfig::default()
        };
        for arch in Arch::ALL {
            match Engine::new(arch, &cfg) {
                Ok(mut e) => {
                    if cfg.participants <= 300 {
                        e.advance_to(from_ms(300));
                    }
                }
                Err(err) => prop_assert!(!err.to_string().is_empty()),
            }
        }
    }
}

/// Grid points per run: 12, or `ARCHSIM_GRID_CASES` (for a long exploration).
fn grid_cases() -> u32 {
    std::env::var("ARCHSIM_GRID_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12)
}

/// One point of the lesson's grid: 24–3,000 participants, 1–20 updates/s, latencies from
/// 5..20 to 200..800 ms, seeds 1–5.
fn lesson_grid() -> impl Strategy<Value = SimConfig> {
    (
        prop::sample::select(vec![24u32, 40, 100, 300, 1_000, 3_000]),
        1.0f64..=20.0,
        5u32..=200,
        1u64..=5,
    )
        .prop_map(|(participants, rate, lat, seed)| SimConfig {
            participants,
            update_rate: rate,
            latency_min_ms: lat,
            latency_max_ms: 4 * lat,
            seed,
            ..SimConfig::default()
        })
}

/// Runs `cfg` long enough for the window to fill (20 s, or 64 link delays) and rates it.
fn levels(
    arch: Arch,
    cfg: &SimConfig,
) -> ([archsim::lessons::network::measured::Level; 3], Vec<String>) {
    let mut e = Engine::new(arch, cfg).unwrap();
    let window = (cfg.mean_latency_ms() * 64.0).max(20_000.0) as u64;
    e.advance_to(from_ms(window + 8_000));
    let r = archsim::lessons::network::measured::rate(&e.metrics());
    let c = archsim::lessons::network::measured::Challenge::ALL;
    (
        c.map(|c| r.get(c).level),
        c.iter().map(|&c| r.get(c).reason.clone()).collect(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: grid_cases(), ..ProptestConfig::default() })]

    /// The lesson's table comes out of the measurements anywhere on its grid, with one
    /// threshold table for all three architectures.
    #[test]
    fn the_lesson_table_holds_across_sizes_rates_latencies_and_seeds(cfg in lesson_grid()) {
        for arch in Arch::ALL {
            let (got, why) = levels(arch, &cfg);
            let want = archsim::lessons::network::measured::Challenge::ALL.map(|c| archsim::lessons::network::measured::reference(arch, c));
            prop_assert_eq!(got, want, "{} n={} rate={:.1} lat={}..{} seed={}: {:?}",
                arch, cfg.participants, cfg.update_rate, cfg.latency_min_ms, cfg.latency_max_ms, cfg.seed, why);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed_2026),
        ..ProptestConfig::default()
    })]

    /// Client-server is never harder than federated, federated never harder than peer-to-peer,
    /// on any challenge, from the smallest network the page allows, with lossy links, relay
    /// batching, and a participant that fails — loss not combined with batching or a failure,
    /// and from 8 participants: with batching client-server can apply a pair or a few in
    /// different orders (1 of 381 at seed 4, 27 participants, 8 % loss, 51 ms batches; 3 of
    /// 359 with C0 down too), and below 8 a federation's three-hop routes, each hop able to
    /// lose and resend, deliver later than a 3-peer mesh; and loss from 2 updates a second:
    /// below, the window holds so few updates that one resent message decides its 99th
    /// percentile (client-server 9 link delays, federated 5.5 at 0.54 a second, 0.8 % loss, 67
    /// participants, seed 3): departures the README lists. The cases come from a fixed seed,
    /// so every run checks the same ones (and the regressions file's).
    #[test]
    fn harder_architectures_never_rate_easier(
        participants in 3u32..80, rate in 0.5f64..=20.0, lat in 1u32..=200, seed in 1u64..=5,
        loss in prop_oneof![Just(0.0), 0.0f64..0.15], relay_ms in prop_oneof![Just(0u32), 0u32..100],
        fails in proptest::option::of(0u32..3),
    ) {
        let cfg = SimConfig {
            participants,
            degree: 4.min(participants - 1),
            update_rate: rate,
            latency_min_ms: lat,
            latency_max_ms: 4 * lat,
            loss: if participants < 8 || rate < 2.0 { 0.0 } else { loss },
            relay_ms: if loss > 0.0 { 0 } else { relay_ms },
            seed,
            ..SimConfig::default()
        };
        let l = Arch::ALL.map(|a| {
            let label = if a == Arch::PeerToPeer { "P" } else { "C" };
            let faults = fails
                .filter(|_| loss == 0.0)
                .map(|i| ScheduledFault {
                    at_ms: 5_000,
                    fault: FaultSpec::Crash { node: format!("{label}{i}") },
                })
                .into_iter()
                .collect();
            levels(a, &SimConfig { faults, ..cfg.clone() })
        });
        for c in 0..3 {
            prop_assert!(l[0].0[c] <= l[1].0[c] && l[1].0[c] <= l[2].0[c],
                "challenge {} of {:?}: {:?} / {:?} / {:?}", c, cfg, l[0], l[1], l[2]);
        }
    }

    /// When the main server fails, no update is lost: once things settle, every live client
    /// holds every update.
    #[test]
    fn no_update_is_lost_when_the_main_server_fails(
        seed in any::<u64>(), at in 500u64..6_000, participants in 8u32..60, servers in 2u32..6,
    ) {
        let cfg = SimConfig {
            seed, participants, federated_servers: servers, updates: 80, ..SimConfig::default()
        };
        let mut e = Engine::new(Arch::Federated, &cfg).unwrap();
        e.advance_to(from_ms(at));
        e.apply_spec(&FaultSpec::Crash { node: "M0".into() }).unwrap();
        e.advance_to(from_ms(40_000));
        let topo = e.topology();
        for uid in 0..e.counters().updates_created as u32 {
            for &p in &topo.participants {
                prop_assert!(e.holds(p, uid), "seed {} fail at {} ms: {} lacks update {}", seed, at, topo.label(p), uid);
            }
        }
    }

    /// Clocks are corrected by slewing: no clock ever reads less than it did before.
    #[test]
    fn no_clock_ever_runs_backwards(cfg in small_config(), steps in script(), arch in 0usize..3) {
        let arch = Arch::ALL[arch];
        let cfg = SimConfig { clock_offset_ms: 2_000, clock_drift_ppm: 50_000, ..cfg };
        let mut e = Engine::new(arch, &cfg).unwrap();
        let n = e.topology().len();
        let mut last: Vec<i64> = (0..n).map(|i| e.clock(archsim::sim::NodeId(i as u32))).collect();
        let mut steps = steps;
        steps.sort_by_key(|s| s.0);
        for t in (50..8_000).step_by(50) {
            let due: Vec<_> = steps.iter().copied().filter(|s| s.0 + 50 > t && s.0 <= t).collect();
            run_script(&mut e, &due, from_ms(t));
            for (i, l) in last.iter_mut().enumerate() {
                let now = e.clock(archsim::sim::NodeId(i as u32));
                prop_assert!(now >= *l, "{} node {} went back from {} to {} at {} ms", arch, i, l, now, t);
                *l = now;
            }
        }
    }
}
