//! Every knob of a blockchain run, and the checks it passes before any work is done.

use serde::{Deserialize, Serialize};

use crate::sim::check::{latency_range, range_f64, range_u32, validate_faults};
use crate::sim::error::ConfigError;
use crate::sim::fault::ScheduledFault;
use crate::sim::topology::Shape;

/// How the next block's maker is chosen.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Consensus {
    /// Proof of work: every participant finds blocks at random, at a rate set by its share of
    /// the hash power.
    Pow,
    /// Ouroboros Praos: time is cut into slots; each slot, each participant is leader with a
    /// chance set by its stake.
    Praos,
}

impl Consensus {
    /// Its name on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Consensus::Pow => "pow",
            Consensus::Praos => "praos",
        }
    }

    /// The consensus named `s`.
    pub fn parse(s: &str) -> Option<Consensus> {
        match s {
            "pow" => Some(Consensus::Pow),
            "praos" => Some(Consensus::Praos),
            _ => None,
        }
    }
}

/// How shares of hash power or stake are spread.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stake {
    /// Everyone the same.
    Equal,
    /// Zipf-like: the participant of rank r holds a share proportional to 1/r, so a few large
    /// pools and many small ones; ranks are dealt out at random.
    Skewed,
}

impl Stake {
    /// Its name on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Stake::Equal => "equal",
            Stake::Skewed => "skewed",
        }
    }

    /// The distribution named `s`.
    pub fn parse(s: &str) -> Option<Stake> {
        match s {
            "equal" => Some(Stake::Equal),
            "skewed" => Some(Stake::Skewed),
            _ => None,
        }
    }
}

/// Which of two equally long chains a participant keeps.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TieBreak {
    /// The one it saw first (Bitcoin).
    FirstSeen,
    /// The one whose tip has the lower block value (Praos's deterministic rule).
    Lowest,
    /// The lower block value only when the two tips' slots are at most
    /// [`RESTRICTED_SLOTS`] apart; otherwise the peer keeps its own (Cardano since Conway).
    Restricted,
}

/// How many slots apart two tips may be for the restricted tie-break to compare them.
pub const RESTRICTED_SLOTS: u32 = 5;

impl TieBreak {
    /// Its name on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            TieBreak::FirstSeen => "first-seen",
            TieBreak::Lowest => "lowest",
            TieBreak::Restricted => "restricted",
        }
    }

    /// The rule named `s`.
    pub fn parse(s: &str) -> Option<TieBreak> {
        match s {
            "first-seen" => Some(TieBreak::FirstSeen),
            "lowest" => Some(TieBreak::Lowest),
            "restricted" => Some(TieBreak::Restricted),
            _ => None,
        }
    }
}

/// How long messages take on the links.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Latency {
    /// Each link's one-way latency drawn once, uniformly in `min_ms..=max_ms`, plus up to a
    /// tenth more for every message, never past `max_ms`.
    Range {
        /// Shortest, ms.
        min_ms: u32,
        /// Longest, ms.
        max_ms: u32,
    },
    /// Each link is short, medium or long with equal chance; the class is the time one hop
    /// takes for a block of the configured size (announce, request, body), ms.
    Classes {
        /// One-hop times, ms.
        hop_ms: Vec<u32>,
    },
}

/// One peer whose clock is set apart from the rest (the timing lesson).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockSkew {
    /// The peer.
    pub peer: u32,
    /// How far ahead (positive) or behind its clock is, ms.
    pub offset_ms: i32,
}

/// What the attacker (peer P0) does.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// The Bitcoin paper's double spend: a private chain from the block before a payment,
    /// published once longer than the honest chain after the merchant's confirmations.
    DoubleSpend,
    /// Eyal and Sirer's selfish mining: keeps its blocks private while ahead and publishes
    /// them to waste honest work.
    Selfish,
}

