//! The double-spend attacker of the Bitcoin paper, as peer P0.
//!
//! A race: the attacker takes the tip it knows as the block before a payment and mines on a
//! private chain from there, publishing nothing, while the honest peers extend the public
//! chain (the payment's block is the first honest block on top). Once the merchant has z
//! confirmations (z honest blocks above that point), the race is *caught up* as soon as the
//! private chain is as long as the honest one (the paper's criterion); the attacker publishes
//! the moment it is longer, which reverses the payment. It gives a race up when so far behind
//! that catching up has a chance below one in a billion, and starts the next race from the
//! public tip. Between its own blocks it behaves like any peer: it receives, adopts and relays
//! honest blocks, which is how it knows how long the honest chain is: confirmations are
//! counted as the attacker sees them, a propagation time late (the closed forms assume no
//! delay; the test of the race runs with none).

use super::race;

/// The attacker's state and record.
#[derive(Clone, Debug)]
pub struct Attacker {
    /// Its share.
    pub share: f64,
    /// Confirmations the merchant waits for.
    pub z: u32,
    give_up: u32,
    /// The block before the payment, and its height.
    base: u32,
    base_height: u32,
    /// The private chain, oldest first.
    private: Vec<u32>,
    caught: bool,
    /// Honest blocks above `base` when last looked at.
    seen: u32,
    /// Races finished.
    pub races: u64,
    /// Finished races that caught up.
    pub caught_up: u64,
    /// Races won by publishing a longer chain.
    pub reversals: u64,
}

impl Attacker {
    /// An attacker of `share` against a merchant waiting for `z` confirmations, racing from
    /// genesis.
    pub fn new(share: f64, z: u32) -> Attacker {
        Attacker {
            share,
            z,
            give_up: race::give_up_deficit(share),
            base: 0,
            base_height: 0,
            private: Vec::new(),
            caught: false,
            seen: 0,
            races: 0,
            caught_up: 0,
            reversals: 0,
        }
    }

    /// Its private chain, oldest first (none between races).
    pub fn private(&self) -> &[u32] {
        &self.private
    }

    /// The block its next private block goes on: its private tip, or the race's base.
    pub fn builds_on(&self) -> u32 {
        self.private.last().copied().unwrap_or(self.base)
    }

    /// It made private block `id`.
    pub fn mined(&mut self, id: u32) {
        self.private.push(id);
    }

    /// After its view changed (it now follows `tip` at `height`): has it caught up, won, or
    /// lost this race? The private chain to publish, when it won; it gave up when so far
    /// behind that catching up has almost no chance (the next race starts from `tip`).
    pub fn step(&mut self, tip: u32, height: u32) -> Option<Vec<u32>> {
        let honest = height.saturating_sub(self.base_height);
        let mine = self.private.len() as u32;
        // The honest chain may have grown by several blocks at once (a fork it resolved):
        // it passed through every length in between, and the lowest of those after the z-th
        // confirmation is the one to compare with.
        let lowest = (self.seen + 1).max(self.z).min(honest);
        self.seen = self.seen.max(honest);
        if honest < self.z {
            return None;
        }
        if mine >= lowest {
            self.caught = true;
        }
        if mine > honest {
            self.reversals += 1;
            return Some(std::mem::take(&mut self.private));
        }
        if honest - mine >= self.give_up {
            self.finish(tip, height);
        }
        None
    }

    /// The race is over; the next starts from `base`, at `base_height`.
    pub fn finish(&mut self, base: u32, base_height: u32) {
        self.races += 1;
        self.caught_up += u64::from(self.caught);
        self.base = base;
        self.base_height = base_height;
        self.private.clear();
        self.caught = false;
        self.seen = 0;
    }
}
