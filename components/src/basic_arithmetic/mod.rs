//! Category "Basic Arithmetic": `+ - * /`, abs, round and sign with hetida's runtime
//! semantics (Python for plain numbers, pandas for series and frames; see
//! [`crate::elementwise`]).
//!
//! Port ids are hetida's own connector ids, so exported workflows match (the engine matches
//! ports by name in any case).

pub mod abs;
pub mod add;
pub mod divide;
pub mod multiply;
pub mod round;
pub mod signum;
pub mod substract;

use rheo_core::component::Component;
use rheo_core::component::Outputs;
use rheo_core::Value;
use std::sync::Arc;

/// The outputs of a component with the single output `name`.
pub(crate) fn single(name: &'static str, value: Value) -> Outputs {
    let mut out = Outputs::with_capacity(1);
    out.insert(name, Arc::new(value));
    out
}

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(abs::Abs),
        Arc::new(add::Add),
        Arc::new(divide::Divide),
        Arc::new(multiply::Multiply),
        Arc::new(round::Round),
        Arc::new(signum::Signum),
        Arc::new(substract::Substract),
    ]
}
