//! Linear Regression (`10ab5fc1-9654-8a46-1c36-03660b4a2681`): ordinary least squares of
//! every column of one frame on all columns of another (scikit-learn `LinearRegression`).

use crate::kernels::elementwise::{binary, SubOp};
use crate::kernels::estimators::linear::LinearModel;
use crate::kernels::estimators::native::{frame_columns, frame_input};
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::{Column, FrameValue, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};
use std::sync::Arc;

/// Identity and ports of Linear Regression 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "10ab5fc1-9654-8a46-1c36-03660b4a2681",
    revision_group_id: "10ab5fc1-9654-8a46-1c36-03660b4a2681",
    name: "Linear Regression",
    category: "Regression",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Linear Regression on dataframes of values",
    inputs: &[
        PortSpec::new(
            "x_values",
            "1e51c656-2fd4-16aa-dc56-e17fab75fe5d",
            DataType::DataFrame,
        ),
        PortSpec::new(
            "y_values",
            "313ce24c-b25b-c1c4-b5a7-020cf35b067e",
            DataType::DataFrame,
        ),
    ],
    outputs: &[
        PortSpec::new(
            "intercept",
            "b15d85d7-6ed3-2844-3daa-e7ef1a3d4ad0",
            DataType::Series,
        ),
        PortSpec::new(
            "slope",
            "05b6bb88-0949-8ffb-2559-1b8f4f7da6d6",
            DataType::DataFrame,
        ),
        PortSpec::new(
            "preds",
            "f9247cd7-d3df-be56-478d-22815c22d02a",
            DataType::DataFrame,
        ),
        PortSpec::new(
            "diffs",
            "9b0734c2-3db2-06a8-b5e5-53e2cd306cf0",
            DataType::DataFrame,
        ),
        PortSpec::new(
            "trained_model",
            "4388d326-dd86-867d-5bea-80508f55b5f8",
            DataType::Any,
        ),
    ],
};

/// Linear Regression as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Linear Regression: fits every column of `y_values` on all columns of `x_values` by
/// ordinary least squares with intercept, rows matched **by position** (scikit-learn
/// `LinearRegression()` defaults).
///
/// * `intercept`: float series indexed by the y column names (unnamed).
/// * `slope`: float frame, index = x column names, columns = y column names
///   (the coefficient of x_i for y_j).
/// * `preds`: the fitted values, a frame with y's columns on x's index.
/// * `diffs`: `preds - y_values` with pandas alignment of index and columns (NaN rows where
///   the indexes differ).
/// * `trained_model`: the fitted model as a native model JSON
///   (`{"__rheo_native_model__": "LinearRegression", "feature_names_in", "target_names",
///   "coef" (one row per target), "intercept"}`) instead of a pickled scikit-learn object;
///   the Predict component of category Models applies it.
///
/// Numerics: X and y are centred; the centred X is decomposed by a one-sided Jacobi SVD and
/// the least-squares solution is the pseudo-inverse solution (singular values below
/// `max(n, p) · ε · σ_max` are treated as zero), so rank-deficient X (collinear columns,
/// a single row) gives the minimum-norm coefficients as scipy's `lstsq` does.
///
/// Errors (scikit-learn's ValueErrors): NaN/±inf ("Input X contains NaN.", "Input y
/// contains NaN."), string columns, no rows or columns, and different row counts ("Found
/// input variables with inconsistent numbers of samples: [n_x, n_y]").
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let x = frame_input(inputs, "x_values")?;
    let y = frame_input(inputs, "y_values")?;
    let xc = frame_columns(x, "LinearRegression", "X", false)?;
    let yc = frame_columns(y, "LinearRegression", "y", false)?;
    check_lengths(x.height(), y.height())?;
    let model = LinearModel::fit(
        &xc,
        &yc,
        x.columns.keys().cloned().collect(),
        y.columns.keys().cloned().collect(),
    );
    let preds = Value::Frame(FrameValue {
        index: x.index.clone(),
        columns: model
            .target_names
            .iter()
            .cloned()
            .zip(model.predict_columns(&xc).into_iter().map(Column::from_f64))
            .collect(),
        attrs: Default::default(),
    });
    let diffs = binary::<SubOp>(&preds, &Value::Frame(y.clone()))?;
    let names = |v: &[String]| Column::from_strings(v.iter().cloned().map(Some).collect());
    let intercept = SeriesValue::new(
        names(&model.target_names),
        Column::from_f64(model.intercept.clone()),
    );
    let slope = FrameValue {
        index: names(&model.feature_names),
        columns: model
            .target_names
            .iter()
            .cloned()
            .zip(model.coef.iter().cloned().map(Column::from_f64))
            .collect(),
        attrs: Default::default(),
    };
    let mut out = Outputs::with_capacity(5);
    out.insert("intercept", Arc::new(Value::Series(intercept)));
    out.insert("slope", Arc::new(Value::Frame(slope)));
    out.insert("preds", Arc::new(preds));
    out.insert("diffs", Arc::new(diffs));
    out.insert("trained_model", Arc::new(Value::Json(model.to_json())));
    Ok(out)
}

