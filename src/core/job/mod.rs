//! Job requests: the spec a user writes, its volumes, and the request bodies built from it.
//!
//! Everything here is validated and built before any network call, so an invalid spec never
//! reaches the facilitator (`body::create_job_body` is the single entry point for that).

pub mod body;
#[cfg(feature = "inline-zip")]
pub mod inline;
pub mod spec;
pub mod volumes;

pub use body::{cheated_job_body, create_job_body};
#[cfg(feature = "inline-zip")]
pub use inline::{inline_volume_from_file_contents, zip_single_file};
pub use spec::{JobSpec, DEFAULT_STREAMING_START_TIME_LIMIT_SEC};
pub use volumes::{AllowPatterns, HttpMethod, InputVolume, OutputVolume};
