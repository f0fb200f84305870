//! Infer Window Size (`4615ec0d-99bd-40ba-a88b-643dd28fa6e7`): a time-window size string
//! from the median sampling interval of a series.

use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::json_out::python_float_repr;
use rheo_core::value::Column;
use rheo_core::{ComponentError, DataType, Value};
use std::sync::Arc;

/// Identity and ports of Infer Window Size 1.0.0 (connector ids from workflows.md
/// Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "4615ec0d-99bd-40ba-a88b-643dd28fa6e7",
    revision_group_id: "a9614fc3-e7a0-4df1-8a8c-a1c8cadeb84b",
    name: "Infer Window Size",
    category: "Statistic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Infers the size to choose for a moving window",
    inputs: &[
        PortSpec::new(
            "series",
            "c85c22fe-6e56-4f3e-a969-552847ac013f",
            DataType::Series,
        ),
        PortSpec::new(
            "min_num_desired_datapoints_in_window",
            "861001bc-7d9e-4315-8290-3af665a98417",
            DataType::Int,
        ),
        PortSpec::new(
            "buffer_factor",
            "57af13c4-c4be-4cc0-9d49-098154bc23bc",
            DataType::Float,
        ),
    ],
    outputs: &[PortSpec::new(
        "frequency_string",
        "c8a9eff0-b531-482e-90d8-0d19903f7f4f",
        DataType::String,
    )],
};

const NS_PER_SEC: i64 = 1_000_000_000;

/// Infer Window Size as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Infer Window Size: `str(s * (min_num_desired_datapoints_in_window * buffer_factor)) + "S"`
/// where `s` is the **seconds component** of the median difference of consecutive index
/// timestamps after sorting.
///
/// * Only `Timedelta.seconds` is used (0..86 399): whole days and sub-second parts of the
///   median are dropped — a median of 1 day gives `"0.0S"`, 1 day 2 h gives 7200 s.
/// * The median of an even number of differences is the mean of the two middle ones
///   (truncated to whole nanoseconds). NaT labels are ignored.
/// * The product is a Python float written with `str()`: `"17486.0S"`, `"450.0S"`.
/// * Fewer than two valid timestamps: the median is NaT, whose `seconds` is NaN, giving
///   `"nanS"` (as hetida).
/// * A frame is accepted as well (only its index is used), as in hetida.
/// * Errors: an index that is not a DatetimeIndex raises TypeError ("This component is
///   exclusively for series with Datetime index!").
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let index = crate::kernels::series_frame::index_of(inputs.value("series")?, "index")?;
    let min_num = number(
        inputs.value("min_num_desired_datapoints_in_window")?,
        "min_num_desired_datapoints_in_window",
    )?;
    let buffer_factor = inputs.float("buffer_factor")?;
    let seconds = median_diff_seconds(index)?;
    let window = seconds * (min_num * buffer_factor);
    let mut out = Outputs::with_capacity(1);
    out.insert(
        "frequency_string",
        Arc::new(Value::Str(format!("{}S", python_float_repr(window)))),
    );
    Ok(out)
}

fn number(v: &Value, name: &str) -> Result<f64, ComponentError> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Float(f) => Ok(*f),
        Value::Bool(b) => Ok(f64::from(u8::from(*b))),
        other => Err(ComponentError::type_error(format!(
            "input '{name}' must be a number, got {}",
            other.kind_name()
        ))),
    }
}

/// `Timedelta.seconds` of the median consecutive difference of the sorted index (NaN when
/// there is no difference).
fn median_diff_seconds(index: &Column) -> Result<f64, ComponentError> {
    let Some(ts) = index.datetime_ns_opt() else {
        return Err(ComponentError::type_error(
            "This component is exclusively for series with Datetime index!",
        ));
    };
    let mut ts: Vec<i64> = ts.into_iter().flatten().collect();
    ts.sort_unstable();
    let mut diffs: Vec<i64> = ts.windows(2).map(|w| w[1] - w[0]).collect();
    let n = diffs.len();
    if n == 0 {
        return Ok(f64::NAN);
    }
    let (_, &mut hi, _) = diffs.select_nth_unstable(n / 2);
    let median = if n % 2 == 1 {
        hi
    } else {
        let lo = diffs[..n / 2].iter().copied().max().unwrap_or(hi);
        ((i128::from(lo) + i128::from(hi)) / 2) as i64
    };
    Ok(median.div_euclid(NS_PER_SEC).rem_euclid(86_400) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::run1;
    use rheo_core::value::{SeriesValue, Tz};

    const S: i64 = NS_PER_SEC;

    fn series(ts: Vec<i64>) -> Value {
        let n = ts.len();
        Value::Series(SeriesValue::new(
            Column::from_datetime_ns(ts, Tz::Utc),
            Column::from_f64(vec![1.0; n]),
        ))
    }

    fn run(s: Value, min_num: i64, buffer: f64) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[
                ("series", s),
                ("min_num_desired_datapoints_in_window", Value::Int(min_num)),
                ("buffer_factor", Value::Float(buffer)),
            ],
        )
    }

    #[test]
    fn hetida_example_gives_17486_seconds() {
        // Regular 20:49 (1249 s) steps with a few gaps; median 1249 s; 1249 * 14.0.
        let mut ts: Vec<i64> = (0..20).map(|k| k * 1249 * S).collect();
        ts.push(19 * 1249 * S + 2498 * S);
        ts.push(19 * 1249 * S + 2498 * S + 4996 * S);
        assert_eq!(
            run(series(ts), 10, 1.4).unwrap(),
            Value::Str("17486.0S".into())
        );
    }

    #[test]
    fn only_the_seconds_component_counts() {
        // Unsorted input; median 60 s; 60 * 7.5.
        let ts = vec![120 * S, 0, 60 * S, 300 * S];
        assert_eq!(
            run(series(ts), 5, 1.5).unwrap(),
            Value::Str("450.0S".into())
        );
        // One day → 0 seconds; one day and two hours → 7200.
        let day = 86_400 * S;
        assert_eq!(
            run(series(vec![0, day, 2 * day]), 3, 1.0).unwrap(),
            Value::Str("0.0S".into())
        );
        let d = day + 7200 * S;
        assert_eq!(
            run(series(vec![0, d]), 1, 1.0).unwrap(),
            Value::Str("7200.0S".into())
        );
        // Half a second → 0; even count: median of 10 s and 20 s is 15 s.
        assert_eq!(
            run(series(vec![0, S / 2]), 1, 1.0).unwrap(),
            Value::Str("0.0S".into())
        );
        assert_eq!(
            run(series(vec![0, 10 * S, 30 * S]), 2, 1.0).unwrap(),
            Value::Str("30.0S".into())
        );
    }

    #[test]
    fn too_few_points_give_nan_and_non_datetime_index_raises() {
        assert_eq!(
            run(series(vec![5]), 10, 1.0).unwrap(),
            Value::Str("nanS".into())
        );
        assert_eq!(
            run(series(vec![]), 10, 1.0).unwrap(),
            Value::Str("nanS".into())
        );
        let ints = Value::Series(SeriesValue::new(
            Column::range(3),
            Column::from_f64(vec![1.0; 3]),
        ));
        let e = run(ints, 10, 1.0).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
        assert_eq!(
            e.message,
            "This component is exclusively for series with Datetime index!"
        );
    }
}
