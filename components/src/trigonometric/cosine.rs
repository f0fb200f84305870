//! Cosine (`1a83d0bb-2321-fd1a-8db4-22320b6eeb1c`): cosine of values.

use crate::kernels::ufunc::ufunc;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Cosine 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "1a83d0bb-2321-fd1a-8db4-22320b6eeb1c",
    revision_group_id: "1a83d0bb-2321-fd1a-8db4-22320b6eeb1c",
    name: "Cosine",
    category: "Trigonometric",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Cosine of values",
    inputs: &[PortSpec::new(
        "data",
        "3f26bf85-0d72-4d30-5f43-f9453ff45d92",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "result",
        "fdf56631-cb65-f3f5-b5e6-f7910e6c42c6",
        DataType::Any,
    )],
};

/// Cosine as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Cosine: the cosine (`numpy.cos`); ±inf give NaN, in radians. Elementwise for series and frames (index, name
/// and attrs kept, ints converted to float), a float for a plain number, a list for a JSON
/// list of numbers (numpy array). NaN propagates; strings and other objects raise
/// TypeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    ufunc(inputs, "cos", f64::cos)
}

// Behaviour is tested table-driven for all six functions in `trigonometric/mod.rs`.
