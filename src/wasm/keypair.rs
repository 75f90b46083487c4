//! The `Keypair` JS class and `isValidSs58Address`: keys live in wasm memory, are used there,
//! and are wiped by `free()` (or when the object is garbage-collected).

use std::rc::{Rc, Weak};

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use super::convert;
use super::errors::to_js;
use crate::core::keys::Keypair as CoreKeypair;
use crate::core::{ss58, Error};

/// An sr25519 keypair (a Bittensor hotkey). The secret never leaves wasm memory.
#[wasm_bindgen(js_name = Keypair)]
pub struct Keypair {
    /// Shared only with the clients that sign with this key, which hold it weakly: `free()`
    /// drops the last strong handle, so the secret is wiped then, as documented.
    inner: Rc<CoreKeypair>,
}

impl Keypair {
    pub fn core(&self) -> &CoreKeypair {
        &self.inner
    }

    /// A handle on the key that does not keep it alive.
    pub fn downgrade(&self) -> Weak<CoreKeypair> {
        Rc::downgrade(&self.inner)
    }
}

fn wrap(result: crate::core::Result<CoreKeypair>) -> Result<Keypair, JsValue> {
    result.map(|inner| Keypair { inner: Rc::new(inner) }).map_err(to_js)
}

/// A message as bytes: a `Uint8Array`, or a string as UTF-8.
fn message_bytes(message: &JsValue) -> Result<Vec<u8>, JsValue> {
    convert::bytes(message, "message").map_err(to_js)
}

#[wasm_bindgen(js_class = Keypair)]
impl Keypair {
    /// From a secret URI: `//Alice`, `<mnemonic>//hard/soft///password`, `0x<seed>//x`.
    #[wasm_bindgen(js_name = fromUri)]
    pub fn from_uri(uri: JsValue) -> Result<Keypair, JsValue> {
        let uri = zeroize::Zeroizing::new(convert::string(&uri, "uri").map_err(to_js)?);
        wrap(CoreKeypair::from_uri(&uri))
    }

    /// From a BIP-39 mnemonic with the Substrate derivation (optional BIP-39 password).
    #[wasm_bindgen(js_name = fromMnemonic)]
    pub fn from_mnemonic(phrase: JsValue, password: JsValue) -> Result<Keypair, JsValue> {
        let phrase = zeroize::Zeroizing::new(convert::string(&phrase, "mnemonic").map_err(to_js)?);
        let password = zeroize::Zeroizing::new(convert::opt_string(&password, "password").map_err(to_js)?);
        wrap(CoreKeypair::from_mnemonic(&phrase, password.as_deref()))
    }

    /// From a 32-byte mini secret: a `Uint8Array`, or hex with or without `0x`.
    #[wasm_bindgen(js_name = fromSeed)]
    pub fn from_seed(seed: JsValue) -> Result<Keypair, JsValue> {
        if let Some(hex) = seed.as_string() {
            return wrap(CoreKeypair::from_seed_hex(&hex));
        }
        match seed.dyn_ref::<Uint8Array>() {
            Some(bytes) => {
                let mut bytes = zeroize::Zeroizing::new(bytes.to_vec());
                let keypair = wrap(CoreKeypair::from_seed(&bytes));
                zeroize::Zeroize::zeroize(&mut *bytes);
                keypair
            }
            None => Err(to_js(Error::type_error("seed", "must be a Uint8Array or a hex string"))),
        }
    }

    /// From the contents of a Bittensor hotkey file (a JSON string or the parsed object).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(hotkey_file: JsValue) -> Result<Keypair, JsValue> {
        if let Some(text) = hotkey_file.as_string() {
            return wrap(CoreKeypair::from_json(&text));
        }
        if !hotkey_file.is_object() {
            return Err(to_js(Error::type_error("hotkeyFile", "must be a JSON string or an object")));
        }
        let value = convert::to_json(&hotkey_file, "hotkeyFile").map_err(to_js)?;
        wrap(CoreKeypair::from_json_value(&value))
    }

    /// A new random key and its 12-word mnemonic: `{ keypair, mnemonic }`.
    pub fn generate() -> Result<JsValue, JsValue> {
        let (inner, mnemonic) = CoreKeypair::generate().map_err(to_js)?;
        Ok(convert::object(&[("keypair", JsValue::from(Keypair { inner: Rc::new(inner) })), ("mnemonic", JsValue::from_str(&mnemonic))]))
    }

    /// Internal: a second JS handle on this key, which a `ComputeHordeClient` unwraps to sign in
    /// wasm without a JS call and a promise per signature (it keeps only a weak reference).
    #[wasm_bindgen(js_name = __forClient)]
    pub fn for_client(&self) -> Keypair {
        Keypair { inner: Rc::clone(&self.inner) }
    }

    /// The SS58 address (format 42).
    #[wasm_bindgen(getter, js_name = ss58Address)]
    pub fn ss58_address(&self) -> String {
        self.inner.ss58_address()
    }

    /// The same as `ss58Address`: lets a Keypair be used wherever a `Signer` is expected.
    #[wasm_bindgen(getter)]
    pub fn address(&self) -> String {
        self.inner.ss58_address()
    }

    /// The 32-byte public key.
    #[wasm_bindgen(getter, js_name = publicKey)]
    pub fn public_key(&self) -> Vec<u8> {
        self.inner.public_key().to_vec()
    }

    /// A 64-byte sr25519 signature (context `substrate`) over the bytes, or a string's UTF-8.
    pub fn sign(&self, message: JsValue) -> Result<Vec<u8>, JsValue> {
        Ok(self.inner.sign(&message_bytes(&message)?).to_vec())
    }

    /// True when `signature` signs `message` (or its `<Bytes>`-wrapped form) for this key.
    pub fn verify(&self, message: JsValue, signature: JsValue) -> Result<bool, JsValue> {
        let signature = signature
            .dyn_ref::<Uint8Array>()
            .map(Uint8Array::to_vec)
            .ok_or_else(|| to_js(Error::type_error("signature", "must be a Uint8Array")))?;
        Ok(self.inner.verify(&message_bytes(&message)?, &signature))
    }
}

/// True when `address` is a well-formed SS58 address with a valid checksum.
#[wasm_bindgen(js_name = isValidSs58Address)]
pub fn is_valid_ss58_address(address: JsValue) -> Result<bool, JsValue> {
    let address = address.as_string().ok_or_else(|| to_js(Error::type_error("address", "must be a string")))?;
    Ok(ss58::is_valid(&address))
}
