//! Job operations of the async client over a scripted facilitator and a virtual clock:
//! create (body and signature), wait (status callbacks, polling, timeout, abort), run until
//! complete, wait for many with batched list requests, pending jobs, pages, feedback and
//! cheated-job reports.

mod client_support;

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::Rc;

use base64::Engine as _;
use client_support::*;
use compute_horde_sdk::client::{AttemptCallback, HttpRequest, Job, RunOptions, StatusCallback, WaitOptions};
use compute_horde_sdk::core::job::{cheated_job_body, create_job_body, JobSpec};
use compute_horde_sdk::core::keys::verify;
use compute_horde_sdk::core::response::parse_job;
use compute_horde_sdk::core::signing::{digest, full_request_text, signed_fields_text, Layout};
use compute_horde_sdk::core::Error;
use serde_json::{json, Value};

fn spec() -> JobSpec {
    let mut spec = JobSpec::new("always_on.gpu-24gb", "SN123.0", "backenddevelopersltd/compute-horde-job-echo:v0-latest", 60, 120, 30);
    spec.args = vec!["--block".into(), "10000".into(), "zażółć".into()];
    spec.env = vec![("Z_LAST".into(), "1".into()), ("A_FIRST".into(), "ünï".into())];
    spec.artifacts_dir = Some("/artifacts".into());
    spec
}

fn base64_decode(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.decode(text).unwrap()
}

/// (job uuid, status) of every entry `on_status` saw, in order.
type Seen = Rc<RefCell<Vec<(String, String)>>>;

/// What `on_status` saw, and the callback that records it.
fn recorder() -> (Seen, StatusCallback<FakePlatform>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&seen);
    let callback: StatusCallback<FakePlatform> = Rc::new(move |job: &Job<FakePlatform>, entry| {
        sink.borrow_mut().push((job.uuid(), entry.status.as_str().to_string()));
        Box::pin(async { Ok(()) })
    });
    (seen, callback)
}

fn statuses(seen: &Seen) -> Vec<String> {
    seen.borrow().iter().map(|(_, status)| status.clone()).collect()
}

fn job_path(uuid: &str) -> String {
    format!("/api/v1/jobs/{uuid}/")
}

/// Answers `GET api/v1/jobs/{UUID}/` with the next history in `polls` (the last one repeats).
fn serve_histories(platform: &FakePlatform, polls: Vec<Vec<&'static str>>) -> Rc<Cell<usize>> {
    let served = Rc::new(Cell::new(0));
    let count = Rc::clone(&served);
    platform.route(move |request| {
        if request.method != "GET" || path(request) != job_path(UUID) {
            return None;
        }
        let index = count.get().min(polls.len() - 1);
        count.set(count.get() + 1);
        Some(ok(200, job_json(UUID, &polls[index])))
    });
    served
}

// ---------------------------------------------------------------- create_job

