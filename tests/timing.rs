//! The timing engine against its closed forms: the exchange's bound and asymmetry error, drift
//! while running free, the logical clocks' conditions checked by reachability, and what each
//! ordering rule does to the payments. Every claim is checked over several settings and seeds.
#![cfg(not(target_arch = "wasm32"))]

use archsim::lessons::timing::model::report::{OrderReport, report};
use archsim::lessons::timing::model::{Correct, Order, TimingConfig, TimingEngine};
use archsim::sim::NodeId;
use archsim::sim::fault::{Fault, FaultSpec, ScheduledFault};
use archsim::sim::time::{MS, SECOND};

fn run(cfg: &TimingConfig, until_s: u64) -> TimingEngine {
    let mut e = TimingEngine::new(cfg, until_s).expect("valid config");
    e.advance_to(until_s * SECOND);
    e
}

fn rule(cfg: &TimingConfig, order: Order, until_s: u64) -> OrderReport {
    report(cfg, &[order], until_s)
        .unwrap()
        .orders
        .get(order)
        .unwrap()
        .clone()
}

/// |θ − true offset| ≤ δ/2 on every exchange, slewed or stepped, over strata, latencies and
/// seeds (a step drops the exchanges it would spoil).
#[test]
fn every_exchange_is_within_half_its_delay() {
    for (seed, strata, lat, correct) in [
        (1, 1, (1, 5), Correct::Slew),
        (2, 2, (10, 120), Correct::Slew),
        (3, 3, (50, 900), Correct::Step),
        (4, 4, (0, 300), Correct::Step),
    ] {
        let cfg = TimingConfig {
            seed,
            strata,
            nodes: 40,
            latency_min_ms: lat.0,
            latency_max_ms: lat.1,
            correct,
            drift_ppm: 200,
            offset_ms: 2_000,
            ..TimingConfig::default()
        };
        let e = run(&cfg, 900);
        let s = e.sync();
        assert!(s.exchanges > 1_000, "{seed}: {} exchanges", s.exchanges);
        assert_eq!(s.bound_violations, 0, "seed {seed}");
        // The bound is not empty: errors reach a good part of it under jitter.
        let worst = s.errors.iter().max().copied().unwrap();
        assert!(
            worst as f64 > 0.3 * (lat.1 - lat.0) as f64 * MS as f64 / 2.0,
            "{seed}: {worst}"
        );
    }
}

/// With fixed delays u up and d down, every exchange is off by exactly (u − d)/2, and so is a
/// synced client's clock: 10 ms and 50 ms give 20 ms, which no number of exchanges removes.
/// Stepped clocks (exact); slewed ones end within 0.1 ms of it (a clock slewing runs 500 ppm
/// off while it measures).
#[test]
fn an_asymmetric_path_leaves_half_the_difference() {
    for correct in [Correct::Step, Correct::Slew] {
        for (up, down) in [(10, 50), (50, 10), (30, 30), (0, 200)] {
            let cfg = TimingConfig {
                strata: 1,
                nodes: 10,
                drift_ppm: 0,
                offset_ms: 50,
                asymmetry: Some((up, down)),
                correct,
                ..TimingConfig::default()
            };
            let e = run(&cfg, 600);
            let expect = (i64::from(up) - i64::from(down)) * MS as i64 / 2;
            let slack = if correct == Correct::Step { 1 } else { 100 };
            assert!(
                e.sync()
                    .errors
                    .iter()
                    .all(|&x| x.abs_diff(expect.unsigned_abs()) <= slack),
                "{up}/{down} {correct:?}"
            );
            // A client's clock ends that far behind (up > down: ahead of) the server's, which
            // reads the reference.
            for n in 2..10 {
                let err = e.error(n);
                assert!(
                    (err - expect).abs() <= slack as i64 + 1,
                    "{up}/{down} {correct:?}: node {n} off by {err} µs"
                );
            }
        }
    }
}

