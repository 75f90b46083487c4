//! [`Platform`] over the JS host: `fetch` (global or injected), `setTimeout`, `Date.now`,
//! `Math.random`, and `AbortSignal` for cancellation. Works in Node ≥ 18, browsers and Web
//! Workers alike, since it only uses globals all three have.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use super::errors::keep_cause;
use crate::client::{HttpRequest, HttpResponse, LocalBoxFuture, Platform, TransportError};

/// The JS host. `fetch` replaces the global `fetch` when given (the `fetch` client option).
#[derive(Clone, Default)]
pub struct WasmPlatform {
    fetch: Option<Function>,
}

impl WasmPlatform {
    pub fn new(fetch: Option<Function>) -> Self {
        WasmPlatform { fetch }
    }
}

impl Platform for WasmPlatform {
    type Signal = AbortSignal;

    fn fetch(&self, request: HttpRequest, signal: Option<&AbortSignal>) -> LocalBoxFuture<'static, Result<HttpResponse, TransportError>> {
        let fetch = self.fetch.clone();
        let signal = signal.cloned();
        Box::pin(async move { send(fetch, request, signal).await })
    }

    fn sleep(&self, ms: f64, signal: Option<&AbortSignal>) -> LocalBoxFuture<'static, ()> {
        let promise = js_sleep(ms, signal);
        let future = JsFuture::from(Promise::from(JsValue::from(promise.clone())));
        Box::pin(Sleep { future, promise })
    }

    fn is_aborted(&self, signal: &AbortSignal) -> bool {
        signal.aborted()
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
}

/// A JS sleep, cancelled (timer cleared, listener removed) when dropped before it ends.
struct Sleep {
    future: JsFuture,
    promise: SleepPromise,
}

impl std::future::Future for Sleep {
    type Output = ();
    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<()> {
        std::pin::Pin::new(&mut self.future).poll(cx).map(|_| ())
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        self.promise.cancel();
    }
}

#[wasm_bindgen(module = "/src/wasm/fetch.js")]
extern "C" {
    /// One request, every check included (see fetch.js); resolves an [`Outcome`], never rejects.
    #[wasm_bindgen(js_name = exchange)]
    fn js_exchange(
        fetch: &JsValue,
        url: &str,
        method: &str,
        headers: &str,
        body: Option<&str>,
        signal: Option<&AbortSignal>,
        timeout_ms: f64,
        max_bytes: f64,
    ) -> Promise;

    /// Resolves after `ms` or when `signal` fires; `cancel()` clears it.
    #[wasm_bindgen(js_name = sleep)]
    fn js_sleep(ms: f64, signal: Option<&AbortSignal>) -> SleepPromise;
    #[derive(Clone)]
    type SleepPromise;
    #[wasm_bindgen(method)]
    fn cancel(this: &SleepPromise);

    /// What `exchange` resolves: an answer (`status`, `body`, `retryAfter`) or a failure
    /// (`error`, `message`, `code`, `cause`).
    type Outcome;
    #[wasm_bindgen(method, getter)]
    fn error(this: &Outcome) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn message(this: &Outcome) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn code(this: &Outcome) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn cause(this: &Outcome) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Outcome) -> f64;
    #[wasm_bindgen(method, getter)]
    fn body(this: &Outcome) -> String;
    #[wasm_bindgen(method, getter, js_name = retryAfter)]
    fn retry_after(this: &Outcome) -> Option<String>;
}

