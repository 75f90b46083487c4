//! One API call from the client's point of view: authentication headers, retries with
//! backoff, one re-login on an expired token, and errors that say what happened.

use std::future::Future;
use std::rc::Rc;

use super::config::AuthMode;
use super::platform::{HttpRequest, HttpResponse, Platform, TransportError};
use super::retry::Decision;
use super::Inner;
use crate::core::error::truncate_body;
use crate::core::signing::auth::{hotkey_auth_headers, hotkey_auth_payload, REALM, SUBNET_ID};
use crate::core::{Error, Result};

/// A request relative to the facilitator base URL.
pub(crate) struct Call {
    pub method: &'static str,
    /// Path and query, relative to the base URL (`api/v1/jobs/?page=1`).
    pub path: String,
    pub body: Option<String>,
    /// Extra headers (the `X-CH-*` signature), sent before the auth headers as the Python SDK.
    pub headers: Vec<(String, String)>,
    /// Whether repeating the call after an ambiguous failure is harmless.
    pub idempotent: bool,
    /// Whether to add the API auth headers (not for `auth/nonce` and `auth/login`).
    pub authenticated: bool,
    /// A wait's deadline (`Platform::now_ms` time): no attempt, pause or request in flight
    /// outlasts it.
    pub deadline_ms: Option<f64>,
}

impl Call {
    pub fn get(path: impl Into<String>) -> Self {
        Call { method: "GET", path: path.into(), body: None, headers: Vec::new(), idempotent: true, authenticated: true, deadline_ms: None }
    }

    pub fn with_body(method: &'static str, path: impl Into<String>, body: String, idempotent: bool) -> Self {
        Call { method, path: path.into(), body: Some(body), headers: Vec::new(), idempotent, authenticated: true, deadline_ms: None }
    }
}

const TOKEN_EXPIRED: &str = "Token expired";

/// The longest delay a JS timer takes (2^31 - 1 ms); a longer one would fire at once.
const LONGEST_TIMER_MS: f64 = 2_147_483_647.0;

impl<P: Platform> Inner<P> {
    /// Sends `call`, retrying as the policy allows; returns the 2xx response or an error.
    pub(crate) async fn send(self: &Rc<Self>, call: &Call, signal: Option<&P::Signal>) -> Result<HttpResponse> {
        let url = format!("{}{}", self.config.facilitator_url, call.path);
        let mut attempt = 0;
        let mut logged_in_again = false;
        loop {
            attempt += 1;
            if signal.is_some_and(|s| self.platform.is_aborted(s)) {
                return Err(Error::aborted());
            }
            let left_ms = self.time_left(call)?;
            let (mut request, token) = self.build_request(call, &url, signal).await?;
            if let Some(left) = left_ms {
                request.timeout_ms = Some(request.timeout_ms.map_or(left, |t| t.min(left)));
            }
            let outcome = self.platform.fetch(request, signal).await;
            if let Ok(response) = &outcome {
                let expired = response.status == 401 && response.body.contains(TOKEN_EXPIRED);
                if expired && self.config.auth == AuthMode::Token && call.authenticated && !logged_in_again {
                    logged_in_again = true;
                    attempt -= 1;
                    self.forget_token(token.as_deref());
                    continue;
                }
            }
            match self.config.retry.decide(attempt, call.idempotent, &outcome, self.platform.random()) {
                Decision::Done => {
                    return match outcome {
                        Ok(response) if (200..300).contains(&response.status) => Ok(response),
                        Ok(response) => Err(http_error(call, &response)),
                        Err(error) => Err(transport_error(call, error, false)),
                    }
                }
                Decision::RetryAfter(delay) => {
                    let delay = self.time_left(call)?.map_or(delay, |left| delay.min(left));
                    self.platform.sleep(delay, signal).await
                }
                Decision::GiveUp { ambiguous } => {
                    return Err(match outcome {
                        Ok(response) if ambiguous => ambiguous_error(call, &response),
                        Ok(response) => http_error(call, &response),
                        Err(error) => transport_error(call, error, ambiguous),
                    })
                }
            }
        }
    }

    /// A login for a call with a deadline or a signal: the call gives up on it at the deadline
    /// or when the signal fires (the login itself goes on for the next caller).
    async fn token_within(self: &Rc<Self>, call: &Call, signal: Option<&P::Signal>) -> Result<String> {
        let left = self.time_left(call)?;
        if left.is_none() && signal.is_none() {
            return self.token().await;
        }
        let mut login = Box::pin(self.token());
        // The timer is armed only when the login does not finish at once.
        let at_once = std::future::poll_fn(|cx| match login.as_mut().poll(cx) {
            std::task::Poll::Ready(token) => std::task::Poll::Ready(Some(token)),
            std::task::Poll::Pending => std::task::Poll::Ready(None),
        })
        .await;
        if let Some(token) = at_once {
            return token;
        }
        let stop = self.platform.sleep(left.unwrap_or(LONGEST_TIMER_MS), signal);
        match futures_util::future::select(login, stop).await {
            futures_util::future::Either::Left((token, _)) => token,
            futures_util::future::Either::Right(_) if signal.is_some_and(|s| self.platform.is_aborted(s)) => Err(Error::aborted()),
            futures_util::future::Either::Right(_) => {
                Err(Error::facilitator(format!("{}: logging in did not finish before the deadline", describe(call))))
            }
        }
    }

