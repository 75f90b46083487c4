//! Facilitator answers the client checks before using them, over a scripted facilitator:
//! job uuids before they go into URLs, `next` links and the end of a listing, login tokens,
//! and a wait's deadline over the request in flight. (The hostile-server suite in
//! tests/js/hostile-answers.test.mjs covers the same and more through real HTTP.)

mod client_support;

use client_support::*;
use compute_horde_sdk::client::{JobFilter, WaitOptions};
use compute_horde_sdk::core::Error;
use serde_json::json;

fn malformed(error: &Error, words: &str) {
    let text = error.to_string();
    assert!(text.starts_with("malformed response from the facilitator: ") && text.contains(words), "{text}");
}

#[test]
fn a_job_uuid_that_is_not_a_uuid_never_becomes_a_job() {
    for bad in ["../../../../escape", "x/?page=1&injected=1#", "7B522DAA-E807-4094-8D96-99B9A863F96"] {
        let (client, platform) = new_client();
        platform.push(ok(200, job_json(bad, &["sent"])));
        let error = run(client.get_job(UUID)).err().unwrap();
        malformed(&error, "'uuid' is not a job UUID");
        assert_eq!(platform.api_requests().len(), 1, "nothing was requested with it");
    }
}

#[test]
fn a_listing_ends_on_a_next_that_does_not_advance_an_empty_page_or_a_page_past_count() {
    let filter = JobFilter::default();
    let cases = [
        ("itself", page_json(vec![job_json(&uuid_n(1), &["sent"])], Some(&format!("{BASE}api/v1/jobs/?page=1&page_size=10")))),
        ("empty", page_json(vec![], Some(&format!("{BASE}api/v1/jobs/?page=2")))),
    ];
    for (name, page) in cases {
        let (client, platform) = new_client();
        platform.push(ok(200, page));
        let listing = run(client.jobs_page(1, 10, &filter, None)).unwrap();
        assert_eq!(listing.next, None, "{name}");
    }
    let (client, platform) = new_client();
    let mut page = page_json(vec![job_json(&uuid_n(1), &["sent"])], Some(&format!("{BASE}api/v1/jobs/?page=3&page_size=10")));
    page["count"] = json!(20);
    platform.push(ok(200, page));
    assert_eq!(run(client.jobs_page(2, 10, &filter, None)).unwrap().next.as_deref(), Some(&*format!("{BASE}api/v1/jobs/?page=3&page_size=10")));
    let mut past = page_json(vec![job_json(&uuid_n(1), &["sent"])], Some(&format!("{BASE}api/v1/jobs/?page=4&page_size=10")));
    past["count"] = json!(20);
    platform.push(ok(200, past));
    assert_eq!(run(client.jobs_page(3, 10, &filter, None)).unwrap().next, None, "page 3 starts past count 20");
}

#[test]
fn a_next_off_the_facilitators_job_list_is_an_error() {
    for next in ["https://evil.example/api/v1/jobs/?page=2", "https://facilitator.computehorde.io/api/v1/other/?page=2", "page=2"] {
        let (client, platform) = new_client();
        platform.push(ok(200, page_json(vec![job_json(&uuid_n(1), &["sent"])], Some(next))));
        let error = run(client.jobs_page(1, 10, &JobFilter::default(), None)).err().unwrap();
        malformed(&error, "is not a page of the facilitator's job list");
    }
    // The scheme may differ (a facilitator behind a TLS-terminating proxy).
    let (client, platform) = new_client();
    platform.push(ok(200, page_json(vec![job_json(&uuid_n(1), &["sent"])], Some("http://FACILITATOR.computehorde.io/api/v1/jobs/?page=2"))));
    assert!(run(client.jobs_page(1, 10, &JobFilter::default(), None)).unwrap().next.is_some());
}

#[test]
fn a_token_that_is_not_a_header_value_is_refused_without_quoting_it_and_not_kept() {
    for token in ["secret\r\nX-Evil: 1", "s\u{e9}cret", "", &"s".repeat(5000)] {
        let (client, platform) = new_client();
        platform.state().login_answers.borrow_mut().push_back(ok(200, json!({ "token": token })));
        let error = run(client.authenticate()).err().unwrap();
        malformed(&error, "the login token");
        assert!(token.is_empty() || !error.to_string().contains(token), "{error}");
        // The next call logs in again and works.
        platform.push(ok(200, job_json(UUID, &["sent"])));
        assert_eq!(run(client.get_job(UUID)).unwrap().uuid(), UUID);
        assert_eq!(platform.logins(), 2);
    }
}

#[test]
fn a_wait_deadline_bounds_the_request_in_flight() {
    let (client, platform) = new_client();
    platform.push(ok(200, job_json(UUID, &["sent"])));
    let job = run(client.get_job(UUID)).unwrap();
    for _ in 0..10 {
        platform.push(ok(200, job_json(UUID, &["sent"])));
    }
    let error = run(job.wait(WaitOptions { timeout_ms: Some(7_000.0), ..Default::default() })).err().unwrap();
    assert!(matches!(error, Error::JobTimeout { .. }), "{error:?}");
    let timeouts: Vec<f64> = platform.api_requests().iter().skip(1).map(|r| r.timeout_ms.unwrap()).collect();
    // Polls at 3 s and 6 s (time left 4 s and 1 s: below the 30 s default) and one at 7 s.
    assert_eq!(timeouts, [4_000.0, 1_000.0, 1.0]);
}
