//! Local clocks. Each node's clock is true time plus an offset plus a drift; synchronising sets
//! the offset so the clock reads what the node believes the time to be.

use super::time::Micros;

/// One node's clock.
#[derive(Copy, Clone, Debug, Default, PartialEq)]
pub struct Clock {
    /// Microseconds ahead of true time at t = 0, after the last adjustment.
    pub offset: i64,
    /// Parts per million the clock runs fast (positive) or slow (negative).
    pub drift_ppm: i32,
}

impl Clock {
    /// What the clock shows at true time `t`, µs.
    #[inline]
    pub fn read(&self, t: Micros) -> i64 {
        let t = t as i64;
        t + self.offset + t * i64::from(self.drift_ppm) / 1_000_000
    }

    /// Sets the clock so that at true time `t` it shows `value`.
    pub fn set(&mut self, t: Micros, value: i64) {
        self.offset += value - self.read(t);
    }

    /// How far the clock is from true time at `t`, µs.
    pub fn error(&self, t: Micros) -> i64 {
        self.read(t) - t as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drift_accumulates_and_set_corrects() {
        let mut c = Clock {
            offset: 1_000,
            drift_ppm: 100,
        };
        assert_eq!(c.read(0), 1_000);
        assert_eq!(c.read(10_000_000), 10_000_000 + 1_000 + 1_000);
        c.set(10_000_000, 10_000_000);
        assert_eq!(c.error(10_000_000), 0);
        assert_eq!(c.error(20_000_000), 1_000);
    }
}
