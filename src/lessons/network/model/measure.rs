//! What a run measures, over a recent window of virtual time, so every number describes the
//! state the student sees rather than the whole history.
//!
//! The window is the last 20 s, or 64 link delays where links are slower than that allows. It
//! is kept as a ring of buckets; a delivery is filed under the bucket of the update's creation,
//! so "how many of the updates started then reached whom, how fast" can be read for any age.

use super::config::SimConfig;
use super::metrics::Histogram;
use crate::sim::time::{MS, Micros, SECOND, to_ms};
use crate::sim::topology::Topology;

/// Buckets in a window.
const BUCKETS: u64 = 20;
/// Delivery-time bins per link delay.
const BINS_PER_DELAY: usize = 4;
/// Delivery times are binned up to this many link delays; later ones share the last bin.
const MAX_DELAYS: usize = 64;
const BINS: usize = BINS_PER_DELAY * MAX_DELAYS + 1;
/// Deliveries later than this many link delays count as late in `late_or_missed_fraction`
/// (the rating's medium limit for delivery time: beyond it, a participant is no longer kept
/// up to date).
pub const LATE_AFTER_DELAYS: f64 = 16.0;

#[derive(Clone, Debug)]
struct Bucket {
    /// Which bucket of the run this is (time / width); `u64::MAX` when unused.
    index: u64,
    /// (Update, other live participant) pairs created in this bucket.
    expected: u64,
    /// Of those, delivered, by delivery time.
    hist: Vec<u32>,
    delivered: u64,
    /// Data messages sent during this bucket.
    data_messages: u64,
    /// Pairs of consecutive updates (the second created in this bucket) applied by two
    /// participants, and those applied in different orders.
    pairs: u64,
    disordered: u64,
}

impl Bucket {
    fn reset(&mut self, index: u64) {
        self.index = index;
        self.expected = 0;
        self.hist.fill(0);
        self.delivered = 0;
        self.data_messages = 0;
        self.pairs = 0;
        self.disordered = 0;
    }
}

/// The measurements of one run.
#[derive(Clone)]
pub struct Measure {
    /// Bucket width, µs.
    width: Micros,
    /// One link delay (the mean one-way latency), µs.
    delay: f64,
    buckets: Vec<Bucket>,
    /// Per slot: last time (+1) a participant got an update's data on it (0 = never).
    source: Vec<Micros>,
    /// Per node: last time (+1) it passed on somebody else's update (0 = never).
    routed: Vec<Micros>,
    /// Time for an update to reach every participant reachable when it started (whole run).
    reach_all: Histogram,
    /// Last time (+1) a participant received somebody else's update (0 = never).
    last_delivery: Micros,
    /// Start of the first update since the last delivery (+1, 0 = none).
    undelivered_since: Micros,
    /// The bucket of the present: (start, end, position in the ring).
    current: (Micros, Micros, usize),
}

impl Measure {
    /// Empty measurements for `topo` under `cfg`.
    pub fn new(cfg: &SimConfig, topo: &Topology) -> Measure {
        let delay = cfg.mean_latency_ms() * MS as f64;
        let window = (20 * SECOND).max((delay * MAX_DELAYS as f64) as Micros);
        Measure {
            width: window / BUCKETS,
            delay,
            buckets: (0..=BUCKETS)
                .map(|_| Bucket {
                    index: u64::MAX,
                    expected: 0,
                    hist: vec![0; BINS],
                    delivered: 0,
                    data_messages: 0,
                    pairs: 0,
                    disordered: 0,
                })
                .collect(),
            source: vec![0; topo.adj_len()],
            routed: vec![0; topo.len()],
            reach_all: Histogram::default(),
            last_delivery: 0,
            undelivered_since: 0,
            current: (0, 0, 0),
        }
    }

    /// The window, µs.
    pub fn window(&self) -> Micros {
        self.width * BUCKETS
    }