#[test]
fn create_job_sends_the_body_of_create_job_body_with_x_ch_headers_that_verify() {
    let mut config = config();
    config.job_queue = Some("batch-7".into());
    let (client, platform) = new_client_with(config);
    platform.push(ok(201, job_json(UUID, &["sent"])));
    let job = run(client.create_job(&spec(), true)).unwrap();
    assert_eq!(job.uuid(), UUID);
    assert_eq!(job.status().as_str(), "sent");

    let sent = platform.api_requests();
    assert_eq!(sent.len(), 1);
    let request = &sent[0];
    assert_eq!(line(request), "POST /api/v1/job-docker/");
    let expected = create_job_body(&spec(), BOB, true, Some("batch-7"), Layout::Current).unwrap();
    assert_eq!(request.body.as_deref(), Some(expected.to_string().as_str()), "the body is create_job_body's, byte for byte");
    let body: Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["tag"], "batch-7", "job_queue becomes the tag");
    assert_eq!(body["on_trusted_miner"], true);
    assert_eq!(body["target_validator_hotkey"], BOB);

    let names: Vec<&str> = request.headers.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "X-CH-Signature-Type",
            "X-CH-Signatory",
            "X-CH-Timestamp-NS",
            "X-CH-Signature",
            "X-CH-Signature-Scope",
            "Authorization",
            "Realm",
            "SubnetID",
            "Content-Type"
        ]
    );
    assert_eq!(header(request, "X-CH-Signature-Type"), "bittensor");
    assert_eq!(header(request, "X-CH-Signatory"), ALICE);
    assert_eq!(header(request, "X-CH-Signature-Scope"), "SignedFields");
    assert_eq!(header(request, "Content-Type"), "application/json");
    assert_eq!(header(request, "Authorization"), "Bearer token-1");
    let timestamp_ns: u64 = header(request, "X-CH-Timestamp-NS").parse().unwrap();
    assert!((timestamp_ns as f64 - START_MS * 1e6).abs() < 1e6, "timestamp {timestamp_ns} is not the clock's");
    let signature = base64_decode(header(request, "X-CH-Signature"));
    assert_eq!(signature.len(), 64);
    // Recompute the digest from the body as sent, as the facilitator does.
    let payload = signed_fields_text(&body, Layout::Current).unwrap();
    assert!(verify(&alice().public_key(), &digest(timestamp_ns, &payload), &signature));
    // ... and it covers the signed fields: another timestamp or a changed field does not verify.
    assert!(!verify(&alice().public_key(), &digest(timestamp_ns + 1, &payload), &signature));
    let mut tampered = body.clone();
    tampered["docker_image"] = json!("evil");
    let tampered = signed_fields_text(&tampered, Layout::Current).unwrap();
    assert!(!verify(&alice().public_key(), &digest(timestamp_ns, &tampered), &signature));
}

#[test]
fn create_job_without_a_job_queue_sends_no_tag() {
    let (client, platform) = new_client();
    platform.push(ok(201, job_json(UUID, &["sent"])));
    run(client.create_job(&spec(), false)).unwrap();
    let body: Value = serde_json::from_str(platform.api_requests()[0].body.as_deref().unwrap()).unwrap();
    assert!(body.get("tag").is_none());
}

#[test]
fn an_invalid_spec_is_refused_before_any_request() {
    let (client, platform) = new_client();
    let mut bad = spec();
    bad.docker_image = " ".into();
    let error = run(client.create_job(&bad, false)).err().unwrap();
    assert!(matches!(&error, Error::Range { field, .. } if field == "dockerImage"), "{error:?}");
    assert!(platform.requests().is_empty(), "{:?}", platform.lines());
}

// ---------------------------------------------------------------- wait

#[test]
fn wait_reports_every_history_entry_once_in_order_and_sleeps_the_poll_interval() {
    let mut config = config();
    config.poll_interval_ms = 1500.0;
    let (client, platform) = new_client_with(config);
    let served = serve_histories(
        &platform,
        vec![
            vec!["sent"],
            vec!["sent"],
            // Two new entries between two polls.
            vec!["sent", "received", "accepted"],
            vec!["sent", "received", "accepted", "executor_ready"],
            // Three at once, the last one an end state.
            vec!["sent", "received", "accepted", "executor_ready", "volumes_ready", "execution_done", "completed"],
        ],
    );
    let job = run(client.get_job(UUID)).unwrap();
    let (seen, on_status) = recorder();
    run(job.wait(WaitOptions { on_status: Some(on_status), ..Default::default() })).unwrap();
    assert_eq!(statuses(&seen), ["sent", "received", "accepted", "executor_ready", "volumes_ready", "execution_done", "completed"]);
    assert!(seen.borrow().iter().all(|(uuid, _)| uuid == UUID));
    assert_eq!(served.get(), 5, "one get_job and four polls");
    assert_eq!(platform.sleeps(), vec![1500.0; 4]);
    assert_eq!(job.status().as_str(), "completed");
    assert_eq!(job.record().result.as_ref().unwrap().stdout, "hello from the job\n");

    // Waiting again on an ended job reports its history again, sends nothing and does not sleep.
    let (seen, on_status) = recorder();
    run(job.wait(WaitOptions { on_status: Some(on_status), ..Default::default() })).unwrap();
    assert_eq!(statuses(&seen).len(), 7);
    assert_eq!(served.get(), 5);
    assert_eq!(platform.sleeps().len(), 4);
}

