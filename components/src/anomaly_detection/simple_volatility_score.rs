//! Simple Volatility Score (`0c3c74d0-89b6-1948-fedd-753eaa47ca0e`): per time window, the
//! sum of absolute differences minus the absolute sum of differences.

use crate::kernels::rolling::{
    pandas_time_bounds, parse_window, rolling_sum, rolling_values, sort_rows_by_index, Closed,
};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};

/// Identity and ports of Simple Volatility Score 1.0.0 (hetida's connector ids,
/// workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "0c3c74d0-89b6-1948-fedd-753eaa47ca0e",
    revision_group_id: "0c3c74d0-89b6-1948-fedd-753eaa47ca0e",
    name: "Simple Volatility Score",
    category: "Anomaly Detection",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Compare absolute of sum of differences with sum of absolute differences",
    inputs: &[
        PortSpec::new(
            "timeseries",
            "1cc7c62a-0206-8ea0-ea26-05dbd6953aff",
            DataType::Series,
        ),
        PortSpec::new(
            "window_size",
            "5424d11b-b9d4-07d6-81ed-66707d71e381",
            DataType::String,
        ),
        PortSpec::new(
            "window_timestamp_location",
            "aad10ed2-5e2f-dde9-8204-782cd0d2876f",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "volatilities",
        "a26e2cdb-6390-53ed-ebbf-6f2e0201a6b7",
        DataType::Series,
    )],
};

