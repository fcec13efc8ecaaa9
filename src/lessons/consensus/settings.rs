//! The consensus page's settings: its limits, the form's fields as typed, and the config they
//! describe (or the one field at fault, and why). A link with more peers than the page draws
//! opens the default instead, saying so.

use super::link::{Decoded, Scenario, decode};
use super::model::{
    Adversary, ChainConfig, ClockSkew, Consensus, Latency, Stake, Strategy, TieBreak,
};
use crate::shell::link;
use crate::sim::small::Dec;

/// Most peers the page accepts.
pub const PAGE_MAX_PEERS: u32 = 3_000;

/// A refused setting: the id of its field, and why.
pub type SettingError = (&'static str, String);

/// A decoded link as the page can show it: more peers than it draws is refused with a
/// sentence (the runner takes such links; the page shows its default instead).
pub fn for_the_page(d: Decoded) -> (Scenario, Vec<String>) {
    let mut problems = d.problems;
    if d.scenario.cfg.participants > PAGE_MAX_PEERS {
        problems.push(format!(
            "This link has {} peers; this page draws at most {PAGE_MAX_PEERS} (archsim chain --scenario runs it). Showing the default scenario.",
            d.scenario.cfg.participants
        ));
        return (page_default(), problems);
    }
    (d.scenario, problems)
}

/// What a link opens on the page: the default scenario for an empty one.
pub fn open(fragment: &str) -> (Scenario, Vec<String>) {
    if fragment.trim_start_matches('#').is_empty() {
        return (page_default(), Vec::new());
    }
    for_the_page(decode(fragment))
}

/// The scenario a bare address opens: 200 peers of Praos, starting a minute in.
pub fn page_default() -> Scenario {
    Scenario {
        cfg: ChainConfig {
            participants: 200,
            degree: 6,
            active_slot_coeff: 0.1,
            ..ChainConfig::default()
        },
        time_ms: 60_000,
        speed: 4.0,
        playing: true,
        log: Vec::new(),
    }
}

/// The settings form's fields, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Leaders by: `pow` or `praos`.
    pub consensus: String,
    /// Peers.
    pub participants: String,
    /// Links per peer.
    pub degree: String,
    /// Proof of work: the mean block interval, s.
    pub interval: String,
    /// Praos: the active slot coefficient.
    pub f: String,
    /// Latency range, `lo-hi` ms.
    pub latency: String,
    /// Block size, kB.
    pub block_kb: String,
    /// Bandwidth, Mbit/s.
    pub bandwidth: String,
    /// `equal` or `skewed`.
    pub stake: String,
    /// Between equal chains: `lowest` or `first-seen`.
    pub tie: String,
    /// Seed.
    pub seed: String,
    /// The attacker's share (0: none).
    pub attacker: String,
    /// Confirmations the merchant waits for.
    pub confirmations: String,
    /// What the attacker does: `double-spend` or `selfish`.
    pub strategy: String,
    /// Selfish mining: the share of honest power on the attacker's side in a tie.
    pub gamma: String,
    /// The peer whose clock is set apart (`P5`; empty: none).
    pub skew_peer: String,
    /// How far its clock is ahead, ms (negative: behind).
    pub skew_ms: String,
}

impl Settings {
    /// The fields for `c`.
    pub fn of(c: &ChainConfig) -> Settings {
        let (lo, hi) = match &c.latency {
            Latency::Range { min_ms, max_ms } => (*min_ms, *max_ms),
            Latency::Classes { .. } => (10, 100),
        };
        Settings {
            consensus: c.consensus.name().into(),
            participants: c.participants.to_string(),
            degree: c.degree.to_string(),
            interval: Dec(c.block_interval_s).to_string(),
            f: Dec(c.active_slot_coeff).to_string(),
            latency: format!("{lo}-{hi}"),
            block_kb: c.block_kb.to_string(),
            bandwidth: Dec(c.bandwidth_mbps).to_string(),
            stake: c.stake.name().into(),
            tie: c.tie.name().into(),
            seed: c.seed.to_string(),
            attacker: c.adversary.map_or("0".into(), |a| Dec(a.share).to_string()),
            confirmations: c.adversary.map_or(6, |a| a.confirmations).to_string(),
            strategy: c
                .adversary
                .map_or(Strategy::DoubleSpend, |a| a.strategy)
                .name()
                .into(),
            gamma: Dec(c.adversary.map_or(0.0, |a| a.gamma)).to_string(),
            skew_peer: c
                .clock_skew
                .map_or(String::new(), |k| format!("P{}", k.peer)),
            skew_ms: c.clock_skew.map_or("0".into(), |k| k.offset_ms.to_string()),
        }
    }

