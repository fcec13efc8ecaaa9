//! The discrete-event runtime and the per-role protocol.
//!
//! # One step
//! [`Engine::advance_to`] repeats, while the earliest queued event is due:
//! 1. pop the earliest event by (time, insertion sequence) and set `now` to its time;
//! 2. handle it: a message is first checked against the network (lost on its link, destination
//!    down or restarted since it was sent, link cut since it was sent) and dropped or delivered;
//!    a delivered message goes to the receiving node's role handler; a timer runs only if it
//!    belongs to the node's current incarnation (a crash cancels the timers of the old one);
//! 3. handlers push what they want done (messages, timers) onto the queue, in order, so their
//!    insertion sequence breaks later ties.
//!
//! Faults applied "now" ([`Engine::apply`]) run after every event due at or before `now`, and
//! are written to the action log; replaying that log with the same config reproduces the run.
//!
//! # Protocol (the same code for every architecture; only the node's role differs)
//! * Updates start at a participant. A client sends it to its server and applies it when the
//!   server sends it back (the server decides the order). A server applies it and sends it to
//!   its clients; a federated server also passes it up to the main server (or, when it believes
//!   the main server down, straight to the servers it is linked to); the main server passes it to
//!   the other federated servers. A peer applies it and relays it to its neighbours, in batches
//!   every `gossip_ms` (at once in the flood workload).
//! * Liveness: every node sends heartbeats to its neighbours and suspects one that stays silent
//!   for `timeout_ms`. News that a node is down (or back) travels the same paths as updates;
//!   news carries the time it was detected, and later news wins.
//! * Clocks: a client follows its server, a federated server the main server (Cristian's method:
//!   ask, and set the clock to the answer plus half the round trip). Peers follow nobody.

use std::sync::Arc;

use super::clock::Clock;
use super::config::{ConfigError, SimConfig, Workload};
use super::fault::{Action, Fault, FaultSpec};
use super::ids::{Arch, NodeId, Role};
use super::metrics::{Counters, Histogram, Metrics};
use super::queue::Queue;
use super::rng::{SimRng, Stream};
use super::time::{MS, Micros, from_ms, to_ms};
use super::topology::Topology;

/// What a message carries.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum MsgKind {
    /// A data update (`a` = update id).
    Update,
    /// "I am alive."
    Heartbeat,
    /// News: node `a` is down, detected at time `b`.
    Down,
    /// News: node `a` is back, detected at time `b`.
    Up,
    /// A clock request.
    TimeRequest,
    /// A clock answer (`b` = the answering clock's reading).
    TimeReply,
}

/// A message on a link. It carries its send time so a view can draw it moving.
#[derive(Copy, Clone, Debug)]
pub struct Msg {
    /// When it was sent.
    pub sent: Micros,
    /// Sender.
    pub from: u32,
    /// Receiver.
    pub to: u32,
    /// The link it travels on.
    pub link: u32,
    /// The sender's slot of that link (see [`Topology::slot`]).
    pub slot: u32,
    /// What it is.
    pub kind: MsgKind,
    /// Lost on the link: it travels, but will be dropped on arrival.
    pub lost: bool,
    /// Links crossed so far, including this one.
    pub hops: u16,
    /// Payload (update id or node id).
    pub a: u32,
    /// Payload (time stamp or clock reading).
    pub b: i64,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Timer {
    Heartbeat,
    ClockSync,
    Gossip,
}

#[derive(Copy, Clone, Debug)]
enum Event {
    Deliver(Msg),
    Timer { node: u32, life: u32, timer: Timer },
    NextUpdate,
    Scheduled(u32),
    Sample,
}

/// A piece of news waiting in a peer's gossip batch.
#[derive(Copy, Clone, Debug)]
struct Pending {
    kind: MsgKind,
    from: u32,
    hops: u16,
    a: u32,
    b: i64,
}

#[derive(Copy, Clone, Debug, Default)]
struct UpdateRec {
    created: Micros,
    origin: u32,
    target: u32,
    holders: u32,
    done: bool,
}

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

/// Per node state read on every delivery.
#[derive(Copy, Clone, Debug)]
struct NodeState {
    role: Role,
    down: bool,
    /// Incarnation; timers of an older one are ignored.
    life: u32,
    /// Last crash time + 1 (0 = never crashed), to drop messages sent before a restart.
    crashed: Micros,
}

impl Default for NodeState {
    fn default() -> Self {
        NodeState {
            role: Role::Peer,
            down: false,
            life: 0,
            crashed: 0,
        }
    }
}

/// Per link state.
#[derive(Copy, Clone, Debug, Default)]
struct LinkState {
    cut: bool,
    /// Last cut time + 1 (0 = never cut).
    last_cut: Micros,
}

/// Per link direction: what one end knows of the other, and the FIFO order of what it sends.
#[derive(Copy, Clone, Debug, Default)]
struct DirState {
    /// Latest delivery time scheduled on this direction (links are FIFO).
    fifo: Micros,
    /// When this end last heard from the other.
    last_heard: Micros,
    /// Whether this end suspects the other is down.
    suspected: bool,
}

/// A failure waiting to be detected by everyone who should know.
#[derive(Clone, Debug)]
struct Detection {
    node: u32,
    crashed: Micros,
    open: bool,
}

const NONE: u32 = u32::MAX;
const SAMPLE_EVERY: Micros = 100 * MS;
const FLOOD_SPACING: Micros = 100 * MS;

/// A delivered message, as recorded by [`Engine::record_deliveries`].
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// Arrival time.
    pub at: Micros,
    /// Send time.
    pub sent: Micros,
    /// Sender.
    pub from: u32,
    /// Receiver.
    pub to: u32,
    /// Link.
    pub link: u32,
}

