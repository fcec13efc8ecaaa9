//! Who makes the next block. Proof of work: blocks are found as one Poisson process of rate
//! 1/T, each find going to a participant with probability equal to its share of the hash
//! power (the same as every participant mining its own Poisson process of rate share/T).
//! Praos: in every slot each participant is leader, independently, with probability
//! φ(σ) = 1 − (1 − f)^σ; slots without a leader are skipped in one geometric draw, and the
//! leaders of an active slot are found by binary search on the cumulative stake, so a slot
//! costs O(leaders · log participants), not O(participants).
//!
//! Every logarithm comes from `libm`, the same code natively and in wasm, so a seed gives the
//! same leaders everywhere.

use crate::sim::rng::{SimRng, Stream};

use super::config::{ChainConfig, Stake};

/// Shares of hash power or stake, and the draws that use them.
#[derive(Clone)]
pub struct Lottery {
    rng: SimRng,
    /// Per participant.
    shares: Vec<f64>,
    /// `cum[i]` = sum of the shares of participants below `i`; `cum[n]` = 1.
    cum: Vec<f64>,
    /// ln(1 − f), Praos.
    ln_idle: f64,
    f: f64,
}

impl Lottery {
    /// The shares of `cfg` (the adversary, P0, holds its share; the others split the rest as
    /// the stake setting says).
    pub fn new(cfg: &ChainConfig) -> Lottery {
        let n = cfg.participants as usize;
        let mut weights = vec![1.0; n];
        let honest_from = usize::from(cfg.adversary.is_some());
        if cfg.stake == Stake::Skewed {
            // Ranks 1..=m dealt out at random: rank r holds a share proportional to 1/r.
            let m = n - honest_from;
            let mut ranks: Vec<u32> = (1..=m as u32).collect();
            let mut rng = SimRng::new(cfg.seed, Stream::Stake);
            for i in (1..m).rev() {
                ranks.swap(i, rng.below(i as u32 + 1) as usize);
            }
            for (w, r) in weights[honest_from..].iter_mut().zip(ranks) {
                *w = 1.0 / f64::from(r);
            }
        }
        let honest: f64 = weights[honest_from..].iter().sum();
        let honest_share = cfg.adversary.map_or(1.0, |a| 1.0 - a.share);
        let mut shares: Vec<f64> = weights.iter().map(|w| w / honest * honest_share).collect();
        if let Some(a) = cfg.adversary {
            shares[0] = a.share;
        }
        let mut cum = Vec::with_capacity(n + 1);
        let mut acc = 0.0;
        cum.push(0.0);
        for s in &shares {
            acc += s;
            cum.push(acc);
        }
        // Rounding must not leave a gap at the top.
        cum[n] = 1.0;
        let f = cfg.active_slot_coeff;
        Lottery {
            rng: SimRng::new(cfg.seed, Stream::Lottery),
            shares,
            cum,
            ln_idle: libm::log(1.0 - f),
            f,
        }
    }

    /// Participant `i`'s share.
    pub fn share(&self, i: u32) -> f64 {
        self.shares[i as usize]
    }

    /// The participant whose cumulative range holds `x` in `[0, 1)`.
    fn holder(&self, x: f64) -> u32 {
        // First i with cum[i + 1] > x.
        (self.cum[1..].partition_point(|&c| c <= x)).min(self.shares.len() - 1) as u32
    }

    /// Proof of work: µs until the next block is found, for mean interval `mean_us`.
    pub fn wait_us(&mut self, mean_us: f64) -> u64 {
        let u = self.rng.fine_unit();
        (-mean_us * libm::log1p(-u)).round() as u64
    }

    /// Proof of work: who found it.
    pub fn finder(&mut self) -> u32 {
        let u = self.rng.fine_unit();
        self.holder(u)
    }

    /// Praos: how many slots without a leader come before the next slot with one.
    pub fn idle_slots(&mut self) -> u64 {
        if self.f >= 1.0 {
            return 0;
        }
        let u = self.rng.fine_unit();
        (libm::log1p(-u) / self.ln_idle).floor() as u64
    }

    /// Praos: the leaders of a slot known to have at least one, in id order, into `out`.
    pub fn leaders(&mut self, out: &mut Vec<u32>) {
        out.clear();
        if self.f >= 1.0 {
            // Every participant with stake leads (φ = 1).
            out.extend((0..self.shares.len() as u32).filter(|&i| self.shares[i as usize] > 0.0));
            return;
        }
        // The first leader, given that there is one: P(first ≤ i) = 1 − (1 − f)^cum[i + 1],
        // drawn as a uniform v in [0, f).
        let v = self.rng.fine_unit() * self.f;
        let mut i = self.holder(libm::log1p(-v) / self.ln_idle);
        out.push(i);
        loop {
            // The next leader after i: P(next ≤ j) = 1 − (1 − f)^(cum[j + 1] − cum[i + 1]).
            let u = self.rng.fine_unit();
            let x = self.cum[i as usize + 1] + libm::log1p(-u) / self.ln_idle;
            if x >= 1.0 {
                return;
            }
            let j = self.holder(x);
            if j <= i {
                return;
            }
            i = j;
            out.push(i);
        }
    }