/// Below more strata, each exchange adds (d↑ − d↓)/2 again: a client `strata` exchanges below
/// the reference ends up `strata` times that off (the page's sentence beside its sliders).
#[test]
fn each_stratum_adds_the_paths_error_again() {
    for (strata, correct) in [
        (2, Correct::Step),
        (3, Correct::Step),
        (4, Correct::Step),
        (2, Correct::Slew),
        (3, Correct::Slew),
    ] {
        let cfg = TimingConfig {
            strata,
            nodes: 2 * strata + 6,
            drift_ppm: 0,
            offset_ms: 50,
            asymmetry: Some((10, 50)),
            correct,
            ..TimingConfig::default()
        };
        let e = run(&cfg, 900);
        let l = e.layout();
        // A slewed clock measures while it runs 500 ppm off: within 0.1 ms an exchange.
        let slack = if correct == Correct::Step {
            2
        } else {
            100 * i64::from(strata)
        };
        for n in l.servers()..l.nodes {
            let err = e.error(n);
            let want = -20 * MS as i64 * i64::from(strata);
            assert!(
                (err - want).abs() <= slack,
                "{strata} strata, {correct:?}: {} off by {err} µs",
                l.name(n)
            );
        }
    }
}

/// Each stratum adds its own path's error to its server's: clients' clocks are further off than
/// stratum 2's, and stratum 2's than stratum 1's (which reads the reference), averaged over
/// seeds.
#[test]
fn error_grows_with_stratum() {
    let mut sums = [0.0f64; 4];
    for seed in 1..=6 {
        let cfg = TimingConfig {
            seed,
            strata: 3,
            nodes: 60,
            latency_min_ms: 5,
            latency_max_ms: 200,
            ..TimingConfig::default()
        };
        let r = report(&cfg, &[Order::Arrival], 1_800).unwrap();
        for (k, s) in r.sync.stratum_error_ms.iter().enumerate() {
            sums[k] += s.mean_abs_error_ms.unwrap();
        }
    }
    assert!(
        sums.windows(2).all(|w| w[0] < w[1]),
        "mean errors by stratum: {sums:?}"
    );
}

/// With its servers gone, a client runs free and its error grows by its drift: ppm × t.
#[test]
fn a_free_running_clock_drifts_by_ppm_times_t() {
    let fail = |node: &str| ScheduledFault {
        at_ms: 300_000,
        fault: FaultSpec::Crash { node: node.into() },
    };
    let cfg = TimingConfig {
        strata: 1,
        nodes: 12,
        drift_ppm: 300,
        faults: vec![fail("S1a"), fail("S1b")],
        ..TimingConfig::default()
    };
    let mut e = TimingEngine::new(&cfg, 2_000).unwrap();
    // Not yet answered is not running free.
    e.advance_to(3 * SECOND);
    assert!((0..12).all(|n| !e.free_running(n)));
    e.advance_to(400 * SECOND);
    let before: Vec<i64> = (2..12).map(|n| e.error(n)).collect();
    e.advance_to(1_400 * SECOND);
    let mut drifted = 0;
    for (i, n) in (2..12).enumerate() {
        assert!(e.free_running(n), "node {n} still has a server");
        let grew = e.error(n) - before[i];
        let want = i64::from(e.drift_ppm(n)) * 1_000; // 1,000 s at ppm µs per s
        assert!((grew - want).abs() <= 2, "node {n}: {grew} µs, want {want}");
        drifted += i64::from(grew != 0);
    }
    assert!(drifted > 5);
}

/// A failed server sends its clients to the other one: nobody runs free, and every client of
/// the last stratum takes its time from the server still up.
#[test]
fn clients_fail_over_to_the_other_server() {
    let cfg = TimingConfig {
        strata: 2,
        nodes: 20,
        drift_ppm: 500,
        faults: vec![ScheduledFault {
            at_ms: 100_000,
            fault: FaultSpec::Crash { node: "S2a".into() },
        }],
        ..TimingConfig::default()
    };
    let e = run(&cfg, 900);
    assert!((4..20).all(|n| !e.free_running(n)));
    // S2a is node 2, S2b node 3: the clients all follow S2b now.
    assert!(
        (4..20).all(|n| e.server_of(n) == Some(3)),
        "{:?}",
        (4..20).map(|n| e.server_of(n)).collect::<Vec<_>>()
    );
    let mut e = TimingEngine::new(&cfg, 900).unwrap();
    e.advance_to(99 * SECOND);
    let before = (4..20).filter(|&n| e.server_of(n) == Some(2)).count();
    assert!(before > 0, "some client followed S2a before it failed");
    let r = report(&cfg, &[Order::Arrival], 900).unwrap();
    assert_eq!(r.sync.free_running, 0);
    let stratum_clients = r.sync.stratum_error_ms.last().unwrap();
    assert!(stratum_clients.mean_abs_error_ms.unwrap() < 60.0);
}

