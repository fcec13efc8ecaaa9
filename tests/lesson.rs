//! The lesson's claims, as scenario tests over several sizes and seeds.

#![cfg(not(target_arch = "wasm32"))]

use archsim::lessons::network::measured::{self as rating, Challenge, Level, rate};
use archsim::lessons::network::model::{Engine, SimConfig};
use archsim::sim::{Arch, FaultSpec, NodeId, Role, time::from_ms};

const SIZES: [u32; 4] = [8, 24, 61, 200];
const SEEDS: [u64; 3] = [1, 7, 2024];

fn engine(arch: Arch, participants: u32, seed: u64) -> Engine {
    let cfg = SimConfig {
        participants,
        seed,
        ..SimConfig::default()
    };
    let mut e =
        Engine::new(arch, &cfg).unwrap_or_else(|err| panic!("n={participants} seed={seed}: {err}"));
    e.advance_to(from_ms(3_000));
    e
}

fn crash(e: &mut Engine, label: &str) {
    e.apply_spec(&FaultSpec::Crash {
        node: label.to_string(),
    })
    .unwrap();
}

fn reachable_participants(e: &Engine) -> Vec<String> {
    e.topology()
        .participants
        .iter()
        .filter(|&&p| e.is_reachable(p))
        .map(|&p| e.topology().label(p).to_string())
        .collect()
}

#[test]
fn server_down_cuts_off_every_client() {
    for n in SIZES {
        for seed in SEEDS {
            let mut e = engine(Arch::ClientServer, n, seed);
            assert_eq!(reachable_participants(&e).len(), n as usize);
            crash(&mut e, "S0");
            e.advance_to(from_ms(8_000));
            assert!(reachable_participants(&e).is_empty(), "n={n} seed={seed}");
            let m = e.metrics();
            assert_eq!(m.state.reachable_fraction, 0.0);
            assert_eq!(m.state.live_participants, n);
            // Every client noticed through its own heartbeats.
            assert_eq!(m.liveliness.failures_detected, 1, "n={n} seed={seed}");
        }
    }
}

#[test]
fn one_federated_server_down_cuts_off_exactly_its_clients() {
    for n in SIZES {
        for seed in SEEDS {
            let mut e = engine(Arch::Federated, n, seed);
            crash(&mut e, "F1");
            e.advance_to(from_ms(8_000));
            let f1 = e.topology().find("F1").unwrap();
            let topo = e.topology();
            for &p in &topo.participants {
                let served_by_f1 = topo.neighbours(p).iter().any(|&(m, _)| m == f1.0);
                assert_eq!(
                    e.is_reachable(p),
                    !served_by_f1,
                    "n={n} seed={seed} {}",
                    topo.label(p)
                );
            }
            // The data says the same: every update a reachable client started since the crash
            // (and not still on its way) reached every reachable client and none of F1's;
            // F1's clients' updates reach nobody.
            assert_data_follows_reachability(&e, from_ms(3_500), from_ms(7_000));
        }
    }
}

/// For every update started in `from..until`: if its origin is reachable, every reachable
/// participant holds it and no cut-off one does; if not, nobody but its origin holds it.
fn assert_data_follows_reachability(e: &Engine, from: u64, until: u64) {
    let topo = e.topology();
    let mut checked = 0;
    for uid in 0..e.counters().updates_created as u32 {
        let Some(origin) = e.origin_of(uid) else {
            continue;
        };
        let created = e.created_at(uid).unwrap();
        if created < from || created > until {
            continue;
        }
        checked += 1;
        for &p in &topo.participants {
            if p == origin || !e.is_up(p) {
                continue;
            }
            let want = e.is_reachable(origin) && e.is_reachable(p);
            assert_eq!(
                e.holds(p, uid),
                want,
                "update {uid} from {} at {} µs, held by {}?",
                topo.label(origin),
                created,
                topo.label(p)
            );
        }
    }
    assert!(checked > 5, "only {checked} updates in the interval");
}

#[test]
fn any_single_peer_down_cuts_off_no_other_peer() {
    for n in SIZES {
        for seed in SEEDS {
            let base = engine(Arch::PeerToPeer, n, seed);
            let victims: Vec<NodeId> = base
                .topology()
                .participants
                .iter()
                .copied()
                .step_by((n as usize / 6).max(1))
                .collect();
            for v in victims {
                let mut e = engine(Arch::PeerToPeer, n, seed);
                let label = e.topology().label(v).to_string();
                crash(&mut e, &label);
                e.advance_to(from_ms(6_000));
                for &p in &e.topology().participants {
                    if p != v {
                        assert!(e.is_reachable(p), "n={n} seed={seed} victim={label}");
                    }
                }
                assert_eq!(e.metrics().state.reachable_fraction, 1.0);
            }
        }
    }
}