#[test]
fn wait_times_out_naming_the_job_and_its_last_status() {
    let (client, platform) = new_client();
    let served = serve_histories(&platform, vec![vec!["sent"], vec!["sent", "received", "accepted"]]);
    let job = run(client.get_job(UUID)).unwrap();
    let error = run(job.wait(WaitOptions { timeout_ms: Some(10_000.0), ..Default::default() })).err().unwrap();
    match &error {
        Error::JobTimeout { message, job_uuid, last_status } => {
            assert_eq!(job_uuid, UUID);
            assert_eq!(last_status, "accepted");
            assert!(message.contains(UUID) && message.contains("accepted"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    // Polls every 3 s (the default) and never sleeps past the deadline.
    assert_eq!(platform.sleeps(), vec![3000.0, 3000.0, 3000.0, 1000.0]);
    assert_eq!(platform.state().now_ms.get(), START_MS + 10_000.0);
    assert_eq!(served.get(), 1 + 4);
}

#[test]
fn wait_stops_with_aborted_when_the_signal_fires() {
    // Fired while sleeping between two polls.
    let (client, platform) = new_client();
    let served = serve_histories(&platform, vec![vec!["sent"]]);
    let job = run(client.get_job(UUID)).unwrap();
    let signal: Signal = Rc::new(Cell::new(false));
    let fired = Rc::clone(&signal);
    let slept = Cell::new(0);
    platform.on_sleep(move |_| {
        // The second sleep fires it.
        slept.set(slept.get() + 1);
        if slept.get() == 2 {
            fired.set(true);
        }
    });
    let error = run(job.wait(WaitOptions { signal: Some(signal.clone()), ..Default::default() })).err().unwrap();
    assert!(matches!(error, Error::Aborted { .. }), "{error:?}");
    assert_eq!(platform.sleeps().len(), 2);
    assert_eq!(served.get(), 1 + 1, "no poll after the signal fired");

    // Already fired: nothing is sent, nothing waited.
    let (client, platform) = new_client();
    let served = serve_histories(&platform, vec![vec!["sent"]]);
    let job = run(client.get_job(UUID)).unwrap();
    let signal: Signal = Rc::new(Cell::new(true));
    let error = run(job.wait(WaitOptions { signal: Some(signal), ..Default::default() })).err().unwrap();
    assert!(matches!(error, Error::Aborted { .. }), "{error:?}");
    assert!(platform.sleeps().is_empty());
    assert_eq!(served.get(), 1);

    // Fired by the status callback itself.
    let (client, platform) = new_client();
    serve_histories(&platform, vec![vec!["sent"], vec!["sent", "received"], vec!["sent", "received", "accepted"]]);
    let job = run(client.get_job(UUID)).unwrap();
    let signal: Signal = Rc::new(Cell::new(false));
    let fired = Rc::clone(&signal);
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&seen);
    let on_status: StatusCallback<FakePlatform> = Rc::new(move |_, entry| {
        sink.borrow_mut().push(entry.status.as_str().to_string());
        if entry.status.as_str() == "received" {
            fired.set(true);
        }
        Box::pin(async { Ok(()) })
    });
    let error = run(job.wait(WaitOptions { signal: Some(signal), on_status: Some(on_status), ..Default::default() })).err().unwrap();
    assert!(matches!(error, Error::Aborted { .. }), "{error:?}");
    assert_eq!(*seen.borrow(), ["sent", "received"]);
}

#[test]
fn a_failing_status_callback_stops_the_wait_with_its_error() {
    let (client, platform) = new_client();
    let served = serve_histories(
        &platform,
        vec![vec!["sent"], vec!["sent", "received", "accepted"], vec!["sent", "received", "accepted", "completed"]],
    );
    let job = run(client.get_job(UUID)).unwrap();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&seen);
    let on_status: StatusCallback<FakePlatform> = Rc::new(move |_, entry| {
        sink.borrow_mut().push(entry.status.as_str().to_string());
        let fail = entry.status.as_str() == "received";
        Box::pin(async move {
            if fail {
                Err(Error::Callback { message: "boom".into(), token: 7 })
            } else {
                Ok(())
            }
        })
    });
    let error = run(job.wait(WaitOptions { on_status: Some(on_status), ..Default::default() })).err().unwrap();
    assert_eq!(error, Error::Callback { message: "boom".into(), token: 7 });
    assert_eq!(*seen.borrow(), ["sent", "received"], "no entry after the failing one");
    assert_eq!(served.get(), 2, "no poll after the failure");
}

// ---------------------------------------------------------------- run_until_complete

fn attempt_recorder() -> (Rc<RefCell<Vec<String>>>, AttemptCallback<FakePlatform>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&seen);
    let callback: AttemptCallback<FakePlatform> = Rc::new(move |job: &Job<FakePlatform>| {
        sink.borrow_mut().push(job.uuid());
        Box::pin(async { Ok(()) })
    });
    (seen, callback)
}

/// Creates jobs `uuid_n(1)`, `uuid_n(2)`, ...; job n ends with `outcome(n)`.
fn serve_attempts(platform: &FakePlatform, outcome: impl Fn(u32) -> &'static str + 'static) {
    let created = Rc::new(Cell::new(0));
    platform.route(move |request| {
        let p = path(request);
        if line(request) == "POST /api/v1/job-docker/" {
            created.set(created.get() + 1);
            return Some(ok(201, job_json(&uuid_n(created.get()), &["sent"])));
        }
        let n = (1..=created.get()).find(|n| p == job_path(&uuid_n(*n)))?;
        Some(ok(200, job_json(&uuid_n(n), &["sent", "accepted", outcome(n)])))
    });
}

#[test]
fn run_until_complete_retries_a_failed_job_and_returns_the_successful_one() {
    let (client, platform) = new_client();
    serve_attempts(&platform, |n| if n < 2 { "failed" } else { "completed" });
    let (attempts, on_attempt) = attempt_recorder();
    let job = run(client.run_until_complete(&spec(), RunOptions { on_attempt: Some(on_attempt), ..Default::default() })).unwrap();
    assert_eq!(job.uuid(), uuid_n(2));
    assert_eq!(job.status().as_str(), "completed");
    assert_eq!(*attempts.borrow(), [uuid_n(1), uuid_n(2)]);
    assert_eq!(
        platform.api_requests().iter().map(line).collect::<Vec<_>>(),
        [
            "POST /api/v1/job-docker/".to_string(),
            format!("GET {}", job_path(&uuid_n(1))),
            "POST /api/v1/job-docker/".into(),
            format!("GET {}", job_path(&uuid_n(2))),
        ]
    );
    // poll, backoff between attempts, poll.
    let sleeps = platform.sleeps();
    assert_eq!(sleeps.len(), 3);
    assert_eq!((sleeps[0], sleeps[2]), (3000.0, 3000.0));
    assert!((200.0..=5000.0).contains(&sleeps[1]), "{sleeps:?}");
}

#[test]
fn run_until_complete_stops_after_max_attempts_and_returns_the_last_job() {
    let (client, platform) = new_client();
    serve_attempts(&platform, |_| "failed");
    let (attempts, on_attempt) = attempt_recorder();
    let options = RunOptions { max_attempts: 3, on_attempt: Some(on_attempt), ..Default::default() };
    let job = run(client.run_until_complete(&spec(), options)).unwrap();
    assert_eq!(job.uuid(), uuid_n(3));
    assert_eq!(job.status().as_str(), "failed");
    assert_eq!(*attempts.borrow(), [uuid_n(1), uuid_n(2), uuid_n(3)]);
    assert_eq!(platform.api_requests().iter().filter(|r| r.method == "POST").count(), 3);

    let (client, platform) = new_client();
    let error = run(client.run_until_complete(&spec(), RunOptions { max_attempts: 0, ..Default::default() })).err().unwrap();
    assert!(matches!(error, Error::Range { .. }), "{error:?}");
    assert!(platform.requests().is_empty());
}

#[test]
fn run_until_complete_propagates_a_failing_attempt_callback() {
    let (client, platform) = new_client();
    serve_attempts(&platform, |_| "completed");
    let on_attempt: AttemptCallback<FakePlatform> =
        Rc::new(|_| Box::pin(async { Err(Error::Callback { message: "no".into(), token: 3 }) }));
    let error = run(client.run_until_complete(&spec(), RunOptions { on_attempt: Some(on_attempt), ..Default::default() })).err().unwrap();
    assert_eq!(error, Error::Callback { message: "no".into(), token: 3 });
    assert_eq!(platform.api_requests().len(), 1, "created, then stopped: {:?}", platform.lines());
}

// ---------------------------------------------------------------- wait_all

#[test]
fn wait_all_refreshes_many_jobs_with_batched_list_requests_and_drops_ended_jobs() {
    const N: u32 = 400;
    let (client, platform) = new_client();
    // Poll 1: jobs 0..300 complete, the others are accepted; poll 2: all but the last fail;
    // poll 3: the last one completes. Histories grow as the facilitator's do.
    let clock = platform.clone();
    let polls = Rc::new(RefCell::new(Vec::<(usize, HttpRequest)>::new()));
    let log = Rc::clone(&polls);
    platform.route(move |request| {
        let poll = clock.sleeps().len();
        log.borrow_mut().push((poll, request.clone()));
        let history = |n: u32| -> &'static [&'static str] {
            match poll {
                1 if n < 300 => &["sent", "completed"],
                1 => &["sent", "accepted"],
                2 if n < N - 1 => &["sent", "accepted", "failed"],
                2 => &["sent", "accepted"],
                _ => &["sent", "accepted", "completed"],
            }
        };
        let number = |uuid: &str| u32::from_str_radix(&uuid[24..], 16).unwrap();
        if path(request).starts_with("/api/v1/jobs/?") {
            let results = query_values(request, "uuid").iter().map(|u| job_json(u, history(number(u)))).collect();
            return Some(ok(200, page_json(results, None)));
        }
        let uuid = path(request).trim_start_matches("/api/v1/jobs/").trim_end_matches('/').to_string();
        Some(ok(200, job_json(&uuid, history(number(&uuid)))))
    });
    let jobs: Vec<Job<FakePlatform>> =
        (0..N).map(|n| client.job_from_record(parse_job(&job_json(&uuid_n(n), &["sent"]).to_string()).unwrap())).collect();
    let (seen, on_status) = recorder();
    run(client.wait_all(&jobs, WaitOptions { on_status: Some(on_status), ..Default::default() })).unwrap();

    assert!(jobs.iter().all(|job| job.status().is_end()));
    assert_eq!(jobs[0].status().as_str(), "completed");
    assert_eq!(jobs[300].status().as_str(), "failed");
    assert_eq!(jobs[N as usize - 1].status().as_str(), "completed");
    assert_eq!(platform.sleeps(), vec![3000.0; 3]);
    // Every entry of every job was reported once, in order.
    for (n, job) in jobs.iter().enumerate() {
        let got: Vec<String> = seen.borrow().iter().filter(|(uuid, _)| *uuid == job.uuid()).map(|(_, s)| s.clone()).collect();
        let want: &[&str] = match n {
            0..300 => &["sent", "completed"],
            399 => &["sent", "accepted", "completed"],
            _ => &["sent", "accepted", "failed"],
        };
        assert_eq!(got, want, "job {n}");
    }
    assert_eq!(seen.borrow().len(), 300 * 2 + 100 * 3);

    let polls = polls.borrow();
    let in_poll = |p: usize| polls.iter().filter(|(poll, _)| *poll == p).map(|(_, r)| r.clone()).collect::<Vec<_>>();
    let uuids_of = |requests: &[HttpRequest]| requests.iter().flat_map(|r| query_values(r, "uuid")).collect::<Vec<_>>();

    // Poll 1: all 400 jobs, in ceil(400 / batch) list requests, each as full as the URL limit allows.
    let first = in_poll(1);
    let batch = first.iter().map(|r| query_values(r, "uuid").len()).max().unwrap();
    assert!(batch <= 256);
    assert_eq!(first.len(), (N as usize).div_ceil(batch), "{batch} per request");
    assert!(first.len() > 1);
    for request in &first {
        assert!(request.url.len() < 8000, "URL of {} bytes", request.url.len());
        assert_eq!(query_values(request, "page"), ["1"]);
        assert_eq!(query_values(request, "page_size"), ["256"]);
    }
    let longest = first.iter().map(|r| r.url.len()).max().unwrap();
    assert!(longest + "&uuid=".len() + 36 >= 8000, "a batch could hold one more uuid ({longest} bytes)");
    let first_uuids = uuids_of(&first);
    assert_eq!(first_uuids.len(), N as usize);
    assert_eq!(first_uuids.iter().collect::<HashSet<_>>().len(), N as usize, "each job once");

    // Poll 2: only the 100 jobs still open.
    let second = in_poll(2);
    assert_eq!(second.len(), 1);
    let expected: HashSet<String> = (300..N).map(uuid_n).collect();
    assert_eq!(uuids_of(&second).into_iter().collect::<HashSet<_>>(), expected);

    // Poll 3: the last open job alone, with a plain GET.
    let third = in_poll(3);
    assert_eq!(third.iter().map(line).collect::<Vec<_>>(), [format!("GET {}", job_path(&uuid_n(N - 1)))]);
    assert!(in_poll(0).is_empty() && in_poll(4).is_empty());
}

