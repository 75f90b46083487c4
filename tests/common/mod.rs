//! Shared scaffolding of the native vector tests (`tests/vectors_*.rs`): reading a vector file
//! and its values, checking the reference's sr25519 signatures with the keys of `keys.json`,
//! checking the digests and X-CH headers it sent, turning its Python job specs into `JobSpec`s,
//! and asking CPython itself.
//!
//! Every helper panics on a vector without the expected shape: a test over a malformed vector
//! must fail, not pass because there was nothing to compare.

#![allow(dead_code)]

use std::io::Write as _;
use std::process::{Command, Stdio};

use base64::Engine as _;
use compute_horde_sdk::core::job::volumes::volume_field;
use compute_horde_sdk::core::job::{create_job_body, HttpMethod, InputVolume, JobSpec, OutputVolume};
use compute_horde_sdk::core::signing::auth::{hotkey_auth_headers, hotkey_auth_payload, HotkeyAuthPayload};
use compute_horde_sdk::core::signing::{digest, hash_input, signed_fields_text, x_ch_headers, Layout, Scope};
use compute_horde_sdk::core::Error;
use serde_json::Value;

/// The vector file `tests/vectors/{name}`, parsed.
pub fn vector(name: &str) -> Value {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A string of a vector.
pub fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("expected a string, got {v}"))
}

/// A hex string of a vector, decoded.
pub fn hex_bytes(v: &Value) -> Vec<u8> {
    hex::decode(s(v)).unwrap_or_else(|e| panic!("{v}: {e}"))
}

/// A standard (not URL-safe) base64 text, decoded.
pub fn base64_bytes(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

/// The keys of an object, in order.
pub fn keys_of(v: &Value) -> Vec<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

/// An array of strings.
pub fn str_list(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| s(x).to_string()).collect()
}

/// An object of strings (env, form fields, headers) as `(name, value)` pairs, in order.
pub fn string_pairs(v: &Value) -> Vec<(String, String)> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), s(v).to_string()))
        .collect()
}

/// An array of `[name, value]` strings (headers in send order) as pairs.
pub fn pair_list(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|h| (s(&h[0]).to_string(), s(&h[1]).to_string()))
        .collect()
}

/// The X-CH headers of a request the reference sent (`{"headers": [[name, value], ...]}`), in
/// send order.
pub fn sent_x_ch_headers(request: &Value) -> Vec<(String, String)> {
    pair_list(&request["headers"])
        .into_iter()
        .filter(|(k, _)| k.starts_with("X-CH-"))
        .collect()
}

/// The value of the header `name`, which must be among `headers`.
pub fn header<'a>(ctx: &str, headers: &'a [(String, String)], name: &str) -> &'a str {
    &headers
        .iter()
        .find(|(k, _)| k == name)
        .unwrap_or_else(|| panic!("{ctx}: no {name} header"))
        .1
}

