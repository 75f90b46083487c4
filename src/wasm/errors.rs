//! The one place where Rust errors become JS errors.
//!
//! `TypeError`/`RangeError` for bad arguments; the `ComputeHordeError` family (JS classes the
//! package entry registers at load time, so that `instanceof` works across the package) for
//! everything on the ComputeHorde side; an `AbortError` for cancellation; and, for a failing
//! user callback or signer, the very value it threw.

use std::cell::RefCell;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::core::Error;

thread_local! {
    static CLASSES: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    static CALLBACK_ERRORS: RefCell<(u32, Vec<(u32, JsValue)>)> = const { RefCell::new((0, Vec::new())) };
    /// Host values behind transport errors, for `error.cause`. Most such errors are retried
    /// and never reach JS, so only the newest [`MAX_KEPT_CAUSES`] are kept.
    static CAUSES: RefCell<(u32, std::collections::VecDeque<(u32, JsValue)>)> = const { RefCell::new((0, std::collections::VecDeque::new())) };
}

const MAX_KEPT_CAUSES: usize = 64;

/// Keeps `value` as the cause of an error on its way to JS; returns its token.
pub fn keep_cause(value: JsValue) -> u32 {
    CAUSES.with(|slot| {
        let (next, kept) = &mut *slot.borrow_mut();
        *next = next.wrapping_add(1);
        if kept.len() >= MAX_KEPT_CAUSES {
            kept.pop_front();
        }
        kept.push_back((*next, value));
        *next
    })
}

fn take_cause(token: u32) -> Option<JsValue> {
    CAUSES.with(|slot| {
        let kept = &mut slot.borrow_mut().1;
        let index = kept.iter().position(|(t, _)| *t == token)?;
        kept.remove(index).map(|(_, value)| value)
    })
}

/// Called once by the package entry with `{ ComputeHordeError, ComputeHordeNotFoundError,
/// ComputeHordeJobTimeoutError }`.
#[wasm_bindgen(js_name = __registerErrorClasses)]
pub fn register_error_classes(classes: JsValue) {
    CLASSES.with(|slot| *slot.borrow_mut() = Some(classes));
}

/// Keeps a value a user callback threw, and returns the Rust error that stands for it.
pub fn callback_failed(thrown: JsValue) -> Error {
    let message = thrown
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "a callback failed".to_string());
    let token = CALLBACK_ERRORS.with(|slot| {
        let (next, kept) = &mut *slot.borrow_mut();
        *next = next.wrapping_add(1);
        kept.push((*next, thrown));
        *next
    });
    Error::Callback { message, token }
}

/// Converts a Rust error into the JS value to throw.
pub fn to_js(error: Error) -> JsValue {
    let message = error.to_string();
    match error {
        Error::Type { field, .. } => with_field(js_sys::TypeError::new(&message).into(), &field),
        Error::Range { field, .. } => with_field(js_sys::RangeError::new(&message).into(), &field),
        Error::Facilitator { status, body, .. } => {
            construct("ComputeHordeError", &message, &[("status", status.map(f64::from).into()), ("body", body.into())])
        }
        Error::NotFound { body, .. } => construct("ComputeHordeNotFoundError", &message, &[("status", JsValue::from(404)), ("body", body.into())]),
        Error::JobTimeout { job_uuid, last_status, .. } => construct(
            "ComputeHordeJobTimeoutError",
            &message,
            &[("jobUuid", job_uuid.into()), ("lastStatus", last_status.into())],
        ),
        Error::Aborted { .. } => abort_error(&message),
        Error::WithCause { error, cause } => {
            let js = to_js(*error);
            if let Some(value) = take_cause(cause) {
                let _ = Reflect::set(&js, &JsValue::from_str("cause"), &value);
            }
            js
        }
        Error::Callback { token, .. } => CALLBACK_ERRORS
            .with(|slot| {
                let kept = &mut slot.borrow_mut().1;
                let index = kept.iter().position(|(t, _)| *t == token)?;
                Some(kept.swap_remove(index).1)
            })
            .unwrap_or_else(|| js_sys::Error::new(&message).into()),
    }
}

/// Argument errors also carry the offending field (`error.field`, e.g. `inputVolumes['/x']`),
/// so that a form can mark it without parsing the message.
fn with_field(error: JsValue, field: &str) -> JsValue {
    let _ = Reflect::set(&error, &JsValue::from_str("field"), &JsValue::from_str(field));
    error
}

/// `new Class(message, { ...fields })` with a registered class, or a plain `Error` carrying
/// the same fields when the classes were not registered (raw wasm-bindgen use).
fn construct(class: &str, message: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let options = Object::new();
    for (name, value) in fields {
        let _ = Reflect::set(&options, &JsValue::from_str(name), value);
    }
    let constructor = CLASSES
        .with(|slot| slot.borrow().clone())
        .and_then(|classes| Reflect::get(&classes, &JsValue::from_str(class)).ok())
        .and_then(|c| c.dyn_into::<js_sys::Function>().ok());
    let args = js_sys::Array::of2(&JsValue::from_str(message), &options);
    if let Some(constructor) = constructor {
        if let Ok(error) = Reflect::construct(&constructor, &args) {
            return error;
        }
    }
    let error = js_sys::Error::new(message);
    error.set_name(class);
    for (name, value) in fields {
        let _ = Reflect::set(&error, &JsValue::from_str(name), value);
    }
    error.into()
}

fn abort_error(message: &str) -> JsValue {
    let dom_exception = Reflect::get(&js_sys::global(), &JsValue::from_str("DOMException"))
        .ok()
        .and_then(|c| c.dyn_into::<js_sys::Function>().ok());
    if let Some(constructor) = dom_exception {
        let args = js_sys::Array::of2(&JsValue::from_str(message), &JsValue::from_str("AbortError"));
        if let Ok(error) = Reflect::construct(&constructor, &args) {
            return error;
        }
    }
    let error = js_sys::Error::new(message);
    error.set_name("AbortError");
    error.into()
}
