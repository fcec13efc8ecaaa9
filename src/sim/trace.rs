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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_tells_what_was_done_and_in_which_order() {
        let of = |words: &[u64]| {
            let mut t = Trace::default();
            for &w in words {
                t.add(w);
            }
            t.value()
        };
        // FNV-1a's offset basis, then one round a word.
        assert_eq!(of(&[]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(
            of(&[1]),
            (0xcbf2_9ce4_8422_2325u64 ^ 1).wrapping_mul(0x0000_0100_0000_01B3)
        );
        assert_eq!(of(&[1, 2]), of(&[1, 2]));
        assert_ne!(of(&[1, 2]), of(&[2, 1]));
        assert_ne!(of(&[0]), of(&[]));
        assert_ne!(of(&[3]), of(&[7]));
    }
}
