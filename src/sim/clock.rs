//! A node's clock: an oscillator that starts off true time and drifts, plus a correction. A
//! correction is slewed: a clock that is ahead is slowed, one that is behind is sped up, by at
//! most its slew rate, until it reads what it should, so it never runs backwards. A lesson that
//! shows why may also step a clock, which can move it back. Every lesson's nodes read their
//! time from one.

use super::time::Micros;

/// The fastest a correction runs: half the clock's rate (a clock being corrected runs between
/// half and one and a half times as fast as it otherwise would). Real time servers slew a
/// thousand times slower, over hours; a lesson has seconds.
pub const MAX_SLEW_PPM: i64 = 500_000;

/// One node's clock.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Clock {
    /// The oscillator: µs ahead of true time at t = 0.
    pub offset: i64,
    /// The oscillator: parts per million it runs fast (positive) or slow (negative).
    pub drift_ppm: i32,
    /// The correction: its value at `corr_at`, where it is heading, and when it gets there.
    corr: i64,
    corr_at: Micros,
    target: i64,
    until: Micros,
    /// The fastest a correction runs, ppm.
    slew_ppm: i64,
}

impl Default for Clock {
    fn default() -> Self {
        Clock::new(0, 0)
    }
}

impl Clock {
    /// An oscillator `offset` µs off at t = 0, running `drift_ppm` fast; no correction yet.
    pub fn new(offset: i64, drift_ppm: i32) -> Clock {
        Clock {
            offset,
            drift_ppm,
            corr: 0,
            corr_at: 0,
            target: 0,
            until: 0,
            slew_ppm: MAX_SLEW_PPM,
        }
    }

    /// The same clock, its corrections slewed at most `ppm` (at least 1).
    pub fn with_slew(self, ppm: u32) -> Clock {
        Clock {
            slew_ppm: i64::from(ppm.max(1)),
            ..self
        }
    }

    /// The oscillator alone at true time `t`, µs.
    #[inline]
    pub fn raw(&self, t: Micros) -> i64 {
        let t = t as i64;
        t + self.offset + t * i64::from(self.drift_ppm) / 1_000_000
    }

    /// The first true time at which the oscillator alone reads at least `v` µs (0 if it
    /// already does at the start).
    pub fn when_reads(&self, v: i64) -> Micros {
        let rate = 1_000_000 + i128::from(self.drift_ppm);
        let mut t = ((i128::from(v) - i128::from(self.offset)) * 1_000_000 / rate).max(0) as Micros;
        // The division above and the one in `raw` round differently: step to the exact answer.
        while self.raw(t) < v {
            t += 1;
        }
        while t > 0 && self.raw(t - 1) >= v {
            t -= 1;
        }
        t
    }

    /// The correction at `t`.
    fn correction(&self, t: Micros) -> i64 {
        if t >= self.until {
            return self.target;
        }
        let step = (t.saturating_sub(self.corr_at)) as i64 * self.slew_ppm / 1_000_000;
        if self.target >= self.corr {
            self.corr + step
        } else {
            self.corr - step
        }
    }

    /// What the clock shows at true time `t`, µs.
    #[inline]
    pub fn read(&self, t: Micros) -> i64 {
        self.raw(t) + self.correction(t)
    }

    /// From `t` on, slews toward reading `delta` µs more (or less) than it would.
    pub fn slew(&mut self, t: Micros, delta: i64) {
        let now = self.correction(t);
        self.corr = now;
        self.corr_at = t;
        self.target = now + delta;
        let span = delta.unsigned_abs().saturating_mul(1_000_000) / self.slew_ppm as u64;
        self.until = t.saturating_add(span);
    }

