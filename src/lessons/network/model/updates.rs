//! The updates: who holds which, how they are passed on, and in what order they are applied.
//!
//! One definition for every role: a node **holds** an update once it has its data — the
//! participant that starts one holds it at once. A participant **applies** updates in an
//! order: where a node orders them (client-server, federated), in the order that node sent them
//! down, its own included; where none does (peer-to-peer), in the order it receives them.
//!
//! Along routes, an update goes up to the orderer (each node keeps it pending until it comes
//! back in order, and sends it again whenever its route changes, so a failed main server loses
//! nothing) and the orderer sends it down to everyone. Among peers, a holder announces it to its
//! neighbours, a neighbour that lacks it asks the first announcer, and asks its other
//! neighbours in turn while no answer comes within a round trip on the slowest link.
//!
//! Each node remembers a window of recent updates; older ones are settled and forgotten, so
//! memory does not grow with the length of a run.

use super::config::{SimConfig, Workload};
use super::liveness::Liveness;
use super::msg::{Msg, MsgKind, NONE, Timer};
use super::wire::{Notable, Wire};
use crate::sim::ids::NodeId;
use crate::sim::roles::{OwnUpdate, Relay, policy};
use crate::sim::time::{MS, Micros, from_ms};
use crate::sim::topology::Topology;
use crate::sim::up::Up;

#[derive(Copy, Clone, Debug, Default)]
struct UpdateRec {
    created: Micros,
    origin: u32,
    /// Participants in the working part when it started (0 if its origin was cut off).
    target: u32,
    holders: u32,
    done: bool,
}

/// The update store of one run.
#[derive(Clone)]
pub struct Updates {
    words: usize,
    /// Where a node orders updates.
    ordered: bool,
    /// Per node, two rows of a bit per remembered update, side by side (one cache line for
    /// both in small runs): first, holds it; second, where a node orders updates, has applied
    /// it in order (elsewhere "applied" is "holds"), or, among peers, has asked for it.
    bits: Vec<u64>,
    recs: Vec<UpdateRec>,
    next_uid: u32,
    started: u32,
    /// Per remembered update: participants that applied it after / before the next one.
    pair_fwd: Vec<u32>,
    pair_rev: Vec<u32>,
    /// Per node: updates it sent up and has not yet seen come back in order.
    pending: Vec<Vec<u32>>,
    /// Whether reaching everyone is a notable event (the teaching run; not the flood).
    notes: bool,
    /// Whether requests can go unanswered (loss or faults), so re-asking is worth a timer.
    refetch: bool,
    /// A round trip on the slowest link: how long a peer waits before asking another.
    refetch_after: Micros,
}

impl Updates {
    /// An empty store for `topo`, remembering enough updates for `cfg`'s rate.
    pub fn new(cfg: &SimConfig, topo: &Topology) -> Updates {
        let n = topo.len();
        let window = match cfg.workload {
            Workload::Flood => cfg.updates as usize,
            // The measurement window is at most 64 link delays or 20 s; keep half again.
            Workload::Default => {
                let seconds = (cfg.mean_latency_ms() * 64.0 / 1_000.0).max(20.0) * 1.5;
                (cfg.update_rate * seconds).max(256.0) as usize
            }
        };
        // A power of two, so finding an update's slot is a mask, not a division.
        let slots = window.next_power_of_two().max(64);
        let words = slots / 64;
        let ordered = !topo.orderers.is_empty();
        Updates {
            words,
            ordered,
            bits: vec![0; 2 * n * words],
            recs: vec![UpdateRec::default(); slots],
            next_uid: 0,
            started: 0,
            pair_fwd: vec![0; slots],
            pair_rev: vec![0; slots],
            pending: vec![Vec::new(); n],
            notes: cfg.workload == Workload::Default,
            refetch: cfg.workload == Workload::Default || cfg.loss > 0.0 || !cfg.faults.is_empty(),
            refetch_after: from_ms(2 * u64::from(cfg.latency_max_ms)) + MS,
        }
    }