/// scikit-learn's `check_consistent_length`.
pub(crate) fn check_lengths(nx: usize, ny: usize) -> Result<(), ComponentError> {
    if nx != ny {
        return Err(ComponentError::value_error(format!(
            "Found input variables with inconsistent numbers of samples: [{nx}, {ny}]"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::{assert_floats, float_frame as frame};
    use crate::kernels::estimators::linear::*;
    use crate::kernels::estimators::native::MODEL_KEY;

    fn run(x: FrameValue, y: FrameValue) -> Result<Outputs, ComponentError> {
        let mut i = Inputs::new();
        i.insert("x_values", Arc::new(Value::Frame(x)));
        i.insert("y_values", Arc::new(Value::Frame(y)));
        super::run(&i)
    }

    fn fr(v: &Value) -> &FrameValue {
        let Value::Frame(f) = v else { panic!("{v:?}") };
        f
    }

    #[test]
    fn fits_two_features_exactly() {
        // y1 = 1 + 2 a - 3 b, y2 = -4 + 0.5 a (b irrelevant).
        let a = vec![0.0, 1.0, 2.0, 3.0, 1.0];
        let b = vec![1.0, 0.0, 4.0, 2.0, 3.0];
        let y1: Vec<f64> = a
            .iter()
            .zip(&b)
            .map(|(a, b)| 1.0 + 2.0 * a - 3.0 * b)
            .collect();
        let y2: Vec<f64> = a.iter().map(|a| -4.0 + 0.5 * a).collect();
        let idx = vec![10, 11, 12, 13, 14];
        let out = run(
            frame(idx.clone(), vec![("a", a), ("b", b)]),
            frame(idx.clone(), vec![("y1", y1.clone()), ("y2", y2)]),
        )
        .unwrap();
        let Value::Series(ic) = out["intercept"].as_ref() else {
            panic!()
        };
        assert_eq!(ic.index.str_values().unwrap(), [Some("y1"), Some("y2")]);
        assert_floats(&ic.values.f64_values().unwrap(), &[1.0, -4.0]);
        let slope = fr(&out["slope"]);
        assert_eq!(slope.index.str_values().unwrap(), [Some("a"), Some("b")]);
        assert_floats(&slope.columns["y1"].f64_values().unwrap(), &[2.0, -3.0]);
        assert_floats(&slope.columns["y2"].f64_values().unwrap(), &[0.5, 0.0]);
        let preds = fr(&out["preds"]);
        assert_eq!(preds.index, Column::from_i64(idx));
        assert_floats(&preds.columns["y1"].f64_values().unwrap(), &y1);
        for c in fr(&out["diffs"]).columns.values() {
            assert!(c.f64_values().unwrap().iter().all(|d| d.abs() < 1e-12));
        }
        let Value::Json(j) = out["trained_model"].as_ref() else {
            panic!()
        };
        assert_eq!(j[MODEL_KEY], "LinearRegression");
        let m = LinearModel::from_json(j).unwrap();
        assert_eq!(m.target_names, ["y1", "y2"]);
    }

    #[test]
    fn collinear_and_single_row_inputs_give_minimum_norm_solutions() {
        // b = a: the minimum-norm split is 1 + 1 for y = 2a.
        let a = vec![1.0, 2.0, 3.0];
        let out = run(
            frame(vec![0, 1, 2], vec![("a", a.clone()), ("b", a.clone())]),
            frame(vec![0, 1, 2], vec![("y", vec![2.0, 4.0, 6.0])]),
        )
        .unwrap();
        assert_floats(
            &fr(&out["slope"]).columns["y"].f64_values().unwrap(),
            &[1.0, 1.0],
        );
        // One row: zero slope, intercept = y.
        let out = run(
            frame(vec![0], vec![("a", vec![5.0])]),
            frame(vec![0], vec![("y", vec![7.0])]),
        )
        .unwrap();
        assert_floats(
            &fr(&out["slope"]).columns["y"].f64_values().unwrap(),
            &[0.0],
        );
        let Value::Series(ic) = out["intercept"].as_ref() else {
            panic!()
        };
        assert_floats(&ic.values.f64_values().unwrap(), &[7.0]);
    }

    #[test]
    fn diffs_align_on_the_index() {
        let out = run(
            frame(vec![0, 1, 2], vec![("a", vec![0.0, 1.0, 2.0])]),
            frame(vec![1, 2, 3], vec![("y", vec![1.0, 3.0, 5.0])]),
        )
        .unwrap();
        // Fit by position: y = 1 + 2a; preds on x's index 0, 1, 2 = 1, 3, 5.
        let d = fr(&out["diffs"]);
        assert_eq!(d.index, Column::from_i64(vec![0, 1, 2, 3]));
        // preds(1) - y(1) = 3 - 1, preds(2) - y(2) = 5 - 3.
        assert_floats(
            &d.columns["y"].f64_values().unwrap(),
            &[f64::NAN, 2.0, 2.0, f64::NAN],
        );
    }

    #[test]
    fn invalid_inputs_raise_like_scikit_learn() {
        let x = frame(vec![0, 1], vec![("a", vec![0.0, f64::NAN])]);
        let y = frame(vec![0, 1], vec![("y", vec![0.0, 1.0])]);
        assert_eq!(
            run(x, y.clone()).unwrap_err().message,
            "Input X contains NaN."
        );
        let x = frame(vec![0, 1, 2], vec![("a", vec![0.0, 1.0, 2.0])]);
        assert_eq!(
            run(x, y).unwrap_err().message,
            "Found input variables with inconsistent numbers of samples: [3, 2]"
        );
        let e = run(
            frame(vec![], vec![("a", vec![])]),
            frame(vec![], vec![("y", vec![])]),
        )
        .unwrap_err();
        assert!(e.message.starts_with("Found array with 0 sample(s)"));
    }
}
