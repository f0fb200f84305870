//! Time to length (`517fb2a7-ec6a-eced-c2ea-eb6dc5e76b0c`): re-indexes time-indexed data
//! by the distance travelled at a constant speed or a speed series.

use crate::kernels::elementwise::{attribute_error, numeric, scalar_of};
use crate::kernels::time_index::{to_datetime, NaiveAmongAware};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, SeriesValue, Tz};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::Value as Json;
use std::collections::HashMap;

/// Identity and ports of Time to length 1.0.0 (connector ids from hetida's component
/// file `physics/time-to-length_100_517fb2a7-….json`).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "517fb2a7-ec6a-eced-c2ea-eb6dc5e76b0c",
    revision_group_id: "517fb2a7-ec6a-eced-c2ea-eb6dc5e76b0c",
    name: "Time to length",
    category: "Physics",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Converts time related data to length related data",
    inputs: &[
        PortSpec::new(
            "data",
            "013a8c93-2919-cb75-df47-11f0bc318ee3",
            DataType::Any,
        ),
        PortSpec::new(
            "speed",
            "6c5beae3-1fb6-08da-6ddf-7081d9f6895a",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "result",
        "baa3190b-3474-33a9-9376-f2da6966e71b",
        DataType::Any,
    )],
};

/// Time to length as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

const NS_PER_SEC: f64 = 1e9;

/// The error of Python code treating a value without an index like a series
/// (`x.copy()`, then `x.index`).
fn not_indexed(v: &Value, which: &str) -> ComponentError {
    match v {
        Value::Json(Json::Array(_)) => {
            // `list.index` is a method, which pd.to_datetime rejects.
            ComponentError::type_error(format!("indices of {which} must be datetime"))
        }
        Value::Json(Json::Object(_)) => {
            ComponentError::new("AttributeError", "'dict' object has no attribute 'index'")
        }
        other => attribute_error(other, "copy"),
    }
}

/// `pd.to_datetime(index)` with hetida's error for anything that is not convertible.
fn datetime_index(index: &Column, which: &str) -> Result<Column, ComponentError> {
    let err = || ComponentError::type_error(format!("indices of {which} must be datetime"));
    if index.kind() == ColumnKind::Bool {
        return Err(err());
    }
    to_datetime(index, NaiveAmongAware::AsUtc).map_err(|_| err())
}

/// Positions sorted by timestamp (stable, NaT last).
fn sort_order(ns: &[Option<i64>]) -> Vec<usize> {
    let key = |i: usize| (ns[i].is_none(), ns[i].unwrap_or(0));
    let mut order: Vec<usize> = (0..ns.len()).collect();
    if order.windows(2).any(|w| key(w[0]) > key(w[1])) {
        order.sort_by_key(|&i| key(i));
    }
    order
}

fn out_of_bounds() -> ComponentError {
    ComponentError::new(
        "IndexError",
        "index 0 is out of bounds for axis 0 with size 0",
    )
}

/// Seconds since the first timestamp (`(idx - idx[0]).total_seconds()`), NaN for NaT.
fn elapsed(sorted: &[Option<i64>]) -> Vec<f64> {
    let first = sorted.first().copied().flatten();
    sorted
        .iter()
        .map(|t| match (t, first) {
            (Some(t), Some(f)) => t.wrapping_sub(f) as f64 / NS_PER_SEC,
            _ => f64::NAN,
        })
        .collect()
}

/// scipy's `cumtrapz(y, x, initial=0)`.
fn cumtrapz(y: &[f64], x: &[f64]) -> Vec<f64> {
    let mut out = Vec::with_capacity(y.len());
    let mut acc = 0.0;
    if !y.is_empty() {
        out.push(0.0);
    }
    for i in 1..y.len() {
        acc += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0;
        out.push(acc);
    }
    out
}

/// Whether any timestamp occurs twice.
fn has_duplicates(ns: &[Option<i64>]) -> bool {
    let mut seen = std::collections::HashSet::with_capacity(ns.len());
    !ns.iter().all(|t| seen.insert(*t))
}

/// Whether two indexes can share timestamps: both naive (wall times) or both aware
/// (instants); a naive and an aware index have no common labels.
fn comparable(a: Tz, b: Tz) -> bool {
    a.is_aware() == b.is_aware()
}

