//! A consensus-lesson scenario as a link: the chain settings, the time, and every fault applied,
//! in a versioned URL fragment marked `l=chain`.
//!
//! ```text
//! #l=chain&v=1&cons=praos&n=100&deg=8&seed=1&lat=10-100&f=0.05&slot=1000&stake=equal&kb=64
//!   &bw=100&tie=lowest&off=0&drift=0&t=600000&speed=10&play=1&a=sP0~P49@60000,H@240000
//! ```
//!
//! Delay classes replace `lat` with `cls=24+143+531`; proof of work adds `T=600` (mean block
//! interval, s); lossy links add `loss=0.01`; one peer's clock set apart adds `skew=P5:2000`
//! (ms, negative: behind); an attacker adds `adv=0.1&z=5` (a selfish miner also
//! `strat=selfish&gamma=0.5`); a k other than 2160 adds `k=100`.
//! Actions are written as in the first lesson's links, without the architecture letter.
//! Decoding never panics and never trusts sizes; what cannot be used is dropped with a
//! sentence saying what and why.

use std::fmt::Write as _;

use crate::lessons::consensus::model::config::limits;
use crate::lessons::consensus::model::{
    Adversary, ChainConfig, ClockSkew, Consensus, Latency, Stake, Strategy, TieBreak,
};
use crate::shell::link::{
    Format, Preset, Speeds, one_of, read_action, real, span, whole, write_action,
};
use crate::sim::fault::{Action, FaultSpec};
use crate::sim::small::Dec;
use crate::sim::time::MS;

/// The link format's version.
pub const VERSION: u32 = 1;

/// The speeds the page offers, and the only ones a link may carry (× real time).
pub const SPEEDS: [f64; 12] = [
    0.25, 0.5, 1.0, 2.0, 4.0, 10.0, 20.0, 50.0, 100.0, 1_000.0, 10_000.0, 100_000.0,
];

/// Everything a consensus link restores: the chain's settings (faults come from the log), the
/// moment and every fault applied.
pub type Scenario = crate::shell::link::Scenario<ChainConfig, Action>;

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            cfg: ChainConfig::default(),
            time_ms: 0,
            speed: 10.0,
            playing: true,
            log: Vec::new(),
        }
    }
}

/// Whether `link` is a consensus-lesson link (its fragment has `l=chain`).
pub fn is_chain_link(link: &str) -> bool {
    let fragment = link.split_once('#').map_or(link, |(_, f)| f);
    fragment.split('&').any(|p| p == "l=chain")
}

/// Encodes `s` as a fragment (without the leading `#`).
pub fn encode(s: &Scenario) -> String {
    let c = &s.cfg;
    let mut out = format!(
        "l=chain&v={VERSION}&cons={}&n={}&deg={}&seed={}",
        c.consensus.name(),
        c.participants,
        c.degree,
        c.seed
    );
    let w = &mut out;
    match &c.latency {
        Latency::Range { min_ms, max_ms } => write!(w, "&lat={min_ms}-{max_ms}"),
        Latency::Classes { hop_ms } => {
            let list: Vec<String> = hop_ms.iter().map(u32::to_string).collect();
            write!(w, "&cls={}", list.join("+"))
        }
    }
    .expect("writing to a String");
    if c.loss > 0.0 {
        write!(w, "&loss={}", Dec(c.loss)).expect("writing to a String");
    }
    if c.consensus == Consensus::Pow {
        write!(w, "&T={}", Dec(c.block_interval_s)).expect("writing to a String");
    }
    write!(
        w,
        "&f={}&slot={}&stake={}&kb={}&bw={}&tie={}&off={}&drift={}",
        Dec(c.active_slot_coeff),
        c.slot_ms,
        c.stake.name(),
        c.block_kb,
        Dec(c.bandwidth_mbps),
        c.tie.name(),
        c.clock_offset_ms,
        c.clock_drift_ppm
    )
    .expect("writing to a String");
    if let Some(k) = &c.clock_skew {
        write!(w, "&skew=P{}:{}", k.peer, k.offset_ms).expect("writing to a String");
    }
    if c.k != ChainConfig::default().k {
        write!(w, "&k={}", c.k).expect("writing to a String");
    }
    if let Some(a) = &c.adversary {
        write!(w, "&adv={}&z={}", Dec(a.share), a.confirmations).expect("writing to a String");
        if a.strategy == Strategy::Selfish {
            write!(w, "&strat=selfish&gamma={}", Dec(a.gamma)).expect("writing to a String");
        }
    }
    crate::shell::link::write_moment(&mut out, s, write_action);
    out
}

