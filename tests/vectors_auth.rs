//! Authentication payloads (tests/vectors/auth.json): the token login (signed bytes and body) and
//! the per-request hotkey-header auth of SDK 0.0.1, whose recorded signatures verify over our
//! `data_to_sign`.

mod common;

use common::{
    check_hotkey_auth, header, hex_bytes, keys_of, pair_list, s, str_list, vector, verifies, HOTKEY_AUTH_HEADERS,
};
use compute_horde_sdk::core::signing::auth::{login_body, login_message, REALM, SUBNET_ID};
use serde_json::Value;

#[test]
fn login_signs_the_nonce_bytes_and_posts_the_reference_body() {
    let vectors = vector("auth.json");
    let current = &vectors["current"];
    let nonce = s(&current["nonce"]["value"]);
    let login = &current["login"];
    let message = login_message(nonce);
    assert_eq!(message, s(&login["signed_bytes_utf8"]).as_bytes());
    assert_eq!(hex::encode(&message), s(&login["signed_bytes_hex"]));

    let hotkey = s(&current["jwt"]["payload"]["sub"]);
    let signature = hex_bytes(&login["example_signature_hex"]);
    assert!(verifies(hotkey, &message, &signature));
    let signature: [u8; 64] = signature.try_into().unwrap();
    let body = login_body(hotkey, &signature, nonce);
    assert_eq!(body, s(&login["request_body"]));
    let parsed: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(keys_of(&parsed), str_list(&login["request_body_key_order"]));

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
    let vectors = vector("auth.json");
    let legacy = &vectors["legacy"];
    let hotkey = s(&legacy["signer_ss58"]);
    let cases = legacy["cases"].as_array().unwrap();
    for (i, case) in cases.iter().enumerate() {
        let ctx = format!("case {i}");
        let headers = pair_list(&case["headers_in_send_order"]);
        let payload = check_hotkey_auth(
            &ctx,
            s(&case["method"]),
            s(&case["absolute_url_signed"]),
            &headers,
            case,
        );
        assert_eq!(
            hex::encode(payload.data_to_sign.as_bytes()),
            s(&case["data_to_sign_hex"]),
            "{ctx}"
        );
        // Those are all the headers sent, by the vector's signer, with its recorded signature.
        let names: Vec<&str> = headers.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, HOTKEY_AUTH_HEADERS, "{ctx}: headers in send order");
        assert_eq!(header(&ctx, &headers, "Hotkey"), hotkey, "{ctx}");
        assert_eq!(header(&ctx, &headers, "Signature"), s(&case["signature_hex"]), "{ctx}");
    }
    println!(
        "auth.json: {} legacy cases checked (headers_json, data_to_sign, signature, headers)",
        cases.len()
    );
    assert!(!cases.is_empty());
}
