//! Job and job-list parsing against `responses.json`: what compute-horde-sdk 0.0.19 parsed or
//! raised for each body. Where PROTOCOL.md §5 asks for more than the reference (legacy bodies,
//! unknown statuses, strict base64), the test name says so and asserts our behaviour.

mod common;

use common::{s, str_list, string_pairs, vector};
use compute_horde_sdk::core::response::{
    parse_iso8601_ms, parse_job, parse_job_page, JobErrorKind, JobRecord, JobStatus,
};
use compute_horde_sdk::core::Error;
use serde_json::Value;

/// Bodies the reference rejects or crashes on that PROTOCOL.md §5 tells us to read.
const READ_WHERE_REFERENCE_FAILS: [&str; 5] = [
    "legacy_completed",
    "legacy_sent",
    "legacy_with_stderr",
    "unknown_status",
    "capitalized_status_in_history",
];

/// Bodies the reference reads into silently different bytes; we refuse them.
const REFUSED_WHERE_REFERENCE_READS: [&str; 1] = ["artifact_base64_urlsafe_chars"];

/// Malformed bodies, each with the words our error must contain.
const MALFORMED: [(&str, &str); 14] = [
    ("missing_uuid", "'uuid' is missing"),
    ("args_as_string", "'args' must be an array, not a string"),
    (
        "env_value_int",
        "'env[\"A\"]' must be a string, not a number",
    ),
    ("stdout_null", "'stdout' must be a string, not null"),
    (
        "bad_created_at",
        "'status_history[0].created_at' is not an ISO 8601 date-time: \"yesterday\"",
    ),
    (
        "job_failure_missing_message",
        "'status_history[1].metadata.job_failure_details.message' is missing",
    ),
    (
        "artifact_invalid_base64",
        "'artifacts[\"/artifacts/x\"]' is not valid base64",
    ),
    (
        "artifact_null",
        "'artifacts[\"/artifacts/x\"]' must be a string, not null",
    ),
    ("empty_status_history", "'status_history' is empty"),
    (
        "non_json_html",
        "the body is not JSON (expected value at line 1 column 1)",
    ),
    (
        "empty_body",
        "the body is not JSON (EOF while parsing a value",
    ),
    ("json_array", "expected a JSON object, got an array"),
    ("json_null", "expected a JSON object, got null"),
    (
        "truncated_json",
        "the body is not JSON (EOF while parsing a string",
    ),
];

fn jobs() -> Vec<Value> {
    vector("responses.json")["jobs"].as_array().unwrap().clone()
}

fn lists() -> Vec<Value> {
    vector("responses.json")["lists"]
        .as_array()
        .unwrap()
        .clone()
}

fn id(case: &Value) -> &str {
    s(&case["id"])
}

fn body(case: &Value) -> &str {
    s(&case["body"])
}

fn reference_ok(case: &Value) -> bool {
    case["sdk_parse"]["ok"].as_bool().unwrap()
}

fn job_case(wanted: &str) -> Value {
    jobs().into_iter().find(|case| id(case) == wanted).unwrap()
}

fn instant(iso: &str) -> f64 {
    parse_iso8601_ms(iso).unwrap_or_else(|| panic!("vector date-time {iso:?} does not parse"))
}

/// Asserts a malformed-response error whose message contains `words`.
fn assert_malformed(result: Result<impl std::fmt::Debug, Error>, words: &str, ctx: &str) {
    match result {
        Err(Error::Facilitator {
            message,
            status: None,
            body: None,
        }) => {
            assert!(
                message.starts_with("malformed response from the facilitator: "),
                "{ctx}: {message}"
            );
            assert!(
                message.contains(words),
                "{ctx}: {message:?} lacks {words:?}"
            );
        }
        other => panic!("{ctx}: expected a malformed-response error, got {other:?}"),
    }
}

/// Every key the reference shows is in ours with the same value; a reference `null` matches an
/// absent or null value. Ours may carry more (the reference drops unknown metadata fields).
fn assert_projection(ours: &Value, want: &Value, ctx: &str) {
    match want {
        Value::Null => assert!(ours.is_null(), "{ctx}: expected null, got {ours}"),
        Value::Object(want) => {
            let ours = ours
                .as_object()
                .unwrap_or_else(|| panic!("{ctx}: expected an object, got {ours}"));
            for (key, want) in want {
                assert_projection(
                    ours.get(key).unwrap_or(&Value::Null),
                    want,
                    &format!("{ctx}.{key}"),
                );
            }
        }
        _ => assert_eq!(ours, want, "{ctx}"),
    }
}

