//! Timeseries DataFrame Plot (`16d6e587-25ea-d0df-f514-da9fef66ad80`): the columns of a
//! frame (or the metrics of a long-format frame) as lines in one axis system.

use super::plot_util::{column, figure_output, frame, group_rows, metric_labels, sort_rows};
use super::plotly::{column_values, sort_order, Figure, Layout, Mode, Scatter};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::{Column, ColumnKind, FrameValue, Tz};
use rheo_core::{ComponentError, DataType};
use serde_json::Value as Json;
use std::collections::HashMap;

/// Identity and ports of Timeseries DataFrame Plot 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "16d6e587-25ea-d0df-f514-da9fef66ad80",
    revision_group_id: "16d6e587-25ea-d0df-f514-da9fef66ad80",
    name: "Timeseries DataFrame Plot",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Plotting a dataframe of multiple timeseries",
    inputs: &[PortSpec::new(
        "dataframe",
        "ff22a376-752f-9a5f-899e-601d6e341c72",
        DataType::DataFrame,
    )],
    outputs: &[PortSpec::new(
        "plot",
        "c0d410fa-e324-7d06-186a-8096b4aa4468",
        DataType::PlotlyJson,
    )],
};

/// Timeseries DataFrame Plot as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Timeseries DataFrame Plot on hetida's standard time layout:
///
/// * when the frame's columns are exactly {`timestamp`, `value`, `metric`} (any order), a
///   long-format frame: for **every row** (hetida loops over `df["metric"].values`, not the
///   unique metrics) a `"lines"` trace named after that row's metric through the rows of
///   that metric sorted by timestamp (x = timestamps, y = values; hetida goes through
///   `df["timestamp"].values`, so tz-aware timestamps are written as naive UTC times
///   without offset). A metric with k rows
///   therefore yields k identical traces, in row order (reproduced; each distinct trace is
///   built once and copied). Rows with a missing metric give traces without name and data
///   (`NaN == NaN` matches nothing);
/// * otherwise the frame sorted by index and one `"lines"` trace per column, named after
///   the column (x = sorted index, y = the column's values).
///
/// No colours are set. An empty frame gives no traces.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let df = frame(inputs, "dataframe")?;
    let mut fig = Figure::new(Layout::standard_time());
    let long = df.columns.len() == 3
        && ["timestamp", "value", "metric"]
            .iter()
            .all(|c| df.columns.contains_key(*c));
    if long {
        fig.data = long_format_traces(df)?;
    } else {
        let order = sort_order(&df.index);
        let order = order.as_deref();
        let x = column_values(&df.index, order);
        for (name, col) in &df.columns {
            fig.add_scatter(
                Scatter::new(x.clone(), column_values(col, order))
                    .mode(Mode::Lines)
                    .name(name.clone()),
            );
        }
    }
    Ok(figure_output("plot", fig.into_json()))
}

/// One trace per row of a long-format frame (see [`run`]).
fn long_format_traces(df: &FrameValue) -> Result<Vec<Json>, ComponentError> {
    // hetida indexes by `df["timestamp"].values`: numpy datetimes, so aware timestamps
    // become naive UTC wall times.
    let ts_col = column(df, "timestamp")?;
    let naive;
    let ts = if ts_col.kind() == ColumnKind::Datetime && ts_col.tz.is_aware() {
        naive = Column {
            data: ts_col.data.clone(),
            tz: Tz::Naive,
        };
        &naive
    } else {
        ts_col
    };
    let values = column(df, "value")?;
    let labels = metric_labels(column(df, "metric")?);
    let mut by_metric: HashMap<String, Json> = HashMap::new();
    for (metric, rows) in group_rows(&labels) {
        let Some(m) = metric else { continue };
        let rows = sort_rows(ts, rows);
        let trace = Scatter::new(
            column_values(ts, Some(&rows)),
            column_values(values, Some(&rows)),
        )
        .mode(Mode::Lines)
        .name(m.clone())
        .into_json();
        by_metric.insert(m, trace);
    }
    let missing = Scatter::new(Vec::new(), Vec::new())
        .mode(Mode::Lines)
        .into_json();
    Ok(labels
        .iter()
        .map(|l| match l {
            Some(m) => by_metric[m.as_ref()].clone(),
            None => missing.clone(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visualization::schema::check_figure;
    use crate::visualization::test_support::{frame, run_plot, H, T0};
    use serde_json::json;

    #[test]
    fn wide_frame_one_trace_per_column_sorted_by_index() {
        let df = frame(
            Column::from_datetime_ns(vec![T0 + H, T0], Tz::Utc),
            vec![
                ("a", Column::from_f64(vec![1.0, f64::NAN])),
                ("b", Column::from_i64(vec![3, 4])),
            ],
        );
        let fig = run_plot(&COMPONENT, &[("dataframe", df)]);
        check_figure(&fig);
        let x = json!(["2020-01-01T00:00:00+00:00", "2020-01-01T01:00:00+00:00"]);
        assert_eq!(
            fig["data"],
            json!([
                {"mode": "lines", "name": "a", "x": x, "y": [null, 1.0], "type": "scatter"},
                {"mode": "lines", "name": "b", "x": x, "y": [4, 3], "type": "scatter"}
            ])
        );
        assert_eq!(fig["layout"]["height"], 200);
        assert_eq!(fig["layout"]["yaxis"]["title"]["text"], "Values");
    }

    #[test]
    fn long_frame_yields_one_trace_per_row() {
        let df = frame(
            Column::range(3),
            vec![
                (
                    "metric",
                    Column::from_strings(vec![
                        Some("a".into()),
                        Some("b".into()),
                        Some("a".into()),
                    ]),
                ),
                (
                    "timestamp",
                    Column::from_datetime_ns(vec![T0 + H, T0, T0], Tz::Utc),
                ),
                ("value", Column::from_f64(vec![1.0, 2.0, 3.0])),
            ],
        );
        let fig = run_plot(&COMPONENT, &[("dataframe", df)]);
        check_figure(&fig);
        let data = fig["data"].as_array().unwrap();
        assert_eq!(data.len(), 3);
        let a = json!({"mode": "lines", "name": "a",
                       "x": ["2020-01-01T00:00:00", "2020-01-01T01:00:00"],
                       "y": [3.0, 1.0], "type": "scatter"});
        assert_eq!(data[0], a);
        assert_eq!(data[2], a);
        assert_eq!(data[1]["name"], "b");
        assert_eq!(data[1]["y"], json!([2.0]));
    }

    #[test]
    fn empty_frame_gives_no_traces() {
        let df = frame(Column::range(0), vec![]);
        let fig = run_plot(&COMPONENT, &[("dataframe", df)]);
        check_figure(&fig);
        assert_eq!(fig["data"], json!([]));
    }
}
