//! The link layer every lesson shares: how long one message takes on one link, loss, first in
//! first out per direction, bodies that share their sender's upload and their receiver's
//! download, and cuts. It knows nothing of what messages mean; each engine puts its own on the
//! queue at the time this returns.

use super::rng::SimRng;
use super::time::Micros;
use super::topology::Topology;

/// Per link state.
#[derive(Copy, Clone, Debug, Default)]
pub struct LinkState {
    /// Carries nothing.
    pub cut: bool,
    /// Last cut time + 1 (0 = never cut): a message sent before it does not arrive.
    pub last_cut: Micros,
}

/// How long a message spends on a link, before any transmission time.
#[derive(Clone, Debug)]
pub enum Delay {
    /// Drawn for every message, uniformly in `min..=max` µs.
    Uniform {
        /// Shortest.
        min: Micros,
        /// Longest.
        max: Micros,
    },
    /// Fixed per link: `per_link[l]` µs on link `l`.
    PerLink(Vec<Micros>),
    /// A base per link, `base[l]` µs (near and far links), plus a jitter drawn for every
    /// message, uniformly up to a tenth of the base, never past `max`.
    Jittered {
        /// Per link.
        base: Vec<Micros>,
        /// The longest any message takes.
        max: Micros,
    },
}

/// The links of one topology.
#[derive(Clone)]
pub struct Links {
    rng: SimRng,
    delay: Delay,
    loss: f64,
    /// Per link.
    state: Vec<LinkState>,
    /// Per slot (one direction of a link): the latest arrival scheduled on it, so that a link
    /// never reorders what it carries.
    fifo: Vec<Micros>,
    /// Per node: until when its upload, and its download, is busy with a body (empty until
    /// the first transfer). A node sends one body at a time and receives one at a time, over
    /// all its links.
    upload: Vec<Micros>,
    download: Vec<Micros>,
    nodes: usize,
    /// Whether any link was ever cut (until then, arrivals skip the link check).
    any_cut: bool,
}

impl Links {
    /// Intact links of `topo` with `delay` and `loss`, drawing from `rng`.
    pub fn new(topo: &Topology, delay: Delay, loss: f64, rng: SimRng) -> Links {
        Links {
            rng,
            delay,
            loss,
            state: vec![LinkState::default(); topo.links.len()],
            fifo: vec![0; topo.adj_len()],
            upload: Vec::new(),
            download: Vec::new(),
            nodes: topo.nodes.len(),
            any_cut: false,
        }
    }

    /// The longest a message can take on one link (transmission aside), µs.
    pub fn max_latency(&self) -> Micros {
        match &self.delay {
            Delay::Uniform { max, .. } => *max,
            Delay::PerLink(v) => v.iter().copied().max().unwrap_or(0),
            Delay::Jittered { max, .. } => *max,
        }
    }

    /// A stream on `slot` starts afresh at `now` (its end stopped and started again): what it
    /// was still to carry no longer holds back what is sent on it next.
    pub fn restart_stream(&mut self, slot: usize, now: Micros) {
        self.fifo[slot] = self.fifo[slot].min(now);
    }

    /// When the stream on `slot` may deliver next: what it already carries arrives first.
    pub fn stream_free(&self, slot: usize) -> Micros {
        self.fifo[slot]
    }

    /// When node `n`'s upload and download are free next (0 before its first body).
    pub fn busy_until(&self, n: u32) -> (Micros, Micros) {
        let at = |v: &[Micros]| v.get(n as usize).copied().unwrap_or(0);
        (at(&self.upload), at(&self.download))
    }

    /// Holds what the stream on `slot` (of link `l`) carries next behind a message that leaves
    /// at `leave` (a lost one, sent again then): nothing after it arrives before it could.
    pub fn hold_behind(&mut self, slot: usize, l: usize, leave: Micros) {
        let least = match &self.delay {
            Delay::Uniform { min, .. } => *min,
            Delay::PerLink(v) => v[l],
            Delay::Jittered { base, max } => base[l].min(*max),
        };
        self.fifo[slot] = self.fifo[slot].max(leave + least);
    }

    /// The fixed one-way latency of link `l`, when latencies are fixed per link.
    pub fn fixed_latency(&self, l: usize) -> Option<Micros> {
        match &self.delay {
            Delay::PerLink(v) => v.get(l).copied(),
            Delay::Uniform { .. } | Delay::Jittered { .. } => None,
        }
    }

    /// Schedules a message leaving on `slot` (of link `link`) at `now`: when it arrives and
    /// whether it is lost.
    #[inline]
    pub fn schedule(&mut self, slot: usize, link: usize, now: Micros) -> (Micros, bool) {
        let latency = self.latency(link);
        let lost = self.loss > 0.0 && self.rng.chance(self.loss);
        (self.in_order(slot, now + latency), lost)
    }

