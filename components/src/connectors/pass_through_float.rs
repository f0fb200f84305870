//! Pass Through (Float) (`2f511674-f766-748d-2de3-ad5e62e10a1a`):
//! the identity for a FLOAT value.

use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Pass Through (Float) 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "2f511674-f766-748d-2de3-ad5e62e10a1a",
    revision_group_id: "2f511674-f766-748d-2de3-ad5e62e10a1a",
    name: "Pass Through (Float)",
    category: "Connectors",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Passes a float through unchanged",
    inputs: &[PortSpec::new(
        "input",
        "c57127e7-6b84-03f8-6ef1-dcd7232bf3bf",
        DataType::Float,
    )],
    outputs: &[PortSpec::new(
        "output",
        "9cef5ade-69f0-3cdb-4279-3d49fc9914fc",
        DataType::Float,
    )],
};

/// Pass Through (Float): returns its `input` as `output`, the same shared value
/// (no copy and no type check, as hetida hands the same Python object on). Workflows use it to expose a
/// FLOAT input or output under a name of their choice.
#[derive(Debug, Clone, Copy, Default)]
pub struct PassThroughFloat;

impl Component for PassThroughFloat {
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
    fn passes_float_through_without_copy() {
        // a float
        assert_passes_through(&PassThroughFloat, Value::Float(2.5));
    }

    #[test]
    fn passes_nan_through_without_copy() {
        // NaN
        assert_passes_through(&PassThroughFloat, Value::Float(f64::NAN));
    }

    #[test]
    fn passes_int_unconverted_through_without_copy() {
        // an int (not converted)
        assert_passes_through(&PassThroughFloat, Value::Int(3));
    }
}