    /// At `t`, jumps to reading `delta` µs more (or less: back in time) than it does, and drops
    /// any correction still under way.
    pub fn step(&mut self, t: Micros, delta: i64) {
        let now = self.correction(t) + delta;
        self.corr = now;
        self.corr_at = t;
        self.target = now;
        self.until = t;
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
    fn when_reads_is_the_first_moment_the_oscillator_gets_there() {
        for (offset, drift) in [
            (0, 0),
            (250_000, 0),
            (-250_000, 0),
            (40_000, 200),
            (-7, -950),
        ] {
            let c = Clock::new(offset, drift);
            for v in [0i64, 1, 999_999, 1_000_000, 86_400_000_000, 3_600_000_123] {
                let t = c.when_reads(v);
                assert!(c.raw(t) >= v, "{offset} {drift} {v}");
                assert!(
                    t == 0 || c.raw(t - 1) < v,
                    "{offset} {drift} {v}: not the first"
                );
            }
        }
        assert_eq!(Clock::new(5_000, 0).when_reads(1_000), 0);
        // Every reading over a stretch, on clocks whose rounding makes the first guess land
        // either side of the answer: each time, the first moment and no later.
        for (offset, drift) in [(0, -950), (-3, -333_333), (11, 777), (0, 999_999)] {
            let c = Clock::new(offset, drift);
            for v in 0..5_000i64 {
                let t = c.when_reads(v);
                assert!(
                    c.raw(t) >= v && (t == 0 || c.raw(t - 1) < v),
                    "{offset} {drift} {v}: {t}"
                );
            }
        }
    }

    #[test]
    fn drift_accumulates() {
        let c = Clock::new(1_000, 100);
        assert_eq!(c.read(0), 1_000);
        assert_eq!(c.read(10_000_000), 10_000_000 + 1_000 + 1_000);
        assert_eq!(c.error(10_000_000), 2_000);
        assert_eq!(Clock::new(-500, -100).error(10_000_000), -1_500);
    }

    #[test]
    fn slewing_corrects_without_ever_going_backwards() {
        for delta in [-250_000i64, -1, 0, 7, 250_000, -3_600_000_000] {
            let mut c = Clock::new(40_000, -100_000);
            let t0 = 5_000_000;
            let before = c.read(t0);
            c.slew(t0, delta);
            let span = delta.unsigned_abs() * 1_000_000 / MAX_SLEW_PPM as u64;
            let mut last = c.read(t0);
            assert_eq!(last, before);
            for k in 1..=200u64 {
                let t = t0 + (span + 1_000) * k / 200;
                let r = c.read(t);
                assert!(r >= last, "delta {delta}: back from {last} to {r} at {t}");
                last = r;
            }
            let end = t0 + span + 1_000;
            assert_eq!(c.read(end), c.raw(end) + delta, "delta {delta}");
        }
    }

    #[test]
    fn a_slower_slew_takes_longer_and_a_step_is_at_once() {
        // 500 ppm (adjtime's rate): 10 ms takes 20 s.
        let mut c = Clock::new(0, 0).with_slew(500);
        c.slew(0, 10_000);
        assert_eq!(c.read(10_000_000), 10_000_000 + 5_000);
        assert_eq!(c.read(20_000_000), 20_000_000 + 10_000);
        assert_eq!(c.read(30_000_000), 30_000_000 + 10_000);
        // A step back drops the rest of a slew and reads earlier at once.
        let mut c = Clock::new(0, 0).with_slew(500);
        c.slew(0, 10_000);
        let before = c.read(10_000_000);
        c.step(10_000_000, -30_000);
        assert_eq!(c.read(10_000_000), before - 30_000);
        assert_eq!(c.read(50_000_000), 50_000_000 - 25_000);
        assert_eq!(Clock::default(), Clock::new(0, 0));
    }

    #[test]
    fn a_new_correction_starts_from_where_the_last_one_got_to() {
        let mut c = Clock::new(0, 0);
        c.slew(0, 100_000);
        let mid = c.read(100_000);
        c.slew(100_000, -20_000);
        assert_eq!(c.read(100_000), mid);
        assert_eq!(
            c.read(10_000_000),
            10_000_000 + 100_000 * 100_000 / 200_000 - 20_000
        );
    }
}
