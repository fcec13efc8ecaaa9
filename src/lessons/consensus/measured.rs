//! Measured beside theory: each number the page shows next to what the textbook formula says
//! for the same settings, with one line saying why they agree or where the model and the
//! formula part. The formulas are computed for the run's own shares, interval and measured
//! propagation time, never fitted to the run.

use serde::Serialize;

use crate::lessons::consensus::model::metrics::Histogram;
use crate::lessons::consensus::model::race;
use crate::lessons::consensus::model::{ChainEngine, ChainMetrics, Consensus};
use crate::shell::text::{count, duration};
use crate::sim::small::Dec;

/// The key of every row the panel can show, in its order (tours name them
/// `measured.<key>` and `theory.<key>`).
pub const ROW_KEYS: &[&str] = &[
    "stale",
    "stale_slot",
    "stale_height",
    "stale_other",
    "spread",
    "multi",
    "rollback",
    "agree",
    "heal",
    "settle",
    "growth",
    "quality",
    "revenue",
    "confirm",
];

/// One row of the panel, and of the runner's `theory` list (`{key, measured, theory, why}`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Line {
    /// A stable key (for tests, tours and the page's element ids).
    pub key: &'static str,
    /// What it is.
    #[serde(skip)]
    pub label: &'static str,
    /// What the run measured, as a number (none: not yet).
    pub measured: Option<f64>,
    /// The same, as the page shows it.
    #[serde(skip)]
    pub measured_text: String,
    /// What theory says, when there is a formula.
    pub theory: Option<f64>,
    /// The same, as the page shows it.
    #[serde(skip)]
    pub theory_text: Option<String>,
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

/// The stale rate of proof of work for the measured arrival times, by the same growth
/// periods as [`praos_stale`] in continuous time. Blocks are found as a Poisson process, one
/// every T. A period starts with a block that makes the chain longer; a find t later grows
/// the chain if its miner holds that block — it made it (chance about Σσ²) or D ≤ t — and is
/// otherwise a height battle. With G(t) = (1 − Σσ²)·P(D > t) and S(t) = e^(−∫(1 − G)/T) the
/// chance the chain has not grown by t, a period holds E = ∫ S·G/T dt failed finds and one
/// that grew it: stale rate E/(1 + E). For a fixed delay d and small d/T this is the
/// textbook's 1 − e^(−(1−α)d/T); it is lower when late blocks are themselves beaten (a
/// rival made during a battle is not a second battle).
pub fn pow_stale(
    shares: impl Iterator<Item = f64> + Clone,
    arrivals: &Histogram,
    t_s: f64,
) -> Option<f64> {
    let total: f64 = shares.clone().sum();
    if arrivals.count() == 0 || total <= 0.0 || t_s <= 0.0 {
        return None;
    }
    let own = shares.map(|s| s * s).sum::<f64>() / (total * total);
    let t_ms = t_s * 1_000.0;
    let steps = arrivals.tail_steps();
    let (mut not_grown, mut failed) = (1.0, 0.0);
    for w in steps.windows(2) {
        let ((from, late), (to, _)) = (w[0], w[1]);
        let g = (1.0 - own) * late;
        let decay = libm::exp(-(1.0 - g) * (to - from) / t_ms);
        failed += not_grown * g / (1.0 - g) * (1.0 - decay);
        not_grown *= decay;
    }
    Some(failed / (1.0 + failed))
}