    /// Schedules a datagram leaving on `slot` (of link `link`) at `now`: like
    /// [`Links::schedule`], but it keeps no order with what else the link carries, so it never
    /// waits behind a stream's resent message (and may pass another datagram).
    #[inline]
    pub fn schedule_datagram(&mut self, link: usize, now: Micros) -> (Micros, bool) {
        let latency = self.latency(link);
        let lost = self.loss > 0.0 && self.rng.chance(self.loss);
        (now + latency, lost)
    }

    /// Schedules a body of `tx` µs of transmission from node `ends.0` to node `ends.1` on
    /// `slot` (of link `link`), leaving at `now`. The sender's upload sends one body at a time
    /// over all its links, so the transfer starts when its upload is free; the receiver's
    /// download takes one at a time, so it ends no sooner than `tx` after the download's last
    /// transfer ended.
    pub fn transfer(
        &mut self,
        slot: usize,
        link: usize,
        ends: (u32, u32),
        now: Micros,
        tx: Micros,
    ) -> (Micros, bool) {
        let latency = self.latency(link);
        let lost = self.loss > 0.0 && self.rng.chance(self.loss);
        if self.upload.is_empty() {
            self.upload = vec![0; self.nodes];
            self.download = vec![0; self.nodes];
        }
        let (from, to) = (ends.0 as usize, ends.1 as usize);
        let sent = now.max(self.upload[from]) + tx;
        self.upload[from] = sent;
        let received = (sent + latency).max(self.download[to] + tx);
        self.download[to] = received;
        (self.in_order(slot, received), lost)
    }

    /// Node `n` stopped at `now`: what its upload and download had still to carry is
    /// abandoned, so after a restart it does not wait behind bodies it never finished.
    pub fn idle(&mut self, n: u32, now: Micros) {
        if let (Some(u), Some(d)) = (
            self.upload.get_mut(n as usize),
            self.download.get_mut(n as usize),
        ) {
            *u = (*u).min(now);
            *d = (*d).min(now);
        }
    }

    #[inline]
    fn latency(&mut self, link: usize) -> Micros {
        match &self.delay {
            Delay::Uniform { min, max } => self.rng.between(*min, *max),
            Delay::PerLink(v) => v[link],
            Delay::Jittered { base, max } => {
                let b = base[link];
                (b + self.rng.between(0, b / 10)).min(*max)
            }
        }
    }

    /// A link never reorders what it carries: an arrival is no earlier than the one before.
    #[inline]
    fn in_order(&mut self, slot: usize, at: Micros) -> Micros {
        let at = at.max(self.fifo[slot]);
        self.fifo[slot] = at;
        at
    }

    /// Whether link `l` is cut now.
    #[inline]
    pub fn is_cut(&self, l: usize) -> bool {
        self.state[l].cut
    }

    /// Whether link `l` carried a message sent at `sent` through to now: not cut since.
    #[inline]
    pub fn carried(&self, l: usize, sent: Micros) -> bool {
        !self.any_cut || !(self.state[l].cut || self.state[l].last_cut > sent)
    }

    /// Cuts or heals link `l` at `now`; whether that changed anything.
    pub fn set_cut(&mut self, l: usize, cut: bool, now: Micros) -> bool {
        if self.state[l].cut == cut {
            return false;
        }
        self.state[l].cut = cut;
        if cut {
            self.state[l].last_cut = now + 1;
            self.any_cut = true;
        }
        true
    }

    /// Every link that is cut now.
    pub fn cut_links(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.state.len()).filter(|&l| self.state[l].cut)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ids::NodeId;
    use crate::sim::rng::Stream;
    use crate::sim::topology::mesh;

    fn links(topo: &Topology, delay: Delay) -> Links {
        Links::new(topo, delay, 0.0, SimRng::new(1, Stream::Network))
    }

    /// The slot from `a` to `b`, and its link.
    fn slot(topo: &Topology, a: u32, b: u32) -> (usize, usize) {
        let start = topo.adj_offset(NodeId(a));
        let i = topo
            .neighbours(NodeId(a))
            .iter()
            .position(|&(r, _)| r == b)
            .unwrap();
        (start + i, topo.neighbours(NodeId(a))[i].1 as usize)
    }

