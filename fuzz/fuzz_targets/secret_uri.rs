//! Secret URIs (`//Alice`, `<phrase>//hard/soft///password`, `0x<seed>`) from any text.
#![no_main]
use compute_horde_sdk::core::keys::Keypair;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = Keypair::from_uri(&String::from_utf8_lossy(data));
});
