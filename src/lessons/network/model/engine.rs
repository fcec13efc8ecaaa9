//! The discrete-event runtime of the first lesson: the order of work in one step, and the
//! public face of a run. The engine composes parts, each with its own state, that never call
//! each other: they act through the [`Wire`] (send, set a timer, note), and what one part's
//! handler implies for another comes back to the engine as a value, which it passes on.
//!
//! * [`Wire`] — time, the queue, the links, who is up, relay batches, counters, measurements;
//! * [`Liveness`] — heartbeats, suspicion, news of failures, who can reach whom, routes;
//! * [`Clocks`] — clocks that drift and are only ever slewed, and how each node corrects its
//!   own;
//! * [`Updates`] — the updates: who holds which, how they are passed on, their order;
//! * [`crate::sim::roles`] — the one place roles differ.
//!
//! # One step
//! [`Engine::advance_to`] repeats, while the earliest queued event is due:
//! 1. pop the earliest event by (time, insertion sequence) and set `now` to its time;
//! 2. handle it: a message is first checked against the network (lost on its link, destination
//!    down or restarted since it was sent, link cut since it was sent) and dropped or delivered;
//!    a delivered message is first a sign of life from its sender (which may lift a suspicion:
//!    then the receiver's route is worked out again and it catches the sender up), then goes to
//!    the handler of its kind; a timer runs only if it belongs to the node's current
//!    incarnation (a crash cancels the timers of the old one);
//! 3. handlers push what they want done (messages, timers) onto the queue, in order, so their
//!    insertion sequence breaks later ties.
//!
//! Faults applied "now" ([`Engine::apply`]) run after every event due at or before `now`, and
//! are written to the action log; replaying that log with the same config reproduces the run.

use std::sync::Arc;

use super::config::{ConfigError, SimConfig, Workload};
use super::liveness::Liveness;
use super::metrics::{Counters, Liveliness, Metrics, Network, Resilience, State, Timing, Units};
pub use super::msg::{Delivery, Msg, MsgKind, NONE};
use super::msg::{Event, Timer};
use super::sync::Clocks;
use super::updates::{Net, Updates};
pub use super::wire::Notable;
use super::wire::Wire;
use crate::sim::fault::{Action, Fault, FaultSpec, Faulty};
use crate::sim::ids::{Arch, NodeId};
use crate::sim::links::Links;
use crate::sim::rng::{SimRng, Stream};
use crate::sim::roles::{TimeSource, policy};
use crate::sim::time::{MS, Micros, from_ms};
use crate::sim::topology::Topology;

