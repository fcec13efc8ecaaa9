//! Clocks. Each node's oscillator starts off true time and drifts; what the node reads is the
//! oscillator plus a correction. Corrections are never steps: a clock that is ahead is slowed,
//! one that is behind is sped up, by at most [`MAX_SLEW_PPM`], until it reads what it should.
//! So no clock ever runs backwards.
//!
//! How a node decides what it should read is its role's [`TimeSource`]: a node on a route asks
//! the next node toward the orderer (Cristian's method: ask, and take the answer plus half the
//! round trip; each request has a sequence number the answer echoes, so a late answer is never
//! paired with the wrong request); a peer takes its own oscillator plus the median of its
//! neighbours' offsets, measured from the readings their heartbeats carry.

use super::config::SimConfig;
use super::engine::Engine;
use super::ids::NodeId;
use super::msg::{Msg, MsgKind, NONE, Timer};
use super::rng::{SimRng, Stream};
use super::roles::{TimeSource, policy};
use super::time::{MS, Micros, from_ms};
use super::topology::Topology;

/// The fastest a correction runs: half the clock's rate (a clock being corrected runs between
/// half and one and a half times as fast as it otherwise would). Real time servers slew a
/// thousand times slower, over hours; a lesson has seconds.
pub const MAX_SLEW_PPM: i64 = 500_000;

/// One node's clock.
#[derive(Copy, Clone, Debug, Default, PartialEq)]
pub struct Clock {
    /// The oscillator: µs ahead of true time at t = 0.
    pub offset: i64,
    /// The oscillator: parts per million it runs fast (positive) or slow (negative).
    pub drift_ppm: i32,
    /// The correction: its value at `corr_at`, where it is heading, and when it gets there.
    corr: i64,
    corr_at: Micros,
    target: i64,
    until: Micros,
}

impl Clock {
    /// An oscillator `offset` µs off at t = 0, running `drift_ppm` fast; no correction yet.
    pub fn new(offset: i64, drift_ppm: i32) -> Clock {
        Clock {
            offset,
            drift_ppm,
            ..Clock::default()
        }
    }

    /// The oscillator alone at true time `t`, µs.
    #[inline]
    pub fn raw(&self, t: Micros) -> i64 {
        let t = t as i64;
        t + self.offset + t * i64::from(self.drift_ppm) / 1_000_000
    }

    /// The first true time at which the oscillator alone reads at least `v` µs (0 if it
    /// already does at the start).
    pub fn when_reads(&self, v: i64) -> Micros {
        let rate = 1_000_000 + i128::from(self.drift_ppm);
        let mut t = ((i128::from(v) - i128::from(self.offset)) * 1_000_000 / rate).max(0) as Micros;
        // The division above and the one in `raw` round differently: step to the exact answer.
        while self.raw(t) < v {
            t += 1;
        }
        while t > 0 && self.raw(t - 1) >= v {
            t -= 1;
        }
        t
    }

    /// The correction at `t`.
    fn correction(&self, t: Micros) -> i64 {
        if t >= self.until {
            return self.target;
        }
        let step = (t.saturating_sub(self.corr_at)) as i64 * MAX_SLEW_PPM / 1_000_000;
        if self.target >= self.corr {
            self.corr + step
        } else {
            self.corr - step
        }
    }

    /// What the clock shows at true time `t`, µs.
    #[inline]
    pub fn read(&self, t: Micros) -> i64 {
        self.raw(t) + self.correction(t)
    }

    /// From `t` on, slews toward reading `delta` µs more (or less) than it would.
    pub fn slew(&mut self, t: Micros, delta: i64) {
        let now = self.correction(t);
        self.corr = now;
        self.corr_at = t;
        self.target = now + delta;
        let span = delta.unsigned_abs().saturating_mul(1_000_000) / MAX_SLEW_PPM as u64;
        self.until = t.saturating_add(span);
    }

    /// How far the clock is from true time at `t`, µs.
    pub fn error(&self, t: Micros) -> i64 {
        self.read(t) - t as i64
    }
}

/// Requests a node remembers, to pair answers with them.
const REMEMBERED: usize = 4;

/// The clocks of one run and what their nodes know for correcting them.
#[derive(Clone)]
pub struct Clocks {
    /// Per node.
    pub clocks: Vec<Clock>,
    /// Per node: the latest requests, (sequence number, own reading when sent).
    asked: Vec<[(u32, i64); REMEMBERED]>,
    next_seq: Vec<u32>,
    /// Per slot: the neighbour's oscillator minus this node's, from its last heartbeat.
    samples: Vec<i64>,
}

/// "No sample yet".
const NO_SAMPLE: i64 = i64::MIN;

impl Clocks {
    /// Clocks of `topo`, each off by up to `clock_offset_ms` and drifting up to
    /// `clock_drift_ppm`, drawn from the seed's clock stream.
    pub fn new(cfg: &SimConfig, topo: &Topology) -> Clocks {
        let mut rng = SimRng::new(cfg.seed, Stream::Clocks);
        let n = topo.len();
        Clocks {
            clocks: (0..n)
                .map(|_| {
                    let offset = rng.symmetric(i64::from(cfg.clock_offset_ms) * MS as i64);
                    let drift = rng.symmetric(i64::from(cfg.clock_drift_ppm)) as i32;
                    Clock::new(offset, drift)
                })
                .collect(),
            asked: vec![[(u32::MAX, 0); REMEMBERED]; n],
            next_seq: vec![0; n],
            samples: vec![NO_SAMPLE; topo.adj_len()],
        }
    }

    /// A crashed node forgets its requests in flight.
    pub fn crash(&mut self, n: u32) {
        self.asked[n as usize] = [(u32::MAX, 0); REMEMBERED];
    }

