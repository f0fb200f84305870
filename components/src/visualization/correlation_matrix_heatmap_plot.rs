//! Correlation Matrix Heatmap Plot (`8debf23e-54e3-5fa1-bb57-6d41058c66b7`): the Pearson
//! correlation matrix of a frame's columns as a heatmap.

use super::plotly::{float, Figure, Layout};
use super::traces::{ColorBar, Colorscale, Heatmap, SNS_DIVERGING};
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::json_out::python_float_repr;
use rheo_core::value::{Column, ColumnKind, FrameValue};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::Value as Json;

/// Identity and ports of Correlation Matrix Heatmap Plot 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "8debf23e-54e3-5fa1-bb57-6d41058c66b7",
    revision_group_id: "8debf23e-54e3-5fa1-bb57-6d41058c66b7",
    name: "Correlation Matrix Heatmap Plot",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Plotting a correlation matrix as a heatmap",
    inputs: &[PortSpec::new(
        "dataframe",
        "38fdfd24-a76e-6296-606e-73495727eaa0",
        DataType::DataFrame,
    )],
    outputs: &[PortSpec::new(
        "plot",
        "dd24f709-50f3-f9d5-94f6-ac9b0d403275",
        DataType::PlotlyJson,
    )],
};

/// Correlation Matrix Heatmap Plot as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Correlation Matrix Heatmap Plot: `dataframe.corr()` (Pearson, pairwise-complete rows,
/// see [`pearson_matrix`]) drawn as one `heatmap` trace: z = the matrix (NaN → `null`),
/// x = y = the column names, xgap = ygap = 1, hetida's 15-stop diverging colour scale
/// ([`SNS_DIVERGING`]), colorbar thickness 20 and ticklen 3, hovertext = every entry as
/// Python's `str(float)` (`"1.0"`, `"-0.5"`, `"nan"`), hoverinfo `"text"`. Layout: width 440,
/// height 400, no grid, y axis reversed (first column on top), margins l0 r0 b0 t5 pad0,
/// automargin, no template.
///
/// Columns are converted to float as pandas does (bools → 0/1, numeric strings parsed).
/// Errors: a string that is no number raises `ValueError("could not convert string to
/// float: '<s>'")`, a datetime column `TypeError` (pandas 2.x no longer skips non-numeric
/// columns).
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let frame = match inputs.value("dataframe")? {
        Value::Frame(f) => f,
        other => return Err(crate::kernels::elementwise::attribute_error(other, "corr")),
    };
    Ok(Outputs::single("plot", Value::Json(heatmap_figure(frame)?)))
}

/// The column as floats (pandas `to_numpy(dtype=float)`).
fn as_floats(col: &Column) -> Result<Vec<f64>, ComponentError> {
    match col.kind() {
        ColumnKind::Float | ColumnKind::Int | ColumnKind::Bool => {
            Ok(col.f64_values().unwrap_or_default().into_owned())
        }
        ColumnKind::Str => col
            .str_values()
            .unwrap_or_default()
            .into_iter()
            .map(|s| match s {
                None => Err(ComponentError::type_error(
                    "float() argument must be a string or a real number, not 'NoneType'",
                )),
                Some(s) => s.trim().parse::<f64>().map_err(|_| {
                    ComponentError::value_error(format!("could not convert string to float: '{s}'"))
                }),
            })
            .collect(),
        ColumnKind::Datetime => Err(ComponentError::type_error(
            "float() argument must be a string or a real number, not 'Timestamp'",
        )),
    }
}

/// pandas' `nancorr` (min_periods 1): for every pair of columns, an online (Welford)
/// update of means, sums of squared deviations and co-deviation over the rows where both
/// values are finite (NaN and ±inf count as missing); `covxy / sqrt(ssx * ssy)`, NaN when the divisor is 0 or no row is
/// complete. The diagonal is computed the same way (1.0 up to rounding, NaN for constant
/// columns).
pub fn pearson_matrix(cols: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let k = cols.len();
    let mut out = vec![vec![f64::NAN; k]; k];
    for xi in 0..k {
        for yi in 0..=xi {
            let (a, b) = (&cols[xi], &cols[yi]);
            let (mut nobs, mut meanx, mut meany) = (0.0f64, 0.0f64, 0.0f64);
            let (mut ssqdmx, mut ssqdmy, mut covxy) = (0.0f64, 0.0f64, 0.0f64);
            for (&vx, &vy) in a.iter().zip(b.iter()) {
                if !vx.is_finite() || !vy.is_finite() {
                    continue;
                }
                nobs += 1.0;
                let dx = vx - meanx;
                let dy = vy - meany;
                meanx += 1.0 / nobs * dx;
                meany += 1.0 / nobs * dy;
                ssqdmx += (vx - meanx) * dx;
                ssqdmy += (vy - meany) * dy;
                covxy += (vx - meanx) * dy;
            }
            let r = if nobs < 1.0 {
                f64::NAN
            } else {
                let divisor = (ssqdmx * ssqdmy).sqrt();
                if divisor != 0.0 {
                    covxy / divisor
                } else {
                    f64::NAN
                }
            };
            out[xi][yi] = r;
            out[yi][xi] = r;
        }
    }
    out
}

