//! Retries, single-flight login and hotkey-header auth of the async client, over a scripted
//! facilitator and a virtual clock.

mod client_support;

use std::rc::Rc;

use client_support::*;
use compute_horde_sdk::client::{AuthMode, HttpResponse, RetryPolicy, TransportError};
use compute_horde_sdk::core::job::JobSpec;
use compute_horde_sdk::core::keys::verify;
use compute_horde_sdk::core::signing::auth::hotkey_auth_payload;
use compute_horde_sdk::core::Error;
use futures_util::future::join_all;

fn spec() -> JobSpec {
    JobSpec::new("always_on.gpu-24gb", "SN123.0", "backenddevelopersltd/compute-horde-job-echo:v0-latest", 60, 120, 30)
}

fn creates(platform: &FakePlatform) -> Vec<compute_horde_sdk::client::HttpRequest> {
    platform.api_requests().into_iter().filter(|r| line(r) == "POST /api/v1/job-docker/").collect()
}

/// A job in status `sent` whose uuid is the one in the request's `api/v1/jobs/<uuid>/` path.
fn job_named_by_path(request: &compute_horde_sdk::client::HttpRequest) -> Answer {
    let uuid = path(request).trim_start_matches("/api/v1/jobs/").trim_end_matches('/').to_string();
    ok(200, job_json(&uuid, &["sent"]))
}

/// Twenty `get_job` calls polled together; each must return its own job.
fn get_twenty_jobs_at_once(client: &compute_horde_sdk::client::Client<FakePlatform>) {
    let uuids: Vec<String> = (1..=20).map(uuid_n).collect();
    let results = run(join_all(uuids.iter().map(|uuid| client.get_job(uuid))));
    for (uuid, result) in uuids.iter().zip(results) {
        assert_eq!(&result.unwrap().uuid(), uuid);
    }
}

fn policy(max_attempts: u32, min_delay_ms: f64, max_delay_ms: f64) -> RetryPolicy {
    RetryPolicy { max_attempts, min_delay_ms, max_delay_ms }
}

