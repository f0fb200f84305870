//! Sine (`2cc88d07-b151-dc5b-d4c4-cfd95a043de3`): sine of values.

use crate::kernels::ufunc::ufunc;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Sine 1.0.0 (port ids as in hetida's component revision).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "2cc88d07-b151-dc5b-d4c4-cfd95a043de3",
    revision_group_id: "2cc88d07-b151-dc5b-d4c4-cfd95a043de3",
    name: "Sine",
    category: "Trigonometric",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Sine of values",
    inputs: &[PortSpec::new(
        "data",
        "5477553b-1744-8fd6-c4e2-da031cfdb6b4",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "result",
        "6453b174-0690-1ffa-6630-0602ca8a302f",
        DataType::Any,
    )],
};

/// Sine as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Sine: the sine (`numpy.sin`); ±inf give NaN, in radians. Elementwise for series and frames (index, name
/// and attrs kept, ints converted to float), a float for a plain number, a list for a JSON
/// list of numbers (numpy array). NaN propagates; strings and other objects raise
/// TypeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    ufunc(inputs, "sin", f64::sin)
}

// Behaviour is tested table-driven for all six functions in `trigonometric/mod.rs`.
