//! The message layer of the first lesson's engine: puts its messages on the shared links, and on
//! arrival checks them against what happened meanwhile (a restart, a cut) and counts them.

use super::config::SimConfig;
use super::engine::Engine;
use super::liveness::Liveness;
use super::metrics::Counters;
use super::msg::{Delivery, Event, Msg, MsgKind, NONE};
use crate::sim::links::{Delay, Links};
use crate::sim::rng::{SimRng, Stream};
use crate::sim::time::{Micros, from_ms};
use crate::sim::topology::Topology;

/// The message layer of one run.
#[derive(Clone)]
pub struct Network {
    /// The links: latency, loss, order, cuts.
    pub links: Links,
    /// Counters of the run so far (`events` is kept by the engine).
    pub counters: Counters,
    /// Hash over every delivered message.
    pub trace: u64,
    /// Every delivery, when a test asked for them.
    pub recorded: Option<Vec<Delivery>>,
}

impl Network {
    /// Links of `topo`, intact, with the latency and loss of `cfg`.
    pub fn new(cfg: &SimConfig, topo: &Topology) -> Network {
        let delay = Delay::Uniform {
            min: from_ms(cfg.latency_min_ms.into()),
            max: from_ms(cfg.latency_max_ms.into()),
        };
        Network {
            links: Links::new(
                topo,
                delay,
                cfg.loss,
                SimRng::new(cfg.seed, Stream::Network),
            ),
            counters: Counters::default(),
            trace: 0xcbf2_9ce4_8422_2325,
            recorded: None,
        }
    }

    /// The longest a message can take on one link, µs.
    pub fn max_latency(&self) -> Micros {
        self.links.max_latency()
    }

    /// Cuts or heals link `l` at `now`.
    pub fn set_cut(&mut self, l: usize, cut: bool, now: Micros) {
        self.links.set_cut(l, cut, now);
    }

    /// Whether `m`, due now, arrives: not lost, its receiver up and not restarted since it was
    /// sent, its link not cut since it was sent. Counts it either way; hashes (and records)
    /// what arrives.
    pub fn arrives(&mut self, m: &Msg, topo: &Topology, live: &Liveness, now: Micros) -> bool {
        self.counters.in_flight -= 1;
        if m.lost
            || live.is_down(m.to)
            || (live.any_crash && live.nodes[m.to as usize].crashed > m.sent)
            || !self
                .links
                .carried(topo.slot(m.slot as usize).1 as usize, m.sent)
        {
            self.counters.dropped += 1;
            return false;
        }
        self.counters.delivered += 1;
        self.record(now, m, topo);
        true
    }

    fn record(&mut self, at: Micros, m: &Msg, topo: &Topology) {
        if let Some(log) = &mut self.recorded {
            log.push(Delivery {
                at,
                sent: m.sent,
                from: m.from,
                to: m.to,
                link: topo.slot(m.slot as usize).1,
            });
        }
        self.trace = mix(self.trace, at);
        self.trace = mix(self.trace, u64::from(m.from) | (u64::from(m.to) << 32));
        self.trace = mix(self.trace, m.kind as u64 | (u64::from(m.a) << 8));
        self.trace = mix(self.trace, m.b as u64);
    }
}

impl Engine {
    /// Puts a message on `from`'s link `slot`, now.
    #[inline]
    pub(super) fn send(&mut self, from: u32, slot: usize, kind: MsgKind, a: u32, b: i64) {
        self.send_to(from, slot, kind, a, b, NONE);
    }

    /// Like [`Engine::send`], for a message that travels on to `dest` after its next hop.
    pub(super) fn send_to(
        &mut self,
        from: u32,
        slot: usize,
        kind: MsgKind,
        a: u32,
        b: i64,
        dest: u32,
    ) {
        let (to, link) = self.topo.slot(slot);
        let back = self.topo.reverse(slot);
        let net = &mut self.net;
        let (at, lost) = net.links.schedule(slot, link as usize, self.now, 0);
        net.counters.sent += 1;
        net.counters.in_flight += 1;
        if kind.is_data() {
            self.count_data_message();
        }
        let c = if kind == MsgKind::Heartbeat {
            self.live.nodes[from as usize].life
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
}

/// One FNV-1a-style round over a 64-bit word (fixed, so native and wasm agree).
#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h ^ x).wrapping_mul(0x0000_0100_0000_01B3)
}
