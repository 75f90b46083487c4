//! The async ComputeHorde client, in plain Rust over a [`Platform`] (fetch, timers, clock).
//!
//! The wasm layer runs it over `fetch`; a Rust wasm front end (Yew, Leptos, ...) can use it
//! directly with `crate::wasm::platform::WasmPlatform`; native tests run it over a scripted
//! transport and a virtual clock.

mod auth;
pub mod config;
pub mod cross_validation;
mod job;
pub mod platform;
pub mod retry;
pub mod signer;
mod transport;

use std::cell::RefCell;
use std::rc::Rc;

use futures_util::future::Shared;

pub use config::{AuthMode, ClientConfig, DEFAULT_FACILITATOR_URL};
pub use cross_validation::{Comparison, CrossValidation, CrossValidationResult};
pub use job::{AttemptCallback, Job, RunOptions, StatusCallback, WaitOptions};
pub use platform::{HttpRequest, HttpResponse, LocalBoxFuture, Platform, TransportError};
pub use retry::RetryPolicy;
pub use signer::Signer;

use crate::core::job::{cheated_job_body, create_job_body, JobSpec};
use crate::core::response::{parse_job, parse_job_page, JobPage};
use crate::core::signing::{digest, full_request_text, signed_fields_text, x_ch_headers, Scope};
use crate::core::{Error, Result};
use transport::Call;

/// Largest `page_size` the facilitator accepts.
pub const MAX_PAGE_SIZE: u32 = 256;

type TokenFuture = Shared<LocalBoxFuture<'static, Result<String>>>;

pub(crate) struct Inner<P: Platform> {
    pub(crate) config: ClientConfig,
    pub(crate) platform: P,
    pub(crate) signer: Rc<dyn Signer>,
    token: RefCell<Option<TokenFuture>>,
}

/// A ComputeHorde facilitator client. Cheap to clone (shared state).
pub struct Client<P: Platform> {
    inner: Rc<Inner<P>>,
}

impl<P: Platform> Clone for Client<P> {
    fn clone(&self) -> Self {
        Client { inner: Rc::clone(&self.inner) }
    }
}

/// Filters of the job list endpoint.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobFilter {
    pub uuids: Vec<String>,
    pub tag: Option<String>,
}

impl<P: Platform> Client<P> {
    /// Validates `config` (no network call) and builds the client.
    pub fn new(config: ClientConfig, signer: Rc<dyn Signer>, platform: P) -> Result<Self> {
        let config = config.validated()?;
        crate::core::ss58::decode(&signer.address(), "hotkey")?;
        Ok(Client { inner: Rc::new(Inner { config, platform, signer, token: RefCell::new(None) }) })
    }

    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    pub fn platform(&self) -> &P {
        &self.inner.platform
    }

    /// Logs in now (token auth); otherwise the first request does it.
    pub async fn authenticate(&self) -> Result<()> {
        match self.inner.config.auth {
            AuthMode::Token => self.inner.token().await.map(|_| ()),
            AuthMode::Hotkey => Ok(()),
        }
    }

    /// Creates a job. The body is validated and signed before anything is sent; the request is
    /// never repeated when the facilitator may already have created the job.
    pub async fn create_job(&self, spec: &JobSpec, on_trusted_miner: bool) -> Result<Job<P>> {
        self.create_job_within(spec, on_trusted_miner, None, None).await
    }

    /// `create_job`, cancelled by `signal` or at `deadline_ms` (then it may or may not exist).
    pub(crate) async fn create_job_within(&self, spec: &JobSpec, on_trusted_miner: bool, signal: Option<&P::Signal>, deadline_ms: Option<f64>) -> Result<Job<P>> {
        let inner = &self.inner;
        let config = &inner.config;
        let body = create_job_body(spec, &config.validator_hotkey, on_trusted_miner, config.job_queue.as_deref(), config.layout())?;
        let payload = signed_fields_text(&body, config.layout())?;
        let mut call = inner.signed_call("POST", "api/v1/job-docker/".into(), &body, &payload, Scope::SignedFields, false).await?;
        call.deadline_ms = deadline_ms;
        let response = inner.send(&call, signal).await?;
        Ok(Job::new(Rc::clone(inner), checked(parse_job(&response.body)?, "uuid")?))
    }

    /// Fetches one job (a [`Error::NotFound`] when it does not exist or is not yours).
    pub async fn get_job(&self, uuid: &str) -> Result<Job<P>> {
        check_uuid(uuid, "uuid")?;
        let record = self.inner.fetch_job(uuid, None, None).await?;
        Ok(Job::new(Rc::clone(&self.inner), record))
    }

    /// One page of your jobs, newest first (pages count from 1).
    pub async fn get_jobs(&self, page: u32, page_size: u32) -> Result<Vec<Job<P>>> {
        let page = self.jobs_page(page, page_size, &JobFilter::default(), None).await?;
        Ok(page.results.into_iter().map(|record| Job::new(Rc::clone(&self.inner), record)).collect())
    }

