//! The consensus page's two drawings as display lists, pure and tested natively: the network
//! (each peer coloured by the branch its chain ends on, block bodies moving along links,
//! leaders flashing) and the block tree (the latest heights left to right, the main chain on
//! the top lane, forked branches below it with how the fork arose).

use crate::lessons::consensus::model::blocks::NO_BLOCK;
use crate::lessons::consensus::model::{ChainEngine, ForkKind};
use crate::sim::small::clamp;
use crate::sim::time::{MS, Micros};

/// Branch colours besides the main chain's (index 0); a branch keeps its colour while it lives.
pub const BRANCH_COLOURS: u8 = 6;

/// The longest chain's tip that the most live peers follow: the main chain's end.
pub fn main_tip(e: &ChainEngine) -> u32 {
    let n = e.config().participants;
    let mut best: Option<(u32, u32, u32)> = None; // (height, followers, tip)
    let mut counted: Vec<(u32, u32)> = Vec::new();
    for p in (0..n).filter(|&p| !e.is_down(p)) {
        let tip = e.tip(p);
        match counted.iter_mut().find(|(t, _)| *t == tip) {
            Some((_, c)) => *c += 1,
            None => counted.push((tip, 1)),
        }
    }
    for &(tip, c) in &counted {
        let h = e.blocks().height(tip).unwrap_or(0);
        let key = (h, c, u32::MAX - tip);
        if best.is_none_or(|b| key > (b.0, b.1, u32::MAX - b.2)) {
            best = Some((h, c, tip));
        }
    }
    best.map_or(0, |b| b.2)
}

/// The blocks of the chain ending at `tip`, newest first, while they are in the window (at
/// most `limit`).
pub fn chain_of(e: &ChainEngine, tip: u32, limit: usize) -> Vec<u32> {
    let mut out = Vec::new();
    let mut x = tip;
    while out.len() < limit {
        let Some(b) = e.blocks().try_get(x) else {
            break;
        };
        out.push(x);
        if b.parent == NO_BLOCK {
            break;
        }
        x = b.parent;
    }
    out
}

/// Per peer: 0 when its chain is the main chain (or a shorter part of it), otherwise
/// 1..=[`BRANCH_COLOURS`] after the first block on its chain that the main chain lacks.
pub fn branches(e: &ChainEngine) -> Vec<u8> {
    let main = chain_of(e, main_tip(e), 256);
    let mut sorted = main.clone();
    // (A few hundred at most: the small sort keeps the page's download small.)
    crate::sim::small::sort_by_key(&mut sorted, |&b| b);
    let on_main = |b: u32| sorted.binary_search(&b).is_ok();
    (0..e.config().participants)
        .map(|p| {
            let mut x = e.tip(p);
            let mut root = None;
            while let Some(b) = e.blocks().try_get(x) {
                if on_main(x) {
                    break;
                }
                root = Some(x);
                if b.parent == NO_BLOCK {
                    break;
                }
                x = b.parent;
            }
            root.map_or(0, |r| 1 + (r % u32::from(BRANCH_COLOURS)) as u8)
        })
        .collect()
}

/// A peer to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Peer {
    /// Id (P<id>).
    pub id: u32,
    /// Centre, px.
    pub x: f64,
    /// Centre, px.
    pub y: f64,
    /// Branch colour (0: the main chain).
    pub branch: u8,
    /// Failed.
    pub down: bool,
    /// Made a block within the last second (or slot).
    pub leader: bool,
}

/// A link to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// Ends, px.
    pub x1: f64,
    /// See `x1`.
    pub y1: f64,
    /// See `x1`.
    pub x2: f64,
    /// See `x1`.
    pub y2: f64,
    /// Cut by a fault.
    pub cut: bool,
}

/// A block body on its way, at its interpolated position.
#[derive(Clone, Debug, PartialEq)]
pub struct Dot {
    /// Position, px.
    pub x: f64,
    /// Position, px.
    pub y: f64,
    /// The branch colour of the block it carries.
    pub branch: u8,
}

/// The network drawing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NetScene {
    /// Canvas size, CSS px.
    pub width: f64,
    /// See `width`.
    pub height: f64,
    /// Peer radius, px.
    pub r: f64,
    /// Links (only cut ones when the network is too dense to draw them all).
    pub links: Vec<Link>,
    /// Bodies in flight (at most the limit given).
    pub dots: Vec<Dot>,
    /// Peers.
    pub peers: Vec<Peer>,
    /// Bodies in flight in all.
    pub in_flight: usize,
}

