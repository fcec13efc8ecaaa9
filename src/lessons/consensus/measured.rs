//! Measured beside theory: each number the page shows next to what the textbook formula says
//! for the same settings, with one line saying why they agree or where the model and the
//! formula part. The formulas are computed for the run's own shares, interval and measured
//! propagation time, never fitted to the run.

use crate::lessons::consensus::model::race;
use crate::lessons::consensus::model::{ChainEngine, Consensus};
use crate::sim::small::Dec;

/// One row of the panel.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// A stable key (for tests and the page's element ids).
    pub key: &'static str,
    /// What it is.
    pub label: &'static str,
    /// What the run measured.
    pub measured: String,
    /// What theory says, when there is a formula.
    pub theory: Option<String>,
    /// Why, in one line.
    pub why: String,
}

/// The chance that a slot has two or more leaders, exactly, for `shares` and `f`:
/// 1 − P(none) − P(exactly one), each peer leading with φ(σ) = 1 − (1 − f)^σ on its own.
pub fn multi_leader_share(shares: impl Iterator<Item = f64> + Clone, f: f64) -> f64 {
    let phi = |s: f64| 1.0 - libm::pow(1.0 - f, s);
    // P(none) = ∏(1 − φ) = (1 − f)^Σσ; P(one) = P(none) · Σ φ/(1 − φ).
    let total: f64 = shares.clone().sum();
    let none = libm::pow(1.0 - f, total);
    if f >= 1.0 {
        return if shares.filter(|&s| s > 0.0).count() > 1 {
            1.0
        } else {
            0.0
        };
    }
    let one = none * shares.map(|s| phi(s) / (1.0 - phi(s))).sum::<f64>();
    (1.0 - none - one).max(0.0)
}

/// The many-small-pools limit of [`multi_leader_share`]: 1 − (1 − f)(1 − ln(1 − f)).
pub fn many_pools_limit(f: f64) -> f64 {
    1.0 - (1.0 - f) * (1.0 - libm::log(1.0 - f))
}

/// The stale rate of proof of work when every block takes `d` to reach the other miners and
/// blocks come every `t` on average: a block by a miner of share σ meets a rival with chance
/// 1 − e^(−(1−σ)d/T); averaged over who makes the blocks.
pub fn stale_rate(shares: impl Iterator<Item = f64>, d: f64, t: f64) -> f64 {
    shares
        .map(|s| s * (1.0 - libm::exp(-(1.0 - s) * d / t)))
        .sum()
}

fn pct(v: f64) -> String {
    format!("{:.2} %", Dec(v * 100.0))
}

