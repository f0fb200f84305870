//! Add/Update Attributes (DataFrame) (`5372a8bb-717f-4183-a89b-94b0c8d8693a`): merges a mapping into the `attrs` metadata.

use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Add/Update Attributes (DataFrame) 1.0.0 (port ids: UUIDv5 of
/// `hetida:<component id>:input:<name>` / `output`, URL namespace).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "5372a8bb-717f-4183-a89b-94b0c8d8693a",
    revision_group_id: "4a7450b3-c462-4c11-ab5b-faab1b3010a5",
    name: "Add/Update Attributes (DataFrame)",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Add or update attributes of the dataframe (the attrs metadata)",
    inputs: &[
        PortSpec::new(
            "dataframe",
            "b2a9b49b-1bbd-4245-8a3b-d37758a481bc",
            DataType::DataFrame,
        ),
        PortSpec::new(
            "attributes",
            "0f1a57e6-57f8-40b0-bb1e-bedf75df56c2",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "dataframe",
        "012f9b19-4718-4eef-84e0-fc387e036fbf",
        DataType::DataFrame,
    )],
};

/// Add/Update Attributes (DataFrame) as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Add/Update Attributes (DataFrame): `dataframe.attrs.update(attributes)` (given keys overwritten, others kept; a
/// non-dictionary `attributes` raises TypeError); the value itself is not validated, any
/// series or frame is accepted as in hetida.
///
/// Deviation: hetida updates the caller's object in place; Rheo returns a copy with the
/// merged attrs (column data shared, not copied) and the upstream value keeps its attrs.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    super::extract_attributes_series::add_update_attributes(inputs, "dataframe")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connectors::extract_attributes_series::attrs_checks::{add_update, one_row_frame};

    #[test]
    fn merges_keys_with_update_semantics() {
        add_update(&COMPONENT, "dataframe", one_row_frame());
    }
}
