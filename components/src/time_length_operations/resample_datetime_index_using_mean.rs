//! Resample Datetime Index using Mean (`d48ce6ad-05ab-8bc1-fb79-c1960966f595`): the mean of
//! the values in each left-closed time bin of a fixed frequency (`resample(t).mean()`).

use crate::kernels::elementwise::numeric;
use crate::kernels::series_frame::{index_of, rebuild, value_columns};
use crate::kernels::time_index::{
    resample_frequency, resample_grid, to_datetime_index, tz_offset_ns,
};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::Column;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Resample Datetime Index using Mean 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "d48ce6ad-05ab-8bc1-fb79-c1960966f595",
    revision_group_id: "d48ce6ad-05ab-8bc1-fb79-c1960966f595",
    name: "Resample Datetime Index using Mean",
    category: "Time length operations",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Resamples data for some time frequency by taking means",
    inputs: &[
        PortSpec::new(
            "data",
            "91665fc2-6659-125d-f49a-1d9b75f1fb07",
            DataType::Any,
        ),
        PortSpec::new(
            "t",
            "1424f6f5-9c49-3d96-efb0-6fd65677715c",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "resampled",
        "f676827a-3f35-c06e-e111-5ecf3ff0a312",
        DataType::Any,
    )],
};

/// Resample Datetime Index using Mean as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Resample Datetime Index using Mean: the index is converted with `pd.to_datetime`
/// (TypeError "indices of data must be datetime" if impossible); unsorted data are rejected
/// (ValueError "data must be sorted by its index"); then `resample(t).mean()` for a Series or
/// every column of a DataFrame: bins `[label, label + t)` with labels from the bin holding
/// the first timestamp (counted from local midnight of its day, pandas origin "start_day")
/// up to the bin holding the last one; each label gets the mean of the non-NaN values in its
/// bin (pandas' Kahan-compensated group mean), NaN for empty bins. Output is float64, name,
/// column names, attrs and timezone are kept. Empty input gives an empty result.
///
/// Errors: an invalid `t` raises ValueError "t could not be parsed as frequency: t";
/// non-numeric columns raise TypeError.
///
/// Deviations: hetida 0.9.8 calls the removed `Index.is_monotonic` and therefore fails for
/// every input; Rheo implements the intended behaviour. Calendar frequencies (`W`, `M`, …)
/// are not supported natively (NotSupportedByNativeEngine).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    let t = inputs.str("t")?;
    let index = to_datetime_index(index_of(data, "index")?, "indices of data must be datetime")?;
    let ns = index.datetime_ns().unwrap_or_default();
    if ns.windows(2).any(|w| w[0] > w[1]) {
        return Err(ComponentError::value_error(
            "data must be sorted by its index",
        ));
    }
    let freq = resample_frequency(t)?;
    let cols = value_columns(data);
    let nums = cols
        .iter()
        .map(|c| numeric(c, "mean").map(|n| n.to_f64().into_owned()))
        .collect::<Result<Vec<_>, _>>()?;
    if ns.is_empty() {
        let out = rebuild(
            data,
            Column::from_datetime_ns(Vec::new(), index.tz),
            nums.into_iter().map(Column::from_f64).collect(),
        );
        return Ok(Outputs::single("resampled", out));
    }
    let (start, n) = resample_grid(ns[0], ns[ns.len() - 1], freq, tz_offset_ns(index.tz));
    let labels: Vec<i64> = (0..n as i64).map(|k| start + k * freq).collect();
    let columns = nums
        .iter()
        .map(|v| Column::from_f64(bin_means(&ns, v, start, freq, n)))
        .collect();
    let out = rebuild(data, Column::from_datetime_ns(labels, index.tz), columns);
    Ok(Outputs::single("resampled", out))
}