    /// A crashed node loses what it was asking for; it keeps the data it holds and the
    /// updates it waits to see ordered.
    pub fn crash(&mut self, n: u32) {
        let i = n as usize;
        if !self.ordered {
            let row = self.row(i, 1);
            self.bits[row..row + self.words].fill(0);
        }
    }

    /// Updates created so far.
    pub fn created(&self) -> u32 {
        self.next_uid
    }

    #[inline]
    fn slot(&self, uid: u32) -> usize {
        uid as usize & (self.recs.len() - 1)
    }

    #[inline]
    fn live_uid(&self, uid: u32) -> bool {
        uid < self.next_uid && (self.next_uid - uid) as usize <= self.recs.len()
    }

    /// Where row `which` (0: holds, 1: applied or asked) of `node` starts in `bits`.
    #[inline]
    fn row(&self, node: usize, which: usize) -> usize {
        (2 * node + which) * self.words
    }

    /// The word and mask of `uid` in row `which` of `node`.
    #[inline]
    fn at(&self, node: u32, which: usize, uid: u32) -> (usize, u64) {
        let s = self.slot(uid);
        (self.row(node as usize, which) + s / 64, 1 << (s % 64))
    }

    #[inline]
    fn bit(&self, node: u32, which: usize, uid: u32) -> bool {
        let (w, m) = self.at(node, which, uid);
        self.bits[w] & m != 0
    }

    #[inline]
    fn set(&mut self, node: u32, which: usize, uid: u32) {
        let (w, m) = self.at(node, which, uid);
        self.bits[w] |= m;
    }

    /// Whether `node` holds `uid`.
    #[inline]
    pub fn has(&self, node: u32, uid: u32) -> bool {
        self.bit(node, 0, uid)
    }

    /// Whether `node` has applied `uid` in order.
    #[inline]
    fn has_applied(&self, node: u32, uid: u32) -> bool {
        self.bit(node, usize::from(self.ordered), uid)
    }

    /// When `uid` was created (it must be remembered).
    pub fn created_at(&self, uid: u32) -> Micros {
        self.recs[self.slot(uid)].created
    }

    /// Who started `uid`, if it is remembered.
    pub fn origin(&self, uid: u32) -> Option<u32> {
        self.live_uid(uid).then(|| self.recs[self.slot(uid)].origin)
    }

    /// What `node` holds, a bit per remembered update.
    fn held(&self, node: usize) -> &[u64] {
        let r = self.row(node, 0);
        &self.bits[r..r + self.words]
    }

    /// Union of what live participants hold.
    fn known(&self, topo: &Topology, up: &Up) -> Vec<u64> {
        let mut known = vec![0u64; self.words];
        for &p in &topo.participants {
            if !up.is_down(p.0) {
                for (k, m) in known.iter_mut().zip(self.held(p.index())) {
                    *k |= m;
                }
            }
        }
        known
    }

    /// Updates some live participant holds that participant `n` lacks.
    pub fn missing(&self, topo: &Topology, up: &Up, n: u32) -> u32 {
        let known = self.known(topo, up);
        known
            .iter()
            .zip(self.held(n as usize))
            .map(|(k, m)| (k & !m).count_ones())
            .sum()
    }

    /// Live participants missing something another live participant holds: (fraction, count).
    pub fn stale(&self, topo: &Topology, up: &Up) -> (f64, u32) {
        let known = self.known(topo, up);
        let mut alive = 0u32;
        let mut stale = 0u32;
        for &p in &topo.participants {
            if up.is_down(p.0) {
                continue;
            }
            alive += 1;
            let mine = self.held(p.index());
            if known.iter().zip(mine).any(|(k, m)| k & !m != 0) {
                stale += 1;
            }
        }
        let fraction = if alive == 0 {
            0.0
        } else {
            f64::from(stale) / f64::from(alive)
        };
        (fraction, stale)
    }
}

/// What an update's handlers read besides the store: the network and who can reach whom.
#[derive(Copy, Clone)]
pub struct Net<'a> {
    /// The network.
    pub topo: &'a Topology,
    /// Who is alive, as each node sees it, and the routes.
    pub live: &'a Liveness,
}

