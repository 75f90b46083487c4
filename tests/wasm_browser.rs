//! The wasm tests of tests/wasm.rs, configured to run in a browser: `wasm-pack test
//! --headless --chrome` runs only browser-configured suites, `--node` only the others.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

include!("wasm_common/cases.rs");
