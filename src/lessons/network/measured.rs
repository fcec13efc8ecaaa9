//! Ratings: how hard an architecture makes each of the lesson's three challenges, derived from
//! the measured metrics by one threshold table. No threshold depends on the architecture: the
//! same table rates all three, each limit has a meaning a student can read, and a rating names
//! the metric that decided it, its value and the limit it crossed.
//!
//! | challenge | metric | low | medium | high |
//! |---|---|---|---|---|
//! | network | nodes passing on others' updates | one node routes for all | a few: under half the nodes | half the nodes or more |
//! | network | messages per delivery | ≤ 1.5: about one copy each | ≤ 3: an announcement, a request and the data | more |
//! | liveliness | delivery time, p99, in link delays | ≤ 8: a short fixed route | ≤ 16 | more |
//! | liveliness | deliveries late (> 16 link delays) or missing | ≤ 1 % | ≤ 50 %: some are cut off | more: most are; or nothing delivered for 16 link delays |
//! | liveliness | reachable participants | | | none: nothing can be delivered |
//! | liveliness | sources a participant hears from | one (its server) | two | more: it must reconcile several |
//! | timing | clock skew | ≤ 1 ms: as on one machine | ≤ the sync bound: what syncing two hops from a reference clock allows on these links | more: no bound holds |
//! | timing | update pairs applied in different orders | none | none | any: orders disagree |
//!
//! A challenge's rating is the highest of its metrics' levels; metrics not measured yet (no
//! update delivered in the window, say) do not vote.

use serde::{Serialize, Serializer};
use std::fmt;

use super::model::Metrics;
use crate::sim::Arch;
use crate::sim::small::Dec;

/// How hard.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Easy to get right.
    Low,
    /// Takes care.
    Medium,
    /// Hard.
    High,
}

impl Level {
    /// "low", "medium" or "high".
    pub const fn name(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Level {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// The lesson's three challenges.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Challenge {
    /// Building and keeping the links that carry data between nodes.
    Network,
    /// Knowing which nodes are alive and that their data is current.
    Liveliness,
    /// Agreeing on time and on the order of events.
    Timing,
}

impl Challenge {
    /// All three, in the lesson's order.
    pub const ALL: [Challenge; 3] = [Challenge::Network, Challenge::Liveliness, Challenge::Timing];

    /// Short key used in JSON.
    pub const fn key(self) -> &'static str {
        match self {
            Challenge::Network => "network",
            Challenge::Liveliness => "liveliness",
            Challenge::Timing => "timing",
        }
    }

    /// Its name within a sentence: "node data liveliness".
    pub const fn noun(self) -> &'static str {
        match self {
            Challenge::Network => "network architecture",
            Challenge::Liveliness => "node data liveliness",
            Challenge::Timing => "timing",
        }
    }

    /// The lesson's name for it.
    pub const fn title(self) -> &'static str {
        match self {
            Challenge::Network => "Network architecture",
            Challenge::Liveliness => "Node data liveliness",
            Challenge::Timing => "Timing",
        }
    }
}

/// One rating and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rating {
    /// The level.
    pub level: Level,
    /// The deciding metric's key.
    pub metric: &'static str,
    /// One line naming the deciding metric, its value and the threshold it crossed.
    pub reason: String,
}

/// The three ratings of one architecture.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ratings {
    /// Network architecture.
    pub network: Rating,
    /// Node data liveliness.
    pub liveliness: Rating,
    /// Timing.
    pub timing: Rating,
}

impl Ratings {
    /// The rating of `c`.
    pub fn get(&self, c: Challenge) -> &Rating {
        match c {
            Challenge::Network => &self.network,
            Challenge::Liveliness => &self.liveliness,
            Challenge::Timing => &self.timing,
        }
    }
}

/// The lesson's reference table (network architecture / node data liveliness / timing):
/// client-server low, low, medium; federated medium, low, medium; peer-to-peer high on all
/// three. Shown beside the measured ratings; never used to compute them.
pub const fn reference(arch: Arch, challenge: Challenge) -> Level {
    match (arch, challenge) {
        (Arch::ClientServer, Challenge::Timing) => Level::Medium,
        (Arch::ClientServer, _) => Level::Low,
        (Arch::Federated, Challenge::Liveliness) => Level::Low,
        (Arch::Federated, _) => Level::Medium,
        (Arch::PeerToPeer, _) => Level::High,
    }
}

