//! Input handling and layout pieces shared by the time series plot components: frame and
//! column access with pandas' errors, sorted series traces, hetida's multi-axis position
//! helper and the per-metric grouping of long-format frames.

use super::plotly::{
    axis_ref, column_values, float, sort_order, Axis, Figure, Font, Layout, Line, Margin, Scatter,
    PLOTLY_PALETTE,
};
use rheo_core::component::{Inputs, Outputs};
use rheo_core::value::{Column, ColumnKind, FrameValue, SeriesValue};
use rheo_core::{ComponentError, Value};
use serde_json::Value as Json;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// A DATAFRAME/MULTITSFRAME input.
pub fn frame<'a>(inputs: &'a Inputs, name: &str) -> Result<&'a FrameValue, ComponentError> {
    match inputs.value(name)? {
        Value::Frame(f) => Ok(f),
        other => Err(ComponentError::type_error(format!(
            "input '{name}' must be a dataframe, got {}",
            other.kind_name()
        ))),
    }
}

/// `df[name]`: the column, or pandas' `KeyError: 'name'`.
pub fn column<'a>(frame: &'a FrameValue, name: &str) -> Result<&'a Column, ComponentError> {
    frame
        .columns
        .get(name)
        .ok_or_else(|| ComponentError::new("KeyError", format!("'{name}'")))
}

/// The output map of a plot component: one figure under `name`.
pub fn figure_output(name: &'static str, figure: Json) -> Outputs {
    let mut out = Outputs::with_capacity(1);
    out.insert(name, Arc::new(Value::Json(figure)));
    out
}

/// `s.name if s.name else default` (Python truthiness: `None` and `""` fall back).
pub fn truthy_name<'a>(s: &'a SeriesValue, default: &'a str) -> &'a str {
    match s.name.as_deref() {
        Some(n) if !n.is_empty() => n,
        _ => default,
    }
}

/// x (index) and y (values) data of `series.sort_index()`.
pub fn sorted_xy(s: &SeriesValue) -> (Vec<Json>, Vec<Json>) {
    let order = sort_order(&s.index);
    let order = order.as_deref();
    (
        column_values(&s.index, order),
        column_values(&s.values, order),
    )
}

/// hetida's standard time layout with the y axis titled by the series name when the series
/// has one (`series.name is not None`, so an empty name gives an empty title).
pub fn standard_layout_named(name: Option<&str>) -> Layout {
    let mut layout = Layout::standard_time();
    if let Some(n) = name {
        layout.yaxis.title = Some(n.to_string());
    }
    layout
}

/// hetida's `compute_plot_positions` for `n` axes stacked along one side with `space` per
/// axis, for axes on the "right" (y) or "bottom" (x) side: `(plot area ratio, positions)`.
/// Reserves `n * space` when that is below half the figure, else half of it, spread evenly.
pub fn axis_positions(n: usize, space: f64) -> (f64, Vec<f64>) {
    if (n as f64) * space < 0.5 {
        let positions = (0..n).map(|i| 1.0 - (i as f64) * space - space).collect();
        (1.0 - (n as f64) * space, positions)
    } else {
        let positions = (0..n)
            .map(|i| 1.0 - (i as f64) * 0.5 / (n as f64))
            .collect();
        (0.5, positions)
    }
}

/// The colour of the `i`-th trace in hetida's multi-axis plots.
pub fn palette_color(i: usize) -> &'static str {
    PLOTLY_PALETTE[i % PLOTLY_PALETTE.len()]
}

/// A free axis in the `i`-th palette colour as hetida's multi-axis plots draw it: at
/// `position` on `side`, coloured tick labels (size 12) and axis line, grid shown.
pub fn colored_axis(i: usize, position: f64, side: &str) -> Axis {
    let color = palette_color(i);
    Axis {
        position: Some(position),
        side: Some(side.to_string()),
        tickfont: Some(Font {
            color: Some(color.to_string()),
            size: Some(12.0),
        }),
        showline: Some(true),
        linecolor: Some(color.to_string()),
        showgrid: Some(true),
        ..Default::default()
    }
}

/// A metric label of a long-format frame (`None` for a missing metric); borrowed from
/// string columns.
pub type Metric<'a> = Option<Cow<'a, str>>;

