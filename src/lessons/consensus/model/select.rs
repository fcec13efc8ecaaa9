//! Chain selection: each peer follows the longest chain it knows; between two of the same
//! length, the tie-break decides (the first seen; the lower block value, Praos's rule; or the
//! lower value only between tips at most five slots apart, Cardano's rule since Conway). A
//! switch away from blocks a peer had adopted is a rollback. An honest peer never rolls back
//! more than k blocks (Praos's security parameter): a longer chain that would need it is
//! refused and counted, as ouroboros-consensus does. After a heal, the run notes when every
//! live peer follows one tip again.

use std::collections::BTreeMap;

use super::blocks::{Block, Blocks};
use super::config::{RESTRICTED_SLOTS, TieBreak};
use super::wire::{Notable, Wire};
use crate::sim::time::Micros;

/// Rollback depths counted one by one; deeper ones share the last count.
pub const DEPTHS: usize = 64;

/// The tip a peer follows.
#[derive(Copy, Clone, Debug)]
struct Tip {
    block: u32,
    height: u32,
    value: u64,
    producer: u32,
    slot: u32,
}

/// Every peer's choice of chain.
#[derive(Clone)]
pub struct Selection {
    tie: TieBreak,
    peers: Vec<Tip>,
    /// Live peers per tip.
    tips: BTreeMap<u32, u32>,
    /// Rollbacks by honest peers, and the deepest.
    pub rollbacks: u64,
    /// See `rollbacks`.
    pub max_rollback: u32,
    /// Whether the deepest rollback's depth is a lower bound (its fork point was older than
    /// the kept history).
    pub max_rollback_at_least: bool,
    /// Switches an honest peer refused because they would roll back more than `k` blocks.
    pub refused: u64,
    /// Honest rollbacks by depth: `depths[d]` switches dropped exactly `d` blocks (the last
    /// entry: that many or more).
    pub depths: Vec<u64>,
    /// The deepest rollback an honest peer accepts.
    k: u32,
    /// Whether `k` applies (Praos; proof of work has no such bound).
    k_applies: bool,
    /// Selfish mining: per peer, whether it takes the attacker's block (P0's) over an honest
    /// one of the same height (it heard it first) or the honest one (empty: no such rule).
    prefers_attacker: Vec<bool>,
    /// The last heal of a split network, and when every live peer agreed again after it.
    pub healed_at: Option<Micros>,
    /// See `healed_at`.
    pub converged_at: Option<Micros>,
}

impl Selection {
    /// `n` peers on genesis.
    pub fn new(n: u32, tie: TieBreak, k: Option<u32>) -> Selection {
        Selection {
            tie,
            peers: vec![
                Tip {
                    block: 0,
                    height: 0,
                    value: u64::MAX,
                    producer: u32::MAX,
                    slot: 0,
                };
                n as usize
            ],
            tips: BTreeMap::from([(0, n)]),
            rollbacks: 0,
            max_rollback: 0,
            max_rollback_at_least: false,
            refused: 0,
            depths: vec![0; DEPTHS + 1],
            k: k.unwrap_or(u32::MAX),
            k_applies: k.is_some(),
            prefers_attacker: Vec::new(),
            healed_at: None,
            converged_at: None,
        }
    }

    /// The block peer `p`'s chain ends at.
    pub fn tip(&self, p: u32) -> u32 {
        self.peers[p as usize].block
    }

    /// The height of peer `p`'s chain.
    pub fn height(&self, p: u32) -> u32 {
        self.peers[p as usize].height
    }

