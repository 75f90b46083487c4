//! Parsing the facilitator's job objects and job list pages (PROTOCOL.md §5).
//!
//! Both generations of the format are read: the current one (`status_history`) and the
//! early-2025 one (a capitalized legacy `status`, no history, maybe no `stderr`). Unknown
//! statuses are kept and count as in progress. Anything else that is not a job object is an
//! `Error::malformed` whose message names the offending field; parsing never panics.

mod datetime;
mod fields;
mod history;
mod outcome;
mod status;
mod streaming;

use serde_json::Value;

use crate::core::{Error, Result};
use fields::{describe, kind, Fields, Parse};

pub use datetime::parse_iso8601_ms;
pub use history::StatusEntry;
pub use outcome::{JobError, JobErrorKind, JobResult, UploadResult};
pub use status::JobStatus;
pub use streaming::StreamingServer;

/// A job as the facilitator reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct JobRecord {
    pub uuid: String,
    pub executor_class: String,
    /// As sent (ISO 8601).
    pub created_at: String,
    /// `created_at` in milliseconds since the Unix epoch.
    pub created_at_ms: f64,
    pub docker_image: String,
    /// Empty when the facilitator does not send it.
    pub job_namespace: String,
    pub args: Vec<String>,
    /// In the order sent.
    pub env: Vec<(String, String)>,
    /// The job's tag; `None` when absent, `null` or empty.
    pub tag: Option<String>,
    /// Oldest first, never empty when parsed; the last entry is the current status.
    pub status_history: Vec<StatusEntry>,
    /// Present exactly when the current status is an end state (failures included).
    pub result: Option<JobResult>,
    /// From the metadata of the current status, when it carries rejection or failure details.
    pub error: Option<JobError>,
    /// PEM certificate of the job's streaming server.
    pub streaming_server_cert: Option<String>,
    pub streaming_server_address: Option<String>,
    /// Decimal port number; the facilitator may send it as a number or a string.
    pub streaming_server_port: Option<String>,
    /// Things in the body that were ignored, e.g. an unreadable upload receipt.
    pub warnings: Vec<String>,
    /// The whole job object as received, as compact JSON text (a parsed tree would take about
    /// four times the memory of the text for every job a client keeps).
    pub raw: String,
}

/// Status of a record whose history is empty (only possible for a hand-built record).
static NO_STATUS_YET: JobStatus = JobStatus::Sent;

impl JobRecord {
    /// The current status: the last entry of the history.
    pub fn status(&self) -> &JobStatus {
        self.status_history
            .last()
            .map_or(&NO_STATUS_YET, |entry| &entry.status)
    }
}

/// One page of `GET api/v1/jobs/` (Django REST framework page-number pagination).
#[derive(Debug, Clone, PartialEq)]
pub struct JobPage {
    /// Number of jobs across all pages.
    pub count: u64,
    /// URL of the next page, `None` on the last one.
    pub next: Option<String>,
    pub previous: Option<String>,
    pub results: Vec<JobRecord>,
}

/// Parses the body of `GET api/v1/jobs/{uuid}/` or `POST api/v1/job-docker/`.
pub fn parse_job(text: &str) -> Result<JobRecord> {
    // The body is the job object: it is kept as sent (no second serialization).
    parse_record(&parse_json(text)?, "", Some(text.trim())).map_err(Error::malformed)
}

/// Parses a job object that is already JSON.
pub fn parse_job_value(value: &Value) -> Result<JobRecord> {
    parse_record(value, "", None).map_err(Error::malformed)
}

/// Parses the body of `GET api/v1/jobs/`. One malformed job makes the whole page an error
/// whose message names it (`results[3].uuid`...). The text is dropped once its tree is
/// built, before the records are made: a page of 256 jobs is then never held as text, tree
/// and records at once.
pub fn parse_job_page(text: impl Into<String>) -> Result<JobPage> {
    let tree = parse_json(&text.into())?;
    parse_page(tree).map_err(Error::malformed)
}

