//! The timing lesson's world: the same clocks and payments under each of the five ordering
//! rules side by side (one engine per rule; clock synchronisation carries no payments, so the
//! clocks are the same in all five), the actions taken, the series and the event log.

use serde::Serialize;

use super::link::Scenario;
use super::model::{Order, TimingConfig, TimingEngine};
pub use crate::shell::journal::LogEntry;
use crate::shell::journal::{Journal, Journaled};
use crate::shell::messages::{int, num, text};
use crate::sim::fault::{Action, Fault, FaultSpec};
use crate::sim::small::Dec;
use crate::sim::time::{MS, Micros, SECOND};
use crate::sim::{ConfigError, NodeId};

/// Virtual time between two points of the series.
pub const SERIES_EVERY: Micros = SECOND;

/// One point of the series.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sample {
    /// Virtual time, ms.
    pub t_ms: u64,
    /// Spread of the running clocks, ms.
    pub skew_ms: f64,
    /// Per rule (in [`Order::ALL`]'s order): applications rejected so far.
    pub rejected: [u64; 5],
    /// Per rule: payments received and not yet applied.
    pub pending: [u64; 5],
}

/// The timing lesson's state.
#[derive(Clone)]
pub struct World {
    engines: Vec<TimingEngine>,
    journal: Journal<Action, Sample>,
}

impl World {
    /// The world of `cfg` at time zero, one engine per rule (its scheduled faults are the
    /// engines').
    pub fn new(cfg: &TimingConfig) -> Result<World, ConfigError> {
        let until = super::model::config::MAX_UNTIL_S;
        let engines = Order::ALL
            .iter()
            .map(|&order| {
                let mut e = TimingEngine::new(
                    &TimingConfig {
                        order,
                        ..cfg.clone()
                    },
                    until,
                )?;
                e.record_recent(recent_span(cfg));
                Ok(e)
            })
            .collect::<Result<_, ConfigError>>()?;
        Ok(World {
            engines,
            journal: Journal::new(SERIES_EVERY),
        })
    }

    /// The world of a link at time zero, its actions waiting; actions naming nodes the run
    /// lacks are dropped, one sentence each.
    pub fn prepare(s: &Scenario) -> Result<(World, Vec<String>), ConfigError> {
        let mut w = World::new(&s.cfg)?;
        let layout = s.cfg.layout();
        let mut problems = Vec::new();
        let mut ok = Vec::new();
        for a in &s.log {
            let name = match &a.fault {
                FaultSpec::Crash { node } | FaultSpec::Recover { node } => node,
                _ => continue,
            };
            if layout.find(name).is_some() {
                ok.push(a.clone());
            } else {
                problems
                    .push(crate::t!(super::words::ENGLISH; "dropped", node = text(name.clone())));
            }
        }
        w.journal.schedule(ok);
        Ok((w, problems))
    }

    /// The engine of rule `o`.
    pub fn engine(&self, o: Order) -> &TimingEngine {
        let i = Order::ALL.iter().position(|&x| x == o).unwrap_or(0);
        &self.engines[i]
    }

    /// The engines, in [`Order::ALL`]'s order.
    pub fn engines(&self) -> &[TimingEngine] {
        &self.engines
    }

    /// Virtual time now.
    pub fn now(&self) -> Micros {
        self.engines[0].now()
    }

    /// Every action taken, in order.
    pub fn log(&self) -> &[Action] {
        self.journal.log()
    }

    /// The series so far.
    pub fn series(&self) -> &[Sample] {
        self.journal.series()
    }

    /// The event log, oldest first.
    pub fn events(&self) -> impl DoubleEndedIterator<Item = &LogEntry> + ExactSizeIterator {
        self.journal.events()
    }

    /// Runs to `t`, applying waiting actions at their times and sampling on fixed times.
    pub fn advance_to(&mut self, t: Micros) {
        self.advance(t);
    }