/// Stepping sets a clock that is ahead back in time; slewing never does.
#[test]
fn only_a_step_moves_a_clock_back() {
    for seed in 1..=3 {
        let base = TimingConfig {
            seed,
            offset_ms: 500,
            ..TimingConfig::default()
        };
        let slew = run(&base, 300);
        let step = run(
            &TimingConfig {
                correct: Correct::Step,
                ..base.clone()
            },
            300,
        );
        assert_eq!(slew.sync().backwards_steps, 0);
        assert!(step.sync().backwards_steps > 0);
        // A slewed clock read every 10 ms never goes back.
        let mut e = TimingEngine::new(&base, 60).unwrap();
        let mut last = vec![i64::MIN; base.nodes as usize];
        for t in 0..6_000u64 {
            e.advance_to(t * 10 * MS);
            for (n, l) in last.iter_mut().enumerate() {
                let r = e.clock(n as u32);
                assert!(r >= *l, "node {n} went back at {t}");
                *l = r;
            }
        }
    }
}

/// Happened-before, worked out here by reachability over the logged events (the previous event
/// of a process, and a receive's send), against the clocks: a → b ⇒ L(a) < L(b), and
/// V(a) < V(b) ⇔ a → b, with no mismatch.
fn check_happened_before(e: &TimingEngine, what: &str) {
    let l = e.logical();
    let log = l.log();
    let n = log.len();
    assert!(n >= 1_000, "{what}: {n} events");
    // Reachability, by a search from each event over its predecessors.
    let mut before = vec![vec![false; n]; n];
    for (j, row) in before.iter_mut().enumerate() {
        let mut stack: Vec<usize> = vec![j];
        while let Some(k) = stack.pop() {
            for pred in [log[k].2, log[k].3] {
                if pred != u32::MAX && !row[pred as usize] {
                    row[pred as usize] = true;
                    stack.push(pred as usize);
                }
            }
        }
    }
    let less = |a: &[u32], b: &[u32]| a.iter().zip(b).all(|(x, y)| x <= y) && a != b;
    let (mut concurrent, mut pairs) = (0u64, 0u64);
    for j in 0..n {
        for i in 0..j {
            let (vi, vj) = (l.logged_vector(i), l.logged_vector(j));
            let hb = before[j][i];
            assert_eq!(hb, less(vi, vj), "{what}: events {i}, {j}");
            assert!(!less(vj, vi));
            if hb {
                assert!(log[i].1 < log[j].1, "{what}: L({i}) ≥ L({j})");
            } else {
                concurrent += 1;
            }
            pairs += 1;
        }
    }
    let c = l.check();
    assert_eq!((c.lamport_violations, c.vector_mismatches), (0, 0));
    assert_eq!(l.edge_violations, 0);
    let frac = concurrent as f64 / pairs as f64;
    assert!(frac > 0.0 && frac < 1.0, "{what}: {frac}");
    assert!((c.concurrent_fraction.unwrap() - frac).abs() < 1e-12);
    // Lamport order alone cannot tell concurrent events apart: some concurrent pair has
    // L(a) < L(b).
    let fooled = (0..n).any(|j| (0..j).any(|i| !before[j][i] && log[i].1 < log[j].1));
    assert!(fooled);
}

/// The clocks against happened-before under every rule and on several seeds.
#[test]
fn logical_clocks_match_happened_before() {
    for (seed, order) in [
        (1, Order::Arrival),
        (2, Order::Lamport),
        (3, Order::Causal),
        (4, Order::Sequencer),
        (5, Order::Physical),
    ] {
        let cfg = TimingConfig {
            seed,
            order,
            accounts: 8,
            replicas: 4,
            nodes: 20,
            payments_per_s: 30.0,
            ..TimingConfig::default()
        };
        check_happened_before(&run(&cfg, 60), &format!("{order:?}"));
    }
}

