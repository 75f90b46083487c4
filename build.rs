//! Packs the BIP-39 English word list of the `bip39` crate into `$OUT_DIR/bip39_english.rs`:
//! `WORDS: [[u8; 8]; 2048]`, each word's ASCII letters padded with zero bytes, in the list's
//! (alphabetical) order, so that src/core/keys/phrase.rs can binary-search it. 16 KB of bytes
//! that compress well, instead of 2048 `&str` (28 KB of pointers and letters in the wasm).

use std::{env, fs, path::Path};

fn main() {
    let words = bip39::Language::English.word_list();
    let mut source = String::from("static WORDS: [[u8; 8]; 2048] = [\n");
    for (i, word) in words.iter().enumerate() {
        assert!(word.len() <= 8 && word.bytes().all(|b| b.is_ascii_lowercase()), "word {i} is not 1-8 ASCII letters");
        assert!(i == 0 || words[i - 1] < *word, "the English list is sorted");
        source.push_str(&format!("    *b\"{word}{}\",\n", "\\0".repeat(8 - word.len())));
    }
    source.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("bip39_english.rs");
    fs::write(out, source).expect("writing the packed word list");
    println!("cargo:rerun-if-changed=build.rs");
}
