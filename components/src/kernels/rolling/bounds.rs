//! Window bounds: which input positions each output row aggregates (pandas' count and variable time window indexers, fixed intervals) and pandas' checks of a time index.

use rheo_core::value::Column;
use rheo_core::ComponentError;

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
    pub(super) fn monotonic(&self) -> bool {
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
