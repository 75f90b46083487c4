//! BIP-39 phrases with an optional password (after the first NUL byte) from any bytes.
#![no_main]
use compute_horde_sdk::core::keys::Keypair;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (phrase, password) = match text.split_once('\0') {
        Some((phrase, password)) => (phrase, Some(password)),
        None => (&*text, None),
    };
    let _ = Keypair::from_mnemonic(phrase, password);
});
