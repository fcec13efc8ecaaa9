//! One clock-synchronisation exchange, as NTP makes it (RFC 5905): the client stamps its
//! request t₁, the server its arrival t₂ and its reply t₃, the client the reply's arrival t₄.
//! Then the offset θ = ((t₂ − t₁) + (t₃ − t₄)) / 2 and the round-trip delay
//! δ = (t₄ − t₁) − (t₃ − t₂).
//!
//! Why |θ − true offset| ≤ δ/2: write o for the server's clock minus the client's at the
//! moment the server answers (t₂ = t₃ here), u and d for the request's and the reply's flight
//! as the client's clock counts them. Then t₂ − t₁ = o + u and t₃ − t₄ = o − d, so
//! θ = o + (u − d)/2 and δ = u + d. As long as the client's clock does not run backwards
//! during the exchange, u, d ≥ 0 and the error (u − d)/2 lies within ±δ/2. With fixed delays
//! u and d, the error is exactly (u − d)/2: no number of exchanges removes an asymmetry.

/// Samples each node keeps per server (NTP's clock filter keeps eight).
pub const WINDOW: usize = 8;

/// θ and δ from the four timestamps, µs.
pub fn offset_and_delay(t1: i64, t2: i64, t3: i64, t4: i64) -> (i64, i64) {
    let theta = ((t2 - t1) + (t3 - t4)).div_euclid(2);
    let delta = (t4 - t1) - (t3 - t2);
    (theta, delta)
}

/// One exchange's result.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Sample {
    /// Offset, µs (adjusted for every correction made since it was taken).
    pub theta: i64,
    /// Round-trip delay, µs.
    pub delta: i64,
    /// When it was taken (true time, µs): newer samples are preferred on ties, and only a
    /// sample newer than the last one used corrects the clock.
    pub at: u64,
}

/// The last few samples from one server.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    samples: Vec<Sample>,
}

impl Filter {
    /// Keeps `s`, dropping the oldest beyond [`WINDOW`].
    pub fn push(&mut self, s: Sample) {
        if self.samples.len() == WINDOW {
            self.samples.remove(0);
        }
        self.samples.push(s);
    }

    /// Forgets every sample (the server stopped answering).
    pub fn clear(&mut self) {
        self.samples.clear();
    }

    /// The clock was moved by `theta`: each kept offset is now that much less.
    pub fn corrected(&mut self, theta: i64) {
        for s in &mut self.samples {
            s.theta -= theta;
        }
    }

    /// The sample with the smallest delay, the newest among equals.
    pub fn best(&self) -> Option<Sample> {
        self.samples
            .iter()
            .copied()
            .reduce(|a, b| if b.delta <= a.delta { b } else { a })
    }

    /// Whether it holds any sample.
    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }
}

/// The best sample over a node's servers: the smallest delay, the newest among equals; with
/// which server (0 or 1) gave it.
pub fn choose(filters: &[Filter; 2]) -> Option<(usize, Sample)> {
    let a = filters[0].best().map(|s| (0, s));
    let b = filters[1].best().map(|s| (1, s));
    match (a, b) {
        (Some(x), Some(y)) => Some(
            if y.1.delta < x.1.delta || (y.1.delta == x.1.delta && y.1.at > x.1.at) {
                y
            } else {
                x
            },
        ),
        (x, y) => x.or(y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_timestamps_give_offset_and_delay() {
        // Server 50 ms ahead; 10 ms up, 30 ms down; the server answers at once.
        let t1 = 1_000_000;
        let t2 = t1 + 50_000 + 10_000;
        let t3 = t2;
        let t4 = t1 + 10_000 + 30_000;
        let (theta, delta) = offset_and_delay(t1, t2, t3, t4);
        assert_eq!(delta, 40_000);
        // The error is (up − down)/2 = −10 ms, within δ/2.
        assert_eq!(theta, 50_000 - 10_000);
        assert!((theta - 50_000).abs() <= delta / 2);
        // A server that takes 5 ms to answer: δ leaves it out.
        let (theta2, delta2) = offset_and_delay(t1, t2, t3 + 5_000, t4 + 5_000);
        assert_eq!((theta2, delta2), (theta, delta));
    }

    #[test]
    fn the_filter_keeps_eight_and_prefers_the_smallest_delay() {
        let mut f = Filter::default();
        assert!(f.best().is_none());
        for i in 0..10u64 {
            f.push(Sample {
                theta: i as i64,
                delta: 100 - (i as i64 % 3),
                at: i,
            });
        }
        // Samples 2..=9 remain; the smallest delay (98) was at 2, 5 and 8: the newest wins.
        assert_eq!(f.best().unwrap().at, 8);
        f.corrected(5);
        assert_eq!(f.best().unwrap().theta, 3);
        let mut g = Filter::default();
        g.push(Sample {
            theta: 0,
            delta: 97,
            at: 1,
        });
        assert_eq!(choose(&[f.clone(), g.clone()]).unwrap().0, 1);
        assert_eq!(choose(&[f.clone(), Filter::default()]).unwrap().0, 0);
        g.clear();
        assert!(g.is_empty());
        assert_eq!(choose(&[Filter::default(), g]), None);
    }
}
