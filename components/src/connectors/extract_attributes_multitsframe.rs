//! Extract Attributes (MultiTSFrame) (`f711106f-3ee1-46a6-a70b-ba12d92fe5be`): the `attrs` metadata as a dictionary.

use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Extract Attributes (MultiTSFrame) 1.0.0 (port ids: UUIDv5 of
/// `hetida:<component id>:input:<name>` / `output`, URL namespace).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "f711106f-3ee1-46a6-a70b-ba12d92fe5be",
    revision_group_id: "88bb368a-5ff4-4bb2-a24c-b597ca0af2a1",
    name: "Extract Attributes (MultiTSFrame)",
    category: "Connectors",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Extract the attributes (attrs metadata) of the multitsframe",
    inputs: &[PortSpec::new(
        "multitsframe",
        "c9e0a531-4c93-46e5-aae4-0426e7a28d9c",
        DataType::MultiTsFrame,
    )],
    outputs: &[PortSpec::new(
        "attributes",
        "422a8d71-a24b-4926-a4e3-e6cab9d27830",
        DataType::Any,
    )],
};

/// Extract Attributes (MultiTSFrame): `multitsframe.attrs` as a JSON object (`{}` when none are set). hetida returns the
/// same dict object; Rheo returns an equal copy.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExtractAttributesMultiTsFrame;

impl Component for ExtractAttributesMultiTsFrame {
    fn spec(&self) -> &'static ComponentSpec {
        &SPEC
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        super::extract_attributes_series::extract_attributes(inputs, "multitsframe")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elementwise::test_util::run1;
    use rheo_core::Value;
    use serde_json::json;

    fn frame() -> Value {
        Value::Frame(rheo_core::value::FrameValue {
            index: rheo_core::value::Column::range(1),
            columns: [("a".to_string(), rheo_core::value::Column::from_i64(vec![1]))]
                .into_iter()
                .collect(),
            attrs: Default::default(),
        })
    }

    #[test]
    fn returns_the_attrs() {
        let mut v = frame();
        match &mut v {
            Value::Series(s) => {
                s.attrs.insert("k".into(), json!([1, 2]));
            }
            Value::Frame(f) => {
                f.attrs.insert("k".into(), json!([1, 2]));
            }
            _ => unreachable!(),
        }
        let out = run1(&ExtractAttributesMultiTsFrame, &[("multitsframe", v)]).unwrap();
        assert_eq!(out, Value::Json(json!({"k": [1, 2]})));
    }

    #[test]
    fn no_attrs_give_empty_object_and_scalars_fail() {
        let out = run1(&ExtractAttributesMultiTsFrame, &[("multitsframe", frame())]).unwrap();
        assert_eq!(out, Value::Json(json!({})));
        let e = run1(
            &ExtractAttributesMultiTsFrame,
            &[("multitsframe", Value::Float(1.0))],
        )
        .unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
    }
}