/// The limits of the table above, in the metrics' own units.
pub mod limits {
    /// Messages per delivery: about one copy each.
    pub const MESSAGES_LOW: f64 = 1.5;
    /// Messages per delivery: an announcement, a request and the data.
    pub const MESSAGES_MEDIUM: f64 = 3.0;
    /// Delivery time p99, link delays: a short fixed route.
    pub const DELIVERY_LOW: f64 = 8.0;
    /// Delivery time p99, link delays (and the "late" limit of the next row).
    pub const DELIVERY_MEDIUM: f64 = super::super::model::measure::LATE_AFTER_DELAYS;
    /// Share of deliveries late or missing.
    pub const MISSED_LOW: f64 = 0.01;
    /// Share of deliveries late or missing: beyond it, most are.
    pub const MISSED_MEDIUM: f64 = 0.5;
    /// Sources per participant: its one server.
    pub const SOURCES_LOW: f64 = 1.0;
    /// Sources per participant.
    pub const SOURCES_MEDIUM: f64 = 2.0;
    /// Clock skew, ms: as on one machine.
    pub const SKEW_LOW_MS: f64 = 1.0;
}

struct Vote {
    level: Level,
    metric: &'static str,
    reason: String,
    /// Failures and cuts move this metric (so a reason raised by one names them).
    follows_state: bool,
}

/// Rates `value` against `low` and `medium`, showing numbers with `show`.
fn vote(
    metric: &'static str,
    what: &str,
    value: f64,
    (low, medium): (f64, f64),
    show: impl Fn(f64) -> String,
) -> Vote {
    let (level, why) = if value <= low {
        (Level::Low, format!("≤ {}", show(low)))
    } else if value <= medium {
        (Level::Medium, format!("> {}", show(low)))
    } else {
        (Level::High, format!("> {}", show(medium)))
    };
    Vote {
        level,
        metric,
        reason: format!("{what} {} ({why})", show(value)),
        follows_state: false,
    }
}

fn decide(votes: Vec<Vote>, state: &str) -> Rating {
    // The highest level wins; among equals, the first listed (the most direct measure).
    let best = votes
        .into_iter()
        .reduce(|a, b| if b.level > a.level { b } else { a })
        .expect("every challenge has a metric that is always measured");
    // A rating raised by a metric that failures move, while something is down or cut, says so.
    let reason = if best.level > Level::Low && best.follows_state && !state.is_empty() {
        format!("{state}: {}", best.reason)
    } else {
        best.reason
    };
    Rating {
        level: best.level,
        metric: best.metric,
        reason,
    }
}

fn pct(v: f64) -> String {
    let p = Dec(v * 100.0);
    if p.0 > 0.0 && p.0 < 1.0 {
        format!("{p:.1} %")
    } else {
        format!("{p:.0} %")
    }
}

fn ms(v: f64) -> String {
    if v >= 10_000.0 {
        format!("{:.0} s", Dec(v / 1_000.0))
    } else if v >= 10.0 || v == 0.0 {
        format!("{:.0} ms", Dec(v))
    } else {
        format!("{:.1} ms", Dec(v))
    }
}

/// "S0 down", "F1 down, 1 link cut", or "" when nothing is.
fn state(m: &Metrics) -> String {
    let mut parts = Vec::new();
    match m.state.down_nodes.len() {
        0 => {}
        1..=3 => parts.push(format!("{} down", m.state.down_nodes.join(", "))),
        n => parts.push(format!(
            "{}, … ({n} nodes) down",
            m.state.down_nodes[..2].join(", ")
        )),
    }
    match m.state.cut_links {
        0 => {}
        1 => parts.push("1 link cut".to_string()),
        n => parts.push(format!("{n} links cut")),
    }
    parts.join(", ")
}