    /// A block value for the tie-break (the leader's VRF output).
    pub fn value(&mut self) -> u64 {
        self.rng.word()
    }

    /// φ(σ): the chance that a participant of share σ leads a given slot.
    pub fn phi(&self, sigma: f64) -> f64 {
        1.0 - libm::pow(1.0 - self.f, sigma)
    }
}

#[cfg(test)]
mod tests {
    use super::super::config::{Adversary, Consensus};
    use super::*;

    fn praos(n: u32, f: f64) -> ChainConfig {
        ChainConfig {
            consensus: Consensus::Praos,
            participants: n,
            active_slot_coeff: f,
            ..ChainConfig::default()
        }
    }

    #[test]
    fn shares_sum_to_one_and_the_adversary_holds_its_own() {
        let mut cfg = praos(50, 0.05);
        cfg.stake = Stake::Skewed;
        cfg.adversary = Some(Adversary {
            share: 0.3,
            confirmations: 5,
            ..Adversary::default()
        });
        let l = Lottery::new(&cfg);
        let total: f64 = (0..50).map(|i| l.share(i)).sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert_eq!(l.share(0), 0.3);
        let mut s: Vec<f64> = (1..50).map(|i| l.share(i)).collect();
        s.sort_by(|a, b| b.total_cmp(a));
        // Zipf: the largest honest share is rank 1's, twice rank 2's.
        assert!((s[0] / s[1] - 2.0).abs() < 1e-9);
    }

    #[test]
    fn each_participant_leads_as_often_as_phi_of_its_stake() {
        // Two unequal participants and f = 0.5, so every outcome is frequent.
        let mut cfg = praos(3, 0.5);
        cfg.stake = Stake::Skewed;
        let mut l = Lottery::new(&cfg);
        let n = 400_000u64;
        let (mut slots, mut led, mut multi) = (0u64, [0u64; 3], 0u64);
        let mut out = Vec::new();
        while slots < n {
            slots += l.idle_slots() + 1;
            l.leaders(&mut out);
            for &i in &out {
                led[i as usize] += 1;
            }
            multi += u64::from(out.len() > 1);
        }
        for i in 0..3u32 {
            let want = l.phi(l.share(i));
            let got = led[i as usize] as f64 / slots as f64;
            let err = (want * (1.0 - want) / slots as f64).sqrt();
            assert!(
                (got - want).abs() < 5.0 * err,
                "participant {i}: {got} vs {want}"
            );
        }
        // Independence: P(no leader) = ∏(1 − φ) = 1 − f, and P(more than one) follows.
        let p: Vec<f64> = (0..3).map(|i| l.phi(l.share(i))).collect();
        let none = (1.0 - p[0]) * (1.0 - p[1]) * (1.0 - p[2]);
        let one: f64 = (0..3)
            .map(|i| {
                p[i] * (0..3)
                    .filter(|&j| j != i)
                    .map(|j| 1.0 - p[j])
                    .product::<f64>()
            })
            .sum();
        assert!((none - 0.5).abs() < 1e-12);
        let want = 1.0 - none - one;
        let got = multi as f64 / slots as f64;
        assert!(
            (got - want).abs() < 5.0 * (want / slots as f64).sqrt(),
            "{got} vs {want}"
        );
    }

    #[test]
    fn proof_of_work_finds_follow_shares_and_the_mean_interval() {
        let mut cfg = praos(4, 0.05);
        cfg.adversary = Some(Adversary {
            share: 0.1,
            confirmations: 1,
            ..Adversary::default()
        });
        let mut l = Lottery::new(&cfg);
        let n = 200_000;
        let mut total = 0u64;
        let mut found = [0u32; 4];
        for _ in 0..n {
            total += l.wait_us(600e6);
            found[l.finder() as usize] += 1;
        }
        let mean = total as f64 / n as f64;
        assert!((mean / 600e6 - 1.0).abs() < 0.01, "mean interval {mean}");
        assert!((f64::from(found[0]) / n as f64 - 0.1).abs() < 0.004);
        assert!((f64::from(found[3]) / n as f64 - 0.3).abs() < 0.006);
    }
}
