//! Interpolating B-splines of any degree as scipy's `make_interp_spline(x, y, k)` builds
//! them with its default boundary handling, for pandas' `interpolate(method="quadratic")`
//! and `method="polynomial", order=k` (scipy's `interp1d(kind=k)`): knots from the data
//! (not-a-knot for odd degrees, midpoints for degree 2), coefficients from the banded
//! collocation system solved with partial pivoting, values by de Boor's recursion.

use rheo_core::ComponentError;

/// A B-spline of degree `k` with knots `t` and coefficients `c` (`t.len() == c.len() + k + 1`).
#[derive(Debug, Clone)]
pub struct BSpline {
    t: Vec<f64>,
    c: Vec<f64>,
    k: usize,
}

impl BSpline {
    /// The degree-`k` spline through the points (`x` strictly increasing).
    ///
    /// # Errors
    /// scipy's errors: ValueError "Odd degree for now only. Got k." for an even degree
    /// above 2, ValueError "The number of derivatives at boundaries does not match: expected
    /// m, got 0+0" for too few points, LinAlgError for a singular collocation matrix.
    pub fn interpolate(x: &[f64], y: &[f64], k: usize) -> Result<Self, ComponentError> {
        let n = x.len();
        debug_assert!(n >= 1 && n == y.len());
        let (first, last) = (x[0], x[n - 1]);
        let t: Vec<f64> = match k {
            0 => x.iter().copied().chain([last]).collect(),
            1 => [first]
                .into_iter()
                .chain(x.iter().copied())
                .chain([last])
                .collect(),
            2 => {
                // Midpoints between the points, without the first and last one.
                let inner = (2..n.saturating_sub(1)).map(|i| (x[i] + x[i - 1]) / 2.0);
                repeat(first, 3)
                    .chain(inner)
                    .chain(repeat(last, 3))
                    .collect()
            }
            k if k % 2 == 1 => {
                let m = (k - 1) / 2;
                let inner = if n > 2 * (m + 1) {
                    &x[m + 1..n - m - 1]
                } else {
                    &[][..]
                };
                repeat(first, k + 1)
                    .chain(inner.iter().copied())
                    .chain(repeat(last, k + 1))
                    .collect()
            }
            k => {
                return Err(ComponentError::value_error(format!(
                    "Odd degree for now only. Got {k}."
                )))
            }
        };
        let nt = t.len() - k - 1;
        if nt != n {
            return Err(ComponentError::value_error(format!(
                "The number of derivatives at boundaries does not match: expected {}, got 0+0",
                nt as i64 - n as i64
            )));
        }
        if k <= 1 {
            return Ok(BSpline {
                t,
                c: y.to_vec(),
                k,
            });
        }
        let spline = BSpline {
            t,
            c: Vec::new(),
            k,
        };
        let mut band = Band::new(n, k);
        for (i, &xi) in x.iter().enumerate() {
            let l = spline.interval(xi);
            let in_band = spline.with_basis(l, xi, |basis| {
                basis
                    .iter()
                    .enumerate()
                    .all(|(r, &b)| band.set(i, l - k + r, b))
            });
            if !in_band {
                return Err(singular());
            }
        }
        let c = band.solve(y.to_vec()).ok_or_else(singular)?;
        Ok(BSpline { c, ..spline })
    }

    /// The knot interval `l` (`t[l] <= xi < t[l + 1]`, `k <= l < c.len()`) holding `xi`;
    /// the last point belongs to the last interval.
    fn interval(&self, xi: f64) -> usize {
        let nt = self.t.len() - self.k - 1;
        self.t
            .partition_point(|&v| v <= xi)
            .saturating_sub(1)
            .clamp(self.k, nt - 1)
    }

    /// The `k + 1` B-splines that do not vanish on interval `l`, at `xi` (Cox–de Boor),
    /// into `out`; `left` and `right` are scratch space of the same length.
    fn basis_into(&self, l: usize, xi: f64, out: &mut [f64], left: &mut [f64], right: &mut [f64]) {
        let (t, k) = (&self.t, self.k);
        out[0] = 1.0;
        for j in 1..=k {
            left[j] = xi - t[l + 1 - j];
            right[j] = t[l + j] - xi;
            let mut saved = 0.0;
            for r in 0..j {
                let tmp = out[r] / (right[r + 1] + left[j - r]);
                out[r] = saved + right[r + 1] * tmp;
                saved = left[j - r] * tmp;
            }
            out[j] = saved;
        }
    }

    /// [`Self::basis_into`] on stack scratch space for the usual degrees (heap beyond).
    fn with_basis<R>(&self, l: usize, xi: f64, f: impl FnOnce(&[f64]) -> R) -> R {
        const STACK: usize = 16;
        let k1 = self.k + 1;
        if k1 <= STACK {
            let (mut out, mut left, mut right) = ([0.0; STACK], [0.0; STACK], [0.0; STACK]);
            self.basis_into(l, xi, &mut out[..k1], &mut left[..k1], &mut right[..k1]);
            f(&out[..k1])
        } else {
            let (mut out, mut left, mut right) = (vec![0.0; k1], vec![0.0; k1], vec![0.0; k1]);
            self.basis_into(l, xi, &mut out, &mut left, &mut right);
            f(&out)
        }
    }

    /// The spline at `xi` (inside the knots; beyond them the end polynomial continues).
    pub fn eval(&self, xi: f64) -> f64 {
        let l = self.interval(xi);
        let first = l - self.k;
        self.with_basis(l, xi, |basis| {
            basis.iter().zip(&self.c[first..]).map(|(b, c)| b * c).sum()
        })
    }
}

fn repeat(v: f64, times: usize) -> impl Iterator<Item = f64> {
    std::iter::repeat_n(v, times)
}