/// Most links drawn one by one; beyond, only cut links are drawn.
pub const MAX_LINKS_DRAWN: usize = 6_000;

impl NetScene {
    /// How many branch colours live peers show (at most eight classes).
    pub fn colours(&self) -> usize {
        let mut seen = [false; 8];
        for p in self.peers.iter().filter(|p| !p.down) {
            seen[usize::from(p.branch).min(7)] = true;
        }
        seen.iter().filter(|&&b| b).count()
    }
}

impl NetScene {
    /// The network of `e` in a `width` × `height` canvas, with at most `max_dots` bodies.
    pub fn of(e: &ChainEngine, width: f64, height: f64, max_dots: usize) -> NetScene {
        let topo = e.topology();
        let side = width.min(height);
        let (cx, cy) = (width / 2.0, height / 2.0);
        let n = topo.len().max(1);
        let ring = side * f64::from(crate::sim::topology::RING);
        let r = clamp(std::f64::consts::PI * ring / n as f64 * 0.8, 1.2, 9.0);
        let pos = |i: u32| {
            let info = &topo.nodes[i as usize];
            (
                cx + (f64::from(info.x) - 0.5) * side,
                cy + (f64::from(info.y) - 0.5) * side,
            )
        };
        let colour = branches(e);
        let now = e.now();
        let flash = flash_us(e);
        let mut leaders = vec![false; n];
        let blocks = e.blocks();
        let newest = blocks.len();
        for id in newest.saturating_sub(64)..newest {
            if let Some(b) = blocks.try_get(id)
                && b.producer != NO_BLOCK
                && now.saturating_sub(b.made_at) <= flash
            {
                leaders[b.producer as usize] = true;
            }
        }
        let peers = (0..n as u32)
            .map(|p| {
                let (x, y) = pos(p);
                Peer {
                    id: p,
                    x,
                    y,
                    branch: colour[p as usize],
                    down: e.is_down(p),
                    leader: leaders[p as usize],
                }
            })
            .collect();
        let all = topo.links.len() <= MAX_LINKS_DRAWN;
        let links = topo
            .links
            .iter()
            .enumerate()
            .filter(|&(l, _)| all || e.links().is_cut(l))
            .map(|(l, &(a, b))| {
                let ((x1, y1), (x2, y2)) = (pos(a.0), pos(b.0));
                Link {
                    x1,
                    y1,
                    x2,
                    y2,
                    cut: e.links().is_cut(l),
                }
            })
            .collect();
        let main = chain_of(e, main_tip(e), 256);
        let mut dots = Vec::new();
        let mut in_flight = 0;
        for (left, at, from, to, block) in e.bodies_in_flight() {
            in_flight += 1;
            if dots.len() >= max_dots || at <= left {
                continue;
            }
            let k = now.saturating_sub(left) as f64 / (at - left) as f64;
            let k = clamp(k, 0.0, 1.0);
            let ((x1, y1), (x2, y2)) = (pos(from), pos(to));
            dots.push(Dot {
                x: x1 + (x2 - x1) * k,
                y: y1 + (y2 - y1) * k,
                branch: if main.contains(&block) {
                    0
                } else {
                    1 + (block % u32::from(BRANCH_COLOURS)) as u8
                },
            });
        }
        NetScene {
            width,
            height,
            r,
            links,
            dots,
            peers,
            in_flight,
        }
    }

    /// The peers whose centres are within `reach` px of a point, nearest first.
    pub fn near(&self, x: f64, y: f64, reach: f64) -> Vec<u32> {
        // (Kept in order as it is built: a sort would weigh more in the page's download.)
        let mut near: Vec<(f64, u32)> = Vec::new();
        for p in &self.peers {
            let d = (p.x - x).hypot(p.y - y);
            if d <= reach {
                near.insert(near.partition_point(|&(e, _)| e <= d), (d, p.id));
            }
        }
        near.into_iter().map(|(_, id)| id).collect()
    }

    /// The peer under a point, if any (within twice its radius, for small targets).
    pub fn hit(&self, x: f64, y: f64) -> Option<u32> {
        let reach = (self.r * 2.0).max(6.0);
        crate::shell::pointer::nearest(self.peers.iter().map(|p| (p.id, p.x, p.y, reach)), x, y)
    }
}

