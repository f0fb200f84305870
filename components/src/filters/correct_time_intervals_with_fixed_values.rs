//! Correct Time Intervals With Fixed Values (`504a01aa-12a2-472b-995c-0676af66b07c`):
//! overwrites the values of a time series inside time intervals with one fixed value per
//! interval.

use super::time_intervals::{interval_mask, parse_intervals, Model};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::Value as Json;

/// Identity and ports of Correct Time Intervals With Fixed Values 1.0.0 (a Python-module
/// component: hetida's seeded ids, workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "504a01aa-12a2-472b-995c-0676af66b07c",
    revision_group_id: "92d2ded2-c6ca-42a1-a15b-a8e9cf6ca635",
    name: "Correct Time Intervals With Fixed Values",
    category: "Filters",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Correct all data points in provided time intervals from a time series with a \
                  correction value for each time interval.",
    inputs: &[
        PortSpec::new(
            "series",
            "31a7c0a2-8d35-6c57-d742-f0a8092d0c87",
            DataType::Series,
        ),
        PortSpec::new(
            "list_of_time_intervals",
            "44e9af80-55ae-6337-8981-77501dbbd47b",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "corrected",
        "af8695dd-54c4-7eca-c386-a37af6a572b5",
        DataType::Series,
    )],
};

/// The values being corrected.
enum Data {
    Int(Vec<i64>),
    Float(Vec<f64>),
}

/// Correct Time Intervals With Fixed Values as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Correct Time Intervals With Fixed Values: on a copy of the series, the intervals are
/// applied in list order, setting every point with `start <(=) t <(=) end` to the
/// interval's `correction_value`; a later interval overwrites an earlier one where they
/// overlap; NaN points inside are overwritten, points outside all intervals (and NaT
/// labels) are unchanged. Output: same index, name and attrs as the input.
///
/// `list_of_time_intervals` entries are {start, end (strings), correction_value (float),
/// start_inclusive, end_inclusive (default true)}, validated like hetida's pydantic v1
/// model; the emptiness checks compare the **raw strings lexicographically** (see Select
/// Time Intervals), membership compares timestamps.
///
/// dtype as pandas' setitem: an int series stays int while every value actually written
/// is integral (37.0 → 37); a fractional (or NaN/inf) value turns it into float. An
/// interval that hits no point changes nothing.
///
/// Errors: a non-datetime index → ComponentInputValidationException with error_code
/// **"not a time-series like object"** (a string) for input `series`; invalid entries →
/// ComponentInputValidationException 422 for `list_of_time_intervals`; unparseable bounds
/// → TypeError.
///
/// Deviations: bool values are corrected as floats (pandas makes an object series);
/// string/datetime values hit by an interval raise `NotSupportedByNativeEngine`.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let series = inputs.series("series")?;
    if series.index.kind() != ColumnKind::Datetime {
        let mut e = ComponentError::input_validation(
            "The index of the provided series does not have the datatype DatetimeIndex.",
            &["series"],
        );
        e.error_code = Some(Box::new(Json::from("not a time-series like object")));
        return Err(e);
    }
    let intervals = parse_intervals(inputs.value("list_of_time_intervals")?, Model::Correct)?;
    let mut data: Option<Data> = None;
    for iv in &intervals {
        let mask = interval_mask(&series.index, iv)?;
        if !mask.contains(&true) {
            continue;
        }
        let d = match &mut data {
            Some(d) => d,
            None => data.insert(initial(&series.values)?),
        };
        let value = iv.correction_value;
        if let Data::Int(v) = d {
            let integral = value.is_finite()
                && value.fract() == 0.0
                && value >= i64::MIN as f64
                && value < i64::MAX as f64;
            if integral {
                let x = value as i64;
                for (t, m) in v.iter_mut().zip(&mask) {
                    if *m {
                        *t = x;
                    }
                }
                continue;
            }
            *d = Data::Float(v.iter().map(|&x| x as f64).collect());
        }
        if let Data::Float(v) = d {
            for (t, m) in v.iter_mut().zip(&mask) {
                if *m {
                    *t = value;
                }
            }
        }
    }
    let values = match data {
        None => series.values.clone(),
        Some(Data::Int(v)) => Column::from_i64(v),
        Some(Data::Float(v)) => Column::from_f64(v),
    };
    Ok(Outputs::single(
        "corrected",
        Value::Series(SeriesValue {
            name: series.name.clone(),
            index: series.index.clone(),
            values,
            attrs: series.attrs.clone(),
        }),
    ))
}

