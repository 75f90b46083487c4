//! `ComputeHordeJobSpec` and volume objects from JS, validated field by field.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::convert::{self, get};
use super::errors::{callback_failed, to_js};
use super::job::ComputeHordeJob;
use super::platform::WasmPlatform;
use crate::client::{Comparison, CrossValidation, Job};
use crate::core::job::volumes::volume_field;
use crate::core::job::{InputVolume, JobSpec, OutputVolume};
use crate::core::{Error, Result};

/// Time limits when a spec gives none. The Python SDK requires them; API.md makes them
/// optional, so these documented defaults apply.
pub const DEFAULT_DOWNLOAD_TIME_LIMIT_SEC: u64 = 60;
pub const DEFAULT_EXECUTION_TIME_LIMIT_SEC: u64 = 300;
pub const DEFAULT_UPLOAD_TIME_LIMIT_SEC: u64 = 60;

/// A volume of either direction, as the JS classes describe it.
pub enum Volume {
    Input(InputVolume),
    Output(OutputVolume),
}

/// Reads a volume of class `kind` from its constructor options (camelCase fields); errors
/// name the field under `prefix` (`inputVolumes['/volume/x'].url`) when one is given.
pub fn volume(kind: &str, options: &JsValue, prefix: Option<&str>) -> Result<Volume> {
    let options = convert::to_json(&convert::options(options, prefix.unwrap_or(kind))?, prefix.unwrap_or(kind))?;
    let volume = match kind {
        "HTTPOutputVolume" => OutputVolume::from_options(&options).map(Volume::Output),
        _ => InputVolume::from_options(kind, &options).map(Volume::Input),
    };
    volume.map_err(|error| match (prefix, error) {
        (Some(prefix), Error::Type { field, message }) => Error::type_error(format!("{prefix}.{field}"), message),
        (Some(prefix), Error::Range { field, message }) => Error::range_error(format!("{prefix}.{field}"), message),
        (_, error) => error,
    })
}

/// A volume inside a spec: an instance of one of the volume classes (they carry `kind`).
fn spec_volume(value: &JsValue, field: &str) -> Result<Volume> {
    let kind = get(value, "kind")
        .as_string()
        .ok_or_else(|| Error::type_error(field, "must be an HTTPInputVolume, HuggingfaceInputVolume, InlineInputVolume or HTTPOutputVolume"))?;
    volume(&kind, value, Some(field))
}

/// Reads a `ComputeHordeJobSpec`.
pub fn job_spec(spec: &JsValue) -> Result<JobSpec> {
    if !spec.is_object() {
        return Err(Error::type_error("spec", "must be a ComputeHordeJobSpec object"));
    }
    let seconds = |name: &str, default: u64| Ok::<u64, Error>(convert::opt_seconds(&get(spec, name), name)?.unwrap_or(default));
    let mut out = JobSpec::new(
        convert::string(&get(spec, "executorClass"), "executorClass")?,
        convert::string(&get(spec, "jobNamespace"), "jobNamespace")?,
        convert::string(&get(spec, "dockerImage"), "dockerImage")?,
        seconds("downloadTimeLimitSec", DEFAULT_DOWNLOAD_TIME_LIMIT_SEC)?,
        seconds("executionTimeLimitSec", DEFAULT_EXECUTION_TIME_LIMIT_SEC)?,
        seconds("uploadTimeLimitSec", DEFAULT_UPLOAD_TIME_LIMIT_SEC)?,
    );
    out.args = convert::string_array(&get(spec, "args"), "args")?;
    out.env = convert::string_map(&get(spec, "env"), "env")?;
    out.artifacts_dir = convert::opt_string(&get(spec, "artifactsDir"), "artifactsDir")?;
    for (mount, value) in convert::entries(&get(spec, "inputVolumes"), "inputVolumes")? {
        let field = volume_field("inputVolumes", &mount);
        match spec_volume(&value, &field)? {
            Volume::Input(volume) => out.input_volumes.push((mount, volume)),
            Volume::Output(_) => return Err(Error::type_error(field, "an HTTPOutputVolume belongs in outputVolumes")),
        }
    }
    for (mount, value) in convert::entries(&get(spec, "outputVolumes"), "outputVolumes")? {
        let field = volume_field("outputVolumes", &mount);
        match spec_volume(&value, &field)? {
            Volume::Output(volume) => out.output_volumes.push((mount, volume)),
            Volume::Input(_) => return Err(Error::type_error(field, "input volumes belong in inputVolumes")),
        }
    }
    if let Some(value) = convert::opt_seconds(&get(spec, "streamingStartTimeLimitSec"), "streamingStartTimeLimitSec")? {
        out.streaming_start_time_limit_sec = value;
    }
    out.streaming_public_key = convert::opt_string(&get(spec, "streamingPublicKey"), "streamingPublicKey")?;
    Ok(out)
}

