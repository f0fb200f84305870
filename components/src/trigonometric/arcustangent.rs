//! Arcustangent (`8b974f17-5055-80f2-64f5-96c6eff93a35`): arctangent of values.

use crate::kernels::ufunc::ufunc;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Arcustangent 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "8b974f17-5055-80f2-64f5-96c6eff93a35",
    revision_group_id: "8b974f17-5055-80f2-64f5-96c6eff93a35",
    name: "Arcustangent",
    category: "Trigonometric",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Arc tangent of values",
    inputs: &[PortSpec::new(
        "data",
        "0090d546-c18a-ba01-1730-b1b0bfb522ca",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "result",
        "3f1422e2-39e5-7068-acee-978bb4d845fb",
        DataType::Any,
    )],
};

/// Arcustangent as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Arcustangent: the arc tangent (`numpy.arctan`), in (-π/2, π/2); ±inf give ±π/2, in radians. Elementwise for series and frames (index, name
/// and attrs kept, ints converted to float), a float for a plain number, a list for a JSON
/// list of numbers (numpy array). NaN propagates; strings and other objects raise
/// TypeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    ufunc(inputs, "arctan", f64::atan)
}

// Behaviour is tested table-driven for all six functions in `trigonometric/mod.rs`.
