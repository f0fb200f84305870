//! Add Timedelta to Index (`c587ced1-7841-4208-8f88-9a9bd6a28f20`): adds a fixed timedelta
//! to every index timestamp of data given as a JSON object.

use crate::kernels::elementwise::py_type;
use crate::kernels::time_index::{parse_timedelta, to_datetime_index};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::parse::{parse, Raw};
use rheo_core::value::{Column, ColumnKind, FrameValue, SeriesValue, Tz};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::{Map, Value as Json};
use std::borrow::Cow;

/// Identity and ports of Add Timedelta to Index 1.0.0 (ids derived by hetida from the port
/// names, `get_uuid_from_seed("component_input_<name>")`).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "c587ced1-7841-4208-8f88-9a9bd6a28f20",
    revision_group_id: "3b838621-8d8e-493a-a91a-5a7680385ed9",
    name: "Add Timedelta to Index",
    category: "Time length operations",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Add a timedelta to the index of a frame or series",
    inputs: &[
        PortSpec::new(
            "df_or_series",
            "eb2945f3-5099-3bdd-5a56-dc5302b6f593",
            DataType::Any,
        ),
        PortSpec::new(
            "timedelta",
            "13ebeae2-65f7-1903-6315-3abe3ba73eb3",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "df_or_series",
        "c5042c41-c7fa-0857-9ffc-818f1aca71a2",
        DataType::Any,
    )],
};

/// Add Timedelta to Index as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Add Timedelta to Index: `pd.DataFrame.from_dict(x, orient="index")`, index through
/// `pd.to_datetime`, a single (or no) column squeezed to a Series, then
/// `index + pd.Timedelta(timedelta)` ("-4s", "1h30min", "2days", "00:00:05", …).
///
/// Only a JSON object works (the ANY input parsed from outside): `{timestamp: value}` gives
/// a Series named `0`, `{timestamp: {column: value}}` a DataFrame with one row per key
/// (squeezed to a Series named after the column if there is only one). ISO keys without
/// offset stay naive, "Z"/offsets make them aware. Values are unchanged.
///
/// Errors: a pandas Series/DataFrame from another operator raises TypeError
/// "'numpy.ndarray' object is not callable" (as `from_dict` does in hetida); other kinds
/// raise AttributeError; keys that are not timestamps raise ValueError; invalid timedelta
/// strings raise ValueError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("df_or_series")?;
    let obj = match data {
        Value::Json(Json::Object(m)) => m,
        Value::Series(_) | Value::Frame(_) => {
            return Err(ComponentError::type_error(
                "'numpy.ndarray' object is not callable",
            ))
        }
        other => {
            return Err(ComponentError::new(
                "AttributeError",
                format!("'{}' object has no attribute 'values'", py_type(other)),
            ))
        }
    };
    let delta = parse_timedelta(inputs.str("timedelta")?)?;
    let bad_keys =
        || ComponentError::value_error("the keys of df_or_series could not be parsed as datetimes");
    let parse_err = |e: rheo_core::ParseError| ComponentError::value_error(e.message);
    let nested = matches!(obj.values().next(), Some(Json::Object(_)));
    let out = if obj.is_empty() {
        Value::Frame(FrameValue {
            index: Column::from_datetime_ns(Vec::new(), Tz::Naive),
            columns: Default::default(),
            attrs: Default::default(),
        })
    } else if nested {
        // Transpose {row: {col: v}} into {col: {row: v}} and read it as a frame.
        let mut cols: Map<String, Json> = Map::new();
        for (row, inner) in obj {
            if let Json::Object(inner) = inner {
                for (c, v) in inner {
                    let e = cols
                        .entry(c.clone())
                        .or_insert_with(|| Json::Object(Map::new()));
                    if let Json::Object(m) = e {
                        m.insert(row.clone(), v.clone());
                    }
                }
            }
        }
        let cols = Json::Object(cols);
        let Value::Frame(mut f) =
            parse(Raw::Json(Cow::Borrowed(&cols)), DataType::DataFrame).map_err(parse_err)?
        else {
            return Err(bad_keys());
        };
        for (name, col) in f.columns.iter_mut() {
            if let Some(Json::Object(raw)) = cols.get(name) {
                keep_float_literals(col, raw.values());
            }
        }
        f.index = shift(
            &to_datetime_index(&f.index, "").map_err(|_| bad_keys())?,
            delta,
        );
        if f.columns.len() == 1 {
            let (name, values) = f.columns.into_iter().next().ok_or_else(bad_keys)?;
            Value::Series(SeriesValue {
                name: Some(name),
                index: f.index,
                values,
                attrs: f.attrs,
            })
        } else {
            Value::Frame(f)
        }
    } else {
        let Value::Series(mut s) =
            parse(Raw::Json(Cow::Borrowed(data_json(data))), DataType::Series)
                .map_err(parse_err)?
        else {
            return Err(bad_keys());
        };
        s.index = shift(
            &to_datetime_index(&s.index, "").map_err(|_| bad_keys())?,
            delta,
        );
        keep_float_literals(&mut s.values, obj.values());
        s.name = Some("0".into());
        Value::Series(s)
    };
    Ok(Outputs::single("df_or_series", out))
}