    /// Applies `fault` (a failure or a recovery) now, under every rule, and logs it.
    pub fn apply(&mut self, fault: &Fault) {
        let layout = self.engines[0].layout();
        let (spec, text) = match fault {
            Fault::Crash(n) if n.0 < layout.nodes => {
                let name = layout.name(n.0);
                (
                    FaultSpec::Crash { node: name.clone() },
                    crate::t!(super::words::ENGLISH; "log-failed", node = text(name)),
                )
            }
            Fault::Recover(n) if n.0 < layout.nodes => {
                let name = layout.name(n.0);
                (
                    FaultSpec::Recover { node: name.clone() },
                    crate::t!(super::words::ENGLISH; "log-recovered", node = text(name)),
                )
            }
            _ => return,
        };
        for e in &mut self.engines {
            e.apply(fault);
        }
        let at = self.now();
        let node = match &spec {
            FaultSpec::Crash { node } | FaultSpec::Recover { node } => node.clone(),
            _ => String::new(),
        };
        let entry = LogEntry {
            at,
            panel: "",
            text,
            nodes: vec![node],
            action: true,
        };
        self.journal.acted(Action { at, fault: spec }, entry);
    }

    /// Fails node `n` if it is up, recovers it if it is down; whether it is up now.
    pub fn toggle(&mut self, n: u32) -> bool {
        let fault = if self.engines[0].is_down(n) {
            Fault::Recover(NodeId(n))
        } else {
            Fault::Crash(NodeId(n))
        };
        self.apply(&fault);
        !self.engines[0].is_down(n)
    }

    fn sample(&self) -> Sample {
        let mut rejected = [0; 5];
        let mut pending = [0; 5];
        for (i, e) in self.engines.iter().enumerate() {
            rejected[i] = e.order_stats().rejected;
            pending[i] = e.pending();
        }
        Sample {
            t_ms: self.now() / MS,
            skew_ms: self.engines[0].skew() as f64 / MS as f64,
            rejected,
            pending,
        }
    }
}

impl Journaled for World {
    type Action = Action;
    type Sample = Sample;
    fn journal(&self) -> &Journal<Action, Sample> {
        &self.journal
    }
    fn journal_mut(&mut self) -> &mut Journal<Action, Sample> {
        &mut self.journal
    }
    fn now(&self) -> Micros {
        self.engines[0].now()
    }
    fn run_to(&mut self, t: Micros) {
        for e in &mut self.engines {
            e.advance_to(t);
        }
    }
    fn act(&mut self, a: Action) {
        let layout = self.engines[0].layout();
        let fault = match &a.fault {
            FaultSpec::Crash { node } => layout.find(node).map(|n| Fault::Crash(NodeId(n))),
            FaultSpec::Recover { node } => layout.find(node).map(|n| Fault::Recover(NodeId(n))),
            _ => None,
        };
        if let Some(f) = fault {
            self.apply(&f);
        }
    }
    fn take_notes(&mut self) {}
    fn measure(&mut self) -> Sample {
        self.sample()
    }
    fn weight(&self) -> u32 {
        5 * self.engines[0].config().nodes
    }
    fn checkpoint(&self) -> Self {
        let mut copy = self.clone();
        for e in &mut copy.engines {
            e.forget_recent();
        }
        copy
    }
    fn warmup(&self) -> Micros {
        recent_span(self.engines[0].config())
    }
}

/// How long the engines keep their events for the diagram: two of its windows, so that a
/// chosen event's causes are there while it is in view.
fn recent_span(cfg: &TimingConfig) -> Micros {
    2 * super::scene::window_ms(cfg.latency_max_ms) * MS
}

