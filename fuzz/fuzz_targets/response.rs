//! Facilitator answers: a job object and a job page, from any bytes. Must never panic.
#![no_main]
use compute_horde_sdk::core::response::{parse_job, parse_job_page};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_job(&text);
    let _ = parse_job_page(&text);
});