/// No live participant reaches the working part, where that part is a server's: a split
/// mesh with no majority side still delivers within each side.
pub fn nothing_reachable(m: &Metrics) -> bool {
    m.state.live_participants > 0
        && m.state.reachable_fraction == 0.0
        && m.network.routers < m.state.participants
}

/// Node data liveliness's votes: the state (none reachable), delivery time, deliveries late
/// or missing (or nothing delivered lately), and sources.
fn liveliness_votes(m: &Metrics) -> Vec<Vote> {
    use limits::*;
    let mut liveliness = Vec::new();
    // Rated on what is stalled now: when no live participant can reach the working part, the
    // window's figures still hold the deliveries made before, so this votes first.
    if nothing_reachable(m) {
        liveliness.push(Vote {
            level: Level::High,
            metric: "reachable_fraction",
            reason: "no live participant reaches the working part of the network: nothing can be delivered".to_string(),
            follows_state: true,
        });
    }
    if let Some(v) = m.liveliness.delivery_p99_delays {
        liveliness.push(Vote {
            follows_state: true,
            ..vote(
                "delivery_p99_delays",
                "99 % of deliveries within",
                v,
                (DELIVERY_LOW, DELIVERY_MEDIUM),
                |x| format!("{:.1} link delays", Dec(x)),
            )
        });
    }
    if let Some(v) = m.liveliness.late_or_missed_fraction {
        let mut missed = vote(
            "late_or_missed_fraction",
            "deliveries late or missing:",
            v,
            (MISSED_LOW, MISSED_MEDIUM),
            pct,
        );
        missed.follows_state = true;
        if let Some(stalled) = m.liveliness.stalled_ms {
            // Nothing arrives now, whatever share of the window arrived before.
            missed.level = Level::High;
            missed.reason = format!(
                "no update has reached another participant for {} ({} of the window's deliveries late or missing)",
                ms(stalled),
                pct(v)
            );
        }
        liveliness.push(missed);
    }
    if let Some(v) = m.liveliness.sources_per_participant {
        liveliness.push(vote(
            "sources_per_participant",
            "each participant hears updates from",
            v,
            (SOURCES_LOW, SOURCES_MEDIUM),
            |x| format!("{:.1} sources", Dec(x)),
        ));
    }
    if liveliness.is_empty() {
        liveliness.push(Vote {
            level: Level::Low,
            metric: "updates_started",
            reason: "no update to deliver yet".to_string(),
            follows_state: false,
        });
    }
    liveliness
}

/// Rates the three challenges from measured metrics.
pub fn rate(m: &Metrics) -> Ratings {
    use limits::*;
    let routers = Vote {
        level: if m.network.routers <= 1 {
            Level::Low
        } else if m.network.routers * 2 < m.state.nodes {
            Level::Medium
        } else {
            Level::High
        },
        metric: "routers",
        reason: format!(
            "{} of {} nodes pass on others' updates ({})",
            m.network.routers,
            m.state.nodes,
            if m.network.routers <= 1 {
                "one routes for all"
            } else if m.network.routers * 2 < m.state.nodes {
                "under half"
            } else {
                "half or more"
            }
        ),
        follows_state: false,
    };
    let mut network = vec![routers];
    if let Some(v) = m.network.messages_per_delivery {
        network.push(vote(
            "messages_per_delivery",
            "messages per delivery",
            v,
            (MESSAGES_LOW, MESSAGES_MEDIUM),
            |x| format!("{:.1}", Dec(x)),
        ));
    }

    let liveliness = liveliness_votes(m);

    let bound = m.timing.sync_bound_ms.max(SKEW_LOW_MS);
    let skew = m.timing.max_clock_skew_ms;
    let mut timing = vec![Vote {
        level: if skew <= SKEW_LOW_MS {
            Level::Low
        } else if skew <= bound {
            Level::Medium
        } else {
            Level::High
        },
        metric: "max_clock_skew_ms",
        // A failure is blamed only when the clocks were within the bound before it.
        follows_state: skew > bound && m.timing.skew_before_fault_ms.is_none_or(|b| b <= bound),
        reason: format!(
            "clocks differ by up to {} ({})",
            ms(skew),
            if skew <= SKEW_LOW_MS {
                format!("≤ {}: as on one machine", ms(SKEW_LOW_MS))
            } else if skew <= bound {
                format!(
                    "≤ {}: the sync bound on these links, two hops from a reference clock",
                    ms(bound)
                )
            } else {
                format!(
                    "> {}: past the sync bound on these links, two hops from a reference clock",
                    ms(bound)
                )
            }
        ),
    }];
    if m.timing.ordered_pairs > 0 {
        timing.push(Vote {
            level: if m.timing.disordered_pairs > 0 {
                Level::High
            } else {
                Level::Low
            },
            metric: "order_disagreement_fraction",
            follows_state: true,
            reason: if m.timing.disordered_pairs > 0 {
                format!(
                    "participants applied {} of {} update pairs in different orders ({})",
                    m.timing.disordered_pairs,
                    m.timing.ordered_pairs,
                    pct(m.timing.order_disagreement_fraction)
                )
            } else {
                format!(
                    "all {} update pairs applied in the same order",
                    m.timing.ordered_pairs
                )
            },
        });
    }

    let state = state(m);
    Ratings {
        network: decide(network, &state),
        liveliness: decide(liveliness, &state),
        timing: decide(timing, &state),
    }
}