/// The same through failures: messages to a replica and to a holder that are down wait, and
/// reach them when they recover, all among the events checked.
#[test]
fn logical_clocks_match_happened_before_through_recoveries() {
    for (seed, order) in [(6, Order::Arrival), (7, Order::Lamport), (8, Order::Causal)] {
        let at = |ms: u64, fault: FaultSpec| ScheduledFault { at_ms: ms, fault };
        let cfg = TimingConfig {
            seed,
            order,
            accounts: 8,
            replicas: 4,
            nodes: 20,
            payments_per_s: 30.0,
            faults: vec![
                at(300, FaultSpec::Crash { node: "R2".into() }),
                at(400, FaultSpec::Crash { node: "Bob".into() }),
                at(1_500, FaultSpec::Recover { node: "R2".into() }),
                at(1_600, FaultSpec::Recover { node: "Bob".into() }),
            ],
            ..TimingConfig::default()
        };
        let mut e = TimingEngine::new(&cfg, 60).unwrap();
        e.advance_to(1_499 * MS);
        assert!(e.parked() >= 10, "{order:?}: {} parked", e.parked());
        e.advance_to(1_700 * MS);
        assert_eq!(e.parked(), 0, "{order:?}");
        assert!(
            e.logical().log().len() < 1_024,
            "{order:?}: the recoveries' deliveries are among the events checked"
        );
        e.advance_to(60 * SECOND);
        check_happened_before(&e, &format!("{order:?} with recoveries"));
    }
}

/// Causal delivery, Lamport's total order and a sequencer keep every replica alike and never
/// let Bob pay Charlie before Alice's payment to him is applied; in arrival order, jitter does
/// both. Across latencies, replicas and seeds.
#[test]
fn ordering_rules_that_respect_causality_keep_replicas_alike() {
    let mut arrival_splits = 0;
    for (seed, lat, replicas) in [(1, (10, 120), 3), (2, (1, 300), 5), (3, (50, 900), 4)] {
        let cfg = TimingConfig {
            seed,
            latency_min_ms: lat.0,
            latency_max_ms: lat.1,
            replicas,
            accounts: 8,
            nodes: 24,
            payments_per_s: 20.0,
            round_ms: 1_000,
            ..TimingConfig::default()
        };
        for order in [Order::Causal, Order::Lamport, Order::Sequencer] {
            let r = rule(&cfg, order, 600);
            assert!(r.applied > 5_000, "{order:?} {seed}: {}", r.applied);
            assert_eq!(r.story_rejected, 0, "{order:?} {seed}");
            assert_eq!(r.causal_inversions, 0, "{order:?} {seed}");
            assert_eq!(r.split_payments, 0, "{order:?} {seed}");
            assert_eq!(r.disagreeing_replicas_fraction, 0.0, "{order:?} {seed}");
        }
        let a = rule(&cfg, Order::Arrival, 600);
        assert!(a.causal_inversions > 0, "arrival {seed}");
        assert!(a.story_rejected > 0, "arrival {seed}");
        arrival_splits += a.split_payments;
        assert!(a.disagreeing_replicas_fraction > 0.0, "arrival {seed}");
    }
    assert!(arrival_splits > 0);
}

/// Without jitter, messages on every path take the same time, so arrival order is causal order
/// here: nothing is inverted and the replicas agree.
#[test]
fn without_jitter_arrival_order_is_enough() {
    for seed in 1..=3 {
        let cfg = TimingConfig {
            seed,
            latency_min_ms: 40,
            latency_max_ms: 40,
            accounts: 6,
            nodes: 20,
            payments_per_s: 10.0,
            ..TimingConfig::default()
        };
        let r = rule(&cfg, Order::Arrival, 600);
        assert_eq!(r.causal_inversions, 0);
        assert_eq!(r.story_rejected, 0);
        assert_eq!(r.disagreeing_replicas_fraction, 0.0);
    }
}

