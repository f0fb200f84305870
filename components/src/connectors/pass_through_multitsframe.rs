//! Pass Through (MultiTSFrame) (`78ee6b00-9239-4214-b9bf-a093647f33f5`):
//! the identity for a MULTITSFRAME value.

use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Pass Through (MultiTSFrame) 1.0.0 (port ids: UUIDv5 of
/// `hetida:<component id>:input:<name>` / `output`, URL namespace).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "78ee6b00-9239-4214-b9bf-a093647f33f5",
    revision_group_id: "4ff190e1-4555-4fa9-b076-671586802387",
    name: "Pass Through (MultiTSFrame)",
    category: "Connectors",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Passes a MultiTSFrame through unchanged",
    inputs: &[PortSpec::new(
        "input",
        "5bcac752-1cac-486e-bec3-22faa8798897",
        DataType::MultiTsFrame,
    )],
    outputs: &[PortSpec::new(
        "output",
        "1f3b4a65-a5b9-45c1-b544-9f0e81e6aa65",
        DataType::MultiTsFrame,
    )],
};

/// Pass Through (MultiTSFrame): returns its `input` as `output`, the same shared value (no copy and no type
/// check, as hetida hands the same Python object on).
#[derive(Debug, Clone, Copy, Default)]
pub struct PassThroughMultiTsFrame;

impl Component for PassThroughMultiTsFrame {
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
        // a long-format frame
        assert_passes_through(&PassThroughMultiTsFrame, frame());
    }

    #[test]
    fn passes_empty_frame_through_without_copy() {
        // an empty frame
        assert_passes_through(
            &PassThroughMultiTsFrame,
            Value::Frame(FrameValue {
                index: Column::range(0),
                columns: Default::default(),
                attrs: Default::default(),
            }),
        );
    }
}
