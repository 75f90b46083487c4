//! [`Platform`] over the JS host: `fetch` (global or injected), `setTimeout`, `Date.now`,
//! `Math.random`, and `AbortSignal` for cancellation. Works in Node ≥ 18, browsers and Web
//! Workers alike, since it only uses globals all three have.

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestInit};

use crate::client::{HttpRequest, HttpResponse, LocalBoxFuture, Platform, TransportError};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &JsValue, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

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
        let promise = sleep_promise(ms, signal.cloned());
        Box::pin(async move {
            let _ = JsFuture::from(promise).await;
        })
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

/// A promise that resolves after `ms`, or as soon as `signal` fires (its listener is removed
/// when the timer wins, so long waits on one signal do not pile up listeners).
fn sleep_promise(ms: f64, signal: Option<AbortSignal>) -> Promise {
    Promise::new(&mut |resolve: Function, _reject: Function| {
        if let Some(signal) = &signal {
            if signal.aborted() {
                let _ = resolve.call0(&JsValue::UNDEFINED);
                return;
            }
            let _ = signal.add_event_listener_with_callback("abort", &resolve);
        }
        let signal = signal.clone();
        let on_timer = Closure::once_into_js(move || {
            if let Some(signal) = &signal {
                let _ = signal.remove_event_listener_with_callback("abort", &resolve);
            }
            let _ = resolve.call0(&JsValue::UNDEFINED);
        });
        set_timeout(&on_timer, ms.max(0.0));
    })
}

async fn send(fetch: Option<Function>, request: HttpRequest, signal: Option<AbortSignal>) -> Result<HttpResponse, TransportError> {
    // One controller aborts the fetch on the caller's signal or on our timeout.
    let controller = AbortController::new().map_err(|e| TransportError::NotSent(describe(&e)))?;
    let forward = signal.as_ref().map(|outer| {
        let inner = controller.clone();
        let listener = Closure::<dyn FnMut()>::new(move || inner.abort());
        let _ = outer.add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
        (outer.clone(), listener)
    });
    if signal.as_ref().is_some_and(|s| s.aborted()) {
        return Err(TransportError::Aborted);
    }
    let timer = request.timeout_ms.map(|ms| {
        let inner = controller.clone();
        let on_timeout = Closure::once_into_js(move || inner.abort());
        set_timeout(&on_timeout, ms)
    });

    let result = exchange(fetch, &request, &controller.signal()).await;

    if let Some(handle) = &timer {
        clear_timeout(handle);
    }
    if let Some((outer, listener)) = forward {
        let _ = outer.remove_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
    }
    match result {
        Ok(response) => Ok(response),
        Err(_) if signal.as_ref().is_some_and(|s| s.aborted()) => Err(TransportError::Aborted),
        Err(_) if controller.signal().aborted() => Err(TransportError::Failed(format!(
            "no answer within {} s",
            request.timeout_ms.unwrap_or_default() / 1000.0
        ))),
        Err(error) => Err(error),
    }
}

async fn exchange(fetch: Option<Function>, request: &HttpRequest, signal: &AbortSignal) -> Result<HttpResponse, TransportError> {
    // fetch(url, init) with a plain headers object: no intermediate Request objects, which
    // cost more than the rest of a call in Node's fetch.
    let headers = js_sys::Object::new();
    for (name, value) in &request.headers {
        let _ = Reflect::set(&headers, &JsValue::from_str(name), &JsValue::from_str(value));
    }
    let init = RequestInit::new();
    init.set_method(request.method);
    init.set_headers(&headers);
    init.set_signal(Some(signal));
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    let fetch = match fetch {
        Some(fetch) => fetch,
        None => Reflect::get(&js_sys::global(), &JsValue::from_str("fetch"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(|| TransportError::NotSent("no global fetch: pass the `fetch` option".into()))?,
    };
    let promise = fetch
        .call2(&JsValue::UNDEFINED, &JsValue::from_str(&request.url), &init)
        .map_err(|e| TransportError::NotSent(describe(&e)))?;
    let response = JsFuture::from(Promise::resolve(&promise)).await.map_err(classify)?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| TransportError::Failed("fetch resolved to something that is not a Response".into()))?;
    let response = gloo_net::http::Response::from(response);
    let status = response.status();
    let retry_after_sec = response.headers().get("retry-after").and_then(|v| v.trim().parse::<f64>().ok());
    let body = response.text().await.map_err(|e| TransportError::Failed(e.to_string()))?;
    Ok(HttpResponse { status, body, retry_after_sec })
}

/// Node's fetch (undici) says why a connection failed in `error.cause.code`; a refused or
/// unresolvable connection never reached the server. Browsers give only
/// `TypeError: Failed to fetch`, which may also be a CORS refusal or a reset: ambiguous.
fn classify(error: JsValue) -> TransportError {
    let code = Reflect::get(&error, &JsValue::from_str("cause"))
        .ok()
        .and_then(|cause| Reflect::get(&cause, &JsValue::from_str("code")).ok())
        .and_then(|code| code.as_string());
    let message = describe(&error);
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
        .unwrap_or_else(|| "unknown error".to_string())
}
