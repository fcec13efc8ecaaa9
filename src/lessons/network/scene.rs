//! Engine state → a display list of shapes in canvas pixels. Pure: no web types, so it is tested
//! natively; the painter only draws what this produces.

use super::model::{Engine, MsgKind};
use crate::sim::small::clamp;
use crate::sim::topology::RING;
use crate::sim::{NodeId, Role};

/// How a node is drawn.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum NodeState {
    /// Up and connected to the majority.
    Up,
    /// Up, but cut off from the majority.
    CutOff,
    /// Failed.
    Down,
}

/// How a link is drawn.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum LinkState {
    /// Both ends up, link intact.
    Live,
    /// One end is down: nothing can cross.
    Dead,
    /// Cut by a fault.
    Cut,
}

/// What a moving dot carries.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum DotKind {
    /// A data update.
    Update,
    /// A peer announcing or asking for an update (no data yet).
    Announce,
    /// A heartbeat.
    Heartbeat,
    /// News that a node is down or up.
    Notice,
    /// A clock request or answer.
    Clock,
}

/// A node to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeShape {
    /// Engine id.
    pub id: u32,
    /// Centre, px.
    pub x: f64,
    /// Centre, px.
    pub y: f64,
    /// Radius, px.
    pub r: f64,
    /// Role (decides shape and colour).
    pub role: Role,
    /// State (decides fill and marks).
    pub state: NodeState,
}

/// A link to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkShape {
    /// Start, px.
    pub x1: f64,
    /// Start, px.
    pub y1: f64,
    /// End, px.
    pub x2: f64,
    /// End, px.
    pub y2: f64,
    /// State.
    pub state: LinkState,
}

/// A message in flight, at its interpolated position.
#[derive(Clone, Debug, PartialEq)]
pub struct Dot {
    /// Position, px.
    pub x: f64,
    /// Position, px.
    pub y: f64,
    /// What it carries.
    pub kind: DotKind,
}

/// One panel's display list. Reused frame to frame (`update` keeps the allocations).
#[derive(Clone, Debug, Default)]
pub struct Scene {
    /// Canvas width, CSS px.
    pub width: f64,
    /// Canvas height, CSS px.
    pub height: f64,
    /// Links, drawn first.
    pub links: Vec<LinkShape>,
    /// Message dots, drawn over links.
    pub dots: Vec<Dot>,
    /// Nodes, drawn last.
    pub nodes: Vec<NodeShape>,
    /// Messages in flight (dots drawn may be fewer, see `max_dots`).
    pub in_flight: usize,
    /// Too many participants to draw one by one (see [`MIN_RING_PX`]): they are drawn as
    /// `arcs` of the ring, a server's clients as a `fan`, links only where something is wrong.
    pub dense: bool,
    /// In a dense drawing: runs of neighbouring participants in the same state.
    pub arcs: Vec<RingArc>,
    /// In a dense drawing: each server's share of the ring, and how many it serves.
    pub fans: Vec<Fan>,
    /// The ring of participants: centre and radius, px.
    pub ring: (f64, f64, f64),
}

/// A run of neighbouring participants in the same state, drawn as a piece of the ring.
#[derive(Clone, Debug, PartialEq)]
pub struct RingArc {
    /// From and to, radians (canvas angles: clockwise from the x axis).
    pub from: f64,
    /// See `from`.
    pub to: f64,
    /// Their role.
    pub role: Role,
    /// Their state.
    pub state: NodeState,
    /// How many.
    pub count: usize,
}

/// A node's share of the ring in a dense drawing: the participants it serves (or, for
/// peer-to-peer, all of them), with their count.
#[derive(Clone, Debug, PartialEq)]
pub struct Fan {
    /// The serving node's centre, px (the ring's centre for peers).
    pub x: f64,
    /// See `x`.
    pub y: f64,
    /// From and to on the ring, radians.
    pub from: f64,
    /// See `from`.
    pub to: f64,
    /// Participants in it.
    pub count: usize,
    /// Of them, up and connected.
    pub up: usize,
}

/// Below this many pixels of ring per participant, participants are drawn as arcs: single
/// nodes and their links would merge into a grey disc.
pub const MIN_RING_PX: f64 = 2.5;

