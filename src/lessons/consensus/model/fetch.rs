//! Fetching: how a peer gets the bodies of a chain it was told of. A neighbour for which an
//! announced block would be a better chain requests, from the first announcer, every body of
//! that chain it lacks (the announcement shows the headers back to a block it holds, as
//! Cardano's chain-sync does), and they come back in order. A body whose parent is missing
//! waits while the parent is requested from the same neighbour, so a peer that was away
//! catches up block by block. A request not answered in time goes to the next neighbour that
//! announced the block. Praos: a body from a slot the peer's clock has not reached is held.

use super::blocks::{Block, Blocks};
use super::wire::{Ev, Kind, Wire};
use crate::sim::time::Micros;

/// A body a peer asked for and has not received.
#[derive(Copy, Clone, Debug)]
struct Fetch {
    block: u32,
    /// Slots of neighbours that announced it, to ask next.
    alt: [u32; 3],
    alts: u8,
    deadline: Micros,
}

/// One peer's bodies in transit.
#[derive(Clone, Debug, Default)]
struct Pending {
    fetch: Vec<Fetch>,
    /// Bodies whose parent it lacks, and the slot they came on.
    waiting: Vec<(u32, u32)>,
    /// Bodies from a slot that has not begun on its clock.
    held: Vec<u32>,
}

/// Every peer's fetching.
#[derive(Clone)]
pub struct Fetches {
    peers: Vec<Pending>,
    /// How long a peer waits for a body before asking another announcer.
    timeout_us: Micros,
    missing: Vec<u32>,
}

impl Fetches {
    /// Nothing in transit for `n` peers; a request times out after `timeout_us`.
    pub fn new(n: u32, timeout_us: Micros) -> Fetches {
        Fetches {
            peers: vec![Pending::default(); n as usize],
            timeout_us,
            missing: Vec::new(),
        }
    }

    /// A crashed peer forgets its requests (it keeps what waits for a parent or a slot).
    pub fn crash(&mut self, p: u32) {
        self.peers[p as usize].fetch.clear();
    }

    /// A neighbour (on `slot`) announced `b` to `p`; `better` says whether a chain ending at a
    /// block would beat `p`'s. Requests what is needed, or remembers the announcer as another
    /// to ask.
    pub fn on_announce(
        &mut self,
        w: &mut Wire,
        blocks: &Blocks,
        better: impl Fn(&Block) -> bool,
        (p, slot, b): (u32, u32, u32),
    ) {
        if blocks.settled(b) || blocks.linked(p, b) {
            return;
        }
        if let Some(f) = self.peers[p as usize]
            .fetch
            .iter_mut()
            .find(|f| f.block == b)
        {
            if usize::from(f.alts) < f.alt.len() {
                f.alt[usize::from(f.alts)] = slot;
                f.alts += 1;
            }
            return;
        }
        if blocks.has(p, b) || better(blocks.get(b)) {
            self.request_chain(w, blocks, p, slot, b);
        }
    }

    /// Requests from the neighbour on `slot` every block of the chain ending at `b` that `p`
    /// lacks and is not already fetching, oldest first (the bodies then come back to back).
    fn request_chain(&mut self, w: &mut Wire, blocks: &Blocks, p: u32, slot: u32, b: u32) {
        let mut missing = std::mem::take(&mut self.missing);
        missing.clear();
        let mut x = b;
        while !blocks.linked(p, x) {
            let fetching = self.peers[p as usize].fetch.iter().any(|f| f.block == x);
            if !blocks.has(p, x) && !fetching {
                missing.push(x);
            }
            x = blocks.get(x).parent;
        }
        for &x in missing.iter().rev() {
            self.request(w, p, slot, x);
        }
        self.missing = missing;
    }

    fn request(&mut self, w: &mut Wire, p: u32, slot: u32, b: u32) {
        w.send(slot as usize, Kind::Request, b);
        let deadline = w.now + self.timeout_us;
        let peer = &mut self.peers[p as usize];
        match peer.fetch.iter_mut().find(|f| f.block == b) {
            Some(f) => f.deadline = deadline,
            None => peer.fetch.push(Fetch {
                block: b,
                alt: [0; 3],
                alts: 0,
                deadline,
            }),
        }
        w.queue
            .push(deadline, Ev::FetchTimeout { peer: p, block: b });
    }

    /// `p`, up, gave up waiting for `b`: it asks the next announcer, if any.
    pub fn on_timeout(&mut self, w: &mut Wire, blocks: &Blocks, p: u32, b: u32) {
        let peer = &mut self.peers[p as usize];
        let Some(i) = peer.fetch.iter().position(|f| f.block == b) else {
            return;
        };
        if peer.fetch[i].deadline != w.now {
            return; // an older request's timer
        }
        if peer.fetch[i].alts == 0 || blocks.settled(b) {
            peer.fetch.swap_remove(i);
            return;
        }
        let f = &mut peer.fetch[i];
        f.alts -= 1;
        let next = f.alt[usize::from(f.alts)];
        self.request(w, p, next, b);
    }

