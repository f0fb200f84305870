//! Median and median absolute deviation over a sorted window buffer, and `np.median`.

use crate::kernels::rolling::{in_row_chunks, stop_requested, Bounds};

/// The `k`-th smallest (0-based) of the union of two ascending sequences given by accessors.
pub(super) fn kth_of_two(
    a: impl Fn(usize) -> f64,
    na: usize,
    b: impl Fn(usize) -> f64,
    nb: usize,
    k: usize,
) -> f64 {
    // Take i elements from a and k+1-i from b; find i such that the split is valid.
    let take = k + 1;
    let (mut lo, mut hi) = (take.saturating_sub(nb), take.min(na));
    while lo < hi {
        let i = (lo + hi) / 2;
        let j = take - i;
        // a[i] < b[j-1] means i is too small.
        if j > 0 && i < na && a(i) < b(j - 1) {
            lo = i + 1;
        } else {
            hi = i;
        }
    }
    let i = lo;
    let j = take - i;
    match (i > 0, j > 0) {
        (true, true) => a(i - 1).max(b(j - 1)),
        (true, false) => a(i - 1),
        (false, true) => b(j - 1),
        (false, false) => f64::NAN,
    }
}

/// Median and median absolute deviation of an ascending slice without NaN (numpy
/// semantics: `np.median(np.abs(x - np.median(x)))`).
pub fn median_and_mad_sorted(sorted: &[f64]) -> (f64, f64) {
    let n = sorted.len();
    if n == 0 {
        return (f64::NAN, f64::NAN);
    }
    let med = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    // Distances below the median (ascending when walking down) and above (ascending).
    let p = sorted.partition_point(|&x| x < med);
    let below = |i: usize| med - sorted[p - 1 - i];
    let above = |j: usize| sorted[p + j] - med;
    let (nb, na) = (p, n - p);
    let mad = if n % 2 == 1 {
        kth_of_two(below, nb, above, na, n / 2)
    } else {
        let a = kth_of_two(below, nb, above, na, n / 2 - 1);
        let b = kth_of_two(below, nb, above, na, n / 2);
        (a + b) / 2.0
    };
    (med, mad)
}

/// Rolling median absolute deviation `median(|v - median(v)|)` over the raw window values:
/// any NaN in the window gives NaN (as `np.median` does); fewer than `min_periods` non-NaN
/// values give NaN. See [`rolling_median_mad`].
pub fn rolling_mad(values: &[f64], bounds: &Bounds, min_periods: usize) -> Vec<f64> {
    rolling_median_mad(values, bounds, min_periods).1
}

/// The non-NaN values of a sliding window kept in ascending order (binary search +
/// memmove: O(w) per update with a tiny constant, and no unpredictable branches beyond the
/// searches), plus the count of NaNs in the window.
#[derive(Default)]
pub(super) struct SortedWindow {
    sorted: Vec<f64>,
    nan_count: usize,
}

impl SortedWindow {
    /// Starts the window afresh with `window`: one sort (O(w log w)) instead of w sorted
    /// inserts (O(w²) moves, seconds for a window of 300,000 values). The sort is stable
    /// over the values in reverse, so equal values (0.0 and -0.0) end up exactly where
    /// one insert after another would put them.
    fn fill(&mut self, window: &[f64]) {
        self.sorted.clear();
        self.sorted
            .extend(window.iter().rev().copied().filter(|v| !v.is_nan()));
        self.nan_count = window.len() - self.sorted.len();
        self.sorted
            .sort_by(|a, b| a.partial_cmp(b).expect("NaN values were filtered out"));
    }

    /// Moves the window to row `i` of `bounds`; `from_previous`: whether it holds row
    /// `i - 1` and the bounds never move backwards, so that it can be updated.
    fn advance(&mut self, values: &[f64], bounds: &Bounds, i: usize, from_previous: bool) {
        let (s, e) = (bounds.start[i], bounds.end[i].max(bounds.start[i]));
        if !from_previous || s >= bounds.end[i - 1] {
            self.fill(&values[s..e]);
            return;
        }
        let (leaving, entering) = (
            &values[bounds.start[i - 1]..s],
            &values[bounds.end[i - 1]..e],
        );
        self.nan_count -= leaving.iter().filter(|v| v.is_nan()).count();
        self.nan_count += entering.iter().filter(|v| v.is_nan()).count();
        let mut leaving = leaving.iter().copied().filter(|v| !v.is_nan());
        let mut entering = entering.iter().copied().filter(|v| !v.is_nan());
        let sorted = &mut self.sorted;
        loop {
            match (leaving.next(), entering.next()) {
                (Some(old), Some(new)) => {
                    // One shift of the values between the two places.
                    let a = sorted.partition_point(|&x| x < old);
                    let b = sorted.partition_point(|&x| x < new);
                    if b > a {
                        sorted.copy_within(a + 1..b, a);
                        sorted[b - 1] = new;
                    } else {
                        sorted.copy_within(b..a, b + 1);
                        sorted[b] = new;
                    }
                }
                (Some(old), None) => {
                    let a = sorted.partition_point(|&x| x < old);
                    sorted.remove(a);
                }
                (None, Some(new)) => {
                    let at = sorted.partition_point(|&x| x < new);
                    sorted.insert(at, new);
                }
                (None, None) => break,
            }
        }
    }
}

/// Rolling median of the non-NaN values (like [`super::rolling_median`]) and rolling MAD (like
/// [`rolling_mad`]) in one pass over a sorted window buffer (O(log w) per MAD via a
/// k-th-of-two-sorted-sequences search); long inputs in parallel row ranges
/// ([`in_row_chunks`]).
pub fn rolling_median_mad(
    values: &[f64],
    bounds: &Bounds,
    min_periods: usize,
) -> (Vec<f64>, Vec<f64>) {
    let monotonic = bounds.monotonic();
    let pairs = in_row_chunks(bounds.len(), |rows| {
        let mut window = SortedWindow::default();
        let first = rows.start;
        rows.take_while(|&i| !stop_requested(i - first))
            .map(|i| {
                window.advance(values, bounds, i, monotonic && i > first);
                let sorted = &window.sorted;
                if sorted.len() < min_periods || sorted.is_empty() {
                    (f64::NAN, f64::NAN)
                } else {
                    let (med, mad) = median_and_mad_sorted(sorted);
                    (med, if window.nan_count > 0 { f64::NAN } else { mad })
                }
            })
            .collect()
    });
    pairs.into_iter().unzip()
}

/// numpy's `np.median` of the non-NaN values (NaN for none); reorders `buf`.
pub fn nanmedian(buf: &mut Vec<f64>) -> f64 {
    buf.retain(|v| !v.is_nan());
    let n = buf.len();
    if n == 0 {
        return f64::NAN;
    }
    let (_, &mut hi, _) = buf.select_nth_unstable_by(n / 2, f64::total_cmp);
    if n % 2 == 1 {
        hi
    } else {
        let lo = buf[..n / 2]
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        (lo + hi) / 2.0
    }
}
