//! Fixed Replacement Value (`82024fd1-b1a0-409d-a337-1db4330aa268`): a constant series on
//! the given gap timestamps.

use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};

/// Identity and ports of Fixed Replacement Value 1.0.0 (hetida's connector ids,
/// workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "82024fd1-b1a0-409d-a337-1db4330aa268",
    revision_group_id: "2f66114c-2df9-4a03-b93e-60dc908e9cf4",
    name: "Fixed Replacement Value",
    category: "Data Quality",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Create a timeseries with the provided fixed value for all gap timestamps.",
    inputs: &[
        PortSpec::new(
            "gap_timestamps",
            "a7aca7e5-3f56-da1b-c553-50b63545b28a",
            DataType::Series,
        ),
        PortSpec::new(
            "replacement_value",
            "896bfff4-2414-dab5-279e-b27530462167",
            DataType::Float,
        ),
    ],
    outputs: &[PortSpec::new(
        "replacement_value_series",
        "bcd3cead-cba4-b0cf-148a-3dae4b83bb47",
        DataType::Series,
    )],
};

/// Fixed Replacement Value as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Fixed Replacement Value: the timestamps are the index of `gap_timestamps` if it is a
/// datetime index (any timezone), otherwise its values if those are datetimes. The result
/// is an unnamed float64 series holding `replacement_value` on those timestamps (order,
/// duplicates and timezone kept; NaT kept).
///
/// Errors (ComponentInputValidationException, error_code 422, invalid input
/// `gap_timestamps`): "No index or data of dtype datetime64 was found." when neither is
/// datetime; "Found conflicting timestamp data for replacement values." when both are
/// datetimes but differ elementwise (as instants; naive against aware always conflicts,
/// NaT never equals NaT as in numpy).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let s = inputs.series("gap_timestamps")?;
    let value = inputs.float("replacement_value")?;
    let idx_dt = s.index.kind() == ColumnKind::Datetime;
    let val_dt = s.values.kind() == ColumnKind::Datetime;
    if !idx_dt && !val_dt {
        return Err(ComponentError::input_validation(
            "No index or data of dtype datetime64 was found.",
            &["gap_timestamps"],
        ));
    }
    if idx_dt && val_dt {
        let a = s.index.datetime_ns_opt().unwrap_or_default();
        let b = s.values.datetime_ns_opt().unwrap_or_default();
        let same_kind = s.index.tz.is_aware() == s.values.tz.is_aware();
        let equal = same_kind
            && a.iter()
                .zip(&b)
                .all(|(x, y)| matches!((x, y), (Some(x), Some(y)) if x == y));
        if !equal {
            return Err(ComponentError::input_validation(
                "Found conflicting timestamp data for replacement values.",
                &["gap_timestamps"],
            ));
        }
    }
    let index = if idx_dt {
        s.index.clone()
    } else {
        s.values.clone()
    };
    let n = index.len();
    Ok(Outputs::single(
        "replacement_value_series",
        Value::Series(SeriesValue::new(index, Column::from_f64(vec![value; n]))),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::{fs, run1};
    use crate::kernels::time_index::test_support::{dparts, dts, ts};
    use rheo_core::value::Tz;

    fn run(s: Value, v: f64) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[
                ("gap_timestamps", s),
                ("replacement_value", Value::Float(v)),
            ],
        )
    }

    #[test]
    fn uses_the_datetime_index() {
        let s = dts(
            &["2020-01-01T01:15:27Z", "2020-01-02T16:20:00Z"],
            &[10.0, f64::NAN],
            Tz::Utc,
        );
        let (idx, v, tz) = dparts(&run(s, 37.0).unwrap());
        assert_eq!(tz, Tz::Utc);
        assert_eq!(
            idx,
            vec![ts("2020-01-01T01:15:27Z"), ts("2020-01-02T16:20:00Z")]
        );
        assert_eq!(v, vec![37.0, 37.0]);
    }

    #[test]
    fn uses_datetime_values_when_the_index_is_not_datetime() {
        let s = Value::Series(SeriesValue::new(
            Column::range(2),
            Column::from_datetime_ns(vec![ts("2020-01-01"), ts("2020-01-01")], Tz::Naive),
        ));
        let (idx, v, tz) = dparts(&run(s, -1.5).unwrap());
        assert_eq!(
            (idx, v, tz),
            (vec![ts("2020-01-01"); 2], vec![-1.5, -1.5], Tz::Naive)
        );
        let (idx, _, _) = dparts(&run(dts(&[], &[], Tz::Utc), 1.0).unwrap());
        assert!(idx.is_empty());
    }

    #[test]
    fn validation_errors() {
        let e = run(fs(&[1, 2], &[1.0, 2.0]), 1.0).unwrap_err();
        assert_eq!(e.type_name, "ComponentInputValidationException");
        assert_eq!(e.message, "No index or data of dtype datetime64 was found.");
        assert_eq!(e.error_code.as_deref(), Some(&serde_json::json!(422)));
        assert_eq!(
            e.extra_information.as_deref(),
            Some(&serde_json::json!({"invalid_component_inputs": ["gap_timestamps"]}))
        );
        let both = Value::Series(SeriesValue::new(
            Column::from_datetime_ns(vec![ts("2020-01-01")], Tz::Naive),
            Column::from_datetime_ns(vec![ts("2020-01-02")], Tz::Naive),
        ));
        assert_eq!(
            run(both, 1.0).unwrap_err().message,
            "Found conflicting timestamp data for replacement values."
        );
        let same = Value::Series(SeriesValue::new(
            Column::from_datetime_ns(vec![ts("2020-01-01")], Tz::Utc),
            Column::from_datetime_ns(vec![ts("2020-01-01")], Tz::Utc),
        ));
        assert!(run(same, 1.0).is_ok());
    }
}