fn parse_json(text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| Error::malformed(format!("the body is not JSON ({e})")))
}

/// Consumes the page: each job's JSON tree is dropped as soon as its record is made, so that a
/// page of 256 jobs is not held twice (as a tree and as records) at its peak.
fn parse_page(mut value: Value) -> Parse<JobPage> {
    let (count, next, previous) = {
        let page = Fields::of(&value, "")?;
        let count = page.required("count")?;
        let count = count.as_u64().ok_or_else(|| {
            format!(
                "'count' must be a non-negative integer, not {}",
                describe(count)
            )
        })?;
        let results = page.required("results")?;
        if !results.is_array() {
            return Err(format!("'results' must be an array, not {}", kind(results)));
        }
        (
            count,
            page.opt_str("next")?.map(String::from),
            page.opt_str("previous")?.map(String::from),
        )
    };
    let results = match value.get_mut("results").map(Value::take) {
        Some(Value::Array(results)) => results,
        _ => Vec::new(), // checked above
    };
    Ok(JobPage {
        count,
        next,
        previous,
        results: results
            .into_iter()
            .enumerate()
            .map(|(i, job)| parse_record(&job, &format!("results[{i}]"), None))
            .collect::<Parse<_>>()?,
    })
}

/// `raw_text`: the JSON text `value` was parsed from, when it is exactly that object.
fn parse_record(value: &Value, path: &str, raw_text: Option<&str>) -> Parse<JobRecord> {
    let job = Fields::of(value, path)?;
    let uuid = job.str("uuid")?.to_string();
    let executor_class = job.str("executor_class")?.to_string();
    let (created_at, created_at_ms) = job.datetime("created_at")?;
    let docker_image = job.str("docker_image")?.to_string();
    let job_namespace = job
        .opt_str("job_namespace")?
        .unwrap_or_default()
        .to_string();
    let args = job.strings("args")?;
    let env = job
        .string_map("env", true)?
        .into_iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    let tag = job
        .opt_str("tag")?
        .filter(|tag| !tag.is_empty())
        .map(String::from);
    let outputs = outcome::Outputs::read(&job)?;
    let streaming_server_cert = job.opt_str("streaming_server_cert")?.map(String::from);
    let streaming_server_address = job.opt_str("streaming_server_address")?.map(String::from);
    let streaming_server_port = parse_port(&job, "streaming_server_port")?;
    let status_history = history::parse_history(&job)?;

    let last_index = status_history.len().saturating_sub(1);
    let (error, ended) = match status_history.last() {
        Some(last) => {
            let path = format!("{}[{last_index}].metadata", job.name("status_history"));
            (
                outcome::parse_job_error(&last.metadata, &path)?,
                last.status.is_end(),
            )
        }
        None => (None, false),
    };
    let mut warnings = Vec::new();
    let result = if ended {
        Some(outputs.into_result(&mut warnings)?)
    } else {
        None
    };

    Ok(JobRecord {
        uuid,
        executor_class,
        created_at: created_at.to_string(),
        created_at_ms,
        docker_image,
        job_namespace,
        args,
        env,
        tag,
        status_history,
        result,
        error,
        streaming_server_cert,
        streaming_server_address,
        streaming_server_port,
        warnings,
        raw: raw_text.map_or_else(|| value.to_string(), str::to_string),
    })
}

/// A TCP port sent as a number or a decimal string, normalized to its decimal text.
fn parse_port(job: &Fields, key: &str) -> Parse<Option<String>> {
    let Some(value) = job.get(key) else {
        return Ok(None);
    };
    let port = match value {
        Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        Value::String(s) => s.parse::<u16>().ok(),
        _ => None,
    };
    port.map(|port| Some(port.to_string())).ok_or_else(|| {
        format!(
            "'{}' must be a port number, not {}",
            job.name(key),
            describe(value)
        )
    })
}