/// The state of the clocks in a sentence: the skew, who is down, who runs free.
pub fn status(e: &TimingEngine) -> String {
    let layout = e.layout();
    let down: Vec<String> = (0..layout.nodes)
        .filter(|&n| e.is_down(n))
        .map(|n| layout.name(n))
        .collect();
    let free = (0..layout.nodes)
        .filter(|&n| !e.is_down(n) && e.free_running(n))
        .count();
    let english = super::words::ENGLISH;
    let mut s =
        crate::t!(english; "status-skew", skew = num((e.skew() as f64 / 100.0).round() / 10.0, 1));
    if !down.is_empty() {
        s.push(' ');
        s.push_str(&crate::t!(english; "status-down", nodes = text(down.join(", "))));
    }
    if free > 0 {
        s.push(' ');
        s.push_str(&crate::t!(english; "status-free", n = int(free as f64)));
    }
    s
}

/// The series as CSV.
pub fn series_csv(series: &[Sample]) -> String {
    let names = Order::ALL.map(|o| o.name());
    let mut out = String::from("t_ms,skew_ms");
    for what in ["rejected", "pending"] {
        for n in names {
            out.push_str(&format!(",{n}_{what}"));
        }
    }
    out.push('\n');
    for s in series {
        out.push_str(&format!("{},{}", s.t_ms, Dec(s.skew_ms)));
        for v in s.rejected.iter().chain(&s.pending) {
            out.push_str(&format!(",{v}"));
        }
        out.push('\n');
    }
    out
}

/// The series as JSON.
pub fn series_json(series: &[Sample]) -> String {
    serde_json::to_string(series).unwrap_or_else(|_| "[]".into())
}

/// Runs `s` to its time, as the page does: each logged action applied when it was.
pub fn replay(s: &Scenario) -> Result<(World, Vec<String>), String> {
    let (mut world, problems) = World::prepare(s).map_err(|e| e.to_string())?;
    world.advance_to(s.time_ms * MS);
    Ok((world, problems))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::timeline::Timeline;

    #[test]
    fn a_replay_matches_the_run_it_replays() {
        let mut w = World::new(&TimingConfig::default()).unwrap();
        w.advance_to(20 * SECOND);
        let alice = w.engine(Order::Arrival).layout().account(0);
        assert!(!w.toggle(alice));
        w.advance_to(40 * SECOND);
        assert!(w.toggle(alice));
        w.advance_to(60 * SECOND);
        let s = Scenario {
            time_ms: 60_000,
            log: w.log().to_vec(),
            ..Scenario::default()
        };
        let link = super::super::link::encode(&s);
        let d = super::super::link::decode(&link);
        assert!(d.problems.is_empty());
        let (r, problems) = replay(&d.scenario).unwrap();
        assert!(problems.is_empty());
        for (a, b) in w.engines().iter().zip(r.engines()) {
            assert_eq!(a.trace_hash(), b.trace_hash());
        }
        assert_eq!(r.series(), w.series());
        assert_eq!(r.events().count(), 2);
        let csv = series_csv(r.series());
        assert_eq!(csv.lines().count(), r.series().len() + 1);
        assert!(csv.starts_with("t_ms,skew_ms,arrival_rejected,"));
        assert!(series_json(r.series()).starts_with("[{\"t_ms\":"));
        assert!(status(&r.engines()[0]).starts_with("Skew now "));
        // Back and forth on a timeline lands on the same run.
        let (w0, _) = World::prepare(&d.scenario).unwrap();
        let mut t = Timeline::new(w0, 0);
        t.seek(60 * SECOND);
        t.seek(10 * SECOND);
        t.seek(60 * SECOND);
        assert_eq!(
            t.world().engines()[3].trace_hash(),
            w.engines()[3].trace_hash()
        );
    }

    #[test]
    fn an_action_on_a_node_the_run_lacks_is_dropped_with_a_sentence() {
        let s = Scenario {
            log: vec![Action {
                at: SECOND,
                fault: FaultSpec::Crash { node: "R7".into() },
            }],
            ..Scenario::default()
        };
        let (_, problems) = World::prepare(&s).unwrap();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("R7"));
    }
}
