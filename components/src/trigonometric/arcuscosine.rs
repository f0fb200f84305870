//! Arcuscosine (`ba0783de-93ab-0eb2-87fd-a5e09aff9d87`): arccosine of values.

use crate::kernels::ufunc::ufunc;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Arcuscosine 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "ba0783de-93ab-0eb2-87fd-a5e09aff9d87",
    revision_group_id: "ba0783de-93ab-0eb2-87fd-a5e09aff9d87",
    name: "Arcuscosine",
    category: "Trigonometric",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Arc cosine of values",
    inputs: &[PortSpec::new(
        "data",
        "a8228aef-e2ef-4a1a-2982-dc71c47cc301",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "result",
        "ff9c358e-279e-e7a7-344e-1e90975df6c6",
        DataType::Any,
    )],
};

/// Arcuscosine as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Arcuscosine: the arc cosine (`numpy.arccos`), in [0, π]; values outside [-1, 1] give NaN, in radians. Elementwise for series and frames (index, name
/// and attrs kept, ints converted to float), a float for a plain number, a list for a JSON
/// list of numbers (numpy array). NaN propagates; strings and other objects raise
/// TypeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    ufunc(inputs, "arccos", f64::acos)
}

// Behaviour is tested table-driven for all six functions in `trigonometric/mod.rs`.
