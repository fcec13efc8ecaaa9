//! Every block of a run, and which peer holds which, over a sliding window of the most recent
//! [`WINDOW`] blocks. A block that leaves the window is settled history: every peer counts as
//! holding it, and no chain walk goes below it. So memory does not grow with the run.

use super::ancestry::{Ancestry, Depth};
use crate::sim::time::Micros;

/// Blocks kept in full, and per peer. Far more than any fork in a lesson is deep.
pub const WINDOW: u32 = 2_048;

/// "No block".
pub const NO_BLOCK: u32 = u32::MAX;

/// One block.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The block it extends (`NO_BLOCK` for genesis).
    pub parent: u32,
    /// Blocks between it and genesis (genesis: 0).
    pub height: u32,
    /// Praos: the slot it was made for; proof of work: 0.
    pub slot: u32,
    /// The peer that made it.
    pub producer: u32,
    /// Its value for the "lowest" tie-break (Praos: the leader's VRF output).
    pub value: u64,
    /// When it was made.
    pub made_at: Micros,
    /// When it became public (`Micros::MAX` while its maker withholds it).
    pub public_at: Micros,
    /// Peers holding it.
    pub holders: u32,
    /// Holders that make half, and 95 %, of the peers up when it became public.
    pub need: [u32; 2],
    /// First public child, and next public sibling (a list through the parent's children).
    pub first_child: u32,
    /// See `first_child`.
    pub next_sibling: u32,
    /// How the fork it started arose, if it was made beside a public sibling.
    pub fork: Option<ForkKind>,
}

/// How a fork arose.
#[derive(Copy, Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ForkKind {
    /// Two leaders of one slot built on the same block.
    SlotBattle,
    /// A maker built on an older block: the newer one had not reached it.
    HeightBattle,
    /// The siblings were made on opposite sides of a partition.
    Partition,
    /// An attacker published a chain it had withheld.
    Withheld,
}

impl ForkKind {
    /// How the page and the event log name it.
    pub fn name(self) -> &'static str {
        match self {
            ForkKind::SlotBattle => "slot battle",
            ForkKind::HeightBattle => "height battle",
            ForkKind::Partition => "partition",
            ForkKind::Withheld => "withheld chain",
        }
    }
}

impl Block {
    /// Whether its maker has published it.
    pub fn is_public(&self) -> bool {
        self.public_at != Micros::MAX
    }
}

/// The window of blocks and who holds them.
#[derive(Clone)]
pub struct Blocks {
    ring: Vec<Block>,
    next: u32,
    words: usize,
    /// Per window position, one bit per peer: holds the body.
    have: Vec<u64>,
    /// Per window position, one bit per peer: holds it and all its ancestors.
    linked: Vec<u64>,
    /// Parents and heights past the window, as deep as a rollback may go.
    ancestry: Ancestry,
}

impl Blocks {
    /// The store for `peers` peers, holding genesis (id 0), which every peer has; parents and
    /// heights are kept for `keep` heights below the highest block.
    pub fn new(peers: u32, keep: u32) -> Blocks {
        let words = (peers as usize).div_ceil(64);
        let mut b = Blocks {
            ring: Vec::with_capacity(64),
            next: 0,
            words,
            have: Vec::new(),
            linked: Vec::new(),
            ancestry: Ancestry::new(keep),
        };
        let g = b.add(Block {
            parent: NO_BLOCK,
            height: 0,
            slot: 0,
            producer: NO_BLOCK,
            value: u64::MAX,
            made_at: 0,
            public_at: 0,
            holders: peers,
            need: [0, 0],
            first_child: NO_BLOCK,
            next_sibling: NO_BLOCK,
            fork: None,
        });
        let all = (0..words).map(|w| {
            let left = peers as usize - w * 64;
            if left >= 64 {
                u64::MAX
            } else {
                (1u64 << left) - 1
            }
        });
        for (i, m) in all.enumerate() {
            b.have[i] = m;
            b.linked[i] = m;
        }
        debug_assert_eq!(g, 0);
        b
    }

