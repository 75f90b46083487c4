//! The canonical payloads the facilitator verifies, and the `X-CH-*` headers that carry the
//! signature.
//!
//! A request is signed in three steps, each pinned by `tests/vectors/job_requests*.json` and
//! `cheated_job.json`:
//! 1. the payload text: [`signed_fields_text`] (create-job, scope `SignedFields`) or
//!    [`full_request_text`] (cheated-job report, scope `FullRequest`);
//! 2. [`hash_input`]: that text JSON-encoded a second time, as Python's `json.dumps` does;
//! 3. [`digest`]: blake2b-512 over the timestamp (8 bytes, big-endian) and step 2's UTF-8.
//!
//! The 64-byte digest is what the hotkey signs (sr25519, context `substrate`).

pub mod auth;
pub mod pyjson;

use base64::Engine as _;
use blake2::{Blake2b512, Digest as _};
use serde_json::{Map, Value};

use crate::core::{Error, Result};

/// Which generation of the `SignedFields` layout a facilitator verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Python SDK 0.0.19: time limits and `streaming_details`, no `raw_script`.
    Current,
    /// Python SDK 0.0.0–0.0.2 (early 2025): `raw_script`, no time limits, no streaming.
    Legacy,
}

/// The value of the `X-CH-Signature-Scope` header: which payload the signature covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The create-job field subset of [`signed_fields_text`].
    SignedFields,
    /// The whole body, as [`full_request_text`] prints it.
    FullRequest,
}

impl Scope {
    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::SignedFields => "SignedFields",
            Scope::FullRequest => "FullRequest",
        }
    }
}

/// The `SignedFields` text of a create-job body: the compact JSON that the reference builds with
/// `SignedFields.from_facilitator_sdk_json(body).model_dump_json()` (pydantic; no spaces,
/// non-ASCII raw, fields in the layout's declaration order, nested objects in body order).
///
/// Absent fields take the reference's defaults (`artifacts_dir` null → `""`, missing
/// `volumes`/`uploads` → `[]`, ...). Fails with a `TypeError` when a field has a type the
/// reference's model would refuse (a body from [`crate::core::job::body`] never does).
pub fn signed_fields_text(body: &Value, layout: Layout) -> Result<String> {
    let body = body
        .as_object()
        .ok_or_else(|| Error::type_error("body", "must be a JSON object"))?;
    let fields = match layout {
        Layout::Current => current_signed_fields(body)?,
        Layout::Legacy => legacy_signed_fields(body)?,
    };
    serde_json::to_string(&Value::Object(fields))
        .map_err(|e| Error::type_error("body", format!("cannot be serialized: {e}")))
}

fn current_signed_fields(body: &Map<String, Value>) -> Result<Map<String, Value>> {
    let mut f = Map::new();
    f.insert("executor_class".into(), python_str(body, "executor_class")?);
    f.insert("docker_image".into(), string_or(body, "docker_image", "")?);
    f.insert("args".into(), string_list(body, "args")?);
    f.insert("env".into(), string_map(body, "env", Some(Map::new()))?);
    f.insert("use_gpu".into(), boolean(body, "use_gpu", Some(false))?);
    f.insert("artifacts_dir".into(), artifacts_dir(body)?);
    f.insert(
        "on_trusted_miner".into(),
        boolean(body, "on_trusted_miner", Some(false))?,
    );
    for key in [
        "download_time_limit",
        "execution_time_limit",
        "upload_time_limit",
        "streaming_start_time_limit",
    ] {
        f.insert(key.into(), integer(body, key)?);
    }
    f.insert("streaming_details".into(), streaming_details(body)?);
    f.insert("volumes".into(), json_list(body, "volumes")?);
    f.insert("uploads".into(), json_list(body, "uploads")?);
    Ok(f)
}

fn legacy_signed_fields(body: &Map<String, Value>) -> Result<Map<String, Value>> {
    let mut f = Map::new();
    f.insert("executor_class".into(), python_str(body, "executor_class")?);
    f.insert("docker_image".into(), string_or(body, "docker_image", "")?);
    f.insert("raw_script".into(), string_or(body, "raw_script", "")?);
    f.insert("args".into(), string_list(body, "args")?);
    // 0.0.1 defaulted `env` to None, which its own model refuses: env is required there.
    f.insert("env".into(), string_map(body, "env", None)?);
    f.insert("use_gpu".into(), boolean(body, "use_gpu", None)?);
    f.insert("artifacts_dir".into(), artifacts_dir(body)?);
    f.insert("on_trusted_miner".into(), boolean(body, "on_trusted_miner", None)?);
    f.insert("volumes".into(), json_list(body, "volumes")?);
    f.insert("uploads".into(), json_list(body, "uploads")?);
    Ok(f)
}

fn field_error(key: &str, what: &str) -> Error {
    Error::type_error(key, format!("must be {what} to be signed"))
}

/// `str(data.get(key))`: the reference stringifies a missing value to `"None"`.
fn python_str(body: &Map<String, Value>, key: &str) -> Result<Value> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(Value::String("None".into())),
        Some(Value::String(s)) => Ok(Value::String(s.clone())),
        Some(_) => Err(field_error(key, "a string")),
    }
}

