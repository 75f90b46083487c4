//! The `ComputeHordeClient` JS class over [`crate::client::Client`].

use std::rc::{Rc, Weak};

use js_sys::{Array, Function, Promise};
use wasm_bindgen::convert::TryFromJsValue;
use wasm_bindgen::prelude::*;

use super::convert::{self, get, object, promise};
use super::errors::to_js;
use super::job::{abort_signal, settle, wait_options, ComputeHordeJob};
use super::keypair::Keypair;
use super::platform::WasmPlatform;
use super::signer::JsSigner;
use super::spec::{cross_validation, job_spec};
use crate::client::config::MAX_MAX_RESPONSE_BYTES;
use crate::client::{AttemptCallback, AuthMode, Client, ClientConfig, Job, JobFilter, LocalBoxFuture, RunOptions, Signer};
use crate::core::keys::Keypair as CoreKeypair;
use crate::core::signing::Layout;
use crate::core::{Error, Result};

#[wasm_bindgen]
impl ComputeHordeJob {
    /// Internal: a second JS handle on this job's shared state, which `waitAll` takes over
    /// (the JS object `waitAll` was given stays the caller's).
    #[wasm_bindgen(js_name = __lend)]
    pub fn lend(&self) -> ComputeHordeJob {
        ComputeHordeJob::new(self.job().clone())
    }
}

/// The jobs of a `waitAll` call. Each item lends a fresh handle, which is unwrapped (an
/// `instanceof ComputeHordeJob` check in the glue) and owned here: nothing is left behind in
/// wasm memory when an item is not a job or the call fails half-way.
fn borrow_jobs(jobs: &JsValue) -> Result<Vec<Job<WasmPlatform>>> {
    if !Array::is_array(jobs) {
        return Err(Error::type_error("jobs", "must be an array of ComputeHordeJob"));
    }
    Array::from(jobs)
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let not_a_job = || Error::type_error(format!("jobs[{i}]"), "must be a ComputeHordeJob");
            let lend = get(&item, "__lend").dyn_into::<Function>().map_err(|_| not_a_job())?;
            let handle = lend.call0(&item).map_err(|_| not_a_job())?;
            let handle = ComputeHordeJob::try_from_js_value(handle).map_err(|_| not_a_job())?;
            Ok(handle.job().clone())
        })
        .collect()
}

/// The client's signer: a `Keypair` of this module signs in wasm; any other signer object is
/// called through JS.
fn signer_from(hotkey: JsValue) -> Result<Rc<dyn Signer>> {
    let js = JsSigner::new(hotkey.clone())?;
    let handle = get(&hotkey, "__forClient")
        .dyn_into::<Function>()
        .ok()
        .and_then(|for_client| for_client.call0(&hotkey).ok())
        .and_then(|handle| Keypair::try_from_js_value(handle).ok());
    match handle {
        // Only when the object is what it says it is: the key signs for the address it gave.
        Some(handle) if handle.core().ss58_address() == js.address() => Ok(Rc::new(NativeSigner {
            key: handle.downgrade(),
            address: js.address(),
            _object: hotkey,
        })),
        _ => Ok(Rc::new(js)),
    }
}

/// A `Keypair` used in wasm directly. Like a JS signer it keeps the JS object alive (its key
/// is released with it); it holds the key weakly, so that the keypair's `free()` still wipes
/// the secret, after which signing fails as it did through JS.
struct NativeSigner {
    key: Weak<CoreKeypair>,
    address: String,
    _object: JsValue,
}

impl Signer for NativeSigner {
    fn address(&self) -> String {
        self.address.clone()
    }

    fn sign(&self, message: Vec<u8>) -> LocalBoxFuture<'static, Result<[u8; 64]>> {
        let signature = self
            .key
            .upgrade()
            .map(|key| key.sign(&message))
            .ok_or_else(|| Error::type_error("hotkey", "the Keypair was freed (free()): it can no longer sign"));
        Box::pin(async move { signature })
    }
}

/// A client of the ComputeHorde facilitator. Every network method returns a Promise.
#[wasm_bindgen]
pub struct ComputeHordeClient {
    client: Client<WasmPlatform>,
}

