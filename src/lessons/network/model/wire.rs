//! The wire: what every part of the first lesson's engine acts through. It holds virtual time,
//! the event queue, the shared links, who is up, the relay batches, the counters and the trace,
//! the measurements and the notable events. A part sends a message, sets a timer or notes
//! something here; it never calls another part.

use std::sync::Arc;

use super::config::SimConfig;
use super::measure::Measure;
use super::metrics::Counters;
use super::msg::{Delivery, Event, Msg, MsgKind, NONE, Timer};
use crate::sim::links::{Delay, Links};
use crate::sim::rng::{SimRng, Stream};
use crate::sim::time::{MS, Micros, from_ms};
use crate::sim::topology::Topology;
use crate::sim::trace::Trace;
use crate::sim::up::Up;

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

/// Most notable events kept between two [`Wire::take_notable`] calls.
const MAX_NOTABLE: usize = 1_000;

/// Something waiting in a node's relay batch.
#[derive(Copy, Clone, Debug)]
struct Out {
    slot: u32,
    kind: MsgKind,
    a: u32,
    b: i64,
    dest: u32,
}

/// The context of one run.
#[derive(Clone)]
pub struct Wire {
    /// Virtual time now.
    pub now: Micros,
    /// What is due, by (time, insertion sequence).
    pub queue: crate::sim::queue::Queue<Event>,
    /// The links: latency, loss, order, cuts.
    pub links: Links,
    /// Who is up.
    pub up: Up,
    /// What is measured over the recent window.
    pub meas: Measure,
    /// Counters of the run so far (`events` is kept by the engine).
    pub counters: Counters,
    /// Hash over every delivered message.
    trace: Trace,
    /// Every delivery, when a test asked for them.
    pub recorded: Option<Vec<Delivery>>,
    notable: Vec<(Micros, Notable)>,
    topo: Arc<Topology>,
    /// Relay batching, µs (0: pass things on at once).
    relay_us: Micros,
    /// How long a sender waits before it sends a lost update again: 200 ms and two of the
    /// longest latencies, as TCP's retransmission timeout.
    rto_us: Micros,
    /// Per node: what it will pass on when its relay timer fires, and whether it is armed.
    batches: Vec<Vec<Out>>,
    armed: Vec<bool>,
}

impl Wire {
    /// Time zero on `topo`'s links, intact, with the latency and loss of `cfg`; everyone up.
    pub fn new(cfg: &SimConfig, topo: &Arc<Topology>) -> Wire {
        let delay = Delay::Uniform {
            min: from_ms(cfg.latency_min_ms.into()),
            max: from_ms(cfg.latency_max_ms.into()),
        };
        let n = topo.len();
        Wire {
            now: 0,
            queue: Default::default(),
            links: Links::new(
                topo,
                delay,
                cfg.loss,
                SimRng::new(cfg.seed, Stream::Network),
            ),
            up: Up::new(n),
            meas: Measure::new(cfg, topo),
            counters: Counters::default(),
            trace: Trace::default(),
            recorded: None,
            notable: Vec::new(),
            topo: Arc::clone(topo),
            relay_us: from_ms(cfg.relay_ms.into()),
            rto_us: 200 * MS + 2 * from_ms(cfg.latency_max_ms.into()),
            batches: vec![Vec::new(); n],
            armed: vec![false; n],
        }
    }

    /// Hash over every delivered message (time, endpoints, kind, payload), in order.
    pub fn trace(&self) -> u64 {
        self.trace.value()
    }

    /// Notes something for the event log.
    pub fn note(&mut self, what: Notable) {
        if self.notable.len() == MAX_NOTABLE {
            self.notable.remove(0);
        }
        self.notable.push((self.now, what));
    }

    /// The notable events since the last call.
    pub fn take_notable(&mut self) -> Vec<(Micros, Notable)> {
        std::mem::take(&mut self.notable)
    }

    /// `n` stops now: it loses what it was about to pass on.
    pub fn crash(&mut self, n: u32) -> bool {
        if !self.up.crash(n, self.now) {
            return false;
        }
        self.batches[n as usize].clear();
        self.armed[n as usize] = false;
        true
    }

    /// Arms `timer` of `node`'s current incarnation `after` from now.
    pub fn set_timer(&mut self, node: u32, timer: Timer, after: Micros) {
        let life = self.up.life(node);
        self.queue
            .push(self.now + after, Event::Timer { node, life, timer });
    }

