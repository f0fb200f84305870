//! MultiTsFrame Plot with multiple Y Axes (`28120522-a6a5-418f-a658-ab19d5beefe2`): every
//! metric of a MultiTSFrame on its own y axis.

use super::plot_util::{figure_output, frame, metric_traces, multi_y_figure};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of MultiTsFrame Plot with multiple Y Axes 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "28120522-a6a5-418f-a658-ab19d5beefe2",
    revision_group_id: "a274d0ff-21f1-4f35-82af-6779c7d88b85",
    name: "MultiTsFrame Plot with multiple Y Axes",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Plotting a multitsframe with multiple Y axes",
    inputs: &[PortSpec::new(
        "multitsframe",
        "0c0bfc30-aa11-43f4-b043-f71534cbe0b2",
        DataType::MultiTsFrame,
    )],
    outputs: &[PortSpec::new(
        "plot",
        "02c6ac12-8315-4bf7-af71-cb699f5213f8",
        DataType::PlotlyJson,
    )],
};

/// MultiTsFrame Plot with multiple Y Axes as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// MultiTsFrame Plot with multiple Y Axes: one scatter trace per metric (metrics in order
/// of first appearance; x = that metric's timestamps, y = its values, both in frame order,
/// name = the metric, palette line colour), trace `i` on y axis `"y"`, `"y2"`, …, laid out
/// as [`multi_y_figure`] describes. A missing `metric` column raises `KeyError: 'metric'`,
/// a missing `value`/`timestamp` column `KeyError` once there is a metric to plot.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let df = frame(inputs, "multitsframe")?;
    let traces = metric_traces(df, false)?;
    Ok(figure_output("plot", multi_y_figure(traces)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visualization::schema::check_figure;
    use crate::visualization::test_support::{frame, run_plot, try_plot, H, T0};
    use rheo_core::value::{Column, Tz};
    use serde_json::json;

    fn mts(metrics: &[&str], ts: &[i64], vals: &[f64]) -> rheo_core::Value {
        frame(
            Column::range(metrics.len()),
            vec![
                ("timestamp", Column::from_datetime_ns(ts.to_vec(), Tz::Utc)),
                (
                    "metric",
                    Column::from_strings(metrics.iter().map(|m| Some(m.to_string())).collect()),
                ),
                ("value", Column::from_f64(vals.to_vec())),
            ],
        )
    }

    #[test]
    fn one_axis_per_metric_in_frame_order() {
        let df = mts(&["b", "a", "b"], &[T0 + H, T0, T0], &[1.0, 2.0, f64::NAN]);
        let fig = run_plot(&COMPONENT, &[("multitsframe", df)]);
        check_figure(&fig);
        assert_eq!(
            fig["data"],
            json!([
                {"line": {"color": "#636EFA"}, "name": "b",
                 "x": ["2020-01-01T01:00:00+00:00", "2020-01-01T00:00:00+00:00"],
                 "y": [1.0, null], "yaxis": "y", "type": "scatter"},
                {"line": {"color": "#EF553B"}, "name": "a",
                 "x": ["2020-01-01T00:00:00+00:00"], "y": [2.0], "yaxis": "y2",
                 "type": "scatter"}
            ])
        );
        assert_eq!(fig["layout"]["yaxis2"]["overlaying"], "y");
        assert_eq!(fig["layout"]["height"], 200);
    }

    #[test]
    fn empty_frame_and_missing_columns() {
        let fig = run_plot(&COMPONENT, &[("multitsframe", mts(&[], &[], &[]))]);
        check_figure(&fig);
        assert_eq!(fig["data"], json!([]));
        let no_metric = frame(Column::range(0), vec![]);
        let e = try_plot(&COMPONENT, &[("multitsframe", no_metric)]).unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            ("KeyError", "'metric'")
        );
        let no_value = frame(
            Column::range(1),
            vec![("metric", Column::from_strings(vec![Some("a".into())]))],
        );
        let e = try_plot(&COMPONENT, &[("multitsframe", no_value)]).unwrap_err();
        assert_eq!(e.message, "'value'");
    }
}
