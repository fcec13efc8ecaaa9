//! Every knob of a timing run, and the checks it passes before any work is done.

use crate::sim::check::{latency_range, range_f64, range_u32, validate_faults};
use crate::sim::error::ConfigError;
use crate::sim::fault::{FaultSpec, ScheduledFault};

use super::layout::Layout;

/// How a node moves its clock to what its server says.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Correct {
    /// Slowed down or sped up, at most the slew rate, so it never runs backwards.
    Slew,
    /// Set at once, back in time if it was ahead.
    Step,
}

impl Correct {
    /// Its name on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Correct::Slew => "slew",
            Correct::Step => "step",
        }
    }

    /// The correction named `s`.
    pub fn parse(s: &str) -> Option<Correct> {
        match s {
            "slew" => Some(Correct::Slew),
            "step" => Some(Correct::Step),
            _ => None,
        }
    }
}

/// The rule a replica applies payments by.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Order {
    /// In the order they arrive.
    Arrival,
    /// By the sender's clock, each held for a fixed time so that earlier-stamped ones arrive.
    Physical,
    /// By Lamport timestamp (ties by sender), each applied once every sender has sent something
    /// stamped later: the textbook's total-order broadcast.
    Lamport,
    /// Vector-clock causal delivery: a payment waits for every payment its sender had seen.
    Causal,
    /// One node numbers every payment; replicas apply them by number.
    Sequencer,
}

impl Order {
    /// Every rule, in the order reports list them.
    pub const ALL: [Order; 5] = [
        Order::Arrival,
        Order::Physical,
        Order::Lamport,
        Order::Causal,
        Order::Sequencer,
    ];

    /// Its name on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Order::Arrival => "arrival",
            Order::Physical => "physical",
            Order::Lamport => "lamport",
            Order::Causal => "causal",
            Order::Sequencer => "sequencer",
        }
    }

    /// The rule named `s`.
    pub fn parse(s: &str) -> Option<Order> {
        Order::ALL.into_iter().find(|o| o.name() == s)
    }
}

/// Most nodes in one run.
pub const MAX_NODES: u32 = 2_000;
/// Most server strata below the reference clock.
pub const MAX_STRATA: u32 = 4;
/// Most replicas (a payment's decisions are kept as one bit per replica).
pub const MAX_REPLICAS: u32 = 32;
/// Most account holders.
pub const MAX_ACCOUNTS: u32 = 64;
/// Longest run, seconds (a day).
pub const MAX_UNTIL_S: u64 = 86_400;
/// The three accounts of the story (Alice, Bob, Charlie), always there.
pub const STORY: u32 = 3;
/// Accounts beyond the story's that random payments need (a sender and a receiver).
pub const RANDOM_MIN_ACCOUNTS: u32 = STORY + 2;

/// One timing run: clocks, the time hierarchy, and payments to replicas.
#[derive(Clone, Debug, PartialEq)]
pub struct TimingConfig {
    /// Every node: two time servers per stratum, the account holders, the replicas, and plain
    /// clients for the rest.
    pub nodes: u32,
    /// Server strata below the reference clock (stratum 0): stratum 1 reads it, each further
    /// stratum syncs over the network to the one above; everyone else to the last.
    pub strata: u32,
    /// Seed of every draw.
    pub seed: u64,
    /// Each oscillator runs fast or slow by up to this many parts per million.
    pub drift_ppm: u32,
    /// Each clock starts up to this far off true time, ms.
    pub offset_ms: u32,
    /// One-way delay of every message, drawn per message, ms.
    pub latency_min_ms: u32,
    /// See `latency_min_ms`.
    pub latency_max_ms: u32,
    /// Fixed delays toward a time server and back (ms), instead of drawn ones.
    pub asymmetry: Option<(u32, u32)>,
    /// Slew or step.
    pub correct: Correct,
    /// The fastest a slew runs, ppm (adjtime's is 500).
    pub slew_ppm: u32,
    /// Each node asks each of its servers this often, s (0: never; the clocks run free).
    pub sync_s: u32,
    /// The rule the replicas apply payments by.
    pub order: Order,
    /// Replicas holding the ledger.
    pub replicas: u32,
    /// Account holders (the first three are the story's Alice, Bob and Charlie).
    pub accounts: u32,
    /// Random payments among the accounts beyond the story's, per second.
    pub payments_per_s: f64,
    /// A story round (Alice pays Bob, who then pays Charlie, who then pays Alice) starts this
    /// often, ms.
    pub round_ms: u32,
    /// `physical`: how long a replica holds a payment past its stamp, ms.
    pub hold_ms: u32,
    /// `lamport`: how often an account holder with nothing to send says so, ms.
    pub heartbeat_ms: u32,
    /// Crashes and recoveries, by node name.
    pub faults: Vec<ScheduledFault>,
}

