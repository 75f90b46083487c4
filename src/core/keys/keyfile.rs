//! Bittensor hotkey files (`~/.bittensor/wallets/<wallet>/hotkeys/<hotkey>`).
//!
//! An unencrypted keyfile is one-line JSON whose key order is random (bittensor_wallet writes a
//! Rust HashMap): `publicKey`, `privateKey` (0x + the 64-byte sr25519 secret key, schnorrkel's canonical form),
//! `accountId`, `ss58Address`, `cryptoType`, and `secretPhrase` when the key came from a
//! mnemonic. `secretSeed` is ignored: bittensor_wallet writes it corrupted for seed-made keys.
//! Encrypted keyfiles (`$NACL`, `$ANSIBLE_VAULT`, legacy Fernet) are refused with a clear error.

use serde_json::Value;
use zeroize::{Zeroize, Zeroizing};

use super::Keypair;
use crate::core::{ss58, Error, Result};

const FIELD: &str = "hotkeyFile";
/// bittensor's `cryptoType` for sr25519.
const SR25519: u64 = 1;

/// Loads the keypair in the text of a hotkey file.
pub(crate) fn from_text(text: &str) -> Result<Keypair> {
    match serde_json::from_str::<Value>(text) {
        Ok(mut value) => {
            let keypair = from_value(&value);
            wipe_strings(&mut value);
            keypair
        }
        Err(_) => Err(not_json(text)),
    }
}

/// Loads the keypair in a parsed hotkey file: from `secretPhrase` when present, otherwise from
/// `privateKey`, then checks it against the recorded `ss58Address` and `publicKey`.
pub(crate) fn from_value(value: &Value) -> Result<Keypair> {
    let file = value
        .as_object()
        .ok_or_else(|| Error::type_error(FIELD, "a hotkey file must be a JSON object"))?;
    if let Some(crypto_type) = file.get("cryptoType").filter(|v| !v.is_null()) {
        match crypto_type.as_u64() {
            Some(SR25519) => {}
            _ => {
                return Err(Error::range_error(
                    FIELD,
                    format!("cryptoType {crypto_type} is not supported; only 1 (sr25519) is"),
                ))
            }
        }
    }
    let keypair = if let Some(phrase) = string_field(file, "secretPhrase")? {
        Keypair::from_mnemonic(phrase, None).map_err(|e| within("secretPhrase", e))?
    } else if let Some(private_key) = string_field(file, "privateKey")? {
        let hex_digits = private_key.strip_prefix("0x").unwrap_or(private_key);
        let secret = Zeroizing::new(
            hex::decode(hex_digits)
                .map_err(|_| Error::type_error(FIELD, "privateKey is not hexadecimal"))?,
        );
        Keypair::from_expanded_secret(&secret).map_err(|e| within("privateKey", e))?
    } else if file.contains_key("publicKey") || file.contains_key("ss58Address") {
        return Err(Error::type_error(
            FIELD,
            "this file holds only a public key (a coldkeypub.txt or <hotkey>pub.txt file); load the hotkey file itself",
        ));
    } else {
        return Err(Error::type_error(
            FIELD,
            "not a bittensor hotkey file: it has neither secretPhrase nor privateKey",
        ));
    };
    if let Some(address) = string_field(file, "ss58Address")? {
        let recorded = ss58::public_key_of(address, FIELD)?;
        if recorded != keypair.public_key() {
            return Err(Error::type_error(
                FIELD,
                format!(
                    "the key in the file is {}, but its ss58Address says {address}",
                    keypair.ss58_address()
                ),
            ));
        }
    }
    if let Some(public_key) = string_field(file, "publicKey")? {
        let recorded = hex::decode(public_key.strip_prefix("0x").unwrap_or(public_key))
            .map_err(|_| Error::type_error(FIELD, "publicKey is not hexadecimal"))?;
        if recorded != keypair.public_key() {
            return Err(Error::type_error(
                FIELD,
                format!(
                    "the key in the file is {}, but its publicKey is different",
                    keypair.ss58_address()
                ),
            ));
        }
    }
    Ok(keypair)
}

/// A string member, absent when missing or null; any other type is an error.
fn string_field<'a>(
    file: &'a serde_json::Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>> {
    match file.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(Error::type_error(FIELD, format!("{name} must be a string"))),
    }
}

/// Re-homes an error from a key constructor under `hotkeyFile`, naming the member it came from.
fn within(member: &str, error: Error) -> Error {
    match error {
        Error::Type { message, .. } => Error::type_error(FIELD, format!("{member}: {message}")),
        Error::Range { message, .. } => Error::range_error(FIELD, format!("{member}: {message}")),
        other => other,
    }
}

fn not_json(text: &str) -> Error {
    let start = text.trim_start();
    let encrypted_as = if start.starts_with("$NACL") {
        Some("NaCl (bittensor_wallet's password encryption)")
    } else if start.starts_with("$ANSIBLE_VAULT") {
        Some("Ansible Vault (older bittensor)")
    } else if start.starts_with("gAAAAA") {
        Some("Fernet (legacy bittensor)")
    } else {
        None
    };
    match encrypted_as {
        Some(scheme) => Error::type_error(
            FIELD,
            format!(
                "the hotkey file is encrypted with {scheme}; encrypted keyfiles are not supported \
                 (hotkeys are normally stored unencrypted: regenerate it without a password)"
            ),
        ),
        None => Error::type_error(
            FIELD,
            "the hotkey file is not JSON: either it is encrypted (not supported) or it is not a bittensor hotkey file",
        ),
    }
}

/// Overwrites every string of a parsed file, which may hold the phrase and private key.
fn wipe_strings(value: &mut Value) {
    match value {
        Value::String(text) => text.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(wipe_strings),
        Value::Object(members) => members.values_mut().for_each(wipe_strings),
        _ => {}
    }
}
