//! What a user asks the horde to run: the Rust form of `ComputeHordeJobSpec`.

use super::volumes::{InputVolume, OutputVolume};

/// Time for starting the streaming server when the caller gives none: the reference's
/// `DEFAULT_STREAMING_START_TIME_LIMIT_SEC`.
pub const DEFAULT_STREAMING_START_TIME_LIMIT_SEC: u64 = 5;

/// A job specification. Lists of pairs keep the caller's order, which is the order of the
/// body and of the signed text. Validation happens in [`super::body::create_job_body`], before
/// anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobSpec {
    /// Executor class, e.g. `"always_on.gpu-24gb"`; any non-empty string is passed through.
    pub executor_class: String,
    /// Where the job comes from, e.g. `"SN123.0"` (not signed; not sent by the legacy layout).
    pub job_namespace: String,
    pub docker_image: String,
    pub args: Vec<String>,
    /// Environment variables in insertion order.
    pub env: Vec<(String, String)>,
    /// Directory whose files come back as artifacts (absolute path); `None` sends `null`.
    pub artifacts_dir: Option<String>,
    /// Input volumes keyed by mount path (under `/volume/`).
    pub input_volumes: Vec<(String, InputVolume)>,
    /// Output uploads keyed by mount path (under `/output/`).
    pub output_volumes: Vec<(String, OutputVolume)>,
    pub download_time_limit_sec: u64,
    pub execution_time_limit_sec: u64,
    pub upload_time_limit_sec: u64,
    pub streaming_start_time_limit_sec: u64,
    /// PEM certificate for a streaming job (`streaming_details.public_key`); `None` for a
    /// normal job.
    pub streaming_public_key: Option<String>,
}

impl JobSpec {
    /// A spec with the reference's required fields and its defaults for the rest: no args, env,
    /// artifacts dir, volumes or streaming, and a streaming start limit of
    /// [`DEFAULT_STREAMING_START_TIME_LIMIT_SEC`]. The three time limits have no default in the
    /// reference (`ComputeHordeJobSpec` requires them), so they are required here too.
    pub fn new(
        executor_class: impl Into<String>,
        job_namespace: impl Into<String>,
        docker_image: impl Into<String>,
        download_time_limit_sec: u64,
        execution_time_limit_sec: u64,
        upload_time_limit_sec: u64,
    ) -> Self {
        JobSpec {
            executor_class: executor_class.into(),
            job_namespace: job_namespace.into(),
            docker_image: docker_image.into(),
            args: Vec::new(),
            env: Vec::new(),
            artifacts_dir: None,
            input_volumes: Vec::new(),
            output_volumes: Vec::new(),
            download_time_limit_sec,
            execution_time_limit_sec,
            upload_time_limit_sec,
            streaming_start_time_limit_sec: DEFAULT_STREAMING_START_TIME_LIMIT_SEC,
            streaming_public_key: None,
        }
    }
}
