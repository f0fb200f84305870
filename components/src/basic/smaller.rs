//! Smaller (`9f33cbbc-3935-e9f3-a682-99579e96a4d0`): elementwise `left < right`.

use crate::kernels::compare::{run_comparison, Rel};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Smaller 1.0.0 (port ids derived from the port names, see the category module).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "9f33cbbc-3935-e9f3-a682-99579e96a4d0",
    revision_group_id: "9f33cbbc-3935-e9f3-a682-99579e96a4d0",
    name: "Smaller",
    category: "Basic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Checks if left is smaller than right",
    inputs: &[
        PortSpec::new(
            "left",
            "6e8500dc-4913-a0a5-1bb4-33ba8dc46139",
            DataType::Any,
        ),
        PortSpec::new(
            "right",
            "07d38fe6-da2d-84c6-6b3a-d68305a5ebc1",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "result",
        "c66beab8-ecea-e4e1-9622-5336c9100ab0",
        DataType::Any,
    )],
};

/// Smaller as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Smaller: `left < right` with the shared comparison semantics of the category
/// ([`crate::kernels::compare::compare`]): two plain values give a Python bool, a scalar broadcasts over a
/// series/frame, identically indexed series compare positionally (name kept only when both
/// names are equal), other series are aligned on the sorted union of their labels; NaN and
/// missing labels give False. The result is a bool series/frame.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    run_comparison(Rel::Lt, inputs)
}

// Behaviour is tested table-driven for all six comparisons in `basic/mod.rs`.
