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
