//! What the timing page draws, worked out natively (and tested): the clock tree — each node
//! where it sits in the strata, its error, its server — and the space-time diagram of the last
//! moments — one line per process, each event where and when it happened, each message as an
//! arrow, and, for a chosen event, which others happened before it, after it, or neither.

use super::model::engine::Recent;
use super::model::{Kind, TimingEngine};
use super::words::ENGLISH;
use crate::shell::messages::{int, num, text};
use crate::sim::time::{MS, Micros};

/// One node of the clock tree.
#[derive(Clone, Debug, PartialEq)]
pub struct ClockNode {
    /// Where, px.
    pub x: f64,
    /// See `x`.
    pub y: f64,
    /// Its name.
    pub name: String,
    /// Its clock minus true time, ms.
    pub error_ms: f64,
    /// Down.
    pub down: bool,
    /// No server answering.
    pub free: bool,
    /// The node it takes its time from (none: the reference, for stratum 1).
    pub server: Option<u32>,
    /// Its stratum.
    pub stratum: u32,
}

/// A sync message on its way, where it is now.
#[derive(Clone, Debug, PartialEq)]
pub struct Moving {
    /// Where, px.
    pub x: f64,
    /// See `x`.
    pub y: f64,
    /// The node that asked.
    pub node: u32,
    /// The answer (else the request).
    pub back: bool,
    /// What it carries: "t₁ = 16.633 s", or "t₂ = t₃ = 17.477 s".
    pub label: String,
}

/// The clock tree.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClockScene {
    /// Every node, by number.
    pub nodes: Vec<ClockNode>,
    /// The sync messages on their way, each along the line from its node to its server.
    pub moving: Vec<Moving>,
    /// The reference clock, px.
    pub reference: (f64, f64),
    /// Node radius, px.
    pub r: f64,
    /// Width and height, px.
    pub size: (f64, f64),
    /// The strata drawn (the last row: everyone else).
    pub rows: u32,
    /// Room between neighbours on the fullest row, and between rows, px (small: labels are
    /// written short).
    pub gap: (f64, f64),
}

impl ClockScene {
    /// The tree of `e` on a `w` × `h` canvas: the reference at the top, each stratum's two
    /// servers on a row, everyone else on the rows below.
    pub fn of(e: &TimingEngine, w: f64, h: f64) -> ClockScene {
        let l = e.layout();
        let others = l.nodes - l.servers();
        // Everyone else on rows of at most `per` nodes.
        let r = (w / 40.0).clamp(9.0, 16.0);
        let per = ((w - 20.0) / (3.2 * r)).floor().max(1.0) as u32;
        let lower = others.div_ceil(per).max(1);
        let rows = 1 + l.strata + lower;
        let dy = (h - 2.0 * r - 24.0) / f64::from(rows - 1).max(1.0);
        let y = |row: u32| r + 8.0 + f64::from(row) * dy;
        let mut nodes = Vec::with_capacity(l.nodes as usize);
        for n in 0..l.nodes {
            let (x, row) = match l.kind(n) {
                Kind::Server(k, j) => (w * if j == 0 { 0.35 } else { 0.65 }, k),
                _ => {
                    let i = n - l.servers();
                    let row = i / per;
                    let in_row = (others - row * per).min(per);
                    let col = i % per;
                    (
                        w * (f64::from(col) + 0.5) / f64::from(in_row),
                        1 + l.strata + row,
                    )
                }
            };
            nodes.push(ClockNode {
                x,
                y: y(row),
                name: l.name(n),
                error_ms: e.error(n) as f64 / MS as f64,
                down: e.is_down(n),
                free: e.free_running(n),
                server: e.server_of(n),
                stratum: l.stratum(n),
            });
        }
        let seconds = |t: i64| {
            text(crate::t!(
                "time-s",
                v = num((t as f64 / 1e3).round() / 1e3, 3)
            ))
        };
        let moving = e
            .flights()
            .filter_map(|(n, f)| {
                let (a, b) = (nodes.get(n as usize)?, nodes.get(f.server as usize)?);
                let done = (e.now() - f.sent) as f64 / (f.arrives - f.sent).max(1) as f64;
                let (from, to) = if f.back { (b, a) } else { (a, b) };
                Some(Moving {
                    x: from.x + (to.x - from.x) * done,
                    y: from.y + (to.y - from.y) * done,
                    node: n,
                    back: f.back,
                    label: match f.t2 {
                        Some(t2) => crate::t!(ENGLISH; "flight-answer", t = seconds(t2)),
                        None => crate::t!(ENGLISH; "flight-request", t = seconds(f.t1)),
                    },
                })
            })
            .collect();
        ClockScene {
            nodes,
            moving,
            reference: (w * 0.5, y(0)),
            r,
            size: (w, h),
            rows,
            gap: (w / f64::from(per.min(others.max(1))), dy),
        }
    }

