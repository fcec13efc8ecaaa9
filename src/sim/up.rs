//! Who is up. Every lesson's nodes crash and recover the same way: a crashed node sends,
//! receives and decides nothing; it comes back as a new incarnation (timers of the old one no
//! longer fire); and a message sent to it before it restarted is not delivered.

use super::time::Micros;

/// The up-or-down state of every node of one run.
#[derive(Clone, Debug)]
pub struct Up {
    /// One bit per node: down (read on every delivery, so kept small enough for the cache).
    down: Vec<u64>,
    /// Per node: its incarnation, counted up at every crash and every recovery.
    life: Vec<u32>,
    /// Per node: its last crash time + 1 (0: never crashed).
    crashed: Vec<Micros>,
    /// Whether any node ever crashed (until then, deliveries skip the restart check).
    any_crash: bool,
    /// Nodes up.
    live: u32,
}

impl Up {
    /// `n` nodes, all up.
    pub fn new(n: usize) -> Up {
        Up {
            down: vec![0; n.div_ceil(64)],
            life: vec![0; n],
            crashed: vec![0; n],
            any_crash: false,
            live: n as u32,
        }
    }

    /// Whether node `n` is down.
    #[inline]
    pub fn is_down(&self, n: u32) -> bool {
        self.down[n as usize / 64] & (1 << (n % 64)) != 0
    }

    /// Node `n`'s incarnation.
    #[inline]
    pub fn life(&self, n: u32) -> u32 {
        self.life[n as usize]
    }

    /// Nodes up.
    pub fn live(&self) -> u32 {
        self.live
    }

    /// Whether `n`, up now, has been up since `sent` (a message sent then reaches it).
    #[inline]
    pub fn receives(&self, n: u32, sent: Micros) -> bool {
        let restarted = self.any_crash && self.crashed[n as usize] > sent;
        !(self.is_down(n) || restarted)
    }

    /// `n` stops at `now`; whether it was up.
    pub fn crash(&mut self, n: u32, now: Micros) -> bool {
        if self.is_down(n) {
            return false;
        }
        self.down[n as usize / 64] |= 1 << (n % 64);
        self.crashed[n as usize] = now + 1;
        self.life[n as usize] += 1;
        self.any_crash = true;
        self.live -= 1;
        true
    }

    /// `n` starts again as a new incarnation; whether it was down.
    pub fn recover(&mut self, n: u32) -> bool {
        if !self.is_down(n) {
            return false;
        }
        self.down[n as usize / 64] &= !(1 << (n % 64));
        self.life[n as usize] += 1;
        self.live += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_drops_what_was_sent_before_the_restart() {
        let mut up = Up::new(70);
        assert!(up.receives(65, 0));
        assert!(up.crash(65, 1_000));
        assert!(!up.crash(65, 1_500), "already down");
        assert!(up.is_down(65) && !up.is_down(64));
        assert_eq!(up.live(), 69);
        assert!(!up.receives(65, 2_000), "down");
        assert!(up.recover(65));
        assert!(!up.recover(65), "already up");
        assert!(
            !up.receives(65, 999),
            "sent before the crash, to the old incarnation"
        );
        assert!(!up.receives(65, 1_000), "sent at the crash");
        assert!(up.receives(65, 1_001));
        assert_eq!(up.life(65), 2);
        assert_eq!(up.life(64), 0);
        assert_eq!(up.live(), 70);
    }
}
