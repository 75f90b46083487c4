//! Job handles: refresh, wait with status callbacks, and the multi-job operations built on
//! them (run until complete, wait for many with one list request per batch).

use std::cell::{Ref, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use super::platform::{LocalBoxFuture, Platform};
use super::{Client, Inner, JobFilter, MAX_PAGE_SIZE};
use crate::core::job::JobSpec;
use crate::core::response::{JobRecord, JobStatus, StatusEntry};
use crate::core::{Error, Result};

/// Called once per new status entry of a job, in order; waiting goes on when it resolves.
pub type StatusCallback<P> = Rc<dyn Fn(&Job<P>, &StatusEntry) -> LocalBoxFuture<'static, Result<()>>>;

/// Called with each job `run_until_complete` creates, before waiting for it.
pub type AttemptCallback<P> = Rc<dyn Fn(&Job<P>) -> LocalBoxFuture<'static, Result<()>>>;

/// How to wait for one job or many.
pub struct WaitOptions<P: Platform> {
    /// Give up after this long with [`Error::JobTimeout`] (no limit by default).
    pub timeout_ms: Option<f64>,
    /// Stop waiting with [`Error::Aborted`] when it fires.
    pub signal: Option<P::Signal>,
    pub on_status: Option<StatusCallback<P>>,
}

impl<P: Platform> Default for WaitOptions<P> {
    fn default() -> Self {
        WaitOptions { timeout_ms: None, signal: None, on_status: None }
    }
}

/// How `run_until_complete` creates and retries a job.
pub struct RunOptions<P: Platform> {
    pub on_trusted_miner: bool,
    /// Jobs created at most (default 3).
    pub max_attempts: u32,
    /// Overall limit for all attempts together.
    pub timeout_ms: Option<f64>,
    pub signal: Option<P::Signal>,
    pub on_attempt: Option<AttemptCallback<P>>,
}

impl<P: Platform> Default for RunOptions<P> {
    fn default() -> Self {
        RunOptions { on_trusted_miner: false, max_attempts: 3, timeout_ms: None, signal: None, on_attempt: None }
    }
}

/// A job on the facilitator and its last known state. Clones share that state.
pub struct Job<P: Platform> {
    client: Rc<Inner<P>>,
    record: Rc<RefCell<JobRecord>>,
    /// The trusted-miner twin when the job was created for cross validation.
    pub(crate) twin: Rc<RefCell<Option<super::cross_validation::Twin<P>>>>,
}

impl<P: Platform> Clone for Job<P> {
    fn clone(&self) -> Self {
        Job { client: Rc::clone(&self.client), record: Rc::clone(&self.record), twin: Rc::clone(&self.twin) }
    }
}

impl<P: Platform> Job<P> {
    pub(crate) fn client(&self) -> Client<P> {
        Client { inner: Rc::clone(&self.client) }
    }

    pub(crate) fn new(client: Rc<Inner<P>>, record: JobRecord) -> Self {
        Job { client, record: Rc::new(RefCell::new(record)), twin: Rc::new(RefCell::new(None)) }
    }

    pub fn uuid(&self) -> String {
        self.record.borrow().uuid.clone()
    }

    /// The last state fetched from the facilitator.
    pub fn record(&self) -> Ref<'_, JobRecord> {
        self.record.borrow()
    }

    pub fn status(&self) -> JobStatus {
        self.record.borrow().status().clone()
    }

    /// True when two handles are the same job object (clones of each other).
    pub fn same_as(&self, other: &Job<P>) -> bool {
        Rc::ptr_eq(&self.record, &other.record)
    }

    /// Fetches the job's current state.
    pub async fn refresh(&self) -> Result<()> {
        self.refresh_with(None, None).await
    }

    async fn refresh_with(&self, signal: Option<&P::Signal>, deadline_ms: Option<f64>) -> Result<()> {
        let uuid = self.uuid();
        let record = self.client.fetch_job(&uuid, signal, deadline_ms).await?;
        self.update(record);
        Ok(())
    }

    fn update(&self, record: JobRecord) {
        *self.record.borrow_mut() = record;
    }

    /// Polls until the job ends (completed, failed, rejected, horde_failed). `on_status` sees
    /// every status entry once, in order, starting with those already known.
    pub async fn wait(&self, options: WaitOptions<P>) -> Result<()> {
        let client = Client { inner: Rc::clone(&self.client) };
        client.wait_all(std::slice::from_ref(self), options).await
    }

    /// Passes the status entries `on_status` has not seen to it, counting them in `reported`
    /// (entries seen, last status seen). Early-2025 facilitators send no history: their
    /// one-entry history changes status in place, and each change counts as a new entry.
    async fn report_new_entries(&self, reported: &mut (usize, String), on_status: Option<&StatusCallback<P>>) -> Result<()> {
        let Some(callback) = on_status else { return Ok(()) };
        loop {
            let next = {
                let record = self.record.borrow();
                let history = &record.status_history;
                match history.get(reported.0) {
                    Some(entry) => Some((entry.clone(), 1)),
                    None => history.last().filter(|last| last.status.as_str() != reported.1).map(|last| (last.clone(), 0)),
                }
            };
            let Some((entry, new_entries)) = next else { return Ok(()) };
            reported.0 += new_entries;
            reported.1 = entry.status.as_str().to_string();
            callback(self, &entry).await?;
        }
    }

    fn timeout_error(&self, timeout_ms: f64) -> Error {
        let uuid = self.uuid();
        let last_status = self.status().as_str().to_string();
        Error::JobTimeout {
            message: format!("job {uuid} did not finish within {} s; last status: {last_status}", crate::core::seconds_text(timeout_ms)),
            job_uuid: uuid,
            last_status,
        }
    }
}