/// A decoded link.
pub type Decoded = crate::shell::lesson::Decoded<Scenario>;

/// The attacker the link has described so far, or one with no share yet.
fn attacker_so_far(cfg: &ChainConfig) -> Adversary {
    cfg.adversary.unwrap_or(Adversary {
        share: 0.0,
        ..Adversary::default()
    })
}

/// One of the consensus lesson's own fields of a link, read into `cfg`.
fn field(k: &str, v: &str, cfg: &mut ChainConfig) -> Option<Result<(), String>> {
    let limit = |x: u32| u64::from(x);
    Some(match k {
        "cons" => one_of(Consensus::parse(v), "pow or praos").map(|x| cfg.consensus = x),
        "n" => whole(v, 2, limit(limits::MAX_PARTICIPANTS)).map(|x| cfg.participants = x),
        "deg" => whole(v, 1, limit(limits::MAX_PARTICIPANTS - 1)).map(|x| cfg.degree = x),
        "seed" => whole(v, 0, u64::MAX).map(|x| cfg.seed = x),
        "lat" => span(v, 0, limits::MAX_LATENCY_MS).map(|(min_ms, max_ms)| {
            cfg.latency = Latency::Range { min_ms, max_ms };
        }),
        "cls" => classes(v).map(|hop_ms| cfg.latency = Latency::Classes { hop_ms }),
        "loss" => real(v, 0.0, limits::MAX_LOSS).map(|x| cfg.loss = x),
        "k" => whole(v, limit(limits::K.0), limit(limits::K.1)).map(|x| cfg.k = x),
        "T" => real(v, limits::BLOCK_INTERVAL_S.0, limits::BLOCK_INTERVAL_S.1)
            .map(|x| cfg.block_interval_s = x),
        "f" => real(v, 0.001, 1.0).map(|x| cfg.active_slot_coeff = x),
        "slot" => {
            whole(v, limit(limits::SLOT_MS.0), limit(limits::SLOT_MS.1)).map(|x| cfg.slot_ms = x)
        }
        "stake" => one_of(Stake::parse(v), "equal or skewed").map(|x| cfg.stake = x),
        "kb" => {
            whole(v, limit(limits::BLOCK_KB.0), limit(limits::BLOCK_KB.1)).map(|x| cfg.block_kb = x)
        }
        "bw" => real(v, limits::BANDWIDTH_MBPS.0, limits::BANDWIDTH_MBPS.1)
            .map(|x| cfg.bandwidth_mbps = x),
        "tie" => {
            one_of(TieBreak::parse(v), "first-seen, lowest or restricted").map(|x| cfg.tie = x)
        }
        "off" => whole(v, 0, limit(limits::MAX_CLOCK_OFFSET_MS)).map(|x| cfg.clock_offset_ms = x),
        "drift" => whole(v, 0, limit(limits::MAX_DRIFT_PPM)).map(|x| cfg.clock_drift_ppm = x),
        "skew" => skew(v).map(|k| cfg.clock_skew = Some(k)),
        // An attacker's fields may come in any order: a share of 0 (never a valid one)
        // stands for "its other fields, but no share yet".
        "adv" => real(v, 0.001, 0.999).map(|share| {
            cfg.adversary = Some(Adversary {
                share,
                ..attacker_so_far(cfg)
            });
        }),
        "z" => whole(v, 1, limit(limits::MAX_CONFIRMATIONS)).map(|confirmations| {
            cfg.adversary = Some(Adversary {
                confirmations,
                ..attacker_so_far(cfg)
            });
        }),
        "strat" => one_of(Strategy::parse(v), "double-spend or selfish").map(|strategy| {
            cfg.adversary = Some(Adversary {
                strategy,
                ..attacker_so_far(cfg)
            });
        }),
        "gamma" => real(v, 0.0, 1.0).map(|gamma| {
            cfg.adversary = Some(Adversary {
                gamma,
                ..attacker_so_far(cfg)
            });
        }),
        _ => return None,
    })
}

/// One-hop times of delay classes, `24+143+531` (ms).
fn classes(v: &str) -> Result<Vec<u32>, String> {
    let list: Option<Vec<u32>> = v
        .split('+')
        .take(limits::MAX_CLASSES + 1)
        .map(|x| x.parse().ok())
        .collect();
    match list {
        Some(l) if !l.is_empty() && l.len() <= limits::MAX_CLASSES => Ok(l),
        _ => Err("expected one-hop times like 24+143+531 (ms)".into()),
    }
}