fn string_or(body: &Map<String, Value>, key: &str, default: &str) -> Result<Value> {
    match body.get(key) {
        None => Ok(Value::String(default.into())),
        Some(Value::String(s)) => Ok(Value::String(s.clone())),
        Some(_) => Err(field_error(key, "a string")),
    }
}

fn string_list(body: &Map<String, Value>, key: &str) -> Result<Value> {
    match body.get(key) {
        None => Ok(Value::Array(Vec::new())),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => Ok(Value::Array(items.clone())),
        Some(_) => Err(field_error(key, "a list of strings")),
    }
}

fn string_map(body: &Map<String, Value>, key: &str, default: Option<Map<String, Value>>) -> Result<Value> {
    match (body.get(key), default) {
        (None, Some(default)) => Ok(Value::Object(default)),
        (Some(Value::Object(map)), _) if map.values().all(Value::is_string) => Ok(Value::Object(map.clone())),
        _ => Err(field_error(key, "an object of strings")),
    }
}

fn boolean(body: &Map<String, Value>, key: &str, default: Option<bool>) -> Result<Value> {
    match (body.get(key), default) {
        (None, Some(default)) => Ok(Value::Bool(default)),
        (Some(Value::Bool(b)), _) => Ok(Value::Bool(*b)),
        _ => Err(field_error(key, "a boolean")),
    }
}

fn integer(body: &Map<String, Value>, key: &str) -> Result<Value> {
    match body.get(key) {
        None => Ok(Value::from(0u8)),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Value::Number(n.clone())),
        Some(_) => Err(field_error(key, "an integer")),
    }
}

/// `data.get("artifacts_dir") or ""`.
fn artifacts_dir(body: &Map<String, Value>) -> Result<Value> {
    match body.get("artifacts_dir") {
        None | Some(Value::Null) => Ok(Value::String(String::new())),
        Some(Value::String(s)) => Ok(Value::String(s.clone())),
        Some(_) => Err(field_error("artifacts_dir", "a string or null")),
    }
}

/// `StreamingDetails.model_validate(...)`: `{public_key, executor_ip}`, or null when absent.
fn streaming_details(body: &Map<String, Value>) -> Result<Value> {
    let Some(details) = body.get("streaming_details") else {
        return Ok(Value::Null);
    };
    let details = details
        .as_object()
        .ok_or_else(|| field_error("streaming_details", "an object"))?;
    let public_key = match details.get("public_key") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(field_error("streaming_details.public_key", "a string")),
    };
    let executor_ip = match details.get("executor_ip") {
        None | Some(Value::Null) => Value::Null,
        Some(Value::String(s)) => Value::String(s.clone()),
        Some(_) => return Err(field_error("streaming_details.executor_ip", "a string or null")),
    };
    let mut out = Map::new();
    out.insert("public_key".into(), Value::String(public_key));
    out.insert("executor_ip".into(), executor_ip);
    Ok(Value::Object(out))
}

fn json_list(body: &Map<String, Value>, key: &str) -> Result<Value> {
    match body.get(key) {
        None => Ok(Value::Array(Vec::new())),
        Some(Value::Array(items)) => Ok(Value::Array(items.clone())),
        Some(_) => Err(field_error(key, "a list")),
    }
}

/// The `FullRequest` payload: Python's `json.dumps(body, sort_keys=True)` (separators `", "` and
/// `": "`, ASCII escaping, Python float `repr`), which is what the facilitator recomputes from
/// the body it parses.
pub fn full_request_text(body: &Value) -> String {
    pyjson::dumps(body, true)
}

/// The hashed text: `payload_text` JSON-encoded once more, as Python's `json.dumps(str)` does
/// (a string literal, non-ASCII and DEL as lowercase `\uXXXX`).
pub fn hash_input(payload_text: &str) -> String {
    pyjson::dumps_str(payload_text)
}

/// The 64 bytes to sign: blake2b-512 over `timestamp_ns` (8 bytes big-endian) followed by the
/// UTF-8 of [`hash_input`]`(payload_text)`.
pub fn digest(timestamp_ns: u64, payload_text: &str) -> [u8; 64] {
    let mut hasher = Blake2b512::new();
    hasher.update(timestamp_ns.to_be_bytes());
    hasher.update(hash_input(payload_text).as_bytes());
    let mut out = [0u8; 64];
    for (dst, src) in out.iter_mut().zip(hasher.finalize()) {
        *dst = src;
    }
    out
}

/// The signature headers, in the order the reference sends them: `X-CH-Signature-Type`,
/// `X-CH-Signatory`, `X-CH-Timestamp-NS`, `X-CH-Signature` (base64), `X-CH-Signature-Scope`.
pub fn x_ch_headers(
    signatory_ss58: &str,
    timestamp_ns: u64,
    signature: &[u8; 64],
    scope: Scope,
) -> Vec<(&'static str, String)> {
    vec![
        ("X-CH-Signature-Type", "bittensor".to_string()),
        ("X-CH-Signatory", signatory_ss58.to_string()),
        ("X-CH-Timestamp-NS", timestamp_ns.to_string()),
        (
            "X-CH-Signature",
            base64::engine::general_purpose::STANDARD.encode(signature),
        ),
        ("X-CH-Signature-Scope", scope.as_str().to_string()),
    ]
}
