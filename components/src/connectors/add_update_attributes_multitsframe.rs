//! Add/Update Attributes (MultiTSFrame) (`dbce1015-833e-4b23-bf72-05beb28d5b90`): merges a mapping into the `attrs` metadata.

use rheo_core::component::{Component, ComponentSpec, Inputs, Outputs, PortSpec};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Add/Update Attributes (MultiTSFrame) 1.0.0 (port ids: UUIDv5 of
/// `hetida:<component id>:input:<name>` / `output`, URL namespace).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "dbce1015-833e-4b23-bf72-05beb28d5b90",
    revision_group_id: "38ecd7c8-4ece-418e-91db-336f8d1d4090",
    name: "Add/Update Attributes (MultiTSFrame)",
    category: "Connectors",
    version_tag: "1.0.0",
    state: "RELEASED",
    description: "Add or update attributes of the multitsframe (the attrs metadata)",
    inputs: &[
        PortSpec::new(
            "multitsframe",
            "bdceff6c-cc42-418c-963b-96ac8c40c31f",
            DataType::MultiTsFrame,
        ),
        PortSpec::new(
            "attributes",
            "926c3dcd-e875-459a-9db6-cc2590cde75e",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "multitsframe",
        "6a7844c6-a7fa-4e9d-8051-61f174f3892b",
        DataType::MultiTsFrame,
    )],
};

/// Add/Update Attributes (MultiTSFrame): `multitsframe.attrs.update(attributes)` (given keys overwritten, others kept; a
/// non-dictionary `attributes` raises TypeError); the value itself is not validated, any
/// series or frame is accepted as in hetida.
///
/// Deviation: hetida updates the caller's object in place; Rheo returns a copy with the
/// merged attrs (column data shared, not copied) and the upstream value keeps its attrs.
#[derive(Debug, Clone, Copy, Default)]
pub struct AddUpdateAttributesMultiTsFrame;

impl Component for AddUpdateAttributesMultiTsFrame {
    fn spec(&self) -> &'static ComponentSpec {
        &SPEC
    }

    fn run(&self, inputs: &Inputs) -> Result<Outputs, ComponentError> {
        super::extract_attributes_series::add_update_attributes(inputs, "multitsframe")
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
    fn merges_keys_with_update_semantics() {
        let first = run1(
            &AddUpdateAttributesMultiTsFrame,
            &[
                ("multitsframe", frame()),
                ("attributes", Value::Json(json!({"a": 1, "b": {"c": true}}))),
            ],
        )
        .unwrap();
        let second = run1(
            &AddUpdateAttributesMultiTsFrame,
            &[
                ("multitsframe", first),
                ("attributes", Value::Json(json!({"a": "x", "d": null}))),
            ],
        )
        .unwrap();
        let attrs = match &second {
            Value::Series(s) => &s.attrs,
            Value::Frame(f) => &f.attrs,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            serde_json::Value::Object(attrs.clone()),
            json!({"a": "x", "b": {"c": true}, "d": null})
        );
    }

    #[test]
    fn empty_mapping_keeps_and_non_mapping_fails() {
        let v = run1(
            &AddUpdateAttributesMultiTsFrame,
            &[
                ("multitsframe", frame()),
                ("attributes", Value::Json(json!({}))),
            ],
        )
        .unwrap();
        assert_eq!(v, frame());
        let e = run1(
            &AddUpdateAttributesMultiTsFrame,
            &[("multitsframe", frame()), ("attributes", Value::Int(3))],
        )
        .unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        let e = run1(
            &AddUpdateAttributesMultiTsFrame,
            &[
                ("multitsframe", Value::Int(3)),
                ("attributes", Value::Json(json!({}))),
            ],
        )
        .unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
    }
}
