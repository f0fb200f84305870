//! Resample Numeric Index using Mean (`015d7a72-f9c3-8a14-dde8-3aa59b2e9f10`): centered
//! moving means read off on the integer grid first, first + d, …, ≤ last.

use super::linear_interpolation_numeric_index::{int_labels, out_grid, union_with_range};
use crate::kernels::elementwise::numeric;
use crate::kernels::series_frame::{holds_no_data, index_of, rebuild, value_columns};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::Column;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Resample Numeric Index using Mean 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "015d7a72-f9c3-8a14-dde8-3aa59b2e9f10",
    revision_group_id: "015d7a72-f9c3-8a14-dde8-3aa59b2e9f10",
    name: "Resample Numeric Index using Mean",
    category: "Time length operations",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Resamples data with given distances using mean",
    inputs: &[
        PortSpec::new(
            "data",
            "5bb39fa6-528e-ea48-7c50-1f426304f6de",
            DataType::Any,
        ),
        PortSpec::new("d", "731e06a1-a060-a3bf-ae0b-070a10dbfcb7", DataType::Int),
    ],
    outputs: &[PortSpec::new(
        "resampled",
        "ef508b0e-e6ba-a3a0-e307-92742ee2908a",
        DataType::Any,
    )],
};

/// Resample Numeric Index using Mean as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Resample Numeric Index using Mean (intended behaviour): empty data are returned
/// unchanged; an unsorted index raises ValueError "data must be sorted by its index". The
/// data are reindexed onto the sorted union of the index and `range(first, last, d)`
/// (grid-only rows hold NaN), a **positional** centered `rolling(d, min_periods=1,
/// center=True).mean()` is computed on that merged sequence (for odd d the window holds
/// rows i − (d−1)/2 … i + (d−1)/2, for even d rows i − d/2 … i + d/2 − 1; pandas' online
/// Kahan mean) and read off at `range(first, last + 1, d)`. Output: int64 index,
/// float64 values; name/columns/attrs kept.
///
/// Errors: non-integer index → TypeError; `d == 0` → ValueError "Step must not be zero";
/// negative `d` → ValueError "window must be an integer 0 or greater"; duplicate labels →
/// ValueError "cannot reindex on an axis with duplicate labels"; non-numeric data → TypeError.
///
/// Deviation: hetida 0.9.8 calls the removed `Index.is_monotonic` and fails for every
/// non-empty input; Rheo implements the intended behaviour.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let shared = inputs.shared("data")?;
    let data = shared.as_ref();
    let index = index_of(data, "index")?;
    if holds_no_data(data, index) {
        let mut out = Outputs::with_capacity(1);
        out.insert("resampled", shared.clone());
        return Ok(out);
    }
    if let Some(v) = index.i64_values() {
        if v.windows(2).any(|w| w[0] > w[1]) {
            return Err(ComponentError::value_error(
                "data must be sorted by its index",
            ));
        }
    }
    let d = inputs.int("d")?;
    let labels = int_labels(index, d)?;
    if d < 0 {
        return Err(ComponentError::value_error(
            "window must be an integer 0 or greater",
        ));
    }
    let (first, last) = (labels[0], labels[labels.len() - 1]);
    let union = union_with_range(&labels, first, last, d)?;
    let grid = out_grid(first, last, d)?;
    let pos_of = |x: i64| union.binary_search(&x).unwrap_or(0);
    let grid_pos: Vec<usize> = grid.iter().map(|&g| pos_of(g)).collect();
    let columns = value_columns(data)
        .into_iter()
        .map(|c| {
            let v = numeric(c, "mean")?.to_f64().into_owned();
            let mut u = vec![f64::NAN; union.len()];
            for (i, &l) in labels.iter().enumerate() {
                u[pos_of(l)] = v[i];
            }
            let m = centered_rolling_mean(&u, d as usize);
            Ok(Column::from_f64(grid_pos.iter().map(|&p| m[p]).collect()))
        })
        .collect::<Result<Vec<_>, ComponentError>>()?;
    let out = rebuild(data, Column::from_i64(grid), columns);
    Ok(Outputs::single("resampled", out))
}

