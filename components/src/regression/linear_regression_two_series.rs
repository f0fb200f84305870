//! Linear Regression two Series (`ff182e84-913d-e799-5722-98a5d2e3ad09`): simple linear
//! regression `y = a + b·x` of the values of two series.

use super::linear_regression::check_lengths;
use crate::kernels::elementwise::{binary, SubOp};
use crate::kernels::estimators::linear::LinearModel;
use crate::kernels::estimators::native::sklearn_floats;
use rheo_core::component::{ComponentSpec, FnComponent, Inputs, Outputs, PortSpec, State};
use rheo_core::value::{Column, SeriesValue};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::json;
use std::sync::Arc;

/// Identity and ports of Linear Regression two Series 1.0.0.
pub static SPEC: ComponentSpec = ComponentSpec {
    id: "ff182e84-913d-e799-5722-98a5d2e3ad09",
    revision_group_id: "ff182e84-913d-e799-5722-98a5d2e3ad09",
    name: "Linear Regression two Series",
    category: "Regression",
    version_tag: "1.0.0",
    state: State::Released,
    description: "Linear Regression between two series of values",
    inputs: &[
        PortSpec::new(
            "x_values",
            "0c1fe181-983a-d47c-3f00-4dd11fa2288e",
            DataType::Series,
        ),
        PortSpec::new(
            "y_values",
            "0092ff94-8992-32a3-b75e-0b5b13fd0d82",
            DataType::Series,
        ),
    ],
    outputs: &[
        PortSpec::new(
            "intercept",
            "294b70a6-9aee-4d56-b373-c78b0580fd96",
            DataType::Float,
        ),
        PortSpec::new(
            "slope",
            "cc2c36a9-5d82-6214-1d83-384547929837",
            DataType::Float,
        ),
        PortSpec::new(
            "preds",
            "7dbe6575-e730-620f-36c9-6e1ff7188ffd",
            DataType::Series,
        ),
        PortSpec::new(
            "diffs",
            "6ec76bd5-ec12-ea11-51e9-c505fae9e295",
            DataType::Series,
        ),
    ],
};

/// Linear Regression two Series as the registry holds it: [`SPEC`] and [`run`].
pub static COMPONENT: FnComponent = FnComponent::new(&SPEC, run);

/// Linear Regression two Series: ordinary least squares `y = intercept + slope·x` of the
/// **values** of `y_values` on those of `x_values`, matched by position (indexes are
/// ignored for the fit), as scikit-learn's `LinearRegression` (centred data; a constant x
/// or a single point gives slope 0 and intercept mean(y), the minimum-norm solution).
///
/// * `intercept`: FLOAT.
/// * `slope`: hetida returns scikit-learn's coefficient array, so the output is the
///   **one-element JSON list** `[slope]` (as in Univariate Linear RUL Regression).
/// * `preds`: the fitted values as an unnamed float series on `x_values`' index.
/// * `diffs`: `preds - y_values` with pandas index alignment (sorted union of the labels,
///   NaN where one side lacks a label; positional when the indexes are equal).
///
/// Errors (scikit-learn's ValueErrors, X checked before y): NaN or ±inf ("Input X contains
/// NaN.", "Input y contains NaN."), strings, empty series, different lengths ("Found input
/// variables with inconsistent numbers of samples: [n_x, n_y]").
pub fn run(inputs: &Inputs) -> Result<Outputs, ComponentError> {
    let x = inputs.series("x_values")?;
    let y = inputs.series("y_values")?;
    let xv = values(x, "X")?;
    let yv = values(y, "y")?;
    check_lengths(xv.len(), yv.len())?;
    let model = LinearModel::fit(
        std::slice::from_ref(&xv),
        std::slice::from_ref(&yv),
        vec!["x".into()],
        vec!["y".into()],
    );
    let pred = model
        .predict_columns(std::slice::from_ref(&xv))
        .pop()
        .unwrap_or_default();
    let preds = Value::Series(SeriesValue::new(x.index.clone(), Column::from_f64(pred)));
    let diffs = binary::<SubOp>(&preds, &Value::Series(y.clone()))?;
    let mut out = Outputs::with_capacity(4);
    out.insert("intercept", Arc::new(Value::Float(model.intercept[0])));
    out.insert("slope", Arc::new(Value::Json(json!([model.coef[0][0]]))));
    out.insert("preds", Arc::new(preds));
    out.insert("diffs", Arc::new(diffs));
    Ok(out)
}

