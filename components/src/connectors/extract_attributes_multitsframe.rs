//! Extract Attributes (MultiTSFrame) (`f711106f-3ee1-46a6-a70b-ba12d92fe5be`): the `attrs` metadata as a dictionary.

use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Extract Attributes (MultiTSFrame) 1.0.0 (port ids: UUIDv5 of
/// `hetida:<component id>:input:<name>` / `output`, URL namespace).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "f711106f-3ee1-46a6-a70b-ba12d92fe5be",
    revision_group_id: "88bb368a-5ff4-4bb2-a24c-b597ca0af2a1",
    name: "Extract Attributes (MultiTSFrame)",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Extract the attributes (attrs metadata) of the multitsframe",
    inputs: &[PortSpec::new(
        "multitsframe",
        "c9e0a531-4c93-46e5-aae4-0426e7a28d9c",
        DataType::MultiTsFrame,
    )],
    outputs: &[PortSpec::new(
        "attributes",
        "422a8d71-a24b-4926-a4e3-e6cab9d27830",
        DataType::Any,
    )],
};

/// Extract Attributes (MultiTSFrame) as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Extract Attributes (MultiTSFrame): `multitsframe.attrs` as a JSON object (`{}` when none are set). hetida returns the
/// same dict object; Rheo returns an equal copy.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    super::extract_attributes_series::extract_attributes(inputs, "multitsframe")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connectors::extract_attributes_series::attrs_checks::{extract, one_row_frame};

    #[test]
    fn returns_the_attrs_like_pandas() {
        extract(&COMPONENT, "multitsframe", one_row_frame());
    }
}
