//! SS58 addresses: how Substrate and Bittensor write a 32-byte public key as text.
//!
//! `base58(prefix ++ public key ++ checksum)`, where the prefix is one byte for network formats
//! 0..=63 and two bytes for 64..=16383, and the checksum is the first two bytes of
//! blake2b-512(`"SS58PRE"` ++ prefix ++ public key). Decoding follows Substrate's
//! `from_ss58check_with_version`, which is what bittensor_wallet runs: any network format is
//! accepted, except the two that Substrate reserves (46 and 47).

use blake2::{Blake2b512, Digest};

use crate::core::{Error, Result};

/// The SS58 format of Bittensor (and of generic Substrate): addresses start with `5`.
pub const DEFAULT_FORMAT: u16 = 42;

/// Longer strings are refused before decoding. The longest address (a two-byte prefix, 32
/// key bytes and 2 checksum bytes: 36 bytes) is at most 50 base58 characters.
pub const MAX_ADDRESS_CHARS: usize = 60;

const CHECKSUM_LEN: usize = 2;
const KEY_LEN: usize = 32;
/// Formats are 14-bit numbers; Substrate masks anything above.
const FORMAT_MASK: u16 = 0b0011_1111_1111_1111;

/// Writes `public_key` as an SS58 address of network `format`.
///
/// Formats 0..=63 take one prefix byte, 64..=16383 two; like Substrate, a format above 16383
/// is reduced to its low 14 bits.
pub fn encode(public_key: &[u8; 32], format: u16) -> String {
    let mut data = prefix_bytes(format & FORMAT_MASK);
    data.extend_from_slice(public_key);
    let hash = checksum_hash(&data);
    data.extend_from_slice(&hash[..CHECKSUM_LEN]);
    bs58::encode(data).into_string()
}

/// Reads an SS58 address into its network format and public key.
///
/// Nothing is trimmed: whitespace is an error, as in bittensor_wallet. Every failure is a
/// `TypeError` naming `field` and saying what is wrong (bad base58 alphabet, bad length,
/// unknown prefix, reserved format, bad checksum).
pub fn decode(address: &str, field: &str) -> Result<(u16, [u8; 32])> {
    let invalid =
        |what: &str| Error::type_error(field, format!("not a valid SS58 address: {what}"));
    // Base58 decoding is quadratic in the length: refuse what cannot be an address first.
    if address.len() > MAX_ADDRESS_CHARS {
        return Err(invalid(&format!("it is longer than {MAX_ADDRESS_CHARS} characters")));
    }
    let data = bs58::decode(address)
        .into_vec()
        .map_err(|_| invalid("it contains characters outside the base58 alphabet"))?;
    let (prefix_len, format) = match data.as_slice() {
        [first @ 0..=63, ..] => (1, u16::from(*first)),
        [first @ 64..=127, second, ..] => {
            let lower = (first << 2) | (second >> 6);
            let upper = second & 0b0011_1111;
            (2, u16::from(lower) | (u16::from(upper) << 8))
        }
        [128..=255, ..] => return Err(invalid("its prefix byte is not an SS58 network prefix")),
        _ => return Err(invalid("it is too short")),
    };
    if data.len() != prefix_len + KEY_LEN + CHECKSUM_LEN {
        return Err(invalid(&format!(
            "it decodes to {} bytes, expected {}",
            data.len(),
            prefix_len + KEY_LEN + CHECKSUM_LEN
        )));
    }
    if format == 46 || format == 47 {
        return Err(invalid(&format!("network format {format} is reserved")));
    }
    let (body, checksum) = data.split_at(prefix_len + KEY_LEN);
    if checksum_hash(body).get(..CHECKSUM_LEN) != Some(checksum) {
        return Err(invalid("its checksum does not match"));
    }
    let public_key = body
        .get(prefix_len..)
        .and_then(|key| <[u8; KEY_LEN]>::try_from(key).ok())
        .ok_or_else(|| invalid("it does not hold a 32-byte public key"))?;
    Ok((format, public_key))
}

/// The public key of an SS58 address of any network format (bittensor_wallet accepts them all).
pub fn public_key_of(address: &str, field: &str) -> Result<[u8; 32]> {
    decode(address, field).map(|(_, public_key)| public_key)
}

/// True when `address` decodes as an SS58 address of any network format: the same addresses
/// bittensor_wallet's `Keypair(ss58_address=...)` accepts.
pub fn is_valid(address: &str) -> bool {
    decode(address, "address").is_ok()
}

fn prefix_bytes(format: u16) -> Vec<u8> {
    let mut data = Vec::with_capacity(2 + KEY_LEN + CHECKSUM_LEN);
    // The casts keep only bits already masked into range.
    if format < 64 {
        data.push(format as u8);
    } else {
        let first = ((format & 0b1111_1100) as u8) >> 2;
        let second = ((format >> 8) as u8) | (((format & 0b11) as u8) << 6);
        data.push(first | 0b0100_0000);
        data.push(second);
    }
    data
}

fn checksum_hash(body: &[u8]) -> [u8; 64] {
    let mut hasher = Blake2b512::new();
    hasher.update(b"SS58PRE");
    hasher.update(body);
    hasher.finalize().into()
}

#[cfg(test)]
mod length_cap_tests {
    use super::*;

    #[test]
    fn a_string_longer_than_any_address_is_refused_before_decoding() {
        let started = std::time::Instant::now();
        let error = decode(&"5".repeat(100_000), "address").unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_millis(50), "{:?}", started.elapsed());
        assert_eq!(error, Error::type_error("address", "not a valid SS58 address: it is longer than 60 characters"));
        assert!(!is_valid(&"5".repeat(61)));
    }

    #[test]
    fn the_longest_addresses_fit_under_the_cap() {
        for format in [0, 42, 63, 64, 16_383] {
            let address = encode(&[0xff; 32], format);
            assert!(address.len() <= MAX_ADDRESS_CHARS, "{format}: {address}");
            assert_eq!(decode(&address, "a").map(|(f, _)| f), Ok(format));
        }
    }
}