fn config_from(options: &JsValue) -> Result<(ClientConfig, Option<Function>, Rc<dyn Signer>)> {
    if !options.is_object() {
        return Err(Error::type_error("options", "must be an object with hotkey and computeHordeValidatorHotkey"));
    }
    let signer = signer_from(get(options, "hotkey"))?;
    let validator = convert::string(&get(options, "computeHordeValidatorHotkey"), "computeHordeValidatorHotkey")?;
    let mut config = ClientConfig::new(validator);
    config.job_queue = convert::opt_string(&get(options, "jobQueue"), "jobQueue")?;
    if let Some(url) = convert::opt_string(&get(options, "facilitatorUrl"), "facilitatorUrl")? {
        config.facilitator_url = url;
    }
    if let Some(auth) = convert::opt_string(&get(options, "auth"), "auth")? {
        config.auth = AuthMode::parse(&auth)?;
    }
    config.signature_layout = match convert::opt_string(&get(options, "signatureLayout"), "signatureLayout")?.as_deref() {
        None => None,
        Some("current") => Some(Layout::Current),
        Some("legacy") => Some(Layout::Legacy),
        Some(_) => return Err(Error::type_error("signatureLayout", "must be \"current\" or \"legacy\"")),
    };
    if let Some(seconds) = convert::opt_number(&get(options, "pollIntervalSec"), "pollIntervalSec")? {
        config.poll_interval_ms = seconds * 1000.0;
    }
    if let Some(seconds) = convert::opt_number(&get(options, "requestTimeoutSec"), "requestTimeoutSec")? {
        config.request_timeout_ms = Some(seconds * 1000.0);
    }
    if let Some(bytes) = convert::opt_number(&get(options, "maxResponseBytes"), "maxResponseBytes")? {
        if bytes.fract() != 0.0 || !(1.0..=MAX_MAX_RESPONSE_BYTES as f64).contains(&bytes) {
            return Err(Error::range_error("maxResponseBytes", "must be a whole number of bytes from 1 to 2^30"));
        }
        config.max_response_bytes = bytes as usize;
    }
    let retry = convert::options(&get(options, "retry"), "retry")?;
    if let Some(attempts) = convert::opt_number(&get(&retry, "maxAttempts"), "retry.maxAttempts")? {
        if attempts.fract() != 0.0 || !(1.0..=100.0).contains(&attempts) {
            return Err(Error::range_error("retry.maxAttempts", "must be a whole number from 1 to 100"));
        }
        config.retry.max_attempts = attempts as u32;
    }
    if let Some(ms) = convert::opt_number(&get(&retry, "minDelayMs"), "retry.minDelayMs")? {
        config.retry.min_delay_ms = ms;
    }
    if let Some(ms) = convert::opt_number(&get(&retry, "maxDelayMs"), "retry.maxDelayMs")? {
        config.retry.max_delay_ms = ms;
    }
    let fetch = get(options, "fetch");
    let fetch = if fetch.is_undefined() || fetch.is_null() {
        None
    } else {
        Some(fetch.dyn_into::<Function>().map_err(|_| Error::type_error("fetch", "must be a function like the global fetch"))?)
    };
    Ok((config, fetch, signer))
}

fn page_number(value: &JsValue, field: &str, default: u32) -> Result<u32> {
    match convert::opt_number(value, field)? {
        None => Ok(default),
        Some(n) if n.fract() == 0.0 && n >= 1.0 && n <= u32::MAX as f64 => Ok(n as u32),
        Some(_) => Err(Error::range_error(field, "must be a whole number, 1 or more")),
    }
}

fn jobs_array(jobs: Vec<Job<WasmPlatform>>) -> JsValue {
    jobs.into_iter().map(|job| JsValue::from(ComputeHordeJob::new(job))).collect::<Array>().into()
}

