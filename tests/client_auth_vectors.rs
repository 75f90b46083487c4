//! The async client against every `current.sdk_behaviour` case of tests/vectors/auth.json: the
//! same scripted answers give the same requests, in the same order, and the same outcome as the
//! Python SDK 0.0.19. Also checks the auth headers of API calls and the login body.

mod client_support;

use client_support::*;
use compute_horde_sdk::client::HttpRequest;
use compute_horde_sdk::core::keys::verify;
use compute_horde_sdk::core::Error;
use serde_json::Value;

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/auth.json");

fn load() -> Value {
    serde_json::from_str(&std::fs::read_to_string(VECTORS).unwrap()).unwrap()
}

fn answer_of(scripted: &Value) -> Answer {
    let status = scripted["status"].as_u64().unwrap() as u16;
    match &scripted["body"] {
        Value::String(body) => text(status, body),
        body => ok(status, body.clone()),
    }
}

/// The HTTP status named by a reference error message (`... status code 401 and text ...`).
fn status_in_message(message: &str) -> Option<u16> {
    let rest = message.split_once("status code ")?.1;
    rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

fn check_login_request(request: &HttpRequest, nonce: &str, key_order: &[&str]) {
    for name in ["Authorization", "Realm", "SubnetID", "Hotkey", "Signature", "Nonce"] {
        assert!(request.header(name).is_none(), "auth call {} carries {name}", line(request));
    }
    if path(request) == "/auth/nonce" {
        assert_eq!(request.method, "GET");
        assert!(request.body.is_none());
        return;
    }
    assert_eq!(line(request), "POST /auth/login");
    assert_eq!(header(request, "Content-Type"), "application/json");
    let body_text = request.body.as_deref().unwrap();
    let body: serde_json::Map<String, Value> = serde_json::from_str(body_text).unwrap();
    assert_eq!(body.keys().map(String::as_str).collect::<Vec<_>>(), key_order);
    assert_eq!(body["hotkey"], ALICE);
    assert_eq!(body["nonce"], nonce);
    let signature_hex = body["signature"].as_str().unwrap();
    assert!(!signature_hex.starts_with("0x"));
    let signature = hex::decode(signature_hex).unwrap();
    assert_eq!(signature.len(), 64);
    assert!(verify(&alice().public_key(), nonce.as_bytes(), &signature), "login signature does not verify over the nonce");
    // Compact, as httpx sends it: no spaces between tokens.
    assert!(!body_text.contains(", ") && !body_text.contains("\": "), "{body_text}");
}

fn check_api_request(request: &HttpRequest, token: &str) {
    assert_eq!(header(request, "Authorization"), format!("Bearer {token}"));
    assert_eq!(header(request, "Realm"), "mainnet");
    assert_eq!(header(request, "SubnetID"), "12");
    for name in ["Hotkey", "Signature", "Nonce"] {
        assert!(request.header(name).is_none(), "{} carries {name} in token mode", line(request));
    }
}

#[test]
fn every_sdk_behaviour_case_of_auth_json_gives_the_same_requests_and_outcome() {
    let vectors = load();
    let current = &vectors["current"];
    let nonce = current["nonce"]["value"].as_str().unwrap().to_string();
    let key_order: Vec<&str> = current["login"]["request_body_key_order"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    let cases = current["sdk_behaviour"].as_array().unwrap();
    let mut ran = Vec::new();
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let (client, platform) = new_client();
        *platform.state().nonce_value.borrow_mut() = Some(nonce.clone());
        let login_status = case["login_status"].as_u64().unwrap() as u16;
        if login_status != 200 {
            platform.state().login_answers.borrow_mut().push_back(text(login_status, "{\"detail\":\"Hotkey not allowed\"}"));
        }
        for scripted in case["scripted_job_responses"].as_array().unwrap() {
            platform.push(answer_of(scripted));
        }

        let outcome = if id == "login_rejected" { run(client.authenticate()).map(|()| None) } else { run(client.get_job(UUID)).map(Some) };

        // Same requests, same order.
        let expected: Vec<&str> = case["requests"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(platform.lines(), expected, "case {id}: requests");

        // Headers: auth calls carry none of the API auth headers; API calls carry the token of
        // the login that preceded them.
        let mut logins_seen = 0;
        for request in platform.requests() {
            if is_auth(&request) {
                check_login_request(&request, &nonce, &key_order);
                if path(&request) == "/auth/login" {
                    logins_seen += 1;
                }
            } else {
                assert!(logins_seen > 0, "case {id}: API call before login");
                check_api_request(&request, &format!("token-{logins_seen}"));
            }
        }

        // Same outcome.
        let expected_outcome = &case["outcome"];
        match (&expected_outcome["raised"], outcome) {
            (Value::Null, Ok(Some(job))) => {
                assert_eq!(job.uuid(), expected_outcome["returned_job_uuid"], "case {id}");
                assert_eq!(job.status().as_str(), expected_outcome["status"], "case {id}");
            }
            (Value::Null, other) => panic!("case {id}: expected a job, got {other:?}", other = other.map(|j| j.map(|j| j.uuid()))),
            (raised, Ok(_)) => panic!("case {id}: expected {raised}, got success"),
            (raised, Err(error)) => {
                let message = raised["message"].as_str().unwrap();
                match raised["type"].as_str().unwrap() {
                    "ComputeHordeNotFoundError" => assert!(matches!(error, Error::NotFound { .. }), "case {id}: {error:?}"),
                    "ComputeHordeError" => {
                        let expected_status = if id == "login_rejected" { Some(login_status) } else { status_in_message(message) };
                        match &error {
                            Error::Facilitator { status, .. } => assert_eq!(*status, expected_status, "case {id}: {error}"),
                            other => panic!("case {id}: expected a Facilitator error, got {other:?}"),
                        }
                        if message.contains("malformed") {
                            assert!(error.to_string().contains("malformed"), "case {id}: {error}");
                        }
                    }
                    other => panic!("case {id}: unknown raised type {other}"),
                }
            }
        }

        // Retried calls wait between attempts, within the policy's bounds; nothing else sleeps.
        let retries = platform.lines().windows(2).filter(|w| w[0] == w[1] && !w[0].contains("/auth/")).count();
        let sleeps = platform.sleeps();
        assert_eq!(sleeps.len(), retries, "case {id}: sleeps {sleeps:?}");
        assert!(sleeps.iter().all(|ms| (200.0..=5000.0).contains(ms)), "case {id}: sleeps {sleeps:?}");
        ran.push(id.to_string());
    }
    assert_eq!(ran.len(), cases.len());
    assert_eq!(ran.len(), 9, "auth.json has 9 sdk_behaviour cases: {ran:?}");
    println!("replayed {} auth.json sdk_behaviour cases: {}", ran.len(), ran.join(", "));
}

#[test]
fn captured_api_headers_match_the_reference() {
    // auth.json's captured GET job and GET jobs page carry exactly Authorization, Realm and
    // SubnetID beyond httpx's own headers; ours carry the same names and values.
    let vectors = load();
    let current = &vectors["current"];
    let token = current["api_headers"]["Authorization"].as_str().unwrap().strip_prefix("Bearer ").unwrap().to_string();
    let (client, platform) = new_client();
    platform.state().login_answers.borrow_mut().push_back(ok(200, serde_json::json!({ "token": token })));
    platform.push(ok(200, job_json(UUID, &["sent"])));
    platform.push(ok(200, page_json(vec![job_json(UUID, &["sent"])], None)));
    run(client.get_job(UUID)).unwrap();
    run(client.get_jobs(2, 5)).unwrap();
    let captured = current["captured_requests"].as_array().unwrap();
    let sent = platform.requests();
    assert_eq!(sent.len(), captured.len());
    let httpx_own = ["Host", "Accept", "Accept-Encoding", "Connection", "User-Agent", "Content-Length"];
    for (ours, theirs) in sent.iter().zip(captured) {
        assert_eq!(ours.method, theirs["method"].as_str().unwrap());
        assert_eq!(ours.url, theirs["url"].as_str().unwrap());
        let expected: Vec<(String, String)> = theirs["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h[0].as_str().unwrap().to_string(), h[1].as_str().unwrap().to_string()))
            .filter(|(name, _)| !httpx_own.contains(&name.as_str()))
            .collect();
        assert_eq!(ours.headers, expected, "{}", line(ours));
    }
}
