//! The options of one run: one struct holds the seed and every knob, with its limits.

use serde::{Deserialize, Serialize};

use crate::sim::check::{latency_range, range_f64, range_u32, validate_faults};
pub use crate::sim::error::ConfigError;
#[cfg(test)]
use crate::sim::fault::FaultSpec;
pub use crate::sim::fault::ScheduledFault;
use crate::sim::topology::Shape;

/// What traffic the nodes generate.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Workload {
    /// Updates at a steady rate, heartbeats, clock synchronisation: the teaching run.
    Default,
    /// Updates only, 100 ms apart, passed on by every node on first sight, until the queue
    /// drains. No heartbeats, no clock sync. The throughput benchmark.
    Flood,
}

/// Every knob of a run. `Default` is the lesson's scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SimConfig {
    /// Seed of every random draw (topology, latency, workload, clocks).
    pub seed: u64,
    /// End nodes in each architecture: clients, or peers.
    pub participants: u32,
    /// Federated servers in the federated architecture.
    pub federated_servers: u32,
    /// Whether federated servers are also linked to each other (not only to the main server).
    pub federated_mesh: bool,
    /// Mean number of links per peer in the peer-to-peer graph.
    pub degree: u32,
    /// Smallest one-way link latency, ms.
    pub latency_min_ms: u32,
    /// Largest one-way link latency, ms (jitter is uniform between the two).
    pub latency_max_ms: u32,
    /// Probability that a message is lost on its link.
    pub loss: f64,
    /// New updates per second across the whole network (default workload).
    pub update_rate: f64,
    /// Stop starting updates after this many (0 = no limit; the flood workload needs one).
    pub updates: u32,
    /// How often each node sends a heartbeat to each neighbour, ms.
    pub heartbeat_ms: u32,
    /// Silence after which a neighbour is suspected down, ms.
    pub timeout_ms: u32,
    /// How often each node corrects its clock, ms.
    pub clock_sync_ms: u32,
    /// Every node that passes on what it did not start (a server forwarding, a peer
    /// announcing) collects it for this long and sends it as one batch, ms (0 = at once).
    pub relay_ms: u32,
    /// Each node's clock starts up to this far from true time, ms.
    pub clock_offset_ms: u32,
    /// Each node's clock runs up to this many parts per million fast or slow.
    pub clock_drift_ppm: u32,
    /// Which traffic runs.
    pub workload: Workload,
    /// Faults the scenario schedules.
    pub faults: Vec<ScheduledFault>,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 1,
            participants: 24,
            federated_servers: 4,
            federated_mesh: true,
            degree: 4,
            latency_min_ms: 20,
            latency_max_ms: 80,
            loss: 0.0,
            update_rate: 6.0,
            updates: 0,
            heartbeat_ms: 500,
            timeout_ms: 1_500,
            clock_sync_ms: 2_000,
            relay_ms: 0,
            clock_offset_ms: 250,
            clock_drift_ppm: 200,
            workload: Workload::Default,
            faults: Vec::new(),
        }
    }
}

/// The limits every config is checked against before any work is done.
pub mod limits {
    /// Most participants with the default workload (every node keeps a view of who is down).
    pub const MAX_PARTICIPANTS: u32 = 5_000;
    /// Most participants with the flood workload.
    pub const MAX_FLOOD_PARTICIPANTS: u32 = 200_000;
    /// Most federated servers (with the main server, each fits one bit of a heartbeat's
    /// 32-bit "who I hear" mask).
    pub const MAX_FEDERATED_SERVERS: u32 = 31;
    /// Largest mean peer degree.
    pub const MAX_DEGREE: u32 = 64;
    /// Largest link latency, ms.
    pub const MAX_LATENCY_MS: u32 = 10_000;
    /// Largest loss probability.
    pub const MAX_LOSS: f64 = 0.9;
    /// Largest update rate, per second.
    pub const MAX_UPDATE_RATE: f64 = 200.0;
    /// Most updates in a flood.
    pub const MAX_FLOOD_UPDATES: u32 = 1_000;
    /// Latest time a fault may be scheduled at, ms: one day of virtual time.
    pub const MAX_FAULT_MS: u64 = 86_400_000;
    /// Longest timer period (heartbeat, timeout, sync, relay batch), ms.
    pub const MAX_PERIOD_MS: u32 = 600_000;
    /// Largest clock offset, ms.
    pub const MAX_CLOCK_OFFSET_MS: u32 = 3_600_000;
    /// Largest clock drift, ppm.
    pub const MAX_DRIFT_PPM: u32 = 100_000;
}

