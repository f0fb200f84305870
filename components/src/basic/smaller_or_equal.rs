//! Smaller or equal (`8a7e43b9-ce04-796e-6b73-5ce67547122a`): elementwise `left <= right`.

use crate::kernels::compare::{run_comparison, Rel};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Smaller or equal 1.0.0 (port ids derived from the port names, see the category module).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "8a7e43b9-ce04-796e-6b73-5ce67547122a",
    revision_group_id: "8a7e43b9-ce04-796e-6b73-5ce67547122a",
    name: "Smaller or equal",
    category: "Basic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Checks if left is smaller than or equal to right",
    inputs: &[
        PortSpec::new(
            "left",
            "848a21dd-e027-f27d-703e-defeeb667e7b",
            DataType::Any,
        ),
        PortSpec::new(
            "right",
            "d4911144-ee8a-88f6-9c56-9019b1d97a9b",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "result",
        "e69048fa-e602-19cd-058b-ff1491dde847",
        DataType::Any,
    )],
};

/// Smaller or equal as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Smaller or equal: `left <= right` with the shared comparison semantics of the category
/// ([`crate::kernels::compare::compare`]): two plain values give a Python bool, a scalar broadcasts over a
/// series/frame, identically indexed series compare positionally (name kept only when both
/// names are equal), other series are aligned on the sorted union of their labels; NaN and
/// missing labels give False. The result is a bool series/frame.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    run_comparison(Rel::Le, inputs)
}

// Behaviour is tested table-driven for all six comparisons in `basic/mod.rs`.