/// Ordering by the sender's clock goes wrong once the skew between senders beats the time
/// between a payment and the one it caused, and more often the larger the skew: clocks left
/// unsynchronised (no time server asked, `sync_s = 0`) at start offsets of 0, 200 ms and 2 s.
#[test]
fn physical_order_breaks_more_as_skew_beats_the_delay() {
    let mut by_skew = Vec::new();
    for offset_ms in [0, 200, 2_000] {
        let (mut inversions, mut early, mut story) = (0, 0, 0);
        for seed in 1..=4 {
            let cfg = TimingConfig {
                seed,
                offset_ms,
                drift_ppm: 0,
                sync_s: 0,
                latency_min_ms: 20,
                latency_max_ms: 60,
                hold_ms: 200,
                accounts: 6,
                nodes: 20,
                payments_per_s: 10.0,
                ..TimingConfig::default()
            };
            let r = rule(&cfg, Order::Physical, 600);
            inversions += r.causal_inversions;
            early += r.receive_before_send;
            story += r.story_rejected;
        }
        by_skew.push((inversions, early, story));
    }
    assert_eq!(by_skew[0], (0, 0, 0), "equal clocks");
    assert!(
        by_skew[0].0 < by_skew[1].0 && by_skew[1].0 < by_skew[2].0,
        "{by_skew:?}"
    );
    assert!(by_skew[1].1 < by_skew[2].1, "{by_skew:?}");
    assert!(by_skew[2].2 > 0, "{by_skew:?}");
}

/// Ordering by the payer's clock holds each payment until its stamp plus the hold on the
/// replica's clock, and no longer: with clocks that drift (and so run a little slow now and
/// then), payments neither sit until the next one arrives nor pile up.
#[test]
fn physical_order_waits_for_the_hold_and_no_longer() {
    for seed in 1..=3 {
        let cfg = TimingConfig {
            seed,
            drift_ppm: 200,
            offset_ms: 0,
            sync_s: 0,
            hold_ms: 100,
            latency_min_ms: 10,
            latency_max_ms: 50,
            ..TimingConfig::default()
        };
        let r = rule(&cfg, Order::Physical, 600);
        // A payment arrives 10 to 50 ms after its stamp and waits out the rest of the hold: 50
        // to 90 ms, plus what the clocks' drift apart adds (200 ppm each way over 600 s: at
        // most 240 ms, 120 on average).
        let wait = r.mean_wait_ms.unwrap();
        assert!(wait > 40.0 && wait < 220.0, "seed {seed}: {wait}");
        // At the end only the last round's payments can still be waiting.
        assert!(r.pending <= 3, "seed {seed}: {}", r.pending);
    }
}

/// The sequencer is a single point of failure: with it down, no payment is applied anywhere,
/// while causal delivery goes on at the other replicas.
#[test]
fn a_failed_sequencer_stops_every_replica() {
    let cfg = TimingConfig {
        accounts: 6,
        nodes: 20,
        payments_per_s: 10.0,
        ..TimingConfig::default()
    };
    for (order, stops) in [(Order::Sequencer, true), (Order::Causal, false)] {
        let mut e = TimingEngine::new(
            &TimingConfig {
                order,
                ..cfg.clone()
            },
            600,
        )
        .unwrap();
        e.advance_to(100 * SECOND);
        let r0 = e.layout().replica(0);
        e.apply(&Fault::Crash(NodeId(r0)));
        e.advance_to(101 * SECOND);
        let applied = e.order_stats().applied;
        e.advance_to(200 * SECOND);
        let after = e.order_stats().applied - applied;
        if stops {
            assert_eq!(after, 0);
            assert!(e.pending() > 20, "{}", e.pending());
        } else {
            assert!(after > 100, "{after}");
        }
        // Back up, it catches up: what waited for it is applied.
        e.apply(&Fault::Recover(NodeId(r0)));
        e.advance_to(260 * SECOND);
        assert!(e.pending() < 30, "{order:?}: {}", e.pending());
    }
}

/// Same config and seed, same run; clock sync is the same under every rule.
#[test]
fn runs_are_deterministic_and_sync_ignores_the_rule() {
    let cfg = TimingConfig {
        accounts: 6,
        nodes: 16,
        payments_per_s: 5.0,
        correct: Correct::Step,
        ..TimingConfig::default()
    };
    let a = report(&cfg, &Order::ALL, 120).unwrap();
    let b = report(&cfg, &Order::ALL, 120).unwrap();
    assert_eq!(a.trace_hash, b.trace_hash);
    let other = report(
        &TimingConfig {
            seed: 2,
            ..cfg.clone()
        },
        &Order::ALL,
        120,
    )
    .unwrap();
    assert_ne!(a.trace_hash, other.trace_hash);
    let sync = |o: Order| {
        let e = run(
            &TimingConfig {
                order: o,
                ..cfg.clone()
            },
            120,
        );
        (e.sync().exchanges, e.sync().errors.clone(), e.error(5))
    };
    let first = sync(Order::Arrival);
    for o in Order::ALL {
        assert_eq!(sync(o), first, "{o:?}");
    }
}

