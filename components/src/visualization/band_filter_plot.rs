//! Band Filter Plot (`ff2392cb-b0ff-4672-803f-4fb44ecca5b5`): the output frame of "Moving
//! Window MAD Band Filter" as outliers, inliers, band centre and limits.

use super::plot_util::{column, figure_output, frame};
use super::plotly::{column_values, floats, Figure, Layout, Line, Marker, Mode, Scatter};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::{Column, ColumnKind};
use rheo_core::{ComponentError, DataType};
use std::borrow::Cow;

/// Identity and ports of Band Filter Plot 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "ff2392cb-b0ff-4672-803f-4fb44ecca5b5",
    revision_group_id: "02836778-e7d9-4352-952d-9927f34b58fe",
    name: "Band Filter Plot",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Plotting a band filter dataframe",
    inputs: &[PortSpec::new(
        "band_filter_dataframe",
        "1393fcf7-0562-4b47-b655-144e3dac4106",
        DataType::DataFrame,
    )],
    outputs: &[PortSpec::new(
        "band_filter_plot",
        "a36ab320-ae3d-48f0-b57c-5e541e987615",
        DataType::PlotlyJson,
    )],
};

/// Band Filter Plot as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Band Filter Plot on hetida's standard time layout, five scatter traces in this order
/// (x = the frame index, unsorted):
///
/// 1. "Outlier": mode markers, marker colour "red", the `values` where `filter_mask ==
///    False`;
/// 2. "Inlier": mode markers, marker colour "slategray", where `filter_mask == True`;
/// 3. "Moving Window Median": `band_center`, line colour "limegreen" (no mode);
/// 4. "Upper limit": `band_center + rolling_deviation`, line colour "orange";
/// 5. "Lower limit": `band_center - rolling_deviation`, line colour "orange".
///
/// `filter_mask` compares like pandas: booleans as they are, numbers equal to 0/1, missing
/// entries and strings match neither. Limits are computed in floats (NaN → `null`).
/// Missing columns raise `KeyError` in the order hetida reads them (`filter_mask`,
/// `values`, `band_center`, `rolling_deviation`); non-numeric band columns raise
/// `TypeError`.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let df = frame(inputs, "band_filter_dataframe")?;
    let mask = mask_values(column(df, "filter_mask")?);
    let values = column(df, "values")?;
    let center_col = column(df, "band_center")?;
    let deviation_col = column(df, "rolling_deviation")?;
    let center = numeric(center_col, "band_center")?;
    let deviation = numeric(deviation_col, "rolling_deviation")?;

    let mut fig = Figure::new(Layout::standard_time());
    for (want, name, color) in [(false, "Outlier", "red"), (true, "Inlier", "slategray")] {
        let rows: Vec<usize> = (0..mask.len()).filter(|&i| mask[i] == Some(want)).collect();
        fig.add_scatter(
            Scatter::new(
                column_values(&df.index, Some(&rows)),
                column_values(values, Some(&rows)),
            )
            .mode(Mode::Markers)
            .name(name)
            .marker(Marker::color(color)),
        );
    }
    let x = column_values(&df.index, None);
    let upper: Vec<f64> = center
        .iter()
        .zip(deviation.iter())
        .map(|(c, d)| c + d)
        .collect();
    let lower: Vec<f64> = center
        .iter()
        .zip(deviation.iter())
        .map(|(c, d)| c - d)
        .collect();
    for (name, y, color) in [
        (
            "Moving Window Median",
            column_values(center_col, None),
            "limegreen",
        ),
        ("Upper limit", floats(&upper), "orange"),
        ("Lower limit", floats(&lower), "orange"),
    ] {
        fig.add_scatter(Scatter::new(x.clone(), y).name(name).line(Line {
            color: Some(color.into()),
            ..Default::default()
        }));
    }
    Ok(figure_output("band_filter_plot", fig.into_json()))
}

