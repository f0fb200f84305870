//! The scipy interpolants behind pandas' `interpolate(method=...)` for the scipy methods
//! Rheo runs natively, fitted on the valid points and evaluated at the NaN positions:
//!
//! * `interp1d` kinds (NaN outside the valid points): `nearest`, `zero` (previous value),
//!   `slinear` (straight lines), `cubic` (the not-a-knot cubic spline of
//!   `make_interp_spline(x, y, k=3)`, at least four points), `quadratic` and
//!   `polynomial` of any order (the B-splines of [`BSpline`]);
//! * `cubicspline` (`CubicSpline`, not-a-knot, extrapolating), `pchip`
//!   (`PchipInterpolator`, extrapolating), `akima` (`Akima1DInterpolator`, NaN outside),
//!   `from_derivatives`/`piecewise_polynomial` (`BPoly.from_derivatives` of the values
//!   alone: straight lines, NaN outside).
//!
//! The cubic ones are kept in Hermite form: the points and a slope at each point.

use super::bspline::BSpline;
use super::time_index::{preserved_nans, LimitArea, LimitDirection};
use rheo_core::ComponentError;

/// A scipy interpolation method of pandas' `interpolate` with a native implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScipyMethod {
    /// `interp1d(kind="nearest")`: the nearer neighbour, the lower one at a tie.
    Nearest,
    /// `interp1d(kind="zero")`: the value of the previous valid point.
    Zero,
    /// `interp1d(kind="slinear")`: the straight line between the neighbours.
    Slinear,
    /// `interp1d(kind="cubic")`: not-a-knot cubic spline, at least four points.
    Cubic,
    /// `CubicSpline(bc_type="not-a-knot")`, which also extrapolates.
    CubicSpline,
    /// `PchipInterpolator`: monotone piecewise cubic, which also extrapolates.
    Pchip,
    /// `Akima1DInterpolator`: Akima's piecewise cubic.
    Akima,
    /// `BPoly.from_derivatives` with values only: straight lines.
    FromDerivatives,
    /// `interp1d(kind=k)` for other degrees (`quadratic` is 2, `polynomial` takes its
    /// `order`): the interpolating B-spline of [`BSpline::interpolate`].
    Spline(usize),
}

impl ScipyMethod {
    /// The method of a pandas method name and its `order` argument, if Rheo implements it.
    ///
    /// # Errors
    /// pandas' ValueError when `polynomial` comes without an order.
    pub fn from_name(name: &str, order: Option<usize>) -> Result<Option<Self>, ComponentError> {
        Ok(Some(match name {
            "nearest" => Self::Nearest,
            "zero" => Self::Zero,
            "slinear" => Self::Slinear,
            "quadratic" => Self::Spline(2),
            "cubic" => Self::Cubic,
            "cubicspline" => Self::CubicSpline,
            "pchip" => Self::Pchip,
            "akima" => Self::Akima,
            "from_derivatives" | "piecewise_polynomial" => Self::FromDerivatives,
            "polynomial" => match order {
                None => {
                    return Err(ComponentError::value_error(
                        "You must specify the order of the spline or polynomial.",
                    ))
                }
                // The same interpolants as the named kinds.
                Some(0) => Self::Zero,
                Some(1) => Self::Slinear,
                Some(3) => Self::Cubic,
                Some(k) => Self::Spline(k),
            },
            _ => return Ok(None),
        }))
    }

    /// Whether values beyond the first and last valid point are extrapolated (else NaN).
    fn extrapolates(self) -> bool {
        matches!(self, Self::CubicSpline | Self::Pchip)
    }