/// Bad settings are refused with a sentence naming the field, never a panic.
#[test]
fn bad_settings_are_refused_with_a_reason() {
    use archsim::lessons::timing::cli;
    let parse = |args: &[&str]| {
        let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        cli::parse(&argv).err().unwrap_or_default()
    };
    for (args, says) in [
        (&["--nodes", "5"][..], "nodes"),
        (&["--strata", "9"][..], "strata"),
        (&["--order", "fastest"][..], "arrival, physical"),
        (&["--correct", "jump"][..], "slew or step"),
        (&["--latency-ms", "50..10"][..], "empty"),
        (&["--payments-per-s", "5"][..], "at least 5 accounts"),
        (&["--fail", "S9a@100"][..], "unknown node id 'S9a'"),
        (&["--fail", "R0"][..], "NODE@MS"),
        (&["--until-s", "100000"][..], "more than a day"),
        (&["--fail", "R0@900000"][..], "fault time"),
        (&["--asymmetry-ms", "10"][..], "range like"),
        (&["--bogus"][..], "unknown flag"),
    ] {
        let why = parse(args);
        assert!(why.contains(says), "{args:?}: '{why}'");
    }
    assert!(parse(&[]).is_empty());
}

/// Every preset of the timing page's gallery shows what its sentence says.
#[test]
fn the_timing_presets_show_what_they_say() {
    use archsim::lessons::timing::link::{decode, encode, presets};
    use archsim::lessons::timing::world::World;
    let prepare = |id: &str| {
        let p = presets().into_iter().find(|p| p.id == id).expect(id);
        let d = decode(&encode(&p.scenario));
        assert!(d.problems.is_empty(), "{id}: {:?}", d.problems);
        assert_eq!(d.scenario, p.scenario, "{id}");
        let (w, problems) = World::prepare(&p.scenario).expect(id);
        assert!(problems.is_empty(), "{id}: {problems:?}");
        w
    };
    assert_eq!(presets().len(), 7);

    // Left alone, the skew grows in step with time, at most two drifts' worth.
    let mut w = prepare("free-running");
    w.advance_to(100 * SECOND);
    let at_100 = w.engine(Order::Arrival).skew();
    w.advance_to(200 * SECOND);
    let at_200 = w.engine(Order::Arrival).skew();
    assert!(at_100 > 10 * MS as i64, "{at_100}");
    assert!(
        at_200 > at_100 * 19 / 10 && at_200 <= 80 * MS as i64,
        "{at_100} {at_200}"
    );

    // A failed server: its clients follow the other one and none runs free.
    let mut w = prepare("server-fails");
    let e = w.engine(Order::Arrival);
    let s1a = e.layout().find("S1a").unwrap();
    w.advance_to(55 * SECOND);
    let e = w.engine(Order::Arrival);
    assert!((0..e.layout().nodes).any(|n| e.server_of(n) == Some(s1a)));
    w.advance_to(120 * SECOND);
    let e = w.engine(Order::Arrival);
    assert!(e.is_down(s1a));
    for n in (0..e.layout().nodes).filter(|&n| n != s1a) {
        assert_ne!(e.server_of(n), Some(s1a), "{}", e.layout().name(n));
        assert!(!e.free_running(n), "{}", e.layout().name(n));
    }

    // An uneven path: every synced clock 20 ms behind.
    let mut w = prepare("uneven-path");
    w.advance_to(600 * SECOND);
    let e = w.engine(Order::Arrival);
    // The stratum-1 servers read the reference; every other clock is a client here.
    for n in 0..e.layout().servers() {
        assert_eq!(e.error(n), 0, "{}", e.layout().name(n));
    }
    let synced: Vec<u32> = (e.layout().servers()..e.layout().nodes).collect();
    assert!(synced.len() >= 8);
    for n in synced {
        let err = e.error(n);
        assert!(
            (-20_500..=-19_500).contains(&err),
            "{}: {err} µs",
            e.layout().name(n)
        );
    }

    // Stepping sets clocks back, again and again.
    let mut w = prepare("stepping");
    w.advance_to(60 * SECOND);
    let early = w.engine(Order::Arrival).sync().backwards_steps;
    w.advance_to(600 * SECOND);
    let late = w.engine(Order::Arrival).sync().backwards_steps;
    assert!(early >= 1 && late > early, "{early} then {late}");

    // Arrival order: refusals and disagreement; the causal rules: neither.
    let mut w = prepare("arrival-order");
    w.advance_to(300 * SECOND);
    let arrival = w.engine(Order::Arrival);
    assert!(arrival.order_stats().story_rejected >= 1);
    assert!(arrival.split_payments() >= 1);
    for o in [Order::Lamport, Order::Causal, Order::Sequencer] {
        assert_eq!(w.engine(o).order_stats().story_rejected, 0, "{o:?}");
        assert_eq!(w.engine(o).split_payments(), 0, "{o:?}");
    }

    // Ordering by clocks 2 s apart: effects before causes, under that rule only.
    let mut w = prepare("clock-order");
    w.advance_to(120 * SECOND);
    assert!(w.engine(Order::Physical).order_stats().causal_inversions >= 1);
    for o in [Order::Lamport, Order::Causal] {
        assert_eq!(w.engine(o).order_stats().causal_inversions, 0, "{o:?}");
    }

    // The sequencer fails: its rule stands still, causal and Lamport order go on.
    let mut w = prepare("sequencer-fails");
    w.advance_to(35 * SECOND);
    let before: Vec<u64> = w
        .engines()
        .iter()
        .map(|e| e.order_stats().applied)
        .collect();
    w.advance_to(90 * SECOND);
    let applied = |o: Order| w.engine(o).order_stats().applied;
    let i = |o: Order| Order::ALL.iter().position(|&x| x == o).unwrap();
    assert_eq!(applied(Order::Sequencer), before[i(Order::Sequencer)]);
    assert!(w.engine(Order::Sequencer).pending() >= 1);
    for o in [Order::Causal, Order::Lamport] {
        assert!(applied(o) > before[i(o)] + 20, "{o:?}");
    }
}