    /// The node within reach of (`x`, `y`), nearest first.
    pub fn hit(&self, x: f64, y: f64) -> Option<u32> {
        let reach = (self.r + 6.0).powi(2);
        self.nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (i, (n.x - x).powi(2) + (n.y - y).powi(2)))
            .filter(|&(_, d)| d <= reach)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i as u32)
    }
}

/// How an event stands to the chosen one.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Relation {
    /// No event chosen.
    None,
    /// The chosen event.
    Chosen,
    /// It happened before the chosen one.
    Before,
    /// It happened after.
    After,
    /// Neither.
    Concurrent,
}

/// One event of the diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Dot {
    /// Its number.
    pub seq: u64,
    /// Where, px.
    pub x: f64,
    /// See `x`.
    pub y: f64,
    /// Lamport time.
    pub lamport: u64,
    /// Its process.
    pub proc: u32,
    /// A payment's (not a notice's, a heartbeat's or a beacon's).
    pub payment: bool,
    /// How it stands to the chosen event.
    pub relation: Relation,
    /// The event the chosen one is compared with.
    pub pinned: bool,
    /// Its vector clock written out ("[2,0,1]"), for the events that carry it on the drawing:
    /// the chosen and the compared one (on every event, events close in time would write
    /// over each other's).
    pub vector: Option<String>,
}

/// One message of the diagram: from a send's dot to a receive's.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    /// From, px.
    pub from: (f64, f64),
    /// To, px.
    pub to: (f64, f64),
    /// A payment.
    pub payment: bool,
}

/// The space-time diagram.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagram {
    /// Each process's name and its line's height, px.
    pub lines: Vec<(String, f64)>,
    /// Where the lines start (after the names) and end, px.
    pub x0: f64,
    /// See `x0`.
    pub x1: f64,
    /// The events in view.
    pub dots: Vec<Dot>,
    /// The messages in view.
    pub arrows: Vec<Arrow>,
    /// The time span shown, ms, ending now.
    pub window_ms: u64,
    /// The chosen event's sentence.
    pub chosen: Option<String>,
    /// Width and height, px.
    pub size: (f64, f64),
}

/// Why the events before `c` are before it, in words: the chain of messages and program order
/// that links them, followed back up to four steps ("Bob at L 11 received R1's message sent
/// at L 10; R1 at L 10 came after its own event at L 9; …").
fn why(e: &TimingEngine, c: &Recent) -> String {
    let l = e.layout();
    let name = |p: u32| l.name(l.node_of(p));
    let find = |seq: u64| e.recent_event(seq);
    let mut parts = Vec::new();
    let mut cur = c;
    for _ in 0..4 {
        if let Some(s) = cur.from.and_then(find) {
            parts.push(crate::t!(ENGLISH; "why-received",
                node = text(name(cur.proc)),
                l = int(cur.lamport as f64),
                from = text(name(s.proc)),
                sent = int(s.lamport as f64)
            ));
            cur = s;
            continue;
        }
        // A send: what came before it on its own process.
        let prev = e
            .recent()
            .rev()
            .skip_while(|r| r.seq >= cur.seq)
            .find(|r| r.proc == cur.proc);
        match prev {
            Some(p) if p.from.is_some() => {
                parts.push(crate::t!(ENGLISH; "why-after",
                    node = text(name(cur.proc)),
                    l = int(cur.lamport as f64),
                    before = int(p.lamport as f64)
                ));
                cur = p;
            }
            _ => break,
        }
    }
    if parts.is_empty() {
        return String::new();
    }
    format!(
        " {}",
        crate::t!(ENGLISH; "why", steps = text(parts.join("; ")))
    )
}