#[test]
fn wait_all_updates_every_handle_of_a_job_given_twice_and_asks_alone_for_a_job_the_list_leaves_out() {
    let (client, platform) = new_client();
    let requests = Rc::new(RefCell::new(Vec::<String>::new()));
    let log = Rc::clone(&requests);
    let (a, b, gone) = (uuid_n(1), uuid_n(2), uuid_n(3));
    let listed = [a.clone(), b.clone()];
    platform.route(move |request| {
        log.borrow_mut().push(line(request));
        if path(request).starts_with("/api/v1/jobs/?") {
            // The list leaves `gone` out (another hotkey's, or deleted).
            let results = query_values(request, "uuid").iter().filter(|u| listed.contains(u)).map(|u| job_json(u, &["sent", "completed"])).collect();
            return Some(ok(200, page_json(results, None)));
        }
        Some(ok(200, job_json(&uuid_n(3), &["sent", "failed"])))
    });
    let job = |uuid: &str| client.job_from_record(parse_job(&job_json(uuid, &["sent"]).to_string()).unwrap());
    let first = job(&a);
    let jobs = vec![first.clone(), job(&b), first.clone(), job(&a), job(&gone)];
    run(client.wait_all(&jobs, WaitOptions::default())).unwrap();
    let statuses: Vec<String> = jobs.iter().map(|j| j.status().as_str().to_string()).collect();
    assert_eq!(statuses, ["completed", "completed", "completed", "completed", "failed"]);
    assert_eq!(first.status().as_str(), "completed");
    // One poll: one list request for all five handles, then the left-out job alone.
    let requests = requests.borrow();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert!(requests[0].starts_with("GET /api/v1/jobs/?"), "{}", requests[0]);
    assert_eq!(requests[1], format!("GET {}", job_path(&gone)));
}

