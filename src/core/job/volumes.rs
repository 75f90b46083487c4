//! Input and output volumes of a job and their wire form (PROTOCOL.md §4, vectors README
//! "Quirks" 3).
//!
//! The wire objects keep the reference's key order (pydantic `model_dump` order) and send
//! absent values as `null`; the body's `volumes`/`uploads` are signed as they are sent, so the
//! order only has to agree with itself, but matching the reference keeps bodies byte-identical.

use serde_json::{Map, Value};

use crate::core::signing::Layout;
use crate::core::error::MAX_QUOTED_CHARS;
use crate::core::{Error, Result};

/// Mount paths of input volumes start with this; the rest is the wire `relative_path`.
pub const VOLUME_MOUNT_PREFIX: &str = "/volume/";
/// Mount paths of output volumes start with this; the rest is the wire `relative_path`.
pub const OUTPUT_MOUNT_PREFIX: &str = "/output/";
/// Longest path component of an output path, in UTF-8 bytes (a file name limit).
const MAX_NAME_BYTES: usize = 255;

/// Where a job's input comes from (`HTTPInputVolume`, `HuggingfaceInputVolume`,
/// `InlineInputVolume` in the Python and JS SDKs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputVolume {
    /// One file downloaded from `url`.
    Http { url: String },
    /// A Hugging Face repository (or the files of it matching `allow_patterns`).
    Huggingface {
        repo_id: String,
        repo_type: Option<String>,
        revision: Option<String>,
        allow_patterns: Option<AllowPatterns>,
        token: Option<String>,
    },
    /// A zip archive sent in the request, base64-encoded.
    Inline { contents: String },
}

/// `allow_patterns` of a Hugging Face volume: one glob or several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllowPatterns {
    One(String),
    Many(Vec<String>),
}

/// How an output file is uploaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    /// A form upload (`multipart/form-data`), e.g. an S3 presigned POST.
    Post,
    /// A raw-body upload, e.g. an S3 presigned PUT URL.
    Put,
}

impl HttpMethod {
    /// Parses `"POST"` or `"PUT"` (exact spelling, as the reference's `Literal`).
    pub fn parse(method: &str) -> Result<Self> {
        match method {
            "POST" => Ok(HttpMethod::Post),
            "PUT" => Ok(HttpMethod::Put),
            _ => Err(Error::range_error("httpMethod", "must be \"POST\" or \"PUT\"")),
        }
    }
}

/// Where a job's output file is uploaded (`HTTPOutputVolume`). Maps keep insertion order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputVolume {
    pub http_method: HttpMethod,
    pub url: String,
    pub form_fields: Option<Vec<(String, String)>>,
    pub signed_headers: Option<Vec<(String, String)>>,
}

