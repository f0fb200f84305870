//! The ordinary least squares estimator (scikit-learn's `LinearRegression`): fitting by
//! SVD, prediction and its native model JSON; used by the Regression and Models components.

use super::native::{
    check_feature_names, frame_columns, json_f64s, read_f64s, read_strings, MODEL_KEY,
};
use rheo_core::value::FrameValue;
use rheo_core::ComponentError;
use serde_json::{json, Value as Json};

/// A fitted linear model `y_j = intercept_j + Σ_i coef[j][i] · x_i`.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearModel {
    /// Names of the x columns.
    pub feature_names: Vec<String>,
    /// Names of the y columns.
    pub target_names: Vec<String>,
    /// Coefficients, one row per target (scikit-learn's `coef_`).
    pub coef: Vec<Vec<f64>>,
    /// One intercept per target.
    pub intercept: Vec<f64>,
}

fn mean(x: &[f64]) -> f64 {
    crate::kernels::elementwise::pairwise_sum(x) / x.len() as f64
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(p, q)| p * q).sum()
}

impl LinearModel {
    /// Least squares of every column of `y` on the columns of `x` (same, non-zero length,
    /// finite values; at least one column each).
    pub fn fit(
        x: &[Vec<f64>],
        y: &[Vec<f64>],
        feature_names: Vec<String>,
        target_names: Vec<String>,
    ) -> Self {
        let n = x.first().map_or(0, Vec::len);
        let p = x.len();
        let x_mean: Vec<f64> = x.iter().map(|c| mean(c)).collect();
        let y_mean: Vec<f64> = y.iter().map(|c| mean(c)).collect();
        // Centred X, rotated in place into A·V (orthogonal columns).
        let mut a: Vec<Vec<f64>> = x
            .iter()
            .zip(&x_mean)
            .map(|(c, m)| c.iter().map(|v| v - m).collect())
            .collect();
        let mut v: Vec<Vec<f64>> = (0..p)
            .map(|i| (0..p).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
            .collect();
        one_sided_jacobi(&mut a, &mut v);
        let sigma2: Vec<f64> = a.iter().map(|c| dot(c, c)).collect();
        let smax = sigma2.iter().copied().fold(0.0f64, f64::max).sqrt();
        let tol = n.max(p) as f64 * f64::EPSILON * smax;
        let mut coef = Vec::with_capacity(y.len());
        let mut intercept = Vec::with_capacity(y.len());
        for (yc, ym) in y.iter().zip(&y_mean) {
            let centred: Vec<f64> = yc.iter().map(|v| v - ym).collect();
            let mut b = vec![0.0; p];
            for (k, col) in a.iter().enumerate() {
                if sigma2[k].sqrt() > tol {
                    let w = dot(col, &centred) / sigma2[k];
                    // v[i][k]: component i of right singular vector k.
                    for (i, bi) in b.iter_mut().enumerate() {
                        *bi += w * v[i][k];
                    }
                }
            }
            intercept.push(ym - dot(&x_mean, &b));
            coef.push(b);
        }
        LinearModel {
            feature_names,
            target_names,
            coef,
            intercept,
        }
    }

    /// Predictions for the columns of `x` (in training order), one vector per target.
    pub fn predict_columns(&self, x: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let n = x.first().map_or(0, Vec::len);
        self.coef
            .iter()
            .zip(&self.intercept)
            .map(|(b, &c)| {
                let mut out = vec![c; n];
                for (xi, &bi) in x.iter().zip(b) {
                    for (o, &v) in out.iter_mut().zip(xi) {
                        *o += bi * v;
                    }
                }
                out
            })
            .collect()
    }

    /// Predictions for a frame with the training columns (validated like scikit-learn).
    pub fn predict(&self, data: &FrameValue) -> Result<Vec<Vec<f64>>, ComponentError> {
        check_feature_names(&self.feature_names, data)?;
        let x = frame_columns(data, "LinearRegression", "X", false)?;
        Ok(self.predict_columns(&x))
    }

    /// The model as a native model JSON.
    pub fn to_json(&self) -> Json {
        json!({
            MODEL_KEY: "LinearRegression",
            "format_version": 1,
            "feature_names_in": self.feature_names,
            "target_names": self.target_names,
            "coef": self.coef.iter().map(|c| json_f64s(c)).collect::<Vec<_>>(),
            "intercept": json_f64s(&self.intercept),
        })
    }

    /// Reads a model written by [`LinearModel::to_json`].
    pub fn from_json(j: &Json) -> Result<Self, String> {
        let feature_names = read_strings(j, "feature_names_in")?;
        let target_names = read_strings(j, "target_names")?;
        let intercept = read_f64s(j, "intercept")?;
        let coef = j
            .get("coef")
            .and_then(Json::as_array)
            .ok_or("missing array 'coef'")?
            .iter()
            .map(|row| read_f64s(&json!({ "r": row }), "r"))
            .collect::<Result<Vec<_>, _>>()?;
        if coef.len() != target_names.len()
            || intercept.len() != target_names.len()
            || coef.iter().any(|r| r.len() != feature_names.len())
        {
            return Err("coefficient shapes do not match the names".into());
        }
        Ok(LinearModel {
            feature_names,
            target_names,
            coef,
            intercept,
        })
    }
}

/// Hestenes' one-sided Jacobi: rotates the columns of `a` until they are mutually
/// orthogonal, applying the same rotations to `v` (starts as the identity; `v[i][k]` is
/// component i of column k). Afterwards `a = U Σ` and the singular values are the column
/// norms.
fn one_sided_jacobi(a: &mut [Vec<f64>], v: &mut [Vec<f64>]) {
    let p = a.len();
    for _sweep in 0..60 {
        let mut rotated = false;
        for i in 0..p {
            for j in i + 1..p {
                let alpha = dot(&a[i], &a[i]);
                let beta = dot(&a[j], &a[j]);
                let gamma = dot(&a[i], &a[j]);
                if gamma == 0.0 || gamma.abs() <= f64::EPSILON * (alpha * beta).sqrt() {
                    continue;
                }
                rotated = true;
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = if zeta == 0.0 {
                    1.0
                } else {
                    zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt())
                };
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                let (lo, hi) = a.split_at_mut(j);
                for (x, y) in lo[i].iter_mut().zip(hi[0].iter_mut()) {
                    let (ai, aj) = (*x, *y);
                    *x = c * ai - s * aj;
                    *y = s * ai + c * aj;
                }
                for row in v.iter_mut() {
                    let (vi, vj) = (row[i], row[j]);
                    row[i] = c * vi - s * vj;
                    row[j] = s * vi + c * vj;
                }
            }
        }
        if !rotated {
            break;
        }
    }
}
