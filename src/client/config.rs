//! Client options, their defaults, and their validation (all before any network call).

use super::retry::RetryPolicy;
use crate::core::signing::Layout;
use crate::core::{ss58, Error, Result};

/// The facilitator the SDK talks to unless told otherwise.
pub const DEFAULT_FACILITATOR_URL: &str = "https://facilitator.computehorde.io/";

/// Default per-request timeout: a facilitator answers in well under a second, so 30 s means it
/// is gone (and a 1 byte/s drip is cut).
pub const DEFAULT_REQUEST_TIMEOUT_MS: f64 = 30_000.0;

/// Default limit of one answer's body, decompressed: a page of 256 jobs with their stdout is
/// far below it.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// Largest `maxResponseBytes` accepted (the body is one JS string, then one Rust string).
pub const MAX_MAX_RESPONSE_BYTES: usize = 1 << 30;

/// Which authentication generation the facilitator speaks (PROTOCOL.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMode {
    /// Current facilitator: nonce → signed login → `Authorization: Bearer <JWT>`.
    Token,
    /// Early-2025 facilitator and the community edition: signed headers on every request.
    Hotkey,
}

impl AuthMode {
    /// Parses `"token"` or `"hotkey"`.
    pub fn parse(value: &str) -> Result<AuthMode> {
        match value {
            "token" => Ok(AuthMode::Token),
            "hotkey" => Ok(AuthMode::Hotkey),
            _ => Err(Error::type_error("auth", "must be \"token\" or \"hotkey\"")),
        }
    }

    /// The create-job signature layout each generation verifies: the early-2025 facilitator
    /// (hotkey-header auth) expects the SDK 0.0.1 SignedFields layout.
    pub fn signature_layout(self) -> Layout {
        match self {
            AuthMode::Token => Layout::Current,
            AuthMode::Hotkey => Layout::Legacy,
        }
    }
}

/// Everything a client is configured with. Build it with [`ClientConfig::new`] and adjust the
/// public fields; [`ClientConfig::validated`] checks them all.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientConfig {
    /// SS58 hotkey of the validator that should run the jobs.
    pub validator_hotkey: String,
    /// Jobs created by this client carry it as their `tag`; `pending_jobs` lists them.
    pub job_queue: Option<String>,
    /// Base URL; a URL ending in `api/v1/` means the same base.
    pub facilitator_url: String,
    pub auth: AuthMode,
    /// Create-job signature layout; by default the one `auth`'s generation verifies.
    pub signature_layout: Option<Layout>,
    /// Delay between two status polls of a job (default 3 000 ms, as the Python SDK).
    pub poll_interval_ms: f64,
    pub retry: RetryPolicy,
    /// Per-request timeout, the whole answer included ([`DEFAULT_REQUEST_TIMEOUT_MS`]; `None`:
    /// no limit).
    pub request_timeout_ms: Option<f64>,
    /// Longest answer body accepted, counted while reading, after decompression.
    pub max_response_bytes: usize,
}

impl ClientConfig {
    pub fn new(validator_hotkey: impl Into<String>) -> Self {
        ClientConfig {
            validator_hotkey: validator_hotkey.into(),
            job_queue: None,
            facilitator_url: DEFAULT_FACILITATOR_URL.to_string(),
            auth: AuthMode::Token,
            signature_layout: None,
            poll_interval_ms: 3000.0,
            retry: RetryPolicy::default(),
            request_timeout_ms: Some(DEFAULT_REQUEST_TIMEOUT_MS),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// Checks every option and returns the config with `facilitator_url` normalized.
    pub fn validated(mut self) -> Result<Self> {
        ss58::decode(&self.validator_hotkey, "computeHordeValidatorHotkey")?;
        self.facilitator_url = normalize_base_url(&self.facilitator_url)?;
        if let Some(queue) = &self.job_queue {
            if queue.is_empty() || queue.len() > 255 {
                return Err(Error::range_error("jobQueue", "must be 1 to 255 characters"));
            }
        }
        positive("pollIntervalSec", self.poll_interval_ms)?;
        if let Some(timeout) = self.request_timeout_ms {
            positive("requestTimeoutSec", timeout)?;
        }
        if self.max_response_bytes == 0 || self.max_response_bytes > MAX_MAX_RESPONSE_BYTES {
            return Err(Error::range_error("maxResponseBytes", "must be from 1 to 2^30 bytes"));
        }
        let retry = &self.retry;
        if retry.max_attempts == 0 || retry.max_attempts > 100 {
            return Err(Error::range_error("retry.maxAttempts", "must be 1 to 100"));
        }
        if !(retry.min_delay_ms >= 0.0 && retry.min_delay_ms <= retry.max_delay_ms && retry.max_delay_ms.is_finite()) {
            return Err(Error::range_error("retry", "need 0 <= minDelayMs <= maxDelayMs"));
        }
        Ok(self)
    }

    /// The signature layout in force.
    pub fn layout(&self) -> Layout {
        self.signature_layout.unwrap_or_else(|| self.auth.signature_layout())
    }
}

fn positive(field: &str, value: f64) -> Result<()> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(Error::range_error(field, "must be a positive number"))
    }
}

/// `https://host/` for `https://host`, `https://host/`, `https://host/api/v1` and
/// `https://host/api/v1/`; the early SDKs documented the `api/v1/` form. A path prefix before
/// `api/v1/` (a relay mounted under `/ch/`) is kept.
pub fn normalize_base_url(url: &str) -> Result<String> {
    let url = url.trim();
    let after_scheme = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| Error::type_error("facilitatorUrl", "must be an absolute http(s) URL"))?;
    if after_scheme.is_empty() || after_scheme.starts_with('/') {
        return Err(Error::type_error("facilitatorUrl", "has no host"));
    }
    if url.contains(['?', '#', ' ']) {
        return Err(Error::type_error("facilitatorUrl", "must not contain a query, fragment or space"));
    }
    let mut base = url.trim_end_matches('/').to_string();
    if let Some(stripped) = base.strip_suffix("/api/v1") {
        base = stripped.to_string();
    }
    base.push('/');
    Ok(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_with_or_without_api_v1_means_the_same_base() {
        for url in [
            "https://facilitator.computehorde.io",
            "https://facilitator.computehorde.io/",
            "https://facilitator.computehorde.io/api/v1",
            "https://facilitator.computehorde.io/api/v1/",
        ] {
            assert_eq!(normalize_base_url(url), Ok("https://facilitator.computehorde.io/".to_string()));
        }
        assert_eq!(normalize_base_url("http://127.0.0.1:8080/relay/api/v1/"), Ok("http://127.0.0.1:8080/relay/".to_string()));
    }

    #[test]
    fn bad_base_urls_are_refused_naming_the_field() {
        for url in ["facilitator.computehorde.io", "ftp://x/", "https:///x", "https://x/?a=1"] {
            let error = normalize_base_url(url).unwrap_err();
            assert!(error.to_string().starts_with("facilitatorUrl: "), "{error}");
        }
    }

    #[test]
    fn config_validation_names_the_field() {
        let error = ClientConfig::new("5Grwva").validated().unwrap_err();
        assert!(error.to_string().starts_with("computeHordeValidatorHotkey: "), "{error}");
        let mut config = ClientConfig::new("5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty");
        config.poll_interval_ms = 0.0;
        assert!(config.validated().unwrap_err().to_string().starts_with("pollIntervalSec: "));
    }
}