    /// scipy's error for too few valid points (`n` ≥ 1 here).
    fn check_count(self, n: usize) -> Result<(), ComponentError> {
        let message = match self {
            Self::Nearest | Self::Zero => return Ok(()),
            Self::Slinear if n < 2 => "x and y arrays must have at least 2 entries".to_string(),
            Self::FromDerivatives if n < 2 => "max() arg is an empty sequence".to_string(),
            Self::CubicSpline | Self::Pchip | Self::Akima if n < 2 => {
                "`x` must contain at least 2 elements.".to_string()
            }
            Self::Cubic if n < 4 => format!(
                "The number of derivatives at boundaries does not match: expected {}, got 0+0",
                4 - n
            ),
            _ => return Ok(()),
        };
        Err(ComponentError::value_error(message))
    }
}

/// A piecewise cubic through points with strictly increasing `x`, given by the value and
/// the slope at each point (cubic Hermite form, as scipy's `CubicHermiteSpline`).
#[derive(Debug, Clone)]
pub struct HermiteSpline {
    x: Vec<f64>,
    y: Vec<f64>,
    slopes: Vec<f64>,
}

impl HermiteSpline {
    /// The not-a-knot cubic spline through the points (`x` strictly increasing, at least two
    /// points): the unique C² piecewise cubic whose third derivative is also continuous at
    /// the second and the second-to-last point. Two points give their straight line, three
    /// their parabola, as scipy's `CubicSpline` does.
    pub fn not_a_knot(x: Vec<f64>, y: Vec<f64>) -> Self {
        let n = x.len();
        debug_assert!(n >= 2 && n == y.len());
        let dx: Vec<f64> = x.windows(2).map(|w| w[1] - w[0]).collect();
        let m: Vec<f64> = y
            .windows(2)
            .zip(&dx)
            .map(|(w, h)| (w[1] - w[0]) / h)
            .collect();
        if n == 2 {
            return HermiteSpline {
                slopes: vec![m[0], m[0]],
                x,
                y,
            };
        }
        // Tridiagonal system for the slopes: row i is lower[i]·s[i-1] + diag[i]·s[i] +
        // upper[i]·s[i+1] = rhs[i]. Interior rows make the second derivative continuous;
        // the first and last rows are the not-a-knot conditions (for three points: the
        // parabola's).
        let mut lower = vec![0.0; n];
        let mut diag = vec![0.0; n];
        let mut upper = vec![0.0; n];
        let mut rhs = vec![0.0; n];
        for i in 1..n - 1 {
            lower[i] = dx[i];
            diag[i] = 2.0 * (dx[i - 1] + dx[i]);
            upper[i] = dx[i - 1];
            rhs[i] = 3.0 * (dx[i] * m[i - 1] + dx[i - 1] * m[i]);
        }
        if n == 3 {
            (diag[0], upper[0], rhs[0]) = (1.0, 1.0, 2.0 * m[0]);
            (lower[2], diag[2], rhs[2]) = (1.0, 1.0, 2.0 * m[1]);
        } else {
            let d = x[2] - x[0];
            diag[0] = dx[1];
            upper[0] = d;
            rhs[0] = ((dx[0] + 2.0 * d) * dx[1] * m[0] + dx[0] * dx[0] * m[1]) / d;
            let d = x[n - 1] - x[n - 3];
            lower[n - 1] = d;
            diag[n - 1] = dx[n - 3];
            rhs[n - 1] = (dx[n - 2] * dx[n - 2] * m[n - 3]
                + (2.0 * d + dx[n - 2]) * dx[n - 3] * m[n - 2])
                / d;
        }
        let slopes = solve_tridiagonal(&lower, &mut diag, &upper, &mut rhs);
        HermiteSpline { x, y, slopes }
    }