/// The field name of a volume (or of a map entry) in error messages: `inputVolumes['/volume/x']`,
/// with the mount path (or key) quoted as a JS single-quoted string literal, and cut after
/// [`MAX_QUOTED_CHARS`](crate::core::error::MAX_QUOTED_CHARS) characters (a 10 MB path must not
/// make a 10 MB message).
pub fn volume_field(spec_field: &str, mount_path: &str) -> String {
    let mut quoted = String::with_capacity(mount_path.len().min(4 * MAX_QUOTED_CHARS));
    let mut chars = mount_path.chars();
    for ch in chars.by_ref().take(MAX_QUOTED_CHARS) {
        match ch {
            '\\' => quoted.push_str("\\\\"),
            '\'' => quoted.push_str("\\'"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() => quoted.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => quoted.push(c),
        }
    }
    if chars.next().is_some() {
        quoted.push('…');
    }
    format!("{spec_field}['{quoted}']")
}

impl InputVolume {
    /// The wire `relative_path` of an input mounted at `mount_path`: the path without its
    /// `/volume/` prefix (`/volume/` itself gives `""`). A `RangeError` when the prefix is missing.
    pub fn relative_path(mount_path: &str) -> Result<String> {
        mount_path
            .strip_prefix(VOLUME_MOUNT_PREFIX)
            .map(str::to_string)
            .ok_or_else(|| {
                Error::range_error(
                    volume_field("inputVolumes", mount_path),
                    format!("mount path must start with '{VOLUME_MOUNT_PREFIX}'"),
                )
            })
    }

    /// The wire object of this volume at `mount_path`, as the current protocol sends it.
    pub fn to_wire(&self, mount_path: &str) -> Result<Value> {
        self.to_wire_for(mount_path, Layout::Current)
    }

    /// The wire object for a protocol generation: the legacy one has no Hugging Face `token`
    /// key, so it is only sent there when set.
    pub fn to_wire_for(&self, mount_path: &str, layout: Layout) -> Result<Value> {
        let relative_path = Value::String(Self::relative_path(mount_path)?);
        let mut wire = Map::new();
        match self {
            InputVolume::Http { url } => {
                wire.insert("volume_type".into(), "single_file".into());
                wire.insert("url".into(), url.as_str().into());
                wire.insert("relative_path".into(), relative_path);
            }
            InputVolume::Huggingface {
                repo_id,
                repo_type,
                revision,
                allow_patterns,
                token,
            } => {
                wire.insert("volume_type".into(), "huggingface_volume".into());
                wire.insert("repo_id".into(), repo_id.as_str().into());
                wire.insert("repo_type".into(), optional_string(repo_type));
                wire.insert("revision".into(), optional_string(revision));
                wire.insert("relative_path".into(), relative_path);
                let patterns = match allow_patterns {
                    None => Value::Null,
                    Some(AllowPatterns::One(p)) => p.as_str().into(),
                    Some(AllowPatterns::Many(ps)) => ps.iter().map(|p| Value::from(p.as_str())).collect(),
                };
                wire.insert("allow_patterns".into(), patterns);
                if layout == Layout::Current || token.is_some() {
                    wire.insert("token".into(), optional_string(token));
                }
            }
            InputVolume::Inline { contents } => {
                wire.insert("volume_type".into(), "inline".into());
                wire.insert("contents".into(), contents.as_str().into());
                wire.insert("relative_path".into(), relative_path);
            }
        }
        Ok(Value::Object(wire))
    }

    /// Builds a volume from the options object of its JS constructor (`new HTTPInputVolume({url})`
    /// and friends): `class` is the class name, `options` uses the JS field names (`url`;
    /// `repoId`, `repoType`, `revision`, `allowPatterns`, `token`; `contents`). Missing or
    /// wrongly typed fields are a `TypeError`, as the reference's pydantic models refuse them.
    pub fn from_options(class: &str, options: &Value) -> Result<Self> {
        let options = options_object(class, options)?;
        match class {
            "HTTPInputVolume" => Ok(InputVolume::Http {
                url: required_url(options, "url")?,
            }),
            "HuggingfaceInputVolume" => Ok(InputVolume::Huggingface {
                repo_id: required_string(options, "repoId")?,
                repo_type: optional_string_option(options, "repoType")?,
                revision: optional_string_option(options, "revision")?,
                allow_patterns: allow_patterns_option(options)?,
                token: optional_string_option(options, "token")?,
            }),
            "InlineInputVolume" => Ok(InputVolume::Inline {
                contents: required_string(options, "contents")?,
            }),
            _ => Err(Error::type_error(
                "inputVolume",
                "must be an HTTPInputVolume, HuggingfaceInputVolume or InlineInputVolume",
            )),
        }
    }
}

impl OutputVolume {
    /// The wire `relative_path` of an output mounted at `mount_path`: the path without its
    /// `/output/` prefix. `RangeError` unless the rest is one canonical relative file path: not
    /// empty, no backslash, no NUL, not absolute, no empty, `.` or `..` component (so no `//`
    /// and no trailing `/`), no component over 255 UTF-8 bytes — the reference's rules, checked
    /// in the same order.
    pub fn relative_path(mount_path: &str) -> Result<String> {
        let field = || volume_field("outputVolumes", mount_path);
        let relative = mount_path.strip_prefix(OUTPUT_MOUNT_PREFIX).ok_or_else(|| {
            Error::range_error(field(), format!("mount path must start with '{OUTPUT_MOUNT_PREFIX}'"))
        })?;
        let reject = |reason: &str| {
            Err(Error::range_error(
                field(),
                format!("the part after '{OUTPUT_MOUNT_PREFIX}' {reason}"),
            ))
        };
        if relative.contains('\\') {
            return reject("must not contain backslashes");
        }
        if relative.is_empty() {
            return reject("must not be empty");
        }
        if relative.contains('\0') {
            return reject("must not contain NUL bytes");
        }
        if relative.starts_with('/') {
            return reject("must be relative, not absolute");
        }
        let components: Vec<&str> = relative.split('/').collect();
        if components.iter().any(|c| matches!(*c, "" | "." | "..")) {
            return reject("must not contain empty, '.' or '..' components or end with '/'");
        }
        if components.iter().any(|c| c.len() > MAX_NAME_BYTES) {
            return reject(&format!("must not have components longer than {MAX_NAME_BYTES} bytes"));
        }
        Ok(relative.to_string())
    }

    /// Checks the volume on its own: a PUT upload cannot carry form fields (`RangeError`
    /// naming `formFields`). An empty form-field map is accepted, as the reference does.
    pub fn validate(&self) -> Result<()> {
        if self.has_put_form_fields() {
            return Err(Error::range_error(
                "formFields",
                "form fields are not supported with PUT uploads",
            ));
        }
        Ok(())
    }

    fn has_put_form_fields(&self) -> bool {
        self.http_method == HttpMethod::Put && self.form_fields.as_ref().is_some_and(|f| !f.is_empty())
    }

    /// The wire object of this upload at `mount_path` (`single_file_post` or `single_file_put`).
    pub fn to_wire(&self, mount_path: &str) -> Result<Value> {
        let relative_path = Value::String(Self::relative_path(mount_path)?);
        if self.has_put_form_fields() {
            return Err(Error::range_error(
                volume_field("outputVolumes", mount_path),
                "form fields are not supported with PUT uploads",
            ));
        }
        let mut wire = Map::new();
        match self.http_method {
            HttpMethod::Post => {
                wire.insert("output_upload_type".into(), "single_file_post".into());
                wire.insert("url".into(), self.url.as_str().into());
                wire.insert("form_fields".into(), optional_map(&self.form_fields));
                wire.insert("relative_path".into(), relative_path);
            }
            HttpMethod::Put => {
                wire.insert("output_upload_type".into(), "single_file_put".into());
                wire.insert("url".into(), self.url.as_str().into());
                wire.insert("relative_path".into(), relative_path);
            }
        }
        wire.insert("signed_headers".into(), optional_map(&self.signed_headers));
        Ok(Value::Object(wire))
    }

    /// Builds an upload from the options object of `new HTTPOutputVolume({...})` (JS names:
    /// `httpMethod`, `url`, `formFields`, `signedHeaders`) and [`validate`](Self::validate)s it.
    pub fn from_options(options: &Value) -> Result<Self> {
        let options = options_object("HTTPOutputVolume", options)?;
        let http_method = match options.get("httpMethod") {
            None | Some(Value::Null) => return Err(Error::type_error("httpMethod", "is required")),
            Some(Value::String(m)) => HttpMethod::parse(m)?,
            Some(_) => return Err(Error::type_error("httpMethod", "must be \"POST\" or \"PUT\"")),
        };
        let volume = OutputVolume {
            http_method,
            url: required_url(options, "url")?,
            form_fields: string_pairs_option(options, "formFields")?,
            signed_headers: string_pairs_option(options, "signedHeaders")?,
        };
        volume.validate()?;
        Ok(volume)
    }
}

fn optional_string(value: &Option<String>) -> Value {
    value.as_deref().map_or(Value::Null, Value::from)
}

fn optional_map(pairs: &Option<Vec<(String, String)>>) -> Value {
    match pairs {
        None => Value::Null,
        Some(pairs) => Value::Object(
            pairs
                .iter()
                .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
                .collect(),
        ),
    }
}

fn options_object<'a>(class: &str, options: &'a Value) -> Result<&'a Map<String, Value>> {
    options
        .as_object()
        .ok_or_else(|| Error::type_error(class, "options must be an object"))
}

