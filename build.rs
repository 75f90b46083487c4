//! Packs the BIP-39 English word list of the `bip39` crate into `$OUT_DIR/bip39_english.bin`:
//! 2048 words of at most 8 ASCII letters, each padded with zero bytes to 8, in the list's
//! (alphabetical) order, so that src/core/keys/phrase.rs can binary-search it. 16 KB of bytes
//! that compress well, instead of 2048 `&str` (28 KB of pointers and letters in the wasm).

use std::{env, fs, path::Path};

fn main() {
    let words = bip39::Language::English.word_list();
    let mut packed = Vec::with_capacity(words.len() * 8);
    for (i, word) in words.iter().enumerate() {
        assert!(word.len() <= 8 && word.bytes().all(|b| b.is_ascii_lowercase()), "word {i} is not 1-8 ASCII letters");
        assert!(i == 0 || words[i - 1] < *word, "the English list is sorted");
        let mut slot = [0u8; 8];
        slot[..word.len()].copy_from_slice(word.as_bytes());
        packed.extend_from_slice(&slot);
    }
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("bip39_english.bin");
    fs::write(out, packed).expect("writing the packed word list");
    println!("cargo:rerun-if-changed=build.rs");
}
