//! A scenario as a link: the whole state of the page (settings, seed, speed, virtual time and
//! the log of every fail / recover / cut / heal) in a compact, versioned URL fragment.
//!
//! ```text
//! #v=1&seed=7&n=24&fed=4&mesh=1&deg=4&lat=20-80&loss=0&rate=6&drift=200&off=250&relay=0
//!   &t=12000&speed=0.25&play=1&a=cxS0@5000,fxF1@5000,pkP1-P2@7000
//! ```
//!
//! An action is `<arch>` (`c` client-server, `f` federated, `p` peer-to-peer) followed by an
//! action as every lesson writes it (see [`crate::shell::link`]). Decoding never panics and never
//! trusts sizes: the link's length, the number of actions and the replay work are bounded
//! before anything runs. What cannot be used is dropped with a note saying what and why; the
//! rest is kept.

use crate::sim::small::Dec;

use super::model::SimConfig;
use super::settings::PAGE_MAX_PARTICIPANTS;
#[cfg(test)]
use crate::shell::link::link_from_export;
use crate::shell::link::{self, Preset, quote, real, switch, whole};
use crate::shell::schedule::Timed;
use crate::sim::{
    Action, Arch, FaultSpec,
    time::{MS, Micros},
};
use serde::{Deserialize, Serialize};

/// The link format's version.
pub const VERSION: u32 = 1;
pub use crate::shell::link::{MAX_ACTIONS, MAX_LINK_BYTES, read_action, write_action};
/// Latest virtual time a link may start at, ms.
pub const MAX_TIME_MS: u64 = 600_000;

/// An action with the architecture it was applied to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedAction {
    /// Which panel.
    pub arch: Arch,
    /// What and when.
    #[serde(flatten)]
    pub action: Action,
}

impl Timed for LoggedAction {
    fn at(&self) -> Micros {
        self.action.at
    }
}

/// Everything a link restores: the settings, the moment and every action.
pub type Scenario = link::Scenario<SimConfig, LoggedAction>;

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            cfg: SimConfig::default(),
            speed: 0.25,
            time_ms: 3_000,
            playing: true,
            log: Vec::new(),
        }
    }
}

/// A decoded link.
pub type Decoded = crate::shell::lesson::Decoded<Scenario>;

fn arch_letter(a: Arch) -> char {
    match a {
        Arch::ClientServer => 'c',
        Arch::Federated => 'f',
        Arch::PeerToPeer => 'p',
    }
}

fn fmt_f64(v: f64) -> String {
    Dec(v).to_string()
}

/// Encodes `s` as a fragment (without the leading `#`).
pub fn encode(s: &Scenario) -> String {
    let c = &s.cfg;
    let mut out = format!(
        "v={VERSION}&seed={}&n={}&fed={}&mesh={}&deg={}&lat={}-{}&loss={}&rate={}&drift={}&off={}&relay={}",
        c.seed,
        c.participants,
        c.federated_servers,
        u8::from(c.federated_mesh),
        c.degree,
        c.latency_min_ms,
        c.latency_max_ms,
        fmt_f64(c.loss),
        fmt_f64(c.update_rate),
        c.clock_drift_ppm,
        c.clock_offset_ms,
        c.relay_ms,
    );
    link::write_moment(&mut out, s, |out, a| {
        out.push(arch_letter(a.arch));
        write_action(out, &a.action);
    });
    out
}

/// The scenario export: a small JSON document around the link (the full address, `base` being
/// the page's), so the file opens in a browser and in the runner (`archsim --scenario
/// file.json`) alike.
pub fn scenario_json(s: &Scenario, base: &str) -> String {
    link::scenario_json(
        "archsim-scenario",
        VERSION,
        &format!("{base}#{}", encode(s)),
        &[
            ("time_ms", s.time_ms),
            ("participants", s.cfg.participants.into()),
            ("seed", s.cfg.seed),
            ("actions", s.log.len() as u64),
        ],
    )
}

/// Roughly how many events one virtual second of `cfg` costs, the three architectures
/// together: heartbeats on every link, clock corrections at every node, and per update one
/// message per participant along routes, or an announcement to each neighbour, a request and
/// the data per peer. It grows with participants × degree × rate.
pub fn events_per_second(cfg: &SimConfig) -> f64 {
    let n = f64::from(cfg.participants);
    let k = f64::from(cfg.federated_servers.min(cfg.participants));
    let d = f64::from(cfg.degree.min(cfg.participants.saturating_sub(1)));
    let mesh = if cfg.federated_mesh {
        k * (k - 1.0) / 2.0
    } else {
        0.0
    };
    let beat = 1_000.0 / f64::from(cfg.heartbeat_ms.max(1));
    let sync = 1_000.0 / f64::from(cfg.clock_sync_ms.max(1));
    // (links, nodes, messages per update) of client-server, federated, peer-to-peer.
    let archs = [
        (n, n + 1.0, n + 1.0),
        (n + k + mesh, n + k + 1.0, n + k + 2.0),
        (n * d / 2.0, n, n * (d + 2.0)),
    ];
    archs
        .iter()
        .map(|&(links, nodes, per_update)| {
            // A heartbeat each way on every link, its timer, and a sync exchange per node.
            2.0 * links * beat + nodes * beat + 3.0 * nodes * sync + cfg.update_rate * per_update
        })
        .sum()
}

