//! Linear Interpolation numeric index (`1d53dedc-9e4a-1ccc-4dfb-3e5059f89db8`): linear
//! interpolation onto the integer grid first, first + d, …, ≤ last.

use crate::kernels::elementwise::{numeric, Num};
use crate::kernels::limits;
use crate::kernels::series_frame::{holds_no_data, index_of, rebuild, value_columns};
use crate::kernels::time_index::{interpolate_1d, LimitArea, LimitDirection};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Linear Interpolation numeric index 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "1d53dedc-9e4a-1ccc-4dfb-3e5059f89db8",
    revision_group_id: "1d53dedc-9e4a-1ccc-4dfb-3e5059f89db8",
    name: "Linear Interpolation numeric index",
    category: "Time length operations",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Calculates the linear interpolation for some distance",
    inputs: &[
        PortSpec::new(
            "data",
            "6af5afaf-96c3-fe84-6aa2-e692e4371b74",
            DataType::Any,
        ),
        PortSpec::new("d", "ad7bf640-743e-c12a-8ce4-89c263257a9f", DataType::Int),
    ],
    outputs: &[PortSpec::new(
        "interpolation",
        "e3d348d4-bad5-7e7f-b4cd-85e510717326",
        DataType::Any,
    )],
};

/// The points of Python's `range(first, stop, d)` (empty for `d <= 0` or `stop <= first`),
/// computed without overflow; more than [`limits::MAX_ELEMENTS`] points are refused with
/// numpy's MemoryError rather than allocated.
fn range_points(first: i64, stop: i128, d: i64) -> Result<Vec<i64>, ComponentError> {
    let span = stop - i128::from(first);
    if d <= 0 || span <= 0 {
        return Ok(Vec::new());
    }
    let step = i128::from(d);
    let count = (span + step - 1) / step;
    let count = limits::within(
        "the interpolation grid",
        count as u128,
        limits::MAX_ELEMENTS,
    )?;
    // Every point lies in [first, stop) and stop - 1 <= i64::MAX, so the casts are exact.
    Ok((0..count as i128)
        .map(|k| (i128::from(first) + k * step) as i64)
        .collect())
}

/// The sorted union of `range(first, stop, d)` and the integer `labels` (pandas
/// `RangeIndex(first, stop, d).union(index)`).
pub(crate) fn union_with_range(
    labels: &[i64],
    first: i64,
    stop: i64,
    d: i64,
) -> Result<Vec<i64>, ComponentError> {
    let mut u = range_points(first, i128::from(stop), d)?;
    u.extend_from_slice(labels);
    u.sort_unstable();
    u.dedup();
    Ok(u)
}

/// Checks the integer index and step shared by both numeric-index components; returns the
/// labels.
pub(crate) fn int_labels<'a>(
    index: &'a Column,
    d: i64,
) -> Result<std::borrow::Cow<'a, [i64]>, ComponentError> {
    if index.kind() != ColumnKind::Int {
        return Err(ComponentError::type_error(
            "RangeIndex(...) must be called with integers",
        ));
    }
    if d == 0 {
        return Err(ComponentError::value_error("Step must not be zero"));
    }
    let labels = index.i64_values().unwrap_or_default();
    let mut seen = labels.to_vec();
    seen.sort_unstable();
    if seen.windows(2).any(|w| w[0] == w[1]) {
        return Err(ComponentError::value_error(
            "cannot reindex on an axis with duplicate labels",
        ));
    }
    Ok(labels)
}

/// The grid `range(first, last + 1, d)` (empty for negative `d` or `last < first`).
pub(crate) fn out_grid(first: i64, last: i64, d: i64) -> Result<Vec<i64>, ComponentError> {
    range_points(first, i128::from(last) + 1, d)
}