/// Each rating of `ratings` that departs from the lesson's table, in a sentence with the reason
/// the run gives.
pub fn departures(ratings: &[(Arch, &Ratings)]) -> Vec<String> {
    let mut out = Vec::new();
    for &(arch, r) in ratings {
        for ch in Challenge::ALL {
            let rating = r.get(ch);
            let lesson = reference(arch, ch);
            if rating.level != lesson {
                out.push(format!(
                    "{} · {}: the lesson says {}, this run measures {} — {}.",
                    arch.title(),
                    ch.title().to_ascii_lowercase(),
                    lesson.name(),
                    rating.level.name(),
                    rating.reason
                ));
            }
        }
    }
    out
}

/// What the live region says when ratings change: a change is announced once it has held for
/// two seconds (so a metric hovering at a threshold does not chatter), all changes in one
/// sentence.
#[derive(Clone, Debug, Default)]
pub struct RatingNews {
    /// The ratings last announced (or shown on opening): per architecture, per challenge.
    announced: Option<Vec<Level>>,
    /// Since when (real ms) the shown ratings have differed from those.
    differs_since: Option<f64>,
}

/// How long a change must hold before it is announced, real ms.
pub const NEWS_AFTER_MS: f64 = 2_000.0;

impl RatingNews {
    /// The sentence for `now` (real ms), if a change has held long enough, given each
    /// architecture's ratings (in [`Arch::ALL`] order).
    pub fn news(&mut self, now: f64, ratings: &[&Ratings; 3]) -> Option<String> {
        let levels: Vec<Level> = ratings
            .iter()
            .flat_map(|r| Challenge::ALL.map(|c| r.get(c).level))
            .collect();
        let Some(before) = self.announced.clone() else {
            self.announced = Some(levels);
            return None;
        };
        if before == levels {
            self.differs_since = None;
            return None;
        }
        let since = *self.differs_since.get_or_insert(now);
        if now - since < NEWS_AFTER_MS {
            return None;
        }
        let mut changes = Vec::new();
        for (k, (arch, r)) in Arch::ALL.iter().zip(ratings).enumerate() {
            for (j, c) in Challenge::ALL.iter().enumerate() {
                if before[3 * k + j] != levels[3 * k + j] {
                    let rating = r.get(*c);
                    changes.push(format!(
                        "{} {} now {} ({})",
                        arch.title(),
                        c.title().to_ascii_lowercase(),
                        rating.level,
                        rating.reason
                    ));
                }
            }
        }
        self.announced = Some(levels);
        self.differs_since = None;
        Some(format!("Ratings changed: {}.", changes.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::network::model::{Engine, SimConfig};

    #[test]
    fn a_rating_change_is_announced_once_it_has_held_for_two_seconds() {
        let rate_all =
            |w: &[Engine; 3]| -> [Ratings; 3] { [0, 1, 2].map(|i| rate(&w[i].metrics())) };
        let cfg = SimConfig::default();
        let mut engines = Arch::ALL.map(|a| Engine::new(a, &cfg).unwrap());
        for e in &mut engines {
            e.advance_to(10_000_000);
        }
        let mut news = RatingNews::default();
        let r = rate_all(&engines);
        assert_eq!(news.news(0.0, &[&r[0], &r[1], &r[2]]), None, "the baseline");
        assert_eq!(
            news.news(500.0, &[&r[0], &r[1], &r[2]]),
            None,
            "nothing changed"
        );
        engines[0].apply(&crate::sim::Fault::Crash(crate::sim::NodeId(0)));
        for e in &mut engines {
            e.advance_to(30_000_000);
        }
        let r = rate_all(&engines);
        let now = [&r[0], &r[1], &r[2]];
        assert_eq!(news.news(1_000.0, &now), None, "not yet two seconds");
        let said = news.news(3_100.0, &now).expect("held for two seconds");
        assert!(
            said.starts_with("Ratings changed: Client-server "),
            "{said}"
        );
        assert_eq!(news.news(9_000.0, &now), None, "said once");
    }

    #[test]
    fn a_stall_rates_liveliness_high_whatever_the_window_delivered_before() {
        let mut e = Engine::new(Arch::ClientServer, &SimConfig::default()).unwrap();
        e.advance_to(10_000_000);
        let mut m = e.metrics();
        assert_eq!(rate(&m).liveliness.level, Level::Low);
        // The same window, but nothing delivered for 5 s: what is stalled now decides.
        m.liveliness.stalled_ms = Some(5_000.0);
        let r = rate(&m);
        assert_eq!(r.liveliness.level, Level::High, "{}", r.liveliness.reason);
        assert!(
            r.liveliness
                .reason
                .contains("no update has reached another participant for 5000 ms"),
            "{}",
            r.liveliness.reason
        );
        // Nobody reachable: high at once, before any stall is measured.
        m.liveliness.stalled_ms = None;
        m.state.reachable_fraction = 0.0;
        assert_eq!(rate(&m).liveliness.level, Level::High);
        // A split mesh with no majority side still delivers within each side: no such vote.
        let mut e = Engine::new(Arch::PeerToPeer, &SimConfig::default()).unwrap();
        e.advance_to(10_000_000);
        let mut m = e.metrics();
        m.state.reachable_fraction = 0.0;
        assert!(!nothing_reachable(&m));
        assert!(
            !rate(&m)
                .liveliness
                .reason
                .contains("no live participant reaches")
        );
    }

    #[test]
    fn a_rating_that_departs_from_the_lesson_is_named_with_its_reason() {
        // Four participants: a federation's servers are as many as its clients, so its
        // network rates high where the lesson says medium.
        let cfg = SimConfig {
            participants: 4,
            degree: 2,
            federated_servers: 4,
            ..SimConfig::default()
        };
        let measured: Vec<(Arch, Ratings)> = Arch::ALL
            .map(|a| {
                let mut e = Engine::new(a, &cfg).unwrap();
                e.advance_to(10_000_000);
                (a, rate(&e.metrics()))
            })
            .to_vec();
        let ratings: Vec<(Arch, &Ratings)> = measured.iter().map(|(a, r)| (*a, r)).collect();
        let said = departures(&ratings);
        let federated = said
            .iter()
            .find(|s| s.starts_with("Federated servers · network architecture: the lesson says medium, this run measures high — "))
            .unwrap_or_else(|| panic!("{said:?}"));
        assert!(federated.ends_with('.'), "{federated}");
        // The default scenario departs nowhere.
        let measured: Vec<(Arch, Ratings)> = Arch::ALL
            .map(|a| {
                let mut e = Engine::new(a, &SimConfig::default()).unwrap();
                e.advance_to(10_000_000);
                (a, rate(&e.metrics()))
            })
            .to_vec();
        let ratings: Vec<(Arch, &Ratings)> = measured.iter().map(|(a, r)| (*a, r)).collect();
        assert_eq!(departures(&ratings), Vec::<String>::new());
    }
}
