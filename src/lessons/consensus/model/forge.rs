//! Making blocks. Proof of work: blocks are found at random, on average one every T, each by a
//! peer with probability equal to its share of the hash power. Praos: slots; each slot, each
//! peer is leader with probability 1 − (1 − f)^σ for stake share σ, and forges when its own
//! clock reaches the slot. A block made public is classified against its public siblings (a
//! slot battle, a height battle, a partition's, a withheld one), and the times it takes to
//! reach half and 95 % of the peers are recorded.

use std::collections::VecDeque;

use super::blocks::{Block, Blocks, ForkKind, NO_BLOCK};
use super::config::{ChainConfig, Consensus};
use super::lottery::Lottery;
use super::metrics::{Forks, Histogram};
use super::wire::{Ev, Notable, Wire};
use crate::sim::clock::Clock;
use crate::sim::time::{MS, Micros, SECOND, from_ms};

/// The block makers of one run, and what they made.
#[derive(Clone)]
pub struct Making {
    consensus: Consensus,
    /// Proof of work: the mean time between blocks, µs.
    interval_us: f64,
    lottery: Lottery,
    leaders: Vec<u32>,
    /// Praos: the next slot with a leader, drawn but not yet forged.
    next_slot: u64,
    /// Praos: drawn slots (slot, leaders) not yet begun.
    drawn: VecDeque<(u64, u32)>,
    active_slots: u64,
    multi_leader_slots: u64,
    /// Praos: the slot length, how far ahead of true time any clock can reach a slot, and
    /// the largest drift, ppm.
    slot_us: Micros,
    lead_us: Micros,
    drift_max: u64,
    /// Blocks made, and made public.
    pub produced: u64,
    /// See `produced`.
    pub published: u64,
    /// Forks, by how they arose.
    pub forks: Forks,
    /// Times public blocks took to reach half, and 95 %, of the live peers.
    pub t50: Histogram,
    /// See `t50`.
    pub t95: Histogram,
    /// Arrivals of public blocks at peers that had nothing as high (news that could grow
    /// their chain), by the time since the block was made public; not counting blocks made
    /// public before the last fault. The delay distribution the stale-rate theory reads.
    pub arrivals: Histogram,
    /// When the last fault was applied.
    pub quiet_since: Micros,
}

impl Making {
    /// Nothing made yet for `cfg`; `ahead_ms` is how far ahead any clock starts.
    pub fn new(cfg: &ChainConfig, ahead_ms: u32) -> Making {
        Making {
            consensus: cfg.consensus,
            interval_us: cfg.block_interval_s * SECOND as f64,
            lottery: Lottery::new(cfg),
            leaders: Vec::new(),
            next_slot: 0,
            drawn: VecDeque::new(),
            active_slots: 0,
            multi_leader_slots: 0,
            slot_us: from_ms(cfg.slot_ms.into()),
            lead_us: from_ms(ahead_ms.into()) + MS,
            drift_max: cfg.clock_drift_ppm.into(),
            produced: 0,
            published: 0,
            forks: Forks::default(),
            t50: Histogram::default(),
            t95: Histogram::default(),
            arrivals: Histogram::default(),
            quiet_since: 0,
        }
    }

    /// Schedules the first find (proof of work) or the first lottery (Praos).
    pub fn start(&mut self, w: &mut Wire) {
        match self.consensus {
            Consensus::Pow => {
                let wait = self.lottery.wait_us(self.interval_us);
                w.queue.push(wait, Ev::Find);
            }
            Consensus::Praos => {
                // Slot 0 is genesis's; the lottery starts at slot 1.
                self.next_slot = 1 + self.lottery.idle_slots();
                let at = self.lottery_time(self.next_slot, w.now);
                w.queue.push(at, Ev::Lottery);
            }
        }
    }

    /// Peer `p`'s share of hash power or stake.
    pub fn share(&self, p: u32) -> f64 {
        self.lottery.share(p)
    }

    /// Praos: the slot length, µs.
    pub fn slot_us(&self) -> Micros {
        self.slot_us
    }

    /// Proof of work: a block is found. The next find is scheduled; the finder.
    pub fn on_find(&mut self, w: &mut Wire) -> u32 {
        let wait = self.lottery.wait_us(self.interval_us);
        w.queue.push(w.now + wait.max(1), Ev::Find);
        self.lottery.finder()
    }

    /// The earliest true time any clock can reach slot `s`.
    fn lottery_time(&self, s: u64, now: Micros) -> Micros {
        let start = s.saturating_mul(self.slot_us);
        let lead = self.lead_us + start / 1_000_000 * self.drift_max + self.drift_max;
        start.saturating_sub(lead).max(now)
    }