/// Linear Interpolation numeric index as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Linear Interpolation numeric index: empty data are returned unchanged. Otherwise the
/// data (Series or every DataFrame column) are reindexed onto the sorted union of the index
/// and `range(index[0], index[-1], d)`, interpolated with `method="index"` (numpy `interp`
/// on the index values: linear between the nearest valid neighbours, NaNs of the input are
/// filled too, NaNs after the last valid value get that value, leading NaNs stay), and read
/// off at `range(index[0], index[-1] + 1, d)`. The data are not sorted: first and last are
/// positional. Output: int64 index; float64 values (int data stay int when no new label was
/// added); name/columns/attrs kept.
///
/// Errors: non-integer index → TypeError "RangeIndex(...) must be called with integers";
/// `d == 0` → ValueError "Step must not be zero"; duplicate labels → ValueError "cannot
/// reindex on an axis with duplicate labels"; non-numeric data → TypeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let shared = inputs.shared("data")?;
    let data = shared.as_ref();
    let index = index_of(data, "index")?;
    if holds_no_data(data, index) {
        let mut out = Outputs::with_capacity(1);
        out.insert("interpolation", shared.clone());
        return Ok(out);
    }
    let d = inputs.int("d")?;
    let labels = int_labels(index, d)?;
    let (first, last) = (labels[0], labels[labels.len() - 1]);
    let union = union_with_range(&labels, first, last, d)?;
    let grid = out_grid(first, last, d)?;
    // Position of every label / grid point in the union.
    let pos_of = |x: i64| union.binary_search(&x).ok();
    let label_pos: Vec<usize> = labels.iter().map(|&l| pos_of(l).unwrap_or(0)).collect();
    let grid_pos: Vec<usize> = grid.iter().map(|&g| pos_of(g).unwrap_or(0)).collect();
    let new_labels = union.len() != labels.len();
    let xs: Vec<f64> = union.iter().map(|&x| x as f64).collect();
    let columns = value_columns(data)
        .into_iter()
        .map(|c| {
            let num = numeric(c, "interpolate")?;
            if let (Num::Int(v), false) = (&num, new_labels) {
                let mut u = vec![0i64; union.len()];
                for (i, &p) in label_pos.iter().enumerate() {
                    u[p] = v[i];
                }
                return Ok(Column::from_i64(grid_pos.iter().map(|&p| u[p]).collect()));
            }
            let v = num.to_f64();
            let mut u = vec![f64::NAN; union.len()];
            for (i, &p) in label_pos.iter().enumerate() {
                u[p] = v[i];
            }
            interpolate_1d(
                &mut u,
                |i| xs[i],
                LimitDirection::Forward,
                LimitArea::Any,
                None,
            );
            Ok(Column::from_f64(grid_pos.iter().map(|&p| u[p]).collect()))
        })
        .collect::<Result<Vec<_>, ComponentError>>()?;
    let out = rebuild(data, Column::from_i64(grid), columns);
    Ok(Outputs::single("interpolation", out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::{assert_floats, fs, is, parts, run1};
    use rheo_core::Value;

    fn run(data: Value, d: i64) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", data), ("d", Value::Int(d))])
    }

    #[test]
    fn spec_example() {
        let out = run(fs(&[2, 3, 5, 6, 9], &[1.2, 7.2, 2.8, 8.0, 10.8]), 2).unwrap();
        let (idx, v) = parts(&out);
        assert_eq!(idx, vec![2, 4, 6, 8]);
        assert_floats(&v, &[1.2, 5.0, 8.0, 8.0 + 2.8 * 2.0 / 3.0]);
    }

    #[test]
    fn nan_values_are_filled_and_grid_includes_aligned_last() {
        let out = run(fs(&[0, 1, 2, 4], &[0.0, f64::NAN, 2.0, f64::NAN]), 2).unwrap();
        let (idx, v) = parts(&out);
        assert_eq!(idx, vec![0, 2, 4]);
        // trailing NaN at 4 gets the last valid value
        assert_floats(&v, &[0.0, 2.0, 2.0]);
        let (idx, v) = parts(&run(fs(&[0, 4], &[f64::NAN, 4.0]), 1).unwrap());
        assert_eq!(idx, vec![0, 1, 2, 3, 4]);
        assert_floats(&v, &[f64::NAN, f64::NAN, f64::NAN, f64::NAN, 4.0]);
    }

    #[test]
    fn empty_single_point_and_int_data() {
        let empty = fs(&[], &[]);
        assert_eq!(run(empty.clone(), 3).unwrap(), empty);
        let (idx, v) = parts(&run(fs(&[7], &[1.5]), 3).unwrap());
        assert_eq!((idx, v), (vec![7], vec![1.5]));
        let Value::Series(s) = run(is(&[0, 1, 2], &[5, 6, 7]), 1).unwrap() else {
            panic!()
        };
        assert_eq!(s.values.i64_values().unwrap().as_ref(), &[5, 6, 7]);
        let (_, v) = parts(&run(is(&[0, 2], &[0, 3]), 1).unwrap());
        assert_floats(&v, &[0.0, 1.5, 3.0]);
    }

    #[test]
    fn errors() {
        assert_eq!(
            run(fs(&[1, 1], &[1.0, 2.0]), 1).unwrap_err().message,
            "cannot reindex on an axis with duplicate labels"
        );
        assert_eq!(
            run(fs(&[1, 2], &[1.0, 2.0]), 0).unwrap_err().message,
            "Step must not be zero"
        );
        let dt = crate::kernels::time_index::test_support::dts(
            &["2020-01-01"],
            &[1.0],
            rheo_core::value::Tz::Naive,
        );
        assert_eq!(run(dt, 1).unwrap_err().type_name, "TypeError");
    }
}
