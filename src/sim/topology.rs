//! The three network shapes, built from one config with the same number of participants, and
//! their deterministic drawing positions. Structure questions (who is an articulation point,
//! what one failure cuts off) are answered with petgraph's algorithms.

use petgraph::algo::articulation_points::articulation_points;
use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;
use std::f32::consts::{FRAC_PI_2, PI, TAU};

use super::error::ConfigError;
use super::ids::{Arch, NodeId, Role};
use super::rng::{SimRng, Stream};
use super::roles::{Ordering, Relay, policy};

/// What a topology is built from: the part of a config that shapes the network.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Seed of the peer-to-peer wiring.
    pub seed: u64,
    /// End nodes: clients, or peers.
    pub participants: u32,
    /// Federated servers.
    pub federated_servers: u32,
    /// Whether federated servers are linked to each other.
    pub federated_mesh: bool,
    /// Mean peer degree.
    pub degree: u32,
}

/// A node as drawn and labelled.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeInfo {
    /// What it does.
    pub role: Role,
    /// Stable label: role letter and index within the role (`S0`, `F2`, `C17`, `P5`).
    pub label: String,
    /// Drawing position in the unit square, x to the right.
    pub x: f32,
    /// Drawing position in the unit square, y downwards.
    pub y: f32,
    /// Where on the ring of participants it sits, radians (participants only; 0 otherwise).
    pub angle: f32,
}

/// One architecture's nodes and links. Nodes are never removed: a failed node is marked down by
/// the engine, so ids and link indices stay valid for the whole run.
#[derive(Clone, Debug)]
pub struct Topology {
    /// Which architecture this is.
    pub arch: Arch,
    /// All nodes, indexed by [`NodeId`].
    pub nodes: Vec<NodeInfo>,
    /// All links, `a < b`, indexed by link number.
    pub links: Vec<(NodeId, NodeId)>,
    /// CSR adjacency: neighbours of node `i` are `adj[adj_start[i]..adj_start[i + 1]]`.
    adj_start: Vec<u32>,
    /// `(neighbour, link index)` pairs. An entry's index is a *slot*: one direction of a link,
    /// seen from the node whose list it is in.
    adj: Vec<(u32, u32)>,
    /// For each slot, the slot of the same link seen from the other end.
    rev: Vec<u32>,
    /// Ids of the participants (clients or peers), in label order.
    pub participants: Vec<NodeId>,
    /// The nodes that may order updates, in the order they take over: the server; the main
    /// server, then (with the mesh) each federated server. Empty for peer-to-peer.
    pub orderers: Vec<NodeId>,
    /// Per node: how many of its first neighbours pass updates along routes (servers are
    /// listed before clients in every adjacency list).
    route_neighbours: Vec<u32>,
}

impl Topology {
    /// Builds `arch` from `cfg` (which must be valid).
    pub fn build(arch: Arch, cfg: &Shape) -> Result<Topology, ConfigError> {
        let n = cfg.participants;
        let mut nodes = Vec::new();
        let mut edges: Vec<(u32, u32)> = Vec::new();
        let mut push = |role: Role, index: u32, a: f32, r: f32| {
            let (x, y) = on_circle(r, a);
            nodes.push(NodeInfo {
                role,
                label: format!("{}{}", role.prefix(), index),
                x,
                y,
                angle: if role.is_participant() { a } else { 0.0 },
            });
        };
        match arch {
            Arch::ClientServer => {
                push(Role::Server, 0, 0.0, 0.0);
                for i in 0..n {
                    push(Role::Client, i, angle(i, n), RING);
                    edges.push((0, 1 + i));
                }
            }
            Arch::Federated => {
                let f = cfg.federated_servers.min(n);
                push(Role::MainServer, 0, 0.0, 0.0);
                for j in 0..f {
                    push(Role::FederatedServer, j, angle(j, f), 0.21);
                    edges.push((0, 1 + j));
                    if cfg.federated_mesh {
                        for k in 0..j {
                            edges.push((1 + k, 1 + j));
                        }
                    }
                }
                // Client i belongs to server i % f; each server's clients fan out in its sector.
                for i in 0..n {
                    let j = i % f;
                    let in_group = (n - j).div_ceil(f);
                    let k = i / f;
                    let sector = TAU / f as f32;
                    let a =
                        angle(j, f) - sector / 2.0 + sector * (k as f32 + 0.5) / in_group as f32;
                    push(Role::Client, i, a, RING);
                    edges.push((1 + j, 1 + f + i));
                }
            }
            Arch::PeerToPeer => {
                if cfg.degree >= n {
                    return Err(ConfigError::Inconsistent(format!(
                        "peer degree {} needs more than {} participants (degree must be below participants)",
                        cfg.degree, n
                    )));
                }
                for i in 0..n {
                    push(Role::Peer, i, angle(i, n), RING);
                }
                edges = peer_edges(n, cfg.degree, &mut SimRng::new(cfg.seed, Stream::Topology));
            }
        }
        for e in &mut edges {
            if e.0 > e.1 {
                *e = (e.1, e.0);
            }
        }
        Ok(Topology::from_parts(arch, nodes, &edges))
    }