/// One peer's clock set apart, `P5:2000` (ms ahead; negative: behind).
fn skew(v: &str) -> Result<ClockSkew, String> {
    match v
        .strip_prefix('P')
        .and_then(|x| x.split_once(':'))
        .map(|(p, ms)| (p.parse::<u32>(), ms.parse::<i32>()))
    {
        Some((Ok(peer), Ok(offset_ms))) => Ok(ClockSkew { peer, offset_ms }),
        _ => Err("expected a peer and an offset like P5:2000 (ms)".into()),
    }
}

/// An attacker's fields without an attacker, or γ without a selfish miner, are dropped
/// (saying so); then the config is checked.
fn check(cfg: &mut ChainConfig, problems: &mut Vec<String>) -> Result<(), String> {
    if cfg.adversary.is_some_and(|a| a.share == 0.0) {
        problems.push(
            "Ignored the attacker's fields (z, strat, gamma): the link names no attacker (adv)."
                .into(),
        );
        cfg.adversary = None;
    }
    if let Some(a) = &mut cfg.adversary
        && a.strategy == Strategy::DoubleSpend
        && a.gamma != 0.0
    {
        problems.push("Ignored gamma: it applies to a selfish miner (strat=selfish).".into());
        a.gamma = 0.0;
    }
    cfg.validate().map_err(|e| e.to_string())
}

/// Reads a link (a full URL or a fragment). Always returns something to show.
pub fn decode(text: &str) -> Decoded {
    crate::shell::link::decode(
        text,
        &Scenario::default(),
        &Format {
            marker: Some(("l", "chain")),
            version: VERSION,
            max_time_ms: limits::MAX_TIME_MS,
            speeds: Speeds::List(&SPEEDS),
            field: &field,
            check: &check,
            replay_limit_ms: &replay_limit_ms,
            action: &|item| read_action(item, item, limits::MAX_TIME_MS),
            at: |a| a.at,
        },
    )
}

/// Events a virtual second of this chain costs to simulate, roughly: each block crosses every
/// link about once (announcement, request, body), more with retransmissions; plus the lottery.
pub fn events_per_second(cfg: &ChainConfig) -> f64 {
    let links = f64::from(cfg.participants) * f64::from(cfg.degree + 2);
    cfg.blocks_per_second() * links / (1.0 - cfg.loss) + 2.0
}

/// The latest time a link may open at without replaying more than about a second of the
/// browser's work (as the first page's links).
pub fn replay_limit_ms(cfg: &ChainConfig) -> u64 {
    crate::shell::link::replay_limit_ms(events_per_second(cfg))
}

/// Moves `s`'s start time earlier if replaying to it would keep the page busy for more than
/// about a second (see [`replay_limit_ms`]); says so when it does.
pub fn fit_replay_budget(s: &mut Scenario) -> Option<String> {
    crate::shell::link::fit_replay(&mut s.time_ms, replay_limit_ms(&s.cfg))
}

