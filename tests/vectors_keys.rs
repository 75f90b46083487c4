//! keys.json: key derivation (URIs, mnemonics, seeds), mnemonic errors, SS58 acceptance and
//! bittensor keyfiles, exactly as bittensor_wallet 4.1.1 recorded them.

mod common;

use common::{s, vector};
use compute_horde_sdk::core::keys::Keypair;
use compute_horde_sdk::core::{ss58, Error};
use serde_json::Value;

fn field_and_message(error: &Error) -> (&str, &str) {
    match error {
        Error::Type { field, message } | Error::Range { field, message } => (field, message),
        other => panic!("expected a TypeError or RangeError, got {other:?}"),
    }
}

/// Alphanumeric tokens of a text, to check that no word of a secret appears in a message.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn every_key_derivation_gives_the_recorded_public_key_and_address() {
    let v = vector("keys.json");
    let keys = v["keys"].as_array().unwrap();
    for case in keys {
        let argument = s(&case["argument"]);
        let keypair = match s(&case["constructor"]) {
            "Keypair.create_from_uri" => Keypair::from_uri(argument),
            "Keypair.create_from_mnemonic" => Keypair::from_mnemonic(argument, None),
            "Keypair.create_from_seed" => Keypair::from_seed_hex(argument),
            other => panic!("unknown constructor {other}"),
        }
        .unwrap_or_else(|e| panic!("{}: {e}", case["id"]));
        assert_eq!(
            hex::encode(keypair.public_key()),
            s(&case["public_key_hex"]),
            "{}",
            case["id"]
        );
        assert_eq!(
            keypair.ss58_address(),
            s(&case["ss58_address"]),
            "{}",
            case["id"]
        );
        let format = case["ss58_format"].as_u64().unwrap() as u16;
        assert_eq!(
            ss58::encode(&keypair.public_key(), format),
            s(&case["ss58_address"])
        );
    }

    let mnemonic_errors = v["mnemonic_errors"].as_array().unwrap();
    let mut messages = Vec::new();
    for case in mnemonic_errors {
        assert_eq!(case["accepted"], Value::Bool(false));
        let phrase = s(&case["argument"]);
        let error = Keypair::from_mnemonic(phrase, None).expect_err(s(&case["id"]));
        let (field, message) = field_and_message(&error);
        assert_eq!(field, "mnemonic");
        let expected_hint = match s(&case["id"]) {
            "mnemonic_with_path" => "derivation path",
            "bad_checksum" => "checksum",
            "unknown_word" => "word 12 ",
            "eleven_words" => "has 11",
            other => panic!("unknown mnemonic error case {other}"),
        };
        assert!(
            message.contains(expected_hint),
            "{message:?} should mention {expected_hint:?}"
        );
        let phrase_words = tokens(phrase);
        for token in tokens(&error.to_string()) {
            assert!(
                !phrase_words.contains(&token),
                "error {error} repeats the phrase word {token:?}"
            );
        }
        messages.push(message.to_string());
    }
    let mut distinct = messages.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        messages.len(),
        "each mnemonic error has its own message"
    );

    let ss58_cases = v["ss58_cases"].as_array().unwrap();
    for case in ss58_cases {
        let address = s(&case["address"]);
        let accepted = case["accepted_by_bittensor_wallet"].as_bool().unwrap();
        assert_eq!(ss58::is_valid(address), accepted, "{}", case["id"]);
        if accepted {
            let public_key = ss58::public_key_of(address, "validatorHotkey").unwrap();
            assert_eq!(hex::encode(public_key), s(&case["public_key_hex"]));
        } else {
            let error = ss58::decode(address, "validatorHotkey").expect_err(s(&case["id"]));
            let (field, message) = field_and_message(&error);
            assert_eq!(field, "validatorHotkey");
            assert!(!message.is_empty());
            assert!(
                error.to_string().starts_with("validatorHotkey: "),
                "{error}"
            );
        }
    }

    println!(
        "keys.json: {} keys, {} mnemonic_errors, {} ss58_cases checked",
        keys.len(),
        mnemonic_errors.len(),
        ss58_cases.len()
    );
    assert!(!keys.is_empty() && !mnemonic_errors.is_empty() && !ss58_cases.is_empty());
}

