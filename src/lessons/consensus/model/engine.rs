//! The blockchain engine: peers on the peer-to-peer topology make blocks, spread them by
//! gossip, and each follows the longest chain it knows.
//!
//! Gossip, per hop: a peer whose tip changes **announces** it (a header: latency only) to
//! every neighbour not already holding it; a neighbour for which it would be a better chain
//! **requests** the body from the first announcer (latency), which **sends** it (latency plus
//! size ÷ bandwidth, one body at a time per link). A body whose parent is missing waits while
//! the parent is requested from the same neighbour, so a peer that was away catches up block by
//! block. A request that is not answered in time goes to the next neighbour that announced the
//! block. After a crash or a cut, peers that meet again exchange tips.
//!
//! Everything runs on the shared core: the topology, the links (latency, order, cuts), the
//! deterministic queue, the seeded streams and the clocks.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

use super::adversary::Attacker;
use super::blocks::{Block, Blocks, ForkKind, NO_BLOCK};
use super::config::{ChainConfig, Consensus, Latency, TieBreak};
use super::lottery::Lottery;
use super::metrics::{AdversaryReport, ChainMetrics, Forks, Histogram};
use super::race;
use crate::sim::clock::Clock;
use crate::sim::error::ConfigError;
use crate::sim::fault::{Action, Fault};
use crate::sim::ids::{Arch, NodeId};
use crate::sim::links::{Delay, Links};
use crate::sim::queue::Queue;
use crate::sim::rng::{SimRng, Stream};
use crate::sim::time::{MS, Micros, SECOND, from_ms};
use crate::sim::topology::Topology;

/// What a message asks or carries.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// "My tip is this block" (a header).
    Announce,
    /// "Send me this block's body".
    Request,
    /// A block's body.
    Body,
    /// "Tell me your tip" (after a restart).
    TipRequest,
}

/// Something worth a line in the page's event log.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Notable {
    /// A block was made public beside a sibling.
    Fork {
        /// The new sibling.
        block: u32,
        /// How the fork arose.
        kind: ForkKind,
    },
    /// An honest peer dropped two or more adopted blocks for another chain.
    Rollback {
        /// The peer.
        peer: u32,
        /// Blocks dropped.
        depth: u32,
    },
    /// After a heal, every live peer has the same tip again.
    Converged {
        /// Since the heal, µs.
        after: Micros,
    },
}

/// Notable events kept for the page to collect (older ones are dropped).
const NOTABLE_MAX: usize = 256;

/// A message on a link.
#[derive(Copy, Clone, Debug)]
pub struct Msg {
    /// When it was sent.
    pub sent: Micros,
    /// The receiver.
    pub to: u32,
    /// The receiver's slot toward the sender (to reply on, and to name the sender).
    pub back: u32,
    /// What it is.
    pub kind: Kind,
    /// The block it is about.
    pub block: u32,
}

#[derive(Copy, Clone, Debug)]
enum Ev {
    Deliver(Msg),
    /// Proof of work: the next block is found.
    Find,
    /// Praos: draw the leaders of the next slot that has any.
    Lottery,
    /// Praos: `peer`'s clock reaches the start of `slot`, which it leads.
    Forge {
        peer: u32,
        slot: u32,
    },
    /// `peer` gives up waiting for `block` from the neighbour it asked.
    FetchTimeout {
        peer: u32,
        block: u32,
    },
    /// `peer`'s clock reaches the slot of `block`, which it held back until then.
    Release {
        peer: u32,
        block: u32,
    },
}

/// A body a peer asked for and has not received.
#[derive(Copy, Clone, Debug)]
struct Fetch {
    block: u32,
    /// Slots of neighbours that announced it, to ask next.
    alt: [u32; 3],
    alts: u8,
    deadline: Micros,
}

/// One peer's view.
#[derive(Clone, Debug, Default)]
struct Peer {
    /// The block its chain ends at, that chain's height and the tip's value.
    tip: u32,
    height: u32,
    value: u64,
    fetch: Vec<Fetch>,
    /// Bodies whose parent it lacks, and the slot they came on.
    waiting: Vec<(u32, u32)>,
    /// Bodies from a slot that has not begun on its clock.
    held: Vec<u32>,
}

