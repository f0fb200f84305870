//! Greater (`e6918e9e-aaaf-6f84-175a-fc2ac03ed85d`): elementwise `left > right`.

use crate::kernels::compare::{run_comparison, Rel};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Greater 1.0.0 (port ids derived from the port names, see the category module).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "e6918e9e-aaaf-6f84-175a-fc2ac03ed85d",
    revision_group_id: "e6918e9e-aaaf-6f84-175a-fc2ac03ed85d",
    name: "Greater",
    category: "Basic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Checks if left is greater than right",
    inputs: &[
        PortSpec::new(
            "left",
            "791d799b-e78f-53ce-b1e0-0f79ff260269",
            DataType::Any,
        ),
        PortSpec::new(
            "right",
            "1422edfb-fa9c-a3cf-b846-9735f47a9ce7",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "result",
        "3446dce1-6305-f454-ee2c-81b68aa33388",
        DataType::Any,
    )],
};

/// Greater as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Greater: `left > right` with the shared comparison semantics of the category
/// ([`crate::kernels::compare::compare`]): two plain values give a Python bool, a scalar broadcasts over a
/// series/frame, identically indexed series compare positionally (name kept only when both
/// names are equal), other series are aligned on the sorted union of their labels; NaN and
/// missing labels give False. The result is a bool series/frame.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    run_comparison(Rel::Gt, inputs)
}

// Behaviour is tested table-driven for all six comparisons in `basic/mod.rs`.
