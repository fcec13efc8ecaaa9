//! The discrete-event runtime: the queue, the order of work in one step, and the public face
//! of a run. What the nodes do lives beside it, one file per concern, each with its own state:
//!
//! * [`super::network`] — links: latency, loss, FIFO order, cuts; sending and delivering.
//! * [`super::liveness`] — heartbeats, suspicion, news of failures, who can reach whom, and the
//!   route each node takes toward the node that orders updates.
//! * [`super::clocks`] — clocks that drift and are only ever slewed, and how each node corrects
//!   its own.
//! * [`super::updates`] — the updates: who holds which, how they are passed on, their order.
//! * [`super::measure`] — what is measured, over a recent window.
//! * [`super::roles`] — the one place roles differ.
//!
//! # One step
//! [`Engine::advance_to`] repeats, while the earliest queued event is due:
//! 1. pop the earliest event by (time, insertion sequence) and set `now` to its time;
//! 2. handle it: a message is first checked against the network (lost on its link, destination
//!    down or restarted since it was sent, link cut since it was sent) and dropped or delivered;
//!    a delivered message is first a sign of life from its sender, then goes to the handler of
//!    its kind; a timer runs only if it belongs to the node's current incarnation (a crash
//!    cancels the timers of the old one);
//! 3. handlers push what they want done (messages, timers) onto the queue, in order, so their
//!    insertion sequence breaks later ties.
//!
//! Faults applied "now" ([`Engine::apply`]) run after every event due at or before `now`, and
//! are written to the action log; replaying that log with the same config reproduces the run.

use std::sync::Arc;

use super::config::{ConfigError, SimConfig, Workload};
use super::liveness::Liveness;
use super::measure::Measure;
use super::metrics::Counters;
pub use super::msg::{Delivery, Msg, MsgKind, NONE};
use super::msg::{Event, Timer};
use super::sync::Clocks;
use super::updates::Updates;
use super::wire::Network;
use crate::sim::fault::{Action, Fault, FaultSpec};
use crate::sim::ids::{Arch, NodeId};
use crate::sim::queue::Queue;
use crate::sim::rng::{SimRng, Stream};
use crate::sim::time::{MS, Micros, from_ms};
use crate::sim::topology::Topology;

/// Something worth listing in an event log.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Notable {
    /// Every node that watched `node` and every reachable participant now knows it is down.
    Detected {
        /// The failed node.
        node: u32,
        /// How long after the crash, µs.
        after: Micros,
    },
    /// Update `uid`, started at `origin`, reached every participant reachable when it started.
    ReachedAll {
        /// Update id.
        uid: u32,
        /// The participant that started it.
        origin: u32,
        /// How long it took, µs.
        after: Micros,
    },
}

/// Most notable events kept between two [`Engine::take_notable`] calls.
const MAX_NOTABLE: usize = 1_000;

/// A node's state as a view shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeStatus {
    /// Running.
    pub up: bool,
    /// Up and in the working part of the network (see [`Topology::working_part`]).
    pub reachable: bool,
    /// How far its clock is from true time, ms.
    pub clock_error_ms: f64,
    /// Updates some live participant holds that this node lacks (participants only).
    pub missing_updates: u32,
    /// Nodes this node currently believes down.
    pub believes_down: u32,
}

/// One architecture's simulation. Cloning it gives an independent copy that runs on
/// identically (the timeline keeps such copies as checkpoints).
#[derive(Clone)]
pub struct Engine {
    pub(super) cfg: SimConfig,
    pub(super) topo: Arc<Topology>,
    pub(super) now: Micros,
    pub(super) queue: Queue<Event>,
    pub(super) work_rng: SimRng,
    pub(super) timer_rng: SimRng,
    pub(super) net: Network,
    pub(super) live: Liveness,
    pub(super) clocks: Clocks,
    pub(super) store: Updates,
    pub(super) meas: Measure,
    /// Whether the default workload runs (heartbeats, clocks); the flood has none.
    pub(super) chatty: bool,
    events: u64,
    actions: Vec<Action>,
    notable: Vec<(Micros, Notable)>,
}

