//! Greater or equal (`f759e4c0-1468-0f2e-9740-41302b860193`): elementwise `left >= right`.

use crate::kernels::compare::{run_comparison, Rel};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Greater or equal 1.0.0 (hetida's connector ids (workflows.md Appendix A)).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "f759e4c0-1468-0f2e-9740-41302b860193",
    revision_group_id: "f759e4c0-1468-0f2e-9740-41302b860193",
    name: "Greater or equal",
    category: "Basic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Checks if left is greater than or equal to right",
    inputs: &[
        PortSpec::new(
            "left",
            "211c703a-891e-0dcd-a5d6-49756e02cf53",
            DataType::Any,
        ),
        PortSpec::new(
            "right",
            "a1e4707a-d2ba-46ea-b866-627fd12bc5d0",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "result",
        "6023ec09-572e-d0a9-b71c-78a85b9dac7b",
        DataType::Any,
    )],
};

/// Greater or equal as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Greater or equal: `left >= right` with the shared comparison semantics of the category
/// ([`crate::kernels::compare::compare`]): two plain values give a Python bool, a scalar broadcasts over a
/// series/frame, identically indexed series compare positionally (name kept only when both
/// names are equal), other series are aligned on the sorted union of their labels; NaN and
/// missing labels give False. The result is a bool series/frame.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    run_comparison(Rel::Ge, inputs)
}

// Behaviour is tested table-driven for all six comparisons in `basic/mod.rs`.