/// Runs with a fixed number of updates (about 10 s' worth), crashes `victim` at 2 s, and lets
/// everything settle: every live participant must then hold every update.
fn settles_after_crash(arch: Arch, victim: &str) {
    let cfg = SimConfig {
        participants: 40,
        updates: 60,
        ..SimConfig::default()
    };
    let mut e = Engine::new(arch, &cfg).unwrap();
    e.advance_to(from_ms(2_000));
    crash(&mut e, victim);
    e.advance_to(from_ms(25_000));
    let m = e.metrics();
    assert_eq!(m.counters.updates_created, 60, "{arch}");
    assert_eq!(m.state.reachable_fraction, 1.0, "{arch}");
    assert_eq!(
        m.liveliness.stale_fraction, 0.0,
        "{arch}: someone missed an update"
    );
    for &p in &e.topology().participants {
        if e.is_up(p) {
            assert_eq!(
                e.status(p).missing_updates,
                0,
                "{arch} {}",
                e.topology().label(p)
            );
        }
    }
}

#[test]
fn updates_keep_flowing_around_a_failed_peer() {
    settles_after_crash(Arch::PeerToPeer, "P3");
}

#[test]
fn main_server_down_federated_servers_fall_back_to_each_other() {
    settles_after_crash(Arch::Federated, "M0");
}

#[test]
fn without_the_mesh_the_main_server_is_a_single_point_of_failure() {
    let cfg = SimConfig {
        federated_mesh: false,
        ..SimConfig::default()
    };
    let e = Engine::new(Arch::Federated, &cfg).unwrap();
    let m = e.metrics();
    assert_eq!(m.resilience.worst_single_failure_fraction, 1.0);
    assert_eq!(
        m.resilience.worst_single_failure_node.as_deref(),
        Some("M0")
    );
}

/// Runs `cfg` on `arch` to `until_ms` and asserts the lesson's rating on every challenge.
fn assert_reference_table(arch: Arch, cfg: &SimConfig, until_ms: u64) -> Engine {
    let mut e = Engine::new(arch, cfg).unwrap();
    e.advance_to(from_ms(until_ms));
    let r = rate(&e.metrics());
    for c in Challenge::ALL {
        assert_eq!(
            r.get(c).level,
            rating::reference(arch, c),
            "n={} seed {} {arch} {}: {}",
            cfg.participants,
            cfg.seed,
            c.key(),
            r.get(c).reason
        );
    }
    e
}

#[test]
fn default_scenario_reproduces_the_reference_table() {
    for seed in [1, 2, 3, 4, 5, 11, 99] {
        for arch in Arch::ALL {
            let cfg = SimConfig {
                seed,
                ..SimConfig::default()
            };
            assert_reference_table(arch, &cfg, 20_000);
        }
    }
}

#[test]
fn the_reference_table_holds_from_twenty_to_a_thousand_participants() {
    for (n, seed) in [(20, 3), (61, 1), (200, 7), (1_000, 2024)] {
        for arch in Arch::ALL {
            let cfg = SimConfig {
                participants: n,
                seed,
                ..SimConfig::default()
            };
            let e = assert_reference_table(arch, &cfg, 12_000);
            // Every node but a client ends up passing on others' updates: the server, the
            // servers, every peer.
            let topo = e.topology();
            let routers = (0..topo.len() as u32)
                .filter(|&i| topo.role(NodeId(i)) != Role::Client)
                .count() as u32;
            assert_eq!(e.metrics().network.routers, routers, "n={n} {arch}");
        }
    }
}

