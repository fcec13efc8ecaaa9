//! The blockchain engine: peers on the peer-to-peer topology make blocks, spread them by
//! gossip, and each follows the longest chain it knows.
//!
//! Gossip, per hop: a peer whose tip changes **announces** it to every neighbour not already
//! holding it; a neighbour for which it would be a better chain **requests** the bodies it
//! lacks; the announcer **sends** them. After a crash or a cut, peers that meet again exchange
//! tips.
//!
//! The engine composes parts that never call each other — the [`Wire`] (time, queue, links,
//! trace), [`Fetches`] (bodies in transit), [`Selection`] (each peer's chain), [`Making`]
//! (leaders and blocks) and the [`Attacker`] — and passes what one part's step implies on to
//! the next: a body received is linked, held for its slot or weighed; a block weighed and
//! adopted is announced; a block made public is weighed by its maker.
//!
//! Everything runs on the shared core: the topology, the links (latency, order, cuts), who is
//! up, the deterministic queue, the seeded streams and the clocks.

use std::sync::Arc;

use super::adversary::Attacker;
use super::blocks::Blocks;
use super::config::{ChainConfig, Consensus, Latency, Strategy};
use super::fetch::Fetches;
use super::forge::Making;
use super::metrics::{
    self, AdversaryReport, Agreement, ChainMetrics, Cost, Propagation, Rollbacks, Run,
};
use super::race;
use super::select::Selection;
use super::selfish::{self, Move, Selfish};
pub use super::wire::Notable;
use super::wire::{Ev, Kind, Msg, Wire};
use crate::sim::clock::Clock;
use crate::sim::error::ConfigError;
use crate::sim::fault::{Action, Fault, Faulty};
use crate::sim::ids::{Arch, NodeId};
use crate::sim::links::{Delay, Links};
use crate::sim::rng::{SimRng, Stream};
use crate::sim::time::{MS, Micros, from_ms};
use crate::sim::topology::Topology;
use crate::sim::up::Up;

/// "No slot": a block that came from nowhere (made here, or released from the hold).
const NOWHERE: u32 = u32::MAX;

/// How far ahead of a peer's clock a block's slot may begin and the block still wait for it
/// (ouroboros-consensus's admissible clock skew); a header further ahead gets its sender
/// dropped.
pub const CLOCK_SKEW_ALLOWANCE_MS: u64 = 2_000;

/// How long a peer stays away from a neighbour it dropped for a header from the far future.
pub const FUTURE_DISCONNECT_MS: u64 = 60_000;

/// A blockchain run.
#[derive(Clone)]
pub struct ChainEngine {
    cfg: ChainConfig,
    topo: Arc<Topology>,
    wire: Wire,
    up: Up,
    blocks: Blocks,
    fetch: Fetches,
    select: Selection,
    making: Making,
    clocks: Vec<Clock>,
    attacker: Option<Attacker>,
    selfish: Option<Selfish>,
    /// The config's faults, in time order, and how many have been applied.
    faults: Vec<(Micros, Fault)>,
    next_fault: usize,
    actions: Vec<Action>,
    events: u64,
    /// Per peer, during a partition: on the side that was named (empty: no partition).
    side: Vec<bool>,
    /// Blocks being linked at one peer (kept to reuse its room).
    stack: Vec<(u32, u32)>,
    /// Links dropped for a header from the far future, until they connect again.
    dropped: Vec<u32>,
    /// How many times a peer dropped a neighbour for that.
    future_disconnects: u64,
}

