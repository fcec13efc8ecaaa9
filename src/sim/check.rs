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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::fault::FaultSpec;

    #[test]
    fn ranges_take_their_ends_and_refuse_beyond() {
        assert!(range_u32("n", 3, 3, 9).is_ok() && range_u32("n", 9, 3, 9).is_ok());
        assert!(range_u32("n", 2, 3, 9).is_err() && range_u32("n", 10, 3, 9).is_err());
        assert!(range_f64("f", 0.5, 0.5, 1.0).is_ok() && range_f64("f", 1.0, 0.5, 1.0).is_ok());
        assert!(range_f64("f", 0.49, 0.5, 1.0).is_err());
        assert!(matches!(
            range_f64("f", f64::NAN, 0.0, 1.0),
            Err(ConfigError::NotANumber { field: "f" })
        ));
        // A range of one value is not empty; a reversed one is.
        assert!(latency_range(50, 50, 1, 100).is_ok());
        assert!(latency_range(50, 49, 1, 100).is_err());
        assert!(
            latency_range(0, 0, 1, 100).is_err(),
            "the maximum has a floor"
        );
    }

    #[test]
    fn faults_may_fill_their_limits_and_not_pass_them() {
        let crash = |at_ms| ScheduledFault {
            at_ms,
            fault: FaultSpec::Crash { node: "P1".into() },
        };
        assert!(validate_faults(&[crash(1_000)], 1_000, "the run").is_ok());
        let late = validate_faults(&[crash(1_001)], 1_000, "the run").unwrap_err();
        assert!(late.to_string().contains("1001 ms"), "{late}");
        let full = vec![crash(0); MAX_FAULTS];
        assert!(validate_faults(&full, 1_000, "the run").is_ok());
        let over = vec![crash(0); MAX_FAULTS + 1];
        assert!(validate_faults(&over, 1_000, "the run").is_err());
        assert!(validate_faults(&[], 0, "the run").is_ok());
    }
}
