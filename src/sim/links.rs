//! The link layer every lesson shares: how long one message takes on one link, loss, first in
//! first out per direction, a link busy while it sends a large body, and cuts. It knows nothing
//! of what messages mean; each engine puts its own on the queue at the time this returns.

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
    /// Per slot: until when it is busy sending a body (empty until the first transfer).
    busy: Vec<Micros>,
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
            busy: Vec::new(),
            any_cut: false,
        }
    }

    /// The longest a message can take on one link (transmission aside), µs.
    pub fn max_latency(&self) -> Micros {
        match &self.delay {
            Delay::Uniform { max, .. } => *max,
            Delay::PerLink(v) => v.iter().copied().max().unwrap_or(0),
        }
    }

    /// The fixed one-way latency of link `l`, when latencies are fixed per link.
    pub fn fixed_latency(&self, l: usize) -> Option<Micros> {
        match &self.delay {
            Delay::PerLink(v) => v.get(l).copied(),
            Delay::Uniform { .. } => None,
        }
    }

    /// Schedules a message leaving on `slot` (of link `link`) at `now` that takes `tx` µs to
    /// transmit: when it arrives and whether it is lost. A link sends one body at a time, so
    /// a transfer waits for the one before it.
    #[inline]
    pub fn schedule(
        &mut self,
        slot: usize,
        link: usize,
        now: Micros,
        tx: Micros,
    ) -> (Micros, bool) {
        let latency = match &self.delay {
            Delay::Uniform { min, max } => self.rng.between(*min, *max),
            Delay::PerLink(v) => v[link],
        };
        let lost = self.loss > 0.0 && self.rng.chance(self.loss);
        let mut sent = now;
        if tx > 0 {
            if self.busy.is_empty() {
                self.busy = vec![0; self.fifo.len()];
            }
            sent = now.max(self.busy[slot]) + tx;
            self.busy[slot] = sent;
        }
        let at = (sent + latency).max(self.fifo[slot]);
        self.fifo[slot] = at;
        (at, lost)
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