    fn from_parts(arch: Arch, nodes: Vec<NodeInfo>, edges: &[(u32, u32)]) -> Topology {
        let count = nodes.len();
        let routes = |i: u32| policy(nodes[i as usize].role).relay == Relay::Route;
        // Each node's (neighbour, link) list, in link order; laid out servers first.
        let mut lists: Vec<Vec<(u32, u32)>> = vec![Vec::new(); count];
        for (l, &(a, b)) in edges.iter().enumerate() {
            lists[a as usize].push((b, l as u32));
            lists[b as usize].push((a, l as u32));
        }
        let mut adj_start = Vec::with_capacity(count + 1);
        let mut adj = Vec::with_capacity(edges.len() * 2);
        let mut route_neighbours = Vec::with_capacity(count);
        for list in &mut lists {
            adj_start.push(adj.len() as u32);
            let servers = list.iter().filter(|&&(m, _)| routes(m)).count();
            route_neighbours.push(servers as u32);
            adj.extend(list.iter().filter(|&&(m, _)| routes(m)));
            adj.extend(list.iter().filter(|&&(m, _)| !routes(m)));
        }
        adj_start.push(adj.len() as u32);
        let mut rev = vec![0u32; adj.len()];
        let mut first_slot = vec![u32::MAX; edges.len()];
        for (slot, &(_, l)) in adj.iter().enumerate() {
            let f = &mut first_slot[l as usize];
            if *f == u32::MAX {
                *f = slot as u32;
            } else {
                rev[slot] = *f;
                rev[*f as usize] = slot as u32;
            }
        }
        let participants = nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.role.is_participant())
            .map(|(i, _)| NodeId(i as u32))
            .collect();
        let mut topo = Topology {
            arch,
            nodes,
            links: edges.iter().map(|&(a, b)| (NodeId(a), NodeId(b))).collect(),
            adj_start,
            adj,
            rev,
            participants,
            orderers: Vec::new(),
            route_neighbours,
        };
        // First in line, then the standbys that are linked to another standby (a standby
        // with no link to the others could only ever order for itself).
        let ordering = |i: usize| policy(topo.nodes[i].role).ordering;
        let first = (0..count).filter(|&i| ordering(i) == Ordering::First);
        let standby = (0..count).filter(|&i| {
            ordering(i) == Ordering::Standby
                && topo
                    .neighbours(NodeId(i as u32))
                    .iter()
                    .any(|&(m, _)| ordering(m as usize) == Ordering::Standby)
        });
        topo.orderers = first.chain(standby).map(|i| NodeId(i as u32)).collect();
        topo
    }

    /// Position of `n` among the [`Topology::orderers`], if it is one.
    pub fn orderer_rank(&self, n: NodeId) -> Option<usize> {
        self.orderers.iter().position(|&o| o == n)
    }

    /// How many of `n`'s first neighbours pass updates along routes.
    #[inline]
    pub fn route_neighbours(&self, n: NodeId) -> usize {
        self.route_neighbours[n.index()] as usize
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when there are no nodes (never, for a built topology).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// `(neighbour, link index)` of every link at `n`.
    #[inline]
    pub fn neighbours(&self, n: NodeId) -> &[(u32, u32)] {
        let i = n.index();
        &self.adj[self.adj_start[i] as usize..self.adj_start[i + 1] as usize]
    }

    /// Where `n`'s neighbours start in the flat adjacency (for per-(node, neighbour) arrays).
    #[inline]
    pub fn adj_offset(&self, n: NodeId) -> usize {
        self.adj_start[n.index()] as usize
    }

    /// The links a partition cuts: those with one end in `side` and the other outside, and
    /// which nodes are in `side`.
    pub fn crossing(&self, side: &[NodeId]) -> (Vec<bool>, Vec<usize>) {
        let mut inside = vec![false; self.len()];
        for n in side {
            inside[n.index()] = true;
        }
        let links = (0..self.links.len())
            .filter(|&l| {
                let (a, b) = self.links[l];
                inside[a.index()] != inside[b.index()]
            })
            .collect();
        (inside, links)
    }

    /// Total slots (twice the links).
    pub fn adj_len(&self) -> usize {
        self.adj.len()
    }

    /// `(neighbour, link index)` of a slot.
    #[inline]
    pub fn slot(&self, slot: usize) -> (u32, u32) {
        self.adj[slot]
    }

    /// The slot of the same link seen from the other end.
    #[inline]
    pub fn reverse(&self, slot: usize) -> usize {
        self.rev[slot] as usize
    }

    /// The slot at `a` of its link to `b`, if they are linked.
    pub fn slot_between(&self, a: NodeId, b: NodeId) -> Option<usize> {
        let base = self.adj_offset(a);
        self.neighbours(a)
            .iter()
            .position(|&(m, _)| m == b.0)
            .map(|k| base + k)
    }

    /// The label of `n`.
    pub fn label(&self, n: NodeId) -> &str {
        &self.nodes[n.index()].label
    }

    /// The role of `n`.
    #[inline]
    pub fn role(&self, n: NodeId) -> Role {
        self.nodes[n.index()].role
    }

    /// The node with this label, if any (case-insensitive role letter).
    pub fn find(&self, label: &str) -> Option<NodeId> {
        let mut chars = label.chars();
        let prefix = chars.next()?.to_ascii_uppercase();
        let digits = chars.as_str();
        if digits.is_empty() || digits.len() > 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let index: usize = digits.parse().ok()?;
        // Roles occupy contiguous runs of ids, in build order.
        let first = self.nodes.iter().position(|n| n.role.prefix() == prefix)?;
        let id = first + index;
        (id < self.nodes.len() && self.nodes[id].role.prefix() == prefix)
            .then_some(NodeId(id as u32))
    }

    /// The link between `a` and `b`, if there is one.
    pub fn link_between(&self, a: NodeId, b: NodeId) -> Option<u32> {
        self.neighbours(a)
            .iter()
            .find(|&&(m, _)| m == b.0)
            .map(|&(_, l)| l)
    }

    /// The graph as petgraph sees it (node indices equal [`NodeId`]s).
    pub fn graph(&self) -> UnGraph<(), ()> {
        let mut g = UnGraph::with_capacity(self.nodes.len(), self.links.len());
        for _ in &self.nodes {
            g.add_node(());
        }
        for &(a, b) in &self.links {
            g.add_edge(NodeIndex::new(a.index()), NodeIndex::new(b.index()), ());
        }
        g
    }

    /// Which nodes can still work with the rest when the nodes in `down` are down and the
    /// links in `cut` are cut. One flag per node.
    ///
    /// Where updates are put in order (client-server, federated), "the rest" is the part that
    /// holds the node ordering them: each group of live nodes still connected to each other is
    /// ordered by the first of [`Topology::orderers`] inside it (that is how the standbys take
    /// over), and the working part is the ordered group with the most live participants (the
    /// earlier orderer on a tie). No live orderer, nobody works. Without an orderer
    /// (peer-to-peer), the working part is a group holding a strict majority of the live
    /// participants: a smaller group cannot agree on anything with the rest.
    pub fn working_part(
        &self,
        down: impl Fn(usize) -> bool,
        cut: impl Fn(usize) -> bool,
    ) -> Vec<bool> {
        let mut uf = UnionFind::<u32>::new(self.nodes.len());
        for (l, &(a, b)) in self.links.iter().enumerate() {
            if !cut(l) && !down(a.index()) && !down(b.index()) {
                uf.union(a.0, b.0);
            }
        }
        let mut count = vec![0u32; self.nodes.len()];
        let mut live = 0u32;
        for &p in &self.participants {
            if !down(p.index()) {
                live += 1;
                count[uf.find(p.0) as usize] += 1;
            }
        }
        let chosen = if self.orderers.is_empty() {
            // The group with a strict majority, if there is one.
            (0..self.nodes.len() as u32)
                .map(|i| uf.find(i))
                .find(|&g| count[g as usize] * 2 > live)
        } else {
            let mut best: Option<(u32, u32)> = None; // (group, participants)
            let mut seen = Vec::new();
            for &o in &self.orderers {
                if down(o.index()) {
                    continue;
                }
                let g = uf.find(o.0);
                if seen.contains(&g) {
                    continue; // an earlier orderer already orders this group
                }
                seen.push(g);
                if best.is_none_or(|(_, c)| count[g as usize] > c) {
                    best = Some((g, count[g as usize]));
                }
            }
            best.map(|(g, _)| g)
        };
        (0..self.nodes.len())
            .map(|i| !down(i) && Some(uf.find(i as u32)) == chosen)
            .collect()
    }

    /// The worst a single node failure can do to the intact network: the largest fraction of
    /// participants (other than the failed node) that end up cut off, and the node that does it
    /// (the lowest-numbered on a tie).
    /// Only articulation points and nodes that order updates can cut anyone off, so only they
    /// are tried.
    pub fn worst_single_failure(&self) -> (f64, Option<NodeId>) {
        let g = self.graph();
        let mut candidates: Vec<u32> = articulation_points(&g)
            .into_iter()
            .map(|ix| ix.index() as u32)
            .chain(self.orderers.iter().map(|o| o.0))
            .collect();
        super::small::sort_by_key(&mut candidates, |&c| c);
        candidates.dedup();
        let total = self.participants.len().max(1) as f64;
        let mut worst = (0.0, None);
        for c in candidates {
            let reach = self.working_part(|n| n == c as usize, |_| false);
            let lost = self
                .participants
                .iter()
                .filter(|p| p.0 != c && !reach[p.index()])
                .count() as f64
                / total;
            if lost > worst.0 {
                worst = (lost, Some(NodeId(c)));
            }
        }
        worst
    }
}

