//! Value Range Check (`3cf8e12d-2fea-40d9-bc4b-015bddf66828`): for every non-NaN value,
//! whether it lies inside, below or above each of several named value ranges.

use crate::kernels::elementwise::py_type;
use crate::kernels::pydantic::{bool_value, CoercionError};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, FrameValue};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::Value as Json;

/// Identity and ports of Value Range Check 1.0.0 (hetida's connector ids, workflows.md
/// Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "3cf8e12d-2fea-40d9-bc4b-015bddf66828",
    revision_group_id: "83dabdfc-2d34-4e72-8010-4d61db8a9d6a",
    name: "Value Range Check",
    category: "Data Quality",
    version_tag: "1.0.0",
    state: State::Released,
    description: "For each data point of the series, it is checked for all value ranges whether it lies within them.",
    inputs: &[
        PortSpec::new(
            "timeseries_data",
            "a3203d9b-a6ce-e57d-30ff-7d993bb6ebab",
            DataType::Series,
        ),
        PortSpec::new(
            "value_range_dict",
            "c0aadf2f-e7c7-de40-e671-c8354fd3b5fa",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "is_included_frame",
        "8d8a2f12-85f1-bbe2-1794-59c97b66072f",
        DataType::DataFrame,
    )],
};

/// One validated value range (hetida's pydantic model `ValueRange`).
#[derive(Debug, Clone, Copy)]
struct Range {
    min: f64,
    min_incl: bool,
    max: f64,
    max_incl: bool,
}

/// pydantic v1 float coercion.
fn py_float(v: &Json) -> Result<f64, &'static str> {
    match v {
        Json::Null => Err("none is not an allowed value (type=type_error.none.not_allowed)"),
        Json::Number(n) => n
            .as_f64()
            .ok_or("value is not a valid float (type=type_error.float)"),
        Json::Bool(b) => Ok(f64::from(u8::from(*b))),
        Json::String(s) => s
            .trim()
            .parse::<f64>()
            .map_err(|_| "value is not a valid float (type=type_error.float)"),
        _ => Err("value is not a valid float (type=type_error.float)"),
    }
}

/// pydantic v1 bool coercion, with its error text.
fn py_bool(v: &Json) -> Result<bool, &'static str> {
    bool_value(v).map_err(|e| match e {
        CoercionError::None => "none is not an allowed value (type=type_error.none.not_allowed)",
        CoercionError::Invalid => "value could not be parsed to a boolean (type=type_error.bool)",
    })
}

/// `ValueRange(**value_range)`: the range or pydantic's error text.
fn validate_range(v: &Json) -> Result<Result<Range, String>, ComponentError> {
    let Json::Object(m) = v else {
        return Err(ComponentError::type_error(format!(
            "ValueRange() argument after ** must be a mapping, not {}",
            py_type(&Value::Json(v.clone()))
        )));
    };
    let mut errors: Vec<(&str, &str)> = Vec::new();
    let mut float_field = |name: &'static str| match m.get(name) {
        None => {
            errors.push((name, "field required (type=value_error.missing)"));
            f64::NAN
        }
        Some(x) => py_float(x).unwrap_or_else(|e| {
            errors.push((name, e));
            f64::NAN
        }),
    };
    let min = float_field("min_value");
    let max = float_field("max_value");
    let mut bool_field = |name: &'static str| match m.get(name) {
        None => true,
        Some(x) => py_bool(x).unwrap_or_else(|e| {
            errors.push((name, e));
            true
        }),
    };
    let min_incl = bool_field("min_value_inclusive");
    let max_incl = bool_field("max_value_inclusive");
    // pydantic reports field errors in field order.
    let order = [
        "min_value",
        "min_value_inclusive",
        "max_value",
        "max_value_inclusive",
    ];
    errors.sort_by_key(|(f, _)| order.iter().position(|o| o == f));
    let fmt = |errs: &[(&str, &str)]| {
        let n = errs.len();
        let mut s = format!(
            "{n} validation error{} for ValueRange",
            if n == 1 { "" } else { "s" }
        );
        for (f, e) in errs {
            s.push_str(&format!("\n{f}\n  {e}"));
        }
        s
    };
    if !errors.is_empty() {
        return Ok(Err(fmt(&errors)));
    }
    if max < min {
        return Ok(Err(fmt(&[(
            "__root__",
            "To be valid, a value range must be non-empty, i.e. min_value may not be bigger than max_value. (type=value_error)",
        )])));
    }
    // `not (min < max)`: also true when a bound is NaN.
    if (!min_incl || !max_incl) && min.partial_cmp(&max) != Some(std::cmp::Ordering::Less) {
        return Ok(Err(fmt(&[(
            "__root__",
            "To be valid, a value range must be non-empty, i.e min_value must be smaller than max_value. (type=value_error)",
        )])));
    }
    Ok(Ok(Range {
        min,
        min_incl,
        max,
        max_incl,
    }))
}