    /// Puts a message on `from`'s link `slot`, now.
    #[inline]
    pub fn send(&mut self, from: u32, slot: usize, kind: MsgKind, a: u32, b: i64) {
        self.send_to(from, slot, kind, a, b, NONE);
    }

    /// Like [`Wire::send`], for a message that travels on to `dest` after its next hop.
    pub fn send_to(&mut self, from: u32, slot: usize, kind: MsgKind, a: u32, b: i64, dest: u32) {
        let (to, link) = self.topo.slot(slot);
        let back = self.topo.reverse(slot);
        // Updates go as a stream, in order; heartbeats and clock messages as datagrams.
        let (mut at, mut lost) = if kind.is_data() {
            self.links.schedule(slot, link as usize, self.now)
        } else {
            self.links.schedule_datagram(link as usize, self.now)
        };
        self.counters.sent += 1;
        self.counters.in_flight += 1;
        if kind.is_data() {
            self.counters.update_messages += 1;
            self.meas.data_message(self.now);
            // Updates travel as over TCP: a lost copy is sent again after the timeout, and
            // the link, in order, holds what follows behind it. Loss delays an update, it
            // never drops or reorders one. Heartbeats and clock messages are datagrams.
            let mut leave = self.now;
            while lost {
                leave += self.rto_us;
                (at, lost) = self.links.schedule(slot, link as usize, leave);
                self.counters.resent += 1;
                self.counters.update_messages += 1;
            }
        }
        let c = if kind == MsgKind::Heartbeat {
            self.up.life(from)
        } else {
            dest
        };
        self.queue.push(
            at,
            Event::Deliver(Msg {
                sent: self.now,
                from,
                to,
                slot: back as u32,
                kind,
                lost,
                a,
                b,
                c,
            }),
        );
    }

    /// Passes something on: at once, or in the node's next batch (`relay_ms`).
    pub fn relay(&mut self, node: u32, slot: usize, kind: MsgKind, a: u32, b: i64, dest: u32) {
        if kind.is_data() {
            // Passing on somebody else's update: this node routes for others.
            self.meas.routed(node, self.now);
        }
        if self.relay_us == 0 {
            self.send_to(node, slot, kind, a, b, dest);
            return;
        }
        let i = node as usize;
        self.batches[i].push(Out {
            slot: slot as u32,
            kind,
            a,
            b,
            dest,
        });
        if !self.armed[i] {
            self.armed[i] = true;
            self.set_timer(node, Timer::Relay, self.relay_us);
        }
    }

    /// `node`'s relay timer: sends its batch, but on the slots `silent` does not rule out (a
    /// neighbour it now believes down).
    pub fn flush_relay(&mut self, node: u32, silent: impl Fn(usize) -> bool) {
        let i = node as usize;
        self.armed[i] = false;
        let batch = std::mem::take(&mut self.batches[i]);
        for o in &batch {
            if !silent(o.slot as usize) {
                self.send_to(node, o.slot as usize, o.kind, o.a, o.b, o.dest);
            }
        }
        // Keep the allocation for the next batch.
        if self.batches[i].is_empty() {
            let mut batch = batch;
            batch.clear();
            self.batches[i] = batch;
        }
    }

    /// Whether `m`, due now, arrives: not lost, its receiver up and not restarted since it was
    /// sent, its link not cut since it was sent. Counts it either way; hashes (and records)
    /// what arrives.
    pub fn arrives(&mut self, m: &Msg) -> bool {
        self.counters.in_flight -= 1;
        let link = self.topo.slot(m.slot as usize).1;
        if m.lost || !self.up.receives(m.to, m.sent) || !self.links.carried(link as usize, m.sent) {
            self.counters.dropped += 1;
            return false;
        }
        self.counters.delivered += 1;
        if let Some(log) = &mut self.recorded {
            log.push(Delivery {
                at: self.now,
                sent: m.sent,
                from: m.from,
                to: m.to,
                link,
            });
        }
        self.trace.add(self.now);
        self.trace.add(u64::from(m.from) | (u64::from(m.to) << 32));
        self.trace.add(m.kind as u64 | (u64::from(m.a) << 8));
        self.trace.add(m.b as u64);
        true
    }
}