impl NetScene {
    /// The peers on the left of the line from `(x0, y0)` to `(x1, y1)` (as one faces along
    /// it): one side of a partition drawn across the network.
    pub fn left_of(&self, (x0, y0): (f64, f64), (x1, y1): (f64, f64)) -> Vec<u32> {
        self.peers
            .iter()
            .filter(|p| (x1 - x0) * (p.y - y0) - (y1 - y0) * (p.x - x0) < 0.0)
            .map(|p| p.id)
            .collect()
    }
}

/// How long a leader flashes after making a block: a slot, and at least a second.
fn flash_us(e: &ChainEngine) -> Micros {
    (u64::from(e.config().slot_ms) * MS).max(1_000 * MS)
}

/// A block in the tree drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct TreeBlock {
    /// Block id.
    pub id: u32,
    /// Height.
    pub height: u32,
    /// Lane: 0 the main chain, then one lane per branch.
    pub lane: u32,
    /// Its parent's lane (for the edge), if the parent is drawn.
    pub parent_lane: Option<u32>,
    /// On the main chain.
    pub main: bool,
    /// On the chain of the focused peer.
    pub focused: bool,
    /// Off the main chain: how its branch's fork arose (none on the main chain).
    pub fork: Option<ForkKind>,
    /// The first block of its branch (the one the fork's letter sits on).
    pub root: bool,
    /// The attacker's, not published yet (its private chain).
    pub private: bool,
    /// Who made it.
    pub producer: u32,
    /// Branch colour (0: main).
    pub branch: u8,
}

/// The block tree: the latest `heights` heights.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TreeScene {
    /// Lowest height drawn.
    pub from_height: u32,
    /// Highest height drawn.
    pub to_height: u32,
    /// Lanes used.
    pub lanes: u32,
    /// Blocks, by height then lane.
    pub blocks: Vec<TreeBlock>,
}

impl TreeScene {
    /// The public blocks of the last `heights` heights; `focus` highlights a peer's chain.
    pub fn of(e: &ChainEngine, heights: u32, focus: Option<u32>) -> TreeScene {
        let blocks = e.blocks();
        let main = chain_of(e, main_tip(e), heights as usize + 1);
        let focused: Vec<u32> =
            focus.map_or(Vec::new(), |p| chain_of(e, e.tip(p), heights as usize + 1));
        let newest = blocks.len();
        let mut all: Vec<(u32, u32)> =
            (newest.saturating_sub(crate::lessons::consensus::model::blocks::WINDOW)..newest)
                .filter_map(|id| {
                    let b = blocks.try_get(id)?;
                    b.is_public().then_some((b.height, id))
                })
                .collect();
        // The attacker's private chain, drawn apart until it is published.
        let private = e.private_chain();
        all.extend(
            private
                .iter()
                .filter_map(|&id| Some((blocks.try_get(id)?.height, id))),
        );
        let top = all.iter().map(|b| b.0).max().unwrap_or(0);
        let from = top.saturating_sub(heights.saturating_sub(1));
        all.retain(|b| b.0 >= from);
        crate::sim::small::sort_by_key(&mut all, |&b| b);
        // Lanes: the main chain first; every other block takes its parent's lane when the
        // parent's lane is still free at its height, otherwise a new lane.
        let mut lane_of: Vec<(u32, u32)> = Vec::new(); // (block, lane)
        let mut taken: Vec<(u32, u32)> = Vec::new(); // (height, lane)
        let mut lanes = 1;
        let mut out = Vec::new();
        for &(h, id) in &all {
            let b = blocks.try_get(id).expect("kept in the window");
            let on_main = main.contains(&id);
            let parent_lane = lane_of.iter().find(|l| l.0 == b.parent).map(|l| l.1);
            let lane = if on_main {
                0
            } else {
                match parent_lane {
                    Some(l) if l > 0 && !taken.contains(&(h, l)) => l,
                    _ => {
                        lanes += 1;
                        lanes - 1
                    }
                }
            };
            taken.push((h, lane));
            lane_of.push((id, lane));
            let root = if on_main { id } else { root_of(e, id, &main) };
            let hidden = private.contains(&id);
            out.push(TreeBlock {
                id,
                height: h,
                lane,
                parent_lane,
                main: on_main,
                focused: focused.contains(&id),
                fork: (!on_main && !hidden)
                    .then(|| branch_kind(e, root, &main))
                    .flatten(),
                root: !on_main && root == id,
                private: hidden,
                producer: b.producer,
                branch: if on_main {
                    0
                } else {
                    1 + (root % u32::from(BRANCH_COLOURS)) as u8
                },
            });
        }
        TreeScene {
            from_height: from,
            to_height: top,
            lanes,
            blocks: out,
        }
    }
}