/// Radius of the ring of participants in the unit square (centred at 0.5, 0.5).
pub const RING: f32 = 0.43;

fn angle(i: u32, n: u32) -> f32 {
    TAU * i as f32 / n.max(1) as f32 - FRAC_PI_2
}

fn on_circle(r: f32, a: f32) -> (f32, f32) {
    (0.5 + r * sine(a + FRAC_PI_2), 0.5 + r * sine(a))
}

/// sin(a) to within 4e-6: plenty for a layout, and without the libm range reduction that
/// `f32::sin` brings into the wasm bundle (several KB).
pub fn sine(a: f32) -> f32 {
    // Into [-π, π], then [-π/2, π/2] by symmetry, then the Taylor series to x⁹.
    let mut x = a - TAU * (a / TAU + 0.5).floor();
    if x > FRAC_PI_2 {
        x = PI - x;
    } else if x < -FRAC_PI_2 {
        x = -PI - x;
    }
    let x2 = x * x;
    x * (1.0 - x2 / 6.0 * (1.0 - x2 / 20.0 * (1.0 - x2 / 42.0 * (1.0 - x2 / 72.0))))
}

/// A connected peer graph of mean degree `degree`: a ring (so no single peer failure can split
/// it: a cycle has no articulation point, and adding links keeps it so) plus seeded random chords.
fn peer_edges(n: u32, degree: u32, rng: &mut SimRng) -> Vec<(u32, u32)> {
    let mut edges = Vec::new();
    let mut adj: Vec<Vec<u32>> = vec![Vec::new(); n as usize];
    let add = |a: u32, b: u32, edges: &mut Vec<(u32, u32)>, adj: &mut Vec<Vec<u32>>| {
        if a == b || adj[a as usize].contains(&b) {
            return false;
        }
        adj[a as usize].push(b);
        adj[b as usize].push(a);
        edges.push((a.min(b), a.max(b)));
        true
    };
    for i in 0..n {
        add(i, (i + 1) % n, &mut edges, &mut adj);
    }
    let max_edges = u64::from(n) * u64::from(n - 1) / 2;
    let target = (u64::from(n) * u64::from(degree) / 2).min(max_edges) as usize;
    if (target as u64) * 2 > max_edges {
        // Dense: list the missing pairs, shuffle, take what is needed.
        let mut missing: Vec<(u32, u32)> = (0..n)
            .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
            .filter(|&(a, b)| !adj[a as usize].contains(&b))
            .collect();
        for i in (1..missing.len()).rev() {
            missing.swap(i, rng.below(i as u32 + 1) as usize);
        }
        for (a, b) in missing {
            if edges.len() >= target {
                break;
            }
            add(a, b, &mut edges, &mut adj);
        }
    } else {
        while edges.len() < target {
            let a = rng.below(n);
            let b = rng.below(n);
            add(a, b, &mut edges, &mut adj);
        }
    }
    edges
}