impl Updates {
    /// The next update starts at `origin`, which is up: it holds it, and sends it up or
    /// announces it.
    pub fn originate(&mut self, w: &mut Wire, net: Net, origin: u32) {
        let uid = self.new_update(w, net, origin);
        self.hold(w, net.topo, origin, uid);
        let pol = policy(net.topo.role(NodeId(origin)));
        if pol.own_update == OwnUpdate::AtOnce {
            self.apply_update(w, net.topo, origin, uid);
        }
        match pol.relay {
            Relay::Gossip => {
                let base = net.topo.adj_offset(NodeId(origin));
                for k in 0..net.topo.neighbours(NodeId(origin)).len() {
                    if !net.live.suspects(base + k) {
                        w.send(origin, base + k, MsgKind::Inv, uid, 0);
                    }
                }
            }
            Relay::No | Relay::Route => {
                self.pending[origin as usize].push(uid);
                let r = net.live.routes[origin as usize];
                if r.next != NONE {
                    w.send_to(origin, r.next as usize, MsgKind::Update, uid, 0, r.dest);
                }
            }
        }
    }

    /// An update is due to start, whether or not its origin is up to start it: how many
    /// have been due so far.
    pub fn count_start(&mut self) -> u32 {
        self.started += 1;
        self.started
    }

    fn new_update(&mut self, w: &mut Wire, net: Net, origin: u32) -> u32 {
        let uid = self.next_uid;
        self.next_uid += 1;
        w.counters.updates_created += 1;
        let slot = self.slot(uid);
        if uid as usize >= self.recs.len() {
            // Forget the update that used this slot.
            let (word, bit) = (slot / 64, 1u64 << (slot % 64));
            for row in 0..2 * net.topo.len() {
                self.bits[row * self.words + word] &= !bit;
            }
        }
        self.pair_fwd[slot] = 0;
        self.pair_rev[slot] = 0;
        let target = if net.live.reachable[origin as usize] {
            net.live.reach_count
        } else {
            0
        };
        self.recs[slot] = UpdateRec {
            created: w.now,
            origin,
            target,
            holders: 0,
            done: target == 0,
        };
        let others = net.live.live_participants.saturating_sub(1);
        w.meas.expect(w.now, others);
        uid
    }

    /// `node` now holds `uid`.
    fn hold(&mut self, w: &mut Wire, topo: &Topology, node: u32, uid: u32) {
        let slot = self.slot(uid);
        self.set(node, 0, uid);
        if !topo.role(NodeId(node)).is_participant() {
            return;
        }
        let rec = &mut self.recs[slot];
        if node != rec.origin {
            w.meas.delivered(rec.created, w.now - rec.created);
        }
        rec.holders += 1;
        if !rec.done && rec.holders >= rec.target {
            rec.done = true;
            let (took, origin) = (w.now - rec.created, rec.origin);
            w.meas.reached_all(took);
            if self.notes {
                w.note(Notable::ReachedAll {
                    uid,
                    origin,
                    after: took,
                });
            }
        }
    }

    /// `node` applies `uid`, after the updates it applied before.
    fn apply_update(&mut self, w: &mut Wire, topo: &Topology, node: u32, uid: u32) {
        if self.ordered {
            self.set(node, 1, uid);
        }
        if !topo.role(NodeId(node)).is_participant() {
            return;
        }
        // Order: each pair (u, u+1) is counted at a participant when it applies the second one.
        if uid > 0 && self.live_uid(uid - 1) && self.has_applied(node, uid - 1) {
            self.count_pair(w, uid - 1, true);
        }
        if self.live_uid(uid + 1) && self.has_applied(node, uid + 1) {
            self.count_pair(w, uid, false);
        }
    }

    /// A participant applied the pair (`first`, `first + 1`) in order (`forward`) or not.
    fn count_pair(&mut self, w: &mut Wire, first: u32, forward: bool) {
        let slot = self.slot(first);
        let (f, r) = (self.pair_fwd[slot], self.pair_rev[slot]);
        let (nf, nr) = if forward { (f + 1, r) } else { (f, r + 1) };
        self.pair_fwd[slot] = nf;
        self.pair_rev[slot] = nr;
        let second = self.created_at(first + 1);
        // The pair counts once a second participant has applied both; it disagrees once both
        // orders have been seen.
        let now = w.now;
        w.meas.pair(
            second,
            f + r == 1,
            (f == 0 || r == 0) && nf > 0 && nr > 0,
            now,
        );
    }