/// How the branch starting at `root` forked: the kind the later-published of the two siblings
/// carries, whether that is `root` or the main chain's block beside it.
fn branch_kind(e: &ChainEngine, root: u32, main: &[u32]) -> Option<ForkKind> {
    let blocks = e.blocks();
    let r = blocks.try_get(root)?;
    r.fork.or_else(|| {
        main.iter()
            .filter_map(|&m| blocks.try_get(m))
            .find(|m| m.parent == r.parent && m.height == r.height)
            .and_then(|m| m.fork)
    })
}

/// The first block, going back from `id`, whose parent is on `main` (its branch's root).
fn root_of(e: &ChainEngine, mut id: u32, main: &[u32]) -> u32 {
    while let Some(b) = e.blocks().try_get(id) {
        if main.contains(&b.parent) || b.parent == NO_BLOCK {
            break;
        }
        id = b.parent;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::consensus::model::ChainConfig;
    use crate::sim::NodeId;
    use crate::sim::fault::Fault;
    use crate::sim::time::SECOND;

    #[test]
    fn the_attackers_private_chain_is_drawn_apart_until_published() {
        let mut e = ChainEngine::new(&ChainConfig {
            participants: 30,
            degree: 4,
            active_slot_coeff: 0.2,
            adversary: Some(crate::lessons::consensus::model::Adversary {
                share: 0.4,
                confirmations: 3,
                ..Default::default()
            }),
            ..ChainConfig::default()
        })
        .unwrap();
        let mut seen = 0;
        for s in 1..=300 {
            e.advance_to(s * SECOND);
            let private = e.private_chain();
            let t = TreeScene::of(&e, 30, None);
            let drawn: Vec<&TreeBlock> = t.blocks.iter().filter(|b| b.private).collect();
            // Exactly the private chain's blocks in view, none on the main chain or marked as a
            // fork, with one A where the chain leaves the main one.
            assert!(
                drawn
                    .iter()
                    .all(|b| private.contains(&b.id) && !b.main && b.fork.is_none())
            );
            assert!(drawn.len() <= private.len());
            assert!(drawn.iter().filter(|b| b.root).count() <= 1);
            if !drawn.is_empty() {
                seen += 1;
                assert!(drawn.iter().all(|b| b.lane > 0));
            }
        }
        assert!(
            seen > 10,
            "the attacker's private chain was in view {seen} times"
        );
    }

    fn engine() -> ChainEngine {
        ChainEngine::new(&ChainConfig {
            participants: 40,
            degree: 4,
            active_slot_coeff: 0.2,
            ..ChainConfig::default()
        })
        .unwrap()
    }

    #[test]
    fn a_partition_splits_the_colours_and_healing_merges_them() {
        let mut e = engine();
        e.advance_to(20 * SECOND);
        let calm = branches(&e);
        assert!(calm.iter().all(|&b| b == 0), "{calm:?}");
        e.apply(&Fault::Partition((0..20).map(NodeId).collect()));
        e.advance_to(120 * SECOND);
        let split = branches(&e);
        let coloured = split.iter().filter(|&&b| b != 0).count();
        // One side follows the main chain, the other a branch of one colour.
        assert!((15..=25).contains(&coloured), "{split:?}");
        let side: Vec<u8> = split.iter().copied().filter(|&b| b != 0).collect();
        assert!(side.windows(2).all(|w| w[0] == w[1]));
        e.apply(&Fault::HealAll);
        e.advance_to(130 * SECOND);
        assert!(branches(&e).iter().all(|&b| b == 0), "{:?}", branches(&e));
    }

    #[test]
    fn the_network_scene_places_every_peer_and_finds_them_under_the_pointer() {
        let mut e = engine();
        e.advance_to(60 * SECOND);
        e.apply(&Fault::Crash(NodeId(5)));
        let s = NetScene::of(&e, 600.0, 400.0, 1_000);
        assert_eq!(s.peers.len(), 40);
        assert!(
            s.peers
                .iter()
                .all(|p| (0.0..=600.0).contains(&p.x) && (0.0..=400.0).contains(&p.y))
        );
        assert!(s.peers[5].down && !s.peers[6].down);
        assert_eq!(s.links.len(), e.topology().links.len());
        let p = &s.peers[17];
        assert_eq!(s.hit(p.x + 1.0, p.y - 1.0), Some(17));
        assert_eq!(s.hit(300.0, 200.0), None);
        // Under a fingertip between two neighbours on the ring: both, the nearer first.
        let (a, b) = (&s.peers[17], &s.peers[18]);
        let (x, y) = (a.x * 0.6 + b.x * 0.4, a.y * 0.6 + b.y * 0.4);
        assert_eq!(s.near(x, y, (a.x - b.x).hypot(a.y - b.y) * 0.7), [17, 18]);
        assert_eq!(s.near(x, y, 1e4).len(), 40);
        assert!(s.near(300.0, 200.0, 5.0).is_empty());
        // A line down the middle, drawn downwards, leaves the right half on its left.
        let left = s.left_of((300.0, 0.0), (300.0, 400.0));
        assert!(left.iter().all(|&id| s.peers[id as usize].x > 300.0));
        assert!((10..=30).contains(&left.len()), "{}", left.len());
        let right = s.left_of((300.0, 400.0), (300.0, 0.0));
        let on_the_line = s
            .peers
            .iter()
            .filter(|p| (p.x - 300.0).abs() < 1e-9)
            .count();
        assert_eq!(left.len() + right.len() + on_the_line, 40);
    }

    #[test]
    fn bodies_in_flight_move_from_sender_to_receiver() {
        let mut e = engine();
        // Run until something is on the wire.
        let mut t = 0;
        loop {
            t += 10_000;
            e.advance_to(t);
            if e.bodies_in_flight().next().is_some() {
                break;
            }
            assert!(t < 120 * SECOND, "no block was ever sent");
        }
        let s = NetScene::of(&e, 500.0, 500.0, 100);
        assert!(s.in_flight > 0 && !s.dots.is_empty());
        assert!(s.peers.iter().any(|p| p.leader), "the maker flashes");
        let none = NetScene::of(&e, 500.0, 500.0, 0);
        assert!(none.dots.is_empty() && none.in_flight == s.in_flight);
    }

    #[test]
    fn the_tree_puts_the_main_chain_on_top_and_branches_below_with_their_kind() {
        let mut e = ChainEngine::new(&ChainConfig {
            participants: 30,
            degree: 4,
            active_slot_coeff: 0.6,
            ..ChainConfig::default()
        })
        .unwrap();
        e.advance_to(200 * SECOND);
        let t = TreeScene::of(&e, 30, Some(3));
        assert_eq!(t.to_height - t.from_height, 29);
        let main: Vec<&TreeBlock> = t.blocks.iter().filter(|b| b.main).collect();
        assert_eq!(main.len(), 30, "one main block per height");
        assert!(main.iter().all(|b| b.lane == 0));
        let side: Vec<&TreeBlock> = t.blocks.iter().filter(|b| !b.main).collect();
        assert!(!side.is_empty(), "f = 0.6 forks often");
        assert!(side.iter().all(|b| b.lane > 0 && b.branch > 0));
        assert!(side.iter().any(|b| b.fork.is_some()));
        // A fork's kind is drawn on its branch, never on the main chain; its letter on the
        // branch's first block, once per branch.
        assert!(main.iter().all(|b| b.fork.is_none() && !b.root));
        assert!(
            side.iter().filter(|b| b.root).all(|b| b.fork.is_some()),
            "{side:?}"
        );
        // Every block of a branch carries its root's kind.
        for b in &side {
            let mut id = b.id;
            while let Some(parent) = side.iter().find(|x| x.id == e.blocks().get(id).parent) {
                id = parent.id;
            }
            let root = side.iter().find(|x| x.id == id).unwrap();
            assert!(root.root || root.height == t.from_height, "{root:?}");
            assert_eq!(b.fork, root.fork, "{b:?} {root:?}");
        }
        // The focused peer's chain is marked, and it is (nearly) the main one.
        assert!(t.blocks.iter().filter(|b| b.focused).count() >= 28);
        // No two blocks share a place.
        let mut places: Vec<(u32, u32)> = t.blocks.iter().map(|b| (b.height, b.lane)).collect();
        places.sort_unstable();
        places.dedup();
        assert_eq!(places.len(), t.blocks.len());
    }
}
