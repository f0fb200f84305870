//! MAVG Outlier Filter (`11b9c01e-8e32-25a9-9625-97a5654230be`): keeps the values inside the
//! band moving mean ± factor × moving standard deviation of a trailing time window.

use crate::kernels::rolling::{
    pandas_time_bounds, rebuild, rolling_mean, rolling_std, rolling_values, value_columns, Closed,
};
use crate::kernels::series_frame::index_of;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};

/// Identity and ports of MAVG Outlier Filter 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "11b9c01e-8e32-25a9-9625-97a5654230be",
    revision_group_id: "11b9c01e-8e32-25a9-9625-97a5654230be",
    name: "MAVG Outlier Filter",
    category: "Filters",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Return only those values inside of moving mean / std - band",
    inputs: &[
        PortSpec::new(
            "allowed_deviation_factor",
            "9cea3ce2-4912-5c88-3eba-d645fe4ba4fc",
            DataType::Float,
        ),
        PortSpec::new(
            "window_size",
            "2fcd1fc2-7cc7-d81a-7483-d93b8fe96d30",
            DataType::String,
        ),
        PortSpec::new("ts", "1029d28d-113f-ef73-2fb4-ae20b3398fbf", DataType::Any),
    ],
    outputs: &[PortSpec::new(
        "ts",
        "0d3a9804-6d58-a0e4-260e-e0d082bdb6fc",
        DataType::Any,
    )],
};

/// MAVG Outlier Filter as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// MAVG Outlier Filter: with m(t) and s(t) the mean and sample standard deviation (ddof 1)
/// of the non-NaN values in the trailing window `(t - w, t]` (the point itself included),
/// a value x is kept iff `m - f·s < x < m + f·s` (strict, f = `allowed_deviation_factor`).
///
/// Consequences (as in hetida): the first point, and every point whose window holds a
/// single valid value, has s = NaN and is dropped; NaN values are dropped; a constant
/// stretch (s = 0) is dropped too. A series loses the failing entries (order, name, attrs,
/// dtype kept); a DataFrame keeps its shape and failing cells become NaN (float64
/// columns). No sorting: the window errors of MAVG Smoothing apply (unsorted index →
/// "index values must be monotonic", non-datetime index → "window must be an integer 0 or
/// greater", …).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let f = inputs.float("allowed_deviation_factor")?;
    let window = inputs.str("window_size")?;
    let ts = inputs.value("ts")?;
    let index = index_of(ts, "rolling")?;
    let bounds = pandas_time_bounds(index, window, Closed::Right, false)?;
    let mut masks = Vec::new();
    for col in value_columns(ts) {
        let v = rolling_values(col)?;
        let m = rolling_mean(&v, &bounds, 1);
        let s = rolling_std(&v, &bounds, 1, 1);
        masks.push(
            (0..v.len())
                .map(|i| v[i] < m[i] + f * s[i] && v[i] > m[i] - f * s[i])
                .collect::<Vec<bool>>(),
        );
    }
    let out = match ts {
        Value::Series(s) => {
            let keep: Vec<usize> = (0..s.len()).filter(|&i| masks[0][i]).collect();
            Value::Series(SeriesValue {
                name: s.name.clone(),
                index: s.index.take(&keep),
                values: s.values.take(&keep),
                attrs: s.attrs.clone(),
            })
        }
        _ => {
            let cols = value_columns(ts)
                .into_iter()
                .zip(&masks)
                .map(|(c, mask)| {
                    let v = rolling_values(c)?;
                    Ok(Column::from_f64(
                        v.iter()
                            .zip(mask)
                            .map(|(&x, &k)| if k { x } else { f64::NAN })
                            .collect(),
                    ))
                })
                .collect::<Result<Vec<_>, ComponentError>>()?;
            rebuild(ts, index.clone(), cols)
        }
    };
    Ok(Outputs::single("ts", out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::run1;
    use crate::kernels::rolling::test_util::*;
    use rheo_core::value::{FrameValue, Tz};

    fn run(ts: Value, f: f64, w: &str) -> Result<Value, ComponentError> {
        run1(
            &COMPONENT,
            &[
                ("allowed_deviation_factor", Value::Float(f)),
                ("window_size", Value::Str(w.into())),
                ("ts", ts),
            ],
        )
    }

    fn data() -> Value {
        dts(
            &[0, 1, 2, 3, 4, 5],
            Tz::Naive,
            &[1.0, 2.0, 3.0, 100.0, 4.0, f64::NAN],
        )
    }

    #[test]
    fn strict_band_around_the_trailing_mean() {
        // Window covers everything so far. f = 1:
        // t0 s=NaN drop; t1 m=1.5 s=0.707 keep 2; t2 m=2 s=1 band (1,3): 3 is on the edge,
        // dropped; t3 m=26.5 s=49.0 band (-22.5,75.5): 100 dropped; t4 m=22 s=43.6 keep 4;
        // t5 NaN dropped.
        let r = run(data(), 1.0, "10s").unwrap();
        assert_eq!(secs(&r), [1, 4]);
        close(&vals(&r), &[2.0, 4.0]);
        // f = 2 widens the band: 3 and 100 stay.
        let r = run(data(), 2.0, "10s").unwrap();
        assert_eq!(secs(&r), [1, 2, 3, 4]);
        close(&vals(&r), &[2.0, 3.0, 100.0, 4.0]);
    }

    #[test]
    fn constant_and_short_windows_drop_everything() {
        // Constant stretch: s = 0, strict comparison fails.
        let r = run(dts(&[0, 1, 2], Tz::Utc, &[5.0, 5.0, 5.0]), 3.0, "10s").unwrap();
        assert!(vals(&r).is_empty());
        // 1 s windows hold one value each: s = NaN.
        let r = run(dts(&[0, 5, 10], Tz::Utc, &[1.0, 2.0, 3.0]), 3.0, "1s").unwrap();
        assert!(vals(&r).is_empty());
        assert!(vals(&run(dts(&[], Tz::Utc, &[]), 3.0, "1s").unwrap()).is_empty());
    }

    #[test]
    fn int_series_keep_their_dtype_and_frames_are_masked() {
        let ints = Value::Series(SeriesValue::new(
            Column::from_datetime_ns(vec![0, 1, 2], Tz::Naive),
            Column::from_i64(vec![1, 3, 4]),
        ));
        let Value::Series(r) = run(ints, 5.0, "1min").unwrap() else {
            panic!()
        };
        assert_eq!(r.values.i64_values().unwrap().as_ref(), [3, 4]);
        let f = Value::Frame(FrameValue {
            index: Column::from_datetime_ns(vec![0, 1, 2], Tz::Naive),
            columns: [("a".to_string(), Column::from_f64(vec![1.0, 2.0, 2.5]))]
                .into_iter()
                .collect(),
            attrs: Default::default(),
        });
        let Value::Frame(r) = run(f, 1.0, "1min").unwrap() else {
            panic!()
        };
        // t1: m 1.5 s .707 keep; t2: m 1.833 s .764 band (1.07, 2.6) keep.
        close(&r.columns["a"].f64_values().unwrap(), &[f64::NAN, 2.0, 2.5]);
    }

    #[test]
    fn unsorted_index_raises() {
        let e = run(dts(&[1, 0], Tz::Naive, &[1.0, 2.0]), 1.0, "1s");
        assert!(e.is_ok(), "a decreasing index is monotonic");
        let e = run(dts(&[1, 0, 2], Tz::Naive, &[1.0, 2.0, 3.0]), 1.0, "1s").unwrap_err();
        assert_eq!(e.message, "index values must be monotonic");
    }
}
