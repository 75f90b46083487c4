//! The job status model: the eleven statuses of the facilitator and what each one means for a
//! client that waits on a job.

use std::fmt;

/// A job status as the facilitator reports it.
///
/// Statuses this SDK does not know are kept as [`JobStatus::Other`] with the original string and
/// count as in progress, so a facilitator that adds a status never breaks a waiting client.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum JobStatus {
    Sent,
    Received,
    Accepted,
    Rejected,
    StreamingReady,
    ExecutorReady,
    VolumesReady,
    ExecutionDone,
    Completed,
    Failed,
    HordeFailed,
    /// A status string this SDK does not know, as sent.
    Other(String),
}

impl JobStatus {
    /// Every known status, in the facilitator's order.
    pub const ALL: [JobStatus; 11] = [
        JobStatus::Sent,
        JobStatus::Received,
        JobStatus::Accepted,
        JobStatus::Rejected,
        JobStatus::StreamingReady,
        JobStatus::ExecutorReady,
        JobStatus::VolumesReady,
        JobStatus::ExecutionDone,
        JobStatus::Completed,
        JobStatus::Failed,
        JobStatus::HordeFailed,
    ];

    /// The statuses after which a job never changes again.
    pub fn end_states() -> [JobStatus; 4] {
        [
            JobStatus::Completed,
            JobStatus::Failed,
            JobStatus::Rejected,
            JobStatus::HordeFailed,
        ]
    }

    /// Reads a status string. Wire names (`"streaming_ready"`) map exactly; the capitalized
    /// names of early-2025 facilitators (`"Sent"`, `"Completed"`, `"Horde Failed"`...) map
    /// case-insensitively, with spaces or hyphens read as underscores. Anything else becomes
    /// [`JobStatus::Other`] holding the original string. Never fails.
    pub fn parse(s: &str) -> JobStatus {
        if let Some(status) = Self::from_wire(s) {
            return status;
        }
        let normalized: String = s
            .chars()
            .map(|c| match c {
                ' ' | '-' => '_',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        Self::from_wire(&normalized).unwrap_or_else(|| JobStatus::Other(s.to_string()))
    }

    fn from_wire(s: &str) -> Option<JobStatus> {
        Self::ALL.into_iter().find(|status| status.as_str() == s)
    }

    /// The wire name (`"horde_failed"`); for [`JobStatus::Other`], the string as received.
    pub fn as_str(&self) -> &str {
        match self {
            JobStatus::Sent => "sent",
            JobStatus::Received => "received",
            JobStatus::Accepted => "accepted",
            JobStatus::Rejected => "rejected",
            JobStatus::StreamingReady => "streaming_ready",
            JobStatus::ExecutorReady => "executor_ready",
            JobStatus::VolumesReady => "volumes_ready",
            JobStatus::ExecutionDone => "execution_done",
            JobStatus::Completed => "completed",
            JobStatus::Failed => "failed",
            JobStatus::HordeFailed => "horde_failed",
            JobStatus::Other(s) => s,
        }
    }

    /// True until the job reaches an end state; unknown statuses count as in progress.
    pub fn is_in_progress(&self) -> bool {
        !self.is_end()
    }

    /// True only for `completed`.
    pub fn is_successful(&self) -> bool {
        *self == JobStatus::Completed
    }

    /// True for `failed`, `rejected` and `horde_failed`.
    pub fn is_failed(&self) -> bool {
        matches!(
            self,
            JobStatus::Failed | JobStatus::Rejected | JobStatus::HordeFailed
        )
    }

    /// True for the end states: successful or failed.
    pub fn is_end(&self) -> bool {
        self.is_successful() || self.is_failed()
    }

    /// True for `streaming_ready`: the job's streaming server accepts connections.
    pub fn is_streaming_ready(&self) -> bool {
        *self == JobStatus::StreamingReady
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