fn opt_str(value: &Value) -> Option<&str> {
    if value.is_null() {
        None
    } else {
        Some(s(value))
    }
}

/// Compares every field the reference recorded for a parsed job.
fn assert_job_matches(ours: &JobRecord, want: &Value, logged: Option<&Value>, ctx: &str) {
    assert_eq!(ours.uuid, s(&want["uuid"]), "{ctx}: uuid");
    let status = ours.status();
    assert_eq!(status.as_str(), s(&want["status"]), "{ctx}: status");
    assert_eq!(
        status.is_in_progress(),
        want["is_in_progress"].as_bool().unwrap(),
        "{ctx}"
    );
    assert_eq!(
        status.is_successful(),
        want["is_successful"].as_bool().unwrap(),
        "{ctx}"
    );
    assert_eq!(
        status.is_failed(),
        want["is_failed"].as_bool().unwrap(),
        "{ctx}"
    );
    assert_eq!(
        status.is_streaming_ready(),
        want["is_streaming_ready"].as_bool().unwrap(),
        "{ctx}"
    );

    let want_result = &want["result"];
    match &ours.result {
        None => assert!(want_result.is_null(), "{ctx}: we built no result"),
        Some(result) => {
            assert!(
                !want_result.is_null(),
                "{ctx}: we built a result the reference did not"
            );
            assert_eq!(result.stdout, s(&want_result["stdout"]), "{ctx}: stdout");
            assert_eq!(result.stderr, s(&want_result["stderr"]), "{ctx}: stderr");
            let artifacts: Vec<(String, String)> = result
                .artifacts
                .iter()
                .map(|(path, bytes)| (path.clone(), hex::encode(bytes)))
                .collect();
            assert_eq!(
                artifacts,
                string_pairs(&want_result["artifacts_hex"]),
                "{ctx}: artifacts"
            );
            let want_uploads = want_result["upload_results"].as_object().unwrap();
            assert_eq!(
                result.upload_results.len(),
                want_uploads.len(),
                "{ctx}: upload results"
            );
            for ((path, upload), (want_path, want_upload)) in
                result.upload_results.iter().zip(want_uploads)
            {
                assert_eq!(path, want_path, "{ctx}: upload result path");
                assert_eq!(
                    upload.headers,
                    string_pairs(&want_upload["headers"]),
                    "{ctx}: {path} headers"
                );
                assert_eq!(upload.body, s(&want_upload["body"]), "{ctx}: {path} body");
            }
        }
    }

    let want_error = &want["error"];
    match &ours.error {
        None => assert!(want_error.is_null(), "{ctx}: we found no error"),
        Some(error) => {
            let kind = match s(&want_error["class"]) {
                "ComputeHordeJobRejection" => JobErrorKind::Rejection,
                "ComputeHordeJobFailure" => JobErrorKind::Failure,
                "ComputeHordeHordeFailure" => JobErrorKind::HordeFailure,
                other => panic!("{ctx}: unknown error class {other}"),
            };
            assert_eq!(error.kind, kind, "{ctx}: error kind");
            assert_eq!(error.reason, s(&want_error["reason"]), "{ctx}: reason");
            assert_eq!(error.message, s(&want_error["message"]), "{ctx}: message");
            assert_eq!(error.context, want_error["context"], "{ctx}: context");
            assert_eq!(
                error.reported_by.as_deref(),
                want_error.get("reported_by").and_then(Value::as_str),
                "{ctx}: reported_by"
            );
        }
    }

    let want_history = want["status_history"].as_array().unwrap();
    assert_eq!(
        ours.status_history.len(),
        want_history.len(),
        "{ctx}: history length"
    );
    for (i, (entry, want_entry)) in ours.status_history.iter().zip(want_history).enumerate() {
        let ctx = format!("{ctx}: status_history[{i}]");
        assert_eq!(entry.status.as_str(), s(&want_entry["status"]), "{ctx}");
        assert_eq!(
            entry.created_at_ms,
            instant(s(&want_entry["created_at"])),
            "{ctx}"
        );
        assert_eq!(entry.created_at_ms, instant(&entry.created_at), "{ctx}");
        assert_projection(
            &entry.metadata,
            &want_entry["metadata"],
            &format!("{ctx}.metadata"),
        );
    }

    assert_eq!(
        ours.streaming_server_cert.as_deref(),
        opt_str(&want["streaming_server_cert"]),
        "{ctx}"
    );
    assert_eq!(
        ours.streaming_server_address.as_deref(),
        opt_str(&want["streaming_server_address"]),
        "{ctx}"
    );
    let want_port = want["streaming_server_port"]
        .as_u64()
        .map(|port| port.to_string());
    assert_eq!(
        ours.streaming_server_port, want_port,
        "{ctx}: streaming_server_port"
    );

    let logged = logged
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    assert_eq!(
        ours.warnings.len(),
        logged.len(),
        "{ctx}: warnings {:?}",
        ours.warnings
    );
}

