//! The event queue, ordered by (time, insertion sequence), so ties between events at the same
//! virtual time always break the same way.
//!
//! A calendar queue: one bucket per millisecond for the next [`HORIZON_MS`] ms, the millisecond
//! being worked on as a sorted run, and a heap for anything further out. A push is an append to
//! a bucket; entering a millisecond sorts its bucket once; a pop takes the end of the run. A
//! plain binary heap of a million messages in flight misses the cache on every level of every
//! pop; this does not.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::time::{MS, Micros};

/// Milliseconds covered by buckets; later events wait in the overflow heap.
pub const HORIZON_MS: u64 = 4_096;

/// Most entries kept in spare bucket vectors, in all.
const SPARE_BUDGET: usize = 1 << 16;

#[derive(Copy, Clone)]
struct Entry<T> {
    at: Micros,
    seq: u64,
    item: T,
}

/// An entry in a bucket or the run being worked on: its sequence number is not kept, since
/// its place says it (see [`Queue::sort_current`] and [`Queue::pop`]).
#[derive(Copy, Clone)]
struct Slot<T> {
    at: Micros,
    item: T,
}

impl<T> From<Entry<T>> for Slot<T> {
    #[inline]
    fn from(e: Entry<T>) -> Slot<T> {
        Slot {
            at: e.at,
            item: e.item,
        }
    }
}

impl<T> PartialEq for Entry<T> {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at && self.seq == other.seq
    }
}
impl<T> Eq for Entry<T> {}
impl<T> PartialOrd for Entry<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Entry<T> {
    // Reversed: BinaryHeap is a max-heap and we want the earliest first.
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        other.at.cmp(&self.at).then(other.seq.cmp(&self.seq))
    }
}

/// A deterministic priority queue of timed items.
#[derive(Clone)]
pub struct Queue<T> {
    /// The millisecond being worked on; `current` holds every item due at or before its end,
    /// sorted so that the earliest is last.
    cursor: u64,
    current: Vec<Slot<T>>,
    /// Emptied bucket vectors kept for reuse, so memory follows what is in flight now.
    spare: Vec<Vec<Slot<T>>>,
    /// Entries the spares have room for, in all.
    spare_capacity: usize,
    /// `buckets[ms % HORIZON_MS]` holds items due in millisecond `ms`, for
    /// `cursor < ms < cursor + HORIZON_MS`.
    buckets: Vec<Vec<Slot<T>>>,
    in_buckets: usize,
    overflow: BinaryHeap<Entry<T>>,
    /// Items pushed for a time at or before the cursor's millisecond: a heap, so that a burst
    /// of them (a heal applied after the cursor has moved on to the next busy millisecond)
    /// costs a logarithm each rather than a shift of the whole run.
    early: BinaryHeap<Entry<T>>,
    seq: u64,
    /// Scratch space for sorting a bucket.
    scratch: Vec<Slot<T>>,
}

impl<T: Copy> Default for Queue<T> {
    fn default() -> Self {
        Queue {
            cursor: 0,
            current: Vec::new(),
            spare: Vec::new(),
            spare_capacity: 0,
            buckets: (0..HORIZON_MS).map(|_| Vec::new()).collect(),
            in_buckets: 0,
            overflow: BinaryHeap::new(),
            early: BinaryHeap::new(),
            seq: 0,
            scratch: Vec::new(),
        }
    }
}

impl<T: Copy> Queue<T> {
    /// Schedules `item` at `at`; among items at the same time, earlier pushes come out first.
    #[inline]
    pub fn push(&mut self, at: Micros, item: T) {
        self.seq += 1;
        let e = Entry {
            at,
            seq: self.seq,
            item,
        };
        let ms = at / MS;
        if ms <= self.cursor {
            // A zero-latency message, a timer set for now, or work done at a time the cursor
            // has already passed while looking ahead.
            self.early.push(e);
        } else if ms < self.cursor + HORIZON_MS {
            let bucket = &mut self.buckets[(ms % HORIZON_MS) as usize];
            if bucket.capacity() == 0
                && let Some(v) = self.spare.pop()
            {
                self.spare_capacity -= v.capacity();
                *bucket = v;
            }
            bucket.push(e.into());
            self.in_buckets += 1;
        } else {
            self.overflow.push(e);
        }
    }

