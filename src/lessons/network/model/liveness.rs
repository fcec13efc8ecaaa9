//! Who is alive, as each node sees it, and as it is.
//!
//! * Every node sends a heartbeat to each neighbour every `heartbeat_ms` and suspects a
//!   neighbour that stays silent for `timeout_ms`. Any message counts as a sign of life.
//! * News that a node is down (or back) is passed on by every node that passes things on;
//!   news carries the time it was detected, and later news wins.
//! * Routes: a node that passes updates along routes heads for the first node in line to
//!   order updates ([`Topology::orderers`]) that it can reach — directly, or through a
//!   neighbour whose heartbeats say it hears that node. So a server whose link to the main
//!   server is cut reaches it through the server mesh, and when the main server is gone the
//!   next in line takes over. A client's route is its one server.
//! * As it is: [`Topology::working_part`] decides who is cut off, from who is down and which
//!   links are cut.

use super::engine::{Engine, Notable};
use super::msg::{MsgKind, NONE, Timer};
use super::wire::Network;
use crate::sim::ids::NodeId;
use crate::sim::roles::{Relay, TimeSource, policy};
use crate::sim::time::{Micros, from_ms, to_ms};
use crate::sim::topology::Topology;

/// Per node state read on every delivery.
#[derive(Copy, Clone, Debug, Default)]
pub struct NodeState {
    /// Stopped.
    pub down: bool,
    /// Incarnation; timers of an older one are ignored.
    pub life: u32,
    /// Last crash time + 1 (0 = never crashed), to drop messages sent before a restart.
    pub crashed: Micros,
}

/// What a node knows of the neighbour at one of its slots.
#[derive(Copy, Clone, Debug, Default)]
struct SlotView {
    /// When it last heard from it.
    last_heard: Micros,
    /// Whether it suspects it is down.
    suspected: bool,
    /// The orderers the neighbour said (in its last heartbeat) it hears directly.
    mask: u32,
    /// The neighbour's incarnation, from its last heartbeat.
    life: u32,
}

/// Where a node sends what it passes up toward the node that orders updates.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// The orderer it heads for ([`NONE`]: none it can reach; for a client: unknown).
    pub authority: u32,
    /// Its slot of the first link on the way ([`NONE`]: no way).
    pub next: u32,
    /// Set when the first hop is a relay: the node the message is finally for.
    pub dest: u32,
}

impl Route {
    const NONE: Route = Route {
        authority: NONE,
        next: NONE,
        dest: NONE,
    };
}

/// A failure waiting to be detected by everyone who should know.
#[derive(Clone, Debug)]
struct Detection {
    node: u32,
    crashed: Micros,
    open: bool,
}

/// Liveness state of one run.
#[derive(Clone)]
pub struct Liveness {
    /// Per node.
    pub nodes: Vec<NodeState>,
    /// One bit per node: down (read on every delivery, so kept small enough for the cache).
    down: Vec<u64>,
    /// Whether any node ever crashed (until then, arrivals skip the restart check).
    pub any_crash: bool,
    /// Per slot.
    slots: Vec<SlotView>,
    /// Whether any node ever suspected a neighbour (until then, sends skip the check).
    any_suspected: bool,
    /// Per node, what it has heard of other nodes: (node, stamp, down), sorted by node.
    views: Vec<Vec<(u32, Micros, bool)>>,
    detections: Vec<Detection>,
    /// Per node: its route toward the orderer.
    pub routes: Vec<Route>,
    /// Per node: in the working part of the network.
    pub reachable: Vec<bool>,
    /// Participants in the working part.
    pub reach_count: u32,
    /// Participants up.
    pub live_participants: u32,
    /// The worst single failure of the intact network (fraction cut off, node).
    pub worst: (f64, Option<NodeId>),
    /// Sum and count of detection delays, ms.
    pub detect_sum: f64,
    /// Failures fully detected.
    pub detect_count: u32,
}