/// The values of a series as scikit-learn's `check_array` accepts them.
fn values(s: &SeriesValue, var: &str) -> Result<Vec<f64>, ComponentError> {
    let v = sklearn_floats(&s.values, || {
        format!("LinearRegression cannot convert datetime data in {var} to float")
    })?
    .into_owned();
    if v.iter().any(|x| x.is_nan()) {
        return Err(ComponentError::value_error(format!(
            "Input {var} contains NaN."
        )));
    }
    if v.iter().any(|x| x.is_infinite()) {
        return Err(ComponentError::value_error(format!(
            "Input {var} contains infinity or a value too large for dtype('float64')."
        )));
    }
    if v.is_empty() {
        return Err(ComponentError::value_error(
            "Found array with 0 sample(s) (shape=(0, 1)) while a minimum of 1 is required by \
             LinearRegression.",
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::elementwise::test_util::{assert_floats, fs, is, named, parts};

    fn run(x: Value, y: Value) -> Result<Outputs, ComponentError> {
        let mut i = Inputs::new();
        i.insert("x_values", Arc::new(x));
        i.insert("y_values", Arc::new(y));
        super::run(&i)
    }

    fn slope(out: &Outputs) -> f64 {
        let Value::Json(j) = out["slope"].as_ref() else {
            panic!()
        };
        assert_eq!(j.as_array().unwrap().len(), 1);
        j[0].as_f64().unwrap()
    }

    #[test]
    fn hetida_example() {
        // x = 1, 2, 3, 4; y = 5, 6, 9, 8: x̄ = 2.5, ȳ = 7, Sxy = 6, Sxx = 5 → b = 1.2,
        // a = 7 - 3 = 4.
        let out = run(
            is(&[0, 1, 2, 3], &[1, 2, 3, 4]),
            is(&[0, 1, 2, 3], &[5, 6, 9, 8]),
        )
        .unwrap();
        assert!((slope(&out) - 1.2).abs() < 1e-14);
        let Value::Float(a) = *out["intercept"] else {
            panic!()
        };
        assert!((a - 4.0).abs() < 1e-14);
        let (idx, p) = parts(&out["preds"]);
        assert_eq!(idx, [0, 1, 2, 3]);
        assert_floats(&p, &[5.2, 6.4, 7.6, 8.8]);
        assert_floats(&parts(&out["diffs"]).1, &[0.2, 0.4, -1.4, 0.8]);
    }

    #[test]
    fn fit_is_positional_and_diffs_align() {
        let x = named(fs(&[0, 1, 2], &[0.0, 1.0, 2.0]), "x");
        let y = named(fs(&[2, 3, 4], &[1.0, 3.0, 5.0]), "y");
        let out = run(x, y).unwrap();
        assert!((slope(&out) - 2.0).abs() < 1e-14);
        let Value::Series(p) = out["preds"].as_ref() else {
            panic!()
        };
        assert_eq!(p.name, None);
        // preds on 0, 1, 2 = 1, 3, 5; diffs at label 2 only: 5 - 1.
        let (idx, d) = parts(&out["diffs"]);
        assert_eq!(idx, [0, 1, 2, 3, 4]);
        assert_floats(&d, &[f64::NAN, f64::NAN, 4.0, f64::NAN, f64::NAN]);
    }

    #[test]
    fn single_point_and_constant_x_give_zero_slope() {
        let out = run(fs(&[0], &[3.0]), fs(&[0], &[7.0])).unwrap();
        assert_eq!(slope(&out), 0.0);
        assert_eq!(*out["intercept"], Value::Float(7.0));
        let out = run(fs(&[0, 1], &[3.0, 3.0]), fs(&[0, 1], &[1.0, 2.0])).unwrap();
        assert_eq!(slope(&out), 0.0);
        assert_eq!(*out["intercept"], Value::Float(1.5));
    }

    #[test]
    fn invalid_inputs_raise_like_scikit_learn() {
        let e = run(fs(&[0, 1], &[1.0, f64::NAN]), fs(&[0, 1], &[1.0, f64::NAN])).unwrap_err();
        assert_eq!(e.message, "Input X contains NaN.");
        let e = run(fs(&[0, 1], &[1.0, 2.0]), fs(&[0, 1], &[1.0, f64::NAN])).unwrap_err();
        assert_eq!(e.message, "Input y contains NaN.");
        let e = run(fs(&[0, 1], &[1.0, 2.0]), fs(&[0], &[1.0])).unwrap_err();
        assert_eq!(
            e.message,
            "Found input variables with inconsistent numbers of samples: [2, 1]"
        );
        let e = run(fs(&[], &[]), fs(&[], &[])).unwrap_err();
        assert!(e.message.starts_with("Found array with 0 sample(s)"));
    }
}
