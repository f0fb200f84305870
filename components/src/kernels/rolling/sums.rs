//! Sum, mean, variance, standard deviation and count over sliding windows, with pandas' compensated add/remove updates.

use crate::kernels::rolling::Bounds;

/// Running Kahan sum with pandas' bookkeeping (`add_sum`/`remove_sum` in
/// `pandas/_libs/window/aggregations.pyx`).
#[derive(Default)]
pub(super) struct KahanWindow {
    nobs: usize,
    neg: usize,
    sum: f64,
    comp_add: f64,
    comp_remove: f64,
    same_run: usize,
    prev: f64,
}

impl KahanWindow {
    fn reset(&mut self, first: f64) {
        *self = KahanWindow {
            prev: first,
            ..KahanWindow::default()
        };
    }

    #[inline]
    fn add(&mut self, v: f64) {
        if v.is_nan() {
            return;
        }
        self.nobs += 1;
        if v.is_sign_negative() {
            self.neg += 1;
        }
        let y = v - self.comp_add;
        let t = self.sum + y;
        self.comp_add = t - self.sum - y;
        self.sum = t;
        if v == self.prev {
            self.same_run += 1;
        } else {
            self.same_run = 1;
        }
        self.prev = v;
    }

    #[inline]
    fn remove(&mut self, v: f64) {
        if v.is_nan() {
            return;
        }
        self.nobs -= 1;
        if v.is_sign_negative() {
            self.neg -= 1;
        }
        let y = -v - self.comp_remove;
        let t = self.sum + y;
        self.comp_remove = t - self.sum - y;
        self.sum = t;
    }
}

/// Drives an add/remove window state over `bounds` like pandas' incremental loops: the
/// state is rebuilt when a window does not overlap the previous one (or bounds are not
/// monotonic), otherwise the leaving values are removed and the entering ones added.
pub(super) fn sweep<S>(
    values: &[f64],
    bounds: &Bounds,
    state: &mut S,
    reset: impl Fn(&mut S, f64),
    add: impl Fn(&mut S, f64),
    remove: impl Fn(&mut S, f64),
    mut emit: impl FnMut(&S) -> f64,
) -> Vec<f64> {
    let monotonic = bounds.monotonic();
    let mut out = Vec::with_capacity(bounds.len());
    for i in 0..bounds.len() {
        let (s, e) = (bounds.start[i], bounds.end[i]);
        if i == 0 || !monotonic || s >= bounds.end[i - 1] {
            reset(state, values.get(s).copied().unwrap_or(f64::NAN));
            for &v in &values[s..e.max(s)] {
                add(state, v);
            }
        } else {
            for &v in &values[bounds.start[i - 1]..s] {
                remove(state, v);
            }
            for &v in &values[bounds.end[i - 1]..e] {
                add(state, v);
            }
        }
        out.push(emit(state));
    }
    out
}

/// Rolling sum (pandas `roll_sum`): Kahan-compensated, a run of identical values gives
/// exactly `value * count`; an empty window gives 0 when `min_periods` is 0.
pub fn rolling_sum(values: &[f64], bounds: &Bounds, min_periods: usize) -> Vec<f64> {
    sweep(
        values,
        bounds,
        &mut KahanWindow::default(),
        KahanWindow::reset,
        KahanWindow::add,
        KahanWindow::remove,
        |w| {
            if w.nobs == 0 && min_periods == 0 {
                0.0
            } else if w.nobs >= min_periods {
                if w.same_run >= w.nobs {
                    w.prev * w.nobs as f64
                } else {
                    w.sum
                }
            } else {
                f64::NAN
            }
        },
    )
}

