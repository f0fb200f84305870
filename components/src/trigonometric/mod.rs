//! Category "Trigonometric": numpy's trigonometric ufuncs on numbers, series and frames
//! (see [`crate::kernels::elementwise::map_float`]).
//!
//! Port ids are hetida's own connector ids, so exported workflows match.

pub mod arcuscosine;
pub mod arcussine;
pub mod arcustangent;
pub mod cosine;
pub mod sine;
pub mod tangent;

#[cfg(test)]
mod tests;

use rheo_core::component::Component;
use std::sync::Arc;

/// Every component of this category, in registration order.
pub fn components() -> Vec<Arc<dyn Component>> {
    vec![
        Arc::new(arcuscosine::COMPONENT),
        Arc::new(arcussine::COMPONENT),
        Arc::new(arcustangent::COMPONENT),
        Arc::new(cosine::COMPONENT),
        Arc::new(sine::COMPONENT),
        Arc::new(tangent::COMPONENT),
    ]
}
