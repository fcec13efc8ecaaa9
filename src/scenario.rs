//! A scenario as a link: the whole state of the page (settings, seed, speed, virtual time and
//! the log of every fail / recover / cut / heal) in a compact, versioned URL fragment.
//!
//! ```text
//! #v=1&seed=7&n=24&fed=4&mesh=1&deg=4&lat=20-80&loss=0&rate=6&drift=200&off=250&relay=0
//!   &t=12000&speed=0.25&play=1&a=cxS0@5000,fxF1@5000,pkP1-P2@7000
//! ```
//!
//! An action is `<arch><kind><nodes>@<ms>`: arch `c` client-server, `f` federated, `p`
//! peer-to-peer; kind `x` crash, `r` recover, `k` cut a link `A-B`, `h` heal it, `s` partition
//! off the nodes `A+B+…`, `H` heal every link. Decoding never panics and never trusts sizes: the
//! link's length, the number of actions and the replay work are bounded before anything runs.
//! What cannot be used is dropped with a note saying what and why; the rest is kept.

use crate::sim::small::Dec;
use std::fmt::Write as _;

use crate::page::{LoggedAction, PAGE_MAX_PARTICIPANTS, replay_limit_ms};
use crate::sim::{Action, Arch, FaultSpec, SimConfig, time::MS};

/// The link format's version.
pub const VERSION: u32 = 1;
/// Longest link fragment decoded, bytes.
pub const MAX_LINK_BYTES: usize = 16_384;
/// Most actions in a link.
pub const MAX_ACTIONS: usize = 500;
/// Latest virtual time a link may start at, ms.
pub const MAX_TIME_MS: u64 = 600_000;
/// Longest node list in one action.
const MAX_ACTION_NODES: usize = 20_000;

/// Everything a link restores.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// Network, workload and faults.
    pub cfg: SimConfig,
    /// Virtual ms per real ms.
    pub speed: f64,
    /// Virtual time to replay to, ms.
    pub time_ms: u64,
    /// Whether the simulation runs on open.
    pub playing: bool,
    /// Every action, in order.
    pub log: Vec<LoggedAction>,
}

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

/// The result of reading a link: the scenario to show and what had to be left out.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// What to show.
    pub scenario: Scenario,
    /// One sentence per problem, for the notice (empty when the link was clean).
    pub problems: Vec<String>,
}

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

/// Writes one action as `<kind><nodes>@<ms>`: `x` crash, `r` recover, `k` cut `A-B`, `h` heal
/// it, `s` partition off `A+B+…` (runs of consecutive ids as `P3~P9`), `H` heal everything.
/// Shared by every lesson's links.
pub fn write_action(out: &mut String, action: &Action) {
    match &action.fault {
        FaultSpec::Crash { node } => write!(out, "x{node}"),
        FaultSpec::Recover { node } => write!(out, "r{node}"),
        FaultSpec::Cut { a, b } => write!(out, "k{a}-{b}"),
        FaultSpec::Heal { a, b } => write!(out, "h{a}-{b}"),
        FaultSpec::Partition { side } => write!(out, "s{}", compress_side(side)),
        FaultSpec::HealAll => write!(out, "H"),
    }
    .expect("writing to a String");
    write!(out, "@{}", action.at / MS).expect("writing to a String");
}

/// `P0+P1+P2+P3+S0` → `P0~P3+S0`: runs of three or more consecutive ids of one role.
fn compress_side(side: &[String]) -> String {
    let split = |l: &str| -> Option<(char, u32)> {
        let mut c = l.chars();
        let role = c.next()?;
        Some((role, c.as_str().parse().ok()?))
    };
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < side.len() {
        let mut j = i;
        if let Some((role, first)) = split(&side[i]) {
            while j + 1 < side.len()
                && split(&side[j + 1]) == Some((role, first + (j + 1 - i) as u32))
            {
                j += 1;
            }
        }
        if j - i >= 2 {
            out.push(format!("{}~{}", side[i], side[j]));
        } else {
            out.extend(side[i..=j].iter().cloned());
        }
        i = j + 1;
    }
    out.join("+")
}

