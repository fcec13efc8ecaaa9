//! The headless runner, as a user calls it.

#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn archsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_archsim"))
        .args(args)
        .output()
        .expect("runner starts")
}

#[test]
fn all_json_reproduces_the_reference_table() {
    let out = archsim(&["--arch", "all", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let runs = v.as_array().unwrap();
    assert_eq!(runs.len(), 3);
    // The lesson's table: network / liveliness / timing.
    let want = [
        ("client-server", ["low", "low", "medium"]),
        ("federated", ["medium", "low", "medium"]),
        ("p2p", ["high", "high", "high"]),
    ];
    for (run, (arch, levels)) in runs.iter().zip(want) {
        assert_eq!(run["arch"], arch);
        for (c, level) in ["network", "liveliness", "timing"].into_iter().zip(levels) {
            assert_eq!(
                run["ratings"][c], level,
                "{arch} {c}: {}",
                run["reasons"][c]
            );
            assert_eq!(run["reference"][c], level);
        }
        for key in [
            "participants",
            "seed",
            "events",
            "deliveries",
            "trace_hash",
            "nodes",
            "links",
        ] {
            assert!(!run[key].is_null(), "{key} missing");
        }
        for key in [
            "reachable_fraction",
            "worst_single_failure_fraction",
            "propagation_p99_ms",
            "max_clock_skew_ms",
        ] {
            assert!(run["metrics"][key].is_number(), "metrics.{key} missing");
        }
        let node = &run["nodes"][0];
        for key in ["id", "role", "up", "reachable"] {
            assert!(!node[key].is_null());
        }
        assert_eq!(run["links"][0].as_array().unwrap().len(), 2);
        assert_eq!(run["trace_hash"].as_str().unwrap().len(), 16);
    }
}

#[test]
fn fail_flag_crashes_the_named_node() {
    let out = archsim(&[
        "--arch",
        "client-server",
        "--fail",
        "S0@2000",
        "--until-ms",
        "6000",
        "--json",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["arch"], "client-server");
    assert_eq!(v["metrics"]["reachable_fraction"], 0.0);
    let server = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "S0")
        .unwrap();
    assert_eq!(server["up"], false);
    assert_eq!(server["role"], "server");
}

#[test]
fn flood_runs_to_completion() {
    let out = archsim(&[
        "--arch",
        "p2p",
        "--workload",
        "flood",
        "--participants",
        "300",
        "--updates",
        "5",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["metrics"]["counters"]["in_flight"], 0);
    assert_eq!(v["metrics"]["counters"]["updates_created"], 5);
}

#[test]
fn summary_is_readable() {
    let out = archsim(&["--arch", "federated"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("federated"));
    assert!(text.contains("liveliness"));
    assert!(text.contains("lesson: medium"));
    assert!(text.contains("lesson: low"));
}

/// Everything a link can say, the runner can: clocks, cuts, heals and recoveries.
#[test]
fn clock_cut_heal_and_recover_flags_take_effect() {
    let json = |args: &[&str]| -> serde_json::Value {
        let out = archsim(args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let base = ["--arch", "client-server", "--until-ms", "6000", "--json"];
    let with = |extra: &[&str]| json(&[&base[..], extra].concat());
    let cut = with(&["--cut", "S0-C3@1000"]);
    assert_eq!(cut["metrics"]["cut_links"], 1);
    assert!(cut["metrics"]["reachable_fraction"].as_f64().unwrap() < 1.0);
    let healed = with(&["--cut", "S0-C3@1000", "--heal", "S0-C3@3000"]);
    assert_eq!(healed["metrics"]["cut_links"], 0);
    assert_eq!(healed["metrics"]["reachable_fraction"], 1.0);
    let recovered = with(&["--fail", "S0@1000", "--recover", "S0@2000"]);
    assert_eq!(recovered["metrics"]["reachable_fraction"], 1.0);
    // Clocks: no offset and no drift leave only what syncing adds; a large offset shows.
    let skew = |extra: &[&str]| {
        with(extra)["metrics"]["max_clock_skew_ms"]
            .as_f64()
            .unwrap()
    };
    let none = skew(&["--clock-offset-ms", "0", "--clock-drift-ppm", "0"]);
    let wide = skew(&["--clock-offset-ms", "5000", "--clock-drift-ppm", "0"]);
    assert!(wide > none + 100.0, "{none} then {wide}");
}

#[test]
fn bad_arguments_exit_nonzero_with_one_clear_line() {
    let cases: [(&[&str], &str); 20] = [
        (&["--arch", "mesh"], "unknown architecture"),
        (&["--participants", "0"], "participants"),
        (&["--participants", "abc"], "not a valid number"),
        (&["--participants", "99999999"], "participants"),
        (&["--arch", "p2p", "--participants", "4"], "degree"),
        (&["--rate", "NaN"], "update_rate"),
        (&["--rate", "-3"], "update_rate"),
        (&["--fail", "X9@100"], "unknown node"),
        (&["--fail", "S0"], "NODE@MS"),
        (&["--latency-ms", "50"], "range"),
        (&["--bogus"], "unknown argument"),
        (&["--fail", "S0@18446744073709552"], "fault time"),
        (&["--fail", "S0@99999999999999999999"], "not a valid number"),
        (&["--relay-ms", "-1"], "not a valid number"),
        (&["--cut", "S0C1@100"], "A-B@MS"),
        (&["--cut", "S0-Q1@100"], "no link between S0 and Q1"),
        (&["--heal", "S0-C1"], "A-B@MS"),
        (&["--recover", "X9@100"], "unknown node"),
        (&["--clock-offset-ms", "99999999"], "clock_offset_ms"),
        (&["--clock-drift-ppm", "-5"], "not a valid number"),
    ];
    for (args, needle) in cases {
        let out = archsim(args);
        assert!(!out.status.success(), "{args:?} should fail");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn scenario_link_replays_like_the_page() {
    let link = "http://example.org/archsim/#v=1&seed=3&t=6000&a=cxS0@2000,fxF1@2500";
    let out = archsim(&["--scenario", link, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["time_ms"], 6000.0);
    assert_eq!(v[0]["seed"], 3);
    assert_eq!(v[0]["metrics"]["reachable_fraction"], 0.0);
    assert_eq!(v[1]["metrics"]["reachable_fraction"], 0.75);
    assert_eq!(v[2]["metrics"]["reachable_fraction"], 1.0);

    // The same link from a file gives the same run.
    let file = std::env::temp_dir().join(format!("archsim-link-{}.txt", std::process::id()));
    std::fs::write(&file, format!("{link}\n")).unwrap();
    let from_file = archsim(&["--scenario", file.to_str().unwrap(), "--json"]);
    std::fs::remove_file(&file).ok();
    assert_eq!(from_file.stdout, out.stdout);
}

#[test]
fn bad_scenario_links_warn_and_still_run() {
    let out = archsim(&[
        "--scenario",
        "#v=1&n=oops&a=cxQ1@5",
        "--arch",
        "p2p",
        "--json",
    ]);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("warning: Ignored n="), "{err}");
    assert!(err.contains("invalid node id"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["participants"], 24);
    let missing = archsim(&["--scenario", "/nonexistent/link.txt"]);
    assert!(!missing.status.success());
    assert!(
        String::from_utf8(missing.stderr)
            .unwrap()
            .contains("cannot read")
    );
}

#[test]
fn a_closed_output_pipe_ends_the_run_quietly() {
    use std::io::Read as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_archsim"))
        .args([
            "--arch",
            "all",
            "--participants",
            "2000",
            "--until-ms",
            "1000",
            "--json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then close the pipe, as `archsim … | head -c 1` does.
    let mut first = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(first[0], b'[');
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        out.status.success() || out.status.code().is_none(),
        "{:?}",
        out.status
    );
}

#[test]
fn relay_batching_is_a_setting_of_every_router() {
    let run = |relay: &str| {
        let out = archsim(&["--arch", "client-server", "--relay-ms", relay, "--json"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["metrics"]["delivery_p99_ms"].as_f64().unwrap()
    };
    let (at_once, batched) = (run("0"), run("400"));
    // The server now waits up to 400 ms before passing each update on.
    assert!(batched > at_once + 200.0, "{at_once} -> {batched}");
}

#[test]
fn chain_json_has_every_field_the_lesson_reads() {
    let out = archsim(&["chain", "--participants", "60", "--slots", "600", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["consensus"], "praos");
    assert_eq!(v["participants"], 60);
    assert_eq!(v["slots"], 600);
    for key in [
        "seed",
        "blocks_produced",
        "main_chain_length",
        "stale_rate",
        "multi_leader_slots",
        "active_slots",
        "max_rollback_depth",
        "propagation_p50_ms",
        "propagation_p95_ms",
        "tips_agree_fraction",
    ] {
        assert!(v[key].is_number(), "{key} missing: {v}");
    }
    assert!(v["forks"]["slot_battles"].is_number() && v["forks"]["height_battles"].is_number());
    assert!(v["converged_ms_after_heal"].is_null());
    assert!(v["trace_hash"].as_str().unwrap().len() == 16);
    assert!(v["blocks_produced"].as_u64().unwrap() > 10);
    // Proof of work has no slots.
    let out = archsim(&[
        "chain",
        "--consensus",
        "pow",
        "--block-interval-s",
        "30",
        "--until-s",
        "600",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["slots"].is_null() && v["multi_leader_slots"].is_null());
    assert!(v["blocks_produced"].as_u64().unwrap() > 5);
}

#[test]
fn chain_partition_and_adversary_flags_take_effect() {
    let out = archsim(&[
        "chain",
        "--participants",
        "120",
        "--partition",
        "P0-P59/P60-P119@60000..240000",
        "--until-s",
        "400",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["healed_at_ms"], 240_000.0);
    assert!(v["converged_ms_after_heal"].is_number(), "{v}");
    let out = archsim(&[
        "chain",
        "--consensus",
        "pow",
        "--participants",
        "5",
        "--degree",
        "4",
        "--block-interval-s",
        "5",
        "--until-s",
        "86400",
        "--adversary",
        "0.3",
        "--confirmations",
        "2",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for want in [
        "double-spend race",
        "simulated",
        "exact",
        "paper",
        "q = 0.3",
        "z = 2",
    ] {
        assert!(text.contains(want), "{want} missing from:\n{text}");
    }
}

#[test]
fn chain_text_defines_every_number_it_prints() {
    use archsim::lessons::consensus::model::DEFINITIONS;
    for args in [
        vec!["chain", "--slots", "300"],
        vec![
            "chain",
            "--consensus",
            "pow",
            "--participants",
            "6",
            "--degree",
            "5",
            "--block-interval-s",
            "5",
            "--until-s",
            "3600",
            "--adversary",
            "0.3",
            "--confirmations",
            "2",
            "--partition",
            "P0-P2/P3-P5@60000..600000",
        ],
    ] {
        let out = archsim(&args);
        let text = String::from_utf8_lossy(&out.stdout);
        let mut keys = 0;
        let panel = text
            .find("  measured beside theory")
            .expect("the theory panel");
        // The panel: each row, then the line that says why.
        let rows: Vec<&str> = text[panel..].lines().skip(1).collect();
        assert!(
            rows.len() >= 14 && rows.len().is_multiple_of(2),
            "{}",
            &text[panel..]
        );
        for pair in rows.chunks(2) {
            assert!(
                pair[0].starts_with("    ") && pair[0].contains("theory"),
                "{}",
                pair[0]
            );
            assert!(
                pair[1].starts_with("      ") && pair[1].trim().len() > 20,
                "{}",
                pair[1]
            );
        }
        for l in text[..panel].lines().skip(1) {
            let key = l.split_whitespace().next().unwrap_or("");
            let key = match key {
                "races" => "adversary.races",
                "simulated" => "adversary.simulated",
                "reversals" => "adversary.reversals",
                k => k,
            };
            if let Some((_, def)) = DEFINITIONS.iter().find(|(k, _)| *k == key) {
                assert!(l.contains(def), "{key} printed without its definition: {l}");
                keys += 1;
            } else {
                // The attacker's header and the closed forms, which name themselves.
                assert!(
                    ["double-spend", "exact", "paper", "(both"]
                        .iter()
                        .any(|w| l.contains(w)),
                    "an undefined line: {l}"
                );
            }
        }
        assert!(keys >= 12, "{args:?}: only {keys} defined lines in\n{text}");
    }
}

#[test]
fn chain_bad_arguments_exit_2_with_one_line() {
    for args in [
        vec!["chain", "--consensus", "raft"],
        vec!["chain", "--participants", "1"],
        vec!["chain", "--degree", "100", "--participants", "50"],
        vec!["chain", "--active-slot-coeff", "0"],
        vec!["chain", "--partition", "P0-P10/P12-P99@1000..2000"],
        vec!["chain", "--partition", "P0-P49/P50-P99@5000..1000"],
        vec!["chain", "--fail", "Q9@100"],
        vec!["chain", "--fail", "P500@100"],
        vec![
            "chain",
            "--delay-classes",
            "3,143",
            "--block-kb",
            "64",
            "--bandwidth-mbps",
            "10",
        ],
        vec!["chain", "--slots", "10", "--consensus", "pow"],
        vec!["chain", "--until-s", "99999999"],
        vec!["chain", "--confirmations", "3"],
        vec!["chain", "--adversary", "1.5"],
        vec!["chain", "--bogus"],
        vec!["chain", "--scenario", "#v=1&n=24"],
        vec![
            "chain",
            "--participants",
            "100",
            "--partition",
            "P0-P9/P10-P99@1000..5000",
            "--partition",
            "P0-P49/P50-P99@4000..9000",
        ],
        vec!["chain", "--loss", "0.9"],
        vec!["chain", "--consensus", "pow", "--block-interval-s", "0.01"],
        vec!["chain", "--k", "0"],
        vec!["chain", "--strategy", "selfish"],
        vec!["chain", "--adversary", "0.3", "--strategy", "greedy"],
        vec!["chain", "--adversary", "0.3", "--gamma", "0.5"],
        vec![
            "chain",
            "--adversary",
            "0.3",
            "--strategy",
            "selfish",
            "--gamma",
            "1.5",
        ],
        vec!["chain", "--k", "many"],
    ] {
        let out = archsim(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let help = archsim(&["chain", "--help"]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--partition"));
}

#[test]
fn chain_scenario_link_replays_like_the_flags() {
    use archsim::lessons::consensus::link::{Scenario, encode};
    use archsim::lessons::consensus::model::ChainConfig;
    use archsim::sim::fault::{Action, FaultSpec};
    use archsim::sim::time::MS;
    let cfg = ChainConfig {
        participants: 80,
        ..ChainConfig::default()
    };
    let log = vec![
        Action {
            at: 5_000 * MS,
            fault: FaultSpec::Crash { node: "P9".into() },
        },
        Action {
            at: 60_000 * MS,
            fault: FaultSpec::Partition {
                side: (0..40).map(|i| format!("P{i}")).collect(),
            },
        },
        Action {
            at: 200_000 * MS,
            fault: FaultSpec::HealAll,
        },
    ];
    let link = encode(&Scenario {
        cfg,
        time_ms: 300_000,
        log,
        ..Scenario::default()
    });
    let a = archsim(&[
        "chain",
        "--scenario",
        &format!("https://x.org/chain/#{link}"),
        "--json",
    ]);
    let b = archsim(&[
        "chain",
        "--participants",
        "80",
        "--until-s",
        "300",
        "--fail",
        "P9@5000",
        "--partition",
        "P0-P39/P40-P79@60000..200000",
        "--json",
    ]);
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert!(
        a.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&a.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&a.stdout),
        String::from_utf8_lossy(&b.stdout)
    );
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["healed_at_ms"], 200_000.0);
}

/// The keys of the JSON object `v`, in the order `text` (its JSON) writes them.
fn keys<'a>(v: &'a serde_json::Value, text: &str) -> Vec<&'a str> {
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_by_key(|k| text.find(&format!("\"{k}\":")).unwrap());
    keys
}

#[test]
fn the_json_keeps_the_keys_users_read_in_their_order() {
    // The metrics are grouped by what they measure; in JSON every number keeps its own key,
    // where it always was.
    let out = archsim(&["--arch", "federated", "--until-ms", "2000", "--json"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let metrics = &text[text.find("\"metrics\"").unwrap()..];
    assert_eq!(
        keys(&v["metrics"], metrics),
        [
            "participants",
            "nodes",
            "live_participants",
            "reachable_participants",
            "reachable_fraction",
            "down_nodes",
            "cut_links",
            "window_ms",
            "worst_single_failure_fraction",
            "worst_single_failure_node",
            "links_per_participant",
            "routers",
            "messages_per_delivery",
            "delivery_p99_delays",
            "delivery_p99_ms",
            "late_or_missed_fraction",
            "since_last_delivery_ms",
            "stalled_ms",
            "updates_started",
            "sources_per_participant",
            "stale_fraction",
            "propagation_p50_ms",
            "propagation_p99_ms",
            "detection_delay_ms",
            "failures_detected",
            "max_clock_skew_ms",
            "skew_before_fault_ms",
            "sync_bound_ms",
            "order_disagreement_fraction",
            "ordered_pairs",
            "disordered_pairs",
            "counters",
            "mean_latency_ms",
            "timeout_ms",
        ]
    );
    let out = archsim(&[
        "chain",
        "--participants",
        "10",
        "--degree",
        "3",
        "--adversary",
        "0.2",
        "--confirmations",
        "2",
        "--until-s",
        "60",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        keys(&v, &text),
        [
            "consensus",
            "participants",
            "seed",
            "time_ms",
            "slots",
            "blocks_produced",
            "blocks_published",
            "main_chain_length",
            "stale_rate",
            "forks",
            "multi_leader_slots",
            "active_slots",
            "rollbacks",
            "max_rollback_depth",
            "max_rollback_at_least",
            "refused_switches",
            "settlement",
            "propagation_p50_ms",
            "propagation_p95_ms",
            "propagation_blocks",
            "chain_growth_per_min",
            "chain_quality",
            "tips_agree_fraction",
            "healed_at_ms",
            "future_disconnects",
            "converged_ms_after_heal",
            "messages",
            "announcements_saved",
            "events",
            "trace_hash",
            "adversary",
            "theory",
        ]
    );
    assert!(v["forks"]["slot_battles"].is_number());
    assert!(v["adversary"]["exact"].is_number());
}

#[test]
fn chain_json_carries_the_pages_theory_rows_as_numbers() {
    let out = archsim(&[
        "chain",
        "--latency-ms",
        "1..5",
        "--until-s",
        "3000",
        "--json",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v["theory"].as_array().expect("a theory list");
    let row = |k: &str| {
        rows.iter()
            .find(|r| r["key"] == k)
            .unwrap_or_else(|| panic!("no {k}"))
    };
    for r in rows {
        let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["key", "measured", "theory", "why"], "{r}");
        assert!(r["why"].as_str().unwrap().len() > 20);
    }
    // Numbers as numbers, the same as the metrics they come from.
    assert_eq!(row("stale")["measured"], v["stale_rate"]);
    let stale = row("stale")["theory"].as_f64().unwrap();
    let slot = row("stale_slot")["theory"].as_f64().unwrap();
    // On 1..5 ms links every block arrives within its slot: slot battles alone, ≈ 2.5 %.
    assert_eq!(row("stale_height")["theory"].as_f64(), Some(0.0));
    assert!(
        (stale - slot).abs() < 1e-12 && (slot - 0.025).abs() < 0.001,
        "{stale} {slot}"
    );
    assert!(row("multi")["theory"].as_f64().unwrap() > 0.0);
    assert!(row("confirm")["theory"].is_null());
    let text = archsim(&["chain", "--latency-ms", "1..5", "--until-s", "3000"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("measured beside theory") && text.contains("from slot battles"),
        "{text}"
    );
}

#[test]
fn timing_json_has_the_clocks_the_logical_checks_and_each_rule() {
    let out = archsim(&[
        "timing",
        "--until-s",
        "120",
        "--accounts",
        "6",
        "--payments-per-s",
        "5",
        "--fail",
        "S1a@30000",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "exchanges",
        "bound_violations",
        "offset_error_ms_p50",
        "offset_error_ms_p99",
        "max_skew_ms",
    ] {
        assert!(v["sync"][key].is_number(), "sync.{key}");
    }
    assert_eq!(v["sync"]["bound_violations"], 0);
    for key in [
        "backwards_steps",
        "receive_before_send",
        "lamport_violations",
        "vector_mismatches",
        "concurrent_fraction",
    ] {
        assert!(v[key].is_number(), "{key}");
    }
    assert_eq!(v["lamport_violations"], 0);
    assert_eq!(v["vector_mismatches"], 0);
    for rule in ["arrival", "physical", "lamport", "causal", "sequencer"] {
        let r = &v["orders"][rule];
        for key in [
            "applied",
            "rejected",
            "disagreeing_replicas_fraction",
            "mean_wait_ms",
        ] {
            assert!(r[key].is_number(), "{rule}.{key}");
        }
        assert!(r["applied"].as_u64().unwrap() > 100, "{rule}");
    }
    assert!(v["trace_hash"].as_str().unwrap().len() == 16);
    // One rule only, and the same run again for a page's link.
    let one = archsim(&["timing", "--until-s", "60", "--order", "causal", "--json"]);
    let one: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert!(one["orders"]["arrival"].is_null() && one["orders"]["causal"].is_object());
    let link = "#l=timing&v=1&n=12&strata=2&seed=3&drift=50&off=100&lat=10-120&corr=step&slew=500&sync=16&rep=3&acc=3&pps=0&round=2000&hold=100&beat=50&t=60000&speed=1&play=1&a=xR0@20000";
    let by_link = archsim(&["timing", "--scenario", link, "--json"]);
    assert!(
        by_link.status.success(),
        "{}",
        String::from_utf8_lossy(&by_link.stderr)
    );
    let by_link: serde_json::Value = serde_json::from_slice(&by_link.stdout).unwrap();
    let by_flags = archsim(&[
        "timing",
        "--seed",
        "3",
        "--correct",
        "step",
        "--until-s",
        "60",
        "--fail",
        "R0@20000",
        "--json",
    ]);
    let by_flags: serde_json::Value = serde_json::from_slice(&by_flags.stdout).unwrap();
    assert_eq!(by_link["trace_hash"], by_flags["trace_hash"]);
    assert_eq!(by_link["correct"], "step");
}

#[test]
fn timing_bad_arguments_exit_2_with_one_line() {
    for (args, says) in [
        (&["timing", "--nodes", "3"][..], "nodes"),
        (&["timing", "--order", "random"][..], "arrival, physical"),
        (
            &["timing", "--fail", "Zed@100"][..],
            "unknown node id 'Zed'",
        ),
        (
            &["timing", "--asymmetry-ms", "ten/50"][..],
            "not a valid number",
        ),
        (
            &["timing", "--scenario", "#l=chain&v=1"][..],
            "not a timing-lesson link",
        ),
    ] {
        let out = archsim(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with("archsim timing: ") && err.contains(says),
            "{args:?}: {err}"
        );
        assert!(out.stdout.is_empty());
    }
    let help = archsim(&["timing", "--help"]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--asymmetry-ms"));
}