    #[test]
    fn a_node_uploads_one_body_at_a_time_over_all_its_links() {
        let topo = mesh(5);
        let mut l = links(&topo, Delay::PerLink(vec![1_000; topo.links.len()]));
        // Node 0 sends a body to each of its three neighbours at once: they leave one after
        // another, each 500 µs of transmission.
        let mut arrivals: Vec<Micros> = (1..4)
            .map(|b| {
                let (s, k) = slot(&topo, 0, b);
                l.transfer(s, k, (0, b), 0, 500).0
            })
            .collect();
        arrivals.sort_unstable();
        assert_eq!(arrivals, [1_500, 2_000, 2_500]);
        // Small messages do not wait for the upload.
        let (s, k) = slot(&topo, 0, 4);
        assert_eq!(l.schedule(s, k, 0).0, 1_000);
    }

    #[test]
    fn a_stopped_node_does_not_wait_behind_the_bodies_it_abandoned() {
        let topo = mesh(4);
        let mut l = links(&topo, Delay::PerLink(vec![1_000; topo.links.len()]));
        let (s1, k1) = slot(&topo, 0, 1);
        let (s2, k2) = slot(&topo, 2, 0);
        // Node 0 queues two long bodies and downloads one, then stops at 1 ms and restarts.
        l.transfer(s1, k1, (0, 1), 0, 10_000);
        l.transfer(s1, k1, (0, 1), 0, 10_000);
        l.transfer(s2, k2, (2, 0), 0, 10_000);
        l.idle(0, 1_000);
        l.idle(9, 1_000); // (no such node: nothing happens)
        // Its next body leaves at once, not after the 20 ms it had queued, and the next one
        // it is sent comes in at once too.
        let (s, k) = slot(&topo, 0, 3);
        assert_eq!(l.transfer(s, k, (0, 3), 2_000, 500).0, 3_500);
        let (s, k) = slot(&topo, 3, 0);
        assert_eq!(l.transfer(s, k, (3, 0), 2_000, 500).0, 3_500);
        // Its connection to node 1 starts afresh too: what it sends there next does not wait
        // behind the two bodies (in order, they would hold it until 21 ms).
        l.restart_stream(s1, 1_000);
        assert_eq!(l.schedule(s1, k1, 4_000).0, 5_000);
    }

    #[test]
    fn a_datagram_does_not_wait_behind_the_stream_on_its_link() {
        let topo = mesh(2);
        let mut l = links(&topo, Delay::PerLink(vec![1_000; topo.links.len()]));
        let (s, k) = slot(&topo, 0, 1);
        // A stream message resent late (it left again at 50 ms) holds what follows on the
        // stream, but not a datagram.
        assert_eq!(l.schedule(s, k, 50_000).0, 51_000);
        assert_eq!(l.schedule(s, k, 0).0, 51_000);
        assert_eq!(l.schedule_datagram(k, 0).0, 1_000);
        // Nor does a datagram hold the stream.
        assert_eq!(l.schedule_datagram(k, 90_000).0, 91_000);
        assert_eq!(l.schedule(s, k, 60_000).0, 61_000);
    }

    #[test]
    fn a_node_downloads_one_body_at_a_time() {
        let topo = mesh(4);
        let mut l = links(&topo, Delay::PerLink(vec![1_000; topo.links.len()]));
        // Nodes 1, 2 and 3 each send node 0 a body at once: their uploads are free, node 0's
        // download takes them one after another.
        let mut arrivals: Vec<Micros> = (1..4)
            .map(|a| {
                let (s, k) = slot(&topo, a, 0);
                l.transfer(s, k, (a, 0), 0, 500).0
            })
            .collect();
        arrivals.sort_unstable();
        assert_eq!(arrivals, [1_500, 2_000, 2_500]);
    }

    #[test]
    fn jittered_links_keep_a_base_each_and_stay_within_the_range() {
        let topo = mesh(6);
        let base: Vec<Micros> = (0..topo.links.len() as u64)
            .map(|i| 10_000 + 3_400 * i)
            .collect();
        let max = 60_000;
        let mut l = links(
            &topo,
            Delay::Jittered {
                base: base.clone(),
                max,
            },
        );
        assert_eq!(l.max_latency(), max);
        for (link, &b) in base.iter().enumerate() {
            let (x, y) = topo.links[link];
            let (s, _) = slot(&topo, x.0, y.0);
            let mut seen = Vec::new();
            for k in 0..50u64 {
                // Far apart, so the link's order adds nothing.
                let at = l.schedule(s, link, k * 1_000_000).0 - k * 1_000_000;
                assert!(
                    at >= b && at <= (b + b / 10).min(max),
                    "link {link}: {at} from {b}"
                );
                seen.push(at);
            }
            seen.sort_unstable();
            seen.dedup();
            assert!(b >= max || seen.len() > 1, "no jitter on link {link}");
        }
    }
}
