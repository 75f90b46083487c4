//! SS58 addresses from any text; what decodes re-encodes to an address of the same key and
//! format (not always the same text: a two-byte prefix may spell a small format).
#![no_main]
use compute_horde_sdk::core::ss58;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok((format, key)) = ss58::decode(&text, "address") {
        assert_eq!(ss58::decode(&ss58::encode(&key, format), "address").ok(), Some((format, key)));
    }
});
