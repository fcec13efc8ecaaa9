//! Seeded randomness. Every draw in a run comes from PCG32 (`rand_pcg::Pcg32`), a fixed algorithm
//! that gives the same numbers natively and in wasm. Each concern draws from its own stream of the
//! same seed, so that, for example, the workload (which participant starts which update, when) is
//! identical in all three architectures of one scenario.

use rand_core::Rng as _;
use rand_pcg::Pcg32;

/// The independent streams one run draws from.
#[derive(Copy, Clone, Debug)]
pub enum Stream {
    /// Peer-to-peer graph wiring.
    Topology = 1,
    /// Link latency jitter and loss.
    Network = 2,
    /// When updates start and at which participant.
    Workload = 3,
    /// Clock offsets and drifts.
    Clocks = 4,
    /// Timer phases (so heartbeats do not all fire at once).
    Timers = 5,
    /// Who makes the next block: proof-of-work finds, slot leaders, block values.
    Lottery = 6,
    /// Which delay class each link belongs to, or its base latency.
    LinkClasses = 7,
    /// How stake is spread over the participants.
    Stake = 8,
    /// Delays of application messages, kept apart from the network's other draws so that a
    /// lesson's background traffic (clock synchronisation) is the same whatever it carries.
    Messages = 9,
}

/// A seeded generator for one stream.
#[derive(Clone, Debug)]
pub struct SimRng(Pcg32);

impl SimRng {
    /// The generator for `stream` of run `seed`.
    pub fn new(seed: u64, stream: Stream) -> Self {
        // Spread the user's seed over the state so nearby seeds give unrelated runs.
        let state = splitmix64(seed ^ ((stream as u64) << 56));
        SimRng(Pcg32::new(state, stream as u64))
    }

    /// A uniform number in `0..n` (`n > 0`), by Lemire's multiply-shift (bias below 2^-32·n).
    #[inline]
    pub fn below(&mut self, n: u32) -> u32 {
        ((u64::from(self.0.next_u32()) * u64::from(n)) >> 32) as u32
    }

    /// A uniform number in `lo..=hi`.
    #[inline]
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        let span = hi - lo + 1;
        if span <= u64::from(u32::MAX) {
            lo + u64::from(self.below(span as u32))
        } else {
            lo + self.0.next_u64() % span
        }
    }

    /// A uniform float in `[0, 1)`.
    #[inline]
    pub fn unit(&mut self) -> f64 {
        (self.0.next_u32() >> 8) as f64 / (1u32 << 24) as f64
    }

    /// A uniform float in `[0, 1)` with the full 53 bits of precision (for draws whose tail
    /// matters, such as exponential waiting times).
    #[inline]
    pub fn fine_unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniform 64-bit number.
    #[inline]
    pub fn word(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// True with probability `p`.
    #[inline]
    pub fn chance(&mut self, p: f64) -> bool {
        p > 0.0 && self.unit() < p
    }

    /// A uniform signed number in `-max..=max`.
    pub fn symmetric(&mut self, max: i64) -> i64 {
        if max <= 0 {
            return 0;
        }
        self.between(0, 2 * max as u64) as i64 - max
    }
}

/// SplitMix64, the standard seed scrambler.
pub const fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_numbers_other_stream_other_numbers() {
        let a: Vec<u32> = (0..8)
            .map({
                let mut r = SimRng::new(7, Stream::Network);
                move |_| r.below(1000)
            })
            .collect();
        let b: Vec<u32> = (0..8)
            .map({
                let mut r = SimRng::new(7, Stream::Network);
                move |_| r.below(1000)
            })
            .collect();
        let c: Vec<u32> = (0..8)
            .map({
                let mut r = SimRng::new(7, Stream::Workload);
                move |_| r.below(1000)
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn ranges_hold() {
        let mut r = SimRng::new(1, Stream::Timers);
        for _ in 0..10_000 {
            assert!(r.below(7) < 7);
            let x = r.between(10, 20);
            assert!((10..=20).contains(&x));
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
            assert!(r.symmetric(5).abs() <= 5);
        }
        assert!(!r.chance(0.0));
    }

    /// Counts within three standard errors of `n·p`.
    fn near(count: u32, n: u32, p: f64) -> bool {
        let (n, c) = (f64::from(n), f64::from(count));
        (c - n * p).abs() <= 3.0 * (n * p * (1.0 - p)).sqrt()
    }

    #[test]
    fn draws_are_uniform_over_their_whole_range() {
        let mut r = SimRng::new(3, Stream::Network);
        let n = 44_000;
        // Every value of 10..=20 comes up about as often as the others.
        let mut seen = [0u32; 11];
        for _ in 0..n {
            seen[(r.between(10, 20) - 10) as usize] += 1;
        }
        assert!(seen.iter().all(|&c| near(c, n, 1.0 / 11.0)), "{seen:?}");
        assert_eq!(r.between(7, 7), 7);
        assert_eq!(r.between(9, 3), 9);
        // A span wider than 32 bits reaches its top half too, and stays inside.
        let (lo, hi) = (1u64 << 40, 1u64 << 41);
        let big: Vec<u64> = (0..1_000).map(|_| r.between(lo, hi)).collect();
        assert!(big.iter().all(|x| (lo..=hi).contains(x)));
        let upper = big.iter().filter(|&&x| x > lo + (hi - lo) / 2).count() as u32;
        assert!(near(upper, 1_000, 0.5), "{upper}");
        // Symmetric draws reach both ends, and average about zero.
        let s: Vec<i64> = (0..n).map(|_| r.symmetric(3)).collect();
        assert!(s.contains(&-3) && s.contains(&3));
        let below = s.iter().filter(|&&x| x < 0).count() as u32;
        assert!(near(below, n, 3.0 / 7.0), "{below}");
        assert_eq!(r.symmetric(0), 0);
        // Words use all 64 bits.
        let words: Vec<u64> = (0..1_000).map(|_| r.word()).collect();
        let high = words.iter().filter(|&&w| w >> 63 == 1).count() as u32;
        assert!(near(high, 1_000, 0.5), "{high}");
        assert!(words.windows(2).all(|w| w[0] != w[1]));
        // Units average a half; fine units too.
        let mean = (0..n).map(|_| r.unit()).sum::<f64>() / f64::from(n);
        assert!(
            (mean - 0.5).abs() < 3.0 * (1.0 / 12.0 / f64::from(n)).sqrt(),
            "{mean}"
        );
        let fine: Vec<f64> = (0..n).map(|_| r.fine_unit()).collect();
        assert!(fine.iter().all(|u| (0.0..1.0).contains(u)));
        let mean = fine.iter().sum::<f64>() / f64::from(n);
        assert!(
            (mean - 0.5).abs() < 3.0 * (1.0 / 12.0 / f64::from(n)).sqrt(),
            "{mean}"
        );
    }

    #[test]
    fn a_chance_comes_true_as_often_as_it_says() {
        let mut r = SimRng::new(5, Stream::Network);
        let n = 20_000;
        for p in [0.01, 0.3, 0.5, 0.9] {
            let hits = (0..n).filter(|_| r.chance(p)).count() as u32;
            assert!(near(hits, n, p), "{p}: {hits}");
        }
        assert!((0..1_000).all(|_| r.chance(1.0)));
        assert!((0..1_000).all(|_| !r.chance(-0.5)));
    }
}
