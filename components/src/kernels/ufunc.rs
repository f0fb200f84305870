//! The shape shared by the numpy ufunc components: apply a float kernel to the `data`
//! input and return it as `result`.

use crate::kernels::elementwise::map_float;
use rheo_core::component::{Inputs, Outputs, OutputsExt};
use rheo_core::ComponentError;

/// Applies the numpy ufunc `name` (kernel `f`) to the `data` input and returns it as
/// `result`: the shape shared by all trigonometric components.
pub(crate) fn ufunc(
    inputs: &Inputs,
    name: &str,
    f: fn(f64) -> f64,
) -> Result<Outputs, ComponentError> {
    let result = map_float(inputs.value("data")?, name, f)?;
    Ok(Outputs::single("result", result))
}