/// Mean of the non-NaN `values` per bin `[start + k·freq, start + (k+1)·freq)`, k < n, for
/// sorted timestamps `ts` ≥ `start` (pandas `group_mean`: Kahan-compensated sums, NaN for
/// bins without values).
pub fn bin_means(ts: &[i64], values: &[f64], start: i64, freq: i64, n: usize) -> Vec<f64> {
    let mut out = vec![f64::NAN; n];
    let mut i = 0;
    let len = ts.len();
    while i < len {
        let k = ((ts[i] - start) / freq) as usize;
        let end_ts = start + (k as i64 + 1) * freq;
        let (mut sum, mut comp, mut cnt) = (0.0f64, 0.0f64, 0usize);
        while i < len && ts[i] < end_ts {
            let v = values[i];
            if !v.is_nan() {
                cnt += 1;
                let y = v - comp;
                let t = sum + y;
                comp = t - sum - y;
                if comp.is_nan() {
                    comp = 0.0;
                }
                sum = t;
            }
            i += 1;
        }
        if cnt > 0 && k < n {
            out[k] = sum / cnt as f64;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::{assert_floats, run1};
    use crate::kernels::time_index::test_support::{dparts, dts, ts};
    use rheo_core::value::{FrameValue, Tz};
    use rheo_core::Value;

    fn run(data: Value, t: &str) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", data), ("t", Value::Str(t.into()))])
    }

    #[test]
    fn daily_example_from_the_documentation() {
        let data = dts(
            &[
                "2019-08-01T00:00:00",
                "2019-08-01T15:20:14",
                "2019-08-03T00:00:00",
                "2019-08-04T15:20:20",
            ],
            &[1.2, 7.2, 0.3, 0.5],
            Tz::Naive,
        );
        let (idx, v, tz) = dparts(&run(data, "d").unwrap());
        assert_eq!(tz, Tz::Naive);
        assert_eq!(
            idx,
            vec![
                ts("2019-08-01"),
                ts("2019-08-02"),
                ts("2019-08-03"),
                ts("2019-08-04")
            ]
        );
        assert_floats(&v, &[4.2, f64::NAN, 0.3, 0.5]);
    }

    #[test]
    fn bins_start_at_midnight_grid_and_edges_are_left_closed() {
        // 5 min bins from midnight: 00:07 is in [00:05, 00:10); 00:10 opens the next bin.
        let data = dts(
            &[
                "2020-01-01T00:07:00Z",
                "2020-01-01T00:09:59Z",
                "2020-01-01T00:10:00Z",
                "2020-01-01T00:21:00Z",
            ],
            &[1.0, 3.0, f64::NAN, 8.0],
            Tz::Utc,
        );
        let (idx, v, tz) = dparts(&run(data, "5min").unwrap());
        assert_eq!(tz, Tz::Utc);
        assert_eq!(
            idx,
            vec![
                ts("2020-01-01T00:05:00Z"),
                ts("2020-01-01T00:10:00Z"),
                ts("2020-01-01T00:15:00Z"),
                ts("2020-01-01T00:20:00Z")
            ]
        );
        // bin 00:10 holds only NaN → NaN
        assert_floats(&v, &[2.0, f64::NAN, f64::NAN, 8.0]);
    }

    #[test]
    fn fixed_offset_anchors_at_local_midnight() {
        // 2020-01-01T23:30Z is 00:30 local on 01-02 (+01:00); 7h bins from local midnight.
        let data = dts(
            &["2020-01-01T23:30:00Z", "2020-01-02T06:10:00Z"],
            &[2.0, 4.0],
            Tz::Fixed(3600),
        );
        let (idx, v, tz) = dparts(&run(data, "7h").unwrap());
        assert_eq!(tz, Tz::Fixed(3600));
        // local 00:00 and 07:00 on 01-02 = 23:00Z and 06:00Z
        assert_eq!(
            idx,
            vec![ts("2020-01-01T23:00:00Z"), ts("2020-01-02T06:00:00Z")]
        );
        assert_floats(&v, &[2.0, 4.0]);
    }

    #[test]
    fn single_point_empty_and_int_values() {
        let one = Value::Series(rheo_core::value::SeriesValue::new(
            Column::from_datetime_ns(vec![ts("2020-01-01T10:17:00")], Tz::Naive),
            Column::from_i64(vec![3]),
        ));
        let (idx, v, _) = dparts(&run(one, "H").unwrap());
        assert_eq!(idx, vec![ts("2020-01-01T10:00:00")]);
        assert_floats(&v, &[3.0]);
        let empty = dts(&[], &[], Tz::Utc);
        let (idx, v, tz) = dparts(&run(empty, "H").unwrap());
        assert!(idx.is_empty() && v.is_empty());
        assert_eq!(tz, Tz::Utc);
    }

    #[test]
    fn duplicates_are_averaged_and_unsorted_rejected() {
        let dup = dts(
            &[
                "2020-01-01T00:00:00",
                "2020-01-01T00:00:00",
                "2020-01-01T00:00:30",
            ],
            &[1.0, 2.0, 6.0],
            Tz::Naive,
        );
        let (_, v, _) = dparts(&run(dup, "T").unwrap());
        assert_floats(&v, &[3.0]);
        let unsorted = dts(&["2020-01-02", "2020-01-01"], &[1.0, 2.0], Tz::Naive);
        let e = run(unsorted, "D").unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            ("ValueError", "data must be sorted by its index")
        );
    }

    #[test]
    fn errors_for_bad_frequency_and_index() {
        let data = dts(&["2020-01-01"], &[1.0], Tz::Naive);
        let e = run(data.clone(), "abc").unwrap_err();
        assert_eq!(e.message, "t could not be parsed as frequency: abc");
        let e = run(data, "M").unwrap_err();
        assert_eq!(e.type_name, "NotSupportedByNativeEngine");
        let strs = Value::Series(rheo_core::value::SeriesValue::new(
            Column::from_strings(vec![Some("a".into())]),
            Column::from_f64(vec![1.0]),
        ));
        let e = run(strs, "D").unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            ("TypeError", "indices of data must be datetime")
        );
    }

    #[test]
    fn frames_are_resampled_per_column() {
        let idx = Column::from_datetime_ns(
            vec![
                ts("2020-01-01T00:00:00"),
                ts("2020-01-01T00:00:40"),
                ts("2020-01-01T00:02:00"),
            ],
            Tz::Naive,
        );
        let columns = vec![
            ("a".to_string(), Column::from_f64(vec![1.0, 2.0, 3.0])),
            ("b".to_string(), Column::from_i64(vec![10, 20, 30])),
        ]
        .into_iter()
        .collect();
        let frame = Value::Frame(FrameValue {
            index: idx,
            columns,
            attrs: Default::default(),
        });
        let Value::Frame(out) = run(frame, "min").unwrap() else {
            panic!()
        };
        assert_eq!(out.index.datetime_ns().unwrap().len(), 3);
        assert_floats(
            &out.columns["a"].f64_values().unwrap(),
            &[1.5, f64::NAN, 3.0],
        );
        assert_floats(
            &out.columns["b"].f64_values().unwrap(),
            &[15.0, f64::NAN, 30.0],
        );
    }
}