/// A blockchain run.
#[derive(Clone)]
pub struct ChainEngine {
    cfg: ChainConfig,
    topo: Arc<Topology>,
    links: Links,
    queue: Queue<Ev>,
    now: Micros,
    events: u64,
    blocks: Blocks,
    peers: Vec<Peer>,
    down: Vec<u64>,
    /// Per peer: last crash + 1 (0: never), so messages sent before a restart are dropped.
    crashed_at: Vec<Micros>,
    clocks: Vec<Clock>,
    lottery: Lottery,
    leaders: Vec<u32>,
    /// Praos: the next slot with a leader, drawn but not yet forged.
    next_slot: u64,
    /// Praos: drawn slots (slot, leaders) not yet begun.
    drawn: VecDeque<(u64, u32)>,
    active_slots: u64,
    multi_leader_slots: u64,
    /// The config's faults, in time order, and how many have been applied.
    faults: Vec<(Micros, Fault)>,
    next_fault: usize,
    actions: Vec<Action>,
    tx_us: Micros,
    timeout_us: Micros,
    /// How long a sender waits before sending a lost message again.
    rto_us: Micros,
    slot_us: Micros,
    /// Praos: how far ahead of true time any clock can reach a slot.
    lead_us: Micros,
    drift_max: u64,
    /// Live peers per tip.
    tips: BTreeMap<u32, u32>,
    live: u32,
    produced: u64,
    published: u64,
    forks: Forks,
    rollbacks: u64,
    max_rollback: u32,
    t50: Histogram,
    t95: Histogram,
    messages: u64,
    saved: u64,
    trace: u64,
    healed_at: Option<Micros>,
    converged_at: Option<Micros>,
    pub(super) attacker: Option<Attacker>,
    /// Per peer, during a partition: on the side that was named (empty: no partition).
    side: Vec<bool>,
    stack: Vec<(u32, u32)>,
    missing: Vec<u32>,
    notables: VecDeque<(Micros, Notable)>,
}

/// "No slot": a block that came from nowhere (made here, or released from the hold).
const NOWHERE: u32 = u32::MAX;

impl ChainEngine {
    /// Builds the run for `cfg`: validates, wires the peers, deals stake, sets clocks and
    /// schedules the first block and the config's faults.
    pub fn new(cfg: &ChainConfig) -> Result<ChainEngine, ConfigError> {
        cfg.validate()?;
        let topo = Topology::build(Arch::PeerToPeer, &cfg.shape())?;
        let mut faults = Vec::with_capacity(cfg.faults.len());
        for f in &cfg.faults {
            faults.push((from_ms(f.at_ms), f.fault.resolve(&topo)?));
        }
        let n = cfg.participants;
        let tx_us = cfg.transmission_us();
        let delay = match &cfg.latency {
            Latency::Range { min_ms, max_ms } => Delay::Uniform {
                min: from_ms((*min_ms).into()),
                max: from_ms((*max_ms).into()),
            },
            Latency::Classes { hop_ms } => {
                // One hop is announce + request + body: three latencies and one transmission.
                let mut rng = SimRng::new(cfg.seed, Stream::LinkClasses);
                let one_way: Vec<Micros> = hop_ms
                    .iter()
                    .map(|&h| (from_ms(h.into()) - tx_us) / 3)
                    .collect();
                Delay::PerLink(
                    (0..topo.links.len())
                        .map(|_| one_way[rng.below(one_way.len() as u32) as usize])
                        .collect(),
                )
            }
        };
        let links = Links::new(
            &topo,
            delay,
            cfg.loss,
            SimRng::new(cfg.seed, Stream::Network),
        );
        let max_lat = links.max_latency();
        let mut clock_rng = SimRng::new(cfg.seed, Stream::Clocks);
        let mut clocks: Vec<Clock> = (0..n)
            .map(|_| {
                let offset = clock_rng.symmetric(i64::from(cfg.clock_offset_ms) * MS as i64);
                let drift = clock_rng.symmetric(i64::from(cfg.clock_drift_ppm)) as i32;
                Clock::new(offset, drift)
            })
            .collect();
        if let Some(skew) = cfg.clock_skew {
            let c = &mut clocks[skew.peer as usize];
            *c = Clock::new(i64::from(skew.offset_ms) * MS as i64, c.drift_ppm);
        }
        let ahead_ms = cfg
            .clock_skew
            .map_or(0, |s| s.offset_ms.max(0) as u32)
            .max(cfg.clock_offset_ms);
        let attacker = cfg
            .adversary
            .map(|a| Attacker::new(a.share, a.confirmations));
        let mut e = ChainEngine {
            topo: Arc::new(topo),
            links,
            queue: Queue::default(),
            now: 0,
            events: 0,
            blocks: Blocks::new(n),
            peers: vec![
                Peer {
                    value: u64::MAX,
                    ..Peer::default()
                };
                n as usize
            ],
            down: vec![0; (n as usize).div_ceil(64)],
            crashed_at: vec![0; n as usize],
            clocks,
            lottery: Lottery::new(cfg),
            leaders: Vec::new(),
            next_slot: 0,
            drawn: VecDeque::new(),
            active_slots: 0,
            multi_leader_slots: 0,
            faults,
            next_fault: 0,
            actions: Vec::new(),
            tx_us,
            timeout_us: 4 * max_lat + 4 * tx_us + 500 * MS,
            rto_us: 2 * max_lat + 200 * MS,
            slot_us: from_ms(cfg.slot_ms.into()),
            lead_us: from_ms(ahead_ms.into()) + MS,
            drift_max: cfg.clock_drift_ppm.into(),
            tips: BTreeMap::from([(0, n)]),
            live: n,
            produced: 0,
            published: 0,
            forks: Forks::default(),
            rollbacks: 0,
            max_rollback: 0,
            t50: Histogram::default(),
            t95: Histogram::default(),
            messages: 0,
            saved: 0,
            trace: 0xcbf2_9ce4_8422_2325,
            healed_at: None,
            converged_at: None,
            attacker,
            side: Vec::new(),
            stack: Vec::new(),
            missing: Vec::new(),
            notables: VecDeque::new(),
            cfg: cfg.clone(),
        };
        // Stable: faults at the same time keep the config's order.
        e.faults.sort_by_key(|f| f.0);
        match cfg.consensus {
            Consensus::Pow => {
                let wait = e.lottery.wait_us(cfg.block_interval_s * SECOND as f64);
                e.queue.push(wait, Ev::Find);
            }
            Consensus::Praos => {
                // Slot 0 is genesis's; the lottery starts at slot 1.
                e.next_slot = 1 + e.lottery.idle_slots();
                let at = e.lottery_time(e.next_slot);
                e.queue.push(at, Ev::Lottery);
            }
        }
        Ok(e)
    }