/// Checks the fields of a job object that the reference does not record.
fn assert_job_object_fields(ours: &JobRecord, body: &str, ctx: &str) {
    let raw: Value = serde_json::from_str(body).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&ours.raw).unwrap(), raw, "{ctx}: raw");
    assert_eq!(ours.executor_class, s(&raw["executor_class"]), "{ctx}");
    assert_eq!(ours.docker_image, s(&raw["docker_image"]), "{ctx}");
    assert_eq!(ours.created_at, s(&raw["created_at"]), "{ctx}");
    assert_eq!(ours.created_at_ms, instant(s(&raw["created_at"])), "{ctx}");
    assert_eq!(ours.args, str_list(&raw["args"]), "{ctx}: args");
    assert_eq!(ours.env, string_pairs(&raw["env"]), "{ctx}: env");
    let tag = raw
        .get("tag")
        .and_then(Value::as_str)
        .filter(|tag| !tag.is_empty());
    assert_eq!(ours.tag.as_deref(), tag, "{ctx}: tag");
    assert_eq!(
        ours.job_namespace, "",
        "{ctx}: no vector body carries job_namespace"
    );
}

#[test]
fn jobs_the_reference_parses_give_the_same_fields() {
    let mut checked = 0;
    for case in jobs() {
        if !reference_ok(&case) || REFUSED_WHERE_REFERENCE_READS.contains(&id(&case)) {
            continue;
        }
        let ours = parse_job(body(&case)).unwrap_or_else(|e| panic!("{}: {e}", id(&case)));
        let parse = &case["sdk_parse"];
        assert_job_matches(&ours, &parse["job"], parse.get("logged"), id(&case));
        assert_job_object_fields(&ours, body(&case), id(&case));
        assert_eq!(
            case["sdk_get_job"]["status"],
            parse["job"]["status"],
            "{}",
            id(&case)
        );
        checked += 1;
    }
    println!("responses.json: {checked} job bodies parsed to the reference's fields");
    assert_eq!(checked, 20);
}

#[test]
fn unreadable_upload_result_is_skipped_with_a_warning_like_the_reference_logs() {
    let case = job_case("completed_unicode_and_bad_upload_result");
    let ours = parse_job(body(&case)).unwrap();
    assert_eq!(
        case["sdk_parse"]["logged"][0],
        "ERROR: Failed to parse upload result for 'bad.bin'"
    );
    assert_eq!(ours.warnings.len(), 1);
    assert!(
        ours.warnings[0].contains("\"bad.bin\""),
        "{:?}",
        ours.warnings
    );
    let result = ours.result.unwrap();
    let paths: Vec<&str> = result
        .upload_results
        .iter()
        .map(|(p, _)| p.as_str())
        .collect();
    assert_eq!(paths, ["/output/good.txt"]);
}

#[test]
fn urlsafe_base64_artifact_is_an_error_where_the_reference_silently_drops_characters() {
    for wanted in REFUSED_WHERE_REFERENCE_READS {
        let case = job_case(wanted);
        assert!(reference_ok(&case));
        assert_eq!(
            case["sdk_parse"]["job"]["result"]["artifacts_hex"]["/artifacts/u.bin"],
            "000000"
        );
        assert_malformed(
            parse_job(body(&case)),
            "'artifacts[\"/artifacts/u.bin\"]' is not valid base64",
            wanted,
        );
    }
    println!(
        "responses.json: {} URL-safe base64 body refused",
        REFUSED_WHERE_REFERENCE_READS.len()
    );
}

