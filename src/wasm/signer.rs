//! Any JS object that can sign: our `Keypair`, a `@polkadot/keyring` pair, or the object
//! `signerFromInjected` builds around a wallet extension. Its `sign` may return the signature
//! or a promise of it, as bytes or as `0x` hex.

use js_sys::{Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::convert;
use super::errors::callback_failed;
use crate::client::{LocalBoxFuture, Signer};
use crate::core::{ss58, Error, Result};

pub struct JsSigner {
    object: JsValue,
    sign: Function,
    address: String,
}

impl JsSigner {
    /// Checks that `object` has a `sign` method and an SS58 `address` (or `ss58Address`).
    pub fn new(object: JsValue) -> Result<JsSigner> {
        let sign = convert::get(&object, "sign")
            .dyn_into::<Function>()
            .map_err(|_| Error::type_error("hotkey", "must be a Keypair or a signer with sign(message) and address"))?;
        let address = [convert::get(&object, "address"), convert::get(&object, "ss58Address")]
            .iter()
            .find_map(JsValue::as_string)
            .ok_or_else(|| Error::type_error("hotkey.address", "must be the signer's SS58 address"))?;
        ss58::decode(&address, "hotkey.address")?;
        Ok(JsSigner { object, sign, address })
    }
}

impl Signer for JsSigner {
    fn address(&self) -> String {
        self.address.clone()
    }

    fn sign(&self, message: Vec<u8>) -> LocalBoxFuture<'static, Result<[u8; 64]>> {
        let returned = self.sign.call1(&self.object, &Uint8Array::from(message.as_slice()));
        Box::pin(async move {
            let value = JsFuture::from(Promise::resolve(&returned.map_err(callback_failed)?)).await.map_err(callback_failed)?;
            signature_bytes(&value)
        })
    }
}

fn signature_bytes(value: &JsValue) -> Result<[u8; 64]> {
    let bytes = match value.as_string() {
        Some(text) => hex::decode(text.trim_start_matches("0x"))
            .map_err(|_| Error::type_error("hotkey.sign", "returned a string that is not hex"))?,
        None => value
            .dyn_ref::<Uint8Array>()
            .map(Uint8Array::to_vec)
            .ok_or_else(|| Error::type_error("hotkey.sign", "must return a Uint8Array or a 0x hex string"))?,
    };
    bytes
        .try_into()
        .map_err(|bytes: Vec<u8>| Error::range_error("hotkey.sign", format!("returned {} bytes; an sr25519 signature has 64", bytes.len())))
}
