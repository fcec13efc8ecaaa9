//! A timing-lesson scenario as a link: the clocks' and the payments' settings, the moment, and
//! every node failed or recovered, in a versioned URL fragment marked `l=timing`.
//!
//! ```text
//! #l=timing&v=1&n=12&strata=2&seed=1&drift=50&off=100&lat=10-120&corr=slew&slew=500&sync=16
//!   &rep=3&acc=3&pps=0&round=2000&hold=100&beat=50&t=60000&speed=1&play=1&a=xS1a@30000
//! ```
//!
//! Fixed exchange delays add `asym=10/50` (ms toward the server / back). Every rule runs side by
//! side, so the link names none. Actions are `x` (fail) and `r` (recover) with a node's name
//! (`S1a`, `Alice`, `R0`, `C3`). Decoding never panics and never trusts sizes; what cannot be
//! used is dropped with a sentence saying what and why.

use std::fmt::Write as _;

use super::model::config::{MAX_ACCOUNTS, MAX_NODES, MAX_REPLICAS, MAX_STRATA, MAX_UNTIL_S};
use super::model::{Correct, TimingConfig};
use crate::shell::link::{
    Format, Preset, Speeds, one_of, read_action_named, real, span, whole, write_action,
};
use crate::sim::fault::{Action, FaultSpec};
use crate::sim::small::Dec;

/// The link format's version.
pub const VERSION: u32 = 1;

/// The speeds the page offers, and the only ones a link may carry (× real time).
pub const SPEEDS: [f64; 9] = [0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0, 100.0];

/// Latest time a link may open at, ms.
pub const MAX_TIME_MS: u64 = MAX_UNTIL_S * 1_000;

/// Everything a timing link restores.
pub type Scenario = crate::shell::link::Scenario<TimingConfig, Action>;

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            cfg: TimingConfig::default(),
            time_ms: 0,
            speed: 1.0,
            playing: true,
            log: Vec::new(),
        }
    }
}

/// Encodes `s` as a fragment (without the leading `#`).
pub fn encode(s: &Scenario) -> String {
    let c = &s.cfg;
    let mut out = format!(
        "l=timing&v={VERSION}&n={}&strata={}&seed={}&drift={}&off={}&lat={}-{}",
        c.nodes, c.strata, c.seed, c.drift_ppm, c.offset_ms, c.latency_min_ms, c.latency_max_ms
    );
    if let Some((up, down)) = c.asymmetry {
        write!(out, "&asym={up}/{down}").expect("writing to a String");
    }
    write!(
        out,
        "&corr={}&slew={}&sync={}&rep={}&acc={}&pps={}&round={}&hold={}&beat={}",
        c.correct.name(),
        c.slew_ppm,
        c.sync_s,
        c.replicas,
        c.accounts,
        Dec(c.payments_per_s),
        c.round_ms,
        c.hold_ms,
        c.heartbeat_ms
    )
    .expect("writing to a String");
    crate::shell::link::write_moment(&mut out, s, write_action);
    out
}

/// A decoded link.
pub type Decoded = crate::shell::lesson::Decoded<Scenario>;

fn field(k: &str, v: &str, c: &mut TimingConfig) -> Option<Result<(), String>> {
    let u = |x: u32| u64::from(x);
    Some(match k {
        "n" => whole(v, 1, u(MAX_NODES)).map(|x| c.nodes = x),
        "strata" => whole(v, 1, u(MAX_STRATA)).map(|x| c.strata = x),
        "seed" => whole(v, 0, u64::MAX).map(|x| c.seed = x),
        "drift" => whole(v, 0, 1_000).map(|x| c.drift_ppm = x),
        "off" => whole(v, 0, 60_000).map(|x| c.offset_ms = x),
        "lat" => span(v, 0, 10_000).map(|(a, b)| {
            c.latency_min_ms = a;
            c.latency_max_ms = b;
        }),
        "asym" => match v.split_once('/').map(|(a, b)| (a.parse(), b.parse())) {
            Some((Ok(up), Ok(down))) if up <= 10_000 && down <= 10_000 => {
                c.asymmetry = Some((up, down));
                Ok(())
            }
            _ => Err("expected delays toward the server and back like 10/50 (ms)".into()),
        },
        "corr" => one_of(Correct::parse(v), "slew or step").map(|x| c.correct = x),
        "slew" => whole(v, 1, 500_000).map(|x| c.slew_ppm = x),
        "sync" => whole(v, 0, 3_600).map(|x| c.sync_s = x),
        "rep" => whole(v, 1, u(MAX_REPLICAS)).map(|x| c.replicas = x),
        "acc" => whole(v, 3, u(MAX_ACCOUNTS)).map(|x| c.accounts = x),
        "pps" => real(v, 0.0, 1_000.0).map(|x| c.payments_per_s = x),
        "round" => whole(v, 100, 3_600_000).map(|x| c.round_ms = x),
        "hold" => whole(v, 0, 60_000).map(|x| c.hold_ms = x),
        "beat" => whole(v, 1, 60_000).map(|x| c.heartbeat_ms = x),
        _ => return None,
    })
}

