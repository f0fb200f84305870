//! Category "Trigonometric": numpy's trigonometric ufuncs on numbers, series and frames
//! (see [`crate::elementwise::map_float`]).
//!
//! Port ids are hetida's own connector ids, so exported workflows match.

pub mod arcuscosine;
pub mod arcussine;
pub mod arcustangent;
pub mod cosine;
pub mod sine;
pub mod tangent;

use crate::basic_arithmetic::single;
use crate::elementwise::map_float;
use rheo_core::component::{Inputs, Outputs};
use rheo_core::ComponentError;

/// Applies the numpy ufunc `name` (kernel `f`) to the `data` input and returns it as
/// `result`: the shape shared by all trigonometric components.
fn ufunc(inputs: &Inputs, name: &str, f: fn(f64) -> f64) -> Result<Outputs, ComponentError> {
    let result = map_float(inputs.value("data")?, name, f)?;
    Ok(single("result", result))
}