/// How event `a` stands to event `b`, in words, from their vector clocks, with the chain of
/// messages that links them when one happened before the other ("a → b: Bob's message sent
/// at L 12 reached R1 at L 13; …"), or what makes them concurrent.
fn relate(e: &TimingEngine, a: &Recent, b: &Recent, a_shown: bool) -> String {
    let l = e.layout();
    let name = |p: u32| l.name(l.node_of(p));
    let vector = |r: &Recent| {
        let v: Vec<String> = r.vector.iter().map(u32::to_string).collect();
        format!("[{}]", v.join(", "))
    };
    let head = crate::t!(ENGLISH; "compare-head",
        a = text(name(a.proc)),
        la = int(a.lamport as f64),
        shown = text(if a_shown { "yes" } else { "no" }),
        b = text(name(b.proc)),
        lb = int(b.lamport as f64)
    );
    let (first, last, (x, y)) = if less(&a.vector, &b.vector) {
        (a, b, ("a", "b"))
    } else if less(&b.vector, &a.vector) {
        (b, a, ("b", "a"))
    } else {
        // Concurrent: each vector counts more of some process's events than the other's.
        let more = |x: &Recent, y: &Recent| {
            let p = (0..x.vector.len()).find(|&p| x.vector[p] > y.vector[p])?;
            Some(crate::t!(ENGLISH; "counts-more",
                v = text(vector(x)),
                node = text(name(p as u32)),
                x = int(x.vector[p]),
                y = int(y.vector[p])
            ))
        };
        let lamport = match a.lamport.cmp(&b.lamport) {
            std::cmp::Ordering::Equal => String::new(),
            order => format!(
                " {}",
                crate::t!(ENGLISH; "lamport-still",
                    la = int(a.lamport as f64),
                    cmp = text(if order == std::cmp::Ordering::Less { "<" } else { ">" }),
                    lb = int(b.lamport as f64)
                )
            ),
        };
        return crate::t!(ENGLISH; "concurrent",
            head = text(head),
            a = text(more(a, b).unwrap_or_default()),
            b = text(more(b, a).unwrap_or_default()),
            lamport = text(lamport)
        );
    };
    let chain = path(e, first, last).map_or_else(
        || {
            crate::t!(ENGLISH; "below",
                x = text(x),
                vx = text(vector(first)),
                y = text(y),
                vy = text(vector(last))
            )
        },
        |hops| {
            if hops.is_empty() {
                return crate::t!(ENGLISH; "same-node",
                    node = text(name(first.proc)),
                    x = text(x),
                    lx = int(first.lamport as f64),
                    y = text(y),
                    ly = int(last.lamport as f64)
                );
            }
            let mut parts = Vec::new();
            if hops[0].0.seq != first.seq {
                parts.push(crate::t!(ENGLISH; "came-first",
                    x = text(x),
                    node = text(name(first.proc)),
                    l = int(first.lamport as f64)
                ));
            }
            for (s, r) in &hops {
                parts.push(crate::t!(ENGLISH; "hop",
                    from = text(name(s.proc)),
                    sent = int(s.lamport as f64),
                    to = text(name(r.proc)),
                    at = int(r.lamport as f64)
                ));
            }
            if hops[hops.len() - 1].1.seq != last.seq {
                parts.push(crate::t!(ENGLISH; "came-after",
                    y = text(y),
                    node = text(name(last.proc)),
                    l = int(last.lamport as f64)
                ));
            }
            crate::t!(ENGLISH; "hops", steps = text(parts.join("; ")))
        },
    );
    crate::t!(ENGLISH; "happened-before", head = text(head), x = text(x), y = text(y), chain = text(chain))
}