/// Encodes `s` as a fragment (without the leading `#`).
pub fn encode(s: &Scenario) -> String {
    let c = &s.cfg;
    let mut out = format!(
        "v={VERSION}&seed={}&n={}&fed={}&mesh={}&deg={}&lat={}-{}&loss={}&rate={}&drift={}&off={}&relay={}&t={}&speed={}&play={}",
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
        s.time_ms,
        fmt_f64(s.speed),
        u8::from(s.playing),
    );
    if !s.log.is_empty() {
        out.push_str("&a=");
        for (i, a) in s.log.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push(arch_letter(a.arch));
            write_action(&mut out, &a.action);
        }
    }
    out
}

/// The scenario export: a small JSON document around the link (the full address, `base` being
/// the page's), so the file opens in a browser and in the runner (`archsim --scenario
/// file.json`) alike.
pub fn scenario_json(s: &Scenario, base: &str) -> String {
    let link = format!("{base}#{}", encode(s));
    let escaped: String = link
        .chars()
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            c if c.is_control() => vec![' '],
            c => vec![c],
        })
        .collect();
    format!(
        "{{\n  \"format\": \"archsim-scenario\",\n  \"version\": {VERSION},\n  \"link\": \"{escaped}\",\n  \"time_ms\": {},\n  \"participants\": {},\n  \"seed\": {},\n  \"actions\": {}\n}}\n",
        s.time_ms,
        s.cfg.participants,
        s.cfg.seed,
        s.log.len()
    )
}

/// The link inside a scenario export (see [`scenario_json`]), or the text itself.
pub fn link_from_export(text: &str) -> String {
    let t = text.trim();
    if t.starts_with('{')
        && let Some(i) = t.find("\"link\"")
    {
        let rest = &t[i + 6..];
        if let Some(start) = rest.find('"') {
            let body = &rest[start + 1..];
            let mut out = String::new();
            let mut chars = body.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => out.extend(chars.next()),
                    '"' => return out,
                    c => out.push(c),
                }
            }
        }
    }
    t.to_string()
}

/// Moves `s`'s start time earlier if replaying to it would keep the page busy for more than
/// about a second (see [`crate::page::replay_limit_ms`]); says so when it does.
pub fn fit_replay_budget(s: &mut Scenario) -> Option<String> {
    let limit_ms = replay_limit_ms(&s.cfg);
    (s.time_ms > limit_ms).then(|| {
        let note = format!(
            "Replaying {} of this scenario would keep the page busy too long; starting at {} instead.",
            seconds(s.time_ms),
            seconds(limit_ms)
        );
        s.time_ms = limit_ms;
        note
    })
}

/// "12 s", "2.5 s".
pub fn seconds(ms: u64) -> String {
    if ms >= 10_000 || ms.is_multiple_of(1_000) {
        format!("{} s", ms / 1_000)
    } else {
        format!("{:.1} s", Dec(ms as f64 / 1_000.0))
    }
}

/// Text from a link, made safe to quote in a notice: at most 40 characters, printable only.
pub fn quote(s: &str) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control()).take(40).collect();
    if s.chars().count() > 40 {
        format!("“{clean}…”")
    } else {
        format!("“{clean}”")
    }
}

fn is_label(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some('S' | 'M' | 'F' | 'C' | 'P'))
        && (1..=7).contains(&chars.as_str().len())
        && chars.all(|c| c.is_ascii_digit())
}

