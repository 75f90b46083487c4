//! The thin wasm-bindgen layer: JS classes over the client and the core. It moves values
//! between JS and Rust and owns no protocol logic.

pub mod client;
pub mod convert;
pub mod errors;
pub mod job;
pub mod keypair;
pub mod platform;
pub mod signer;
pub mod spec;

pub use platform::WasmPlatform;
