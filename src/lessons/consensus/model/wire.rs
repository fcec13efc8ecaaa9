//! The wire: what every part of the blockchain engine acts through. It holds virtual time, the
//! event queue, the shared links, the trace, the notable events and the message counters. A
//! message is an announcement (a header: latency only), a request, a body (latency plus size ÷
//! bandwidth, one body at a time per link) or a request for a tip. A lost send is sent again
//! after a retransmission timeout, as TCP does: loss delays a message, it never drops it.

use std::collections::VecDeque;
use std::sync::Arc;

use super::blocks::{Blocks, ForkKind};
use crate::sim::ids::NodeId;
use crate::sim::links::Links;
use crate::sim::queue::Queue;
use crate::sim::time::Micros;
use crate::sim::topology::Topology;
use crate::sim::trace::Trace;
use crate::sim::up::Up;

/// What a message asks or carries.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// "My tip is this block" (a header).
    Announce,
    /// "Send me this block's body".
    Request,
    /// A block's body.
    Body,
    /// "Tell me your tip" (after a restart).
    TipRequest,
    /// Not a message: a body whose copy was lost, due to go out again from its sender (its
    /// retransmission timeout is up). (Carried as a delivery so that the queue's items stay
    /// 24 bytes: a variant of its own would make every event bigger, and the engine slower.)
    Resend,
}

/// A message on a link.
#[derive(Copy, Clone, Debug)]
pub struct Msg {
    /// When it was sent.
    pub sent: Micros,
    /// The receiver.
    pub to: u32,
    /// The receiver's slot toward the sender (to reply on, and to name the sender).
    pub back: u32,
    /// What it is.
    pub kind: Kind,
    /// The block it is about.
    pub block: u32,
}

/// What the queue holds.
#[derive(Copy, Clone, Debug)]
pub enum Ev {
    /// A message arrives.
    Deliver(Msg),
    /// Proof of work: the next block is found.
    Find,
    /// Praos: draw the leaders of the next slot that has any.
    Lottery,
    /// Praos: `peer`'s clock reaches the start of `slot`, which it leads.
    Forge {
        /// The leader.
        peer: u32,
        /// Its slot.
        slot: u32,
    },
    /// `peer` gives up waiting for `block` from the neighbour it asked.
    FetchTimeout {
        /// The peer.
        peer: u32,
        /// The block.
        block: u32,
    },
    /// `peer`'s clock reaches the slot of `block`, which it held back until then.
    Release {
        /// The peer.
        peer: u32,
        /// The block.
        block: u32,
    },
    /// A link dropped for a header from the far future connects again.
    Reconnect {
        /// The link.
        link: u32,
    },
}

/// Something worth a line in the page's event log.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Notable {
    /// A block was made public beside a sibling.
    Fork {
        /// The new sibling.
        block: u32,
        /// How the fork arose.
        kind: ForkKind,
    },
    /// An honest peer dropped two or more adopted blocks for another chain.
    Rollback {
        /// The peer.
        peer: u32,
        /// Blocks dropped.
        depth: u32,
    },
    /// A peer dropped its link to a neighbour that announced a block from the far future.
    FromTheFuture {
        /// The peer.
        peer: u32,
        /// The neighbour it dropped.
        from: u32,
        /// How far ahead of its clock the block's slot began, µs.
        ahead: Micros,
    },
    /// After a heal, every live peer has the same tip again.
    Converged {
        /// Since the heal, µs.
        after: Micros,
    },
}

/// Notable events kept for the page to collect (older ones are dropped).
const NOTABLE_MAX: usize = 256;

/// The context of one run.
#[derive(Clone)]
pub struct Wire {
    /// Virtual time now.
    pub now: Micros,
    /// What is due, by (time, insertion sequence).
    pub queue: Queue<Ev>,
    /// The links: latency, order, cuts, one body at a time.
    pub links: Links,
    /// Hash over every block made and adopted.
    pub trace: Trace,
    /// Messages sent (each retransmission counted).
    pub messages: u64,
    /// Announcements not sent because the neighbour held the block and its ancestors.
    pub saved: u64,
    topo: Arc<Topology>,
    /// Time to send one body, µs.
    tx_us: Micros,
    /// How long a sender waits before sending a lost message again.
    rto_us: Micros,
    notables: VecDeque<(Micros, Notable)>,
}