    /// The config this run was built from.
    pub fn config(&self) -> &ChainConfig {
        &self.cfg
    }

    /// The peers and their links.
    pub fn topology(&self) -> &Topology {
        &self.topo
    }

    /// Virtual time now.
    pub fn now(&self) -> Micros {
        self.now
    }

    /// The links.
    pub fn links(&self) -> &Links {
        &self.links
    }

    /// Every fault applied so far, in order.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// Runs every event up to and including `t`. The config's faults are applied as a click
    /// at their time would be (after the events of that instant), so a run with scheduled
    /// faults and the replay of a link logging the same actions are the same run.
    pub fn advance_to(&mut self, t: Micros) {
        while let Some(&(at, _)) = self.faults.get(self.next_fault) {
            if at > t {
                break;
            }
            self.run_events(at);
            let fault = self.faults[self.next_fault].1.clone();
            self.next_fault += 1;
            self.apply(&fault);
        }
        self.run_events(t);
    }

    fn run_events(&mut self, t: Micros) {
        while let Some((at, ev)) = self.queue.pop_due(t) {
            self.now = at;
            self.events += 1;
            self.handle(ev);
        }
        self.now = self.now.max(t);
    }

    /// Applies `fault` now (what a click does) and logs it.
    pub fn apply(&mut self, fault: &Fault) {
        self.actions.push(Action {
            at: self.now,
            fault: fault.to_spec(&self.topo),
        });
        match fault {
            Fault::Crash(n) => self.crash(n.0),
            Fault::Recover(n) => self.recover(n.0),
            Fault::Cut(a, b) | Fault::Heal(a, b) => {
                if let Some(l) = self.topo.link_between(*a, *b) {
                    let heal = matches!(fault, Fault::Heal(..));
                    if self.links.set_cut(l as usize, !heal, self.now) && heal {
                        self.meet(l as usize);
                    }
                }
            }
            Fault::Partition(side) => {
                let (inside, crossing) = self.topo.crossing(side);
                for l in crossing {
                    self.links.set_cut(l, true, self.now);
                }
                self.side = inside;
            }
            Fault::HealAll => {
                let cut: Vec<usize> = self.links.cut_links().collect();
                for &l in &cut {
                    self.links.set_cut(l, false, self.now);
                    self.meet(l);
                }
                if !cut.is_empty() {
                    self.side.clear();
                    self.healed_at = Some(self.now);
                    self.converged_at = None;
                    self.check_converged();
                }
            }
        }
    }

    fn handle(&mut self, ev: Ev) {
        match ev {
            Ev::Deliver(m) => self.deliver(m),
            Ev::Find => self.on_find(),
            Ev::Lottery => self.on_lottery(),
            Ev::Forge { peer, slot } => self.on_forge(peer, slot),
            Ev::FetchTimeout { peer, block } => self.on_fetch_timeout(peer, block),
            Ev::Release { peer, block } => self.on_release(peer, block),
        }
    }

    // ---- who is up ----

    /// Whether peer `p` is down.
    #[inline]
    pub fn is_down(&self, p: u32) -> bool {
        self.down[p as usize / 64] & (1 << (p % 64)) != 0
    }

