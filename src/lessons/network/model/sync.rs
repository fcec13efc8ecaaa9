//! How the first lesson's nodes keep their clocks ([`crate::sim::clock::Clock`]) near true
//! time, correcting only by slewing.
//!
//! How a node decides what it should read is its role's [`TimeSource`]: a node on a route asks
//! the next node toward the orderer (Cristian's method: ask, and take the answer plus half the
//! round trip; each request has a sequence number the answer echoes, so a late answer is never
//! paired with the wrong request); a peer takes its own oscillator plus the median of its
//! neighbours' offsets, measured from the readings their heartbeats carry.

use super::config::SimConfig;
use super::msg::{Msg, MsgKind, NONE, Timer};
use super::wire::Wire;
use crate::sim::clock::Clock;
use crate::sim::ids::NodeId;
use crate::sim::rng::{SimRng, Stream};
use crate::sim::roles::{TimeSource, policy};
use crate::sim::time::{MS, Micros};
use crate::sim::topology::Topology;

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

impl Clocks {
    /// What `node`'s oscillator alone reads now, µs (what its heartbeats carry).
    pub fn raw(&self, node: u32, now: Micros) -> i64 {
        self.clocks[node as usize].raw(now)
    }

    /// `node`'s sync timer: a node on a route asks the next node toward the orderer (`up`:
    /// its slot, [`NONE`] for none); a peer slews toward its neighbours' median, leaving out
    /// those `suspects` rules out. Then the timer is set again.
    pub fn on_sync_timer(
        &mut self,
        w: &mut Wire,
        topo: &Topology,
        node: u32,
        up: u32,
        suspects: impl Fn(usize) -> bool,
        every: Micros,
    ) {
        match policy(topo.role(NodeId(node))).time {
            TimeSource::Upstream => {
                // The next node toward the orderer; an orderer keeps its own time.
                if up != NONE {
                    let i = node as usize;
                    let seq = self.next_seq[i];
                    self.next_seq[i] = seq.wrapping_add(1);
                    let reading = self.clocks[i].read(w.now);
                    let asked = &mut self.asked[i];
                    asked.rotate_right(1);
                    asked[0] = (seq, reading);
                    w.send(node, up as usize, MsgKind::TimeRequest, seq, 0);
                }
            }
            TimeSource::NeighbourMedian => self.adjust_to_neighbours(topo, node, w.now, suspects),
        }
        w.set_timer(node, Timer::ClockSync, every);
    }

    /// Network-adjusted time: slew toward own oscillator + the median of the neighbours'
    /// offsets (own offset, zero, counted in, as Bitcoin does).
    fn adjust_to_neighbours(
        &mut self,
        topo: &Topology,
        node: u32,
        now: Micros,
        suspects: impl Fn(usize) -> bool,
    ) {
        let me = NodeId(node);
        let base = topo.adj_offset(me);
        let mut offsets: Vec<i64> = (base..base + topo.neighbours(me).len())
            .filter(|&s| !suspects(s))
            .map(|s| self.samples[s])
            .filter(|&o| o != NO_SAMPLE)
            .collect();
        offsets.push(0);
        crate::sim::small::sort_by_key(&mut offsets, |&o| o);
        let median = offsets[offsets.len() / 2];
        let c = &mut self.clocks[node as usize];
        let current = c.read(now) - c.raw(now);
        c.slew(now, median - current);
    }

    /// A clock request reached `m.to`: it answers with its clock.
    pub fn on_time_request(&mut self, w: &mut Wire, m: &Msg) {
        let reading = self.clocks[m.to as usize].read(w.now);
        w.send(m.to, m.slot as usize, MsgKind::TimeReply, m.a, reading);
    }

    /// An answer reached `m.to`: it slews toward the answer plus half the round trip.
    pub fn on_time_reply(&mut self, now: Micros, m: &Msg) {
        let i = m.to as usize;
        let Some(k) = self.asked[i].iter().position(|&(s, _)| s == m.a) else {
            return; // an answer to a request this incarnation did not send
        };
        let (_, sent) = self.asked[i][k];
        self.asked[i][k] = (u32::MAX, 0);
        let c = &mut self.clocks[i];
        let local = c.read(now);
        let rtt = local - sent;
        c.slew(now, m.b + rtt / 2 - local);
    }
}