/// The panel's rows for the run so far.
pub fn lines(e: &ChainEngine) -> Vec<Line> {
    let m = e.metrics();
    let cfg = e.config();
    let n = cfg.participants;
    let shares = (0..n).map(|p| e.share(p));
    let praos = cfg.consensus == Consensus::Praos;
    let mut out = Vec::new();
    // Mean time between blocks: T for proof of work; a slot over f for Praos.
    let interval_s = if praos {
        f64::from(cfg.slot_ms) / 1_000.0 / cfg.active_slot_coeff
    } else {
        cfg.block_interval_s
    };
    let d_s = m.propagation.propagation_p50_ms.map(|ms| ms / 1_000.0);
    out.push(Line {
        key: "stale",
        label: "Stale blocks",
        measured: format!("{} of {} public blocks", pct(m.blocks.stale_rate), m.blocks.blocks_published),
        theory: d_s.map(|d| pct(stale_rate(shares.clone(), d, interval_s))),
        why: match d_s {
            Some(d) => format!(
                "1 − e^(−(1−α)d/T) with d = {} s (the median block's time to reach half the peers) and T = {} s{}",
                Dec((d * 1_000.0).round() / 1_000.0),
                Dec(interval_s),
                if praos {
                    " (a slot over f); slot battles come on top, and Praos counts slots, not a smooth clock"
                } else {
                    ""
                }
            ),
            None => "no block has reached half the peers yet".into(),
        },
    });
    if praos {
        let slots = m.run.slots.unwrap_or(0);
        let multi = m.blocks.multi_leader_slots.unwrap_or(0);
        let exact = multi_leader_share(shares.clone(), cfg.active_slot_coeff);
        out.push(Line {
            key: "multi",
            label: "Slots with several leaders",
            measured: format!(
                "{multi} of {slots} slots ({})",
                pct(if slots == 0 { 0.0 } else { multi as f64 / slots as f64 })
            ),
            theory: Some(pct(exact)),
            why: format!(
                "each peer leads a slot with chance 1 − (1 − f)^σ on its own; with f = {} and these stakes, two or more lead {} of slots (many small pools: {})",
                Dec(cfg.active_slot_coeff),
                pct(exact),
                pct(many_pools_limit(cfg.active_slot_coeff))
            ),
        });
    }
    out.push(Line {
        key: "battles",
        label: "Slot battles / height battles",
        measured: format!("{} / {}", m.blocks.forks.slot_battles, m.blocks.forks.height_battles),
        theory: None,
        why: if praos {
            "a slot battle is two leaders of one slot; a height battle, a leader that had not yet received the block before".into()
        } else {
            "proof of work has no slots: every fork is a miner finding a block before the last one reached it".into()
        },
    });
    out.push(Line {
        key: "rollback",
        label: "Deepest rollback",
        measured: format!("{} blocks", m.rollbacks.max_rollback_depth),
        theory: None,
        why: format!(
            "the most blocks an honest peer had adopted and then dropped for another chain ({} switches in all)",
            m.rollbacks.rollbacks
        ),
    });
    out.push(Line {
        key: "agree",
        label: "Tips in agreement",
        measured: pct(m.agreement.tips_agree_fraction),
        theory: None,
        why: "live peers whose chain ends at the most common tip; it dips each time a block is on its way".into(),
    });
    out.push(Line {
        key: "heal",
        label: "Agreement after the heal",
        measured: match (m.agreement.healed_at_ms, m.agreement.converged_ms_after_heal) {
            (None, _) => "—".into(),
            (Some(_), None) => "not yet".into(),
            (Some(_), Some(ms)) => format!("{} s", Dec((ms / 10.0).round() / 100.0)),
        },
        theory: None,
        why: "from the last heal until every live peer follows one chain: the shorter side rolls back".into(),
    });
    let depth = m.rollbacks.max_rollback_depth + 1;
    let q = cfg.adversary.map_or(0.0, |a| a.share);
    out.push(Line {
        key: "confirm",
        label: "Blocks deep to be safe",
        measured: format!("{depth} in this run"),
        theory: (q > 0.0).then(|| {
            format!(
                "attacker q = {}: {} exact, {} paper",
                Dec(q),
                Dec((race::rosenfeld(q, depth) * 1e6).round() / 1e6),
                Dec((race::nakamoto(q, depth) * 1e6).round() / 1e6)
            )
        }),
        why: if q > 0.0 {
            format!(
                "no block {depth} deep was rolled back in this run; against an attacker of share q, waiting that many blocks leaves the chance shown that a payment is reversed"
            )
        } else {
            format!(
                "no block {depth} deep was ever rolled back here; honest forks alone rarely go deeper, an attacker (set q) makes depth matter"
            )
        },
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_leader_share_matches_the_published_figure_and_a_direct_sum() {
        let equal = |n: usize| std::iter::repeat_n(1.0 / n as f64, n);
        let got = multi_leader_share(equal(1_000), 0.05);
        assert!((got - 0.001_269).abs() < 2e-6, "{got}");
        assert!((many_pools_limit(0.05) - 0.001_270).abs() < 2e-6);
        // Three unequal peers, summed over all eight outcomes.
        let s = [0.5, 0.3, 0.2];
        let f = 0.4;
        let phi: Vec<f64> = s.iter().map(|&x| 1.0 - (1.0f64 - f).powf(x)).collect();
        let mut multi = 0.0;
        for mask in 0u32..8 {
            let p: f64 = (0..3)
                .map(|i| {
                    if mask & (1 << i) != 0 {
                        phi[i]
                    } else {
                        1.0 - phi[i]
                    }
                })
                .product();
            if mask.count_ones() > 1 {
                multi += p;
            }
        }
        assert!((multi_leader_share(s.iter().copied(), f) - multi).abs() < 1e-12);
    }

    #[test]
    fn stale_rate_is_the_formula_for_equal_miners() {
        let ten = std::iter::repeat_n(0.1, 10);
        let want = 1.0 - (-0.9f64 * 20.0 / 600.0).exp();
        assert!((stale_rate(ten, 20.0, 600.0) - want).abs() < 1e-12);
    }

    #[test]
    fn every_line_has_a_reason_and_the_attacker_adds_theory() {
        use crate::lessons::consensus::model::{Adversary, ChainConfig};
        let mut e = ChainEngine::new(&ChainConfig {
            participants: 50,
            adversary: Some(Adversary {
                share: 0.2,
                confirmations: 3,
            }),
            ..ChainConfig::default()
        })
        .unwrap();
        e.advance_to(600 * crate::sim::time::SECOND);
        let lines = lines(&e);
        let keys: Vec<&str> = lines.iter().map(|l| l.key).collect();
        assert_eq!(
            keys,
            [
                "stale", "multi", "battles", "rollback", "agree", "heal", "confirm"
            ]
        );
        assert!(lines.iter().all(|l| l.why.len() > 30), "{lines:#?}");
        let confirm = lines.iter().find(|l| l.key == "confirm").unwrap();
        assert!(confirm.theory.as_deref().unwrap().contains("q = 0.2"));
        let stale = &lines[0];
        assert!(stale.theory.is_some() && stale.measured.contains("public blocks"));
    }
}