/// The links of `cfg`'s network: latency drawn per message, or fixed per link by class.
fn links(cfg: &ChainConfig, topo: &Topology, tx_us: Micros) -> Links {
    let delay = match &cfg.latency {
        // Near and far links: a base per link drawn once, jitter per message on top.
        Latency::Range { min_ms, max_ms } => {
            let mut rng = SimRng::new(cfg.seed, Stream::LinkClasses);
            let (min, max) = (from_ms((*min_ms).into()), from_ms((*max_ms).into()));
            Delay::Jittered {
                base: (0..topo.links.len())
                    .map(|_| rng.between(min, max))
                    .collect(),
                max,
            }
        }
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
    Links::new(
        topo,
        delay,
        cfg.loss,
        SimRng::new(cfg.seed, Stream::Network),
    )
}

/// Every peer's clock: off by up to the config's offset and drifting, one set apart.
fn clocks(cfg: &ChainConfig) -> Vec<Clock> {
    let mut rng = SimRng::new(cfg.seed, Stream::Clocks);
    let mut clocks: Vec<Clock> = (0..cfg.participants)
        .map(|_| {
            let offset = rng.symmetric(i64::from(cfg.clock_offset_ms) * MS as i64);
            let drift = rng.symmetric(i64::from(cfg.clock_drift_ppm)) as i32;
            Clock::new(offset, drift)
        })
        .collect();
    if let Some(skew) = cfg.clock_skew {
        let c = &mut clocks[skew.peer as usize];
        *c = Clock::new(i64::from(skew.offset_ms) * MS as i64, c.drift_ppm);
    }
    clocks
}

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
        // Stable: faults at the same time keep the config's order.
        faults.sort_by_key(|f| f.0);
        let n = cfg.participants;
        let tx_us = cfg.transmission_us();
        let links = links(cfg, &topo, tx_us);
        let max_lat = links.max_latency();
        let ahead_ms = cfg
            .clock_skew
            .map_or(0, |s| s.offset_ms.max(0) as u32)
            .max(cfg.clock_offset_ms);
        let topo = Arc::new(topo);
        let mut e = ChainEngine {
            wire: Wire::new(&topo, links, tx_us),
            up: Up::new(n as usize),
            blocks: Blocks::new(n, cfg.k + 2),
            fetch: Fetches::new(n, 4 * max_lat + 4 * tx_us + 500 * MS),
            select: Selection::new(
                n,
                cfg.tie,
                (cfg.consensus == Consensus::Praos).then_some(cfg.k),
            ),
            making: Making::new(cfg, ahead_ms),
            clocks: clocks(cfg),
            attacker: cfg
                .adversary
                .filter(|a| a.strategy == Strategy::DoubleSpend)
                .map(|a| Attacker::new(a.share, a.confirmations)),
            selfish: cfg
                .adversary
                .filter(|a| a.strategy == Strategy::Selfish)
                .map(|a| Selfish::new(a.share, a.gamma)),
            faults,
            next_fault: 0,
            actions: Vec::new(),
            events: 0,
            side: Vec::new(),
            stack: Vec::new(),
            dropped: Vec::new(),
            future_disconnects: 0,
            topo,
            cfg: cfg.clone(),
        };
        if let Some(s) = &e.selfish {
            // The honest peers that hear the attacker's block first in a tie: the lowest ids,
            // up to a share γ of honest power.
            let honest: f64 = (1..n).map(|p| e.making.share(p)).sum();
            let mut side = 0.0;
            let prefers = (0..n)
                .map(|p| {
                    let take = p > 0 && side + e.making.share(p) <= s.gamma * honest + 1e-9;
                    if take {
                        side += e.making.share(p);
                    }
                    take
                })
                .collect();
            e.select.set_attacker_ties(prefers);
        }
        e.making.start(&mut e.wire);
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
        self.wire.now
    }

    /// The links.
    pub fn links(&self) -> &Links {
        &self.wire.links
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
        while let Some((at, ev)) = self.wire.queue.pop_due(t) {
            self.wire.now = at;
            self.events += 1;
            self.handle(ev);
        }
        self.wire.now = self.wire.now.max(t);
    }

    /// Applies `fault` now (what a click does) and logs it.
    pub fn apply(&mut self, fault: &Fault) {
        // Blocks in flight across a fault take the fault's time, not the network's.
        self.making.quiet_since = self.wire.now;
        crate::sim::fault::apply(self, fault);
    }

    fn handle(&mut self, ev: Ev) {
        match ev {
            Ev::Deliver(m) if m.kind == Kind::Resend => {
                // A lost body goes out again, unless its sender stopped meanwhile.
                let from = self.topo.slot(m.back as usize).0;
                if self.up.receives(from, m.sent) {
                    self.wire.resend(m);
                }
            }
            Ev::Deliver(m) => self.deliver(m),
            Ev::Find => {
                let p = self.making.on_find(&mut self.wire);
                self.lead(p, 0);
            }
            Ev::Lottery => self.making.on_lottery(&mut self.wire, &self.clocks),
            Ev::Forge { peer, slot } => self.lead(peer, slot),
            Ev::FetchTimeout { peer, block } => {
                if !self.up.is_down(peer) {
                    self.fetch
                        .on_timeout(&mut self.wire, &self.blocks, peer, block);
                }
            }
            Ev::Release { peer, block } => self.on_release(peer, block),
            Ev::Reconnect { link } => {
                if let Some(i) = self.dropped.iter().position(|&l| l == link) {
                    self.dropped.swap_remove(i);
                    let now = self.wire.now;
                    // A split that began meanwhile keeps it cut until the split heals.
                    let (a, b) = self.topo.links[link as usize];
                    let split = self.side.get(a.0 as usize) != self.side.get(b.0 as usize);
                    if !split && self.wire.links.set_cut(link as usize, false, now) {
                        self.meet(link as usize);
                    }
                }
            }
        }
    }

    // ---- who is up ----

    /// Whether peer `p` is down.
    #[inline]
    pub fn is_down(&self, p: u32) -> bool {
        self.up.is_down(p)
    }

    /// Link `l` carries messages again: its ends tell each other their tips.
    fn meet(&mut self, l: usize) {
        let (a, b) = self.topo.links[l];
        if self.is_down(a.0) || self.is_down(b.0) {
            return;
        }
        for (x, y) in [(a, b), (b, a)] {
            if let Some(slot) = self.topo.slot_between(x, y) {
                let tip = self.select.tip(x.0);
                self.wire.offer(&self.blocks, slot, tip);
            }
        }
    }

    // ---- the wire ----

    fn deliver(&mut self, m: Msg) {
        if !self.wire.delivers(&m, &self.up) {
            return;
        }
        let (p, slot, b) = (m.to, m.back, m.block);
        match m.kind {
            Kind::Announce => {
                if self.header_too_far_ahead(p, slot, b) {
                    return;
                }
                let select = &self.select;
                self.fetch.on_announce(
                    &mut self.wire,
                    &self.blocks,
                    |blk| select.better(p, blk),
                    (p, slot, b),
                );
            }
            Kind::Request => {
                if !self.blocks.settled(b) && self.blocks.has(p, b) {
                    self.wire.send(slot as usize, Kind::Body, b);
                }
            }
            Kind::Body => self.on_body(p, slot, b),
            Kind::Resend => {} // (handled before delivery)
            Kind::TipRequest => {
                let tip = self.select.tip(p);
                self.wire.offer(&self.blocks, slot as usize, tip);
            }
        }
    }

    /// Praos: a header whose slot begins further ahead of `p`'s clock than the allowance
    /// gets its sender (on `slot`) dropped for a while, as ouroboros-consensus does.
    fn header_too_far_ahead(&mut self, p: u32, slot: u32, b: u32) -> bool {
        if self.cfg.consensus != Consensus::Praos || self.blocks.settled(b) {
            return false;
        }
        let start = i64::from(self.blocks.get(b).slot) * self.making.slot_us() as i64;
        let ahead = start - self.clocks[p as usize].raw(self.wire.now);
        if ahead <= (CLOCK_SKEW_ALLOWANCE_MS * MS) as i64 {
            return false;
        }
        let (from, link) = self.topo.slot(slot as usize);
        let now = self.wire.now;
        if self.wire.links.set_cut(link as usize, true, now) {
            self.dropped.push(link);
            self.future_disconnects += 1;
            self.wire.note(Notable::FromTheFuture {
                peer: p,
                from,
                ahead: ahead as Micros,
            });
            self.wire
                .queue
                .push(now + FUTURE_DISCONNECT_MS * MS, Ev::Reconnect { link });
        }
        true
    }

    // ---- fetching ----

    fn on_body(&mut self, p: u32, slot: u32, b: u32) {
        if !self.fetch.received(&mut self.blocks, p, b) {
            return;
        }
        let news = self.blocks.get(b).height > self.select.height(p);
        self.making
            .note_holder(&self.blocks, b, self.wire.now, news);
        let parent = self.blocks.get(b).parent;
        if !self.blocks.linked(p, parent) {
            self.fetch.wait(&mut self.wire, &self.blocks, (p, slot, b));
            return;
        }
        // `b`'s ancestry is complete at `p`: hold it or weigh it, then any waiting children.
        let mut stack = std::mem::take(&mut self.stack);
        stack.push((b, slot));
        while let Some((b, slot)) = stack.pop() {
            self.blocks.set_linked(p, b);
            self.hold_or_consider(p, b, slot);
            self.fetch.children(&self.blocks, p, b, &mut stack);
        }
        self.stack = stack;
    }

    /// Praos: a block from a slot `p`'s clock has not reached waits until it does.
    fn hold_or_consider(&mut self, p: u32, b: u32, slot: u32) {
        if self.cfg.consensus == Consensus::Praos {
            let start = i64::from(self.blocks.get(b).slot) * self.making.slot_us() as i64;
            let clock = &self.clocks[p as usize];
            if clock.raw(self.wire.now) < start {
                let at = clock.when_reads(start).max(self.wire.now);
                self.fetch.hold(&mut self.wire, p, b, at);
                return;
            }
        }
        self.consider(p, b, slot);
    }

    fn on_release(&mut self, p: u32, b: u32) {
        if self.is_down(p) {
            return; // it stays held; recovery looks at it again
        }
        if self.fetch.release(p, b) && !self.blocks.settled(b) {
            self.consider(p, b, NOWHERE);
        }
    }

    // ---- chain selection ----

    /// Adopts `b` as `p`'s tip if its chain is better, and tells the neighbours (all but the
    /// one on slot `from`).
    fn consider(&mut self, p: u32, b: u32, from: u32) {
        let honest = !self.is_attacker(p);
        let live = self.up.live();
        if self
            .select
            .consider(&mut self.wire, &self.blocks, (p, b), honest, live)
        {
            self.wire.announce(&self.blocks, p, b, from);
            if !honest {
                self.attacker_step();
                if let Some(s) = &mut self.selfish {
                    let mv = s.honest_grew(self.select.height(0));
                    self.selfish_move(mv);
                }
            }
        }
    }

    /// The attacker's blocks it has not published yet, oldest first (its private chain).
    pub fn private_chain(&self) -> Vec<u32> {
        let mine = self
            .attacker
            .as_ref()
            .map(Attacker::private)
            .or_else(|| self.selfish.as_ref().map(Selfish::private))
            .unwrap_or_default();
        mine.iter()
            .copied()
            .filter(|&b| self.blocks.try_get(b).is_some_and(|x| !x.is_public()))
            .collect()
    }

    fn is_attacker(&self, p: u32) -> bool {
        p == 0 && (self.attacker.is_some() || self.selfish.is_some())
    }

    /// Carries out the selfish miner's move.
    fn selfish_move(&mut self, mv: Move) {
        let tip = match mv {
            Move::Wait => return,
            Move::Publish(ids) => {
                for id in ids {
                    self.publish(id);
                    self.wire.announce(&self.blocks, 0, id, NOWHERE);
                }
                return;
            }
            Move::Win(ids) => {
                for &id in &ids {
                    self.publish(id);
                }
                let Some(&last) = ids.last() else { return };
                if let Some(&blk) = self.blocks.try_get(last) {
                    let live = self.up.live();
                    self.select.set_tip(&mut self.wire, 0, last, &blk, live);
                    self.wire.announce(&self.blocks, 0, last, NOWHERE);
                }
                last
            }
            Move::Adopt => self.select.tip(0),
        };
        // Everything above the fork point up to the chain it now follows is settled.
        let Some(s) = &self.selfish else { return };
        let floor = s.fork_height();
        let mut makers = Vec::new();
        let mut x = tip;
        while let Some(b) = self.blocks.try_get(x) {
            if b.height <= floor {
                break;
            }
            makers.push(b.producer);
            x = b.parent;
        }
        let height = self.blocks.height(tip).unwrap_or(floor);
        if let Some(s) = &mut self.selfish {
            s.settle(tip, height, makers.into_iter());
        }
    }

    /// After the attacker's view changed: has it caught up, won, or lost this race? When it
    /// won, it publishes its chain and follows it (no rollback is counted: the blocks it
    /// leaves are the honest ones it only watched).
    fn attacker_step(&mut self) {
        let (tip, height) = (self.select.tip(0), self.select.height(0));
        let Some(private) = self.attacker.as_mut().and_then(|a| a.step(tip, height)) else {
            return;
        };
        let last = *private.last().expect("longer than a confirmed chain");
        for &id in &private {
            self.publish(id);
        }
        if let Some(&blk) = self.blocks.try_get(last) {
            let live = self.up.live();
            self.select.set_tip(&mut self.wire, 0, last, &blk, live);
            self.wire.announce(&self.blocks, 0, last, NOWHERE);
        }
        let h = self.select.height(0);
        if let Some(a) = &mut self.attacker {
            a.finish(last, h);
        }
    }

    // ---- making blocks ----

    /// Peer `p` leads (Praos: `slot`; proof of work: 0). A peer that is down makes nothing
    /// (its power is off); the attacker adds to its private chain; anyone else builds on its
    /// tip and publishes at once.
    fn lead(&mut self, p: u32, slot: u32) {
        if self.is_down(p) {
            return;
        }
        if p == 0 && self.selfish.is_some() {
            let on = self.selfish.as_ref().map_or(0, Selfish::builds_on);
            let parent = self.making.parent_for(&self.blocks, on, slot);
            let id = self.forge(0, parent, slot);
            if let Some(mv) = self.selfish.as_mut().map(|s| s.mined(id)) {
                self.selfish_move(mv);
            }
            return;
        }
        if self.is_attacker(p) {
            let on = self.attacker.as_ref().map_or(0, Attacker::builds_on);
            let parent = self.making.parent_for(&self.blocks, on, slot);
            let id = self.forge(0, parent, slot);
            if let Some(a) = &mut self.attacker {
                a.mined(id);
            }
            self.attacker_step();
            return;
        }
        let tip = self.select.tip(p);
        let parent = match self.cfg.consensus {
            Consensus::Praos => self.making.parent_for(&self.blocks, tip, slot),
            Consensus::Pow => tip,
        };
        let id = self.forge(p, parent, slot);
        self.publish(id);
        self.consider(p, id, NOWHERE);
    }

    fn forge(&mut self, p: u32, parent: u32, slot: u32) -> u32 {
        let height = self.select.height(p);
        let id = self
            .making
            .forge(&mut self.wire, &mut self.blocks, (p, height), parent, slot);
        if id.is_multiple_of(64) {
            let up = &self.up;
            let lowest = (0..self.cfg.participants)
                .filter(|&q| !up.is_down(q))
                .map(|q| self.select.height(q))
                .min();
            self.blocks.prune_ancestry(lowest.unwrap_or(height));
        }
        id
    }

    fn publish(&mut self, id: u32) {
        let live = self.up.live();
        self.making
            .publish(&mut self.wire, &mut self.blocks, id, live, &self.side);
    }

    // ---- reading the run ----

    /// Block bodies on the links now: (left at, arrives at, from, to, block). For drawing.
    pub fn bodies_in_flight(&self) -> impl Iterator<Item = (Micros, Micros, u32, u32, u32)> + '_ {
        self.wire.bodies_in_flight()
    }

    /// Peer `p`'s share of hash power or stake.
    pub fn share(&self, p: u32) -> f64 {
        self.making.share(p)
    }

    /// Tip of peer `p`.
    pub fn tip(&self, p: u32) -> u32 {
        self.select.tip(p)
    }

    /// Height of peer `p`'s chain.
    pub fn height(&self, p: u32) -> u32 {
        self.select.height(p)
    }

    /// The blocks.
    pub fn blocks(&self) -> &Blocks {
        &self.blocks
    }

    /// Takes the notable events since the last call, oldest first.
    pub fn take_notables(&mut self) -> impl Iterator<Item = (Micros, Notable)> + '_ {
        self.wire.take_notables()
    }

    /// Everything measured so far.
    pub fn metrics(&self) -> ChainMetrics {
        let n = self.cfg.participants;
        let now = self.wire.now;
        let live = (0..n).filter(|&p| !self.is_down(p)).count();
        let main = (0..n)
            .filter(|&p| !self.is_down(p))
            .map(|p| self.select.height(p))
            .max()
            .unwrap_or_else(|| self.select.heights().max().unwrap_or(0));
        let praos = self.cfg.consensus == Consensus::Praos;
        let (active, multi) = self.making.slots(now);
        let m = &self.making;
        let s = &self.select;
        let converged = match (s.healed_at, s.converged_at) {
            (Some(h), Some(c)) => Some((c - h) as f64 / MS as f64),
            _ => None,
        };
        ChainMetrics {
            run: Run {
                consensus: self.cfg.consensus.name(),
                participants: n,
                seed: self.cfg.seed,
                time_ms: now as f64 / MS as f64,
                slots: praos.then(|| now / m.slot_us()),
            },
            blocks: metrics::Blocks {
                blocks_produced: m.produced,
                blocks_published: m.published,
                main_chain_length: main.into(),
                stale_rate: if m.published == 0 {
                    0.0
                } else {
                    (m.published - u64::from(main).min(m.published)) as f64 / m.published as f64
                },
                forks: m.forks.clone(),
                multi_leader_slots: praos.then_some(multi),
                active_slots: praos.then_some(active),
            },
            rollbacks: Rollbacks {
                rollbacks: s.rollbacks,
                max_rollback_depth: s.max_rollback,
                max_rollback_at_least: s.max_rollback_at_least,
                refused_switches: s.refused,
                settlement: self.settlement(),
            },
            propagation: Propagation {
                propagation_p50_ms: m.t50.quantile_of(0.5, m.published),
                propagation_p95_ms: m.t95.quantile_of(0.5, m.published),
                propagation_blocks: m.t95.count(),
            },
            properties: metrics::Properties {
                chain_growth_per_min: if now == 0 {
                    0.0
                } else {
                    f64::from(main) / (now as f64 / (60 * crate::sim::time::SECOND) as f64)
                },
                chain_quality: self.chain_quality(),
            },
            agreement: Agreement {
                tips_agree_fraction: if live == 0 {
                    0.0
                } else {
                    f64::from(s.most_common()) / live as f64
                },
                healed_at_ms: s.healed_at.map(|h| h as f64 / MS as f64),
                future_disconnects: self.future_disconnects,
                converged_ms_after_heal: converged,
            },
            cost: Cost {
                messages: self.wire.messages,
                announcements_saved: self.wire.saved,
                events: self.events,
                trace_hash: format!("{:016x}", self.trace_hash()),
            },
            adversary: self
                .attacker
                .as_ref()
                .map(adversary_report)
                .or_else(|| self.selfish.as_ref().map(selfish_report)),
        }
    }

    /// For depth k = 1 … 10: of the blocks once k deep on an honest peer's chain, the share
    /// that later left it. A rollback of d blocks drops the d − k + 1 blocks that had been k
    /// deep or deeper; the blocks that stayed are those k deep or deeper on the chains now.
    fn settlement(&self) -> Vec<f64> {
        let n = self.cfg.participants;
        let depths = &self.select.depths;
        (1..=10usize)
            .map(|k| {
                // A rollback of d blocks drops d − k + 1 blocks that had been k deep (the last
                // count holds d of 64 or more, read as 64: a lower bound).
                let left: u64 = depths
                    .iter()
                    .enumerate()
                    .skip(k)
                    .map(|(d, &c)| c * (d - k + 1) as u64)
                    .sum();
                let stayed: u64 = (0..n)
                    .filter(|&p| !self.is_attacker(p))
                    .map(|p| u64::from(self.select.height(p)).saturating_sub(k as u64 - 1))
                    .sum();
                if left + stayed == 0 {
                    0.0
                } else {
                    left as f64 / (left + stayed) as f64
                }
            })
            .collect()
    }

    /// Of the last blocks (as many as are kept) of the chain most live peers follow, the share
    /// made by honest peers.
    fn chain_quality(&self) -> Option<f64> {
        let tip = (0..self.cfg.participants)
            .filter(|&p| !self.is_down(p) && !self.is_attacker(p))
            .map(|p| self.select.tip(p))
            .max_by_key(|&t| (self.select.followers(t), t))?;
        let (mut honest, mut all) = (0u64, 0u64);
        let mut x = tip;
        while let Some(b) = self.blocks.try_get(x) {
            if x == 0 {
                break;
            }
            all += 1;
            honest += u64::from(!self.is_attacker(b.producer));
            x = b.parent;
        }
        (all > 0).then(|| honest as f64 / all as f64)
    }

    /// Every arrival of a public block at a peer other than its maker, by delay since it was
    /// made public.
    pub fn arrivals(&self) -> &metrics::Histogram {
        &self.making.arrivals
    }

    /// What the run holds in memory that could grow with its length: room in the event queue,
    /// bodies being fetched, waiting for a parent or held for their slot, distinct tips, and
    /// blocks kept in full. Flat when nothing leaks.
    pub fn footprint(&self) -> [usize; 4] {
        [
            self.wire.queue.capacity() + self.making.drawn(),
            self.fetch.in_transit(),
            self.select.distinct(),
            self.blocks.kept(),
        ]
    }

    /// Hash over every block made and adopted so far.
    pub fn trace_hash(&self) -> u64 {
        self.wire.trace.value()
    }
}