fn heatmap_figure(frame: &FrameValue) -> Result<Json, ComponentError> {
    let cols = frame
        .columns
        .values()
        .map(as_floats)
        .collect::<Result<Vec<_>, _>>()?;
    let corr = pearson_matrix(&cols);
    let names: Vec<Json> = frame
        .columns
        .keys()
        .map(|k| Json::String(k.clone()))
        .collect();
    let trace = Heatmap {
        z: corr
            .iter()
            .map(|r| r.iter().map(|&v| float(v)).collect())
            .collect(),
        x: names.clone(),
        y: names,
        xgap: Some(1.0),
        ygap: Some(1.0),
        colorscale: Some(Colorscale::stops(&SNS_DIVERGING)),
        colorbar: Some(ColorBar {
            thickness: Some(20.0),
            ticklen: Some(3.0),
            title: None,
        }),
        hovertext: Some(
            corr.iter()
                .map(|r| r.iter().map(|&v| python_float_repr(v)).collect())
                .collect(),
        ),
        hoverinfo: Some("text".into()),
    };
    let mut layout = Layout::matrix_plot();
    layout.yaxis.autorange = Some("reversed".into());
    let fig = Figure {
        data: vec![trace.into_json()],
        layout,
    };
    Ok(fig.into_json())
}

#[cfg(test)]
mod tests {
    use super::super::schema::check_figure;
    use super::*;
    use crate::kernels::elementwise::test_util::{range_frame as frame, run1};
    use serde_json::json;

    fn run(v: Value) -> Result<Json, ComponentError> {
        match run1(&COMPONENT, &[("dataframe", v)])? {
            Value::Json(j) => Ok(j),
            other => panic!("not a figure: {other:?}"),
        }
    }

    #[test]
    fn correlation_heatmap() {
        let fig = run(frame(vec![
            ("a", Column::from_i64(vec![1, 2, 3, 4])),
            ("b", Column::from_f64(vec![8.0, 6.0, 4.0, 2.0])),
            ("c", Column::from_f64(vec![1.0, f64::NAN, 1.0, 1.0])),
        ]))
        .unwrap();
        check_figure(&fig);
        let t = &fig["data"][0];
        assert_eq!(t["type"], "heatmap");
        assert_eq!(fig["data"].as_array().unwrap().len(), 1);
        assert_eq!(t["x"], json!(["a", "b", "c"]));
        assert_eq!(t["y"], json!(["a", "b", "c"]));
        // a and b perfectly anti-correlated; c constant → NaN everywhere in its row.
        assert_eq!(
            t["z"],
            json!([[1.0, -1.0, null], [-1.0, 1.0, null], [null, null, null]])
        );
        assert_eq!(
            t["hovertext"],
            json!([
                ["1.0", "-1.0", "nan"],
                ["-1.0", "1.0", "nan"],
                ["nan", "nan", "nan"]
            ])
        );
        assert_eq!(t["colorbar"], json!({"thickness": 20, "ticklen": 3}));
        assert_eq!(t["colorscale"][7], json!([0.5, "#f2f2f2"]));
        assert_eq!(t["hoverinfo"], "text");
        assert_eq!((t["xgap"].clone(), t["ygap"].clone()), (json!(1), json!(1)));
        assert_eq!(
            fig["layout"],
            json!({"height": 400, "margin": {"b": 0, "l": 0, "pad": 0, "r": 0, "t": 5},
                   "width": 440,
                   "xaxis": {"automargin": true, "showgrid": false},
                   "yaxis": {"automargin": true, "autorange": "reversed", "showgrid": false}})
        );
    }

    #[test]
    fn pairwise_complete_rows() {
        // Rows with NaN in either column are skipped per pair.
        let m = pearson_matrix(&[vec![1.0, 2.0, f64::NAN, 4.0], vec![2.0, 4.0, 5.0, 8.0]]);
        assert!((m[0][1] - 1.0).abs() < 1e-15);
        let m = pearson_matrix(&[vec![1.0, 2.0, 3.0], vec![1.0, 3.0, 2.0]]);
        assert!((m[0][1] - 0.5).abs() < 1e-15);
        // Infinite values are masked like NaN.
        let m = pearson_matrix(&[vec![1.0, f64::INFINITY, 3.0, 2.0], vec![1.0, 5.0, 3.0, 2.0]]);
        assert!((m[0][1] - 1.0).abs() < 1e-15);
        // One complete row: zero divisor → NaN.
        let m = pearson_matrix(&[vec![1.0], vec![2.0]]);
        assert!(m[0][1].is_nan() && m[0][0].is_nan());
    }

    #[test]
    fn edge_cases() {
        let fig = run(frame(vec![])).unwrap();
        check_figure(&fig);
        assert_eq!(fig["data"][0]["z"], json!([]));
        let fig = run(frame(vec![("a", Column::from_f64(vec![]))])).unwrap();
        assert_eq!(fig["data"][0]["z"], json!([[null]]));
        let fig = run(frame(vec![
            (
                "s",
                Column::from_strings(vec![Some("1".into()), Some("2".into())]),
            ),
            ("b", Column::from_bool(vec![false, true])),
        ]))
        .unwrap();
        assert_eq!(fig["data"][0]["z"][0][1], json!(1.0));
        let e = run(frame(vec![(
            "s",
            Column::from_strings(vec![Some("x".into())]),
        )]))
        .unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        assert_eq!(e.message, "could not convert string to float: 'x'");
        let e = run(frame(vec![(
            "t",
            Column::from_datetime_ns(vec![0], Default::default()),
        )]))
        .unwrap_err();
        assert_eq!(e.type_name, "TypeError");
    }
}
