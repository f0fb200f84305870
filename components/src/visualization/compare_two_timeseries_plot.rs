//! Compare Two Timeseries Plot (`a432923f-4718-44ae-3c9c-9832e68724bb`): two series as
//! lines in one axis system.

use super::plot_util::{figure_output, sorted_xy, truthy_name};
use super::plotly::{Figure, Layout, Mode, Scatter};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::{ComponentError, DataType};

/// Identity and ports of Compare Two Timeseries Plot 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "a432923f-4718-44ae-3c9c-9832e68724bb",
    revision_group_id: "a432923f-4718-44ae-3c9c-9832e68724bb",
    name: "Compare Two Timeseries Plot",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Plotting of two timeseries in the same plot",
    inputs: &[
        PortSpec::new(
            "series_1",
            "d416b294-0dc1-06b8-01ad-afd4d9794ae4",
            DataType::Series,
        ),
        PortSpec::new(
            "series_2",
            "8478c25c-9370-e6d9-7a1f-4d611782570c",
            DataType::Series,
        ),
    ],
    outputs: &[PortSpec::new(
        "comparison_plot",
        "0951b836-933c-044d-030b-6c2ee3b5d00a",
        DataType::PlotlyJson,
    )],
};

/// Compare Two Timeseries Plot as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Compare Two Timeseries Plot: two scatter traces (mode `"lines"`) of `series_1` and
/// `series_2`, each sorted by index and named after its series, or `"series_1"` /
/// `"series_2"` when the name is missing or empty; hetida's standard time layout (axis
/// titles "Time"/"Values"). No colours are set (plotly's defaults apply).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let s1 = inputs.series("series_1")?;
    let s2 = inputs.series("series_2")?;
    let mut fig = Figure::new(Layout::standard_time());
    for (s, default) in [(s1, "series_1"), (s2, "series_2")] {
        let (x, y) = sorted_xy(s);
        fig.add_scatter(
            Scatter::new(x, y)
                .mode(Mode::Lines)
                .name(truthy_name(s, default)),
        );
    }
    Ok(figure_output("comparison_plot", fig.into_json()))
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
    fn two_sorted_named_line_traces() {
        let mut a = ts_series(&[T0 + H, T0], Tz::Fixed(3600), &[1.0, 2.0]);
        a.name = Some("a".into());
        let mut b = ts_series(&[T0], Tz::Utc, &[f64::NAN]);
        b.name = Some(String::new());
        let fig = run_plot(
            &COMPONENT,
            &[
                ("series_1", Value::Series(a)),
                ("series_2", Value::Series(b)),
            ],
        );
        check_figure(&fig);
        assert_eq!(
            fig["data"],
            json!([
                {"mode": "lines", "name": "a",
                 "x": ["2020-01-01T01:00:00+01:00", "2020-01-01T02:00:00+01:00"],
                 "y": [2.0, 1.0], "type": "scatter"},
                {"mode": "lines", "name": "series_2", "x": ["2020-01-01T00:00:00+00:00"],
                 "y": [null], "type": "scatter"}
            ])
        );
        assert_eq!(fig["layout"]["yaxis"]["title"]["text"], "Values");
        assert_eq!(fig["layout"]["xaxis"]["title"]["text"], "Time");
    }

    #[test]
    fn empty_series_give_empty_traces() {
        let e = ts_series(&[], Tz::Utc, &[]);
        let fig = run_plot(
            &COMPONENT,
            &[
                ("series_1", Value::Series(e.clone())),
                ("series_2", Value::Series(e)),
            ],
        );
        check_figure(&fig);
        assert_eq!(fig["data"][0]["name"], "series_1");
        assert_eq!(fig["data"][1]["x"], json!([]));
    }
}
