//! Property tests of the parsers that read untrusted text: facilitator answers (job JSON, job
//! pages, ISO 8601 dates), SS58 addresses, secret URIs, mnemonics and hotkey files. Every one
//! must return a value or a typed error for any input, never panic (a panic in wasm traps), and
//! round-trip where a round trip exists. Seeded by proptest's default (deterministic per test
//! name); longer runs: PROPTEST_CASES=100000 cargo test --test properties, or the cargo fuzz
//! targets in fuzz/.

use compute_horde_sdk::core::keys::Keypair;
use compute_horde_sdk::core::response::{parse_iso8601_ms, parse_job, parse_job_page, parse_job_value};
use compute_horde_sdk::core::ss58;
use proptest::prelude::*;
use serde_json::{json, Value};

/// Any JSON value, up to a few levels deep, with the keys of a job object likely to appear.
fn any_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("uuid".to_string()),
        Just("status".to_string()),
        Just("status_history".to_string()),
        Just("created_at".to_string()),
        Just("artifacts".to_string()),
        Just("upload_results".to_string()),
        Just("metadata".to_string()),
        Just("count".to_string()),
        Just("results".to_string()),
        Just("stdout".to_string()),
        Just("__proto__".to_string()),
        ".{0,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        ".{0,24}".prop_map(Value::String),
        Just(json!("2025-01-01T00:00:00Z")),
        Just(json!("completed")),
        Just(json!("aGVsbG8=")),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8).prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// A job object the parser accepts, to mutate one field at a time.
fn valid_job() -> Value {
    json!({
        "uuid": "7b522daa-e807-4094-8d96-99b9a863f960",
        "executor_class": "always_on.gpu-24gb",
        "created_at": "2025-03-01T12:00:00.123456Z",
        "docker_image": "alpine",
        "args": ["a"],
        "env": {"A": "1"},
        "stdout": "out",
        "stderr": "",
        "artifacts": {"/artifacts/x": "aGVsbG8="},
        "upload_results": {},
        "status_history": [
            {"status": "sent", "created_at": "2025-03-01T12:00:00Z", "metadata": {}},
            {"status": "completed", "created_at": "2025-03-01T12:00:05Z", "metadata": {}}
        ]
    })
}

