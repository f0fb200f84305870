//! Combine into DataFrame (`68f91351-a1f5-9959-414a-2c72003f3226`): adds a series as a new
//! column to a frame (or to a series turned into a frame). Also holds the column-assignment
//! kernel shared with Combine as named column into DataFrame.

use super::convert_series_to_dataframe::series_to_frame;
use crate::kernels::elementwise::same_index;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, FrameValue, SeriesValue};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};
use std::collections::HashMap;

/// Identity and ports of Combine into DataFrame 1.0.0 (hetida's connector ids,
/// workflows.md Appendix A).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "68f91351-a1f5-9959-414a-2c72003f3226",
    revision_group_id: "68f91351-a1f5-9959-414a-2c72003f3226",
    name: "Combine into DataFrame",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Combine data into a DataFrame",
    inputs: &[
        PortSpec::new(
            "series",
            "15637612-6dc7-4f55-7b5b-83c9fdac8579",
            DataType::Series,
        ),
        PortSpec::new(
            "series_or_dataframe",
            "3e68b069-390e-cf1f-5916-101b7fe4cf4a",
            DataType::Any,
        ),
    ],
    outputs: &[PortSpec::new(
        "dataframe",
        "cbf856b7-faf7-3079-d8e8-3b666d6f9d84",
        DataType::DataFrame,
    )],
};

/// Combine into DataFrame as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Combine into DataFrame: `series` added as a column to `series_or_dataframe`, the column
/// name derived from the series name: unnamed → the first of `"0"`, `"1"`, … not yet a
/// column; a name already taken → `name_i` with the smallest free `i >= 1`; otherwise the
/// name itself. Alignment as in `assign_column`.
///
/// Deviation: hetida adds the column to the caller's frame in place; Rheo returns a new
/// frame (columns shared, not copied) and the upstream frame is unchanged.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let series = inputs.series("series")?;
    let mut frame = frame_of(inputs.value("series_or_dataframe")?)?;
    let taken = |c: &str| frame.columns.contains_key(c);
    let column = match &series.name {
        None => (0..)
            .map(|i: usize| i.to_string())
            .find(|c| !taken(c))
            .expect("a free number exists"),
        Some(n) if taken(n) => (1..)
            .map(|i: usize| format!("{n}_{i}"))
            .find(|c| !taken(c))
            .expect("a free suffix exists"),
        Some(n) => n.clone(),
    };
    assign_column(&mut frame, column, series)?;
    Ok(Outputs::single("dataframe", Value::Frame(frame)))
}

/// The frame to add a column to: a DataFrame as is, a Series as its one-column frame
/// (`to_frame`); anything else raises hetida's TypeError.
pub(crate) fn frame_of(v: &Value) -> Result<FrameValue, ComponentError> {
    match v {
        Value::Frame(f) => Ok(f.clone()),
        Value::Series(s) => Ok(series_to_frame(s)),
        _ => Err(ComponentError::type_error(
            "series_or_dataframe must be a pandas Series or pandas DataFrame.",
        )),
    }
}

/// `frame[column] = series`: a left join onto the frame's index — positional when both
/// indexes are identical, otherwise the series is reindexed to the frame's labels (missing
/// labels → NaN/null/NaT, ints become floats; duplicate series labels raise ValueError). An
/// existing column is overwritten in place, a new one is appended. A frame without rows
/// adopts the series' index (its other columns become all-missing), as pandas does.
pub(crate) fn assign_column(
    frame: &mut FrameValue,
    column: String,
    series: &SeriesValue,
) -> Result<(), ComponentError> {
    if frame.height() == 0 && !series.is_empty() {
        let none = vec![None; series.len()];
        for col in frame.columns.values_mut() {
            *col = gather(col, &none)?;
        }
        frame.index = series.index.clone();
        frame.columns.insert(column, series.values.clone());
        return Ok(());
    }
    let values = if same_index(&frame.index, &series.index) {
        series.values.clone()
    } else {
        let positions = reindex_positions(&series.index, &frame.index)?;
        gather(&series.values, &positions)?
    };
    frame.columns.insert(column, values);
    Ok(())
}

/// A hashable index label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Key<'a> {
    Int(i64),
    Float(u64),
    Str(Option<&'a str>),
    Time(Option<i64>),
    Bool(Option<bool>),
}