fn check(c: &mut TimingConfig, _problems: &mut Vec<String>) -> Result<(), String> {
    c.validate(MAX_UNTIL_S).map_err(|e| e.to_string())
}

/// Whether `s` could name a node of this lesson (`S1a`, `Alice`, `R0`): letters and digits.
pub fn is_name(s: &str) -> bool {
    (1..=12).contains(&s.len())
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Events a virtual second of `cfg` costs to simulate, roughly (five rules side by side): the
/// exchanges, and each payment's copies and notices.
pub fn events_per_second(cfg: &TimingConfig) -> f64 {
    let sync = f64::from(cfg.nodes) * 6.0 / f64::from(cfg.sync_s.max(1));
    let story = 3_000.0 / f64::from(cfg.round_ms);
    let payments = (cfg.payments_per_s + story) * f64::from(cfg.replicas * 2 + 4);
    5.0 * (sync + payments + 2.0)
}

/// Reads a link (a full URL or a fragment). Always returns something to show.
pub fn decode(text: &str) -> Decoded {
    crate::shell::link::decode(
        text,
        &Scenario::default(),
        &Format {
            marker: Some(("l", "timing")),
            version: VERSION,
            max_time_ms: MAX_TIME_MS,
            speeds: Speeds::List(&SPEEDS),
            field: &field,
            check: &check,
            replay_limit_ms: &|c| crate::shell::link::replay_limit_ms(events_per_second(c)),
            action: &|item| {
                let a = read_action_named(item, item, MAX_TIME_MS, &is_name)?;
                match a.fault {
                    FaultSpec::Crash { .. } | FaultSpec::Recover { .. } => Ok(a),
                    _ => Err(format!(
                        "action “{item}”: this lesson fails (x) and recovers (r) nodes only"
                    )),
                }
            },
            at: |a| a.at,
        },
    )
}

/// The timing page's gallery: each a link, each showing what its sentence says (a test runs
/// every one and checks).
pub fn presets() -> Vec<Preset<Scenario>> {
    let base = TimingConfig::default();
    let scenario = |cfg: TimingConfig, time_ms: u64, speed: f64, log: Vec<Action>| Scenario {
        cfg,
        time_ms,
        speed,
        playing: true,
        log,
    };
    let fail = |ms: u64, node: &str| Action {
        at: ms * crate::sim::time::MS,
        fault: FaultSpec::Crash { node: node.into() },
    };
    vec![
        Preset {
            id: "free-running",
            title: "Clocks left alone",
            watch: "Nobody asks a time server and the clocks start together: each oscillator runs up to 200 parts per million fast or slow, so two clocks part by up to 0.4 ms every second, and the skew never stops growing.",
            scenario: scenario(
                TimingConfig {
                    drift_ppm: 200,
                    offset_ms: 0,
                    sync_s: 0,
                    ..base.clone()
                },
                0,
                10.0,
                Vec::new(),
            ),
        },
        Preset {
            id: "server-fails",
            title: "A time server fails",
            watch: "At 60 s stratum-1 server S1a fails: the nodes that followed it switch to S1b, the line to each redraws, and none is left running free.",
            scenario: scenario(
                TimingConfig {
                    sync_s: 8,
                    ..base.clone()
                },
                50_000,
                2.0,
                vec![fail(60_000, "S1a")],
            ),
        },
        Preset {
            id: "uneven-path",
            title: "An uneven path",
            watch: "Every message takes 10 ms toward a server and 50 ms back: each exchange sees a 60 ms round trip and splits it evenly, so every client's clock settles 20 ms behind true time (the stratum-1 servers read the reference itself).",
            scenario: scenario(
                TimingConfig {
                    strata: 1,
                    drift_ppm: 0,
                    asymmetry: Some((10, 50)),
                    ..base.clone()
                },
                0,
                10.0,
                Vec::new(),
            ),
        },
        Preset {
            id: "stepping",
            title: "Clocks set back",
            watch: "Each correction sets the clock at once: a clock that was ahead jumps back, and the count of clocks set back in time climbs as the corrections go on.",
            scenario: scenario(
                TimingConfig {
                    correct: Correct::Step,
                    ..base.clone()
                },
                0,
                5.0,
                Vec::new(),
            ),
        },
        Preset {
            id: "arrival-order",
            title: "Payments in arrival order",
            watch: "Messages take anywhere from 10 to 300 ms: now and then Bob's payment reaches a replica before the one that paid him, that replica refuses it, and the books disagree; Lamport, causal and sequencer order never let that happen.",
            scenario: scenario(
                TimingConfig {
                    latency_max_ms: 300,
                    replicas: 5,
                    ..base.clone()
                },
                0,
                5.0,
                Vec::new(),
            ),
        },
        Preset {
            id: "clock-order",
            title: "Ordering by clocks up to 2 s off",
            watch: "No time server, each clock up to 2 s off true time, and payments among six holders: ordering by the payer's clock puts effects before their causes, while Lamport and causal order never do.",
            scenario: scenario(
                TimingConfig {
                    nodes: 14,
                    offset_ms: 2_000,
                    sync_s: 0,
                    accounts: 6,
                    payments_per_s: 5.0,
                    ..base.clone()
                },
                0,
                5.0,
                Vec::new(),
            ),
        },
        Preset {
            id: "sequencer-fails",
            title: "The sequencer fails",
            watch: "At 30 s the sequencer R0 fails: under that rule no replica applies anything more, while causal and Lamport order carry on at the replicas still up.",
            scenario: scenario(base.clone(), 20_000, 2.0, vec![fail(30_000, "R0")]),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::MS;

    #[test]
    fn a_scenario_survives_its_link() {
        let s = Scenario {
            cfg: TimingConfig {
                nodes: 30,
                strata: 3,
                seed: 9,
                asymmetry: Some((10, 50)),
                correct: Correct::Step,
                accounts: 6,
                payments_per_s: 2.5,
                ..TimingConfig::default()
            },
            time_ms: 12_000,
            speed: 2.0,
            playing: false,
            log: vec![
                Action {
                    at: 3_000 * MS,
                    fault: FaultSpec::Crash { node: "S1a".into() },
                },
                Action {
                    at: 9_000 * MS,
                    fault: FaultSpec::Recover {
                        node: "Alice".into(),
                    },
                },
            ],
        };
        let link = encode(&s);
        assert!(link.starts_with("l=timing&v=1&"), "{link}");
        let d = decode(&format!("https://example.org/timing/#{link}"));
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        assert_eq!(d.scenario, s);
        assert_eq!(decode("").scenario, Scenario::default());
    }

    #[test]
    fn a_broken_link_says_what_it_dropped() {
        for (link, says) in [
            ("#l=timing&v=1&n=abc", "Ignored n"),
            ("#l=timing&v=1&corr=jump", "slew or step"),
            ("#l=timing&v=1&asym=10", "10/50"),
            (
                "#l=timing&v=1&a=xS1a@100,kS1a-S1b@200",
                "fails (x) and recovers (r)",
            ),
            ("#l=timing&v=1&a=x@100", "invalid node id"),
            ("#l=timing&v=1&speed=3", "expected one of"),
            ("#l=timing&v=1&n=5", "not possible"),
            ("#l=timing&v=1&zzz=1", "unknown field"),
        ] {
            let d = decode(link);
            let all = d.problems.join(" ");
            assert!(all.contains(says), "{link}: {all}");
        }
        // Not this lesson's link: the defaults, and a sentence.
        let d = decode("#l=chain&v=1&n=5");
        assert_eq!(d.scenario, Scenario::default());
        assert!(!d.problems.is_empty());
    }

    #[test]
    fn names_are_letters_and_digits() {
        for ok in ["S1a", "Alice", "R0", "C12", "A9"] {
            assert!(is_name(ok), "{ok}");
        }
        for bad in ["", "1S", "S-1", "Alice Bob", "ThisNameIsTooLong"] {
            assert!(!is_name(bad), "{bad}");
        }
    }
}