/// The messages (send, receive) on a chain from `a` to `b` of events kept, found by walking
/// back from `b` and staying where `a` is still in the past (its vector at most this one's);
/// none when a step's event was not kept.
fn path<'a>(
    e: &'a TimingEngine,
    a: &Recent,
    b: &'a Recent,
) -> Option<Vec<(&'a Recent, &'a Recent)>> {
    let kept: Vec<&Recent> = e
        .recent()
        .filter(|r| r.seq >= a.seq && r.seq <= b.seq)
        .collect();
    let at = |seq: u64| kept.binary_search_by_key(&seq, |r| r.seq).ok();
    let reaches = |x: &Recent| x.vector.iter().zip(a.vector.iter()).all(|(x, a)| x >= a);
    let mut hops = Vec::new();
    let mut i = at(b.seq)?;
    while kept[i].seq != a.seq {
        let x = kept[i];
        let before = kept[..i].iter().rposition(|r| r.proc == x.proc);
        match before {
            Some(j) if reaches(kept[j]) => i = j,
            _ => {
                let j = at(x.from?)?;
                if !reaches(kept[j]) {
                    return None;
                }
                hops.push((kept[j], x));
                i = j;
            }
        }
    }
    hops.reverse();
    Some(hops)
}

/// The shortest time span the diagram shows, ms.
pub const WINDOW_MS: u64 = 1_500;

/// The time span the diagram shows for messages of up to `max_latency_ms`: long enough for a
/// payment, its notice and the payment it causes (six delays), and at least [`WINDOW_MS`].
pub fn window_ms(max_latency_ms: u32) -> u64 {
    WINDOW_MS.max(6 * u64::from(max_latency_ms))
}

fn less(a: &[u32], b: &[u32]) -> bool {
    a.iter().zip(b).all(|(x, y)| x <= y) && a != b
}