/// Headers as the SDK builds them, with owned names, to compare with a vector's.
pub fn owned(headers: Vec<(&'static str, String)>) -> Vec<(String, String)> {
    headers.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// Whether `signature` is a valid sr25519 signature of `message` by `ss58`, one of the keys
/// recorded in `keys.json`. Checked with schnorrkel directly, not with the SDK under test.
pub fn verifies(ss58: &str, message: &[u8], signature: &[u8]) -> bool {
    let keys = vector("keys.json");
    let entry = keys["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["ss58_address"] == ss58)
        .unwrap_or_else(|| panic!("{ss58} is not in keys.json"));
    let key = schnorrkel::PublicKey::from_bytes(&hex_bytes(&entry["public_key_hex"])).unwrap();
    let signature = schnorrkel::Signature::from_bytes(signature).unwrap();
    key.verify_simple(b"substrate", message, &signature).is_ok()
}

/// A signature of the reference that verified over our digest.
pub struct CheckedSignature {
    pub timestamp_ns: u64,
    pub digest: [u8; 64],
    pub signatory: String,
    pub signature: [u8; 64],
}

/// Checks a request the reference signed over `payload` (its FullRequest or SignedFields text,
/// per `scope`). Our digest, step by step against what `recorded` holds: the timestamp's 8
/// big-endian bytes, the twice-encoded hash input, the hashed bytes (timestamp then hash input),
/// the blake2b-512 digest. Then the X-CH headers it sent (`theirs`, in send order): their
/// signature verifies over our digest, and the headers we build from their signatory, the
/// timestamp and their signature are theirs, in the same order.
pub fn check_signed_payload(
    ctx: &str,
    recorded: &Value,
    payload: &str,
    theirs: &[(String, String)],
    scope: Scope,
) -> CheckedSignature {
    let timestamp_ns = recorded["timestamp_ns"].as_u64().unwrap();
    let timestamp = timestamp_ns.to_be_bytes();
    assert_eq!(
        hex::encode(timestamp),
        s(&recorded["timestamp_be8_hex"]),
        "{ctx}: timestamp"
    );
    let hashed = hash_input(payload);
    assert_eq!(hashed, s(&recorded["hash_input_json_string"]), "{ctx}: hash input");
    let hashed_bytes = [timestamp.as_slice(), hashed.as_bytes()].concat();
    assert_eq!(
        hex::encode(hashed_bytes),
        s(&recorded["hashed_bytes_hex"]),
        "{ctx}: hashed bytes"
    );
    let our_digest = digest(timestamp_ns, payload);
    assert_eq!(
        hex::encode(our_digest),
        s(&recorded["blake2b_512_hex"]),
        "{ctx}: digest"
    );

    let signatory = header(ctx, theirs, "X-CH-Signatory");
    let signature = base64_bytes(header(ctx, theirs, "X-CH-Signature"));
    assert!(
        verifies(signatory, &our_digest, &signature),
        "{ctx}: signature over our digest"
    );
    let signature: [u8; 64] = signature.try_into().unwrap();
    assert_eq!(
        owned(x_ch_headers(signatory, timestamp_ns, &signature, scope)),
        theirs,
        "{ctx}: X-CH headers"
    );
    CheckedSignature {
        timestamp_ns,
        digest: our_digest,
        signatory: signatory.to_string(),
        signature,
    }
}

/// The headers of SDK 0.0.1's per-request hotkey auth, in send order.
pub const HOTKEY_AUTH_HEADERS: [&str; 5] = ["Realm", "SubnetID", "Nonce", "Hotkey", "Signature"];

/// Checks SDK 0.0.1's hotkey-header auth of a request it sent (`method`, `absolute_url`, the
/// `sent` headers): our payload for its `Hotkey` and `Nonce` headers has the `recorded`
/// `headers_json` and `data_to_sign`, its `Signature` header verifies over that text, and the
/// auth headers we build are the ones it sent, in send order. Returns our payload.
pub fn check_hotkey_auth(
    ctx: &str,
    method: &str,
    absolute_url: &str,
    sent: &[(String, String)],
    recorded: &Value,
) -> HotkeyAuthPayload {
    let (hotkey, nonce) = (header(ctx, sent, "Hotkey"), header(ctx, sent, "Nonce"));
    let payload = hotkey_auth_payload(method, absolute_url, hotkey, nonce);
    assert_eq!(
        payload.headers_json,
        s(&recorded["headers_json"]),
        "{ctx}: headers_json"
    );
    assert_eq!(
        payload.data_to_sign,
        s(&recorded["data_to_sign"]),
        "{ctx}: data_to_sign"
    );
    let signature = hex::decode(header(ctx, sent, "Signature")).unwrap();
    assert!(
        verifies(hotkey, payload.data_to_sign.as_bytes(), &signature),
        "{ctx}: hotkey auth signature"
    );
    let signature: [u8; 64] = signature.try_into().unwrap();
    let theirs: Vec<(String, String)> = sent
        .iter()
        .filter(|(k, _)| HOTKEY_AUTH_HEADERS.contains(&k.as_str()))
        .cloned()
        .collect();
    assert_eq!(
        owned(hotkey_auth_headers(hotkey, nonce, &signature)),
        theirs,
        "{ctx}: hotkey auth headers in send order"
    );
    payload
}

/// Checks the body we build against the request the reference sent: the same text, the same
/// bytes (`body_b64`) and the same top-level key order. Returns the body text.
pub fn check_body(ctx: &str, body: &Value, request: &Value) -> String {
    let body_text = serde_json::to_string(body).unwrap();
    assert_eq!(body_text, s(&request["body"]), "{ctx}: body");
    assert_eq!(
        body_text.as_bytes(),
        base64_bytes(s(&request["body_b64"])),
        "{ctx}: body bytes"
    );
    assert_eq!(
        keys_of(body),
        str_list(&request["body_top_level_key_order"]),
        "{ctx}: key order"
    );
    body_text
}

/// Checks one create_job case of `job_requests*.json`: the body we build from `spec` (the case's
/// SDK input as a `JobSpec`; a streaming one takes the key in the case's body), `validator` and
/// `sdk_input.on_trusted_miner` in `layout`; our SignedFields text of it and its key order; and
/// its signature (`check_signed_payload`) with the X-CH headers the case records, which are the
/// ones sent. Returns the body and the signature.
pub fn check_create_job_case(
    ctx: &str,
    case: &Value,
    spec: &Value,
    validator: &str,
    layout: Layout,
) -> (Value, CheckedSignature) {
    let request = &case["request"];
    let vector_body: Value = serde_json::from_str(s(&request["body"])).unwrap();
    let streaming_key = vector_body
        .get("streaming_details")
        .map(|d| s(&d["public_key"]).to_string());
    let on_trusted = case["sdk_input"]["on_trusted_miner"].as_bool().unwrap();
    let body = create_job_body(&job_spec(spec, streaming_key), validator, on_trusted, None, layout).unwrap();
    check_body(ctx, &body, request);

    let signed = signed_fields_text(&body, layout).unwrap();
    assert_eq!(signed, s(&case["signed_fields_json"]), "{ctx}: signed fields");
    let signed_value: Value = serde_json::from_str(&signed).unwrap();
    assert_eq!(
        keys_of(&signed_value),
        str_list(&case["signed_fields_key_order"]),
        "{ctx}: signed fields key order"
    );

    let theirs = string_pairs(&case["x_ch_headers"]);
    let checked = check_signed_payload(ctx, case, &signed, &theirs, Scope::SignedFields);
    assert_eq!(theirs, sent_x_ch_headers(request), "{ctx}: X-CH headers as sent");
    (body, checked)
}

/// Checks that an invalid job spec of the vectors is refused before any request: building its
/// body in `layout` is a RangeError naming its (first) input or output volume, as
/// `volume_field` spells it. Returns the error's message.
pub fn check_refused_spec(ctx: &str, js: &Value, layout: Layout) -> String {
    let (spec_field, mount) = if let Some(v) = js.get("input_volumes") {
        ("inputVolumes", keys_of(v).remove(0))
    } else {
        ("outputVolumes", keys_of(&js["output_volumes"]).remove(0))
    };
    let err = create_job_body(&job_spec(js, None), "validator", false, None, layout).unwrap_err();
    let Error::Range { field, message } = err else {
        panic!("{ctx}: not a RangeError: {err:?}")
    };
    assert_eq!(field, volume_field(spec_field, &mount), "{ctx}");
    message
}

/// Runs a CPython script with `input` on its stdin to `what` (said if it fails), and returns what
/// it printed; the script must succeed.
pub fn python3(script: &str, input: &[u8], what: &str) -> Vec<u8> {
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("python3 is needed to {what}: {e}"));
    child.stdin.take().unwrap().write_all(input).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "python3 failed to {what}");
    output.stdout
}

/// A Python snake_case name in JS camelCase.
pub fn snake_to_camel(key: &str) -> String {
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

/// The vectors' snake_case volume constructor arguments as JS (camelCase) options, without the
/// vector's `kind`.
pub fn camel_options(args: &Value) -> Value {
    Value::Object(
        args.as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| k.as_str() != "kind")
            .map(|(k, v)| (snake_to_camel(k), v.clone()))
            .collect(),
    )
}

/// A vector's job spec (the fields of Python's `ComputeHordeJobSpec`, or SDK 0.0.1's
/// `create_job` keyword arguments) as a `JobSpec`. Time limits it does not give are 0 (0.0.1
/// had none, and the legacy layout does not send them); `trusted_output_volumes` is ignored, as
/// 0.0.1 ignored it. A streaming spec takes `streaming_public_key`, the key in the vector's body.
pub fn job_spec(js: &Value, streaming_public_key: Option<String>) -> JobSpec {
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
        spec.args = str_list(args);
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
            assert_eq!(s(&v["kind"]), "HTTPOutputVolume");
            // Built without `from_options` so that PUT + form fields reaches create_job_body.
            let opts = camel_options(v);
            let volume = OutputVolume {
                http_method: HttpMethod::parse(s(&opts["httpMethod"])).unwrap(),
                url: s(&opts["url"]).to_string(),
                form_fields: opts.get("formFields").filter(|f| !f.is_null()).map(string_pairs),
                signed_headers: opts.get("signedHeaders").filter(|f| !f.is_null()).map(string_pairs),
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