fn parse_action(text: &str) -> Result<LoggedAction, String> {
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

/// Reads `body` (an action as [`write_action`] writes it) of the link item `text`, at most
/// `max_ms` into the run. Shared by every lesson's links.
pub fn read_action(text: &str, body: &str, max_ms: u64) -> Result<Action, String> {
    let (body, at) = body
        .rsplit_once('@')
        .ok_or_else(|| format!("action {} has no “@time”", quote(text)))?;
    let at_ms: u64 = at
        .parse()
        .map_err(|_| format!("action {} has a bad time", quote(text)))?;
    if at_ms > max_ms {
        return Err(format!(
            "action {} is later than {} s",
            quote(text),
            max_ms / 1000
        ));
    }
    let mut chars = body.chars();
    let kind = chars.next();
    let nodes = chars.as_str();
    let node = |s: &str| -> Result<String, String> {
        if is_label(s) {
            Ok(s.to_string())
        } else {
            Err(format!(
                "action {} names an invalid node id {}",
                quote(text),
                quote(s)
            ))
        }
    };
    let pair = |s: &str| -> Result<(String, String), String> {
        let (a, b) = s
            .split_once('-')
            .ok_or_else(|| format!("action {} needs two nodes “A-B”", quote(text)))?;
        Ok((node(a)?, node(b)?))
    };
    let fault = match kind {
        Some('x') => FaultSpec::Crash { node: node(nodes)? },
        Some('r') => FaultSpec::Recover { node: node(nodes)? },
        Some('k') => {
            let (a, b) = pair(nodes)?;
            FaultSpec::Cut { a, b }
        }
        Some('h') => {
            let (a, b) = pair(nodes)?;
            FaultSpec::Heal { a, b }
        }
        Some('s') => {
            let too_many = || format!("action {} names too many nodes", quote(text));
            let mut side = Vec::new();
            for item in nodes.split('+') {
                if side.len() >= MAX_ACTION_NODES {
                    return Err(too_many());
                }
                match item.split_once('~') {
                    None => side.push(node(item)?),
                    Some((a, b)) => {
                        let (a, b) = (node(a)?, node(b)?);
                        let (ra, rb) = (&a[..1], &b[..1]);
                        let (ia, ib): (u32, u32) = (
                            a[1..].parse().map_err(|_| too_many())?,
                            b[1..].parse().map_err(|_| too_many())?,
                        );
                        if ra != rb || ia > ib {
                            return Err(format!(
                                "action {} has a bad range {}",
                                quote(text),
                                quote(item)
                            ));
                        }
                        if (ib - ia) as usize >= MAX_ACTION_NODES - side.len() {
                            return Err(too_many());
                        }
                        side.extend((ia..=ib).map(|i| format!("{ra}{i}")));
                    }
                }
            }
            FaultSpec::Partition { side }
        }
        Some('H') if nodes.is_empty() => FaultSpec::HealAll,
        _ => return Err(format!("action {} has an unknown kind", quote(text))),
    };
    Ok(Action {
        at: at_ms * MS,
        fault,
    })
}

/// Reads a link: a full URL, a fragment with or without `#`, or empty (the default scenario).
/// Always returns something to show; `problems` says what was dropped and why.
pub fn decode(link: &str) -> Decoded {
    let mut problems = Vec::new();
    let mut s = Scenario::default();
    let fragment = link.split_once('#').map_or(link, |(_, f)| f).trim();
    if fragment.is_empty() {
        return Decoded {
            scenario: s,
            problems,
        };
    }
    if fragment.len() > MAX_LINK_BYTES {
        problems.push(format!(
            "The link is too long ({} characters; at most {MAX_LINK_BYTES}). Showing the default scenario.",
            fragment.len()
        ));
        return Decoded {
            scenario: s,
            problems,
        };
    }
    let pairs: Vec<(&str, &str)> = fragment
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    match pairs
        .iter()
        .find(|(k, _)| *k == "v")
        .map(|(_, v)| v.parse::<u32>())
    {
        None => {
            problems.push("This is not an archsim scenario link (it has no version). Showing the default scenario.".into());
            return Decoded {
                scenario: s,
                problems,
            };
        }
        Some(Ok(VERSION)) => {}
        Some(Ok(v)) if v > VERSION => {
            problems.push(format!(
                "This link was made by a newer archsim (format v{v}; this page reads v{VERSION}). Showing the default scenario."
            ));
            return Decoded {
                scenario: s,
                problems,
            };
        }
        Some(_) => {
            problems.push("This link's format version is not one this page reads. Showing the default scenario.".into());
            return Decoded {
                scenario: s,
                problems,
            };
        }
    }

    let cfg = &mut s.cfg;
    let mut actions_text = None;
    for (k, v) in pairs {
        let mut bad = |what: &str| {
            problems.push(format!(
                "Ignored {k}={}: {what}; using the default.",
                quote(v)
            ))
        };
        macro_rules! whole {
            ($field:expr, $lo:expr, $hi:expr) => {
                match v.parse::<u64>() {
                    Ok(n) if ($lo..=$hi).contains(&n) => $field = n.try_into().expect("range fits"),
                    _ => bad(&format!("expected a whole number from {} to {}", $lo, $hi)),
                }
            };
        }
        macro_rules! real {
            ($field:expr, $lo:expr, $hi:expr) => {
                match crate::sim::small::parse_decimal(v) {
                    Some(x) if ($lo..=$hi).contains(&x) => $field = x,
                    _ => bad(&format!(
                        "expected a number from {} to {}",
                        Dec($lo),
                        Dec($hi)
                    )),
                }
            };
        }
        match k {
            "v" => {}
            "seed" => whole!(cfg.seed, 0u64, u64::MAX),
            "n" => whole!(cfg.participants, 3u64, u64::from(PAGE_MAX_PARTICIPANTS)),
            "fed" => whole!(cfg.federated_servers, 1u64, 16u64),
            "mesh" => match v {
                "0" => cfg.federated_mesh = false,
                "1" => cfg.federated_mesh = true,
                _ => bad("expected 0 or 1"),
            },
            "deg" => whole!(cfg.degree, 2u64, 16u64),
            "lat" => match v
                .split_once('-')
                .map(|(a, b)| (a.parse::<u32>(), b.parse::<u32>()))
            {
                Some((Ok(lo), Ok(hi))) if lo <= hi && (1..=2_000).contains(&hi) => {
                    cfg.latency_min_ms = lo;
                    cfg.latency_max_ms = hi;
                }
                _ => bad("expected a range like 20-80 (ms, at most 2000)"),
            },
            "loss" => real!(cfg.loss, 0.0, 0.5),
            "rate" => real!(cfg.update_rate, 0.0, 50.0),
            "drift" => whole!(cfg.clock_drift_ppm, 0u64, 100_000u64),
            "off" => whole!(cfg.clock_offset_ms, 0u64, 60_000u64),
            "relay" => whole!(cfg.relay_ms, 0u64, 5_000u64),
            "t" => whole!(s.time_ms, 0u64, MAX_TIME_MS),
            "speed" => real!(s.speed, 0.1, 100.0),
            "play" => match v {
                "0" => s.playing = false,
                "1" => s.playing = true,
                _ => bad("expected 0 or 1"),
            },
            "a" => actions_text = Some(v),
            _ => problems.push(format!("Ignored unknown field {}.", quote(k))),
        }
    }
    if cfg.degree >= cfg.participants {
        problems.push(format!(
            "Peer degree {} needs more than {} participants; using degree 2.",
            cfg.degree, cfg.participants
        ));
        cfg.degree = 2;
    }
    if let Err(e) = cfg.validate() {
        problems.push(format!(
            "The scenario is not possible ({e}). Showing the default scenario."
        ));
        return Decoded {
            scenario: Scenario::default(),
            problems,
        };
    }
    problems.extend(fit_replay_budget(&mut s));
    if let Some(text) = actions_text {
        let items: Vec<&str> = text.split(',').filter(|a| !a.is_empty()).collect();
        if items.len() > MAX_ACTIONS {
            problems.push(format!(
                "The link has {} actions; only the first {MAX_ACTIONS} were kept.",
                items.len()
            ));
        }
        let mut dropped = 0;
        for item in items.into_iter().take(MAX_ACTIONS) {
            match parse_action(item) {
                Ok(a) => s.log.push(a),
                Err(e) => {
                    dropped += 1;
                    if dropped <= 3 {
                        problems.push(format!("Dropped {e}."));
                    }
                }
            }
        }
        if dropped > 3 {
            problems.push(format!("Dropped {} more broken actions.", dropped - 3));
        }
        crate::sim::small::sort_by_key(&mut s.log, |a| a.action.at);
    }
    Decoded {
        scenario: s,
        problems,
    }
}

/// A named scenario for the gallery: a link with a title and what to watch.
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// Stable id (used in tests and as an anchor).
    pub id: &'static str,
    /// Title.
    pub title: &'static str,
    /// One sentence on what to watch.
    pub watch: &'static str,
    /// The scenario (its link is `encode(&scenario)`).
    pub scenario: Scenario,
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
pub fn presets() -> Vec<Preset> {
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