/// Rolling mean (pandas `roll_mean`): Kahan-compensated sums; a run of identical values
/// gives that value exactly; all-positive (all-negative) windows never give a negative
/// (positive) mean through rounding.
pub fn rolling_mean(values: &[f64], bounds: &Bounds, min_periods: usize) -> Vec<f64> {
    sweep(
        values,
        bounds,
        &mut KahanWindow::default(),
        KahanWindow::reset,
        KahanWindow::add,
        KahanWindow::remove,
        |w| {
            if w.nobs >= min_periods && w.nobs > 0 {
                let r = w.sum / w.nobs as f64;
                if w.same_run >= w.nobs {
                    w.prev
                } else if (w.neg == 0 && r < 0.0) || (w.neg == w.nobs && r > 0.0) {
                    0.0
                } else {
                    r
                }
            } else {
                f64::NAN
            }
        },
    )
}

/// Online Welford state with Kahan compensation (pandas `add_var`/`remove_var`).
#[derive(Default)]
pub(super) struct WelfordWindow {
    nobs: f64,
    mean: f64,
    ssqdm: f64,
    comp_add: f64,
    comp_remove: f64,
    same_run: usize,
    prev: f64,
}

impl WelfordWindow {
    fn reset(&mut self, first: f64) {
        *self = WelfordWindow {
            prev: first,
            ..WelfordWindow::default()
        };
    }

    #[inline]
    fn add(&mut self, v: f64) {
        if v.is_nan() {
            return;
        }
        self.nobs += 1.0;
        if v == self.prev {
            self.same_run += 1;
        } else {
            self.same_run = 1;
        }
        self.prev = v;
        let prev_mean = self.mean - self.comp_add;
        let y = v - self.comp_add;
        let t = y - self.mean;
        self.comp_add = t + self.mean - y;
        if self.nobs != 0.0 {
            self.mean += t / self.nobs;
        } else {
            self.mean = 0.0;
        }
        self.ssqdm += (v - prev_mean) * (v - self.mean);
    }

    #[inline]
    fn remove(&mut self, v: f64) {
        if v.is_nan() {
            return;
        }
        self.nobs -= 1.0;
        if self.nobs != 0.0 {
            let prev_mean = self.mean - self.comp_remove;
            let y = v - self.comp_remove;
            let t = y - self.mean;
            self.comp_remove = t + self.mean - y;
            self.mean -= t / self.nobs;
            self.ssqdm -= (v - prev_mean) * (v - self.mean);
        } else {
            self.mean = 0.0;
            self.ssqdm = 0.0;
        }
    }
}

/// Rolling variance with `ddof` (pandas `roll_var`): NaN unless the window holds more than
/// `ddof` and at least `min_periods` values; one value or a run of identical values gives 0.
pub fn rolling_var(values: &[f64], bounds: &Bounds, min_periods: usize, ddof: usize) -> Vec<f64> {
    sweep(
        values,
        bounds,
        &mut WelfordWindow::default(),
        WelfordWindow::reset,
        WelfordWindow::add,
        WelfordWindow::remove,
        |w| {
            if w.nobs >= min_periods as f64 && w.nobs > ddof as f64 {
                if w.nobs == 1.0 || w.same_run as f64 >= w.nobs {
                    0.0
                } else {
                    w.ssqdm / (w.nobs - ddof as f64)
                }
            } else {
                f64::NAN
            }
        },
    )
}

/// Rolling standard deviation: the square root of [`rolling_var`], tiny negative variances
/// clipped to 0 (pandas `zsqrt`).
pub fn rolling_std(values: &[f64], bounds: &Bounds, min_periods: usize, ddof: usize) -> Vec<f64> {
    let mut v = rolling_var(values, bounds, min_periods, ddof);
    for x in &mut v {
        *x = if *x < 0.0 { 0.0 } else { x.sqrt() };
    }
    v
}

/// Number of non-NaN values per window (NaN below `min_periods`).
pub fn rolling_count(values: &[f64], bounds: &Bounds, min_periods: usize) -> Vec<f64> {
    sweep(
        values,
        bounds,
        &mut 0usize,
        |c, _| *c = 0,
        |c, v| *c += usize::from(!v.is_nan()),
        |c, v| *c -= usize::from(!v.is_nan()),
        |&c| {
            if c >= min_periods {
                c as f64
            } else {
                f64::NAN
            }
        },
    )
}
