//! What is signed to authenticate to the facilitator, in both generations (PROTOCOL.md §2,
//! pinned by `tests/vectors/auth.json`):
//!
//! - token auth: the hotkey signs the nonce from `GET auth/nonce` and posts it to `auth/login`;
//! - hotkey-header auth (early-2025 facilitator, community edition): every request carries
//!   `Realm`, `SubnetID`, `Nonce`, `Hotkey` and a `Signature` over
//!   `METHOD + absolute URL + json.dumps(those four headers, sort_keys=True)`.

use serde_json::{Map, Value};

use super::pyjson;

/// The `Realm` header value of every API call.
pub const REALM: &str = "mainnet";
/// The `SubnetID` header value of every API call.
pub const SUBNET_ID: &str = "12";

/// The bytes the hotkey signs to log in: the nonce as UTF-8, nothing added.
pub fn login_message(nonce: &str) -> Vec<u8> {
    nonce.as_bytes().to_vec()
}

/// The `POST auth/login` body, byte for byte as the reference sends it:
/// `{"hotkey":…,"signature":<hex, no 0x>,"nonce":…}`, compact, in that key order.
pub fn login_body(hotkey_ss58: &str, signature: &[u8; 64], nonce: &str) -> String {
    let mut body = Map::new();
    body.insert("hotkey".into(), Value::String(hotkey_ss58.into()));
    body.insert("signature".into(), Value::String(hex::encode(signature)));
    body.insert("nonce".into(), Value::String(nonce.into()));
    Value::Object(body).to_string()
}

/// What a hotkey-header request signs, and the JSON part of it (kept for debugging and tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HotkeyAuthPayload {
    /// `json.dumps({"Hotkey", "Nonce", "Realm", "SubnetID"}, sort_keys=True)` with Python's
    /// default separators.
    pub headers_json: String,
    /// `METHOD + absolute_url + headers_json`; its UTF-8 bytes are what the hotkey signs.
    pub data_to_sign: String,
}

/// The payload of hotkey-header auth for one request. `absolute_url` must be the URL exactly as
/// sent, query string included: the server checks `build_absolute_uri()`, which keeps it.
/// `method` is upper-cased, as the server sees it.
pub fn hotkey_auth_payload(method: &str, absolute_url: &str, hotkey_ss58: &str, nonce: &str) -> HotkeyAuthPayload {
    let mut headers = Map::new();
    headers.insert("Realm".into(), Value::String(REALM.into()));
    headers.insert("SubnetID".into(), Value::String(SUBNET_ID.into()));
    headers.insert("Nonce".into(), Value::String(nonce.into()));
    headers.insert("Hotkey".into(), Value::String(hotkey_ss58.into()));
    let headers_json = pyjson::dumps(&Value::Object(headers), true);
    let data_to_sign = format!("{}{absolute_url}{headers_json}", method.to_ascii_uppercase());
    HotkeyAuthPayload {
        headers_json,
        data_to_sign,
    }
}

/// The hotkey-header auth headers in the reference's send order: `Realm`, `SubnetID`, `Nonce`,
/// `Hotkey`, `Signature` (hex of the signature over [`HotkeyAuthPayload::data_to_sign`], no `0x`).
pub fn hotkey_auth_headers(hotkey_ss58: &str, nonce: &str, signature: &[u8; 64]) -> Vec<(&'static str, String)> {
    vec![
        ("Realm", REALM.to_string()),
        ("SubnetID", SUBNET_ID.to_string()),
        ("Nonce", nonce.to_string()),
        ("Hotkey", hotkey_ss58.to_string()),
        ("Signature", hex::encode(signature)),
    ]
}
