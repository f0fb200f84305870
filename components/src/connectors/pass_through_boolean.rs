//! Pass Through (Boolean) (`8ea34104-2dd1-b4dc-8fd4-ed07bb967060`):
//! the identity for a BOOLEAN value.

use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Pass Through (Boolean) 1.0.0 (port ids: UUIDv5 of
/// `hetida:<component id>:input:<name>` / `output`, URL namespace).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "8ea34104-2dd1-b4dc-8fd4-ed07bb967060",
    revision_group_id: "8ea34104-2dd1-b4dc-8fd4-ed07bb967060",
    name: "Pass Through (Boolean)",
    category: "Connectors",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Passes a boolean through unchanged",
    inputs: &[PortSpec::new(
        "input",
        "46cb9e3f-1b7a-d435-8625-303b51160fd4",
        DataType::Boolean,
    )],
    outputs: &[PortSpec::new(
        "output",
        "20dc1d40-fd45-85ad-2271-0a534e14f084",
        DataType::Boolean,
    )],
};

/// Pass Through (Boolean): returns its `input` as `output`, the same shared value (no copy and no type
/// check, as hetida hands the same Python object on).
#[derive(Debug, Clone, Copy, Default)]
pub struct PassThroughBoolean;

impl Component for PassThroughBoolean {
    fn spec(&self) -> &'static ComponentSpec {
        &SPEC
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        super::pass_through(inputs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connectors::test_util::assert_passes_through;
    use rheo_core::Value;

    #[test]
    fn passes_bool_through_without_copy() {
        // a boolean
        assert_passes_through(&PassThroughBoolean, Value::Bool(true));
    }

    #[test]
    fn passes_string_unconverted_through_without_copy() {
        // a string (not converted)
        assert_passes_through(&PassThroughBoolean, Value::Str("true".into()));
    }
}