/// Simple Volatility Score as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Simple Volatility Score: sort by index (stable), d = first difference (first element
/// NaN), then over the trailing time window `(t - w, t]` (at least one non-NaN value, NaN
/// ignored, Kahan-compensated rolling sums as in pandas) `sum(|d|) - |sum(d)|`: 0 on
/// monotone stretches, growing with back-and-forth movement. The first point is NaN (its
/// window holds only the NaN difference).
///
/// `window_timestamp_location`: "right" keeps the window end t as label, "left" shifts
/// every label by -w, "center" by -w/2 (integer nanoseconds). Any other value raises
/// ValueError "Only 'left' or 'right' or 'center' allowed for stamping parameter." (after
/// the computation, as in hetida). Output: float64 series named "volatilities" on the
/// sorted (shifted) index, timezone and attrs kept.
///
/// Errors: a non-datetime index raises ValueError "window must be an integer 0 or greater"
/// (pandas' time-window check), invalid/non-fixed window strings raise ValueError,
/// non-numeric values DataError; an empty series (RangeIndex in pandas) stamped "left" or
/// "center" raises NotImplementedError, as shifting a RangeIndex by a frequency does.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let s = inputs.series("timeseries")?;
    let window = inputs.str("window_size")?;
    let location = inputs.str("window_timestamp_location")?;
    let mut rows: Vec<usize> = (0..s.len()).collect();
    sort_rows_by_index(&s.index, &mut rows);
    let index = s.index.take(&rows);
    let values = rolling_values(&s.values)?;
    let sorted: Vec<f64> = rows.iter().map(|&i| values[i]).collect();
    let mut d = Vec::with_capacity(sorted.len());
    d.extend(sorted.first().map(|_| f64::NAN));
    d.extend(sorted.windows(2).map(|w| w[1] - w[0]));
    let abs: Vec<f64> = d.iter().map(|x| x.abs()).collect();
    let bounds = pandas_time_bounds(&index, window, Closed::Right, false)?;
    let abs_sum = rolling_sum(&abs, &bounds, 1);
    let sum = rolling_sum(&d, &bounds, 1);
    let vol: Vec<f64> = abs_sum.iter().zip(&sum).map(|(a, s)| a - s.abs()).collect();
    let shift = match location {
        "right" => 0,
        "left" => -parse_window(window)?,
        "center" => -(parse_window(window)? / 2),
        _ => {
            return Err(ComponentError::value_error(
                "Only 'left' or 'right' or 'center' allowed for stamping parameter.",
            ))
        }
    };
    let index = if shift == 0 {
        index
    } else if index.kind() != ColumnKind::Datetime {
        // Only an empty series gets here (rolling by time needs datetimes): pandas gives it
        // a RangeIndex, which cannot be shifted by a frequency.
        let kind = if index.kind() == ColumnKind::Int {
            "RangeIndex"
        } else {
            "Index"
        };
        return Err(ComponentError::new(
            "NotImplementedError",
            format!(
                "This method is only implemented for DatetimeIndex, PeriodIndex and \
                 TimedeltaIndex; Got type {kind}"
            ),
        ));
    } else {
        let ns = index.datetime_ns().unwrap_or_default();
        Column::from_datetime_ns(ns.iter().map(|t| t + shift).collect(), index.tz)
    };
    Ok(Outputs::single(
        "volatilities",
        Value::Series(SeriesValue {
            name: Some("volatilities".to_string()),
            index,
            values: Column::from_f64(vol),
            attrs: s.attrs.clone(),
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::run1;
    use crate::kernels::rolling::test_util::*;
    use rheo_core::value::Tz;

    fn run(ts: Value, w: &str, loc: &str) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[
                ("timeseries", ts),
                ("window_size", Value::Str(w.into())),
                ("window_timestamp_location", Value::Str(loc.into())),
            ],
        )
    }

    #[test]
    fn back_and_forth_scores_and_stamping() {
        // Values 1,2,3,2,5 at 0..4 s; d = NaN,1,1,-1,3; windows (t-2, t]:
        // t0 [NaN] NaN; t1 [NaN,1] 1-1=0; t2 [1,1] 2-2=0; t3 [1,-1] 2-0=2; t4 [-1,3] 4-2=2.
        let ts = dts(&[4, 0, 2, 1, 3], Tz::Utc, &[5.0, 1.0, 3.0, 2.0, 2.0]);
        let r = run(ts.clone(), "2s", "right").unwrap();
        assert_eq!(secs(&r), [0, 1, 2, 3, 4]);
        close(&vals(&r), &[f64::NAN, 0.0, 0.0, 2.0, 2.0]);
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.name.as_deref(), Some("volatilities"));
        assert_eq!(s.index.tz, Tz::Utc);
        assert_eq!(
            secs(&run(ts.clone(), "2s", "left").unwrap()),
            [-2, -1, 0, 1, 2]
        );
        assert_eq!(
            secs(&run(ts.clone(), "2s", "center").unwrap()),
            [-1, 0, 1, 2, 3]
        );
        let e = run(ts, "2s", "middle").unwrap_err();
        assert_eq!(
            e.message,
            "Only 'left' or 'right' or 'center' allowed for stamping parameter."
        );
    }

    #[test]
    fn nan_values_empty_and_single() {
        // d = NaN, NaN, NaN, 1: windows of 10 s see only the last valid difference.
        let r = run(
            dts(&[0, 1, 2, 3], Tz::Naive, &[1.0, f64::NAN, 3.0, 4.0]),
            "10s",
            "right",
        );
        close(&vals(&r.unwrap()), &[f64::NAN, f64::NAN, f64::NAN, 0.0]);
        assert!(vals(&run(dts(&[], Tz::Naive, &[]), "1h", "right").unwrap()).is_empty());
        // An empty series as hetida parses `{}` has a RangeIndex: it cannot be shifted.
        let empty = Value::Series(SeriesValue::new(Column::range(0), Column::from_f64(vec![])));
        assert!(vals(&run(empty.clone(), "1h", "right").unwrap()).is_empty());
        for loc in ["left", "center"] {
            let e = run(empty.clone(), "1h", loc).unwrap_err();
            assert_eq!(e.type_name, "NotImplementedError");
            assert!(e.message.ends_with("Got type RangeIndex"), "{}", e.message);
        }
        close(
            &vals(&run(dts(&[0], Tz::Naive, &[1.0]), "1h", "left").unwrap()),
            &[f64::NAN],
        );
    }

    #[test]
    fn monotone_stretches_score_zero_and_errors() {
        let r = run(
            dts(&[0, 60, 120, 180], Tz::Naive, &[1.0, 2.0, 4.0, 8.0]),
            "75min",
            "center",
        );
        let r = r.unwrap();
        close(&vals(&r), &[f64::NAN, 0.0, 0.0, 0.0]);
        // 75 min / 2 = 37.5 min.
        assert_eq!(secs(&r)[0], -2250);
        let ints = Value::Series(SeriesValue::new(
            Column::from_i64(vec![0, 1]),
            Column::from_f64(vec![1.0, 2.0]),
        ));
        assert_eq!(
            run(ints, "1h", "right").unwrap_err().message,
            "window must be an integer 0 or greater"
        );
        assert_eq!(
            run(dts(&[0], Tz::Naive, &[1.0]), "M", "right")
                .unwrap_err()
                .type_name,
            "ValueError"
        );
    }
}