    /// One page of the job list with filters, as the facilitator returns it.
    pub async fn jobs_page(&self, page: u32, page_size: u32, filter: &JobFilter, signal: Option<&P::Signal>) -> Result<JobPage> {
        self.inner.jobs_page(page, page_size, filter, signal).await
    }

    /// Wraps a parsed job record in a job handle bound to this client.
    pub fn job_from_record(&self, record: crate::core::response::JobRecord) -> Job<P> {
        Job::new(Rc::clone(&self.inner), record)
    }

    /// Reports that `job_uuid` disagreed with the trusted miner's `trusted_job_uuid`
    /// (FullRequest signature scope). Returns the facilitator's answer text.
    pub async fn report_cheated_job(&self, job_uuid: &str, trusted_job_uuid: &str, details: Option<&serde_json::Value>) -> Result<String> {
        check_uuid(job_uuid, "jobUuid")?;
        check_uuid(trusted_job_uuid, "trustedJobUuid")?;
        let body = cheated_job_body(job_uuid, trusted_job_uuid, details);
        let call = self.inner.signed_call("POST", "api/v1/cheated-job/".into(), &body, &full_request_text(&body), Scope::FullRequest, false).await?;
        Ok(self.inner.send(&call, None).await?.body)
    }

    /// Tells the facilitator how correct a job's result was (0..1) and how long it should take.
    pub async fn submit_feedback(&self, job_uuid: &str, result_correctness: f64, expected_duration_sec: Option<f64>) -> Result<()> {
        check_uuid(job_uuid, "jobUuid")?;
        if !(0.0..=1.0).contains(&result_correctness) {
            return Err(Error::range_error("resultCorrectness", "must be between 0 and 1"));
        }
        let mut body = serde_json::Map::new();
        body.insert("result_correctness".into(), number(result_correctness)?);
        if let Some(duration) = expected_duration_sec {
            if !(duration.is_finite() && duration >= 0.0) {
                return Err(Error::range_error("expectedDurationSec", "must be a non-negative number"));
            }
            body.insert("expected_duration".into(), number(duration)?);
        }
        // The facilitator wants feedback signed (any scope): FullRequest over the body.
        let body = serde_json::Value::Object(body);
        let call = self.inner.signed_call("PUT", format!("api/v1/jobs/{job_uuid}/feedback/"), &body, &full_request_text(&body), Scope::FullRequest, true).await?;
        self.inner.send(&call, None).await.map(|_| ())
    }

    /// The unfinished jobs of a job queue (a `tag`), all pages: `queue`, or by default this
    /// client's own `job_queue`.
    pub async fn pending_jobs(&self, queue: Option<&str>) -> Result<Vec<Job<P>>> {
        let queue = queue
            .map(str::to_string)
            .or_else(|| self.inner.config.job_queue.clone())
            .ok_or_else(|| Error::type_error("jobQueue", "pendingJobs() needs a jobQueue: the client's or { jobQueue }"))?;
        let filter = JobFilter { uuids: Vec::new(), tag: Some(queue) };
        let mut pending = Vec::new();
        let mut page = 1;
        loop {
            // jobs_page ends the listing on an empty page, past `count` or on a `next` that does
            // not point at the following page: this loop ends however the facilitator answers.
            let listing = self.jobs_page(page, MAX_PAGE_SIZE, &filter, None).await?;
            let more = listing.next.is_some();
            pending.extend(listing.results.into_iter().filter(|r| r.status().is_in_progress()).map(|r| Job::new(Rc::clone(&self.inner), r)));
            if !more {
                return Ok(pending);
            }
            page += 1;
        }
    }
}

impl<P: Platform> Inner<P> {
    /// A call whose body carries an `X-CH-*` signature over `payload` (the SignedFields text or
    /// the FullRequest text of `body`), made once: retries resend the same headers.
    async fn signed_call(&self, method: &'static str, path: String, body: &serde_json::Value, payload: &str, scope: Scope, idempotent: bool) -> Result<Call> {
        let timestamp_ns = unix_ns(self.platform.now_ms());
        let signature = self.signer.sign(digest(timestamp_ns, payload).to_vec()).await?;
        let mut call = Call::with_body(method, path, body.to_string(), idempotent);
        call.headers = x_ch_headers(&self.signer.address(), timestamp_ns, &signature, scope)
            .into_iter()
            .map(|(name, value)| (name.to_string(), value))
            .collect();
        Ok(call)
    }

    pub(crate) async fn fetch_job(self: &Rc<Self>, uuid: &str, signal: Option<&P::Signal>, deadline_ms: Option<f64>) -> Result<crate::core::response::JobRecord> {
        let mut call = Call::get(format!("api/v1/jobs/{uuid}/"));
        call.deadline_ms = deadline_ms;
        let response = self.send(&call, signal).await?;
        checked(parse_job(&response.body)?, "uuid")
    }

