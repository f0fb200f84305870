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
        Arc::new(abs::Abs),
        Arc::new(add::Add),
        Arc::new(divide::Divide),
        Arc::new(multiply::Multiply),
        Arc::new(round::Round),
        Arc::new(signum::Signum),
        Arc::new(substract::Substract),
    ]
}