    /// Milliseconds left before the call's deadline (`None`: no deadline); an error once it passed.
    fn time_left(&self, call: &Call) -> Result<Option<f64>> {
        let Some(deadline) = call.deadline_ms else { return Ok(None) };
        let left = deadline - self.platform.now_ms();
        // A poll exactly at the deadline still goes out (a last look at the job), cut at once.
        if left >= 0.0 {
            Ok(Some(left.max(1.0)))
        } else {
            Err(Error::facilitator(format!("{} did not finish before the deadline", describe(call))))
        }
    }

    /// The request with fresh auth headers, and the token they carry (if any).
    async fn build_request(self: &Rc<Self>, call: &Call, url: &str, signal: Option<&P::Signal>) -> Result<(HttpRequest, Option<String>)> {
        let mut headers = call.headers.clone();
        let mut token = None;
        if call.authenticated {
            match self.config.auth {
                AuthMode::Token => {
                    let value = match self.ready_token() {
                        Some(value) => value,
                        None => self.token_within(call, signal).await?,
                    };
                    headers.push(("Authorization".into(), format!("Bearer {value}")));
                    headers.push(("Realm".into(), REALM.into()));
                    headers.push(("SubnetID".into(), SUBNET_ID.into()));
                    token = Some(value);
                }
                AuthMode::Hotkey => {
                    let nonce = nonce_text(self.platform.now_ms());
                    let address = self.signer.address();
                    let payload = hotkey_auth_payload(call.method, url, &address, &nonce);
                    let signature = self.signer.sign(payload.data_to_sign.into_bytes()).await?;
                    for (name, value) in hotkey_auth_headers(&address, &nonce, &signature) {
                        headers.push((name.to_string(), value));
                    }
                }
            }
        }
        if call.body.is_some() {
            headers.push(("Content-Type".into(), "application/json".into()));
        }
        let request = HttpRequest {
            method: call.method,
            url: url.to_string(),
            headers,
            body: call.body.clone(),
            timeout_ms: self.config.request_timeout_ms,
            max_response_bytes: self.config.max_response_bytes,
        };
        Ok((request, token))
    }
}

fn describe(call: &Call) -> String {
    let path = call.path.split('?').next().unwrap_or_default();
    format!("{} {}", call.method, path)
}

fn http_error(call: &Call, response: &HttpResponse) -> Error {
    let excerpt = truncate_body(response.body.trim()).chars().take(200).collect::<String>();
    Error::http(
        response.status,
        &response.body,
        format!("{} failed with HTTP {}: {}", describe(call), response.status, excerpt),
    )
}

/// What an ambiguous failure of `call` means for the caller, after "; ".
fn ambiguity(call: &Call) -> &'static str {
    if call.path.starts_with("api/v1/job-docker/") {
        "the request may or may not have been processed (a job may or may not have been created): \
         check with getJobs() before sending it again"
    } else if call.path.starts_with("auth/") {
        // A login whose outcome is unknown is started over with a fresh nonce: nothing to check.
        "the login may or may not have been accepted"
    } else {
        "the request may or may not have been processed: check before sending it again"
    }
}

fn ambiguous_error(call: &Call, response: &HttpResponse) -> Error {
    Error::Facilitator {
        message: format!("{} failed with HTTP {}; {}", describe(call), response.status, ambiguity(call)),
        status: Some(response.status),
        body: Some(truncate_body(&response.body)),
    }
}

fn transport_error(call: &Call, error: TransportError, ambiguous: bool) -> Error {
    match error {
        TransportError::Caused(error, cause) => Error::WithCause { error: Box::new(transport_error(call, *error, ambiguous)), cause },
        TransportError::Aborted if !call.idempotent => Error::Aborted {
            message: format!("{} was aborted while in flight; {}", describe(call), ambiguity(call)),
        },
        TransportError::Aborted => Error::aborted(),
        TransportError::Refused(reason) => {
            let tail = if ambiguous { format!("; {}", ambiguity(call)) } else { String::new() };
            Error::facilitator(format!("{} got an answer the client refuses: {reason}{tail}", describe(call)))
        }
        TransportError::NotSent(reason) | TransportError::Failed(reason) => {
            let tail = if ambiguous { format!("; {}", ambiguity(call)) } else { String::new() };
            Error::facilitator(format!("{} could not reach the facilitator: {reason}{tail}", describe(call)))
        }
    }
}

/// The hotkey-auth nonce: the time in seconds with six decimals, as `{:.6}` of `ms / 1000`
/// prints it, from whole microseconds (no float formatter in the module for it).
pub(crate) fn nonce_text(now_ms: f64) -> String {
    let micros = (now_ms.max(0.0) * 1000.0).round() as u64;
    format!("{}.{:06}", micros / 1_000_000, micros % 1_000_000)
}

#[cfg(test)]
mod tests {
    use super::nonce_text;

    #[test]
    fn the_nonce_is_what_float_formatting_printed() {
        let mut ms: u64 = 1_740_000_000_123;
        for _ in 0..20_000 {
            ms = ms.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1) % 4_000_000_000_000;
            assert_eq!(nonce_text(ms as f64), format!("{:.6}", ms as f64 / 1000.0), "{ms}");
        }
        assert_eq!(nonce_text(0.0), "0.000000");
    }
}