#[test]
fn malformed_job_bodies_are_malformed_errors_naming_the_problem() {
    let mut checked = 0;
    for case in jobs() {
        if reference_ok(&case) || READ_WHERE_REFERENCE_FAILS.contains(&id(&case)) {
            continue;
        }
        let (_, words) = MALFORMED
            .iter()
            .find(|(malformed, _)| *malformed == id(&case))
            .unwrap_or_else(|| panic!("{}: no expected message", id(&case)));
        assert_eq!(case["sdk_get_job"]["ok"], false, "{}", id(&case));
        assert_malformed(parse_job(body(&case)), words, id(&case));
        checked += 1;
    }
    println!("responses.json: {checked} malformed job bodies rejected");
    assert_eq!(checked, MALFORMED.len());
}

#[test]
fn legacy_early_2025_bodies_parse_where_the_reference_crashes() {
    // (id, status, result: (stdout, artifacts as (path, bytes)))
    type Expected = (
        &'static str,
        JobStatus,
        Option<(&'static str, &'static [(&'static str, &'static [u8])])>,
    );
    let expected: [Expected; 3] = [
        (
            "legacy_completed",
            JobStatus::Completed,
            Some(("hello\n", &[("/artifacts/out.txt", b"result")])),
        ),
        ("legacy_sent", JobStatus::Sent, None),
        ("legacy_with_stderr", JobStatus::Accepted, None),
    ];
    let count = expected.len();
    for (wanted, status, result) in expected {
        let case = job_case(wanted);
        assert!(!reference_ok(&case), "{wanted}: the reference reads it");
        let ours = parse_job(body(&case)).unwrap_or_else(|e| panic!("{wanted}: {e}"));
        assert_job_object_fields(&ours, body(&case), wanted);
        assert_eq!(*ours.status(), status, "{wanted}");
        let [entry] = ours.status_history.as_slice() else {
            panic!("{wanted}: one entry expected")
        };
        let raw: Value = serde_json::from_str(&ours.raw).unwrap();
        assert_eq!(entry.created_at, s(&raw["last_update"]), "{wanted}");
        assert_eq!(
            entry.created_at_ms,
            instant("2025-01-29T14:32:46Z"),
            "{wanted}"
        );
        assert_eq!(entry.created_at_ms, 1_738_161_166_000.0, "{wanted}");
        assert!(entry.metadata.is_null(), "{wanted}");
        assert_eq!(ours.error, None, "{wanted}");
        match (&ours.result, result) {
            (None, None) => {}
            (Some(ours), Some((stdout, artifacts))) => {
                assert_eq!(ours.stdout, stdout, "{wanted}");
                assert_eq!(ours.stderr, "", "{wanted}: no stderr in the body");
                let ours: Vec<(&str, &[u8])> = ours
                    .artifacts
                    .iter()
                    .map(|(p, b)| (p.as_str(), b.as_slice()))
                    .collect();
                assert_eq!(ours, artifacts, "{wanted}");
            }
            (ours, want) => panic!("{wanted}: result {ours:?}, expected {want:?}"),
        }
    }
    println!("responses.json: {} legacy job bodies read", count);
}

#[test]
fn unknown_status_is_kept_and_in_progress_where_the_reference_rejects_the_body() {
    let case = job_case("unknown_status");
    assert!(!reference_ok(&case));
    let ours = parse_job(body(&case)).unwrap();
    assert_eq!(*ours.status(), JobStatus::Other("paused".into()));
    assert_eq!(ours.status().as_str(), "paused");
    assert!(ours.status().is_in_progress());
    assert!(!ours.status().is_failed() && !ours.status().is_successful());
    assert_eq!(ours.result, None);
    assert_eq!(ours.error, None);
    let statuses: Vec<&str> = ours
        .status_history
        .iter()
        .map(|e| e.status.as_str())
        .collect();
    assert_eq!(statuses, ["sent", "paused"]);
    assert_eq!(ours.status_history[1].created_at_ms, 1_740_000_001_123.457);
    assert_job_object_fields(&ours, body(&case), "unknown_status");
}

