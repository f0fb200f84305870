//! Convert MultiTSFrame to DataFrame (`ed88477a-72f5-475b-b3e6-9b0e030609b6`): long to wide
//! format.

use super::combine_into_dataframe::gather;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind, FrameValue};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};
use std::collections::HashMap;

/// Identity and ports of Convert MultiTSFrame to DataFrame 1.0.0 (port ids: UUIDv5 of
/// `hetida:<component id>:input:<name>` / `output`, URL namespace).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "ed88477a-72f5-475b-b3e6-9b0e030609b6",
    revision_group_id: "79bdf171-84bb-443b-9d6b-9f1be3d739d3",
    name: "Convert MultiTSFrame to DataFrame",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Convert a MultiTSFrame to a DataFrame",
    inputs: &[PortSpec::new(
        "multitsframe",
        "2862f08a-366c-4559-b7cd-898d26c7b4bd",
        DataType::MultiTsFrame,
    )],
    outputs: &[PortSpec::new(
        "dataframe",
        "3ddeaead-6ef7-420c-b881-ac78cbbf2f33",
        DataType::DataFrame,
    )],
};

/// Convert MultiTSFrame to DataFrame as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Convert MultiTSFrame to DataFrame: one column per distinct `metric` (order of first
/// appearance) holding that metric's `value`s at its `timestamp`s (`pd.DataFrame` of a dict
/// of series); the index is the sorted union of all timestamps, missing entries NaN (ints
/// become floats) — unless all metrics have exactly the same timestamp sequence, which is
/// then kept as it is (unsorted, duplicates allowed), as pandas does. Other columns are
/// ignored; a missing `timestamp`/`metric`/`value` column raises KeyError; a timestamp
/// repeated within one metric raises ValueError (pandas' reindex error).
///
/// Deviations: Rheo frames have no index names (pandas names the index `timestamp`); only
/// string metrics and datetime or integer timestamps without missing entries are supported
/// (NotSupportedByNativeEngine otherwise); attrs are not carried over.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let frame = match inputs.value("multitsframe")? {
        Value::Frame(f) => f,
        other => {
            return Err(ComponentError::type_error(format!(
                "input 'multitsframe' must be a dataframe, got {}",
                other.kind_name()
            )))
        }
    };
    let col = |name: &str| {
        frame
            .columns
            .get(name)
            .ok_or_else(|| ComponentError::new("KeyError", format!("'{name}'")))
    };
    let (ts, metric, value) = (col("timestamp")?, col("metric")?, col("value")?);
    let unsupported = |what: &str| {
        ComponentError::not_supported(format!(
            "Convert MultiTSFrame to DataFrame: {what} are not supported"
        ))
    };
    let times: Vec<i64> = match ts.kind() {
        ColumnKind::Datetime if !ts.has_nulls() => ts.datetime_ns().expect("datetime").into_owned(),
        ColumnKind::Int => ts.i64_values().expect("int").into_owned(),
        _ => {
            return Err(unsupported(
                "timestamps other than non-null datetimes or integers",
            ))
        }
    };
    let metrics = metric
        .str_values()
        .ok_or_else(|| unsupported("non-string metrics"))?;
    // metrics in order of first appearance, with their rows
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut group_of: HashMap<&str, usize> = HashMap::new();
    for (row, m) in metrics.iter().enumerate() {
        let m = m.ok_or_else(|| unsupported("missing metrics"))?;
        let g = *group_of.entry(m).or_insert_with(|| {
            groups.push((m, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(row);
    }
    let make_index = |t: Vec<i64>| match ts.kind() {
        ColumnKind::Datetime => Column::from_datetime_ns(t, ts.tz),
        _ => Column::from_i64(t),
    };
    // pandas keeps a common index as it is (unsorted, duplicates allowed) when every
    // metric has exactly the same timestamps
    let seqs: Vec<Vec<i64>> = groups
        .iter()
        .map(|(_, rows)| rows.iter().map(|&r| times[r]).collect())
        .collect();
    if !seqs.is_empty() && seqs.iter().all(|q| *q == seqs[0]) {
        let columns: Vec<(String, Column)> = groups
            .iter()
            .map(|(m, rows)| (m.to_string(), value.take(rows)))
            .collect();
        return Ok(Outputs::single(
            "dataframe",
            Value::Frame(FrameValue {
                index: make_index(seqs[0].clone()),
                columns: columns.into_iter().collect(),
                attrs: Default::default(),
            }),
        ));
    }
    let mut union = times.clone();
    union.sort_unstable();
    union.dedup();
    let index = make_index(union.clone());
    let slot: HashMap<i64, usize> = union.iter().enumerate().map(|(i, &t)| (t, i)).collect();
    let mut columns = Vec::with_capacity(groups.len());
    for (m, rows) in groups {
        let mut positions = vec![None; union.len()];
        for row in rows {
            let p = &mut positions[slot[&times[row]]];
            if p.is_some() {
                return Err(ComponentError::value_error(
                    "cannot reindex on an axis with duplicate labels",
                ));
            }
            *p = Some(row);
        }
        columns.push((m.to_string(), gather(value, &positions)?));
    }
    Ok(Outputs::single(
        "dataframe",
        Value::Frame(FrameValue {
            index,
            columns: columns.into_iter().collect(),
            attrs: Default::default(),
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::value::Tz;

    fn mts(ts: Vec<i64>, metric: &[&str], value: Column) -> Value {
        Value::Frame(FrameValue {
            index: Column::range(ts.len()),
            columns: [
                (
                    "timestamp".to_string(),
                    Column::from_datetime_ns(ts, Tz::Utc),
                ),
                (
                    "metric".to_string(),
                    Column::from_strings(metric.iter().map(|m| Some(m.to_string())).collect()),
                ),
                ("value".to_string(), value),
            ]
            .into_iter()
            .collect(),
            attrs: Default::default(),
        })
    }

    fn convert(v: Value) -> Result<FrameValue, ComponentError> {
        match run1(&COMPONENT, &[("multitsframe", v)])? {
            Value::Frame(f) => Ok(f),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn long_to_wide_on_sorted_union() {
        // b@30=1, a@10=2, b@10=3, a@20=4 → index [10, 20, 30], columns b, a
        let f = convert(mts(
            vec![30, 10, 10, 20],
            &["b", "a", "b", "a"],
            Column::from_i64(vec![1, 2, 3, 4]),
        ))
        .unwrap();
        assert_eq!(f.index, Column::from_datetime_ns(vec![10, 20, 30], Tz::Utc));
        assert_eq!(f.columns.keys().collect::<Vec<_>>(), ["b", "a"]);
        assert_floats(&f.columns["b"].f64_values().unwrap(), &[3.0, f64::NAN, 1.0]);
        assert_floats(&f.columns["a"].f64_values().unwrap(), &[2.0, 4.0, f64::NAN]);
    }

    #[test]
    fn identical_timestamps_are_kept_unsorted() {
        // one metric, unsorted with a duplicate: kept as is
        let f = convert(mts(
            vec![5, 1, 1],
            &["a", "a", "a"],
            Column::from_i64(vec![7, 8, 9]),
        ))
        .unwrap();
        assert_eq!(f.index, Column::from_datetime_ns(vec![5, 1, 1], Tz::Utc));
        assert_eq!(f.columns["a"], Column::from_i64(vec![7, 8, 9]));
    }

    #[test]
    fn complete_metric_keeps_ints_empty_and_errors() {
        let f = convert(mts(vec![1, 2], &["a", "a"], Column::from_i64(vec![5, 6]))).unwrap();
        assert_eq!(f.columns["a"], Column::from_i64(vec![5, 6]));
        let f = convert(mts(vec![], &[], Column::from_f64(vec![]))).unwrap();
        assert_eq!((f.height(), f.columns.len()), (0, 0));
        // a duplicate timestamp in one metric while another metric differs
        let e = convert(mts(
            vec![1, 1, 2],
            &["a", "a", "b"],
            Column::from_i64(vec![5, 6, 7]),
        ))
        .unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        let mut v = mts(vec![1], &["a"], Column::from_i64(vec![5]));
        if let Value::Frame(f) = &mut v {
            f.columns.shift_remove("value");
        }
        let e = convert(v).unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            ("KeyError", "'value'")
        );
    }
}
