//! Linear Interpolation Datetime Index (`0362dc9d-9861-b2c2-e26b-2a42909346bf`): upsamples
//! onto a regular time grid and fills it by linear interpolation
//! (`data.resample(t).interpolate()`).

use crate::kernels::elementwise::{numeric, Num};
use crate::kernels::series_frame::{index_of, rebuild, value_columns};
use crate::kernels::time_index::{
    interpolate_1d, resample_frequency, resample_grid, to_datetime_index, tz_offset_ns, LimitArea,
    LimitDirection,
};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::Column;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Linear Interpolation Datetime Index 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "0362dc9d-9861-b2c2-e26b-2a42909346bf",
    revision_group_id: "0362dc9d-9861-b2c2-e26b-2a42909346bf",
    name: "Linear Interpolation Datetime Index",
    category: "Time length operations",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculates the linear interpolation for some time frequency",
    inputs: &[
        PortSpec::new(
            "data",
            "a3251e66-0eef-65a4-afb2-484b688d157d",
            DataType::Any,
        ),
        PortSpec::new(
            "t",
            "c6ad04d9-4230-d6a3-c4db-f83a0f52a4af",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "interpolation",
        "d6e26a17-024e-a6ce-a4aa-8af713780960",
        DataType::Any,
    )],
};

/// Linear Interpolation Datetime Index as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Linear Interpolation Datetime Index, pandas 2.1 semantics of
/// `data.resample(t).interpolate()` after `pd.to_datetime` on a copy of the index:
/// * NaT labels are ignored; the data are sorted by time (stable); the grid runs from the bin holding the first
///   timestamp (origin = local midnight of its day) in steps of `t` while ≤ the last one;
/// * only values at timestamps lying **exactly** on grid labels are taken (points between
///   grid labels are ignored, the pandas < 2.2 behaviour), NaN elsewhere;
/// * NaNs are filled linearly by grid position (numpy `interp`), NaNs after the last valid
///   grid value get that value, leading NaNs stay NaN.
///
/// Quirk kept from pandas 2.1 (`_upsample` shortcut): when the sorted data have at least 3
/// points, a constant step equal to `t` and exactly as many points as the grid, their values
/// are copied positionally onto the grid labels even if the timestamps are off-grid.
///
/// Output: float64 (int data stay int only when every grid label has a value); name,
/// columns, attrs and timezone kept. Empty data give an empty result.
///
/// Errors: TypeError "indices of data must be datetime"; ValueError "t could not be parsed
/// as frequency: t" for invalid frequencies and — because hetida wraps every ValueError of
/// the resampling this way — for duplicate timestamps (pandas cannot reindex them).
/// Non-numeric columns raise TypeError. Calendar frequencies are not supported natively.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    let t = inputs.str("t")?;
    let index = to_datetime_index(index_of(data, "index")?, "indices of data must be datetime")?;
    let freq = resample_frequency(t)?;
    let raw_ns = index.datetime_ns().unwrap_or_default();
    // NaT labels take no part in resampling (pandas drops them from the bins).
    let has_nat = index.has_nulls();
    let valid = |i: usize| !has_nat || raw_ns[i] != i64::MIN;
    // Stable sort (only when needed) of the non-NaT points.
    let order: Option<Vec<usize>> = if has_nat || raw_ns.windows(2).any(|w| w[0] > w[1]) {
        let mut o: Vec<usize> = (0..raw_ns.len()).filter(|&i| valid(i)).collect();
        o.sort_by_key(|&i| raw_ns[i]);
        Some(o)
    } else {
        None
    };
    let ns: Vec<i64>;
    let ns_ref: &[i64] = match &order {
        Some(o) => {
            ns = o.iter().map(|&i| raw_ns[i]).collect();
            &ns
        }
        None => &raw_ns,
    };
    if ns_ref.windows(2).any(|w| w[0] == w[1]) {
        return Err(ComponentError::value_error(format!(
            "t could not be parsed as frequency: {t}"
        )));
    }
    let cols = value_columns(data);
    let nums = cols
        .iter()
        .map(|c| numeric(c, "interpolate"))
        .collect::<Result<Vec<_>, _>>()?;
    if ns_ref.is_empty() {
        let out = rebuild(
            data,
            Column::from_datetime_ns(Vec::new(), index.tz),
            nums.into_iter().map(|n| n.into_column()).collect(),
        );
        return Ok(Outputs::single("interpolation", out));
    }
    let (start, n) = resample_grid(
        ns_ref[0],
        ns_ref[ns_ref.len() - 1],
        freq,
        tz_offset_ns(index.tz),
    );
    // pandas shortcut: data whose inferred frequency equals `t` (≥ 3 points, constant
    // step `t`) and that has as many points as the grid are copied positionally, even
    // when they are not aligned with the grid labels.
    let same_freq =
        ns_ref.len() >= 3 && ns_ref.len() == n && ns_ref.windows(2).all(|w| w[1] - w[0] == freq);
    // Grid slot of every (sorted) point lying exactly on a label.
    let mut slot_of = Vec::with_capacity(ns_ref.len());
    let mut hits = 0usize;
    for (i, &x) in ns_ref.iter().enumerate() {
        let d = x - start;
        if same_freq {
            slot_of.push(i);
            hits += 1;
        } else if d % freq == 0 {
            slot_of.push((d / freq) as usize);
            hits += 1;
        } else {
            slot_of.push(usize::MAX);
        }
    }
    let columns = nums
        .iter()
        .map(|num| {
            let pick = |i: usize| order.as_ref().map_or(i, |o| o[i]);
            if let (Num::Int(v), true) = (num, hits == n) {
                let mut g = vec![0i64; n];
                for (i, &s) in slot_of.iter().enumerate() {
                    if s != usize::MAX {
                        g[s] = v[pick(i)];
                    }
                }
                return Column::from_i64(g);
            }
            let v = num.to_f64();
            let g = grid_interpolate(&slot_of, |i| v[pick(i)], n);
            Column::from_f64(g)
        })
        .collect();
    let labels: Vec<i64> = (0..n as i64).map(|k| start + k * freq).collect();
    let out = rebuild(data, Column::from_datetime_ns(labels, index.tz), columns);
    Ok(Outputs::single("interpolation", out))
}