#[test]
fn capitalized_status_in_history_maps_to_its_wire_name_where_the_reference_rejects_the_body() {
    let case = job_case("capitalized_status_in_history");
    assert!(!reference_ok(&case));
    let ours = parse_job(body(&case)).unwrap();
    assert_eq!(*ours.status(), JobStatus::Completed);
    assert_eq!(ours.status().as_str(), "completed");
    let result = ours.result.as_ref().expect("a completed job has a result");
    assert_eq!((result.stdout.as_str(), result.stderr.as_str()), ("", ""));
    assert!(result.artifacts.is_empty() && result.upload_results.is_empty());
    assert_eq!(ours.error, None);
    assert_job_object_fields(&ours, body(&case), "capitalized_status_in_history");
}

#[test]
fn every_job_case_is_checked_by_exactly_one_test() {
    let cases = jobs();
    for case in &cases {
        let id = id(case);
        let homes = [
            reference_ok(case) && !REFUSED_WHERE_REFERENCE_READS.contains(&id),
            REFUSED_WHERE_REFERENCE_READS.contains(&id),
            READ_WHERE_REFERENCE_FAILS.contains(&id),
            MALFORMED.iter().any(|(malformed, _)| *malformed == id),
        ];
        assert_eq!(
            homes.iter().filter(|home| **home).count(),
            1,
            "{id}: {homes:?}"
        );
    }
    let named =
        READ_WHERE_REFERENCE_FAILS.len() + REFUSED_WHERE_REFERENCE_READS.len() + MALFORMED.len();
    assert!(cases.iter().filter(|case| !reference_ok(case)).count() + 1 == named);
    println!(
        "responses.json: {} job cases, each checked once",
        cases.len()
    );
    assert_eq!(cases.len(), 40);
}

#[test]
fn list_pages_parse_like_the_reference_and_legacy_jobs_in_them_where_it_crashes() {
    let (mut pages, mut jobs) = (0, 0);
    for case in lists() {
        let ctx = id(&case);
        let want = &case["sdk_parse"];
        let ours = parse_job_page(body(&case));
        match ctx {
            "legacy_job_in_list" => {
                assert_eq!(want["ok"], false);
                let page = ours.unwrap();
                assert_eq!((page.count, page.next, page.previous), (1, None, None));
                let [job] = page.results.as_slice() else {
                    panic!("{ctx}: one job expected")
                };
                assert_eq!(*job.status(), JobStatus::Accepted);
                assert_eq!(job.status_history.len(), 1);
                assert_eq!((job.result.as_ref(), job.error.as_ref()), (None, None));
                jobs += 1;
            }
            "list_missing_count" => assert_malformed(ours, "'count' is missing", ctx),
            "list_is_array" => assert_malformed(ours, "expected a JSON object, got an array", ctx),
            _ => {
                assert_eq!(want["ok"], true, "{ctx}: unexpected failing page");
                let page = ours.unwrap_or_else(|e| panic!("{ctx}: {e}"));
                assert_eq!(page.count, want["count"].as_u64().unwrap(), "{ctx}");
                assert_eq!(page.next.as_deref(), opt_str(&want["next"]), "{ctx}");
                assert_eq!(
                    page.previous.as_deref(),
                    opt_str(&want["previous"]),
                    "{ctx}"
                );
                let want_jobs = want["jobs"].as_array().unwrap();
                assert_eq!(page.results.len(), want_jobs.len(), "{ctx}");
                for (i, (job, want_job)) in page.results.iter().zip(want_jobs).enumerate() {
                    assert_job_matches(job, want_job, None, &format!("{ctx}: results[{i}]"));
                    jobs += 1;
                }
            }
        }
        pages += 1;
    }
    println!("responses.json: {pages} list pages ({jobs} jobs in them) checked");
    assert_eq!(pages, 6);
}

