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
//! Memory: bounds take two `usize` per row (16 bytes/row), each result 8 bytes/row; the
//! median keeps two heaps of positions plus a slot table (O(w)), min/max an O(w) deque, the
//! MAD a sorted O(w) buffer.

use rheo_core::value::{Column, ColumnKind, FrameValue, SeriesValue};
use rheo_core::{ComponentError, Value};
use std::cmp::Ordering;
use std::collections::VecDeque;

/// Which window edges belong to the window (pandas `closed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    /// `(a, b]` (pandas' default for time windows).
    Right,
    /// `[a, b)`.
    Left,
    /// `[a, b]`.
    Both,
    /// `(a, b)`.
    Neither,
}

impl Closed {
    /// Whether the left edge belongs to the window.
    pub fn left_closed(self) -> bool {
        matches!(self, Closed::Left | Closed::Both)
    }

    /// Whether the right edge belongs to the window.
    pub fn right_closed(self) -> bool {
        matches!(self, Closed::Right | Closed::Both)
    }
}

/// Window bounds: row `i` aggregates input positions `start[i]..end[i]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bounds {
    /// First position of each window.
    pub start: Vec<usize>,
    /// One past the last position of each window.
    pub end: Vec<usize>,
}

impl Bounds {
    /// Number of windows (output rows).
    pub fn len(&self) -> usize {
        self.start.len()
    }

    /// Whether there are no windows.
    pub fn is_empty(&self) -> bool {
        self.start.is_empty()
    }

    /// Whether starts and ends never decrease (then windows can be updated incrementally).
    fn monotonic(&self) -> bool {
        self.start.windows(2).all(|w| w[0] <= w[1]) && self.end.windows(2).all(|w| w[0] <= w[1])
    }
}

/// pandas' count window `rolling(n)`: row `i` covers positions `i+1-n ..= i` (clipped at 0).
pub fn count_bounds(len: usize, window: usize) -> Bounds {
    Bounds {
        start: (0..len).map(|i| (i + 1).saturating_sub(window)).collect(),
        end: (1..=len).collect(),
    }
}

/// pandas' time-based window bounds (`VariableWindowIndexer`) for an index of nanoseconds
/// that is monotonic (increasing or decreasing; check with [`validate_time_index`]).
///
/// Trailing windows cover `(t - w, t]` for [`Closed::Right`]; centered windows cover
/// `(t - w/2, t + w/2]`. As in pandas, a trailing window ends at the row itself (so of
/// duplicate timestamps only the later rows see the earlier ones), and `w/2` is the integer
/// half of the window in nanoseconds.
pub fn time_bounds(index: &[i64], window_ns: i64, closed: Closed, center: bool) -> Bounds {
    let n = index.len();
    let mut start = vec![0usize; n];
    let mut end = vec![0usize; n];
    if n == 0 {
        return Bounds { start, end };
    }
    let sign: i64 = if index[n - 1] < index[0] { -1 } else { 1 };
    if sign == 1 && !center && closed == Closed::Right {
        // The common case (pandas' default on an increasing index) as a two-pointer sweep.
        let mut j = 0usize;
        for (i, &t) in index.iter().enumerate() {
            let start_bound = t.saturating_sub(window_ns);
            while j < i && index[j] <= start_bound {
                j += 1;
            }
            start[i] = j;
            end[i] = i + 1;
        }
        return Bounds { start, end };
    }
    let (left_closed, right_closed) = (closed.left_closed(), closed.right_closed());
    let half = window_ns / 2;
    // Differences saturate so that extreme windows cannot overflow.
    let rel = |a: i64, b: i64| a.saturating_sub(b).saturating_mul(sign);
    if center {
        let end_bound = index[0].saturating_add(sign * half);
        for (j, &t) in index.iter().enumerate() {
            let d = rel(t, end_bound);
            if d < 0 || (d == 0 && right_closed) {
                end[0] = j + 1;
            } else {
                end[0] = j;
                break;
            }
        }
    } else {
        end[0] = usize::from(right_closed);
    }
    for i in 1..n {
        let (mut start_bound, end_bound) = if center {
            (
                index[i].saturating_sub(sign * half),
                index[i].saturating_add(sign * half),
            )
        } else {
            (
                index[i].saturating_sub(sign.saturating_mul(window_ns)),
                index[i],
            )
        };
        if left_closed {
            start_bound = start_bound.saturating_sub(sign);
        }
        let from = start[i - 1];
        start[i] = index[from..i]
            .iter()
            .position(|&t| rel(t, start_bound) > 0)
            .map_or(i, |k| from + k);
        if center {
            let mut j = end[i - 1];
            loop {
                if j == n {
                    end[i] = n;
                    break;
                }
                let d = rel(index[j], end_bound);
                if d == 0 && right_closed {
                    end[i] = j + 1;
                } else if d >= 0 {
                    end[i] = j;
                    break;
                }
                j += 1;
            }
        } else {
            if index[end[i - 1]] == end_bound && !right_closed {
                end[i] = end[i - 1] + 1;
            } else if rel(index[end[i - 1]], end_bound) <= 0 {
                end[i] = i + 1;
            } else {
                end[i] = end[i - 1];
            }
            if !right_closed {
                end[i] -= 1;
            }
        }
    }
    Bounds { start, end }
}

/// Fixed windows `[L, L + width]` (edges included per `closed`) on an increasingly sorted
/// index, one per left edge; the left edges must not decrease.
pub fn interval_bounds(
    sorted: &[i64],
    lefts: impl IntoIterator<Item = i64>,
    width: i64,
    closed: Closed,
) -> Bounds {
    let mut b = Bounds::default();
    let (mut s, mut e) = (0usize, 0usize);
    for left in lefts {
        let right = left.saturating_add(width);
        // First position inside on the left.
        while s < sorted.len() && (sorted[s] < left || (sorted[s] == left && !closed.left_closed()))
        {
            s += 1;
        }
        e = e.max(s);
        while e < sorted.len()
            && (sorted[e] < right || (sorted[e] == right && closed.right_closed()))
        {
            e += 1;
        }
        b.start.push(s);
        b.end.push(e);
    }
    b
}