// ---------------------------------------------------------------- lists

#[test]
fn pending_jobs_pages_through_the_tag_and_keeps_unfinished_jobs() {
    let mut config = config();
    config.job_queue = Some("queue a/b".into());
    let (client, platform) = new_client_with(config);
    platform.push(ok(
        200,
        page_json(
            vec![job_json(&uuid_n(1), &["sent", "completed"]), job_json(&uuid_n(2), &["sent"])],
            Some("https://facilitator.computehorde.io/api/v1/jobs/?page=2&page_size=256&tag=queue%20a%2Fb"),
        ),
    ));
    platform.push(ok(200, page_json(vec![job_json(&uuid_n(3), &["sent", "accepted"]), job_json(&uuid_n(4), &["sent", "failed"])], None)));
    let pending = run(client.pending_jobs(None)).unwrap();
    assert_eq!(pending.iter().map(|j| j.uuid()).collect::<Vec<_>>(), [uuid_n(2), uuid_n(3)]);
    assert_eq!(
        platform.api_requests().iter().map(line).collect::<Vec<_>>(),
        ["GET /api/v1/jobs/?page=1&page_size=256&tag=queue%20a%2Fb", "GET /api/v1/jobs/?page=2&page_size=256&tag=queue%20a%2Fb"]
    );

    let (client, platform) = new_client();
    let error = run(client.pending_jobs(None)).err().unwrap();
    assert!(matches!(error, Error::Type { .. }), "{error:?}");
    assert!(platform.requests().is_empty());
}