/// The diagram's events come out the same after a rewind as in the run that went straight
/// there, though checkpoints do not keep them: the replay starts early enough to rebuild them.
/// And they cover the diagram's span, no more.
#[test]
fn the_diagrams_events_survive_a_rewind() {
    use archsim::lessons::timing::link::Scenario;
    use archsim::lessons::timing::scene::window_ms;
    use archsim::lessons::timing::world::World;
    use archsim::shell::timeline::Timeline;
    let s = Scenario {
        cfg: TimingConfig {
            accounts: 8,
            replicas: 4,
            nodes: 20,
            payments_per_s: 20.0,
            ..TimingConfig::default()
        },
        ..Scenario::default()
    };
    let span = 2 * window_ms(s.cfg.latency_max_ms) * MS;
    let kept = |w: &World| -> Vec<Vec<_>> {
        w.engines()
            .iter()
            .map(|e| e.recent().cloned().collect())
            .collect()
    };
    // Checkpoints every 5 s, a span of 3 s: 13 s and 33 s start their spans exactly at a
    // checkpoint, where a story round (every 2 s) and beacons put events.
    assert_eq!(span, 3 * SECOND);
    for t in [41_300 * MS, 13 * SECOND, 33 * SECOND] {
        let (w, _) = World::prepare(&s).unwrap();
        let mut tape = Timeline::new(w, 0);
        tape.seek(t);
        let straight = kept(tape.world());
        for events in &straight {
            assert!(events.len() > 200, "{}", events.len());
            assert!(events[0].at > t - span);
            assert!(events[0].at < t - span + 100 * MS, "the span is full");
        }
        tape.seek(90 * SECOND);
        tape.seek(t);
        assert_eq!(kept(tape.world()), straight, "at {t} µs");
    }
}