/// The participant radius for `n` participants on a circle in a square of side `side`.
pub fn participant_radius(n: usize, side: f64) -> f64 {
    let circumference = std::f64::consts::TAU * f64::from(RING) * side;
    clamp(circumference / n.max(1) as f64 * 0.34, 1.5, side / 40.0).max(1.5)
}

impl Scene {
    /// Redraws the list for `engine` at its current time in a `width` × `height` canvas,
    /// drawing at most `max_dots` messages (evenly sampled) so huge floods stay cheap.
    pub fn update(&mut self, engine: &Engine, width: f64, height: f64, max_dots: usize) {
        self.width = width;
        self.height = height;
        let topo = engine.topology();
        let pad = 14.0;
        let side = (width.min(height) - 2.0 * pad).max(10.0);
        let ox = (width - side) / 2.0;
        let oy = (height - side) / 2.0;
        let pos = |n: NodeId| {
            let info = &topo.nodes[n.index()];
            (ox + f64::from(info.x) * side, oy + f64::from(info.y) * side)
        };
        let pr = participant_radius(topo.participants.len(), side);

        self.nodes.clear();
        for (i, info) in topo.nodes.iter().enumerate() {
            let id = NodeId(i as u32);
            let (x, y) = pos(id);
            let r = match info.role {
                Role::Server | Role::MainServer => clamp(side / 22.0, 7.0, 16.0),
                Role::FederatedServer => clamp(side / 30.0, 6.0, 12.0),
                Role::Client | Role::Peer => pr,
            };
            let state = if !engine.is_up(id) {
                NodeState::Down
            } else if info.role.is_participant() && !engine.is_reachable(id) {
                NodeState::CutOff
            } else {
                NodeState::Up
            };
            self.nodes.push(NodeShape {
                id: i as u32,
                x,
                y,
                r,
                role: info.role,
                state,
            });
        }

        let ring = f64::from(RING) * side;
        self.ring = (ox + side / 2.0, oy + side / 2.0, ring);
        self.dense =
            std::f64::consts::TAU * ring / (topo.participants.len().max(1) as f64) < MIN_RING_PX;
        self.arcs.clear();
        self.fans.clear();
        if self.dense {
            self.group_ring(engine, ox + side / 2.0, oy + side / 2.0);
        }

        self.links.clear();
        for (l, &(a, b)) in topo.links.iter().enumerate() {
            let (x1, y1) = pos(a);
            let (x2, y2) = pos(b);
            let state = if engine.is_cut(l) {
                LinkState::Cut
            } else if !engine.is_up(a) || !engine.is_up(b) {
                LinkState::Dead
            } else {
                LinkState::Live
            };
            // Dense: the fans stand for the links to participants; what is wrong still shows.
            let to_participant = topo.role(a).is_participant() || topo.role(b).is_participant();
            if self.dense && to_participant && state == LinkState::Live {
                continue;
            }
            self.links.push(LinkShape {
                x1,
                y1,
                x2,
                y2,
                state,
            });
        }

        self.dots.clear();
        let now = engine.now();
        let total = engine.counters().in_flight as usize;
        self.in_flight = total;
        let stride = total.div_ceil(max_dots.max(1)).max(1);
        // No dots at all when none are wanted (reduced motion), not the first of a stride.
        let wanted = if max_dots == 0 { 0 } else { total };
        for (i, (at, m)) in engine.in_flight().take(wanted).enumerate() {
            if i % stride != 0 {
                continue;
            }
            let span = at.saturating_sub(m.sent).max(1) as f64;
            let t = clamp(now.saturating_sub(m.sent) as f64 / span, 0.0, 1.0);
            let (x1, y1) = pos(NodeId(m.from));
            let (x2, y2) = pos(NodeId(m.to));
            let kind = match m.kind {
                MsgKind::Update | MsgKind::Ordered | MsgKind::Data => DotKind::Update,
                MsgKind::Inv | MsgKind::GetData => DotKind::Announce,
                MsgKind::Heartbeat => DotKind::Heartbeat,
                MsgKind::Down | MsgKind::Up => DotKind::Notice,
                MsgKind::TimeRequest | MsgKind::TimeReply => DotKind::Clock,
            };
            self.dots.push(Dot {
                x: x1 + (x2 - x1) * t,
                y: y1 + (y2 - y1) * t,
                kind,
            });
        }
    }

