//! BIP-39 English phrases to entropy and back, exactly as the `bip39` crate reads and writes
//! them (its `parse_in_normalized` and `from_entropy_in`; the tests below check both against
//! it): words split on whitespace, 12, 15, 18, 21 or 24 of them, each in the English list, and
//! a SHA-256 checksum. The word list is the `bip39` crate's, packed by build.rs; the crate
//! itself is not linked into the module (see Cargo.toml).

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

// `WORDS`: 2048 words, each zero-padded to 8 bytes, in alphabetical order.
include!(concat!(env!("OUT_DIR"), "/bip39_english.rs"));

/// Entropy and checksum bits of the longest phrase: 24 × 11 = 264 bits.
const MAX_BITS_BYTES: usize = 33;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PhraseError {
    /// The phrase has this many words, not 12, 15, 18, 21 or 24.
    WordCount(usize),
    /// The word at this (0-based) position is not in the list.
    UnknownWord(usize),
    Checksum,
}

fn word(index: usize) -> &'static str {
    let slot = WORDS.get(index).map_or(&[][..], |slot| &slot[..]);
    let len = slot.iter().position(|&b| b == 0).unwrap_or(slot.len());
    std::str::from_utf8(&slot[..len]).unwrap_or_default()
}

/// The index of `word` in the list.
fn find(word: &str) -> Option<u16> {
    // Every word is 1-8 lowercase ASCII letters: anything else (a NUL byte included, which
    // would compare equal to the padding) is not one.
    if word.is_empty() || word.len() > 8 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let mut key = [0u8; 8];
    key[..word.len()].copy_from_slice(word.as_bytes());
    WORDS.binary_search(&key).ok().and_then(|index| u16::try_from(index).ok())
}

fn bit(bytes: &[u8], index: usize) -> bool {
    bytes.get(index / 8).is_some_and(|byte| byte & (0x80 >> (index % 8)) != 0)
}

/// The entropy a phrase encodes (16 to 32 bytes), once its checksum matches.
pub(crate) fn entropy(phrase: &str) -> Result<Zeroizing<Vec<u8>>, PhraseError> {
    let count = phrase.split_whitespace().count();
    if !matches!(count, 12 | 15 | 18 | 21 | 24) {
        return Err(PhraseError::WordCount(count));
    }
    let mut bits = Zeroizing::new([0u8; MAX_BITS_BYTES]);
    for (i, word) in phrase.split_whitespace().enumerate() {
        let index = find(word).ok_or(PhraseError::UnknownWord(i))?;
        for j in 0..11 {
            if index >> (10 - j) & 1 == 1 {
                let at = i * 11 + j;
                bits[at / 8] |= 0x80 >> (at % 8);
            }
        }
    }
    // 11 bits a word: 32 of every 33 are entropy, the rest the checksum.
    let entropy_len = count / 3 * 4;
    let check = Sha256::digest(&bits[..entropy_len]);
    for i in 0..count / 3 {
        if bit(&bits[..], entropy_len * 8 + i) != bit(&check, i) {
            return Err(PhraseError::Checksum);
        }
    }
    Ok(Zeroizing::new(bits[..entropy_len].to_vec()))
}

/// The phrase of `entropy` (16 to 32 bytes, a multiple of 4; other lengths give "").
pub(crate) fn phrase(entropy: &[u8]) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::new());
    let len = entropy.len();
    if !(16..=32).contains(&len) || len % 4 != 0 {
        return out;
    }
    let mut bits = Zeroizing::new([0u8; MAX_BITS_BYTES]);
    bits[..len].copy_from_slice(entropy);
    // The checksum is the first len / 4 bits of the entropy's SHA-256 (at most 8).
    bits[len] = Sha256::digest(entropy)[0];
    for i in 0..len * 3 / 4 {
        let index = (0..11).fold(0, |index, j| index << 1 | usize::from(bit(&bits[..], i * 11 + j)));
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word(index));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(phrase: &str) -> Result<Vec<u8>, PhraseError> {
        match ::bip39::Mnemonic::parse_in_normalized(::bip39::Language::English, phrase) {
            Ok(mnemonic) => {
                let (bytes, len) = mnemonic.to_entropy_array();
                Ok(bytes[..len].to_vec())
            }
            Err(::bip39::Error::BadWordCount(n)) => Err(PhraseError::WordCount(n)),
            Err(::bip39::Error::UnknownWord(i)) => Err(PhraseError::UnknownWord(i)),
            Err(::bip39::Error::InvalidChecksum) => Err(PhraseError::Checksum),
            Err(other) => panic!("unexpected bip39 error {other:?}"),
        }
    }

    #[test]
    fn the_packed_list_is_the_bip39_crates_list() {
        let list = ::bip39::Language::English.word_list();
        for (i, expected) in list.iter().enumerate() {
            assert_eq!(word(i), *expected);
            assert_eq!(find(expected), Some(i as u16));
        }
        for not_a_word in ["", "abandonx", "Abandon", "abando", "abandon\0", "zoo\0\0\0\0\0", "zzzzzzzzz", "ünder"] {
            assert_eq!(find(not_a_word), None, "{not_a_word:?}");
        }
    }

    #[test]
    fn error_order_is_the_crates() {
        let dev = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
        for phrase in [dev, "", "abandon", &format!("{dev} walk"), &dev.replace("obey", "obay"), &dev.replace("walk", "wall"),
            &dev.replace("bottom", "Bottom"), &format!("  {}\t\n", dev.replace(' ', "\u{3000}")), &dev.replace("drive", "xx").replace("walk", "bottom")] {
            assert_eq!(entropy(phrase).map(|e| e.to_vec()), reference(phrase), "{phrase:?}");
        }
    }

    proptest! {
        #[test]
        fn phrases_of_any_entropy_match_the_crate(words in 4usize..=8, seed in proptest::collection::vec(any::<u8>(), 32)) {
            let entropy_bytes = &seed[..words * 4];
            let ours = phrase(entropy_bytes);
            let theirs = ::bip39::Mnemonic::from_entropy_in(::bip39::Language::English, entropy_bytes).unwrap().to_string();
            prop_assert_eq!(ours.as_str(), theirs.as_str());
            prop_assert_eq!(entropy(&ours).map(|e| e.to_vec()), Ok(entropy_bytes.to_vec()));
        }

        #[test]
        fn altered_phrases_are_judged_like_the_crate(seed in proptest::collection::vec(any::<u8>(), 32), words in 4usize..=8,
                                                     at in 0usize..24, with in 0usize..2048, drop in any::<bool>()) {
            let good = phrase(&seed[..words * 4]).to_string();
            let mut list: Vec<&str> = good.split(' ').collect();
            let at = at % list.len();
            if drop { list.remove(at); } else { list[at] = word(with); }
            let altered = list.join(" ");
            prop_assert_eq!(entropy(&altered).map(|e| e.to_vec()), reference(&altered));
        }
    }
}
