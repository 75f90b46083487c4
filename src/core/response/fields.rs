//! Reading fields out of a parsed JSON body with messages that say which field is wrong.
//!
//! Walking `serde_json::Value` by hand instead of deriving `Deserialize` keeps the wasm small
//! and lets every message name the full path of the field (`status_history[1].created_at`).

use serde_json::{Map, Value};

use super::datetime::parse_iso8601_ms;

/// A description of what is wrong, turned into `Error::malformed` by the public parsers.
pub(super) type Parse<T> = std::result::Result<T, String>;

/// Longest piece of an offending value quoted in a message, in characters.
const QUOTE_CHARS: usize = 40;

/// An object of the body together with its path, for messages.
pub(super) struct Fields<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

impl<'a> Fields<'a> {
    /// The object at `path` (`""` for the body itself).
    pub fn of(value: &'a Value, path: &str) -> Parse<Self> {
        match value {
            Value::Object(map) => Ok(Fields {
                map,
                path: path.to_string(),
            }),
            other if path.is_empty() => Err(format!("expected a JSON object, got {}", kind(other))),
            other => Err(format!("'{path}' must be an object, not {}", kind(other))),
        }
    }

    /// The full path of one of this object's fields.
    pub fn name(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// The field's value; `None` when absent or `null`.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|value| !value.is_null())
    }

    pub fn required(&self, key: &str) -> Parse<&'a Value> {
        self.get(key).ok_or_else(|| match self.map.get(key) {
            Some(_) => format!("'{}' is null", self.name(key)),
            None => format!("'{}' is missing", self.name(key)),
        })
    }

    pub fn str(&self, key: &str) -> Parse<&'a str> {
        match self.map.get(key) {
            Some(Value::String(s)) => Ok(s),
            Some(other) => Err(self.wrong_type(key, "a string", other)),
            None => Err(format!("'{}' is missing", self.name(key))),
        }
    }

    /// A string that may be absent or `null`.
    pub fn opt_str(&self, key: &str) -> Parse<Option<&'a str>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.wrong_type(key, "a string or null", other)),
        }
    }

    /// A string holding an ISO 8601 date-time, with its instant in Unix milliseconds.
    pub fn datetime(&self, key: &str) -> Parse<(&'a str, f64)> {
        let text = self.str(key)?;
        match parse_iso8601_ms(text) {
            Some(ms) => Ok((text, ms)),
            None => Err(format!(
                "'{}' is not an ISO 8601 date-time: {}",
                self.name(key),
                quote(text)
            )),
        }
    }

    /// A nested object that may be absent or `null`.
    pub fn child(&self, key: &str) -> Parse<Option<Fields<'a>>> {
        self.get(key)
            .map(|value| Fields::of(value, &self.name(key)))
            .transpose()
    }

    /// An array of strings.
    pub fn strings(&self, key: &str) -> Parse<Vec<String>> {
        let value = self.required(key)?;
        let items = value
            .as_array()
            .ok_or_else(|| self.wrong_type(key, "an array", value))?;
        items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(s) => Ok(s.clone()),
                other => Err(format!(
                    "'{}[{i}]' must be a string, not {}",
                    self.name(key),
                    kind(other)
                )),
            })
            .collect()
    }

    /// An object whose values are all strings, in the order sent; absent or `null` is empty
    /// unless `required`.
    pub fn string_map(&self, key: &str, required: bool) -> Parse<Vec<(&'a str, &'a str)>> {
        let Some(value) = self.get(key) else {
            if required {
                self.required(key)?;
            }
            return Ok(Vec::new());
        };
        let map = value
            .as_object()
            .ok_or_else(|| self.wrong_type(key, "an object", value))?;
        map.iter()
            .map(|(name, item)| match item {
                Value::String(s) => Ok((name.as_str(), s.as_str())),
                other => Err(format!(
                    "'{}[{}]' must be a string, not {}",
                    self.name(key),
                    quote(name),
                    kind(other)
                )),
            })
            .collect()
    }

    fn wrong_type(&self, key: &str, expected: &str, got: &Value) -> String {
        format!("'{}' must be {expected}, not {}", self.name(key), kind(got))
    }
}

/// "a string", "null"... for messages.
pub(super) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A scalar from the body as it was sent (strings quoted and shortened), else its kind.
pub(super) fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => quote(s),
        Value::Number(n) => shorten(&n.to_string()),
        other => kind(other).to_string(),
    }
}

/// At most [`QUOTE_CHARS`] characters of `text` (a number of 10 000 digits, say), unquoted.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        Some((cut, _)) => format!("{}… ({} characters)", &text[..cut], text.chars().count()),
        None => text.to_string(),
    }
}

/// A value from the body, quoted and shortened for a message.
pub(super) fn quote(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(QUOTE_CHARS).collect();
    let ellipsis = if chars.next().is_some() { "…" } else { "" };
    format!("{:?}", head + ellipsis)
}