    fn crash(&mut self, p: u32) {
        if self.is_down(p) {
            return;
        }
        self.down[p as usize / 64] |= 1 << (p % 64);
        self.crashed_at[p as usize] = self.now + 1;
        self.live -= 1;
        let tip = self.peers[p as usize].tip;
        self.untip(tip);
        self.peers[p as usize].fetch.clear();
        self.check_converged();
    }

    fn recover(&mut self, p: u32) {
        if !self.is_down(p) {
            return;
        }
        self.down[p as usize / 64] &= !(1 << (p % 64));
        self.live += 1;
        let tip = self.peers[p as usize].tip;
        *self.tips.entry(tip).or_insert(0) += 1;
        // Blocks held for a slot that began while it was down.
        for b in std::mem::take(&mut self.peers[p as usize].held) {
            if !self.blocks.settled(b) {
                self.hold_or_consider(p, b, NOWHERE);
            }
        }
        let start = self.topo.adj_offset(NodeId(p));
        for i in 0..self.topo.neighbours(NodeId(p)).len() {
            self.send(start + i, Kind::TipRequest, NO_BLOCK);
        }
        self.check_converged();
    }

    /// Link `l` carries messages again: its ends tell each other their tips.
    fn meet(&mut self, l: usize) {
        let (a, b) = self.topo.links[l];
        if self.is_down(a.0) || self.is_down(b.0) {
            return;
        }
        for (x, y) in [(a, b), (b, a)] {
            if let Some(slot) = self.topo.slot_between(x, y) {
                let tip = self.peers[x.index()].tip;
                self.offer(slot, tip);
            }
        }
    }

    fn untip(&mut self, tip: u32) {
        if let Some(c) = self.tips.get_mut(&tip) {
            *c -= 1;
            if *c == 0 {
                self.tips.remove(&tip);
            }
        }
    }

    // ---- the wire ----

    fn send(&mut self, slot: usize, kind: Kind, block: u32) {
        let (to, link) = self.topo.slot(slot);
        let back = self.topo.reverse(slot) as u32;
        let tx = if kind == Kind::Body { self.tx_us } else { 0 };
        // A lost attempt is sent again after a retransmission timeout, as TCP does: loss
        // delays a message (and, the link being in order, those behind it), it never drops it.
        let mut leave = self.now;
        let at = loop {
            let (at, lost) = self.links.schedule(slot, link as usize, leave, tx);
            self.messages += 1;
            if !lost {
                break at;
            }
            leave += self.rto_us;
        };
        self.queue.push(
            at,
            Ev::Deliver(Msg {
                sent: self.now,
                to,
                back,
                kind,
                block,
            }),
        );
    }

    /// Announces `block` on `slot` unless the neighbour there already holds it and all its
    /// ancestors (the announcement would change nothing: it is counted, not sent).
    #[inline]
    fn offer(&mut self, slot: usize, block: u32) {
        let (to, _) = self.topo.slot(slot);
        if self.blocks.linked(to, block) {
            self.saved += 1;
        } else {
            self.send(slot, Kind::Announce, block);
        }
    }

    /// Announces `block` to every neighbour of `p` but the one on `except`.
    fn announce(&mut self, p: u32, block: u32, except: u32) {
        let start = self.topo.adj_offset(NodeId(p));
        let deg = self.topo.neighbours(NodeId(p)).len();
        for slot in start..start + deg {
            if slot as u32 != except {
                self.offer(slot, block);
            }
        }
    }

    fn deliver(&mut self, m: Msg) {
        let p = m.to;
        let link = self.topo.slot(m.back as usize).1 as usize;
        if self.is_down(p)
            || self.crashed_at[p as usize] > m.sent
            || !self.links.carried(link, m.sent)
        {
            return;
        }
        match m.kind {
            Kind::Announce => self.on_announce(p, m.back, m.block),
            Kind::Request => {
                if !self.blocks.settled(m.block) && self.blocks.has(p, m.block) {
                    self.send(m.back as usize, Kind::Body, m.block);
                }
            }
            Kind::Body => self.on_body(p, m.back, m.block),
            Kind::TipRequest => {
                let tip = self.peers[p as usize].tip;
                self.offer(m.back as usize, tip);
            }
        }
    }

    // ---- fetching ----

    /// Whether a chain ending at `b` would beat `p`'s.
    #[inline]
    fn better(&self, p: u32, b: &Block) -> bool {
        let me = &self.peers[p as usize];
        b.height > me.height
            || (b.height == me.height && self.cfg.tie == TieBreak::Lowest && b.value < me.value)
    }

    fn on_announce(&mut self, p: u32, slot: u32, b: u32) {
        if self.blocks.settled(b) || self.blocks.linked(p, b) {
            return;
        }
        if let Some(f) = self.peers[p as usize]
            .fetch
            .iter_mut()
            .find(|f| f.block == b)
        {
            if usize::from(f.alts) < f.alt.len() {
                f.alt[usize::from(f.alts)] = slot;
                f.alts += 1;
            }
            return;
        }
        if self.blocks.has(p, b) || self.better(p, self.blocks.get(b)) {
            self.request_chain(p, slot, b);
        }
    }

