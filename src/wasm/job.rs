//! The `ComputeHordeJob` JS class: a live view of one job, refreshed by `wait` and
//! `refreshFromFacilitator`.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Date, Function, Object, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use super::convert::{self, from_json, get, object, promise, set};
use super::errors::callback_failed;
use super::platform::WasmPlatform;
use crate::client::{Job, StatusCallback, WaitOptions};
use crate::core::response::{JobRecord, StatusEntry};
use crate::core::Result;

/// A job on the facilitator and its last known state.
#[wasm_bindgen]
pub struct ComputeHordeJob {
    job: Job<WasmPlatform>,
}

thread_local! {
    /// `ComputeHordeJob` objects alive in wasm memory (for the memory tests and benchmarks).
    static LIVE_JOB_OBJECTS: Cell<u32> = const { Cell::new(0) };
}

/// How many `ComputeHordeJob` objects exist: JS dropped the others and they were freed.
pub fn live_job_objects() -> u32 {
    LIVE_JOB_OBJECTS.with(Cell::get)
}

impl ComputeHordeJob {
    pub fn new(job: Job<WasmPlatform>) -> Self {
        LIVE_JOB_OBJECTS.with(|n| n.set(n.get().saturating_add(1)));
        ComputeHordeJob { job }
    }

    pub fn job(&self) -> &Job<WasmPlatform> {
        &self.job
    }
}

impl Drop for ComputeHordeJob {
    fn drop(&mut self) {
        LIVE_JOB_OBJECTS.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

pub fn status_entry(entry: &StatusEntry) -> JsValue {
    object(&[
        ("status", JsValue::from_str(entry.status.as_str())),
        ("createdAt", Date::new(&JsValue::from_f64(entry.created_at_ms)).into()),
        ("metadata", from_json(&entry.metadata)),
    ])
}

/// An object without a prototype, for maps keyed by what the facilitator sent: a key
/// `__proto__` is then an ordinary entry, not the object's prototype.
fn server_keyed_map() -> JsValue {
    Object::create(JsValue::NULL.unchecked_ref::<Object>()).into()
}

fn result_object(record: &JobRecord) -> JsValue {
    let Some(result) = &record.result else { return JsValue::NULL };
    let artifacts = server_keyed_map();
    for (path, bytes) in &result.artifacts {
        set(&artifacts, path, &Uint8Array::from(bytes.as_slice()));
    }
    let uploads = server_keyed_map();
    for (path, upload) in &result.upload_results {
        let headers = server_keyed_map();
        for (name, value) in &upload.headers {
            set(&headers, name, &JsValue::from_str(value));
        }
        set(&uploads, path, &object(&[("headers", headers), ("body", JsValue::from_str(&upload.body))]));
    }
    object(&[
        ("stdout", JsValue::from_str(&result.stdout)),
        ("stderr", JsValue::from_str(&result.stderr)),
        ("artifacts", artifacts),
        ("uploadResults", uploads),
    ])
}

fn error_object(record: &JobRecord) -> JsValue {
    let Some(error) = &record.error else { return JsValue::NULL };
    let value = object(&[
        ("kind", JsValue::from_str(error.kind.as_str())),
        ("reason", JsValue::from_str(&error.reason)),
        ("message", JsValue::from_str(&error.message)),
        ("context", from_json(&error.context)),
    ]);
    if let Some(reported_by) = &error.reported_by {
        set(&value, "reportedBy", &JsValue::from_str(reported_by));
    }
    value
}

/// Reads `{ timeoutSec, signal, onStatus }`; `onStatus(job, entry)` gets a job object of its own
/// that shares this job's state.
pub fn wait_options(options: &JsValue) -> Result<WaitOptions<WasmPlatform>> {
    let options = convert::options(options, "options")?;
    let timeout_ms = convert::opt_number(&get(&options, "timeoutSec"), "timeoutSec")?.map(|s| s * 1000.0);
    let signal = abort_signal(&get(&options, "signal"))?;
    let on_status = get(&options, "onStatus");
    let on_status: Option<StatusCallback<WasmPlatform>> = if on_status.is_undefined() || on_status.is_null() {
        None
    } else {
        let callback = on_status
            .dyn_into::<Function>()
            .map_err(|_| crate::core::Error::type_error("onStatus", "must be a function"))?;
        Some(Rc::new(move |job: &Job<WasmPlatform>, entry: &StatusEntry| {
            let returned = callback.call2(&JsValue::UNDEFINED, &ComputeHordeJob::new(job.clone()).into(), &status_entry(entry));
            Box::pin(async move { settle(returned).await })
        }))
    };
    Ok(WaitOptions { timeout_ms, signal, on_status })
}

/// Awaits what a user callback returned (a value or a promise); its failure is kept as thrown.
pub async fn settle(returned: std::result::Result<JsValue, JsValue>) -> Result<()> {
    let value = returned.map_err(callback_failed)?;
    JsFuture::from(Promise::resolve(&value)).await.map(|_| ()).map_err(callback_failed)
}

pub fn abort_signal(value: &JsValue) -> Result<Option<AbortSignal>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .clone()
        .dyn_into::<AbortSignal>()
        .map(Some)
        .map_err(|_| crate::core::Error::type_error("signal", "must be an AbortSignal"))
}

#[wasm_bindgen]
impl ComputeHordeJob {
    #[wasm_bindgen(getter)]
    pub fn uuid(&self) -> String {
        self.job.uuid()
    }

