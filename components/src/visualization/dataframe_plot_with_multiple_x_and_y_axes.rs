//! DataFrame Plot with multiple X and Y Axes (`db80c471-924f-af19-e97b-06de42af6a30`):
//! every column of a frame on its own x and y axis.

use super::plot_util::{column_traces, figure_output, frame, multi_xy_figure};
use super::plotly::{Layout, Margin};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of DataFrame Plot with multiple X and Y Axes 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "db80c471-924f-af19-e97b-06de42af6a30",
    revision_group_id: "db80c471-924f-af19-e97b-06de42af6a30",
    name: "DataFrame Plot with multiple X and Y Axes",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Plotting a dataframe with multiple X and Y axes",
    inputs: &[PortSpec::new(
        "dataframe",
        "dfec09e3-eaf7-fa9a-21b2-f9b3c5deb423",
        DataType::DataFrame,
    )],
    outputs: &[PortSpec::new(
        "plot",
        "4a853c42-54e7-9e0f-81ec-aaeb2056c806",
        DataType::PlotlyJson,
    )],
};

/// DataFrame Plot with multiple X and Y Axes as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// DataFrame Plot with multiple X and Y Axes: one scatter trace per column (x = the frame
/// index unsorted, y = the column, name = the column name, opacity 0.8, palette line
/// colour), trace `i` on its own axes `x{i+1}`/`y{i+1}` laid out by [`multi_xy_figure`]
/// with 0.09 of the height per x axis; height 400, zero margins except 5 px on top.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let df = frame(inputs, "dataframe")?;
    let traces = column_traces(df);
    let base = Layout {
        height: Some(400),
        margin: Some(Margin::standard()),
        ..Default::default()
    };
    Ok(figure_output("plot", multi_xy_figure(traces, 0.09, base)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visualization::schema::check_figure;
    use crate::visualization::test_support::{frame, run_plot};
    use rheo_core::value::Column;
    use serde_json::json;

    #[test]
    fn own_axes_per_column() {
        let df = frame(
            Column::from_i64(vec![2, 1]),
            vec![
                ("a", Column::from_f64(vec![1.0, f64::NAN])),
                ("b", Column::from_f64(vec![3.0, 4.0])),
            ],
        );
        let fig = run_plot(&COMPONENT, &[("dataframe", df)]);
        check_figure(&fig);
        assert_eq!(
            fig["data"][1],
            json!({"line": {"color": "#EF553B"}, "name": "b", "opacity": 0.8, "x": [2, 1],
                   "xaxis": "x2", "y": [3.0, 4.0], "yaxis": "y2", "type": "scatter"})
        );
        assert_eq!(fig["data"][0]["xaxis"], "x");
        assert_eq!(fig["data"][0]["y"], json!([1.0, null]));
        let l = &fig["layout"];
        assert_eq!(l["height"], 400);
        assert_eq!(
            l["xaxis2"],
            json!({"domain": [0, 1.0 - 2.0 * 0.06], "linecolor": "#EF553B", "overlaying": "x",
                   "position": 1.0 - (1.0 - 0.09 - 0.09), "showgrid": true, "showline": true,
                   "side": "bottom", "tickfont": {"color": "#EF553B", "size": 12}})
        );
        assert_eq!(l["yaxis"]["domain"], json!([1.0 - (1.0 - 2.0 * 0.09), 1.0]));
        assert_eq!(l["yaxis"]["position"], 0.94);
        assert!(l["xaxis"].get("overlaying").is_none());
    }

    #[test]
    fn many_columns_use_half_the_space_and_empty_frame() {
        let cols: Vec<(String, Column)> = (0..6)
            .map(|i| (format!("c{i}"), Column::from_f64(vec![f64::NAN])))
            .collect();
        let df = frame(
            Column::range(1),
            cols.iter().map(|(n, c)| (n.as_str(), c.clone())).collect(),
        );
        let fig = run_plot(&COMPONENT, &[("dataframe", df)]);
        check_figure(&fig);
        // 6 * 0.09 >= 0.5: x axes spread over half the height.
        assert_eq!(fig["layout"]["yaxis"]["domain"], json!([0.5, 1.0]));
        assert_eq!(fig["layout"]["xaxis"]["position"], 0.0);
        assert_eq!(fig["layout"]["xaxis6"]["overlaying"], "x");
        let empty = frame(Column::range(0), vec![]);
        let fig = run_plot(&COMPONENT, &[("dataframe", empty)]);
        check_figure(&fig);
        assert_eq!(fig["data"], json!([]));
    }
}