/// A node's state as a view shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeStatus {
    /// Running.
    pub up: bool,
    /// Up and connected to a majority of the live participants.
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
    now: Micros,
    queue: Queue<Event>,
    net_rng: SimRng,
    work_rng: SimRng,
    timer_rng: SimRng,
    lat_min: Micros,
    lat_max: Micros,
    // ---- nodes, links and link directions (hot state kept together for the cache) ----
    nodes: Vec<NodeState>,
    links: Vec<LinkState>,
    /// Per slot (one direction of a link, see [`Topology::slot`]): a node's slots are
    /// contiguous, so sending to every neighbour walks memory in order.
    dirs: Vec<DirState>,
    /// Whether any link was ever cut (until then, deliveries skip the link check).
    any_cut: bool,
    /// Whether any node ever suspected a neighbour (until then, sends skip the check).
    any_suspected: bool,
    clocks: Vec<Clock>,
    sync_parent: Vec<u32>,
    sync_sent: Vec<Option<i64>>,
    /// Per node, what it has heard of other nodes: (node, stamp, down), sorted by node.
    views: Vec<Vec<(u32, Micros, bool)>>,
    gossip: Vec<Vec<Pending>>,
    // ---- data ----
    words: usize,
    have: Vec<u64>,
    updates: Vec<UpdateRec>,
    next_uid: u32,
    pair_fwd: Vec<u32>,
    pair_rev: Vec<u32>,
    started: u32,
    // ---- derived state ----
    reachable: Vec<bool>,
    reach_count: u32,
    live_participants: u32,
    worst: (f64, Option<NodeId>),
    detections: Vec<Detection>,
    // ---- measurements ----
    counters: Counters,
    propagation: Histogram,
    hop_sum: u64,
    hop_count: u64,
    /// Per node: whether it has passed on an update it did not start.
    relayed: Vec<bool>,
    relaying_nodes: u32,
    stale_sum: f64,
    stale_samples: u64,
    detect_sum: f64,
    detect_count: u32,
    ordered_pairs: u64,
    disordered_pairs: u64,
    trace: u64,
    actions: Vec<Action>,
    recorded: Option<Vec<Delivery>>,
    notable: Vec<(Micros, Notable)>,
}

