//! Token auth: one login at a time however many requests need a token (single flight), and
//! a fresh login when the facilitator says the token expired.

use std::rc::Rc;

use futures_util::future::FutureExt;

use super::platform::Platform;
use super::transport::Call;
use super::Inner;
use crate::core::signing::auth::{login_body, login_message};
use crate::core::{Error, Result};

/// How many times a whole login (nonce + signed login) is tried when it fails on the way.
const LOGIN_ATTEMPTS: u32 = 3;

impl<P: Platform> Inner<P> {
    /// The current token, logging in first when there is none (concurrent callers share one login).
    pub(crate) async fn token(self: &Rc<Self>) -> Result<String> {
        let pending = {
            let mut slot = self.token.borrow_mut();
            match slot.as_ref() {
                Some(shared) => shared.clone(),
                None => {
                    let inner = Rc::clone(self);
                    let shared = async move { inner.login().await }.boxed_local().shared();
                    *slot = Some(shared.clone());
                    shared
                }
            }
        };
        let result = pending.clone().await;
        if result.is_err() {
            // A failed login must not be cached: the next call tries again. Only this login is
            // dropped, not a newer one that a later caller already started.
            let mut slot = self.token.borrow_mut();
            if slot.as_ref().is_some_and(|current| current.ptr_eq(&pending)) {
                slot.take();
            }
        }
        result
    }

    /// The token when a login has already succeeded (no waiting).
    pub(crate) fn ready_token(&self) -> Option<String> {
        self.token.borrow().as_ref().and_then(|shared| shared.peek()).and_then(|result| result.as_ref().ok().cloned())
    }

    /// Drops `used` so that the next request logs in again (unless another request already did).
    pub(crate) fn forget_token(&self, used: Option<&str>) {
        let mut slot = self.token.borrow_mut();
        let current = slot.as_ref().and_then(|shared| shared.peek().cloned());
        if slot.is_some() && current.is_none() {
            // A login is in flight: it started after `used` was issued, so it brings a newer
            // token; dropping it would start one more login per concurrent 401.
            return;
        }
        if let (Some(Ok(current)), Some(used)) = (&current, used) {
            if current != used {
                return;
            }
        }
        slot.take();
    }

    async fn login(self: Rc<Self>) -> Result<String> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.login_once().await {
                Err(LoginFailure::Ambiguous(_)) if attempt < LOGIN_ATTEMPTS => {
                    let delay = self.config.retry.backoff_ms(attempt, self.platform.random());
                    self.platform.sleep(delay, None).await;
                }
                Err(LoginFailure::Ambiguous(error) | LoginFailure::Final(error)) => return Err(error),
                Ok(token) => return Ok(token),
            }
        }
    }

    async fn login_once(self: &Rc<Self>) -> std::result::Result<String, LoginFailure> {
        let mut nonce_call = Call::get("auth/nonce");
        nonce_call.authenticated = false;
        // The nonce GET has its own retries: a failure here is final.
        let response = self.send(&nonce_call, None).await.map_err(LoginFailure::Final)?;
        let nonce = string_field(&response.body, "nonce").map_err(LoginFailure::Final)?;
        let signature = self.signer.sign(login_message(&nonce)).await.map_err(LoginFailure::Final)?;
        let body = login_body(&self.signer.address(), &signature, &nonce);
        // A retried login POST would reuse a spent nonce: when its outcome is unknown (5xx,
        // a broken connection), the whole login starts over with a fresh nonce instead.
        let mut login_call = Call::with_body("POST", "auth/login", body, false);
        login_call.authenticated = false;
        let response = self.send(&login_call, None).await.map_err(|error| match error.root() {
            Error::Facilitator { status, .. } if status.is_none_or(|s| s >= 500) => LoginFailure::Ambiguous(error),
            _ => LoginFailure::Final(error),
        })?;
        let token = string_field(&response.body, "token").map_err(LoginFailure::Final)?;
        check_token(&token).map_err(LoginFailure::Final)?;
        Ok(token)
    }
}

/// How a login attempt failed: worth starting over, or not.
enum LoginFailure {
    Ambiguous(Error),
    Final(Error),
}

/// Longest token accepted: a facilitator JWT is a few hundred characters.
const MAX_TOKEN_CHARS: usize = 4096;

/// A token goes into `Authorization: Bearer <token>`: it must be a header value that can be
/// sent (visible ASCII, no CR/LF) and of sane length, or no request would ever succeed. The
/// message never quotes it.
pub(crate) fn check_token(token: &str) -> Result<()> {
    let problem = if token.is_empty() {
        "is empty"
    } else if token.len() > MAX_TOKEN_CHARS {
        "is longer than 4096 characters"
    } else if !token.bytes().all(|b| b.is_ascii_graphic()) {
        "is not a valid header value (only visible ASCII characters may be sent)"
    } else {
        return Ok(());
    };
    Err(Error::malformed(format!("the login token {problem}; it was not kept")))
}

fn string_field(body: &str, field: &str) -> Result<String> {
    let value: serde_json::Value = serde_json::from_str(body).map_err(|_| Error::malformed(format!("no JSON with \"{field}\"")))?;
    value
        .get(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .ok_or_else(|| Error::malformed(format!("no \"{field}\" string")))
}