    /// scipy's `PchipInterpolator` (at least two points): slopes by the weighted harmonic
    /// mean of the neighbouring secants (zero at local extrema), one-sided three-point
    /// estimates at the ends limited to keep the shape.
    pub fn pchip(x: Vec<f64>, y: Vec<f64>) -> Self {
        let n = x.len();
        let h: Vec<f64> = x.windows(2).map(|w| w[1] - w[0]).collect();
        let m: Vec<f64> = y
            .windows(2)
            .zip(&h)
            .map(|(w, h)| (w[1] - w[0]) / h)
            .collect();
        if n == 2 {
            return HermiteSpline {
                slopes: vec![m[0], m[0]],
                x,
                y,
            };
        }
        let mut slopes = vec![0.0; n];
        for k in 1..n - 1 {
            let (m0, m1) = (m[k - 1], m[k]);
            if np_sign(m0) != np_sign(m1) || m0 == 0.0 || m1 == 0.0 {
                continue;
            }
            let (w1, w2) = (2.0 * h[k] + h[k - 1], h[k] + 2.0 * h[k - 1]);
            slopes[k] = 1.0 / ((w1 / m0 + w2 / m1) / (w1 + w2));
        }
        slopes[0] = pchip_end_slope(h[0], h[1], m[0], m[1]);
        slopes[n - 1] = pchip_end_slope(h[n - 2], h[n - 3], m[n - 2], m[n - 3]);
        HermiteSpline { x, y, slopes }
    }

    /// scipy 1.12's `Akima1DInterpolator` (at least two points): each slope is the average
    /// of the neighbouring secants weighted by the change of the secants on the far sides,
    /// with two secants extrapolated linearly beyond each end. Deviation: for exactly two
    /// points scipy 1.12 reads uninitialised memory; Rheo gives the straight line.
    pub fn akima(x: Vec<f64>, y: Vec<f64>) -> Self {
        let n = x.len();
        let secant = |i: usize| (y[i + 1] - y[i]) / (x[i + 1] - x[i]);
        if n == 2 {
            let s = secant(0);
            return HermiteSpline {
                slopes: vec![s, s],
                x,
                y,
            };
        }
        // m[2..n+1] are the secants; two linear extrapolations on each side.
        let mut m = vec![0.0; n + 3];
        for i in 0..n - 1 {
            m[i + 2] = secant(i);
        }
        m[1] = 2.0 * m[2] - m[3];
        m[0] = 2.0 * m[1] - m[2];
        m[n + 1] = 2.0 * m[n] - m[n - 1];
        m[n + 2] = 2.0 * m[n + 1] - m[n];
        let dm: Vec<f64> = m.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
        let f12: Vec<f64> = (0..n).map(|i| dm[i + 2] + dm[i]).collect();
        let threshold = 1e-9 * f12.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let slopes = (0..n)
            .map(|i| {
                let (f1, f2) = (dm[i + 2], dm[i]);
                if f12[i] > threshold {
                    (f1 * m[i + 1] + f2 * m[i + 2]) / f12[i]
                } else {
                    0.5 * (m[i + 3] + m[i])
                }
            })
            .collect();
        HermiteSpline { x, y, slopes }
    }

    /// The cubic of segment `j` (between points `j` and `j + 1`) at `xi`, also beyond the
    /// segment (extrapolation uses the first or last segment).
    pub fn eval_on_segment(&self, j: usize, xi: f64) -> f64 {
        let h = self.x[j + 1] - self.x[j];
        let m = (self.y[j + 1] - self.y[j]) / h;
        let (s0, s1) = (self.slopes[j], self.slopes[j + 1]);
        let c2 = (3.0 * m - 2.0 * s0 - s1) / h;
        let c3 = (s0 + s1 - 2.0 * m) / (h * h);
        let t = xi - self.x[j];
        self.y[j] + t * (s0 + t * (c2 + t * c3))
    }

    /// The spline at `xi`; NaN outside the fitted points (scipy's `bounds_error=False`).
    pub fn eval(&self, xi: f64) -> f64 {
        let n = self.x.len();
        if !(xi >= self.x[0] && xi <= self.x[n - 1]) {
            return f64::NAN;
        }
        let j = self.x.partition_point(|&v| v <= xi).clamp(1, n - 1) - 1;
        self.eval_on_segment(j, xi)
    }
}