    // ------------------------------------------------------------------ along routes

    /// An update on its way up reached `m.to`.
    pub fn on_update(&mut self, w: &mut Wire, net: Net, m: &Msg) {
        let (node, uid) = (m.to, m.a);
        if !self.live_uid(uid) {
            return;
        }
        let back = m.slot as usize;
        if self.has_applied(node, uid) {
            // Already in order here: the sender asked again because it missed it coming down.
            // It goes behind whatever this node is already passing down that way (its relay
            // batch), so the sender still gets everything in order.
            w.relay(node, back, MsgKind::Ordered, uid, 0, NONE);
            return;
        }
        let r = net.live.routes[node as usize];
        if r.authority == node {
            self.order(w, net, node, uid);
            return;
        }
        let pending = &mut self.pending[node as usize];
        if !pending.contains(&uid) {
            pending.push(uid);
        }
        if r.next != NONE {
            w.relay(node, r.next as usize, MsgKind::Update, uid, 0, r.dest);
        }
    }

    /// `node` orders `uid`: applies it and sends it down to everyone it links to.
    fn order(&mut self, w: &mut Wire, net: Net, node: u32, uid: u32) {
        let topo = net.topo;
        self.apply_update(w, topo, node, uid);
        let me = NodeId(node);
        let base = topo.adj_offset(me);
        let routers = topo.route_neighbours(me);
        for (k, &(m, _)) in topo.neighbours(me).iter().enumerate() {
            if k < routers {
                if let Some((slot, dest)) = net.live.way_to(topo, node, m) {
                    w.relay(node, slot, MsgKind::Ordered, uid, 0, dest);
                }
            } else {
                // Over TCP: a client the orderer suspects (its heartbeats were lost) still
                // gets its updates in order; one that is down loses them and catches up.
                w.relay(node, base + k, MsgKind::Ordered, uid, 0, NONE);
            }
        }
    }

    /// An update in order reached `m.to`.
    pub fn on_ordered(&mut self, w: &mut Wire, net: Net, m: &Msg) {
        let (node, uid) = (m.to, m.a);
        if !self.live_uid(uid) || self.has_applied(node, uid) {
            return;
        }
        let topo = net.topo;
        let me = NodeId(node);
        if topo.role(me).is_participant() {
            w.meas.source(m.slot as usize, w.now);
        }
        if !self.has(node, uid) {
            self.hold(w, topo, node, uid);
        }
        self.apply_update(w, topo, node, uid);
        self.pending[node as usize].retain(|&u| u != uid);
        // A server passes it down to the participants it serves.
        let base = topo.adj_offset(me);
        for k in topo.route_neighbours(me)..topo.neighbours(me).len() {
            if policy(topo.role(me)).relay == Relay::Route {
                w.relay(node, base + k, MsgKind::Ordered, uid, 0, NONE);
            }
        }
    }

    /// Sends again, along `node`'s current route, what it waits to see ordered.
    pub fn resend_pending(&mut self, w: &mut Wire, net: Net, node: u32) {
        let r = net.live.routes[node as usize];
        if r.next == NONE || w.up.is_down(node) {
            return;
        }
        let mut pending = std::mem::take(&mut self.pending[node as usize]);
        pending.retain(|&u| self.live_uid(u));
        let passes_on = policy(net.topo.role(NodeId(node))).relay != Relay::No;
        for &uid in &pending {
            if passes_on {
                w.relay(node, r.next as usize, MsgKind::Update, uid, 0, r.dest);
            } else {
                w.send_to(node, r.next as usize, MsgKind::Update, uid, 0, r.dest);
            }
        }
        self.pending[node as usize] = pending;
    }