/// How many `uuid=` filters fit one list request: a request line stays under 8 KB.
const MAX_URL_BYTES: usize = 8000;

impl<P: Platform> Client<P> {
    /// Waits for all `jobs` to end, refreshing them with one list request per batch (at most
    /// 256 jobs and 8 KB of URL) instead of one request per job; ended jobs drop out.
    pub async fn wait_all(&self, jobs: &[Job<P>], options: WaitOptions<P>) -> Result<()> {
        let platform = &self.inner.platform;
        let signal = options.signal.as_ref();
        let deadline = options.timeout_ms.map(|t| platform.now_ms() + t);
        let mut reported = vec![(0, String::new()); jobs.len()];
        let mut poll_started = platform.now_ms();
        loop {
            for (job, count) in jobs.iter().zip(reported.iter_mut()) {
                job.report_new_entries(count, options.on_status.as_ref()).await?;
            }
            let open: Vec<&Job<P>> = jobs.iter().filter(|job| !job.status().is_end()).collect();
            let Some(first_open) = open.first() else { return Ok(()) };
            if signal.is_some_and(|s| platform.is_aborted(s)) {
                return Err(Error::aborted());
            }
            // Polls start every interval: the time the last refresh took is part of it.
            let mut pause = (self.inner.config.poll_interval_ms - (platform.now_ms() - poll_started)).max(0.0);
            if let (Some(deadline), Some(timeout)) = (deadline, options.timeout_ms) {
                let left = deadline - platform.now_ms();
                if left <= 0.0 {
                    return Err(first_open.timeout_error(timeout));
                }
                pause = pause.min(left);
            }
            platform.sleep(pause, signal).await;
            if signal.is_some_and(|s| platform.is_aborted(s)) {
                return Err(Error::aborted());
            }
            poll_started = platform.now_ms();
            // The poll in flight ends at the deadline too (its request is cut then, even when
            // the host's fetch ignores cancellation): a timeout is the job's, not the request's.
            let polled = if let [only] = open.as_slice() {
                only.refresh_with(signal, deadline).await
            } else {
                self.refresh_batch(&open, signal, deadline).await
            };
            if let Err(error) = polled {
                if let (Some(deadline), Some(timeout)) = (deadline, options.timeout_ms) {
                    if platform.now_ms() >= deadline && !matches!(error, Error::Aborted { .. }) {
                        return Err(first_open.timeout_error(timeout));
                    }
                }
                return Err(error);
            }
        }
    }

