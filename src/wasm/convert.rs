//! JS values in and out: options objects read field by field with errors that name the
//! field, and parsed records turned into plain JS objects.
//!
//! What arrives here has already passed the package's argument boundary
//! (`pkg-template/src/boundary.js`): fresh strings, numbers, plain arrays and null-prototype
//! objects, and `Uint8Array` copies, so that no read below can run caller code (a getter, a
//! Proxy trap, a lying `length`). The type checks here remain for the values' meaning and for
//! direct wasm-bindgen use.

use std::future::Future;
use std::pin::Pin;

use js_sys::{Array, Object, Promise, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::errors::to_js;

use crate::core::{Error, Result};

/// `object[key]`, or `undefined` when `object` is not an object.
pub fn get(object: &JsValue, key: &str) -> JsValue {
    if object.is_object() || object.is_function() {
        Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// Checks that an options argument is an object (or absent).
pub fn options(value: &JsValue, field: &str) -> Result<JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(Object::new().into())
    } else if value.is_object() {
        Ok(value.clone())
    } else {
        Err(Error::type_error(field, "must be an object"))
    }
}

pub fn opt_string(value: &JsValue, field: &str) -> Result<Option<String>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| Error::type_error(field, "must be a string"))
}

pub fn string(value: &JsValue, field: &str) -> Result<String> {
    opt_string(value, field)?.ok_or_else(|| Error::type_error(field, "is required (a string)"))
}

pub fn opt_number(value: &JsValue, field: &str) -> Result<Option<f64>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match value.as_f64() {
        Some(number) if number.is_finite() => Ok(Some(number)),
        Some(_) => Err(Error::range_error(field, "must be a finite number")),
        None => Err(Error::type_error(field, "must be a number")),
    }
}

/// A whole number of seconds, 0 or more.
pub fn opt_seconds(value: &JsValue, field: &str) -> Result<Option<u64>> {
    match opt_number(value, field)? {
        None => Ok(None),
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= 9.0e15 => Ok(Some(n as u64)),
        Some(_) => Err(Error::range_error(field, "must be a whole number of seconds, 0 or more")),
    }
}

pub fn opt_bool(value: &JsValue, field: &str) -> Result<Option<bool>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_bool().map(Some).ok_or_else(|| Error::type_error(field, "must be a boolean"))
}

pub fn string_array(value: &JsValue, field: &str) -> Result<Vec<String>> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    if !Array::is_array(value) {
        return Err(Error::type_error(field, "must be an array of strings"));
    }
    Array::from(value)
        .iter()
        .enumerate()
        .map(|(i, item)| item.as_string().ok_or_else(|| Error::type_error(format!("{field}[{i}]"), "must be a string")))
        .collect()
}

/// The own enumerable entries of a plain object, in their order.
pub fn entries(value: &JsValue, field: &str) -> Result<Vec<(String, JsValue)>> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    if !value.is_object() || Array::is_array(value) {
        return Err(Error::type_error(field, "must be an object"));
    }
    Ok(Object::entries(value.unchecked_ref())
        .iter()
        .filter_map(|pair| {
            let pair = Array::from(&pair);
            Some((pair.get(0).as_string()?, pair.get(1)))
        })
        .collect())
}

/// An object of strings (env, form fields, signed headers), in insertion order.
pub fn string_map(value: &JsValue, field: &str) -> Result<Vec<(String, String)>> {
    entries(value, field)?
        .into_iter()
        .map(|(key, item)| match item.as_string() {
            Some(text) => Ok((key, text)),
            None => Err(Error::type_error(crate::core::job::volumes::volume_field(field, &key), "must be a string")),
        })
        .collect()
}

/// A `Uint8Array` as bytes, or a string as its UTF-8 bytes.
pub fn bytes(value: &JsValue, field: &str) -> Result<Vec<u8>> {
    if let Some(text) = value.as_string() {
        return Ok(text.into_bytes());
    }
    value
        .dyn_ref::<Uint8Array>()
        .map(Uint8Array::to_vec)
        .ok_or_else(|| Error::type_error(field, "must be a Uint8Array or a string"))
}

/// Any JSON-compatible JS value, through `JSON.stringify` (so numbers keep JS's spelling).
pub fn to_json(value: &JsValue, field: &str) -> Result<serde_json::Value> {
    if value.is_undefined() {
        return Ok(serde_json::Value::Null);
    }
    let text = JSON::stringify(value)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| Error::type_error(field, "must be JSON-serializable"))?;
    serde_json::from_str(&text).map_err(|_| Error::type_error(field, "must be JSON-serializable"))
}

/// A JSON value as a plain JS value (object key order kept).
pub fn from_json(value: &serde_json::Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

/// A plain object built from (key, value) pairs.
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

pub fn set(object: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// Runs `body` as a Promise, turning Rust errors into JS errors. Only the boxing is generic:
/// `future_to_promise` is instantiated once for every async export (once per export it was
/// ~2 KB of wasm each, the bulk of js_sys's share of the module).
pub fn promise(body: impl Future<Output = Result<JsValue>> + 'static) -> Promise {
    spawn(Box::pin(body))
}

#[inline(never)]
fn spawn(body: Pin<Box<dyn Future<Output = Result<JsValue>>>>) -> Promise {
    future_to_promise(async move { body.await.map_err(to_js) })
}