impl Diagram {
    /// The last [`window_ms`] of `e`'s messages on a `w` × `h` canvas, `chosen` lit, and
    /// compared with `pinned` when that is another event still kept.
    pub fn of(
        e: &TimingEngine,
        w: f64,
        h: f64,
        chosen: Option<u64>,
        pinned: Option<u64>,
    ) -> Diagram {
        let l = e.layout();
        let procs = l.processes();
        let x0 = 74.0_f64.min(w * 0.3);
        let x1 = w - 10.0;
        let dy = (h - 20.0) / f64::from(procs.max(1));
        let lines: Vec<(String, f64)> = (0..procs)
            .map(|p| (l.name(l.node_of(p)), 10.0 + dy * (f64::from(p) + 0.5)))
            .collect();
        let now: Micros = e.now();
        let window = window_ms(e.config().latency_max_ms);
        let from = now.saturating_sub(window * MS);
        let x = |t: Micros| x0 + (x1 - x0) * (t.saturating_sub(from)) as f64 / (window * MS) as f64;
        let pick = chosen.and_then(|c| e.recent_event(c));
        let pin = pinned.and_then(|c| e.recent_event(c));
        let mut dots = Vec::new();
        let mut arrows = Vec::new();
        for r in e.recent().filter(|r| r.at >= from) {
            let at = (x(r.at), lines[r.proc as usize].1);
            let relation = match pick {
                None => Relation::None,
                Some(c) if c.seq == r.seq => Relation::Chosen,
                Some(c) if less(&r.vector, &c.vector) => Relation::Before,
                Some(c) if less(&c.vector, &r.vector) => Relation::After,
                Some(_) => Relation::Concurrent,
            };
            dots.push(Dot {
                seq: r.seq,
                x: at.0,
                y: at.1,
                lamport: r.lamport,
                proc: r.proc,
                payment: r.payment,
                relation,
                pinned: pin.is_some_and(|p| p.seq == r.seq),
                vector: None,
            });
            if let Some(s) = r.from.and_then(|f| e.recent_event(f)) {
                let start = if s.at >= from {
                    (x(s.at), lines[s.proc as usize].1)
                } else {
                    // Sent before the window: the arrow comes in from its left edge.
                    (x0, lines[s.proc as usize].1)
                };
                arrows.push(Arrow {
                    from: start,
                    to: at,
                    payment: r.payment,
                });
            }
        }
        for d in dots
            .iter_mut()
            .filter(|d| d.pinned || d.relation == Relation::Chosen)
        {
            d.vector = e.recent_event(d.seq).map(|r| {
                let v: Vec<String> = r.vector.iter().map(u32::to_string).collect();
                format!("[{}]", v.join(","))
            });
        }
        let compared = match (pin, pick) {
            (Some(a), Some(b)) if a.seq != b.seq => Some(relate(e, a, b, a.at >= from)),
            (Some(a), _) => Some(crate::t!(ENGLISH; "comparing-from",
                node = text(l.name(l.node_of(a.proc))),
                l = int(a.lamport as f64)
            )),
            _ => None,
        };
        let chosen = compared.or_else(|| {
            pick.map(|c| {
                let name = |p: u32| l.name(l.node_of(p));
                let shown = || e.recent().filter(|r| r.at >= from);
                let before = shown().filter(|r| less(&r.vector, &c.vector)).count();
                let after = shown().filter(|r| less(&c.vector, &r.vector)).count();
                let all = shown().count();
                let concurrent = all.saturating_sub(before + after + 1);
                let vector: Vec<String> = c.vector.iter().map(u32::to_string).collect();
                let cause = why(e, c);
                crate::t!(ENGLISH; "chosen-event",
                    node = text(name(c.proc)),
                    l = int(c.lamport as f64),
                    v = text(vector.join(", ")),
                    all = int(all as f64),
                    before = int(before as f64),
                    after = int(after as f64),
                    concurrent = int(concurrent as f64),
                    cause = text(cause)
                )
            })
        });
        Diagram {
            lines,
            x0,
            x1,
            dots,
            arrows,
            window_ms: window,
            chosen,
            size: (w, h),
        }
    }

