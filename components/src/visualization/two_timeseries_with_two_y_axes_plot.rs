//! Two Timeseries with Two Y Axes Plot (`5dc42708-34fd-ab82-bf2c-307fd66ad749`): two
//! series on a primary and a secondary y axis.

use super::plot_util::{figure_output, sorted_xy, truthy_name};
use super::plotly::{float, Axis, Figure, Layout, Margin, Mode, Scatter};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};
use serde_json::Value as Json;

/// Identity and ports of Two Timeseries with Two Y Axes Plot 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "5dc42708-34fd-ab82-bf2c-307fd66ad749",
    revision_group_id: "5dc42708-34fd-ab82-bf2c-307fd66ad749",
    name: "Two Timeseries with Two Y Axes Plot",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Two timeseries in the same plot with each having its own y axis",
    inputs: &[
        PortSpec::new(
            "series_1",
            "9510b309-8dcf-c3fc-b7b1-0f1e44e775f4",
            DataType::Series,
        ),
        PortSpec::new(
            "series_2",
            "e3a6d38c-ff01-f859-011e-2be50d03a498",
            DataType::Series,
        ),
    ],
    outputs: &[PortSpec::new(
        "plot",
        "fcc6dc33-541f-0bb4-8543-e3ff36f2eb02",
        DataType::PlotlyJson,
    )],
};

/// Two Timeseries with Two Y Axes Plot as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Two Timeseries with Two Y Axes Plot: the figure plotly's `make_subplots` with a
/// secondary y axis yields in hetida:
///
/// * trace 1: `series_1` sorted by index, mode `"lines"`, on axes `"x"`/`"y"`;
/// * trace 2: `series_2` sorted by index, mode `"lines"`, on axes `"x"`/`"y2"`;
///   trace names = the series name if non-empty, else `"series_1"`/`"series_2"`;
/// * layout: `xaxis` {anchor "y", domain [0.0, 0.94], title "Time"}, `yaxis` {anchor "x",
///   domain [0.0, 1.0], title = series_1's name (`"series_1"` only when it has none, so an
///   empty name stays empty)}, `yaxis2` {anchor "x", overlaying "y", side "right", title =
///   series_2's name by the same rule}; every axis has automargin; autosize, height 200,
///   margins 0 except t 5. No colours are set.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let s1 = inputs.series("series_1")?;
    let s2 = inputs.series("series_2")?;
    let domain = |a: f64, b: f64| Some([float(a), float(b)]);
    let layout = Layout {
        autosize: Some(true),
        height: Some(200),
        margin: Some(Margin::standard()),
        xaxis: Axis {
            anchor: Some("y".into()),
            domain: domain(0.0, 0.94),
            title: Some("Time".into()),
            automargin: Some(true),
            ..Default::default()
        },
        yaxis: Axis {
            anchor: Some("x".into()),
            domain: domain(0.0, 1.0),
            title: Some(s1.name.clone().unwrap_or_else(|| "series_1".into())),
            automargin: Some(true),
            ..Default::default()
        },
        more_yaxes: vec![Axis {
            anchor: Some("x".into()),
            overlaying: Some("y".into()),
            side: Some("right".into()),
            title: Some(s2.name.clone().unwrap_or_else(|| "series_2".into())),
            automargin: Some(true),
            ..Default::default()
        }],
        ..Default::default()
    };
    let mut fig = Figure::new(layout);
    for (s, default, yaxis) in [(s1, "series_1", "y"), (s2, "series_2", "y2")] {
        let (x, y) = sorted_xy(s);
        fig.add_scatter(
            Scatter::new(x, y)
                .mode(Mode::Lines)
                .name(truthy_name(s, default))
                .xaxis("x")
                .yaxis(yaxis),
        );
    }
    let figure: Json = fig.into_json();
    Ok(figure_output("plot", figure))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visualization::schema::check_figure;
    use crate::visualization::test_support::{run_plot, ts_series, H, T0};
    use rheo_core::value::Tz;
    use rheo_core::Value;
    use serde_json::json;

    #[test]
    fn primary_and_secondary_axes() {
        let mut a = ts_series(&[T0 + H, T0], Tz::Utc, &[1.0, f64::NAN]);
        a.name = Some("pressure".into());
        let b = ts_series(&[T0], Tz::Utc, &[5.0]);
        let fig = run_plot(
            &COMPONENT,
            &[
                ("series_1", Value::Series(a)),
                ("series_2", Value::Series(b)),
            ],
        );
        check_figure(&fig);
        assert_eq!(
            fig,
            json!({
                "data": [
                    {"mode": "lines", "name": "pressure",
                     "x": ["2020-01-01T00:00:00+00:00", "2020-01-01T01:00:00+00:00"],
                     "xaxis": "x", "y": [null, 1.0], "yaxis": "y", "type": "scatter"},
                    {"mode": "lines", "name": "series_2", "x": ["2020-01-01T00:00:00+00:00"],
                     "xaxis": "x", "y": [5.0], "yaxis": "y2", "type": "scatter"}
                ],
                "layout": {
                    "autosize": true, "height": 200,
                    "margin": {"b": 0, "l": 0, "pad": 0, "r": 0, "t": 5},
                    "xaxis": {"anchor": "y", "automargin": true, "domain": [0.0, 0.94],
                              "title": {"text": "Time"}},
                    "yaxis": {"anchor": "x", "automargin": true, "domain": [0.0, 1.0],
                              "title": {"text": "pressure"}},
                    "yaxis2": {"anchor": "x", "automargin": true, "overlaying": "y",
                               "side": "right", "title": {"text": "series_2"}}
                }
            })
        );
    }

    #[test]
    fn empty_names_keep_empty_axis_titles() {
        let mut a = ts_series(&[], Tz::Naive, &[]);
        a.name = Some(String::new());
        let fig = run_plot(
            &COMPONENT,
            &[
                ("series_1", Value::Series(a.clone())),
                ("series_2", Value::Series(a)),
            ],
        );
        check_figure(&fig);
        assert_eq!(fig["data"][0]["name"], "series_1");
        assert_eq!(fig["layout"]["yaxis"]["title"]["text"], "");
        assert_eq!(fig["data"][1]["y"], json!([]));
    }
}
