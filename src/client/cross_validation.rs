//! Cross validation on the validator's trusted miner (the seed API's `run_cross_validation`):
//! the same job runs twice, once on an ordinary miner and once on the trusted one; their
//! outputs are compared and a mismatch is reported as cheating.

use std::rc::Rc;

use super::job::{Job, WaitOptions};
use super::platform::{LocalBoxFuture, Platform};
use super::Client;
use crate::core::job::{JobSpec, OutputVolume};
use crate::core::{Error, Result};

/// A user-supplied comparison: true when the two jobs agree.
pub type CompareFn<P> = Rc<dyn Fn(&Job<P>, &Job<P>) -> LocalBoxFuture<'static, Result<bool>>>;

/// How the job's output is compared with the trusted job's (`depositionComparisonMethod`).
pub enum Comparison<P: Platform> {
    Stdout,
    Artifacts,
    /// The default.
    StdoutAndArtifacts,
    Custom(CompareFn<P>),
}

impl<P: Platform> Clone for Comparison<P> {
    fn clone(&self) -> Self {
        match self {
            Comparison::Stdout => Comparison::Stdout,
            Comparison::Artifacts => Comparison::Artifacts,
            Comparison::StdoutAndArtifacts => Comparison::StdoutAndArtifacts,
            Comparison::Custom(compare) => Comparison::Custom(Rc::clone(compare)),
        }
    }
}

impl<P: Platform> Comparison<P> {
    /// `"stdout"`, `"artifacts"` or `"stdout_and_artifacts"`.
    pub fn parse(method: &str) -> Result<Self> {
        match method {
            "stdout" => Ok(Comparison::Stdout),
            "artifacts" => Ok(Comparison::Artifacts),
            "stdout_and_artifacts" => Ok(Comparison::StdoutAndArtifacts),
            _ => Err(Error::type_error(
                "depositionComparisonMethod",
                "must be \"stdout\", \"artifacts\", \"stdout_and_artifacts\" or a function",
            )),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Comparison::Stdout => "stdout",
            Comparison::Artifacts => "artifacts",
            Comparison::StdoutAndArtifacts => "stdout_and_artifacts",
            Comparison::Custom(_) => "custom",
        }
    }
}

/// How to cross-validate a job.
pub struct CrossValidation<P: Platform> {
    pub comparison: Comparison<P>,
    /// Uploads of the trusted job (`trustedOutputVolumes`); none by default, so that the two
    /// jobs do not write to the same place.
    pub trusted_output_volumes: Vec<(String, OutputVolume)>,
}

pub(crate) struct Twin<P: Platform> {
    trusted: Job<P>,
    comparison: Comparison<P>,
}

impl<P: Platform> Clone for Twin<P> {
    fn clone(&self) -> Self {
        Twin { trusted: self.trusted.clone(), comparison: self.comparison.clone() }
    }
}

/// What `cross_validate` found.
pub struct CrossValidationResult<P: Platform> {
    /// True when both jobs completed and their outputs agree.
    pub matches: bool,
    pub job: Job<P>,
    pub trusted_job: Job<P>,
    /// Whether a mismatch was reported with `report_cheated_job`.
    pub reported: bool,
}

impl<P: Platform> Client<P> {
    /// Creates the job and its twin on the trusted miner (`on_trusted_miner: true`, with the
    /// trusted output volumes); `Job::cross_validate` compares them later.
    pub async fn create_cross_validated_job(&self, spec: &JobSpec, cross_validation: CrossValidation<P>) -> Result<Job<P>> {
        let mut trusted_spec = spec.clone();
        trusted_spec.output_volumes = cross_validation.trusted_output_volumes.clone();
        // Both specs are validated before the first request, so a bad trusted volume cannot
        // leave a half-created pair behind.
        crate::core::job::create_job_body(&trusted_spec, &self.config().validator_hotkey, true, None, self.config().layout())?;
        let job = self.create_job(spec, false).await?;
        let trusted = self.create_job(&trusted_spec, true).await.map_err(|error| {
            Error::facilitator(format!(
                "job {} was created, but its trusted-miner twin could not be: {error}",
                job.uuid()
            ))
        })?;
        *job.twin.borrow_mut() = Some(Twin { trusted, comparison: cross_validation.comparison });
        Ok(job)
    }
}

fn same_output<P: Platform>(job: &Job<P>, trusted: &Job<P>, stdout: bool, artifacts: bool) -> bool {
    let (record, trusted_record) = (job.record(), trusted.record());
    match (&record.result, &trusted_record.result) {
        (Some(a), Some(b)) => (!stdout || a.stdout == b.stdout) && (!artifacts || a.artifacts == b.artifacts),
        _ => false,
    }
}

impl<P: Platform> Job<P> {
    /// The trusted-miner twin, when the job was created for cross validation.
    pub fn trusted_job(&self) -> Option<Job<P>> {
        self.twin.borrow().as_ref().map(|twin| twin.trusted.clone())
    }

    /// Waits for the job and its trusted twin, compares them, and (when `report` is true)
    /// reports a mismatch with `report_cheated_job`. A job that did not complete does not
    /// match, but is not reported: failing is not cheating. The trusted job must complete.
    pub async fn cross_validate(&self, options: WaitOptions<P>, report: bool) -> Result<CrossValidationResult<P>> {
        let twin = self.twin.borrow().clone().ok_or_else(|| {
            Error::type_error("crossValidate", "the job was not created with runCrossValidation: true")
        })?;
        let client = self.client();
        client.wait_all(&[self.clone(), twin.trusted.clone()], options).await?;
        let trusted_status = twin.trusted.status();
        if !trusted_status.is_successful() {
            return Err(Error::facilitator(format!(
                "the trusted job {} ended {}: nothing to compare job {} with",
                twin.trusted.uuid(),
                trusted_status.as_str(),
                self.uuid()
            )));
        }
        let completed = self.status().is_successful();
        let matches = completed
            && match &twin.comparison {
                Comparison::Stdout => same_output(self, &twin.trusted, true, false),
                Comparison::Artifacts => same_output(self, &twin.trusted, false, true),
                Comparison::StdoutAndArtifacts => same_output(self, &twin.trusted, true, true),
                Comparison::Custom(compare) => compare(self, &twin.trusted).await?,
            };
        let reported = report && completed && !matches;
        if reported {
            let details = serde_json::json!({
                "reason": "result differs from the trusted miner's",
                "comparison": twin.comparison.name(),
            });
            client.report_cheated_job(&self.uuid(), &twin.trusted.uuid(), Some(&details)).await?;
        }
        Ok(CrossValidationResult { matches, job: self.clone(), trusted_job: twin.trusted, reported })
    }
}
