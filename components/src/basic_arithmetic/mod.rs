//! Category "Basic Arithmetic": `+ - * /`, abs, round and sign with hetida's runtime
//! semantics (Python for plain numbers, pandas for series and frames; see
//! [`crate::elementwise`]).
//!
//! hetida's connector ids of these components are not known; the port ids are UUIDv5 of
//! `hetida:<component id>:input:<name>` (or `output`) in the URL namespace, so they are
//! stable across builds. The engine matches ports by name.

pub mod abs;
pub mod add;
pub mod divide;
pub mod multiply;
pub mod round;
pub mod signum;
pub mod substract;

use rheo_core::component::Outputs;
use rheo_core::Value;
use std::sync::Arc;

/// The outputs of a component with the single output `name`.
pub(crate) fn single(name: &'static str, value: Value) -> Outputs {
    let mut out = Outputs::with_capacity(1);
    out.insert(name, Arc::new(value));
    out
}