    /// Adds `block`; its id. The block `WINDOW` ids older leaves the window.
    pub fn add(&mut self, block: Block) -> u32 {
        let id = self.next;
        self.next += 1;
        if id > 0 {
            self.ancestry.add(id, block.parent, block.height);
        }
        let pos = (id % WINDOW) as usize;
        if self.ring.len() <= pos {
            self.ring.push(block);
            self.have.resize(self.ring.len() * self.words, 0);
            self.linked.resize(self.ring.len() * self.words, 0);
        } else {
            self.ring[pos] = block;
            let bits = pos * self.words..(pos + 1) * self.words;
            self.have[bits.clone()].fill(0);
            self.linked[bits].fill(0);
        }
        id
    }

    /// Blocks made so far (genesis included).
    pub fn len(&self) -> u32 {
        self.next
    }

    /// Blocks kept in full (at most [`WINDOW`]).
    pub fn kept(&self) -> usize {
        self.ring.len()
    }

    /// Never: genesis is always there.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Whether `id` has left the window (settled).
    #[inline]
    pub fn settled(&self, id: u32) -> bool {
        id == NO_BLOCK || id.saturating_add(WINDOW) < self.next
    }

    /// Block `id` (which must be in the window).
    #[inline]
    pub fn get(&self, id: u32) -> &Block {
        debug_assert!(!self.settled(id), "block {id} has left the window");
        &self.ring[(id % WINDOW) as usize]
    }

    /// Block `id`, to change (which must be in the window).
    #[inline]
    pub fn get_mut(&mut self, id: u32) -> &mut Block {
        &mut self.ring[(id % WINDOW) as usize]
    }

    /// Block `id` if it is still in the window.
    pub fn try_get(&self, id: u32) -> Option<&Block> {
        (!self.settled(id)).then(|| self.get(id))
    }

    #[inline]
    fn bit(&self, id: u32, peer: u32) -> (usize, u64) {
        let pos = (id % WINDOW) as usize;
        (pos * self.words + peer as usize / 64, 1u64 << (peer % 64))
    }

    /// Whether `peer` holds `id`'s body (settled blocks: yes).
    #[inline]
    pub fn has(&self, peer: u32, id: u32) -> bool {
        if self.settled(id) {
            return true;
        }
        let (w, m) = self.bit(id, peer);
        self.have[w] & m != 0
    }

    /// Whether `peer` holds `id` and every ancestor of it (settled blocks: yes).
    #[inline]
    pub fn linked(&self, peer: u32, id: u32) -> bool {
        if self.settled(id) {
            return true;
        }
        let (w, m) = self.bit(id, peer);
        self.linked[w] & m != 0
    }

    /// Records that `peer` holds `id`'s body; whether it is new.
    pub fn set_has(&mut self, peer: u32, id: u32) -> bool {
        if self.settled(id) {
            return false;
        }
        let (w, m) = self.bit(id, peer);
        let new = self.have[w] & m == 0;
        self.have[w] |= m;
        if new {
            self.get_mut(id).holders += 1;
        }
        new
    }

    /// Records that `peer` holds `id` and all its ancestors.
    pub fn set_linked(&mut self, peer: u32, id: u32) {
        if !self.settled(id) {
            let (w, m) = self.bit(id, peer);
            self.linked[w] |= m;
        }
    }

    /// Height of `id`, if it is in the window.
    pub fn height(&self, id: u32) -> Option<u32> {
        self.try_get(id).map(|b| b.height)
    }

    /// The ancestor of `id` at `height` (or the oldest one still in the window).
    pub fn ancestor_at(&self, mut id: u32, height: u32) -> u32 {
        while let Some(b) = self.try_get(id) {
            if b.height <= height || self.settled(b.parent) {
                break;
            }
            id = b.parent;
        }
        id
    }

    /// How many blocks of the chain ending at `from` are not on the chain ending at `to`: the
    /// depth of the rollback a switch from `from` to `to` makes (0 when `to` extends `from`);
    /// exact as deep as the kept heights reach, a lower bound past them.
    pub fn rollback_depth(&self, from: u32, to: u32) -> Depth {
        self.ancestry.depth(from, to)
    }

