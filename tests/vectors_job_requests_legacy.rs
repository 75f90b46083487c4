//! create_job and other calls as the early-2025 reference SDK 0.0.1 performs them
//! (tests/vectors/job_requests_legacy.json): the legacy body and SignedFields layout, their
//! digests, and the per-request hotkey-header auth. The vector's signatures verify over our
//! digests and our `data_to_sign`.

mod common;

use common::{
    check_create_job_case, check_hotkey_auth, check_refused_spec, check_signed_payload, keys_of, pair_list, s,
    sent_x_ch_headers, vector, verifies, HOTKEY_AUTH_HEADERS,
};
use compute_horde_sdk::core::job::{create_job_body, InputVolume, JobSpec};
use compute_horde_sdk::core::signing::auth::hotkey_auth_payload;
use compute_horde_sdk::core::signing::{digest, full_request_text, signed_fields_text, Layout, Scope};
use compute_horde_sdk::core::Error;
use serde_json::Value;

/// Checks the hotkey-header auth of a request SDK 0.0.1 sent (its method, URL and headers).
fn check_sent_auth(ctx: &str, request: &Value, recorded: &Value) {
    let sent = pair_list(&request["headers"]);
    check_hotkey_auth(ctx, s(&request["method"]), s(&request["url"]), &sent, recorded);
}

#[test]
fn every_legacy_case_gives_the_reference_body_signed_text_digest_and_auth() {
    let vectors = vector("job_requests_legacy.json");
    let validator = s(&vectors["fixed"]["compute_horde_validator_hotkey"]);
    let cases = vectors["cases"].as_array().unwrap();
    for case in cases {
        let id = s(&case["id"]);
        let spec = &case["sdk_input"]["create_job_kwargs"];
        let (body, checked) = check_create_job_case(id, case, spec, validator, Layout::Legacy);

        // A digest of the current layout would not verify: the two generations are exclusive.
        let current = signed_fields_text(&body, Layout::Current).unwrap();
        let current_digest = digest(checked.timestamp_ns, &current);
        assert!(
            !verifies(&checked.signatory, &current_digest, &checked.signature),
            "{id}"
        );

        check_sent_auth(id, &case["request"], &case["legacy_auth"]);
        let auth_headers = case["legacy_auth_headers"].as_object().unwrap();
        assert_eq!(
            keys_of(&case["legacy_auth_headers"]),
            HOTKEY_AUTH_HEADERS.to_vec(),
            "{id}"
        );
        assert_eq!(
            s(&auth_headers["Nonce"]),
            s(&vectors["fixed"]["legacy_nonce_header"]),
            "{id}"
        );
    }
    // Cases 0.0.1 cannot express are in the current file only.
    let current = vector("job_requests.json");
    let skipped = vectors["skipped_case_ids"].as_array().unwrap();
    for id in skipped {
        assert!(cases.iter().all(|c| c["id"] != *id));
        assert!(current["cases"].as_array().unwrap().iter().any(|c| c["id"] == *id));
    }
    println!(
        "job_requests_legacy.json: {} cases checked (body, signed fields, digest, signatures, auth), {} skipped ids confirmed",
        cases.len(),
        skipped.len()
    );
    assert!(!cases.is_empty());
}

#[test]
fn every_legacy_error_is_refused_including_the_bad_output_paths_sdk_0_0_1_sent() {
    let vectors = vector("job_requests_legacy.json");
    let errors = vectors["errors"].as_array().unwrap();
    let mut sent_by_reference = 0;
    for case in errors {
        let id = s(&case["id"]);
        check_refused_spec(id, &case["job_spec"], Layout::Legacy);
        if case["raised"].is_null() {
            // 0.0.1 sent these; we refuse them before any request.
            assert!(case["sent_body"].is_string(), "{id}");
            sent_by_reference += 1;
        }
    }
    println!(
        "job_requests_legacy.json: {} errors checked ({} that SDK 0.0.1 sent are refused)",
        errors.len(),
        sent_by_reference
    );
    assert!(!errors.is_empty() && sent_by_reference > 0);
}

#[test]
fn every_other_legacy_request_has_the_reference_auth_and_full_request_digest() {
    let vectors = vector("job_requests_legacy.json");
    let others = vectors["other_requests"].as_array().unwrap();
    let mut full_request_checked = 0;
    for other in others {
        let id = s(&other["call"]);
        let request = &other["request"];
        check_sent_auth(id, request, &other["legacy_auth"]);
        if let Some(payload) = other.get("full_request_payload") {
            let body: Value = serde_json::from_str(s(&request["body"])).unwrap();
            let text = full_request_text(&body);
            assert_eq!(text, s(payload), "{id}");
            check_signed_payload(id, other, &text, &sent_x_ch_headers(request), Scope::FullRequest);
            full_request_checked += 1;
        }
    }
    println!(
        "job_requests_legacy.json: {} other_requests checked ({} with a FullRequest signature)",
        others.len(),
        full_request_checked
    );
    assert!(!others.is_empty() && full_request_checked > 0);
}

#[test]
fn streaming_is_refused_by_the_legacy_layout() {
    let mut spec = JobSpec::new("always_on.gpu-24gb", "SN123.0", "alpine", 60, 120, 30);
    spec.streaming_public_key = Some("-----BEGIN CERTIFICATE-----".into());
    let err = create_job_body(&spec, "v", false, None, Layout::Legacy).unwrap_err();
    assert!(matches!(&err, Error::Range { field, .. } if field == "streamingPublicKey"));
}

#[test]
fn legacy_huggingface_wire_has_no_token_key_unless_a_token_is_set() {
    let mut volume = InputVolume::Huggingface {
        repo_id: "a/b".into(),
        repo_type: None,
        revision: None,
        allow_patterns: None,
        token: None,
    };
    let wire = volume.to_wire_for("/volume/m", Layout::Legacy).unwrap();
    assert!(wire.get("token").is_none());
    assert!(volume.to_wire("/volume/m").unwrap()["token"].is_null());
    if let InputVolume::Huggingface { token, .. } = &mut volume {
        *token = Some("hf_x".into());
    }
    assert_eq!(
        volume.to_wire_for("/volume/m", Layout::Legacy).unwrap()["token"],
        "hf_x"
    );
}

#[test]
fn hotkey_auth_signs_the_query_string_the_server_checks() {
    let payload = hotkey_auth_payload(
        "get",
        "https://f.example/api/v1/jobs/?page=2&page_size=5",
        "5Hot",
        "1.5",
    );
    assert!(payload
        .data_to_sign
        .starts_with("GEThttps://f.example/api/v1/jobs/?page=2&page_size=5{\"Hotkey\": \"5Hot\""));
}
