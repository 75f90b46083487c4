//! Authentication payloads (tests/vectors/auth.json): the token login (signed bytes and body) and
//! the per-request hotkey-header auth of SDK 0.0.1, whose recorded signatures verify over our
//! `data_to_sign`.

use compute_horde_sdk::core::signing::auth::{
    hotkey_auth_headers, hotkey_auth_payload, login_body, login_message, REALM, SUBNET_ID,
};
use serde_json::Value;

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/auth.json");
const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/keys.json");

fn load(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap()
}

fn verifies(ss58: &str, message: &[u8], signature: &[u8]) -> bool {
    let keys = load(KEYS);
    let entry = keys["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["ss58_address"] == ss58)
        .unwrap();
    let key = schnorrkel::PublicKey::from_bytes(&hex::decode(s(&entry["public_key_hex"])).unwrap()).unwrap();
    let signature = schnorrkel::Signature::from_bytes(signature).unwrap();
    key.verify_simple(b"substrate", message, &signature).is_ok()
}

fn pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|h| (s(&h[0]).to_string(), s(&h[1]).to_string()))
        .collect()
}

#[test]
fn login_signs_the_nonce_bytes_and_posts_the_reference_body() {
    let vectors = load(VECTORS);
    let current = &vectors["current"];
    let nonce = s(&current["nonce"]["value"]);
    let login = &current["login"];
    let message = login_message(nonce);
    assert_eq!(message, s(&login["signed_bytes_utf8"]).as_bytes());
    assert_eq!(hex::encode(&message), s(&login["signed_bytes_hex"]));

    let hotkey = s(&current["jwt"]["payload"]["sub"]);
    let signature = hex::decode(s(&login["example_signature_hex"])).unwrap();
    assert!(verifies(hotkey, &message, &signature));
    let signature: [u8; 64] = signature.try_into().unwrap();
    let body = login_body(hotkey, &signature, nonce);
    assert_eq!(body, s(&login["request_body"]));
    let parsed: Value = serde_json::from_str(&body).unwrap();
    let order: Vec<&str> = parsed.as_object().unwrap().keys().map(String::as_str).collect();
    let expected: Vec<&str> = login["request_body_key_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(s)
        .collect();
    assert_eq!(order, expected);

    // The captured login request carries exactly that body.
    let captured = current["captured_requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| s(&r["url"]).ends_with("/auth/login"))
        .unwrap();
    assert_eq!(s(&captured["body"]), body);

    assert_eq!(s(&current["api_headers"]["Realm"]), REALM);
    assert_eq!(s(&current["api_headers"]["SubnetID"]), SUBNET_ID);
    println!("auth.json: login (signed bytes, body, signature) checked");
}

#[test]
fn every_legacy_case_signs_the_reference_data_and_sends_the_reference_headers() {
    let vectors = load(VECTORS);
    let legacy = &vectors["legacy"];
    let hotkey = s(&legacy["signer_ss58"]);
    let cases = legacy["cases"].as_array().unwrap();
    for (i, case) in cases.iter().enumerate() {
        let headers = pairs(&case["headers_in_send_order"]);
        let nonce = &headers.iter().find(|(k, _)| k == "Nonce").unwrap().1;
        let payload = hotkey_auth_payload(s(&case["method"]), s(&case["absolute_url_signed"]), hotkey, nonce);
        assert_eq!(payload.headers_json, s(&case["headers_json"]), "case {i}");
        assert_eq!(payload.data_to_sign, s(&case["data_to_sign"]), "case {i}");
        assert_eq!(
            hex::encode(payload.data_to_sign.as_bytes()),
            s(&case["data_to_sign_hex"]),
            "case {i}"
        );

        let signature = hex::decode(s(&case["signature_hex"])).unwrap();
        assert!(
            verifies(hotkey, payload.data_to_sign.as_bytes(), &signature),
            "case {i}"
        );
        let signature: [u8; 64] = signature.try_into().unwrap();
        let ours: Vec<(String, String)> = hotkey_auth_headers(hotkey, nonce, &signature)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        assert_eq!(ours, headers, "case {i}: headers in send order");
    }
    println!(
        "auth.json: {} legacy cases checked (headers_json, data_to_sign, signature, headers)",
        cases.len()
    );
    assert!(!cases.is_empty());
}
