//! Select Time Intervals (`994e8607-5eaa-43b1-b057-73d8d14e90dd`): a boolean series marking
//! the points of a time series that lie in at least one of the given time intervals.

use super::time_intervals::{interval_mask, parse_intervals, Model};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};

/// Identity and ports of Select Time Intervals 1.0.0 (a Python-module component: hetida's
/// seeded ids, workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "994e8607-5eaa-43b1-b057-73d8d14e90dd",
    revision_group_id: "ffb36ac0-e351-45f1-93cb-5f3f26e0da78",
    name: "Select Time Intervals",
    category: "Filters",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Select all data points in provided time intervals from a time series.",
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
        "filter_series",
        "7d0edd2f-99d7-8a33-d581-91f7c0ec5908",
        DataType::Series,
    )],
};

/// Select Time Intervals as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Select Time Intervals: True where `start <(=) t <(=) end` for at least one interval
/// (inclusivity per flag, both inclusive by default); an unnamed bool series without attrs
/// on the input index. NaT labels are never selected.
///
/// `list_of_time_intervals` is a list of {start, end (strings, required), start_inclusive,
/// end_inclusive (default true)}, validated like hetida's pydantic v1 model (see
/// [`super::time_intervals::parse_intervals`]); the emptiness checks compare the **raw
/// strings lexicographically** (hetida's quirk: "…T05:00+05:00" to "…T01:00Z" is rejected
/// although it is a valid interval), while membership compares timestamps (a bound
/// without offset is wall time in the index's timezone).
///
/// Errors: a non-datetime index → ComponentInputValidationException 422 (input `series`),
/// checked first; invalid entries → one ComponentInputValidationException 422 (input
/// `list_of_time_intervals`); unparseable bounds or naive/aware mismatches → TypeError
/// from the comparison.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let series = inputs.series("series")?;
    if series.index.kind() != ColumnKind::Datetime {
        return Err(ComponentError::input_validation(
            "The index of the provided series does not have data type DateTimeIndex.",
            &["series"],
        ));
    }
    let intervals = parse_intervals(inputs.value("list_of_time_intervals")?, Model::Select)?;
    let mut selected = vec![false; series.len()];
    for iv in &intervals {
        for (s, m) in selected.iter_mut().zip(interval_mask(&series.index, iv)?) {
            *s |= m;
        }
    }
    Ok(Outputs::single(
        "filter_series",
        Value::Series(SeriesValue::new(
            series.index.clone(),
            Column::from_bool(selected),
        )),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::compare::test_util::{bools, tz_series};
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::value::Tz;
    use serde_json::json;

    const T0: i64 = 1_577_836_800; // 2020-01-01T00:00:00Z

    fn select(series: Value, intervals: serde_json::Value) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[
                ("series", series),
                ("list_of_time_intervals", Value::Json(intervals)),
            ],
        )
    }

    #[test]
    fn hetida_example() {
        // 2020-01-01T01:15:27Z, 2020-01-03T08:20:03Z, 2020-01-03T08:20:04Z.
        let series = tz_series(
            &[T0 + 4527, T0 + 2 * 86400 + 30003, T0 + 2 * 86400 + 30004],
            Tz::Utc,
            &[42.2, 18.7, 25.9],
        );
        let r = select(
            series,
            json!([
                {"start": "2020-01-01T01:15:27.000Z", "end": "2020-01-01T01:15:27.000Z",
                 "start_inclusive": true, "end_inclusive": true},
                {"start": "2020-01-03T08:20:02.000Z", "end": "2020-01-03T08:20:04.000Z",
                 "start_inclusive": false, "end_inclusive": false}
            ]),
        )
        .unwrap();
        assert_eq!(bools(&r), [true, true, false]);
        let Value::Series(s) = r else { panic!() };
        assert_eq!(s.name, None);
        assert_eq!(s.index.tz, Tz::Utc);
    }

    #[test]
    fn inclusivity_flags_unsorted_and_duplicate_timestamps() {
        let series = tz_series(&[T0 + 10, T0, T0 + 5, T0 + 10], Tz::Utc, &[0.0; 4]);
        let iv = |si: bool, ei: bool| {
            json!([{"start": "2020-01-01T00:00:00Z", "end": "2020-01-01T00:00:10Z",
                    "start_inclusive": si, "end_inclusive": ei}])
        };
        assert_eq!(
            bools(&select(series.clone(), iv(true, true)).unwrap()),
            [true, true, true, true]
        );
        assert_eq!(
            bools(&select(series.clone(), iv(false, true)).unwrap()),
            [true, false, true, true]
        );
        assert_eq!(
            bools(&select(series.clone(), iv(true, false)).unwrap()),
            [false, true, true, false]
        );
        assert_eq!(
            bools(&select(series, iv(false, false)).unwrap()),
            [false, false, true, false]
        );
    }

    #[test]
    fn bounds_without_offset_are_wall_time_of_the_index() {
        // Index at +01:00: "2020-01-01T01:00:00" means 00:00Z.
        let series = tz_series(&[T0, T0 + 3600], Tz::Fixed(3600), &[1.0, 2.0]);
        let r = select(
            series,
            json!([{"start": "2020-01-01T01:00:00", "end": "2020-01-01T01:30:00"}]),
        )
        .unwrap();
        assert_eq!(bools(&r), [true, false]);
        // A naive index compared with an aware bound is a TypeError.
        let naive = tz_series(&[T0], Tz::Naive, &[1.0]);
        let e = select(
            naive,
            json!([{"start": "2020-01-01T00:00:00Z", "end": "2020-01-02T00:00:00Z"}]),
        )
        .unwrap_err();
        assert_eq!(e.type_name, "TypeError");
    }

    #[test]
    fn empty_inputs_and_errors() {
        let r = select(tz_series(&[], Tz::Utc, &[]), json!([])).unwrap();
        assert!(bools(&r).is_empty());
        let r = select(tz_series(&[T0], Tz::Utc, &[f64::NAN]), json!([])).unwrap();
        assert_eq!(bools(&r), [false]);
        let e = select(fs(&[1], &[1.0]), json!([])).unwrap_err();
        assert_eq!(e.type_name, "ComponentInputValidationException");
        assert_eq!(e.error_code.as_deref(), Some(&json!(422)));
        assert_eq!(
            e.extra_information.as_deref(),
            Some(&json!({"invalid_component_inputs": ["series"]}))
        );
        let e = select(
            tz_series(&[T0], Tz::Utc, &[1.0]),
            json!([{"start": "2020-01-01T05:00:00+05:00", "end": "2020-01-01T01:00:00Z"}]),
        )
        .unwrap_err();
        assert_eq!(
            e.extra_information.as_deref(),
            Some(&json!({"invalid_component_inputs": ["list_of_time_intervals"]}))
        );
        let e = select(
            tz_series(&[T0], Tz::Utc, &[1.0]),
            json!([{"start": "garbage", "end": "junk"}]),
        )
        .unwrap_err();
        assert_eq!(e.type_name, "TypeError");
    }
}
