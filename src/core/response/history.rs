//! The status history of a job, in both generations of the facilitator's format.

use serde_json::Value;

use super::fields::{kind, Fields, Parse};
use super::status::JobStatus;

/// One step in a job's life.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusEntry {
    pub status: JobStatus,
    /// When the job entered this status, as the facilitator wrote it (ISO 8601).
    pub created_at: String,
    /// The same instant in milliseconds since the Unix epoch (what a JS `Date` takes);
    /// a time without zone designator is read as UTC.
    pub created_at_ms: f64,
    /// The entry's metadata as sent (an object, or `null`), unknown fields included.
    pub metadata: Value,
}

/// Reads `status_history` (oldest first, never empty), or, for early-2025 facilitators that
/// send no history, makes a one-entry history from the legacy `status` string dated by the
/// job's `last_update` (falling back to `created_at`): the time the job entered that status.
pub(super) fn parse_history(job: &Fields) -> Parse<Vec<StatusEntry>> {
    match job.get("status_history") {
        Some(history) => parse_entries(job, history),
        None => synthesize_from_legacy_status(job),
    }
}

fn parse_entries(job: &Fields, history: &Value) -> Parse<Vec<StatusEntry>> {
    let path = job.name("status_history");
    let entries = history
        .as_array()
        .ok_or_else(|| format!("'{path}' must be an array, not {}", kind(history)))?;
    if entries.is_empty() {
        return Err(format!(
            "'{path}' is empty (a job always has at least one status)"
        ));
    }
    entries
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let entry = Fields::of(entry, &format!("{path}[{i}]"))?;
            let (created_at, created_at_ms) = entry.datetime("created_at")?;
            let metadata = entry.get("metadata").cloned().unwrap_or(Value::Null);
            if !(metadata.is_null() || metadata.is_object()) {
                return Err(format!(
                    "'{}' must be an object or null, not {}",
                    entry.name("metadata"),
                    kind(&metadata)
                ));
            }
            Ok(StatusEntry {
                status: JobStatus::parse(entry.str("status")?),
                created_at: created_at.to_string(),
                created_at_ms,
                metadata,
            })
        })
        .collect()
}

fn synthesize_from_legacy_status(job: &Fields) -> Parse<Vec<StatusEntry>> {
    let status = match job.opt_str("status")? {
        Some(status) => JobStatus::parse(status),
        None => return Err("neither 'status_history' nor a legacy 'status' is present".into()),
    };
    let date_field = if job.get("last_update").is_some() {
        "last_update"
    } else {
        "created_at"
    };
    let (created_at, created_at_ms) = job.datetime(date_field)?;
    Ok(vec![StatusEntry {
        status,
        created_at: created_at.to_string(),
        created_at_ms,
        metadata: Value::Null,
    }])
}
