//! The cubic interpolation of pandas' `interpolate(method="cubic")`: scipy's
//! `interp1d(x, y, kind="cubic", bounds_error=False)`, which is the not-a-knot cubic spline
//! through the valid points (`make_interp_spline(x, y, k=3)`), NaN outside them.

use super::{preserved_nans, LimitArea, LimitDirection};
use rheo_core::ComponentError;

/// A not-a-knot cubic spline through points with strictly increasing `x`: the unique C²
/// piecewise cubic whose third derivative is also continuous at the second and the
/// second-to-last point. Stored as the points and the spline's slope at each point
/// (cubic Hermite form), so evaluating a segment needs only its two end points.
#[derive(Debug, Clone)]
pub struct NotAKnotSpline {
    x: Vec<f64>,
    y: Vec<f64>,
    slopes: Vec<f64>,
}

impl NotAKnotSpline {
    /// Fits the spline. `x` must be strictly increasing and as long as `y`.
    ///
    /// # Errors
    /// scipy's ValueError for fewer than four points ("The number of derivatives at
    /// boundaries does not match: expected 4 − n, got 0+0").
    pub fn new(x: Vec<f64>, y: Vec<f64>) -> Result<Self, ComponentError> {
        let n = x.len();
        debug_assert_eq!(n, y.len());
        if n < 4 {
            return Err(ComponentError::value_error(format!(
                "The number of derivatives at boundaries does not match: expected {}, got 0+0",
                4 - n
            )));
        }
        let dx: Vec<f64> = x.windows(2).map(|w| w[1] - w[0]).collect();
        let m: Vec<f64> = y
            .windows(2)
            .zip(&dx)
            .map(|(w, h)| (w[1] - w[0]) / h)
            .collect();
        // Tridiagonal system for the slopes: row i is lower[i]·s[i-1] + diag[i]·s[i] +
        // upper[i]·s[i+1] = rhs[i]. Interior rows make the second derivative continuous;
        // the first and last rows are the not-a-knot conditions.
        let mut lower = vec![0.0; n];
        let mut diag = vec![0.0; n];
        let mut upper = vec![0.0; n];
        let mut rhs = vec![0.0; n];
        let d = x[2] - x[0];
        diag[0] = dx[1];
        upper[0] = d;
        rhs[0] = ((dx[0] + 2.0 * d) * dx[1] * m[0] + dx[0] * dx[0] * m[1]) / d;
        for i in 1..n - 1 {
            lower[i] = dx[i];
            diag[i] = 2.0 * (dx[i - 1] + dx[i]);
            upper[i] = dx[i - 1];
            rhs[i] = 3.0 * (dx[i] * m[i - 1] + dx[i - 1] * m[i]);
        }
        let d = x[n - 1] - x[n - 3];
        lower[n - 1] = d;
        diag[n - 1] = dx[n - 3];
        rhs[n - 1] =
            (dx[n - 2] * dx[n - 2] * m[n - 3] + (2.0 * d + dx[n - 2]) * dx[n - 3] * m[n - 2]) / d;
        let slopes = solve_tridiagonal(&lower, &mut diag, &upper, &mut rhs);
        Ok(NotAKnotSpline { x, y, slopes })
    }

    /// The spline at `xi` on segment `j` (between points `j` and `j + 1`).
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

/// pandas' `_interpolate_1d` with `method="cubic"`: every NaN of `y` gets the not-a-knot
/// spline through the valid points at positions `x(i)` (strictly increasing), NaN before
/// the first and after the last valid point; then the NaNs pandas preserves for
/// `direction`, `area` and `limit` are restored. Nothing happens when all or none of the
/// values are valid.
///
/// # Errors
/// scipy's ValueError when there are NaNs and fewer than four valid points.
pub fn interpolate_cubic(
    y: &mut [f64],
    x: impl Fn(usize) -> f64,
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
    let spline = NotAKnotSpline::new(
        valid.iter().map(|&i| x(i)).collect(),
        valid.iter().map(|&i| y[i]).collect(),
    )?;
    let preserve = preserved_nans(&invalid, first_valid, last_valid, direction, area, limit);
    // Walk the positions once, tracking the segment of valid points around each NaN.
    let mut segment = 0usize;
    for i in 0..y.len() {
        if !invalid[i] {
            continue;
        }
        if preserve[i] || i < first_valid || i > last_valid {
            y[i] = f64::NAN;
            continue;
        }
        while valid[segment + 1] < i {
            segment += 1;
        }
        y[i] = spline.eval_on_segment(segment, x(i));
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
        let s = NotAKnotSpline::new(
            vec![1.0, 3.0, 4.0, 5.0, 7.0, 8.0],
            vec![1.0, 3.0, 2.5, 8.0, 1.0, 0.0],
        )
        .unwrap();
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
        let s = NotAKnotSpline::new(vec![1.0, 3.0, 4.0, 5.0], vec![1.0, 3.0, 2.5, 8.0]).unwrap();
        close(s.eval(2.0), 4.25);
        // Not-a-knot reproduces any cubic exactly, on irregular spacing too.
        let f = |x: f64| 0.5 * x * x * x - 2.0 * x * x + x - 7.0;
        let xs = vec![-3.0, -2.5, -0.25, 0.0, 1.75, 4.0, 4.5, 9.0];
        let s = NotAKnotSpline::new(xs.clone(), xs.iter().map(|&x| f(x)).collect()).unwrap();
        for xi in [-2.9, -1.0, 0.1, 2.0, 4.25, 8.0] {
            close(s.eval(xi), f(xi));
        }
    }

    #[test]
    fn too_few_points_raise_scipys_error() {
        for n in 1..4 {
            let e = NotAKnotSpline::new(vec![0.0; n], vec![0.0; n]).unwrap_err();
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
            interpolate_cubic(&mut y, |i| i as f64, direction, area, limit).unwrap();
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
            interpolate_cubic(
                &mut y,
                |i| i as f64,
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
