//! Restrict to common Index (`ac86c25c-a510-e46e-ff3a-f9bbb4c26a24`): restricts two
//! Series/DataFrames to the labels their indexes have in common.

use crate::kernels::rows::take_rows;
use crate::kernels::series_frame::index_of;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::{Column, ColumnKind};
use rheo_core::{ComponentError, DataType};
use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::Arc;

/// Identity and ports of Restrict to common Index 1.0.0 (hetida's connector ids).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "ac86c25c-a510-e46e-ff3a-f9bbb4c26a24",
    revision_group_id: "ac86c25c-a510-e46e-ff3a-f9bbb4c26a24",
    name: "Restrict to common Index",
    category: "Index Operations",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Restrict two Pandas objects to their index intersection",
    inputs: &[
        PortSpec::new(
            "data_1",
            "5d13b456-1b44-2130-ea88-eafe4fdc1488",
            DataType::Any,
        ),
        PortSpec::new(
            "data_2",
            "e535f823-e250-af85-7f12-d41ecf5f4a78",
            DataType::Any,
        ),
    ],
    outputs: &[
        PortSpec::new(
            "data_1_restricted",
            "b8e46d8a-0bd6-b59b-246a-403d28329099",
            DataType::Any,
        ),
        PortSpec::new(
            "data_2_restricted",
            "9c547baa-6cb0-6497-71d6-769794b62043",
            DataType::Any,
        ),
    ],
};

/// Restrict to common Index as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Restrict to common Index: `common = data_1.index.intersection(data_2.index)`, then both
/// inputs selected with `.loc[common]`. Works for Series and DataFrames (name, attrs,
/// dtypes kept).
///
/// The intersection follows pandas 2.1: the unique labels of `data_1`, in order of first
/// occurrence, that occur in `data_2` (every code path of `Index.intersection` collapses
/// duplicates; with `sort=False` the order is `data_1`'s).
///
/// `.loc` then yields, for each common label in order, every row carrying it, so duplicate
/// labels produce repeated rows. Int and float labels compare by value, NaN equals NaN;
/// aware timestamps compare as instants; naive against aware timestamps, or labels of
/// different kinds (numbers vs strings vs datetimes), have no common labels.
///
/// Deviation: the selected rows keep the labels of their own input (pandas relabels them
/// with the common index, which only differs for int-vs-float or different-offset indexes).
/// Non-pandas inputs raise AttributeError ('… object has no attribute 'index'').
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let (d1, d2) = (inputs.value("data_1")?, inputs.value("data_2")?);
    let (i1, i2) = (index_of(d1, "index")?, index_of(d2, "index")?);
    let (p1, p2) = match (Keys::of(i1), Keys::of(i2)) {
        (Some(Keys::Int(a)), Some(Keys::Int(b))) => restrict(&a, &b),
        (Some(Keys::Float(a)), Some(Keys::Float(b))) => restrict(&a, &b),
        (Some(Keys::Time(a)), Some(Keys::Time(b))) if i1.tz.is_aware() == i2.tz.is_aware() => {
            restrict(&a, &b)
        }
        (Some(Keys::Str(a)), Some(Keys::Str(b))) => restrict(&a, &b),
        // Int vs float: compare as floats.
        (Some(Keys::Int(_) | Keys::Float(_)), Some(Keys::Int(_) | Keys::Float(_))) => {
            let (a, b) = (float_keys(i1), float_keys(i2));
            restrict(&a, &b)
        }
        _ => (Vec::new(), Vec::new()),
    };
    let mut out = Outputs::with_capacity(2);
    out.insert("data_1_restricted", Arc::new(take_rows(d1, &p1)));
    out.insert("data_2_restricted", Arc::new(take_rows(d2, &p2)));
    Ok(out)
}

/// Hashable label keys of one index.
enum Keys<'a> {
    Int(Vec<i64>),
    Float(Vec<u64>),
    Time(Vec<Option<i64>>),
    Str(Vec<Option<&'a str>>),
}

