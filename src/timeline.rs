//! The timeline: a world that can go back. Rewinding re-creates an earlier state exactly by
//! deterministic replay, starting from the nearest checkpoint (a copy of the world kept every
//! few virtual seconds) rather than from zero. Acting after a rewind forks the history there:
//! later actions are dropped. It serves every lesson: a lesson's world only has to say how it
//! advances, what it has done and what is still to come ([`Replayable`]).

use crate::scenario::Scenario;
use crate::sim::{Arch, ConfigError, FaultSpec, NodeId, time::Micros, time::SECOND};
use crate::world::{LoggedAction, World, keep_every_other};

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
}

/// A world with a past.
pub struct Timeline<W: Replayable = World> {
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
            checkpoints: vec![world.clone()],
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

    /// Goes to time `t`: forwards by running, backwards by restoring the nearest earlier
    /// checkpoint and replaying this history's actions from there.
    pub fn seek(&mut self, t: Micros) {
        if t < self.world.now() {
            let cp = self
                .checkpoints
                .iter()
                .rev()
                .find(|c| c.now() <= t)
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
            self.checkpoints.push(self.world.clone());
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

impl Replayable for World {
    type Action = LoggedAction;
    fn now(&self) -> Micros {
        World::now(self)
    }
    fn advance_to(&mut self, t: Micros) {
        World::advance_to(self, t);
    }
    fn applied(&self) -> usize {
        self.log().len()
    }
    fn all_actions(&self) -> Vec<LoggedAction> {
        World::all_actions(self)
    }
    fn replace_pending(&mut self, actions: Vec<LoggedAction>) {
        World::replace_pending(self, actions);
    }
    fn time_of(a: &LoggedAction) -> Micros {
        a.action.at
    }
    fn checkpoint_budget(&self) -> usize {
        // A checkpoint copies three engines of `participants` each.
        max_checkpoints(self.config().participants)
    }
}

/// The first lesson's timeline.
impl Timeline<World> {
    /// Opens a scenario (see [`World::load`]); returns the problems met.
    pub fn load(s: &Scenario) -> Result<(Timeline, Vec<String>), ConfigError> {
        let (world, problems) = World::prepare(s)?;
        Ok((
            Timeline::new(world, s.time_ms * crate::sim::time::MS),
            problems,
        ))
    }

    /// Fails or recovers a node now (forking the history if now is in the past).
    pub fn toggle(&mut self, arch: Arch, node: NodeId) -> bool {
        self.act(|w| w.toggle(arch, node))
    }

    /// Fails the hub of every architecture now (or recovers them, if all are down).
    pub fn toggle_hubs(&mut self) {
        self.act(World::toggle_hubs);
    }

    /// Applies a labelled fault now.
    pub fn apply_spec(&mut self, arch: Arch, spec: &FaultSpec) -> Result<(), ConfigError> {
        self.act(|w| w.apply_spec(arch, spec))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::MS;

    fn fingerprint(w: &World) -> Vec<(u64, crate::sim::Metrics)> {
        Arch::ALL
            .iter()
            .map(|&a| (w.engine(a).trace_hash(), w.engine(a).metrics()))
            .collect()
    }

    #[test]
    fn rewinding_recreates_the_exact_earlier_state() {
        let (mut t, _) = Timeline::load(&Scenario::default()).unwrap();
        t.seek(6_000 * MS);
        t.toggle(Arch::ClientServer, NodeId(0));
        t.seek(13_000 * MS);
        t.toggle(Arch::PeerToPeer, NodeId(4));
        t.seek(31_000 * MS);
        for back in [20_000, 12_345, 6_000, 2_000, 29_999] {
            t.seek(back * MS);
            // A fresh run of the same history to the same time.
            let fresh = World::replay(&Scenario::default().cfg, t.history(), back * MS).unwrap();
            assert_eq!(fingerprint(t.world()), fingerprint(&fresh), "at {back} ms");
            assert_eq!(t.world().series(), fresh.series(), "at {back} ms");
        }
        assert_eq!(t.horizon(), 31_000 * MS);
    }

    #[test]
    fn acting_after_a_rewind_forks_the_history() {
        let (mut t, _) = Timeline::load(&Scenario::default()).unwrap();
        t.seek(5_000 * MS);
        t.toggle(Arch::ClientServer, NodeId(0));
        t.seek(9_000 * MS);
        t.seek(4_000 * MS);
        assert!(t.world().engine(Arch::ClientServer).is_up(NodeId(0)));
        assert_eq!(t.next_action_after_now(), Some(5_000 * MS));
        // Scrubbing forward replays the later failure.
        t.seek(6_000 * MS);
        assert!(!t.world().engine(Arch::ClientServer).is_up(NodeId(0)));
        // Acting in the past drops what came after.
        t.seek(4_000 * MS);
        t.toggle(Arch::Federated, NodeId(1));
        assert_eq!(t.history().len(), 1);
        assert_eq!(t.horizon(), 4_000 * MS);
        t.seek(8_000 * MS);
        assert!(t.world().engine(Arch::ClientServer).is_up(NodeId(0)));
        assert!(!t.world().engine(Arch::Federated).is_up(NodeId(1)));
    }

    #[test]
    fn a_click_at_a_checkpoint_time_survives_a_rewind() {
        let (mut t, _) = Timeline::load(&Scenario::default()).unwrap();
        // Checkpoints fall every 5 s: act exactly on one, after it was taken.
        t.seek(10_000 * MS);
        assert!(t.checkpoints.iter().any(|c| c.now() == 10_000 * MS));
        t.toggle(Arch::ClientServer, NodeId(0));
        t.seek(14_000 * MS);
        t.seek(12_000 * MS);
        assert!(!t.world().engine(Arch::ClientServer).is_up(NodeId(0)));
        assert_eq!(t.world().log().len(), 1);
        let fresh = World::replay(&Scenario::default().cfg, t.history(), 12_000 * MS).unwrap();
        assert_eq!(fingerprint(t.world()), fingerprint(&fresh));
    }

    #[test]
    fn time_and_revision_identify_the_state() {
        let (mut t, _) = Timeline::load(&Scenario::default()).unwrap();
        t.seek(5_000 * MS);
        let (rev, before) = (t.revision(), fingerprint(t.world()));
        // Scrubbing away and back keeps the revision and the state.
        t.seek(9_000 * MS);
        t.seek(5_000 * MS);
        assert_eq!(
            (t.revision(), fingerprint(t.world())),
            (rev, before.clone())
        );
        // Acting at the same time changes both.
        t.toggle(Arch::ClientServer, NodeId(0));
        assert_ne!(t.revision(), rev);
        assert_ne!(fingerprint(t.world()), before);
    }

    #[test]
    fn big_networks_keep_fewer_checkpoints() {
        assert_eq!(max_checkpoints(24), MAX_CHECKPOINTS);
        assert_eq!(max_checkpoints(3_000), 8);
        let s = Scenario {
            cfg: crate::sim::SimConfig {
                participants: 1_500,
                ..Default::default()
            },
            time_ms: 0,
            ..Scenario::default()
        };
        let (mut t, _) = Timeline::load(&s).unwrap();
        t.seek(60 * SECOND);
        assert!(t.checkpoints.len() <= 8);
        t.seek(7 * SECOND);
        assert_eq!(t.world().now(), 7 * SECOND);
    }

    #[test]
    fn checkpoints_stay_bounded() {
        let (mut t, _) = Timeline::load(&Scenario::default()).unwrap();
        t.seek(600 * SECOND);
        assert!(t.checkpoints.len() <= MAX_CHECKPOINTS);
        assert_eq!(t.checkpoints[0].now(), 0);
        t.seek(SECOND);
        assert_eq!(t.world().now(), SECOND);
    }
}
