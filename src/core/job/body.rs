//! The JSON bodies of `POST api/v1/job-docker/` and `POST api/v1/cheated-job/`, with keys in
//! the reference's order so that `serde_json::to_string` gives the bytes it sends.

use serde_json::{Map, Value};

use super::spec::JobSpec;
use crate::core::signing::Layout;
use crate::core::{Error, Result};

/// Longest job tag the facilitator stores (a `CharField(max_length=255)`), in characters.
const MAX_TAG_CHARS: usize = 255;

/// Validates `spec` and builds the create-job body.
///
/// Every argument error is found here, before any network call: an empty executor class, job
/// namespace or docker image; an input mount path outside `/volume/`; an output mount path
/// outside `/output/` or not a canonical relative file path below it (see
/// [`super::volumes::OutputVolume::relative_path`]); a PUT upload with form fields; streaming with
/// the legacy layout; a tag over 255 characters. The first one found is returned.
///
/// Keys, for [`Layout::Current`] (Python SDK 0.0.19): `target_validator_hotkey`,
/// `executor_class`, `docker_image`, `job_namespace`, `args`, `env`, `use_gpu` (always true),
/// `artifacts_dir` (string or null), `on_trusted_miner`, `download_time_limit`,
/// `execution_time_limit`, `streaming_start_time_limit`, `upload_time_limit`, then
/// `streaming_details`, `volumes`, `uploads` when present. [`Layout::Legacy`] (SDK 0.0.1) sends
/// no `job_namespace`, no time limits and no streaming. `tag`, when given, comes last; it is not
/// part of the signed fields.
pub fn create_job_body(
    spec: &JobSpec,
    target_validator_hotkey: &str,
    on_trusted_miner: bool,
    tag: Option<&str>,
    layout: Layout,
) -> Result<Value> {
    require_non_empty("executorClass", &spec.executor_class)?;
    require_non_empty("jobNamespace", &spec.job_namespace)?;
    require_non_empty("dockerImage", &spec.docker_image)?;
    if let Some(dir) = &spec.artifacts_dir {
        if !dir.starts_with('/') {
            return Err(Error::range_error("artifactsDir", "must be an absolute path (e.g. \"/artifacts\")"));
        }
    }
    if spec.env.iter().any(|(name, _)| name.is_empty()) {
        return Err(Error::range_error("env", "variable names must not be empty"));
    }
    let volumes = spec
        .input_volumes
        .iter()
        .map(|(mount_path, volume)| volume.to_wire_for(mount_path, layout))
        .collect::<Result<Vec<_>>>()?;
    let uploads = spec
        .output_volumes
        .iter()
        .map(|(mount_path, volume)| volume.to_wire(mount_path))
        .collect::<Result<Vec<_>>>()?;
    if layout == Layout::Legacy && spec.streaming_public_key.is_some() {
        return Err(Error::range_error(
            "streamingPublicKey",
            "streaming is not supported by the legacy (early-2025) protocol",
        ));
    }
    if let Some(tag) = tag {
        if tag.chars().count() > MAX_TAG_CHARS {
            return Err(Error::range_error(
                "jobQueue",
                format!("must be at most {MAX_TAG_CHARS} characters"),
            ));
        }
    }

    let mut body = Map::new();
    body.insert("target_validator_hotkey".into(), target_validator_hotkey.into());
    body.insert("executor_class".into(), spec.executor_class.as_str().into());
    body.insert("docker_image".into(), spec.docker_image.as_str().into());
    if layout == Layout::Current {
        body.insert("job_namespace".into(), spec.job_namespace.as_str().into());
    }
    body.insert(
        "args".into(),
        spec.args.iter().map(|a| Value::from(a.as_str())).collect(),
    );
    let env: Map<String, Value> = spec
        .env
        .iter()
        .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
        .collect();
    body.insert("env".into(), Value::Object(env));
    // Deprecated and ignored by the facilitator, but signed, so it must be there.
    body.insert("use_gpu".into(), true.into());
    body.insert(
        "artifacts_dir".into(),
        spec.artifacts_dir.as_deref().map_or(Value::Null, Value::from),
    );
    body.insert("on_trusted_miner".into(), on_trusted_miner.into());
    if layout == Layout::Current {
        body.insert("download_time_limit".into(), spec.download_time_limit_sec.into());
        body.insert("execution_time_limit".into(), spec.execution_time_limit_sec.into());
        body.insert(
            "streaming_start_time_limit".into(),
            spec.streaming_start_time_limit_sec.into(),
        );
        body.insert("upload_time_limit".into(), spec.upload_time_limit_sec.into());
        if let Some(public_key) = &spec.streaming_public_key {
            let mut details = Map::new();
            details.insert("public_key".into(), public_key.as_str().into());
            body.insert("streaming_details".into(), Value::Object(details));
        }
    }
    if !volumes.is_empty() {
        body.insert("volumes".into(), Value::Array(volumes));
    }
    if !uploads.is_empty() {
        body.insert("uploads".into(), Value::Array(uploads));
    }
    if let Some(tag) = tag {
        body.insert("tag".into(), tag.into());
    }
    Ok(Value::Object(body))
}

fn require_non_empty(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::range_error(field, "must not be empty"));
    }
    Ok(())
}

/// The cheated-job report body: `{"job_uuid", "trusted_job_uuid", "details"}` in that order,
/// `details` as given (any JSON value) or `null`. It is signed with the `FullRequest` scope.
pub fn cheated_job_body(job_uuid: &str, trusted_job_uuid: &str, details: Option<&Value>) -> Value {
    let mut body = Map::new();
    body.insert("job_uuid".into(), job_uuid.into());
    body.insert("trusted_job_uuid".into(), trusted_job_uuid.into());
    body.insert("details".into(), details.cloned().unwrap_or(Value::Null));
    Value::Object(body)
}