/// Time to length: the index of `data` is converted like `pd.to_datetime` (datetimes kept,
/// ISO strings parsed, numbers read as epoch nanoseconds; failure → TypeError "indices of
/// data must be datetime").
///
/// * `speed` a plain number (int, float or bool): `data` is sorted by index (stably, NaT
///   last) and the length at t is `speed * (t - t_first)` in seconds.
/// * `speed` a series: its index is converted the same way (TypeError "indices of speed
///   must be datetime") and sorted; the length is the cumulative trapezoidal integral of
///   the speed values over the elapsed seconds, 0 at the first speed timestamp
///   (`cumtrapz(..., initial=0)`: `L[i] = L[i-1] + (t[i]-t[i-1]) * (v[i]+v[i-1]) / 2`);
///   then length and data are restricted to the timestamps present in both (sorted,
///   unique; two aware indexes compare as instants, a naive and an aware index have no
///   common timestamps, as pandas' object-dtype fallback finds none).
///
/// Output: an unnamed series (no attrs) whose float **index is the length** and whose
/// values are data's values; lengths repeat where the speed is 0 and decrease where it is
/// negative. NaT timestamps give NaN lengths.
///
/// Errors as in hetida: empty `data` with a numeric speed, or an empty speed series, raise
/// IndexError "index 0 is out of bounds for axis 0 with size 0"; duplicate timestamps in
/// data or speed raise ValueError "cannot reindex on an axis with duplicate labels" when
/// the common timestamps are not empty; non-numeric speed values raise TypeError; a
/// DataFrame `data` raises ValueError "Data must be 1-dimensional…" (pandas cannot build a
/// series from 2-D values); values without an index raise AttributeError (or TypeError for
/// a list) as attribute access would in Python.
///
/// Deviations: a DataFrame `speed` (which hetida integrates row-wise into nonsense) raises
/// NotSupportedByNativeEngine; data with repeated timestamps and a numeric speed keep
/// their original order among equal timestamps (pandas' quicksort does not guarantee it).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    let speed = inputs.value("speed")?;
    let (data_index, data_values) = match data {
        Value::Series(s) => (&s.index, Some(&s.values)),
        Value::Frame(f) => (&f.index, None),
        other => return Err(not_indexed(other, "data")),
    };
    let data_index = datetime_index(data_index, "data")?;
    let data_ns = data_index.datetime_ns_opt().unwrap_or_default();

    // (positions into data, lengths), both in result order.
    let (positions, lengths): (Vec<usize>, Vec<f64>) = if let Some(v) = scalar_of(speed) {
        let order = sort_order(&data_ns);
        if order.is_empty() {
            return Err(out_of_bounds());
        }
        let sorted: Vec<Option<i64>> = order.iter().map(|&i| data_ns[i]).collect();
        let v = v.as_f64();
        let lengths = elapsed(&sorted).into_iter().map(|s| v * s).collect();
        (order, lengths)
    } else {
        let s = match speed {
            Value::Series(s) => s,
            Value::Frame(_) => {
                return Err(ComponentError::not_supported(
                    "Time to length (517fb2a7-ec6a-eced-c2ea-eb6dc5e76b0c) needs a number or \
                     a series as speed; a DataFrame speed is not supported by the native \
                     engine",
                ))
            }
            other => return Err(not_indexed(other, "speed")),
        };
        let speed_index = datetime_index(&s.index, "speed")?;
        let speed_ns = speed_index.datetime_ns_opt().unwrap_or_default();
        let order = sort_order(&speed_ns);
        if order.is_empty() {
            return Err(out_of_bounds());
        }
        let num = numeric(&s.values, "*")?;
        let values = num.to_f64();
        let sorted_t: Vec<Option<i64>> = order.iter().map(|&i| speed_ns[i]).collect();
        let sorted_v: Vec<f64> = order.iter().map(|&i| values[i]).collect();
        let length = cumtrapz(&sorted_v, &elapsed(&sorted_t));

        // Common timestamps, sorted and unique (NaT last, matching NaT).
        let mut data_pos: HashMap<Option<i64>, usize> = HashMap::new();
        if comparable(data_index.tz, speed_index.tz) {
            data_pos.reserve(data_ns.len());
            for (i, t) in data_ns.iter().enumerate() {
                data_pos.entry(*t).or_insert(i);
            }
        }
        let mut positions = Vec::new();
        let mut lengths = Vec::new();
        let mut prev: Option<Option<i64>> = None;
        for (k, t) in sorted_t.iter().enumerate() {
            if prev == Some(*t) {
                continue;
            }
            prev = Some(*t);
            if let Some(&p) = data_pos.get(t) {
                positions.push(p);
                lengths.push(length[k]);
            }
        }
        if !positions.is_empty() && (has_duplicates(&speed_ns) || has_duplicates(&data_ns)) {
            return Err(ComponentError::value_error(
                "cannot reindex on an axis with duplicate labels",
            ));
        }
        (positions, lengths)
    };

    let Some(values) = data_values else {
        let Value::Frame(f) = data else {
            unreachable!("only frames have no values column")
        };
        return Err(ComponentError::value_error(format!(
            "Data must be 1-dimensional, got ndarray of shape ({}, {}) instead",
            positions.len(),
            f.columns.len()
        )));
    };
    Ok(Outputs::single(
        "result",
        Value::Series(SeriesValue::new(
            Column::from_f64(lengths),
            values.take(&positions),
        )),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::compare::test_util::tz_series;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::value::FrameValue;
    use serde_json::json;

    /// 2019-08-01T15:20:12 (naive), in seconds.
    const T0: i64 = 1_564_672_812;

    fn run(data: Value, speed: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", data), ("speed", speed)])
    }

    fn parts_f(v: &Value) -> (Vec<f64>, Vec<f64>) {
        let Value::Series(s) = v else { panic!("{v:?}") };
        assert_eq!(s.name, None);
        (
            s.index.f64_values().unwrap().into_owned(),
            s.values.f64_values().unwrap().into_owned(),
        )
    }

    fn at(offsets: &[i64]) -> Vec<i64> {
        offsets.iter().map(|o| T0 + o).collect()
    }

    #[test]
    fn constant_speed_sorts_and_scales_elapsed_seconds() {
        // hetida's documented example: speed 5 at +0, +2, +3, +8 s → 0, 10, 15, 40 m;
        // given unsorted here.
        let data = tz_series(&at(&[3, 0, 8, 2]), Tz::Naive, &[0.3, 1.2, 0.5, 7.2]);
        let (idx, vals) = parts_f(&run(data.clone(), Value::Int(5)).unwrap());
        assert_floats(&idx, &[0.0, 10.0, 15.0, 40.0]);
        assert_floats(&vals, &[1.2, 7.2, 0.3, 0.5]);
        // A float and a bool speed (True = 1).
        let (idx, _) = parts_f(&run(data.clone(), Value::Float(-0.5)).unwrap());
        assert_floats(&idx, &[0.0, -1.0, -1.5, -4.0]);
        let (idx, _) = parts_f(&run(data, Value::Bool(true)).unwrap());
        assert_floats(&idx, &[0.0, 2.0, 3.0, 8.0]);
    }

    #[test]
    fn speed_series_is_integrated_with_trapezoids() {
        // hetida's documented example: speed 1,2,3,2,0,0,4 at +0,2,3,5,6,9,13 s.
        // Trapezoids: 2*(1+2)/2=3, 1*(2+3)/2=2.5, 2*(3+2)/2=5, 1*(2+0)/2=1, 0, 4*(0+4)/2=8
        // → lengths 0, 3, 5.5, 10.5, 11.5, 11.5, 19.5.
        let t = at(&[0, 2, 3, 5, 6, 9, 13]);
        let data = tz_series(&t, Tz::Naive, &[5.0, 8.2, 9.3, 8.6, 0.8, 3.4, 2.1]);
        let speed = Value::Series(SeriesValue::new(
            Column::from_datetime_ns(t.iter().map(|s| s * 1_000_000_000).collect(), Tz::Naive),
            Column::from_i64(vec![1, 2, 3, 2, 0, 0, 4]),
        ));
        let (idx, vals) = parts_f(&run(data, speed).unwrap());
        assert_floats(&idx, &[0.0, 3.0, 5.5, 10.5, 11.5, 11.5, 19.5]);
        assert_floats(&vals, &[5.0, 8.2, 9.3, 8.6, 0.8, 3.4, 2.1]);
    }

    #[test]
    fn misaligned_speed_keeps_common_timestamps_only() {
        // Speed at +0, +10, +20 (unsorted) with 1, 3, 3 → 0, 20, 50. Data at +20, +5, +0
        // (unsorted): common +0 and +20, in time order.
        let speed = tz_series(&at(&[20, 0, 10]), Tz::Utc, &[3.0, 1.0, 3.0]);
        let data = tz_series(&at(&[20, 5, 0]), Tz::Utc, &[7.0, 8.0, 9.0]);
        let (idx, vals) = parts_f(&run(data, speed).unwrap());
        assert_floats(&idx, &[0.0, 50.0]);
        assert_floats(&vals, &[9.0, 7.0]);
    }

    #[test]
    fn aware_indexes_compare_instants_and_naive_matches_no_aware() {
        // Same instants, written in UTC and in +01:00.
        let speed = tz_series(&at(&[0, 4]), Tz::Fixed(3600), &[1.0, 1.0]);
        let data = tz_series(&at(&[4]), Tz::Utc, &[2.0]);
        let (idx, vals) = parts_f(&run(data, speed.clone()).unwrap());
        assert_floats(&idx, &[4.0]);
        assert_floats(&vals, &[2.0]);
        let naive = tz_series(&at(&[4]), Tz::Naive, &[2.0]);
        let (idx, vals) = parts_f(&run(naive, speed).unwrap());
        assert!(idx.is_empty() && vals.is_empty());
    }

    #[test]
    fn single_point_and_string_index() {
        let data = Value::Series(SeriesValue::new(
            Column::from_strings(vec![Some("2020-01-01T00:00:00Z".into())]),
            Column::from_strings(vec![Some("a".into())]),
        ));
        let Value::Series(r) = run(data, Value::Float(2.0)).unwrap() else {
            panic!()
        };
        assert_floats(&r.index.f64_values().unwrap(), &[0.0]);
        assert_eq!(r.values.str_values().unwrap(), [Some("a")]);
    }

    #[test]
    fn nan_speed_propagates_through_the_integral() {
        let speed = tz_series(&at(&[0, 1, 2]), Tz::Naive, &[1.0, f64::NAN, 1.0]);
        let data = tz_series(&at(&[0, 1, 2]), Tz::Naive, &[1.0, 2.0, 3.0]);
        let (idx, _) = parts_f(&run(data, speed).unwrap());
        assert_floats(&idx, &[0.0, f64::NAN, f64::NAN]);
    }

    #[test]
    fn empty_inputs_raise_index_error() {
        let empty = tz_series(&[], Tz::Naive, &[]);
        let e = run(empty.clone(), Value::Int(1)).unwrap_err();
        assert_eq!(e.type_name, "IndexError");
        let data = tz_series(&at(&[0]), Tz::Naive, &[1.0]);
        let e = run(data, empty.clone()).unwrap_err();
        assert_eq!(e.type_name, "IndexError");
        // Empty data with a speed series: no common timestamps, an empty result.
        let speed = tz_series(&at(&[0]), Tz::Naive, &[1.0]);
        let (idx, vals) = parts_f(&run(empty, speed).unwrap());
        assert!(idx.is_empty() && vals.is_empty());
    }

    #[test]
    fn duplicate_timestamps_cannot_be_reindexed() {
        let speed = tz_series(&at(&[0, 1]), Tz::Naive, &[1.0, 1.0]);
        let data = tz_series(&at(&[0, 0, 1]), Tz::Naive, &[1.0, 2.0, 3.0]);
        let e = run(data.clone(), speed).unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        assert_eq!(e.message, "cannot reindex on an axis with duplicate labels");
        // With a constant speed duplicates are fine: both get length 0.
        let (idx, vals) = parts_f(&run(data, Value::Int(2)).unwrap());
        assert_floats(&idx, &[0.0, 0.0, 2.0]);
        assert_floats(&vals, &[1.0, 2.0, 3.0]);
    }

    #[test]
    fn bad_inputs_raise_like_hetida() {
        let e = run(
            Value::Series(SeriesValue::new(
                Column::from_strings(vec![Some("nope".into())]),
                Column::from_f64(vec![1.0]),
            )),
            Value::Int(1),
        )
        .unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            ("TypeError", "indices of data must be datetime")
        );
        let data = tz_series(&at(&[0]), Tz::Naive, &[1.0]);
        let bad_speed = Value::Series(SeriesValue::new(
            Column::from_bool(vec![true]),
            Column::from_f64(vec![1.0]),
        ));
        let e = run(data.clone(), bad_speed).unwrap_err();
        assert_eq!(e.message, "indices of speed must be datetime");
        let e = run(data.clone(), Value::Str("fast".into())).unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
        assert_eq!(e.message, "'str' object has no attribute 'copy'");
        let e = run(Value::Json(json!({"a": 1})), Value::Int(1)).unwrap_err();
        assert_eq!(e.message, "'dict' object has no attribute 'index'");
        let frame = Value::Frame(FrameValue {
            index: Column::from_datetime_ns(vec![0, 1], Tz::Naive),
            columns: [("a".to_string(), Column::from_f64(vec![1.0, 2.0]))]
                .into_iter()
                .collect(),
            attrs: Default::default(),
        });
        let e = run(frame, Value::Int(1)).unwrap_err();
        assert_eq!(
            e.message,
            "Data must be 1-dimensional, got ndarray of shape (2, 1) instead"
        );
        let e = run(data.clone(), frame_speed()).unwrap_err();
        assert_eq!(e.type_name, "NotSupportedByNativeEngine");
        let strings = Value::Series(SeriesValue::new(
            Column::from_datetime_ns(vec![0], Tz::Naive),
            Column::from_strings(vec![Some("x".into())]),
        ));
        assert_eq!(run(data, strings).unwrap_err().type_name, "TypeError");
    }

    fn frame_speed() -> Value {
        Value::Frame(FrameValue {
            index: Column::from_datetime_ns(vec![0], Tz::Naive),
            columns: Default::default(),
            attrs: Default::default(),
        })
    }
}