    /// Moves the cursor to the next millisecond that has items, if `current` is empty.
    fn refill(&mut self) {
        // Early items are due no later than the cursor's millisecond: they come first.
        if !self.current.is_empty() || !self.early.is_empty() {
            return;
        }
        let next_overflow = self.overflow.peek().map(|e| e.at / MS);
        let next = if self.in_buckets > 0 {
            let mut ms = self.cursor + 1;
            while self.buckets[(ms % HORIZON_MS) as usize].is_empty() {
                ms += 1;
            }
            Some(next_overflow.map_or(ms, |o| o.min(ms)))
        } else {
            next_overflow
        };
        let Some(next) = next else { return };
        // Entering `next`: buckets passed over are empty, so the window stays consistent.
        self.cursor = next;
        let bucket = std::mem::take(&mut self.buckets[(next % HORIZON_MS) as usize]);
        self.in_buckets -= bucket.len();
        let spent = std::mem::replace(&mut self.current, bucket);
        // Keep it for reuse unless the spares already hold enough: in a run that goes quiet
        // between bursts (a blockchain between blocks), buckets are not refilled soon, and
        // without a budget the spares would grow with every burst.
        if spent.capacity() > 0 && self.spare_capacity + spent.capacity() <= SPARE_BUDGET {
            self.spare_capacity += spent.capacity();
            self.spare.push(spent);
        }
        while self.overflow.peek().is_some_and(|e| e.at / MS <= next) {
            let e = self.overflow.pop().expect("peeked");
            self.current.push(e.into());
        }
        self.sort_current();
        // Overflow items that now fall inside the horizon move into their buckets.
        while self
            .overflow
            .peek()
            .is_some_and(|e| e.at / MS < self.cursor + HORIZON_MS)
        {
            let e = self.overflow.pop().expect("peeked");
            self.buckets[((e.at / MS) % HORIZON_MS) as usize].push(e.into());
            self.in_buckets += 1;
        }
    }

    /// Sorts `current` so the earliest item is last. Items due at the same microsecond are
    /// always in sequence order already: pushes append in sequence, and items moved in from
    /// the overflow heap leave it in (time, sequence) order before any later push lands beside
    /// them. So a stable radix sort on the microsecond within the millisecond (two passes of
    /// five bits) does it in linear time.
    fn sort_current(&mut self) {
        let run = &mut self.current;
        if run.len() < 8 {
            // Stable by time, then reversed: the earliest last, and of items at the same time
            // the first pushed last.
            run.sort_by_key(|e| e.at);
            run.reverse();
            return;
        }
        const DIGIT: usize = 32;
        let (mut low, mut high) = ([0u32; DIGIT + 1], [0u32; DIGIT + 1]);
        for e in run.iter() {
            let k = (e.at % MS) as usize;
            low[k % DIGIT + 1] += 1;
            high[k / DIGIT + 1] += 1;
        }
        for i in 1..=DIGIT {
            low[i] += low[i - 1];
            high[i] += high[i - 1];
        }
        // By the low digit into `scratch`, earliest first...
        self.scratch.clear();
        self.scratch.extend_from_slice(run);
        for e in run.iter() {
            let k = (e.at % MS) as usize % DIGIT;
            self.scratch[low[k] as usize] = *e;
            low[k] += 1;
        }
        // ...then by the high digit back into the run, earliest last.
        let last = run.len() - 1;
        for e in &self.scratch {
            let k = (e.at % MS) as usize / DIGIT;
            run[last - high[k] as usize] = *e;
            high[k] += 1;
        }
        debug_assert!(run.windows(2).all(|w| w[0].at >= w[1].at));
    }

    /// The time of the earliest item.
    #[inline]
    pub fn peek_time(&mut self) -> Option<Micros> {
        self.refill();
        match (self.current.last(), self.early.peek()) {
            (Some(c), Some(e)) => Some(e.at.min(c.at)),
            (c, e) => c.map(|x| x.at).or(e.map(|x| x.at)),
        }
    }

    /// Removes the earliest item.
    #[inline]
    pub fn pop(&mut self) -> Option<(Micros, T)> {
        self.refill();
        // An early item due at the same time as the run's next was pushed after it (the run's
        // items were pushed before the cursor reached their millisecond, early ones after):
        // the run's goes first.
        let early_first = match (self.current.last(), self.early.peek()) {
            (Some(c), Some(e)) => e.at < c.at,
            (None, e) => e.is_some(),
            (Some(_), None) => false,
        };
        if early_first {
            self.early.pop().map(|e| (e.at, e.item))
        } else {
            self.current.pop().map(|e| (e.at, e.item))
        }
    }

    /// Entries the queue has room for without allocating: what it holds in memory.
    pub fn capacity(&self) -> usize {
        self.current.capacity()
            + self.spare_capacity
            + self.buckets.iter().map(Vec::capacity).sum::<usize>()
            + self.overflow.capacity()
            + self.early.capacity()
            + self.scratch.capacity()
    }

    /// Removes the earliest item if it is due at or before `t`.
    #[inline]
    pub fn pop_due(&mut self, t: Micros) -> Option<(Micros, T)> {
        if self.peek_time()? > t {
            return None;
        }
        self.pop()
    }

    /// Items waiting.
    pub fn len(&self) -> usize {
        self.current.len() + self.early.len() + self.in_buckets + self.overflow.len()
    }