impl Wire {
    /// Time zero on `links`, bodies taking `tx_us` to send.
    pub fn new(topo: &Arc<Topology>, links: Links, tx_us: Micros) -> Wire {
        let max_lat = links.max_latency();
        Wire {
            now: 0,
            queue: Queue::default(),
            links,
            trace: Trace::default(),
            messages: 0,
            saved: 0,
            topo: Arc::clone(topo),
            tx_us,
            rto_us: 2 * max_lat + 200 * crate::sim::time::MS,
            notables: VecDeque::new(),
        }
    }

    /// Notes something for the event log.
    pub fn note(&mut self, n: Notable) {
        if self.notables.len() == NOTABLE_MAX {
            self.notables.pop_front();
        }
        self.notables.push_back((self.now, n));
    }

    /// Takes the notable events since the last call, oldest first.
    pub fn take_notables(&mut self) -> impl Iterator<Item = (Micros, Notable)> + '_ {
        self.notables.drain(..)
    }

    /// Sends `kind` about `block` on `slot`, now.
    #[inline]
    pub fn send(&mut self, slot: usize, kind: Kind, block: u32) {
        let (to, link) = self.topo.slot(slot);
        let back = self.topo.reverse(slot) as u32;
        let m = Msg {
            sent: self.now,
            to,
            back,
            kind,
            block,
        };
        self.attempt(slot, link as usize, m);
    }

    /// Sends the body `m` (first sent at `m.sent`, then lost) again now.
    pub fn resend(&mut self, m: Msg) {
        let slot = self.topo.reverse(m.back as usize);
        let link = self.topo.slot(slot).1 as usize;
        let m = Msg {
            kind: Kind::Body,
            ..m
        };
        self.attempt(slot, link, m);
    }

    /// Sends `m` on `slot` (of `link`) now. A lost attempt is sent again after a
    /// retransmission timeout, as TCP does: loss delays a message (and, the link being in
    /// order, those behind it), it never drops it. A header or a request is resent on the spot
    /// (it takes no bandwidth); a lost body leaves its sender's upload free for other bodies
    /// until its timeout is up, when it goes out again (a `Kind::Resend` event), and what
    /// follows it on its link waits for it.
    #[inline]
    fn attempt(&mut self, slot: usize, link: usize, m: Msg) {
        let to = m.to;
        if m.kind == Kind::Body {
            let from = self.topo.slot(m.back as usize).0;
            let (at, lost) = self
                .links
                .transfer(slot, link, (from, to), self.now, self.tx_us);
            self.messages += 1;
            if lost {
                let again = self.now + self.rto_us;
                self.links.hold_behind(slot, link, again + self.tx_us);
                self.queue.push(
                    again,
                    Ev::Deliver(Msg {
                        kind: Kind::Resend,
                        ..m
                    }),
                );
            } else {
                self.queue.push(at, Ev::Deliver(m));
            }
            return;
        }
        let mut leave = self.now;
        let at = loop {
            let (at, lost) = self.links.schedule(slot, link, leave);
            self.messages += 1;
            if !lost {
                break at;
            }
            leave += self.rto_us;
        };
        self.queue.push(at, Ev::Deliver(m));
    }

    /// Announces `block` on `slot` unless the neighbour there already holds it and all its
    /// ancestors (the announcement would change nothing: it is counted, not sent).
    #[inline]
    pub fn offer(&mut self, blocks: &Blocks, slot: usize, block: u32) {
        let (to, _) = self.topo.slot(slot);
        if blocks.linked(to, block) {
            self.saved += 1;
        } else {
            self.send(slot, Kind::Announce, block);
        }
    }

    /// Announces `block` to every neighbour of `p` but the one on `except`.
    pub fn announce(&mut self, blocks: &Blocks, p: u32, block: u32, except: u32) {
        let start = self.topo.adj_offset(NodeId(p));
        let deg = self.topo.neighbours(NodeId(p)).len();
        for slot in start..start + deg {
            if slot as u32 != except {
                self.offer(blocks, slot, block);
            }
        }
    }

    /// Whether `m`, due now, reaches its peer: it is up and has not restarted since `m` was
    /// sent, and the link was not cut meanwhile.
    pub fn delivers(&self, m: &Msg, up: &Up) -> bool {
        let link = self.topo.slot(m.back as usize).1 as usize;
        up.receives(m.to, m.sent) && self.links.carried(link, m.sent)
    }

    /// Block bodies on the links now: (left at, arrives at, from, to, block). For drawing.
    pub fn bodies_in_flight(&self) -> impl Iterator<Item = (Micros, Micros, u32, u32, u32)> + '_ {
        self.queue.iter().filter_map(|(at, ev)| match ev {
            Ev::Deliver(m) if m.kind == Kind::Body => {
                let from = self.topo.slot(m.back as usize).0;
                // The body left once the link had sent it: it is on the wire for its latency.
                Some((
                    m.sent.max(at.saturating_sub(self.links.max_latency())),
                    at,
                    from,
                    m.to,
                    m.block,
                ))
            }
            _ => None,
        })
    }
}