    /// Parents and heights kept past the window.
    pub fn ancestry_len(&self) -> usize {
        self.ancestry.len()
    }

    /// Drops parents and heights no live peer can need: `lowest_tip` is the lowest live tip.
    pub fn prune_ancestry(&mut self, lowest_tip: u32) {
        self.ancestry.prune(lowest_tip);
    }

    /// Links a newly public block under its parent; the public siblings it already has.
    pub fn attach(&mut self, id: u32) -> Siblings<'_> {
        let parent = self.get(id).parent;
        let first = if self.settled(parent) {
            NO_BLOCK
        } else {
            let p = self.get_mut(parent);
            let first = p.first_child;
            p.first_child = id;
            first
        };
        self.get_mut(id).next_sibling = first;
        Siblings {
            blocks: self,
            at: first,
        }
    }
}

/// An iterator over public siblings.
pub struct Siblings<'a> {
    blocks: &'a Blocks,
    at: u32,
}

impl<'a> Iterator for Siblings<'a> {
    type Item = &'a Block;
    fn next(&mut self) -> Option<&'a Block> {
        let b = self.blocks.try_get(self.at)?;
        self.at = b.next_sibling;
        Some(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(parent: u32, height: u32) -> Block {
        Block {
            parent,
            height,
            slot: height,
            producer: 0,
            value: 0,
            made_at: 0,
            public_at: 0,
            holders: 0,
            need: [0, 0],
            first_child: NO_BLOCK,
            next_sibling: NO_BLOCK,
            fork: None,
        }
    }

    #[test]
    fn every_peer_holds_genesis_and_nothing_else_at_first() {
        let mut b = Blocks::new(130, 100);
        assert!((0..130).all(|p| b.has(p, 0) && b.linked(p, 0)));
        let x = b.add(block(0, 1));
        assert!((0..130).all(|p| !b.has(p, x)));
        assert!(b.set_has(129, x));
        assert!(!b.set_has(129, x));
        assert!(b.has(129, x) && !b.has(128, x) && !b.linked(129, x));
        assert_eq!(b.get(x).holders, 1);
    }

    #[test]
    fn rollback_depth_counts_blocks_left_behind() {
        let mut b = Blocks::new(4, 100);
        let a1 = b.add(block(0, 1));
        let a2 = b.add(block(a1, 2));
        let a3 = b.add(block(a2, 3));
        let b2 = b.add(block(a1, 2));
        let b3 = b.add(block(b2, 3));
        let b4 = b.add(block(b3, 4));
        assert_eq!(b.rollback_depth(a3, b4).blocks, 2);
        assert_eq!(b.rollback_depth(a1, b4).blocks, 0);
        assert_eq!(b.rollback_depth(a2, a3).blocks, 0);
        assert_eq!(b.rollback_depth(b2, a2).blocks, 1);
        assert!(b.rollback_depth(a3, b4).exact);
        assert_eq!(b.ancestor_at(b4, 1), a1);
    }

    #[test]
    fn blocks_leave_the_window_and_count_as_held() {
        let mut b = Blocks::new(3, 100);
        let mut tip = 0;
        for h in 1..=WINDOW + 10 {
            tip = b.add(block(tip, h));
        }
        assert!(b.settled(5));
        assert!(b.has(2, 5) && b.linked(2, 5));
        assert!(!b.has(2, tip));
        assert_eq!(b.try_get(5), None);
        // A walk stops at the window's edge instead of reading a reused slot.
        assert!(b.ancestor_at(tip, 0) >= b.len() - WINDOW);
    }

    #[test]
    fn siblings_are_listed_under_their_parent() {
        let mut b = Blocks::new(2, 100);
        let x = b.add(block(0, 1));
        assert_eq!(b.attach(x).count(), 0);
        let y = b.add(block(0, 1));
        let sib: Vec<u32> = b.attach(y).map(|s| s.height).collect();
        assert_eq!(sib, vec![1]);
        let z = b.add(block(0, 1));
        assert_eq!(b.attach(z).count(), 2);
    }
}
