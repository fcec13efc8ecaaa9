//! What every lesson's links share: reading a fragment into fields, the version and lesson
//! checks, numbers with their allowed ranges, lists of actions, and the action syntax itself.
//! Each lesson's `link` module says only which fields it has.
//!
//! An action is `<kind><nodes>@<ms>`: `x` crash, `r` recover, `k` cut a link `A-B`, `h` heal it,
//! `s` partition off the nodes `A+B+…` (a run of ids as `P3~P9`), `H` heal every link.
//! Reading never panics and never trusts sizes: the link's length, the number of actions and
//! of nodes in one are bounded before anything runs. What cannot be used is dropped with a
//! sentence saying what and why.

use std::fmt::Write as _;

use crate::sim::small::{Dec, parse_decimal};
use crate::sim::time::MS;
use crate::sim::{Action, FaultSpec};

/// Longest link fragment read, bytes.
pub const MAX_LINK_BYTES: usize = 16_384;
/// Most actions in a link.
pub const MAX_ACTIONS: usize = 500;
/// Longest node list in one action.
const MAX_ACTION_NODES: usize = 20_000;

/// The `key=value` fields of `link` (a full URL, or a fragment with or without `#`), after
/// checking its length, its lesson marker (`marker`, a field that must be there) and its
/// format `version`. `Ok(None)`: the link is empty (show the default). `Err`: the sentence
/// saying why it cannot be read at all.
pub fn open<'a>(
    link: &'a str,
    marker: Option<(&str, &str)>,
    version: u32,
) -> Result<Option<Vec<(&'a str, &'a str)>>, String> {
    let fragment = link.split_once('#').map_or(link, |(_, f)| f).trim();
    if fragment.len() > MAX_LINK_BYTES {
        return Err(format!(
            "The link is too long ({} characters; at most {MAX_LINK_BYTES}). Showing the default scenario.",
            fragment.len()
        ));
    }
    if fragment.is_empty() {
        return Ok(None);
    }
    let pairs: Vec<(&str, &str)> = fragment
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    if let Some((k, v)) = marker
        && !pairs.contains(&(k, v))
    {
        return Err(format!(
            "This is not a link for this lesson (it has no {k}={v}). Showing the default scenario."
        ));
    }
    match pairs
        .iter()
        .find(|(k, _)| *k == "v")
        .map(|(_, v)| v.parse::<u32>())
    {
        None => Err(
            "This is not an archsim scenario link (it has no version). Showing the default scenario."
                .into(),
        ),
        Some(Ok(v)) if v == version => Ok(Some(pairs)),
        Some(Ok(v)) if v > version => Err(format!(
            "This link was made by a newer archsim (format v{v}; this page reads v{version}). Showing the default scenario."
        )),
        Some(_) => Err(
            "This link's format version is not one this page reads. Showing the default scenario."
                .into(),
        ),
    }
}

/// Simulation events a page may replay before it shows anything: about a second of a
/// browser's work (BENCHMARKS.md has the engines' speed in wasm).
pub const REPLAY_BUDGET_EVENTS: f64 = 3.0e6;

/// The latest virtual time a link may ask a page to replay to, ms, for a scenario that costs
/// `events_per_second` events a virtual second.
pub fn replay_limit_ms(events_per_second: f64) -> u64 {
    (REPLAY_BUDGET_EVENTS / events_per_second.max(1.0) * 1_000.0) as u64
}

/// Moves a link's start `time_ms` back to `limit_ms` when replaying to it would keep the page
/// busy too long; the sentence saying so.
pub fn fit_replay(time_ms: &mut u64, limit_ms: u64) -> Option<String> {
    (*time_ms > limit_ms).then(|| {
        let note = format!(
            "Replaying {} of this scenario would keep the page busy too long; starting at {} instead.",
            super::text::seconds(*time_ms),
            super::text::seconds(limit_ms)
        );
        *time_ms = limit_ms;
        note
    })
}

pub use super::lesson::Preset;

/// A page's scenario export: a small JSON document around the full link (`format`, `version`,
/// `link`, then `numbers`), so the file opens in a browser and in the runner (`archsim
/// --scenario file.json`) alike.
pub fn scenario_json(format: &str, version: u32, link: &str, numbers: &[(&str, u64)]) -> String {
    let escaped: String = link
        .chars()
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            c if c.is_control() => vec![' '],
            c => vec![c],
        })
        .collect();
    let mut out = format!(
        "{{\n  \"format\": \"{format}\",\n  \"version\": {version},\n  \"link\": \"{escaped}\""
    );
    for (k, v) in numbers {
        write!(out, ",\n  \"{k}\": {v}").expect("writing to a String");
    }
    out.push_str("\n}\n");
    out
}

/// The link inside a page's scenario export (a small JSON document with a `"link"`), or the
/// text itself.
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

/// Whether a fragment carries a guided tour (`#tour=…`) rather than a scenario.
pub fn carries_tour(fragment: &str) -> bool {
    fragment.trim_start_matches('#').starts_with("tour=")
}