/// Value Range Check as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Value Range Check: validates the input (ComponentInputValidationException, error code
/// 422): the series dtype must be int64 or float64 ("To determine whether time series
/// entries are in a value range, their dtype must be float or int, while it is `<dtype>`",
/// invalid input `timeseries_data`); every entry of `value_range_dict` must be a valid
/// `ValueRange` {min_value, max_value (floats, required), min_value_inclusive,
/// max_value_inclusive (bools, default true)} with max ≥ min, and min < max if a side is
/// exclusive; names must not end with `_IS_BELOW`/`_IS_ABOVE` nor be `_violates_all`,
/// `_violates_any`, `_timestamp`. All problems are collected into one message ("There were
/// input validation errors for the value_range_dict:\n`<name>: <error>`…", pydantic v1 texts),
/// invalid input `value_range_dict`.
///
/// NaN values are dropped. Per range r: `r_IS_BELOW` = value < min (inclusive min) or ≤ min;
/// `r_IS_ABOVE` = value > max (inclusive) or ≥ max; `r` = neither. `_violates_all` = in no
/// range (true without ranges), `_violates_any` = outside at least one. Columns: range names
/// in dict order, `_violates_all`, `_violates_any`, per range `r_IS_BELOW`, `r_IS_ABOVE`,
/// then `_timestamp` (the index values). Index = labels of the non-NaN values; no attrs.
///
/// Errors beyond validation: a non-dict `value_range_dict` raises AttributeError; a range
/// that is not a dict raises TypeError (as in hetida, these are not caught).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let s = inputs.series("timeseries_data")?;
    let dict_value = inputs.value("value_range_dict")?;
    if !matches!(s.values.kind(), ColumnKind::Int | ColumnKind::Float) {
        return Err(ComponentError::input_validation(
            format!(
                "To determine whether time series entries are in a value range, their dtype \
                 must be float or int, while it is {}",
                s.values.pandas_dtype()
            ),
            &["timeseries_data"],
        ));
    }
    let Value::Json(Json::Object(dict)) = dict_value else {
        return Err(ComponentError::new(
            "AttributeError",
            format!("'{}' object has no attribute 'items'", py_type(dict_value)),
        ));
    };
    let mut errors: indexmap_like::Ordered = Default::default();
    let mut ranges: Vec<(&str, Range)> = Vec::new();
    for (name, spec) in dict {
        if name.ends_with("_IS_BELOW") || name.ends_with("_IS_ABOVE") {
            errors.set(
                name,
                "Range names must not end with '_IS_BELOW' or '_IS_ABOVE'! ".into(),
            );
        }
        if matches!(
            name.as_str(),
            "_violates_all" | "_violates_any" | "_timestamp"
        ) {
            errors.set(
                name,
                "Range names must not be '_violates_all', '_violates_any', or '_timestamp'!".into(),
            );
        }
        match validate_range(spec)? {
            Ok(r) => ranges.push((name, r)),
            Err(e) => errors.set(name, e),
        }
    }
    if !errors.0.is_empty() {
        let lines: Vec<String> = errors.0.iter().map(|(n, e)| format!("{n}: {e}")).collect();
        return Err(ComponentError::input_validation(
            format!(
                "There were input validation errors for the value_range_dict:\n{}",
                lines.join("\n")
            ),
            &["value_range_dict"],
        ));
    }
    let v = s.values.f64_values().unwrap_or_default();
    let keep: Vec<usize> = (0..v.len()).filter(|&i| !v[i].is_nan()).collect();
    let vals: Vec<f64> = keep.iter().map(|&i| v[i]).collect();
    let n = vals.len();
    let mut inside_cols = Vec::with_capacity(ranges.len());
    let mut edge_cols = Vec::with_capacity(ranges.len());
    let mut violates_all = vec![true; n];
    let mut violates_any = vec![false; n];
    for (name, r) in &ranges {
        let below: Vec<bool> = vals
            .iter()
            .map(|&x| if r.min_incl { x < r.min } else { x <= r.min })
            .collect();
        let above: Vec<bool> = vals
            .iter()
            .map(|&x| if r.max_incl { x > r.max } else { x >= r.max })
            .collect();
        let inside: Vec<bool> = below.iter().zip(&above).map(|(b, a)| !b && !a).collect();
        for (k, &inn) in inside.iter().enumerate() {
            violates_all[k] &= !inn;
            violates_any[k] |= !inn;
        }
        inside_cols.push((name.to_string(), Column::from_bool(inside)));
        edge_cols.push((format!("{name}_IS_BELOW"), Column::from_bool(below)));
        edge_cols.push((format!("{name}_IS_ABOVE"), Column::from_bool(above)));
    }
    let index = s.index.take(&keep);
    let mut columns: Vec<(String, Column)> = inside_cols;
    columns.push(("_violates_all".into(), Column::from_bool(violates_all)));
    columns.push(("_violates_any".into(), Column::from_bool(violates_any)));
    columns.extend(edge_cols);
    columns.push(("_timestamp".into(), index.clone()));
    Ok(Outputs::single(
        "is_included_frame",
        Value::Frame(FrameValue {
            index,
            columns: columns.into_iter().collect(),
            attrs: Default::default(),
        }),
    ))
}