#[test]
fn malformed_job_inside_a_page_is_named_by_its_index() {
    let page = r#"{"count": 2, "next": null, "previous": null, "results": [
        {"uuid": "a", "executor_class": "x", "created_at": "2025-02-19T21:20:00Z", "docker_image": "i",
         "args": [], "env": {}, "stdout": "", "stderr": "",
         "status_history": [{"created_at": "2025-02-19T21:20:00Z", "status": "sent"}]},
        {"executor_class": "x"}]}"#;
    assert_malformed(
        parse_job_page(page),
        "'results[1].uuid' is missing",
        "second job",
    );
    assert_malformed(
        parse_job_page(r#"{"count": -1, "results": []}"#),
        "'count' must be a non-negative integer, not -1",
        "count",
    );
    assert_malformed(
        parse_job_page(r#"{"count": 0, "results": {}}"#),
        "'results' must be an array",
        "results",
    );
}

#[test]
fn status_model_matches_the_reference_status_values() {
    let values = &vector("responses.json")["status_values"];
    let names = |key: &str| str_list(&values[key]);
    let all: Vec<String> = JobStatus::ALL
        .iter()
        .map(|s| s.as_str().to_string())
        .collect();
    assert_eq!(all, names("all"));
    let ends: Vec<String> = JobStatus::end_states()
        .iter()
        .map(|s| s.as_str().to_string())
        .collect();
    assert_eq!(ends, names("end_states"));
    let successful: Vec<String> = JobStatus::ALL
        .iter()
        .filter(|s| s.is_successful())
        .map(|s| s.as_str().to_string())
        .collect();
    assert_eq!(successful, names("successful"));
    let mut failed: Vec<String> = JobStatus::ALL
        .iter()
        .filter(|s| s.is_failed())
        .map(|s| s.as_str().to_string())
        .collect();
    let mut want_failed = names("failed");
    failed.sort();
    want_failed.sort();
    assert_eq!(failed, want_failed);
    for status in JobStatus::ALL {
        assert_eq!(JobStatus::parse(status.as_str()), status);
        assert_eq!(
            status.is_end(),
            ends.contains(&status.as_str().to_string()),
            "{status}"
        );
        assert_eq!(status.is_in_progress(), !status.is_end(), "{status}");
        assert_eq!(status.to_string(), status.as_str());
    }
    println!("responses.json: {} status values checked", all.len());
    assert_eq!(all.len(), 11);
}

#[test]
fn legacy_capitalized_statuses_map_to_wire_names_and_unknown_ones_are_kept() {
    let legacy = [
        ("Sent", JobStatus::Sent),
        ("Received", JobStatus::Received),
        ("Accepted", JobStatus::Accepted),
        ("Rejected", JobStatus::Rejected),
        ("Completed", JobStatus::Completed),
        ("Failed", JobStatus::Failed),
        ("Horde Failed", JobStatus::HordeFailed),
        ("Streaming-Ready", JobStatus::StreamingReady),
        ("EXECUTION_DONE", JobStatus::ExecutionDone),
    ];
    for (text, status) in legacy {
        assert_eq!(JobStatus::parse(text), status, "{text}");
    }
    for unknown in ["paused", "Timeout", "", "sent ", "cömpleted"] {
        let status = JobStatus::parse(unknown);
        assert_eq!(status, JobStatus::Other(unknown.to_string()));
        assert_eq!(status.as_str(), unknown);
        assert!(status.is_in_progress() && !status.is_end() && !status.is_failed());
    }
}

#[test]
fn datetimes_parse_to_known_unix_instants() {
    let known = [
        ("2025-02-19T21:20:00Z", 1_740_000_000_000.0),
        ("2025-02-19T21:20:00.123456Z", 1_740_000_000_123.456),
        ("2025-02-19T23:20:00+02:00", 1_740_000_000_000.0),
        ("2025-02-19T23:20:00+0200", 1_740_000_000_000.0),
        ("2025-02-19T23:20:00+02", 1_740_000_000_000.0),
        ("2025-02-19 21:20:00.5", 1_740_000_000_500.0),
        ("2025-02-19t21:20z", 1_740_000_000_000.0),
        ("2025-02-19T21:20:00,25Z", 1_740_000_000_250.0),
        ("2025-02-19T21:20:00.123456789123Z", 1_740_000_000_123.457),
        ("2000-02-29T12:00:00-05:30", 951_845_400_000.0),
        ("1970-01-01T00:00:00Z", 0.0),
        ("1969-12-31T23:59:59.500Z", -500.0),
        ("2024-12-31T23:59:59.999999Z", 1_735_689_599_999.999),
        ("1600-03-01T00:00:00Z", -11_670_912_000_000.0),
        ("9999-12-31T23:59:59Z", 253_402_300_799_000.0),
    ];
    for (text, ms) in known {
        let parsed = parse_iso8601_ms(text).unwrap_or_else(|| panic!("{text}"));
        assert!((parsed - ms).abs() < 1e-3, "{text}: {parsed} != {ms}");
    }
    let bad = [
        "",
        "yesterday",
        "2025-02-19",
        "2025-02-19T21",
        "2025-02-30T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "2025-13-01T00:00:00Z",
        "2025-00-01T00:00:00Z",
        "2025-02-19T24:00:00Z",
        "2025-02-19T21:60:00Z",
        "2025-02-19T21:20:60Z",
        "2025-02-19T21:20:00.Z",
        "2025-02-19T21:20:00+24:00",
        "2025-02-19T21:20:00+02:60",
        "2025-02-19T21:20:00Zjunk",
        "2025-02-19T21:20:00 ",
        "25-02-19T21:20:00Z",
        "2025-2-19T21:20:00Z",
        "2025-02-19X21:20:00Z",
        "2025-02-19T21:20:00+2",
        "２０２５-02-19T21:20:00Z",
    ];
    for text in bad {
        assert_eq!(parse_iso8601_ms(text), None, "{text:?}");
    }
}

/// Replaces, in turn, every field of the job objects (top level, history entries, metadata,
/// details) with values of every JSON type, and truncates every body at every character: each
/// variant must parse or give a malformed error, never panic.
#[test]
fn no_mutation_or_truncation_of_the_vector_bodies_panics() {
    let replacements: Vec<Value> = [
        "null",
        "true",
        "-1",
        "1e400",
        "\"x\"",
        "[]",
        "{}",
        "[null]",
        "{\"a\": null}",
    ]
    .iter()
    .map(|text| serde_json::from_str(text).unwrap())
    .collect();
    let mut variants = 0;
    for case in jobs() {
        let text = body(&case);
        for (cut, _) in text.char_indices() {
            let _ = parse_job(&text[..cut]);
            variants += 1;
        }
        let Ok(Value::Object(job)) = serde_json::from_str::<Value>(text) else {
            continue;
        };
        let mut objects: Vec<Vec<String>> = vec![vec![]];
        for (i, entry) in job
            .get("status_history")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let at = vec!["status_history".to_string(), i.to_string()];
            objects.push(at.clone());
            if let Some(metadata) = entry.get("metadata").and_then(Value::as_object) {
                let meta_at = [at.clone(), vec!["metadata".to_string()]].concat();
                for (key, value) in metadata {
                    if value.is_object() {
                        objects.push([meta_at.clone(), vec![key.clone()]].concat());
                    }
                }
                objects.push(meta_at);
            }
        }
        for at in objects {
            let pointer: String = at.iter().map(|part| format!("/{part}")).collect();
            let root = Value::Object(job.clone());
            let keys: Vec<String> = root
                .pointer(&pointer)
                .unwrap()
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            for key in keys {
                for replacement in &replacements {
                    let mut mutated = root.clone();
                    mutated.pointer_mut(&pointer).unwrap()[key.as_str()] = replacement.clone();
                    match parse_job(&mutated.to_string()) {
                        Ok(_) => {}
                        Err(error) => assert_malformed(Err::<(), _>(error), "", &key),
                    }
                    variants += 1;
                }
            }
        }
    }
    println!("responses.json: {variants} mutated or truncated bodies parsed without panicking");
    assert!(variants > 10_000);
}

#[test]
fn streaming_port_that_is_not_a_port_number_is_malformed() {
    let case = job_case("streaming_port_as_string");
    for bad in ["\"http\"", "70000", "-1", "8443.5", "true"] {
        let body = body(&case).replace(
            "\"streaming_server_port\": \"8443\"",
            &format!("\"streaming_server_port\": {bad}"),
        );
        assert_ne!(body, self::body(&case));
        assert_malformed(
            parse_job(&body),
            "'streaming_server_port' must be a port number",
            bad,
        );
    }
}