/// The latest virtual time a link of `cfg` may ask the page to replay to, ms.
pub fn replay_limit_ms(cfg: &SimConfig) -> u64 {
    crate::shell::link::replay_limit_ms(events_per_second(cfg))
}

/// Moves `s`'s start time earlier if replaying to it would keep the page busy for more than
/// about a second (see [`replay_limit_ms`]); says so when it does.
pub fn fit_replay_budget(s: &mut Scenario) -> Option<String> {
    link::fit_replay(&mut s.time_ms, replay_limit_ms(&s.cfg))
}

pub(crate) fn parse_action(text: &str) -> Result<LoggedAction, String> {
    let mut chars = text.chars();
    let arch = match chars.next() {
        Some('c') => Arch::ClientServer,
        Some('f') => Arch::Federated,
        Some('p') => Arch::PeerToPeer,
        _ => {
            return Err(format!(
                "action {} names no architecture (c, f or p)",
                quote(text)
            ));
        }
    };
    Ok(LoggedAction {
        arch,
        action: read_action(text, chars.as_str(), MAX_TIME_MS)?,
    })
}

/// One of the first lesson's own fields of a link, read into `cfg`.
fn field(k: &str, v: &str, cfg: &mut SimConfig) -> Option<Result<(), String>> {
    Some(match k {
        "seed" => whole(v, 0, u64::MAX).map(|x| cfg.seed = x),
        "n" => whole(v, 3, PAGE_MAX_PARTICIPANTS.into()).map(|x| cfg.participants = x),
        "fed" => whole(v, 1, 16).map(|x| cfg.federated_servers = x),
        "mesh" => switch(v).map(|x| cfg.federated_mesh = x),
        "deg" => whole(v, 2, 16).map(|x| cfg.degree = x),
        "lat" => link::span(v, 1, 2_000).map(|(lo, hi)| {
            cfg.latency_min_ms = lo;
            cfg.latency_max_ms = hi;
        }),
        "loss" => real(v, 0.0, 0.5).map(|x| cfg.loss = x),
        "rate" => real(v, 0.0, 50.0).map(|x| cfg.update_rate = x),
        "drift" => whole(v, 0, 100_000).map(|x| cfg.clock_drift_ppm = x),
        "off" => whole(v, 0, 60_000).map(|x| cfg.clock_offset_ms = x),
        "relay" => whole(v, 0, 5_000).map(|x| cfg.relay_ms = x),
        _ => return None,
    })
}

/// A degree the participants cannot have is lowered (saying so); then the config is checked.
fn check(cfg: &mut SimConfig, problems: &mut Vec<String>) -> Result<(), String> {
    if cfg.degree >= cfg.participants {
        problems.push(format!(
            "Peer degree {} needs more than {} participants; using degree 2.",
            cfg.degree, cfg.participants
        ));
        cfg.degree = 2;
    }
    cfg.validate().map_err(|e| e.to_string())
}

/// Reads a link: a full URL, a fragment with or without `#`, or empty (the default scenario).
/// Always returns something to show; `problems` says what was dropped and why.
pub fn decode(text: &str) -> Decoded {
    link::decode(
        text,
        &Scenario::default(),
        &link::Format {
            marker: None,
            version: VERSION,
            max_time_ms: MAX_TIME_MS,
            speeds: crate::shell::link::Speeds::Range(0.1, 100.0),
            field: &field,
            check: &check,
            replay_limit_ms: &replay_limit_ms,
            action: &parse_action,
            at: |a| a.action.at,
        },
    )
}

fn at(arch: Arch, ms: u64, fault: FaultSpec) -> LoggedAction {
    LoggedAction {
        arch,
        action: Action { at: ms * MS, fault },
    }
}

fn crash(arch: Arch, ms: u64, node: &str) -> LoggedAction {
    at(arch, ms, FaultSpec::Crash { node: node.into() })
}

fn labels(prefix: char, ids: impl IntoIterator<Item = u32>) -> Vec<String> {
    ids.into_iter().map(|i| format!("{prefix}{i}")).collect()
}

