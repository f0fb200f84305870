//! Pass Through (`1946d5f8-44a8-724c-176f-16f3e49963af`):
//! the identity for a value of any kind (number, string, JSON, series, frame, figure).

use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Pass Through 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "1946d5f8-44a8-724c-176f-16f3e49963af",
    revision_group_id: "1946d5f8-44a8-724c-176f-16f3e49963af",
    name: "Pass Through",
    category: "Connectors",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Passes any value through unchanged",
    inputs: &[PortSpec::new(
        "input",
        "c9439942-1907-65d2-7dc6-acfc78caaf1e",
        DataType::Any,
    )],
    outputs: &[PortSpec::new(
        "output",
        "3d9ff219-67cb-2ad7-656d-01a3ebbecc50",
        DataType::Any,
    )],
};

/// Pass Through: returns its `input` as `output`, the same shared value
/// (no copy and no type check, as hetida hands the same Python object on). Workflows use it to expose a
/// ANY input or output under a name of their choice.
#[derive(Debug, Clone, Copy, Default)]
pub struct PassThrough;

impl Component for PassThrough {
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
    use rheo_core::value::{Column, SeriesValue};
    use rheo_core::Value;

    #[test]
    fn passes_json_object_through_without_copy() {
        // a JSON object
        assert_passes_through(&PassThrough, Value::Json(serde_json::json!({"a": [1, 2]})));
    }

    #[test]
    fn passes_series_through_without_copy() {
        // a series
        assert_passes_through(
            &PassThrough,
            Value::Series(SeriesValue::new(
                Column::range(2),
                Column::from_f64(vec![1.0, 2.0]),
            )),
        );
    }

    #[test]
    fn passes_null_through_without_copy() {
        // null
        assert_passes_through(&PassThrough, Value::Null);
    }
}