    /// Keeps the offset a heartbeat on `slot` showed.
    pub fn sample(&mut self, slot: usize, offset: i64) {
        self.samples[slot] = offset;
    }

    /// Largest difference between two clocks of `nodes` at `t`, µs (0 for fewer than two).
    pub fn skew(&self, t: Micros, mut nodes: impl Iterator<Item = usize>) -> i64 {
        let Some(first) = nodes.next() else {
            return 0;
        };
        let r = self.clocks[first].read(t);
        let (lo, hi) = nodes.fold((r, r), |(lo, hi), i| {
            let r = self.clocks[i].read(t);
            (lo.min(r), hi.max(r))
        });
        hi - lo
    }
}

impl Engine {
    pub(super) fn on_sync_timer(&mut self, node: u32) {
        match policy(self.topo.role(NodeId(node))).time {
            TimeSource::Upstream => {
                // The next node toward the orderer; an orderer keeps its own time.
                let next = self.live.routes[node as usize].next;
                if next != NONE {
                    let i = node as usize;
                    let seq = self.clocks.next_seq[i];
                    self.clocks.next_seq[i] = seq.wrapping_add(1);
                    let reading = self.clocks.clocks[i].read(self.now);
                    let asked = &mut self.clocks.asked[i];
                    asked.rotate_right(1);
                    asked[0] = (seq, reading);
                    self.send(node, next as usize, MsgKind::TimeRequest, seq, 0);
                }
            }
            TimeSource::NeighbourMedian => self.adjust_to_neighbours(node),
        }
        self.set_timer(
            node,
            Timer::ClockSync,
            from_ms(self.cfg.clock_sync_ms.into()),
        );
    }

    /// Network-adjusted time: slew toward own oscillator + the median of the neighbours'
    /// offsets (own offset, zero, counted in, as Bitcoin does).
    fn adjust_to_neighbours(&mut self, node: u32) {
        let me = NodeId(node);
        let base = self.topo.adj_offset(me);
        let mut offsets: Vec<i64> = (base..base + self.topo.neighbours(me).len())
            .filter(|&s| !self.live.suspects(s))
            .map(|s| self.clocks.samples[s])
            .filter(|&o| o != NO_SAMPLE)
            .collect();
        offsets.push(0);
        super::small::sort_by_key(&mut offsets, |&o| o);
        let median = offsets[offsets.len() / 2];
        let c = &mut self.clocks.clocks[node as usize];
        let now = self.now;
        let current = c.read(now) - c.raw(now);
        c.slew(now, median - current);
    }

    pub(super) fn on_time_request(&mut self, m: &Msg) {
        let reading = self.clocks.clocks[m.to as usize].read(self.now);
        let back = m.slot as usize;
        self.send(m.to, back, MsgKind::TimeReply, m.a, reading);
    }

    pub(super) fn on_time_reply(&mut self, m: &Msg) {
        let i = m.to as usize;
        let Some(k) = self.clocks.asked[i].iter().position(|&(s, _)| s == m.a) else {
            return; // an answer to a request this incarnation did not send
        };
        let (_, sent) = self.clocks.asked[i][k];
        self.clocks.asked[i][k] = (u32::MAX, 0);
        let c = &mut self.clocks.clocks[i];
        let local = c.read(self.now);
        let rtt = local - sent;
        c.slew(self.now, m.b + rtt / 2 - local);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_reads_is_the_first_moment_the_oscillator_gets_there() {
        for (offset, drift) in [
            (0, 0),
            (250_000, 0),
            (-250_000, 0),
            (40_000, 200),
            (-7, -950),
        ] {
            let c = Clock::new(offset, drift);
            for v in [0i64, 1, 999_999, 1_000_000, 86_400_000_000, 3_600_000_123] {
                let t = c.when_reads(v);
                assert!(c.raw(t) >= v, "{offset} {drift} {v}");
                assert!(
                    t == 0 || c.raw(t - 1) < v,
                    "{offset} {drift} {v}: not the first"
                );
            }
        }
        assert_eq!(Clock::new(5_000, 0).when_reads(1_000), 0);
    }

    #[test]
    fn drift_accumulates() {
        let c = Clock::new(1_000, 100);
        assert_eq!(c.read(0), 1_000);
        assert_eq!(c.read(10_000_000), 10_000_000 + 1_000 + 1_000);
    }

    #[test]
    fn slewing_corrects_without_ever_going_backwards() {
        for delta in [-250_000i64, -1, 0, 7, 250_000, -3_600_000_000] {
            let mut c = Clock::new(40_000, -100_000);
            let t0 = 5_000_000;
            let before = c.read(t0);
            c.slew(t0, delta);
            let span = delta.unsigned_abs() * 1_000_000 / MAX_SLEW_PPM as u64;
            let mut last = c.read(t0);
            assert_eq!(last, before);
            for k in 1..=200u64 {
                let t = t0 + (span + 1_000) * k / 200;
                let r = c.read(t);
                assert!(r >= last, "delta {delta}: back from {last} to {r} at {t}");
                last = r;
            }
            let end = t0 + span + 1_000;
            assert_eq!(c.read(end), c.raw(end) + delta, "delta {delta}");
        }
    }

    #[test]
    fn a_new_correction_starts_from_where_the_last_one_got_to() {
        let mut c = Clock::new(0, 0);
        c.slew(0, 100_000);
        let mid = c.read(100_000);
        c.slew(100_000, -20_000);
        assert_eq!(c.read(100_000), mid);
        assert_eq!(
            c.read(10_000_000),
            10_000_000 + 100_000 * 100_000 / 200_000 - 20_000
        );
    }
}
