//! Timeseries Dataframe (`d71a0cef-1d56-818f-a1a5-dd6bb6d50399`): builds or extends a
//! long-format frame (`timestamp`, `value`, `metric`) from series.

use super::add_timeseries_to_multitsframe::append_rows;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, FrameValue};
use rheo_core::Value;
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Timeseries Dataframe 1.0.0 (port ids: UUIDv5 of
/// `hetida:<component id>:input:<name>` / `output`, URL namespace).
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "d71a0cef-1d56-818f-a1a5-dd6bb6d50399",
    revision_group_id: "d71a0cef-1d56-818f-a1a5-dd6bb6d50399",
    name: "Timeseries Dataframe",
    category: "Connectors",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Create and/or append to a multi-timeseries dataframe",
    inputs: &[
        PortSpec::new(
            "df_or_series",
            "828db7a9-114e-3e6d-0ac7-3965b0ca81ff",
            DataType::Any,
        ),
        PortSpec::new(
            "series_to_add",
            "762dcbc8-5460-c8fe-8bdf-22747f3269ff",
            DataType::Series,
        ),
    ],
    outputs: &[PortSpec::new(
        "timeseries_df",
        "37b34461-8b5e-ce1e-6f8f-2a225490e07d",
        DataType::DataFrame,
    )],
};

/// Timeseries Dataframe as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Timeseries Dataframe: long-format rows `(timestamp, value, metric)`.
///
/// * The metric of `series_to_add` is its name; if unnamed, the first `metric_<i>`
///   (i = 0, 1, …) not yet in `df_or_series["metric"]` (KeyError `'metric'` when
///   `df_or_series` is not a frame with a `metric` column).
/// * A DataFrame `df_or_series` gets the new rows appended after its rows (columns aligned by
///   name, as in Add Timeseries to MultiTSFrame); a Series `df_or_series` first becomes rows
///   under its own name (or `metric_0`), followed by the rows of `series_to_add`.
/// * Fresh RangeIndex, no sorting, NaN kept, no attrs. Other values raise TypeError.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let base = inputs.value("df_or_series")?;
    let to_add = inputs.series("series_to_add")?;
    let metric = match (&to_add.name, base) {
        (Some(n), _) => n.clone(),
        (None, Value::Frame(f)) => {
            let metrics = f
                .columns
                .get("metric")
                .ok_or_else(|| ComponentError::new("KeyError", "'metric'"))?;
            let present: Vec<Option<String>> = match metrics.str_values() {
                Some(v) => v.into_iter().map(|m| m.map(str::to_string)).collect(),
                None => Vec::new(),
            };
            (0..)
                .map(|i: usize| format!("metric_{i}"))
                .find(|m| !present.iter().any(|p| p.as_deref() == Some(m.as_str())))
                .expect("a free metric name exists")
        }
        (None, _) => return Err(ComponentError::new("KeyError", "'metric'")),
    };
    let out = match base {
        Value::Frame(f) => append_rows(f, to_add, &metric)?,
        Value::Series(s) => {
            let empty = FrameValue {
                index: Column::range(0),
                columns: Default::default(),
                attrs: Default::default(),
            };
            let own = s.name.clone().unwrap_or_else(|| "metric_0".to_string());
            let first = append_rows(&empty, s, &own)?;
            append_rows(&first, to_add, &metric)?
        }
        other => {
            return Err(ComponentError::type_error(format!(
                "df_or_series must be a pandas Series or DataFrame, got {}",
                other.kind_name()
            )))
        }
    };
    Ok(Outputs::single("timeseries_df", Value::Frame(out)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::*;

    fn strs(v: &[&str]) -> Column {
        Column::from_strings(v.iter().map(|x| Some(x.to_string())).collect())
    }

    fn run(base: Value, add: Value) -> Result<FrameValue, ComponentError> {
        match run1(
            &COMPONENT,
            &[("df_or_series", base), ("series_to_add", add)],
        )? {
            Value::Frame(f) => Ok(f),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn two_series_give_long_rows() {
        let f = run(
            named(fs(&[1, 2], &[0.5, 1.5]), "a"),
            named(fs(&[3], &[2.5]), "b"),
        )
        .unwrap();
        assert_eq!(
            f.columns.keys().collect::<Vec<_>>(),
            ["timestamp", "value", "metric"]
        );
        assert_eq!(f.index, Column::range(3));
        assert_eq!(f.columns["timestamp"], Column::from_i64(vec![1, 2, 3]));
        assert_eq!(f.columns["value"], Column::from_f64(vec![0.5, 1.5, 2.5]));
        assert_eq!(f.columns["metric"], strs(&["a", "a", "b"]));
    }

    #[test]
    fn unnamed_series_gets_a_free_metric_name() {
        // base series unnamed → metric_0; frame already holds metric_0 → next is metric_1
        let f = run(fs(&[1], &[0.5]), named(fs(&[2], &[1.0]), "x")).unwrap();
        assert_eq!(f.columns["metric"], strs(&["metric_0", "x"]));
        let f = run(Value::Frame(f), fs(&[3], &[f64::NAN])).unwrap();
        assert_eq!(f.columns["metric"], strs(&["metric_0", "x", "metric_1"]));
        assert_floats(
            &f.columns["value"].f64_values().unwrap(),
            &[0.5, 1.0, f64::NAN],
        );
        // unnamed series onto a series: KeyError
        let e = run(named(fs(&[1], &[0.5]), "a"), fs(&[2], &[1.0])).unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            ("KeyError", "'metric'")
        );
        let e = run(Value::Int(1), named(fs(&[2], &[1.0]), "b")).unwrap_err();
        assert_eq!(e.type_name, "TypeError");
    }
}