    /// The body of `b` reached `p`: it is no longer fetched; whether `p` did not hold it yet
    /// (and now does).
    pub fn received(&mut self, blocks: &mut Blocks, p: u32, b: u32) -> bool {
        let peer = &mut self.peers[p as usize];
        if let Some(i) = peer.fetch.iter().position(|f| f.block == b) {
            peer.fetch.swap_remove(i);
        }
        !blocks.settled(b) && blocks.set_has(p, b)
    }

    /// `b` reached `p` on `slot` before its parent: it waits, and the parent is requested from
    /// the same neighbour.
    pub fn wait(&mut self, w: &mut Wire, blocks: &Blocks, (p, slot, b): (u32, u32, u32)) {
        self.peers[p as usize].waiting.push((b, slot));
        let parent = blocks.get(b).parent;
        self.request_chain(w, blocks, p, slot, parent);
    }

    /// `b` is linked at `p`: its waiting children go onto `stack`, to be linked in turn.
    pub fn children(&mut self, blocks: &Blocks, p: u32, b: u32, stack: &mut Vec<(u32, u32)>) {
        let waiting = &mut self.peers[p as usize].waiting;
        let mut i = 0;
        while i < waiting.len() {
            let w = waiting[i].0;
            match blocks.try_get(w) {
                Some(child) if child.parent == b => stack.push(waiting.swap_remove(i)),
                Some(_) => i += 1,
                None => {
                    waiting.swap_remove(i);
                }
            }
        }
    }

    /// `p` holds `b` back until its clock reaches `b`'s slot, at `at`.
    pub fn hold(&mut self, w: &mut Wire, p: u32, b: u32, at: Micros) {
        self.peers[p as usize].held.push(b);
        w.queue.push(at, Ev::Release { peer: p, block: b });
    }

    /// `p`'s clock reached `b`'s slot: whether `b` was held (it no longer is).
    pub fn release(&mut self, p: u32, b: u32) -> bool {
        let held = &mut self.peers[p as usize].held;
        match held.iter().position(|&h| h == b) {
            Some(i) => {
                held.swap_remove(i);
                true
            }
            None => false,
        }
    }

    /// Everything `p` holds back (it recovered: it looks at them again).
    pub fn take_held(&mut self, p: u32) -> Vec<u32> {
        std::mem::take(&mut self.peers[p as usize].held)
    }

    /// Bodies being fetched, waiting for a parent or held for their slot, in all.
    pub fn in_transit(&self) -> usize {
        self.peers
            .iter()
            .map(|p| p.fetch.len() + p.waiting.len() + p.held.len())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::lessons::consensus::model::blocks::NO_BLOCK;
    use crate::lessons::consensus::model::wire::Msg;
    use crate::sim::ids::NodeId;
    use crate::sim::time::MS;
    use crate::sim::topology::Topology;

    /// Three peers all linked, 10 ms a link; peer 1 holds block 1, which it made.
    fn three() -> (Arc<Topology>, Wire, Blocks) {
        let (topo, wire) = crate::lessons::consensus::model::wire::mesh_wire(3);
        let mut blocks = Blocks::new(3, 100);
        let b = blocks.add(Block {
            parent: 0,
            height: 1,
            slot: 1,
            producer: 1,
            value: 1,
            made_at: 0,
            public_at: 0,
            holders: 1,
            need: [2, 3],
            first_child: NO_BLOCK,
            next_sibling: NO_BLOCK,
            fork: None,
        });
        blocks.set_has(1, b);
        blocks.set_linked(1, b);
        (topo, wire, blocks)
    }

    /// The slot of peer `a` toward peer `b`.
    fn slot(topo: &Topology, a: u32, b: u32) -> u32 {
        let i = topo
            .neighbours(NodeId(a))
            .iter()
            .position(|&(r, _)| r == b)
            .unwrap();
        (topo.adj_offset(NodeId(a)) + i) as u32
    }

    /// The requests waiting on the wire: (to whom, for which block).
    fn requests(w: &mut Wire) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        while let Some((_, ev)) = w.queue.pop() {
            if let Ev::Deliver(Msg {
                kind: Kind::Request,
                to,
                block,
                ..
            }) = ev
            {
                out.push((to, block));
            }
        }
        out
    }

    #[test]
    fn an_unanswered_request_goes_to_the_next_announcer() {
        let (topo, mut w, blocks) = three();
        let mut f = Fetches::new(3, 500 * MS);
        // Peers 1 and 2 both announce block 1 to peer 0: it asks the first only.
        f.on_announce(&mut w, &blocks, |_| true, (0, slot(&topo, 0, 1), 1));
        f.on_announce(&mut w, &blocks, |_| true, (0, slot(&topo, 0, 2), 1));
        assert_eq!(requests(&mut w), [(1, 1)]);
        // No body by the deadline: it asks peer 2.
        w.now = 500 * MS;
        f.on_timeout(&mut w, &blocks, 0, 1);
        assert_eq!(requests(&mut w), [(2, 1)]);
        // With nobody left to ask, it gives up.
        w.now = 1_000 * MS;
        f.on_timeout(&mut w, &blocks, 0, 1);
        assert_eq!(requests(&mut w), []);
    }
}
