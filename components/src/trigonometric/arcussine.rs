//! Arcussine (`487008dc-1476-139c-5392-d5d0de1e6505`): arcsine of values.

use crate::kernels::ufunc::ufunc;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Arcussine 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "487008dc-1476-139c-5392-d5d0de1e6505",
    revision_group_id: "487008dc-1476-139c-5392-d5d0de1e6505",
    name: "Arcussine",
    category: "Trigonometric",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Arc sine of values",
    inputs: &[PortSpec::new(
        "data",
        "0f05abb3-52dd-934e-c131-0940ac24b3dd",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "result",
        "d31249c0-62b9-4c84-af47-d2802bc246c8",
        DataType::Any,
    )],
};

/// Arcussine as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Arcussine: the arc sine (`numpy.arcsin`), in [-π/2, π/2]; values outside [-1, 1] give NaN, in radians. Elementwise for series and frames (index, name
/// and attrs kept, ints converted to float), a float for a plain number, a list for a JSON
/// list of numbers (numpy array). NaN propagates; strings and other objects raise
/// TypeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    ufunc(inputs, "arcsin", f64::asin)
}

// Behaviour is tested table-driven for all six functions in `trigonometric/mod.rs`.
