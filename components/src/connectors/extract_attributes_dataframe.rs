//! Extract Attributes (DataFrame) (`816436b2-f303-48af-857c-6c4d7c7a0f4b`): the `attrs` metadata as a dictionary.

use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Extract Attributes (DataFrame) 1.0.0 (port ids: UUIDv5 of
/// `hetida:<component id>:input:<name>` / `output`, URL namespace).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "816436b2-f303-48af-857c-6c4d7c7a0f4b",
    revision_group_id: "8264ab0e-9ab2-403e-a449-e874aa729ae6",
    name: "Extract Attributes (DataFrame)",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Extract the attributes (attrs metadata) of the dataframe",
    inputs: &[PortSpec::new(
        "dataframe",
        "34eb1d9f-a8d5-40bd-bd7a-f66afd0f7958",
        DataType::DataFrame,
    )],
    outputs: &[PortSpec::new(
        "attributes",
        "b4dd9237-3a95-4f6c-89cc-45cb890af227",
        DataType::Any,
    )],
};

/// Extract Attributes (DataFrame) as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Extract Attributes (DataFrame): `dataframe.attrs` as a JSON object (`{}` when none are set). hetida returns the
/// same dict object; Rheo returns an equal copy.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    super::extract_attributes_series::extract_attributes(inputs, "dataframe")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connectors::extract_attributes_series::attrs_checks::{extract, one_row_frame};

    #[test]
    fn returns_the_attrs_like_pandas() {
        extract(&COMPONENT, "dataframe", one_row_frame());
    }
}