/// Spacing of flood updates.
const FLOOD_SPACING: Micros = 100 * MS;

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
    cfg: SimConfig,
    topo: Arc<Topology>,
    wire: Wire,
    live: Liveness,
    clocks: Clocks,
    store: Updates,
    work_rng: SimRng,
    timer_rng: SimRng,
    /// Whether the default workload runs (heartbeats, clocks); the flood has none.
    chatty: bool,
    events: u64,
    actions: Vec<Action>,
    /// The clock skew among live nodes just before the latest fault, µs (none: no fault yet),
    /// so a rating blames a failure only for what it changed.
    skew_before_fault: Option<i64>,
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
            wire: Wire::new(cfg, &topo),
            live: Liveness::new(&topo),
            clocks: Clocks::new(cfg, &topo),
            store: Updates::new(cfg, &topo),
            work_rng: SimRng::new(cfg.seed, Stream::Workload),
            timer_rng: SimRng::new(cfg.seed, Stream::Timers),
            chatty,
            events: 0,
            skew_before_fault: None,
            actions: Vec::new(),
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
                e.wire.queue.push(first, Event::NextUpdate);
            }
        } else {
            e.wire.queue.push(0, Event::NextUpdate);
        }
        for (i, f) in cfg.faults.iter().enumerate() {
            e.wire
                .queue
                .push(from_ms(f.at_ms), Event::Scheduled(i as u32));
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
        self.wire.now
    }

    /// Every fault applied so far with its time: scheduled ones and those applied "now".
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// A hash over every delivered message (time, endpoints, kind, payload — clock readings
    /// included), in order: two runs with the same hash delivered the same messages at the
    /// same times.
    pub fn trace_hash(&self) -> u64 {
        self.wire.trace()
    }

    /// Starts keeping every delivery from now on (for tests: memory grows with the run).
    pub fn record_deliveries(&mut self) {
        self.wire.recorded.get_or_insert_with(Vec::new);
    }

    /// Deliveries kept since [`Engine::record_deliveries`].
    pub fn deliveries(&self) -> &[Delivery] {
        self.wire.recorded.as_deref().unwrap_or(&[])
    }

    /// Notable events since the last call, with their times (at most the latest 1,000).
    pub fn take_notable(&mut self) -> Vec<(Micros, Notable)> {
        self.wire.take_notable()
    }

    /// Events waiting in the queue (bounded by the network size, not by run length).
    pub fn pending_events(&self) -> usize {
        self.wire.queue.len()
    }

    /// The message-layer counters.
    pub fn counters(&self) -> Counters {
        Counters {
            events: self.events,
            ..self.wire.counters
        }
    }

    /// Whether node `n` is up.
    pub fn is_up(&self, n: NodeId) -> bool {
        !self.wire.up.is_down(n.0)
    }

    /// Whether node `n` is up and in the working part of the network.
    pub fn is_reachable(&self, n: NodeId) -> bool {
        self.live.reachable[n.index()]
    }

    /// Whether link `l` is cut.
    pub fn is_cut(&self, l: usize) -> bool {
        self.wire.links.is_cut(l)
    }

    /// Messages on their links, with their delivery times.
    pub fn in_flight(&self) -> impl Iterator<Item = (Micros, &Msg)> {
        self.wire.queue.iter().filter_map(|(at, ev)| match ev {
            Event::Deliver(m) => Some((at, m)),
            _ => None,
        })
    }

    /// Time of the next queued event, if any.
    pub fn next_event_time(&mut self) -> Option<Micros> {
        self.wire.queue.peek_time()
    }

    /// A node's state for display.
    pub fn status(&self, n: NodeId) -> NodeStatus {
        let i = n.index();
        let missing = if self.topo.role(n).is_participant() {
            self.store.missing(&self.topo, &self.wire.up, n.0)
        } else {
            0
        };
        NodeStatus {
            up: self.is_up(n),
            reachable: self.live.reachable[i],
            clock_error_ms: self.clocks.clocks[i].error(self.now()) as f64 / MS as f64,
            missing_updates: missing,
            believes_down: self.live.believes_down(n.0),
        }
    }

    /// Whether `n` holds update `uid` (false once the update is no longer remembered).
    pub fn holds(&self, n: NodeId, uid: u32) -> bool {
        self.store.origin(uid).is_some() && self.store.has(n.0, uid)
    }

    /// What `n`'s clock reads now, µs.
    pub fn clock(&self, n: NodeId) -> i64 {
        self.clocks.clocks[n.index()].read(self.now())
    }

    /// When update `uid` started, while it is remembered.
    pub fn created_at(&self, uid: u32) -> Option<Micros> {
        self.store.origin(uid).map(|_| self.store.created_at(uid))
    }

    /// Who started update `uid`, while it is remembered.
    pub fn origin_of(&self, uid: u32) -> Option<NodeId> {
        self.store.origin(uid).map(NodeId)
    }

    /// Everything measured, over the recent window where a number is a rate or a share.
    pub fn metrics(&self) -> Metrics {
        let (topo, live, wire, cfg) = (&self.topo, &self.live, &self.wire, &self.cfg);
        let now = wire.now;
        let up = &wire.up;
        let w = wire.meas.read(now, topo, |n| up.is_down(n));
        let participants = topo.participants.len() as u32;
        let skew = self
            .clocks
            .skew(now, (0..topo.len()).filter(|&i| !up.is_down(i as u32)));
        let down_nodes: Vec<String> = (0..topo.len() as u32)
            .filter(|&i| up.is_down(i))
            .map(|i| topo.label(NodeId(i)).to_string())
            .collect();
        let (stale, _) = self.store.stale(topo, up);
        Metrics {
            state: State {
                participants,
                nodes: topo.len() as u32,
                live_participants: live.live_participants,
                reachable_participants: live.reach_count,
                reachable_fraction: if live.live_participants == 0 {
                    0.0
                } else {
                    f64::from(live.reach_count) / f64::from(live.live_participants)
                },
                down_nodes,
                cut_links: wire.links.cut_links().count() as u32,
                window_ms: w.window_ms,
            },
            network: Network {
                links_per_participant: topo.links.len() as f64 / f64::from(participants),
                routers: w.routers,
                messages_per_delivery: w.messages_per_delivery,
            },
            liveliness: Liveliness {
                delivery_p99_delays: w.delivery_p99_delays,
                delivery_p99_ms: w.delivery_p99_ms,
                late_or_missed_fraction: w.late_or_missed_fraction,
                since_last_delivery_ms: w.since_last_delivery_ms,
                stalled_ms: w.stalled_ms,
                updates_started: self.store.created(),
                sources_per_participant: w.sources_per_participant,
                stale_fraction: stale,
                propagation_p50_ms: w.propagation_p50_ms,
                propagation_p99_ms: w.propagation_p99_ms,
                detection_delay_ms: (live.detect_count > 0)
                    .then(|| live.detect_sum / f64::from(live.detect_count)),
                failures_detected: live.detect_count,
            },
            timing: Timing {
                max_clock_skew_ms: skew as f64 / MS as f64,
                skew_before_fault_ms: self.skew_before_fault.map(|s| s as f64 / MS as f64),
                sync_bound_ms: 2.0 * f64::from(cfg.latency_max_ms - cfg.latency_min_ms)
                    + 4.0 * f64::from(cfg.clock_drift_ppm) * f64::from(cfg.clock_sync_ms) / 1e6,
                order_disagreement_fraction: if w.ordered_pairs == 0 {
                    0.0
                } else {
                    w.disordered_pairs as f64 / w.ordered_pairs as f64
                },
                ordered_pairs: w.ordered_pairs,
                disordered_pairs: w.disordered_pairs,
            },
            resilience: Resilience {
                worst_single_failure_fraction: live.worst.0,
                worst_single_failure_node: live.worst.1.map(|n| topo.label(n).to_string()),
            },
            counters: self.counters(),
            units: Units {
                mean_latency_ms: cfg.mean_latency_ms(),
                timeout_ms: f64::from(cfg.timeout_ms),
            },
        }
    }

    // ------------------------------------------------------------------ running

    /// Processes every event due at or before `t`, then sets the clock to `t` (never backwards).
    pub fn advance_to(&mut self, t: Micros) {
        while let Some((at, ev)) = self.wire.queue.pop_due(t) {
            self.wire.now = at;
            self.events += 1;
            self.handle(ev);
        }
        self.wire.now = self.wire.now.max(t);
    }

    /// Runs until nothing is queued or `max_events` more have been processed; returns whether
    /// the queue drained. (The default workload never drains: its timers run forever.)
    pub fn run_until_idle(&mut self, max_events: u64) -> bool {
        let stop = self.events.saturating_add(max_events);
        while self.events < stop {
            let Some((at, ev)) = self.wire.queue.pop() else {
                return true;
            };
            self.wire.now = at;
            self.events += 1;
            self.handle(ev);
        }
        self.wire.queue.is_empty()
    }

    /// Applies a fault at the current time and logs it.
    pub fn apply(&mut self, fault: &Fault) {
        let up = &self.wire.up;
        let skew = self.clocks.skew(
            self.wire.now,
            (0..self.topo.len()).filter(|&i| !up.is_down(i as u32)),
        );
        self.skew_before_fault = Some(skew);
        crate::sim::fault::apply(self, fault);
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

    // In wasm, inlined into the two run loops: left as a call, the flood ran a quarter slower in
    // Chromium; natively, inlining it makes the flood a quarter slower instead (BENCHMARKS.md).
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    fn handle(&mut self, ev: Event) {
        match ev {
            Event::Deliver(m) => {
                if self.wire.arrives(&m) {
                    self.on_message(m);
                }
            }
            Event::Timer { node, life, timer } => {
                if self.wire.up.life(node) == life && !self.wire.up.is_down(node) {
                    self.on_timer(node, timer);
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

    fn on_timer(&mut self, node: u32, timer: Timer) {
        let topo = Arc::clone(&self.topo);
        match timer {
            Timer::Heartbeat => {
                let reading = self.clocks.raw(node, self.wire.now);
                let timeout = from_ms(self.cfg.timeout_ms.into());
                if self
                    .live
                    .on_heartbeat_timer(&mut self.wire, &topo, node, reading, timeout)
                {
                    self.reroute(node);
                }
                let every = from_ms(self.cfg.heartbeat_ms.into());
                self.wire.set_timer(node, Timer::Heartbeat, every);
            }
            Timer::ClockSync => {
                let up = self.live.routes[node as usize].next;
                let live = &self.live;
                let every = from_ms(self.cfg.clock_sync_ms.into());
                self.clocks.on_sync_timer(
                    &mut self.wire,
                    &topo,
                    node,
                    up,
                    |s| live.suspects(s),
                    every,
                );
            }
            Timer::Relay => {
                let live = &self.live;
                self.wire.flush_relay(node, |s| live.suspects(s));
            }
            Timer::Refetch(uid, next, tries) => {
                let net = Net {
                    topo: &topo,
                    live: &self.live,
                };
                self.store
                    .on_refetch(&mut self.wire, net, node, (uid, next, tries));
            }
        }
    }

    /// A message that arrived: first a sign of life from its sender, then its handler.
    fn on_message(&mut self, m: Msg) {
        if self.chatty {
            let timeout = from_ms(self.cfg.timeout_ms.into());
            let slot = m.slot as usize;
            if let Some(since) =
                self.live
                    .heard(&mut self.wire, &self.topo, m.to, m.from, slot, timeout)
            {
                self.reroute(m.to);
                self.catch_up(m.to, slot, since);
            }
        }
        if let Some(dest) = m.dest() {
            self.pass_detour(&m, dest);
            return;
        }
        let net = Net {
            topo: &self.topo,
            live: &self.live,
        };
        let w = &mut self.wire;
        match m.kind {
            MsgKind::Heartbeat => self.on_heartbeat(&m),
            MsgKind::Down | MsgKind::Up => {
                let (stamp, down) = (m.b as Micros, m.kind == MsgKind::Down);
                self.live
                    .learn(w, &self.topo, m.to, m.a, stamp, down, Some(m.from));
            }
            MsgKind::TimeRequest => self.clocks.on_time_request(w, &m),
            MsgKind::TimeReply => self.clocks.on_time_reply(w.now, &m),
            MsgKind::Update => self.store.on_update(w, net, &m),
            MsgKind::Ordered => self.store.on_ordered(w, net, &m),
            MsgKind::Inv => self.store.on_inv(w, net.topo, &m),
            MsgKind::GetData => self.store.on_getdata(w, &m),
            MsgKind::Data => self.store.on_data(w, net, &m),
        }
    }

    /// A heartbeat: the sender may have restarted (it missed what went in the last timeout),
    /// may hear other orderers (routes may change), and shows its clock.
    fn on_heartbeat(&mut self, m: &Msg) {
        let (node, slot) = (m.to, m.slot as usize);
        let beat = self.live.on_heartbeat(m);
        if beat.restarted {
            let silence =
                from_ms(u64::from(self.cfg.timeout_ms) + u64::from(self.cfg.heartbeat_ms));
            self.catch_up(node, slot, self.wire.now.saturating_sub(silence));
        }
        if beat.hears_other_orderers {
            self.reroute(node);
        }
        if policy(self.topo.role(NodeId(node))).time == TimeSource::NeighbourMedian {
            let own = self.clocks.raw(node, self.wire.now);
            self.clocks.sample(slot, m.b - own);
        }
    }

    /// A relay passes on a message meant for a node further on.
    fn pass_detour(&mut self, m: &Msg, dest: u32) {
        if let Some(slot) = self.topo.slot_between(NodeId(m.to), NodeId(dest))
            && !self.live.suspects(slot)
        {
            self.wire.relay(m.to, slot, m.kind, m.a, m.b, NONE);
        }
    }

    /// Works `node`'s route out again; when it changes, what `node` still waits to see ordered
    /// is sent again along the new one — or, if `node` now orders updates itself, ordered.
    fn reroute(&mut self, node: u32) {
        let Some(new) = self.live.reroute(&self.topo, node) else {
            return;
        };
        let net = Net {
            topo: &self.topo,
            live: &self.live,
        };
        if new.authority == node {
            self.store.order_pending(&mut self.wire, net, node);
        } else if new.next != NONE {
            self.store.resend_pending(&mut self.wire, net, node);
        }
    }

    fn catch_up(&mut self, node: u32, slot: usize, since: Micros) {
        let net = Net {
            topo: &self.topo,
            live: &self.live,
        };
        self.store.catch_up(&mut self.wire, net, node, slot, since);
    }

    fn update_gap(&mut self) -> Micros {
        let mean = 1e6 / self.cfg.update_rate;
        (mean * (0.5 + self.work_rng.unit())) as Micros
    }

    fn on_next_update(&mut self) {
        let participants = self.topo.participants.len() as u32;
        let origin = self.topo.participants[self.work_rng.below(participants) as usize].0;
        let started = self.store.count_start();
        if self.cfg.updates == 0 || started < self.cfg.updates {
            let gap = match self.cfg.workload {
                Workload::Flood => FLOOD_SPACING,
                Workload::Default => self.update_gap(),
            };
            let at = self.wire.now + gap;
            self.wire.queue.push(at, Event::NextUpdate);
        }
        if !self.wire.up.is_down(origin) {
            let net = Net {
                topo: &self.topo,
                live: &self.live,
            };
            self.store.originate(&mut self.wire, net, origin);
        }
    }

    fn start_timers(&mut self, node: u32) {
        let hb = from_ms(self.cfg.heartbeat_ms.into());
        let phase = self.timer_rng.between(1, hb);
        self.wire.set_timer(node, Timer::Heartbeat, phase);
        let sync = from_ms(self.cfg.clock_sync_ms.into()).min(200 * MS);
        let phase = self.timer_rng.between(1, sync);
        self.wire.set_timer(node, Timer::ClockSync, phase);
    }

    fn refresh_reachability(&mut self) {
        self.live
            .refresh_reachability(&self.topo, &self.wire.up, &self.wire.links);
    }
}

impl Faulty for Engine {
    fn topology(&self) -> &Topology {
        &self.topo
    }
    fn links_mut(&mut self) -> &mut Links {
        &mut self.wire.links
    }
    fn now(&self) -> Micros {
        self.wire.now
    }
    fn log(&mut self, action: Action) {
        self.actions.push(action);
    }
    fn crash(&mut self, n: u32) {
        if self.wire.crash(n) {
            self.live.crash(n, self.wire.now);
            self.store.crash(n);
            self.clocks.crash(n);
        }
    }
    fn recover(&mut self, n: u32) {
        if !self.wire.up.recover(n) {
            return;
        }
        self.live.recover(&self.topo, n, self.wire.now);
        self.reroute(n);
        if self.chatty {
            self.start_timers(n);
        }
    }
    fn applied(&mut self) {
        self.refresh_reachability();
    }
}