/// Praos's stale rate, in two parts: (slot battles, height battles), each a share of all
/// blocks made; the second is `None` until a block has reached another peer.
///
/// Peer i leads a slot with φᵢ = 1 − (1 − f)^σᵢ, on its own. Per slot, E[K] = Σφᵢ blocks are
/// made, and a slot has a leader with chance a = 1 − Π(1 − φᵢ).
///
/// - **Slot battles.** The leaders of one slot build on the same tip; one of their blocks can
///   stay on the chain, the others go stale. Alone this gives 1 − a/E[K], which for many small
///   stakes tends to 1 − f/(−ln(1 − f)) (2.52 % at f = 0.05), whatever the latency.
/// - **Height battles.** The chain grows in periods. A period starts at the slot g that made
///   a new highest block; that block reaches a peer D later (D: every measured arrival of
///   every public block). The next active slot, j slots on, grows the chain if its leader
///   holds the block — it made it (chance about Σσ²), or D ≤ jL — and otherwise builds
///   beside it, at the same height: a height battle. Let Gⱼ = (1 − Σσ²)·P(D > jL) and
///   Sⱼ = Sⱼ₋₁·(1 − a(1 − Gⱼ)) the chance the chain has not grown j slots on (S₀ = 1). A
///   period holds E = Σⱼ Sⱼ₋₁·a·Gⱼ active slots that failed to grow it, besides the one that
///   did, and each active slot makes E[K]/a blocks; one block per period stays.
///
/// Stale rate = 1 − a / (E[K]·(1 + E)); the slot-battle part is 1 − a/E[K], the rest is the
/// height battles'. When every block arrives within its slot, E = 0 and only slot battles
/// remain. Approximations: a leader that missed the period's first block but holds a later
/// one at the same height is counted as missing it (a little high); every receiver sees the
/// same delays.
pub fn praos_stale(
    shares: impl Iterator<Item = f64> + Clone,
    f: f64,
    slot_ms: f64,
    arrivals: &Histogram,
) -> (f64, Option<f64>) {
    let total: f64 = shares.clone().sum();
    let made: f64 = shares.clone().map(|s| 1.0 - libm::pow(1.0 - f, s)).sum();
    let a = 1.0 - libm::pow(1.0 - f, total);
    if made <= 0.0 || total <= 0.0 {
        return (0.0, Some(0.0));
    }
    let own = shares.map(|s| s * s).sum::<f64>() / (total * total);
    let slot = 1.0 - a / made;
    if arrivals.count() == 0 {
        return (slot, None);
    }
    let (mut not_grown, mut failed) = (1.0, 0.0);
    for late in arrivals.survival(slot_ms) {
        let g = (1.0 - own) * late;
        failed += not_grown * a * g;
        not_grown *= 1.0 - a * (1.0 - g);
    }
    let stale = 1.0 - a / (made * (1.0 + failed));
    (slot, Some(stale - slot))
}

fn pct(v: f64) -> String {
    format!("{:.2} %", Dec(v * 100.0))
}