    /// Requests from the neighbour on `slot` every block of the chain ending at `b` that `p`
    /// lacks and is not already fetching, oldest first (the announcement shows the headers
    /// back to a block `p` holds, as chain-sync does; the bodies then come back to back).
    fn request_chain(&mut self, p: u32, slot: u32, b: u32) {
        let mut missing = std::mem::take(&mut self.missing);
        missing.clear();
        let mut x = b;
        while !self.blocks.linked(p, x) {
            let fetching = self.peers[p as usize].fetch.iter().any(|f| f.block == x);
            if !self.blocks.has(p, x) && !fetching {
                missing.push(x);
            }
            x = self.blocks.get(x).parent;
        }
        for &x in missing.iter().rev() {
            self.request(p, slot, x);
        }
        self.missing = missing;
    }

    fn request(&mut self, p: u32, slot: u32, b: u32) {
        self.send(slot as usize, Kind::Request, b);
        let deadline = self.now + self.timeout_us;
        let peer = &mut self.peers[p as usize];
        match peer.fetch.iter_mut().find(|f| f.block == b) {
            Some(f) => f.deadline = deadline,
            None => peer.fetch.push(Fetch {
                block: b,
                alt: [0; 3],
                alts: 0,
                deadline,
            }),
        }
        self.queue
            .push(deadline, Ev::FetchTimeout { peer: p, block: b });
    }

    fn on_fetch_timeout(&mut self, p: u32, b: u32) {
        if self.is_down(p) {
            return;
        }
        let peer = &mut self.peers[p as usize];
        let Some(i) = peer.fetch.iter().position(|f| f.block == b) else {
            return;
        };
        if peer.fetch[i].deadline != self.now {
            return; // an older request's timer
        }
        if peer.fetch[i].alts == 0 || self.blocks.settled(b) {
            peer.fetch.swap_remove(i);
            return;
        }
        let f = &mut peer.fetch[i];
        f.alts -= 1;
        let next = f.alt[usize::from(f.alts)];
        self.request(p, next, b);
    }

    fn on_body(&mut self, p: u32, slot: u32, b: u32) {
        let peer = &mut self.peers[p as usize];
        if let Some(i) = peer.fetch.iter().position(|f| f.block == b) {
            peer.fetch.swap_remove(i);
        }
        if self.blocks.settled(b) || !self.blocks.set_has(p, b) {
            return;
        }
        self.note_holder(b);
        let parent = self.blocks.get(b).parent;
        if self.blocks.linked(p, parent) {
            self.link(p, b, slot);
        } else {
            self.peers[p as usize].waiting.push((b, slot));
            self.request_chain(p, slot, parent);
        }
    }

    /// `b`'s ancestry is complete at `p`: hold it or consider it, then any waiting children.
    fn link(&mut self, p: u32, b: u32, slot: u32) {
        let mut stack = std::mem::take(&mut self.stack);
        stack.push((b, slot));
        while let Some((b, slot)) = stack.pop() {
            self.blocks.set_linked(p, b);
            self.hold_or_consider(p, b, slot);
            let waiting = &mut self.peers[p as usize].waiting;
            let mut i = 0;
            while i < waiting.len() {
                let w = waiting[i].0;
                match self.blocks.try_get(w) {
                    Some(child) if child.parent == b => stack.push(waiting.swap_remove(i)),
                    Some(_) => i += 1,
                    None => {
                        waiting.swap_remove(i);
                    }
                }
            }
        }
        self.stack = stack;
    }

    /// Praos: a block from a slot `p`'s clock has not reached waits until it does.
    fn hold_or_consider(&mut self, p: u32, b: u32, slot: u32) {
        if self.cfg.consensus == Consensus::Praos {
            let start = i64::from(self.blocks.get(b).slot) * self.slot_us as i64;
            let clock = &self.clocks[p as usize];
            if clock.raw(self.now) < start {
                self.peers[p as usize].held.push(b);
                let at = clock.when_reads(start).max(self.now);
                self.queue.push(at, Ev::Release { peer: p, block: b });
                return;
            }
        }
        self.consider(p, b, slot);
    }

    fn on_release(&mut self, p: u32, b: u32) {
        if self.is_down(p) {
            return; // it stays held; recovery looks at it again
        }
        let held = &mut self.peers[p as usize].held;
        if let Some(i) = held.iter().position(|&h| h == b) {
            held.swap_remove(i);
            if !self.blocks.settled(b) {
                self.consider(p, b, NOWHERE);
            }
        }
    }

    // ---- chain selection ----