/// A full mesh of `n` peers, for tests.
#[cfg(test)]
pub(crate) fn mesh(n: u32) -> Topology {
    Topology::build(
        Arch::PeerToPeer,
        &Shape {
            seed: 1,
            participants: n,
            federated_servers: 0,
            federated_mesh: false,
            degree: n - 1,
        },
    )
    .expect("a small mesh")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(n: u32) -> Shape {
        Shape {
            seed: 1,
            participants: n,
            federated_servers: 4,
            federated_mesh: true,
            degree: 4,
        }
    }

    #[test]
    fn sine_matches_the_library_over_several_turns() {
        for k in -4_000..=4_000 {
            let a = k as f32 * 0.005;
            assert!(
                (sine(a) - a.sin()).abs() < 1e-5,
                "sin {a}: {} vs {}",
                sine(a),
                a.sin()
            );
            let c = sine(a + FRAC_PI_2);
            assert!((c - a.cos()).abs() < 1e-5, "cos {a}: {c} vs {}", a.cos());
        }
    }

    #[test]
    fn same_participants_in_every_architecture() {
        for arch in Arch::ALL {
            let t = Topology::build(arch, &cfg(30)).unwrap();
            assert_eq!(t.participants.len(), 30, "{arch}");
        }
    }

    #[test]
    fn labels_round_trip() {
        let t = Topology::build(Arch::Federated, &cfg(10)).unwrap();
        for (i, n) in t.nodes.iter().enumerate() {
            assert_eq!(t.find(&n.label), Some(NodeId(i as u32)));
        }
        assert_eq!(t.find("S0"), None);
        assert_eq!(t.find("C10"), None);
        assert_eq!(t.find("c3"), t.find("C3"));
        assert_eq!(t.find(""), None);
        assert_eq!(t.find("F"), None);
        assert_eq!(t.find("C-1"), None);
    }

    #[test]
    fn federated_clients_each_have_one_server() {
        let t = Topology::build(Arch::Federated, &cfg(30)).unwrap();
        for &c in &t.participants {
            let servers: Vec<_> = t.neighbours(c).to_vec();
            assert_eq!(servers.len(), 1);
            assert_eq!(t.role(NodeId(servers[0].0)), Role::FederatedServer);
        }
    }

    #[test]
    fn federated_servers_link_to_the_main_one_and_to_each_other_once() {
        for (f, mesh) in [(4, true), (5, true), (3, false)] {
            let t = Topology::build(
                Arch::Federated,
                &Shape {
                    federated_servers: f,
                    federated_mesh: mesh,
                    ..cfg(30)
                },
            )
            .unwrap();
            let main = NodeId(0);
            let servers: Vec<NodeId> = (1..=f).map(NodeId).collect();
            assert!(servers.iter().all(|&s| t.role(s) == Role::FederatedServer));
            for (j, &a) in servers.iter().enumerate() {
                assert!(t.link_between(main, a).is_some());
                for &b in &servers[..j] {
                    assert_eq!(t.link_between(a, b).is_some(), mesh, "F{a:?}–F{b:?}");
                }
            }
            // No other links among the servers, none twice, and each link written low end first.
            let server_links = t
                .links
                .iter()
                .filter(|(a, b)| t.role(*a) != Role::Client && t.role(*b) != Role::Client)
                .count() as u32;
            assert_eq!(server_links, f + if mesh { f * (f - 1) / 2 } else { 0 });
            let mut pairs: Vec<(NodeId, NodeId)> = t.links.clone();
            assert!(pairs.iter().all(|(a, b)| a < b), "{pairs:?}");
            pairs.sort_unstable();
            pairs.dedup();
            assert_eq!(pairs.len(), t.links.len());
        }
    }

    #[test]
    fn each_server_s_clients_are_drawn_in_its_own_sector_of_the_ring() {
        let f = 4;
        let t = Topology::build(Arch::Federated, &cfg(30)).unwrap();
        let sector = TAU / f as f32;
        let mut angles = Vec::new();
        for &c in &t.participants {
            let server = t.neighbours(c)[0].0;
            let j = server - 1;
            let node = &t.nodes[c.0 as usize];
            // Within half a sector of its server's direction.
            let off = (node.angle - angle(j, f)).rem_euclid(TAU);
            let off = off.min(TAU - off);
            assert!(off < sector / 2.0, "{} is {off} from F{j}", node.label);
            // On the ring, where its angle says.
            let (x, y) = on_circle(RING, node.angle);
            assert!((node.x - x).abs() < 1e-5 && (node.y - y).abs() < 1e-5);
            angles.push(node.angle);
        }
        // Each server's clients are spread evenly about its direction.
        for j in 0..f {
            let offs: Vec<f32> = t
                .participants
                .iter()
                .filter(|&&c| t.neighbours(c)[0].0 == j + 1)
                .map(|c| {
                    let off = (t.nodes[c.0 as usize].angle - angle(j, f)).rem_euclid(TAU);
                    if off > TAU / 2.0 { off - TAU } else { off }
                })
                .collect();
            let mean = offs.iter().sum::<f32>() / offs.len() as f32;
            assert!(mean.abs() < 1e-3, "F{j}: {offs:?}");
        }
        // No two clients share a place.
        crate::sim::small::sort_by_key(&mut angles, |&a| a);
        assert!(angles.windows(2).all(|w| w[1] - w[0] > 0.05), "{angles:?}");
    }

    #[test]
    fn lookups_answer_for_every_node_and_link() {
        for arch in Arch::ALL {
            let t = Topology::build(arch, &cfg(12)).unwrap();
            assert!(!t.is_empty());
            assert_eq!(t.len(), t.nodes.len());
            // Every link is found from both ends, and a pair that is not linked is not.
            for (l, &(a, b)) in t.links.iter().enumerate() {
                assert_eq!(t.link_between(a, b), Some(l as u32));
                assert_eq!(t.link_between(b, a), Some(l as u32));
            }
            let unlinked = t
                .participants
                .iter()
                .flat_map(|&a| t.participants.iter().map(move |&b| (a, b)))
                .find(|&(a, b)| a != b && !t.links.contains(&(a.min(b), a.max(b))));
            if let Some((a, b)) = unlinked {
                assert_eq!(t.link_between(a, b), None);
            }
            // petgraph sees the same nodes and links, all in one piece.
            let g = t.graph();
            assert_eq!((g.node_count(), g.edge_count()), (t.len(), t.links.len()));
            assert_eq!(petgraph::algo::connected_components(&g), 1);
            // The orderers: the first server leads, every other server stands by in line,
            // and no participant orders.
            for (rank, &o) in t.orderers.iter().enumerate() {
                assert_eq!(t.orderer_rank(o), Some(rank));
                assert!(!t.role(o).is_participant());
            }
            assert!(t.participants.iter().all(|&c| t.orderer_rank(c).is_none()));
        }
        let fed = Topology::build(Arch::Federated, &cfg(12)).unwrap();
        assert_eq!(fed.orderer_rank(NodeId(0)), Some(0));
        assert_eq!(fed.orderers.len(), 5);
        // Labels of up to seven digits are read; longer ones are not.
        assert_eq!(fed.find("C0000003"), fed.find("C3"));
        assert!(fed.find("C3").is_some());
        assert_eq!(fed.find("C00000003"), None);
        assert_eq!(fed.find("C3x"), None);
    }

    /// Without an orderer, only a strict majority of the live peers works: an even split
    /// leaves nobody working, an uneven one the larger side.
    #[test]
    fn peers_work_only_in_a_strict_majority() {
        let t = Topology::build(
            Arch::PeerToPeer,
            &Shape {
                degree: 10,
                ..cfg(12)
            },
        )
        .unwrap();
        let split = |k: u32| {
            let t = &t;
            move |l: usize| {
                let (a, b) = t.links[l];
                (a.0 < k) != (b.0 < k)
            }
        };
        let none = |_: usize| false;
        assert!(t.working_part(none, none).iter().all(|&w| w));
        assert!(t.working_part(none, split(6)).iter().all(|&w| !w));
        let w = t.working_part(none, split(5));
        assert!((0..12).all(|i| w[i] == (i >= 5)), "{w:?}");
        // Failed peers do not count: 4 of the larger side down leaves the smaller the majority.
        let w = t.working_part(|i| (5..9).contains(&i), split(5));
        assert!((0..12).all(|i| w[i] == (i < 5)), "{w:?}");
    }

    /// With orderers, the working part is the ordered group with the most live participants,
    /// the earlier orderer's on a tie: servers cut from each other leave four groups of six
    /// clients, and F0's works (M0, first in line, is alone).
    #[test]
    fn a_tie_goes_to_the_earlier_orderer() {
        let t = Topology::build(Arch::Federated, &cfg(24)).unwrap();
        let between_servers = |l: usize| {
            let (a, b) = t.links[l];
            !t.role(a).is_participant() && !t.role(b).is_participant()
        };
        let w = t.working_part(|_| false, between_servers);
        let f0 = t.find("F0").unwrap();
        assert!(w[f0.index()]);
        for (i, &works) in w.iter().enumerate() {
            let n = NodeId(i as u32);
            let client_of_f0 =
                t.role(n).is_participant() && t.neighbours(n).iter().any(|&(m, _)| m == f0.0);
            let ordered_by_f0 = n == f0 || client_of_f0;
            assert_eq!(works, ordered_by_f0, "{}", t.label(n));
        }
        assert_eq!(w.iter().filter(|&&x| x).count(), 7);
    }

    /// The ring starts at the top and runs clockwise (on a canvas, y grows downwards), in every
    /// architecture.
    #[test]
    fn the_ring_starts_at_the_top_and_runs_clockwise() {
        for arch in Arch::ALL {
            let t = Topology::build(arch, &cfg(12)).unwrap();
            let at = |i: usize| {
                let n = &t.nodes[t.participants[i].index()];
                (n.x, n.y)
            };
            let (x0, y0) = at(0);
            if arch != Arch::Federated {
                assert!(
                    (x0 - 0.5).abs() < 1e-4 && (y0 - (0.5 - RING)).abs() < 1e-4,
                    "{arch:?}"
                );
            }
            let (x1, y1) = at(1);
            assert!(
                y0 < 0.5 && x1 > x0 && y1 > y0,
                "{arch:?}: {:?} then {:?}",
                (x0, y0),
                (x1, y1)
            );
        }
    }

    /// The chords of a dense peer graph are drawn uniformly: on 7 peers of degree 4 (a ring,
    /// then 7 of the 14 pairs left), every pair is a chord in half the graphs, within three
    /// standard errors over 4,000 seeds, and each graph has exactly 14 links.
    #[test]
    fn dense_chords_are_drawn_uniformly() {
        use crate::sim::rng::{SimRng, Stream};
        let seeds = 4_000u64;
        let mut times = std::collections::BTreeMap::new();
        for seed in 0..seeds {
            let edges = peer_edges(7, 4, &mut SimRng::new(seed, Stream::Topology));
            assert_eq!(edges.len(), 14, "seed {seed}");
            for &(a, b) in &edges {
                if b != a + 1 && !(a == 0 && b == 6) {
                    *times.entry((a, b)).or_insert(0u64) += 1;
                }
            }
        }
        assert_eq!(
            times.len(),
            14,
            "every pair off the ring is drawn sometimes"
        );
        let p = 0.5;
        let se = (p * (1.0 - p) / seeds as f64).sqrt();
        for (pair, n) in times {
            let f = n as f64 / seeds as f64;
            assert!(
                (f - p).abs() < 3.0 * se,
                "{pair:?}: a chord in {f} of the graphs"
            );
        }
    }

    #[test]
    fn peer_graph_has_requested_mean_degree() {
        let t = Topology::build(Arch::PeerToPeer, &cfg(100)).unwrap();
        assert_eq!(t.links.len(), 200);
    }

    #[test]
    fn dense_peer_graph_is_complete() {
        let c = Shape {
            degree: 4,
            ..cfg(5)
        };
        let t = Topology::build(Arch::PeerToPeer, &c).unwrap();
        assert_eq!(t.links.len(), 10);
    }

    #[test]
    fn degree_at_least_participants_is_an_error() {
        let err = Topology::build(Arch::PeerToPeer, &cfg(4)).unwrap_err();
        assert!(err.to_string().contains("degree"));
    }

    #[test]
    fn worst_failure_matches_the_lesson() {
        let c = cfg(24);
        let cs = Topology::build(Arch::ClientServer, &c)
            .unwrap()
            .worst_single_failure();
        let fed = Topology::build(Arch::Federated, &c)
            .unwrap()
            .worst_single_failure();
        let p2p = Topology::build(Arch::PeerToPeer, &c)
            .unwrap()
            .worst_single_failure();
        assert_eq!(cs.0, 1.0);
        assert!((fed.0 - 0.25).abs() < 1e-9, "{fed:?}");
        // Each of the four federated servers cuts off a quarter: the first of them is named.
        let t = Topology::build(Arch::Federated, &c).unwrap();
        assert_eq!(fed.1.map(|n| t.label(n)), Some("F0"));
        assert_eq!(p2p, (0.0, None));
    }

    #[test]
    fn orderers_take_over_in_line() {
        let fed = Topology::build(Arch::Federated, &cfg(24)).unwrap();
        let labels: Vec<&str> = fed.orderers.iter().map(|&o| fed.label(o)).collect();
        assert_eq!(labels, ["M0", "F0", "F1", "F2", "F3"]);
        let alone = Topology::build(
            Arch::Federated,
            &Shape {
                federated_mesh: false,
                ..cfg(24)
            },
        )
        .unwrap();
        assert_eq!(alone.orderers.len(), 1, "without the mesh only M0 orders");
        assert!(
            Topology::build(Arch::PeerToPeer, &cfg(24))
                .unwrap()
                .orderers
                .is_empty()
        );
    }

    #[test]
    fn servers_come_first_in_every_adjacency_list() {
        for arch in Arch::ALL {
            let t = Topology::build(arch, &cfg(30)).unwrap();
            for i in 0..t.len() as u32 {
                let k = t.route_neighbours(NodeId(i));
                for (j, &(m, _)) in t.neighbours(NodeId(i)).iter().enumerate() {
                    let routes = policy(t.role(NodeId(m))).relay == Relay::Route;
                    assert_eq!(routes, j < k, "{arch} node {i} slot {j}");
                }
            }
        }
    }

    #[test]
    fn a_failed_server_cuts_off_exactly_its_clients_even_with_two() {
        for servers in [1, 2, 3, 4, 7] {
            let t = Topology::build(
                Arch::Federated,
                &Shape {
                    federated_servers: servers,
                    ..cfg(24)
                },
            )
            .unwrap();
            let f0 = t.find("F0").unwrap();
            let reach = t.working_part(|n| n == f0.index(), |_| false);
            for &p in &t.participants {
                let served_by_f0 = t.neighbours(p)[0].0 == f0.0;
                assert_eq!(
                    reach[p.index()],
                    !served_by_f0,
                    "fed={servers} {}",
                    t.label(p)
                );
            }
        }
    }

    #[test]
    fn a_standby_orders_when_the_main_server_is_gone_or_cut_off() {
        let t = Topology::build(Arch::Federated, &cfg(24)).unwrap();
        let m0 = t.find("M0").unwrap();
        let everyone = |r: &[bool]| t.participants.iter().all(|p| r[p.index()]);
        assert!(everyone(&t.working_part(|n| n == m0.index(), |_| false)));
        // M0 up but every link to it cut: F0 orders the rest.
        let m0_links: Vec<usize> = t.neighbours(m0).iter().map(|&(_, l)| l as usize).collect();
        assert!(everyone(
            &t.working_part(|_| false, |l| m0_links.contains(&l))
        ));
        // One server's link to M0 cut: it reaches M0 through the mesh.
        let f1 = t.find("F1").unwrap();
        let l = t.link_between(f1, m0).unwrap() as usize;
        assert!(everyone(&t.working_part(|_| false, |x| x == l)));
        // Client-server without its server: nobody.
        let cs = Topology::build(Arch::ClientServer, &cfg(24)).unwrap();
        assert!(cs.working_part(|n| n == 0, |_| false).iter().all(|r| !r));
    }
}