/// The selfish miner's record beside Eyal and Sirer's closed form.
fn selfish_report(s: &Selfish) -> AdversaryReport {
    AdversaryReport {
        strategy: "selfish",
        share: s.share,
        gamma: Some(s.gamma),
        revenue_share: s.revenue_share(),
        revenue_theory: Some(selfish::revenue(s.share, s.gamma)),
        settled_blocks: s.attacker_main + s.honest_main,
        ..AdversaryReport::default()
    }
}

/// The attacker's record beside the closed forms of the race.
fn adversary_report(a: &Attacker) -> AdversaryReport {
    let simulated = (a.races > 0).then(|| a.caught_up as f64 / a.races as f64);
    AdversaryReport {
        strategy: "double-spend",
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
        ..AdversaryReport::default()
    }
}

impl Faulty for ChainEngine {
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
    fn crash(&mut self, p: u32) {
        if !self.up.crash(p, self.wire.now) {
            return;
        }
        self.select.untip(self.select.tip(p));
        self.fetch.crash(p);
        // Its upload, its download and its connections start afresh when it comes back.
        let now = self.wire.now;
        self.wire.links.idle(p, now);
        let start = self.topo.adj_offset(NodeId(p));
        for s in start..start + self.topo.neighbours(NodeId(p)).len() {
            self.wire.links.restart_stream(s, now);
            self.wire.links.restart_stream(self.topo.reverse(s), now);
        }
        let live = self.up.live();
        self.select.check_converged(&mut self.wire, live);
    }
    fn recover(&mut self, p: u32) {
        if !self.up.recover(p) {
            return;
        }
        self.select.retip(p);
        // Blocks held for a slot that began while it was down.
        for b in self.fetch.take_held(p) {
            if !self.blocks.settled(b) {
                self.hold_or_consider(p, b, NOWHERE);
            }
        }
        let start = self.topo.adj_offset(NodeId(p));
        for i in 0..self.topo.neighbours(NodeId(p)).len() {
            self.wire
                .send(start + i, Kind::TipRequest, super::blocks::NO_BLOCK);
        }
        let live = self.up.live();
        self.select.check_converged(&mut self.wire, live);
    }
    fn healed(&mut self, l: usize) {
        // A link a peer dropped for a header from the future stays dropped until its minute is
        // up (the `Reconnect` event), whatever heals the partition's cuts.
        if self.dropped.contains(&(l as u32)) {
            let now = self.wire.now;
            self.wire.links.set_cut(l, true, now);
            return;
        }
        self.meet(l);
    }
    fn partitioned(&mut self, inside: Vec<bool>) {
        self.side = inside;
    }
    fn healed_all(&mut self, any: bool) {
        if any {
            self.side.clear();
            let live = self.up.live();
            self.select.healed(&mut self.wire, live);
        }
    }
}
