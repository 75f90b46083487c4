//! create_job and other calls as the early-2025 reference SDK 0.0.1 performs them
//! (tests/vectors/job_requests_legacy.json): the legacy body and SignedFields layout, their
//! digests, and the per-request hotkey-header auth. The vector's signatures verify over our
//! digests and our `data_to_sign`.

use base64::Engine as _;
use compute_horde_sdk::core::job::volumes::volume_field;
use compute_horde_sdk::core::job::{create_job_body, HttpMethod, InputVolume, JobSpec, OutputVolume};
use compute_horde_sdk::core::signing::auth::{hotkey_auth_headers, hotkey_auth_payload};
use compute_horde_sdk::core::signing::{
    digest, full_request_text, hash_input, signed_fields_text, x_ch_headers, Layout, Scope,
};
use compute_horde_sdk::core::Error;
use serde_json::Value;

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/job_requests_legacy.json");
const CURRENT_VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/job_requests.json");
const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/keys.json");

fn load(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap()
}

fn snake_to_camel(key: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for ch in key.chars() {
        if ch == '_' {
            upper = true;
        } else if upper {
            out.extend(ch.to_uppercase());
            upper = false;
        } else {
            out.push(ch);
        }
    }
    out
}

fn camel_options(args: &Value) -> Value {
    Value::Object(
        args.as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| k.as_str() != "kind")
            .map(|(k, v)| (snake_to_camel(k), v.clone()))
            .collect(),
    )
}

fn string_pairs(v: &Value) -> Vec<(String, String)> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), s(v).to_string()))
        .collect()
}

/// The vector's 0.0.1 `create_job` keyword arguments (or an error case's `job_spec`) as a
/// `JobSpec`; 0.0.1 had no time limits, so they are whatever the vector gives (0 if none): the
/// legacy layout does not send them. `trusted_output_volumes` is ignored, as 0.0.1 ignored it.
fn job_spec(js: &Value) -> JobSpec {
    let limit = |key: &str| js.get(key).and_then(Value::as_u64).unwrap_or(0);
    let mut spec = JobSpec::new(
        s(&js["executor_class"]),
        s(&js["job_namespace"]),
        s(&js["docker_image"]),
        limit("download_time_limit_sec"),
        limit("execution_time_limit_sec"),
        limit("upload_time_limit_sec"),
    );
    if let Some(args) = js.get("args") {
        spec.args = args.as_array().unwrap().iter().map(|a| s(a).to_string()).collect();
    }
    if let Some(env) = js.get("env") {
        spec.env = string_pairs(env);
    }
    spec.artifacts_dir = js.get("artifacts_dir").and_then(Value::as_str).map(str::to_string);
    if let Some(vols) = js.get("input_volumes").and_then(Value::as_object) {
        for (mount, v) in vols {
            let volume = InputVolume::from_options(s(&v["kind"]), &camel_options(v)).unwrap();
            spec.input_volumes.push((mount.clone(), volume));
        }
    }
    if let Some(vols) = js.get("output_volumes").and_then(Value::as_object) {
        for (mount, v) in vols {
            let opts = camel_options(v);
            spec.output_volumes.push((
                mount.clone(),
                OutputVolume {
                    http_method: HttpMethod::parse(s(&opts["httpMethod"])).unwrap(),
                    url: s(&opts["url"]).to_string(),
                    form_fields: opts.get("formFields").filter(|f| !f.is_null()).map(string_pairs),
                    signed_headers: opts.get("signedHeaders").filter(|f| !f.is_null()).map(string_pairs),
                },
            ));
        }
    }
    spec
}

fn public_key(ss58: &str) -> schnorrkel::PublicKey {
    let keys = load(KEYS);
    let entry = keys["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["ss58_address"] == ss58)
        .unwrap();
    schnorrkel::PublicKey::from_bytes(&hex::decode(s(&entry["public_key_hex"])).unwrap()).unwrap()
}

fn verifies(ss58: &str, message: &[u8], signature: &[u8]) -> bool {
    let signature = schnorrkel::Signature::from_bytes(signature).unwrap();
    public_key(ss58)
        .verify_simple(b"substrate", message, &signature)
        .is_ok()
}

fn keys_of(v: &Value) -> Vec<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

fn str_list(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| s(x).to_string()).collect()
}