/// The gallery. Each starts a moment before its faults, so the student sees them happen.
pub fn presets() -> Vec<Preset<Scenario>> {
    let base = Scenario::default();
    vec![
        Preset {
            id: "server-down",
            title: "The server goes down",
            watch: "One failure and every client-server client is cut off; the other two barely notice a client leaving.",
            scenario: Scenario {
                log: vec![crash(Arch::ClientServer, 4_000, "S0")],
                ..base.clone()
            },
        },
        Preset {
            id: "federated-server-down",
            title: "A federated server fails — only its clients are cut off",
            watch: "F1's six clients go dark; the other eighteen keep exchanging updates through the main server.",
            scenario: Scenario {
                log: vec![crash(Arch::Federated, 4_000, "F1")],
                ..base.clone()
            },
        },
        Preset {
            id: "p2p-third",
            title: "Peer-to-peer survives losing a third of its peers",
            watch: "Eight of 24 peers fail one after another; every remaining peer stays connected and keeps getting updates.",
            scenario: Scenario {
                // Chosen (for the default seed) so that no step strands anyone: the point is
                // that a peer graph has that much slack, not that any third will do.
                log: [0u32, 3, 6, 9, 12, 15, 18, 1]
                    .iter()
                    .enumerate()
                    .map(|(k, p)| crash(Arch::PeerToPeer, 4_000 + 400 * k as u64, &format!("P{p}")))
                    .collect(),
                ..base.clone()
            },
        },
        Preset {
            id: "partition",
            title: "Network partition",
            watch: "A third of each network is split off: the minority side is cut off in every architecture — no design escapes a partition.",
            scenario: Scenario {
                log: vec![
                    at(
                        Arch::ClientServer,
                        4_000,
                        FaultSpec::Partition {
                            side: labels('C', 16..24),
                        },
                    ),
                    at(
                        Arch::Federated,
                        4_000,
                        FaultSpec::Partition {
                            side: std::iter::once("F3".to_string())
                                .chain(labels('C', (3..24).step_by(4)))
                                .collect(),
                        },
                    ),
                    at(
                        Arch::PeerToPeer,
                        4_000,
                        FaultSpec::Partition {
                            side: labels('P', 16..24),
                        },
                    ),
                ],
                ..base.clone()
            },
        },
        Preset {
            id: "clocks",
            title: "Clocks drift apart",
            watch: "Clocks run up to 0.5 % fast or slow. Servers keep their clients in step; peers drift apart — and when the server fails at 8 s, its clients start drifting too.",
            scenario: Scenario {
                cfg: SimConfig {
                    clock_drift_ppm: 5_000,
                    ..base.cfg.clone()
                },
                log: vec![crash(Arch::ClientServer, 8_000, "S0")],
                ..base.clone()
            },
        },
        Preset {
            id: "lossy",
            title: "Lossy links",
            watch: "One message in five is lost: watch which architecture keeps everyone up to date, and what the redundancy costs.",
            scenario: Scenario {
                cfg: SimConfig {
                    loss: 0.2,
                    ..base.cfg.clone()
                },
                ..base
            },
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_export_is_json_around_the_link() {
        let mut s = Scenario::default();
        s.log.push(crash(Arch::ClientServer, 4_000, "S0"));
        let text = scenario_json(&s, "https://example.org/archsim/");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["format"], "archsim-scenario");
        assert_eq!(
            v["link"],
            format!("https://example.org/archsim/#{}", encode(&s))
        );
        assert_eq!(decode(&link_from_export(&text)).scenario, s);
        assert_eq!(link_from_export("#v=1&t=5"), "#v=1&t=5");
    }

    #[test]
    fn default_round_trips() {
        let s = Scenario::default();
        let d = decode(&encode(&s));
        assert_eq!(d.problems, Vec::<String>::new());
        assert_eq!(d.scenario, s);
    }

    #[test]
    fn actions_round_trip() {
        let mut s = Scenario::default();
        let specs = [
            (Arch::ClientServer, FaultSpec::Crash { node: "S0".into() }),
            (
                Arch::Federated,
                FaultSpec::Cut {
                    a: "F1".into(),
                    b: "M0".into(),
                },
            ),
            (
                Arch::PeerToPeer,
                FaultSpec::Partition {
                    side: vec!["P1".into(), "P2".into()],
                },
            ),
            (Arch::PeerToPeer, FaultSpec::HealAll),
            (
                Arch::Federated,
                FaultSpec::Heal {
                    a: "F1".into(),
                    b: "M0".into(),
                },
            ),
            (Arch::ClientServer, FaultSpec::Recover { node: "S0".into() }),
        ];
        for (i, (arch, fault)) in specs.into_iter().enumerate() {
            s.log.push(LoggedAction {
                arch,
                action: Action {
                    at: (i as u64 + 1) * 1000 * MS,
                    fault,
                },
            });
        }
        let link = encode(&s);
        assert!(
            link.contains("a=cxS0@1000,fkF1-M0@2000,psP1+P2@3000,pH@4000"),
            "{link}"
        );
        assert_eq!(
            decode(&format!("https://example.org/archsim/#{link}")).scenario,
            s
        );
    }

    #[test]
    fn partitions_write_runs_as_ranges_and_old_lists_still_read() {
        let listed = decode("#v=1&a=psP16+P17+P18+P19+S0@4000");
        let ranged = decode("#v=1&a=psP16~P19+S0@4000");
        assert!(listed.problems.is_empty() && ranged.problems.is_empty());
        assert_eq!(listed.scenario.log, ranged.scenario.log);
        assert!(encode(&listed.scenario).ends_with("a=psP16~P19+S0@4000"));
        // Two in a row stay a list; a range must run forwards within one role.
        let two = decode("#v=1&a=psP3+P4@10");
        assert!(encode(&two.scenario).ends_with("a=psP3+P4@10"));
        for bad in ["psP9~P3@10", "psP1~C4@10", "psP0~P99999@10"] {
            let d = decode(&format!("#v=1&a={bad}"));
            assert!(d.scenario.log.is_empty(), "{bad}");
            assert!(
                d.problems.iter().any(|p| p.contains("Dropped")),
                "{bad}: {:?}",
                d.problems
            );
        }
    }

    #[test]
    fn bad_links_say_what_was_wrong_and_keep_the_rest() {
        let cases = [
            ("#garbage", "not an archsim scenario link"),
            ("#v=9&n=24", "newer archsim"),
            ("#v=0&n=24", "not one this page reads"),
            ("#v=1&n=99999", "Ignored n="),
            ("#v=1&n=abc", "Ignored n="),
            ("#v=1&loss=NaN", "Ignored loss="),
            ("#v=1&a=cxQ9@100", "invalid node id"),
            ("#v=1&a=cxS0", "no “@time”"),
            ("#v=1&a=zxS0@1", "architecture"),
            ("#v=1&name=<script>alert(1)</script>", "unknown field"),
            ("#v=1&n=3000&t=600000", "too long"),
            ("#v=1&n=3000&deg=16&rate=50&t=40000", "too long"),
            ("#v=1&relay=-5", "Ignored relay="),
            ("#v=1&n=4&deg=9", "degree"),
        ];
        for (link, needle) in cases {
            let d = decode(link);
            assert!(
                d.problems.iter().any(|p| p.contains(needle)),
                "{link}: {:?}",
                d.problems
            );
            d.scenario.cfg.validate().unwrap();
        }
        let huge = format!("#v=1&a={}", "cxS0@1,".repeat(5_000));
        assert!(decode(&huge).problems[0].contains("too long"));
        let many = format!("#v=1&a={}", "cxS0@1,".repeat(600));
        let d = decode(&many);
        assert_eq!(d.scenario.log.len(), MAX_ACTIONS);
        // Kept: the good fields beside a bad one.
        let d = decode("#v=1&seed=77&n=oops");
        assert_eq!(d.scenario.cfg.seed, 77);
        assert_eq!(
            d.scenario.cfg.participants,
            SimConfig::default().participants
        );
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod budget_tests {
    use super::*;
    use crate::lessons::network::model::Engine;
    use crate::sim::Arch;
    use crate::sim::time::from_ms;

    #[test]
    fn the_estimate_follows_what_a_run_costs() {
        for (n, degree, rate) in [(24, 4, 6.0), (300, 8, 20.0), (1_000, 16, 2.0), (60, 2, 0.0)] {
            let cfg = SimConfig {
                participants: n,
                degree,
                update_rate: rate,
                ..SimConfig::default()
            };
            let events: u64 = Arch::ALL
                .iter()
                .map(|&a| {
                    let mut e = Engine::new(a, &cfg).unwrap();
                    e.advance_to(from_ms(10_000));
                    e.counters().events
                })
                .sum();
            let per_s = events as f64 / 10.0;
            let est = events_per_second(&cfg);
            assert!(
                est > 0.6 * per_s && est < 1.6 * per_s,
                "n={n} degree={degree} rate={rate}: estimated {est:.0}, ran {per_s:.0} events/s"
            );
        }
    }

    #[test]
    fn bigger_busier_networks_may_replay_less() {
        let small = SimConfig::default();
        let big = SimConfig {
            participants: 3_000,
            degree: 16,
            update_rate: 50.0,
            ..SimConfig::default()
        };
        assert!(replay_limit_ms(&small) >= 600_000);
        assert!(replay_limit_ms(&big) < 2_000, "{}", replay_limit_ms(&big));
    }
}
