//! SHA-512 and the MT19937 generator, for Python's `random.seed(s)` / `getrandbits` behind
//! hetida's seeded io ids: thin wrappers over the `sha2` and `rand_mt` crates.

use sha2::{Digest, Sha512};

/// SHA-512 digest of `data` (what Python's `random.seed(str)` hashes the string with).
pub(super) fn sha512(data: &[u8]) -> [u8; 64] {
    Sha512::digest(data).into()
}

/// The Mersenne Twister MT19937 as used by CPython's `random` module.
pub(super) struct Mt19937(rand_mt::Mt);

impl Mt19937 {
    /// `init_genrand(seed)`.
    #[cfg(test)]
    pub(super) fn new(seed: u32) -> Self {
        Mt19937(rand_mt::Mt::new(seed))
    }

    /// `init_by_array(key)`, what CPython's `random.seed(int)` does with the integer's words.
    pub(super) fn by_array(key: &[u32]) -> Self {
        Mt19937(rand_mt::Mt::new_with_key(key.iter().copied()))
    }

    /// `genrand_uint32()`.
    pub(super) fn next_u32(&mut self) -> u32 {
        self.0.next_u32()
    }
}
