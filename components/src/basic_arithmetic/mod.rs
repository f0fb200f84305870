//! Category "Basic Arithmetic": `+ - * /`, abs, round and sign with hetida's runtime
//! semantics (Python for plain numbers, pandas for series and frames; see
//! [`crate::kernels::elementwise`]).
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
use std::sync::Arc;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(abs::COMPONENT),
        Arc::new(add::COMPONENT),
        Arc::new(divide::COMPONENT),
        Arc::new(multiply::COMPONENT),
        Arc::new(round::COMPONENT),
        Arc::new(signum::COMPONENT),
        Arc::new(substract::COMPONENT),
    ]
}