    /// The bucket of time `t` (which must not be in the future), reset if it held an older
    /// one; `None` if `t` is older than the ring.
    fn bucket(&mut self, t: Micros, now: Micros) -> Option<&mut Bucket> {
        let index = t / self.width;
        if index + BUCKETS < now / self.width {
            return None;
        }
        let b = &mut self.buckets[(index % (BUCKETS + 1)) as usize];
        if b.index != index {
            if b.index != u64::MAX && b.index > index {
                return None;
            }
            b.reset(index);
        }
        Some(b)
    }

    /// Buckets inside the window ending at `now`.
    fn window_buckets(&self, now: Micros) -> impl Iterator<Item = &Bucket> {
        let current = now / self.width;
        self.buckets.iter().filter(move |b| {
            b.index != u64::MAX && b.index <= current && b.index + BUCKETS >= current
        })
    }

    /// An update started at `now`, which `others` other live participants should receive.
    pub fn expect(&mut self, now: Micros, others: u32) {
        if others > 0 && self.undelivered_since == 0 {
            self.undelivered_since = now + 1;
        }
        if let Some(b) = self.bucket(now, now) {
            b.expected += u64::from(others);
        }
    }

    /// A participant received an update created at `created`, `took` µs later.
    pub fn delivered(&mut self, created: Micros, took: Micros) {
        let now = created + took;
        self.last_delivery = now + 1;
        self.undelivered_since = 0;
        let bin = ((took as f64 / self.delay.max(1.0)) * BINS_PER_DELAY as f64) as usize;
        if let Some(b) = self.bucket(created, now) {
            b.hist[bin.min(BINS - 1)] += 1;
            b.delivered += 1;
        }
    }

    /// A pair of consecutive updates, the second created at `second`, was applied by another
    /// participant (`new_pair`: the second to apply both), and was now seen in both orders
    /// (`disorder`).
    pub fn pair(&mut self, second: Micros, new_pair: bool, disorder: bool, now: Micros) {
        if let Some(b) = self.bucket(second, now) {
            b.pairs += u64::from(new_pair);
            b.disordered += u64::from(disorder);
        }
    }

    /// A participant got an update's data on `slot`.
    pub fn source(&mut self, slot: usize, now: Micros) {
        self.source[slot] = now + 1;
    }

    /// `node` passed on somebody else's update.
    pub fn routed(&mut self, node: u32, now: Micros) {
        self.routed[node as usize] = now + 1;
    }

    /// A data message was sent.
    #[inline]
    pub fn data_message(&mut self, now: Micros) {
        // The current bucket, found without a division while `now` stays in it.
        if now >= self.current.0 && now < self.current.1 {
            self.buckets[self.current.2].data_messages += 1;
            return;
        }
        let width = self.width;
        if let Some(b) = self.bucket(now, now) {
            b.data_messages += 1;
            let index = now / width;
            self.current = (
                index * width,
                (index + 1) * width,
                (index % (BUCKETS + 1)) as usize,
            );
        }
    }

    /// An update reached everyone it could, `took` µs after it started.
    pub fn reached_all(&mut self, took: Micros) {
        self.reach_all.record(took);
    }

    /// Whether `t` (+1, 0 = never) falls in the window ending at `now`.
    fn recent(&self, t: Micros, now: Micros) -> bool {
        t > 0 && t - 1 + self.window() >= now
    }
}

/// What the window ending now holds, and the run's propagation times.
#[derive(Clone, Debug, PartialEq)]
pub struct Window {
    /// How long it is, ms (shorter at the start of a run).
    pub window_ms: f64,
    /// Nodes that passed on somebody else's update in it.
    pub routers: u32,
    /// Data messages per delivery.
    pub messages_per_delivery: Option<f64>,
    /// 99th percentile of delivery times, in link delays, and in ms.
    pub delivery_p99_delays: Option<f64>,
    /// The same in ms.
    pub delivery_p99_ms: Option<f64>,
    /// Deliveries due that came late (after 16 link delays) or never.
    pub late_or_missed_fraction: Option<f64>,
    /// Time since any participant last received somebody else's update, ms.
    pub since_last_delivery_ms: f64,
    /// How long nothing has reached anyone, once it is longer than 16 link delays, ms.
    pub stalled_ms: Option<f64>,
    /// Distinct neighbours a live participant got updates from, on average.
    pub sources_per_participant: Option<f64>,
    /// Pairs of consecutive updates applied by two participants, and of those, in different
    /// orders.
    pub ordered_pairs: u64,
    /// See `ordered_pairs`.
    pub disordered_pairs: u64,
    /// Median and 99th percentile of the time for an update to reach everyone (whole run).
    pub propagation_p50_ms: Option<f64>,
    /// See `propagation_p50_ms`.
    pub propagation_p99_ms: Option<f64>,
}

