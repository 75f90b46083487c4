//! The SDK compiled to wasm, in Node, headless Chromium and a dedicated Web Worker
//! (`scripts/test-all.sh` runs this file in each). Keys and signatures against the golden
//! vectors, and the Rust client API used directly from Rust against the facilitator
//! simulator (its URL is baked in at compile time through `CH_SIM_URL`).
#![cfg(target_arch = "wasm32")]

include!("wasm_common/cases.rs");
