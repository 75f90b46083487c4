//! signatures.json: sr25519 verification as bittensor_wallet and the facilitator run it, and
//! our own signatures.

use compute_horde_sdk::core::keys::{self, Keypair};
use compute_horde_sdk::core::ss58;
use serde_json::Value;

fn vectors() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/signatures.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn bytes(case: &Value, name: &str) -> Vec<u8> {
    hex::decode(
        case[name]
            .as_str()
            .unwrap_or_else(|| panic!("{name} missing")),
    )
    .unwrap()
}

fn public_key(case: &Value) -> [u8; 32] {
    ss58::public_key_of(case["ss58"].as_str().unwrap(), "ss58").unwrap()
}

#[test]
fn recorded_signatures_verify_and_tampered_ones_do_not() {
    let v = vectors();
    assert_eq!(
        v["signing_context"].as_str().unwrap().as_bytes(),
        keys::SIGNING_CONTEXT
    );

    let signers = v["keys"].as_object().unwrap();
    for (name, key) in signers {
        let keypair = Keypair::from_uri(key["source"].as_str().unwrap()).unwrap();
        assert_eq!(
            keypair.ss58_address(),
            key["ss58"].as_str().unwrap(),
            "{name}"
        );
        assert_eq!(
            hex::encode(keypair.public_key()),
            key["public_key_hex"].as_str().unwrap()
        );
    }

    let valid = v["valid"].as_array().unwrap();
    for case in valid {
        assert_eq!(case["expect_verify"], Value::Bool(true));
        let public_key = public_key(case);
        assert_eq!(
            hex::encode(public_key),
            case["public_key_hex"].as_str().unwrap()
        );
        let message = bytes(case, "message_hex");
        let signature = bytes(case, "signature_hex");
        assert!(
            keys::verify(&public_key, &message, &signature),
            "{}",
            case["id"]
        );
    }

    let tampered = v["tampered"].as_array().unwrap();
    for case in tampered {
        assert_eq!(case["expect_verify"], Value::Bool(false));
        let ok = keys::verify(
            &public_key(case),
            &bytes(case, "message_hex"),
            &bytes(case, "signature_hex"),
        );
        assert!(!ok, "{} must not verify", case["id"]);
    }

    println!(
        "signatures.json: {} keys, {} valid, {} tampered checked",
        signers.len(),
        valid.len(),
        tampered.len()
    );
    assert!(!signers.is_empty() && !valid.is_empty() && !tampered.is_empty());
}

#[test]
fn wallet_wrapped_signatures_behave_as_the_reference_verifier_recorded() {
    let v = vectors();
    let wrapped = v["wrapped"].as_array().unwrap();
    for case in wrapped {
        let id = case["id"].as_str().unwrap();
        let public_key = public_key(case);
        let message = bytes(case, "message_hex");
        let signed = bytes(case, "signed_bytes_hex");
        assert_eq!(
            signed,
            [b"<Bytes>".as_slice(), &message, b"</Bytes>"].concat(),
            "{id}"
        );
        let wrapped_signature = bytes(case, "signature_hex");
        let plain_signature = bytes(case, "plain_signature_hex");
        let recorded = &case["bittensor_wallet"];
        let expect = |check: &str| {
            recorded[check]
                .as_bool()
                .unwrap_or_else(|| panic!("{id}: {check}"))
        };

        assert_eq!(
            keys::verify(&public_key, &message, &wrapped_signature),
            expect("verify(message, wrapped_signature)"),
            "{id}"
        );
        assert_eq!(
            keys::verify(&public_key, &signed, &wrapped_signature),
            expect("verify(wrapped_message, wrapped_signature)"),
            "{id}"
        );
        assert_eq!(
            keys::verify(&public_key, &signed, &plain_signature),
            expect("verify(wrapped_message, plain_signature)"),
            "{id}"
        );
        assert!(
            keys::verify(&public_key, &message, &plain_signature),
            "{id}"
        );

        for other in v["wrapped_and_cross_version_checks"].as_array().unwrap() {
            let result = other["wrapped_message_verify_results"][id]
                .as_bool()
                .unwrap();
            assert_eq!(
                keys::verify(&public_key, &message, &wrapped_signature),
                result,
                "{id}"
            );
        }
    }
    println!("signatures.json: {} wrapped checked", wrapped.len());
    assert!(!wrapped.is_empty());
}

#[test]
fn our_signatures_verify_are_randomized_and_bind_key_and_message() {
    let v = vectors();
    let bob = Keypair::from_uri("//Bob").unwrap();
    let mut signed = 0;
    for case in v["valid"].as_array().unwrap() {
        let keypair = Keypair::from_uri(case["key_source"].as_str().unwrap()).unwrap();
        let message = bytes(case, "message_hex");
        let first = keypair.sign(&message);
        let second = keypair.sign(&message);
        assert_ne!(first, second, "sr25519 signing is randomized");
        assert!(keypair.verify(&message, &first) && keypair.verify(&message, &second));
        assert!(keys::verify(&keypair.public_key(), &message, &first));
        let mut altered = message.clone();
        altered.push(0);
        assert!(!keypair.verify(&altered, &first));
        if keypair.public_key() != bob.public_key() {
            assert!(!bob.verify(&message, &first));
        }
        signed += 1;
    }
    println!("signatures.json: {signed} messages signed by us and verified");
    assert!(signed > 0);
}

#[test]
fn malformed_signatures_are_false_not_panics() {
    let alice = Keypair::from_uri("//Alice").unwrap();
    let signature = alice.sign(b"m");
    for length in [0, 1, 63, 65, 128] {
        let mut bad = signature.to_vec();
        bad.resize(length, 0);
        assert!(!alice.verify(b"m", &bad), "length {length}");
    }
    assert!(!alice.verify(b"m", &[0xff; 64]));
    assert!(
        !keys::verify(&[0xff; 32], b"m", &signature),
        "a public key off the curve"
    );
}
