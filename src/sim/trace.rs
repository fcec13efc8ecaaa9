//! The trace hash: one fixed FNV-1a-style round per 64-bit word, so native and wasm agree. Two
//! runs with the same hash did the same things at the same times (each engine says what it
//! adds: deliveries, blocks made and adopted).

/// A running hash over what a run did.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Trace(u64);

impl Default for Trace {
    fn default() -> Self {
        Trace(0xcbf2_9ce4_8422_2325)
    }
}

impl Trace {
    /// Adds one word.
    #[inline]
    pub fn add(&mut self, x: u64) {
        self.0 = (self.0 ^ x).wrapping_mul(0x0000_0100_0000_01B3);
    }

    /// The hash so far.
    pub fn value(self) -> u64 {
        self.0
    }
}