    /// The heights of every peer's chain.
    pub fn heights(&self) -> impl Iterator<Item = u32> + '_ {
        self.peers.iter().map(|t| t.height)
    }

    /// Live peers on the most common tip.
    pub fn most_common(&self) -> u32 {
        self.tips.values().copied().max().unwrap_or(0)
    }

    /// Live peers following `tip`.
    pub fn followers(&self, tip: u32) -> u32 {
        self.tips.get(&tip).copied().unwrap_or(0)
    }

    /// Distinct tips live peers follow.
    pub fn distinct(&self) -> usize {
        self.tips.len()
    }

    /// Whether a chain ending at `b` would beat `p`'s.
    #[inline]
    pub fn better(&self, p: u32, b: &Block) -> bool {
        let me = &self.peers[p as usize];
        if b.height != me.height {
            return b.height > me.height;
        }
        if let Some(&prefers) = self.prefers_attacker.get(p as usize) {
            let (theirs, mine) = (b.producer == 0, me.producer == 0);
            if theirs != mine {
                return prefers == theirs;
            }
        }
        match self.tie {
            TieBreak::FirstSeen => false,
            TieBreak::Lowest => b.value < me.value,
            TieBreak::Restricted => {
                b.slot.abs_diff(me.slot) <= RESTRICTED_SLOTS && b.value < me.value
            }
        }
    }

    /// Selfish mining: which peers take the attacker's block in a tie (`prefers[p]`).
    pub fn set_attacker_ties(&mut self, prefers: Vec<bool>) {
        self.prefers_attacker = prefers;
    }

    /// `p` weighs `b`: whether it adopts it. A switch away from adopted blocks is counted as
    /// a rollback unless `p` is the attacker (`honest` false), who only watched them.
    pub fn consider(
        &mut self,
        w: &mut Wire,
        blocks: &Blocks,
        (p, b): (u32, u32),
        honest: bool,
        live: u32,
    ) -> bool {
        let blk = *blocks.get(b);
        if !self.better(p, &blk) {
            return false;
        }
        let old = self.peers[p as usize].block;
        let (depth, exact) = if old == blk.parent {
            (0, true)
        } else {
            let d = blocks.rollback_depth(old, b);
            (d.blocks, d.exact)
        };
        if depth > self.k && honest && self.k_applies {
            self.refused += 1;
            return false;
        }
        if depth > 0 && honest {
            self.rollbacks += 1;
            if depth > self.max_rollback || (depth == self.max_rollback && exact) {
                self.max_rollback_at_least = !exact;
            }
            self.max_rollback = self.max_rollback.max(depth);
            self.depths[(depth as usize).min(DEPTHS)] += 1;
            if depth >= 2 {
                w.note(Notable::Rollback { peer: p, depth });
            }
        }
        self.set_tip(w, p, b, &blk, live);
        true
    }

    /// `p` follows `b` now.
    pub fn set_tip(&mut self, w: &mut Wire, p: u32, b: u32, blk: &Block, live: u32) {
        let old = self.peers[p as usize].block;
        self.peers[p as usize] = Tip {
            block: b,
            height: blk.height,
            value: blk.value,
            producer: blk.producer,
            slot: blk.slot,
        };
        self.untip(old);
        let count = self.tips.entry(b).or_insert(0);
        *count += 1;
        let all = *count == live;
        w.trace.add(w.now);
        w.trace.add(u64::from(p) << 32 | u64::from(b));
        if all && self.healed_at.is_some() && self.converged_at.is_none() {
            self.converged_now(w);
        }
    }

    /// A live peer on `tip` went down.
    pub fn untip(&mut self, tip: u32) {
        if let Some(c) = self.tips.get_mut(&tip) {
            *c -= 1;
            if *c == 0 {
                self.tips.remove(&tip);
            }
        }
    }

    /// Peer `p` is live again, on the tip it had.
    pub fn retip(&mut self, p: u32) {
        *self.tips.entry(self.tip(p)).or_insert(0) += 1;
    }

    /// The split network was healed now: convergence is watched from here.
    pub fn healed(&mut self, w: &mut Wire, live: u32) {
        self.healed_at = Some(w.now);
        self.converged_at = None;
        self.check_converged(w, live);
    }

    /// After a heal, whether every live peer now follows one tip (then it is noted).
    pub fn check_converged(&mut self, w: &mut Wire, live: u32) {
        if self.healed_at.is_some()
            && self.converged_at.is_none()
            && live > 0
            && self.tips.values().any(|&c| c == live)
        {
            self.converged_now(w);
        }
    }

    fn converged_now(&mut self, w: &mut Wire) {
        self.converged_at = Some(w.now);
        let after = w.now - self.healed_at.unwrap_or(w.now);
        w.note(Notable::Converged { after });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::consensus::model::blocks::NO_BLOCK;
    use crate::lessons::consensus::model::wire::mesh_wire;

    fn block(slot: u32, value: u64) -> Block {
        Block {
            parent: 0,
            height: 1,
            slot,
            producer: 1,
            value,
            made_at: 0,
            public_at: 0,
            holders: 1,
            need: [1, 2],
            first_child: NO_BLOCK,
            next_sibling: NO_BLOCK,
            fork: None,
        }
    }

    /// Peer 0 follows a block of slot 10, value 50; what does it make of a rival at its
    /// height?
    fn takes(tie: TieBreak, rival: Block) -> bool {
        let (_, mut w) = mesh_wire(2);
        let mut s = Selection::new(2, tie, Some(2_160));
        s.set_tip(&mut w, 0, 1, &block(10, 50), 2);
        s.better(0, &rival)
    }

    #[test]
    fn each_tie_break_rule_decides_as_documented() {
        let (lower_near, lower_far, higher) = (block(14, 20), block(16, 20), block(12, 90));
        assert!(!takes(TieBreak::FirstSeen, lower_near));
        assert!(takes(TieBreak::Lowest, lower_near));
        assert!(takes(TieBreak::Lowest, lower_far));
        assert!(!takes(TieBreak::Lowest, higher));
        // Restricted: the lower value wins only within five slots of the tip.
        assert!(takes(TieBreak::Restricted, lower_near));
        assert!(!takes(TieBreak::Restricted, lower_far));
        assert!(!takes(TieBreak::Restricted, higher));
        // A longer chain always wins.
        let mut longer = block(40, 99);
        longer.height = 2;
        assert!(takes(TieBreak::FirstSeen, longer));
    }
}
