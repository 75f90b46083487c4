//! The randomness of signing nonces: OS randomness (getrandom) drawn a block at a time.
//!
//! schnorrkel asks the OS for 32 bytes on every signature; in wasm each ask is a call out to
//! JS (`crypto.getRandomValues`, Node's `randomFillSync`), a visible share of a request's
//! cost (bench/hotpath.mjs). Here one call fills a block for 32 signatures; bytes are wiped
//! from the block as they are handed out. If the OS source ever fails, the bytes are zeros:
//! schnorrkel then signs deterministically (its nonce also hashes the secret key's nonce
//! seed and the message), which is still a secure Schnorr signature, where the default
//! would panic.

use std::cell::RefCell;

use rand_core::{CryptoRng, RngCore};
use zeroize::Zeroize;

const BLOCK: usize = 1024;

struct Pool {
    bytes: [u8; BLOCK],
    /// Bytes from here on are fresh; the ones before were handed out (and wiped).
    next: usize,
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

thread_local! {
    static POOL: RefCell<Pool> = const { RefCell::new(Pool { bytes: [0; BLOCK], next: BLOCK }) };
}

/// An [`RngCore`] over the pooled OS randomness, for `schnorrkel::context::attach_rng`.
pub(crate) struct PooledOsRng;

impl RngCore for PooledOsRng {
    fn next_u32(&mut self) -> u32 {
        let mut bytes = [0; 4];
        self.fill_bytes(&mut bytes);
        u32::from_le_bytes(bytes)
    }

    fn next_u64(&mut self) -> u64 {
        let mut bytes = [0; 8];
        self.fill_bytes(&mut bytes);
        u64::from_le_bytes(bytes)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        if dest.len() > BLOCK / 4 {
            if getrandom::getrandom(dest).is_err() {
                dest.fill(0);
            }
            return;
        }
        POOL.with(|pool| {
            let Ok(mut pool) = pool.try_borrow_mut() else {
                dest.fill(0);
                return;
            };
            if pool.next + dest.len() > BLOCK {
                if getrandom::getrandom(&mut pool.bytes).is_err() {
                    pool.bytes.fill(0);
                }
                pool.next = 0;
            }
            let start = pool.next;
            let taken = &mut pool.bytes[start..start + dest.len()];
            dest.copy_from_slice(taken);
            taken.zeroize();
            pool.next += dest.len();
        });
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for PooledOsRng {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_never_handed_out_twice_and_blocks_refill() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..3 * BLOCK / 32 {
            let mut bytes = [0u8; 32];
            PooledOsRng.fill_bytes(&mut bytes);
            assert_ne!(bytes, [0u8; 32]);
            assert!(seen.insert(bytes), "a 32-byte draw repeated");
        }
        let mut big = [0u8; BLOCK];
        PooledOsRng.fill_bytes(&mut big);
        assert!(big.iter().any(|&b| b != 0));
    }
}