    /// The config these fields describe, or the first field that is wrong and why.
    pub fn apply(&self, base: &ChainConfig) -> Result<ChainConfig, SettingError> {
        let whole = |id: &'static str, v: &str, lo: u64, hi: u64| -> Result<u64, SettingError> {
            link::whole::<u64>(v.trim(), lo, hi).map_err(|e| (id, e))
        };
        let real = |id: &'static str, v: &str, lo: f64, hi: f64| -> Result<f64, SettingError> {
            link::real(v.trim(), lo, hi).map_err(|e| (id, e))
        };
        let mut c = base.clone();
        c.consensus = Consensus::parse(&self.consensus).unwrap_or(c.consensus);
        c.participants = whole("set-n", &self.participants, 2, PAGE_MAX_PEERS.into())? as u32;
        c.degree = whole("set-deg", &self.degree, 1, 64)? as u32;
        c.block_interval_s = real("set-interval", &self.interval, 1.0, 3_600.0)?;
        c.active_slot_coeff = real("set-f", &self.f, 0.001, 1.0)?;
        let (lo, hi) = link::span(&self.latency, 0, 5_000).map_err(|e| ("set-lat", e))?;
        c.latency = Latency::Range {
            min_ms: lo,
            max_ms: hi,
        };
        c.block_kb = whole("set-kb", &self.block_kb, 1, 10_000)? as u32;
        c.bandwidth_mbps = real("set-bw", &self.bandwidth, 0.1, 10_000.0)?;
        c.stake = Stake::parse(&self.stake).unwrap_or(c.stake);
        c.tie = TieBreak::parse(&self.tie).unwrap_or(c.tie);
        c.seed = whole("set-seed", &self.seed, 0, u64::from(u32::MAX))?;
        let q = real("set-q", &self.attacker, 0.0, 0.9)?;
        c.adversary = (q > 0.0).then_some(Adversary {
            share: q,
            confirmations: 6,
            ..Adversary::default()
        });
        if let Some(a) = &mut c.adversary {
            a.confirmations = whole("set-z", &self.confirmations, 1, 50)? as u32;
            a.strategy = Strategy::parse(&self.strategy).unwrap_or(a.strategy);
            a.gamma = real("set-gamma", &self.gamma, 0.0, 1.0)?;
        }
        let skew = real("set-skew", &self.skew_ms, -60_000.0, 60_000.0)? as i32;
        c.clock_skew = if self.skew_peer.trim().is_empty() || skew == 0 {
            None
        } else {
            let peer = self
                .skew_peer
                .trim()
                .strip_prefix('P')
                .and_then(|x| x.parse::<u32>().ok())
                .filter(|&p| p < c.participants)
                .ok_or((
                    "set-skew-peer",
                    format!("expected a peer from P0 to P{}", c.participants - 1),
                ))?;
            Some(ClockSkew {
                peer,
                offset_ms: skew,
            })
        };
        c.validate().map_err(|e| ("set-n", e.to_string()))?;
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_name_the_field_at_fault() {
        let base = page_default().cfg;
        let s = Settings::of(&base);
        assert_eq!(s.apply(&base).unwrap(), base);
        let with = |f: fn(&mut Settings)| {
            let mut t = s.clone();
            f(&mut t);
            t
        };
        let bad: [(Settings, &str, &str); 8] = [
            (with(|t| t.participants = "1".into()), "set-n", "2 to 3000"),
            (
                with(|t| t.participants = "9000".into()),
                "set-n",
                "2 to 3000",
            ),
            (with(|t| t.latency = "90-10".into()), "set-lat", "range"),
            (with(|t| t.f = "2".into()), "set-f", "0.001 to 1"),
            (with(|t| t.attacker = "0.95".into()), "set-q", "0 to 0.9"),
            (
                with(|t| {
                    t.skew_peer = "P999".into();
                    t.skew_ms = "100".into();
                }),
                "set-skew-peer",
                "P0 to P199",
            ),
            (with(|t| t.seed = "x".into()), "set-seed", "whole number"),
            (with(|t| t.degree = "500".into()), "set-deg", "1 to 64"),
        ];
        for (settings, field, needle) in bad {
            let (id, why) = settings.apply(&base).unwrap_err();
            assert_eq!(id, field, "{why}");
            assert!(why.contains(needle), "{why}");
        }
        // An attacker and a clock set apart come through.
        let c = with(|t| {
            t.attacker = "0.3".into();
            t.confirmations = "4".into();
            t.skew_peer = "P5".into();
            t.skew_ms = "-1500".into();
        })
        .apply(&base)
        .unwrap();
        assert_eq!(
            c.adversary.map(|a| (a.share, a.confirmations)),
            Some((0.3, 4))
        );
        assert_eq!(
            c.clock_skew.map(|k| (k.peer, k.offset_ms)),
            Some((5, -1_500))
        );
    }

    #[test]
    fn a_link_with_more_peers_than_the_page_draws_opens_the_default() {
        let (s, problems) = open("#l=chain&v=1&n=5000&deg=8");
        assert_eq!(s, page_default());
        assert!(problems[0].contains("at most 3000"), "{problems:?}");
        let (s, problems) = open("");
        assert_eq!(s, page_default());
        assert!(problems.is_empty());
        let (s, _) = open("#l=chain&v=1&n=300&deg=8");
        assert_eq!(s.cfg.participants, 300);
    }
}
