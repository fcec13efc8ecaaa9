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

use std::sync::Arc;

use super::config::{SimConfig, Workload};
use super::engine::{Engine, Notable};
use super::liveness::Liveness;
use super::msg::{Event, Msg, MsgKind, NONE, Timer};
use crate::sim::ids::NodeId;
use crate::sim::roles::{OwnUpdate, Relay, policy};
use crate::sim::time::{MS, Micros, from_ms};
use crate::sim::topology::Topology;

/// Spacing of flood updates.
const FLOOD_SPACING: Micros = 100 * MS;

#[derive(Copy, Clone, Debug, Default)]
struct UpdateRec {
    created: Micros,
    origin: u32,
    /// Participants in the working part when it started (0 if its origin was cut off).
    target: u32,
    holders: u32,
    done: bool,
}

/// Something waiting in a node's relay batch.
#[derive(Copy, Clone, Debug)]
struct Out {
    slot: u32,
    kind: MsgKind,
    a: u32,
    b: i64,
    dest: u32,
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
    /// Per node: what it will pass on when its relay timer fires.
    batches: Vec<Vec<Out>>,
    armed: Vec<bool>,
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
            batches: vec![Vec::new(); n],
            armed: vec![false; n],
            refetch: cfg.workload == Workload::Default || cfg.loss > 0.0 || !cfg.faults.is_empty(),
            refetch_after: from_ms(2 * u64::from(cfg.latency_max_ms)) + MS,
        }
    }

    /// A crashed node loses what it was about to send and what it was asking for; it keeps
    /// the data it holds and the updates it waits to see ordered.
    pub fn crash(&mut self, n: u32) {
        let i = n as usize;
        self.batches[i].clear();
        self.armed[i] = false;
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
    pub(super) fn created_at(&self, uid: u32) -> Micros {
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
    fn known(&self, topo: &Topology, live: &Liveness) -> Vec<u64> {
        let mut known = vec![0u64; self.words];
        for &p in &topo.participants {
            if !live.nodes[p.index()].down {
                for (k, m) in known.iter_mut().zip(self.held(p.index())) {
                    *k |= m;
                }
            }
        }
        known
    }

    /// Updates some live participant holds that participant `n` lacks.
    pub fn missing(&self, topo: &Topology, live: &Liveness, n: u32) -> u32 {
        let known = self.known(topo, live);
        known
            .iter()
            .zip(self.held(n as usize))
            .map(|(k, m)| (k & !m).count_ones())
            .sum()
    }

    /// Live participants missing something another live participant holds: (fraction, count).
    pub fn stale(&self, topo: &Topology, live: &Liveness) -> (f64, u32) {
        let known = self.known(topo, live);
        let mut alive = 0u32;
        let mut stale = 0u32;
        for &p in &topo.participants {
            if live.nodes[p.index()].down {
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

impl Engine {
    pub(super) fn update_gap(&mut self) -> Micros {
        let mean = 1e6 / self.cfg.update_rate;
        (mean * (0.5 + self.work_rng.unit())) as Micros
    }

    pub(super) fn on_next_update(&mut self) {
        let flood = self.cfg.workload == Workload::Flood;
        let participants = self.topo.participants.len() as u32;
        let origin = self.topo.participants[self.work_rng.below(participants) as usize].0;
        self.store.started += 1;
        let more = self.cfg.updates == 0 || self.store.started < self.cfg.updates;
        if more {
            let gap = if flood {
                FLOOD_SPACING
            } else {
                self.update_gap()
            };
            self.queue.push(self.now + gap, Event::NextUpdate);
        }
        if self.live.nodes[origin as usize].down {
            return;
        }
        self.originate(origin);
    }

    /// `origin` starts an update: it holds it, and sends it up or announces it.
    fn originate(&mut self, origin: u32) {
        let uid = self.new_update(origin);
        self.hold(origin, uid);
        let pol = policy(self.topo.role(NodeId(origin)));
        if pol.own_update == OwnUpdate::AtOnce {
            self.apply_update(origin, uid);
        }
        match pol.relay {
            Relay::Gossip => {
                let topo = Arc::clone(&self.topo);
                let base = topo.adj_offset(NodeId(origin));
                for k in 0..topo.neighbours(NodeId(origin)).len() {
                    if !self.live.suspects(base + k) {
                        self.send(origin, base + k, MsgKind::Inv, uid, 0);
                    }
                }
            }
            Relay::No | Relay::Route => {
                self.store.pending[origin as usize].push(uid);
                let r = self.live.routes[origin as usize];
                if r.next != NONE {
                    self.send_to(origin, r.next as usize, MsgKind::Update, uid, 0, r.dest);
                }
            }
        }
    }

    fn new_update(&mut self, origin: u32) -> u32 {
        let s = &mut self.store;
        let uid = s.next_uid;
        s.next_uid += 1;
        self.net.counters.updates_created += 1;
        let slot = s.slot(uid);
        if uid as usize >= s.recs.len() {
            // Forget the update that used this slot.
            let (w, bit) = (slot / 64, 1u64 << (slot % 64));
            for row in 0..2 * self.topo.len() {
                s.bits[row * s.words + w] &= !bit;
            }
        }
        s.pair_fwd[slot] = 0;
        s.pair_rev[slot] = 0;
        let target = if self.live.reachable[origin as usize] {
            self.live.reach_count
        } else {
            0
        };
        s.recs[slot] = UpdateRec {
            created: self.now,
            origin,
            target,
            holders: 0,
            done: target == 0,
        };
        let others = self.live.live_participants.saturating_sub(1);
        self.meas.expect(self.now, others);
        uid
    }

    /// `node` now holds `uid`.
    fn hold(&mut self, node: u32, uid: u32) {
        let s = &mut self.store;
        let slot = s.slot(uid);
        s.set(node, 0, uid);
        if !self.topo.role(NodeId(node)).is_participant() {
            return;
        }
        let rec = &mut s.recs[slot];
        if node != rec.origin {
            self.meas.delivered(rec.created, self.now - rec.created);
        }
        rec.holders += 1;
        if !rec.done && rec.holders >= rec.target {
            rec.done = true;
            let (took, origin) = (self.now - rec.created, rec.origin);
            self.meas.reached_all(took);
            if self.chatty {
                self.note(Notable::ReachedAll {
                    uid,
                    origin,
                    after: took,
                });
            }
        }
    }

    /// `node` applies `uid`, after the updates it applied before.
    fn apply_update(&mut self, node: u32, uid: u32) {
        let s = &mut self.store;
        if s.ordered {
            s.set(node, 1, uid);
        }
        if !self.topo.role(NodeId(node)).is_participant() {
            return;
        }
        // Order: each pair (u, u+1) is counted at a participant when it applies the second one.
        if uid > 0 && s.live_uid(uid - 1) && s.has_applied(node, uid - 1) {
            self.count_pair(uid - 1, true);
        }
        let s = &self.store;
        if s.live_uid(uid + 1) && s.has_applied(node, uid + 1) {
            self.count_pair(uid, false);
        }
    }

    /// A participant applied the pair (`first`, `first + 1`) in order (`forward`) or not.
    fn count_pair(&mut self, first: u32, forward: bool) {
        let s = &mut self.store;
        let slot = s.slot(first);
        let (f, r) = (s.pair_fwd[slot], s.pair_rev[slot]);
        let (nf, nr) = if forward { (f + 1, r) } else { (f, r + 1) };
        s.pair_fwd[slot] = nf;
        s.pair_rev[slot] = nr;
        let second = s.created_at(first + 1);
        // The pair counts once a second participant has applied both; it disagrees once both
        // orders have been seen.
        self.measure_pair(second, f + r == 1, (f == 0 || r == 0) && nf > 0 && nr > 0);
    }

    /// Passes something on: at once, or in the node's next batch (`relay_ms`).
    pub(super) fn relay(
        &mut self,
        node: u32,
        slot: usize,
        kind: MsgKind,
        a: u32,
        b: i64,
        dest: u32,
    ) {
        if kind.is_data() {
            // Passing on somebody else's update: this node routes for others.
            self.meas.routed(node, self.now);
        }
        if self.cfg.relay_ms == 0 {
            self.send_to(node, slot, kind, a, b, dest);
            return;
        }
        let i = node as usize;
        self.store.batches[i].push(Out {
            slot: slot as u32,
            kind,
            a,
            b,
            dest,
        });
        if !self.store.armed[i] {
            self.store.armed[i] = true;
            self.set_timer(node, Timer::Relay, from_ms(self.cfg.relay_ms.into()));
        }
    }

    pub(super) fn on_relay_timer(&mut self, node: u32) {
        let i = node as usize;
        self.store.armed[i] = false;
        let batch = std::mem::take(&mut self.store.batches[i]);
        for o in &batch {
            if !self.live.suspects(o.slot as usize) {
                self.send_to(node, o.slot as usize, o.kind, o.a, o.b, o.dest);
            }
        }
        // Keep the allocation for the next batch.
        if self.store.batches[i].is_empty() {
            let mut batch = batch;
            batch.clear();
            self.store.batches[i] = batch;
        }
    }

    /// A relay passes on a message meant for a node further on.
    pub(super) fn pass_detour(&mut self, m: &Msg, dest: u32) {
        if let Some(slot) = self.topo.slot_between(NodeId(m.to), NodeId(dest))
            && !self.live.suspects(slot)
        {
            self.relay(m.to, slot, m.kind, m.a, m.b, NONE);
        }
    }

    // ------------------------------------------------------------------ along routes

    /// An update on its way up reached `m.to`.
    pub(super) fn on_update(&mut self, m: &Msg) {
        let (node, uid) = (m.to, m.a);
        if !self.store.live_uid(uid) {
            return;
        }
        let back = m.slot as usize;
        if self.store.has_applied(node, uid) {
            // Already in order here: the sender asked again because it missed it coming down.
            self.send(node, back, MsgKind::Ordered, uid, 0);
            return;
        }
        let r = self.live.routes[node as usize];
        if r.authority == node {
            self.order(node, uid);
            return;
        }
        let pending = &mut self.store.pending[node as usize];
        if !pending.contains(&uid) {
            pending.push(uid);
        }
        if r.next != NONE {
            self.relay(node, r.next as usize, MsgKind::Update, uid, 0, r.dest);
        }
    }

    /// `node` orders `uid`: applies it and sends it down to everyone it links to.
    fn order(&mut self, node: u32, uid: u32) {
        self.apply_update(node, uid);
        let topo = Arc::clone(&self.topo);
        let me = NodeId(node);
        let base = topo.adj_offset(me);
        let routers = topo.route_neighbours(me);
        for (k, &(m, _)) in topo.neighbours(me).iter().enumerate() {
            if k < routers {
                if let Some((slot, dest)) = self.live.way_to(&topo, node, m) {
                    self.relay(node, slot, MsgKind::Ordered, uid, 0, dest);
                }
            } else if !self.live.suspects(base + k) {
                self.relay(node, base + k, MsgKind::Ordered, uid, 0, NONE);
            }
        }
    }

    /// An update in order reached `m.to`.
    pub(super) fn on_ordered(&mut self, m: &Msg) {
        let (node, uid) = (m.to, m.a);
        if !self.store.live_uid(uid) || self.store.has_applied(node, uid) {
            return;
        }
        let topo = Arc::clone(&self.topo);
        let me = NodeId(node);
        if topo.role(me).is_participant() {
            self.meas.source(m.slot as usize, self.now);
        }
        if !self.store.has(node, uid) {
            self.hold(node, uid);
        }
        self.apply_update(node, uid);
        self.store.pending[node as usize].retain(|&u| u != uid);
        // A server passes it down to the participants it serves.
        let base = topo.adj_offset(me);
        for k in topo.route_neighbours(me)..topo.neighbours(me).len() {
            if policy(topo.role(me)).relay == Relay::Route && !self.live.suspects(base + k) {
                self.relay(node, base + k, MsgKind::Ordered, uid, 0, NONE);
            }
        }
    }

    /// Sends again, along `node`'s current route, what it waits to see ordered.
    pub(super) fn resend_pending(&mut self, node: u32) {
        let r = self.live.routes[node as usize];
        if r.next == NONE || self.live.nodes[node as usize].down {
            return;
        }
        let mut pending = std::mem::take(&mut self.store.pending[node as usize]);
        pending.retain(|&u| self.store.live_uid(u));
        let passes_on = policy(self.topo.role(NodeId(node))).relay != Relay::No;
        for &uid in &pending {
            if passes_on {
                self.relay(node, r.next as usize, MsgKind::Update, uid, 0, r.dest);
            } else {
                self.send_to(node, r.next as usize, MsgKind::Update, uid, 0, r.dest);
            }
        }
        self.store.pending[node as usize] = pending;
    }

    /// `node` has taken over ordering: it orders what it was passing up.
    pub(super) fn order_pending(&mut self, node: u32) {
        let pending = std::mem::take(&mut self.store.pending[node as usize]);
        for uid in pending {
            if self.store.live_uid(uid) && !self.store.has_applied(node, uid) {
                self.order(node, uid);
            }
        }
    }

    /// `node` hears again from the neighbour at `slot` after a silence: it sends what the
    /// neighbour may have missed since `since` — ordered updates to a node below it on a
    /// route, announcements to a peer.
    pub(super) fn catch_up(&mut self, node: u32, slot: usize, since: Micros) {
        let me = NodeId(node);
        let (neighbour, _) = self.topo.slot(slot);
        let kind = match policy(self.topo.role(me)).relay {
            Relay::No => return,
            Relay::Gossip => MsgKind::Inv,
            Relay::Route => {
                let below = self.topo.role(NodeId(neighbour)).is_participant()
                    || self.live.routes[node as usize].authority == node;
                if !below {
                    return;
                }
                MsgKind::Ordered
            }
        };
        let s = &self.store;
        let first = s.next_uid.saturating_sub(s.recs.len() as u32);
        let send: Vec<u32> = (first..s.next_uid)
            .filter(|&u| s.created_at(u) >= since && s.has_applied(node, u))
            .collect();
        for uid in send {
            self.relay(node, slot, kind, uid, 0, NONE);
        }
    }

    // ------------------------------------------------------------------ among peers

    /// A neighbour announced an update: ask it for the data, unless already asked.
    pub(super) fn on_inv(&mut self, m: &Msg) {
        let (node, uid) = (m.to, m.a);
        let slot = m.slot as usize;
        let s = &mut self.store;
        if !s.live_uid(uid) || s.has(node, uid) {
            return;
        }
        if s.bit(node, 1, uid) {
            return; // asked already
        }
        s.set(node, 1, uid);
        self.send(node, slot, MsgKind::GetData, uid, 0);
        if self.store.refetch {
            let k = slot - self.topo.adj_offset(NodeId(node));
            self.set_timer(
                node,
                Timer::Refetch(uid, (k + 1) as u16, 1),
                self.store.refetch_after,
            );
        }
    }

    /// No answer within a round trip on the slowest link: ask the next neighbour, in turn,
    /// until every neighbour has been asked once.
    pub(super) fn on_refetch(&mut self, node: u32, uid: u32, next: u16, tries: u16) {
        if !self.store.live_uid(uid) || self.store.has(node, uid) {
            return;
        }
        let me = NodeId(node);
        let degree = self.topo.neighbours(me).len();
        if usize::from(tries) >= degree {
            return;
        }
        let slot = self.topo.adj_offset(me) + usize::from(next) % degree;
        if !self.live.suspects(slot) {
            self.send(node, slot, MsgKind::GetData, uid, 0);
        }
        self.set_timer(
            node,
            Timer::Refetch(uid, next.wrapping_add(1), tries + 1),
            self.store.refetch_after,
        );
    }

    /// A neighbour asked for an update.
    pub(super) fn on_getdata(&mut self, m: &Msg) {
        if self.store.live_uid(m.a) && self.store.has(m.to, m.a) {
            let back = m.slot as usize;
            self.send(m.to, back, MsgKind::Data, m.a, 0);
        }
    }

    /// The data of an update arrived.
    pub(super) fn on_data(&mut self, m: &Msg) {
        let (node, uid) = (m.to, m.a);
        let from_slot = m.slot as usize as u32;
        if !self.store.live_uid(uid) || self.store.has(node, uid) {
            return;
        }
        self.meas.source(from_slot as usize, self.now);
        self.hold(node, uid);
        self.apply_update(node, uid);
        // Announce it to every other neighbour.
        let topo = Arc::clone(&self.topo);
        let base = topo.adj_offset(NodeId(node));
        for k in 0..topo.neighbours(NodeId(node)).len() {
            let slot = (base + k) as u32;
            if slot != from_slot && !self.live.suspects(slot as usize) {
                self.relay(node, slot as usize, MsgKind::Inv, uid, 0, NONE);
            }
        }
    }

    /// Counts a message that carries, announces or asks for an update.
    pub(super) fn count_data_message(&mut self) {
        self.net.counters.update_messages += 1;
        self.meas.data_message(self.now);
    }
}
