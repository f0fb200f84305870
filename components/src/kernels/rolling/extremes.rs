//! Sliding minimum and maximum with a monotonic deque.

use crate::kernels::rolling::{Bounds, VecDeque};

pub(super) fn rolling_extreme(
    values: &[f64],
    bounds: &Bounds,
    min_periods: usize,
    better: impl Fn(f64, f64) -> bool,
) -> Vec<f64> {
    // Positions of candidate extremes, their values monotonic from front to back.
    let mut q: VecDeque<usize> = VecDeque::new();
    let mut out = Vec::with_capacity(bounds.len());
    let mut nobs = 0usize;
    // Positions lo..hi have been added (and counted in nobs).
    let (mut lo, mut hi) = (0usize, 0usize);
    for i in 0..bounds.len() {
        let (s, e) = (bounds.start[i], bounds.end[i].max(bounds.start[i]));
        if i == 0 || s < lo || e < hi || s >= hi {
            q.clear();
            nobs = 0;
            lo = s;
            hi = s;
        }
        while lo < s {
            if !values[lo].is_nan() {
                nobs -= 1;
            }
            lo += 1;
        }
        while hi < e {
            let v = values[hi];
            if !v.is_nan() {
                nobs += 1;
                while q.back().is_some_and(|&b| !better(values[b], v)) {
                    q.pop_back();
                }
                q.push_back(hi);
            }
            hi += 1;
        }
        while q.front().is_some_and(|&f| f < s) {
            q.pop_front();
        }
        out.push(match q.front() {
            Some(&f) if nobs >= min_periods && e > s => values[f],
            _ => f64::NAN,
        });
    }
    out
}

/// Rolling minimum (monotonic deque, O(n)).
pub fn rolling_min(values: &[f64], bounds: &Bounds, min_periods: usize) -> Vec<f64> {
    rolling_extreme(values, bounds, min_periods, |kept, new| kept < new)
}

/// Rolling maximum (monotonic deque, O(n)).
pub fn rolling_max(values: &[f64], bounds: &Bounds, min_periods: usize) -> Vec<f64> {
    rolling_extreme(values, bounds, min_periods, |kept, new| kept > new)
}