#[test]
fn p2p_is_hardest_yet_most_resilient() {
    let cfg = SimConfig::default();
    let run = |arch| {
        let mut e = Engine::new(arch, &cfg).unwrap();
        e.advance_to(from_ms(20_000));
        e.metrics()
    };
    let (cs, fed, p2p) = (
        run(Arch::ClientServer),
        run(Arch::Federated),
        run(Arch::PeerToPeer),
    );
    assert!(
        p2p.resilience.worst_single_failure_fraction < fed.resilience.worst_single_failure_fraction
    );
    assert!(
        fed.resilience.worst_single_failure_fraction < cs.resilience.worst_single_failure_fraction
    );
    assert_eq!(p2p.resilience.worst_single_failure_fraction, 0.0);
    assert_eq!(cs.resilience.worst_single_failure_fraction, 1.0);
    assert!(p2p.network.links_per_participant > fed.network.links_per_participant);
    assert!(p2p.liveliness.propagation_p99_ms > fed.liveliness.propagation_p99_ms);
    assert!(p2p.timing.max_clock_skew_ms > fed.timing.max_clock_skew_ms);
    // Servers keep clocks within what syncing allows; peers, with nobody as reference, do not.
    assert!(
        cs.timing.max_clock_skew_ms <= cs.timing.sync_bound_ms
            && fed.timing.max_clock_skew_ms <= fed.timing.sync_bound_ms
    );
    assert!(p2p.timing.max_clock_skew_ms > p2p.timing.sync_bound_ms);
    // An orderer keeps every participant's order the same; peers disagree.
    assert_eq!(
        (cs.timing.disordered_pairs, fed.timing.disordered_pairs),
        (0, 0)
    );
    assert!(p2p.timing.disordered_pairs > 0);
    let levels = |m| {
        let r = rate(m);
        Challenge::ALL.map(|c| r.get(c).level)
    };
    assert_eq!(levels(&p2p), [Level::High; 3]);
}

#[test]
fn ratings_follow_the_measurements_not_the_architecture() {
    // Give client-server a very slow, lossy network: its liveliness rating must rise.
    let cfg = SimConfig {
        latency_min_ms: 20,
        latency_max_ms: 2_000,
        loss: 0.3,
        ..SimConfig::default()
    };
    let mut e = Engine::new(Arch::ClientServer, &cfg).unwrap();
    e.advance_to(from_ms(20_000));
    let r = rate(&e.metrics());
    assert!(r.liveliness.level > Level::Low, "{}", r.liveliness.reason);
    assert!(r.timing.level > Level::Low, "{}", r.timing.reason);
}

#[test]
fn roles_and_labels_are_as_documented() {
    let cfg = SimConfig::default();
    let cs = Engine::new(Arch::ClientServer, &cfg).unwrap();
    assert_eq!(cs.topology().nodes[0].label, "S0");
    assert_eq!(cs.topology().nodes[0].role, Role::Server);
    let fed = Engine::new(Arch::Federated, &cfg).unwrap();
    let roles: Vec<_> = fed.topology().nodes.iter().map(|n| n.role).collect();
    assert_eq!(roles.iter().filter(|r| **r == Role::MainServer).count(), 1);
    assert_eq!(
        roles
            .iter()
            .filter(|r| **r == Role::FederatedServer)
            .count(),
        4
    );
    assert_eq!(roles.iter().filter(|r| **r == Role::Client).count(), 24);
}

#[test]
fn memory_stays_flat_over_long_runs() {
    for arch in Arch::ALL {
        let cfg = SimConfig {
            participants: 50,
            ..SimConfig::default()
        };
        let mut e = Engine::new(arch, &cfg).unwrap();
        e.advance_to(from_ms(60_000));
        let early = e.pending_events();
        e.advance_to(from_ms(600_000));
        let late = e.pending_events();
        assert!(late <= early * 2 + 100, "{arch}: {early} -> {late}");
        assert!(e.counters().updates_created > 3_000);
    }
}

#[test]
fn flood_drains_and_reaches_everyone() {
    let cfg = SimConfig {
        participants: 500,
        degree: 8,
        updates: 20,
        latency_min_ms: 10,
        latency_max_ms: 100,
        workload: archsim::lessons::network::model::Workload::Flood,
        ..SimConfig::default()
    };
    let mut e = Engine::new(Arch::PeerToPeer, &cfg).unwrap();
    assert!(e.run_until_idle(u64::MAX));
    let m = e.metrics();
    assert_eq!(m.counters.updates_created, 20);
    assert_eq!(m.liveliness.stale_fraction, 0.0);
    assert_eq!(m.counters.delivered, m.counters.sent);
    // Each peer is asked for and sends the data once; it hears announcements from several
    // neighbours: more than the three messages a hop of one announcer costs, fewer than one
    // announcement per neighbour plus the request and the data.
    let per = m.network.messages_per_delivery.unwrap();
    assert!(per > 3.0 && per < 8.0 + 2.0, "{per}");
    // A second drain call on a drained queue neither overflows nor runs anything.
    assert!(e.run_until_idle(u64::MAX));
}

