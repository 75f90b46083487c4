//! ISO 8601 date-times from any text: a finite number of milliseconds or None, never a panic.
#![no_main]
use compute_horde_sdk::core::response::parse_iso8601_ms;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(ms) = parse_iso8601_ms(&String::from_utf8_lossy(data)) {
        assert!(ms.is_finite());
    }
});
