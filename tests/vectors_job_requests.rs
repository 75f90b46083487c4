//! create_job as the reference SDK 0.0.19 performs it (tests/vectors/job_requests.json): the
//! body bytes, the SignedFields text, the twice-encoded hash input, the blake2b digest and the
//! X-CH headers. The vector's sr25519 signatures verify over our digests, which proves the digest
//! is the reference's byte for byte.

use base64::Engine as _;
use compute_horde_sdk::core::job::volumes::volume_field;
use compute_horde_sdk::core::job::{create_job_body, InputVolume, JobSpec, OutputVolume};
use compute_horde_sdk::core::signing::{digest, hash_input, signed_fields_text, x_ch_headers, Layout, Scope};
use compute_horde_sdk::core::Error;
use serde_json::Value;

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/job_requests.json");
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

/// The vectors' snake_case constructor arguments with JS (camelCase) names.
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

fn string_pairs(v: Option<&Value>) -> Vec<(String, String)> {
    v.and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), s(v).to_string())).collect())
        .unwrap_or_default()
}

/// The vector's `job_spec` (Python `ComputeHordeJobSpec` fields) as a `JobSpec`.
fn job_spec(js: &Value, streaming_public_key: Option<String>) -> JobSpec {
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
    spec.env = string_pairs(js.get("env"));
    spec.artifacts_dir = js.get("artifacts_dir").and_then(Value::as_str).map(str::to_string);
    if let Some(vols) = js.get("input_volumes").and_then(Value::as_object) {
        for (mount, v) in vols {
            let volume = InputVolume::from_options(s(&v["kind"]), &camel_options(v)).unwrap();
            spec.input_volumes.push((mount.clone(), volume));
        }
    }
    if let Some(vols) = js.get("output_volumes").and_then(Value::as_object) {
        for (mount, v) in vols {
            assert_eq!(s(&v["kind"]), "HTTPOutputVolume");
            // Built without `from_options` so that PUT + form fields reaches create_job_body.
            let opts = camel_options(v);
            let volume = OutputVolume {
                http_method: compute_horde_sdk::core::job::HttpMethod::parse(s(&opts["httpMethod"])).unwrap(),
                url: s(&opts["url"]).to_string(),
                form_fields: opts
                    .get("formFields")
                    .filter(|f| !f.is_null())
                    .map(|f| string_pairs(Some(f))),
                signed_headers: opts
                    .get("signedHeaders")
                    .filter(|f| !f.is_null())
                    .map(|f| string_pairs(Some(f))),
            };
            spec.output_volumes.push((mount.clone(), volume));
        }
    }
    if let Some(limit) = js.get("streaming_start_time_limit_sec").and_then(Value::as_u64) {
        spec.streaming_start_time_limit_sec = limit;
    }
    if js.get("streaming").and_then(Value::as_bool) == Some(true) {
        spec.streaming_public_key = Some(streaming_public_key.expect("streaming case needs the vector's key"));
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

#[test]
fn every_case_gives_the_reference_body_signed_text_digest_and_headers() {
    let vectors = load(VECTORS);
    let validator = s(&vectors["fixed"]["compute_horde_validator_hotkey"]);
    let cases = vectors["cases"].as_array().unwrap();
    for case in cases {
        let id = s(&case["id"]);
        let input = &case["sdk_input"];
        let request = &case["request"];
        let vector_body: Value = serde_json::from_str(s(&request["body"])).unwrap();
        let streaming_key = vector_body
            .get("streaming_details")
            .map(|d| s(&d["public_key"]).to_string());
        let spec = job_spec(&input["job_spec"], streaming_key);
        let on_trusted = input["on_trusted_miner"].as_bool().unwrap();
        assert_eq!(s(&input["compute_horde_validator_hotkey"]), validator);

        let body = create_job_body(&spec, validator, on_trusted, None, Layout::Current).unwrap();
        let body_text = serde_json::to_string(&body).unwrap();
        assert_eq!(body_text, s(&request["body"]), "{id}: body");
        let body_bytes = base64::engine::general_purpose::STANDARD
            .decode(s(&request["body_b64"]))
            .unwrap();
        assert_eq!(body_text.as_bytes(), body_bytes.as_slice(), "{id}: body bytes");
        assert_eq!(
            keys_of(&body),
            str_list(&request["body_top_level_key_order"]),
            "{id}: key order"
        );

        let signed = signed_fields_text(&body, Layout::Current).unwrap();
        assert_eq!(signed, s(&case["signed_fields_json"]), "{id}: signed fields");
        let signed_value: Value = serde_json::from_str(&signed).unwrap();
        assert_eq!(
            keys_of(&signed_value),
            str_list(&case["signed_fields_key_order"]),
            "{id}"
        );

        let ts = case["timestamp_ns"].as_u64().unwrap();
        assert_eq!(hex::encode(ts.to_be_bytes()), s(&case["timestamp_be8_hex"]), "{id}");
        let hashed = hash_input(&signed);
        assert_eq!(hashed, s(&case["hash_input_json_string"]), "{id}: hash input");
        let mut hashed_bytes = ts.to_be_bytes().to_vec();
        hashed_bytes.extend_from_slice(hashed.as_bytes());
        assert_eq!(hex::encode(&hashed_bytes), s(&case["hashed_bytes_hex"]), "{id}");
        let our_digest = digest(ts, &signed);
        assert_eq!(hex::encode(our_digest), s(&case["blake2b_512_hex"]), "{id}: digest");

        let vector_headers = case["x_ch_headers"].as_object().unwrap();
        let signatory = s(&vector_headers["X-CH-Signatory"]);
        let signature = base64::engine::general_purpose::STANDARD
            .decode(s(&vector_headers["X-CH-Signature"]))
            .unwrap();
        assert_eq!(hex::encode(&signature), s(&case["x_ch_signature_hex"]), "{id}");
        assert!(
            verifies(signatory, &our_digest, &signature),
            "{id}: signature over our digest"
        );
        let mut other_digest = our_digest;
        other_digest[63] ^= 1;
        assert!(
            !verifies(signatory, &other_digest, &signature),
            "{id}: verification is not vacuous"
        );

        let signature: [u8; 64] = signature.try_into().unwrap();
        let ours = x_ch_headers(signatory, ts, &signature, Scope::SignedFields);
        let theirs: Vec<(String, String)> = vector_headers
            .iter()
            .map(|(k, v)| (k.clone(), s(v).to_string()))
            .collect();
        let ours: Vec<(String, String)> = ours.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        assert_eq!(ours, theirs, "{id}: X-CH headers");
        // The same headers, in the same order, in what httpx sent.
        let sent: Vec<(String, String)> = request["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (s(&h[0]).to_string(), s(&h[1]).to_string()))
            .filter(|(k, _)| k.starts_with("X-CH-"))
            .collect();
        assert_eq!(ours, sent, "{id}: X-CH headers as sent");
    }
    println!(
        "job_requests.json: {} cases checked (body, signed fields, digest, signature, headers)",
        cases.len()
    );
    assert!(!cases.is_empty());
}

/// Our message for an error, compared with the reference's: the reference's message (lower
/// case, no final dot) ends with ours (without our "mount path " lead).
fn same_reason(reference: &str, ours: &str) -> bool {
    let reference = reference.to_lowercase();
    let ours = ours.to_lowercase();
    reference
        .trim_end_matches('.')
        .ends_with(ours.trim_start_matches("mount path "))
}

#[test]
fn every_refused_spec_is_a_range_error_naming_its_mount_path_before_any_request() {
    let vectors = load(VECTORS);
    let errors = vectors["errors"].as_array().unwrap();
    for case in errors {
        let id = s(&case["id"]);
        assert_eq!(case["http_requests_sent"], 0, "{id}");
        let js = &case["job_spec"];
        let spec = job_spec(js, None);
        let (spec_field, mount) = if let Some(v) = js.get("input_volumes") {
            ("inputVolumes", keys_of(v).remove(0))
        } else {
            ("outputVolumes", keys_of(&js["output_volumes"]).remove(0))
        };
        let err = create_job_body(&spec, "validator", false, None, Layout::Current).unwrap_err();
        let Error::Range { field, message } = err else {
            panic!("{id}: not a RangeError: {err:?}")
        };
        assert_eq!(field, volume_field(spec_field, &mount), "{id}");
        let reference = s(&case["raised"]["message"]);
        assert!(same_reason(reference, &message), "{id}: {reference:?} vs {message:?}");
        // The legacy layout validates the same way.
        assert!(
            create_job_body(&spec, "validator", false, None, Layout::Legacy).is_err(),
            "{id}"
        );
    }
    println!("job_requests.json: {} errors checked", errors.len());
    assert!(!errors.is_empty());
}

#[test]
fn every_invalid_volume_constructor_is_refused_naming_the_field() {
    let vectors = load(VECTORS);
    let model_errors = vectors["model_errors"].as_array().unwrap();
    for case in model_errors {
        let id = s(&case["id"]);
        let class = s(&case["class"]);
        let options = camel_options(&case["constructor_args"]);
        let err = if class == "HTTPOutputVolume" {
            OutputVolume::from_options(&options).unwrap_err()
        } else {
            InputVolume::from_options(class, &options).unwrap_err()
        };
        let field = match &err {
            Error::Type { field, .. } | Error::Range { field, .. } => field.clone(),
            other => panic!("{id}: not a Type/Range error: {other:?}"),
        };
        for e in case["raised"]["errors"].as_array().unwrap() {
            assert_eq!(field, snake_to_camel(s(&e["loc"][0])), "{id}");
        }
    }
    println!("job_requests.json: {} model_errors checked", model_errors.len());
    assert!(!model_errors.is_empty());
}

fn minimal_spec() -> JobSpec {
    JobSpec::new("always_on.gpu-24gb", "SN123.0", "alpine", 60, 120, 30)
}

#[test]
fn empty_executor_class_namespace_or_image_are_range_errors_named_in_camel_case() {
    for (field, mutate) in [
        (
            "executorClass",
            (|s: &mut JobSpec| s.executor_class.clear()) as fn(&mut JobSpec),
        ),
        ("jobNamespace", |s: &mut JobSpec| s.job_namespace = " ".into()),
        ("dockerImage", |s: &mut JobSpec| s.docker_image.clear()),
    ] {
        let mut spec = minimal_spec();
        mutate(&mut spec);
        let err = create_job_body(&spec, "v", false, None, Layout::Current).unwrap_err();
        assert_eq!(err.to_string(), format!("{field}: must not be empty"));
        assert!(matches!(err, Error::Range { .. }));
    }
}

#[test]
fn tag_is_the_last_body_key_and_is_not_signed() {
    let spec = minimal_spec();
    let untagged = create_job_body(&spec, "v", false, None, Layout::Current).unwrap();
    let tagged = create_job_body(&spec, "v", false, Some("queue-1"), Layout::Current).unwrap();
    assert_eq!(keys_of(&tagged).last().unwrap(), "tag");
    assert_eq!(tagged["tag"], "queue-1");
    assert_eq!(
        signed_fields_text(&tagged, Layout::Current).unwrap(),
        signed_fields_text(&untagged, Layout::Current).unwrap()
    );
    let long = "x".repeat(256);
    assert!(matches!(
        create_job_body(&spec, "v", false, Some(&long), Layout::Current),
        Err(Error::Range { .. })
    ));
}

#[test]
fn put_with_form_fields_is_refused_by_validate_and_by_the_body_builder() {
    let volume = OutputVolume {
        http_method: compute_horde_sdk::core::job::HttpMethod::Put,
        url: "https://example.com/u".into(),
        form_fields: Some(vec![("a".into(), "b".into())]),
        signed_headers: None,
    };
    assert_eq!(
        volume.validate().unwrap_err().to_string(),
        "formFields: form fields are not supported with PUT uploads"
    );
    assert_eq!(
        volume.to_wire("/output/a").unwrap_err().to_string(),
        "outputVolumes['/output/a']: form fields are not supported with PUT uploads"
    );
    let empty_fields = OutputVolume {
        form_fields: Some(Vec::new()),
        ..volume
    };
    assert!(
        empty_fields.validate().is_ok(),
        "an empty map is accepted, as the reference does"
    );
}

#[test]
fn mount_path_errors_use_js_field_names() {
    assert_eq!(
        InputVolume::relative_path("/data/x").unwrap_err().to_string(),
        "inputVolumes['/data/x']: mount path must start with '/volume/'"
    );
    assert_eq!(InputVolume::relative_path("/volume/").unwrap(), "");
    assert_eq!(
        OutputVolume::relative_path("/output//x").unwrap_err().to_string(),
        "outputVolumes['/output//x']: the part after '/output/' must be relative, not absolute"
    );
    assert_eq!(OutputVolume::relative_path("/output/a/b.txt").unwrap(), "a/b.txt");
}
