//! The rolling-window kernel shared by the moving-window components (Statistic "Moving …",
//! Filters "MAVG …"/"Moving Window MAD Band Filter", Anomaly Detection "Simple Volatility
//! Score").
//!
//! A rolling computation is split in two steps, exactly as pandas does:
//!
//! 1. **Window bounds** ([`Bounds`]): for every output row `i` a half-open range of input
//!    positions `start[i]..end[i]`. [`count_bounds`] gives pandas' `rolling(n)` windows,
//!    [`time_bounds`] ports pandas' variable (time-based) window indexer: trailing windows
//!    `(t - w, t]` (or another [`Closed`] rule) and centered windows `(t - w/2, t + w/2]`,
//!    on increasing or decreasing indexes, with pandas' handling of duplicate timestamps
//!    (the end of a trailing window is the row itself, so of two equal timestamps only the
//!    second sees the first). [`interval_bounds`] gives arbitrary fixed windows `[L, L + w]`
//!    on a sorted index (used by Moving Time Window Mean/Median).
//! 2. **Aggregation** over the bounds with online add/remove updates, NaN ignored and a
//!    result only where at least `min_periods` non-NaN values are in the window:
//!    [`rolling_sum`] / [`rolling_mean`] (Kahan-compensated add/remove with pandas' separate
//!    compensations for adding and removing, its constant-run and sign corrections),
//!    [`rolling_var`] / [`rolling_std`] (pandas' Welford update with Kahan compensation,
//!    ddof = 1 by default), [`rolling_min`] / [`rolling_max`] (monotonic deque, O(n)),
//!    [`rolling_median`] (two position heaps with direct removal, O(n log w)),
//!    [`rolling_count`], and [`rolling_mad`] / [`rolling_median_mad`] (median and median
//!    absolute deviation over a sorted window buffer, the MAD NaN-propagating like
//!    `np.median`). All run in one pass over the bounds; when a window does not overlap the
//!    previous one the state is rebuilt, as pandas does. [`rolling`] dispatches on [`Agg`].
//!
//! Helpers for the components: [`pandas_time_bounds`] (pandas' checks and errors of
//! `obj.rolling("10min")`), [`moving`] (the body of the "Moving … number/time"
//! components: dropna, index conversion, sort, roll every column), [`parse_window`]
//! (pandas offset strings including fractional multipliers such as `"17486.0S"` that Infer
//! Window Size produces), [`parse_timedelta`], [`to_datetime`] (`pd.to_datetime` of an
//! index), [`validate_time_index`], [`dropna_rows`], [`sort_rows_by_index`],
//! [`value_columns`] / [`rebuild`] (series and frames alike), [`nanmedian`] and
//! [`median_and_mad_sorted`].
//!
//! Files: `bounds` (window bounds, index checks), `sums` (sum/mean/var/std/count),
//! `extremes` (min/max), `median` (the two-heap sliding median), `mad` (sorted window
//! buffer, MAD, `np.median`), `parallel` (row ranges on parallel threads for long inputs)
//! and `moving` (the components' plumbing); everything is re-exported here.
//!
//! Memory: bounds take two `usize` per row (16 bytes/row), each result 8 bytes/row; the
//! median keeps two heaps of positions plus a slot table (O(w)), min/max an O(w) deque, the
//! MAD a sorted O(w) buffer.

use std::cmp::Ordering;
use std::collections::VecDeque;

mod bounds;
mod extremes;
mod mad;
mod median;
mod moving;
mod parallel;
mod sums;
/// Test helpers shared by the rolling-window components.
#[cfg(test)]
pub(crate) mod test_util;
#[cfg(test)]
mod tests;

pub use bounds::*;
pub use extremes::*;
pub use mad::*;
pub use median::*;
pub use moving::*;
pub use parallel::*;
pub use sums::*;

/// Aggregations of [`rolling`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agg {
    /// Sum (0 for an empty window with `min_periods` 0).
    Sum,
    /// Arithmetic mean.
    Mean,
    /// Minimum.
    Min,
    /// Maximum.
    Max,
    /// Median (mean of the two middle values for an even count).
    Median,
    /// Sample variance (ddof = 1).
    Var,
    /// Sample standard deviation (ddof = 1).
    Std,
    /// Number of non-NaN values.
    Count,
}

/// Rolling aggregation of `values` over `bounds` (NaN ignored; NaN where fewer than
/// `min_periods` valid values are in the window).
pub fn rolling(values: &[f64], bounds: &Bounds, agg: Agg, min_periods: usize) -> Vec<f64> {
    match agg {
        Agg::Sum => rolling_sum(values, bounds, min_periods),
        Agg::Mean => rolling_mean(values, bounds, min_periods),
        Agg::Min => rolling_min(values, bounds, min_periods),
        Agg::Max => rolling_max(values, bounds, min_periods),
        Agg::Median => rolling_median(values, bounds, min_periods),
        Agg::Var => rolling_var(values, bounds, min_periods, 1),
        Agg::Std => rolling_std(values, bounds, min_periods, 1),
        Agg::Count => rolling_count(values, bounds, min_periods),
    }
}