#[test]
fn a_server_cut_from_the_main_server_keeps_its_clients_fed_both_ways() {
    for seed in SEEDS {
        let mut e = engine(Arch::Federated, 24, seed);
        e.apply_spec(&FaultSpec::Cut {
            a: "F1".into(),
            b: "M0".into(),
        })
        .unwrap();
        e.advance_to(from_ms(12_000));
        assert_eq!(e.metrics().state.reachable_fraction, 1.0, "seed {seed}");
        // Once the cut is noticed (a timeout), F1's clients send and receive through the mesh.
        assert_data_follows_reachability(&e, from_ms(6_000), from_ms(11_000));
    }
}

#[test]
fn with_two_federated_servers_one_failing_cuts_off_exactly_its_clients() {
    let cfg = SimConfig {
        federated_servers: 2,
        ..SimConfig::default()
    };
    let mut e = Engine::new(Arch::Federated, &cfg).unwrap();
    e.advance_to(from_ms(3_000));
    crash(&mut e, "F0");
    e.advance_to(from_ms(10_000));
    let m = e.metrics();
    assert_eq!(m.state.reachable_participants, 12);
    assert_data_follows_reachability(&e, from_ms(4_500), from_ms(9_000));
}

#[test]
fn ratings_follow_the_state_and_say_why() {
    let mut e = engine(Arch::ClientServer, 24, 1);
    assert_eq!(rate(&e.metrics()).liveliness.level, Level::Low);
    crash(&mut e, "S0");
    // At once: the window still holds the deliveries made before, but nothing reaches
    // anyone now.
    e.advance_to(e.now() + from_ms(100));
    let r = rate(&e.metrics());
    assert_eq!(r.liveliness.level, Level::High, "{}", r.liveliness.reason);
    assert!(
        r.liveliness
            .reason
            .starts_with("S0 down: no live participant reaches the working part"),
        "{}",
        r.liveliness.reason
    );
    e.advance_to(from_ms(15_000));
    let r = rate(&e.metrics());
    assert_eq!(r.liveliness.level, Level::High, "{}", r.liveliness.reason);
    // The timing rating is not blamed on the failure: the clocks have not drifted yet.
    assert_eq!(r.timing.level, Level::Medium, "{}", r.timing.reason);
    assert!(!r.timing.reason.contains("S0"), "{}", r.timing.reason);
    // Back up: once the window has passed, the ratings are the lesson's again.
    e.apply_spec(&FaultSpec::Recover { node: "S0".into() })
        .unwrap();
    e.advance_to(from_ms(40_000));
    let r = rate(&e.metrics());
    for c in Challenge::ALL {
        assert_eq!(
            r.get(c).level,
            rating::reference(Arch::ClientServer, c),
            "{}",
            r.get(c).reason
        );
    }
}

#[test]
fn relay_batching_holds_up_servers_and_peers_alike() {
    for arch in [Arch::ClientServer, Arch::Federated, Arch::PeerToPeer] {
        let p99 = |relay_ms| {
            let cfg = SimConfig {
                relay_ms,
                ..SimConfig::default()
            };
            let mut e = Engine::new(arch, &cfg).unwrap();
            e.advance_to(from_ms(20_000));
            e.metrics().liveliness.delivery_p99_ms.unwrap()
        };
        let (at_once, batched) = (p99(0), p99(300));
        // Every router on the way waits for its batch: at least one wait of up to 300 ms.
        assert!(batched > at_once + 150.0, "{arch}: {at_once} -> {batched}");
    }
}

#[test]
fn clock_answers_pair_with_their_requests_when_round_trips_outlast_the_sync_period() {
    // Round trips of 2 to 6 s, a correction every 0.5 s: many requests are in flight at once.
    let cfg = SimConfig {
        latency_min_ms: 1_000,
        latency_max_ms: 3_000,
        clock_sync_ms: 500,
        heartbeat_ms: 1_000,
        timeout_ms: 8_000,
        ..SimConfig::default()
    };
    for arch in [Arch::ClientServer, Arch::Federated] {
        let mut e = Engine::new(arch, &cfg).unwrap();
        e.advance_to(from_ms(60_000));
        let m = e.metrics();
        assert!(
            m.timing.max_clock_skew_ms <= m.timing.sync_bound_ms,
            "{arch}: {} ms > {} ms",
            m.timing.max_clock_skew_ms,
            m.timing.sync_bound_ms
        );
    }
}