    async fn refresh_batch(&self, open: &[&Job<P>], signal: Option<&P::Signal>, deadline: Option<f64>) -> Result<()> {
        let fixed = self.inner.config.facilitator_url.len() + "api/v1/jobs/?page=1&page_size=256".len();
        let per_uuid = "&uuid=".len() + 36;
        let per_request = ((MAX_URL_BYTES - fixed.min(MAX_URL_BYTES - per_uuid)) / per_uuid).clamp(1, MAX_PAGE_SIZE as usize);
        // The batches of one poll go out together; each page updates its jobs as soon as it
        // arrives, so that at most one parsed page is alive beside the jobs' records.
        futures_util::future::try_join_all(open.chunks(per_request).map(|batch| async move {
            let filter = JobFilter { uuids: batch.iter().map(|job| job.uuid()).collect(), tag: None };
            let page = self.inner.jobs_page_within(1, MAX_PAGE_SIZE, &filter, signal, deadline).await?;
            // uuid → the handles waiting for it (the same job may be passed twice).
            let mut waiting: HashMap<&str, Vec<&Job<P>>> = HashMap::new();
            for (uuid, job) in filter.uuids.iter().zip(batch) {
                waiting.entry(uuid.as_str()).or_default().push(job);
            }
            for record in page.results {
                if let Some(handles) = waiting.remove(record.uuid.as_str()) {
                    if let Some((last, others)) = handles.split_last() {
                        for job in others {
                            job.update(record.clone());
                        }
                        last.update(record);
                    }
                }
            }
            // A job the list leaves out (deleted, or another hotkey's) would never change:
            // ask for it alone, which ends the wait with its 404 instead of polling forever.
            for (job, uuid) in batch.iter().zip(&filter.uuids) {
                if waiting.contains_key(uuid.as_str()) {
                    job.refresh_with(signal, deadline).await?;
                }
            }
            Ok::<(), Error>(())
        }))
        .await?;
        Ok(())
    }

    /// Creates the job, waits for it, and creates it again when it fails, until it succeeds or
    /// `max_attempts` jobs were tried; returns the last job (check its status).
    pub async fn run_until_complete(&self, spec: &JobSpec, options: RunOptions<P>) -> Result<Job<P>> {
        if options.max_attempts == 0 {
            return Err(Error::range_error("maxAttempts", "must be at least 1"));
        }
        let platform = &self.inner.platform;
        let deadline = options.timeout_ms.map(|t| platform.now_ms() + t);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let job = self.create_job_within(spec, options.on_trusted_miner, options.signal.as_ref(), deadline).await?;
            if let Some(callback) = &options.on_attempt {
                callback(&job).await?;
            }
            let timeout_ms = deadline.map(|d| (d - platform.now_ms()).max(1.0));
            let wait = WaitOptions { timeout_ms, signal: options.signal.clone(), on_status: None };
            job.wait(wait).await?;
            if job.status().is_successful() || attempt >= options.max_attempts {
                return Ok(job);
            }
            let mut delay = self.inner.config.retry.backoff_ms(attempt, platform.random());
            if let Some(deadline) = deadline {
                delay = delay.min((deadline - platform.now_ms()).max(0.0));
            }
            platform.sleep(delay, options.signal.as_ref()).await;
            if options.signal.as_ref().is_some_and(|s| platform.is_aborted(s)) {
                return Err(Error::aborted());
            }
        }
    }
}