    /// The current status: the last entry of `statusHistory`.
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> String {
        self.job.status().as_str().to_string()
    }

    /// Every status the job went through, oldest first: `{ status, createdAt, metadata }`.
    #[wasm_bindgen(getter, js_name = statusHistory)]
    pub fn status_history(&self) -> js_sys::Array {
        self.job.record().status_history.iter().map(status_entry).collect()
    }

    /// stdout, stderr, decoded artifacts and upload results, once the job has ended; else null.
    #[wasm_bindgen(getter)]
    pub fn result(&self) -> JsValue {
        result_object(&self.job.record())
    }

    /// Why the job was rejected or failed; null otherwise.
    #[wasm_bindgen(getter)]
    pub fn error(&self) -> JsValue {
        error_object(&self.job.record())
    }

    #[wasm_bindgen(getter, js_name = executorClass)]
    pub fn executor_class(&self) -> String {
        self.job.record().executor_class.clone()
    }

    #[wasm_bindgen(getter, js_name = dockerImage)]
    pub fn docker_image(&self) -> String {
        self.job.record().docker_image.clone()
    }

    #[wasm_bindgen(getter, js_name = jobNamespace)]
    pub fn job_namespace(&self) -> String {
        self.job.record().job_namespace.clone()
    }

    #[wasm_bindgen(getter, js_name = createdAt)]
    pub fn created_at(&self) -> String {
        self.job.record().created_at.clone()
    }

    /// The job queue (`tag`) the job was created in, if any.
    #[wasm_bindgen(getter)]
    pub fn tag(&self) -> Option<String> {
        self.job.record().tag.clone()
    }

    /// A streaming job's server once it is ready: `{ address, port, serverCert }`; else null.
    #[wasm_bindgen(getter, js_name = streamingServer)]
    pub fn streaming_server(&self) -> JsValue {
        let Some(server) = self.job.record().streaming_server() else { return JsValue::NULL };
        object(&[
            ("address", JsValue::from_str(&server.address)),
            ("port", JsValue::from_f64(f64::from(server.port))),
            ("serverCert", JsValue::from_str(&server.cert)),
        ])
    }

    /// Polls until the job ends; `onStatus` sees every status entry once, in order.
    pub fn wait(&self, options: JsValue) -> Promise {
        let job = self.job.clone();
        promise(async move {
            let options = wait_options(&options)?;
            job.wait(options).await?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Fetches the job's current state.
    #[wasm_bindgen(js_name = refreshFromFacilitator)]
    pub fn refresh_from_facilitator(&self) -> Promise {
        let job = self.job.clone();
        promise(async move {
            job.refresh().await?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// The twin job on the validator's trusted miner (jobs created with runCrossValidation).
    #[wasm_bindgen(getter, js_name = trustedJob)]
    pub fn trusted_job(&self) -> Option<ComputeHordeJob> {
        self.job.trusted_job().map(ComputeHordeJob::new)
    }

    /// Waits for this job and its trusted twin, compares them with the spec's
    /// depositionComparisonMethod, reports a mismatch (unless `{ report: false }`), and
    /// resolves `{ matches, job, trustedJob, reported }`.
    #[wasm_bindgen(js_name = crossValidate)]
    pub fn cross_validate(&self, options: JsValue) -> Promise {
        let job = self.job.clone();
        promise(async move {
            let report = convert::opt_bool(&get(&convert::options(&options, "options")?, "report"), "report")?.unwrap_or(true);
            let wait = wait_options(&options)?;
            let outcome = job.cross_validate(wait, report).await?;
            Ok(object(&[
                ("matches", JsValue::from_bool(outcome.matches)),
                ("job", ComputeHordeJob::new(outcome.job).into()),
                ("trustedJob", ComputeHordeJob::new(outcome.trusted_job).into()),
                ("reported", JsValue::from_bool(outcome.reported)),
            ]))
        })
    }

    /// The job as the facilitator last sent it.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> JsValue {
        js_sys::JSON::parse(&self.job.record().raw).unwrap_or(JsValue::NULL)
    }
}
