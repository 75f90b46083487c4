//! report_cheated_job (tests/vectors/cheated_job.json): the body, the FullRequest payload with
//! Python's `json.dumps(sort_keys=True)` rules (ASCII escaping, float repr, big ints), its digest
//! and the X-CH headers; and Python's float repr checked against CPython itself.

mod common;

use common::{check_body, check_signed_payload, python3, s, string_pairs, vector};
use compute_horde_sdk::core::job::cheated_job_body;
use compute_horde_sdk::core::signing::pyjson::float_repr;
use compute_horde_sdk::core::signing::{full_request_text, Scope};
use serde_json::Value;

#[test]
fn every_example_gives_the_reference_body_payload_digest_and_headers() {
    let vectors = vector("cheated_job.json");
    let examples = vectors["examples"].as_array().unwrap();
    for example in examples {
        let id = s(&example["id"]);
        let call = &example["sdk_call"];
        let details = Some(&call["details"]).filter(|d| !d.is_null());
        let body = cheated_job_body(s(&call["job_uuid"]), s(&call["trusted_job_uuid"]), details);
        let body_text = check_body(id, &body, &example["request"]);

        let payload = full_request_text(&body);
        assert_eq!(payload, s(&example["full_request_payload"]), "{id}: payload");
        // What the facilitator recomputes from the body it parses is the same text.
        let reparsed: Value = serde_json::from_str(&body_text).unwrap();
        assert_eq!(
            full_request_text(&reparsed),
            s(&example["server_recomputed_payload"]),
            "{id}"
        );

        let theirs = string_pairs(&example["x_ch_headers"]);
        check_signed_payload(id, example, &payload, &theirs, Scope::FullRequest);
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
    let input: String = floats
        .iter()
        .map(|x| format!("{}\n", hex::encode(x.to_bits().to_be_bytes())))
        .collect();
    let script =
        "import sys,struct\nfor l in sys.stdin:\n print(repr(struct.unpack('>d', bytes.fromhex(l.strip()))[0]))";
    let output = python3(script, input.as_bytes(), "check float repr");
    let reprs: Vec<String> = String::from_utf8(output).unwrap().lines().map(str::to_string).collect();
    assert_eq!(reprs.len(), floats.len());
    for (x, python) in floats.iter().zip(&reprs) {
        assert_eq!(&float_repr(*x), python, "bits {:016x}", x.to_bits());
    }
    println!("float repr: {} doubles equal to CPython's repr", floats.len());
}