/// The corners of the lesson's grid (the property test in `properties.rs` samples inside it):
/// smallest and largest size, slowest and fastest rate, fastest and slowest links.
#[test]
fn the_lesson_table_holds_at_the_corners_of_its_grid() {
    let mut seed = 0;
    for participants in [24, 3_000] {
        for update_rate in [1.0, 20.0] {
            for (lo, hi) in [(5, 20), (200, 800)] {
                seed = seed % 5 + 1;
                let cfg = SimConfig {
                    participants,
                    update_rate,
                    latency_min_ms: lo,
                    latency_max_ms: hi,
                    seed,
                    ..SimConfig::default()
                };
                // Long enough to fill the window: 20 s, or 64 link delays on slow links.
                let window = (cfg.mean_latency_ms() * 64.0).max(20_000.0) as u64;
                for arch in Arch::ALL {
                    assert_reference_table(arch, &cfg, window + 8_000);
                }
            }
        }
    }
}

/// One authority means one order: where a server orders updates, loss delays an update (it is
/// sent again after a timeout, and the link holds what follows, as TCP does) but never
/// reorders one, so every client applies every pair in the same order; among peers, with no
/// authority, the same loss leaves pairs applied in both orders.
#[test]
fn under_loss_an_authority_keeps_one_order_and_peers_do_not() {
    let mut peers_disagree = 0;
    for seed in 1..=6 {
        for arch in Arch::ALL {
            let cfg = SimConfig {
                seed,
                loss: 0.1,
                ..SimConfig::default()
            };
            let mut e = Engine::new(arch, &cfg).unwrap();
            e.advance_to(from_ms(20_000));
            let m = e.metrics();
            assert!(m.timing.ordered_pairs > 50, "{arch} seed {seed}");
            if arch == Arch::PeerToPeer {
                peers_disagree += m.timing.disordered_pairs;
            } else {
                assert_eq!(m.timing.disordered_pairs, 0, "{arch} seed {seed}");
            }
            assert!(
                e.counters().resent > 0,
                "{arch} seed {seed}: no loss at 10 %?"
            );
        }
    }
    assert!(peers_disagree > 0);
}

/// A failure is blamed only for what it caused: peers' clocks already differ by more than the
/// bound before P3 fails, so after it the timing reason quotes the skew without "P3 down".
#[test]
fn a_failure_is_not_blamed_for_a_skew_that_was_there_before_it() {
    let mut e = engine(Arch::PeerToPeer, 24, 1);
    e.advance_to(from_ms(10_000));
    crash(&mut e, "P3");
    e.advance_to(from_ms(20_000));
    let m = e.metrics();
    let before = m.timing.skew_before_fault_ms.expect("a fault happened");
    assert!(
        before > m.timing.sync_bound_ms,
        "{before} ≤ {}",
        m.timing.sync_bound_ms
    );
    let r = rate(&m);
    let timing = &r.get(Challenge::Timing).reason;
    assert_eq!(r.get(Challenge::Timing).level, Level::High);
    assert!(!timing.contains("P3 down"), "{timing}");
    // Where the failure did cause the rating, it is named: the server down stalls delivery.
    let mut e = engine(Arch::ClientServer, 24, 1);
    crash(&mut e, "S0");
    e.advance_to(from_ms(20_000));
    let r = rate(&e.metrics());
    assert!(
        r.get(Challenge::Liveliness).reason.starts_with("S0 down"),
        "{}",
        r.get(Challenge::Liveliness).reason
    );
}

/// Among peers an update goes announce → request → data (Bitcoin's inv / getdata): the first
/// peer after its origin holds it three link delays after the origin does, not one (as a
/// push would give).
#[test]
fn a_peer_hop_is_announce_request_data() {
    use archsim::lessons::network::model::Workload;
    for lat in [20u32, 50] {
        let cfg = SimConfig {
            participants: 12,
            latency_min_ms: lat,
            latency_max_ms: lat,
            workload: Workload::Flood,
            updates: 1,
            ..SimConfig::default()
        };
        let mut e = Engine::new(Arch::PeerToPeer, &cfg).unwrap();
        let holders = |e: &Engine| {
            e.topology()
                .participants
                .iter()
                .filter(|&&p| e.holds(p, 0))
                .count()
        };
        let (mut first, mut second) = (None, None);
        for ms in 0..2_000u64 {
            e.advance_to(from_ms(ms));
            let h = holders(&e);
            if h >= 1 && first.is_none() {
                first = Some(ms);
            }
            if h >= 2 {
                second = Some(ms);
                break;
            }
        }
        let (first, second) = (first.unwrap(), second.unwrap());
        assert_eq!(second - first, 3 * u64::from(lat), "latency {lat} ms");
    }
}
