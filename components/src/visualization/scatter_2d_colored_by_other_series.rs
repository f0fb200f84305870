//! 2D Scatter Plot colored by other Series (`216f03cb-eec8-1907-f980-1df6abc2fb5b`): y
//! against x, coloured by a third series (plotly express scatter).

use super::scatter_2d_colored_by_index::{
    gather, scatter_figure, seconds_from_start, Coloring, XyFrame,
};
use crate::kernels::elementwise::align;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::{Column, ColumnKind};
use rheo_core::{ComponentError, DataType, Value};

/// Identity and ports of 2D Scatter Plot colored by other Series 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "216f03cb-eec8-1907-f980-1df6abc2fb5b",
    revision_group_id: "216f03cb-eec8-1907-f980-1df6abc2fb5b",
    name: "2D Scatter Plot colored by other Series",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Plotting two series into the plane using a third Series for coloring points",
    inputs: &[
        PortSpec::new(
            "x",
            "b98360cf-4089-2150-0e06-f434221f1f97",
            DataType::Series,
        ),
        PortSpec::new(
            "y",
            "ec8b14c7-7add-de01-e9e4-303970121c27",
            DataType::Series,
        ),
        PortSpec::new(
            "color",
            "bebaf4b0-22cf-4d95-0b9f-edc173542f8f",
            DataType::Series,
        ),
    ],
    outputs: &[PortSpec::new(
        "scatter_plot",
        "599dd929-2009-4bf8-d924-7b0c3386dcec",
        DataType::PlotlyJson,
    )],
};

/// 2D Scatter Plot colored by other Series as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// 2D Scatter Plot colored by other Series: like "2D Scatter Plot colored by Index" (same
/// frame, px defaults, layout; see
/// [`super::scatter_2d_colored_by_index::run`]), but coloured by
/// `color` placed into the frame by label (left join onto the x/y index, `null` where it
/// lacks a label). The colour column is named after the series, or `"color"` when unnamed.
/// By the dtype of `color`:
///
/// * datetime: seconds since the earliest (joined) value, continuous;
/// * numeric or bool: the values, continuous (Plasma colour axis, colorbar titled with the
///   colour column, hovertemplate `"x=%{x}<br>y=%{y}<br><col>=%{marker.color}<extra></extra>"`);
/// * strings: one trace per category in order of first appearance (rows without a
///   category are dropped, as pandas' groupby does), legendgroup/name = category, in the
///   legend, marker colours cycling through px's default colours (`#636efa`, `#EF553B`, …),
///   hovertemplate `"<col>=<category><br>x=%{x}<br>y=%{y}<extra></extra>"`, legend titled
///   with the colour column.
///
/// Errors: pandas' `ValueError("cannot reindex on an axis with duplicate labels")` when
/// `color` has duplicate labels and its index differs from the frame's.
///
/// Deliberate deviations: the full "plotly" template of hetida's px figure is not written;
/// a colour series named `"x"` or `"y"` (which in hetida overwrites that frame column) is
/// used as colour only.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let x = inputs.series("x")?;
    let y = inputs.series("y")?;
    let color = inputs.series("color")?;
    let frame = XyFrame::new(x, y)?;
    let take = left_take(&frame.index, &color.index)?;
    let name = color.name.clone().unwrap_or_else(|| "color".into());
    let coloring = match color.values.kind() {
        ColumnKind::Datetime => {
            let joined = match &take {
                None => color.values.clone(),
                Some(t) => take_datetimes(&color.values, t),
            };
            Coloring::Continuous {
                name,
                values: seconds_from_start(&joined),
            }
        }
        ColumnKind::Int | ColumnKind::Float | ColumnKind::Bool => Coloring::Continuous {
            name,
            values: gather(&color.values, take.as_deref()),
        },
        ColumnKind::Str => {
            let v = color.values.str_values().unwrap_or_default();
            let labels = match &take {
                None => v.iter().map(|s| s.map(str::to_string)).collect(),
                Some(t) => t
                    .iter()
                    .map(|&i| v.get(i).copied().flatten().map(str::to_string))
                    .collect(),
            };
            Coloring::Categorical { name, labels }
        }
    };
    Ok(Outputs::single(
        "scatter_plot",
        Value::Json(scatter_figure(frame, coloring)),
    ))
}

/// For every row of `target`, the position of its label in `source` (`usize::MAX` when
/// absent); `None` when both indexes are identical (positional).
fn left_take(target: &Column, source: &Column) -> Result<Option<Vec<usize>>, ComponentError> {
    let al = align(target, source)?;
    let Some((lt, rt)) = al.takes else {
        return Ok(None);
    };
    let mut take = vec![usize::MAX; target.len()];
    let mut seen = vec![false; target.len()];
    for (&l, &r) in lt.iter().zip(&rt) {
        if l >= target.len() {
            continue;
        }
        if seen[l] {
            return Err(ComponentError::value_error(
                "cannot reindex on an axis with duplicate labels",
            ));
        }
        seen[l] = true;
        take[l] = r;
    }
    Ok(Some(take))
}

