//! The one error type of the SDK. The wasm layer maps each variant to a JS class in one place
//! (`crate::wasm::errors`): `Type` → `TypeError`, `Range` → `RangeError`, `Facilitator` →
//! `ComputeHordeError`, `NotFound` → `ComputeHordeNotFoundError`, `JobTimeout` →
//! `ComputeHordeJobTimeoutError`, `Aborted` → `AbortError` (a `DOMException`-like error).
//!
//! Messages never contain secrets (seeds, phrases, private keys): only field names and
//! descriptions of what is wrong.

/// Longest response body kept in an error, in characters.
pub const MAX_ERROR_BODY_CHARS: usize = 2048;

/// Longest part of an argument (a mount path, a key) quoted in an error message, in characters.
pub const MAX_QUOTED_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// An argument of the wrong type or format (bad SS58, bad mnemonic word, non-string env).
    #[error("{field}: {message}")]
    Type { field: String, message: String },
    /// An argument with a value out of range (wrong length, bad mount path, PUT with form fields).
    #[error("{field}: {message}")]
    Range { field: String, message: String },
    /// Anything that went wrong on the ComputeHorde side or on the way to it.
    #[error("{message}")]
    Facilitator {
        message: String,
        /// HTTP status when a response caused the error.
        status: Option<u16>,
        /// The response body, truncated to [`MAX_ERROR_BODY_CHARS`].
        body: Option<String>,
    },
    /// The facilitator answered 404.
    #[error("{message}")]
    NotFound { message: String, body: Option<String> },
    /// Waiting for a job took longer than allowed.
    #[error("{message}")]
    JobTimeout { message: String, job_uuid: String, last_status: String },
    /// The caller's AbortSignal fired.
    #[error("{message}")]
    Aborted { message: String },
    /// A user callback (onStatus, jobAttemptCallback, a comparison function) failed; the
    /// wasm layer rethrows the callback's own error value.
    #[error("{message}")]
    Callback {
        message: String,
        /// Identifies the thrown value kept by the wasm layer.
        token: u32,
    },
    /// `error`, caused by a value the host threw or returned (a `fetch` that threw, a fake
    /// `Response`): the wasm layer sets it as the JS error's `cause`.
    #[error("{error}")]
    WithCause {
        error: Box<Error>,
        /// Identifies the value kept by the wasm layer.
        cause: u32,
    },
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn type_error(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Type { field: field.into(), message: message.into() }
    }

    pub fn range_error(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Range { field: field.into(), message: message.into() }
    }

    pub fn facilitator(message: impl Into<String>) -> Self {
        Error::Facilitator { message: message.into(), status: None, body: None }
    }

    /// An error caused by an HTTP response; the body is truncated.
    pub fn http(status: u16, body: &str, message: impl Into<String>) -> Self {
        let body = Some(truncate_body(body));
        if status == 404 {
            Error::NotFound { message: message.into(), body }
        } else {
            Error::Facilitator { message: message.into(), status: Some(status), body }
        }
    }

    pub fn aborted() -> Self {
        Error::Aborted { message: "the operation was aborted".to_string() }
    }

    /// The error without its cause.
    pub fn root(&self) -> &Error {
        match self {
            Error::WithCause { error, .. } => error.root(),
            other => other,
        }
    }

    /// A malformed answer from the facilitator (not JSON, missing fields, bad base64...).
    pub fn malformed(what: impl std::fmt::Display) -> Self {
        Error::facilitator(format!("malformed response from the facilitator: {what}"))
    }
}

/// Keeps at most [`MAX_ERROR_BODY_CHARS`] characters of a response body for an error.
pub fn truncate_body(body: &str) -> String {
    match body.char_indices().nth(MAX_ERROR_BODY_CHARS) {
        Some((cut, _)) => format!("{}…", &body[..cut]),
        None => body.to_string(),
    }
}
