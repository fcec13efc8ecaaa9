//! The first lesson's settings: the page's limits and the settings as typed and checked.

use crate::sim::small::Dec;

use super::model::SimConfig;

/// Most participants the page accepts per architecture (the engine allows more; the page keeps
/// drawing interactive).
pub const PAGE_MAX_PARTICIPANTS: u32 = 3_000;

/// The scenario knobs the page exposes, as the user typed them.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Participants per architecture.
    pub participants: String,
    /// Mean peer degree.
    pub degree: String,
    /// Seed.
    pub seed: String,
    /// Smallest link latency, ms.
    pub latency_min_ms: String,
    /// Largest link latency, ms.
    pub latency_max_ms: String,
    /// Message loss, percent.
    pub loss_percent: String,
    /// New updates per second, across the network.
    pub update_rate: String,
    /// Federated servers.
    pub federated_servers: String,
    /// Clock drift, parts per million.
    pub clock_drift_ppm: String,
    /// Relay batching, ms.
    pub relay_ms: String,
}

/// A settings field, by the id of its input.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Field {
    /// Participants.
    Participants,
    /// Peer degree.
    Degree,
    /// Seed.
    Seed,
    /// Minimum latency.
    LatencyMin,
    /// Maximum latency.
    LatencyMax,
    /// Loss.
    Loss,
    /// Update rate.
    Rate,
    /// Federated servers.
    Federated,
    /// Clock drift.
    Drift,
    /// Relay batching.
    Relay,
}

impl Field {
    /// The id of the field's input on the page.
    pub const fn id(self) -> &'static str {
        match self {
            Field::Participants => "participants",
            Field::Degree => "degree",
            Field::Seed => "seed",
            Field::LatencyMin => "lat-min",
            Field::LatencyMax => "lat-max",
            Field::Loss => "loss",
            Field::Rate => "rate",
            Field::Federated => "fed",
            Field::Drift => "drift",
            Field::Relay => "relay",
        }
    }
}

/// Why settings were refused: the one field to mark, and a sentence naming it.
#[derive(Clone, Debug, PartialEq)]
pub struct SettingError {
    /// The field at fault.
    pub field: Field,
    /// What is wrong, quoting what was typed.
    pub message: String,
}

fn err(field: Field, message: String) -> SettingError {
    SettingError { field, message }
}

fn whole(field: Field, name: &str, v: &str, lo: u64, hi: u64) -> Result<u64, SettingError> {
    match v.trim().parse::<u64>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n),
        _ => Err(err(
            field,
            format!(
                "{name} must be a whole number from {lo} to {hi} (you typed “{}”).",
                clip(v)
            ),
        )),
    }
}

fn real(
    field: Field,
    name: &str,
    unit: &str,
    v: &str,
    lo: f64,
    hi: f64,
) -> Result<f64, SettingError> {
    match crate::sim::small::parse_decimal(v.trim()) {
        Some(x) if (lo..=hi).contains(&x) => Ok(x),
        _ => Err(err(
            field,
            format!(
                "{name} must be a number from {} to {}{unit} (you typed “{}”).",
                Dec(lo),
                Dec(hi),
                clip(v)
            ),
        )),
    }
}

impl Settings {
    /// The page's settings for `cfg`.
    pub fn of(cfg: &SimConfig) -> Settings {
        let short = |v: f64| {
            format!("{:.3}", Dec(v))
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string()
        };
        Settings {
            participants: cfg.participants.to_string(),
            degree: cfg.degree.to_string(),
            seed: cfg.seed.to_string(),
            latency_min_ms: cfg.latency_min_ms.to_string(),
            latency_max_ms: cfg.latency_max_ms.to_string(),
            loss_percent: short(cfg.loss * 100.0),
            update_rate: short(cfg.update_rate),
            federated_servers: cfg.federated_servers.to_string(),
            clock_drift_ppm: cfg.clock_drift_ppm.to_string(),
            relay_ms: cfg.relay_ms.to_string(),
        }
    }

