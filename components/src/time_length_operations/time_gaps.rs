//! Time Gaps (`7b18532a-8e26-7b30-5053-6f5f056be3d4`): seconds between consecutive index
//! timestamps.

use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, SeriesValue, Tz};
use rheo_core::{ComponentError, DataType, Value};

/// Identity and ports of Time Gaps 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "7b18532a-8e26-7b30-5053-6f5f056be3d4",
    revision_group_id: "7b18532a-8e26-7b30-5053-6f5f056be3d4",
    name: "Time Gaps",
    category: "Time length operations",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculates the sizes of time gaps",
    inputs: &[PortSpec::new(
        "data",
        "8ab6bc3d-f452-a884-fdfc-1e7cc245202c",
        DataType::Series,
    )],
    outputs: &[PortSpec::new(
        "gap_sizes",
        "56dc00a1-a2b0-a5dc-3051-a9898397859a",
        DataType::Series,
    )],
};

/// Time Gaps as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Time Gaps: for i ≥ 1, value at `index[i]` = (`index[i]` − `index[i−1]`) in seconds (float,
/// nanosecond resolution), in the given order (no sorting; negative for decreasing
/// timestamps, NaN next to NaT). The result is an unnamed float64 series without attrs
/// indexed by `index[1:]` taken from the raw numpy values: **the timezone is dropped**
/// (aware timestamps become naive UTC wall time).
///
/// Errors: fewer than 2 entries → ValueError "length of data must be greater than 1, it is
/// N"; a non-datetime index → TypeError (numpy cannot divide by a timedelta).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let s = inputs.series("data")?;
    let n = s.len();
    if n < 2 {
        return Err(ComponentError::value_error(format!(
            "length of data must be greater than 1, it is {n}"
        )));
    }
    if s.index.kind() != ColumnKind::Datetime {
        return Err(ComponentError::type_error(
            "ufunc 'divide' cannot use operands with types of a non-datetime index and dtype('<m8[s]')",
        ));
    }
    let ns = s.index.datetime_ns_opt().unwrap_or_default();
    let gaps: Vec<f64> = ns
        .windows(2)
        .map(|w| match (w[0], w[1]) {
            (Some(a), Some(b)) => (b - a) as f64 / 1e9,
            _ => f64::NAN,
        })
        .collect();
    let index = Column::from_opt_datetime_ns(ns[1..].to_vec(), Tz::Naive);
    Ok(Outputs::single(
        "gap_sizes",
        Value::Series(SeriesValue::new(index, Column::from_f64(gaps))),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::{assert_floats, fs, run1};
    use crate::kernels::time_index::test_support::{dparts, dts, ts};

    fn run(data: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", data)])
    }

    #[test]
    fn documentation_example_and_tz_is_dropped() {
        let data = dts(
            &[
                "2019-08-01T15:20:00Z",
                "2019-08-01T15:20:15Z",
                "2019-08-01T15:21:00Z",
                "2019-08-01T15:22:05Z",
                "2019-08-01T15:22:06.5Z",
            ],
            &[1.0, 7.0, 5.0, 4.0, 2.0],
            Tz::Utc,
        );
        let (idx, v, tz) = dparts(&run(data).unwrap());
        assert_eq!(tz, Tz::Naive);
        assert_eq!(idx[0], ts("2019-08-01T15:20:15"));
        assert_floats(&v, &[15.0, 45.0, 65.0, 1.5]);
    }

    #[test]
    fn unsorted_and_duplicates_are_kept_in_order() {
        let data = dts(
            &[
                "2020-01-01T00:01:00",
                "2020-01-01T00:00:00",
                "2020-01-01T00:00:00",
            ],
            &[0.0; 3],
            Tz::Naive,
        );
        let (_, v, _) = dparts(&run(data).unwrap());
        assert_floats(&v, &[-60.0, 0.0]);
    }

    #[test]
    fn too_short_and_non_datetime() {
        let e = run(dts(&["2020-01-01"], &[1.0], Tz::Naive)).unwrap_err();
        assert_eq!(e.message, "length of data must be greater than 1, it is 1");
        let e = run(dts(&[], &[], Tz::Naive)).unwrap_err();
        assert_eq!(e.message, "length of data must be greater than 1, it is 0");
        assert_eq!(
            run(fs(&[1, 2], &[1.0, 2.0])).unwrap_err().type_name,
            "TypeError"
        );
    }
}