fn required_string(options: &Map<String, Value>, key: &str) -> Result<String> {
    match options.get(key) {
        None | Some(Value::Null) => Err(Error::type_error(key, "is required")),
        Some(Value::String(s)) if s.trim().is_empty() => Err(Error::range_error(key, "must not be empty")),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(Error::type_error(key, "must be a string")),
    }
}

/// An absolute http(s) URL: what the executor downloads from or uploads to. Anything else
/// would only fail on the miner, long after the job was paid for.
fn required_url(options: &Map<String, Value>, key: &str) -> Result<String> {
    let url = required_string(options, key)?;
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') && !url.contains(char::is_whitespace) => Ok(url),
        _ => Err(Error::type_error(key, "must be an absolute http:// or https:// URL")),
    }
}

fn optional_string_option(options: &Map<String, Value>, key: &str) -> Result<Option<String>> {
    match options.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::type_error(key, "must be a string")),
    }
}

fn allow_patterns_option(options: &Map<String, Value>) -> Result<Option<AllowPatterns>> {
    let invalid = || Error::type_error("allowPatterns", "must be a string or an array of strings");
    match options.get("allowPatterns") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(AllowPatterns::One(s.clone()))),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().map(str::to_string).ok_or_else(invalid))
            .collect::<Result<Vec<_>>>()
            .map(|patterns| Some(AllowPatterns::Many(patterns))),
        Some(_) => Err(invalid()),
    }
}

fn string_pairs_option(options: &Map<String, Value>, key: &str) -> Result<Option<Vec<(String, String)>>> {
    match options.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone(), s.clone())),
                _ => Err(Error::type_error(volume_field(key, k), "must be a string")),
            })
            .collect::<Result<Vec<_>>>()
            .map(Some),
        Some(_) => Err(Error::type_error(key, "must be an object of strings")),
    }
}

#[cfg(test)]
mod quoting_tests {
    use super::*;

    #[test]
    fn a_huge_mount_path_is_quoted_in_at_most_200_characters() {
        let field = volume_field("inputVolumes", &format!("/volume/{}", "x".repeat(10_000_000)));
        assert_eq!(field, format!("inputVolumes['/volume/{}…']", "x".repeat(MAX_QUOTED_CHARS - 8)));
        let error = InputVolume::relative_path(&"y".repeat(1_000_000)).unwrap_err();
        assert!(error.to_string().len() < 300, "{}", error.to_string().len());
    }

    #[test]
    fn a_short_mount_path_is_quoted_whole_and_escaped() {
        assert_eq!(volume_field("outputVolumes", "/output/a'b\n"), "outputVolumes['/output/a\\'b\\n']");
    }
}
