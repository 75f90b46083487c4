//! InlineInputVolume.fromFileContents (tests/vectors/inline_volume.json): our one-file zip reads
//! back, with the zip crate and with CPython's `zipfile`, to the vector's single name and
//! contents, and turns into the same wire volume shape.

#![cfg(feature = "inline-zip")]

mod common;

use std::io::{Cursor, Read as _};

use common::{base64_bytes, hex_bytes, keys_of, python3, s, vector};
use compute_horde_sdk::core::job::{inline_volume_from_file_contents, zip_single_file, InputVolume};
use compute_horde_sdk::core::Error;
use serde_json::Value;

/// Reads a zip with CPython's zipfile: `[(name, contents hex, compress_type)]`, after testzip().
fn python_readback(archive: &[u8]) -> Value {
    let script = "import sys,zipfile,io,json\n\
        z=zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))\n\
        assert z.testzip() is None\n\
        print(json.dumps([[i.filename, z.read(i).hex(), i.compress_type] for i in z.infolist()]))";
    serde_json::from_slice(&python3(script, archive, "read the zip back")).unwrap()
}

#[test]
fn every_case_zips_to_an_archive_that_zip_and_python_read_back_identically() {
    let vectors = vector("inline_volume.json");
    let cases = vectors["cases"].as_array().unwrap();
    for case in cases {
        let id = s(&case["id"]);
        let call = &case["sdk_call"];
        let filename = s(&call["filename"]);
        let contents = hex_bytes(&call["contents_hex"]);
        let compress = call["compress"].as_bool().unwrap();
        let entries = case["zip_readback"]["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 1, "{id}");
        let expected = &entries[0];
        assert_eq!(s(&expected["filename"]), filename, "{id}");
        assert_eq!(s(&expected["contents_hex"]), s(&call["contents_hex"]), "{id}");

        let volume = inline_volume_from_file_contents(filename, &contents, compress).unwrap();
        let InputVolume::Inline { contents: b64 } = &volume else {
            panic!("{id}: not inline")
        };
        let archive = base64_bytes(b64);
        assert_eq!(
            archive,
            zip_single_file(filename, &contents, compress).unwrap(),
            "{id}: deterministic"
        );

        // The zip crate reads it back.
        let mut zip = zip::ZipArchive::new(Cursor::new(&archive)).unwrap();
        assert_eq!(zip.len(), 1, "{id}");
        let mut entry = zip.by_index(0).unwrap();
        assert_eq!(entry.name().unwrap(), filename, "{id}");
        let mut read = Vec::new();
        entry.read_to_end(&mut read).unwrap();
        assert_eq!(read, contents, "{id}");
        drop(entry);

        // CPython's zipfile reads it back to the vector's entry, with the same compression.
        let python = python_readback(&archive);
        let python = python.as_array().unwrap();
        assert_eq!(python.len(), 1, "{id}");
        assert_eq!(s(&python[0][0]), filename, "{id}: name as Python reads it");
        assert_eq!(
            s(&python[0][1]),
            s(&expected["contents_hex"]),
            "{id}: contents as Python reads them"
        );
        assert_eq!(python[0][2], expected["compress_type"], "{id}: stored or deflated");

        // The wire volume has the vector's shape (its contents are the reference's own zip).
        let wire = volume.to_wire("/volume/inline").unwrap();
        let reference = &case["as_volume_at_/volume/inline"];
        assert_eq!(keys_of(&wire), keys_of(reference), "{id}");
        assert_eq!(wire["volume_type"], reference["volume_type"], "{id}");
        assert_eq!(wire["relative_path"], reference["relative_path"], "{id}");
        assert_eq!(wire["contents"], Value::from(b64.as_str()), "{id}");
    }
    println!(
        "inline_volume.json: {} cases checked (zip crate and CPython zipfile readback, wire shape)",
        cases.len()
    );
    assert!(!cases.is_empty());
}

#[test]
fn the_reference_zips_read_back_with_the_zip_crate() {
    let vectors = vector("inline_volume.json");
    for case in vectors["cases"].as_array().unwrap() {
        let archive = base64_bytes(s(&case["contents_base64"]));
        let mut zip = zip::ZipArchive::new(Cursor::new(archive)).unwrap();
        let mut entry = zip.by_index(0).unwrap();
        let mut read = Vec::new();
        entry.read_to_end(&mut read).unwrap();
        assert_eq!(hex::encode(read), s(&case["sdk_call"]["contents_hex"]));
    }
}

#[test]
fn an_empty_file_name_is_a_range_error() {
    assert!(matches!(zip_single_file("", b"x", false), Err(Error::Range { field, .. }) if field == "filename"));
}
