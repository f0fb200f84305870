//! Filter (`18260aab-bdd6-af5c-cac1-7bafde85188f`): keeps the entries of a Series or
//! DataFrame whose labels are marked true in a filter series.

use crate::kernels::elementwise::{py_type, same_index};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, FrameValue, SeriesValue};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};
use std::collections::HashMap;

/// Identity and ports of Filter 1.0.0 (hetida's connector ids, workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "18260aab-bdd6-af5c-cac1-7bafde85188f",
    revision_group_id: "18260aab-bdd6-af5c-cac1-7bafde85188f",
    name: "Filter",
    category: "Basic",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Filters data by filter_series",
    inputs: &[
        PortSpec::new(
            "data",
            "ad0fb04c-fa46-f59d-5d59-054e6fc7b766",
            DataType::Any,
        ),
        PortSpec::new(
            "filter_series",
            "c84b0db5-bbe6-c5ef-a30d-79015134c4cf",
            DataType::Series,
        ),
    ],
    outputs: &[PortSpec::new(
        "filtered",
        "4309e6d9-dc4d-781c-4ef4-e2d8fa1d195c",
        DataType::Any,
    )],
};

/// Filter as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Filter: `filter_series.astype(bool)` (NaN → True, non-zero → True, empty string/None →
/// False) reindexed onto `data`'s index (labels missing from the filter → False, labels only
/// in the filter ignored) is used as a mask on `data` (Series or DataFrame), which keeps its
/// order, name, dtypes, attrs and index. Duplicate labels in the filter raise ValueError
/// unless both indexes are identical (then the mask is positional).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let data = inputs.value("data")?;
    let filter = inputs.series("filter_series")?;
    let index = match data {
        Value::Series(s) => &s.index,
        Value::Frame(f) => &f.index,
        other => {
            return Err(ComponentError::type_error(format!(
                "data must be a Series or DataFrame to be filtered, got '{}'",
                py_type(other)
            )))
        }
    };
    let truth = as_bool(&filter.values)?;
    let keep: Vec<usize> = if same_index(index, &filter.index) {
        (0..truth.len()).filter(|&i| truth[i]).collect()
    } else {
        let mask = reindex_mask(&truth, &filter.index, index)?;
        (0..mask.len()).filter(|&i| mask[i]).collect()
    };
    let out = match data {
        Value::Series(s) => Value::Series(SeriesValue {
            name: s.name.clone(),
            index: s.index.take(&keep),
            values: s.values.take(&keep),
            attrs: s.attrs.clone(),
        }),
        Value::Frame(f) => Value::Frame(FrameValue {
            index: f.index.take(&keep),
            columns: f
                .columns
                .iter()
                .map(|(k, c)| (k.clone(), c.take(&keep)))
                .collect(),
            attrs: f.attrs.clone(),
        }),
        _ => unreachable!("checked above"),
    };
    Ok(Outputs::single("filtered", out))
}

/// pandas `astype(bool)` of a column.
fn as_bool(col: &Column) -> Result<Vec<bool>, ComponentError> {
    Ok(match col.kind() {
        ColumnKind::Bool => col
            .bool_values()
            .unwrap_or_default()
            .into_iter()
            .map(|b| b.unwrap_or(false))
            .collect(),
        ColumnKind::Int if col.data.i64().is_ok() => col
            .i64_values()
            .unwrap_or_default()
            .iter()
            .map(|&x| x != 0)
            .collect(),
        ColumnKind::Int | ColumnKind::Float => col
            .f64_values()
            .unwrap_or_default()
            .iter()
            .map(|&x| x != 0.0)
            .collect(),
        ColumnKind::Str => col
            .str_values()
            .unwrap_or_default()
            .into_iter()
            .map(|s| s.is_some_and(|s| !s.is_empty()))
            .collect(),
        ColumnKind::Datetime => {
            return Err(ComponentError::type_error(
                "Cannot cast DatetimeArray to dtype bool",
            ))
        }
    })
}

/// A hashable index label; ints and floats share the float key when the indexes mix them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key<'a> {
    Int(i64),
    Float(u64),
    Time(Option<i64>),
    Str(Option<&'a str>),
}