    /// Praos: draws the leaders of the next slot that has any; each forges when its own clock
    /// reaches the slot.
    pub fn on_lottery(&mut self, w: &mut Wire, clocks: &[Clock]) {
        let s = self.next_slot;
        // Slots already begun are counted; the rest wait in `drawn`.
        self.tally_slots(w.now);
        let mut leaders = std::mem::take(&mut self.leaders);
        self.lottery.leaders(&mut leaders);
        self.drawn.push_back((s, leaders.len() as u32));
        let start = (s * self.slot_us) as i64;
        for &p in &leaders {
            let at = clocks[p as usize].when_reads(start).max(w.now);
            w.queue.push(
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
            let at = self.lottery_time(next, w.now);
            w.queue.push(at, Ev::Lottery);
        }
    }

    fn tally_slots(&mut self, now: Micros) {
        while let Some(&(s, n)) = self.drawn.front() {
            if s * self.slot_us > now {
                break;
            }
            self.drawn.pop_front();
            self.active_slots += u64::from(n > 0);
            self.multi_leader_slots += u64::from(n > 1);
        }
    }

    /// Praos: slots begun by `now` that had a leader, and those that had several.
    pub fn slots(&self, now: Micros) -> (u64, u64) {
        let (mut active, mut multi) = (self.active_slots, self.multi_leader_slots);
        for &(s, k) in &self.drawn {
            if s * self.slot_us <= now {
                active += u64::from(k > 0);
                multi += u64::from(k > 1);
            }
        }
        (active, multi)
    }

    /// Slots drawn and not yet begun (what the run holds in memory for them).
    pub fn drawn(&self) -> usize {
        self.drawn.len()
    }

    /// Praos: a block's slot must be later than its parent's; a leader whose tip is from the
    /// same slot (another leader's, already received) builds beside it, on its parent.
    pub fn parent_for(&self, blocks: &Blocks, mut tip: u32, slot: u32) -> u32 {
        if self.consensus != Consensus::Praos {
            return tip;
        }
        while let Some(b) = blocks.try_get(tip) {
            if b.slot < slot || b.parent == NO_BLOCK || blocks.settled(b.parent) {
                break;
            }
            tip = b.parent;
        }
        tip
    }

    /// `p`, whose chain is `height` long, makes a block on `parent` in `slot`: its id.
    pub fn forge(
        &mut self,
        w: &mut Wire,
        blocks: &mut Blocks,
        (p, height): (u32, u32),
        parent: u32,
        slot: u32,
    ) -> u32 {
        let height = match blocks.try_get(parent) {
            Some(b) => b.height + 1,
            None => height + 1,
        };
        let value = self.lottery.value();
        let id = blocks.add(Block {
            parent,
            height,
            slot,
            producer: p,
            value,
            made_at: w.now,
            public_at: Micros::MAX,
            holders: 0,
            need: [0, 0],
            first_child: NO_BLOCK,
            next_sibling: NO_BLOCK,
            fork: None,
        });
        self.produced += 1;
        blocks.set_has(p, id);
        blocks.set_linked(p, id);
        w.trace.add(w.now);
        w.trace.add(u64::from(p) << 32 | u64::from(id));
        id
    }

    /// `id` becomes public among `live` peers: it counts, and forks are classified against
    /// its public siblings (`side`: during a partition, which side each peer is on).
    pub fn publish(
        &mut self,
        w: &mut Wire,
        blocks: &mut Blocks,
        id: u32,
        live: u32,
        side: &[bool],
    ) {
        if blocks.settled(id) {
            return; // withheld so long it left the window: it can no longer matter
        }
        self.published += 1;
        let live = live.max(1);
        let praos = self.consensus == Consensus::Praos;
        let b = blocks.get_mut(id);
        b.public_at = w.now;
        b.need = [live.div_ceil(2), (live * 19).div_ceil(20)];
        let (slot, maker, late) = (b.slot, b.producer, b.made_at < w.now);
        let side = |p: u32| side.get(p as usize).copied();
        let (mut siblings, mut same_slot, mut across, mut withheld) = (false, false, false, late);
        for s in blocks.attach(id) {
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
            blocks.get_mut(id).fork = Some(kind);
            w.note(Notable::Fork { block: id, kind });
        }
        // Its holders so far (its maker) may already make a threshold.
        let blk = blocks.get(id);
        if blk.holders >= blk.need[0] {
            self.t50.add(0);
        }
        if blk.holders >= blk.need[1] {
            self.t95.add(0);
        }
    }

    /// A peer has just received `b` (`news`: it had nothing as high): records when it reached
    /// half and 95 % of the peers, and the arrival.
    pub fn note_holder(&mut self, blocks: &Blocks, b: u32, now: Micros, news: bool) {
        let blk = blocks.get(b);
        if !blk.is_public() {
            return;
        }
        let delay = now - blk.public_at;
        if news && blk.public_at >= self.quiet_since {
            self.arrivals.add(delay);
        }
        if blk.holders == blk.need[0] {
            self.t50.add(delay);
        }
        if blk.holders == blk.need[1] {
            self.t95.add(delay);
        }
    }
}
