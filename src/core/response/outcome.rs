//! What a finished job produced (its result) and why a failed one failed (its error).

use std::borrow::Cow;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use serde_json::Value;

use super::fields::{quote, Fields, Parse};

/// Standard alphabet with canonical padding. Non-zero bits after the last byte are tolerated
/// as in the reference SDK: they change no decoded byte.
const ARTIFACT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true),
);

/// The facilitator's receipt of one output-volume upload.
#[derive(Debug, Clone, PartialEq)]
pub struct UploadResult {
    /// Response headers of the upload target, in the order sent.
    pub headers: Vec<(String, String)>,
    /// Response body of the upload target.
    pub body: String,
}

/// The outputs of a job that reached an end state (successful or not).
#[derive(Debug, Clone, PartialEq)]
pub struct JobResult {
    pub stdout: String,
    /// Empty when an early-2025 facilitator did not send it.
    pub stderr: String,
    /// Files of the job's artifacts directory: path → decoded bytes, in the order sent.
    pub artifacts: Vec<(String, Vec<u8>)>,
    /// Upload receipts keyed by mount path (`"/output/<path>"`), in the order sent.
    pub upload_results: Vec<(String, UploadResult)>,
}

/// Which party gave up on the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobErrorKind {
    /// The miner or validator declined the job (`job_rejection_details`).
    Rejection,
    /// The job itself failed, e.g. its container exited non-zero (`job_failure_details`).
    Failure,
    /// ComputeHorde failed to run it (`horde_failure_details`).
    HordeFailure,
}

impl JobErrorKind {
    /// `"rejection"`, `"failure"` or `"horde_failure"`.
    pub fn as_str(self) -> &'static str {
        match self {
            JobErrorKind::Rejection => "rejection",
            JobErrorKind::Failure => "failure",
            JobErrorKind::HordeFailure => "horde_failure",
        }
    }
}

/// Why a job was rejected or failed, from the metadata of its last status.
#[derive(Debug, Clone, PartialEq)]
pub struct JobError {
    pub kind: JobErrorKind,
    /// Machine-readable reason (`"busy"`, `"nonzero_return_code"`...).
    pub reason: String,
    /// Human-readable message.
    pub message: String,
    /// Who reported a horde failure (`"validator"`, `"miner"`...); `None` for other kinds.
    pub reported_by: Option<String>,
    /// Free-form details, `null` when absent.
    pub context: Value,
}

const DETAIL_KINDS: [(&str, JobErrorKind); 3] = [
    ("job_rejection_details", JobErrorKind::Rejection),
    ("job_failure_details", JobErrorKind::Failure),
    ("horde_failure_details", JobErrorKind::HordeFailure),
];

/// Reads the error of a status entry's metadata. Every details object present is checked;
/// the first in the order rejection, failure, horde failure is the error.
pub(super) fn parse_job_error(metadata: &Value, path: &str) -> Parse<Option<JobError>> {
    if metadata.is_null() {
        return Ok(None);
    }
    let metadata = Fields::of(metadata, path)?;
    let mut first = None;
    for (key, kind) in DETAIL_KINDS {
        let Some(details) = metadata.child(key)? else {
            continue;
        };
        let error = JobError {
            kind,
            reason: details.str("reason")?.to_string(),
            message: details.str("message")?.to_string(),
            reported_by: match kind {
                JobErrorKind::HordeFailure => Some(details.str("reported_by")?.to_string()),
                _ => None,
            },
            context: details.get("context").cloned().unwrap_or(Value::Null),
        };
        first.get_or_insert(error);
    }
    Ok(first)
}

/// The output fields of a job body, type-checked but not yet decoded: they only become a
/// [`JobResult`] once the job has ended.
pub(super) struct Outputs<'a> {
    stdout: &'a str,
    stderr: &'a str,
    artifacts: Vec<(&'a str, &'a str)>,
    upload_results: Vec<(&'a str, &'a str)>,
    artifacts_path: String,
}

impl<'a> Outputs<'a> {
    pub fn read(job: &Fields<'a>) -> Parse<Self> {
        Ok(Outputs {
            stdout: job.str("stdout")?,
            stderr: job.opt_str("stderr")?.unwrap_or(""),
            artifacts: job.string_map("artifacts", false)?,
            upload_results: job.string_map("upload_results", false)?,
            artifacts_path: job.name("artifacts"),
        })
    }

    /// Decodes the artifacts (invalid base64 is an error naming the artifact) and the upload
    /// receipts; a receipt that is not `{"headers": {...}, "body": "..."}` JSON is skipped with
    /// a warning, as the reference SDK does.
    pub fn into_result(self, warnings: &mut Vec<String>) -> Parse<JobResult> {
        let artifacts = self
            .artifacts
            .into_iter()
            .map(|(path, encoded)| match decode_base64(encoded) {
                Some(bytes) => Ok((path.to_string(), bytes)),
                None => Err(format!(
                    "'{}[{}]' is not valid base64",
                    self.artifacts_path,
                    quote(path)
                )),
            })
            .collect::<Parse<_>>()?;
        let mut upload_results = Vec::new();
        for (path, receipt) in self.upload_results {
            match parse_upload_result(receipt) {
                Some(result) => upload_results.push((format!("/output/{path}"), result)),
                None => warnings.push(format!(
                    "upload result {} is not JSON with string 'headers' and 'body'; skipped",
                    quote(path)
                )),
            }
        }
        Ok(JobResult {
            stdout: self.stdout.to_string(),
            stderr: self.stderr.to_string(),
            artifacts,
            upload_results,
        })
    }
}

/// Standard base64; ASCII whitespace (line breaks of MIME-style encoders) is skipped, any
/// other character outside the alphabet makes it invalid.
fn decode_base64(encoded: &str) -> Option<Vec<u8>> {
    let compact = if encoded.bytes().any(|b| b.is_ascii_whitespace()) {
        Cow::Owned(
            encoded
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect::<String>(),
        )
    } else {
        Cow::Borrowed(encoded)
    };
    ARTIFACT_BASE64.decode(compact.as_bytes()).ok()
}

fn parse_upload_result(text: &str) -> Option<UploadResult> {
    let value: Value = serde_json::from_str(text).ok()?;
    let headers = value
        .get("headers")?
        .as_object()?
        .iter()
        .map(|(name, v)| Some((name.clone(), v.as_str()?.to_string())))
        .collect::<Option<_>>()?;
    let body = value.get("body")?.as_str()?.to_string();
    Some(UploadResult { headers, body })
}