    /// The config these settings describe, on top of `base`, or the field at fault and why.
    /// When two fields disagree (a degree too high for the participants, a minimum latency
    /// above the maximum), the one changed from `base` is at fault.
    pub fn apply(&self, base: &SimConfig) -> Result<SimConfig, SettingError> {
        let participants = whole(
            Field::Participants,
            "Participants",
            &self.participants,
            3,
            PAGE_MAX_PARTICIPANTS.into(),
        )? as u32;
        let degree = whole(Field::Degree, "Peer degree", &self.degree, 2, 16)? as u32;
        if degree >= participants {
            let message = format!(
                "With {participants} participants a peer can link to at most {} others, so the peer degree ({degree}) must be lower.",
                participants - 1
            );
            let field = if participants != base.participants {
                Field::Participants
            } else {
                Field::Degree
            };
            return Err(err(field, message));
        }
        let seed = whole(Field::Seed, "Seed", &self.seed, 0, u64::MAX)?;
        let latency_min_ms = whole(
            Field::LatencyMin,
            "Minimum latency",
            &self.latency_min_ms,
            0,
            2_000,
        )? as u32;
        let latency_max_ms = whole(
            Field::LatencyMax,
            "Maximum latency",
            &self.latency_max_ms,
            1,
            2_000,
        )? as u32;
        if latency_min_ms > latency_max_ms {
            let message = format!(
                "The minimum latency ({latency_min_ms} ms) is above the maximum ({latency_max_ms} ms)."
            );
            let field = if latency_min_ms != base.latency_min_ms {
                Field::LatencyMin
            } else {
                Field::LatencyMax
            };
            return Err(err(field, message));
        }
        let loss = real(Field::Loss, "Loss", " %", &self.loss_percent, 0.0, 50.0)? / 100.0;
        let update_rate = real(
            Field::Rate,
            "Update rate",
            " per second",
            &self.update_rate,
            0.0,
            50.0,
        )?;
        let federated_servers = whole(
            Field::Federated,
            "Federated servers",
            &self.federated_servers,
            1,
            16,
        )? as u32;
        let clock_drift_ppm = whole(
            Field::Drift,
            "Clock drift",
            &self.clock_drift_ppm,
            0,
            100_000,
        )? as u32;
        let relay_ms = whole(Field::Relay, "Relay batching", &self.relay_ms, 0, 5_000)? as u32;
        let cfg = SimConfig {
            participants,
            degree,
            seed,
            latency_min_ms,
            latency_max_ms,
            loss,
            update_rate,
            federated_servers,
            clock_drift_ppm,
            relay_ms,
            ..base.clone()
        };
        // Every field is in range, so what is left cannot fail; should a limit change, say so.
        cfg.validate().map_err(|e| {
            err(
                Field::Participants,
                format!("That scenario is not possible: {e}."),
            )
        })?;
        Ok(cfg)
    }
}

/// At most 24 characters of what the user typed, for messages.
fn clip(s: &str) -> String {
    let t: String = s.chars().take(24).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

#[cfg(test)]
mod settings_tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_blame_the_one_field_at_fault() {
        let base = SimConfig::default();
        let s = Settings::of(&base);
        assert_eq!(s.apply(&base).unwrap(), base);
        let with = |f: fn(&mut Settings)| {
            let mut t = s.clone();
            f(&mut t);
            t
        };
        let bad: [(Settings, Field, &str); 11] = [
            (
                with(|t| t.participants = "0".into()),
                Field::Participants,
                "“0”",
            ),
            (
                with(|t| t.participants = "5000".into()),
                Field::Participants,
                "3000",
            ),
            (
                with(|t| t.participants = "ten".into()),
                Field::Participants,
                "“ten”",
            ),
            // Participants lowered below the degree: participants is at fault.
            (
                with(|t| t.participants = "3".into()),
                Field::Participants,
                "at most 2 others",
            ),
            (with(|t| t.degree = "17".into()), Field::Degree, "2 to 16"),
            (
                with(|t| t.latency_min_ms = "90".into()),
                Field::LatencyMin,
                "minimum latency (90 ms)",
            ),
            (
                with(|t| t.latency_max_ms = "5".into()),
                Field::LatencyMax,
                "above the maximum (5 ms)",
            ),
            (
                with(|t| t.loss_percent = "NaN".into()),
                Field::Loss,
                "“NaN”",
            ),
            (with(|t| t.seed = "-1".into()), Field::Seed, "“-1”"),
            (
                with(|t| t.update_rate = "fast".into()),
                Field::Rate,
                "“fast”",
            ),
            (with(|t| t.relay_ms = "9999".into()), Field::Relay, "5000"),
        ];
        for (settings, field, needle) in bad {
            let e = settings.apply(&base).unwrap_err();
            assert_eq!(e.field, field, "{}", e.message);
            assert!(e.message.contains(needle), "{}", e.message);
        }
        // A degree raised above unchanged participants: the degree is at fault.
        let few = SimConfig {
            participants: 6,
            ..base.clone()
        };
        let e = Settings {
            degree: "9".into(),
            ..Settings::of(&few)
        }
        .apply(&few)
        .unwrap_err();
        assert_eq!(e.field, Field::Degree, "{}", e.message);
        // Degree 16 is fine with enough participants.
        let ok = Settings {
            participants: "30".into(),
            ..with(|t| t.degree = "16".into())
        };
        assert_eq!(ok.apply(&base).unwrap().degree, 16);
        let long = with(|t| t.participants = "x".repeat(10_000));
        assert!(long.apply(&base).unwrap_err().message.len() < 120);
    }
}