impl Engine {
    /// Builds `arch` for `cfg`: validates, lays out the topology, seeds clocks and timers, and
    /// schedules the config's faults. Every refusal is a typed [`ConfigError`].
    pub fn new(arch: Arch, cfg: &SimConfig) -> Result<Engine, ConfigError> {
        cfg.validate()?;
        let topo = Topology::build(arch, &cfg.shape())?;
        // Resolve scheduled faults now so a bad node id fails before the run starts.
        for f in &cfg.faults {
            f.fault.resolve(&topo)?;
        }
        let chatty = cfg.workload == Workload::Default;
        let topo = Arc::new(topo);
        let mut e = Engine {
            net: Network::new(cfg, &topo),
            live: Liveness::new(&topo),
            clocks: Clocks::new(cfg, &topo),
            store: Updates::new(cfg, &topo),
            meas: Measure::new(cfg, &topo),
            now: 0,
            queue: Queue::default(),
            work_rng: SimRng::new(cfg.seed, Stream::Workload),
            timer_rng: SimRng::new(cfg.seed, Stream::Timers),
            chatty,
            events: 0,
            actions: Vec::new(),
            notable: Vec::new(),
            topo,
            cfg: cfg.clone(),
        };
        e.refresh_reachability();
        for i in 0..e.topo.len() as u32 {
            e.reroute(i);
        }
        if chatty {
            for i in 0..e.topo.len() as u32 {
                e.start_timers(i);
            }
            if cfg.update_rate > 0.0 {
                let first = e.update_gap();
                e.queue.push(first, Event::NextUpdate);
            }
        } else {
            e.queue.push(0, Event::NextUpdate);
        }
        for (i, f) in cfg.faults.iter().enumerate() {
            e.queue.push(from_ms(f.at_ms), Event::Scheduled(i as u32));
        }
        Ok(e)
    }

    // ------------------------------------------------------------------ public queries

    /// The architecture.
    pub fn arch(&self) -> Arch {
        self.topo.arch
    }

    /// The config this run was built from.
    pub fn config(&self) -> &SimConfig {
        &self.cfg
    }

    /// The network shape.
    pub fn topology(&self) -> &Topology {
        &self.topo
    }

    /// Current virtual time.
    pub fn now(&self) -> Micros {
        self.now
    }

    /// Every fault applied so far with its time: scheduled ones and those applied "now".
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// A hash over every delivered message (time, endpoints, kind, payload — clock readings
    /// included), in order: two runs with the same hash delivered the same messages at the
    /// same times.
    pub fn trace_hash(&self) -> u64 {
        self.net.trace
    }

    /// Starts keeping every delivery from now on (for tests: memory grows with the run).
    pub fn record_deliveries(&mut self) {
        self.net.recorded.get_or_insert_with(Vec::new);
    }

    /// Deliveries kept since [`Engine::record_deliveries`].
    pub fn deliveries(&self) -> &[Delivery] {
        self.net.recorded.as_deref().unwrap_or(&[])
    }

    /// Notable events since the last call, with their times (at most the latest 1,000).
    pub fn take_notable(&mut self) -> Vec<(Micros, Notable)> {
        std::mem::take(&mut self.notable)
    }

    pub(super) fn note(&mut self, what: Notable) {
        if self.notable.len() == MAX_NOTABLE {
            self.notable.remove(0);
        }
        self.notable.push((self.now, what));
    }

    /// Events waiting in the queue (bounded by the network size, not by run length).
    pub fn pending_events(&self) -> usize {
        self.queue.len()
    }

    /// The message-layer counters.
    pub fn counters(&self) -> Counters {
        Counters {
            events: self.events,
            ..self.net.counters
        }
    }

    /// Whether node `n` is up.
    pub fn is_up(&self, n: NodeId) -> bool {
        !self.live.nodes[n.index()].down
    }

    /// Whether node `n` is up and in the working part of the network.
    pub fn is_reachable(&self, n: NodeId) -> bool {
        self.live.reachable[n.index()]
    }

    /// Whether link `l` is cut.
    pub fn is_cut(&self, l: usize) -> bool {
        self.net.links.is_cut(l)
    }