    pub(crate) async fn jobs_page(self: &Rc<Self>, page: u32, page_size: u32, filter: &JobFilter, signal: Option<&P::Signal>) -> Result<JobPage> {
        self.jobs_page_within(page, page_size, filter, signal, None).await
    }

    pub(crate) async fn jobs_page_within(
        self: &Rc<Self>,
        page: u32,
        page_size: u32,
        filter: &JobFilter,
        signal: Option<&P::Signal>,
        deadline_ms: Option<f64>,
    ) -> Result<JobPage> {
        if page == 0 {
            return Err(Error::range_error("page", "pages count from 1"));
        }
        if page_size == 0 || page_size > MAX_PAGE_SIZE {
            return Err(Error::range_error("pageSize", "must be 1 to 256"));
        }
        let mut path = format!("api/v1/jobs/?page={page}&page_size={page_size}");
        for uuid in &filter.uuids {
            check_uuid(uuid, "uuid")?;
            path.push_str("&uuid=");
            path.push_str(uuid);
        }
        if let Some(tag) = &filter.tag {
            path.push_str("&tag=");
            path.push_str(&encode_query_value(tag));
        }
        let mut call = Call::get(path);
        call.deadline_ms = deadline_ms;
        let response = self.send(&call, signal).await?;
        let mut listing = parse_job_page(response.body)?;
        listing.results = std::mem::take(&mut listing.results)
            .into_iter()
            .enumerate()
            .map(|(i, record)| checked(record, &format!("results[{i}].uuid")))
            .collect::<Result<_>>()?;
        let next = listing.next.take();
        // An empty page, or one that starts past `count`, is the last whatever `next` says.
        let last = listing.results.is_empty() || u64::from(page - 1).saturating_mul(u64::from(page_size)) >= listing.count;
        listing.next = match next {
            Some(link) if !last && self.is_next_page(&link, page)? => Some(link),
            _ => None,
        };
        Ok(listing)
    }

    /// Whether `link` (a page's `next`) is the job list's page `page + 1`. A link off the
    /// facilitator's job list is an error; one to any other page (itself, an earlier page: a
    /// loop) ends the listing. The client asks for `page + 1` itself and never requests `next`.
    fn is_next_page(&self, link: &str, page: u32) -> Result<bool> {
        let list = format!("{}api/v1/jobs/", self.config.facilitator_url);
        let (target, query) = link.split_once('?').unwrap_or((link, ""));
        if !same_resource(target, &list) {
            let quoted: String = link.chars().take(100).collect();
            return Err(Error::malformed(format!("'next' ({quoted:?}) is not a page of the facilitator's job list {list}")));
        }
        let wanted = (u64::from(page) + 1).to_string();
        let page_param = query.rsplit('&').find_map(|pair| pair.strip_prefix("page="));
        Ok(page_param == Some(wanted.as_str()))
    }
}

/// `link` and `url` name the same host and path (the scheme may differ: a facilitator behind a
/// TLS-terminating proxy may spell its links `http://`). Host names compare case-insensitively.
fn same_resource(link: &str, url: &str) -> bool {
    fn split(url: &str) -> Option<(&str, &str)> {
        let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
        Some(rest.split_once('/').map_or((rest, "/"), |(authority, _)| (authority, &rest[authority.len()..])))
    }
    match (split(link), split(url)) {
        (Some((link_host, link_path)), Some((host, path))) => link_host.eq_ignore_ascii_case(host) && link_path == path,
        _ => false,
    }
}

/// A server record whose uuid is not a UUID never becomes a job: its uuid would go into URLs.
fn checked(record: crate::core::response::JobRecord, field: &str) -> Result<crate::core::response::JobRecord> {
    if check_uuid(&record.uuid, field).is_err() {
        let quoted: String = record.uuid.chars().take(60).collect();
        return Err(Error::malformed(format!("'{field}' is not a job UUID: {quoted:?}")));
    }
    Ok(record)
}

fn number(value: f64) -> Result<serde_json::Value> {
    serde_json::Number::from_f64(value)
        .map(serde_json::Value::Number)
        .ok_or_else(|| Error::range_error("feedback", "must be a finite number"))
}

/// Nanoseconds since the epoch from milliseconds, in integer arithmetic: the float product
/// would round away the low digits of `X-CH-Timestamp-NS`.
fn unix_ns(now_ms: f64) -> u64 {
    let whole_ms = now_ms.max(0.0).trunc();
    (whole_ms as u64).saturating_mul(1_000_000).saturating_add((now_ms.max(0.0).fract() * 1e6) as u64)
}

/// Job UUIDs go into URL paths: only the canonical hex-and-dash form is allowed.
pub(crate) fn check_uuid(uuid: &str, field: &str) -> Result<()> {
    let bytes = uuid.as_bytes();
    let well_formed = bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        });
    if well_formed {
        Ok(())
    } else {
        Err(Error::type_error(field, "must be a job UUID like 7b522daa-e807-4094-8d96-99b9a863f960"))
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters are kept).
pub(crate) fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
