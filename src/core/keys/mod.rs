//! sr25519 keypairs exactly as Substrate and Bittensor derive them, and signature checks as the
//! facilitator runs them.
//!
//! A 32-byte mini secret expands Ed25519-style (`ExpansionMode::Ed25519`) into the keypair;
//! mnemonics, secret URIs and hotkey files are ways to reach that mini secret (or the expanded
//! secret itself). Signatures use the signing context [`SIGNING_CONTEXT`] over the raw message.
//! Secrets are wiped from memory when a [`Keypair`] is dropped (schnorrkel's `Keypair` zeroizes
//! its `SecretKey` on drop) and intermediate secrets are held in `Zeroizing` buffers.

mod keyfile;
mod mnemonic;
mod nonce_rng;
mod phrase;
mod uri;

use schnorrkel::{ExpansionMode, MiniSecretKey, PublicKey, SecretKey, Signature};
use zeroize::Zeroizing;

use crate::core::{ss58, Error, Result};

/// The sr25519 signing context of Substrate, Bittensor and the facilitator.
pub const SIGNING_CONTEXT: &[u8] = b"substrate";

const SEED_LEN: usize = 32;
const SECRET_KEY_LEN: usize = 64;
const SIGNATURE_LEN: usize = 64;
/// What browser wallet extensions (polkadot{.js} `signRaw`) wrap a message in before signing.
const WRAP_PREFIX: &[u8] = b"<Bytes>";
const WRAP_SUFFIX: &[u8] = b"</Bytes>";

/// An sr25519 keypair. Its `Debug` shows only the SS58 address; its secret is zeroized on drop.
pub struct Keypair {
    inner: schnorrkel::Keypair,
}

impl Keypair {
    /// The key a Substrate secret URI names: `//Alice`, `<phrase>//hard/soft///password`,
    /// `0x<64 hex seed>//x`, or a bare phrase. Derivation follows Substrate exactly (see the
    /// `uri` module). Errors name the field `uri` and never repeat the secret.
    pub fn from_uri(uri: &str) -> Result<Keypair> {
        uri::keypair_from_uri(uri).map(Keypair::wrap)
    }

    /// The key of a BIP-39 English mnemonic, Substrate style (PBKDF2 over the entropy, not the
    /// BIP-39 seed), with an optional BIP-39 password. A derivation path is refused: use
    /// [`Keypair::from_uri`]. Errors name the field `mnemonic` and say whether the word count,
    /// a word (by position) or the checksum is wrong, without repeating any word.
    pub fn from_mnemonic(phrase: &str, password: Option<&str>) -> Result<Keypair> {
        let mini_secret = mnemonic::mini_secret(phrase, password.unwrap_or(""), "mnemonic")?;
        Ok(Keypair::from_mini_secret(&mini_secret))
    }

    /// The key of a 32-byte mini secret (Substrate's "seed"), expanded Ed25519-style.
    /// Another length is a `RangeError` on `seed`.
    pub fn from_seed(seed: &[u8]) -> Result<Keypair> {
        if seed.len() != SEED_LEN {
            return Err(Error::range_error(
                "seed",
                format!("a seed must be {SEED_LEN} bytes, got {}", seed.len()),
            ));
        }
        let mini_secret = MiniSecretKey::from_bytes(seed)
            .map_err(|_| Error::range_error("seed", format!("a seed must be {SEED_LEN} bytes")))?;
        Ok(Keypair::from_mini_secret(&mini_secret))
    }

    /// [`Keypair::from_seed`] of a hex string, with or without `0x`.
    pub fn from_seed_hex(seed: &str) -> Result<Keypair> {
        let digits = seed.strip_prefix("0x").unwrap_or(seed);
        let bytes = Zeroizing::new(
            hex::decode(digits)
                .map_err(|_| Error::type_error("seed", "a seed string must be hexadecimal"))?,
        );
        Keypair::from_seed(&bytes)
    }

