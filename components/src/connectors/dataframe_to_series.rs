//! DataFrame to Series (`152bc7df-708c-2ecb-1d5d-b69483fdd275`): pandas
//! `DataFrame.squeeze()`.

use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::timestamp::format_iso_ms;
use rheo_core::value::{Column, ColumnKind, FrameValue, SeriesValue};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of DataFrame to Series 1.0.0 (port ids: UUIDv5 of
/// `hetida:<component id>:input:<name>` / `output`, URL namespace).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "152bc7df-708c-2ecb-1d5d-b69483fdd275",
    revision_group_id: "152bc7df-708c-2ecb-1d5d-b69483fdd275",
    name: "DataFrame to Series",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Convert a DataFrame to a Series",
    inputs: &[PortSpec::new(
        "dataframe",
        "f2393f97-03b5-3735-aabf-4fb4daf9ee57",
        DataType::DataFrame,
    )],
    outputs: &[PortSpec::new(
        "series",
        "2c40df1a-9e11-881b-5aa3-ddf83e0dd8fe",
        DataType::Series,
    )],
};

/// DataFrame to Series as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// DataFrame to Series: `dataframe.squeeze()`.
///
/// * exactly one column and not exactly one row: that column as a Series named after it
///   (frame index and attrs);
/// * exactly one row and not exactly one column: the row as a Series over the column labels
///   (string index), named after the row label (as text: Rheo series names are strings);
/// * 1×1: the single cell as a scalar (float, int, bool or string; NaN/missing → null);
/// * any other shape: the same frame, unchanged (no validation of the SERIES output type).
///
/// Not supported (NotSupportedByNativeEngine): a row whose cells have different kinds (pandas
/// builds an object Series) and a 1×1 datetime cell.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let shared = inputs.shared("dataframe")?;
    let Value::Frame(frame) = shared.as_ref() else {
        // pandas would fail with AttributeError for objects without `squeeze`.
        return Err(ComponentError::new(
            "AttributeError",
            format!("'{}' object has no attribute 'squeeze'", shared.kind_name()),
        ));
    };
    let (rows, cols) = (frame.height(), frame.columns.len());
    let out = match (rows == 1, cols == 1) {
        (true, true) => cell(frame.columns[0].clone())?,
        (false, true) => {
            let (name, values) = frame.columns.get_index(0).expect("one column");
            Value::Series(SeriesValue {
                name: Some(name.clone()),
                index: frame.index.clone(),
                values: values.clone(),
                attrs: frame.attrs.clone(),
            })
        }
        (true, false) => Value::Series(row_series(frame)?),
        (false, false) => {
            let mut out = Outputs::with_capacity(1);
            out.insert("series", shared.clone());
            return Ok(out);
        }
    };
    Ok(Outputs::single("series", out))
}

/// The only value of a one-element column as a scalar value.
fn cell(col: Column) -> Result<Value, ComponentError> {
    Ok(match col.kind() {
        ColumnKind::Float => {
            let v = col.f64_values().expect("float")[0];
            if v.is_nan() {
                Value::Null
            } else {
                Value::Float(v)
            }
        }
        ColumnKind::Int => Value::Int(col.i64_values().expect("int")[0]),
        ColumnKind::Bool => col.bool_values().expect("bool")[0].map_or(Value::Null, Value::Bool),
        ColumnKind::Str => {
            col.str_values().expect("str")[0].map_or(Value::Null, |s| Value::Str(s.to_string()))
        }
        ColumnKind::Datetime => {
            return Err(ComponentError::not_supported(
                "DataFrame to Series: squeezing a 1x1 frame holding a timestamp is not supported",
            ))
        }
    })
}

/// The label of row 0 as text (the name of the squeezed row).
fn row_label(index: &Column) -> Option<String> {
    match index.kind() {
        ColumnKind::Int => Some(index.i64_values()?[0].to_string()),
        ColumnKind::Float => Some(index.f64_values()?[0].to_string()),
        ColumnKind::Bool => {
            index.bool_values()?[0].map(|b| if b { "True" } else { "False" }.into())
        }
        ColumnKind::Str => index.str_values()?[0].map(str::to_string),
        ColumnKind::Datetime => {
            index.datetime_ns_opt()?[0].map(|ns| format_iso_ms(ns, index.tz.is_aware()))
        }
    }
}