impl Strategy {
    /// Its name on the command line and in links.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::DoubleSpend => "double-spend",
            Strategy::Selfish => "selfish",
        }
    }

    /// The strategy named `s`.
    pub fn parse(s: &str) -> Option<Strategy> {
        match s {
            "double-spend" => Some(Strategy::DoubleSpend),
            "selfish" => Some(Strategy::Selfish),
            _ => None,
        }
    }
}

/// The attacker, peer P0.
#[derive(Copy, Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Adversary {
    /// Its share of hash power or stake.
    pub share: f64,
    /// Confirmations the merchant waits for (double spend).
    pub confirmations: u32,
    /// What it does.
    pub strategy: Strategy,
    /// Selfish mining: the share of honest power that builds on the attacker's block when it
    /// ties the honest one (the honest peers that hear it first).
    pub gamma: f64,
}

impl Default for Adversary {
    fn default() -> Self {
        Adversary {
            share: 0.1,
            confirmations: 6,
            strategy: Strategy::DoubleSpend,
            gamma: 0.0,
        }
    }
}

/// Every knob of one blockchain run. `Default` is the lesson's scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChainConfig {
    /// How block makers are chosen.
    pub consensus: Consensus,
    /// Peers.
    pub participants: u32,
    /// Mean peer degree (participants − 1: everyone linked to everyone).
    pub degree: u32,
    /// Seed of every random draw.
    pub seed: u64,
    /// Link latency.
    pub latency: Latency,
    /// Chance that one attempt to send a message is lost; the sender sends it again after a
    /// retransmission timeout (200 ms + twice the longest latency), as TCP does.
    pub loss: f64,
    /// Proof of work: mean time between blocks, s.
    pub block_interval_s: f64,
    /// Praos: the chance that a slot has a leader, f.
    pub active_slot_coeff: f64,
    /// Praos: slot length, ms.
    pub slot_ms: u32,
    /// How shares are spread.
    pub stake: Stake,
    /// Block size, kB (1,000 bytes).
    pub block_kb: u32,
    /// Each peer's upload and download bandwidth, Mbit/s, shared by its links: it sends one
    /// body at a time and receives one at a time.
    pub bandwidth_mbps: f64,
    /// Which of two equal chains wins.
    pub tie: TieBreak,
    /// The deepest rollback an honest peer accepts (Praos's security parameter k).
    pub k: u32,
    /// Each peer's clock is off by up to this much at the start, ms.
    pub clock_offset_ms: u32,
    /// Each peer's clock runs fast or slow by up to this much, ppm.
    pub clock_drift_ppm: u32,
    /// One peer's clock set apart, if any.
    pub clock_skew: Option<ClockSkew>,
    /// The double-spend attacker (peer P0), if any.
    pub adversary: Option<Adversary>,
    /// Faults at set times.
    pub faults: Vec<ScheduledFault>,
}

impl Default for ChainConfig {
    fn default() -> Self {
        ChainConfig {
            consensus: Consensus::Praos,
            participants: 100,
            degree: 8,
            seed: 1,
            latency: Latency::Range {
                min_ms: 10,
                max_ms: 100,
            },
            loss: 0.0,
            block_interval_s: 600.0,
            active_slot_coeff: 0.05,
            slot_ms: 1_000,
            stake: Stake::Equal,
            block_kb: 64,
            bandwidth_mbps: 100.0,
            tie: TieBreak::Lowest,
            k: 2_160,
            clock_offset_ms: 0,
            clock_drift_ppm: 0,
            clock_skew: None,
            adversary: None,
            faults: Vec::new(),
        }
    }
}