/// pandas `rolling(w, min_periods=1, center=True).mean()`: window bounds of the fixed
/// indexer with offset (w − 1) / 2, and pandas' online mean (`roll_mean`: Kahan add/remove,
/// same-value run and sign corrections).
pub fn centered_rolling_mean(values: &[f64], w: usize) -> Vec<f64> {
    let n = values.len();
    let offset = w.saturating_sub(1) / 2;
    let bounds = |i: usize| -> (usize, usize) {
        let end = (i + 1 + offset).min(n);
        let start = (i + 1 + offset).saturating_sub(w).min(n);
        (start, end)
    };
    let mut out = vec![f64::NAN; n];
    let (mut sum, mut comp_add, mut comp_rem) = (0.0f64, 0.0f64, 0.0f64);
    let (mut nobs, mut neg_ct, mut same) = (0i64, 0i64, 0i64);
    let mut prev = f64::NAN;
    let add = |v: f64,
               nobs: &mut i64,
               sum: &mut f64,
               neg: &mut i64,
               comp: &mut f64,
               same: &mut i64,
               prev: &mut f64| {
        if !v.is_nan() {
            *nobs += 1;
            let y = v - *comp;
            let t = *sum + y;
            *comp = t - *sum - y;
            *sum = t;
            if v.is_sign_negative() {
                *neg += 1;
            }
            if v == *prev {
                *same += 1;
            } else {
                *same = 1;
            }
            *prev = v;
        }
    };
    let remove = |v: f64, nobs: &mut i64, sum: &mut f64, neg: &mut i64, comp: &mut f64| {
        if !v.is_nan() {
            *nobs -= 1;
            let y = -v - *comp;
            let t = *sum + y;
            *comp = t - *sum - y;
            *sum = t;
            if v.is_sign_negative() {
                *neg -= 1;
            }
        }
    };
    let (mut ps, mut pe) = (0usize, 0usize);
    for (i, o) in out.iter_mut().enumerate() {
        let (s, e) = bounds(i);
        if i == 0 || s >= pe {
            comp_add = 0.0;
            comp_rem = 0.0;
            sum = 0.0;
            nobs = 0;
            neg_ct = 0;
            prev = if s < n { values[s] } else { f64::NAN };
            same = 0;
            for &v in &values[s..e] {
                add(
                    v,
                    &mut nobs,
                    &mut sum,
                    &mut neg_ct,
                    &mut comp_add,
                    &mut same,
                    &mut prev,
                );
            }
        } else {
            for &v in &values[ps..s] {
                remove(v, &mut nobs, &mut sum, &mut neg_ct, &mut comp_rem);
            }
            for &v in &values[pe..e] {
                add(
                    v,
                    &mut nobs,
                    &mut sum,
                    &mut neg_ct,
                    &mut comp_add,
                    &mut same,
                    &mut prev,
                );
            }
        }
        if nobs >= 1 {
            let mut r = sum / nobs as f64;
            if same >= nobs {
                r = prev;
            } else if (neg_ct == 0 && r < 0.0) || (neg_ct == nobs && r > 0.0) {
                // pandas clamps sign errors of the online sum.
                r = 0.0;
            }
            *o = r;
        }
        ps = s;
        pe = e;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::{assert_floats, fs, parts, run1};
    use rheo_core::Value;

    fn run(data: Value, d: i64) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", data), ("d", Value::Int(d))])
    }

    #[test]
    fn spec_example() {
        let (idx, v) = parts(&run(fs(&[2, 3, 5, 6, 9], &[1.2, 7.2, 2.8, 8.0, 10.8]), 3).unwrap());
        assert_eq!(idx, vec![2, 5, 8]);
        assert_floats(&v, &[4.2, 6.0, 9.4]);
    }

    #[test]
    fn even_window_covers_i_minus_half_to_i_minus_one_plus_half() {
        // d = 2: union 0,1,2,3,4 (all data); windows (i-1, i).
        let (idx, v) =
            parts(&run(fs(&[0, 1, 2, 3, 4], &[1.0, 3.0, 5.0, f64::NAN, 9.0]), 2).unwrap());
        assert_eq!(idx, vec![0, 2, 4]);
        // pos0: [1] → 1; pos2: [3,5] → 4; pos4: [NaN, 9] → 9
        assert_floats(&v, &[1.0, 4.0, 9.0]);
    }

    #[test]
    fn empty_single_unsorted_and_errors() {
        let empty = fs(&[], &[]);
        assert_eq!(run(empty.clone(), 2).unwrap(), empty);
        let (idx, v) = parts(&run(fs(&[4], &[2.5]), 2).unwrap());
        assert_eq!((idx, v), (vec![4], vec![2.5]));
        assert_eq!(
            run(fs(&[3, 1], &[1.0, 2.0]), 1).unwrap_err().message,
            "data must be sorted by its index"
        );
        assert_eq!(
            run(fs(&[1, 2], &[1.0, 2.0]), 0).unwrap_err().message,
            "Step must not be zero"
        );
        assert_eq!(
            run(fs(&[1, 1], &[1.0, 2.0]), 1).unwrap_err().message,
            "cannot reindex on an axis with duplicate labels"
        );
    }

    #[test]
    fn rolling_mean_matches_pandas_special_cases() {
        // constant run → exactly the value; all-NaN window → NaN
        let m = centered_rolling_mean(&[0.1, 0.1, 0.1, f64::NAN, f64::NAN, f64::NAN], 3);
        assert_floats(&m, &[0.1, 0.1, 0.1, 0.1, f64::NAN, f64::NAN]);
    }
}