    /// Messages on their links, with their delivery times.
    pub fn in_flight(&self) -> impl Iterator<Item = (Micros, &Msg)> {
        self.queue.iter().filter_map(|(at, ev)| match ev {
            Event::Deliver(m) => Some((at, m)),
            _ => None,
        })
    }

    /// Time of the next queued event, if any.
    pub fn next_event_time(&mut self) -> Option<Micros> {
        self.queue.peek_time()
    }

    /// A node's state for display.
    pub fn status(&self, n: NodeId) -> NodeStatus {
        let i = n.index();
        let missing = if self.topo.role(n).is_participant() {
            self.store.missing(&self.topo, &self.live, n.0)
        } else {
            0
        };
        NodeStatus {
            up: !self.live.nodes[i].down,
            reachable: self.live.reachable[i],
            clock_error_ms: self.clocks.clocks[i].error(self.now) as f64 / MS as f64,
            missing_updates: missing,
            believes_down: self.live.believes_down(n.0),
        }
    }

    // ------------------------------------------------------------------ running

    /// Processes every event due at or before `t`, then sets the clock to `t` (never backwards).
    pub fn advance_to(&mut self, t: Micros) {
        while let Some((at, ev)) = self.queue.pop_due(t) {
            self.now = at;
            self.events += 1;
            self.handle(ev);
        }
        self.now = self.now.max(t);
    }

    /// Runs until nothing is queued or `max_events` more have been processed; returns whether
    /// the queue drained. (The default workload never drains: its timers run forever.)
    pub fn run_until_idle(&mut self, max_events: u64) -> bool {
        let stop = self.events.saturating_add(max_events);
        while self.events < stop {
            let Some((at, ev)) = self.queue.pop() else {
                return true;
            };
            self.now = at;
            self.events += 1;
            self.handle(ev);
        }
        self.queue.is_empty()
    }

    /// Applies a fault at the current time and logs it.
    pub fn apply(&mut self, fault: &Fault) {
        self.actions.push(Action {
            at: self.now,
            fault: fault.to_spec(&self.topo),
        });
        match fault {
            Fault::Crash(n) => self.crash(n.0),
            Fault::Recover(n) => self.recover(n.0),
            Fault::Cut(a, b) => {
                if let Some(l) = self.topo.link_between(*a, *b) {
                    self.net.set_cut(l as usize, true, self.now);
                }
            }
            Fault::Heal(a, b) => {
                if let Some(l) = self.topo.link_between(*a, *b) {
                    self.net.set_cut(l as usize, false, self.now);
                }
            }
            Fault::Partition(side) => {
                for l in self.topo.crossing(side).1 {
                    self.net.set_cut(l, true, self.now);
                }
            }
            Fault::HealAll => {
                for l in 0..self.topo.links.len() {
                    self.net.set_cut(l, false, self.now);
                }
            }
        }
        self.refresh_reachability();
    }

    /// Resolves `spec` against this topology and applies it now.
    pub fn apply_spec(&mut self, spec: &FaultSpec) -> Result<(), ConfigError> {
        let fault = spec.resolve(&self.topo)?;
        self.apply(&fault);
        Ok(())
    }

    /// Builds a run and replays an action log up to `until`: the same path the page takes when
    /// a user acts, so a replay reproduces it exactly.
    pub fn replay(
        arch: Arch,
        cfg: &SimConfig,
        actions: &[Action],
        until: Micros,
    ) -> Result<Engine, ConfigError> {
        let mut e = Engine::new(arch, cfg)?;
        let mut log: Vec<&Action> = actions.iter().collect();
        crate::sim::small::sort_by_key(&mut log, |a| a.at);
        for a in log {
            if a.at > until {
                break;
            }
            let fault = a.fault.resolve(&e.topo)?;
            e.advance_to(a.at);
            e.apply(&fault);
        }
        e.advance_to(until);
        Ok(e)
    }

    // ------------------------------------------------------------------ event handling