    /// The event nearest (`x`, `y`), within a few px.
    pub fn hit(&self, x: f64, y: f64) -> Option<u64> {
        self.dots
            .iter()
            .map(|d| (d.seq, (d.x - x).powi(2) + (d.y - y).powi(2)))
            .filter(|&(_, dist)| dist <= 144.0)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(s, _)| s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::timing::model::TimingConfig;
    use crate::sim::time::SECOND;

    fn engine() -> TimingEngine {
        let mut e = TimingEngine::new(&TimingConfig::default(), 600).unwrap();
        e.record_recent(60 * SECOND);
        e.advance_to(30 * SECOND + 200 * MS);
        e
    }

    #[test]
    fn the_tree_puts_each_stratum_on_its_own_row_and_finds_nodes() {
        let e = engine();
        let s = ClockScene::of(&e, 600.0, 400.0);
        assert_eq!(s.nodes.len(), 12);
        let (s1, s2, client) = (&s.nodes[0], &s.nodes[2], &s.nodes[6]);
        assert!(s.reference.1 < s1.y && s1.y < s2.y && s2.y < client.y);
        assert_eq!(s1.server, None);
        assert!(matches!(s2.server, Some(0 | 1)));
        assert!(matches!(client.server, Some(2 | 3)));
        assert_eq!(s.hit(client.x, client.y), Some(6));
        assert_eq!(s.hit(-100.0, -100.0), None);
        for n in &s.nodes {
            assert!(
                n.x > 0.0 && n.x < 600.0 && n.y > 0.0 && n.y < 400.0,
                "{n:?}"
            );
        }
    }

    /// Each exchange is drawn message by message: the request moves from the node toward its
    /// server for the delay up, the answer back for the delay down, each where its share of
    /// the delay puts it, carrying its stamps.
    #[test]
    fn an_exchange_moves_along_its_line_for_its_delays() {
        let mut e = TimingEngine::new(
            &TimingConfig {
                asymmetry: Some((10, 50)),
                ..TimingConfig::default()
            },
            600,
        )
        .unwrap();
        let (mut up, mut down) = (0, 0);
        for ms in 1..20_000 {
            e.advance_to(ms * MS);
            for (_, f) in e.flights() {
                assert_eq!(f.arrives - f.sent, if f.back { 50 } else { 10 } * MS);
                assert_eq!(f.t2.is_some(), f.back);
            }
            let s = ClockScene::of(&e, 600.0, 400.0);
            assert_eq!(s.moving.len(), e.flights().count());
            for (m, (n, f)) in s.moving.iter().zip(e.flights()) {
                let (a, b) = (&s.nodes[n as usize], &s.nodes[f.server as usize]);
                let (from, to) = if f.back { (b, a) } else { (a, b) };
                let done = (e.now() - f.sent) as f64 / (f.arrives - f.sent) as f64;
                assert!((0.0..1.0).contains(&done));
                assert!((m.x - (from.x + (to.x - from.x) * done)).abs() < 1e-9);
                assert!((m.y - (from.y + (to.y - from.y) * done)).abs() < 1e-9);
                assert!(
                    m.label
                        .starts_with(if f.back { "t₂ = t₃ = " } else { "t₁ = " })
                );
                if f.back {
                    down += 1;
                } else {
                    up += 1;
                }
            }
        }
        // Every exchange is seen on its way both ways, the answer five times as long.
        assert!(up > 100 && down > 4 * up && down < 6 * up, "{up} {down}");
    }

    #[test]
    fn the_window_holds_a_cause_and_its_effect_at_any_latency() {
        assert_eq!(window_ms(120), WINDOW_MS);
        assert_eq!(window_ms(900), 5_400);
        let mut e = TimingEngine::new(
            &TimingConfig {
                latency_min_ms: 600,
                latency_max_ms: 900,
                ..TimingConfig::default()
            },
            600,
        )
        .unwrap();
        e.record_recent(60 * SECOND);
        e.advance_to(31 * SECOND);
        let d = Diagram::of(&e, 800.0, 300.0, None, None);
        assert_eq!(d.window_ms, 5_400);
        assert!(
            !d.arrows.is_empty(),
            "a message of the last round is in view"
        );
    }

    /// Every pair of kept events: the sentence names the relation the vectors give, and for
    /// a → b follows messages that really link them, hop by hop, in order.
    #[test]
    fn a_pair_is_explained_by_the_messages_that_link_it() {
        let e = engine();
        let kept: Vec<&Recent> = e.recent().collect();
        let l = e.layout();
        let (mut chains, mut concurrent, mut same) = (0, 0, 0);
        for (i, a) in kept.iter().enumerate().step_by(7) {
            for b in kept[i + 1..].iter().step_by(5) {
                let said = relate(&e, a, b, true);
                assert!(said.starts_with("Comparing a, "), "{said}");
                if less(&a.vector, &b.vector) {
                    assert!(said.contains("a → b, a happened before b: "), "{said}");
                    let back = relate(&e, b, a, true);
                    assert!(back.contains("b → a, b happened before a: "), "{back}");
                    let hops = path(&e, a, b).expect("every event after a is kept");
                    // Each hop is a real message, the first leaves a's process at or after a,
                    // each next one leaves where the last arrived, the last reaches b's.
                    let mut at = (a.proc, a.seq);
                    for (s, r) in &hops {
                        assert_eq!(r.from, Some(s.seq));
                        assert!(s.proc == at.0 && s.seq >= at.1, "{said}");
                        at = (r.proc, r.seq);
                        let hop = format!(
                            "{}'s message sent at L {} reached {} at L {}",
                            l.name(l.node_of(s.proc)),
                            s.lamport,
                            l.name(l.node_of(r.proc)),
                            r.lamport
                        );
                        assert!(said.contains(&hop), "{said} lacks {hop}");
                    }
                    assert!(at.0 == b.proc && at.1 <= b.seq, "{said}");
                    if hops.is_empty() {
                        same += 1;
                        assert!(said.contains("one after the other"), "{said}");
                    } else {
                        chains += 1;
                    }
                } else if less(&b.vector, &a.vector) {
                    panic!("b was kept after a: {said}");
                } else {
                    concurrent += 1;
                    assert!(said.contains("a ∥ b, concurrent"), "{said}");
                    assert!(said.matches("counts more of").count() == 2, "{said}");
                }
            }
        }
        assert!(
            chains > 10 && concurrent > 10 && same > 0,
            "{chains} {concurrent} {same}"
        );
        // The page: the pinned event ringed, the chosen one compared with it.
        let view = Diagram::of(&e, 800.0, 300.0, None, None);
        let (a, b) = (&view.dots[0], &view.dots[view.dots.len() - 1]);
        let d = Diagram::of(&e, 800.0, 300.0, Some(b.seq), Some(a.seq));
        assert!(d.chosen.as_deref().unwrap().starts_with("Comparing a, "));
        assert_eq!(d.dots.iter().filter(|x| x.pinned).count(), 1);
        // Pinned, kept, but scrolled out of the window: no ring to point at, and it says so.
        let old = kept[0];
        assert!(old.at + WINDOW_MS * MS < e.now());
        let d = Diagram::of(&e, 800.0, 300.0, Some(b.seq), Some(old.seq));
        assert!(d.chosen.as_deref().unwrap().contains("(now out of view)"));
        assert!(d.dots.iter().all(|x| !x.pinned));
        let d = Diagram::of(&e, 800.0, 300.0, Some(a.seq), Some(a.seq));
        assert!(
            d.chosen
                .as_deref()
                .unwrap()
                .contains("now choose another event")
        );
    }

    #[test]
    fn a_chosen_event_splits_the_others_by_happened_before() {
        let e = engine();
        let d = Diagram::of(&e, 800.0, 300.0, None, None);
        assert_eq!(d.lines.len(), 6);
        assert!(!d.dots.is_empty() && !d.arrows.is_empty());
        assert!(d.dots.iter().all(|x| x.relation == Relation::None));
        // Choose a receive: its send is before it.
        let recv = e
            .recent()
            .rev()
            .find(|r| r.at + WINDOW_MS * MS >= e.now() && r.from.is_some())
            .unwrap();
        let d = Diagram::of(&e, 800.0, 300.0, Some(recv.seq), None);
        let send = d.dots.iter().find(|x| Some(x.seq) == recv.from);
        if let Some(s) = send {
            assert_eq!(s.relation, Relation::Before);
        }
        let me = d.dots.iter().find(|x| x.seq == recv.seq).unwrap();
        assert_eq!(me.relation, Relation::Chosen);
        // Its vector clock is written beside it, and only its own.
        let v: Vec<String> = recv.vector.iter().map(u32::to_string).collect();
        assert_eq!(me.vector, Some(format!("[{}]", v.join(","))));
        assert_eq!(d.dots.iter().filter(|x| x.vector.is_some()).count(), 1);
        assert_eq!(d.hit(me.x, me.y), Some(recv.seq));
        let said = d.chosen.as_ref().unwrap();
        assert!(said.contains("happened before it"));
        // The chain back starts at the message it received, naming its sender.
        let s = e
            .recent()
            .find(|r| Some(r.seq) == recv.from)
            .expect("the send is among the events kept");
        let l = e.layout();
        let who = l.name(l.node_of(s.proc));
        let want = format!("received {who}'s message sent at L {}", s.lamport);
        assert!(said.contains(&want), "{said}");
        // Lamport order agrees with every "before" (the clock condition).
        for x in d.dots.iter().filter(|x| x.relation == Relation::Before) {
            assert!(x.lamport < me.lamport);
        }
    }
}