#[test]
fn every_recorded_hotkey_file_loads_to_its_address_and_public_files_are_refused() {
    let v = vector("keys.json");
    let wallet = &v["keyfiles"]["regenerated_wallet"];
    let files = &wallet["files"];
    let mut loaded = 0;

    let hotkey = &files[s(&wallet["hotkey_path"])];
    for keypair in [
        Keypair::from_json(s(&hotkey["contents"])).unwrap(),
        Keypair::from_json_value(&hotkey["parsed"]).unwrap(),
    ] {
        assert_eq!(keypair.ss58_address(), s(&wallet["expected_hotkey_ss58"]));
        assert_eq!(
            hex::encode(keypair.public_key()),
            s(&wallet["expected_hotkey_public_key_hex"])
        );
        loaded += 1;
    }

    // The same file without its phrase loads from privateKey alone.
    let mut without_phrase = hotkey["parsed"].clone();
    without_phrase
        .as_object_mut()
        .unwrap()
        .remove("secretPhrase")
        .unwrap();
    let keypair = Keypair::from_json_value(&without_phrase).unwrap();
    assert_eq!(keypair.ss58_address(), s(&wallet["expected_hotkey_ss58"]));
    loaded += 1;

    let mut refused = 0;
    for path in [s(&wallet["coldkeypub_path"]), s(&wallet["hotkeypub_path"])] {
        let error = Keypair::from_json(s(&files[path]["contents"])).expect_err(path);
        let (field, message) = field_and_message(&error);
        assert_eq!(field, "hotkeyFile");
        assert!(message.contains("only a public key"), "{message}");
        refused += 1;
    }

    let set_hotkey = v["keyfiles"]["set_hotkey_keyfiles"].as_array().unwrap();
    for case in set_hotkey {
        let contents = s(&case["contents"]);
        assert_eq!(hex::encode(contents), s(&case["contents_hex"]));
        for keypair in [
            Keypair::from_json(contents).unwrap_or_else(|e| panic!("{}: {e}", case["id"])),
            Keypair::from_json_value(&case["parsed"]).unwrap(),
        ] {
            assert_eq!(
                keypair.ss58_address(),
                s(&case["expected_ss58"]),
                "{}",
                case["id"]
            );
            assert_eq!(
                hex::encode(keypair.public_key()),
                s(&case["expected_public_key_hex"])
            );
            loaded += 1;
        }
        if case["create_from_private_key_gives_same_address"] == Value::Bool(true) {
            let private_key = s(&case["parsed"]["privateKey"]);
            let secret = hex::decode(private_key.trim_start_matches("0x")).unwrap();
            let keypair = Keypair::from_expanded_secret(&secret).unwrap();
            assert_eq!(keypair.ss58_address(), s(&case["expected_ss58"]));
        }
    }

    println!(
        "keys.json: {loaded} hotkey file loads ({} set_hotkey_keyfiles + regenerated wallet), {refused} public-only files refused",
        set_hotkey.len()
    );
    assert!(!set_hotkey.is_empty() && loaded == 2 * (set_hotkey.len() + 1) + 1 && refused == 2);
}

#[test]
fn a_hotkey_file_whose_address_does_not_match_its_secret_is_refused() {
    let v = vector("keys.json");
    let case = &v["keyfiles"]["set_hotkey_keyfiles"][0];
    let mut parsed = case["parsed"].clone();
    parsed["ss58Address"] =
        Value::String("5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty".into());
    let error = Keypair::from_json_value(&parsed).unwrap_err();
    let (field, message) = field_and_message(&error);
    assert_eq!(field, "hotkeyFile");
    assert!(message.contains("ss58Address"), "{message}");

    let mut parsed = case["parsed"].clone();
    parsed["publicKey"] =
        Value::String("0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48".into());
    assert!(Keypair::from_json_value(&parsed).is_err());
}

#[test]
fn encrypted_or_garbled_hotkey_files_are_refused_as_unsupported_without_echoing_them() {
    for text in [
        "$NACL\u{1}secret-bytes",
        "$ANSIBLE_VAULT;1.1;AES256\n6162",
        "gAAAAABsecret",
        "not json",
    ] {
        let error = Keypair::from_json(text).unwrap_err();
        let (field, message) = field_and_message(&error);
        assert_eq!(field, "hotkeyFile");
        assert!(message.contains("encrypted"), "{message}");
        assert!(!message.contains("secret"), "{message}");
    }
    let error = Keypair::from_json("[1, 2]").unwrap_err();
    assert!(error.to_string().contains("JSON object"), "{error}");
}

#[test]
fn a_hotkey_file_with_a_bad_phrase_names_the_member_but_not_the_words() {
    let file = r#"{"secretPhrase":"legal winner thank year wave sausage worth useful legal winner thank thank"}"#;
    let error = Keypair::from_json(file).unwrap_err();
    let (field, message) = field_and_message(&error);
    assert_eq!(field, "hotkeyFile");
    assert!(
        message.starts_with("secretPhrase: ") && message.contains("checksum"),
        "{message}"
    );
    for word in ["legal", "winner", "thank", "sausage"] {
        assert!(!tokens(message).contains(&word.to_string()), "{message}");
    }
}

#[test]
fn debug_of_a_keypair_shows_only_its_address() {
    let v = vector("keys.json");
    for case in v["keyfiles"]["set_hotkey_keyfiles"].as_array().unwrap() {
        let keypair = Keypair::from_json(s(&case["contents"])).unwrap();
        let debug = format!("{keypair:?}");
        let private_hex = s(&case["parsed"]["privateKey"]).trim_start_matches("0x");
        assert!(debug.contains(s(&case["expected_ss58"])), "{debug}");
        assert!(
            !debug.contains(&private_hex[..16]) && !debug.contains(&private_hex[64..80]),
            "{debug}"
        );
        assert!(
            !debug.chars().any(|c| c == '['),
            "no byte arrays in {debug}"
        );
    }
    let seed_debug = format!(
        "{:?}",
        Keypair::from_seed_hex(s(&v["constants"]["SEED_HEX"])).unwrap()
    );
    assert!(!seed_debug.contains("000102030405"), "{seed_debug}");
}

