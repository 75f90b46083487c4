//! report_cheated_job (tests/vectors/cheated_job.json): the body, the FullRequest payload with
//! Python's `json.dumps(sort_keys=True)` rules (ASCII escaping, float repr, big ints), its digest
//! and the X-CH headers; and Python's float repr checked against CPython itself.

use std::io::Write as _;
use std::process::{Command, Stdio};

use base64::Engine as _;
use compute_horde_sdk::core::job::cheated_job_body;
use compute_horde_sdk::core::signing::pyjson::float_repr;
use compute_horde_sdk::core::signing::{digest, full_request_text, hash_input, x_ch_headers, Scope};
use serde_json::Value;

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/cheated_job.json");
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

#[test]
fn every_example_gives_the_reference_body_payload_digest_and_headers() {
    let vectors = load(VECTORS);
    let examples = vectors["examples"].as_array().unwrap();
    for example in examples {
        let id = s(&example["id"]);
        let call = &example["sdk_call"];
        let request = &example["request"];
        let details = Some(&call["details"]).filter(|d| !d.is_null());
        let body = cheated_job_body(s(&call["job_uuid"]), s(&call["trusted_job_uuid"]), details);
        let body_text = serde_json::to_string(&body).unwrap();
        assert_eq!(body_text, s(&request["body"]), "{id}: body");
        let body_bytes = base64::engine::general_purpose::STANDARD
            .decode(s(&request["body_b64"]))
            .unwrap();
        assert_eq!(body_text.as_bytes(), body_bytes.as_slice(), "{id}");
        let key_order: Vec<&str> = body.as_object().unwrap().keys().map(String::as_str).collect();
        let expected: Vec<&str> = request["body_top_level_key_order"]
            .as_array()
            .unwrap()
            .iter()
            .map(s)
            .collect();
        assert_eq!(key_order, expected, "{id}");

        let payload = full_request_text(&body);
        assert_eq!(payload, s(&example["full_request_payload"]), "{id}: payload");
        // What the facilitator recomputes from the body it parses is the same text.
        let reparsed: Value = serde_json::from_str(&body_text).unwrap();
        assert_eq!(
            full_request_text(&reparsed),
            s(&example["server_recomputed_payload"]),
            "{id}"
        );

        let ts = example["timestamp_ns"].as_u64().unwrap();
        let hashed = hash_input(&payload);
        assert_eq!(hashed, s(&example["hash_input_json_string"]), "{id}");
        let mut hashed_bytes = ts.to_be_bytes().to_vec();
        hashed_bytes.extend_from_slice(hashed.as_bytes());
        assert_eq!(hex::encode(hashed_bytes), s(&example["hashed_bytes_hex"]), "{id}");
        let our_digest = digest(ts, &payload);
        assert_eq!(hex::encode(our_digest), s(&example["blake2b_512_hex"]), "{id}: digest");

        let headers = example["x_ch_headers"].as_object().unwrap();
        let signatory = s(&headers["X-CH-Signatory"]);
        let signature = base64::engine::general_purpose::STANDARD
            .decode(s(&headers["X-CH-Signature"]))
            .unwrap();
        assert!(
            verifies(signatory, &our_digest, &signature),
            "{id}: signature over our digest"
        );
        let signature: [u8; 64] = signature.try_into().unwrap();
        let ours: Vec<(String, String)> = x_ch_headers(signatory, ts, &signature, Scope::FullRequest)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let theirs: Vec<(String, String)> = headers.iter().map(|(k, v)| (k.clone(), s(v).to_string())).collect();
        assert_eq!(ours, theirs, "{id}: X-CH headers");
    }
    println!(
        "cheated_job.json: {} examples checked (body, FullRequest payload, digest, signature, headers)",
        examples.len()
    );
    assert!(!examples.is_empty());
}

#[test]
fn numbers_from_javascript_spelling_are_signed_in_python_spelling() {
    // A JS client sends 1e-7 as `1e-7` and 1e21 as `1e21`; Python reads floats and re-prints them.
    let body: Value =
        serde_json::from_str(r#"{"b":[1e-7,1e21,1E2,0.5,-0,-0.0,2.50,12345678901234567890123]}"#).unwrap();
    assert_eq!(
        full_request_text(&body),
        r#"{"b": [1e-07, 1e+21, 100.0, 0.5, 0, -0.0, 2.5, 12345678901234567890123]}"#
    );
    let from_f64 = Value::from(1e-7);
    assert_eq!(full_request_text(&from_f64), "1e-07");
}

/// A deterministic spread of doubles: every exponent, random mantissas, and the edges.
fn sample_floats() -> Vec<f64> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = vec![
        0.1,
        1e-7,
        1.0,
        1e21,
        1e16,
        1e15,
        9999999999999998.0,
        0.0001,
        0.00001,
        123.456,
        -2.5,
        -0.0,
        0.0,
        5e-324,
        f64::MAX,
        f64::MIN_POSITIVE,
        0.30000000000000004,
        1e22,
        1e-5,
        1.5e-4,
    ];
    for _ in 0..3000 {
        let x = f64::from_bits(next());
        if x.is_finite() {
            out.push(x);
        }
    }
    for exp in -330..=310 {
        let mantissa = 1.0 + (next() % 1000) as f64 / 1000.0;
        let x = mantissa * 10f64.powi(exp);
        if x.is_finite() {
            out.push(x);
            out.push(10f64.powi(exp));
        }
    }
    out
}

#[test]
fn float_repr_equals_cpython_repr_for_thousands_of_doubles() {
    let floats = sample_floats();
    let mut child = Command::new("python3")
        .args([
            "-c",
            "import sys,struct\nfor l in sys.stdin:\n print(repr(struct.unpack('>d', bytes.fromhex(l.strip()))[0]))",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 is needed to check float repr");
    let input: String = floats
        .iter()
        .map(|x| format!("{}\n", hex::encode(x.to_bits().to_be_bytes())))
        .collect();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let reprs: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(reprs.len(), floats.len());
    for (x, python) in floats.iter().zip(&reprs) {
        assert_eq!(&float_repr(*x), python, "bits {:016x}", x.to_bits());
    }
    println!("float repr: {} doubles equal to CPython's repr", floats.len());
}
