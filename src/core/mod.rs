//! The protocol core: plain Rust, no wasm dependency, tested with `cargo test`.
//!
//! Everything the facilitator checks byte for byte lives here: keys and their derivation,
//! SS58 addresses, the canonical signing payloads, request bodies and response parsing.
//! The wasm layer (`crate::wasm`) and the async client (`crate::client`) only move these
//! values through `fetch`, timers and JS objects.

pub mod error;
pub mod job;
pub mod keys;
pub mod response;
pub mod signing;
pub mod ss58;

pub use error::{Error, Result};

/// Milliseconds as seconds for messages ("0.25", "30"), to the millisecond: `{}` of an f64
/// would link core's float formatter (~19 KB of wasm) for these messages alone.
pub fn seconds_text(ms: f64) -> String {
    let ms = ms.max(0.0).round() as u64;
    let (secs, frac) = (ms / 1000, ms % 1000);
    if frac == 0 {
        secs.to_string()
    } else {
        format!("{secs}.{frac:03}").trim_end_matches('0').to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn seconds_text_prints_milliseconds_as_seconds() {
        for (ms, text) in [(0.0, "0"), (30_000.0, "30"), (250.0, "0.25"), (1500.0, "1.5"), (1.0, "0.001"), (200.4, "0.2")] {
            assert_eq!(super::seconds_text(ms), text);
        }
    }
}
