//! Virtual time. The engine counts integer microseconds from the start of a run; nothing in
//! `sim/` reads a wall clock.

/// A point in virtual time, in microseconds since the run started.
pub type Micros = u64;

/// One millisecond of virtual time.
pub const MS: Micros = 1_000;

/// One second of virtual time.
pub const SECOND: Micros = 1_000_000;

/// Milliseconds to virtual time (saturating: no time is later than `u64::MAX` µs).
pub const fn from_ms(ms: u64) -> Micros {
    ms.saturating_mul(MS)
}

/// Virtual time to (fractional) milliseconds, for reports.
pub fn to_ms(t: Micros) -> f64 {
    t as f64 / MS as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milliseconds_both_ways() {
        assert_eq!(from_ms(3), 3_000);
        assert_eq!(from_ms(u64::MAX), u64::MAX);
        assert_eq!(to_ms(1_500), 1.5);
        assert_eq!(to_ms(2 * SECOND), 2_000.0);
    }
}