/// A tiny insertion-ordered map (a Python dict's semantics for the error messages:
/// re-setting a key keeps its first position).
mod indexmap_like {
    #[derive(Default)]
    pub struct Ordered(pub Vec<(String, String)>);
    impl Ordered {
        pub fn set(&mut self, k: &str, v: String) {
            match self.0.iter_mut().find(|(key, _)| key == k) {
                Some(e) => e.1 = v,
                None => self.0.push((k.to_string(), v)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::run1;
    use crate::kernels::time_index::test_support::{dts, ts};
    use rheo_core::value::{SeriesValue, Tz};
    use serde_json::json;

    fn run(s: Value, d: Json) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[("timeseries_data", s), ("value_range_dict", Value::Json(d))],
        )
    }

    fn bools(f: &FrameValue, c: &str) -> Vec<bool> {
        f.columns[c]
            .bool_values()
            .unwrap()
            .into_iter()
            .map(|b| b.unwrap())
            .collect()
    }

    #[test]
    fn documentation_example_with_nan_dropped() {
        let s = dts(
            &[
                "2020-01-01T01:15:27Z",
                "2020-01-02T16:20:00Z",
                "2020-01-02T17:00:00Z",
                "2020-01-03T08:20:04Z",
            ],
            &[10.0, 20.0, f64::NAN, 30.0],
            Tz::Utc,
        );
        let d = json!({
            "[10,20]": {"min_value": 10.0, "max_value": 20.0, "min_value_inclusive": true, "max_value_inclusive": true},
            "(20,30)": {"min_value": 20.0, "max_value": 30.0, "min_value_inclusive": false, "max_value_inclusive": false}
        });
        let Value::Frame(f) = run(s, d).unwrap() else {
            panic!()
        };
        assert_eq!(
            f.columns.keys().map(String::as_str).collect::<Vec<_>>(),
            vec![
                "[10,20]",
                "(20,30)",
                "_violates_all",
                "_violates_any",
                "[10,20]_IS_BELOW",
                "[10,20]_IS_ABOVE",
                "(20,30)_IS_BELOW",
                "(20,30)_IS_ABOVE",
                "_timestamp"
            ]
        );
        assert_eq!(f.height(), 3);
        assert_eq!(bools(&f, "[10,20]"), vec![true, true, false]);
        assert_eq!(bools(&f, "(20,30)"), vec![false, false, false]);
        assert_eq!(bools(&f, "_violates_all"), vec![false, false, true]);
        assert_eq!(bools(&f, "_violates_any"), vec![true, true, true]);
        assert_eq!(bools(&f, "(20,30)_IS_BELOW"), vec![true, true, false]);
        assert_eq!(bools(&f, "(20,30)_IS_ABOVE"), vec![false, false, true]);
        assert_eq!(
            f.columns["_timestamp"].datetime_ns().unwrap()[2],
            ts("2020-01-03T08:20:04Z")
        );
        assert_eq!(f.columns["_timestamp"].tz, Tz::Utc);
    }

    #[test]
    fn no_ranges_and_defaults() {
        let s = dts(&["2020-01-01"], &[5.0], Tz::Naive);
        let Value::Frame(f) = run(s.clone(), json!({})).unwrap() else {
            panic!()
        };
        assert_eq!(bools(&f, "_violates_all"), vec![true]);
        assert_eq!(bools(&f, "_violates_any"), vec![false]);
        // inclusive defaults: 5 is inside [5, 5]
        let Value::Frame(f) = run(s, json!({"p": {"min_value": 5, "max_value": "5"}})).unwrap()
        else {
            panic!()
        };
        assert_eq!(bools(&f, "p"), vec![true]);
    }

    #[test]
    fn validation_messages() {
        let s = dts(&["2020-01-01"], &[5.0], Tz::Naive);
        let e = run(
            s.clone(),
            json!({
                "a_IS_BELOW": {"min_value": 1, "max_value": 2},
                "b": {"min_value": 3, "max_value": 2},
                "c": {"min_value": 2, "max_value": 2, "max_value_inclusive": false},
                "_timestamp": {"max_value": "x"}
            }),
        )
        .unwrap_err();
        assert_eq!(e.type_name, "ComponentInputValidationException");
        assert_eq!(
            e.message,
            "There were input validation errors for the value_range_dict:\n\
             a_IS_BELOW: Range names must not end with '_IS_BELOW' or '_IS_ABOVE'! \n\
             b: 1 validation error for ValueRange\n__root__\n  To be valid, a value range must be non-empty, i.e. min_value may not be bigger than max_value. (type=value_error)\n\
             c: 1 validation error for ValueRange\n__root__\n  To be valid, a value range must be non-empty, i.e min_value must be smaller than max_value. (type=value_error)\n\
             _timestamp: 2 validation errors for ValueRange\nmin_value\n  field required (type=value_error.missing)\nmax_value\n  value is not a valid float (type=type_error.float)"
        );
        assert_eq!(
            e.extra_information.as_deref(),
            Some(&json!({"invalid_component_inputs": ["value_range_dict"]}))
        );
        let b = Value::Series(SeriesValue::new(
            Column::range(1),
            Column::from_bool(vec![true]),
        ));
        let e = run(b, json!({})).unwrap_err();
        assert!(e.message.ends_with("while it is bool"));
        assert_eq!(run(s, json!([])).unwrap_err().type_name, "AttributeError");
    }
}
