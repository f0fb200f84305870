//! Contour Plot (`f7530499-51b2-dd01-0d21-c24ee6f8c37e`): one contour trace of z values on
//! an x/y grid (as produced by 2D Grid Generator).

use super::plotly::{column_values, Figure, Layout};
use super::traces::Contour;
use rheo_core::component::{
    ComponentSpec, FnComponent, Inputs, Outputs, OutputsExt, PortSpec, State,
};
use rheo_core::value::SeriesValue;
use rheo_core::{ComponentError, DataType, Value};
use serde_json::Value as Json;

/// Identity and ports of Contour Plot 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "f7530499-51b2-dd01-0d21-c24ee6f8c37e",
    revision_group_id: "f7530499-51b2-dd01-0d21-c24ee6f8c37e",
    name: "Contour Plot",
    category: "Visualization",
    version_tag: "1.0.0",
    state: State::Released,
    description: "A simple contour plot",
    inputs: &[
        PortSpec::new(
            "x",
            "829cbd05-7a33-c931-b16e-a105f9a7c885",
            DataType::Series,
        ),
        PortSpec::new(
            "y",
            "54e9008c-0451-9e1c-c334-31e3887a4b07",
            DataType::Series,
        ),
        PortSpec::new(
            "z",
            "455f7a00-c731-b2ba-ee84-8d8b567bd50e",
            DataType::Series,
        ),
    ],
    outputs: &[PortSpec::new(
        "contour_plot",
        "53dff70b-364f-e5b7-fbb4-c293a5d2f339",
        DataType::PlotlyJson,
    )],
};

/// Contour Plot as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Contour Plot: a figure with one `contour` trace whose `z` is the values of `z` cut into
/// rows of `len(x)` values (numpy `reshape(-1, len(x))`; row i belongs to the i-th y),
/// `x`/`y` = the values of `x`/`y` (indexes ignored; NaN → `null`), plotly's default colour
/// scale. Layout: width 440, height 400, no grid on either axis, margins l0 r0 b0 t5 pad0,
/// automargin on both axes, no template.
///
/// The number of rows is not checked against `len(y)` (as in hetida). Errors: numpy's
/// `ValueError("cannot reshape array of size <len z> into shape (<len x>,)")` when `len(z)`
/// is not a multiple of `len(x)` or `x` is empty.
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let x = inputs.series("x")?;
    let y = inputs.series("y")?;
    let z = inputs.series("z")?;
    Ok(Outputs::single(
        "contour_plot",
        Value::Json(contour_figure(x, y, z)?),
    ))
}

fn contour_figure(
    x: &SeriesValue,
    y: &SeriesValue,
    z: &SeriesValue,
) -> Result<Json, ComponentError> {
    let width = x.len();
    if width == 0 || !z.len().is_multiple_of(width) {
        return Err(ComponentError::value_error(format!(
            "cannot reshape array of size {} into shape ({width},)",
            z.len()
        )));
    }
    let zs = column_values(&z.values, None);
    let rows: Vec<Vec<Json>> = zs.chunks(width).map(<[Json]>::to_vec).collect();
    let trace = Contour {
        z: rows,
        x: column_values(&x.values, None),
        y: column_values(&y.values, None),
    };
    let fig = Figure {
        data: vec![trace.into_json()],
        layout: Layout::matrix_plot(),
    };
    Ok(fig.into_json())
}

#[cfg(test)]
mod tests {
    use super::super::schema::check_figure;
    use super::*;
    use crate::kernels::elementwise::test_util::{fs, run1};
    use serde_json::json;

    fn run(x: Value, y: Value, z: Value) -> Result<Json, ComponentError> {
        match run1(&COMPONENT, &[("x", x), ("y", y), ("z", z)])? {
            Value::Json(j) => Ok(j),
            other => panic!("not a figure: {other:?}"),
        }
    }

    #[test]
    fn reshapes_z_into_rows_of_len_x() {
        let fig = run(
            fs(&[0, 1, 2], &[1.0, 2.0, 3.0]),
            fs(&[5, 6], &[10.0, 20.0]),
            fs(&[0, 1, 2, 3, 4, 5], &[1.0, 2.0, 3.0, 4.0, f64::NAN, 6.0]),
        )
        .unwrap();
        check_figure(&fig);
        assert_eq!(
            fig,
            json!({
                "data": [{"x": [1.0, 2.0, 3.0], "y": [10.0, 20.0],
                          "z": [[1.0, 2.0, 3.0], [4.0, null, 6.0]], "type": "contour"}],
                "layout": {"height": 400,
                           "margin": {"b": 0, "l": 0, "pad": 0, "r": 0, "t": 5},
                           "width": 440,
                           "xaxis": {"automargin": true, "showgrid": false},
                           "yaxis": {"automargin": true, "showgrid": false}}
            })
        );
    }

    #[test]
    fn single_point_and_reshape_errors() {
        let fig = run(fs(&[0], &[1.0]), fs(&[0], &[2.0]), fs(&[0], &[3.0])).unwrap();
        assert_eq!(fig["data"][0]["z"], json!([[3.0]]));
        let e = run(
            fs(&[0, 1], &[1.0, 2.0]),
            fs(&[0], &[1.0]),
            fs(&[0, 1, 2], &[1.0; 3]),
        )
        .unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        assert_eq!(e.message, "cannot reshape array of size 3 into shape (2,)");
        let e = run(fs(&[], &[]), fs(&[], &[]), fs(&[], &[])).unwrap_err();
        assert_eq!(e.message, "cannot reshape array of size 0 into shape (0,)");
    }
}
