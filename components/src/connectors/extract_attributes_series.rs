//! Extract Attributes (Series) (`9b160d5b-f821-4b7a-b314-b2c94e54c983`): the `attrs` metadata as a dictionary. Also holds the attrs
//! kernels shared by the Add/Update and Extract Attributes components.

use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::Attrs;
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};
use serde_json::Value as Json;

/// Identity and ports of Extract Attributes (Series) 1.0.0 (port ids: UUIDv5 of
/// `hetida:<component id>:input:<name>` / `output`, URL namespace).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "9b160d5b-f821-4b7a-b314-b2c94e54c983",
    revision_group_id: "30c08359-aeb2-4ce5-b1b0-c5ca253f9f23",
    name: "Extract Attributes (Series)",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Extract the attributes (attrs metadata) of the series",
    inputs: &[PortSpec::new(
        "series",
        "7950ddc9-c1e7-4cf7-afa4-304db0bafc0e",
        DataType::Series,
    )],
    outputs: &[PortSpec::new(
        "attributes",
        "62546db3-1c7d-49f3-95ae-3eb1e87ba73c",
        DataType::Any,
    )],
};

/// Extract Attributes (Series) as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Extract Attributes (Series): `series.attrs` as a JSON object (`{}` when none are set). hetida returns the
/// same dict object; Rheo returns an equal copy.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    extract_attributes(inputs, "series")
}

/// The `attrs` of a series or frame value; AttributeError (as Python) for other values.
pub(crate) fn attrs_of<'a>(v: &'a Value, port: &str) -> Result<&'a Attrs, ComponentError> {
    match v {
        Value::Series(s) => Ok(&s.attrs),
        Value::Frame(f) => Ok(&f.attrs),
        other => Err(ComponentError::new(
            "AttributeError",
            format!(
                "input '{port}': '{}' object has no attribute 'attrs'",
                other.kind_name()
            ),
        )),
    }
}

/// Shared kernel of the three Add/Update Attributes components: the value of input `port`
/// (a series or frame; not checked further, as in hetida) with the JSON object `attributes`
/// merged into its attrs (`dict.update`), returned under output `port`. A non-object
/// `attributes` raises TypeError.
pub(crate) fn add_update_attributes(
    inputs: &Inputs,
    port: &'static str,
) -> Result<Outputs, ComponentError> {
    let value = inputs.value(port)?;
    attrs_of(value, port)?;
    let update = match inputs.value("attributes")? {
        Value::Json(Json::Object(m)) => m,
        other => {
            return Err(ComponentError::type_error(format!(
                "attributes must be a dictionary, got {}",
                other.kind_name()
            )))
        }
    };
    let mut out = value.clone();
    let attrs = match &mut out {
        Value::Series(s) => &mut s.attrs,
        Value::Frame(f) => &mut f.attrs,
        _ => unreachable!("checked by attrs_of"),
    };
    for (k, v) in update {
        attrs.insert(k.clone(), v.clone());
    }
    Ok(Outputs::single(port, out))
}

/// Shared kernel of the three Extract Attributes components: the attrs of input `port` as a
/// JSON object (`{}` when none are set).
pub(crate) fn extract_attributes(inputs: &Inputs, port: &str) -> Result<Outputs, ComponentError> {
    let attrs = attrs_of(inputs.value(port)?, port)?;
    Ok(Outputs::single(
        "attributes",
        Value::Json(Json::Object(attrs.clone())),
    ))
}

/// Checks shared by the tests of the six attribute connectors (Series, DataFrame and
/// MultiTSFrame variants differ only in their port and value kind).
#[cfg(test)]
pub(crate) mod attrs_checks {
    use crate::kernels::elementwise::test_util::run1;
    use rheo_core::component::Component;
    use rheo_core::value::{Column, FrameValue};
    use rheo_core::Value;
    use serde_json::json;

    /// A one-row frame without attrs.
    pub fn one_row_frame() -> Value {
        Value::Frame(FrameValue {
            index: Column::range(1),
            columns: [("a".to_string(), Column::from_i64(vec![1]))]
                .into_iter()
                .collect(),
            attrs: Default::default(),
        })
    }

    fn attrs(v: &Value) -> serde_json::Value {
        match v {
            Value::Series(s) => serde_json::Value::Object(s.attrs.clone()),
            Value::Frame(f) => serde_json::Value::Object(f.attrs.clone()),
            other => panic!("{other:?}"),
        }
    }

    /// Add/Update Attributes: `attrs.update` semantics over two calls, an empty mapping
    /// changes nothing, a non-mapping raises TypeError, a scalar value AttributeError.
    pub fn add_update(c: &dyn Component, port: &str, value: Value) {
        let first = run1(
            c,
            &[
                (port, value.clone()),
                ("attributes", Value::Json(json!({"a": 1, "b": {"c": true}}))),
            ],
        )
        .unwrap();
        let second = run1(
            c,
            &[
                (port, first),
                ("attributes", Value::Json(json!({"a": "x", "d": null}))),
            ],
        )
        .unwrap();
        assert_eq!(
            attrs(&second),
            json!({"a": "x", "b": {"c": true}, "d": null})
        );
        let same = run1(
            c,
            &[
                (port, value.clone()),
                ("attributes", Value::Json(json!({}))),
            ],
        )
        .unwrap();
        assert_eq!(same, value);
        let e = run1(c, &[(port, value), ("attributes", Value::Int(3))]).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        let e = run1(
            c,
            &[
                (port, Value::Int(3)),
                ("attributes", Value::Json(json!({}))),
            ],
        )
        .unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
    }

    /// Extract Attributes: the attrs as a JSON object (empty without attrs), AttributeError
    /// for a scalar.
    pub fn extract(c: &dyn Component, port: &str, mut value: Value) {
        let out = run1(c, &[(port, value.clone())]).unwrap();
        assert_eq!(out, Value::Json(json!({})));
        match &mut value {
            Value::Series(s) => {
                s.attrs.insert("k".into(), json!([1, 2]));
            }
            Value::Frame(f) => {
                f.attrs.insert("k".into(), json!([1, 2]));
            }
            other => panic!("{other:?}"),
        }
        let out = run1(c, &[(port, value)]).unwrap();
        assert_eq!(out, Value::Json(json!({"k": [1, 2]})));
        let e = run1(c, &[(port, Value::Float(1.0))]).unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
    }
}

#[cfg(test)]
mod tests {
    use super::attrs_checks::extract;
    use super::*;

    #[test]
    fn returns_the_attrs_like_pandas() {
        let series = crate::kernels::elementwise::test_util::fs(&[1], &[2.0]);
        extract(&COMPONENT, "series", series);
    }
}
