//! Add/Update Value in Dictionary (`6c956baa-7fd2-4465-b87d-adbe4069d072`): sets one key of
//! a dictionary.

use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};
use serde_json::Value as Json;

/// Identity and ports of Add/Update Value in Dictionary 1.0.0 (hetida's connector ids,
/// workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "6c956baa-7fd2-4465-b87d-adbe4069d072",
    revision_group_id: "634d8d15-15ee-4ef8-be3f-85553e0002c9",
    name: "Add/Update Value in Dictionary",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Add or update the value of a key in a dictionary",
    inputs: &[
        PortSpec::new(
            "dictionary",
            "e383d251-acc0-4927-bc2e-7b2ae5f064fe",
            DataType::Any,
        ),
        PortSpec::new(
            "key",
            "9df3a469-e5a7-4c6d-aa09-94296995d939",
            DataType::String,
        ),
        PortSpec::new(
            "value",
            "1d63a0ef-1f4a-411d-944f-2539a2fc4dee",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "dictionary",
        "69cd7863-d2a4-4469-80d7-b1c378bb2e5f",
        DataType::Any,
    )],
};

/// Add/Update Value in Dictionary as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Add/Update Value in Dictionary: `dictionary |= {key: value}`; a non-dictionary raises
/// TypeError. The key keeps its position when it already exists, a new key is appended.
///
/// Deviations: hetida updates the caller's dict in place; Rheo returns an updated copy and
/// the upstream value is unchanged. Rheo dictionaries are JSON objects, so `value` must be
/// representable as JSON (null, bool, int, finite float, string, JSON object/array); a
/// series, frame or non-finite float raises NotSupportedByNativeEngine (hetida stores any
/// Python object, e.g. a Keras class).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let mut dict = match inputs.value("dictionary")? {
        Value::Json(Json::Object(m)) => m.clone(),
        other => {
            return Err(ComponentError::type_error(format!(
                "unsupported operand type(s) for |=: '{}' and 'dict'",
                other.kind_name()
            )))
        }
    };
    let key = inputs.str("key")?;
    let value = to_json(inputs.value("value")?)?;
    dict.insert(key.to_string(), value);
    Ok(Outputs::single(
        "dictionary",
        Value::Json(Json::Object(dict)),
    ))
}

/// A plain value as JSON; NotSupportedByNativeEngine for values JSON cannot hold.
fn to_json(v: &Value) -> Result<Json, ComponentError> {
    let unsupported = |what: &str| {
        ComponentError::not_supported(format!(
            "Add/Update Value in Dictionary: storing a {what} in a dictionary is not supported"
        ))
    };
    Ok(match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(Json::Number)
            .ok_or_else(|| unsupported("non-finite float"))?,
        Value::Str(s) => Json::String(s.clone()),
        Value::Json(j) => j.clone(),
        Value::Series(_) => return Err(unsupported("series")),
        Value::Frame(_) => return Err(unsupported("dataframe")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use serde_json::json;

    fn set(d: Value, k: &str, v: Value) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[
                ("dictionary", d),
                ("key", Value::Str(k.into())),
                ("value", v),
            ],
        )
    }

    #[test]
    fn adds_and_updates_keys() {
        let d = Value::Json(json!({"a": 1, "b": 2}));
        let r = set(d, "c", Value::Float(0.5)).unwrap();
        assert_eq!(r, Value::Json(json!({"a": 1, "b": 2, "c": 0.5})));
        let r = set(r, "a", Value::Json(json!([1, "x"]))).unwrap();
        let Value::Json(Json::Object(m)) = &r else {
            panic!()
        };
        assert_eq!(m.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(m["a"], json!([1, "x"]));
    }

    #[test]
    fn empty_dict_null_value_and_errors() {
        let r = set(Value::Json(json!({})), "", Value::Null).unwrap();
        assert_eq!(r, Value::Json(json!({"": null})));
        let e = set(Value::Json(json!([1])), "a", Value::Int(1)).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        let e = set(Value::Json(json!({})), "a", fs(&[0], &[1.0])).unwrap_err();
        assert_eq!(e.type_name, "NotSupportedByNativeEngine");
        let e = set(Value::Json(json!({})), "a", Value::Float(f64::NAN)).unwrap_err();
        assert_eq!(e.type_name, "NotSupportedByNativeEngine");
    }
}