/// A float label as a hash key: all NaN one key, `-0.0 == 0.0`.
fn float_key(x: f64) -> u64 {
    if x.is_nan() {
        u64::MAX
    } else if x == 0.0 {
        0
    } else {
        x.to_bits()
    }
}

fn float_keys(col: &Column) -> Vec<u64> {
    let v = col.f64_values().unwrap_or_default();
    v.iter().map(|&x| float_key(x)).collect()
}

impl<'a> Keys<'a> {
    fn of(col: &'a Column) -> Option<Keys<'a>> {
        Some(match col.kind() {
            ColumnKind::Int if col.data.i64().is_ok() => Keys::Int(col.i64_values()?.into_owned()),
            ColumnKind::Int | ColumnKind::Float => Keys::Float(float_keys(col)),
            // Aware timestamps are UTC instants whatever their offset (the tz only affects
            // display), so different offsets compare correctly.
            ColumnKind::Datetime => Keys::Time(col.datetime_ns_opt()?),
            ColumnKind::Str => Keys::Str(col.str_values()?),
            ColumnKind::Bool => return None,
        })
    }
}

/// The unique keys of `a` in order of first occurrence.
fn unique<K: Copy + Eq + Hash>(a: &[K]) -> Vec<K> {
    let mut seen = HashSet::with_capacity(a.len());
    a.iter().copied().filter(|k| seen.insert(*k)).collect()
}

/// The positions `.loc[common]` selects from an index: per common label, every position
/// carrying it in order (a linked list over positions; no per-label allocation).
fn loc<K: Copy + Eq + Hash>(index: &[K], common: &[K]) -> Vec<usize> {
    const END: usize = usize::MAX;
    let mut head: HashMap<K, usize> = HashMap::with_capacity(index.len());
    let mut next = vec![END; index.len()];
    for (i, k) in index.iter().enumerate().rev() {
        if let Some(h) = head.insert(*k, i) {
            next[i] = h;
        }
    }
    let mut out = Vec::with_capacity(common.len());
    for k in common {
        let mut p = head.get(k).copied().unwrap_or(END);
        while p != END {
            out.push(p);
            p = next[p];
        }
    }
    out
}

fn restrict<K: Copy + Eq + Hash>(a: &[K], b: &[K]) -> (Vec<usize>, Vec<usize>) {
    let common: Vec<K> = if a == b {
        unique(a)
    } else if a.is_empty() || b.is_empty() {
        Vec::new()
    } else {
        let set_b: HashSet<K> = b.iter().copied().collect();
        unique(a)
            .into_iter()
            .filter(|k| set_b.contains(k))
            .collect()
    };
    (loc(a, &common), loc(b, &common))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::compare::test_util::tz_series;
    use crate::kernels::elementwise::test_util::*;
    use crate::kernels::rows::test_util::*;
    use rheo_core::value::{SeriesValue, Tz};
    use rheo_core::Value;

    fn run(a: Value, b: Value) -> (Value, Value) {
        let mut i = Inputs::new();
        i.insert("data_1", Arc::new(a));
        i.insert("data_2", Arc::new(b));
        let out = super::run(&i).unwrap();
        (
            out["data_1_restricted"].as_ref().clone(),
            out["data_2_restricted"].as_ref().clone(),
        )
    }

    #[test]
    fn unsorted_indexes_follow_data_1_order() {
        let (r1, r2) = run(
            fs(&[3, 1, 2], &[30.0, 10.0, 20.0]),
            fs(&[2, 3, 4], &[0.2, 0.3, 0.4]),
        );
        let (i1, v1) = parts(&r1);
        let (i2, v2) = parts(&r2);
        assert_eq!(i1, [3, 2]);
        assert_floats(&v1, &[30.0, 20.0]);
        assert_eq!(i2, [3, 2]);
        assert_floats(&v2, &[0.3, 0.2]);
    }

    #[test]
    fn duplicates() {
        // Not monotonic: common labels unique ([1, 2]); .loc repeats duplicate rows.
        let (r1, r2) = run(
            fs(&[2, 1, 2], &[1.0, 2.0, 3.0]),
            fs(&[1, 2, 1], &[4.0, 5.0, 6.0]),
        );
        let (i1, v1) = parts(&r1);
        assert_eq!(i1, [2, 2, 1]);
        assert_floats(&v1, &[1.0, 3.0, 2.0]);
        let (i2, v2) = parts(&r2);
        assert_eq!(i2, [2, 1, 1]);
        assert_floats(&v2, &[5.0, 4.0, 6.0]);
        // Sorted with duplicates: the intersection is still unique ([1, 2]).
        let (r1, r2) = run(
            fs(&[1, 1, 2], &[1.0, 2.0, 3.0]),
            fs(&[1, 2, 5], &[4.0, 5.0, 6.0]),
        );
        let (i1, v1) = parts(&r1);
        assert_eq!(i1, [1, 1, 2]);
        assert_floats(&v1, &[1.0, 2.0, 3.0]);
        let (i2, _) = parts(&r2);
        assert_eq!(i2, [1, 2]);
        // Identical indexes with duplicates: collapsed to unique labels first.
        let (r1, _) = run(fs(&[1, 1], &[1.0, 2.0]), fs(&[1, 1], &[3.0, 4.0]));
        assert_eq!(parts(&r1).0, [1, 1]);
    }

    #[test]
    fn empty_mixed_and_incompatible_indexes() {
        let (r1, r2) = run(fs(&[], &[]), fs(&[1], &[1.0]));
        assert!(parts(&r1).0.is_empty() && parts(&r2).0.is_empty());
        // Int and float labels compare by value.
        let float_index = Value::Series(SeriesValue::new(
            Column::from_f64(vec![2.0, f64::NAN]),
            Column::from_f64(vec![7.0, 8.0]),
        ));
        let (r1, _) = run(fs(&[1, 2], &[1.0, 2.0]), float_index);
        assert_eq!(parts(&r1).0, [2]);
        // Naive vs aware datetimes: nothing in common, no error.
        let (r1, r2) = run(
            tz_series(&[1, 2], Tz::Naive, &[1.0, 2.0]),
            tz_series(&[1, 2], Tz::Utc, &[1.0, 2.0]),
        );
        let Value::Series(r1) = r1 else { panic!() };
        let Value::Series(r2) = r2 else { panic!() };
        assert!(r1.is_empty() && r2.is_empty());
        // Different offsets compare as instants; each side keeps its own tz.
        let (r1, r2) = run(
            tz_series(&[1, 2, 3], Tz::Utc, &[1.0, 2.0, 3.0]),
            tz_series(&[3, 2], Tz::Fixed(3600), &[30.0, 20.0]),
        );
        let Value::Series(r1) = r1 else { panic!() };
        let Value::Series(r2) = r2 else { panic!() };
        assert_eq!(r1.values.f64_values().unwrap().as_ref(), [2.0, 3.0]);
        assert_eq!(r2.values.f64_values().unwrap().as_ref(), [20.0, 30.0]);
        assert_eq!(r2.index.tz, Tz::Fixed(3600));
    }

    #[test]
    fn frames_and_bad_inputs() {
        let f = frame(&[0, 1, 2], vec![("a", Column::from_i64(vec![5, 6, 7]))]);
        let (r1, r2) = run(f, fs(&[2, 0], &[1.0, 2.0]));
        assert_eq!(as_frame(&r1).columns["a"], Column::from_i64(vec![5, 7]));
        assert_eq!(parts(&r2).0, [0, 2]);
        let mut i = Inputs::new();
        i.insert("data_1", Arc::new(Value::Json(serde_json::json!({}))));
        i.insert("data_2", Arc::new(fs(&[], &[])));
        let e = super::run(&i).unwrap_err();
        assert_eq!(e.message, "'dict' object has no attribute 'index'");
    }
}
