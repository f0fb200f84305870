//! Add/Update Attributes (MultiTSFrame) (`dbce1015-833e-4b23-bf72-05beb28d5b90`): merges a mapping into the `attrs` metadata.

use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Add/Update Attributes (MultiTSFrame) 1.0.0 (port ids: UUIDv5 of
/// `hetida:<component id>:input:<name>` / `output`, URL namespace).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "dbce1015-833e-4b23-bf72-05beb28d5b90",
    revision_group_id: "38ecd7c8-4ece-418e-91db-336f8d1d4090",
    name: "Add/Update Attributes (MultiTSFrame)",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Add or update attributes of the multitsframe (the attrs metadata)",
    inputs: &[
        PortSpec::new(
            "multitsframe",
            "bdceff6c-cc42-418c-963b-96ac8c40c31f",
            DataType::MultiTsFrame,
        ),
        PortSpec::new(
            "attributes",
            "926c3dcd-e875-459a-9db6-cc2590cde75e",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "multitsframe",
        "6a7844c6-a7fa-4e9d-8051-61f174f3892b",
        DataType::MultiTsFrame,
    )],
};

/// Add/Update Attributes (MultiTSFrame) as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Add/Update Attributes (MultiTSFrame): `multitsframe.attrs.update(attributes)` (given keys overwritten, others kept; a
/// non-dictionary `attributes` raises TypeError); the value itself is not validated, any
/// series or frame is accepted as in hetida.
///
/// Deviation: hetida updates the caller's object in place; Rheo returns a copy with the
/// merged attrs (column data shared, not copied) and the upstream value keeps its attrs.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    super::extract_attributes_series::add_update_attributes(inputs, "multitsframe")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connectors::extract_attributes_series::attrs_checks::{add_update, one_row_frame};

    #[test]
    fn merges_keys_with_update_semantics() {
        add_update(&COMPONENT, "multitsframe", one_row_frame());
    }
}