impl Liveness {
    /// Everyone up, nobody suspected.
    pub fn new(topo: &Topology) -> Liveness {
        let n = topo.len();
        Liveness {
            nodes: vec![NodeState::default(); n],
            down: vec![0; n.div_ceil(64)],
            any_crash: false,
            slots: vec![SlotView::default(); topo.adj_len()],
            any_suspected: false,
            views: vec![Vec::new(); n],
            detections: Vec::new(),
            routes: vec![Route::NONE; n],
            reachable: vec![true; n],
            reach_count: 0,
            live_participants: 0,
            worst: topo.worst_single_failure(),
            detect_sum: 0.0,
            detect_count: 0,
        }
    }

    /// Whether node `n` is down.
    #[inline]
    pub fn is_down(&self, n: u32) -> bool {
        self.down[n as usize / 64] & (1 << (n % 64)) != 0
    }

    /// Whether the node owning `slot` suspects the neighbour at its other end.
    #[inline]
    pub fn suspects(&self, slot: usize) -> bool {
        self.any_suspected && self.slots[slot].suspected
    }

    /// Nodes `n` currently believes down.
    pub fn believes_down(&self, n: u32) -> u32 {
        self.views[n as usize].iter().filter(|v| v.2).count() as u32
    }

    fn view_of(&self, node: u32, subject: u32) -> Option<(Micros, bool)> {
        let v = &self.views[node as usize];
        v.binary_search_by_key(&subject, |e| e.0)
            .ok()
            .map(|i| (v[i].1, v[i].2))
    }

    /// `n` stops at `now`.
    pub fn crash(&mut self, n: u32, now: Micros) {
        let s = &mut self.nodes[n as usize];
        s.down = true;
        s.crashed = now + 1;
        s.life += 1;
        self.down[n as usize / 64] |= 1 << (n % 64);
        self.any_crash = true;
        self.detections.retain(|d| d.open);
        self.detections.push(Detection {
            node: n,
            crashed: now,
            open: true,
        });
    }

    /// `n` starts again at `now`, giving every neighbour a fresh timeout.
    pub fn recover(&mut self, topo: &Topology, n: u32, now: Micros) {
        let s = &mut self.nodes[n as usize];
        s.down = false;
        s.life += 1;
        self.down[n as usize / 64] &= !(1 << (n % 64));
        for d in &mut self.detections {
            if d.node == n {
                d.open = false;
            }
        }
        let base = topo.adj_offset(NodeId(n));
        for v in &mut self.slots[base..base + topo.neighbours(NodeId(n)).len()] {
            v.last_heard = now;
            v.suspected = false;
        }
    }

    /// Recomputes who is in the working part.
    pub fn refresh_reachability(&mut self, topo: &Topology, net: &Network) {
        self.reachable = topo.working_part(|n| self.nodes[n].down, |l| net.links.is_cut(l));
        self.live_participants = topo
            .participants
            .iter()
            .filter(|p| !self.nodes[p.index()].down)
            .count() as u32;
        self.reach_count = topo
            .participants
            .iter()
            .filter(|p| self.reachable[p.index()])
            .count() as u32;
    }

    /// The orderers `node` hears directly (itself included), one bit per place in line.
    fn hears(&self, topo: &Topology, node: u32) -> u32 {
        let me = NodeId(node);
        let mut mask = topo.orderer_rank(me).map_or(0, |r| 1u32 << r);
        let base = topo.adj_offset(me);
        for (k, &(m, _)) in topo.neighbours(me)[..topo.route_neighbours(me)]
            .iter()
            .enumerate()
        {
            if let Some(r) = topo.orderer_rank(NodeId(m))
                && !self.suspects(base + k)
            {
                mask |= 1 << r;
            }
        }
        mask
    }