/// The series values as correctable numbers.
fn initial(values: &Column) -> Result<Data, ComponentError> {
    match values.kind() {
        ColumnKind::Int if values.data.i64().is_ok() => Ok(Data::Int(
            values.i64_values().unwrap_or_default().into_owned(),
        )),
        ColumnKind::Int | ColumnKind::Float | ColumnKind::Bool => Ok(Data::Float(
            values.f64_values().unwrap_or_default().into_owned(),
        )),
        kind => Err(ComponentError::not_supported(format!(
            "Correct Time Intervals With Fixed Values: correcting {kind:?} values with \
                 numbers gives a pandas object series, which the native engine does not \
                 support"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::compare::test_util::tz_series;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::value::Tz;
    use serde_json::json;

    const T0: i64 = 1_577_836_800; // 2020-01-01T00:00:00Z

    fn correct(series: Value, intervals: Json) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[
                ("series", series),
                ("list_of_time_intervals", Value::Json(intervals)),
            ],
        )
    }

    fn values(v: &Value) -> Vec<f64> {
        let Value::Series(s) = v else { panic!() };
        s.values.f64_values().unwrap().into_owned()
    }

    #[test]
    fn hetida_example() {
        let series = named(
            tz_series(
                &[T0 + 4527, T0 + 2 * 86400 + 30003, T0 + 2 * 86400 + 30004],
                Tz::Utc,
                &[42.2, 18.7, 25.9],
            ),
            "s",
        );
        let r = correct(
            series,
            json!([
                {"start": "2020-01-01T01:15:27.000Z", "end": "2020-01-01T01:15:27.000Z",
                 "start_inclusive": true, "end_inclusive": true, "correction_value": 37},
                {"start": "2020-01-03T08:20:02.000Z", "end": "2020-01-03T08:20:04.000Z",
                 "start_inclusive": false, "end_inclusive": false, "correction_value": 42.0}
            ]),
        )
        .unwrap();
        assert_floats(&values(&r), &[37.0, 42.0, 25.9]);
        let Value::Series(s) = r else { panic!() };
        assert_eq!(s.name.as_deref(), Some("s"));
    }

    #[test]
    fn later_intervals_win_and_nan_is_overwritten() {
        let series = tz_series(&[T0, T0 + 1, T0 + 2], Tz::Utc, &[f64::NAN, 1.0, f64::NAN]);
        let r = correct(
            series,
            json!([
                {"start": "2020-01-01T00:00:00Z", "end": "2020-01-01T00:00:01Z", "correction_value": 5},
                {"start": "2020-01-01T00:00:01Z", "end": "2020-01-01T00:00:01Z", "correction_value": "6.5"}
            ]),
        )
        .unwrap();
        assert_floats(&values(&r), &[5.0, 6.5, f64::NAN]);
    }

    #[test]
    fn int_series_stay_int_for_integral_values() {
        let ints = |v: Vec<i64>| {
            Value::Series(SeriesValue::new(
                Column::from_datetime_ns(vec![0, 1_000_000_000], Tz::Utc),
                Column::from_i64(v),
            ))
        };
        let iv = |value: f64| json!([{"start": "1970-01-01T00:00:00Z", "end": "1970-01-01T00:00:00Z", "correction_value": value}]);
        let Value::Series(r) = correct(ints(vec![1, 2]), iv(7.0)).unwrap() else {
            panic!()
        };
        assert_eq!(r.values, Column::from_i64(vec![7, 2]));
        let Value::Series(r) = correct(ints(vec![1, 2]), iv(7.5)).unwrap() else {
            panic!()
        };
        assert_eq!(r.values, Column::from_f64(vec![7.5, 2.0]));
        // No point hit: unchanged dtype.
        let miss = json!([{"start": "1971-01-01", "end": "1971-01-02", "correction_value": 0.5}]);
        let Value::Series(r) = correct(ints(vec![1, 2]), miss).unwrap() else {
            panic!()
        };
        assert_eq!(r.values, Column::from_i64(vec![1, 2]));
    }

    #[test]
    fn errors() {
        let e = correct(fs(&[0], &[1.0]), json!([])).unwrap_err();
        assert_eq!(e.type_name, "ComponentInputValidationException");
        assert_eq!(
            e.error_code.as_deref(),
            Some(&json!("not a time-series like object"))
        );
        let e = correct(
            tz_series(&[T0], Tz::Utc, &[1.0]),
            json!([{"start": "b", "end": "a", "correction_value": 1}, {"start": "a", "end": "b"}]),
        )
        .unwrap_err();
        assert_eq!(e.error_code.as_deref(), Some(&json!(422)));
        assert!(e.message.contains("TimeInterval 0: 1 validation error"));
        assert!(e.message.contains("TimeInterval 1: 1 validation error"));
        let r = correct(tz_series(&[], Tz::Utc, &[]), json!([])).unwrap();
        assert!(values(&r).is_empty());
    }
}
