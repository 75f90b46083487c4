//! `InlineInputVolume.fromFileContents`: one file packed into a zip archive and sent inside the
//! request, as the reference's `InlineInputVolume.from_file_contents` does.
//!
//! The bytes need not match the reference's (its entry time is the local clock and its deflate
//! output depends on the zlib build); what must match is what Python's `zipfile` reads back:
//! exactly one entry with the same name and contents.

use std::io::{Cursor, Write as _};

use base64::Engine as _;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, System, ZipWriter};

use super::volumes::InputVolume;
use crate::core::{Error, Result};

/// A zip archive holding one file `filename` (kept as given, `/` making sub-directories
/// without directory entries) with `contents`, deflated when `compress`, stored otherwise.
/// The entry is dated 1980-01-01 (the zip epoch: wasm has no local clock to ask) with Unix
/// permissions `rw-------`, like the reference's. A `RangeError` for an empty file name.
pub fn zip_single_file(filename: &str, contents: &[u8], compress: bool) -> Result<Vec<u8>> {
    if filename.is_empty() {
        return Err(Error::range_error("filename", "must not be empty"));
    }
    let method = if compress {
        CompressionMethod::Deflated
    } else {
        CompressionMethod::Stored
    };
    let options = SimpleFileOptions::default()
        .compression_method(method)
        .system(System::Unix)
        .unix_permissions(0o600)
        .large_file(contents.len() as u64 >= u64::from(u32::MAX));
    let zip_error = |e: &dyn std::fmt::Display| Error::range_error("contents", format!("cannot be zipped: {e}"));

    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    writer.start_file(filename, options).map_err(|e| zip_error(&e))?;
    writer.write_all(contents).map_err(|e| zip_error(&e))?;
    let cursor = writer.finish().map_err(|e| zip_error(&e))?;
    Ok(cursor.into_inner())
}

/// An inline input volume whose `contents` is the base64 (standard, padded) of
/// [`zip_single_file`]`(filename, contents, compress)`.
pub fn inline_volume_from_file_contents(filename: &str, contents: &[u8], compress: bool) -> Result<InputVolume> {
    let archive = zip_single_file(filename, contents, compress)?;
    Ok(InputVolume::Inline {
        contents: base64::engine::general_purpose::STANDARD.encode(archive),
    })
}