async fn send(fetch: Option<Function>, request: HttpRequest, signal: Option<AbortSignal>) -> Result<HttpResponse, TransportError> {
    // The header lines go over as one string: one crossing instead of two per header.
    let mut headers = String::with_capacity(request.headers.iter().map(|(n, v)| n.len() + v.len() + 3).sum());
    for (name, value) in &request.headers {
        if value.contains(['\r', '\n']) {
            return Err(TransportError::NotSent(format!("the {name} header value contains a line break")));
        }
        if !headers.is_empty() {
            headers.push('\n');
        }
        headers.push_str(name);
        headers.push_str(": ");
        headers.push_str(value);
    }
    let fetch = fetch.map_or(JsValue::UNDEFINED, JsValue::from);
    let promise = js_exchange(
        &fetch,
        &request.url,
        request.method,
        &headers,
        request.body.as_deref(),
        signal.as_ref(),
        request.timeout_ms.unwrap_or(0.0),
        request.max_response_bytes as f64,
    );
    let outcome: Outcome = JsFuture::from(promise)
        .await
        .map_err(|thrown| TransportError::Failed(describe(&thrown)))?
        .unchecked_into();
    let Some(kind) = outcome.error() else {
        let status = outcome.status();
        // fetch.js reads Retry-After only for the answers the retry policy may wait on.
        let retryable = status == 429.0 || status >= 500.0;
        let retry_after_sec = if retryable { outcome.retry_after().as_deref().and_then(retry_after_seconds) } else { None };
        return Ok(HttpResponse { status: status as u16, body: outcome.body(), retry_after_sec });
    };
    let message = outcome.message().unwrap_or_default();
    let error = match kind.as_str() {
        "aborted" => return Err(TransportError::Aborted),
        "notSent" => TransportError::NotSent(message),
        "timeout" => TransportError::Failed(message),
        "tooLarge" | "redirect" => TransportError::Refused(message),
        _ => classify(message, outcome.code()),
    };
    let cause = outcome.cause();
    Err(if cause.is_undefined() { error } else { TransportError::Caused(Box::new(error), keep_cause(cause)) })
}

/// `Retry-After` in seconds when it is HTTP's delay-seconds (digits) from 0 to an hour; the
/// HTTP-date form and anything hostile (negative, fractions, 1e308, 10 MB of digits) count as
/// absent.
fn retry_after_seconds(value: &str) -> Option<f64> {
    let value = value.trim();
    if value.len() > 16 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse::<u32>().ok().filter(|s| *s <= 3600).map(f64::from)
}

/// Node's fetch (undici) says why a connection failed in `error.cause.code`; a refused or
/// unresolvable connection never reached the server. Browsers give only
/// `TypeError: Failed to fetch`, which may also be a CORS refusal or a reset: ambiguous.
fn classify(message: String, code: Option<String>) -> TransportError {
    match code.as_deref() {
        Some("ECONNREFUSED" | "ENOTFOUND" | "EAI_AGAIN" | "ENETUNREACH" | "EHOSTUNREACH") => {
            TransportError::NotSent(format!("{message} ({})", code.unwrap_or_default()))
        }
        Some(code) => TransportError::Failed(format!("{message} ({code})")),
        None => TransportError::Failed(explain_browser_failure(message)),
    }
}

/// A browser reports a CORS refusal as a bare `TypeError: Failed to fetch`: say what it
/// probably means and what to do.
fn explain_browser_failure(message: String) -> String {
    let origin = Reflect::get(&js_sys::global(), &JsValue::from_str("location"))
        .ok()
        .filter(|location| location.is_object())
        .and_then(|location| Reflect::get(&location, &JsValue::from_str("origin")).ok())
        .and_then(|origin| origin.as_string());
    match origin {
        Some(origin) if message.contains("Failed to fetch") || message.contains("NetworkError") => format!(
            "{message}. In a browser this is most often a CORS refusal: the facilitator must allow \
             the origin {origin} and the request headers Authorization, Content-Type, Realm, SubnetID, \
             Hotkey, Nonce, Signature and X-CH-* (django-cors-headers CORS_ALLOWED_ORIGINS and \
             CORS_ALLOW_HEADERS); if it cannot, send the calls through a relay on your own origin \
             (compute-horde-sdk/relay) and set facilitatorUrl to it. It can also be a network failure."
        ),
        _ => message,
    }
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| format!("{}: {}", String::from(e.name()), String::from(e.message())))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("a thrown {}", error.js_typeof().as_string().unwrap_or_default()))
}