/// A full mesh of `n` peers, 10 ms a link, for the parts' tests.
#[cfg(test)]
pub(crate) fn mesh_wire(n: u32) -> (Arc<Topology>, Wire) {
    use crate::sim::links::{Delay, Links};
    use crate::sim::rng::{SimRng, Stream};
    let topo = Arc::new(crate::sim::topology::mesh(n));
    let links = Links::new(
        &topo,
        Delay::PerLink(vec![10 * crate::sim::time::MS; topo.links.len()]),
        0.0,
        SimRng::new(1, Stream::Network),
    );
    let wire = Wire::new(&topo, links, 0);
    (topo, wire)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::links::{Delay, Links};
    use crate::sim::rng::{SimRng, Stream};
    use crate::sim::time::MS;

    /// Peer 0 sends a body to peer 1, lost, then one to peer 2: the second does not wait for
    /// the first's retransmission timeout, and the first goes out again when it is up.
    #[test]
    fn a_lost_body_leaves_the_upload_free_until_it_is_sent_again() {
        let topo = Arc::new(crate::sim::topology::mesh(3));
        let slot = |a: u32, b: u32| topo.slot_between(NodeId(a), NodeId(b)).unwrap();
        let mut checked = 0;
        for seed in 1..300 {
            let links = Links::new(
                &topo,
                Delay::PerLink(vec![10 * MS; topo.links.len()]),
                0.5,
                SimRng::new(seed, Stream::Network),
            );
            let mut w = Wire::new(&topo, links, MS);
            w.send(slot(0, 1), Kind::Body, 7);
            let Some((again, Ev::Deliver(m))) = w.queue.pop() else {
                unreachable!("only messages are queued")
            };
            if m.kind != Kind::Resend {
                continue; // not lost on this seed
            }
            assert_eq!(again, w.rto_us);
            assert_eq!((m.to, m.block, m.sent), (1, 7, 0));
            w.send(slot(0, 2), Kind::Body, 8);
            let Some((at, Ev::Deliver(d))) = w.queue.pop() else {
                unreachable!("only messages are queued")
            };
            if d.kind == Kind::Resend {
                continue; // the second was lost too
            }
            // It left once the lost copy was sent (1 ms), and took 1 ms and 10 ms more.
            assert_eq!((at, d.to), (12 * MS, 2));
            // When the timeout is up the body goes out again, still sent at 0; what follows
            // it on its link waits for it.
            w.now = again;
            w.resend(m);
            w.send(slot(0, 1), Kind::Announce, 9);
            let mut arrivals = Vec::new();
            while let Some((at, ev)) = w.queue.pop() {
                if let Ev::Deliver(d) = ev {
                    arrivals.push((at, d.kind, d.sent));
                }
            }
            if let Some(&(at, Kind::Body, 0)) = arrivals.first() {
                assert_eq!(at, again + 11 * MS);
                assert!(arrivals.iter().all(|&(t, _, _)| t >= at), "{arrivals:?}");
                checked += 1;
            }
        }
        assert!(checked >= 10, "{checked}");
    }
}

/// The queue's items stay small: the engine's speed follows their size.
#[test]
fn an_event_is_24_bytes() {
    assert_eq!(std::mem::size_of::<Ev>(), 24);
}