    /// `node` has taken over ordering: it orders what it was passing up.
    pub fn order_pending(&mut self, w: &mut Wire, net: Net, node: u32) {
        let pending = std::mem::take(&mut self.pending[node as usize]);
        for uid in pending {
            if self.live_uid(uid) && !self.has_applied(node, uid) {
                self.order(w, net, node, uid);
            }
        }
    }

    /// `node` hears again from the neighbour at `slot` after a silence: it sends what the
    /// neighbour may have missed since `since` — ordered updates to a node below it on a
    /// route, announcements to a peer.
    pub fn catch_up(&mut self, w: &mut Wire, net: Net, node: u32, slot: usize, since: Micros) {
        let me = NodeId(node);
        let (neighbour, _) = net.topo.slot(slot);
        let kind = match policy(net.topo.role(me)).relay {
            Relay::No => return,
            Relay::Gossip => MsgKind::Inv,
            Relay::Route => {
                let below = net.topo.role(NodeId(neighbour)).is_participant()
                    || net.live.routes[node as usize].authority == node;
                if !below {
                    return;
                }
                MsgKind::Ordered
            }
        };
        let first = self.next_uid.saturating_sub(self.recs.len() as u32);
        let send: Vec<u32> = (first..self.next_uid)
            .filter(|&u| self.created_at(u) >= since && self.has_applied(node, u))
            .collect();
        for uid in send {
            w.relay(node, slot, kind, uid, 0, NONE);
        }
    }

    // ------------------------------------------------------------------ among peers

    /// A neighbour announced an update: ask it for the data, unless already asked.
    pub fn on_inv(&mut self, w: &mut Wire, topo: &Topology, m: &Msg) {
        let (node, uid) = (m.to, m.a);
        let slot = m.slot as usize;
        if !self.live_uid(uid) || self.has(node, uid) {
            return;
        }
        if self.bit(node, 1, uid) {
            return; // asked already
        }
        self.set(node, 1, uid);
        w.send(node, slot, MsgKind::GetData, uid, 0);
        if self.refetch {
            let k = slot - topo.adj_offset(NodeId(node));
            w.set_timer(
                node,
                Timer::Refetch(uid, (k + 1) as u16, 1),
                self.refetch_after,
            );
        }
    }

    /// No answer within a round trip on the slowest link: ask the next neighbour, in turn,
    /// until every neighbour has been asked once.
    pub fn on_refetch(
        &mut self,
        w: &mut Wire,
        net: Net,
        node: u32,
        (uid, next, tries): (u32, u16, u16),
    ) {
        if !self.live_uid(uid) || self.has(node, uid) {
            return;
        }
        let me = NodeId(node);
        let degree = net.topo.neighbours(me).len();
        if usize::from(tries) >= degree {
            return;
        }
        let slot = net.topo.adj_offset(me) + usize::from(next) % degree;
        if !net.live.suspects(slot) {
            w.send(node, slot, MsgKind::GetData, uid, 0);
        }
        w.set_timer(
            node,
            Timer::Refetch(uid, next.wrapping_add(1), tries + 1),
            self.refetch_after,
        );
    }

    /// A neighbour asked for an update.
    pub fn on_getdata(&self, w: &mut Wire, m: &Msg) {
        if self.live_uid(m.a) && self.has(m.to, m.a) {
            w.send(m.to, m.slot as usize, MsgKind::Data, m.a, 0);
        }
    }

    /// The data of an update arrived.
    pub fn on_data(&mut self, w: &mut Wire, net: Net, m: &Msg) {
        let (node, uid) = (m.to, m.a);
        let from_slot = m.slot as usize;
        if !self.live_uid(uid) || self.has(node, uid) {
            return;
        }
        w.meas.source(from_slot, w.now);
        self.hold(w, net.topo, node, uid);
        self.apply_update(w, net.topo, node, uid);
        // Announce it to every other neighbour.
        let base = net.topo.adj_offset(NodeId(node));
        for k in 0..net.topo.neighbours(NodeId(node)).len() {
            let slot = base + k;
            if slot != from_slot && !net.live.suspects(slot) {
                w.relay(node, slot, MsgKind::Inv, uid, 0, NONE);
            }
        }
    }
}