#[test]
fn get_jobs_parses_a_page() {
    let vectors: Value =
        serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/responses.json")).unwrap())
            .unwrap();
    let case = vectors["lists"].as_array().unwrap().iter().find(|c| c["id"] == "page_1_of_2").unwrap();
    let (client, platform) = new_client();
    platform.push(text(200, case["body"].as_str().unwrap()));
    let jobs = run(client.get_jobs(1, 2)).unwrap();
    assert_eq!(platform.lines().last().unwrap(), "GET /api/v1/jobs/?page=1&page_size=2");
    let expected = case["sdk_parse"]["jobs"].as_array().unwrap();
    assert_eq!(jobs.len(), expected.len());
    for (job, want) in jobs.iter().zip(expected) {
        assert_eq!(job.uuid(), want["uuid"].as_str().unwrap());
        assert_eq!(job.status().as_str(), want["status"].as_str().unwrap());
        assert_eq!(
            job.record().result.as_ref().map(|r| r.stdout.clone()),
            want["result"].get("stdout").and_then(Value::as_str).map(String::from)
        );
    }

    // Bad page arguments are refused before any request.
    let (client, platform) = new_client();
    for (page, size) in [(0, 10), (1, 0), (1, 257)] {
        let error = run(client.get_jobs(page, size)).err().unwrap();
        assert!(matches!(error, Error::Range { .. }), "{error:?}");
    }
    assert!(platform.requests().is_empty());
}

