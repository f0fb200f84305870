//! Pass Through (DataFrame) (`7a1a818f-fa89-6062-1e0e-fc80539bbe0a`):
//! the identity for a DATAFRAME value.

use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Pass Through (DataFrame) 1.0.0 (port ids: UUIDv5 of
/// `hetida:<component id>:input:<name>` / `output`, URL namespace).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "7a1a818f-fa89-6062-1e0e-fc80539bbe0a",
    revision_group_id: "7a1a818f-fa89-6062-1e0e-fc80539bbe0a",
    name: "Pass Through (DataFrame)",
    category: "Connectors",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Passes a DataFrame through unchanged",
    inputs: &[PortSpec::new(
        "input",
        "1aeda270-0edf-beb1-dd20-40c552c53604",
        DataType::DataFrame,
    )],
    outputs: &[PortSpec::new(
        "output",
        "f11d31c6-981f-8c79-1052-18da06e52d30",
        DataType::DataFrame,
    )],
};

/// Pass Through (DataFrame): returns its `input` as `output`, the same shared value (no copy and no type
/// check, as hetida hands the same Python object on).
#[derive(Debug, Clone, Copy, Default)]
pub struct PassThroughDataFrame;

impl Component for PassThroughDataFrame {
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
    use rheo_core::value::{Column, FrameValue};
    use rheo_core::Value;

    fn frame() -> Value {
        Value::Frame(FrameValue {
            index: Column::range(2),
            columns: [("a".to_string(), Column::from_f64(vec![1.0, f64::NAN]))]
                .into_iter()
                .collect(),
            attrs: Default::default(),
        })
    }

    #[test]
    fn passes_frame_through_without_copy() {
        // a frame
        assert_passes_through(&PassThroughDataFrame, frame());
    }

    #[test]
    fn passes_null_through_without_copy() {
        // null (no validation)
        assert_passes_through(&PassThroughDataFrame, Value::Null);
    }
}
