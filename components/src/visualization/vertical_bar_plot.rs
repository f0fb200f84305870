//! Vertical Bar Plot (`9f55f116-f22a-c94b-42b4-1f7c184da3bf`): a series as vertical bars
//! labelled by its index (plotly express bar chart).

use super::plotly::{column_values, Figure, Layout, Marker};
use super::traces::{Bar, PxDefaults, PLOTLY_COLORWAY};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::SeriesValue;
use rheo_core::{ComponentError, DataType, Value};
use serde_json::Value as Json;

/// Identity and ports of Vertical Bar Plot 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "9f55f116-f22a-c94b-42b4-1f7c184da3bf",
    revision_group_id: "9f55f116-f22a-c94b-42b4-1f7c184da3bf",
    name: "Vertical Bar Plot",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Plotting a series of values as vertical bars",
    inputs: &[PortSpec::new(
        "series",
        "2e11c6e7-2a2f-eca5-0507-954ecb6f3329",
        DataType::Series,
    )],
    outputs: &[PortSpec::new(
        "plot",
        "9ab59d8b-9927-3664-dc40-ab9924e91e88",
        DataType::PlotlyJson,
    )],
};

/// Vertical Bar Plot as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Vertical Bar Plot: the px bar chart of the frame `{values: series, x: series.index}`:
/// one `bar` trace with x = the index labels (unsorted), y = the values (NaN → `null`),
/// px's defaults (marker colour `"#636efa"` with empty pattern shape, orientation `"v"`,
/// textposition `"auto"`, alignmentgroup `"True"`, offsetgroup `""`, name/legendgroup `""`,
/// no legend entry, hovertemplate `"x=%{x}<br>values=%{y}<extra></extra>"`). Layout: x axis
/// title `"x"`, y axis title `"values"` (px anchors and full domains, automargin),
/// barmode `"relative"`, legend tracegroupgap 0, autosize, height 200, margins l0 r0 b0 t5
/// pad0.
///
/// Deliberate deviation: hetida's figure (a plotly-express figure) also embeds plotly's
/// complete built-in "plotly" template under `layout.template`; it is not written here.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let s = inputs.series("series")?;
    Ok(Outputs::single("plot", Value::Json(bar_figure(s))))
}

fn bar_figure(s: &SeriesValue) -> Json {
    let bar = Bar {
        x: column_values(&s.index, None),
        y: column_values(&s.values, None),
        marker: Marker {
            pattern_shape: Some(String::new()),
            ..Marker::color(PLOTLY_COLORWAY[0])
        },
        px: PxDefaults::single("x=%{x}<br>values=%{y}<extra></extra>"),
    };
    Figure {
        data: vec![bar.into_json()],
        layout: Layout {
            barmode: Some("relative".into()),
            ..Layout::px(200, "x", "values")
        },
    }
    .into_json()
}

#[cfg(test)]
mod tests {
    use super::super::schema::check_figure;
    use super::*;
    use crate::kernels::elementwise::test_util::{fs, run1};
    use rheo_core::value::Column;
    use serde_json::json;

    fn run(v: Value) -> Json {
        match run1(&COMPONENT, &[("series", v)]).unwrap() {
            Value::Json(j) => j,
            other => panic!("not a figure: {other:?}"),
        }
    }

    #[test]
    fn bars_labelled_by_index() {
        let s = SeriesValue::new(
            Column::from_strings(vec![Some("NRW".into()), Some("BW".into())]),
            Column::from_f64(vec![2.0, f64::NAN]),
        );
        let fig = run(Value::Series(s));
        check_figure(&fig);
        assert_eq!(
            fig,
            json!({
                "data": [{"alignmentgroup": "True",
                          "hovertemplate": "x=%{x}<br>values=%{y}<extra></extra>",
                          "legendgroup": "", "marker": {"color": "#636efa", "pattern": {"shape": ""}},
                          "name": "", "offsetgroup": "", "orientation": "v", "showlegend": false,
                          "textposition": "auto", "x": ["NRW", "BW"], "xaxis": "x",
                          "y": [2.0, null], "yaxis": "y", "type": "bar"}],
                "layout": {"autosize": true, "barmode": "relative", "height": 200,
                           "legend": {"tracegroupgap": 0},
                           "margin": {"b": 0, "l": 0, "pad": 0, "r": 0, "t": 5},
                           "xaxis": {"anchor": "y", "automargin": true, "domain": [0.0, 1.0], "title": {"text": "x"}},
                           "yaxis": {"anchor": "x", "automargin": true, "domain": [0.0, 1.0], "title": {"text": "values"}}}
            })
        );
    }

    #[test]
    fn empty_and_numeric_index() {
        let fig = run(fs(&[], &[]));
        check_figure(&fig);
        assert_eq!(fig["data"][0]["x"], json!([]));
        let fig = run(fs(&[3, 1], &[1.5, 2.0]));
        assert_eq!(fig["data"][0]["x"], json!([3, 1]));
        assert_eq!(fig["data"].as_array().unwrap().len(), 1);
    }
}
