//! When a lesson's world stops on its way to a time: at each waiting action, and at each point
//! of its metric series. Both fall on fixed virtual times, so a replay stops at the same ones;
//! at a tie the sample comes first, as when a user acts at a time already sampled. Shared by
//! every lesson's world.

use std::collections::VecDeque;

use crate::sim::time::Micros;

/// Something with a time.
pub trait Timed {
    /// When it happens.
    fn at(&self) -> Micros;
}

impl Timed for crate::sim::Action {
    fn at(&self) -> Micros {
        self.at
    }
}

/// A stop on the way.
pub enum Stop<A> {
    /// Apply this action now.
    Act(A),
    /// Take a point of the series now.
    Sample,
}

/// Actions waiting for their time, and the series' cadence.
#[derive(Clone, Debug)]
pub struct Schedule<A> {
    pending: VecDeque<A>,
    every: Micros,
    max_points: usize,
}

impl<A: Timed + Clone> Schedule<A> {
    /// Nothing waiting; a series point every `every`, thinned beyond `max_points`.
    pub fn new(every: Micros, max_points: usize) -> Self {
        Schedule {
            pending: VecDeque::new(),
            every,
            max_points,
        }
    }

    /// Time between two series points now.
    pub fn every(&self) -> Micros {
        self.every
    }

    /// The next stop after `now` and no later than `t`, with its time.
    pub fn next(&mut self, now: Micros, t: Micros) -> Option<(Micros, Stop<A>)> {
        let sample = (now / self.every + 1) * self.every;
        let action = self.pending.front().map(|a| a.at().max(now));
        match action {
            Some(at) if at < sample && at <= t => {
                Some((at, Stop::Act(self.pending.pop_front().expect("peeked"))))
            }
            _ if sample <= t => Some((sample, Stop::Sample)),
            _ => None,
        }
    }

    /// After a point was added to `series`: beyond the limit, keeps every other point and
    /// samples half as often, so memory stays bounded.
    pub fn thin<T>(&mut self, series: &mut Vec<T>) {
        if series.len() > self.max_points {
            keep_every_other(series);
            self.every *= 2;
        }
    }

    /// Adds actions to those waiting (in time order; at a tie, the added ones first).
    pub fn add(&mut self, mut actions: Vec<A>) {
        actions.extend(self.pending.drain(..));
        crate::sim::small::sort_by_key(&mut actions, Timed::at);
        self.pending = actions.into();
    }

    /// Replaces the waiting actions.
    pub fn replace(&mut self, mut actions: Vec<A>) {
        crate::sim::small::sort_by_key(&mut actions, Timed::at);
        self.pending = actions.into();
    }

    /// The waiting actions, earliest first.
    pub fn pending(&self) -> impl Iterator<Item = &A> {
        self.pending.iter()
    }
}

/// Keeps the first item and every other one after it (`[a, b, c, d, e]` → `[a, c, e]`).
pub fn keep_every_other<T>(items: &mut Vec<T>) {
    let mut i = 0;
    items.retain(|_| {
        i += 1;
        i % 2 == 1
    });
}