fn float_key(x: f64) -> Key<'static> {
    let x = if x == 0.0 { 0.0 } else { x };
    Key::Float(if x.is_nan() {
        f64::NAN.to_bits()
    } else {
        x.to_bits()
    })
}

/// The labels of an index as keys (ints as floats when `as_float`).
pub(crate) fn keys(col: &Column, as_float: bool) -> Vec<Key<'_>> {
    match col.kind() {
        ColumnKind::Int if !as_float => col
            .i64_values()
            .expect("int")
            .iter()
            .map(|&i| Key::Int(i))
            .collect(),
        ColumnKind::Int | ColumnKind::Float => col
            .f64_values()
            .expect("numeric")
            .iter()
            .map(|&x| float_key(x))
            .collect(),
        ColumnKind::Str => col
            .str_values()
            .expect("str")
            .into_iter()
            .map(Key::Str)
            .collect(),
        ColumnKind::Datetime => col
            .datetime_ns_opt()
            .expect("datetime")
            .into_iter()
            .map(Key::Time)
            .collect(),
        ColumnKind::Bool => col
            .bool_values()
            .expect("bool")
            .into_iter()
            .map(Key::Bool)
            .collect(),
    }
}

/// For every label of `target`, its position in `source` (`None` when absent).
pub(crate) fn reindex_positions(
    source: &Column,
    target: &Column,
) -> Result<Vec<Option<usize>>, ComponentError> {
    let (ks, kt) = (source.kind(), target.kind());
    let numeric = |k: ColumnKind| matches!(k, ColumnKind::Int | ColumnKind::Float);
    let comparable = if numeric(ks) && numeric(kt) {
        true
    } else if ks == ColumnKind::Datetime && kt == ColumnKind::Datetime {
        source.tz.is_aware() == target.tz.is_aware()
    } else {
        ks == kt
    };
    let as_float = ks == ColumnKind::Float || kt == ColumnKind::Float;
    let mut lookup: HashMap<Key<'_>, usize> = HashMap::with_capacity(source.len());
    for (pos, key) in keys(source, as_float).into_iter().enumerate() {
        if lookup.insert(key, pos).is_some() {
            return Err(ComponentError::value_error(
                "cannot reindex on an axis with duplicate labels",
            ));
        }
    }
    if !comparable {
        return Ok(vec![None; target.len()]);
    }
    Ok(keys(target, as_float)
        .into_iter()
        .map(|k| lookup.get(&k).copied())
        .collect())
}