#[test]
fn uri_errors_name_the_uri_field_and_do_not_repeat_the_secret() {
    let bad_phrase =
        "legal winner thank year wave sausage worth useful legal winner thank thank//hot";
    let error = Keypair::from_uri(bad_phrase).unwrap_err();
    assert_eq!(field_and_message(&error).0, "uri");
    assert!(error.to_string().contains("checksum"), "{error}");
    for token in tokens(&error.to_string()) {
        assert!(
            !tokens(bad_phrase).contains(&token) || token == "hot",
            "{error} repeats {token}"
        );
    }
    for uri in [
        "",
        "//",
        "//Alice/",
        "0x0011//x",
        "0xzz",
        "phrase-with-dash//x",
        "//Alice//",
    ] {
        let error = Keypair::from_uri(uri).expect_err(uri);
        assert_eq!(field_and_message(&error).0, "uri", "{uri}");
    }
}

#[test]
fn uri_forms_agree_with_each_other() {
    let alice = Keypair::from_uri("//Alice").unwrap().ss58_address();
    // A bare `///password` is the development phrase with that password.
    let dev_pass = Keypair::from_mnemonic(
        "bottom drive obey lake curtain smoke basket hold race lonely fit walk",
        Some("pass"),
    )
    .unwrap();
    assert_eq!(
        Keypair::from_uri("///pass").unwrap().ss58_address(),
        dev_pass.ss58_address()
    );
    // `+1` parses as the number 1 in Substrate (Rust's u64 parser), so it is the same junction.
    assert_eq!(
        Keypair::from_uri("//Alice//1").unwrap().ss58_address(),
        Keypair::from_uri("//Alice//+1").unwrap().ss58_address()
    );
    assert_ne!(
        Keypair::from_uri("//Alice//1").unwrap().ss58_address(),
        alice
    );
    // A junction longer than 32 encoded bytes is hashed, not truncated.
    let long = "x".repeat(40);
    assert_ne!(
        Keypair::from_uri(&format!("//{long}"))
            .unwrap()
            .ss58_address(),
        Keypair::from_uri(&format!("//{}y", &long[..39]))
            .unwrap()
            .ss58_address()
    );
    // Hard and soft junctions with the same name differ; a junction password splits correctly.
    assert_ne!(
        Keypair::from_uri("//Alice/x").unwrap().ss58_address(),
        Keypair::from_uri("//Alice//x").unwrap().ss58_address()
    );
    assert_eq!(
        Keypair::from_uri("//Alice///p/w").unwrap().ss58_address(),
        Keypair::from_uri(
            "bottom drive obey lake curtain smoke basket hold race lonely fit walk//Alice///p/w"
        )
        .unwrap()
        .ss58_address()
    );
}

#[test]
fn seeds_of_the_wrong_length_or_format_are_refused() {
    let error = Keypair::from_seed(&[7u8; 31]).unwrap_err();
    assert!(
        matches!(&error, Error::Range { field, .. } if field == "seed"),
        "{error:?}"
    );
    let error = Keypair::from_seed_hex("0x00").unwrap_err();
    assert!(
        matches!(&error, Error::Range { field, .. } if field == "seed"),
        "{error:?}"
    );
    let error = Keypair::from_seed_hex("not hex").unwrap_err();
    assert!(
        matches!(&error, Error::Type { field, .. } if field == "seed"),
        "{error:?}"
    );
    assert!(Keypair::from_expanded_secret(&[1u8; 63]).is_err());
}

#[test]
fn generated_keys_are_random_and_come_back_from_their_mnemonic() {
    let (first, phrase) = Keypair::generate().unwrap();
    let (second, other_phrase) = Keypair::generate().unwrap();
    assert_eq!(phrase.split(' ').count(), 12);
    assert_ne!(phrase, other_phrase);
    assert_ne!(first.public_key(), second.public_key());
    assert_eq!(
        Keypair::from_mnemonic(&phrase, None).unwrap().public_key(),
        first.public_key()
    );
    assert_eq!(
        Keypair::from_uri(&phrase).unwrap().public_key(),
        first.public_key()
    );
}

#[test]
fn ss58_round_trips_one_and_two_byte_prefixes() {
    let alice = Keypair::from_uri("//Alice").unwrap().public_key();
    for format in [0u16, 2, 42, 63, 64, 255, 1000, 16383] {
        let address = ss58::encode(&alice, format);
        assert_eq!(
            ss58::decode(&address, "address").unwrap(),
            (format, alice),
            "format {format}"
        );
    }
    assert_eq!(
        ss58::encode(&alice, 0),
        "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5"
    );
    // Substrate reserves formats 46 and 47.
    assert!(!ss58::is_valid(&ss58::encode(&alice, 46)));
}