/// The limits every chain config is checked against.
pub mod limits {
    /// Most peers.
    pub const MAX_PARTICIPANTS: u32 = 20_000;
    /// Most links in all (a full mesh of 2,000 peers has about two million).
    pub const MAX_LINKS: u64 = 2_000_000;
    /// Largest one-way latency or one-hop time, ms.
    pub const MAX_LATENCY_MS: u32 = 60_000;
    /// Most delay classes.
    pub const MAX_CLASSES: usize = 8;
    /// Mean block interval, s.
    pub const BLOCK_INTERVAL_S: (f64, f64) = (0.1, 86_400.0);
    /// Slot length, ms.
    pub const SLOT_MS: (u32, u32) = (10, 600_000);
    /// Block size, kB.
    pub const BLOCK_KB: (u32, u32) = (1, 100_000);
    /// Bandwidth, Mbit/s.
    pub const BANDWIDTH_MBPS: (f64, f64) = (0.01, 100_000.0);
    /// Largest clock offset, ms.
    pub const MAX_CLOCK_OFFSET_MS: u32 = 600_000;
    /// Largest clock drift, ppm.
    pub const MAX_DRIFT_PPM: u32 = 10_000;
    /// Most confirmations a merchant may wait for.
    pub const MAX_CONFIRMATIONS: u32 = 100;
    /// Latest time anything may be scheduled at, or a run may reach, ms: thirty days.
    pub const MAX_TIME_MS: u64 = 30 * 86_400_000;
    /// Largest loss probability.
    pub const MAX_LOSS: f64 = 0.5;
    /// Praos's k: the deepest rollback an honest peer accepts (the history kept for exact
    /// depths grows with it).
    pub const K: (u32, u32) = (1, 100_000);
    /// Most blocks a second, on average: the model keeps the last
    /// [`WINDOW`](super::super::blocks::WINDOW) blocks in full, which must span at least a
    /// minute of the run for forks and catch-up to be modelled.
    pub const MAX_BLOCKS_PER_S: f64 = (super::super::blocks::WINDOW / 64) as f64;
}

