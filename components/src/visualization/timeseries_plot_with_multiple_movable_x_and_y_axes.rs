//! Timeseries Plot with multiple movable X and Y Axes
//! (`4e5115a2-2a45-4156-6f54-ff66c176daea`): every metric of a long-format frame on its
//! own x and y axis.

use super::plot_util::{figure_output, frame, metric_traces, multi_xy_figure};
use super::plotly::{Layout, Margin};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Timeseries Plot with multiple movable X and Y Axes 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "4e5115a2-2a45-4156-6f54-ff66c176daea",
    revision_group_id: "4e5115a2-2a45-4156-6f54-ff66c176daea",
    name: "Timeseries Plot with multiple movable X and Y Axes",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description:
        "Plots timeseries data with movable and resizable own y and x axes for every timeseries",
    inputs: &[PortSpec::new(
        "dataframe",
        "7ca708c9-3cff-a55d-9a92-6ffa6e79cf91",
        DataType::DataFrame,
    )],
    outputs: &[PortSpec::new(
        "plot",
        "45389948-b720-eb24-638d-af77b6ffeab6",
        DataType::PlotlyJson,
    )],
};

/// Timeseries Plot with multiple movable X and Y Axes as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Timeseries Plot with multiple movable X and Y Axes: for a long-format frame with columns
/// `timestamp`, `value`, `metric`, one scatter trace per metric (order of first
/// appearance; that metric's rows sorted by `timestamp`, stable; x = timestamps, y =
/// values, name = metric, opacity 0.8, palette line colour) on its own axes
/// `x{i+1}`/`y{i+1}` as [`multi_xy_figure`] lays them out with 0.16 of the height per x
/// axis. Layout: margins l/r/b 10 and t 30, autosize, no legend, hovermode "closest", no
/// height. Missing columns raise `KeyError` (`'metric'` first, then per metric
/// `'timestamp'` and `'value'`).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let df = frame(inputs, "dataframe")?;
    let traces = metric_traces(df, true)?;
    let base = Layout {
        autosize: Some(true),
        showlegend: Some(false),
        hovermode: Some("closest".into()),
        margin: Some(Margin {
            l: 10.into(),
            r: 10.into(),
            b: 10.into(),
            t: 30.into(),
            pad: Some(0.into()),
        }),
        ..Default::default()
    };
    Ok(figure_output("plot", multi_xy_figure(traces, 0.16, base)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visualization::schema::check_figure;
    use crate::visualization::test_support::{frame, run_plot, try_plot, H, T0};
    use rheo_core::value::{Column, Tz};
    use serde_json::json;

    #[test]
    fn metrics_sorted_by_timestamp_on_own_axes() {
        let df = frame(
            Column::range(4),
            vec![
                ("value", Column::from_f64(vec![1.0, 2.0, 3.0, f64::NAN])),
                (
                    "metric",
                    Column::from_strings(vec![
                        Some("a".into()),
                        Some("b".into()),
                        Some("a".into()),
                        Some("c".into()),
                    ]),
                ),
                (
                    "timestamp",
                    Column::from_datetime_ns(vec![T0 + H, T0, T0, T0], Tz::Utc),
                ),
            ],
        );
        let fig = run_plot(&COMPONENT, &[("dataframe", df)]);
        check_figure(&fig);
        let data = fig["data"].as_array().unwrap();
        assert_eq!(data.len(), 3);
        assert_eq!(
            data[0],
            json!({"line": {"color": "#636EFA"}, "name": "a", "opacity": 0.8,
                   "x": ["2020-01-01T00:00:00+00:00", "2020-01-01T01:00:00+00:00"],
                   "xaxis": "x", "y": [3.0, 1.0], "yaxis": "y", "type": "scatter"})
        );
        assert_eq!(data[2]["y"], json!([null]));
        assert_eq!(data[2]["xaxis"], "x3");
        let l = &fig["layout"];
        assert_eq!(
            l["margin"],
            json!({"b": 10, "l": 10, "pad": 0, "r": 10, "t": 30})
        );
        assert_eq!(l["showlegend"], false);
        assert_eq!(l["hovermode"], "closest");
        assert!(l.get("height").is_none());
        // 3 * 0.16 < 0.5: x axis i at 1 - (1 - 0.16 i - 0.16).
        assert_eq!(
            l["xaxis3"]["position"],
            json!(1.0 - (1.0 - 2.0 * 0.16 - 0.16))
        );
        assert_eq!(l["yaxis"]["domain"], json!([1.0 - (1.0 - 3.0 * 0.16), 1.0]));
    }

    #[test]
    fn missing_timestamp_column_is_a_key_error() {
        let df = frame(
            Column::range(1),
            vec![
                ("value", Column::from_f64(vec![1.0])),
                ("metric", Column::from_strings(vec![Some("a".into())])),
            ],
        );
        let e = try_plot(&COMPONENT, &[("dataframe", df)]).unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            ("KeyError", "'timestamp'")
        );
        let empty = frame(
            Column::range(0),
            vec![("metric", Column::from_strings(vec![]))],
        );
        let fig = run_plot(&COMPONENT, &[("dataframe", empty)]);
        check_figure(&fig);
        assert_eq!(fig["data"], json!([]));
    }
}
