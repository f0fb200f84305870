//! Single Timeseries Plot (`8fba9b51-a0f1-6c6c-a6d4-e224103b819c`): a line plot of one
//! series.

use super::plot_util::{figure_output, sorted_xy, standard_layout_named};
use super::plotly::{Figure, Line, Mode, Scatter};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::SeriesValue;
use rheo_core::{ComponentError, DataType};
use serde_json::Value as Json;

/// Identity and ports of Single Timeseries Plot 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "8fba9b51-a0f1-6c6c-a6d4-e224103b819c",
    revision_group_id: "8fba9b51-a0f1-6c6c-a6d4-e224103b819c",
    name: "Single Timeseries Plot",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Plotting a single timeseries",
    inputs: &[PortSpec::new(
        "series",
        "70753b5c-4a8d-fb0b-36d0-076fc7cd7967",
        DataType::Series,
    )],
    outputs: &[PortSpec::new(
        "plot",
        "eb779c1e-6d98-2cec-506f-ffb8fc11f38a",
        DataType::PlotlyJson,
    )],
};

/// Single Timeseries Plot as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Single Timeseries Plot: one scatter trace (mode `"lines"`, line colour `"#1199bb"`, no
/// name) through the series sorted by index (x = index labels, timestamps as `isoformat()`
/// strings; y = values, NaN → `null` gaps), on hetida's standard time layout whose y axis
/// is titled with the series name when the series has one (an empty name gives an empty
/// title, as `series.name is not None` in hetida). Any value dtype is plotted as is; an
/// empty series gives a trace with empty data.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let series = inputs.series("series")?;
    Ok(figure_output("plot", single_figure(series)))
}

/// Builds the figure (see [`run`]).
pub fn single_figure(series: &SeriesValue) -> Json {
    let (x, y) = sorted_xy(series);
    let mut fig = Figure::new(standard_layout_named(series.name.as_deref()));
    fig.add_scatter(Scatter::new(x, y).mode(Mode::Lines).line(Line {
        color: Some("#1199bb".into()),
        ..Default::default()
    }));
    fig.into_json()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visualization::schema::check_figure;
    use crate::visualization::test_support::{run_plot, ts_series, H, T0};
    use rheo_core::value::{Column, Tz};
    use rheo_core::Value;
    use serde_json::json;

    #[test]
    fn plots_sorted_series_with_name_as_y_title() {
        let mut s = ts_series(&[T0 + H, T0], Tz::Utc, &[2.0, f64::NAN]);
        s.name = Some("temp".into());
        let fig = run_plot(&COMPONENT, &[("series", Value::Series(s))]);
        check_figure(&fig);
        assert_eq!(
            fig,
            json!({
                "data": [{"line": {"color": "#1199bb"}, "mode": "lines",
                          "x": ["2020-01-01T00:00:00+00:00", "2020-01-01T01:00:00+00:00"],
                          "y": [null, 2.0], "type": "scatter"}],
                "layout": {"autosize": true, "height": 200,
                           "margin": {"b": 0, "l": 0, "pad": 0, "r": 0, "t": 5},
                           "xaxis": {"automargin": true, "title": {"text": "Time"}},
                           "yaxis": {"automargin": true, "title": {"text": "temp"}}}
            })
        );
    }

    #[test]
    fn unnamed_and_empty_series() {
        let s = ts_series(&[], Tz::Naive, &[]);
        let fig = run_plot(&COMPONENT, &[("series", Value::Series(s))]);
        check_figure(&fig);
        assert_eq!(fig["data"].as_array().unwrap().len(), 1);
        assert_eq!(fig["data"][0]["x"], json!([]));
        assert_eq!(fig["layout"]["yaxis"]["title"]["text"], "Values");
        let mut s = SeriesValue::new(Column::from_i64(vec![3, 1]), Column::from_i64(vec![7, 8]));
        s.name = Some(String::new());
        let fig = run_plot(&COMPONENT, &[("series", Value::Series(s))]);
        check_figure(&fig);
        assert_eq!(fig["data"][0]["x"], json!([1, 3]));
        assert_eq!(fig["data"][0]["y"], json!([8, 7]));
        assert_eq!(fig["layout"]["yaxis"]["title"]["text"], "");
    }

    #[test]
    fn large_reversed_series_is_sorted_columnar() {
        let n = 100_000;
        let ts: Vec<i64> = (0..n).rev().map(|i| T0 + i * 1_000_000_000).collect();
        let ys: Vec<f64> = (0..n).rev().map(|i| i as f64).collect();
        let fig = run_plot(
            &COMPONENT,
            &[("series", Value::Series(ts_series(&ts, Tz::Utc, &ys)))],
        );
        let x = fig["data"][0]["x"].as_array().unwrap();
        let y = fig["data"][0]["y"].as_array().unwrap();
        assert_eq!((x.len(), y.len()), (n as usize, n as usize));
        assert_eq!(x[1], "2020-01-01T00:00:01+00:00");
        assert_eq!(y[n as usize - 1], json!((n - 1) as f64));
    }
}
