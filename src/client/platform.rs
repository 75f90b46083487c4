//! What the client needs from its host: an HTTP transport, timers, a clock and randomness.
//!
//! The client logic is plain Rust and knows nothing about wasm; the wasm layer implements
//! [`Platform`] over `fetch` and `setTimeout`, and native tests implement it over a scripted
//! facilitator and a virtual clock.

use std::future::Future;
use std::pin::Pin;

/// A boxed future that need not be `Send` (wasm is single-threaded).
pub type LocalBoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// One HTTP request as the client sends it.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    pub method: &'static str,
    /// Absolute URL, query string included.
    pub url: String,
    /// Header names in the case the reference SDK sends them.
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    /// Give up on the request after this many milliseconds.
    pub timeout_ms: Option<f64>,
    /// Refuse an answer whose body (decompressed) is larger, while reading it.
    pub max_response_bytes: usize,
}

impl HttpRequest {
    /// The value of a header (case-insensitive name), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// The part of an HTTP response the client uses.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    pub body: String,
    /// `Retry-After` in seconds, when the server sent one as a number.
    pub retry_after_sec: Option<f64>,
}

/// Why a request got no HTTP response.
#[derive(Debug, Clone, PartialEq)]
pub enum TransportError {
    /// The request provably never reached the server (connection refused, DNS failure):
    /// repeating it cannot duplicate anything.
    NotSent(String),
    /// The request may have reached the server (reset, timeout, a browser's opaque
    /// `Failed to fetch`): repeating a non-idempotent call could duplicate it.
    Failed(String),
    /// The caller's cancellation signal fired.
    Aborted,
    /// An answer arrived but the client refuses to use it (larger than `maxResponseBytes`, a
    /// redirect to another origin): repeating the request would get the same.
    Refused(String),
    /// `error`, with the host's own error value (a JS exception) kept under `cause` by the
    /// platform, for the caller's `error.cause`.
    Caused(Box<TransportError>, u32),
}

impl TransportError {
    /// The error without its cause.
    pub fn root(&self) -> &TransportError {
        match self {
            TransportError::Caused(error, _) => error.root(),
            other => other,
        }
    }
}

/// The host environment of a client.
pub trait Platform: 'static {
    /// A cancellation token (an `AbortSignal` in JS).
    type Signal: Clone + 'static;

    /// Sends one request; never retries by itself.
    fn fetch(
        &self,
        request: HttpRequest,
        signal: Option<&Self::Signal>,
    ) -> LocalBoxFuture<'static, Result<HttpResponse, TransportError>>;

    /// Resolves after `ms` milliseconds, or earlier when `signal` fires.
    fn sleep(&self, ms: f64, signal: Option<&Self::Signal>) -> LocalBoxFuture<'static, ()>;

    /// True once the signal has fired.
    fn is_aborted(&self, signal: &Self::Signal) -> bool;

    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> f64;

    /// A uniformly distributed number in [0, 1), for backoff jitter.
    fn random(&self) -> f64;
}
