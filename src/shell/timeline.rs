//! The timeline: a world that can go back. Rewinding re-creates an earlier state exactly by
//! deterministic replay, starting from the nearest checkpoint (a copy of the world kept every
//! few virtual seconds) rather than from zero. Acting after a rewind forks the history there:
//! later actions are dropped. It serves every lesson: a lesson's world only has to say how it
//! advances, what it has done and what is still to come ([`Replayable`]).

use super::schedule::keep_every_other;
use crate::sim::time::{Micros, SECOND};

/// Checkpoints kept at most, for the smallest scenarios; beyond that every other one is
/// dropped and the spacing doubles. Larger scenarios keep fewer (see `max_checkpoints`).
const MAX_CHECKPOINTS: usize = 40;

/// Fewer checkpoints for bigger networks, so their memory stays near the same total.
/// `weight` is how many nodes one checkpoint copies.
pub fn max_checkpoints(weight: u32) -> usize {
    (12_000 / weight.max(1) as usize).clamp(8, MAX_CHECKPOINTS)
}

/// What a lesson's world gives the timeline: deterministic advance, and its actions, done and
/// pending, each stamped with its time.
pub trait Replayable: Clone {
    /// One logged action.
    type Action: Clone;
    /// Virtual time now.
    fn now(&self) -> Micros;
    /// Runs to `t`, applying pending actions at their times.
    fn advance_to(&mut self, t: Micros);
    /// How many actions have been applied.
    fn applied(&self) -> usize;
    /// Applied actions followed by pending ones.
    fn all_actions(&self) -> Vec<Self::Action>;
    /// Replaces the pending actions.
    fn replace_pending(&mut self, actions: Vec<Self::Action>);
    /// When an action happens.
    fn time_of(action: &Self::Action) -> Micros;
    /// Most checkpoints worth keeping of this world (fewer for bigger ones).
    fn checkpoint_budget(&self) -> usize;
    /// A copy to keep as a checkpoint (by default, the world).
    fn checkpoint(&self) -> Self {
        self.clone()
    }
    /// How long before a rewind's time its replay must start (see [`Replayable::checkpoint`]).
    fn warmup(&self) -> Micros {
        0
    }
}

/// A world with a past.
pub struct Timeline<W: Replayable> {
    world: W,
    /// Copies of the world along this history, earliest first; the first is at time zero.
    checkpoints: Vec<W>,
    every: Micros,
    /// Every action of this history, including those after the current time (after a rewind).
    history: Vec<W::Action>,
    /// The latest time this history has reached.
    horizon: Micros,
    /// Bumped whenever the history changes.
    revision: u64,
}

impl<W: Replayable> Timeline<W> {
    /// A timeline of `world` (at time zero, its actions pending), sought to `start`.
    pub fn new(world: W, start: Micros) -> Timeline<W> {
        let history = world.all_actions();
        let mut t = Timeline {
            checkpoints: vec![world.checkpoint()],
            world,
            every: 5 * SECOND,
            history,
            horizon: 0,
            revision: 0,
        };
        t.seek(start);
        t
    }

    /// The world at the current time.
    pub fn world(&self) -> &W {
        &self.world
    }

    /// Changes whenever the history does (an action, a fork). Replay is deterministic, so the
    /// revision and the world's time together identify the world's state.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The latest time reached in this history (the slider's end).
    pub fn horizon(&self) -> Micros {
        self.horizon.max(self.world.now())
    }

    /// Every action of this history (also those ahead of the current time after a rewind):
    /// what a link must carry.
    pub fn history(&self) -> &[W::Action] {
        &self.history
    }

    /// The times of the checkpoints kept, earliest first (the first is always zero).
    pub fn checkpoint_times(&self) -> impl Iterator<Item = Micros> + '_ {
        self.checkpoints.iter().map(W::now)
    }

    /// Goes to time `t`: forwards by running, backwards by restoring the nearest checkpoint at
    /// least the world's warm-up earlier and replaying this history's actions from there.
    pub fn seek(&mut self, t: Micros) {
        if t < self.world.now() {
            let from = t.saturating_sub(self.world.warmup());
            let cp = self
                .checkpoints
                .iter()
                .rev()
                .find(|c| c.now() <= from)
                .expect("the first checkpoint is at time zero");
            let mut w = cp.clone();
            // The checkpoint's log is a prefix of this history: everything after it is still to
            // come, an action taken at the checkpoint's exact time included.
            let done = w.applied().min(self.history.len());
            w.replace_pending(self.history[done..].to_vec());
            self.world = w;
        }
        // Forwards, keeping checkpoints beyond the last one.
        loop {
            let last = self.checkpoints.last().map_or(0, W::now);
            let next = last + self.every;
            if next > t {
                break;
            }
            self.world.advance_to(next);
            self.checkpoints.push(self.world.checkpoint());
            if self.checkpoints.len() > self.world.checkpoint_budget() {
                // The first (time zero) stays: every rewind has somewhere to start from.
                keep_every_other(&mut self.checkpoints);
                self.every *= 2;
            }
        }
        self.world.advance_to(t);
        self.horizon = self.horizon.max(t);
    }

    /// The time of the next action of this history after now, if any ("step to next event").
    pub fn next_action_after_now(&self) -> Option<Micros> {
        let now = self.world.now();
        self.history
            .iter()
            .map(W::time_of)
            .filter(|&at| at > now)
            .min()
    }

    /// Does `act` to the world now, forking the history first if now is in the past (later
    /// actions and checkpoints are dropped).
    pub fn act<R>(&mut self, act: impl FnOnce(&mut W) -> R) -> R {
        let now = self.world.now();
        if now < self.horizon || self.history.iter().any(|a| W::time_of(a) > now) {
            self.history.retain(|a| W::time_of(a) <= now);
            self.world.replace_pending(Vec::new());
            self.checkpoints.retain(|c| c.now() <= now);
            self.horizon = now;
        }
        let r = act(&mut self.world);
        self.revision += 1;
        self.history = self.world.all_actions();
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_networks_keep_fewer_checkpoints() {
        assert_eq!(max_checkpoints(24), MAX_CHECKPOINTS);
        assert_eq!(max_checkpoints(3_000), 8);
    }
}
