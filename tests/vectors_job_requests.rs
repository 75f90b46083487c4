//! create_job as the reference SDK 0.0.19 performs it (tests/vectors/job_requests.json): the
//! body bytes, the SignedFields text, the twice-encoded hash input, the blake2b digest and the
//! X-CH headers. The vector's sr25519 signatures verify over our digests, which proves the digest
//! is the reference's byte for byte.

mod common;

use common::{camel_options, check_create_job_case, check_refused_spec, keys_of, s, snake_to_camel, vector, verifies};
use compute_horde_sdk::core::job::{create_job_body, HttpMethod, InputVolume, JobSpec, OutputVolume};
use compute_horde_sdk::core::signing::{signed_fields_text, Layout};
use compute_horde_sdk::core::Error;

#[test]
fn every_case_gives_the_reference_body_signed_text_digest_and_headers() {
    let vectors = vector("job_requests.json");
    let validator = s(&vectors["fixed"]["compute_horde_validator_hotkey"]);
    let cases = vectors["cases"].as_array().unwrap();
    for case in cases {
        let id = s(&case["id"]);
        let input = &case["sdk_input"];
        assert_eq!(s(&input["compute_horde_validator_hotkey"]), validator);
        let (_, checked) = check_create_job_case(id, case, &input["job_spec"], validator, Layout::Current);
        assert_eq!(hex::encode(checked.signature), s(&case["x_ch_signature_hex"]), "{id}");
        let mut other_digest = checked.digest;
        other_digest[63] ^= 1;
        assert!(
            !verifies(&checked.signatory, &other_digest, &checked.signature),
            "{id}: verification is not vacuous"
        );
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
    let vectors = vector("job_requests.json");
    let errors = vectors["errors"].as_array().unwrap();
    for case in errors {
        let id = s(&case["id"]);
        assert_eq!(case["http_requests_sent"], 0, "{id}");
        let message = check_refused_spec(id, &case["job_spec"], Layout::Current);
        let reference = s(&case["raised"]["message"]);
        assert!(same_reason(reference, &message), "{id}: {reference:?} vs {message:?}");
        // The legacy layout refuses it the same way.
        check_refused_spec(id, &case["job_spec"], Layout::Legacy);
    }
    println!("job_requests.json: {} errors checked", errors.len());
    assert!(!errors.is_empty());
}

#[test]
fn every_invalid_volume_constructor_is_refused_naming_the_field() {
    let vectors = vector("job_requests.json");
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
        http_method: HttpMethod::Put,
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
