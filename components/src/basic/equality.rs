//! Equality (`9ccc8df5-5e68-46ff-bc2d-1fa82dae972c`): elementwise `left == right`.

use crate::kernels::compare::{run_comparison, Rel};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Equality 1.0.0 (port ids derived from the port names, see the category module).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "9ccc8df5-5e68-46ff-bc2d-1fa82dae972c",
    revision_group_id: "9ccc8df5-5e68-46ff-bc2d-1fa82dae972c",
    name: "Equality",
    category: "Basic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Checks if left is equal to right",
    inputs: &[
        PortSpec::new(
            "left",
            "786f3bb8-0407-3994-250e-694ebbad139b",
            DataType::Any,
        ),
        PortSpec::new(
            "right",
            "37b7d91a-dcaf-2f71-17b4-86599388b27a",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "result",
        "b1510007-ce75-05af-2907-faf5486ef7bc",
        DataType::Any,
    )],
};

/// Equality as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Equality: `left == right` with the shared comparison semantics of the category
/// ([`crate::kernels::compare::compare`]): two plain values give a Python bool, a scalar broadcasts over a
/// series/frame, identically indexed series compare positionally (name kept only when both
/// names are equal), other series are aligned on the sorted union of their labels; NaN and
/// missing labels give False. The result is a bool series/frame.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    run_comparison(Rel::Eq, inputs)
}

// Behaviour is tested table-driven for all six comparisons in `basic/mod.rs`.