/// pandas' checks of a datetime-like index before time-based rolling: no NaT, monotonic
/// (increasing or decreasing). Errors are ValueErrors with pandas' wording.
pub fn validate_time_index(index: &Column) -> Result<(), ComponentError> {
    if index.has_nulls() {
        return Err(ComponentError::value_error(
            "index values must not have NaT",
        ));
    }
    let ns = index.datetime_ns().unwrap_or_default();
    let inc = ns.windows(2).all(|w| w[0] <= w[1]);
    if !inc && !ns.windows(2).all(|w| w[0] >= w[1]) {
        return Err(ComponentError::value_error(
            "index values must be monotonic",
        ));
    }
    Ok(())
}

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

/// Running Kahan sum with pandas' bookkeeping (`add_sum`/`remove_sum` in
/// `pandas/_libs/window/aggregations.pyx`).
#[derive(Default)]
struct KahanWindow {
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
fn sweep<S>(
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
struct WelfordWindow {
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

fn rolling_extreme(
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

/// A live element of the sliding median: its value (kept inline so that sifting compares
/// without reaching back into the input) and its input position.
#[derive(Clone, Copy)]
struct Entry {
    value: f64,
    pos: usize,
}

/// One side of the sliding median: a binary heap of entries ordered by value (max-heap for
/// the lower half, min-heap for the upper half), with every position's heap slot recorded
/// so that any element can be removed directly.
struct PosHeap {
    items: Vec<Entry>,
    max: bool,
    side: u32,
}

/// Where each live position sits: `slot[pos & mask] = side << 31 | index in that heap`.
struct Slots {
    slot: Vec<u32>,
    mask: usize,
}

impl Slots {
    #[inline]
    fn set(&mut self, pos: usize, side: u32, idx: usize) {
        self.slot[pos & self.mask] = (side << 31) | idx as u32;
    }

    #[inline]
    fn get(&self, pos: usize) -> (u32, usize) {
        let e = self.slot[pos & self.mask];
        (e >> 31, (e & 0x7fff_ffff) as usize)
    }
}

impl PosHeap {
    fn new(max: bool, side: u32) -> Self {
        PosHeap {
            items: Vec::new(),
            max,
            side,
        }
    }

    /// Whether value `a` belongs above value `b` in this heap.
    #[inline(always)]
    fn higher(&self, a: f64, b: f64) -> bool {
        if self.max {
            a > b
        } else {
            a < b
        }
    }

    #[inline]
    fn top(&self) -> Option<f64> {
        self.items.first().map(|e| e.value)
    }

    fn sift_up(&mut self, slots: &mut Slots, mut i: usize) {
        let p = self.items[i];
        while i > 0 {
            let parent = (i - 1) / 2;
            let q = self.items[parent];
            if !self.higher(p.value, q.value) {
                break;
            }
            self.items[i] = q;
            slots.set(q.pos, self.side, i);
            i = parent;
        }
        self.items[i] = p;
        slots.set(p.pos, self.side, i);
    }

    fn sift_down(&mut self, slots: &mut Slots, mut i: usize) {
        let n = self.items.len();
        let p = self.items[i];
        loop {
            let l = 2 * i + 1;
            if l >= n {
                break;
            }
            let r = l + 1;
            // The larger (max-heap) or smaller child, chosen without a branch: the
            // comparison is a coin flip for the predictor on real data.
            let c = if r < n {
                l + usize::from(self.higher(self.items[r].value, self.items[l].value))
            } else {
                l
            };
            let q = self.items[c];
            if !self.higher(q.value, p.value) {
                break;
            }
            self.items[i] = q;
            slots.set(q.pos, self.side, i);
            i = c;
        }
        self.items[i] = p;
        slots.set(p.pos, self.side, i);
    }

    /// Moves the entry at `i` (just written there) to its place.
    #[inline]
    fn fix(&mut self, slots: &mut Slots, i: usize) {
        if i > 0 && self.higher(self.items[i].value, self.items[(i - 1) / 2].value) {
            self.sift_up(slots, i);
        } else {
            self.sift_down(slots, i);
        }
    }

    fn push(&mut self, slots: &mut Slots, e: Entry) {
        self.items.push(e);
        self.sift_up(slots, self.items.len() - 1);
    }

    fn remove_at(&mut self, slots: &mut Slots, i: usize) {
        let last = self.items.pop().expect("non-empty heap");
        if i < self.items.len() {
            self.items[i] = last;
            self.fix(slots, i);
        }
    }

    fn pop_top(&mut self, slots: &mut Slots) -> Entry {
        let top = self.items[0];
        self.remove_at(slots, 0);
        top
    }
}

/// Sliding median over a window of positions: the lower half in a max-heap, the upper half
/// in a min-heap (sizes equal or the lower one larger by one), elements removed directly
/// through their recorded heap slots. O(log w) per insertion or removal.
struct SlidingMedian<'a> {
    v: &'a [f64],
    low: PosHeap,
    high: PosHeap,
    slots: Slots,
}

impl<'a> SlidingMedian<'a> {
    /// `max_window`: the largest number of positions a window spans.
    fn new(v: &'a [f64], max_window: usize) -> Self {
        let cap = (max_window + 1).next_power_of_two();
        SlidingMedian {
            v,
            low: PosHeap::new(true, 0),
            high: PosHeap::new(false, 1),
            slots: Slots {
                slot: vec![0; cap],
                mask: cap - 1,
            },
        }
    }

    fn clear(&mut self) {
        self.low.items.clear();
        self.high.items.clear();
    }

    fn len(&self) -> usize {
        self.low.items.len() + self.high.items.len()
    }

    fn rebalance(&mut self) {
        if self.low.items.len() > self.high.items.len() + 1 {
            let t = self.low.pop_top(&mut self.slots);
            self.high.push(&mut self.slots, t);
        } else if self.high.items.len() > self.low.items.len() {
            let t = self.high.pop_top(&mut self.slots);
            self.low.push(&mut self.slots, t);
        }
    }

    fn insert(&mut self, pos: usize) {
        let e = Entry {
            value: self.v[pos],
            pos,
        };
        if self.low.top().is_some_and(|t| e.value <= t) {
            self.low.push(&mut self.slots, e);
        } else {
            self.high.push(&mut self.slots, e);
        }
        self.rebalance();
    }

    fn remove(&mut self, pos: usize) {
        let (side, idx) = self.slots.get(pos);
        if side == 0 {
            self.low.remove_at(&mut self.slots, idx);
        } else {
            self.high.remove_at(&mut self.slots, idx);
        }
        self.rebalance();
    }

    /// Replaces the live element at `old` by the one at `new` (one removal and one
    /// insertion at the cost of one sift plus at most one exchange of the two tops).
    fn replace(&mut self, old: usize, new: usize) {
        let (side, idx) = self.slots.get(old);
        let heap = if side == 0 {
            &mut self.low
        } else {
            &mut self.high
        };
        heap.items[idx] = Entry {
            value: self.v[new],
            pos: new,
        };
        heap.fix(&mut self.slots, idx);
        if let (Some(&a), Some(&b)) = (self.low.items.first(), self.high.items.first()) {
            if a.value > b.value {
                self.low.items[0] = b;
                self.low.sift_down(&mut self.slots, 0);
                self.high.items[0] = a;
                self.high.sift_down(&mut self.slots, 0);
            }
        }
    }

    fn median(&self) -> f64 {
        let n = self.len();
        if n == 0 {
            return f64::NAN;
        }
        let lo = self.low.items[0].value;
        if n % 2 == 1 {
            lo
        } else {
            (self.high.items[0].value + lo) / 2.0
        }
    }
}

/// Rolling median (two heaps with direct removal, O(n log w)); even counts give the mean
/// of the two middle values, as pandas' skiplist median does. Long inputs are split into
/// row ranges computed on parallel threads ([`in_row_chunks`]).
pub fn rolling_median(values: &[f64], bounds: &Bounds, min_periods: usize) -> Vec<f64> {
    let monotonic = bounds.monotonic();
    // Live positions never span more than a window plus the step to the next one.
    let max_window = (0..bounds.len())
        .map(|i| bounds.end[i].saturating_sub(bounds.start[i.saturating_sub(1)]))
        .max()
        .unwrap_or(0);
    in_row_chunks(bounds.len(), |rows| {
        rolling_median_rows(values, bounds, min_periods, max_window, monotonic, rows)
    })
}

/// The rolling median of the rows `rows` (see [`rolling_median`]; `max_window`: the most
/// positions live at once, `monotonic`: [`Bounds::monotonic`]).
fn rolling_median_rows(
    values: &[f64],
    bounds: &Bounds,
    min_periods: usize,
    max_window: usize,
    monotonic: bool,
    rows: std::ops::Range<usize>,
) -> Vec<f64> {
    let mut m = SlidingMedian::new(values, max_window);
    let mut out = Vec::with_capacity(rows.len());
    for i in rows.clone() {
        let (s, e) = (bounds.start[i], bounds.end[i].max(bounds.start[i]));
        if i == rows.start || !monotonic || s >= bounds.end[i - 1] {
            m.clear();
            for (k, v) in values[s..e].iter().enumerate() {
                if !v.is_nan() {
                    m.insert(s + k);
                }
            }
        } else {
            // Pair leaving and entering values as replacements, then the rest.
            let mut leaving = (bounds.start[i - 1]..s).filter(|&p| !values[p].is_nan());
            let mut entering = (bounds.end[i - 1]..e).filter(|&p| !values[p].is_nan());
            loop {
                match (leaving.next(), entering.next()) {
                    (Some(old), Some(new)) => m.replace(old, new),
                    (Some(old), None) => m.remove(old),
                    (None, Some(new)) => m.insert(new),
                    (None, None) => break,
                }
            }
        }
        out.push(if m.len() >= min_periods {
            m.median()
        } else {
            f64::NAN
        });
    }
    out
}

/// How many threads a long rolling kernel may use: `$RHEO_KERNEL_THREADS` if set to a
/// positive number (1 keeps every kernel on the calling thread), else the available cores.
pub fn kernel_threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| {
        std::env::var("RHEO_KERNEL_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|&n| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
    })
}

/// Inputs shorter than this run a rolling kernel on one thread.
const MIN_ROWS_PER_THREAD: usize = 100_000;

/// Runs `kernel` on consecutive row ranges covering `0..rows`, one per [`kernel_threads`] for
/// long inputs ([`MIN_ROWS_PER_THREAD`] rows at least each), and concatenates the results
/// in row order. A kernel starts each range from scratch, so its results must not depend on
/// where a range starts (true of window statistics, which only see their window).
pub fn in_row_chunks<T, F>(rows: usize, kernel: F) -> Vec<T>
where
    T: Send,
    F: Fn(std::ops::Range<usize>) -> Vec<T> + Sync,
{
    let threads = kernel_threads().min(rows / MIN_ROWS_PER_THREAD).max(1);
    if threads == 1 {
        return kernel(0..rows);
    }
    let step = rows.div_ceil(threads);
    let ranges: Vec<std::ops::Range<usize>> = (0..rows)
        .step_by(step)
        .map(|a| a..(a + step).min(rows))
        .collect();
    std::thread::scope(|scope| {
        let kernel = &kernel;
        let handles: Vec<_> = ranges[1..]
            .iter()
            .map(|r| {
                let r = r.clone();
                scope.spawn(move || kernel(r))
            })
            .collect();
        let mut out = kernel(ranges[0].clone());
        out.reserve(rows - out.len());
        for h in handles {
            out.extend(h.join().expect("rolling kernel thread panicked"));
        }
        out
    })
}

/// The `k`-th smallest (0-based) of the union of two ascending sequences given by accessors.
fn kth_of_two(
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
struct SortedWindow {
    sorted: Vec<f64>,
    nan_count: usize,
}

impl SortedWindow {
    fn insert(&mut self, v: f64) {
        if v.is_nan() {
            self.nan_count += 1;
        } else {
            let at = self.sorted.partition_point(|&x| x < v);
            self.sorted.insert(at, v);
        }
    }

    /// Moves the window to row `i` of `bounds`; `from_previous`: whether it holds row
    /// `i - 1` and the bounds never move backwards, so that it can be updated.
    fn advance(&mut self, values: &[f64], bounds: &Bounds, i: usize, from_previous: bool) {
        let (s, e) = (bounds.start[i], bounds.end[i].max(bounds.start[i]));
        if !from_previous || s >= bounds.end[i - 1] {
            self.sorted.clear();
            self.nan_count = 0;
            for &v in &values[s..e] {
                self.insert(v);
            }
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

/// Rolling median of the non-NaN values (like [`rolling_median`]) and rolling MAD (like
/// [`rolling_mad`]) in one pass over a [`SortedWindow`] (O(log w) per MAD via a
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
        rows.map(|i| {
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

/// Nanoseconds of a pandas offset string for a rolling window: signed and possibly zero,
/// as `to_offset(window).nanos` (a zero or negative window holds each row on its own, see
/// [`time_bounds`]); decimal multipliers only with pandas' tick spellings (`"17486.0S"`,
/// `"1.5H"`, not `"1.5h"`).
pub use crate::freq::parse_offset_ns as parse_window;

/// `pd.Timedelta` of a string (a bare integer is nanoseconds), shared with the time length
/// operations.
pub use crate::time_length_operations::parse_timedelta;

/// `pd.to_datetime` of an index: datetimes as they are, ints as epoch nanoseconds, floats
/// likewise (NaN → NaT), ISO 8601 strings parsed (one common offset keeps it as fixed
/// timezone, mixed offsets become UTC). `None` when some label cannot be converted.
pub fn to_datetime(index: &Column) -> Option<Column> {
    if index.kind() == ColumnKind::Bool {
        return None;
    }
    crate::basic::restrict_to_time_interval::to_datetime(index).ok()
}

/// pandas' validation and bounds of `obj.rolling(window)` with a window string on a
/// series/frame index: an empty object passes; otherwise the index must be datetimes
/// ("window must be an integer 0 or greater" as pandas says for other indexes), free of NaT
/// and monotonic ([`validate_time_index`]); the window must be a fixed offset ("passed window
/// … is not compatible with a datetimelike index" for unparseable strings, pandas'
/// non-fixed message for calendar offsets).
pub fn pandas_time_bounds(
    index: &Column,
    window: &str,
    closed: Closed,
    center: bool,
) -> Result<Bounds, ComponentError> {
    if !index.is_empty() {
        if index.kind() != ColumnKind::Datetime {
            return Err(ComponentError::value_error(
                "window must be an integer 0 or greater",
            ));
        }
        validate_time_index(index)?;
    }
    let w = parse_window(window).map_err(|e| {
        if e.message.contains("non-fixed") {
            e
        } else {
            ComponentError::value_error(format!(
                "passed window {window} is not compatible with a datetimelike index"
            ))
        }
    })?;
    let ns = index.datetime_ns().unwrap_or_default();
    Ok(time_bounds(&ns, w, closed, center))
}

/// The numeric data of a column as floats for rolling (ints and bools converted), or
/// pandas' DataError for strings and datetimes.
pub fn rolling_values(col: &Column) -> Result<std::borrow::Cow<'_, [f64]>, ComponentError> {
    col.f64_values()
        .ok_or_else(|| ComponentError::new("DataError", "No numeric types to aggregate"))
}

/// The value columns of a series or frame (one for a series).
pub fn value_columns(v: &Value) -> Vec<&Column> {
    match v {
        Value::Series(s) => vec![&s.values],
        Value::Frame(f) => f.columns.values().collect(),
        _ => Vec::new(),
    }
}

/// A series or frame like `like` (name, column names, attrs) with a new index and columns.
pub fn rebuild(like: &Value, index: Column, mut columns: Vec<Column>) -> Value {
    match like {
        Value::Frame(f) => Value::Frame(FrameValue {
            index,
            columns: f.columns.keys().cloned().zip(columns).collect(),
            attrs: f.attrs.clone(),
        }),
        Value::Series(s) => Value::Series(SeriesValue {
            name: s.name.clone(),
            index,
            values: columns
                .pop()
                .unwrap_or_else(|| Column::from_f64(Vec::new())),
            attrs: s.attrs.clone(),
        }),
        other => other.clone(),
    }
}

/// Whether an entry counts as missing for `dropna` (NaN floats, null strings/datetimes).
fn missing_mask(col: &Column) -> Vec<bool> {
    match col.kind() {
        ColumnKind::Float => col
            .f64_values()
            .map(|v| v.iter().map(|x| x.is_nan()).collect())
            .unwrap_or_default(),
        ColumnKind::Int | ColumnKind::Bool if col.data.null_count() == 0 => vec![false; col.len()],
        _ => (0..col.len())
            .map(|i| col.data.get(i).map_or(true, |v| v.is_null()))
            .collect(),
    }
}

/// Positions of the rows kept by `dropna()` (a row goes when any column is missing).
pub fn dropna_rows(v: &Value) -> Vec<usize> {
    let cols = value_columns(v);
    let n = match v {
        Value::Series(s) => s.len(),
        Value::Frame(f) => f.height(),
        _ => 0,
    };
    let mut keep = vec![true; n];
    for c in cols {
        for (k, m) in keep.iter_mut().zip(missing_mask(c)) {
            *k &= !m;
        }
    }
    (0..n).filter(|&i| keep[i]).collect()
}

/// Stable sort of `rows` by index label (numbers or datetimes; NaN/NaT last), as
/// `sort_index()` orders them.
pub fn sort_rows_by_index(index: &Column, rows: &mut [usize]) {
    match index.kind() {
        ColumnKind::Datetime if !index.has_nulls() => {
            let ns = index.datetime_ns().unwrap_or_default();
            if rows.windows(2).any(|w| ns[w[0]] > ns[w[1]]) {
                rows.sort_by_key(|&i| ns[i]);
            }
        }
        ColumnKind::Datetime => {
            let ns = index.datetime_ns_opt().unwrap_or_default();
            let key = |i: usize| ns[i].map_or((1u8, 0), |t| (0, t));
            if rows.windows(2).any(|w| key(w[0]) > key(w[1])) {
                rows.sort_by_key(|&i| key(i));
            }
        }
        _ => {
            let v = index.f64_values().unwrap_or_default();
            let cmp = |a: &usize, b: &usize| match (v[*a].is_nan(), v[*b].is_nan()) {
                (false, false) => v[*a].total_cmp(&v[*b]),
                (x, y) => x.cmp(&y),
            };
            if rows
                .windows(2)
                .any(|w| cmp(&w[0], &w[1]) == Ordering::Greater)
            {
                rows.sort_by(cmp);
            }
        }
    }
}

/// How the "Moving … number/time" components place their windows.
#[derive(Debug, Clone, Copy)]
pub enum MovingWindow<'a> {
    /// `rolling(n)` over the last `n` rows, all `n` required.
    Count(i64),
    /// `rolling(t)` over the time window `(t_i - t, t_i]`, at least one value.
    Time(&'a str),
}

/// The shared body of the ten "Moving average/maximum/median/minimum/standard deviation
/// number/time" components: `dropna()`, index conversion (`pd.to_datetime`; the count
/// variants keep numeric indexes), `sort_index()` (stable) and the rolling aggregation of
/// every column. Errors as hetida raises them (see the component docs).
pub fn moving(data: &Value, window: MovingWindow<'_>, agg: Agg) -> Result<Value, ComponentError> {
    let index = match data {
        Value::Series(s) => &s.index,
        Value::Frame(f) => &f.index,
        other => {
            return Err(ComponentError::new(
                "AttributeError",
                format!(
                    "'{}' object has no attribute 'dropna'",
                    crate::elementwise::py_type(other)
                ),
            ))
        }
    };
    let index = match window {
        MovingWindow::Count(_)
            if matches!(
                index.kind(),
                ColumnKind::Int | ColumnKind::Float | ColumnKind::Bool
            ) =>
        {
            index.clone()
        }
        MovingWindow::Count(_) => to_datetime(index).ok_or_else(|| {
            ComponentError::type_error("indices of data must be numeric or datetime")
        })?,
        MovingWindow::Time(_) => to_datetime(index)
            .ok_or_else(|| ComponentError::type_error("indices of data must be datetime"))?,
    };
    let mut rows = dropna_rows(data);
    sort_rows_by_index(&index, &mut rows);
    // Clean, sorted input (the common case) is used as it is, without copies.
    let identity = rows.len() == index.len() && rows.iter().enumerate().all(|(k, &r)| k == r);
    let take = |c: &Column| if identity { c.clone() } else { c.take(&rows) };
    let new_index = take(&index);
    let bounds = match window {
        MovingWindow::Count(n) => {
            let n = usize::try_from(n).map_err(|_| {
                ComponentError::value_error("window must be an integer 0 or greater")
            })?;
            count_bounds(rows.len(), n)
        }
        MovingWindow::Time(t) => {
            let err =
                || ComponentError::value_error(format!("t could not be parsed as frequency: {t}"));
            if new_index.has_nulls() {
                return Err(err());
            }
            let w = parse_window(t).map_err(|_| err())?;
            time_bounds(
                &new_index.datetime_ns().unwrap_or_default(),
                w,
                Closed::Right,
                false,
            )
        }
    };
    let min_periods = match window {
        MovingWindow::Count(n) => n as usize,
        MovingWindow::Time(_) => 1,
    };
    let mut out = Vec::new();
    for col in value_columns(data) {
        let taken = take(col);
        let vals = rolling_values(&taken)?;
        out.push(Column::from_f64(rolling(&vals, &bounds, agg, min_periods)));
    }
    Ok(rebuild(data, new_index, out))
}

/// Test helpers shared by the rolling-window components.
#[cfg(test)]
pub(crate) mod test_util {
    use super::*;
    use crate::elementwise::test_util::run1;
    use rheo_core::component::Component;
    use rheo_core::value::Tz;

    /// 2019-08-01T15:20:00 (naive) in seconds, the base of hetida's documentation examples.
    pub const T0: i64 = 1_564_672_800;

    /// A float series on a datetime index given in seconds after [`T0`].
    pub fn dts(secs: &[i64], tz: Tz, values: &[f64]) -> Value {
        Value::Series(SeriesValue::new(
            Column::from_datetime_ns(secs.iter().map(|s| (T0 + s) * 1_000_000_000).collect(), tz),
            Column::from_f64(values.to_vec()),
        ))
    }

    /// Seconds after [`T0`] of a datetime-indexed series or frame.
    pub fn secs(v: &Value) -> Vec<i64> {
        let idx = match v {
            Value::Series(s) => &s.index,
            Value::Frame(f) => &f.index,
            _ => panic!("no index: {v:?}"),
        };
        idx.datetime_ns()
            .unwrap()
            .iter()
            .map(|t| t / 1_000_000_000 - T0)
            .collect()
    }

    /// Float values of a series.
    pub fn vals(v: &Value) -> Vec<f64> {
        let Value::Series(s) = v else {
            panic!("not a series: {v:?}")
        };
        s.values.f64_values().unwrap().into_owned()
    }

    /// Asserts float slices are equal up to 1e-9 relative, NaN equal to NaN.
    pub fn close(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len(), "{a:?} != {b:?}");
        for (x, y) in a.iter().zip(b) {
            assert!(
                (x.is_nan() && y.is_nan()) || (x - y).abs() <= 1e-9 * y.abs().max(1.0),
                "{a:?} != {b:?}"
            );
        }
    }

    /// hetida's documentation example series: 15:20:10 3, :20 NaN, :25 3, :30 0, :35 6,
    /// :40 NaN, :55 12, :56 9.
    pub fn doc_example() -> Value {
        dts(
            &[10, 20, 25, 30, 35, 40, 55, 56],
            Tz::Naive,
            &[3.0, f64::NAN, 3.0, 0.0, 6.0, f64::NAN, 12.0, 9.0],
        )
    }

    /// Edge cases every "Moving … number" component shares; `single` maps one value to the
    /// aggregate of a one-value window (x, or NaN for the standard deviation).
    pub fn number_edges(c: &dyn Component, single: fn(f64) -> f64) {
        let run = |data: Value, n: i64| run1(c, &[("data", data), ("n", Value::Int(n))]);
        // Empty input.
        let r = run(dts(&[], Tz::Utc, &[]), 2).unwrap();
        assert!(vals(&r).is_empty());
        // Single point, n = 1.
        let r = run(dts(&[0], Tz::Utc, &[4.0]), 1).unwrap();
        close(&vals(&r), &[single(4.0)]);
        // Unsorted int index with NaN: NaN row dropped, sorted, name kept.
        let mut s = SeriesValue::new(
            Column::from_i64(vec![3, 1, 2, 0]),
            Column::from_f64(vec![30.0, 10.0, f64::NAN, 5.0]),
        );
        s.name = Some("x".into());
        let r = run(Value::Series(s), 1).unwrap();
        let Value::Series(out) = &r else { panic!() };
        assert_eq!(out.name.as_deref(), Some("x"));
        assert_eq!(out.index.i64_values().unwrap().as_ref(), [0, 1, 3]);
        close(&vals(&r), &[single(5.0), single(10.0), single(30.0)]);
        // n larger than the data and n = 0: all NaN.
        close(
            &vals(&run(dts(&[0, 1], Tz::Naive, &[1.0, 2.0]), 3).unwrap()),
            &[f64::NAN; 2],
        );
        close(
            &vals(&run(dts(&[0, 1], Tz::Naive, &[1.0, 2.0]), 0).unwrap()),
            &[f64::NAN; 2],
        );
        // Errors.
        let e = run(dts(&[0], Tz::Naive, &[1.0]), -1).unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            ("ValueError", "window must be an integer 0 or greater")
        );
        let strs = Value::Series(SeriesValue::new(
            Column::from_strings(vec![Some("a".into())]),
            Column::from_f64(vec![1.0]),
        ));
        let e = run(strs, 1).unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            ("TypeError", "indices of data must be numeric or datetime")
        );
        assert_eq!(
            run(Value::Float(1.0), 1).unwrap_err().type_name,
            "AttributeError"
        );
        // Frames: a row with any NaN is dropped, columns rolled separately.
        let f = Value::Frame(FrameValue {
            index: Column::from_i64(vec![0, 1, 2]),
            columns: [
                ("a".to_string(), Column::from_f64(vec![1.0, 2.0, 3.0])),
                ("b".to_string(), Column::from_f64(vec![7.0, f64::NAN, 9.0])),
            ]
            .into_iter()
            .collect(),
            attrs: Default::default(),
        });
        let Value::Frame(r) = run(f, 1).unwrap() else {
            panic!()
        };
        assert_eq!(r.index.i64_values().unwrap().as_ref(), [0, 2]);
        close(
            &r.columns["a"].f64_values().unwrap(),
            &[single(1.0), single(3.0)],
        );
        close(
            &r.columns["b"].f64_values().unwrap(),
            &[single(7.0), single(9.0)],
        );
    }

    /// Edge cases every "Moving … time" component shares (see [`number_edges`]).
    pub fn time_edges(c: &dyn Component, single: fn(f64) -> f64) {
        let run = |data: Value, t: &str| run1(c, &[("data", data), ("t", Value::Str(t.into()))]);
        let r = run(dts(&[], Tz::Utc, &[]), "5s").unwrap();
        assert!(vals(&r).is_empty());
        let r = run(dts(&[0], Tz::Fixed(3600), &[4.0]), "5s").unwrap();
        close(&vals(&r), &[single(4.0)]);
        let Value::Series(out) = &r else { panic!() };
        assert_eq!(out.index.tz, Tz::Fixed(3600));
        // Unsorted string labels with a duplicate timestamp; window 1 s holds one point
        // except for the duplicate, whose second row sees the first.
        let labels = [
            "2020-01-01T00:00:05Z",
            "2020-01-01T00:00:00Z",
            "2020-01-01T00:00:05Z",
        ];
        let s = Value::Series(SeriesValue::new(
            Column::from_strings(labels.iter().map(|l| Some(l.to_string())).collect()),
            Column::from_f64(vec![2.0, 1.0, 2.0]),
        ));
        let r = run(s, "1s").unwrap();
        let Value::Series(out) = &r else { panic!() };
        assert_eq!(out.index.tz, Tz::Utc);
        let v = vals(&r);
        close(&v[..2], &[single(1.0), single(2.0)]);
        // Errors.
        for t in ["M", "xyz", "5"] {
            let e = run(dts(&[0], Tz::Naive, &[1.0]), t).unwrap_err();
            assert_eq!(e.type_name, "ValueError");
            assert_eq!(
                e.message,
                format!("t could not be parsed as frequency: {t}")
            );
        }
        let strs = Value::Series(SeriesValue::new(
            Column::from_strings(vec![Some("a".into())]),
            Column::from_f64(vec![1.0]),
        ));
        let e = run(strs, "1s").unwrap_err();
        assert_eq!(
            (e.type_name.as_str(), e.message.as_str()),
            ("TypeError", "indices of data must be datetime")
        );
        let text = Value::Series(SeriesValue::new(
            Column::from_datetime_ns(vec![0], Tz::Naive),
            Column::from_strings(vec![Some("a".into())]),
        ));
        assert_eq!(run(text, "1s").unwrap_err().type_name, "DataError");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rheo_core::value::Tz;

    const S: i64 = 1_000_000_000;

    fn naive_median(w: &[f64]) -> f64 {
        let mut v = w.to_vec();
        nanmedian(&mut v)
    }

    fn close(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
        for (x, y) in a.iter().zip(b) {
            assert!(
                (x.is_nan() && y.is_nan()) || (x - y).abs() <= 1e-9 * y.abs().max(1.0),
                "{a:?} vs {b:?}"
            );
        }
    }

    #[test]
    fn trailing_time_bounds_are_right_closed() {
        // Irregular: 0, 1, 3, 4, 10 s; window 3 s: (t-3, t].
        let idx: Vec<i64> = [0, 1, 3, 4, 10].iter().map(|t| t * S).collect();
        let b = time_bounds(&idx, 3 * S, Closed::Right, false);
        assert_eq!(b.start, [0, 0, 1, 2, 4]);
        assert_eq!(b.end, [1, 2, 3, 4, 5]);
        // Left-closed [t-3, t): excludes the point itself, includes t-3.
        let b = time_bounds(&idx, 3 * S, Closed::Left, false);
        assert_eq!(b.start, [0, 0, 0, 1, 4]);
        assert_eq!(b.end, [0, 1, 2, 3, 4]);
        let b = time_bounds(&idx, 3 * S, Closed::Both, false);
        assert_eq!(b.start, [0, 0, 0, 1, 4]);
        assert_eq!(b.end, [1, 2, 3, 4, 5]);
        let b = time_bounds(&idx, 3 * S, Closed::Neither, false);
        assert_eq!(b.start, [0, 0, 1, 2, 4]);
        assert_eq!(b.end, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn duplicate_timestamps_see_only_earlier_rows() {
        let idx = [0, S, S, 2 * S];
        let b = time_bounds(&idx, 2 * S, Closed::Right, false);
        assert_eq!(b.start, [0, 0, 0, 1]);
        assert_eq!(b.end, [1, 2, 3, 4]);
        let v = [1.0, 2.0, 4.0, 8.0];
        close(&rolling_sum(&v, &b, 1), &[1.0, 3.0, 7.0, 14.0]);
    }

    #[test]
    fn centered_time_bounds() {
        // Window 4 s centered: (t-2, t+2].
        let idx: Vec<i64> = [0, 1, 2, 3, 5, 9].iter().map(|t| t * S).collect();
        let b = time_bounds(&idx, 4 * S, Closed::Right, true);
        // t=0: (-2,2] -> 0,1,2 ; t=1: (-1,3] -> 0..4 ; t=2: (0,4] -> 1..4 ;
        // t=3: (1,5] -> 2..5 ; t=5: (3,7] -> 4..5 ; t=9: (7,11] -> 5..6
        assert_eq!(b.start, [0, 0, 1, 2, 4, 5]);
        assert_eq!(b.end, [3, 4, 4, 5, 5, 6]);
    }

    #[test]
    fn decreasing_index_windows_look_towards_larger_positions() {
        let idx: Vec<i64> = [4, 3, 1, 0].iter().map(|t| t * S).collect();
        // Trailing window in the direction of growth: (t+2, t] mirrored = [t, t+2) ...
        let b = time_bounds(&idx, 2 * S, Closed::Right, false);
        // t=1 s: window [1, 3) in the direction of growth excludes t=3 s.
        assert_eq!(b.start, [0, 0, 2, 2]);
        assert_eq!(b.end, [1, 2, 3, 4]);
    }

    #[test]
    fn count_bounds_clip_at_zero() {
        let b = count_bounds(4, 2);
        assert_eq!(b.start, [0, 0, 1, 2]);
        assert_eq!(b.end, [1, 2, 3, 4]);
        let b = count_bounds(2, 0);
        assert_eq!(b.start, [1, 2]);
    }

    #[test]
    fn interval_bounds_respect_closedness() {
        let idx = [0, 5, 10, 15];
        let b = interval_bounds(&idx, [0, 5, 10], 5, Closed::Left);
        assert_eq!(
            (b.start.clone(), b.end.clone()),
            (vec![0, 1, 2], vec![1, 2, 3])
        );
        let b = interval_bounds(&idx, [0, 5, 10], 5, Closed::Both);
        assert_eq!(
            (b.start.clone(), b.end.clone()),
            (vec![0, 1, 2], vec![2, 3, 4])
        );
        let b = interval_bounds(&idx, [-5, 0], 5, Closed::Neither);
        assert_eq!((b.start, b.end), (vec![0, 1], vec![0, 1]));
    }

    #[test]
    fn aggregations_ignore_nan_and_respect_min_periods() {
        let v = [1.0, f64::NAN, 3.0, 10.0, -2.0];
        let b = count_bounds(5, 3);
        close(&rolling_mean(&v, &b, 1), &[1.0, 1.0, 2.0, 6.5, 11.0 / 3.0]);
        close(
            &rolling_mean(&v, &b, 3),
            &[f64::NAN, f64::NAN, f64::NAN, f64::NAN, 11.0 / 3.0],
        );
        close(&rolling_sum(&v, &b, 1), &[1.0, 1.0, 4.0, 13.0, 11.0]);
        close(&rolling_min(&v, &b, 1), &[1.0, 1.0, 1.0, 3.0, -2.0]);
        close(&rolling_max(&v, &b, 1), &[1.0, 1.0, 3.0, 10.0, 10.0]);
        close(&rolling_median(&v, &b, 1), &[1.0, 1.0, 2.0, 6.5, 3.0]);
        close(&rolling_count(&v, &b, 0), &[1.0, 1.0, 2.0, 2.0, 3.0]);
        // Sample std: [1] -> NaN, [1,3] -> sqrt(2), [3,10] -> sqrt(24.5), [3,10,-2] var 36.333..
        close(
            &rolling_std(&v, &b, 1, 1),
            &[
                f64::NAN,
                f64::NAN,
                2f64.sqrt(),
                24.5f64.sqrt(),
                (109.0f64 / 3.0).sqrt(),
            ],
        );
        // Empty windows: sum with min_periods 0 is 0, the rest NaN.
        let e = count_bounds(2, 0);
        close(&rolling_sum(&[1.0, 2.0], &e, 0), &[0.0, 0.0]);
        close(&rolling_mean(&[1.0, 2.0], &e, 0), &[f64::NAN, f64::NAN]);
        close(&rolling_max(&[1.0, 2.0], &e, 0), &[f64::NAN, f64::NAN]);
        close(&rolling_median(&[1.0, 2.0], &e, 0), &[f64::NAN, f64::NAN]);
        close(&rolling_std(&[1.0, 2.0], &e, 0, 1), &[f64::NAN, f64::NAN]);
    }

    #[test]
    fn constant_runs_are_exact() {
        let v = [0.1; 10];
        let b = count_bounds(10, 3);
        assert!(rolling_mean(&v, &b, 1).iter().all(|&x| x == 0.1));
        assert!(rolling_std(&v, &b, 2, 1)[2..].iter().all(|&x| x == 0.0));
        assert_eq!(rolling_sum(&v, &b, 1)[5], 0.1 * 3.0);
    }

    #[test]
    fn kahan_mean_survives_large_offsets() {
        // 1e16 then small values: naive add/remove would lose the small values.
        let mut v = vec![1e16];
        v.extend((0..20).map(f64::from));
        let b = count_bounds(v.len(), 3);
        let m = rolling_mean(&v, &b, 1);
        // Once 1e16 has left the window, the means of (p-3, p-2, p-1) are exact.
        close(&m[3..], &(1..19).map(f64::from).collect::<Vec<_>>());
    }

    #[test]
    fn median_and_extremes_match_brute_force() {
        // Pseudo-random values with ties and NaN, irregular windows.
        let mut x = 12345u64;
        let mut rnd = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let v: Vec<f64> = (0..2000)
            .map(|_| {
                let r = rnd() % 50;
                if r == 0 {
                    f64::NAN
                } else {
                    (r % 17) as f64
                }
            })
            .collect();
        let mut t = 0i64;
        let idx: Vec<i64> = (0..2000)
            .map(|_| {
                t += (rnd() % 4) as i64;
                t
            })
            .collect();
        for (w, center) in [
            (0, false),
            (1, false),
            (7, false),
            (40, false),
            (9, true),
            (1000, true),
        ] {
            let b = time_bounds(&idx, w, Closed::Right, center);
            let med = rolling_median(&v, &b, 1);
            // Both median kernels, whichever the window length picks.
            // Row ranges computed separately (as on parallel threads) agree with one pass.
            let chunked: Vec<f64> = [0..700, 700..701, 701..v.len()]
                .into_iter()
                .flat_map(|r| rolling_median_rows(&v, &b, 1, v.len(), b.monotonic(), r))
                .collect();
            let max = rolling_max(&v, &b, 1);
            let min = rolling_min(&v, &b, 2);
            let mad = rolling_mad(&v, &b, 1);
            let (med2, _) = rolling_median_mad(&v, &b, 1);
            for other in [&med2, &chunked] {
                for (x, y) in med.iter().zip(other) {
                    assert!(x == y || (x.is_nan() && y.is_nan()));
                }
            }
            for i in 0..v.len() {
                let win = &v[b.start[i]..b.end[i].max(b.start[i])];
                let valid: Vec<f64> = win.iter().copied().filter(|x| !x.is_nan()).collect();
                let m = naive_median(win);
                assert!(m == med[i] || (m.is_nan() && med[i].is_nan()), "median {i}");
                let mx = valid.iter().copied().fold(f64::NAN, f64::max);
                assert!(mx == max[i] || (mx.is_nan() && max[i].is_nan()), "max {i}");
                let mn = if valid.len() >= 2 {
                    valid.iter().copied().fold(f64::NAN, f64::min)
                } else {
                    f64::NAN
                };
                assert!(mn == min[i] || (mn.is_nan() && min[i].is_nan()), "min {i}");
                let expected_mad = if valid.len() < win.len() || valid.is_empty() {
                    f64::NAN
                } else {
                    let mut d: Vec<f64> = valid.iter().map(|x| (x - m).abs()).collect();
                    nanmedian(&mut d)
                };
                assert!(
                    expected_mad == mad[i] || (expected_mad.is_nan() && mad[i].is_nan()),
                    "mad {i}: {expected_mad} vs {}",
                    mad[i]
                );
            }
        }
    }

    #[test]
    fn row_chunks_cover_all_rows_in_order() {
        for rows in [
            0,
            1,
            5,
            MIN_ROWS_PER_THREAD * 2 + 3,
            MIN_ROWS_PER_THREAD * 5,
        ] {
            let out = in_row_chunks(rows, |r| r.map(|i| i as f64).collect());
            assert_eq!(out.len(), rows);
            assert!(out.iter().enumerate().all(|(i, &x)| x == i as f64));
        }
    }

    #[test]
    fn long_inputs_split_into_row_ranges_match_a_brute_force_median_and_mad() {
        let n = 2 * MIN_ROWS_PER_THREAD + 7;
        let v: Vec<f64> = (0..n)
            .map(|i| {
                if i % 101 == 0 {
                    f64::NAN
                } else {
                    ((i * 7919) % 23) as f64
                }
            })
            .collect();
        let b = count_bounds(n, 9);
        let med = rolling_median(&v, &b, 1);
        let (med2, mad) = rolling_median_mad(&v, &b, 1);
        for i in 0..n {
            let win = &v[b.start[i]..b.end[i]];
            let m = naive_median(win);
            let same = |a: f64, b: f64| a == b || (a.is_nan() && b.is_nan());
            assert!(same(m, med[i]) && same(m, med2[i]), "median {i}");
            let expected_mad = if win.iter().any(|x| x.is_nan()) {
                f64::NAN
            } else {
                let mut d: Vec<f64> = win.iter().map(|x| (x - m).abs()).collect();
                nanmedian(&mut d)
            };
            assert!(same(expected_mad, mad[i]), "mad {i}");
        }
    }

    #[test]
    fn mad_of_small_sets() {
        assert_eq!(
            median_and_mad_sorted(&[1.0, 2.0, 3.0, 4.0, 100.0]),
            (3.0, 1.0)
        );
        assert_eq!(median_and_mad_sorted(&[1.0, 2.0, 4.0, 8.0]), (3.0, 1.5));
        assert_eq!(median_and_mad_sorted(&[5.0]), (5.0, 0.0));
        assert!(median_and_mad_sorted(&[]).0.is_nan());
    }

    #[test]
    fn window_strings() {
        assert_eq!(parse_window("17486.0S").unwrap(), 17486 * S);
        assert_eq!(parse_window("1.5H").unwrap(), 5400 * S);
        assert!(parse_window("1.5h").is_err());
        assert!(parse_window("0.5s").is_err());
        assert_eq!(parse_window("-5min").unwrap(), -300 * S);
        assert_eq!(parse_window("0.0S").unwrap(), 0);
        assert_eq!(parse_window("0min").unwrap(), 0);
        assert_eq!(parse_window("10min").unwrap(), 600 * S);
        assert!(parse_window("M").unwrap_err().message.contains("non-fixed"));
        assert!(parse_window("1.5").is_err());
        assert!(parse_window("abc").is_err());
        assert_eq!(parse_timedelta("0").unwrap(), 0);
        assert_eq!(parse_timedelta("5").unwrap(), 5);
        assert_eq!(parse_timedelta("-1min").unwrap(), -60 * S);
        assert_eq!(parse_timedelta("30s").unwrap(), 30 * S);
    }

    #[test]
    fn index_checks_and_conversion() {
        let ok = Column::from_datetime_ns(vec![3, 2, 2, 1], Tz::Utc);
        assert!(validate_time_index(&ok).is_ok());
        let bad = Column::from_datetime_ns(vec![1, 3, 2], Tz::Utc);
        assert_eq!(
            validate_time_index(&bad).unwrap_err().message,
            "index values must be monotonic"
        );
        let nat = Column::from_opt_datetime_ns(vec![Some(1), None], Tz::Utc);
        assert!(validate_time_index(&nat)
            .unwrap_err()
            .message
            .contains("NaT"));
        let s = Column::from_strings(vec![
            Some("2020-01-01T00:00:00+01:00".into()),
            Some("2020-01-01T00:00:01+01:00".into()),
        ]);
        let d = to_datetime(&s).unwrap();
        assert_eq!(d.tz, Tz::Fixed(3600));
        assert!(to_datetime(&Column::from_strings(vec![Some("x".into())])).is_none());
        assert_eq!(
            to_datetime(&Column::from_i64(vec![5])).unwrap(),
            Column::from_datetime_ns(vec![5], Tz::Naive)
        );
    }
}