/// The float data of a band column (`TypeError` when it is not numeric).
fn numeric<'a>(c: &'a Column, name: &str) -> Result<Cow<'a, [f64]>, ComponentError> {
    c.f64_values().ok_or_else(|| {
        ComponentError::type_error(format!(
            "unsupported operand type(s) for +: column '{name}' is not numeric"
        ))
    })
}

/// `filter_mask` entries as pandas' `== True`/`== False` see them.
fn mask_values(col: &Column) -> Vec<Option<bool>> {
    match col.kind() {
        ColumnKind::Bool => col.bool_values().unwrap_or_default(),
        ColumnKind::Float | ColumnKind::Int => col
            .f64_values()
            .unwrap_or_default()
            .iter()
            .map(|&v| {
                if v == 0.0 {
                    Some(false)
                } else if v == 1.0 {
                    Some(true)
                } else {
                    None
                }
            })
            .collect(),
        ColumnKind::Str | ColumnKind::Datetime => vec![None; col.len()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::visualization::schema::check_figure;
    use crate::visualization::test_support::{frame, run_plot, try_plot, H, T0};
    use rheo_core::value::Tz;
    use serde_json::json;

    #[test]
    fn five_traces_split_by_mask() {
        let df = frame(
            Column::from_datetime_ns(vec![T0, T0 + H, T0 + 2 * H], Tz::Utc),
            vec![
                ("values", Column::from_f64(vec![1.0, 5.0, 2.0])),
                ("band_center", Column::from_f64(vec![f64::NAN, 1.5, 2.0])),
                (
                    "rolling_deviation",
                    Column::from_f64(vec![f64::NAN, 0.5, 1.0]),
                ),
                ("filter_mask", Column::from_bool(vec![true, false, true])),
            ],
        );
        let fig = run_plot(&COMPONENT, &[("band_filter_dataframe", df)]);
        check_figure(&fig);
        let x = json!([
            "2020-01-01T00:00:00+00:00",
            "2020-01-01T01:00:00+00:00",
            "2020-01-01T02:00:00+00:00"
        ]);
        assert_eq!(
            fig["data"],
            json!([
                {"marker": {"color": "red"}, "mode": "markers", "name": "Outlier",
                 "x": ["2020-01-01T01:00:00+00:00"], "y": [5.0], "type": "scatter"},
                {"marker": {"color": "slategray"}, "mode": "markers", "name": "Inlier",
                 "x": ["2020-01-01T00:00:00+00:00", "2020-01-01T02:00:00+00:00"],
                 "y": [1.0, 2.0], "type": "scatter"},
                {"line": {"color": "limegreen"}, "name": "Moving Window Median", "x": x,
                 "y": [null, 1.5, 2.0], "type": "scatter"},
                {"line": {"color": "orange"}, "name": "Upper limit", "x": x,
                 "y": [null, 2.0, 3.0], "type": "scatter"},
                {"line": {"color": "orange"}, "name": "Lower limit", "x": x,
                 "y": [null, 1.0, 1.0], "type": "scatter"}
            ])
        );
        assert_eq!(fig["layout"]["xaxis"]["title"]["text"], "Time");
    }

    #[test]
    fn float_mask_and_missing_columns() {
        let df = frame(
            Column::range(3),
            vec![
                ("values", Column::from_f64(vec![1.0, 2.0, 3.0])),
                ("band_center", Column::from_f64(vec![0.0; 3])),
                ("rolling_deviation", Column::from_f64(vec![1.0; 3])),
                ("filter_mask", Column::from_f64(vec![0.0, f64::NAN, 1.0])),
            ],
        );
        let fig = run_plot(&COMPONENT, &[("band_filter_dataframe", df)]);
        check_figure(&fig);
        assert_eq!(fig["data"][0]["x"], json!([0]));
        assert_eq!(fig["data"][1]["x"], json!([2]));
        let empty = frame(Column::range(0), vec![("values", Column::from_f64(vec![]))]);
        let e = try_plot(&COMPONENT, &[("band_filter_dataframe", empty)]).unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            ("KeyError", "'filter_mask'")
        );
    }
}