fn keys(col: &Column, as_float: bool) -> Vec<Key<'_>> {
    match col.kind() {
        ColumnKind::Datetime => col
            .datetime_ns_opt()
            .unwrap_or_default()
            .into_iter()
            .map(Key::Time)
            .collect(),
        ColumnKind::Str => col
            .str_values()
            .unwrap_or_default()
            .into_iter()
            .map(Key::Str)
            .collect(),
        ColumnKind::Int if !as_float && col.data.i64().is_ok() => col
            .i64_values()
            .unwrap_or_default()
            .iter()
            .map(|&x| Key::Int(x))
            .collect(),
        _ => col
            .f64_values()
            .unwrap_or_default()
            .iter()
            .map(|&x| {
                // -0.0 == 0.0 and every NaN is one label.
                let x = if x == 0.0 {
                    0.0
                } else if x.is_nan() {
                    f64::NAN
                } else {
                    x
                };
                Key::Float(x.to_bits())
            })
            .collect(),
    }
}

/// The filter's truth values at `target`'s labels (False where the filter lacks a label).
fn reindex_mask(
    truth: &[bool],
    source: &Column,
    target: &Column,
) -> Result<Vec<bool>, ComponentError> {
    let is_float = |c: &Column| {
        c.kind() == ColumnKind::Float
            || (c.kind() == ColumnKind::Int && c.data.i64().is_err())
            || c.kind() == ColumnKind::Bool
    };
    let as_float = is_float(source) || is_float(target);
    // Naive and aware datetimes never match (pandas finds no label).
    let comparable_tz = source.tz.is_aware() == target.tz.is_aware();
    let mut lookup: HashMap<Key<'_>, usize> = HashMap::with_capacity(source.len());
    for (pos, key) in keys(source, as_float).into_iter().enumerate() {
        if lookup.insert(key, pos).is_some() {
            return Err(ComponentError::value_error(
                "cannot reindex on an axis with duplicate labels",
            ));
        }
    }
    if !comparable_tz {
        return Ok(vec![false; target.len()]);
    }
    Ok(keys(target, as_float)
        .into_iter()
        .map(|k| lookup.get(&k).is_some_and(|&p| truth[p]))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::compare::test_util::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::value::Tz;

    fn filter(data: Value, f: Value) -> Result<Value, ComponentError> {
        run1(&COMPONENT, &[("data", data), ("filter_series", f)])
    }

    fn bool_series(index: &[i64], v: &[bool]) -> Value {
        Value::Series(SeriesValue::new(
            Column::from_i64(index.to_vec()),
            Column::from_bool(v.to_vec()),
        ))
    }

    #[test]
    fn identical_index_keeps_true_rows_in_order() {
        let data = named(is(&[3, 1, 2], &[30, 10, 20]), "x");
        let r = filter(data, bool_series(&[3, 1, 2], &[true, false, true])).unwrap();
        let Value::Series(s) = &r else { panic!() };
        assert_eq!(s.name.as_deref(), Some("x"));
        assert_eq!(s.index.i64_values().unwrap().as_ref(), [3, 2]);
        assert_eq!(s.values.i64_values().unwrap().as_ref(), [30, 20]);
    }

    #[test]
    fn filter_is_reindexed_onto_the_data_and_nan_is_true() {
        // Label 4 only in the filter (ignored), label 0 only in the data (False),
        // NaN at label 2 → True, 0.0 at label 1 → False.
        let data = fs(&[0, 1, 2, 3], &[0.0, 1.0, 2.0, 3.0]);
        let f = fs(&[4, 3, 2, 1], &[1.0, -2.0, f64::NAN, 0.0]);
        let (idx, v) = parts(&filter(data, f).unwrap());
        assert_eq!(idx, [2, 3]);
        assert_floats(&v, &[2.0, 3.0]);
    }

    #[test]
    fn frames_and_datetime_indexes() {
        let f = Value::Frame(FrameValue {
            index: Column::from_datetime_ns(vec![0, 1_000_000_000], Tz::Utc),
            columns: [("a".to_string(), Column::from_i64(vec![1, 2]))]
                .into_iter()
                .collect(),
            attrs: Default::default(),
        });
        let mask = tz_series(&[1], Tz::Utc, &[1.0]);
        let Value::Frame(r) = filter(f.clone(), mask).unwrap() else {
            panic!()
        };
        assert_eq!(r.columns["a"], Column::from_i64(vec![2]));
        // A naive filter matches no label of an aware index.
        let naive = tz_series(&[1], Tz::Naive, &[1.0]);
        let Value::Frame(r) = filter(f, naive).unwrap() else {
            panic!()
        };
        assert_eq!(r.height(), 0);
    }

    #[test]
    fn edge_cases() {
        let (idx, _) = parts(&filter(fs(&[], &[]), fs(&[0], &[1.0])).unwrap());
        assert!(idx.is_empty());
        let e = filter(fs(&[0, 1], &[1.0, 2.0]), fs(&[1, 1], &[1.0, 1.0])).unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        let e = filter(Value::Int(1), fs(&[0], &[1.0])).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
    }
}
