//! Merge DataFrames on Single Column (`a573c94f-3039-1193-b068-bc496620c6ed`): an SQL-style
//! join of two frames on one key column (pandas `DataFrame.merge`).

use super::combine_into_dataframe::{gather, keys, Key};
use super::convert_dataframe_to_multitsframe::concat_columns;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, FrameValue};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};
use std::collections::HashMap;

/// Identity and ports of Merge DataFrames on Single Column 1.0.0 (port ids: UUIDv5 of
/// `hetida:<component id>:input:<name>` / `output`, URL namespace).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "a573c94f-3039-1193-b068-bc496620c6ed",
    revision_group_id: "a573c94f-3039-1193-b068-bc496620c6ed",
    name: "Merge DataFrames on Single Column",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Merge two DataFrames on a single column",
    inputs: &[
        PortSpec::new(
            "dataframe_left",
            "86e2c64a-7b11-9732-9827-15e88d6a214b",
            DataType::DataFrame,
        ),
        PortSpec::new(
            "dataframe_right",
            "ca675bb2-34d7-52c5-bbea-abbb9f99bd70",
            DataType::DataFrame,
        ),
        PortSpec::new(
            "column_name",
            "4ecdc9db-d3e6-d64b-f42d-24f7c57b410b",
            DataType::String,
        ),
        PortSpec::new(
            "how",
            "bee98168-9c20-99cb-b5ce-f407db8f11cd",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "merged_dataframe",
        "4e6ca632-2ff6-0c17-3cd1-0522cc1bb867",
        DataType::DataFrame,
    )],
};

/// Merge DataFrames on Single Column as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Merge DataFrames on Single Column:
/// `dataframe_left.merge(dataframe_right, left_on=column_name, right_on=column_name, how=how)`.
///
/// * `how`: "inner" and "left" keep the left row order (each left row followed by its right
///   matches in right order), "right" keeps the right order, "outer" is "left" followed by
///   the right-only rows, grouped by key in the order the keys first appear on the right
///   (pandas 2.1.3 does not sort, whatever its documentation says); many-to-many keys give
///   the cartesian product per key; NaN keys match each other.
/// * Columns: the left columns (one shared key column at its left position), then the right
///   non-key columns; other names present on both sides get the suffixes `_x` / `_y`.
///   Missing entries are NaN/null/NaT (ints become floats). New RangeIndex, no attrs.
/// * Errors: KeyError for a key column missing on either side; ValueError for an invalid
///   `how` ("cross" included, as pandas refuses it together with a key) and for key columns
///   of incompatible kinds.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let left = frame(inputs, "dataframe_left")?;
    let right = frame(inputs, "dataframe_right")?;
    let key = inputs.str("column_name")?;
    let how = inputs.str("how")?;
    Ok(Outputs::single(
        "merged_dataframe",
        Value::Frame(merge(left, right, key, how)?),
    ))
}

fn frame<'a>(inputs: &'a Inputs, name: &str) -> Result<&'a FrameValue, ComponentError> {
    match inputs.value(name)? {
        Value::Frame(f) => Ok(f),
        other => Err(ComponentError::type_error(format!(
            "input '{name}' must be a dataframe, got {}",
            other.kind_name()
        ))),
    }
}

/// Row positions by key, in row order.
fn groups<'a>(ks: &[Key<'a>]) -> HashMap<Key<'a>, Vec<usize>> {
    let mut g: HashMap<Key<'a>, Vec<usize>> = HashMap::new();
    for (i, k) in ks.iter().enumerate() {
        g.entry(*k).or_default().push(i);
    }
    g
}

