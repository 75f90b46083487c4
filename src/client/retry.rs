//! The retry policy, as pure decisions (no I/O) so that it is tested natively.
//!
//! - Idempotent calls (GET, PUT) are repeated on 429, 5xx and network errors.
//! - Non-idempotent calls (POST: create job, report cheated job) are repeated only when the
//!   answer proves the first attempt was not processed: 429, or a connection that was refused
//!   before anything was sent. On an ambiguous failure (5xx, reset, timeout) they fail with an
//!   error saying the call may or may not have taken effect, so a job is never created twice.
//! - A 401 whose body says the token expired is handled by the caller (log in again once).
//! - The n-th delay is drawn from [c/2, c] with c = min(min_delay_ms * 2^n, max_delay_ms)
//!   ("equal jitter": never shorter than `min_delay_ms`, and concurrent clients spread out);
//!   a numeric `Retry-After` is honoured up to the cap.

use super::platform::{HttpResponse, TransportError};

/// How often and how patiently to repeat a failed request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included (default 5, as the Python SDK).
    pub max_attempts: u32,
    /// Delay before the second attempt (default 200 ms).
    pub min_delay_ms: f64,
    /// Longest delay between two attempts (default 5 000 ms).
    pub max_delay_ms: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_attempts: 5, min_delay_ms: 200.0, max_delay_ms: 5000.0 }
    }
}

/// What to do with the outcome of one attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// A response to hand to the caller (2xx, or an error status not worth repeating).
    Done,
    /// Wait this long, then try again.
    RetryAfter(f64),
    /// Give up: the outcome is ambiguous for a non-idempotent call, or attempts are used up.
    GiveUp { ambiguous: bool },
}

impl RetryPolicy {
    /// The delay before attempt `attempt + 1` (attempts count from 1); `random` in [0, 1).
    pub fn backoff_ms(&self, attempt: u32, random: f64) -> f64 {
        let exponent = attempt.min(30) as i32;
        let ceiling = (self.min_delay_ms * 2f64.powi(exponent)).min(self.max_delay_ms);
        ceiling / 2.0 + random.clamp(0.0, 1.0) * ceiling / 2.0
    }

    /// Decides after attempt number `attempt` (from 1).
    pub fn decide(
        &self,
        attempt: u32,
        idempotent: bool,
        outcome: &Result<HttpResponse, TransportError>,
        random: f64,
    ) -> Decision {
        let retryable = match outcome {
            Ok(response) if response.status == 429 => true,
            Ok(response) if response.status >= 500 => {
                if !idempotent {
                    return Decision::GiveUp { ambiguous: true };
                }
                true
            }
            Ok(_) => return Decision::Done,
            Err(error) => match error.root() {
                TransportError::NotSent(_) => true,
                TransportError::Failed(_) => {
                    if !idempotent {
                        return Decision::GiveUp { ambiguous: true };
                    }
                    true
                }
                // The server answered: a POST may have taken effect, and asking again would
                // get the same refused answer.
                TransportError::Refused(_) => return Decision::GiveUp { ambiguous: !idempotent },
                TransportError::Aborted | TransportError::Caused(..) => false,
            },
        };
        if !retryable || attempt >= self.max_attempts {
            return Decision::GiveUp { ambiguous: false };
        }
        let mut delay = self.backoff_ms(attempt, random);
        if let Ok(HttpResponse { retry_after_sec: Some(seconds), .. }) = outcome {
            // NaN and negative values leave the backoff as it is; huge ones stop at the cap.
            if *seconds >= 0.0 {
                delay = delay.max(seconds * 1000.0).min(self.max_delay_ms);
            }
        }
        Decision::RetryAfter(delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse { status: code, body: String::new(), retry_after_sec: None })
    }

    #[test]
    fn get_is_retried_on_429_5xx_and_network_errors_until_attempts_run_out() {
        let policy = RetryPolicy::default();
        for outcome in [status(429), status(500), status(503), Err(TransportError::Failed("reset".into()))] {
            assert!(matches!(policy.decide(1, true, &outcome, 0.5), Decision::RetryAfter(_)));
            assert_eq!(policy.decide(5, true, &outcome, 0.5), Decision::GiveUp { ambiguous: false });
        }
    }

    #[test]
    fn post_is_never_repeated_after_an_ambiguous_failure() {
        let policy = RetryPolicy::default();
        for outcome in [status(500), status(502), status(504), Err(TransportError::Failed("timeout".into()))] {
            assert_eq!(policy.decide(1, false, &outcome, 0.5), Decision::GiveUp { ambiguous: true });
        }
    }

    #[test]
    fn post_is_repeated_when_the_answer_proves_it_was_not_processed() {
        let policy = RetryPolicy::default();
        assert!(matches!(policy.decide(1, false, &status(429), 0.0), Decision::RetryAfter(_)));
        let refused = Err(TransportError::NotSent("ECONNREFUSED".into()));
        assert!(matches!(policy.decide(1, false, &refused, 0.0), Decision::RetryAfter(_)));
    }

    #[test]
    fn client_errors_and_successes_are_final() {
        let policy = RetryPolicy::default();
        for code in [200, 201, 400, 401, 404] {
            assert_eq!(policy.decide(1, true, &status(code), 0.5), Decision::Done);
        }
        assert_eq!(
            policy.decide(1, true, &Err(TransportError::Aborted), 0.5),
            Decision::GiveUp { ambiguous: false }
        );
    }

    #[test]
    fn backoff_doubles_from_min_delay_with_jitter_and_is_capped() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff_ms(1, 0.0), 200.0);
        assert_eq!(policy.backoff_ms(1, 1.0), 400.0);
        assert_eq!(policy.backoff_ms(2, 0.0), 400.0);
        assert_eq!(policy.backoff_ms(3, 1.0), 1600.0);
        assert_eq!(policy.backoff_ms(10, 1.0), 5000.0);
        assert_eq!(policy.backoff_ms(10, 0.0), 2500.0);
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let policy = RetryPolicy::default();
        let slow = Ok(HttpResponse { status: 429, body: String::new(), retry_after_sec: Some(2.0) });
        assert_eq!(policy.decide(1, false, &slow, 0.0), Decision::RetryAfter(2000.0));
        let long = Ok(HttpResponse { status: 429, body: String::new(), retry_after_sec: Some(60.0) });
        assert_eq!(policy.decide(1, false, &long, 0.0), Decision::RetryAfter(5000.0));
    }
}