fn js_result<T>(result: Result<T>) -> std::result::Result<T, JsValue> {
    result.map_err(to_js)
}

/// Validates a volume class's constructor options; returns them normalized (used by the JS
/// volume classes, so that validation lives here once).
#[wasm_bindgen(js_name = __normalizeVolume)]
pub fn normalize_volume(kind: JsValue, options: JsValue) -> std::result::Result<JsValue, JsValue> {
    let kind = js_result(convert::string(&kind, "kind"))?;
    js_result(volume(&kind, &options, None))?;
    let keep: &[&str] = match kind.as_str() {
        "HTTPInputVolume" => &["url"],
        "HuggingfaceInputVolume" => &["repoId", "repoType", "revision", "allowPatterns", "token"],
        "InlineInputVolume" => &["contents"],
        _ => &["httpMethod", "url", "formFields", "signedHeaders"],
    };
    let normalized = js_sys::Object::new().into();
    for name in keep {
        let value = get(&options, name);
        if !value.is_undefined() {
            convert::set(&normalized, name, &value);
        }
    }
    Ok(normalized)
}

/// The wire form of a volume mounted at `mountPath`.
#[wasm_bindgen(js_name = __volumeToWire)]
pub fn volume_to_wire(kind: JsValue, options: JsValue, mount_path: JsValue) -> std::result::Result<JsValue, JsValue> {
    let kind = js_result(convert::string(&kind, "kind"))?;
    let mount_path = js_result(convert::string(&mount_path, "mountPath"))?;
    let wire = match js_result(volume(&kind, &options, None))? {
        Volume::Input(volume) => volume.to_wire(&mount_path),
        Volume::Output(volume) => volume.to_wire(&mount_path),
    };
    Ok(convert::from_json(&js_result(wire)?))
}

/// The path relative to `/volume/` (input) or `/output/` (output).
#[wasm_bindgen(js_name = __volumeRelativePath)]
pub fn volume_relative_path(kind: JsValue, mount_path: JsValue) -> std::result::Result<String, JsValue> {
    let kind = js_result(convert::string(&kind, "kind"))?;
    let mount_path = js_result(convert::string(&mount_path, "mountPath"))?;
    js_result(if kind == "HTTPOutputVolume" { OutputVolume::relative_path(&mount_path) } else { InputVolume::relative_path(&mount_path) })
}

/// The cross-validation part of a spec (`runCrossValidation`, `depositionComparisonMethod`,
/// `trustedOutputVolumes`), when `runCrossValidation` is true.
pub fn cross_validation(spec: &JsValue) -> Result<Option<CrossValidation<WasmPlatform>>> {
    if !convert::opt_bool(&get(spec, "runCrossValidation"), "runCrossValidation")?.unwrap_or(false) {
        return Ok(None);
    }
    let method = get(spec, "depositionComparisonMethod");
    let comparison = if method.is_undefined() || method.is_null() {
        Comparison::StdoutAndArtifacts
    } else if let Some(name) = method.as_string() {
        Comparison::parse(&name)?
    } else if let Some(compare) = method.dyn_ref::<js_sys::Function>() {
        let compare = compare.clone();
        Comparison::Custom(Rc::new(move |job: &Job<WasmPlatform>, trusted: &Job<WasmPlatform>| {
            let returned = compare.call2(
                &JsValue::UNDEFINED,
                &ComputeHordeJob::new(job.clone()).into(),
                &ComputeHordeJob::new(trusted.clone()).into(),
            );
            Box::pin(async move {
                let value = returned.map_err(callback_failed)?;
                let value = JsFuture::from(js_sys::Promise::resolve(&value)).await.map_err(callback_failed)?;
                value.as_bool().ok_or_else(|| Error::type_error("depositionComparisonMethod", "must return a boolean"))
            })
        }))
    } else {
        return Err(Error::type_error("depositionComparisonMethod", "must be a method name or a function"));
    };
    let mut trusted_output_volumes = Vec::new();
    for (mount, value) in convert::entries(&get(spec, "trustedOutputVolumes"), "trustedOutputVolumes")? {
        let field = volume_field("trustedOutputVolumes", &mount);
        match spec_volume(&value, &field)? {
            Volume::Output(volume) => trusted_output_volumes.push((mount, volume)),
            Volume::Input(_) => return Err(Error::type_error(field, "must be an HTTPOutputVolume")),
        }
    }
    Ok(Some(CrossValidation { comparison, trusted_output_volumes }))
}
