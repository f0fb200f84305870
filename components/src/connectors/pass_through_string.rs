//! Pass Through (String) (`2b1b474f-ddf5-1f4d-fec4-17ef9122112b`):
//! the identity for a STRING value.

use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Pass Through (String) 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "2b1b474f-ddf5-1f4d-fec4-17ef9122112b",
    revision_group_id: "2b1b474f-ddf5-1f4d-fec4-17ef9122112b",
    name: "Pass Through (String)",
    category: "Connectors",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Passes a string through unchanged",
    inputs: &[PortSpec::new(
        "input",
        "a8c3e9bb-91cc-12f4-c717-55f95adda207",
        DataType::String,
    )],
    outputs: &[PortSpec::new(
        "output",
        "71ddbbe3-1f57-1e37-5381-7af6af871e49",
        DataType::String,
    )],
};

/// Pass Through (String): returns its `input` as `output`, the same shared value
/// (no copy and no type check, as hetida hands the same Python object on). Workflows use it to expose a
/// STRING input or output under a name of their choice.
#[derive(Debug, Clone, Copy, Default)]
pub struct PassThroughString;

impl Component for PassThroughString {
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
    fn passes_string_through_without_copy() {
        // a string
        assert_passes_through(&PassThroughString, Value::Str("5min".into()));
    }

    #[test]
    fn passes_nat_string_through_without_copy() {
        // the string NaT
        assert_passes_through(&PassThroughString, Value::Str("NaT".into()));
    }

    #[test]
    fn passes_null_through_without_copy() {
        // null
        assert_passes_through(&PassThroughString, Value::Null);
    }
}