    /// Adopts `b` as `p`'s tip if its chain is better, and tells the neighbours.
    fn consider(&mut self, p: u32, b: u32, from: u32) {
        let blk = *self.blocks.get(b);
        if !self.better(p, &blk) {
            return;
        }
        let old = self.peers[p as usize].tip;
        let depth = if old == blk.parent {
            0
        } else {
            self.blocks.rollback_depth(old, b)
        };
        if depth > 0 && !self.is_attacker(p) {
            self.rollbacks += 1;
            self.max_rollback = self.max_rollback.max(depth);
            if depth >= 2 {
                self.notable(Notable::Rollback { peer: p, depth });
            }
        }
        self.set_tip(p, b, &blk);
        self.announce(p, b, from);
        if self.is_attacker(p) {
            self.attacker_step();
        }
    }

    fn set_tip(&mut self, p: u32, b: u32, blk: &Block) {
        let old = self.peers[p as usize].tip;
        let peer = &mut self.peers[p as usize];
        peer.tip = b;
        peer.height = blk.height;
        peer.value = blk.value;
        self.untip(old);
        let count = self.tips.entry(b).or_insert(0);
        *count += 1;
        let all = *count == self.live;
        self.trace = mix(mix(self.trace, self.now), u64::from(p) << 32 | u64::from(b));
        if all && self.healed_at.is_some() && self.converged_at.is_none() {
            self.converged_now();
        }
    }

    /// The attacker publishes: its own chain becomes its tip (no rollback is counted: the
    /// blocks it leaves are the honest ones it only watched).
    pub(super) fn adopt_own(&mut self, b: u32) {
        let Some(&blk) = self.blocks.try_get(b) else {
            return;
        };
        self.set_tip(0, b, &blk);
        self.announce(0, b, NOWHERE);
    }

    fn notable(&mut self, n: Notable) {
        if self.notables.len() == NOTABLE_MAX {
            self.notables.pop_front();
        }
        self.notables.push_back((self.now, n));
    }

