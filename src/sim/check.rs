//! Checks every lesson's config makes before any work is done: numbers in their ranges, and
//! the faults a scenario schedules. Each refusal names the field and the limit.

use super::error::ConfigError;
use super::fault::ScheduledFault;
use super::small::Dec;

/// Most scheduled faults in one config.
pub const MAX_FAULTS: usize = 1_000;

/// `v` within `lo..=hi`, or why not.
pub fn range_u32(field: &'static str, v: u32, lo: u32, hi: u32) -> Result<(), ConfigError> {
    if (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(ConfigError::OutOfRange {
            field,
            value: v.to_string(),
            allowed: format!("{lo}..={hi}"),
        })
    }
}

/// `v` finite and within `lo..=hi`, or why not.
pub fn range_f64(field: &'static str, v: f64, lo: f64, hi: f64) -> Result<(), ConfigError> {
    if !v.is_finite() {
        return Err(ConfigError::NotANumber { field });
    }
    if (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(ConfigError::OutOfRange {
            field,
            value: Dec(v).to_string(),
            allowed: format!("{}..={}", Dec(lo), Dec(hi)),
        })
    }
}

/// A one-way latency range `min..max` ms: each end within `lo_max..=max_ms` (`lo_max`: the
/// smallest the maximum may be), and not empty.
pub fn latency_range(min: u32, max: u32, lo_max: u32, max_ms: u32) -> Result<(), ConfigError> {
    range_u32("latency_min_ms", min, 0, max_ms)?;
    range_u32("latency_max_ms", max, lo_max, max_ms)?;
    if max < min {
        return Err(ConfigError::Inconsistent(format!(
            "latency range {min}..{max} ms is empty: the maximum must not be below the minimum"
        )));
    }
    Ok(())
}

/// Checks a list of scheduled faults: at most [`MAX_FAULTS`], none later than `max_ms`
/// (`span` names that limit in words), each sound on its own. Every lesson's config uses it.
pub fn validate_faults(
    faults: &[ScheduledFault],
    max_ms: u64,
    span: &str,
) -> Result<(), ConfigError> {
    if faults.len() > MAX_FAULTS {
        return Err(ConfigError::OutOfRange {
            field: "faults",
            value: faults.len().to_string(),
            allowed: format!("at most {}", MAX_FAULTS),
        });
    }
    for f in faults {
        if f.at_ms > max_ms {
            return Err(ConfigError::OutOfRange {
                field: "fault time",
                value: format!("{} ms", f.at_ms),
                allowed: format!("0..={max_ms} ms ({span})"),
            });
        }
        f.fault.validate()?;
    }
    Ok(())
}
