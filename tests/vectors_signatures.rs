//! signatures.json: sr25519 verification as bittensor_wallet and the facilitator run it, and
//! our own signatures.

mod common;

use common::{hex_bytes, s, vector};
use compute_horde_sdk::core::keys::{self, Keypair};
use compute_horde_sdk::core::ss58;
use serde_json::Value;

fn public_key(case: &Value) -> [u8; 32] {
    ss58::public_key_of(s(&case["ss58"]), "ss58").unwrap()
}

#[test]
fn recorded_signatures_verify_and_tampered_ones_do_not() {
    let v = vector("signatures.json");
    assert_eq!(s(&v["signing_context"]).as_bytes(), keys::SIGNING_CONTEXT);

    let signers = v["keys"].as_object().unwrap();
    for (name, key) in signers {
        let keypair = Keypair::from_uri(s(&key["source"])).unwrap();
        assert_eq!(keypair.ss58_address(), s(&key["ss58"]), "{name}");
        assert_eq!(hex::encode(keypair.public_key()), s(&key["public_key_hex"]));
    }

    let valid = v["valid"].as_array().unwrap();
    for case in valid {
        assert_eq!(case["expect_verify"], Value::Bool(true));
        let public_key = public_key(case);
        assert_eq!(hex::encode(public_key), s(&case["public_key_hex"]));
        let message = hex_bytes(&case["message_hex"]);
        let signature = hex_bytes(&case["signature_hex"]);
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
            &hex_bytes(&case["message_hex"]),
            &hex_bytes(&case["signature_hex"]),
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
    let v = vector("signatures.json");
    let wrapped = v["wrapped"].as_array().unwrap();
    for case in wrapped {
        let id = s(&case["id"]);
        let public_key = public_key(case);
        let message = hex_bytes(&case["message_hex"]);
        let signed = hex_bytes(&case["signed_bytes_hex"]);
        assert_eq!(
            signed,
            [b"<Bytes>".as_slice(), &message, b"</Bytes>"].concat(),
            "{id}"
        );
        let wrapped_signature = hex_bytes(&case["signature_hex"]);
        let plain_signature = hex_bytes(&case["plain_signature_hex"]);
        // What bittensor_wallet's verify returned for each pairing of message and signature.
        for (check, message, signature) in [
            (
                "verify(message, wrapped_signature)",
                &message,
                &wrapped_signature,
            ),
            (
                "verify(wrapped_message, wrapped_signature)",
                &signed,
                &wrapped_signature,
            ),
            (
                "verify(wrapped_message, plain_signature)",
                &signed,
                &plain_signature,
            ),
        ] {
            let recorded = case["bittensor_wallet"][check]
                .as_bool()
                .unwrap_or_else(|| panic!("{id}: {check}"));
            assert_eq!(
                keys::verify(&public_key, message, signature),
                recorded,
                "{id}: {check}"
            );
        }
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
    let v = vector("signatures.json");
    let bob = Keypair::from_uri("//Bob").unwrap();
    let mut signed = 0;
    for case in v["valid"].as_array().unwrap() {
        let keypair = Keypair::from_uri(s(&case["key_source"])).unwrap();
        let message = hex_bytes(&case["message_hex"]);
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