// ---------------------------------------------------------------- feedback and cheated jobs

#[test]
fn submit_feedback_validates_its_range_before_any_request() {
    let (client, platform) = new_client();
    for (correctness, duration) in [(1.5, None), (-0.01, None), (f64::NAN, None), (0.5, Some(-1.0)), (0.5, Some(f64::INFINITY))] {
        let error = run(client.submit_feedback(UUID, correctness, duration)).err().unwrap();
        assert!(matches!(error, Error::Range { .. }), "{correctness} {duration:?}: {error:?}");
    }
    let error = run(client.submit_feedback("not-a-uuid", 0.5, None)).err().unwrap();
    assert!(matches!(error, Error::Type { .. }), "{error:?}");
    assert!(platform.requests().is_empty(), "{:?}", platform.lines());

    platform.push(ok(201, json!({"result_correctness": 0.75, "expected_duration": 12.5})));
    run(client.submit_feedback(UUID, 0.75, Some(12.5))).unwrap();
    let sent = platform.api_requests();
    assert_eq!(sent.iter().map(line).collect::<Vec<_>>(), [format!("PUT {}feedback/", job_path(UUID))]);
    let body: Value = serde_json::from_str(sent[0].body.as_deref().unwrap()).unwrap();
    assert_eq!(body["result_correctness"].as_f64(), Some(0.75));
    assert_eq!(body["expected_duration"].as_f64(), Some(12.5));
    assert_eq!(header(&sent[0], "Content-Type"), "application/json");
    assert_eq!(header(&sent[0], "Authorization"), "Bearer token-1");
    // Bounds are inclusive.
    platform.push(ok(200, json!({})));
    platform.push(ok(200, json!({})));
    run(client.submit_feedback(UUID, 0.0, None)).unwrap();
    run(client.submit_feedback(UUID, 1.0, Some(0.0))).unwrap();
}

