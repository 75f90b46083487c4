// The wasm test cases, included by tests/wasm.rs (Node by default; scripts/test-all.sh also
// runs it in Chromium and a Web Worker) and tests/wasm_browser.rs (configured for browsers,
// which is what `wasm-pack test --headless --chrome` runs).

use std::rc::Rc;

use compute_horde_sdk::client::{Client, ClientConfig, WaitOptions};
use compute_horde_sdk::core::job::JobSpec;
use compute_horde_sdk::core::keys::{self, Keypair};
use compute_horde_sdk::core::response::JobStatus;
use compute_horde_sdk::wasm::WasmPlatform;
use serde_json::Value;
use wasm_bindgen_test::*;

const KEYS: &str = include_str!("../vectors/keys.json");
const SIGNATURES: &str = include_str!("../vectors/signatures.json");
const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

fn hex_bytes(value: &Value) -> Vec<u8> {
    hex::decode(value.as_str().unwrap()).unwrap()
}

#[wasm_bindgen_test]
fn every_uri_and_mnemonic_key_of_keys_json_derives_the_reference_address_in_wasm() {
    let vectors: Value = serde_json::from_str(KEYS).unwrap();
    let mut checked = 0;
    for case in vectors["keys"].as_array().unwrap() {
        let argument = &case["argument"];
        let keypair = match case["constructor"].as_str().unwrap() {
            "Keypair.create_from_uri" => Keypair::from_uri(argument.as_str().unwrap()),
            "Keypair.create_from_mnemonic" => Keypair::from_mnemonic(argument.as_str().unwrap(), None),
            "Keypair.create_from_seed" => Keypair::from_seed_hex(argument.as_str().unwrap()),
            _ => continue,
        }
        .unwrap();
        assert_eq!(keypair.ss58_address(), case["ss58_address"].as_str().unwrap(), "{}", case["id"]);
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} keys checked");
}

#[wasm_bindgen_test]
fn reference_signatures_verify_and_tampered_ones_do_not_in_wasm() {
    let vectors: Value = serde_json::from_str(SIGNATURES).unwrap();
    let public_key = |case: &Value| -> [u8; 32] {
        let ss58 = case["ss58"].as_str().unwrap();
        compute_horde_sdk::core::ss58::public_key_of(ss58, "ss58").unwrap()
    };
    let valid = vectors["valid"].as_array().unwrap();
    for case in valid {
        assert!(keys::verify(&public_key(case), &hex_bytes(&case["message_hex"]), &hex_bytes(&case["signature_hex"])));
    }
    let tampered = vectors["tampered"].as_array().unwrap();
    for case in tampered {
        let key = case.get("ss58").map(|_| public_key(case)).unwrap();
        assert!(!keys::verify(&key, &hex_bytes(&case["message_hex"]), &hex_bytes(&case["signature_hex"])), "{}", case["id"]);
    }
    assert_eq!((valid.len(), tampered.len()), (18, 54));
}

#[wasm_bindgen_test]
fn wasm_signatures_are_randomized_and_verify() {
    let alice = Keypair::from_uri("//Alice").unwrap();
    let first = alice.sign(b"nonce");
    let second = alice.sign(b"nonce");
    assert_ne!(first, second);
    assert!(alice.verify(b"nonce", &first) && alice.verify(b"nonce", &second));
    assert!(!alice.verify(b"nonce!", &first));
}

fn simulator_url() -> Option<&'static str> {
    option_env!("CH_SIM_URL")
}

fn echo_spec(text: &str) -> JobSpec {
    let mut spec = JobSpec::new("always_on.gpu-24gb", "SN123.0", "alpine", 60, 60, 60);
    spec.args = vec!["echo".into(), text.into()];
    spec.artifacts_dir = Some("/artifacts".into());
    spec
}

#[wasm_bindgen_test]
async fn rust_client_creates_and_waits_for_a_job_against_the_simulator() {
    let Some(url) = simulator_url() else {
        panic!("CH_SIM_URL was not set when this test was compiled (run it through scripts/test-all.sh)");
    };
    let mut config = ClientConfig::new(BOB);
    config.facilitator_url = url.to_string();
    config.poll_interval_ms = 50.0;
    let client = Client::new(config, Rc::new(Keypair::from_uri("//Alice").unwrap()), WasmPlatform::default()).unwrap();
    let job = client.create_job(&echo_spec("from rust"), false).await.unwrap();
    assert_eq!(job.status(), JobStatus::Sent);
    let seen = Rc::new(std::cell::RefCell::new(Vec::new()));
    let record = Rc::clone(&seen);
    let options = WaitOptions {
        timeout_ms: Some(20_000.0),
        signal: None,
        on_status: Some(Rc::new(move |_job: &_, entry: &compute_horde_sdk::core::response::StatusEntry| {
            record.borrow_mut().push(entry.status.as_str().to_string());
            Box::pin(async { Ok(()) })
        })),
    };
    job.wait(options).await.unwrap();
    assert_eq!(job.status(), JobStatus::Completed);
    let seen = seen.borrow();
    assert_eq!(seen.first().map(String::as_str), Some("sent"));
    assert_eq!(seen.last().map(String::as_str), Some("completed"));
    let record = job.record();
    let result = record.result.as_ref().unwrap();
    assert!(result.stdout.contains("from rust"), "{}", result.stdout);
    let again = client.get_job(&job.uuid()).await.unwrap();
    assert_eq!(again.uuid(), job.uuid());
}

#[wasm_bindgen_test]
async fn rust_client_refuses_a_bad_spec_before_any_request() {
    let mut config = ClientConfig::new(BOB);
    // Nothing listens there: a request would fail with a network error, not a RangeError.
    config.facilitator_url = "http://127.0.0.1:9/".into();
    let client = Client::new(config, Rc::new(Keypair::from_uri("//Alice").unwrap()), WasmPlatform::default()).unwrap();
    let mut spec = echo_spec("x");
    spec.docker_image = String::new();
    let error = client.create_job(&spec, false).await.err().unwrap();
    assert!(error.to_string().starts_with("dockerImage:"), "{error}");
}