fn singular() -> ComponentError {
    ComponentError::new("LinAlgError", "Collocation matrix is singular.")
}

/// A square band matrix with `k` sub- and `k` super-diagonals, with room for the fill-in of
/// partial pivoting: row `i` holds the columns `i - k ..= i + 2k`.
struct Band {
    n: usize,
    k: usize,
    a: Vec<f64>,
}

impl Band {
    fn new(n: usize, k: usize) -> Self {
        Band {
            n,
            k,
            a: vec![0.0; n * (3 * k + 1)],
        }
    }

    fn slot(&self, row: usize, col: usize) -> Option<usize> {
        let offset = (col + self.k).checked_sub(row)?;
        (offset <= 3 * self.k && col < self.n).then_some(row * (3 * self.k + 1) + offset)
    }

    fn get(&self, row: usize, col: usize) -> f64 {
        self.slot(row, col).map_or(0.0, |s| self.a[s])
    }

    /// Sets an entry; false when it lies outside the band.
    fn set(&mut self, row: usize, col: usize, v: f64) -> bool {
        match self.slot(row, col) {
            Some(s) => {
                self.a[s] = v;
                true
            }
            None => v == 0.0,
        }
    }

    /// Solves `A x = b` by Gaussian elimination with partial pivoting (rows swap within
    /// `k` of the diagonal, so every row's entries stay within its band); None when
    /// singular.
    fn solve(mut self, mut b: Vec<f64>) -> Option<Vec<f64>> {
        let (n, k) = (self.n, self.k);
        for i in 0..n {
            let rows = i..(i + k + 1).min(n);
            let cols = i..(i + 2 * k + 1).min(n);
            let p = rows
                .clone()
                .max_by(|&a, &b| self.get(a, i).abs().total_cmp(&self.get(b, i).abs()))?;
            let pivot = self.get(p, i);
            if pivot == 0.0 || !pivot.is_finite() {
                return None;
            }
            if p != i {
                for c in cols.clone() {
                    let (u, v) = (self.get(i, c), self.get(p, c));
                    self.set(i, c, v);
                    self.set(p, c, u);
                }
                b.swap(i, p);
            }
            for r in rows.skip(1) {
                let f = self.get(r, i) / pivot;
                if f == 0.0 {
                    continue;
                }
                for c in cols.clone() {
                    let v = self.get(r, c) - f * self.get(i, c);
                    self.set(r, c, v);
                }
                b[r] -= f * b[i];
            }
        }
        let mut x = vec![0.0; n];
        for i in (0..n).rev() {
            let s: f64 = (i + 1..(i + 2 * k + 1).min(n))
                .map(|c| self.get(i, c) * x[c])
                .sum();
            x[i] = (b[i] - s) / self.get(i, i);
        }
        Some(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{a} vs {b}");
    }

    #[test]
    fn passes_through_its_points_for_every_degree() {
        let x = [0.0, 0.5, 2.0, 2.5, 4.0, 7.0, 7.5, 9.0, 12.0];
        let y = [1.0, -2.0, 0.5, 3.0, 3.5, -1.0, 0.0, 2.0, 8.0];
        for k in [0, 1, 2, 3, 5, 7] {
            let s = BSpline::interpolate(&x, &y, k).unwrap();
            for (xi, yi) in x.iter().zip(y) {
                close(s.eval(*xi), yi);
            }
        }
    }

    #[test]
    fn reproduces_polynomials_of_its_degree() {
        let x = [-3.0, -1.5, 0.0, 0.25, 1.0, 2.5, 4.0, 6.0];
        for (k, f) in [
            (2, (|x: f64| 2.0 * x * x - x + 1.0) as fn(f64) -> f64),
            (3, |x: f64| x * x * x - 4.0 * x),
            (5, |x: f64| 0.01 * x.powi(5) - x.powi(3) + 2.0),
        ] {
            let y: Vec<f64> = x.iter().map(|&v| f(v)).collect();
            let s = BSpline::interpolate(&x, &y, k).unwrap();
            for xi in [-2.9, -0.7, 0.1, 0.9, 3.3, 5.5] {
                let (got, want) = (s.eval(xi), f(xi));
                assert!(
                    (got - want).abs() <= 1e-9 * want.abs().max(1.0),
                    "k={k} {xi}"
                );
            }
        }
    }

    #[test]
    fn agrees_with_scipy_make_interp_spline() {
        // scipy 1.12: make_interp_spline([0, 1, 3, 4, 7], [1, 4, -2, 0.5, 3], k)(xs).
        let x = [0.0, 1.0, 3.0, 4.0, 7.0];
        let y = [1.0, 4.0, -2.0, 0.5, 3.0];
        let q = BSpline::interpolate(&x, &y, 2).unwrap();
        close(q.eval(2.0), 0.9229166666666666);
        close(q.eval(5.5), 3.2289062499999988);
        let c = BSpline::interpolate(&x, &y, 3).unwrap();
        close(c.eval(2.0), 0.7633333333333351);
        close(c.eval(5.5), 7.196874999999999);
    }

    #[test]
    fn scipy_errors() {
        let e = BSpline::interpolate(&[0.0, 1.0], &[1.0, 2.0], 2).unwrap_err();
        assert_eq!(
            e.message,
            "The number of derivatives at boundaries does not match: expected 1, got 0+0"
        );
        let e = BSpline::interpolate(&[0.0, 1.0, 2.0, 3.0, 4.0], &[0.0; 5], 4).unwrap_err();
        assert_eq!(e.message, "Odd degree for now only. Got 4.");
        let e = BSpline::interpolate(&[0.0, 1.0, 2.0], &[0.0; 3], 5).unwrap_err();
        assert!(e.message.contains("expected 3"), "{}", e.message);
    }
}