    /// The key of a 64-byte sr25519 secret as bittensor writes `privateKey`: schnorrkel's
    /// canonical `SecretKey::to_bytes` (the scalar reduced mod ℓ, little-endian, then the
    /// 32-byte nonce). keys.json shows this is not the Ed25519 form (scalar times the cofactor)
    /// that polkadot.js exports. Another length, or a scalar that is not reduced, is a
    /// `RangeError` on `privateKey`.
    pub fn from_expanded_secret(secret: &[u8]) -> Result<Keypair> {
        if secret.len() != SECRET_KEY_LEN {
            return Err(Error::range_error(
                "privateKey",
                format!(
                    "an sr25519 secret key must be {SECRET_KEY_LEN} bytes, got {}",
                    secret.len()
                ),
            ));
        }
        let secret = SecretKey::from_bytes(secret).map_err(|_| {
            Error::range_error(
                "privateKey",
                "not an sr25519 secret key: its scalar is not reduced",
            )
        })?;
        Ok(Keypair::wrap(secret.to_keypair()))
    }

    /// The key in the text of a bittensor hotkey file (see the `keyfile` module). Encrypted
    /// and public-only files are refused; errors name the field `hotkeyFile`.
    pub fn from_json(text: &str) -> Result<Keypair> {
        keyfile::from_text(text)
    }

    /// [`Keypair::from_json`] of an already parsed hotkey file.
    pub fn from_json_value(value: &serde_json::Value) -> Result<Keypair> {
        keyfile::from_value(value)
    }

    /// A new random key (OS randomness through getrandom) and the 12-word English mnemonic
    /// that [`Keypair::from_mnemonic`] turns back into it.
    pub fn generate() -> Result<(Keypair, String)> {
        let (mini_secret, phrase) = mnemonic::generate()?;
        Ok((
            Keypair::from_mini_secret(&mini_secret),
            String::clone(&phrase),
        ))
    }

    /// The 32-byte sr25519 public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.inner.public.to_bytes()
    }

    /// The SS58 address of the public key in format 42.
    pub fn ss58_address(&self) -> String {
        ss58::encode(&self.public_key(), ss58::DEFAULT_FORMAT)
    }

    /// A 64-byte sr25519 signature of `message` (not pre-hashed) in context
    /// [`SIGNING_CONTEXT`]. Randomized: two signatures of one message differ.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        let transcript = schnorrkel::signing_context(SIGNING_CONTEXT).bytes(message);
        self.inner.sign(schnorrkel::context::attach_rng(transcript, nonce_rng::PooledOsRng)).to_bytes()
    }

    /// Same as [`verify`] with this key's public key.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        verify(&self.public_key(), message, signature)
    }

    fn from_mini_secret(mini_secret: &MiniSecretKey) -> Keypair {
        Keypair::wrap(mini_secret.expand_to_keypair(ExpansionMode::Ed25519))
    }

    fn wrap(inner: schnorrkel::Keypair) -> Keypair {
        Keypair { inner }
    }
}

impl std::fmt::Debug for Keypair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keypair")
            .field("ss58Address", &self.ss58_address())
            .finish()
    }
}

/// True when `signature` is a valid sr25519 signature by `public_key` over `message` or over
/// `b"<Bytes>" ++ message ++ b"</Bytes>"` (wallet-extension wrapping), exactly as signatures.json
/// records the reference verifier. Wrong-length signature -> false (never panics).
pub fn verify(public_key: &[u8; 32], message: &[u8], signature: &[u8]) -> bool {
    if signature.len() != SIGNATURE_LEN {
        return false;
    }
    let (Ok(public_key), Ok(signature)) = (
        PublicKey::from_bytes(public_key),
        Signature::from_bytes(signature),
    ) else {
        return false;
    };
    let verifies = |bytes: &[u8]| {
        public_key
            .verify_simple(SIGNING_CONTEXT, bytes, &signature)
            .is_ok()
    };
    if verifies(message) {
        return true;
    }
    let mut wrapped = Vec::with_capacity(WRAP_PREFIX.len() + message.len() + WRAP_SUFFIX.len());
    wrapped.extend_from_slice(WRAP_PREFIX);
    wrapped.extend_from_slice(message);
    wrapped.extend_from_slice(WRAP_SUFFIX);
    verifies(&wrapped)
}