/// The rows of `col` at `positions`, missing entries as NaN (numeric; ints become floats),
/// null (strings) or NaT (datetimes). Booleans with missing entries would need pandas'
/// object dtype: NotSupportedByNativeEngine.
pub(crate) fn gather(col: &Column, positions: &[Option<usize>]) -> Result<Column, ComponentError> {
    if let Some(all) = positions.iter().copied().collect::<Option<Vec<usize>>>() {
        return Ok(col.take(&all));
    }
    Ok(match col.kind() {
        ColumnKind::Int | ColumnKind::Float => {
            let v = col.f64_values().expect("numeric");
            Column::from_f64(
                positions
                    .iter()
                    .map(|p| p.map_or(f64::NAN, |i| v[i]))
                    .collect(),
            )
        }
        ColumnKind::Str => {
            let v = col.str_values().expect("str");
            Column::from_strings(
                positions
                    .iter()
                    .map(|p| p.and_then(|i| v[i].map(str::to_string)))
                    .collect(),
            )
        }
        ColumnKind::Datetime => {
            let v = col.datetime_ns_opt().expect("datetime");
            Column::from_opt_datetime_ns(
                positions.iter().map(|p| p.and_then(|i| v[i])).collect(),
                col.tz,
            )
        }
        ColumnKind::Bool => return Err(ComponentError::not_supported(
            "aligning a boolean series with missing labels (pandas object dtype) is not supported",
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::value::Tz;

    fn combine(s: Value, sod: Value) -> Result<FrameValue, ComponentError> {
        match run1(&COMPONENT, &[("series", s), ("series_or_dataframe", sod)])? {
            Value::Frame(f) => Ok(f),
            other => panic!("not a frame: {other:?}"),
        }
    }

    fn names(f: &FrameValue) -> Vec<&str> {
        f.columns.keys().map(String::as_str).collect()
    }

    #[test]
    fn two_series_on_the_same_index() {
        let f = combine(
            named(fs(&[1, 2], &[3.0, 4.0]), "y"),
            named(is(&[1, 2], &[5, 6]), "x"),
        )
        .unwrap();
        assert_eq!(names(&f), ["x", "y"]);
        assert_eq!(f.index, Column::from_i64(vec![1, 2]));
        assert_eq!(f.columns["x"], Column::from_i64(vec![5, 6]));
        assert_eq!(f.columns["y"], Column::from_f64(vec![3.0, 4.0]));
    }

    #[test]
    fn unnamed_and_clashing_names() {
        // unnamed series onto an unnamed series: columns "0" then "1"
        let f = combine(fs(&[0], &[1.0]), fs(&[0], &[2.0])).unwrap();
        assert_eq!(names(&f), ["0", "1"]);
        // name taken: x_1, then x_2
        let f = combine(named(fs(&[0], &[1.0]), "x"), named(fs(&[0], &[2.0]), "x")).unwrap();
        assert_eq!(names(&f), ["x", "x_1"]);
        let f = combine(named(fs(&[0], &[3.0]), "x"), Value::Frame(f)).unwrap();
        assert_eq!(names(&f), ["x", "x_1", "x_2"]);
        assert_eq!(f.columns["x_2"], Column::from_f64(vec![3.0]));
    }

    #[test]
    fn left_join_onto_the_frame_index() {
        // frame index [3, 1, 2]; series has labels 1, 2, 9 → 9 dropped, 3 missing (NaN)
        let f = combine(
            named(is(&[1, 2, 9], &[10, 20, 90]), "s"),
            named(is(&[3, 1, 2], &[0, 0, 0]), "a"),
        )
        .unwrap();
        assert_eq!(f.index, Column::from_i64(vec![3, 1, 2]));
        assert_floats(
            &f.columns["s"].f64_values().unwrap(),
            &[f64::NAN, 10.0, 20.0],
        );
        // datetime labels, strings; naive vs aware never match
        let t = |tz| Column::from_datetime_ns(vec![0, 1_000], tz);
        let sod = Value::Series(SeriesValue::new(t(Tz::Utc), Column::from_i64(vec![1, 2])));
        let mut s = SeriesValue::new(
            Column::from_datetime_ns(vec![1_000], Tz::Utc),
            Column::from_strings(vec![Some("b".into())]),
        );
        s.name = Some("t".into());
        let f = combine(Value::Series(s.clone()), sod).unwrap();
        assert_eq!(
            f.columns["t"],
            Column::from_strings(vec![None, Some("b".into())])
        );
        s.index = Column::from_datetime_ns(vec![1_000], Tz::Naive);
        let sod = Value::Series(SeriesValue::new(t(Tz::Utc), Column::from_i64(vec![1, 2])));
        let f = combine(Value::Series(s), sod).unwrap();
        assert_eq!(f.columns["t"], Column::from_strings(vec![None, None]));
    }

    #[test]
    fn errors_and_empty_frame() {
        let e = combine(fs(&[0], &[1.0]), Value::Json(serde_json::json!({"a": 1}))).unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            (
                "TypeError",
                "series_or_dataframe must be a pandas Series or pandas DataFrame."
            )
        );
        let e = combine(fs(&[1, 1], &[1.0, 2.0]), fs(&[1, 2, 3], &[0.0; 3])).unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        // a frame without rows adopts the series index
        let empty = Value::Frame(FrameValue {
            index: Column::range(0),
            columns: [("a".to_string(), Column::from_f64(vec![]))]
                .into_iter()
                .collect(),
            attrs: Default::default(),
        });
        let f = combine(named(is(&[5, 6], &[1, 2]), "b"), empty).unwrap();
        assert_eq!(f.index, Column::from_i64(vec![5, 6]));
        assert_floats(&f.columns["a"].f64_values().unwrap(), &[f64::NAN, f64::NAN]);
        assert_eq!(f.columns["b"], Column::from_i64(vec![1, 2]));
    }
}