    /// The arcs and fans of a dense drawing centred at (`cx`, `cy`): participants grouped by
    /// the node serving them (peers: one group), each group walked round the ring in order.
    fn group_ring(&mut self, engine: &Engine, cx: f64, cy: f64) {
        let topo = engine.topology();
        let mut groups: Vec<(u32, Vec<NodeId>)> = Vec::new();
        for &p in &topo.participants {
            let server = match topo.neighbours(p) {
                [(s, _)] if !topo.role(NodeId(*s)).is_participant() => *s,
                _ => u32::MAX,
            };
            match groups.iter_mut().find(|g| g.0 == server) {
                Some(g) => g.1.push(p),
                None => groups.push((server, vec![p])),
            }
        }
        let half = std::f64::consts::PI / topo.participants.len().max(1) as f64;
        for (server, members) in groups {
            let angle = |p: NodeId| f64::from(topo.nodes[p.index()].angle);
            let (from, to) = (
                angle(members[0]) - half,
                angle(members[members.len() - 1]) + half,
            );
            let (x, y) = if server == u32::MAX {
                (cx, cy)
            } else {
                let s = &self.nodes[server as usize];
                (s.x, s.y)
            };
            let state = |p: NodeId| self.nodes[p.index()].state;
            self.fans.push(Fan {
                x,
                y,
                from,
                to,
                count: members.len(),
                up: members
                    .iter()
                    .filter(|&&p| state(p) == NodeState::Up)
                    .count(),
            });
            let mut start = 0;
            for k in 1..=members.len() {
                if k == members.len() || state(members[k]) != state(members[start]) {
                    self.arcs.push(RingArc {
                        from: angle(members[start]) - half,
                        to: angle(members[k - 1]) + half,
                        role: topo.role(members[start]),
                        state: state(members[start]),
                        count: k - start,
                    });
                    start = k;
                }
            }
        }
    }

    /// A fingerprint of everything that does not move: size, node and link states. Painters
    /// keep the static layer while it is unchanged.
    pub fn static_key(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut mix = |x: u64| h = (h ^ x).wrapping_mul(0x0000_0100_0000_01B3);
        mix(self.width.to_bits());
        mix(self.height.to_bits());
        mix(self.nodes.len() as u64);
        mix(self.links.len() as u64);
        for n in &self.nodes {
            mix(n.state as u64);
        }
        for l in &self.links {
            mix(l.state as u64);
        }
        h
    }