impl Engine {
    /// Builds `arch` for `cfg`: validates, lays out the topology, seeds clocks and timers, and
    /// schedules the config's faults. Every refusal is a typed [`ConfigError`].
    pub fn new(arch: Arch, cfg: &SimConfig) -> Result<Engine, ConfigError> {
        cfg.validate()?;
        let topo = Topology::build(arch, cfg)?;
        // Resolve scheduled faults now so a bad node id fails before the run starts.
        for f in &cfg.faults {
            f.fault.resolve(&topo)?;
        }
        let n = topo.len();
        let links = topo.links.len();
        let flood = cfg.workload == Workload::Flood;
        // The window of updates each node remembers (older ones are settled and forgotten).
        let window = if flood {
            cfg.updates as usize
        } else {
            (cfg.update_rate * 30.0).max(256.0) as usize
        };
        let words = window.div_ceil(64).max(1);
        let slots = words * 64;

        let mut clock_rng = SimRng::new(cfg.seed, Stream::Clocks);
        let clocks = (0..n)
            .map(|_| Clock {
                offset: clock_rng.symmetric(i64::from(cfg.clock_offset_ms) * MS as i64),
                drift_ppm: clock_rng.symmetric(i64::from(cfg.clock_drift_ppm)) as i32,
            })
            .collect();
        let sync_parent = (0..n)
            .map(|i| {
                let me = NodeId(i as u32);
                // Whom this node takes its time from: its server, or the main server.
                let wants = match (topo.role(me), arch) {
                    (Role::Client, Arch::Federated) => Some(Role::FederatedServer),
                    (Role::Client, _) => Some(Role::Server),
                    (Role::FederatedServer, _) => Some(Role::MainServer),
                    _ => None,
                };
                wants
                    .and_then(|role| {
                        topo.neighbours(me)
                            .iter()
                            .find(|&&(m, _)| topo.role(NodeId(m)) == role)
                    })
                    .map_or(NONE, |&(m, _)| m)
            })
            .collect();

        let mut e = Engine {
            lat_min: from_ms(cfg.latency_min_ms.into()),
            lat_max: from_ms(cfg.latency_max_ms.into()),
            now: 0,
            queue: Queue::default(),
            net_rng: SimRng::new(cfg.seed, Stream::Network),
            work_rng: SimRng::new(cfg.seed, Stream::Workload),
            timer_rng: SimRng::new(cfg.seed, Stream::Timers),
            nodes: (0..n)
                .map(|i| NodeState {
                    role: topo.role(NodeId(i as u32)),
                    ..NodeState::default()
                })
                .collect(),
            links: vec![LinkState::default(); links],
            dirs: vec![DirState::default(); topo.adj_len()],
            any_cut: false,
            any_suspected: false,
            clocks,
            sync_parent,
            sync_sent: vec![None; n],
            views: vec![Vec::new(); n],
            gossip: vec![Vec::new(); n],
            words,
            have: vec![0; n * words],
            updates: vec![UpdateRec::default(); slots],
            next_uid: 0,
            pair_fwd: vec![0; slots],
            pair_rev: vec![0; slots],
            started: 0,
            reachable: Vec::new(),
            reach_count: 0,
            live_participants: 0,
            worst: topo.worst_single_failure(),
            detections: Vec::new(),
            counters: Counters::default(),
            propagation: Histogram::default(),
            hop_sum: 0,
            hop_count: 0,
            relayed: vec![false; n],
            relaying_nodes: 0,
            stale_sum: 0.0,
            stale_samples: 0,
            detect_sum: 0.0,
            detect_count: 0,
            ordered_pairs: 0,
            disordered_pairs: 0,
            trace: 0xcbf2_9ce4_8422_2325,
            actions: Vec::new(),
            recorded: None,
            notable: Vec::new(),
            topo: Arc::new(topo),
            cfg: cfg.clone(),
        };
        e.refresh_reachability();
        if flood {
            e.queue.push(0, Event::NextUpdate);
        } else {
            for i in 0..n as u32 {
                e.start_timers(i);
            }
            if cfg.update_rate > 0.0 {
                let first = e.update_gap();
                e.queue.push(first, Event::NextUpdate);
            }
            e.queue.push(SAMPLE_EVERY, Event::Sample);
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

    /// A hash over every delivered message (time, endpoints, kind, payload), in order: two runs
    /// with the same hash delivered the same messages at the same times.
    pub fn trace_hash(&self) -> u64 {
        self.trace
    }

    /// Starts keeping every delivery from now on (for tests: memory grows with the run).
    pub fn record_deliveries(&mut self) {
        self.recorded.get_or_insert_with(Vec::new);
    }

    /// Deliveries kept since [`Engine::record_deliveries`].
    pub fn deliveries(&self) -> &[Delivery] {
        self.recorded.as_deref().unwrap_or(&[])
    }

    /// Notable events since the last call, with their times (at most the latest 1,000).
    pub fn take_notable(&mut self) -> Vec<(Micros, Notable)> {
        std::mem::take(&mut self.notable)
    }

    fn note(&mut self, what: Notable) {
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
        self.counters
    }

    /// Whether node `n` is up.
    pub fn is_up(&self, n: NodeId) -> bool {
        !self.nodes[n.index()].down
    }

    /// Whether node `n` is up and connected to a majority of the live participants.
    pub fn is_reachable(&self, n: NodeId) -> bool {
        self.reachable[n.index()]
    }

    /// Whether link `l` is cut.
    pub fn is_cut(&self, l: usize) -> bool {
        self.links[l].cut
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
            let known = self.known_updates();
            let mine = &self.have[i * self.words..(i + 1) * self.words];
            known
                .iter()
                .zip(mine)
                .map(|(k, m)| (k & !m).count_ones())
                .sum()
        } else {
            0
        };
        NodeStatus {
            up: !self.nodes[i].down,
            reachable: self.reachable[i],
            clock_error_ms: self.clocks[i].error(self.now) as f64 / MS as f64,
            missing_updates: missing,
            believes_down: self.views[i].iter().filter(|v| v.2).count() as u32,
        }
    }

    // ------------------------------------------------------------------ running

    /// Processes every event due at or before `t`, then sets the clock to `t` (never backwards).
    pub fn advance_to(&mut self, t: Micros) {
        while let Some(at) = self.queue.peek_time() {
            if at > t {
                break;
            }
            let (at, ev) = self.queue.pop().expect("peeked");
            self.now = at;
            self.counters.events += 1;
            self.handle(ev);
        }
        self.now = self.now.max(t);
    }

    /// Runs until nothing is queued or `max_events` have been processed; returns whether the
    /// queue drained. (The default workload never drains: its timers run forever.)
    pub fn run_until_idle(&mut self, max_events: u64) -> bool {
        let stop = self.counters.events + max_events;
        while self.counters.events < stop {
            let Some((at, ev)) = self.queue.pop() else {
                return true;
            };
            self.now = at;
            self.counters.events += 1;
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
                    self.set_cut(l as usize, true);
                }
            }
            Fault::Heal(a, b) => {
                if let Some(l) = self.topo.link_between(*a, *b) {
                    self.set_cut(l as usize, false);
                }
            }
            Fault::Partition(side) => {
                let mut inside = vec![false; self.topo.len()];
                for n in side {
                    inside[n.index()] = true;
                }
                for l in 0..self.topo.links.len() {
                    let (a, b) = self.topo.links[l];
                    if inside[a.index()] != inside[b.index()] {
                        self.set_cut(l, true);
                    }
                }
            }
            Fault::HealAll => {
                for l in 0..self.topo.links.len() {
                    self.set_cut(l, false);
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
        log.sort_by_key(|a| a.at);
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
            Event::Deliver(m) => self.deliver(m),
            Event::Timer { node, life, timer } => {
                if self.nodes[node as usize].life == life && !self.nodes[node as usize].down {
                    match timer {
                        Timer::Heartbeat => self.on_heartbeat_timer(node),
                        Timer::ClockSync => self.on_sync_timer(node),
                        Timer::Gossip => self.on_gossip_timer(node),
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
            Event::Sample => {
                let (stale, _) = self.stale();
                self.stale_sum += stale;
                self.stale_samples += 1;
                self.queue.push(self.now + SAMPLE_EVERY, Event::Sample);
            }
        }
    }

    fn deliver(&mut self, m: Msg) {
        self.counters.in_flight -= 1;
        let to = m.to as usize;
        let l = m.link as usize;
        if m.lost
            || self.nodes[to].down
            || self.nodes[to].crashed > m.sent
            || (self.any_cut && (self.links[l].cut || self.links[l].last_cut > m.sent))
        {
            self.counters.dropped += 1;
            return;
        }
        self.counters.delivered += 1;
        if let Some(log) = &mut self.recorded {
            log.push(Delivery {
                at: self.now,
                sent: m.sent,
                from: m.from,
                to: m.to,
                link: m.link,
            });
        }
        self.trace = mix(self.trace, self.now);
        self.trace = mix(self.trace, u64::from(m.from) | (u64::from(m.to) << 32));
        self.trace = mix(self.trace, m.kind as u64 | (u64::from(m.a) << 8));
        if self.cfg.workload == Workload::Default {
            self.heard(m.to, m.from, self.topo.reverse(m.slot as usize));
        }
        match m.kind {
            MsgKind::Update => self.receive_update(m.to, m.a, Some(m.from), m.hops),
            MsgKind::Heartbeat => {}
            MsgKind::Down | MsgKind::Up => self.learn(
                m.to,
                m.a,
                m.b as Micros,
                m.kind == MsgKind::Down,
                Some(m.from),
                m.hops,
            ),
            MsgKind::TimeRequest => {
                let reading = self.clocks[to].read(self.now);
                let back = self.topo.reverse(m.slot as usize);
                self.send(m.to, back, MsgKind::TimeReply, 1, 0, reading);
            }
            MsgKind::TimeReply => {
                if let Some(sent) = self.sync_sent[to].take() {
                    let local = self.clocks[to].read(self.now);
                    let rtt = local - sent;
                    self.clocks[to].set(self.now, m.b + rtt / 2);
                }
            }
        }
    }

    // ------------------------------------------------------------------ sending

    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn send(&mut self, from: u32, slot: usize, kind: MsgKind, hops: u16, a: u32, b: i64) {
        let (to, link) = self.topo.slot(slot);
        let dir = slot;
        let latency = self.net_rng.between(self.lat_min, self.lat_max);
        let lost = self.cfg.loss > 0.0 && self.net_rng.chance(self.cfg.loss);
        let at = (self.now + latency).max(self.dirs[dir].fifo);
        self.dirs[dir].fifo = at;
        self.counters.sent += 1;
        self.counters.in_flight += 1;
        if kind == MsgKind::Update {
            self.counters.update_messages += 1;
            // Past its first link an update is being passed on: the sender routes for others.
            if hops >= 2 && !self.relayed[from as usize] {
                self.relayed[from as usize] = true;
                self.relaying_nodes += 1;
            }
        }
        self.queue.push(
            at,
            Event::Deliver(Msg {
                sent: self.now,
                from,
                to,
                link,
                slot: slot as u32,
                kind,
                lost,
                hops,
                a,
                b,
            }),
        );
    }

    /// Passes news (an update or a liveness notice) on, according to the node's role.
    /// `from` is the neighbour it came from (`None` when it started here).
    fn disseminate(
        &mut self,
        node: u32,
        kind: MsgKind,
        a: u32,
        b: i64,
        from: Option<u32>,
        hops: u16,
    ) {
        let topo = Arc::clone(&self.topo);
        let me = NodeId(node);
        let base = topo.adj_offset(me);
        let role = self.nodes[node as usize].role;
        let from_role = from.map(|f| self.nodes[f as usize].role);
        // A client applies its own update only when its server sends it back, so servers echo
        // updates to the client they came from; notices are not echoed.
        let echo = kind == MsgKind::Update;
        let next = hops.saturating_add(1);
        match role {
            Role::Client => {
                if from.is_none() {
                    for k in 0..topo.neighbours(me).len() {
                        self.send(node, base + k, kind, next, a, b);
                    }
                }
            }
            Role::Server | Role::MainServer => {
                for (k, &(m, _)) in topo.neighbours(me).iter().enumerate() {
                    let back_to_sender = Some(m) == from;
                    if (back_to_sender && (!echo || role == Role::MainServer))
                        || self.believes_down(base + k)
                    {
                        continue;
                    }
                    self.send(node, base + k, kind, next, a, b);
                }
            }
            Role::FederatedServer => {
                let from_below = matches!(from_role, None | Some(Role::Client));
                let main_up = topo.neighbours(me).iter().enumerate().any(|(k, &(m, _))| {
                    self.nodes[m as usize].role == Role::MainServer && !self.believes_down(base + k)
                });
                for (k, &(m, _)) in topo.neighbours(me).iter().enumerate() {
                    let wanted = match self.nodes[m as usize].role {
                        Role::Client => Some(m) != from || echo,
                        Role::MainServer => from_below && main_up,
                        Role::FederatedServer => from_below && !main_up,
                        _ => false,
                    };
                    if wanted && !self.believes_down(base + k) {
                        self.send(node, base + k, kind, next, a, b);
                    }
                }
            }
            Role::Peer => {
                if self.cfg.gossip_ms == 0 || self.cfg.workload == Workload::Flood {
                    for (k, &(m, _)) in topo.neighbours(me).iter().enumerate() {
                        if Some(m) != from && !self.believes_down(base + k) {
                            self.send(node, base + k, kind, next, a, b);
                        }
                    }
                } else {
                    self.gossip[node as usize].push(Pending {
                        kind,
                        from: from.unwrap_or(NONE),
                        hops: next,
                        a,
                        b,
                    });
                }
            }
        }
    }

    /// Whether the node owning `slot` suspects the neighbour at its other end.
    #[inline]
    fn believes_down(&self, slot: usize) -> bool {
        self.any_suspected && self.dirs[slot].suspected
    }

    // ------------------------------------------------------------------ data

    fn update_gap(&mut self) -> Micros {
        let mean = 1e6 / self.cfg.update_rate;
        (mean * (0.5 + self.work_rng.unit())) as Micros
    }

    fn on_next_update(&mut self) {
        let flood = self.cfg.workload == Workload::Flood;
        let participants = self.topo.participants.len() as u32;
        let origin = self.topo.participants[self.work_rng.below(participants) as usize].0;
        self.started += 1;
        let more = self.cfg.updates == 0 || self.started < self.cfg.updates;
        if more {
            let gap = if flood {
                FLOOD_SPACING
            } else {
                self.update_gap()
            };
            self.queue.push(self.now + gap, Event::NextUpdate);
        }
        if self.nodes[origin as usize].down {
            return;
        }
        let uid = self.new_update(origin);
        if self.topo.role(NodeId(origin)) == Role::Peer {
            self.apply_update(origin, uid, 0);
        }
        self.disseminate(origin, MsgKind::Update, uid, 0, None, 0);
    }

    fn new_update(&mut self, origin: u32) -> u32 {
        let uid = self.next_uid;
        self.next_uid += 1;
        self.counters.updates_created += 1;
        let slots = self.updates.len();
        let slot = uid as usize % slots;
        if uid as usize >= slots {
            // Forget the update that used this slot.
            let (w, bit) = (slot / 64, 1u64 << (slot % 64));
            for node in 0..self.topo.len() {
                self.have[node * self.words + w] &= !bit;
            }
        }
        self.pair_fwd[slot] = 0;
        self.pair_rev[slot] = 0;
        let target = if self.reachable[origin as usize] {
            self.reach_count
        } else {
            0
        };
        self.updates[slot] = UpdateRec {
            created: self.now,
            origin,
            target,
            holders: 0,
            done: target == 0,
        };
        uid
    }

    #[inline]
    fn live_uid(&self, uid: u32) -> bool {
        uid < self.next_uid && (self.next_uid - uid) as usize <= self.updates.len()
    }

    #[inline]
    fn has(&self, node: u32, uid: u32) -> bool {
        let slot = uid as usize % self.updates.len();
        self.have[node as usize * self.words + slot / 64] & (1 << (slot % 64)) != 0
    }

    fn receive_update(&mut self, node: u32, uid: u32, from: Option<u32>, hops: u16) {
        if !self.live_uid(uid) || self.has(node, uid) {
            return;
        }
        self.apply_update(node, uid, hops);
        self.disseminate(node, MsgKind::Update, uid, 0, from, hops);
    }

    fn apply_update(&mut self, node: u32, uid: u32, hops: u16) {
        let slots = self.updates.len();
        let slot = uid as usize % slots;
        self.have[node as usize * self.words + slot / 64] |= 1 << (slot % 64);
        if !self.nodes[node as usize].role.is_participant() {
            return;
        }
        if hops > 0 {
            self.hop_sum += u64::from(hops);
            self.hop_count += 1;
        }
        // Order: each pair (u, u+1) is counted at a participant when it applies the second one.
        if uid > 0 && self.live_uid(uid - 1) && self.has(node, uid - 1) {
            self.count_pair((uid - 1) as usize % slots, true);
        }
        if self.live_uid(uid + 1) && self.has(node, uid + 1) {
            self.count_pair(slot, false);
        }
        let rec = &mut self.updates[slot];
        rec.holders += 1;
        if !rec.done && rec.holders >= rec.target {
            rec.done = true;
            let (took, origin) = (self.now - rec.created, rec.origin);
            self.propagation.record(took);
            if self.cfg.workload == Workload::Default {
                self.note(Notable::ReachedAll {
                    uid,
                    origin,
                    after: took,
                });
            }
        }
    }

    fn count_pair(&mut self, slot: usize, forward: bool) {
        let (f, r) = (self.pair_fwd[slot], self.pair_rev[slot]);
        let (nf, nr) = if forward { (f + 1, r) } else { (f, r + 1) };
        if f + r == 1 {
            self.ordered_pairs += 1;
        }
        if (f == 0 || r == 0) && nf > 0 && nr > 0 {
            self.disordered_pairs += 1;
        }
        self.pair_fwd[slot] = nf;
        self.pair_rev[slot] = nr;
    }

    /// Union of what live participants hold.
    fn known_updates(&self) -> Vec<u64> {
        let mut known = vec![0u64; self.words];
        for &p in &self.topo.participants {
            if !self.nodes[p.index()].down {
                let mine = &self.have[p.index() * self.words..(p.index() + 1) * self.words];
                for (k, m) in known.iter_mut().zip(mine) {
                    *k |= m;
                }
            }
        }
        known
    }

    /// (fraction of live participants missing something another live participant holds, count).
    fn stale(&self) -> (f64, u32) {
        let known = self.known_updates();
        let mut live = 0u32;
        let mut stale = 0u32;
        for &p in &self.topo.participants {
            if self.nodes[p.index()].down {
                continue;
            }
            live += 1;
            let mine = &self.have[p.index() * self.words..(p.index() + 1) * self.words];
            if known.iter().zip(mine).any(|(k, m)| k & !m != 0) {
                stale += 1;
            }
        }
        (
            if live == 0 {
                0.0
            } else {
                f64::from(stale) / f64::from(live)
            },
            stale,
        )
    }

    // ------------------------------------------------------------------ liveness

    fn start_timers(&mut self, node: u32) {
        let life = self.nodes[node as usize].life;
        let hb = from_ms(self.cfg.heartbeat_ms.into());
        let phase = self.timer_rng.between(1, hb);
        self.queue.push(
            self.now + phase,
            Event::Timer {
                node,
                life,
                timer: Timer::Heartbeat,
            },
        );
        if self.sync_parent[node as usize] != NONE {
            let phase = self.timer_rng.between(1, 200 * MS);
            self.queue.push(
                self.now + phase,
                Event::Timer {
                    node,
                    life,
                    timer: Timer::ClockSync,
                },
            );
        }
        if self.topo.role(NodeId(node)) == Role::Peer && self.cfg.gossip_ms > 0 {
            let g = from_ms(self.cfg.gossip_ms.into());
            let phase = self.timer_rng.between(1, g);
            self.queue.push(
                self.now + phase,
                Event::Timer {
                    node,
                    life,
                    timer: Timer::Gossip,
                },
            );
        }
    }

    fn rearm(&mut self, node: u32, timer: Timer, period: Micros) {
        let life = self.nodes[node as usize].life;
        self.queue
            .push(self.now + period, Event::Timer { node, life, timer });
    }

    fn on_heartbeat_timer(&mut self, node: u32) {
        let topo = Arc::clone(&self.topo);
        let timeout = from_ms(self.cfg.timeout_ms.into());
        let base = topo.adj_offset(NodeId(node));
        for (k, &(m, _)) in topo.neighbours(NodeId(node)).iter().enumerate() {
            let slot = base + k;
            self.send(node, slot, MsgKind::Heartbeat, 1, 0, 0);
            let d = &mut self.dirs[slot];
            if !d.suspected && self.now.saturating_sub(d.last_heard) > timeout {
                d.suspected = true;
                self.any_suspected = true;
                self.learn(node, m, self.now, true, None, 0);
                if self.nodes[m as usize].role == Role::MainServer {
                    self.reroute_around_main(node);
                }
            }
        }
        self.rearm(
            node,
            Timer::Heartbeat,
            from_ms(self.cfg.heartbeat_ms.into()),
        );
    }

    /// A federated server that has just lost its main server re-sends what it relayed up
    /// during the silence to the servers it is linked to: that is the fallback route, and
    /// whatever went to the dead main server meanwhile was lost.
    fn reroute_around_main(&mut self, node: u32) {
        let topo = Arc::clone(&self.topo);
        let base = topo.adj_offset(NodeId(node));
        let silence = from_ms(u64::from(self.cfg.timeout_ms) + u64::from(self.cfg.heartbeat_ms));
        let since = self.now.saturating_sub(silence);
        for (k, &(m, _)) in topo.neighbours(NodeId(node)).iter().enumerate() {
            if self.nodes[m as usize].role == Role::FederatedServer && !self.believes_down(base + k)
            {
                self.catch_up(node, base + k, since);
            }
        }
    }

    /// `node` heard from neighbour `from`; `slot` is `node`'s slot of their link.
    fn heard(&mut self, node: u32, from: u32, slot: usize) {
        let d = &mut self.dirs[slot];
        d.last_heard = self.now;
        if d.suspected {
            d.suspected = false;
            let since = self.view_of(node, from).map_or(0, |v| v.0);
            self.learn(node, from, self.now, false, None, 0);
            let timeout = from_ms(self.cfg.timeout_ms.into());
            self.catch_up(node, slot, since.saturating_sub(timeout));
        }
    }

    /// Sends the neighbour at `slot`, which came back, the updates it may have missed since
    /// `since`.
    fn catch_up(&mut self, node: u32, slot: usize, since: Micros) {
        let slots = self.updates.len() as u32;
        let first = self.next_uid.saturating_sub(slots);
        for uid in first..self.next_uid {
            let rec = self.updates[(uid % slots) as usize];
            if rec.created >= since && self.has(node, uid) {
                self.send(node, slot, MsgKind::Update, 1, uid, 0);
            }
        }
    }

    fn view_of(&self, node: u32, subject: u32) -> Option<(Micros, bool)> {
        let v = &self.views[node as usize];
        v.binary_search_by_key(&subject, |e| e.0)
            .ok()
            .map(|i| (v[i].1, v[i].2))
    }

    /// `node` hears that `subject` is down (or up), as detected at `stamp`. Newer news replaces
    /// older and is passed on; old news stops here.
    fn learn(
        &mut self,
        node: u32,
        subject: u32,
        stamp: Micros,
        down: bool,
        from: Option<u32>,
        hops: u16,
    ) {
        if subject == node {
            return;
        }
        let v = &mut self.views[node as usize];
        match v.binary_search_by_key(&subject, |e| e.0) {
            Ok(i) => {
                if v[i].1 >= stamp {
                    return;
                }
                v[i] = (subject, stamp, down);
            }
            Err(i) => {
                if !down {
                    return; // everyone starts up: news that a node is up changes nothing
                }
                v.insert(i, (subject, stamp, down));
            }
        }
        if down {
            self.check_detection(subject);
        }
        let kind = if down { MsgKind::Down } else { MsgKind::Up };
        self.disseminate(node, kind, subject, stamp as i64, from, hops);
    }

    fn check_detection(&mut self, subject: u32) {
        let Some(d) = self
            .detections
            .iter()
            .position(|d| d.open && d.node == subject)
        else {
            return;
        };
        let crashed = self.detections[d].crashed;
        let topo = Arc::clone(&self.topo);
        let knows = |e: &Engine, n: u32| {
            e.view_of(n, subject)
                .is_some_and(|(stamp, down)| down && stamp >= crashed)
        };
        let watchers_know = topo
            .neighbours(NodeId(subject))
            .iter()
            .all(|&(m, _)| self.nodes[m as usize].down || knows(self, m));
        let participants_know = topo
            .participants
            .iter()
            .all(|p| p.0 == subject || !self.reachable[p.index()] || knows(self, p.0));
        if watchers_know && participants_know {
            self.detections[d].open = false;
            self.detect_sum += to_ms(self.now - crashed);
            self.detect_count += 1;
            self.note(Notable::Detected {
                node: subject,
                after: self.now - crashed,
            });
        }
    }

    fn on_gossip_timer(&mut self, node: u32) {
        let batch = std::mem::take(&mut self.gossip[node as usize]);
        let topo = Arc::clone(&self.topo);
        let base = topo.adj_offset(NodeId(node));
        for p in &batch {
            for (k, &(m, _)) in topo.neighbours(NodeId(node)).iter().enumerate() {
                if m != p.from && !self.believes_down(base + k) {
                    self.send(node, base + k, p.kind, p.hops, p.a, p.b);
                }
            }
        }
        // Keep the allocation for the next batch.
        let mut batch = batch;
        batch.clear();
        if self.gossip[node as usize].is_empty() {
            self.gossip[node as usize] = batch;
        }
        self.rearm(node, Timer::Gossip, from_ms(self.cfg.gossip_ms.into()));
    }

    // ------------------------------------------------------------------ clocks

    fn on_sync_timer(&mut self, node: u32) {
        let parent = self.sync_parent[node as usize];
        if let Some(slot) = self.topo.slot_between(NodeId(node), NodeId(parent)) {
            let local = self.clocks[node as usize].read(self.now);
            self.sync_sent[node as usize] = Some(local);
            self.send(node, slot, MsgKind::TimeRequest, 1, 0, 0);
        }
        self.rearm(
            node,
            Timer::ClockSync,
            from_ms(self.cfg.clock_sync_ms.into()),
        );
    }

    fn time_authority(&self) -> bool {
        let mut root = None;
        for i in 0..self.topo.len() {
            if self.nodes[i].down {
                continue;
            }
            // Follow the sync chain through live nodes and intact links.
            let mut n = i as u32;
            while self.sync_parent[n as usize] != NONE {
                let p = self.sync_parent[n as usize];
                let l = self.topo.link_between(NodeId(n), NodeId(p));
                if self.nodes[p as usize].down || l.is_none_or(|l| self.links[l as usize].cut) {
                    return false;
                }
                n = p;
            }
            match root {
                None => root = Some(n),
                Some(r) if r != n => return false,
                _ => {}
            }
        }
        true
    }

    // ------------------------------------------------------------------ faults

    fn crash(&mut self, n: u32) {
        let i = n as usize;
        if self.nodes[i].down {
            return;
        }
        self.nodes[i].down = true;
        self.nodes[i].crashed = self.now + 1;
        self.nodes[i].life += 1;
        self.gossip[i].clear();
        self.sync_sent[i] = None;
        self.detections.retain(|d| d.open);
        self.detections.push(Detection {
            node: n,
            crashed: self.now,
            open: true,
        });
    }

    fn recover(&mut self, n: u32) {
        let i = n as usize;
        if !self.nodes[i].down {
            return;
        }
        self.nodes[i].down = false;
        self.nodes[i].life += 1;
        for d in &mut self.detections {
            if d.node == n {
                d.open = false;
            }
        }
        // A restarted node gives every neighbour a fresh timeout.
        let base = self.topo.adj_offset(NodeId(n));
        for d in &mut self.dirs[base..base + self.topo.neighbours(NodeId(n)).len()] {
            d.last_heard = self.now;
            d.suspected = false;
        }
        if self.cfg.workload == Workload::Default {
            self.start_timers(n);
        }
    }

    fn set_cut(&mut self, l: usize, cut: bool) {
        if self.links[l].cut != cut {
            self.links[l].cut = cut;
            if cut {
                self.links[l].last_cut = self.now + 1;
                self.any_cut = true;
            }
        }
    }

    fn refresh_reachability(&mut self) {
        self.reachable = self
            .topo
            .majority_reachable(|n| self.nodes[n].down, |l| self.links[l].cut);
        self.live_participants = self
            .topo
            .participants
            .iter()
            .filter(|p| !self.nodes[p.index()].down)
            .count() as u32;
        self.reach_count = self
            .topo
            .participants
            .iter()
            .filter(|p| self.reachable[p.index()])
            .count() as u32;
    }

    // ------------------------------------------------------------------ metrics

    /// Everything measured so far.
    pub fn metrics(&self) -> Metrics {
        let participants = self.topo.participants.len() as u32;
        let c = self.counters;
        let per_update =
            (c.updates_created > 0).then(|| c.update_messages as f64 / c.updates_created as f64);
        let mean_latency = self.cfg.mean_latency_ms();
        let p99 = self.propagation.quantile(0.99).map(to_ms);
        let (stale, _) = self.stale();
        let mut lo = i64::MAX;
        let mut hi = i64::MIN;
        for (i, c) in self.clocks.iter().enumerate() {
            if !self.nodes[i].down {
                let r = c.read(self.now);
                lo = lo.min(r);
                hi = hi.max(r);
            }
        }
        Metrics {
            participants,
            live_participants: self.live_participants,
            reachable_participants: self.reach_count,
            reachable_fraction: if self.live_participants == 0 {
                0.0
            } else {
                f64::from(self.reach_count) / f64::from(self.live_participants)
            },
            worst_single_failure_fraction: self.worst.0,
            worst_single_failure_node: self.worst.1.map(|n| self.topo.label(n).to_string()),
            links_per_participant: self.topo.links.len() as f64 / f64::from(participants),
            messages_per_update: per_update,
            messages_per_update_per_participant: per_update.map(|m| m / f64::from(participants)),
            mean_hops: (self.hop_count > 0).then(|| self.hop_sum as f64 / self.hop_count as f64),
            relaying_nodes: self.relaying_nodes,
            propagation_p50_ms: self.propagation.quantile(0.5).map(to_ms),
            propagation_p99_ms: p99,
            propagation_p99_in_latencies: p99.map(|p| p / mean_latency.max(0.001)),
            stale_fraction: stale,
            stale_fraction_avg: if self.stale_samples == 0 {
                stale
            } else {
                self.stale_sum / self.stale_samples as f64
            },
            detection_delay_ms: (self.detect_count > 0)
                .then(|| self.detect_sum / f64::from(self.detect_count)),
            failures_detected: self.detect_count,
            max_clock_skew_ms: if hi >= lo {
                (hi - lo) as f64 / MS as f64
            } else {
                0.0
            },
            order_disagreement_fraction: if self.ordered_pairs == 0 {
                0.0
            } else {
                self.disordered_pairs as f64 / self.ordered_pairs as f64
            },
            ordered_pairs: self.ordered_pairs,
            time_authority: self.time_authority(),
            counters: c,
            mean_latency_ms: mean_latency,
            timeout_ms: f64::from(self.cfg.timeout_ms),
        }
    }
}

/// One FNV-1a-style round over a 64-bit word (fixed, so native and wasm agree).
#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h ^ x).wrapping_mul(0x0000_0100_0000_01B3)
}