fn sent_headers(request: &Value) -> Vec<(String, String)> {
    request["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (s(&h[0]).to_string(), s(&h[1]).to_string()))
        .collect()
}

fn owned(headers: Vec<(&'static str, String)>) -> Vec<(String, String)> {
    headers.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

const HOTKEY_AUTH_HEADERS: [&str; 5] = ["Realm", "SubnetID", "Nonce", "Hotkey", "Signature"];

/// Checks the hotkey-header auth of one captured request: payload text, signature, headers.
fn check_legacy_auth(id: &str, request: &Value, legacy_auth: &Value) {
    let sent = sent_headers(request);
    let header = |name: &str| sent.iter().find(|(k, _)| k == name).unwrap().1.clone();
    let (hotkey, nonce) = (header("Hotkey"), header("Nonce"));
    let payload = hotkey_auth_payload(s(&request["method"]), s(&request["url"]), &hotkey, &nonce);
    assert_eq!(
        payload.headers_json,
        s(&legacy_auth["headers_json"]),
        "{id}: headers_json"
    );
    assert_eq!(
        payload.data_to_sign,
        s(&legacy_auth["data_to_sign"]),
        "{id}: data_to_sign"
    );
    let signature = hex::decode(header("Signature")).unwrap();
    assert!(
        verifies(&hotkey, payload.data_to_sign.as_bytes(), &signature),
        "{id}: legacy signature"
    );
    let signature: [u8; 64] = signature.try_into().unwrap();
    let ours = owned(hotkey_auth_headers(&hotkey, &nonce, &signature));
    let theirs: Vec<(String, String)> = sent
        .iter()
        .filter(|(k, _)| HOTKEY_AUTH_HEADERS.contains(&k.as_str()))
        .cloned()
        .collect();
    assert_eq!(ours, theirs, "{id}: hotkey auth headers in send order");
}

#[test]
fn every_legacy_case_gives_the_reference_body_signed_text_digest_and_auth() {
    let vectors = load(VECTORS);
    let validator = s(&vectors["fixed"]["compute_horde_validator_hotkey"]);
    let cases = vectors["cases"].as_array().unwrap();
    for case in cases {
        let id = s(&case["id"]);
        let input = &case["sdk_input"];
        let request = &case["request"];
        let spec = job_spec(&input["create_job_kwargs"]);
        let on_trusted = input["on_trusted_miner"].as_bool().unwrap();

        let body = create_job_body(&spec, validator, on_trusted, None, Layout::Legacy).unwrap();
        let body_text = serde_json::to_string(&body).unwrap();
        assert_eq!(body_text, s(&request["body"]), "{id}: body");
        let body_bytes = base64::engine::general_purpose::STANDARD
            .decode(s(&request["body_b64"]))
            .unwrap();
        assert_eq!(body_text.as_bytes(), body_bytes.as_slice(), "{id}");
        assert_eq!(keys_of(&body), str_list(&request["body_top_level_key_order"]), "{id}");

        let signed = signed_fields_text(&body, Layout::Legacy).unwrap();
        assert_eq!(signed, s(&case["signed_fields_json"]), "{id}: signed fields");
        let signed_value: Value = serde_json::from_str(&signed).unwrap();
        assert_eq!(
            keys_of(&signed_value),
            str_list(&case["signed_fields_key_order"]),
            "{id}"
        );

        let ts = case["timestamp_ns"].as_u64().unwrap();
        assert_eq!(hash_input(&signed), s(&case["hash_input_json_string"]), "{id}");
        let our_digest = digest(ts, &signed);
        assert_eq!(hex::encode(our_digest), s(&case["blake2b_512_hex"]), "{id}: digest");

        let vector_headers = case["x_ch_headers"].as_object().unwrap();
        let signatory = s(&vector_headers["X-CH-Signatory"]);
        let signature = base64::engine::general_purpose::STANDARD
            .decode(s(&vector_headers["X-CH-Signature"]))
            .unwrap();
        assert!(
            verifies(signatory, &our_digest, &signature),
            "{id}: signature over our digest"
        );
        let signature: [u8; 64] = signature.try_into().unwrap();
        let ours = owned(x_ch_headers(signatory, ts, &signature, Scope::SignedFields));
        let sent: Vec<_> = sent_headers(request)
            .into_iter()
            .filter(|(k, _)| k.starts_with("X-CH-"))
            .collect();
        assert_eq!(ours, sent, "{id}: X-CH headers");

        // A digest of the current layout would not verify: the two generations are exclusive.
        let current = signed_fields_text(&body, Layout::Current).unwrap();
        assert!(!verifies(signatory, &digest(ts, &current), &signature), "{id}");

        check_legacy_auth(id, request, &case["legacy_auth"]);
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
    let current = load(CURRENT_VECTORS);
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
    let vectors = load(VECTORS);
    let errors = vectors["errors"].as_array().unwrap();
    let mut sent_by_reference = 0;
    for case in errors {
        let id = s(&case["id"]);
        let js = &case["job_spec"];
        let (spec_field, mount) = if let Some(v) = js.get("input_volumes") {
            ("inputVolumes", keys_of(v).remove(0))
        } else {
            ("outputVolumes", keys_of(&js["output_volumes"]).remove(0))
        };
        let err = create_job_body(&job_spec(js), "validator", false, None, Layout::Legacy).unwrap_err();
        let Error::Range { field, .. } = err else {
            panic!("{id}: not a RangeError: {err:?}")
        };
        assert_eq!(field, volume_field(spec_field, &mount), "{id}");
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
    let vectors = load(VECTORS);
    let others = vectors["other_requests"].as_array().unwrap();
    let mut full_request_checked = 0;
    for other in others {
        let id = s(&other["call"]);
        let request = &other["request"];
        check_legacy_auth(id, request, &other["legacy_auth"]);
        if let Some(payload) = other.get("full_request_payload") {
            let body: Value = serde_json::from_str(s(&request["body"])).unwrap();
            let text = full_request_text(&body);
            assert_eq!(text, s(payload), "{id}");
            assert_eq!(hash_input(&text), s(&other["hash_input_json_string"]), "{id}");
            let ts = other["timestamp_ns"].as_u64().unwrap();
            let our_digest = digest(ts, &text);
            assert_eq!(hex::encode(our_digest), s(&other["blake2b_512_hex"]), "{id}");
            let sent: Vec<_> = sent_headers(request)
                .into_iter()
                .filter(|(k, _)| k.starts_with("X-CH-"))
                .collect();
            let signatory = &sent.iter().find(|(k, _)| k == "X-CH-Signatory").unwrap().1;
            let b64 = &sent.iter().find(|(k, _)| k == "X-CH-Signature").unwrap().1;
            let signature = base64::engine::general_purpose::STANDARD.decode(b64).unwrap();
            assert!(verifies(signatory, &our_digest, &signature), "{id}");
            let signature: [u8; 64] = signature.try_into().unwrap();
            assert_eq!(
                owned(x_ch_headers(signatory, ts, &signature, Scope::FullRequest)),
                sent,
                "{id}"
            );
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