/// No failure files: a failing case is printed (with its seed) and fixed, not stored.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(cases);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(256))]
    #[test]
    fn job_text_of_any_bytes_parses_or_errs(text in ".{0,200}") {
        let _ = parse_job(&text);
        let _ = parse_job_page(&text);
    }

    #[test]
    fn any_json_value_parses_as_a_job_or_errs(value in any_json()) {
        let _ = parse_job_value(&value);
        let _ = parse_job_page(&value.to_string());
    }

    #[test]
    fn a_valid_job_with_one_field_replaced_parses_or_names_a_field(field in prop::sample::select(vec![
        "uuid", "executor_class", "created_at", "docker_image", "args", "env", "stdout", "stderr",
        "artifacts", "upload_results", "status_history", "tag", "streaming_server_port",
    ]), replacement in any_json()) {
        let mut job = valid_job();
        job[field] = replacement;
        if let Err(error) = parse_job_value(&job) {
            prop_assert!(error.to_string().starts_with("malformed response from the facilitator: "), "{error}");
            prop_assert!(error.to_string().len() < 400, "a short message: {error}");
        }
    }

    #[test]
    fn a_valid_job_round_trips_through_its_text(stdout in ".{0,40}", secs in 0u32..60) {
        let mut job = valid_job();
        job["stdout"] = json!(stdout);
        job["status_history"][1]["created_at"] = json!(format!("2025-03-01T12:00:{secs:02}Z"));
        let record = parse_job(&job.to_string()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(record.result.map(|r| r.stdout), Some(stdout));
        let raw: serde_json::Value = serde_json::from_str(&record.raw).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&raw, &job);
        let again = parse_job_value(&raw).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(again.uuid, "7b522daa-e807-4094-8d96-99b9a863f960");
    }

    #[test]
    fn iso_dates_of_any_text_parse_or_are_none(text in ".{0,40}") {
        if let Some(ms) = parse_iso8601_ms(&text) {
            prop_assert!(ms.is_finite());
        }
    }

    #[test]
    fn iso_dates_round_trip_their_offset_and_seconds(
        year in 1970u32..2200, month in 1u32..=12, day in 1u32..=28, hour in 0u32..24, minute in 0u32..60,
        second in 0u32..60, millis in 0u32..1000, offset_h in 0u32..14, offset_m in prop::sample::select(vec![0u32, 30, 45]), east in any::<bool>(),
    ) {
        let base = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}");
        let utc = parse_iso8601_ms(&format!("{base}.{millis:03}Z")).ok_or_else(|| TestCaseError::fail("valid date refused"))?;
        let whole = parse_iso8601_ms(&format!("{base}Z")).ok_or_else(|| TestCaseError::fail("valid date refused"))?;
        prop_assert_eq!(utc - whole, f64::from(millis));
        let sign = if east { '+' } else { '-' };
        let zoned = parse_iso8601_ms(&format!("{base}{sign}{offset_h:02}:{offset_m:02}")).ok_or_else(|| TestCaseError::fail("zone refused"))?;
        let offset_ms = f64::from(offset_h * 3600 + offset_m * 60) * 1000.0;
        prop_assert_eq!(zoned, if east { whole - offset_ms } else { whole + offset_ms });
        prop_assert_eq!(parse_iso8601_ms(&format!("{base}.{millis:03}z")), Some(utc));
    }

    #[test]
    fn ss58_of_any_text_decodes_or_errs(text in ".{0,80}") {
        let _ = ss58::decode(&text, "address");
        let _ = ss58::is_valid(&text);
    }

    #[test]
    fn ss58_round_trips(key in any::<[u8; 32]>(), format in prop_oneof![Just(42u16), 0u16..64, 64u16..16384].prop_filter("46 and 47 are reserved", |f| *f != 46 && *f != 47)) {
        let address = ss58::encode(&key, format);
        prop_assert_eq!(ss58::decode(&address, "address").map_err(|e| TestCaseError::fail(e.to_string()))?, (format, key));
        prop_assert!(ss58::is_valid(&address));
    }

    #[test]
    fn ss58_with_one_character_changed_is_refused_or_another_valid_key(key in any::<[u8; 32]>(), at in 0usize..47, to in prop::sample::select("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".chars().collect::<Vec<_>>())) {
        let address = ss58::encode(&key, 42);
        let mut chars: Vec<char> = address.chars().collect();
        let at = at % chars.len();
        prop_assume!(chars[at] != to);
        chars[at] = to;
        let changed: String = chars.into_iter().collect();
        // The checksum catches a changed character (a collision is 1 in 65 536).
        if let Ok((_, other)) = ss58::decode(&changed, "address") {
            prop_assert_ne!(other, key);
        }
    }

    #[test]
    fn secret_uris_of_any_text_derive_or_err(text in ".{0,60}", junctions in "(//?[a-zA-Z0-9]{0,6}){0,4}(///.{0,6})?") {
        let _ = Keypair::from_uri(&text);
        if let Ok(pair) = Keypair::from_uri(&format!("{text}{junctions}")) {
            // Derivation is deterministic.
            let again = Keypair::from_uri(&format!("{text}{junctions}")).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(pair.public_key(), again.public_key());
        }
    }

    #[test]
    fn mnemonics_of_any_words_derive_or_err(words in prop::collection::vec("[a-z]{1,8}", 0..24), password in prop::option::of(".{0,10}")) {
        let _ = Keypair::from_mnemonic(&words.join(" "), password.as_deref());
    }

    #[test]
    fn keyfiles_of_any_json_load_or_err(value in any_json(), text in ".{0,120}") {
        let _ = Keypair::from_json_value(&value);
        let _ = Keypair::from_json(&text);
        let _ = Keypair::from_json(&value.to_string());
    }
}

proptest! {
    // Key generation runs PBKDF2 (2048 rounds): fewer cases.
    #![proptest_config(config(8))]
    #[test]
    fn a_generated_mnemonic_and_its_keyfile_round_trip(_case in 0u8..8) {
        let (pair, phrase) = Keypair::generate().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let again = Keypair::from_mnemonic(&phrase, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(pair.public_key(), again.public_key());
        let file = json!({ "secretPhrase": phrase, "ss58Address": pair.ss58_address(), "cryptoType": 1 });
        let loaded = Keypair::from_json_value(&file).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(loaded.public_key(), pair.public_key());
        let uri = Keypair::from_uri(&format!("{phrase}//hard/soft")).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_ne!(uri.public_key(), pair.public_key());
    }
}