impl Default for TimingConfig {
    fn default() -> Self {
        TimingConfig {
            nodes: 12,
            strata: 2,
            seed: 1,
            drift_ppm: 50,
            offset_ms: 100,
            latency_min_ms: 10,
            latency_max_ms: 120,
            asymmetry: None,
            correct: Correct::Slew,
            slew_ppm: 500,
            sync_s: 16,
            order: Order::Arrival,
            replicas: 3,
            accounts: 3,
            payments_per_s: 0.0,
            round_ms: 2_000,
            hold_ms: 100,
            heartbeat_ms: 50,
            faults: Vec::new(),
        }
    }
}

impl TimingConfig {
    /// Time servers: two per stratum.
    pub fn servers(&self) -> u32 {
        self.strata.saturating_mul(2)
    }

    /// Who is who.
    pub fn layout(&self) -> Layout {
        Layout {
            strata: self.strata,
            accounts: self.accounts,
            replicas: self.replicas,
            nodes: self.nodes,
        }
    }

    /// Checks every field; each refusal names the field and its limit. Runs up to `until_s`.
    pub fn validate(&self, until_s: u64) -> Result<(), ConfigError> {
        range_u32("strata", self.strata, 1, MAX_STRATA)?;
        range_u32("replicas", self.replicas, 1, MAX_REPLICAS)?;
        range_u32("accounts", self.accounts, STORY, MAX_ACCOUNTS)?;
        let least = self
            .servers()
            .saturating_add(self.accounts)
            .saturating_add(self.replicas);
        range_u32("nodes", self.nodes, least.min(MAX_NODES), MAX_NODES)?;
        range_u32("drift_ppm", self.drift_ppm, 0, 1_000)?;
        range_u32("offset_ms", self.offset_ms, 0, 60_000)?;
        latency_range(self.latency_min_ms, self.latency_max_ms, 0, 10_000)?;
        if let Some((up, down)) = self.asymmetry {
            range_u32("asymmetry up ms", up, 0, 10_000)?;
            range_u32("asymmetry down ms", down, 0, 10_000)?;
        }
        range_u32("slew_ppm", self.slew_ppm, 1, 500_000)?;
        range_u32("sync_s", self.sync_s, 0, 3_600)?;
        range_f64("payments_per_s", self.payments_per_s, 0.0, 1_000.0)?;
        if self.payments_per_s > 0.0 && self.accounts < RANDOM_MIN_ACCOUNTS {
            return Err(ConfigError::Inconsistent(format!(
                "random payments go between accounts beyond the story's three: they need at \
                 least {RANDOM_MIN_ACCOUNTS} accounts (got {})",
                self.accounts
            )));
        }
        range_u32("round_ms", self.round_ms, 100, 3_600_000)?;
        range_u32("hold_ms", self.hold_ms, 0, 60_000)?;
        range_u32("heartbeat_ms", self.heartbeat_ms, 1, 60_000)?;
        if until_s > MAX_UNTIL_S {
            return Err(ConfigError::OutOfRange {
                field: "until_s",
                value: until_s.to_string(),
                allowed: format!("0..={MAX_UNTIL_S}"),
            });
        }
        validate_faults(
            &self.faults,
            until_s.saturating_mul(1_000),
            "the run's length",
        )?;
        let layout = self.layout();
        for f in &self.faults {
            match &f.fault {
                FaultSpec::Crash { node } | FaultSpec::Recover { node } => {
                    if layout.find(node).is_none() {
                        return Err(ConfigError::UnknownNode(node.clone()));
                    }
                }
                _ => {
                    return Err(ConfigError::Inconsistent(
                        "this lesson fails and recovers nodes; it does not cut links".into(),
                    ));
                }
            }
        }
        Ok(())
    }
}