fn take_datetimes(col: &Column, take: &[usize]) -> Column {
    let v = col.datetime_ns_opt().unwrap_or_default();
    Column::from_opt_datetime_ns(
        take.iter().map(|&t| v.get(t).copied().flatten()).collect(),
        col.tz,
    )
}

#[cfg(test)]
mod tests {
    use super::super::schema::check_figure;
    use super::*;
    use crate::kernels::elementwise::test_util::{fs, named, run1};
    use rheo_core::value::{SeriesValue, Tz};
    use serde_json::{json, Value as Json};

    fn run(x: Value, y: Value, c: Value) -> Result<Json, ComponentError> {
        match run1(&COMPONENT, &[("x", x), ("y", y), ("color", c)])? {
            Value::Json(j) => Ok(j),
            other => panic!("not a figure: {other:?}"),
        }
    }

    fn strs(index: &[i64], v: &[Option<&str>]) -> Value {
        Value::Series(SeriesValue::new(
            Column::from_i64(index.to_vec()),
            Column::from_strings(v.iter().map(|s| s.map(str::to_string)).collect()),
        ))
    }

    #[test]
    fn categorical_colours_give_one_trace_per_category() {
        let fig = run(
            fs(&[0, 1, 2, 3], &[1.0, 2.0, 3.0, 4.0]),
            fs(&[0, 1, 2, 3], &[5.0, 6.0, 7.0, 8.0]),
            named(
                strs(&[0, 1, 2, 3], &[Some("b"), Some("a"), None, Some("b")]),
                "kind",
            ),
        )
        .unwrap();
        check_figure(&fig);
        let data = fig["data"].as_array().unwrap();
        assert_eq!(data.len(), 2);
        assert_eq!(data[0]["name"], "b");
        assert_eq!(data[0]["legendgroup"], "b");
        assert_eq!(data[0]["showlegend"], true);
        assert_eq!(data[0]["x"], json!([1.0, 4.0]));
        assert_eq!(data[0]["y"], json!([5.0, 8.0]));
        assert_eq!(
            data[0]["marker"],
            json!({"color": "#636efa", "symbol": "circle"})
        );
        assert_eq!(data[1]["marker"]["color"], "#EF553B");
        assert_eq!(
            data[1]["hovertemplate"],
            "kind=a<br>x=%{x}<br>y=%{y}<extra></extra>"
        );
        assert_eq!(
            fig["layout"]["legend"],
            json!({"title": {"text": "kind"}, "tracegroupgap": 0})
        );
        assert!(fig["layout"].get("coloraxis").is_none());
    }

    #[test]
    fn numeric_and_datetime_colours_are_continuous() {
        // Colour series with labels in another order and one missing label.
        let fig = run(
            fs(&[0, 1, 2], &[1.0, 2.0, 3.0]),
            fs(&[0, 1, 2], &[4.0, 5.0, 6.0]),
            fs(&[2, 0], &[20.0, 0.5]),
        )
        .unwrap();
        check_figure(&fig);
        assert_eq!(fig["data"][0]["marker"]["color"], json!([0.5, null, 20.0]));
        assert_eq!(
            fig["layout"]["coloraxis"]["colorbar"]["title"]["text"],
            "color"
        );
        let s = 1_000_000_000;
        let dt = Value::Series(SeriesValue::new(
            Column::from_i64(vec![0, 1]),
            Column::from_datetime_ns(vec![10 * s, 4 * s], Tz::Naive),
        ));
        let fig = run(fs(&[0, 1], &[1.0, 2.0]), fs(&[0, 1], &[1.0, 2.0]), dt).unwrap();
        assert_eq!(fig["data"][0]["marker"]["color"], json!([6.0, 0.0]));
    }

    #[test]
    fn empty_inputs_and_duplicate_colour_labels() {
        let fig = run(fs(&[], &[]), fs(&[], &[]), fs(&[], &[])).unwrap();
        check_figure(&fig);
        assert_eq!(fig["data"][0]["x"], json!([]));
        let e = run(
            fs(&[0, 1], &[1.0, 2.0]),
            fs(&[0, 1], &[1.0, 2.0]),
            fs(&[0, 0, 1], &[1.0, 2.0, 3.0]),
        )
        .unwrap_err();
        assert_eq!(e.message, "cannot reindex on an axis with duplicate labels");
    }
}
