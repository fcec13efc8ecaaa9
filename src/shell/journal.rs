//! What every lesson's world keeps beside its engines: the actions taken and those waiting for
//! their time, the series of samples its plots draw, and the event log. And the one way a world
//! advances: to each waiting action and each sample time in turn, so that a replay stops at
//! the same times as the run it replays.

use std::collections::VecDeque;

use super::schedule::{Schedule, Stop, Timed};
use super::timeline::{Replayable, max_checkpoints};
use crate::sim::time::Micros;

/// Most points kept in a series (thinned to every other point beyond this).
pub const SERIES_MAX: usize = 1_200;
/// Most entries kept in the event log.
pub const EVENTS_MAX: usize = 2_000;

/// One line of the event log.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct LogEntry {
    /// Virtual time, µs.
    pub at: Micros,
    /// Which panel it happened in (empty when the page has one).
    pub panel: &'static str,
    /// What happened, in words.
    pub text: String,
    /// The nodes it concerns (for filtering).
    pub nodes: Vec<String>,
    /// A failure, recovery, cut, partition or heal (as opposed to a consequence).
    pub action: bool,
}

/// The actions, series and event log of a world.
#[derive(Clone, Debug)]
pub struct Journal<A, S> {
    /// Actions applied so far, in order.
    log: Vec<A>,
    /// Actions waiting for their time, and the series' cadence.
    schedule: Schedule<A>,
    series: Vec<S>,
    events: VecDeque<LogEntry>,
}

impl<A: Timed + Clone, S> Journal<A, S> {
    /// Empty; a sample every `every` µs.
    pub fn new(every: Micros) -> Self {
        Journal {
            log: Vec::new(),
            schedule: Schedule::new(every, SERIES_MAX),
            series: Vec::new(),
            events: VecDeque::new(),
        }
    }

    /// Every action applied, in order.
    pub fn log(&self) -> &[A] {
        &self.log
    }

    /// The series so far.
    pub fn series(&self) -> &[S] {
        &self.series
    }

    /// The event log, oldest first.
    pub fn events(&self) -> impl DoubleEndedIterator<Item = &LogEntry> + ExactSizeIterator {
        self.events.iter()
    }

    /// Time between two samples now, µs.
    pub fn every(&self) -> Micros {
        self.schedule.every()
    }

    /// Queues actions for their times (earlier ones at once, on the next advance).
    pub fn schedule(&mut self, actions: Vec<A>) {
        self.schedule.add(actions);
    }

    /// Applied actions followed by those still waiting: what a link must carry.
    pub fn all_actions(&self) -> Vec<A> {
        self.log
            .iter()
            .chain(self.schedule.pending())
            .cloned()
            .collect()
    }

    /// Replaces the waiting actions (the timeline does this when it restores a checkpoint).
    pub fn replace_pending(&mut self, actions: Vec<A>) {
        self.schedule.replace(actions);
    }

    /// `action` was applied: it is logged, and `entry` says it in words.
    pub fn acted(&mut self, action: A, entry: LogEntry) {
        self.record(entry);
        self.log.push(action);
    }

    /// Adds to the event log in time order (consequences are collected a little after they
    /// happen); the oldest entry goes beyond [`EVENTS_MAX`].
    pub fn record(&mut self, e: LogEntry) {
        if self.events.len() == EVENTS_MAX {
            self.events.pop_front();
        }
        let at = self.events.partition_point(|x| x.at <= e.at);
        self.events.insert(at, e);
    }

    /// Adds a point to the series, thinning it beyond [`SERIES_MAX`].
    pub fn sample(&mut self, point: S) {
        self.series.push(point);
        self.schedule.thin(&mut self.series);
    }
}

/// A lesson's world as the journal advances it: its engines, how it applies an action, what it
/// notes and what it samples.
pub trait Journaled: Clone {
    /// A logged action.
    type Action: Timed + Clone;
    /// A point of the series.
    type Sample;
    /// Its journal.
    fn journal(&self) -> &Journal<Self::Action, Self::Sample>;
    /// Its journal, to change.
    fn journal_mut(&mut self) -> &mut Journal<Self::Action, Self::Sample>;
    /// Virtual time now.
    fn now(&self) -> Micros;
    /// Runs its engines (only) to `t`.
    fn run_to(&mut self, t: Micros);
    /// Applies a waiting action, now.
    fn act(&mut self, action: Self::Action);
    /// Moves what its engines noted into the event log.
    fn take_notes(&mut self);
    /// A point of the series, now.
    fn measure(&mut self) -> Self::Sample;
    /// Nodes one copy of it holds (bigger worlds keep fewer checkpoints).
    fn weight(&self) -> u32;
    /// A copy to keep as a checkpoint: by default the whole world. A world may leave out what
    /// a replay of [`Journaled::warmup`] rebuilds exactly (a drawing's recent past).
    fn checkpoint(&self) -> Self {
        self.clone()
    }
    /// How far before a rewind's time its replay must start for the world to come out exactly
    /// as it was (see [`Journaled::checkpoint`]).
    fn warmup(&self) -> Micros {
        0
    }

    /// Advances to `t`, applying waiting actions at their times and sampling on the series'
    /// fixed times (so a replay stops at the same ones).
    fn advance(&mut self, t: Micros) {
        loop {
            let now = self.now();
            let Some((at, stop)) = self.journal_mut().schedule.next(now, t) else {
                break;
            };
            self.run_to(at);
            match stop {
                Stop::Act(a) => self.act(a),
                Stop::Sample => {
                    self.take_notes();
                    let point = self.measure();
                    self.journal_mut().sample(point);
                }
            }
        }
        self.run_to(t);
        self.take_notes();
    }
}

impl<W: Journaled> Replayable for W {
    type Action = W::Action;
    fn now(&self) -> Micros {
        Journaled::now(self)
    }
    fn advance_to(&mut self, t: Micros) {
        self.advance(t);
    }
    fn applied(&self) -> usize {
        self.journal().log().len()
    }
    fn all_actions(&self) -> Vec<W::Action> {
        self.journal().all_actions()
    }
    fn replace_pending(&mut self, actions: Vec<W::Action>) {
        self.journal_mut().replace_pending(actions);
    }
    fn time_of(a: &W::Action) -> Micros {
        a.at()
    }
    fn checkpoint_budget(&self) -> usize {
        max_checkpoints(self.weight())
    }
    fn checkpoint(&self) -> Self {
        Journaled::checkpoint(self)
    }
    fn warmup(&self) -> Micros {
        Journaled::warmup(self)
    }
}
