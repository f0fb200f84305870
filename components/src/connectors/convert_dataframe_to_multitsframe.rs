//! Convert DataFrame to MultiTSFrame (`e23f9251-3084-4e55-8b7b-9de4914b1eca`): wide to long
//! format. Also holds the column concatenation shared by the MultiTSFrame connectors.

use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, FrameValue};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Convert DataFrame to MultiTSFrame 1.0.0 (port ids: UUIDv5 of
/// `hetida:<component id>:input:<name>` / `output`, URL namespace).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "e23f9251-3084-4e55-8b7b-9de4914b1eca",
    revision_group_id: "c4430c24-81c0-46cc-afd3-4607d409b0a9",
    name: "Convert DataFrame to MultiTSFrame",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Convert a DataFrame into a MultiTSFrame",
    inputs: &[PortSpec::new(
        "dataframe",
        "fd67cc76-8059-4ec5-8b25-efe928d97b76",
        DataType::DataFrame,
    )],
    outputs: &[PortSpec::new(
        "multitsframe",
        "4b4797aa-357b-4539-8033-0fd1c84cad8a",
        DataType::MultiTsFrame,
    )],
};

/// Convert DataFrame to MultiTSFrame as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Convert DataFrame to MultiTSFrame: a `timestamp` column, if present, becomes the index;
/// then, row by row in frame order and column by column within a row, one output row
/// `(timestamp = index label, metric = column name, value = cell)`. Columns `timestamp`,
/// `metric`, `value`, RangeIndex, NaN cells kept, no sorting, no validation; attrs are not
/// carried over.
///
/// Deviations: hetida moves the `timestamp` column into the index of the caller's frame in
/// place; Rheo leaves the upstream frame unchanged. Value columns of different kinds (other
/// than ints mixed with floats, which give floats) would need pandas' object dtype and raise
/// NotSupportedByNativeEngine.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let frame = match inputs.value("dataframe")? {
        Value::Frame(f) => f,
        other => {
            return Err(ComponentError::type_error(format!(
                "input 'dataframe' must be a dataframe, got {}",
                other.kind_name()
            )))
        }
    };
    let mut columns = frame.columns.clone();
    let index = columns
        .shift_remove("timestamp")
        .unwrap_or_else(|| frame.index.clone());
    let (rows, cols) = (index.len(), columns.len());
    let row_of: Vec<usize> = (0..rows)
        .flat_map(|r| std::iter::repeat_n(r, cols))
        .collect();
    let metric: Vec<Option<String>> = (0..rows)
        .flat_map(|_| columns.keys().map(|k| Some(k.clone())))
        .collect();
    // column-major concatenation, then reordered row-major
    let parts: Vec<Column> = columns.values().cloned().collect();
    let stacked = concat_columns(&parts)?;
    let order: Vec<usize> = (0..rows)
        .flat_map(|r| (0..cols).map(move |c| c * rows + r))
        .collect();
    let out = FrameValue {
        index: Column::range(rows * cols),
        columns: [
            ("timestamp".to_string(), index.take(&row_of)),
            ("metric".to_string(), Column::from_strings(metric)),
            ("value".to_string(), stacked.take(&order)),
        ]
        .into_iter()
        .collect(),
        attrs: Default::default(),
    };
    Ok(Outputs::single("multitsframe", Value::Frame(out)))
}

/// The columns one after another (pandas `concat` of the values): same kind (and timezone)
/// keeps the kind, ints mixed with floats give floats, no parts give an empty float column;
/// other mixtures need pandas' object dtype and raise NotSupportedByNativeEngine.
pub(crate) fn concat_columns(parts: &[Column]) -> Result<Column, ComponentError> {
    let Some(first) = parts.first() else {
        return Ok(Column::from_f64(Vec::new()));
    };
    let same = parts.iter().all(|p| {
        p.kind() == first.kind() && p.tz == first.tz && p.data.dtype() == first.data.dtype()
    });
    if same {
        let mut data = first.data.clone();
        for p in &parts[1..] {
            data.append(&p.data)
                .map_err(|e| ComponentError::not_supported(e.to_string()))?;
        }
        return Ok(Column { data, tz: first.tz });
    }
    if parts.iter().all(Column::is_numeric) {
        let mut v = Vec::with_capacity(parts.iter().map(Column::len).sum());
        for p in parts {
            v.extend_from_slice(&p.f64_values().expect("numeric"));
        }
        return Ok(Column::from_f64(v));
    }
    let kinds: Vec<ColumnKind> = parts.iter().map(Column::kind).collect();
    Err(ComponentError::not_supported(format!(
        "combining columns of kinds {kinds:?} (pandas object dtype) is not supported"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::value::Tz;

    fn convert(f: FrameValue) -> Result<FrameValue, ComponentError> {
        match run1(&COMPONENT, &[("dataframe", Value::Frame(f))])? {
            Value::Frame(f) => Ok(f),
            other => panic!("{other:?}"),
        }
    }

    fn s(v: &[&str]) -> Column {
        Column::from_strings(v.iter().map(|x| Some(x.to_string())).collect())
    }

    #[test]
    fn wide_to_long_row_by_row() {
        let f = FrameValue {
            index: Column::from_datetime_ns(vec![10, 20], Tz::Utc),
            columns: [
                ("a".to_string(), Column::from_f64(vec![1.0, f64::NAN])),
                ("b".to_string(), Column::from_i64(vec![3, 4])),
            ]
            .into_iter()
            .collect(),
            attrs: Default::default(),
        };
        let out = convert(f).unwrap();
        assert_eq!(out.index, Column::range(4));
        assert_eq!(
            out.columns.keys().collect::<Vec<_>>(),
            ["timestamp", "metric", "value"]
        );
        assert_eq!(
            out.columns["timestamp"],
            Column::from_datetime_ns(vec![10, 10, 20, 20], Tz::Utc)
        );
        assert_eq!(out.columns["metric"], s(&["a", "b", "a", "b"]));
        assert_floats(
            &out.columns["value"].f64_values().unwrap(),
            &[1.0, 3.0, f64::NAN, 4.0],
        );
    }

    #[test]
    fn timestamp_column_becomes_the_index_and_empty_frames() {
        let f = FrameValue {
            index: Column::range(2),
            columns: [
                ("x".to_string(), Column::from_i64(vec![5, 6])),
                (
                    "timestamp".to_string(),
                    Column::from_datetime_ns(vec![1, 2], Tz::Naive),
                ),
            ]
            .into_iter()
            .collect(),
            attrs: Default::default(),
        };
        let out = convert(f).unwrap();
        assert_eq!(
            out.columns["timestamp"],
            Column::from_datetime_ns(vec![1, 2], Tz::Naive)
        );
        assert_eq!(out.columns["metric"], s(&["x", "x"]));
        assert_eq!(out.columns["value"], Column::from_i64(vec![5, 6]));
        // no columns: no rows
        let out = convert(FrameValue {
            index: Column::range(3),
            columns: Default::default(),
            attrs: Default::default(),
        })
        .unwrap();
        assert_eq!(out.height(), 0);
        // mixed kinds are not supported
        let f = FrameValue {
            index: Column::range(1),
            columns: [
                ("a".to_string(), Column::from_i64(vec![1])),
                ("b".to_string(), s(&["x"])),
            ]
            .into_iter()
            .collect(),
            attrs: Default::default(),
        };
        assert_eq!(
            convert(f).unwrap_err().type_name,
            "NotSupportedByNativeEngine"
        );
    }
}
