//! Secret URIs (`<phrase or 0x-seed>//hard/soft///password`) and junction derivation, with the
//! rules of Substrate's `SecretUri` and sr25519 `Pair::derive`, which bittensor_wallet runs.
//!
//! - The phrase part is ASCII letters, digits and spaces; when it is absent the Substrate
//!   development phrase is used, so `//Alice` is `<DEV_PHRASE>//Alice`.
//! - `//x` is a hard junction, `/x` a soft one; everything after the first `///` that is not
//!   part of a junction is the BIP-39 password.
//! - A junction's chain code is its SCALE encoding (`u64` little-endian when the text parses as
//!   a `u64`, otherwise the string with its compact length prefix), zero-padded to 32 bytes, or
//!   blake2b-256 hashed when longer.
//! - Hard: schnorrkel's `hard_derive_mini_secret_key(Some(chain code), b"")` gives a new mini
//!   secret, expanded Ed25519-style. Soft: schnorrkel's `derived_key_simple(chain code, b"")`.

use blake2::digest::consts::U32;
use blake2::{Blake2b, Digest};
use schnorrkel::derive::{ChainCode, Derivation};
use schnorrkel::{ExpansionMode, MiniSecretKey};
use zeroize::Zeroizing;

use super::mnemonic;
use crate::core::{Error, Result};

/// The Substrate development phrase: the secret of `//Alice`, `//Bob`, ...
pub(crate) const DEV_PHRASE: &str =
    "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

const FIELD: &str = "uri";
const CHAIN_CODE_LEN: usize = 32;

/// One step of a derivation path.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Junction {
    Hard([u8; CHAIN_CODE_LEN]),
    Soft([u8; CHAIN_CODE_LEN]),
}

/// The keypair a secret URI names, derived exactly as Substrate derives it.
pub(crate) fn keypair_from_uri(uri: &str) -> Result<schnorrkel::Keypair> {
    if uri.is_empty() {
        // Substrate reads "" as the bare development phrase: a well-known key nobody means to use.
        return Err(Error::type_error(FIELD, "the secret URI is empty"));
    }
    let path_start = uri.find('/').unwrap_or(uri.len());
    let (phrase, path) = uri.split_at(path_start);
    let (junctions, password) = parse_path(path)?;
    let root = if phrase.is_empty() {
        root_from_phrase(DEV_PHRASE, password)?
    } else if !phrase
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b' ')
    {
        return Err(Error::type_error(
            FIELD,
            "the part before the first '/' must be a mnemonic (letters and spaces) or a 0x-prefixed hex seed",
        ));
    } else if let Some(seed_hex) = phrase.strip_prefix("0x") {
        // Substrate ignores a password given with a raw seed; so do we, to derive the same key.
        let seed = Zeroizing::new(
            hex::decode(seed_hex)
                .map_err(|_| Error::type_error(FIELD, "the seed after '0x' is not hexadecimal"))?,
        );
        MiniSecretKey::from_bytes(&seed).map_err(|_| {
            Error::range_error(
                FIELD,
                format!(
                    "a 0x seed must be 32 bytes (64 hex digits), got {} bytes",
                    seed.len()
                ),
            )
        })?
    } else {
        root_from_phrase(phrase, password)?
    };
    Ok(derive(
        root.expand_to_keypair(ExpansionMode::Ed25519),
        &junctions,
    ))
}

fn root_from_phrase(phrase: &str, password: Option<&str>) -> Result<MiniSecretKey> {
    mnemonic::mini_secret(phrase, password.unwrap_or(""), FIELD)
}

/// Splits `//a/b///password` into junctions and the password, as Substrate's regex
/// `(?P<path>(//?[^/]+)*)(///(?P<password>.*))?` does.
fn parse_path(path: &str) -> Result<(Vec<Junction>, Option<&str>)> {
    let mut junctions = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(password) = rest.strip_prefix("///") {
            return Ok((junctions, Some(password)));
        }
        let (hard, tail) = match rest.strip_prefix("//") {
            Some(tail) => (true, tail),
            None => (false, rest.strip_prefix('/').unwrap_or(rest)),
        };
        let end = tail.find('/').unwrap_or(tail.len());
        let (code, after) = tail.split_at(end);
        if code.is_empty() {
            return Err(Error::type_error(
                FIELD,
                "empty derivation junction: each '/' or '//' must be followed by a name or number",
            ));
        }
        let chain_code = chain_code(code);
        junctions.push(if hard {
            Junction::Hard(chain_code)
        } else {
            Junction::Soft(chain_code)
        });
        rest = after;
    }
    Ok((junctions, None))
}

/// Substrate's `DeriveJunction::from(&str)` chain code.
fn chain_code(code: &str) -> [u8; CHAIN_CODE_LEN] {
    let encoded = match code.parse::<u64>() {
        Ok(number) => number.to_le_bytes().to_vec(),
        Err(_) => {
            let mut encoded = scale_compact(code.len() as u64);
            encoded.extend_from_slice(code.as_bytes());
            encoded
        }
    };
    let mut chain_code = [0u8; CHAIN_CODE_LEN];
    if encoded.len() > CHAIN_CODE_LEN {
        chain_code.copy_from_slice(&Blake2b::<U32>::digest(&encoded));
    } else {
        chain_code
            .iter_mut()
            .zip(&encoded)
            .for_each(|(out, byte)| *out = *byte);
    }
    chain_code
}

/// SCALE compact encoding of a length.
fn scale_compact(value: u64) -> Vec<u8> {
    match value {
        0..=0x3f => vec![(value as u8) << 2],
        0x40..=0x3fff => ((value as u16) << 2 | 0b01).to_le_bytes().to_vec(),
        0x4000..=0x3fff_ffff => ((value as u32) << 2 | 0b10).to_le_bytes().to_vec(),
        _ => {
            let bytes = value.to_le_bytes();
            let used = bytes.len() - bytes.iter().rev().take_while(|b| **b == 0).count();
            let mut encoded = vec![(((used - 4) as u8) << 2) | 0b11];
            encoded.extend_from_slice(&bytes[..used]);
            encoded
        }
    }
}

fn derive(root: schnorrkel::Keypair, junctions: &[Junction]) -> schnorrkel::Keypair {
    junctions
        .iter()
        .fold(root, |pair, junction| match junction {
            Junction::Soft(cc) => pair.derived_key_simple(ChainCode(*cc), b"").0,
            Junction::Hard(cc) => pair
                .hard_derive_mini_secret_key(Some(ChainCode(*cc)), b"")
                .0
                .expand_to_keypair(ExpansionMode::Ed25519),
        })
}
