//! Pass Through (Integer) (`57eea09f-d28e-89af-4e81-2027697a3f0f`):
//! the identity for a INT value.

use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Pass Through (Integer) 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "57eea09f-d28e-89af-4e81-2027697a3f0f",
    revision_group_id: "57eea09f-d28e-89af-4e81-2027697a3f0f",
    name: "Pass Through (Integer)",
    category: "Connectors",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Passes an integer through unchanged",
    inputs: &[PortSpec::new(
        "input",
        "d7ee8fb5-c52b-431a-2a80-c11ca727d9ce",
        DataType::Int,
    )],
    outputs: &[PortSpec::new(
        "output",
        "57043fae-046c-7dee-2f17-8e069a2dac90",
        DataType::Int,
    )],
};

/// Pass Through (Integer): returns its `input` as `output`, the same shared value
/// (no copy and no type check, as hetida hands the same Python object on). Workflows use it to expose a
/// INT input or output under a name of their choice.
#[derive(Debug, Clone, Copy, Default)]
pub struct PassThroughInteger;

impl Component for PassThroughInteger {
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
    fn passes_int_through_without_copy() {
        // an int
        assert_passes_through(&PassThroughInteger, Value::Int(42));
    }

    #[test]
    fn passes_float_unconverted_through_without_copy() {
        // a float (not converted)
        assert_passes_through(&PassThroughInteger, Value::Float(1.5));
    }
}
