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

/// Talc instead of the default dlmalloc: a job's answer is parsed into many small allocations,
/// where dlmalloc's malloc was the largest share of the wasm's time on the hot path (bench/hotpath.mjs); Talc is
/// faster there and smaller in the module.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