    /// True when nothing waits.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every waiting item with its time, in no particular (but deterministic) order.
    pub fn iter(&self) -> impl Iterator<Item = (Micros, &T)> {
        let slots = self.current.iter().chain(self.buckets.iter().flatten());
        let entries = self.early.iter().chain(self.overflow.iter());
        slots
            .map(|e| (e.at, &e.item))
            .chain(entries.map(|e| (e.at, &e.item)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earliest_first_ties_in_push_order() {
        let mut q = Queue::default();
        q.push(5, 'a');
        q.push(3, 'b');
        q.push(5, 'c');
        q.push(3, 'd');
        assert_eq!(q.len(), 4);
        assert_eq!(q.iter().count(), 4);
        let out: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(out, vec![(3, 'b'), (3, 'd'), (5, 'a'), (5, 'c')]);
        assert!(q.is_empty());
    }

    #[test]
    fn matches_a_plain_heap_across_horizon_and_overflow() {
        // Times spread over ten horizons, pushed while popping, as a run does.
        let mut q = Queue::default();
        let mut reference = BinaryHeap::new();
        let mut x: u64 = 12345;
        let mut now = 0;
        let mut seq = 0u64;
        let next = |x: &mut u64| {
            *x = crate::sim::rng::splitmix64(*x);
            *x
        };
        for round in 0..20_000u64 {
            let pushes = next(&mut x) % 3;
            for _ in 0..pushes {
                let r = next(&mut x);
                let delay = match r % 4 {
                    0 => r % 1_000,
                    1 => r % 50_000,
                    2 => r % (HORIZON_MS * MS * 3),
                    _ => 0,
                };
                seq += 1;
                q.push(now + delay, round);
                reference.push(Entry {
                    at: now + delay,
                    seq,
                    item: round,
                });
            }
            assert_eq!(q.peek_time(), reference.peek().map(|e| e.at));
            assert!(q.capacity() >= q.len());
            if next(&mut x) % 7 == 0 {
                // Due by a moment: exactly the items at or before it, the one at it included.
                let at = reference.peek().map_or(now, |e| e.at);
                let got = q.pop_due(at);
                assert_eq!(got, reference.pop().map(|e| (e.at, e.item)));
                // What is left is due no earlier.
                if at > 0 {
                    assert_eq!(q.pop_due(at - 1), None);
                }
                now = at;
                continue;
            }
            if next(&mut x) % 2 == 0 {
                let got = q.pop();
                let want = reference.pop().map(|e| (e.at, e.item));
                assert_eq!(got, want);
                if let Some((t, _)) = got {
                    now = t;
                }
            }
            assert_eq!(q.len(), reference.len());
            assert_eq!(q.is_empty(), reference.is_empty());
        }
        while let Some(want) = reference.pop() {
            assert_eq!(q.pop(), Some((want.at, want.item)));
        }
        assert!(q.pop().is_none());
    }

    #[test]
    fn crowded_milliseconds_with_ties_come_out_in_time_then_push_order() {
        // Bursts of many items in a few milliseconds, with equal times, some pushed beyond the
        // horizon (so they reach their bucket through the overflow heap) and more pushed into
        // the same millisecond later: the radix sort must keep push order among equal times.
        let mut q = Queue::default();
        let mut reference = BinaryHeap::new();
        let mut x: u64 = 99;
        let mut seq = 0u64;
        let mut now = 0;
        for _ in 0..400 {
            for _ in 0..60 {
                x = crate::sim::rng::splitmix64(x);
                let far = if x.is_multiple_of(5) {
                    HORIZON_MS * MS
                } else {
                    0
                };
                let at = now + far + (x >> 8) % 3 * MS + (x >> 16) % 5 * 200;
                seq += 1;
                q.push(at, seq);
                reference.push(Entry { at, seq, item: seq });
            }
            for _ in 0..50 {
                let want = reference.pop().map(|e| (e.at, e.item));
                assert_eq!(q.pop(), want);
                now = want.map_or(now, |w| w.0);
            }
        }
        while let Some(want) = reference.pop() {
            assert_eq!(q.pop(), Some((want.at, want.item)));
        }
    }

    #[test]
    fn pushes_behind_a_cursor_that_looked_ahead_come_out_first_in_order() {
        // The engine peeks at the next busy millisecond, applies a heal at an earlier time and
        // sends from there: those pushes land behind the cursor.
        let mut q = Queue::default();
        q.push(90 * MS, 'z');
        assert_eq!(q.peek_time(), Some(90 * MS));
        for (i, c) in ['a', 'b', 'c', 'd'].into_iter().enumerate() {
            q.push((40 - 10 * i as u64) * MS, c);
        }
        q.push(10 * MS, 'e');
        q.push(90 * MS, 'y');
        let out: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(
            out,
            vec![
                (10 * MS, 'd'),
                (10 * MS, 'e'),
                (20 * MS, 'c'),
                (30 * MS, 'b'),
                (40 * MS, 'a'),
                (90 * MS, 'z'),
                (90 * MS, 'y'),
            ]
        );
    }
}