impl SimConfig {
    /// Checks every field against [`limits`]. Architecture-specific checks (peer degree against
    /// participants, fault node ids) happen when a topology is built.
    pub fn validate(&self) -> Result<(), ConfigError> {
        use limits::*;
        let max_participants = match self.workload {
            Workload::Default => MAX_PARTICIPANTS,
            Workload::Flood => MAX_FLOOD_PARTICIPANTS,
        };
        range_u32("participants", self.participants, 1, max_participants)?;
        range_u32(
            "federated_servers",
            self.federated_servers,
            1,
            MAX_FEDERATED_SERVERS,
        )?;
        range_u32("degree", self.degree, 2, MAX_DEGREE)?;
        latency_range(self.latency_min_ms, self.latency_max_ms, 1, MAX_LATENCY_MS)?;
        range_f64("loss", self.loss, 0.0, MAX_LOSS)?;
        range_f64("update_rate", self.update_rate, 0.0, MAX_UPDATE_RATE)?;
        range_u32("heartbeat_ms", self.heartbeat_ms, 10, MAX_PERIOD_MS)?;
        range_u32("timeout_ms", self.timeout_ms, 10, MAX_PERIOD_MS)?;
        if self.timeout_ms <= self.heartbeat_ms {
            return Err(ConfigError::Inconsistent(format!(
                "timeout_ms ({}) must be longer than heartbeat_ms ({}), or every node looks down",
                self.timeout_ms, self.heartbeat_ms
            )));
        }
        range_u32("clock_sync_ms", self.clock_sync_ms, 10, MAX_PERIOD_MS)?;
        range_u32("relay_ms", self.relay_ms, 0, MAX_PERIOD_MS)?;
        range_u32(
            "clock_offset_ms",
            self.clock_offset_ms,
            0,
            MAX_CLOCK_OFFSET_MS,
        )?;
        range_u32("clock_drift_ppm", self.clock_drift_ppm, 0, MAX_DRIFT_PPM)?;
        if self.workload == Workload::Flood {
            range_u32("updates", self.updates, 1, MAX_FLOOD_UPDATES)?;
        }
        validate_faults(&self.faults, MAX_FAULT_MS, "one day")
    }

    /// Mean one-way link latency, ms.
    pub fn mean_latency_ms(&self) -> f64 {
        (f64::from(self.latency_min_ms) + f64::from(self.latency_max_ms)) / 2.0
    }

    /// What the topology is built from.
    pub fn shape(&self) -> Shape {
        Shape {
            seed: self.seed,
            participants: self.participants,
            federated_servers: self.federated_servers,
            federated_mesh: self.federated_mesh,
            degree: self.degree,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid() {
        SimConfig::default().validate().unwrap();
    }

    #[test]
    fn bad_values_are_named() {
        let late = ScheduledFault {
            at_ms: 18_446_744_073_709_552,
            fault: FaultSpec::Crash { node: "S0".into() },
        };
        let bad = [
            SimConfig {
                participants: 0,
                ..Default::default()
            },
            SimConfig {
                update_rate: f64::NAN,
                ..Default::default()
            },
            SimConfig {
                update_rate: -1.0,
                ..Default::default()
            },
            SimConfig {
                loss: 2.0,
                ..Default::default()
            },
            SimConfig {
                participants: 10_000_000,
                ..Default::default()
            },
            SimConfig {
                latency_min_ms: 90,
                latency_max_ms: 10,
                ..Default::default()
            },
            SimConfig {
                timeout_ms: 100,
                ..Default::default()
            },
            SimConfig {
                faults: vec![late],
                ..Default::default()
            },
        ];
        let fields = [
            "participants",
            "update_rate",
            "update_rate",
            "loss",
            "participants",
            "latency",
            "timeout_ms",
            "fault time",
        ];
        for (cfg, field) in bad.iter().zip(fields) {
            let err = cfg.validate().unwrap_err().to_string();
            assert!(err.contains(field), "{err:?} should name {field}");
        }
    }
}
