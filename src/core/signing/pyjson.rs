//! Python's `json.dumps` with its defaults (`ensure_ascii=True`, separators `", "` and `": "`),
//! optionally with `sort_keys=True`.
//!
//! The facilitator hashes text that Python produced, so the signed bytes must be exactly what
//! CPython would print: every non-ASCII character and DEL as a lowercase `\uXXXX` escape (UTF-16
//! surrogate pairs above U+FFFF), integers with all their digits, and floats in Python's `repr`
//! (`1e-07`, `1.0`, `1e+21`). Native builds read numbers from their JSON text, which
//! `serde_json`'s `arbitrary_precision` feature keeps, so a number is printed the way Python
//! prints the value it would parse from the same body; in wasm, where numbers come from JS
//! doubles, they are ints or doubles.

use serde_json::{Number, Value};

/// `json.dumps(value, sort_keys=sort_keys)` as CPython prints it.
pub fn dumps(value: &Value, sort_keys: bool) -> String {
    let mut out = String::new();
    write_value(&mut out, value, sort_keys);
    out
}

/// `json.dumps(text)`: `text` as a JSON string literal with Python's ASCII escaping.
pub fn dumps_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    write_str(&mut out, text);
    out
}

fn write_value(out: &mut String, value: &Value, sort_keys: bool) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => out.push_str(&number_text(n)),
        Value::String(s) => write_str(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item, sort_keys);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            if sort_keys {
                // Python compares str by code point; UTF-8 byte order is the same order.
                entries.sort_by(|a, b| a.0.cmp(b.0));
            }
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_str(out, key);
                out.push_str(": ");
                write_value(out, item, sort_keys);
            }
            out.push('}');
        }
    }
}

fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(ch),
            _ => {
                let mut units = [0u16; 2];
                for unit in ch.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

/// How Python prints the number it parses from this JSON number: an int keeps its digits, a
/// float is printed with `repr`. With serde_json's `arbitrary_precision` (native builds) the
/// number is its JSON text: no fraction and no exponent is an int of any size, and a float
/// beyond a double's range is what Python reads from it, an infinity.
fn number_text(n: &Number) -> String {
    if let Some(x) = n.as_f64().filter(|_| n.is_f64()) {
        return float_repr(x);
    }
    let text = n.to_string();
    if text.contains(['.', 'e', 'E']) {
        return if text.starts_with('-') { "-Infinity" } else { "Infinity" }.to_string();
    }
    if text == "-0" {
        "0".to_string()
    } else {
        text
    }
}

/// Python's `float.__repr__` (and what `json.dumps` writes for a float): the shortest digits
/// that round-trip, in fixed notation when the decimal exponent is in -4..16, else
/// `d.ddde±XX` with at least two exponent digits.
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "Infinity".to_string()
        } else {
            "-Infinity".to_string()
        };
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0.0");
    }
    // zmij (serde_json's own float printer, so already in the module) prints the shortest
    // round-trip digits, like Python's repr, in its own layout ("1.5e-7", "0.001", "1e16"):
    // only the digits and the decimal point's place are taken from it. (Rust's `{:e}` gives
    // the same digits but links a second float formatter into the wasm.)
    let mut buffer = zmij::Buffer::new();
    let text = buffer.format_finite(x.abs());
    let (mantissa, exponent) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (int_digits, frac_digits) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{int_digits}{frac_digits}");
    let significant = all.trim_start_matches('0');
    // Position of the decimal point relative to the start of `digits`.
    let decpt = int_digits.len() as i32 + exponent - (all.len() - significant.len()) as i32;
    let digits = significant.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let ndigits = digits.len() as i32;
    let exponent = decpt - 1;

    if decpt <= -4 || decpt > 16 {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        let mut s = format!("{sign}{first}");
        if !rest.is_empty() {
            s.push('.');
            s.push_str(rest);
        }
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        s.push_str(&format!("e{exp_sign}{:02}", exponent.unsigned_abs()));
        s
    } else if decpt <= 0 {
        format!("{sign}0.{}{digits}", "0".repeat(decpt.unsigned_abs() as usize))
    } else if decpt >= ndigits {
        format!("{sign}{digits}{}.0", "0".repeat((decpt - ndigits) as usize))
    } else {
        let (int_part, frac_part) = digits.split_at(decpt as usize);
        format!("{sign}{int_part}.{frac_part}")
    }
}