/// scipy's `PchipInterpolator._edge_case`: the one-sided three-point slope at an end,
/// zeroed when its sign differs from the end secant `m0`, limited to `3·m0` when the
/// secants change sign.
fn pchip_end_slope(h0: f64, h1: f64, m0: f64, m1: f64) -> f64 {
    let d = ((2.0 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
    if np_sign(d) != np_sign(m0) {
        0.0
    } else if np_sign(m0) != np_sign(m1) && d.abs() > 3.0 * m0.abs() {
        3.0 * m0
    } else {
        d
    }
}

/// numpy's `sign`: -1, 0 or 1 (0 for ±0).
fn np_sign(v: f64) -> i8 {
    if v > 0.0 {
        1
    } else if v < 0.0 {
        -1
    } else {
        0
    }
}

/// Gaussian elimination of a tridiagonal system without pivoting (the spline systems are
/// diagonally dominant after the first row's elimination). Consumes `diag` and `rhs`.
fn solve_tridiagonal(lower: &[f64], diag: &mut [f64], upper: &[f64], rhs: &mut [f64]) -> Vec<f64> {
    let n = diag.len();
    for i in 1..n {
        let w = lower[i] / diag[i - 1];
        diag[i] -= w * upper[i - 1];
        rhs[i] -= w * rhs[i - 1];
    }
    let mut s = vec![0.0; n];
    s[n - 1] = rhs[n - 1] / diag[n - 1];
    for i in (0..n - 1).rev() {
        s[i] = (rhs[i] - upper[i] * s[i + 1]) / diag[i];
    }
    s
}

/// pandas' `_interpolate_1d` with a scipy `method`: every NaN of `y` gets the method's
/// interpolant through the valid points at positions `x(i)` (strictly increasing); beyond
/// the first and last valid point it extrapolates or gives NaN as scipy does; then the
/// NaNs pandas preserves for `direction`, `area` and `limit` are restored. Nothing happens
/// when all or none of the values are valid.
///
/// # Errors
/// scipy's ValueError when there are NaNs and too few valid points for the method.
pub fn interpolate_scipy(
    y: &mut [f64],
    x: impl Fn(usize) -> f64,
    method: ScipyMethod,
    direction: LimitDirection,
    area: LimitArea,
    limit: Option<usize>,
) -> Result<(), ComponentError> {
    let invalid: Vec<bool> = y.iter().map(|v| v.is_nan()).collect();
    let valid: Vec<usize> = (0..y.len()).filter(|&i| !invalid[i]).collect();
    let (Some(&first_valid), Some(&last_valid)) = (valid.first(), valid.last()) else {
        return Ok(());
    };
    if valid.len() == y.len() {
        return Ok(());
    }
    method.check_count(valid.len())?;
    let xs: Vec<f64> = valid.iter().map(|&i| x(i)).collect();
    let ys: Vec<f64> = valid.iter().map(|&i| y[i]).collect();
    let (cubic, bspline) = match method {
        ScipyMethod::Cubic | ScipyMethod::CubicSpline => {
            (Some(HermiteSpline::not_a_knot(xs, ys)), None)
        }
        ScipyMethod::Pchip => (Some(HermiteSpline::pchip(xs, ys)), None),
        ScipyMethod::Akima => (Some(HermiteSpline::akima(xs, ys)), None),
        ScipyMethod::Spline(k) => (None, Some(BSpline::interpolate(&xs, &ys, k)?)),
        _ => (None, None),
    };
    // The value on the segment between valid points `j` and `j + 1` at `xi`.
    let on_segment = |j: usize, xi: f64| {
        if let Some(spline) = &cubic {
            return spline.eval_on_segment(j, xi);
        }
        if let Some(spline) = &bspline {
            return spline.eval(xi);
        }
        let (x0, x1) = (x(valid[j]), x(valid[j + 1]));
        let (y0, y1) = (y[valid[j]], y[valid[j + 1]]);
        match method {
            // scipy's midpoint x1/2 + x0/2, the lower point at a tie.
            ScipyMethod::Nearest if xi <= x1 / 2.0 + x0 / 2.0 => y0,
            ScipyMethod::Nearest => y1,
            ScipyMethod::Zero => y0,
            _ => {
                let s = (xi - x0) / (x1 - x0);
                (1.0 - s) * y0 + s * y1
            }
        }
    };
    let mut filled = vec![f64::NAN; y.len()];
    let mut segment = 0usize;
    for i in 0..y.len() {
        if !invalid[i] {
            continue;
        }
        filled[i] = if i < first_valid || i > last_valid {
            match &cubic {
                Some(spline) if method.extrapolates() => {
                    let j = if i < first_valid { 0 } else { valid.len() - 2 };
                    spline.eval_on_segment(j, x(i))
                }
                _ => f64::NAN,
            }
        } else {
            while valid[segment + 1] < i {
                segment += 1;
            }
            on_segment(segment, x(i))
        };
    }
    let preserve = preserved_nans(&invalid, first_valid, last_valid, direction, area, limit);
    for i in 0..y.len() {
        if invalid[i] {
            y[i] = if preserve[i] { f64::NAN } else { filled[i] };
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{a} vs {b}");
    }

    #[test]
    fn agrees_with_scipy_interp1d_cubic() {
        // scipy 1.12: interp1d([1,3,4,5,7,8], [1,3,2.5,8,1,0], kind="cubic")([2, 6]).
        let s = HermiteSpline::not_a_knot(
            vec![1.0, 3.0, 4.0, 5.0, 7.0, 8.0],
            vec![1.0, 3.0, 2.5, 8.0, 1.0, 0.0],
        );
        close(s.eval(2.0), 5.642543859649121);
        close(s.eval(6.0), 6.484649122807017);
        // Through its points, NaN outside them.
        close(s.eval(1.0), 1.0);
        close(s.eval(8.0), 0.0);
        close(s.eval(4.0), 2.5);
        assert!(s.eval(0.5).is_nan() && s.eval(8.5).is_nan() && s.eval(f64::NAN).is_nan());
    }

    #[test]
    fn four_points_give_their_cubic_and_cubics_are_reproduced() {
        // Four points: the cubic polynomial through them (scipy: 4.25 at x = 2).
        let s = HermiteSpline::not_a_knot(vec![1.0, 3.0, 4.0, 5.0], vec![1.0, 3.0, 2.5, 8.0]);
        close(s.eval(2.0), 4.25);
        // Not-a-knot reproduces any cubic exactly, on irregular spacing too.
        let f = |x: f64| 0.5 * x * x * x - 2.0 * x * x + x - 7.0;
        let xs = vec![-3.0, -2.5, -0.25, 0.0, 1.75, 4.0, 4.5, 9.0];
        let s = HermiteSpline::not_a_knot(xs.clone(), xs.iter().map(|&x| f(x)).collect());
        for xi in [-2.9, -1.0, 0.1, 2.0, 4.25, 8.0] {
            close(s.eval(xi), f(xi));
        }
    }

    #[test]
    fn each_method_agrees_with_pandas_and_scipy() {
        // pandas 2.1.3 / scipy 1.12: Series([nan, 1, nan, 3, 2, nan, nan],
        // index=[0, 1, 1.5, 2, 4, 5, 7]).interpolate(method=m, limit_direction="both").
        let nan = f64::NAN;
        let x = [0.0, 1.0, 1.5, 2.0, 4.0, 5.0, 7.0];
        let y = [nan, 1.0, nan, 3.0, 2.0, nan, nan];
        let table: [(ScipyMethod, [f64; 7]); 8] = [
            (ScipyMethod::Nearest, [nan, 1.0, 1.0, 3.0, 2.0, nan, nan]),
            (ScipyMethod::Zero, [nan, 1.0, 1.0, 3.0, 2.0, nan, nan]),
            (ScipyMethod::Slinear, [nan, 1.0, 2.0, 3.0, 2.0, nan, nan]),
            (
                ScipyMethod::FromDerivatives,
                [nan, 1.0, 2.0, 3.0, 2.0, nan, nan],
            ),
            (
                ScipyMethod::CubicSpline,
                [
                    -2.666666666666667,
                    1.0,
                    2.2083333333333335,
                    3.0,
                    2.0,
                    -0.9999999999999991,
                    -12.0,
                ],
            ),
            (
                ScipyMethod::Pchip,
                [
                    -0.3333333333333339,
                    1.0,
                    2.3541666666666665,
                    3.0,
                    2.0,
                    -0.375,
                    -12.625,
                ],
            ),
            (ScipyMethod::Akima, [nan, 1.0, 2.3125, 3.0, 2.0, nan, nan]),
            // Three valid points are too few for interp1d's cubic.
            (ScipyMethod::Cubic, [nan; 7]),
        ];
        for (method, expected) in table {
            let mut got = y;
            let r = interpolate_scipy(
                &mut got,
                |i| x[i],
                method,
                LimitDirection::Both,
                LimitArea::Any,
                None,
            );
            if method == ScipyMethod::Cubic {
                assert!(r.unwrap_err().message.contains("expected 1"));
                continue;
            }
            r.unwrap();
            for (g, e) in got.iter().zip(expected) {
                assert!(
                    (g.is_nan() && e.is_nan()) || (g - e).abs() <= 1e-12 * e.abs().max(1.0),
                    "{method:?}: {got:?} vs {expected:?}"
                );
            }
        }
    }

    #[test]
    fn too_few_points_raise_scipys_error() {
        for n in 1..4 {
            let e = ScipyMethod::Cubic.check_count(n).unwrap_err();
            assert_eq!(e.type_name, "ValueError");
            assert_eq!(
                e.message,
                format!(
                    "The number of derivatives at boundaries does not match: expected {}, got 0+0",
                    4 - n
                )
            );
        }
    }

    #[test]
    fn interpolates_like_pandas() {
        let nan = f64::NAN;
        let base = [nan, 1.0, nan, 2.0, nan, nan, 3.0, 4.0, nan, nan, nan];
        let run = |direction, area, limit| {
            let mut y = base.to_vec();
            interpolate_scipy(
                &mut y,
                |i| i as f64,
                ScipyMethod::Cubic,
                direction,
                area,
                limit,
            )
            .unwrap();
            y
        };
        let eq = |a: &[f64], b: &[f64]| {
            assert_eq!(a.len(), b.len());
            for (x, y) in a.iter().zip(b) {
                if y.is_nan() {
                    assert!(x.is_nan(), "{a:?} vs {b:?}");
                } else {
                    close(*x, *y);
                }
            }
        };
        // pandas 2.1.3 Series.interpolate(method="cubic", ...) on `base`.
        let full = [
            nan,
            1.0,
            1.6666666666666665,
            2.0,
            2.2,
            2.4666666666666672,
            3.0,
            4.0,
            nan,
            nan,
            nan,
        ];
        eq(&run(LimitDirection::Forward, LimitArea::Any, None), &full);
        eq(&run(LimitDirection::Both, LimitArea::Any, None), &full);
        let mut limited = full;
        limited[5] = nan;
        eq(
            &run(LimitDirection::Forward, LimitArea::Any, Some(1)),
            &limited,
        );
        let outside = [nan, 1.0, nan, 2.0, nan, nan, 3.0, 4.0, nan, nan, nan];
        eq(
            &run(LimitDirection::Forward, LimitArea::Outside, None),
            &outside,
        );
        // Nothing to do: all valid, or none valid (even with fewer than four points).
        let both = |mut y: Vec<f64>| {
            interpolate_scipy(
                &mut y,
                |i| i as f64,
                ScipyMethod::Cubic,
                LimitDirection::Both,
                LimitArea::Any,
                None,
            )
            .map(|()| y)
        };
        assert_eq!(both(vec![1.0, 2.0]).unwrap(), [1.0, 2.0]);
        assert!(both(vec![nan, nan]).unwrap().iter().all(|v| v.is_nan()));
        let e = both(vec![nan, 1.0, nan]).unwrap_err();
        assert!(e.message.contains("expected 3"), "{}", e.message);
    }
}