impl ChainConfig {
    /// Checks every field against [`limits`]; fault node ids are checked against the topology
    /// when an engine is built.
    pub fn validate(&self) -> Result<(), ConfigError> {
        use limits::*;
        range_u32("participants", self.participants, 2, MAX_PARTICIPANTS)?;
        range_u32("k", self.k, K.0, K.1)?;
        range_u32("degree", self.degree, 1, self.participants - 1).map_err(|_| {
            ConfigError::Inconsistent(format!(
                "degree = {} is out of range (allowed: 1..={}, below the {} participants)",
                self.degree,
                self.participants - 1,
                self.participants
            ))
        })?;
        let links = u64::from(self.participants) * u64::from(self.degree) / 2;
        if links > MAX_LINKS {
            return Err(ConfigError::OutOfRange {
                field: "participants × degree ÷ 2 (links)",
                value: links.to_string(),
                allowed: format!("at most {MAX_LINKS}"),
            });
        }
        match &self.latency {
            Latency::Range { min_ms, max_ms } => {
                latency_range(*min_ms, *max_ms, 0, MAX_LATENCY_MS)?;
            }
            Latency::Classes { hop_ms } => {
                if hop_ms.is_empty() || hop_ms.len() > MAX_CLASSES {
                    return Err(ConfigError::OutOfRange {
                        field: "delay classes",
                        value: hop_ms.len().to_string(),
                        allowed: format!("1..={MAX_CLASSES} classes"),
                    });
                }
                let tx_ms = self.transmission_us() as f64 / 1_000.0;
                for &h in hop_ms {
                    range_u32("delay class", h, 1, MAX_LATENCY_MS)?;
                    if f64::from(h) <= tx_ms {
                        return Err(ConfigError::Inconsistent(format!(
                            "a delay class of {h} ms is shorter than sending one {} kB block at {} Mbit/s ({} ms)",
                            self.block_kb,
                            crate::sim::small::Dec(self.bandwidth_mbps),
                            crate::sim::small::Dec(tx_ms)
                        )));
                    }
                }
            }
        }
        range_f64("loss", self.loss, 0.0, MAX_LOSS)?;
        range_f64(
            "block_interval_s",
            self.block_interval_s,
            BLOCK_INTERVAL_S.0,
            BLOCK_INTERVAL_S.1,
        )?;
        range_f64("active_slot_coeff", self.active_slot_coeff, 0.001, 1.0)?;
        range_u32("slot_ms", self.slot_ms, SLOT_MS.0, SLOT_MS.1)?;
        range_u32("block_kb", self.block_kb, BLOCK_KB.0, BLOCK_KB.1)?;
        range_f64(
            "bandwidth_mbps",
            self.bandwidth_mbps,
            BANDWIDTH_MBPS.0,
            BANDWIDTH_MBPS.1,
        )?;
        range_u32(
            "clock_offset_ms",
            self.clock_offset_ms,
            0,
            MAX_CLOCK_OFFSET_MS,
        )?;
        range_u32("clock_drift_ppm", self.clock_drift_ppm, 0, MAX_DRIFT_PPM)?;
        if let Some(skew) = self.clock_skew {
            range_u32("clock skew peer", skew.peer, 0, self.participants - 1)?;
            if skew.offset_ms.unsigned_abs() > MAX_CLOCK_OFFSET_MS {
                return Err(ConfigError::OutOfRange {
                    field: "clock skew",
                    value: format!("{} ms", skew.offset_ms),
                    allowed: format!("±{MAX_CLOCK_OFFSET_MS} ms"),
                });
            }
        }
        let rate = self.blocks_per_second();
        if rate > MAX_BLOCKS_PER_S {
            return Err(ConfigError::Inconsistent(format!(
                "blocks would come {} a second on average; the model keeps the last {} blocks in full, so at most {} a second (a longer block interval, slot or a smaller f)",
                crate::sim::small::Dec((rate * 10.0).round() / 10.0),
                super::blocks::WINDOW,
                crate::sim::small::Dec(MAX_BLOCKS_PER_S)
            )));
        }
        if let Some(a) = &self.adversary {
            range_f64("adversary share", a.share, 0.001, 0.999)?;
            range_f64("gamma", a.gamma, 0.0, 1.0)?;
            range_u32("confirmations", a.confirmations, 1, MAX_CONFIRMATIONS)?;
        }
        validate_faults(&self.faults, MAX_TIME_MS, "thirty days")
    }

    /// The setting of Cardano's ΔQ diffusion model: 2,500 peers of degree 10, 64 kB blocks,
    /// each link short, medium or long (24, 143 or 531 ms for one hop of such a block); the
    /// rest as [`Default`].
    pub fn delta_q() -> ChainConfig {
        ChainConfig {
            participants: 2_500,
            degree: 10,
            latency: Latency::Classes {
                hop_ms: vec![24, 143, 531],
            },
            block_kb: 64,
            ..ChainConfig::default()
        }
    }

    /// Blocks made a second on average: 1/T for proof of work; for Praos, the expected
    /// leaders of a slot (at most: with equal stake) over the slot length.
    pub fn blocks_per_second(&self) -> f64 {
        match self.consensus {
            Consensus::Pow => 1.0 / self.block_interval_s,
            Consensus::Praos => {
                let n = f64::from(self.participants);
                let per_slot = n * (1.0 - libm::pow(1.0 - self.active_slot_coeff, 1.0 / n));
                per_slot * 1_000.0 / f64::from(self.slot_ms)
            }
        }
    }

    /// Time to send one block body over one link, µs.
    pub fn transmission_us(&self) -> u64 {
        let bits = f64::from(self.block_kb) * 8_000.0;
        // Mbit/s is bits per µs.
        (bits / self.bandwidth_mbps).ceil() as u64
    }

    /// What the peer-to-peer topology is built from.
    pub fn shape(&self) -> Shape {
        Shape {
            seed: self.seed,
            participants: self.participants,
            federated_servers: 1,
            federated_mesh: false,
            degree: self.degree,
        }
    }
}
