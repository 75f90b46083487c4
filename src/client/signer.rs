//! Anything that can sign for a hotkey: an in-process [`Keypair`], or (in the wasm layer) a
//! JS object such as a `@polkadot/keyring` pair or a browser wallet extension.

use super::platform::LocalBoxFuture;
use crate::core::keys::Keypair;
use crate::core::Result;

/// Signs messages for one SS58 address with sr25519 (context `substrate`).
pub trait Signer {
    /// The signer's SS58 address (format 42).
    fn address(&self) -> String;

    /// A 64-byte signature over `message`. Signatures over `<Bytes>message</Bytes>` (what
    /// wallet extensions produce) are accepted by the facilitator too.
    fn sign(&self, message: Vec<u8>) -> LocalBoxFuture<'static, Result<[u8; 64]>>;
}

impl Signer for Keypair {
    fn address(&self) -> String {
        self.ss58_address()
    }

    fn sign(&self, message: Vec<u8>) -> LocalBoxFuture<'static, Result<[u8; 64]>> {
        let signature = Keypair::sign(self, &message);
        Box::pin(async move { Ok(signature) })
    }
}