fn share_of(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

impl Line {
    fn new(key: &'static str, label: &'static str, measured: Option<f64>, text: String) -> Line {
        Line {
            key,
            label,
            measured,
            measured_text: text,
            theory: None,
            theory_text: None,
            why: String::new(),
        }
    }

    fn theory(mut self, v: Option<f64>, text: impl FnOnce(f64) -> String) -> Line {
        self.theory_text = v.map(text);
        self.theory = v;
        self
    }

    fn why(mut self, why: impl Into<String>) -> Line {
        self.why = why.into();
        self
    }
}

/// The panel's rows for the run so far.
pub fn lines(e: &ChainEngine) -> Vec<Line> {
    lines_of(e, &e.metrics())
}

/// The same, from metrics `m` already taken of `e`.
pub fn lines_of(e: &ChainEngine, m: &ChainMetrics) -> Vec<Line> {
    let mut out = stale_lines(e, m);
    let stale = out.first().and_then(|l| l.theory);
    out.extend(chain_lines(e, m, stale));
    out
}

/// The stale rate and its parts by cause, beside their theory.
fn stale_lines(e: &ChainEngine, m: &ChainMetrics) -> Vec<Line> {
    let cfg = e.config();
    let n = cfg.participants;
    let shares = (0..n).map(|p| e.share(p));
    let praos = cfg.consensus == Consensus::Praos;
    let published = m.blocks.blocks_published;
    let forks = &m.blocks.forks;
    let mut out = Vec::new();
    let arrivals = e.arrivals();
    let (slot_part, height_part) = if praos {
        let (s, h) = praos_stale(
            shares.clone(),
            cfg.active_slot_coeff,
            f64::from(cfg.slot_ms),
            arrivals,
        );
        (Some(s), h)
    } else {
        (
            None,
            pow_stale(shares.clone(), arrivals, cfg.block_interval_s),
        )
    };
    let total = match (slot_part, height_part) {
        (Some(s), Some(h)) => Some(s + h),
        (None, h) => h,
        (Some(_), None) => None,
    };
    let other = forks.partition + forks.withheld;
    out.push(
        Line::new(
            "stale",
            "Stale blocks",
            Some(m.blocks.stale_rate),
            format!("{} of {published} public blocks", pct(m.blocks.stale_rate)),
        )
        .theory(total, pct)
        .why(match (total, other) {
            (None, _) => "no block has reached another peer yet".to_string(),
            (Some(_), 0) if praos => "slot battles plus height battles, the two rows below; the run's own stakes, f and measured arrival times".into(),
            (Some(_), 0) => "height battles only (no slots): the row below".into(),
            (Some(_), _) => format!(
                "the formula covers {} only; {other} forks here came from a split or a withheld chain, which no formula of the protocol predicts",
                if praos { "slot and height battles" } else { "height battles" }
            ),
        }),
    );
    if praos {
        let f = cfg.active_slot_coeff;
        out.push(
            Line::new(
                "stale_slot",
                "… from slot battles",
                Some(share_of(forks.slot_battles, published)),
                format!("{} ({})", pct(share_of(forks.slot_battles, published)), count(forks.slot_battles, "fork", "forks")),
            )
            .theory(slot_part, pct)
            .why(format!(
                "a slot with k leaders keeps one block and leaves k − 1; for these stakes at f = {} that is the share shown, whatever the latency (many small pools: 1 − f/(−ln(1 − f)) = {})",
                Dec(f),
                pct(1.0 - f / -libm::log(1.0 - f))
            )),
        );
    }
    let slot_ms = f64::from(cfg.slot_ms);
    let late = if praos {
        arrivals.mean_of(|d| if d > slot_ms { 1.0 } else { 0.0 })
    } else {
        None
    };
    out.push(
        Line::new(
            "stale_height",
            "… from height battles",
            Some(share_of(forks.height_battles, published)),
            format!("{} ({})", pct(share_of(forks.height_battles, published)), count(forks.height_battles, "fork", "forks")),
        )
        .theory(height_part, pct)
        .why(match (praos, late) {
            (true, Some(late)) => format!(
                "the next leader had not yet received the block: {} of arrivals took longer than a slot ({} ms); none would mean no height battles",
                pct(late),
                cfg.slot_ms
            ),
            (true, None) => "the next leader had not yet received the block; no arrival measured yet".into(),
            (false, _) => format!(
                "another miner found a block before this one reached it, over the measured arrival times, T = {} s (close to the textbook's 1 − e^(−(1−α)d/T))",
                Dec(cfg.block_interval_s)
            ),
        }),
    );
    out.push(
        Line::new(
            "stale_other",
            "… from splits and withheld chains",
            Some(share_of(other, published)),
            format!("{} ({} split, {} withheld)", pct(share_of(other, published)), forks.partition, forks.withheld),
        )
        .why("made apart during a split, or withheld and published later by the attacker: the scenario's, so no formula; a winning one leaves the blocks it overtook stale too"),
    );
    out
}

/// How deep the settlement row and plot look: the merchant's confirmations (6 without an
/// attacker), 1 to 10.
pub fn settle_depth(cfg: &crate::lessons::consensus::model::ChainConfig) -> usize {
    cfg.adversary.map_or(6, |a| a.confirmations).clamp(1, 10) as usize
}

/// Settlement, chain growth and chain quality (the Praos paper's properties), and the selfish
/// miner's take.
fn property_lines(e: &ChainEngine, m: &ChainMetrics, stale: Option<f64>) -> Vec<Line> {
    let cfg = e.config();
    let mut out = Vec::new();
    // Settlement: the share of blocks once k deep that later left, for k up to the
    // merchant's confirmations (6 without an attacker), beside the race's chance.
    let z = settle_depth(cfg);
    let curve = &m.rollbacks.settlement[..z.min(m.rollbacks.settlement.len())];
    let q = cfg
        .adversary
        .filter(|a| a.strategy == crate::lessons::consensus::model::Strategy::DoubleSpend)
        .map(|a| a.share);
    let list = |v: &mut dyn Iterator<Item = f64>| {
        v.enumerate()
            .map(|(i, x)| format!("{}: {}", i + 1, pct(x)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push(
        Line::new(
            "settle",
            "Blocks once k deep that left",
            curve.last().copied(),
            list(&mut curve.iter().copied()),
        )
        .theory(q.map(|q| race::rosenfeld(q, z as u32)), |_| {
            list(&mut (1..=z as u32).map(|k| race::rosenfeld(q.unwrap_or(0.0), k)))
        })
        .why(match q {
            Some(q) => format!(
                "k = 1 … {z}: of blocks honest peers once had k deep, the share later dropped; theory: the chance an attacker of share {} overtakes the one block it races (most blocks are never raced)",
                Dec(q)
            ),
            None => format!(
                "k = 1 … {z}: of blocks honest peers once had k deep, the share later dropped"
            ),
        }),
    );
    let (made, active) = if cfg.consensus == Consensus::Praos {
        let f = cfg.active_slot_coeff;
        let per_slot: f64 = (0..cfg.participants)
            .map(|p| 1.0 - libm::pow(1.0 - f, e.share(p)))
            .sum();
        (per_slot * 60_000.0 / f64::from(cfg.slot_ms), true)
    } else {
        (60.0 / cfg.block_interval_s, false)
    };
    let honest_run = cfg.adversary.is_none();
    out.push(
        Line::new(
            "growth",
            "Chain growth",
            Some(m.properties.chain_growth_per_min),
            format!(
                "{} blocks a minute",
                Dec((m.properties.chain_growth_per_min * 100.0).round() / 100.0)
            ),
        )
        .theory(
            stale.filter(|_| honest_run).map(|st| made * (1.0 - st)),
            |g| format!("{} blocks a minute", Dec((g * 100.0).round() / 100.0)),
        )
        .why(if active {
            "blocks made a minute less those the stale-rate theory says go stale"
        } else {
            "blocks found a minute (one every T) less those the stale-rate theory says go stale"
        }),
    );
    let selfish = m.adversary.as_ref().filter(|a| a.strategy == "selfish");
    out.push(
        Line::new(
            "quality",
            "Chain quality",
            m.properties.chain_quality,
            m.properties
                .chain_quality
                .map_or("—".into(), |c| format!("{} honest", pct(c))),
        )
        .theory(
            if honest_run {
                Some(1.0)
            } else {
                selfish.and_then(|a| a.revenue_theory).map(|r| 1.0 - r)
            },
            |c| format!("{} honest", pct(c)),
        )
        .why("of the last blocks (up to 2,048) of the chain most peers follow, the share honest peers made"),
    );
    if let Some(a) = m.adversary.as_ref().filter(|a| a.strategy == "selfish") {
        let g = a.gamma.unwrap_or(0.0);
        out.push(
            Line::new(
                "revenue",
                "The selfish miner's take",
                a.revenue_share,
                a.revenue_share.map_or("no block settled yet".into(), |r| {
                    format!("{} of {} settled blocks", pct(r), a.settled_blocks)
                }),
            )
            .theory(a.revenue_theory, pct)
            .why(format!(
                "Eyal and Sirer's closed form for a share α = {} of the power and γ = {}: withholding blocks pays when the take beats α, which at γ = 0 takes more than a third of the power",
                Dec(a.share),
                Dec(g)
            )),
        );
    }
    out
}

/// Leaders, rollbacks, agreement and depth.
fn chain_lines(e: &ChainEngine, m: &ChainMetrics, stale: Option<f64>) -> Vec<Line> {
    let cfg = e.config();
    let shares = (0..cfg.participants).map(|p| e.share(p));
    let mut out = Vec::new();
    let p = &m.propagation;
    let ms = |v: Option<f64>| v.map_or("—".into(), |v| duration(v.round() as u64));
    out.push(
        Line::new(
            "spread",
            "Blocks reaching the peers",
            p.propagation_p95_ms,
            if p.propagation_blocks == 0 {
                "no block has reached 95 % of the peers yet".into()
            } else {
                format!(
                    "half in {}, 95 % in {} ({})",
                    ms(p.propagation_p50_ms),
                    ms(p.propagation_p95_ms),
                    count(p.propagation_blocks, "block", "blocks")
                )
            },
        )
        .why("typical time from a block's making until half, then 95 %, of the peers had it, over the blocks that got that far; the stale-rate theory reads every arrival"),
    );
    if cfg.consensus == Consensus::Praos {
        let slots = m.run.slots.unwrap_or(0);
        let multi = m.blocks.multi_leader_slots.unwrap_or(0);
        let exact = multi_leader_share(shares.clone(), cfg.active_slot_coeff);
        out.push(
            Line::new(
                "multi",
                "Slots with several leaders",
                Some(share_of(multi, slots)),
                format!("{multi} of {slots} slots ({})", pct(share_of(multi, slots))),
            )
            .theory(Some(exact), pct)
            .why(format!(
                "each peer leads a slot with chance 1 − (1 − f)^σ on its own; with f = {} and these stakes, two or more lead {} of slots (many small pools: {})",
                Dec(cfg.active_slot_coeff),
                pct(exact),
                pct(many_pools_limit(cfg.active_slot_coeff))
            )),
        );
    }
    out.push(
        Line::new(
            "rollback",
            "Deepest rollback",
            Some(f64::from(m.rollbacks.max_rollback_depth)),
            format!(
                "{}{}",
                if m.rollbacks.max_rollback_at_least { "at least " } else { "" },
                count(m.rollbacks.max_rollback_depth.into(), "block", "blocks")
            ),
        )
        .why(format!(
            "the most blocks an honest peer had adopted and then dropped for another chain ({} in all){}{}",
            count(m.rollbacks.rollbacks, "switch", "switches"),
            if cfg.consensus == Consensus::Praos {
                format!("; Praos accepts none deeper than k = {}", cfg.k)
            } else {
                String::new()
            },
            match m.rollbacks.refused_switches {
                0 => String::new(),
                r => format!(": {r} times a peer weighed a longer chain and refused it for needing one, so the split stays"),
            }
        )),
    );
    out.push(
        Line::new(
            "agree",
            "Tips in agreement",
            Some(m.agreement.tips_agree_fraction),
            pct(m.agreement.tips_agree_fraction),
        )
        .why("live peers whose chain ends at the most common tip; it dips each time a block is on its way"),
    );
    let heal = match (
        m.agreement.healed_at_ms,
        m.agreement.converged_ms_after_heal,
    ) {
        (None, _) => (None, "—".to_string()),
        (Some(_), None) => (None, "not yet".into()),
        (Some(_), Some(ms)) => (Some(ms), duration(ms.round() as u64)),
    };
    out.push(
        Line::new("heal", "Agreement after the heal", heal.0, heal.1)
            .why("from the last heal until every live peer follows one chain: the shorter side rolls back (on equal lengths, the side that loses the tie-break)"),
    );
    out.extend(property_lines(e, m, stale));
    out.push(confirm_line(cfg, m));
    out
}

/// How deep is safe: against a double-spender, its races at the merchant's confirmations
/// beside the race's chance; otherwise the deepest rollback this run saw.
fn confirm_line(cfg: &crate::lessons::consensus::model::ChainConfig, m: &ChainMetrics) -> Line {
    let racer = m
        .adversary
        .as_ref()
        .filter(|a| a.strategy == "double-spend");
    if let Some(a) = racer {
        let z = a.confirmations;
        return Line::new(
            "confirm",
            "The attacker's races",
            a.simulated,
            format!(
                "caught up in {} of {} races ({}); {} reversed",
                a.caught_up,
                a.races,
                a.simulated.map_or("—".into(), pct),
                count(a.reversals, "payment", "payments")
            ),
        )
        .theory(Some(a.exact), |x| {
            format!(
                "q = {}, {z} blocks: {} exact, {} paper",
                Dec(a.share),
                pct(x),
                pct(a.paper)
            )
        })
        .why(format!(
            "the merchant waits for {z} blocks; the chance the attacker's private chain ever catches up from that far behind"
        ));
    }
    let depth = m.rollbacks.max_rollback_depth + 1;
    Line::new(
        "confirm",
        "Blocks deep to be safe",
        Some(f64::from(depth)),
        format!("{depth} in this run"),
    )
    .why(if cfg.adversary.is_some() {
        format!(
            "no block {depth} deep was ever rolled back here; with a selfish miner, every branch it publishes and wins with rolls honest peers back"
        )
    } else {
        format!(
            "no block {depth} deep was ever rolled back here; honest forks alone rarely go deeper, an attacker (set q) makes depth matter"
        )
    })
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

    fn arrivals(ms: &[u64]) -> Histogram {
        let mut h = Histogram::default();
        for &t in ms {
            h.add(t * 1_000);
        }
        h
    }

    #[test]
    fn pow_stale_for_a_fixed_delay_is_the_growth_period_closed_form() {
        // Ten equal miners, every block 3 s late, T = 60 s: G = 0.9 for t < d, so
        // E = (0.9/0.1)(1 − e^(−0.1 d/T)) and the stale rate is E/(1 + E).
        let ten = std::iter::repeat_n(0.1, 10);
        let h = arrivals(&[3_000; 5]);
        let d = 3_000.5 / 60_000.0;
        let e = 9.0 * (1.0 - (-0.1f64 * d).exp());
        let got = pow_stale(ten.clone(), &h, 60.0).unwrap();
        assert!((got - e / (1.0 + e)).abs() < 1e-9, "{got}");
        // Close under the textbook's 1 − e^(−(1−α)d/T) for small d/T.
        let textbook = 1.0 - (-0.9 * d).exp();
        assert!(got < textbook && got > 0.95 * textbook);
        assert_eq!(pow_stale(ten, &Histogram::default(), 60.0), None);
    }

    #[test]
    fn praos_stale_is_slot_battles_alone_when_blocks_arrive_within_a_slot() {
        let equal = || std::iter::repeat_n(0.001, 1_000);
        let (slot, height) = praos_stale(equal(), 0.05, 1_000.0, &arrivals(&[5, 300, 998]));
        assert_eq!(height, Some(0.0));
        assert!(
            (slot - (1.0 - 0.05 / -(0.95f64).ln())).abs() < 1e-4,
            "{slot}"
        );
        // Before any arrival the height part is unknown, not zero.
        assert_eq!(
            praos_stale(equal(), 0.05, 1_000.0, &Histogram::default()).1,
            None
        );
    }

    #[test]
    fn praos_height_battles_follow_the_slots_a_late_block_misses() {
        // Every block 2.5 s late with one-second slots: the next two active slots' leaders
        // miss it. By hand: S₁ = 1 − a·(1 − g), failed = a·g + S₁·a·g, g = 1 − Σσ².
        let equal = || std::iter::repeat_n(0.01, 100);
        let f = 0.2;
        let (slot, height) = praos_stale(equal(), f, 1_000.0, &arrivals(&[2_500]));
        let made: f64 = 100.0 * (1.0 - (1.0f64 - f).powf(0.01));
        let a = f;
        let g = 1.0 - 0.01;
        let failed = a * g + (1.0 - a * (1.0 - g)) * a * g;
        let want = 1.0 - a / (made * (1.0 + failed));
        assert!(
            (slot + height.unwrap() - want).abs() < 1e-9,
            "{slot} {height:?} {want}"
        );
        // Later blocks, more battles.
        let later = praos_stale(equal(), f, 1_000.0, &arrivals(&[4_500]))
            .1
            .unwrap();
        assert!(later > height.unwrap());
    }

    #[test]
    fn every_line_has_a_reason_and_the_attacker_adds_theory() {
        use crate::lessons::consensus::model::{Adversary, ChainConfig};
        let mut e = ChainEngine::new(&ChainConfig {
            participants: 50,
            adversary: Some(Adversary {
                share: 0.2,
                confirmations: 3,
                ..Adversary::default()
            }),
            ..ChainConfig::default()
        })
        .unwrap();
        e.advance_to(600 * crate::sim::time::SECOND);
        let lines = lines(&e);
        let keys: Vec<&str> = lines.iter().map(|l| l.key).collect();
        // Every row is one tours can name, in the listed order.
        let listed: Vec<&str> = ROW_KEYS
            .iter()
            .copied()
            .filter(|k| keys.contains(k))
            .collect();
        assert_eq!(listed, keys);
        assert_eq!(
            keys,
            [
                "stale",
                "stale_slot",
                "stale_height",
                "stale_other",
                "spread",
                "multi",
                "rollback",
                "agree",
                "heal",
                "settle",
                "growth",
                "quality",
                "confirm"
            ]
        );
        assert!(lines.iter().all(|l| l.why.len() > 30), "{lines:#?}");
        // The race is quoted at the merchant's confirmations, with the races counted, however
        // deep this run's rollbacks went.
        let confirm = lines.iter().find(|l| l.key == "confirm").unwrap();
        let adv = e.metrics().adversary.unwrap();
        assert!(adv.races > 0, "{adv:?}");
        assert_eq!(confirm.theory, Some(race::rosenfeld(0.2, 3)));
        assert_eq!(confirm.measured, adv.simulated);
        let text = confirm.theory_text.as_deref().unwrap();
        assert!(text.contains("q = 0.2, 3 blocks"), "{text}");
        assert!(
            confirm.measured_text.contains(&format!(
                "caught up in {} of {} races",
                adv.caught_up, adv.races
            )),
            "{}",
            confirm.measured_text
        );
        let stale = &lines[0];
        assert!(stale.theory.is_some() && stale.measured_text.contains("public blocks"));
        // The theory's parts add up to its whole.
        let part = |k: &str| lines.iter().find(|l| l.key == k).unwrap();
        let theory = part("stale_slot").theory.unwrap() + part("stale_height").theory.unwrap();
        assert!((theory - stale.theory.unwrap()).abs() < 1e-12);
        // A split's forks are named as outside the formula.
        let mut e = ChainEngine::new(&ChainConfig {
            participants: 20,
            active_slot_coeff: 0.2,
            faults: vec![crate::sim::fault::ScheduledFault {
                at_ms: 10_000,
                fault: crate::sim::fault::FaultSpec::Partition {
                    side: (0..10).map(|i| format!("P{i}")).collect(),
                },
            }],
            ..ChainConfig::default()
        })
        .unwrap();
        e.advance_to(300 * crate::sim::time::SECOND);
        let lines = super::lines(&e);
        assert!(lines[3].measured.unwrap() > 0.0, "{:?}", lines[3]);
        assert!(lines[0].why.contains("from a split"), "{}", lines[0].why);
    }
}
