//! The double-spend race in closed form, to print beside what the simulation measures.
//!
//! An attacker with share q starts a private chain at the block before a payment; the honest
//! participants (share p = 1 − q) extend the public one. The merchant hands over the goods
//! after z confirmations. The attacker wins if its chain ever becomes as long as the honest
//! one after that (from a deficit of k blocks it ever catches up with probability (q/p)^k).

/// The Bitcoin paper's figure (§11): the attacker's progress while the honest chain makes z
/// blocks taken as Poisson with mean z·q/p.
pub fn nakamoto(q: f64, z: u32) -> f64 {
    let p = 1.0 - q;
    if q >= p {
        return 1.0;
    }
    let lambda = f64::from(z) * q / p;
    let mut poisson = libm::exp(-lambda);
    let mut sum = 1.0;
    for k in 0..=z {
        if k > 0 {
            poisson *= lambda / f64::from(k);
        }
        sum -= poisson * (1.0 - powi(q / p, z - k));
    }
    sum
}

/// The exact figure (Rosenfeld 2014): the attacker's progress while the honest chain makes z
/// blocks is negative binomial, 1 − Σ_{m=0..z} C(m+z−1, m)(p^z q^m − q^z p^m).
pub fn rosenfeld(q: f64, z: u32) -> f64 {
    let p = 1.0 - q;
    if q >= p {
        return 1.0;
    }
    let mut sum = 1.0;
    // C(m + z − 1, m), built up term by term.
    let mut c = 1.0;
    for m in 0..=z {
        if m > 0 {
            c *= f64::from(m + z - 1) / f64::from(m);
        }
        sum -= c * (powi(p, z) * powi(q, m) - powi(q, z) * powi(p, m));
    }
    sum
}

/// The deficit at which the attacker gives a race up: catching up from there has a chance
/// below one in a billion, so giving up changes the measured rate by less than that.
pub fn give_up_deficit(q: f64) -> u32 {
    let ratio = q / (1.0 - q);
    if ratio >= 1.0 {
        return u32::MAX;
    }
    let mut d = 1;
    let mut chance = ratio;
    while chance >= 1e-9 && d < 10_000 {
        chance *= ratio;
        d += 1;
    }
    d
}

fn powi(x: f64, n: u32) -> f64 {
    (0..n).fold(1.0, |acc, _| acc * x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_papers_table_and_the_exact_form() {
        // Bitcoin paper §11, q = 0.1: z = 0 → 1, z = 5 → 0.0009137, z = 10 → 0.0000012.
        assert!((nakamoto(0.1, 0) - 1.0).abs() < 1e-12);
        assert!((nakamoto(0.1, 5) - 0.000_913_7).abs() < 5e-8);
        assert!((nakamoto(0.1, 10) - 0.000_001_2).abs() < 5e-8);
        // q = 0.3, z = 5 → 0.1773523.
        assert!((nakamoto(0.3, 5) - 0.177_352_3).abs() < 5e-8);
        // Rosenfeld 2014, q = 0.1, z = 5.
        assert!((rosenfeld(0.1, 5) - 0.001_781_8).abs() < 5e-8);
        // One confirmation, summed directly: with chance p the honest block comes first and
        // the attacker is one behind (catches up with chance q/p); otherwise it already has.
        let (q, p) = (0.25f64, 0.75f64);
        let direct = p * (q / p) + (1.0 - p);
        assert!((rosenfeld(q, 1) - direct).abs() < 1e-12);
    }

    #[test]
    fn a_majority_always_wins_and_giving_up_is_safe() {
        assert_eq!(rosenfeld(0.5, 6), 1.0);
        assert_eq!(nakamoto(0.6, 6), 1.0);
        assert_eq!(give_up_deficit(0.5), u32::MAX);
        let d = give_up_deficit(0.1);
        assert!(powi(1.0 / 9.0, d) < 1e-9 && powi(1.0 / 9.0, d - 1) >= 1e-9);
    }
}