/// pandas `from_dict` keeps Python's number types: a column holding any JSON float literal
/// (`1.0`) is float64 even when every value is integral, whereas `read_json`-style parsing
/// (used above to build the column) would make it int64.
fn keep_float_literals<'a>(col: &mut Column, raw: impl IntoIterator<Item = &'a Json>) {
    if col.kind() == ColumnKind::Int && raw.into_iter().any(Json::is_f64) {
        if let Some(v) = col.f64_values() {
            *col = Column::from_f64(v.into_owned());
        }
    }
}

fn data_json(v: &Value) -> &Json {
    match v {
        Value::Json(j) => j,
        _ => &Json::Null,
    }
}

fn shift(index: &Column, delta: i64) -> Column {
    let ns = index.datetime_ns_opt().unwrap_or_default();
    Column::from_opt_datetime_ns(
        ns.into_iter().map(|t| t.map(|t| t + delta)).collect(),
        index.tz,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::{assert_floats, fs, run1};
    use crate::kernels::time_index::test_support::{dparts, ts};
    use serde_json::json;

    fn run(data: Value, td: &str) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[("df_or_series", data), ("timedelta", Value::Str(td.into()))],
        )
    }

    #[test]
    fn flat_object_becomes_series_named_zero() {
        let data = Value::Json(
            json!({"2019-08-01T15:20:10": 10.0, "2019-08-01T15:20:11": 22.0, "2019-08-01T15:20:14": 18.0}),
        );
        let out = run(data, "-4s").unwrap();
        let (idx, v, tz) = dparts(&out);
        assert_eq!(tz, Tz::Naive);
        assert_eq!(
            idx,
            vec![
                ts("2019-08-01T15:20:06"),
                ts("2019-08-01T15:20:07"),
                ts("2019-08-01T15:20:10")
            ]
        );
        assert_floats(&v, &[10.0, 22.0, 18.0]);
        let Value::Series(s) = out else { panic!() };
        assert_eq!(s.name.as_deref(), Some("0"));
    }

    #[test]
    fn aware_keys_and_days() {
        let data = Value::Json(json!({"2019-08-01T15:20:00Z": 1.0, "2019-08-02T15:20:15Z": null}));
        let (idx, v, tz) = dparts(&run(data, "2days").unwrap());
        assert_eq!(tz, Tz::Utc);
        assert_eq!(
            idx,
            vec![ts("2019-08-03T15:20:00Z"), ts("2019-08-04T15:20:15Z")]
        );
        assert_floats(&v, &[1.0, f64::NAN]);
    }

    #[test]
    fn nested_objects_become_frames_or_squeezed_series() {
        let data = Value::Json(
            json!({"2020-01-01T00:00:00": {"a": 1.0, "b": 2.0}, "2020-01-01T01:00:00": {"a": 3.0, "b": 4.0}}),
        );
        let Value::Frame(f) = run(data, "1h30min").unwrap() else {
            panic!()
        };
        assert_eq!(f.columns.keys().collect::<Vec<_>>(), vec!["a", "b"]);
        assert_eq!(
            f.index.datetime_ns().unwrap().as_ref(),
            &[ts("2020-01-01T01:30:00"), ts("2020-01-01T02:30:00")]
        );
        let one = Value::Json(json!({"2020-01-01T00:00:00": {"x": 5.0}}));
        let Value::Series(s) = run(one, "1min").unwrap() else {
            panic!()
        };
        assert_eq!(s.name.as_deref(), Some("x"));
    }

    #[test]
    fn integral_float_literals_stay_float_like_from_dict() {
        // Python's json gives floats for `1.0`, and `from_dict` keeps them float64; only
        // columns of JSON integers are int64.
        let flat = Value::Json(json!({"2020-01-01T00:00:00Z": 10.0, "2020-01-01T00:01:00Z": 22}));
        let Value::Series(s) = run(flat, "1s").unwrap() else {
            panic!()
        };
        assert_eq!(s.values.kind(), ColumnKind::Float);
        let ints = Value::Json(json!({"2020-01-01T00:00:00Z": 10, "2020-01-01T00:01:00Z": 22}));
        let Value::Series(s) = run(ints, "1s").unwrap() else {
            panic!()
        };
        assert_eq!(s.values.kind(), ColumnKind::Int);
        let nested = Value::Json(json!({
            "2020-01-01T00:00:00Z": {"a": 1.0, "b": 2},
            "2020-01-01T00:05:00Z": {"a": 3.0, "b": -1}
        }));
        let Value::Frame(f) = run(nested, "5s").unwrap() else {
            panic!()
        };
        assert_eq!(f.columns["a"].kind(), ColumnKind::Float);
        assert_eq!(f.columns["a"].f64_values().unwrap().as_ref(), &[1.0, 3.0]);
        assert_eq!(f.columns["b"].kind(), ColumnKind::Int);
    }

    #[test]
    fn empty_object_and_errors() {
        let Value::Frame(f) = run(Value::Json(json!({})), "1s").unwrap() else {
            panic!()
        };
        assert_eq!(f.height(), 0);
        assert_eq!(
            run(fs(&[1], &[1.0]), "1s").unwrap_err().type_name,
            "TypeError"
        );
        assert_eq!(
            run(Value::Json(json!({"a": 1})), "1s")
                .unwrap_err()
                .type_name,
            "ValueError"
        );
        assert_eq!(
            run(Value::Json(json!({"2020-01-01": 1})), "x")
                .unwrap_err()
                .type_name,
            "ValueError"
        );
    }
}