    /// The node under (`x`, `y`), px: the nearest whose disc, grown to a 44 px target for
    /// fingers, contains the point.
    pub fn hit(&self, x: f64, y: f64) -> Option<u32> {
        let targets = self
            .nodes
            .iter()
            .map(|n| (n.id, n.x, n.y, (n.r + 6.0).max(22.0)));
        crate::shell::pointer::nearest(targets, x, y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::network::model::SimConfig;
    use crate::sim::{Arch, Fault, time::from_ms};

    fn engine(arch: Arch) -> Engine {
        let mut e = Engine::new(arch, &SimConfig::default()).unwrap();
        e.advance_to(from_ms(1_234));
        e
    }

    #[test]
    fn every_node_and_link_is_in_the_canvas() {
        for arch in Arch::ALL {
            let e = engine(arch);
            let mut s = Scene::default();
            s.update(&e, 400.0, 300.0, 10_000);
            assert_eq!(s.nodes.len(), e.topology().len());
            assert_eq!(s.links.len(), e.topology().links.len());
            assert_eq!(s.dots.len(), e.counters().in_flight as usize);
            assert!(!s.dots.is_empty());
            for n in &s.nodes {
                assert!(n.x - n.r >= 0.0 && n.x + n.r <= 400.0, "{n:?}");
                assert!(n.y - n.r >= 0.0 && n.y + n.r <= 300.0, "{n:?}");
            }
            for d in &s.dots {
                assert!((0.0..=400.0).contains(&d.x) && (0.0..=300.0).contains(&d.y));
            }
        }
    }

    #[test]
    fn dots_move_along_their_link() {
        let mut e = engine(Arch::ClientServer);
        let mut s = Scene::default();
        s.update(&e, 400.0, 400.0, 10_000);
        let before = s.dots.clone();
        e.advance_to(e.now() + 5_000);
        s.update(&e, 400.0, 400.0, 10_000);
        assert_ne!(before, s.dots);
    }

    #[test]
    fn server_down_marks_every_client_cut_off_and_links_dead() {
        let mut e = engine(Arch::ClientServer);
        e.apply(&Fault::Crash(NodeId(0)));
        let mut s = Scene::default();
        s.update(&e, 400.0, 400.0, 100);
        assert_eq!(s.nodes[0].state, NodeState::Down);
        assert!(s.nodes[1..].iter().all(|n| n.state == NodeState::CutOff));
        assert!(s.links.iter().all(|l| l.state == LinkState::Dead));
        assert!(s.dots.len() <= 100);
    }

    #[test]
    fn static_key_changes_with_state_not_with_time() {
        let mut e = engine(Arch::PeerToPeer);
        let mut s = Scene::default();
        s.update(&e, 400.0, 400.0, 100);
        let k = s.static_key();
        e.advance_to(e.now() + 50_000);
        s.update(&e, 400.0, 400.0, 100);
        assert_eq!(
            s.static_key(),
            k,
            "moving dots must not invalidate the static layer"
        );
        e.apply(&Fault::Crash(NodeId(3)));
        s.update(&e, 400.0, 400.0, 100);
        assert_ne!(s.static_key(), k);
        let k2 = s.static_key();
        s.update(&e, 401.0, 400.0, 100);
        assert_ne!(s.static_key(), k2);
    }

    #[test]
    fn no_dots_when_none_are_wanted() {
        let mut e = engine(Arch::PeerToPeer);
        e.advance_to(e.now() + 300_000);
        assert!(e.counters().in_flight > 0);
        let mut s = Scene::default();
        s.update(&e, 500.0, 500.0, 0);
        assert!(
            s.dots.is_empty(),
            "{} dots drawn for reduced motion",
            s.dots.len()
        );
        assert_eq!(s.in_flight, e.counters().in_flight as usize);
    }

    #[test]
    fn large_networks_draw_arcs_and_fans_with_only_the_links_that_matter() {
        let cfg = SimConfig {
            participants: 1_500,
            ..SimConfig::default()
        };
        for arch in Arch::ALL {
            let mut e = Engine::new(arch, &cfg).unwrap();
            e.advance_to(1_000_000);
            let mut s = Scene::default();
            s.update(&e, 400.0, 400.0, 100);
            assert!(s.dense, "{arch}");
            assert_eq!(
                s.arcs.iter().map(|a| a.count).sum::<usize>(),
                1_500,
                "{arch}"
            );
            assert_eq!(
                s.fans.iter().map(|f| f.count).sum::<usize>(),
                1_500,
                "{arch}"
            );
            let servers = s.nodes.iter().filter(|n| !n.role.is_participant()).count();
            assert_eq!(
                s.fans.len(),
                servers
                    .saturating_sub(usize::from(arch == Arch::Federated))
                    .max(1),
                "{arch}"
            );
            assert!(
                s.links
                    .iter()
                    .all(|l| l.state != LinkState::Live || arch == Arch::Federated),
                "{arch}"
            );
            // A failed participant shows as its own arc, its links as dead links.
            let victim = e.topology().participants[700];
            e.apply(&Fault::Crash(victim));
            s.update(&e, 400.0, 400.0, 100);
            assert!(
                s.arcs
                    .iter()
                    .any(|a| a.state == NodeState::Down && a.count == 1),
                "{arch}"
            );
            assert!(s.links.iter().any(|l| l.state == LinkState::Dead), "{arch}");
            // Picking still finds single nodes.
            let n = &s.nodes[victim.index()];
            assert_eq!(s.hit(n.x, n.y), Some(victim.0), "{arch}");
        }
        // A small network is drawn node by node.
        let e = Engine::new(Arch::PeerToPeer, &SimConfig::default()).unwrap();
        let mut s = Scene::default();
        s.update(&e, 400.0, 400.0, 100);
        assert!(!s.dense && s.arcs.is_empty());
    }

    #[test]
    fn hit_finds_the_node_under_the_pointer() {
        let e = engine(Arch::Federated);
        let mut s = Scene::default();
        s.update(&e, 500.0, 500.0, 0);
        for n in &s.nodes {
            assert_eq!(s.hit(n.x, n.y), Some(n.id));
        }
        assert_eq!(s.hit(1.0, 1.0), None);
    }
}