    /// The route `node` would take now.
    fn route(&self, topo: &Topology, node: u32) -> Route {
        let me = NodeId(node);
        let base = topo.adj_offset(me);
        match policy(topo.role(me)).relay {
            Relay::Gossip => Route::NONE,
            // A client has one link: its server.
            Relay::No => match topo.neighbours(me).first() {
                Some(_) if !self.suspects(base) => Route {
                    authority: NONE,
                    next: base as u32,
                    dest: NONE,
                },
                _ => Route::NONE,
            },
            Relay::Route => {
                let routers = topo.route_neighbours(me);
                for (rank, &o) in topo.orderers.iter().enumerate() {
                    if o == me {
                        return Route {
                            authority: node,
                            next: NONE,
                            dest: NONE,
                        };
                    }
                    if let Some(slot) = topo.slot_between(me, o)
                        && !self.suspects(slot)
                    {
                        return Route {
                            authority: o.0,
                            next: slot as u32,
                            dest: NONE,
                        };
                    }
                    let via = (base..base + routers)
                        .find(|&s| !self.suspects(s) && self.slots[s].mask & (1 << rank) != 0);
                    if let Some(slot) = via {
                        return Route {
                            authority: o.0,
                            next: slot as u32,
                            dest: o.0,
                        };
                    }
                }
                Route::NONE
            }
        }
    }

    /// A slot of `node` by which it can reach `target` (a node in line to order): directly,
    /// or through a neighbour that hears it. `(slot, dest)`, `dest` set for a detour.
    pub fn way_to(&self, topo: &Topology, node: u32, target: u32) -> Option<(usize, u32)> {
        let me = NodeId(node);
        if let Some(slot) = topo.slot_between(me, NodeId(target))
            && !self.suspects(slot)
        {
            return Some((slot, NONE));
        }
        let rank = topo.orderer_rank(NodeId(target))?;
        let base = topo.adj_offset(me);
        (base..base + topo.route_neighbours(me))
            .find(|&s| {
                topo.slot(s).0 != target
                    && !self.suspects(s)
                    && self.slots[s].mask & (1 << rank) != 0
            })
            .map(|s| (s, target))
    }
}

impl Engine {
    /// Recomputes `node`'s route; when it changes, what `node` still waits to see ordered is
    /// sent again along the new one — or, if `node` now orders updates itself, ordered.
    pub(super) fn reroute(&mut self, node: u32) {
        let new = self.live.route(&self.topo, node);
        if new != self.live.routes[node as usize] {
            self.live.routes[node as usize] = new;
            if new.authority == node {
                self.order_pending(node);
            } else if new.next != NONE {
                self.resend_pending(node);
            }
        }
    }

    pub(super) fn on_heartbeat_timer(&mut self, node: u32) {
        let topo = std::sync::Arc::clone(&self.topo);
        let timeout = from_ms(self.cfg.timeout_ms.into());
        let me = NodeId(node);
        let base = topo.adj_offset(me);
        let mask = self.live.hears(&topo, node);
        let reading = self.clocks.clocks[node as usize].raw(self.now);
        let mut changed = false;
        for (k, &(m, _)) in topo.neighbours(me).iter().enumerate() {
            let slot = base + k;
            self.send(node, slot, MsgKind::Heartbeat, mask, reading);
            let v = &mut self.live.slots[slot];
            if !v.suspected && self.now.saturating_sub(v.last_heard) > timeout {
                v.suspected = true;
                self.live.any_suspected = true;
                changed = true;
                self.learn(node, m, self.now, true, None);
            }
        }
        if changed {
            self.reroute(node);
        }
        self.set_timer(
            node,
            Timer::Heartbeat,
            from_ms(self.cfg.heartbeat_ms.into()),
        );
    }

    /// `node` heard from neighbour `from`; `slot` is `node`'s slot of their link.
    #[inline]
    pub(super) fn heard(&mut self, node: u32, from: u32, slot: usize) {
        let v = &mut self.live.slots[slot];
        let before = v.last_heard;
        v.last_heard = self.now;
        if v.suspected {
            v.suspected = false;
            self.learn(node, from, self.now, false, None);
            self.reroute(node);
            let timeout = from_ms(self.cfg.timeout_ms.into());
            self.catch_up(node, slot, before.saturating_sub(timeout));
        }
    }

