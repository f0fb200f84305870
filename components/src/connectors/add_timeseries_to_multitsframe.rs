//! Add Timeseries to MultiTSFrame (`25cc7f0f-95a9-4fe0-9a37-36589ea2851e`): appends a series
//! as rows of one metric to a long-format frame.

use super::combine_into_dataframe::gather;
use super::convert_dataframe_to_multitsframe::concat_columns;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, FrameValue, SeriesValue};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Add Timeseries to MultiTSFrame 1.0.0 (port ids: UUIDv5 of
/// `hetida:<component id>:input:<name>` / `output`, URL namespace).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "25cc7f0f-95a9-4fe0-9a37-36589ea2851e",
    revision_group_id: "96c469cb-ffa1-4891-a747-cc8dc65561b9",
    name: "Add Timeseries to MultiTSFrame",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Add a timeseries as a new metric to a MultiTSFrame",
    inputs: &[
        PortSpec::new(
            "multitsframe",
            "c0af645e-5460-45e3-b593-5f2281498a24",
            DataType::MultiTsFrame,
        ),
        PortSpec::new(
            "timeseries_to_add",
            "6de5af22-b27a-4768-8e14-572146d5a7db",
            DataType::Series,
        ),
        PortSpec::new(
            "metric_of_timeseries",
            "52dfd808-b5bb-494f-878b-f59bbc4964f7",
            DataType::String,
        ),
    ],
    outputs: &[PortSpec::new(
        "multitsframe",
        "18d61bf2-f190-4252-9f53-9405270016d5",
        DataType::MultiTsFrame,
    )],
};

/// Add Timeseries to MultiTSFrame as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Add Timeseries to MultiTSFrame: rows `(timestamp = series index, value = series value,
/// metric = metric_of_timeseries)` appended **after** the existing rows (`pd.concat`),
/// columns aligned by name in the existing frame's order (new columns appended, missing
/// entries NaN/null/NaT), fresh RangeIndex. No sorting, no de-duplication, no validation;
/// NaN values are kept; attrs are not carried over.
///
/// Deviation: combining columns of different kinds (e.g. naive with aware timestamps, or
/// strings with numbers) would need pandas' object dtype and raises
/// NotSupportedByNativeEngine.
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
    let series = inputs.series("timeseries_to_add")?;
    let metric = inputs.str("metric_of_timeseries")?;
    Ok(Outputs::single(
        "multitsframe",
        Value::Frame(append_rows(frame, series, metric)?),
    ))
}

/// `frame` followed by the long-format rows of `series` under `metric`.
pub(crate) fn append_rows(
    frame: &FrameValue,
    series: &SeriesValue,
    metric: &str,
) -> Result<FrameValue, ComponentError> {
    let n_new = series.len();
    let new: [(&str, Column); 3] = [
        ("timestamp", series.index.clone()),
        ("value", series.values.clone()),
        (
            "metric",
            Column::from_strings(vec![Some(metric.to_string()); n_new]),
        ),
    ];
    let mut names: Vec<&str> = frame.columns.keys().map(String::as_str).collect();
    for (name, _) in &new {
        if !frame.columns.contains_key(*name) {
            names.push(name);
        }
    }
    let mut columns = Vec::with_capacity(names.len());
    for name in names {
        let old = frame.columns.get(name);
        let added = new.iter().find(|(n, _)| *n == name).map(|(_, c)| c);
        let (old, added) = match (old, added) {
            (Some(o), Some(a)) => (o.clone(), a.clone()),
            (Some(o), None) => (o.clone(), gather(o, &vec![None; n_new])?),
            (None, Some(a)) => (gather(a, &vec![None; frame.height()])?, a.clone()),
            (None, None) => unreachable!("every name comes from one side"),
        };
        columns.push((name.to_string(), concat_columns(&[old, added])?));
    }
    Ok(FrameValue {
        index: Column::range(frame.height() + n_new),
        columns: columns.into_iter().collect(),
        attrs: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;
    use rheo_core::value::Tz;

    fn strs(v: &[&str]) -> Column {
        Column::from_strings(v.iter().map(|x| Some(x.to_string())).collect())
    }

    fn add(f: FrameValue, s: SeriesValue, m: &str) -> Result<FrameValue, ComponentError> {
        match run1(
            &COMPONENT,
            &[
                ("multitsframe", Value::Frame(f)),
                ("timeseries_to_add", Value::Series(s)),
                ("metric_of_timeseries", Value::Str(m.into())),
            ],
        )? {
            Value::Frame(f) => Ok(f),
            other => panic!("{other:?}"),
        }
    }

    fn mts() -> FrameValue {
        FrameValue {
            index: Column::from_i64(vec![7]),
            columns: [
                (
                    "timestamp".to_string(),
                    Column::from_datetime_ns(vec![50], Tz::Utc),
                ),
                ("metric".to_string(), strs(&["a"])),
                ("value".to_string(), Column::from_f64(vec![1.0])),
            ]
            .into_iter()
            .collect(),
            attrs: Default::default(),
        }
    }

    #[test]
    fn appends_after_existing_rows() {
        let s = SeriesValue::new(
            Column::from_datetime_ns(vec![20, 10], Tz::Utc),
            Column::from_f64(vec![f64::NAN, 3.0]),
        );
        let f = add(mts(), s, "a").unwrap();
        assert_eq!(f.index, Column::range(3));
        assert_eq!(
            f.columns.keys().collect::<Vec<_>>(),
            ["timestamp", "metric", "value"]
        );
        assert_eq!(
            f.columns["timestamp"],
            Column::from_datetime_ns(vec![50, 20, 10], Tz::Utc)
        );
        assert_eq!(f.columns["metric"], strs(&["a", "a", "a"]));
        assert_floats(
            &f.columns["value"].f64_values().unwrap(),
            &[1.0, f64::NAN, 3.0],
        );
    }

    #[test]
    fn extra_columns_get_missing_values_and_empty_frame() {
        let mut base = mts();
        base.columns.insert("note".into(), strs(&["x"]));
        let s = SeriesValue::new(
            Column::from_datetime_ns(vec![60], Tz::Utc),
            Column::from_i64(vec![2]),
        );
        let f = add(base, s.clone(), "b").unwrap();
        assert_eq!(
            f.columns["note"],
            Column::from_strings(vec![Some("x".into()), None])
        );
        assert_eq!(f.columns["value"], Column::from_f64(vec![1.0, 2.0]));
        // an empty frame without columns: just the new rows, in timestamp, value, metric order
        let empty = FrameValue {
            index: Column::range(0),
            columns: Default::default(),
            attrs: Default::default(),
        };
        let f = add(empty, s, "b").unwrap();
        assert_eq!(
            f.columns.keys().collect::<Vec<_>>(),
            ["timestamp", "value", "metric"]
        );
        assert_eq!(f.columns["value"], Column::from_i64(vec![2]));
        // naive timestamps onto aware ones are not supported
        let s = SeriesValue::new(
            Column::from_datetime_ns(vec![60], Tz::Naive),
            Column::from_f64(vec![2.0]),
        );
        assert_eq!(
            add(mts(), s, "b").unwrap_err().type_name,
            "NotSupportedByNativeEngine"
        );
    }
}