#[test]
fn create_job_is_never_sent_twice_after_an_ambiguous_answer() {
    let ambiguous: Vec<(&str, Answer)> = vec![
        ("500", text(500, "Internal Server Error")),
        ("502", text(502, "Bad Gateway")),
        ("504", text(504, "Gateway Timeout")),
        ("reset", Err(TransportError::Failed("connection reset".into()))),
        ("timeout", Err(TransportError::Failed("timed out".into()))),
    ];
    for (name, answer) in ambiguous {
        let (client, platform) = new_client();
        let expected_status = answer.as_ref().ok().map(|r| r.status);
        platform.push(answer);
        let error = run(client.create_job(&spec(), false)).err().unwrap_or_else(|| panic!("{name}: create_job succeeded"));
        assert_eq!(creates(&platform).len(), 1, "{name}: sent {:?}", platform.lines());
        assert!(platform.sleeps().is_empty(), "{name}: waited {:?}", platform.sleeps());
        match &error {
            Error::Facilitator { status, message, .. } => {
                assert_eq!(*status, expected_status, "{name}");
                assert!(message.contains("may or may not"), "{name}: {message}");
                assert!(message.contains("POST api/v1/job-docker/"), "{name}: {message}");
            }
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn create_job_is_repeated_after_429_and_not_sent_with_the_same_signature_and_body() {
    let (client, platform) = new_client();
    platform.push(text(429, "{\"detail\":\"Request was throttled.\"}"));
    platform.push(Err(TransportError::NotSent("connection refused".into())));
    platform.push(ok(201, job_json(UUID, &["sent"])));
    let job = run(client.create_job(&spec(), false)).unwrap();
    assert_eq!(job.uuid(), UUID);
    let sent = creates(&platform);
    assert_eq!(sent.len(), 3, "{:?}", platform.lines());
    for name in ["X-CH-Signature-Type", "X-CH-Signatory", "X-CH-Timestamp-NS", "X-CH-Signature", "X-CH-Signature-Scope"] {
        let first = header(&sent[0], name);
        assert!(sent.iter().all(|r| header(r, name) == first), "{name} changed between attempts");
    }
    assert!(sent.iter().all(|r| r.headers == sent[0].headers), "headers changed between attempts");
    assert!(sent.iter().all(|r| r.body == sent[0].body), "body changed between attempts");
    assert_eq!(platform.sleeps().len(), 2);
    assert_eq!(platform.logins(), 1);
}

#[test]
fn get_is_retried_with_growing_delays_within_min_and_max() {
    for random in [0.0, 0.5, 0.999_999] {
        let mut config = config();
        config.retry = policy(6, 100.0, 1000.0);
        let (client, platform) = new_client_with(config);
        platform.state().default_random.set(random);
        for _ in 0..5 {
            platform.push(text(503, "Service Unavailable"));
        }
        platform.push(ok(200, job_json(UUID, &["sent"])));
        let job = run(client.get_job(UUID)).unwrap();
        assert_eq!(job.uuid(), UUID);
        let gets = platform.api_requests();
        assert_eq!(gets.len(), 6);
        let sleeps = platform.sleeps();
        assert_eq!(sleeps.len(), 5);
        for (attempt, ms) in sleeps.iter().enumerate() {
            // The ceiling doubles from 2 * min up to max; the delay is in [ceiling/2, ceiling].
            let ceiling = (100.0 * 2f64.powi(attempt as i32 + 1)).min(1000.0);
            assert!((100.0..=1000.0).contains(ms), "random {random}: {sleeps:?}");
            assert!(*ms >= ceiling / 2.0 && *ms <= ceiling, "random {random}: delay {attempt} = {ms}, ceiling {ceiling}");
        }
        assert!(sleeps.windows(2).all(|w| w[1] >= w[0]), "random {random}: delays shrink: {sleeps:?}");
        assert!(sleeps[4] > sleeps[0], "random {random}: delays do not grow: {sleeps:?}");
    }
}

#[test]
fn get_is_retried_after_network_errors_and_5xx() {
    let (client, platform) = new_client();
    platform.push(Err(TransportError::Failed("connection reset".into())));
    platform.push(Err(TransportError::NotSent("connection refused".into())));
    platform.push(text(500, "oops"));
    platform.push(ok(200, job_json(UUID, &["accepted"])));
    let job = run(client.get_job(UUID)).unwrap();
    assert_eq!(job.status().as_str(), "accepted");
    assert_eq!(platform.api_requests().len(), 4);
    assert_eq!(platform.sleeps().len(), 3);
    assert!(platform.sleeps().iter().all(|ms| (200.0..=5000.0).contains(ms)));
}

#[test]
fn retry_after_is_honoured_up_to_the_cap() {
    let (client, platform) = new_client();
    platform.state().default_random.set(0.0);
    platform.push(Ok(HttpResponse { status: 429, body: "slow down".into(), retry_after_sec: Some(3.0) }));
    platform.push(Ok(HttpResponse { status: 503, body: "busy".into(), retry_after_sec: Some(60.0) }));
    platform.push(Ok(HttpResponse { status: 429, body: "now".into(), retry_after_sec: Some(0.0) }));
    platform.push(ok(200, job_json(UUID, &["sent"])));
    run(client.get_job(UUID)).unwrap();
    // 3 s asked: 3 s; 60 s asked: capped at max (5 s); 0 s asked: the backoff still applies.
    assert_eq!(platform.sleeps(), vec![3000.0, 5000.0, RetryPolicy::default().backoff_ms(3, 0.0)]);
    assert!(platform.sleeps()[2] >= 200.0);

    // The same for a create_job repeated after 429.
    let (client, platform) = new_client();
    platform.push(Ok(HttpResponse { status: 429, body: "slow down".into(), retry_after_sec: Some(2.5) }));
    platform.push(ok(201, job_json(UUID, &["sent"])));
    run(client.create_job(&spec(), false)).unwrap();
    assert_eq!(platform.sleeps(), vec![2500.0]);
}

#[test]
fn max_attempts_is_respected() {
    for max_attempts in [1, 3, 5] {
        let mut config = config();
        config.retry = policy(max_attempts, 200.0, 5000.0);
        let (client, platform) = new_client_with(config);
        for _ in 0..10 {
            platform.push(text(503, "Service Unavailable"));
        }
        let error = run(client.get_job(UUID)).err().unwrap();
        assert!(matches!(error, Error::Facilitator { status: Some(503), .. }), "{error:?}");
        assert_eq!(platform.api_requests().len(), max_attempts as usize);
        assert_eq!(platform.sleeps().len(), max_attempts as usize - 1);
    }
    // The default is 5 attempts, as the Python SDK.
    let (client, platform) = new_client();
    for _ in 0..10 {
        platform.push(Err(TransportError::Failed("reset".into())));
    }
    let error = run(client.get_job(UUID)).err().unwrap();
    assert!(matches!(error, Error::Facilitator { status: None, .. }), "{error:?}");
    assert!(!error.to_string().contains("may or may not"), "a GET is not ambiguous: {error}");
    assert_eq!(platform.api_requests().len(), 5);
}

#[test]
fn concurrent_first_calls_share_one_login() {
    let (client, platform) = new_client();
    platform.state().fetch_yields.set(100);
    platform.route(|request| {
        Some(job_named_by_path(request))
    });
    get_twenty_jobs_at_once(&client);
    let lines = platform.lines();
    assert_eq!(lines.iter().filter(|l| *l == "GET /auth/nonce").count(), 1, "{lines:?}");
    assert_eq!(platform.logins(), 1, "{lines:?}");
    let api = platform.api_requests();
    assert_eq!(api.len(), 20);
    assert!(api.iter().all(|r| header(r, "Authorization") == "Bearer token-1"));
}

#[test]
fn a_failed_login_is_shared_by_concurrent_callers_and_not_cached() {
    let (client, platform) = new_client();
    platform.state().fetch_yields.set(100);
    platform.state().login_answers.borrow_mut().push_back(text(400, "{\"detail\":\"Hotkey not allowed\"}"));
    let results = run(join_all((1..=10).map(|_| client.get_job(UUID))));
    for result in results {
        assert!(matches!(result, Err(Error::Facilitator { status: Some(400), .. })), "{result:?}", result = result.map(|j| j.uuid()));
    }
    assert_eq!(platform.logins(), 1, "{:?}", platform.lines());
    assert!(platform.api_requests().is_empty());
    // The next call logs in again.
    platform.push(ok(200, job_json(UUID, &["sent"])));
    run(client.get_job(UUID)).unwrap();
    assert_eq!(platform.logins(), 2);
}

#[test]
fn token_expired_under_concurrent_requests_causes_one_relogin() {
    let (client, platform) = new_client();
    run(client.authenticate()).unwrap();
    assert_eq!(platform.logins(), 1);
    platform.state().fetch_yields.set(100);
    platform.route(|request| {
        if header(request, "Authorization") == "Bearer token-1" {
            return Some(text(401, "{\"detail\":\"Token expired\"}"));
        }
        Some(job_named_by_path(request))
    });
    get_twenty_jobs_at_once(&client);
    assert_eq!(platform.logins(), 2, "one login and one re-login: {:?}", platform.lines());
    let api = platform.api_requests();
    assert_eq!(api.iter().filter(|r| header(r, "Authorization") == "Bearer token-1").count(), 20);
    assert_eq!(api.iter().filter(|r| header(r, "Authorization") == "Bearer token-2").count(), 20);
    assert!(platform.sleeps().is_empty(), "a re-login needs no backoff: {:?}", platform.sleeps());
}

#[test]
fn token_expired_on_a_sequential_request_relogs_once_and_keeps_the_new_token() {
    let (client, platform) = new_client();
    platform.route(|request| {
        if header(request, "Authorization") == "Bearer token-1" {
            return Some(text(401, "{\"detail\":\"Token expired\"}"));
        }
        Some(ok(200, job_json(UUID, &["sent"])))
    });
    run(client.get_job(UUID)).unwrap();
    run(client.get_job(UUID)).unwrap();
    assert_eq!(
        platform.lines(),
        vec![
            "GET /auth/nonce".to_string(),
            "POST /auth/login".into(),
            format!("GET /api/v1/jobs/{UUID}/"),
            "GET /auth/nonce".into(),
            "POST /auth/login".into(),
            format!("GET /api/v1/jobs/{UUID}/"),
            format!("GET /api/v1/jobs/{UUID}/"),
        ]
    );
}

fn check_hotkey_auth(request: &compute_horde_sdk::client::HttpRequest, now_ms: f64) {
    assert_eq!(header(request, "Realm"), "mainnet");
    assert_eq!(header(request, "SubnetID"), "12");
    assert_eq!(header(request, "Hotkey"), ALICE);
    let nonce = header(request, "Nonce");
    let seconds: f64 = nonce.parse().unwrap_or_else(|_| panic!("Nonce {nonce} is not a decimal number"));
    assert!((seconds - now_ms / 1000.0).abs() < 0.001, "Nonce {nonce} is not the current time");
    assert!(request.header("Authorization").is_none());
    let signature = hex::decode(header(request, "Signature")).unwrap();
    let payload = hotkey_auth_payload(request.method, &request.url, ALICE, nonce);
    assert!(payload.data_to_sign.contains(&request.url));
    assert!(verify(&alice().public_key(), payload.data_to_sign.as_bytes(), &signature), "signature of {} does not verify", line(request));
    // The early SDK signed the URL without its query: that must NOT be what we signed.
    if let Some((without_query, _)) = request.url.split_once('?') {
        let wrong = hotkey_auth_payload(request.method, without_query, ALICE, nonce);
        assert!(!verify(&alice().public_key(), wrong.data_to_sign.as_bytes(), &signature));
    }
}

#[test]
fn hotkey_auth_signs_every_request_over_the_url_with_its_query() {
    let mut config = config();
    config.auth = AuthMode::Hotkey;
    let (client, platform) = new_client_with(config);
    platform.push(ok(200, page_json(vec![job_json(UUID, &["sent"]), job_json(&uuid_n(2), &["completed"])], None)));
    platform.push(ok(200, job_json(UUID, &["accepted"])));
    platform.push(ok(201, job_json(&uuid_n(3), &["sent"])));
    run(client.authenticate()).unwrap();
    let jobs = run(client.get_jobs(3, 7)).unwrap();
    assert_eq!(jobs.len(), 2);
    run(client.get_job(UUID)).unwrap();
    run(client.create_job(&spec(), false)).unwrap();

    let sent = platform.requests();
    assert!(sent.iter().all(|r| !is_auth(r)), "hotkey mode never logs in: {:?}", platform.lines());
    assert_eq!(
        platform.lines(),
        vec!["GET /api/v1/jobs/?page=3&page_size=7".to_string(), format!("GET /api/v1/jobs/{UUID}/"), "POST /api/v1/job-docker/".into(),]
    );
    let order: Vec<&str> = sent[0].headers.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(order, ["Realm", "SubnetID", "Nonce", "Hotkey", "Signature"]);
    for request in &sent {
        check_hotkey_auth(request, START_MS);
    }
    // The create call carries its X-CH signature too.
    assert_eq!(header(&sent[2], "X-CH-Signature-Scope"), "SignedFields");
}

#[test]
fn hotkey_auth_signs_each_retry_afresh_with_the_current_time() {
    let mut config = config();
    config.auth = AuthMode::Hotkey;
    let (client, platform) = new_client_with(config);
    platform.push(text(503, "busy"));
    platform.push(ok(200, page_json(vec![], None)));
    run(client.get_jobs(1, 10)).unwrap();
    let sent = platform.requests();
    assert_eq!(sent.len(), 2);
    check_hotkey_auth(&sent[0], START_MS);
    check_hotkey_auth(&sent[1], START_MS + platform.sleeps()[0]);
    assert_ne!(header(&sent[0], "Nonce"), header(&sent[1], "Nonce"));
}

#[test]
fn an_aborted_signal_stops_a_retrying_request() {
    let (client, platform) = new_client();
    let signal: Signal = Rc::new(std::cell::Cell::new(false));
    let fired = Rc::clone(&signal);
    platform.on_sleep(move |_| fired.set(true));
    platform.push(text(503, "busy"));
    let error = run(client.jobs_page(1, 10, &Default::default(), Some(&signal))).err().unwrap();
    assert!(matches!(error, Error::Aborted { .. }), "{error:?}");
    assert_eq!(platform.api_requests().len(), 1);
}

#[test]
fn a_stale_login_failure_does_not_drop_a_newer_login() {
    // Login #1 fails while it has several waiters; callers that arrive after the failure start
    // login #2. The older waiters, seeing #1's failure later, must not throw #2 away: a caller
    // that comes after that shares #2 instead of starting a third login.
    let (client, platform) = new_client();
    platform.state().fetch_yields.set(2);
    platform.state().login_answers.borrow_mut().push_back(text(400, "{\"detail\":\"bad nonce\"}"));
    platform.route(|request| {
        Some(job_named_by_path(request))
    });
    let mut calls: Vec<compute_horde_sdk::client::LocalBoxFuture<'_, bool>> = (1..=10)
        .map(|n| {
            let client = client.clone();
            Box::pin(async move { client.get_job(&uuid_n(n)).await.is_ok() }) as compute_horde_sdk::client::LocalBoxFuture<'_, bool>
        })
        .collect();
    let late = client.clone();
    calls.push(Box::pin(async move {
        YieldNow(12).await;
        late.get_job(&uuid_n(99)).await.is_ok()
    }));
    let outcomes = run(join_all(calls));
    // The scheduling above makes some callers share the failed login and others the second one.
    assert!(outcomes[..10].iter().any(|ok| !ok) && outcomes[..10].iter().any(|ok| *ok), "{outcomes:?}");
    assert!(outcomes[10], "the late caller gets a token");
    assert_eq!(platform.logins(), 2, "{:?}", platform.lines());
}

#[test]
fn create_job_after_token_expired_is_sent_again_once_with_the_same_signature() {
    // A 401 proves the job was not created: re-login and resend, same X-CH headers and body.
    let (client, platform) = new_client();
    platform.push(text(401, "{\"detail\":\"Token expired\"}"));
    platform.push(ok(201, job_json(UUID, &["sent"])));
    run(client.create_job(&spec(), false)).unwrap();
    let sent = creates(&platform);
    assert_eq!(sent.len(), 2);
    assert_eq!(header(&sent[0], "Authorization"), "Bearer token-1");
    assert_eq!(header(&sent[1], "Authorization"), "Bearer token-2");
    for name in ["X-CH-Timestamp-NS", "X-CH-Signature"] {
        assert_eq!(header(&sent[0], name), header(&sent[1], name));
    }
    assert_eq!(sent[0].body, sent[1].body);
    assert_eq!(platform.logins(), 2);
}

#[test]
fn a_login_that_fails_on_the_way_is_retried_whole_with_a_fresh_nonce() {
    let (client, platform) = new_client();
    // The nonce endpoint is retried like any GET; a 502 on the login POST is ambiguous, so the
    // spent nonce is not posted again: the whole login starts over with a new nonce.
    platform.state().nonce_answers.borrow_mut().push_back(text(503, "busy"));
    platform.state().login_answers.borrow_mut().push_back(text(502, "Bad Gateway"));
    platform.push(ok(200, job_json(UUID, &["sent"])));
    run(client.get_job(UUID)).unwrap();
    assert_eq!(
        platform.lines(),
        vec![
            "GET /auth/nonce".to_string(),
            "GET /auth/nonce".into(),
            "POST /auth/login".into(),
            "GET /auth/nonce".into(),
            "POST /auth/login".into(),
            format!("GET /api/v1/jobs/{UUID}/"),
        ]
    );
    let logins: Vec<_> = platform.requests().into_iter().filter(|r| path(r) == "/auth/login").collect();
    let nonce_of = |r: &compute_horde_sdk::client::HttpRequest| {
        serde_json::from_str::<serde_json::Value>(r.body.as_deref().unwrap()).unwrap()["nonce"].clone()
    };
    assert_eq!(nonce_of(&logins[0]), "nonce-1");
    assert_eq!(nonce_of(&logins[1]), "nonce-2");
    assert_eq!(header(&platform.api_requests()[0], "Authorization"), "Bearer token-1");
}