    pub(super) fn on_heartbeat(&mut self, m: &super::msg::Msg) {
        let node = m.to;
        let slot = m.slot as usize;
        let v = &mut self.live.slots[slot];
        let restarted = v.life != m.c;
        let mask_changed = v.mask != m.a;
        v.life = m.c;
        v.mask = m.a;
        if restarted {
            // The neighbour restarted (faster than anyone could notice): whatever it missed
            // while it was down went in the last timeout.
            let silence =
                from_ms(u64::from(self.cfg.timeout_ms) + u64::from(self.cfg.heartbeat_ms));
            self.catch_up(node, slot, self.now.saturating_sub(silence));
        }
        if mask_changed {
            self.reroute(node);
        }
        if policy(self.topo.role(NodeId(node))).time == TimeSource::NeighbourMedian {
            let own = self.clocks.clocks[node as usize].raw(self.now);
            self.clocks.sample(slot, m.b - own);
        }
    }

    /// `node` hears that `subject` is down (or up), as detected at `stamp`. Newer news replaces
    /// older and is passed on; old news stops here. `from` is the neighbour it came from
    /// (`None` when `node` detected it itself).
    pub(super) fn learn(
        &mut self,
        node: u32,
        subject: u32,
        stamp: Micros,
        down: bool,
        from: Option<u32>,
    ) {
        if subject == node {
            return;
        }
        // News that a neighbour is down, while this node hears it fine, is about a link (the
        // teller's), not the neighbour: it stops here.
        if down
            && from.is_some()
            && self
                .topo
                .slot_between(NodeId(node), NodeId(subject))
                .is_some_and(|s| !self.live.suspects(s))
        {
            return;
        }
        let v = &mut self.live.views[node as usize];
        match v.binary_search_by_key(&subject, |e| e.0) {
            Ok(i) => {
                if v[i].1 >= stamp {
                    return;
                }
                v[i] = (subject, stamp, down);
            }
            Err(i) => {
                if !down {
                    return; // everyone starts up: news that a node is up changes nothing
                }
                v.insert(i, (subject, stamp, down));
            }
        }
        if down {
            self.check_detection(subject);
        }
        let kind = if down { MsgKind::Down } else { MsgKind::Up };
        let relays = policy(self.topo.role(NodeId(node))).relay != Relay::No;
        if from.is_some() && !relays {
            return;
        }
        let topo = std::sync::Arc::clone(&self.topo);
        let base = topo.adj_offset(NodeId(node));
        for (k, &(m, _)) in topo.neighbours(NodeId(node)).iter().enumerate() {
            if Some(m) == from || self.live.suspects(base + k) {
                continue;
            }
            if from.is_some() {
                self.relay(node, base + k, kind, subject, stamp as i64, NONE);
            } else {
                self.send(node, base + k, kind, subject, stamp as i64);
            }
        }
    }

    fn check_detection(&mut self, subject: u32) {
        let live = &self.live;
        let Some(d) = live
            .detections
            .iter()
            .position(|d| d.open && d.node == subject)
        else {
            return;
        };
        let crashed = live.detections[d].crashed;
        let knows = |n: u32| {
            live.view_of(n, subject)
                .is_some_and(|(stamp, down)| down && stamp >= crashed)
        };
        let topo = &self.topo;
        let watchers_know = topo
            .neighbours(NodeId(subject))
            .iter()
            .all(|&(m, _)| live.nodes[m as usize].down || knows(m));
        let participants_know = topo
            .participants
            .iter()
            .all(|p| p.0 == subject || !live.reachable[p.index()] || knows(p.0));
        if watchers_know && participants_know {
            self.live.detections[d].open = false;
            self.live.detect_sum += to_ms(self.now - crashed);
            self.live.detect_count += 1;
            self.note(Notable::Detected {
                node: subject,
                after: self.now - crashed,
            });
        }
    }
}
