//! BIP-39 English mnemonics turned into sr25519 mini secrets the Substrate way.
//!
//! Substrate (and so Bittensor) does not use the BIP-39 seed: the mini secret is the first
//! 32 bytes of PBKDF2-HMAC-SHA512 over the mnemonic's *entropy* with salt
//! `"mnemonic" ++ password` (`substrate-bip39`). The phrase is parsed exactly as Substrate
//! parses it: English words separated by whitespace, no case folding.

use schnorrkel::MiniSecretKey;
use zeroize::Zeroizing;

use super::phrase::{self, PhraseError};
use super::uri::DEV_PHRASE;
use crate::core::{Error, Result};

/// The mini secret of [`DEV_PHRASE`] with no password (Substrate's `DEV_SEED`).
const DEV_MINI_SECRET: [u8; 32] = [
    0xfa, 0xc7, 0x95, 0x9d, 0xbf, 0xe7, 0x2f, 0x05, 0x2e, 0x5a, 0x0c, 0x3c, 0x8d, 0x65, 0x30, 0xf2,
    0x02, 0xb0, 0x2f, 0xd8, 0xf9, 0xf5, 0xca, 0x35, 0x80, 0xec, 0x8d, 0xeb, 0x77, 0x97, 0x47, 0x9e,
];

/// Entropy of a generated phrase: 16 bytes make the 12 words bittensor's `btcli` uses.
const GENERATED_ENTROPY_LEN: usize = 16;

/// The mini secret of `phrase` with BIP-39 `password` ("" when there is none).
///
/// Errors name `field` and say what is wrong without repeating any word of the phrase.
pub(crate) fn mini_secret(phrase: &str, password: &str, field: &str) -> Result<MiniSecretKey> {
    if phrase.contains('/') {
        return Err(Error::type_error(
            field,
            "a mnemonic cannot carry a derivation path ('/'); derive with Keypair.fromUri(\"<phrase>//hard/soft\")",
        ));
    }
    // The Substrate development phrase (behind `//Alice` and friends) is public and its mini
    // secret constant: skipping its 2048 PBKDF2 rounds is most of a cold start's first
    // signature (they run before the wasm tiers up). A test checks the constant.
    if phrase == DEV_PHRASE && password.is_empty() {
        return MiniSecretKey::from_bytes(&DEV_MINI_SECRET)
            .map_err(|_| Error::range_error(field, "could not derive a mini secret from the mnemonic"));
    }
    // English words are ASCII, so NFKD normalization (and its 80 KB of Unicode tables in the
    // wasm) changes nothing a valid phrase can contain.
    let entropy = phrase::entropy(phrase).map_err(|e| describe(e, field))?;
    mini_secret_from_entropy(&entropy, password, field)
}

/// A new random key's mini secret and its 12-word English mnemonic.
pub(crate) fn generate() -> Result<(MiniSecretKey, Zeroizing<String>)> {
    // A fresh mini secret is 32 bytes straight from the OS generator (getrandom); half of it is
    // the entropy of the phrase, so no second source of randomness is needed.
    let random = Zeroizing::new(MiniSecretKey::generate().to_bytes());
    let entropy = random.get(..GENERATED_ENTROPY_LEN).unwrap_or_default();
    let phrase = phrase::phrase(entropy);
    let mini_secret = mini_secret_from_entropy(entropy, "", "mnemonic")?;
    Ok((mini_secret, phrase))
}

fn mini_secret_from_entropy(entropy: &[u8], password: &str, field: &str) -> Result<MiniSecretKey> {
    // `seed_from_entropy` rather than `mini_secret_from_entropy` so the 64-byte PBKDF2 output
    // is wiped once its first half is taken.
    let seed = substrate_bip39::seed_from_entropy(entropy, password)
        .map(Zeroizing::new)
        .map_err(|_| Error::range_error(field, "the mnemonic's entropy must be 16 to 32 bytes"))?;
    seed.get(..32)
        .and_then(|bytes| MiniSecretKey::from_bytes(bytes).ok())
        .ok_or_else(|| {
            Error::range_error(field, "could not derive a mini secret from the mnemonic")
        })
}

fn describe(error: PhraseError, field: &str) -> Error {
    match error {
        PhraseError::WordCount(count) => Error::range_error(
            field,
            format!("a mnemonic has 12, 15, 18, 21 or 24 words, this one has {count}"),
        ),
        PhraseError::UnknownWord(index) => Error::type_error(
            field,
            format!("word {} of the mnemonic is not in the BIP-39 English word list", index + 1),
        ),
        PhraseError::Checksum => Error::type_error(
            field,
            "the mnemonic's checksum does not match (a word is wrong or the words are out of order)",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dev_phrase_shortcut_is_what_pbkdf2_derives() {
        let entropy = phrase::entropy(DEV_PHRASE).unwrap();
        let derived = mini_secret_from_entropy(&entropy, "", "mnemonic").unwrap();
        assert_eq!(derived.to_bytes(), DEV_MINI_SECRET);
        assert_eq!(mini_secret(DEV_PHRASE, "", "mnemonic").unwrap().to_bytes(), DEV_MINI_SECRET);
        // With a password the shortcut does not apply.
        let with_password = mini_secret(DEV_PHRASE, "pw", "mnemonic").unwrap();
        assert_eq!(with_password.to_bytes(), mini_secret_from_entropy(&entropy, "pw", "mnemonic").unwrap().to_bytes());
        assert_ne!(with_password.to_bytes(), DEV_MINI_SECRET);
    }
}