/// The labels of a metric column as strings (pandas compares them with `==`; numbers are
/// written as Python would print them) and missing entries as `None`.
pub fn metric_labels(col: &Column) -> Vec<Metric<'_>> {
    match col.kind() {
        ColumnKind::Str => col
            .str_values()
            .unwrap_or_default()
            .into_iter()
            .map(|s| s.map(Cow::Borrowed))
            .collect(),
        _ => column_values(col, None)
            .into_iter()
            .map(|v| match v {
                Json::Null => None,
                Json::String(s) => Some(Cow::Owned(s)),
                Json::Bool(b) => Some(Cow::Borrowed(if b { "True" } else { "False" })),
                other => Some(Cow::Owned(other.to_string())),
            })
            .collect(),
    }
}

/// `metric.unique()` in order of first appearance with the row positions of each metric
/// (`df[df.metric == m]`, in frame order). Missing metrics are listed (pandas' `unique`
/// keeps them) but match no row, since `NaN == NaN` is false.
pub fn group_rows(labels: &[Metric<'_>]) -> Vec<(Option<String>, Vec<usize>)> {
    let mut groups: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut saw_missing = false;
    for (row, label) in labels.iter().enumerate() {
        match label {
            Some(l) => match seen.get(l.as_ref()) {
                Some(&g) => groups[g].1.push(row),
                None => {
                    seen.insert(l.as_ref(), groups.len());
                    groups.push((Some(l.to_string()), vec![row]));
                }
            },
            None if !saw_missing => {
                saw_missing = true;
                groups.push((None, Vec::new()));
            }
            None => {}
        }
    }
    groups
}

/// `rows` reordered so that `col` at those rows ascends (stable, missing labels last): the
/// row order of `df.iloc[rows].sort_values(col)` / `sort_index()`.
pub fn sort_rows(col: &Column, rows: Vec<usize>) -> Vec<usize> {
    match sort_order(&col.take(&rows)) {
        Some(order) => order.into_iter().map(|i| rows[i]).collect(),
        None => rows,
    }
}

/// The data of one trace of the multi-axis plots.
#[derive(Debug, Clone, PartialEq)]
pub struct AxisTrace {
    /// Trace name (`None`: no name).
    pub name: Option<String>,
    /// x data.
    pub x: Vec<Json>,
    /// y data.
    pub y: Vec<Json>,
}

/// One trace per column of `df`: named by the column, x = the frame index (unsorted),
/// y = the column.
pub fn column_traces(df: &FrameValue) -> Vec<AxisTrace> {
    let x = column_values(&df.index, None);
    df.columns
        .iter()
        .map(|(name, col)| AxisTrace {
            name: Some(name.clone()),
            x: x.clone(),
            y: column_values(col, None),
        })
        .collect()
}

/// hetida's "one y axis per series" figure: trace `i` in palette colour `i` on y axis
/// `y{i+1}` (`"y"` for the first) sharing the x axis, whose domain `[0, ratio]` leaves room
/// on the right for the y axes at `axis_positions(n, 0.06)`; y axes after the first overlay
/// `"y"`. Height 200, zero margins except 5 px on top, no template, no titles.
pub fn multi_y_figure(traces: Vec<AxisTrace>) -> Json {
    let n = traces.len();
    let (ratio, positions) = axis_positions(n, 0.06);
    let mut layout = Layout {
        height: Some(200),
        margin: Some(Margin::standard()),
        xaxis: Axis {
            domain: Some([Json::from(0), float(ratio)]),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut fig_data = Vec::with_capacity(n);
    for (i, t) in traces.into_iter().enumerate() {
        let mut axis = colored_axis(i, positions[i], "right");
        if i > 0 {
            axis.overlaying = Some("y".into());
        }
        layout.set_yaxis(i, axis);
        let mut trace = Scatter::new(t.x, t.y).line(Line {
            color: Some(palette_color(i).into()),
            ..Default::default()
        });
        trace.name = t.name;
        fig_data.push(trace.yaxis(axis_ref('y', i)).into_json());
    }
    let mut fig = Figure::new(layout);
    fig.data = fig_data;
    fig.into_json()
}

/// hetida's "own x and y axis per series" figure: trace `i` (opacity 0.8, palette colour
/// `i`) on axes `x{i+1}`/`y{i+1}`. y axes sit at `axis_positions(n, 0.06)` on the right
/// with domain `[1.0 - height ratio, 1.0]`, x axes at `1 - p` for the positions
/// `axis_positions(n, x_space)` at the bottom with domain `[0, width ratio]`; axes after the
/// first overlay `"x"`/`"y"`. The remaining layout (height, margins, …) comes from `base`.
pub fn multi_xy_figure(traces: Vec<AxisTrace>, x_space: f64, base: Layout) -> Json {
    let n = traces.len();
    let (x_ratio, y_axis_positions) = axis_positions(n, 0.06);
    let (y_ratio, x_axis_positions) = axis_positions(n, x_space);
    let mut layout = base;
    let mut fig_data = Vec::with_capacity(n);
    for (i, t) in traces.into_iter().enumerate() {
        let mut yaxis = colored_axis(i, y_axis_positions[i], "right");
        yaxis.domain = Some([float(1.0 - y_ratio), float(1.0)]);
        let mut xaxis = colored_axis(i, 1.0 - x_axis_positions[i], "bottom");
        xaxis.domain = Some([Json::from(0), float(x_ratio)]);
        if i > 0 {
            yaxis.overlaying = Some("y".into());
            xaxis.overlaying = Some("x".into());
        }
        layout.set_yaxis(i, yaxis);
        layout.set_xaxis(i, xaxis);
        let mut trace = Scatter::new(t.x, t.y).opacity(0.8).line(Line {
            color: Some(palette_color(i).into()),
            ..Default::default()
        });
        trace.name = t.name;
        fig_data.push(
            trace
                .xaxis(axis_ref('x', i))
                .yaxis(axis_ref('y', i))
                .into_json(),
        );
    }
    let mut fig = Figure::new(layout);
    fig.data = fig_data;
    fig.into_json()
}

/// One [`AxisTrace`] per metric of a long-format frame, metrics in order of first
/// appearance (see [`group_rows`]): x = `timestamp`, y = `value` at the metric's rows, in
/// frame order or, with `sort_by_timestamp`, sorted by timestamp. Columns are looked up
/// as pandas would (`metric` first, then per metric `timestamp`/`value` in `first`
/// order), so a missing column raises `KeyError` only when pandas would reach it.
pub fn metric_traces(
    df: &FrameValue,
    sort_by_timestamp: bool,
) -> Result<Vec<AxisTrace>, ComponentError> {
    let labels = metric_labels(column(df, "metric")?);
    let groups = group_rows(&labels);
    let mut traces = Vec::with_capacity(groups.len());
    for (metric, rows) in groups {
        let (ts, values) = if sort_by_timestamp {
            let ts = column(df, "timestamp")?;
            (ts, column(df, "value")?)
        } else {
            let values = column(df, "value")?;
            (column(df, "timestamp")?, values)
        };
        let rows = if sort_by_timestamp {
            sort_rows(ts, rows)
        } else {
            rows
        };
        traces.push(AxisTrace {
            name: metric,
            x: column_values(ts, Some(&rows)),
            y: column_values(values, Some(&rows)),
        });
    }
    Ok(traces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_follow_hetidas_helper() {
        let (ratio, pos) = axis_positions(2, 0.06);
        assert!((ratio - 0.88).abs() < 1e-15);
        assert_eq!(pos, vec![1.0 - 0.06, 1.0 - 0.06 - 0.06]);
        let (ratio, pos) = axis_positions(10, 0.06);
        assert_eq!(ratio, 0.5);
        assert_eq!(pos[0], 1.0);
        assert_eq!(pos[1], 0.95);
        let (ratio, pos) = axis_positions(0, 0.06);
        assert_eq!(ratio, 1.0);
        assert!(pos.is_empty());
    }

    #[test]
    fn groups_metrics_in_order_of_appearance() {
        let labels: Vec<Metric<'_>> = vec![
            Some("b".into()),
            None,
            Some("a".into()),
            Some(Cow::Owned("b".to_string())),
        ];
        assert_eq!(
            group_rows(&labels),
            vec![
                (Some("b".to_string()), vec![0, 3]),
                (None, vec![]),
                (Some("a".to_string()), vec![2])
            ]
        );
        assert_eq!(
            metric_labels(&Column::from_i64(vec![1, 2])),
            vec![Some(Cow::Borrowed("1")), Some("2".into())]
        );
    }
}
