//! ComputeHorde (Bittensor subnet 12) client SDK.
//!
//! - [`core`]: the protocol in plain Rust — keys, SS58, signing payloads, request bodies,
//!   response parsing. No I/O.
//! - [`client`]: the async client over a [`client::Platform`] (HTTP, timers, clock).
//! - `wasm` (wasm32 only): the JS classes of the npm package, and
//!   [`wasm::WasmPlatform`] for Rust front ends (Yew, Leptos, ...) that use the client
//!   directly from Rust.

pub mod client;
pub mod core;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod alloc;