/// The single row of `frame` as a series over the column labels.
fn row_series(frame: &FrameValue) -> Result<SeriesValue, ComponentError> {
    let labels: Vec<Option<String>> = frame.columns.keys().map(|k| Some(k.clone())).collect();
    let index = Column::from_strings(labels);
    let name = row_label(&frame.index);
    let kinds: Vec<ColumnKind> = frame.columns.values().map(Column::kind).collect();
    let values = if kinds.is_empty() {
        Column::from_f64(Vec::new())
    } else if kinds.iter().all(|k| *k == kinds[0]) && kinds[0] != ColumnKind::Datetime {
        let mut it = frame.columns.values();
        let mut data = it.next().expect("non-empty").data.clone();
        for c in it {
            data.append(&c.data)
                .map_err(|e| ComponentError::not_supported(e.to_string()))?;
        }
        Column {
            data,
            tz: Default::default(),
        }
    } else if kinds
        .iter()
        .all(|k| matches!(k, ColumnKind::Float | ColumnKind::Int))
    {
        Column::from_f64(
            frame
                .columns
                .values()
                .map(|c| c.f64_values().expect("numeric")[0])
                .collect(),
        )
    } else {
        return Err(ComponentError::not_supported(
            "DataFrame to Series: squeezing a row with mixed or datetime cells is not supported",
        ));
    };
    Ok(SeriesValue {
        name,
        index,
        values,
        attrs: frame.attrs.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rheo_core::Shared;
    use std::sync::Arc;

    fn frame(index: Column, cols: Vec<(&str, Column)>) -> Value {
        Value::Frame(FrameValue {
            index,
            columns: cols.into_iter().map(|(k, c)| (k.to_string(), c)).collect(),
            attrs: Default::default(),
        })
    }

    fn squeeze(v: Value) -> Result<Value, ComponentError> {
        crate::kernels::elementwise::test_util::run1(&COMPONENT, &[("dataframe", v)])
    }

    #[test]
    fn one_column_becomes_named_series() {
        let Value::Series(s) = squeeze(frame(
            Column::from_i64(vec![5, 6]),
            vec![("a", Column::from_f64(vec![1.0, f64::NAN]))],
        ))
        .unwrap() else {
            panic!()
        };
        assert_eq!(s.name.as_deref(), Some("a"));
        assert_eq!(s.index, Column::from_i64(vec![5, 6]));
        assert_eq!(s.values, Column::from_f64(vec![1.0, f64::NAN]));
    }

    #[test]
    fn one_row_becomes_series_over_columns() {
        let Value::Series(s) = squeeze(frame(
            Column::from_i64(vec![7]),
            vec![
                ("a", Column::from_i64(vec![1])),
                ("b", Column::from_f64(vec![2.5])),
            ],
        ))
        .unwrap() else {
            panic!()
        };
        assert_eq!(s.name.as_deref(), Some("7"));
        assert_eq!(
            s.index,
            Column::from_strings(vec![Some("a".into()), Some("b".into())])
        );
        assert_eq!(s.values, Column::from_f64(vec![1.0, 2.5]));
        // same kind stays that kind
        let Value::Series(s) = squeeze(frame(
            Column::from_strings(vec![Some("r".into())]),
            vec![
                ("a", Column::from_i64(vec![1])),
                ("b", Column::from_i64(vec![3])),
            ],
        ))
        .unwrap() else {
            panic!()
        };
        assert_eq!(s.name.as_deref(), Some("r"));
        assert_eq!(s.values, Column::from_i64(vec![1, 3]));
    }

    #[test]
    fn one_by_one_is_a_scalar() {
        let v = squeeze(frame(
            Column::range(1),
            vec![("a", Column::from_i64(vec![4]))],
        ));
        assert_eq!(v.unwrap(), Value::Int(4));
        let v = squeeze(frame(
            Column::range(1),
            vec![("a", Column::from_f64(vec![f64::NAN]))],
        ));
        assert_eq!(v.unwrap(), Value::Null);
    }

    #[test]
    fn other_shapes_pass_unchanged() {
        let shared: Shared = Arc::new(frame(
            Column::range(2),
            vec![
                ("a", Column::from_i64(vec![1, 2])),
                ("b", Column::from_i64(vec![3, 4])),
            ],
        ));
        let mut i = Inputs::new();
        i.insert("dataframe", shared.clone());
        let out = run(&i).unwrap();
        assert!(Arc::ptr_eq(&out["series"], &shared));
        // empty frame (0 rows, 0 columns) as well
        let empty = frame(Column::range(0), vec![]);
        assert_eq!(squeeze(empty.clone()).unwrap(), empty);
        assert_eq!(
            squeeze(Value::Int(1)).unwrap_err().type_name,
            "AttributeError"
        );
    }
}