/// The scenario a fragment holds: none when it carries a guided tour (which opens its own).
pub fn scenario_fragment(fragment: &str) -> String {
    if carries_tour(fragment) {
        String::new()
    } else {
        fragment.to_string()
    }
}

/// The sentence for a field that was ignored.
pub fn ignored(key: &str, value: &str, why: &str) -> String {
    format!("Ignored {key}={}: {why}; using the default.", quote(value))
}

/// A whole number in `lo..=hi`.
pub fn whole<T: TryFrom<u64>>(value: &str, lo: u64, hi: u64) -> Result<T, String> {
    match value.parse::<u64>() {
        Ok(n) if (lo..=hi).contains(&n) => {
            T::try_from(n).map_err(|_| format!("expected a whole number from {lo} to {hi}"))
        }
        _ => Err(format!("expected a whole number from {lo} to {hi}")),
    }
}

/// A decimal number in `lo..=hi`.
pub fn real(value: &str, lo: f64, hi: f64) -> Result<f64, String> {
    match parse_decimal(value) {
        Some(x) if (lo..=hi).contains(&x) => Ok(x),
        _ => Err(format!("expected a number from {} to {}", Dec(lo), Dec(hi))),
    }
}

/// The speeds a lesson's links may carry.
#[derive(Copy, Clone, Debug)]
pub enum Speeds {
    /// Any from the first to the second (a slider).
    Range(f64, f64),
    /// Exactly these, slowest first (a selector's options).
    List(&'static [f64]),
}

impl Speeds {
    /// `value` as a speed these allow, or why not.
    pub fn read(&self, value: &str) -> Result<f64, String> {
        match *self {
            Speeds::Range(lo, hi) => real(value, lo, hi),
            Speeds::List(list) => parse_decimal(value)
                .filter(|x| list.contains(x))
                .ok_or_else(|| {
                    let names: Vec<String> = list.iter().map(|&x| Dec(x).to_string()).collect();
                    format!("expected one of {}", names.join(", "))
                }),
        }
    }
}

/// A name from a list (`parsed` is what the lesson's parser made of it; `names` the list, for
/// the message).
pub fn one_of<T>(parsed: Option<T>, names: &str) -> Result<T, String> {
    parsed.ok_or_else(|| format!("expected {names}"))
}

/// A latency range `lo-hi` (ms): not empty, and `hi` from `min_hi` to `max`.
pub fn span(value: &str, min_hi: u32, max: u32) -> Result<(u32, u32), String> {
    match value
        .split_once('-')
        .map(|(a, b)| (a.trim().parse::<u32>(), b.trim().parse::<u32>()))
    {
        Some((Ok(lo), Ok(hi))) if lo <= hi && (min_hi..=max).contains(&hi) => Ok((lo, hi)),
        _ => Err(format!("expected a range like 20-80 (ms, at most {max})")),
    }
}

/// `0` or `1`.
pub fn switch(value: &str) -> Result<bool, String> {
    match value {
        "0" => Ok(false),
        "1" => Ok(true),
        _ => Err("expected 0 or 1".into()),
    }
}

/// The comma-separated items of an action list, each read by `read`; at most [`MAX_ACTIONS`].
/// What is dropped is said in `problems` (the first three one by one, then a count).
pub fn read_list<T>(
    text: &str,
    mut read: impl FnMut(&str) -> Result<T, String>,
    problems: &mut Vec<String>,
) -> Vec<T> {
    let items: Vec<&str> = text.split(',').filter(|a| !a.is_empty()).collect();
    if items.len() > MAX_ACTIONS {
        problems.push(format!(
            "The link has {} actions; only the first {MAX_ACTIONS} were kept.",
            items.len()
        ));
    }
    let mut kept = Vec::new();
    let mut dropped = 0;
    for item in items.into_iter().take(MAX_ACTIONS) {
        match read(item) {
            Ok(a) => kept.push(a),
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
    kept
}

/// Writes one action as `<kind><nodes>@<ms>`: `x` crash, `r` recover, `k` cut `A-B`, `h` heal
/// it, `s` partition off `A+B+…` (runs of consecutive ids as `P3~P9`), `H` heal everything.
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

/// Reads `body` (an action as [`write_action`] writes it) of the link item `text`, at most
/// `max_ms` into the run, its nodes named by role letter and number (`S0`, `P12`).
pub fn read_action(text: &str, body: &str, max_ms: u64) -> Result<Action, String> {
    read_action_named(text, body, max_ms, &is_label)
}

/// [`read_action`] for a lesson whose nodes `is_node` tells apart by name.
pub fn read_action_named(
    text: &str,
    body: &str,
    max_ms: u64,
    is_node: &dyn Fn(&str) -> bool,
) -> Result<Action, String> {
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
        if is_node(s) {
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

/// Everything a lesson's link restores: its settings `C`, and the moment — virtual time, the
/// speed, whether it plays — and the actions taken (`A`).
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario<C, A> {
    /// The lesson's settings.
    pub cfg: C,
    /// Virtual ms per real ms.
    pub speed: f64,
    /// Virtual time to replay to, ms.
    pub time_ms: u64,
    /// Whether the run plays on open.
    pub playing: bool,
    /// Every action, in time order.
    pub log: Vec<A>,
}

/// Reads one of a lesson's own fields into its settings; `None`: no such field.
pub type FieldReader<C> = dyn Fn(&str, &str, &mut C) -> Option<Result<(), String>>;

/// After every field: fixes what two fields say together (pushing a sentence), or refuses.
pub type Checker<C> = dyn Fn(&mut C, &mut Vec<String>) -> Result<(), String>;

/// What a lesson's link format is: the fields beyond the shared ones, and their limits.
pub struct Format<'a, C, A> {
    /// A field that must be there (`l=chain`), for lessons after the first.
    pub marker: Option<(&'a str, &'a str)>,
    /// The format's version.
    pub version: u32,
    /// Latest virtual time a link may open at, ms.
    pub max_time_ms: u64,
    /// The speeds a link may carry: what the page's speed control can show.
    pub speeds: Speeds,
    /// Reads one of the lesson's own fields into the settings; `None`: no such field.
    pub field: &'a FieldReader<C>,
    /// After every field: fixes what two fields say together (saying so), or refuses.
    pub check: &'a Checker<C>,
    /// The latest time replaying these settings stays within the page's budget, ms.
    pub replay_limit_ms: &'a dyn Fn(&C) -> u64,
    /// Reads one action of the `a=` list.
    pub action: &'a dyn Fn(&str) -> Result<A, String>,
    /// When an action happens, µs (the list is kept in time order).
    pub at: fn(&A) -> crate::sim::time::Micros,
}

/// Reads a link of `format`: a full URL, a fragment with or without `#`, or empty (the
/// defaults). Always returns something to show; the problems say what was dropped and why.
pub fn decode<C: Clone, A>(
    link: &str,
    defaults: &Scenario<C, A>,
    format: &Format<C, A>,
) -> super::lesson::Decoded<Scenario<C, A>>
where
    A: Clone,
{
    let mut problems = Vec::new();
    let fallback = |problems| super::lesson::Decoded {
        scenario: defaults.clone(),
        problems,
    };
    let pairs = match open(link, format.marker, format.version) {
        Ok(Some(pairs)) => pairs,
        Ok(None) => return fallback(problems),
        Err(why) => {
            problems.push(why);
            return fallback(problems);
        }
    };
    let mut s = defaults.clone();
    let mut actions = None;
    for (k, v) in pairs {
        let known = match k {
            "v" => Some(Ok(())),
            k if format.marker.is_some_and(|(m, _)| m == k) => Some(Ok(())),
            "t" => Some(whole(v, 0, format.max_time_ms).map(|x| s.time_ms = x)),
            "speed" => Some(format.speeds.read(v).map(|x| s.speed = x)),
            "play" => Some(switch(v).map(|x| s.playing = x)),
            "a" => {
                actions = Some(v);
                Some(Ok(()))
            }
            k => (format.field)(k, v, &mut s.cfg),
        };
        match known {
            Some(Ok(())) => {}
            Some(Err(why)) => problems.push(ignored(k, v, &why)),
            None => problems.push(format!("Ignored unknown field {}.", quote(k))),
        }
    }
    if let Err(e) = (format.check)(&mut s.cfg, &mut problems) {
        problems.push(format!(
            "The scenario is not possible ({e}). Showing the default scenario."
        ));
        return fallback(problems);
    }
    problems.extend(fit_replay(&mut s.time_ms, (format.replay_limit_ms)(&s.cfg)));
    if let Some(text) = actions {
        s.log = read_list(text, format.action, &mut problems);
        crate::sim::small::sort_by_key(&mut s.log, |a| (format.at)(a));
    }
    super::lesson::Decoded {
        scenario: s,
        problems,
    }
}

/// Writes the moment and the actions every link ends with: `&t=…&speed=…&play=…&a=…`, each
/// action by `action`.
pub fn write_moment<C, A>(out: &mut String, s: &Scenario<C, A>, action: impl Fn(&mut String, &A)) {
    write!(
        out,
        "&t={}&speed={}&play={}",
        s.time_ms,
        Dec(s.speed),
        u8::from(s.playing)
    )
    .expect("writing to a String");
    for (i, a) in s.log.iter().enumerate() {
        out.push_str(if i == 0 { "&a=" } else { "," });
        action(out, a);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tour_fragment_opens_the_tour_not_a_scenario() {
        assert!(carries_tour("#tour=cascade"));
        assert!(carries_tour("tour=cascade"));
        assert!(!carries_tour("#v=1&seed=7"));
        assert!(!carries_tour("#seed=7&tour=cascade"));
        assert_eq!(scenario_fragment("#tour=cascade"), "");
        assert_eq!(scenario_fragment("#v=1&seed=7"), "#v=1&seed=7");
    }
}