    /// Takes the notable events since the last call, oldest first.
    pub fn take_notables(&mut self) -> impl Iterator<Item = (Micros, Notable)> + '_ {
        self.notables.drain(..)
    }

    fn converged_now(&mut self) {
        self.converged_at = Some(self.now);
        let after = self.now - self.healed_at.unwrap_or(self.now);
        self.notable(Notable::Converged { after });
    }

    fn check_converged(&mut self) {
        if self.healed_at.is_some()
            && self.converged_at.is_none()
            && self.live > 0
            && self.tips.values().any(|&c| c == self.live)
        {
            self.converged_now();
        }
    }

    fn is_attacker(&self, p: u32) -> bool {
        p == 0 && self.attacker.is_some()
    }

    // ---- making blocks ----

    fn on_find(&mut self) {
        let wait = self
            .lottery
            .wait_us(self.cfg.block_interval_s * SECOND as f64);
        self.queue.push(self.now + wait.max(1), Ev::Find);
        let p = self.lottery.finder();
        if self.is_down(p) {
            return; // its hash power is off: the find is lost
        }
        if self.is_attacker(p) {
            self.attacker_forge(0);
            return;
        }
        let tip = self.peers[p as usize].tip;
        self.forge(p, tip, 0, true);
    }

    /// The earliest true time any clock can reach slot `s`.
    fn lottery_time(&self, s: u64) -> Micros {
        let start = s.saturating_mul(self.slot_us);
        let lead = self.lead_us + start / 1_000_000 * self.drift_max + self.drift_max;
        start.saturating_sub(lead).max(self.now)
    }

    fn on_lottery(&mut self) {
        let s = self.next_slot;
        // Slots already begun are counted; the rest wait in `drawn`.
        self.tally_slots();
        let mut leaders = std::mem::take(&mut self.leaders);
        self.lottery.leaders(&mut leaders);
        self.drawn.push_back((s, leaders.len() as u32));
        let start = (s * self.slot_us) as i64;
        for &p in &leaders {
            let at = self.clocks[p as usize].when_reads(start).max(self.now);
            self.queue.push(
                at,
                Ev::Forge {
                    peer: p,
                    slot: s as u32,
                },
            );
        }
        self.leaders = leaders;
        let next = s + 1 + self.lottery.idle_slots();
        let last_slot = super::config::limits::MAX_TIME_MS * MS / self.slot_us;
        if next <= last_slot.min(u64::from(u32::MAX)) {
            self.next_slot = next;
            let at = self.lottery_time(next);
            self.queue.push(at, Ev::Lottery);
        }
    }

    fn tally_slots(&mut self) {
        while let Some(&(s, n)) = self.drawn.front() {
            if s * self.slot_us > self.now {
                break;
            }
            self.drawn.pop_front();
            self.active_slots += u64::from(n > 0);
            self.multi_leader_slots += u64::from(n > 1);
        }
    }

    fn on_forge(&mut self, p: u32, slot: u32) {
        if self.is_down(p) {
            return;
        }
        if self.is_attacker(p) {
            self.attacker_forge(slot);
            return;
        }
        let parent = self.parent_for(self.peers[p as usize].tip, slot);
        self.forge(p, parent, slot, true);
    }

    /// Praos: a block's slot must be later than its parent's; a leader whose tip is from the
    /// same slot (another leader's, already received) builds beside it, on its parent.
    pub(super) fn parent_for(&self, mut tip: u32, slot: u32) -> u32 {
        if self.cfg.consensus != Consensus::Praos {
            return tip;
        }
        while let Some(b) = self.blocks.try_get(tip) {
            if b.slot < slot || b.parent == NO_BLOCK || self.blocks.settled(b.parent) {
                break;
            }
            tip = b.parent;
        }
        tip
    }

    /// `p` makes a block on `parent`; public blocks go out at once. Its id.
    pub(super) fn forge(&mut self, p: u32, parent: u32, slot: u32, public: bool) -> u32 {
        let height = match self.blocks.try_get(parent) {
            Some(b) => b.height + 1,
            None => self.peers[p as usize].height + 1,
        };
        let value = self.lottery.value();
        let id = self.blocks.add(Block {
            parent,
            height,
            slot,
            producer: p,
            value,
            made_at: self.now,
            public_at: Micros::MAX,
            holders: 0,
            need: [0, 0],
            first_child: NO_BLOCK,
            next_sibling: NO_BLOCK,
            fork: None,
        });
        self.produced += 1;
        self.blocks.set_has(p, id);
        self.blocks.set_linked(p, id);
        self.trace = mix(
            mix(self.trace, self.now),
            u64::from(p) << 32 | u64::from(id),
        );
        if public {
            self.publish(id);
            self.consider(p, id, NOWHERE);
        }
        id
    }

    /// `id` becomes public: it counts, and forks are classified against its public siblings.
    pub(super) fn publish(&mut self, id: u32) {
        if self.blocks.settled(id) {
            return; // withheld so long it left the window: it can no longer matter
        }
        self.published += 1;
        let live = self.live.max(1);
        let praos = self.cfg.consensus == Consensus::Praos;
        let b = self.blocks.get_mut(id);
        b.public_at = self.now;
        b.need = [live.div_ceil(2), (live * 19).div_ceil(20)];
        let (slot, maker, late) = (b.slot, b.producer, b.made_at < self.now);
        let side = |p: u32| self.side.get(p as usize).copied();
        let (mut siblings, mut same_slot, mut across, mut withheld) = (false, false, false, late);
        for s in self.blocks.attach(id) {
            siblings = true;
            same_slot |= praos && s.slot == slot;
            across |= side(s.producer) != side(maker);
            withheld |= s.made_at < s.public_at;
        }
        if siblings {
            let kind = if withheld {
                ForkKind::Withheld
            } else if across {
                ForkKind::Partition
            } else if same_slot {
                ForkKind::SlotBattle
            } else {
                ForkKind::HeightBattle
            };
            let f = &mut self.forks;
            *match kind {
                ForkKind::Withheld => &mut f.withheld,
                ForkKind::Partition => &mut f.partition,
                ForkKind::SlotBattle => &mut f.slot_battles,
                ForkKind::HeightBattle => &mut f.height_battles,
            } += 1;
            self.blocks.get_mut(id).fork = Some(kind);
            self.notable(Notable::Fork { block: id, kind });
        }
        // Its holders so far (its maker) may already make a threshold.
        let blk = self.blocks.get(id);
        if blk.holders >= blk.need[0] {
            self.t50.add(0);
        }
        if blk.holders >= blk.need[1] {
            self.t95.add(0);
        }
    }

    /// A peer has just received `b`: record the times it reached half and 95 % of the peers.
    fn note_holder(&mut self, b: u32) {
        let holders = self.blocks.get(b).holders;
        self.note_reached(b, holders);
    }

    fn note_reached(&mut self, b: u32, holders: u32) {
        let blk = self.blocks.get(b);
        if !blk.is_public() {
            return;
        }
        let delay = self.now - blk.public_at;
        if holders == blk.need[0] {
            self.t50.add(delay);
        }
        if holders == blk.need[1] {
            self.t95.add(delay);
        }
    }

    // ---- reading the run ----

    /// Block bodies on the links now: (left at, arrives at, from, to, block). For drawing.
    pub fn bodies_in_flight(&self) -> impl Iterator<Item = (Micros, Micros, u32, u32, u32)> + '_ {
        self.queue.iter().filter_map(|(at, ev)| match ev {
            Ev::Deliver(m) if m.kind == Kind::Body => {
                let from = self.topo.slot(m.back as usize).0;
                // The body left once the link had sent it: it is on the wire for its latency.
                Some((
                    m.sent.max(at.saturating_sub(self.links.max_latency())),
                    at,
                    from,
                    m.to,
                    m.block,
                ))
            }
            _ => None,
        })
    }

    /// Peer `p`'s share of hash power or stake.
    pub fn share(&self, p: u32) -> f64 {
        self.lottery.share(p)
    }

    /// Tip of peer `p`.
    pub fn tip(&self, p: u32) -> u32 {
        self.peers[p as usize].tip
    }

    /// Height of peer `p`'s chain.
    pub fn height(&self, p: u32) -> u32 {
        self.peers[p as usize].height
    }

    /// The blocks.
    pub fn blocks(&self) -> &Blocks {
        &self.blocks
    }

    /// Everything measured so far.
    pub fn metrics(&self) -> ChainMetrics {
        let n = self.cfg.participants;
        let live: Vec<u32> = (0..n).filter(|&p| !self.is_down(p)).collect();
        let main = live
            .iter()
            .map(|&p| self.peers[p as usize].height)
            .max()
            .unwrap_or_else(|| self.peers.iter().map(|p| p.height).max().unwrap_or(0));
        let best = self.tips.values().copied().max().unwrap_or(0);
        let praos = self.cfg.consensus == Consensus::Praos;
        let begun = |s: u64| s * self.slot_us <= self.now;
        let (mut active, mut multi) = (self.active_slots, self.multi_leader_slots);
        for &(s, k) in &self.drawn {
            if begun(s) {
                active += u64::from(k > 0);
                multi += u64::from(k > 1);
            }
        }
        let converged = match (self.healed_at, self.converged_at) {
            (Some(h), Some(c)) => Some((c - h) as f64 / MS as f64),
            _ => None,
        };
        ChainMetrics {
            consensus: self.cfg.consensus.name(),
            participants: n,
            seed: self.cfg.seed,
            time_ms: self.now as f64 / MS as f64,
            slots: praos.then(|| self.now / self.slot_us),
            blocks_produced: self.produced,
            blocks_published: self.published,
            main_chain_length: main.into(),
            stale_rate: if self.published == 0 {
                0.0
            } else {
                (self.published - u64::from(main).min(self.published)) as f64
                    / self.published as f64
            },
            forks: self.forks.clone(),
            multi_leader_slots: praos.then_some(multi),
            active_slots: praos.then_some(active),
            rollbacks: self.rollbacks,
            max_rollback_depth: self.max_rollback,
            propagation_p50_ms: self.t50.quantile_of(0.5, self.published),
            propagation_p95_ms: self.t95.quantile_of(0.5, self.published),
            propagation_blocks: self.t95.count(),
            tips_agree_fraction: if live.is_empty() {
                0.0
            } else {
                f64::from(best) / live.len() as f64
            },
            healed_at_ms: self.healed_at.map(|h| h as f64 / MS as f64),
            converged_ms_after_heal: converged,
            messages: self.messages,
            announcements_saved: self.saved,
            events: self.events,
            trace_hash: format!("{:016x}", self.trace),
            adversary: self.attacker.as_ref().map(|a| {
                let simulated = (a.races > 0).then(|| a.caught_up as f64 / a.races as f64);
                AdversaryReport {
                    share: a.share,
                    confirmations: a.z,
                    races: a.races,
                    caught_up: a.caught_up,
                    reversals: a.reversals,
                    simulated,
                    standard_error: simulated
                        .filter(|&p| p > 0.0 && p < 1.0)
                        .map(|p| libm::sqrt(p * (1.0 - p) / a.races as f64)),
                    paper: race::nakamoto(a.share, a.z),
                    exact: race::rosenfeld(a.share, a.z),
                }
            }),
        }
    }

    /// What the run holds in memory that could grow with its length: room in the event queue,
    /// bodies being fetched, waiting for a parent or held for their slot, distinct tips, and
    /// blocks kept in full. Flat when nothing leaks.
    pub fn footprint(&self) -> [usize; 4] {
        let per_peer: usize = self
            .peers
            .iter()
            .map(|p| p.fetch.len() + p.waiting.len() + p.held.len())
            .sum();
        [
            self.queue.capacity() + self.drawn.len(),
            per_peer,
            self.tips.len(),
            self.blocks.kept(),
        ]
    }

    /// Hash over every block made and adopted so far.
    pub fn trace_hash(&self) -> u64 {
        self.trace
    }
}

/// One FNV-1a-style round over a 64-bit word (fixed, so native and wasm agree).
#[inline]
pub(super) fn mix(h: u64, x: u64) -> u64 {
    (h ^ x).wrapping_mul(0x0000_0100_0000_01B3)
}