fn merge(
    left: &FrameValue,
    right: &FrameValue,
    key: &str,
    how: &str,
) -> Result<FrameValue, ComponentError> {
    if !matches!(how, "inner" | "left" | "right" | "outer") {
        return Err(ComponentError::value_error(format!(
            "do not recognize join method {how}"
        )));
    }
    let missing = || ComponentError::new("KeyError", format!("'{key}'"));
    let lkey = left.columns.get(key).ok_or_else(missing)?;
    let rkey = right.columns.get(key).ok_or_else(missing)?;
    let (kl, kr) = (lkey.kind(), rkey.kind());
    let numeric = |k: ColumnKind| matches!(k, ColumnKind::Int | ColumnKind::Float);
    let compatible = (numeric(kl) && numeric(kr))
        || (kl == kr && (kl != ColumnKind::Datetime || lkey.tz.is_aware() == rkey.tz.is_aware()));
    if !compatible {
        return Err(ComponentError::value_error(format!(
            "You are trying to merge on {kl:?} and {kr:?} columns for key '{key}'."
        )));
    }
    let as_float = kl == ColumnKind::Float || kr == ColumnKind::Float;
    let (lk, rk) = (keys(lkey, as_float), keys(rkey, as_float));
    let (lg, rg) = (groups(&lk), groups(&rk));
    let mut rows: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    match how {
        "inner" | "left" | "outer" => {
            for (l, k) in lk.iter().enumerate() {
                match rg.get(k) {
                    Some(rs) => rows.extend(rs.iter().map(|&r| (Some(l), Some(r)))),
                    None if how != "inner" => rows.push((Some(l), None)),
                    None => {}
                }
            }
            if how == "outer" {
                // pandas 2.1.3 does not sort: right-only keys follow, each key's rows
                // together, in the order the keys first appear on the right.
                let mut done = std::collections::HashSet::new();
                for k in &rk {
                    if !lg.contains_key(k) && done.insert(*k) {
                        rows.extend(rg[k].iter().map(|&r| (None, Some(r))));
                    }
                }
            }
        }
        _ => {
            for (r, k) in rk.iter().enumerate() {
                match lg.get(k) {
                    Some(ls) => rows.extend(ls.iter().map(|&l| (Some(l), Some(r)))),
                    None => rows.push((None, Some(r))),
                }
            }
        }
    }
    let lpos: Vec<Option<usize>> = rows.iter().map(|r| r.0).collect();
    let rpos: Vec<Option<usize>> = rows.iter().map(|r| r.1).collect();
    let key_column = if lpos.iter().all(Option::is_some) {
        gather(lkey, &lpos)?
    } else if rpos.iter().all(Option::is_some) {
        gather(rkey, &rpos)?
    } else {
        let both = concat_columns(&[lkey.clone(), rkey.clone()])?;
        let n = lkey.len();
        let take: Vec<usize> = rows
            .iter()
            .map(|&(l, r)| l.unwrap_or_else(|| n + r.expect("one side is present")))
            .collect();
        both.take(&take)
    };
    let mut columns: Vec<(String, Column)> = Vec::new();
    for (name, col) in &left.columns {
        if name == key {
            columns.push((name.clone(), key_column.clone()));
        } else {
            let out = if right.columns.contains_key(name) {
                format!("{name}_x")
            } else {
                name.clone()
            };
            columns.push((out, gather(col, &lpos)?));
        }
    }
    for (name, col) in &right.columns {
        if name == key {
            continue;
        }
        let out = if left.columns.contains_key(name) {
            format!("{name}_y")
        } else {
            name.clone()
        };
        columns.push((out, gather(col, &rpos)?));
    }
    Ok(FrameValue {
        index: Column::range(rows.len()),
        columns: columns.into_iter().collect(),
        attrs: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;

    fn strs(v: &[&str]) -> Column {
        Column::from_strings(v.iter().map(|x| Some(x.to_string())).collect())
    }

    fn df(cols: Vec<(&str, Column)>) -> Value {
        let n = cols[0].1.len();
        Value::Frame(FrameValue {
            index: Column::range(n),
            columns: cols.into_iter().map(|(k, c)| (k.to_string(), c)).collect(),
            attrs: Default::default(),
        })
    }

    fn left() -> Value {
        // k: b, a, c ; v: 1, 2, 3
        df(vec![
            ("k", strs(&["b", "a", "c"])),
            ("v", Column::from_i64(vec![1, 2, 3])),
        ])
    }

    fn right() -> Value {
        // k: a, b, b, d ; v: 10, 20, 30, 40 ; w: 0.5 ...
        df(vec![
            ("k", strs(&["a", "b", "b", "d"])),
            ("v", Column::from_i64(vec![10, 20, 30, 40])),
        ])
    }

    fn merge_how(how: &str) -> Result<FrameValue, ComponentError> {
        match run1(
            &COMPONENT,
            &[
                ("dataframe_left", left()),
                ("dataframe_right", right()),
                ("column_name", Value::Str("k".into())),
                ("how", Value::Str(how.into())),
            ],
        )? {
            Value::Frame(f) => Ok(f),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn inner_and_left_keep_left_order() {
        let f = merge_how("inner").unwrap();
        assert_eq!(f.columns.keys().collect::<Vec<_>>(), ["k", "v_x", "v_y"]);
        assert_eq!(f.index, Column::range(3));
        assert_eq!(f.columns["k"], strs(&["b", "b", "a"]));
        assert_eq!(f.columns["v_x"], Column::from_i64(vec![1, 1, 2]));
        assert_eq!(f.columns["v_y"], Column::from_i64(vec![20, 30, 10]));
        let f = merge_how("left").unwrap();
        assert_eq!(f.columns["k"], strs(&["b", "b", "a", "c"]));
        assert_floats(
            &f.columns["v_y"].f64_values().unwrap(),
            &[20.0, 30.0, 10.0, f64::NAN],
        );
    }

    #[test]
    fn right_and_outer() {
        let f = merge_how("right").unwrap();
        assert_eq!(f.columns["k"], strs(&["a", "b", "b", "d"]));
        assert_floats(
            &f.columns["v_x"].f64_values().unwrap(),
            &[2.0, 1.0, 1.0, f64::NAN],
        );
        // pandas 2.1.3: left rows in order with their matches, then right-only rows.
        let f = merge_how("outer").unwrap();
        assert_eq!(f.columns["k"], strs(&["b", "b", "a", "c", "d"]));
        assert_floats(
            &f.columns["v_x"].f64_values().unwrap(),
            &[1.0, 1.0, 2.0, 3.0, f64::NAN],
        );
        assert_floats(
            &f.columns["v_y"].f64_values().unwrap(),
            &[20.0, 30.0, 10.0, f64::NAN, 40.0],
        );
    }

    /// pandas 2.1.3's answer for these frames (NaN keys match; right-only keys grouped in
    /// order of first appearance).
    #[test]
    fn outer_keeps_pandas_2_1_row_order() {
        let l = df(vec![
            ("k", Column::from_f64(vec![3.0, 1.0, f64::NAN, 2.0])),
            ("a", Column::from_i64(vec![1, 2, 3, 4])),
        ]);
        let r = df(vec![
            (
                "k",
                Column::from_f64(vec![2.0, f64::NAN, 5.0, 1.0, 5.0, 0.0]),
            ),
            ("b", Column::from_i64(vec![10, 20, 30, 40, 50, 60])),
        ]);
        let out = run1(
            &COMPONENT,
            &[
                ("dataframe_left", l),
                ("dataframe_right", r),
                ("column_name", Value::Str("k".into())),
                ("how", Value::Str("outer".into())),
            ],
        )
        .unwrap();
        let Value::Frame(f) = out else { panic!() };
        let nan = f64::NAN;
        assert_floats(
            &f.columns["k"].f64_values().unwrap(),
            &[3.0, 1.0, nan, 2.0, 5.0, 5.0, 0.0],
        );
        assert_floats(
            &f.columns["a"].f64_values().unwrap(),
            &[1.0, 2.0, 3.0, 4.0, nan, nan, nan],
        );
        assert_floats(
            &f.columns["b"].f64_values().unwrap(),
            &[nan, 40.0, 20.0, 10.0, 30.0, 50.0, 60.0],
        );
    }

    #[test]
    fn errors() {
        let e = merge_how("cross").unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        let e = run1(
            &COMPONENT,
            &[
                ("dataframe_left", left()),
                ("dataframe_right", right()),
                ("column_name", Value::Str("x".into())),
                ("how", Value::Str("inner".into())),
            ],
        )
        .unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            ("KeyError", "'x'")
        );
        let e = run1(
            &COMPONENT,
            &[
                ("dataframe_left", left()),
                (
                    "dataframe_right",
                    df(vec![("k", Column::from_i64(vec![1]))]),
                ),
                ("column_name", Value::Str("k".into())),
                ("how", Value::Str("inner".into())),
            ],
        )
        .unwrap_err();
        assert_eq!(e.type_name, "ValueError");
    }
}