#[wasm_bindgen]
impl ComputeHordeClient {
    /// Checks every option (no network call): a bad SS58, URL or number throws here.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> std::result::Result<ComputeHordeClient, JsValue> {
        let (config, fetch, signer) = config_from(&options).map_err(to_js)?;
        let client = Client::new(config, signer, WasmPlatform::new(fetch)).map_err(to_js)?;
        Ok(ComputeHordeClient { client })
    }

    /// Logs in now (token auth); otherwise the first request does it.
    pub fn authenticate(&self) -> Promise {
        let client = self.client.clone();
        promise(async move { client.authenticate().await.map(|_| JsValue::UNDEFINED) })
    }

    /// Creates a job from a `ComputeHordeJobSpec`; `{ onTrustedMiner }`.
    #[wasm_bindgen(js_name = createJob)]
    pub fn create_job(&self, spec: JsValue, options: JsValue) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let js_spec = spec;
            let spec = job_spec(&js_spec)?;
            let options = convert::options(&options, "options")?;
            let on_trusted_miner = convert::opt_bool(&get(&options, "onTrustedMiner"), "onTrustedMiner")?.unwrap_or(false);
            let job = match cross_validation(&js_spec)? {
                Some(_) if on_trusted_miner => {
                    return Err(Error::type_error("onTrustedMiner", "cannot be combined with runCrossValidation"))
                }
                Some(cross_validation) => client.create_cross_validated_job(&spec, cross_validation).await?,
                None => client.create_job(&spec, on_trusted_miner).await?,
            };
            Ok(ComputeHordeJob::new(job).into())
        })
    }

    /// Creates the job and creates it again when it fails, until success or `maxAttempts`.
    #[wasm_bindgen(js_name = runUntilComplete)]
    pub fn run_until_complete(&self, spec: JsValue, options: JsValue) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let spec = job_spec(&spec)?;
            let options = convert::options(&options, "options")?;
            let max_attempts = page_number(&get(&options, "maxAttempts"), "maxAttempts", 3)?;
            let callback = get(&options, "jobAttemptCallback");
            let on_attempt: Option<AttemptCallback<WasmPlatform>> = if callback.is_undefined() || callback.is_null() {
                None
            } else {
                let callback = callback.dyn_into::<Function>().map_err(|_| Error::type_error("jobAttemptCallback", "must be a function"))?;
                Some(Rc::new(move |job: &Job<WasmPlatform>| {
                    let returned = callback.call1(&JsValue::UNDEFINED, &ComputeHordeJob::new(job.clone()).into());
                    Box::pin(async move { settle(returned).await })
                }))
            };
            let run = RunOptions {
                on_trusted_miner: convert::opt_bool(&get(&options, "onTrustedMiner"), "onTrustedMiner")?.unwrap_or(false),
                max_attempts,
                timeout_ms: convert::opt_number(&get(&options, "timeoutSec"), "timeoutSec")?.map(|s| s * 1000.0),
                signal: abort_signal(&get(&options, "signal"))?,
                on_attempt,
            };
            let job = client.run_until_complete(&spec, run).await?;
            Ok(ComputeHordeJob::new(job).into())
        })
    }

    /// Fetches one job; rejects with ComputeHordeNotFoundError when it is not yours or missing.
    #[wasm_bindgen(js_name = getJob)]
    pub fn get_job(&self, uuid: JsValue) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let uuid = convert::string(&uuid, "uuid")?;
            Ok(ComputeHordeJob::new(client.get_job(&uuid).await?).into())
        })
    }

    /// One page of your jobs, newest first: `{ page = 1, pageSize = 10 }`.
    #[wasm_bindgen(js_name = getJobs)]
    pub fn get_jobs(&self, options: JsValue) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let options = convert::options(&options, "options")?;
            let page = page_number(&get(&options, "page"), "page", 1)?;
            let page_size = page_number(&get(&options, "pageSize"), "pageSize", 10)?;
            Ok(jobs_array(client.get_jobs(page, page_size).await?))
        })
    }

    /// One page with its paging fields: `{ page, pageSize, jobQueue, uuids }` →
    /// `{ count, next, previous, jobs }`.
    #[wasm_bindgen(js_name = getJobsPage)]
    pub fn get_jobs_page(&self, options: JsValue) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let options = convert::options(&options, "options")?;
            let page = page_number(&get(&options, "page"), "page", 1)?;
            let page_size = page_number(&get(&options, "pageSize"), "pageSize", 10)?;
            let filter = JobFilter {
                uuids: convert::string_array(&get(&options, "uuids"), "uuids")?,
                tag: convert::opt_string(&get(&options, "jobQueue"), "jobQueue")?,
            };
            let listing = client.jobs_page(page, page_size, &filter, None).await?;
            let jobs = listing.results.into_iter().map(|record| client.job_from_record(record)).collect();
            Ok(object(&[
                ("count", JsValue::from_f64(listing.count as f64)),
                ("next", listing.next.map(JsValue::from).unwrap_or(JsValue::NULL)),
                ("previous", listing.previous.map(JsValue::from).unwrap_or(JsValue::NULL)),
                ("jobs", jobs_array(jobs)),
            ]))
        })
    }

    /// Waits for many jobs with one list request per batch of up to 256 per poll.
    #[wasm_bindgen(js_name = waitAll)]
    pub fn wait_all(&self, jobs: JsValue, options: JsValue) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let jobs = borrow_jobs(&jobs)?;
            client.wait_all(&jobs, wait_options(&options)?).await?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// The unfinished jobs of this client's `jobQueue`, or of `{ jobQueue }` (after a restart, say).
    #[wasm_bindgen(js_name = pendingJobs)]
    pub fn pending_jobs(&self, options: JsValue) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let options = convert::options(&options, "options")?;
            let queue = convert::opt_string(&get(&options, "jobQueue"), "jobQueue")?;
            Ok(jobs_array(client.pending_jobs(queue.as_deref()).await?))
        })
    }

    /// Reports a job whose result disagreed with the trusted miner's.
    #[wasm_bindgen(js_name = reportCheatedJob)]
    pub fn report_cheated_job(&self, job_uuid: JsValue, trusted_job_uuid: JsValue, details: JsValue) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let job_uuid = convert::string(&job_uuid, "jobUuid")?;
            let trusted_job_uuid = convert::string(&trusted_job_uuid, "trustedJobUuid")?;
            let details = if details.is_undefined() { None } else { Some(convert::to_json(&details, "details")?) };
            client.report_cheated_job(&job_uuid, &trusted_job_uuid, details.as_ref()).await?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// `{ resultCorrectness: 0..1, expectedDurationSec? }` for a job.
    #[wasm_bindgen(js_name = submitFeedback)]
    pub fn submit_feedback(&self, job_uuid: JsValue, feedback: JsValue) -> Promise {
        let client = self.client.clone();
        promise(async move {
            let job_uuid = convert::string(&job_uuid, "jobUuid")?;
            let feedback = convert::options(&feedback, "feedback")?;
            let correctness = convert::opt_number(&get(&feedback, "resultCorrectness"), "resultCorrectness")?
                .ok_or_else(|| Error::type_error("resultCorrectness", "is required (a number from 0 to 1)"))?;
            let duration = convert::opt_number(&get(&feedback, "expectedDurationSec"), "expectedDurationSec")?;
            client.submit_feedback(&job_uuid, correctness, duration).await?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// The job queue given at construction, if any.
    #[wasm_bindgen(getter, js_name = jobQueue)]
    pub fn job_queue(&self) -> Option<String> {
        self.client.config().job_queue.clone()
    }

    /// Internal, for benchmarks and memory tests: the size of the wasm linear memory in bytes
    /// (`memory.buffer.byteLength`; it grows when the allocator needs room and never shrinks).
    #[wasm_bindgen(js_name = __wasmMemoryBytes)]
    pub fn wasm_memory_bytes() -> f64 {
        (core::arch::wasm32::memory_size::<0>() * 65536) as f64
    }

    /// Internal, for benchmarks and memory tests: `ComputeHordeJob` objects alive in wasm memory.
    #[wasm_bindgen(js_name = __liveJobObjects)]
    pub fn live_job_objects() -> u32 {
        super::job::live_job_objects()
    }

    /// The normalized facilitator base URL.
    #[wasm_bindgen(getter, js_name = facilitatorUrl)]
    pub fn facilitator_url(&self) -> String {
        self.client.config().facilitator_url.clone()
    }
}