/// The consensus page's gallery: each a link, each showing what its sentence says (a test
/// runs every one and checks).
pub fn presets() -> Vec<Preset<Scenario>> {
    let at = |ms: u64, fault: FaultSpec| Action { at: ms * MS, fault };
    let base = ChainConfig::default();
    let scenario = |cfg: ChainConfig, time_ms: u64, speed: f64, log: Vec<Action>| Scenario {
        cfg,
        time_ms,
        speed,
        playing: true,
        log,
    };
    vec![
        Preset {
            id: "slot-battle",
            title: "Slot battles",
            watch: "Half the slots have a leader and many have two: two blocks at one height, two colours for a moment, then every peer takes the lower block value.",
            scenario: scenario(
                ChainConfig {
                    participants: 30,
                    degree: 4,
                    active_slot_coeff: 0.5,
                    latency: Latency::Range {
                        min_ms: 5,
                        max_ms: 20,
                    },
                    ..base.clone()
                },
                0,
                1.0,
                Vec::new(),
            ),
        },
        Preset {
            id: "height-battle",
            title: "Height battles on slow links",
            watch: "Links of up to a second and a half: a leader often has not yet received the last block and builds beside it; the tree grows short side branches.",
            scenario: scenario(
                ChainConfig {
                    participants: 100,
                    degree: 4,
                    active_slot_coeff: 0.2,
                    latency: Latency::Range {
                        min_ms: 600,
                        max_ms: 1_500,
                    },
                    ..base.clone()
                },
                0,
                2.0,
                Vec::new(),
            ),
        },
        Preset {
            id: "partition",
            title: "A partition, and the heal",
            watch: "At 30 s the network splits in two: each half grows its own chain in its own colour. At 150 s it heals: the shorter side rolls back and one colour takes over within a second.",
            scenario: scenario(
                ChainConfig {
                    participants: 120,
                    degree: 6,
                    active_slot_coeff: 0.1,
                    ..base.clone()
                },
                20_000,
                4.0,
                vec![
                    at(
                        30_000,
                        FaultSpec::Partition {
                            side: (0..60).map(|i| format!("P{i}")).collect(),
                        },
                    ),
                    at(150_000, FaultSpec::HealAll),
                ],
            ),
        },
        Preset {
            id: "fast-clock",
            title: "A peer whose clock runs ahead",
            watch: "P0's clock is 4 s ahead: it makes blocks for slots nobody else has reached, the others hold them, and leaders in between build beside them — height battles on a fast network.",
            scenario: scenario(
                ChainConfig {
                    participants: 20,
                    degree: 4,
                    active_slot_coeff: 0.3,
                    latency: Latency::Range {
                        min_ms: 10,
                        max_ms: 50,
                    },
                    clock_skew: Some(ClockSkew {
                        peer: 0,
                        offset_ms: 4_000,
                    }),
                    ..base.clone()
                },
                0,
                2.0,
                Vec::new(),
            ),
        },
        Preset {
            id: "attacker",
            title: "A 30 % attacker",
            watch: "P0 mines on a private chain and publishes it when it is longer: now and then honest peers drop several blocks at once, which is why a payment waits for confirmations.",
            scenario: scenario(
                ChainConfig {
                    consensus: Consensus::Pow,
                    participants: 40,
                    degree: 5,
                    block_interval_s: 10.0,
                    tie: TieBreak::FirstSeen,
                    adversary: Some(Adversary {
                        share: 0.3,
                        confirmations: 3,
                        ..Adversary::default()
                    }),
                    ..base.clone()
                },
                0,
                20.0,
                Vec::new(),
            ),
        },
        Preset {
            id: "skewed",
            title: "A few large pools",
            watch: "Stake spread like real pools (share ∝ 1/rank): a handful of peers make most blocks and flash most often.",
            scenario: scenario(
                ChainConfig {
                    participants: 300,
                    degree: 6,
                    active_slot_coeff: 0.1,
                    stake: Stake::Skewed,
                    ..base
                },
                0,
                4.0,
                Vec::new(),
            ),
        },
    ]
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::lessons::consensus::model::ChainEngine;

    /// A scenario that uses every field a link can carry.
    pub(crate) fn sample() -> Scenario {
        Scenario {
            cfg: ChainConfig {
                consensus: Consensus::Pow,
                participants: 40,
                degree: 5,
                seed: 9,
                latency: Latency::Classes {
                    hop_ms: vec![24, 143, 531],
                },
                block_interval_s: 20.5,
                loss: 0.02,
                stake: Stake::Skewed,
                tie: TieBreak::FirstSeen,
                k: 120,
                clock_offset_ms: 300,
                clock_skew: Some(ClockSkew {
                    peer: 3,
                    offset_ms: -1_500,
                }),
                adversary: Some(Adversary {
                    share: 0.25,
                    confirmations: 3,
                    strategy: crate::lessons::consensus::model::Strategy::Selfish,
                    gamma: 0.5,
                }),
                ..ChainConfig::default()
            },
            time_ms: 120_000,
            speed: 20.0,
            playing: false,
            log: vec![
                Action {
                    at: 10_000 * MS,
                    fault: FaultSpec::Partition {
                        side: (0..20).map(|i| format!("P{i}")).collect(),
                    },
                },
                Action {
                    at: 60_000 * MS,
                    fault: FaultSpec::HealAll,
                },
                Action {
                    at: 61_000 * MS,
                    fault: FaultSpec::Crash { node: "P7".into() },
                },
            ],
        }
    }

    #[test]
    fn a_link_round_trips_and_stays_short() {
        let s = sample();
        let link = encode(&s);
        assert!(link.contains("sP0~P19@10000"), "{link}");
        assert!(link.len() < 300, "{link}");
        let d = decode(&format!("https://example.org/chain/#{link}"));
        assert_eq!(d.problems, Vec::<String>::new());
        assert_eq!(d.scenario, s);
        assert!(is_chain_link(&link));
        assert!(!is_chain_link("#v=1&n=24"));
    }

    #[test]
    fn an_attacker_reads_the_same_whichever_field_comes_first() {
        let a = decode("#l=chain&v=1&adv=0.3&z=4");
        let b = decode("#l=chain&v=1&z=4&adv=0.3");
        assert!(
            a.problems.is_empty() && b.problems.is_empty(),
            "{:?}",
            b.problems
        );
        assert_eq!(a.scenario, b.scenario);
        assert_eq!(a.scenario.cfg.adversary.map(|x| x.confirmations), Some(4));
        let d = decode("#l=chain&v=1&z=4");
        assert_eq!(d.scenario.cfg.adversary, None);
        assert!(d.problems[0].contains("no attacker"), "{:?}", d.problems);
    }

    #[test]
    fn a_bad_field_is_named_and_the_rest_kept() {
        let d = decode("#l=chain&v=1&n=50&deg=99999&cons=raft&a=xP3@100,q@1");
        assert_eq!(d.scenario.cfg.participants, 50);
        assert_eq!(d.scenario.cfg.consensus, Consensus::Praos);
        assert_eq!(d.scenario.log.len(), 1);
        let text = d.problems.join(" ");
        assert!(text.contains("deg=") && text.contains("cons="), "{text}");
        assert!(text.contains("Dropped"), "{text}");
    }

    #[test]
    fn a_link_carries_only_the_speeds_the_page_offers() {
        for &v in &SPEEDS {
            let d = decode(&format!("#l=chain&v=1&speed={}", Dec(v)));
            assert_eq!((d.scenario.speed, d.problems.len()), (v, 0), "{v}");
        }
        for bad in ["3", "0.1", "200000", "x"] {
            let d = decode(&format!("#l=chain&v=1&n=50&speed={bad}"));
            assert_eq!(d.scenario.speed, Scenario::default().speed);
            assert_eq!(d.scenario.cfg.participants, 50);
            let text = d.problems.join(" ");
            assert!(
                text.contains(&format!("speed=“{bad}”"))
                    && text.contains("expected one of 0.25, 0.5, 1, 2,"),
                "{text}"
            );
        }
    }

    #[test]
    fn an_impossible_or_foreign_link_falls_back_with_a_sentence() {
        let d = decode("#l=chain&v=1&n=3&deg=2&cls=1&kb=64&bw=1");
        assert_eq!(d.scenario, Scenario::default());
        assert!(d.problems[0].contains("not possible"), "{:?}", d.problems);
        let d = decode("#v=1&n=24");
        assert!(d.problems[0].contains("no l=chain"), "{:?}", d.problems);
        let d = decode("#l=chain&v=7");
        assert!(d.problems[0].contains("newer"));
        let long = format!(
            "#l=chain&v=1&a={}",
            "x".repeat(crate::shell::link::MAX_LINK_BYTES)
        );
        assert!(decode(&long).problems[0].contains("too long"));
    }

    #[test]
    fn a_link_too_long_to_replay_starts_earlier_and_says_so() {
        let d = decode("#l=chain&v=1&n=3000&deg=10&f=0.5&t=2000000000");
        let limit = replay_limit_ms(&d.scenario.cfg);
        assert_eq!(d.scenario.time_ms, limit);
        assert!(
            d.problems.iter().any(|p| p.contains("busy too long")),
            "{:?}",
            d.problems
        );
        // About a second of work: the estimate against a run of that length.
        let mut e = ChainEngine::new(&d.scenario.cfg).unwrap();
        e.advance_to(limit * MS);
        let events = e.metrics().cost.events as f64;
        assert!(
            events < 2.0 * crate::shell::link::REPLAY_BUDGET_EVENTS,
            "{events} events to replay"
        );
        // The default network may open many hours in.
        assert!(replay_limit_ms(&ChainConfig::default()) > 10 * 3_600_000);
    }

    #[test]
    fn attacker_fields_that_cannot_apply_are_dropped_with_a_sentence() {
        let d = decode("#l=chain&v=1&z=3&strat=selfish&gamma=0.5");
        assert_eq!(d.scenario.cfg.adversary, None);
        assert!(
            d.problems.iter().any(|p| p.contains("no attacker")),
            "{:?}",
            d.problems
        );
        let d = decode("#l=chain&v=1&adv=0.3&gamma=0.5");
        let a = d.scenario.cfg.adversary.expect("an attacker");
        assert_eq!((a.strategy, a.gamma), (Strategy::DoubleSpend, 0.0));
        assert!(
            d.problems.iter().any(|p| p.contains("Ignored gamma")),
            "{:?}",
            d.problems
        );
        // In any order, a selfish miner keeps its γ.
        let d = decode("#l=chain&v=1&gamma=0.5&strat=selfish&adv=0.3");
        let a = d.scenario.cfg.adversary.expect("an attacker");
        assert_eq!(
            (a.strategy, a.gamma, a.share),
            (Strategy::Selfish, 0.5, 0.3)
        );
        assert!(d.problems.is_empty(), "{:?}", d.problems);
    }
}
