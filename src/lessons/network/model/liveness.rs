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

use super::msg::{Msg, MsgKind, NONE};
use super::wire::{Notable, Wire};
use crate::sim::ids::NodeId;
use crate::sim::links::Links;
use crate::sim::roles::{Relay, policy};
use crate::sim::time::{Micros, to_ms};
use crate::sim::topology::Topology;
use crate::sim::up::Up;

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

    /// `n` stopped at `now`: a failure for everyone who should know to detect.
    pub fn crash(&mut self, n: u32, now: Micros) {
        self.detections.retain(|d| d.open);
        self.detections.push(Detection {
            node: n,
            crashed: now,
            open: true,
        });
    }

    /// `n` started again at `now`, giving every neighbour a fresh timeout.
    pub fn recover(&mut self, topo: &Topology, n: u32, now: Micros) {
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
    pub fn refresh_reachability(&mut self, topo: &Topology, up: &Up, links: &Links) {
        self.reachable = topo.working_part(|n| up.is_down(n as u32), |l| links.is_cut(l));
        self.live_participants = topo
            .participants
            .iter()
            .filter(|p| !up.is_down(p.0))
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

    /// Recomputes `node`'s route; the new one, if it changed.
    pub fn reroute(&mut self, topo: &Topology, node: u32) -> Option<Route> {
        let new = self.route(topo, node);
        (new != self.routes[node as usize]).then(|| {
            self.routes[node as usize] = new;
            new
        })
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

/// What a heartbeat showed about the neighbour that sent it.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Beat {
    /// It restarted since its last heartbeat: what it missed went in the last timeout.
    pub restarted: bool,
    /// The orderers it hears changed: routes may change.
    pub hears_other_orderers: bool,
}

impl Liveness {
    /// `node`'s heartbeat timer: a heartbeat (carrying what it hears and its oscillator's
    /// `reading`) to each neighbour, and suspicion of those silent for `timeout`. Whether it
    /// suspects anyone new (then its route may change).
    pub fn on_heartbeat_timer(
        &mut self,
        w: &mut Wire,
        topo: &Topology,
        node: u32,
        reading: i64,
        timeout: Micros,
    ) -> bool {
        let me = NodeId(node);
        let base = topo.adj_offset(me);
        let mask = self.hears(topo, node);
        let mut changed = false;
        for (k, &(m, _)) in topo.neighbours(me).iter().enumerate() {
            let slot = base + k;
            w.send(node, slot, MsgKind::Heartbeat, mask, reading);
            let v = &mut self.slots[slot];
            if !v.suspected && w.now.saturating_sub(v.last_heard) > timeout {
                v.suspected = true;
                self.any_suspected = true;
                changed = true;
                self.learn(w, topo, node, m, w.now, true, None);
            }
        }
        changed
    }

    /// `node` heard from neighbour `from` (any message is a sign of life); `slot` is `node`'s
    /// slot of their link. When it had suspected it: since when the neighbour may have missed
    /// things (its route may change, and it catches the neighbour up).
    #[inline]
    pub fn heard(
        &mut self,
        w: &mut Wire,
        topo: &Topology,
        node: u32,
        from: u32,
        slot: usize,
        timeout: Micros,
    ) -> Option<Micros> {
        let v = &mut self.slots[slot];
        let before = v.last_heard;
        v.last_heard = w.now;
        if !v.suspected {
            return None;
        }
        v.suspected = false;
        self.learn(w, topo, node, from, w.now, false, None);
        Some(before.saturating_sub(timeout))
    }

    /// A heartbeat reached `m.to`: what it showed.
    pub fn on_heartbeat(&mut self, m: &Msg) -> Beat {
        let v = &mut self.slots[m.slot as usize];
        let beat = Beat {
            restarted: v.life != m.c,
            hears_other_orderers: v.mask != m.a,
        };
        v.life = m.c;
        v.mask = m.a;
        beat
    }

    /// `node` hears that `subject` is down (or up), as detected at `stamp`. Newer news replaces
    /// older and is passed on; old news stops here. `from` is the neighbour it came from
    /// (`None` when `node` detected it itself).
    #[allow(clippy::too_many_arguments)]
    pub fn learn(
        &mut self,
        w: &mut Wire,
        topo: &Topology,
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
            && topo
                .slot_between(NodeId(node), NodeId(subject))
                .is_some_and(|s| !self.suspects(s))
        {
            return;
        }
        let v = &mut self.views[node as usize];
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
            self.check_detection(w, topo, subject);
        }
        let kind = if down { MsgKind::Down } else { MsgKind::Up };
        let relays = policy(topo.role(NodeId(node))).relay != Relay::No;
        if from.is_some() && !relays {
            return;
        }
        let base = topo.adj_offset(NodeId(node));
        for (k, &(m, _)) in topo.neighbours(NodeId(node)).iter().enumerate() {
            if Some(m) == from || self.suspects(base + k) {
                continue;
            }
            if from.is_some() {
                w.relay(node, base + k, kind, subject, stamp as i64, NONE);
            } else {
                w.send(node, base + k, kind, subject, stamp as i64);
            }
        }
    }

    fn check_detection(&mut self, w: &mut Wire, topo: &Topology, subject: u32) {
        let live = &*self;
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
        let watchers_know = topo
            .neighbours(NodeId(subject))
            .iter()
            .all(|&(m, _)| w.up.is_down(m) || knows(m));
        let participants_know = topo
            .participants
            .iter()
            .all(|p| p.0 == subject || !live.reachable[p.index()] || knows(p.0));
        if watchers_know && participants_know {
            self.detections[d].open = false;
            self.detect_sum += to_ms(w.now - crashed);
            self.detect_count += 1;
            w.note(Notable::Detected {
                node: subject,
                after: w.now - crashed,
            });
        }
    }
}
