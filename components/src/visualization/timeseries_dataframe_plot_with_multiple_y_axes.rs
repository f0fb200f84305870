//! Timeseries DataFrame Plot with multiple Y Axes (`58e793bf-1aa7-316c-bc8a-f34a435fc8f0`):
//! every column of a frame on its own y axis.

use super::plot_util::{column_traces, figure_output, frame, multi_y_figure};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Timeseries DataFrame Plot with multiple Y Axes 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "58e793bf-1aa7-316c-bc8a-f34a435fc8f0",
    revision_group_id: "58e793bf-1aa7-316c-bc8a-f34a435fc8f0",
    name: "Timeseries DataFrame Plot with multiple Y Axes",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Plotting a dataframe of multiple timeseries with multiple Y axes",
    inputs: &[PortSpec::new(
        "dataframe",
        "c011bcc7-5179-4913-f99a-379008401489",
        DataType::DataFrame,
    )],
    outputs: &[PortSpec::new(
        "plot",
        "b10e8a92-7d2a-789c-cd5d-4abfaa17a14a",
        DataType::PlotlyJson,
    )],
};

/// Timeseries DataFrame Plot with multiple Y Axes as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Timeseries DataFrame Plot with multiple Y Axes: one scatter trace per column (x = the
/// frame index **unsorted**, y = the column, name = the column name, line colour from
/// plotly's qualitative palette, no mode so plotly picks one), trace `i` on y axis `"y"`,
/// `"y2"`, …; see [`multi_y_figure`] for the axis layout (shared x axis with domain
/// `[0, 1 - 0.06 n]`, free y axes on the right, height 200). An empty frame gives no
/// traces and the x domain `[0, 1.0]`.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let df = frame(inputs, "dataframe")?;
    let traces = column_traces(df);
    Ok(figure_output("plot", multi_y_figure(traces)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visualization::schema::check_figure;
    use crate::visualization::test_support::{frame, run_plot, H, T0};
    use rheo_core::value::{Column, Tz};
    use serde_json::json;

    #[test]
    fn one_y_axis_per_column() {
        let df = frame(
            Column::from_datetime_ns(vec![T0 + H, T0], Tz::Utc),
            vec![
                ("a", Column::from_f64(vec![1.0, f64::NAN])),
                ("b", Column::from_i64(vec![3, 4])),
            ],
        );
        let fig = run_plot(&COMPONENT, &[("dataframe", df)]);
        check_figure(&fig);
        let x = json!(["2020-01-01T01:00:00+00:00", "2020-01-01T00:00:00+00:00"]);
        assert_eq!(
            fig,
            json!({
                "data": [
                    {"line": {"color": "#636EFA"}, "name": "a", "x": x, "y": [1.0, null],
                     "yaxis": "y", "type": "scatter"},
                    {"line": {"color": "#EF553B"}, "name": "b", "x": x, "y": [3, 4],
                     "yaxis": "y2", "type": "scatter"}
                ],
                "layout": {
                    "height": 200,
                    "margin": {"b": 0, "l": 0, "pad": 0, "r": 0, "t": 5},
                    "xaxis": {"domain": [0, 1.0 - 2.0 * 0.06]},
                    "yaxis": {"linecolor": "#636EFA", "position": 1.0 - 0.06,
                              "showgrid": true, "showline": true, "side": "right",
                              "tickfont": {"color": "#636EFA", "size": 12}},
                    "yaxis2": {"linecolor": "#EF553B", "overlaying": "y",
                               "position": 1.0 - 0.06 - 0.06, "showgrid": true,
                               "showline": true, "side": "right",
                               "tickfont": {"color": "#EF553B", "size": 12}}
                }
            })
        );
    }

    #[test]
    fn many_columns_and_empty_frame() {
        let cols: Vec<(String, Column)> = (0..11)
            .map(|i| (format!("c{i}"), Column::from_f64(vec![1.0])))
            .collect();
        let df = frame(
            Column::range(1),
            cols.iter().map(|(n, c)| (n.as_str(), c.clone())).collect(),
        );
        let fig = run_plot(&COMPONENT, &[("dataframe", df)]);
        check_figure(&fig);
        assert_eq!(fig["data"].as_array().unwrap().len(), 11);
        assert_eq!(fig["data"][10]["line"]["color"], "#636EFA");
        assert_eq!(fig["data"][10]["yaxis"], "y11");
        assert_eq!(fig["layout"]["xaxis"]["domain"], json!([0, 0.5]));
        assert_eq!(fig["layout"]["yaxis"]["position"], 1.0);
        let empty = frame(Column::range(0), vec![]);
        let fig = run_plot(&COMPONENT, &[("dataframe", empty)]);
        check_figure(&fig);
        assert_eq!(fig["data"], json!([]));
        assert_eq!(fig["layout"]["xaxis"]["domain"], json!([0, 1.0]));
        assert!(fig["layout"].get("yaxis").is_none());
    }
}
