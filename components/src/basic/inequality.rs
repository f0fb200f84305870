//! Inequality (`4ec3ef23-6bea-872d-1905-c9c6d06dddef`): elementwise `left != right`.

use crate::kernels::compare::{run_comparison, Rel};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Inequality 1.0.0 (port ids derived from the port names, see the category module).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "4ec3ef23-6bea-872d-1905-c9c6d06dddef",
    revision_group_id: "4ec3ef23-6bea-872d-1905-c9c6d06dddef",
    name: "Inequality",
    category: "Basic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Checks if left is unequal to right",
    inputs: &[
        PortSpec::new(
            "left",
            "4b0b61ae-d560-6687-7c97-fdd15d9798d8",
            DataType::Any,
        ),
        PortSpec::new(
            "right",
            "3f8bcc87-a39f-7f4c-0943-e3efcd9b01f0",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "result",
        "3f28c477-9d86-a82c-885b-4e8f2f967fb3",
        DataType::Any,
    )],
};

/// Inequality as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Inequality: `left != right` with the shared comparison semantics of the category
/// ([`crate::kernels::compare::compare`]): two plain values give a Python bool, a scalar broadcasts over a
/// series/frame, identically indexed series compare positionally (name kept only when both
/// names are equal), other series are aligned on the sorted union of their labels; NaN and
/// missing labels give True. The result is a bool series/frame.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    run_comparison(Rel::Ne, inputs)
}

// Behaviour is tested table-driven for all six comparisons in `basic/mod.rs`.