/// Places the values whose grid slot is known (`slot_of[i] != usize::MAX`) on a grid of `n`
/// labels and fills the rest like pandas' `interpolate()` (linear by position, forward).
pub fn grid_interpolate(slot_of: &[usize], value: impl Fn(usize) -> f64, n: usize) -> Vec<f64> {
    let mut g = vec![f64::NAN; n];
    for (i, &s) in slot_of.iter().enumerate() {
        if s != usize::MAX {
            g[s] = value(i);
        }
    }
    interpolate_1d(
        &mut g,
        |i| i as f64,
        LimitDirection::Forward,
        LimitArea::Any,
        None,
    );
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::{assert_floats, run1};
    use crate::kernels::time_index::test_support::{dparts, dts, ts};
    use rheo_core::value::{SeriesValue, Tz};
    use rheo_core::Value;

    fn run(data: Value, t: &str) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", data), ("t", Value::Str(t.into()))])
    }

    #[test]
    fn documentation_example_in_seconds() {
        let data = dts(
            &[
                "2019-08-01T15:20:12",
                "2019-08-01T15:20:14",
                "2019-08-01T15:20:15",
                "2019-08-01T15:20:20",
            ],
            &[1.2, 7.2, 0.3, 0.5],
            Tz::Naive,
        );
        let (idx, v, _) = dparts(&run(data, "s").unwrap());
        assert_eq!(idx.len(), 9);
        assert_eq!(idx[0], ts("2019-08-01T15:20:12"));
        assert_eq!(idx[8], ts("2019-08-01T15:20:20"));
        // 15:20:13 = (1.2+7.2)/2; 16..19 = 0.3 + k*0.04
        assert_floats(&v, &[1.2, 4.2, 7.2, 0.3, 0.34, 0.38, 0.42, 0.46, 0.5]);
    }

    #[test]
    fn off_grid_points_are_ignored_and_tail_is_forward_filled() {
        // spec example: 12h grid; 15:20:14 and 08-04 15:20:20 are off grid.
        let data = dts(
            &[
                "2019-08-01T00:00:00Z",
                "2019-08-01T15:20:14Z",
                "2019-08-03T00:00:00Z",
                "2019-08-04T15:20:20Z",
            ],
            &[1.2, 7.2, 0.3, 0.5],
            Tz::Utc,
        );
        let (idx, v, tz) = dparts(&run(data, "12h").unwrap());
        assert_eq!(tz, Tz::Utc);
        assert_eq!(idx.len(), 8);
        assert_eq!(idx[7], ts("2019-08-04T12:00:00Z"));
        let expected = [1.2, 0.975, 0.75, 0.525, 0.3, 0.3, 0.3, 0.3];
        assert_floats(&v, &expected);
    }

    #[test]
    fn leading_nans_stay_and_nan_values_are_interpolated() {
        // First point off grid (00:00:30 with 1 min grid from 00:00) → leading NaN.
        let data = dts(
            &[
                "2020-01-01T00:00:30",
                "2020-01-01T00:01:00",
                "2020-01-01T00:02:00",
                "2020-01-01T00:03:00",
            ],
            &[9.0, 1.0, f64::NAN, 5.0],
            Tz::Naive,
        );
        let (idx, v, _) = dparts(&run(data, "T").unwrap());
        assert_eq!(idx[0], ts("2020-01-01T00:00:00"));
        assert_floats(&v, &[f64::NAN, 1.0, 3.0, 5.0]);
    }

    #[test]
    fn unsorted_input_is_sorted_single_point_and_empty() {
        let data = dts(
            &["2020-01-01T00:02:00", "2020-01-01T00:00:00"],
            &[2.0, 0.0],
            Tz::Naive,
        );
        let (_, v, _) = dparts(&run(data, "T").unwrap());
        assert_floats(&v, &[0.0, 1.0, 2.0]);
        let one = dts(&["2020-01-01T00:02:00"], &[2.0], Tz::Naive);
        let (idx, v, _) = dparts(&run(one, "T").unwrap());
        assert_eq!(idx, vec![ts("2020-01-01T00:02:00")]);
        assert_floats(&v, &[2.0]);
        let (idx, _, _) = dparts(&run(dts(&[], &[], Tz::Naive), "T").unwrap());
        assert!(idx.is_empty());
    }

    #[test]
    fn int_values_stay_int_only_on_a_full_grid() {
        let s = |labels: &[&str], vals: Vec<i64>| {
            Value::Series(SeriesValue::new(
                Column::from_datetime_ns(labels.iter().map(|l| ts(l)).collect(), Tz::Naive),
                Column::from_i64(vals),
            ))
        };
        let Value::Series(full) = run(
            s(&["2020-01-01T00:00:00", "2020-01-01T00:01:00"], vec![1, 2]),
            "T",
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(full.values.i64_values().unwrap().as_ref(), &[1, 2]);
        let Value::Series(gap) = run(
            s(&["2020-01-01T00:00:00", "2020-01-01T00:02:00"], vec![1, 2]),
            "T",
        )
        .unwrap() else {
            panic!()
        };
        assert_floats(&gap.values.f64_values().unwrap(), &[1.0, 1.5, 2.0]);
    }

    #[test]
    fn regular_off_grid_data_are_copied_positionally() {
        let data = dts(
            &[
                "2020-01-01T00:00:00.5",
                "2020-01-01T00:00:01.5",
                "2020-01-01T00:00:02.5",
            ],
            &[1.0, f64::NAN, 3.0],
            Tz::Naive,
        );
        let (idx, v, _) = dparts(&run(data, "s").unwrap());
        assert_eq!(
            idx,
            vec![
                ts("2020-01-01T00:00:00"),
                ts("2020-01-01T00:00:01"),
                ts("2020-01-01T00:00:02")
            ]
        );
        assert_floats(&v, &[1.0, 2.0, 3.0]);
        // only two points: no inferred frequency → off-grid values are dropped
        let two = dts(
            &["2020-01-01T00:00:00.5", "2020-01-01T00:00:01.5"],
            &[1.0, 2.0],
            Tz::Naive,
        );
        let (_, v, _) = dparts(&run(two, "s").unwrap());
        assert_floats(&v, &[f64::NAN, f64::NAN]);
    }

    #[test]
    fn nat_labels_are_ignored() {
        let data = Value::Series(SeriesValue::new(
            Column::from_opt_datetime_ns(
                vec![
                    Some(ts("2020-01-01T00:00:00")),
                    None,
                    Some(ts("2020-01-01T00:02:00")),
                ],
                Tz::Naive,
            ),
            Column::from_f64(vec![0.0, 99.0, 2.0]),
        ));
        let (idx, v, _) = dparts(&run(data, "T").unwrap());
        assert_eq!(idx.len(), 3);
        assert_floats(&v, &[0.0, 1.0, 2.0]);
    }

    #[test]
    fn duplicates_and_bad_inputs_raise() {
        let dup = dts(&["2020-01-01", "2020-01-01"], &[1.0, 2.0], Tz::Naive);
        assert_eq!(
            run(dup, "H").unwrap_err().message,
            "t could not be parsed as frequency: H"
        );
        let data = dts(&["2020-01-01"], &[1.0], Tz::Naive);
        assert_eq!(run(data, "xyz").unwrap_err().type_name, "ValueError");
        let e = run(Value::Float(1.0), "H").unwrap_err();
        assert_eq!(e.type_name, "AttributeError");
    }
}
