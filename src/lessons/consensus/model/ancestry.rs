//! Every block's parent and height, kept past the block window for as many heights as an
//! honest peer may roll back (Praos's k, and two more) below the lowest live tip, so the depth
//! of any switch a live peer weighs is exact up to k + 1. Older entries are dropped as the
//! chain grows, and never more than four times that many heights are kept below the highest
//! block, so memory stays flat; only a live peer that lags the highest block by more than
//! three k's sees a lower bound.

use std::collections::VecDeque;

/// Genesis's parent: none.
const NONE: u32 = u32::MAX;

/// How deep a switch goes: blocks of the old chain left behind.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Depth {
    /// Blocks left behind (a lower bound when not `exact`).
    pub blocks: u32,
    /// False when the fork point is older than the kept history: then `blocks` is a lower
    /// bound.
    pub exact: bool,
}

/// Parents and heights by block id.
#[derive(Clone)]
pub struct Ancestry {
    /// The id of `entries[0]`.
    base: u32,
    /// (parent, height) per id from `base` on.
    entries: VecDeque<(u32, u32)>,
    /// Heights kept below the lowest live tip; four times as many at most below the top.
    keep: u32,
    top: u32,
}

impl Ancestry {
    /// Genesis (id 0) alone; `keep` heights below the highest block are kept.
    pub fn new(keep: u32) -> Ancestry {
        Ancestry {
            base: 0,
            entries: VecDeque::from([(NONE, 0)]),
            keep,
            top: 0,
        }
    }

    /// Adds block `id` (the next id) with its parent and height.
    pub fn add(&mut self, id: u32, parent: u32, height: u32) {
        debug_assert_eq!(id, self.base + self.entries.len() as u32);
        self.entries.push_back((parent, height));
        self.top = self.top.max(height);
        let cap = self.keep.saturating_mul(4);
        self.drop_below(self.top.saturating_sub(cap));
    }

    /// Drops what no live peer can need: entries (oldest first) below `lowest_tip − keep`.
    pub fn prune(&mut self, lowest_tip: u32) {
        self.drop_below(lowest_tip.saturating_sub(self.keep));
    }

    fn drop_below(&mut self, floor: u32) {
        while self.entries.len() > 1 && self.entries.front().is_some_and(|&(_, h)| h < floor) {
            self.entries.pop_front();
            self.base += 1;
        }
    }

    /// Entries kept (for the memory check).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Never: genesis or a later block is always kept.
    pub fn is_empty(&self) -> bool {
        false
    }

    fn get(&self, id: u32) -> Option<(u32, u32)> {
        let i = id.checked_sub(self.base)?;
        self.entries.get(i as usize).copied()
    }

    /// The depth of a switch from the chain ending at `from` to the one ending at `to`. A
    /// tip older than the history (a peer that was down while the chain grew by more than
    /// the kept heights) counts as settled: following the chain is catching up, depth 0.
    pub fn depth(&self, from: u32, to: u32) -> Depth {
        let (Some((_, hf)), Some((_, ht))) = (self.get(from), self.get(to)) else {
            return Depth {
                blocks: 0,
                exact: true,
            };
        };
        let level = hf.min(ht);
        // The fork point is at most `level`, and below a block whose parent is gone.
        let lower_bound = |h: u32| Depth {
            blocks: hf - level.min(h.saturating_sub(1)),
            exact: false,
        };
        let (mut a, mut b) = (from, to);
        for x in [&mut a, &mut b] {
            while let Some((parent, h)) = self.get(*x) {
                if h <= level {
                    break;
                }
                if self.get(parent).is_none() {
                    return lower_bound(h);
                }
                *x = parent;
            }
        }
        while a != b {
            let ((pa, h), (pb, _)) = (self.get(a).expect("kept"), self.get(b).expect("kept"));
            if self.get(pa).is_none() || self.get(pb).is_none() {
                return lower_bound(h);
            }
            a = pa;
            b = pb;
        }
        let h = self.get(a).map_or(0, |e| e.1);
        Depth {
            blocks: hf - h,
            exact: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two branches from genesis's child: `a` of `len_a` blocks and `b` of `len_b`.
    fn fork(keep: u32, len_a: u32, len_b: u32) -> (Ancestry, u32, u32) {
        let mut x = Ancestry::new(keep);
        let mut id = 0;
        let mut add = |x: &mut Ancestry, parent: u32, h: u32| {
            id += 1;
            x.add(id, parent, h);
            id
        };
        let root = add(&mut x, 0, 1);
        let (mut a, mut b) = (root, root);
        // Interleaved, as two sides of a partition make them.
        for h in 2..=len_a.max(len_b) + 1 {
            if h <= len_a + 1 {
                a = add(&mut x, a, h);
            }
            if h <= len_b + 1 {
                b = add(&mut x, b, h);
            }
        }
        (x, a, b)
    }

    #[test]
    fn depth_is_exact_within_the_kept_heights() {
        let (x, a, b) = fork(100, 40, 45);
        assert_eq!(
            x.depth(a, b),
            Depth {
                blocks: 40,
                exact: true
            }
        );
        assert_eq!(
            x.depth(b, a),
            Depth {
                blocks: 45,
                exact: true
            }
        );
        // A chain that extends the tip is no rollback.
        let (x, a, _) = fork(100, 10, 0);
        assert_eq!(x.depth(1, a).blocks, 0);
    }

    #[test]
    fn a_fork_older_than_the_history_is_a_lower_bound_past_it() {
        // 1,160 blocks a side, 100 heights kept below the lowest tip: the fork point is gone.
        let (mut x, a, b) = fork(100, 1_160, 1_200);
        x.prune(1_161);
        let d = x.depth(a, b);
        assert!(!d.exact && d.blocks > 100 && d.blocks <= 1_160, "{d:?}");
        // Memory follows the kept heights (the two branches' last 140 or so), not the run.
        assert!(x.len() < 300, "{}", x.len());
    }

    #[test]
    fn a_lagging_tip_keeps_its_history_up_to_four_ks() {
        // One side 1,160 high, the other 1,300: unpruned, the lower tip sees its fork exactly
        // while the top is within 4 × 400 heights of it.
        let (x, a, b) = fork(400, 1_160, 1_300);
        assert_eq!(
            x.depth(a, b),
            Depth {
                blocks: 1_160,
                exact: true
            }
        );
        // Past four times the kept heights, the oldest go anyway.
        let (x, _, _) = fork(100, 10, 1_000);
        assert!(x.len() <= 4 * 100 + 12, "{}", x.len());
    }
}
