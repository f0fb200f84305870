//! Add/Update Attributes (Series) (`635d23be-39b5-4665-ac1e-c8e4a001d06d`): merges a mapping into the `attrs` metadata.

use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Add/Update Attributes (Series) 1.0.0 (port ids: UUIDv5 of
/// `hetida:<component id>:input:<name>` / `output`, URL namespace).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "635d23be-39b5-4665-ac1e-c8e4a001d06d",
    revision_group_id: "48f6fd85-bebf-434f-953a-19d64b042748",
    name: "Add/Update Attributes (Series)",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Add or update attributes of the series (the attrs metadata)",
    inputs: &[
        PortSpec::new(
            "series",
            "ebc33272-dd65-4629-a651-e2a271a1c96f",
            DataType::Series,
        ),
        PortSpec::new(
            "attributes",
            "295fe208-15a6-4a8d-9b0d-1b3b75d0454a",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "series",
        "2d0d724d-4aae-4874-b353-c652043b4763",
        DataType::Series,
    )],
};

/// Add/Update Attributes (Series) as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Add/Update Attributes (Series): `series.attrs.update(attributes)` (given keys overwritten, others kept; a
/// non-dictionary `attributes` raises TypeError); the value itself is not validated, any
/// series or frame is accepted as in hetida.
///
/// Deviation: hetida updates the caller's object in place; Rheo returns a copy with the
/// merged attrs (column data shared, not copied) and the upstream value keeps its attrs.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    super::extract_attributes_series::add_update_attributes(inputs, "series")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connectors::extract_attributes_series::attrs_checks::add_update;

    #[test]
    fn merges_keys_with_update_semantics() {
        let series = crate::kernels::elementwise::test_util::fs(&[1], &[2.0]);
        add_update(&COMPONENT, "series", series);
    }
}