    fn handle(&mut self, ev: Event) {
        match ev {
            Event::Deliver(m) => {
                if self.net.arrives(&m, &self.topo, &self.live, self.now) {
                    self.on_message(m);
                }
            }
            Event::Timer { node, life, timer } => {
                let state = &self.live.nodes[node as usize];
                if state.life == life && !state.down {
                    match timer {
                        Timer::Heartbeat => self.on_heartbeat_timer(node),
                        Timer::ClockSync => self.on_sync_timer(node),
                        Timer::Relay => self.on_relay_timer(node),
                        Timer::Refetch(uid, next, tries) => self.on_refetch(node, uid, next, tries),
                    }
                }
            }
            Event::NextUpdate => self.on_next_update(),
            Event::Scheduled(i) => {
                let spec = self.cfg.faults[i as usize].fault.clone();
                // Resolved once in `new`, so this cannot fail.
                if let Ok(f) = spec.resolve(&self.topo) {
                    self.apply(&f);
                }
            }
        }
    }

    /// A message that arrived: first a sign of life from its sender, then its handler.
    fn on_message(&mut self, m: Msg) {
        if self.chatty {
            self.heard(m.to, m.from, m.slot as usize);
        }
        if let Some(dest) = m.dest() {
            self.pass_detour(&m, dest);
            return;
        }
        match m.kind {
            MsgKind::Heartbeat => self.on_heartbeat(&m),
            MsgKind::Down | MsgKind::Up => self.learn(
                m.to,
                m.a,
                m.b as Micros,
                m.kind == MsgKind::Down,
                Some(m.from),
            ),
            MsgKind::TimeRequest => self.on_time_request(&m),
            MsgKind::TimeReply => self.on_time_reply(&m),
            MsgKind::Update => self.on_update(&m),
            MsgKind::Ordered => self.on_ordered(&m),
            MsgKind::Inv => self.on_inv(&m),
            MsgKind::GetData => self.on_getdata(&m),
            MsgKind::Data => self.on_data(&m),
        }
    }

    /// Arms `timer` of `node`'s current incarnation `after` from now.
    pub(super) fn set_timer(&mut self, node: u32, timer: Timer, after: Micros) {
        let life = self.live.nodes[node as usize].life;
        self.queue
            .push(self.now + after, Event::Timer { node, life, timer });
    }

    fn start_timers(&mut self, node: u32) {
        let hb = from_ms(self.cfg.heartbeat_ms.into());
        let phase = self.timer_rng.between(1, hb);
        self.set_timer(node, Timer::Heartbeat, phase);
        let sync = from_ms(self.cfg.clock_sync_ms.into()).min(200 * MS);
        let phase = self.timer_rng.between(1, sync);
        self.set_timer(node, Timer::ClockSync, phase);
    }

    fn crash(&mut self, n: u32) {
        if self.live.nodes[n as usize].down {
            return;
        }
        self.live.crash(n, self.now);
        self.store.crash(n);
        self.clocks.crash(n);
    }

    fn recover(&mut self, n: u32) {
        if !self.live.nodes[n as usize].down {
            return;
        }
        self.live.recover(&self.topo, n, self.now);
        self.reroute(n);
        if self.chatty {
            self.start_timers(n);
        }
    }

    pub(super) fn refresh_reachability(&mut self) {
        self.live.refresh_reachability(&self.topo, &self.net);
    }
}

impl Engine {
    /// Whether `n` holds update `uid` (false once the update is no longer remembered).
    pub fn holds(&self, n: NodeId, uid: u32) -> bool {
        self.store.origin(uid).is_some() && self.store.has(n.0, uid)
    }

    /// What `n`'s clock reads now, µs.
    pub fn clock(&self, n: NodeId) -> i64 {
        self.clocks.clocks[n.index()].read(self.now)
    }

    /// When update `uid` started, while it is remembered.
    pub fn created_at(&self, uid: u32) -> Option<Micros> {
        self.store.origin(uid).map(|_| self.store.created_at(uid))
    }

    /// Who started update `uid`, while it is remembered.
    pub fn origin_of(&self, uid: u32) -> Option<NodeId> {
        self.store.origin(uid).map(NodeId)
    }
}