#[test]
fn report_cheated_job_is_signed_with_the_full_request_scope() {
    let trusted = "6b6b4ef2-5174-4a45-ae2f-8bfae3915168";
    let details = json!({"reason": "mismatch", "score": 0.1, "ünïcode": ["😀", 1e21, 3]});
    let (client, platform) = new_client();
    platform.push(text(201, "{\"message\":\"Job reported\"}"));
    let answer = run(client.report_cheated_job(UUID, trusted, Some(&details))).unwrap();
    assert_eq!(answer, "{\"message\":\"Job reported\"}");
    let sent = platform.api_requests();
    assert_eq!(sent.iter().map(line).collect::<Vec<_>>(), ["POST /api/v1/cheated-job/"]);
    let request = &sent[0];
    let expected = cheated_job_body(UUID, trusted, Some(&details));
    assert_eq!(request.body.as_deref(), Some(expected.to_string().as_str()));
    assert_eq!(header(request, "X-CH-Signature-Scope"), "FullRequest");
    assert_eq!(header(request, "X-CH-Signature-Type"), "bittensor");
    assert_eq!(header(request, "X-CH-Signatory"), ALICE);
    let timestamp_ns: u64 = header(request, "X-CH-Timestamp-NS").parse().unwrap();
    let signature = base64_decode(header(request, "X-CH-Signature"));
    // The facilitator recomputes the payload from the body it parses.
    let parsed: Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
    let payload = full_request_text(&parsed);
    assert!(payload.starts_with("{\"details\": {"), "sorted keys, Python separators: {payload}");
    assert!(verify(&alice().public_key(), &digest(timestamp_ns, &payload), &signature));
    assert!(!verify(&alice().public_key(), &digest(timestamp_ns, &parsed.to_string()), &signature));

    // Without details: `"details": null`.
    let (client, platform) = new_client();
    platform.push(text(201, "{}"));
    run(client.report_cheated_job(UUID, trusted, None)).unwrap();
    let body: Value = serde_json::from_str(platform.api_requests()[0].body.as_deref().unwrap()).unwrap();
    assert_eq!(body, json!({"job_uuid": UUID, "trusted_job_uuid": trusted, "details": null}));

    // A report is not repeated after an ambiguous 500.
    let (client, platform) = new_client();
    platform.push(text(500, "oops"));
    let error = run(client.report_cheated_job(UUID, trusted, None)).err().unwrap();
    assert!(error.to_string().contains("may or may not"), "{error}");
    assert_eq!(platform.api_requests().len(), 1);
}