impl Measure {
    /// What the window ending at `now` holds; `down` says who is down.
    pub fn read(&self, now: Micros, topo: &Topology, down: impl Fn(u32) -> bool) -> Window {
        // Network: routers and messages per delivery.
        let routers = self.routed.iter().filter(|&&t| self.recent(t, now)).count() as u32;
        let (mut data, mut delivered, mut pairs, mut disordered) = (0u64, 0u64, 0u64, 0u64);
        let mut hist = vec![0u64; BINS];
        for b in self.window_buckets(now) {
            data += b.data_messages;
            delivered += b.delivered;
            pairs += b.pairs;
            disordered += b.disordered;
            for (h, &x) in hist.iter_mut().zip(&b.hist) {
                *h += u64::from(x);
            }
        }
        // Liveliness: delivery time (p99 of deliveries in the window) and the share of
        // deliveries late or missing among updates old enough to tell.
        let p99_bin = (delivered > 0).then(|| {
            let rank = (delivered as f64 * 0.99).ceil() as u64;
            let mut seen = 0;
            hist.iter()
                .position(|&h| {
                    seen += h;
                    seen >= rank
                })
                .unwrap_or(BINS - 1)
        });
        let delivery_p99_delays = p99_bin.map(|b| (b + 1) as f64 / BINS_PER_DELAY as f64);
        let late_limit = (LATE_AFTER_DELAYS * self.delay) as Micros;
        let late_bins = (LATE_AFTER_DELAYS as usize) * BINS_PER_DELAY;
        let (mut old_expected, mut old_on_time) = (0u64, 0u64);
        for b in self.window_buckets(now) {
            if (b.index + 1) * self.width + late_limit <= now {
                old_expected += b.expected;
                old_on_time += b.hist[..late_bins]
                    .iter()
                    .map(|&h| u64::from(h))
                    .sum::<u64>();
            }
        }
        let late_or_missed_fraction =
            (old_expected > 0).then(|| 1.0 - (old_on_time as f64 / old_expected as f64).min(1.0));
        let mut sources = 0u64;
        let mut listening = 0u64;
        for &p in &topo.participants {
            if down(p.0) {
                continue;
            }
            let base = topo.adj_offset(p);
            let k = (base..base + topo.neighbours(p).len())
                .filter(|&s| self.recent(self.source[s], now))
                .count() as u64;
            if k > 0 {
                sources += k;
                listening += 1;
            }
        }
        let since_last = to_ms(now - self.last_delivery.saturating_sub(1).min(now));
        Window {
            window_ms: to_ms(self.window().min(now.max(1))),
            routers,
            messages_per_delivery: (delivered > 0).then(|| data as f64 / delivered as f64),
            delivery_p99_delays,
            delivery_p99_ms: delivery_p99_delays.map(|d| d * self.delay / MS as f64),
            late_or_missed_fraction,
            since_last_delivery_ms: since_last,
            stalled_ms: (self.undelivered_since > 0
                && self.undelivered_since - 1 + late_limit < now)
                .then_some(since_last),
            sources_per_participant: (listening > 0).then(|| sources as f64 / listening as f64),
            ordered_pairs: pairs,
            disordered_pairs: disordered,
            propagation_p50_ms: self.reach_all.quantile(0.5).map(to_ms),
            propagation_p99_ms: self.reach_all.quantile(0.99).map(to_ms),
        }
    }
}
