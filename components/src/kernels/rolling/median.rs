//! The sliding median: two heaps of live entries with direct removal through recorded slots.

use crate::kernels::rolling::{in_row_chunks, stop_requested, Bounds};

/// A live element of the sliding median: its value (kept inline so that sifting compares
/// without reaching back into the input) and its input position.
#[derive(Clone, Copy)]
pub(super) struct Entry {
    value: f64,
    pos: usize,
}

/// One side of the sliding median: a binary heap of entries ordered by value (max-heap for
/// the lower half, min-heap for the upper half), with every position's heap slot recorded
/// so that any element can be removed directly.
pub(super) struct PosHeap {
    items: Vec<Entry>,
    max: bool,
    side: u32,
}

/// Where each live position sits: `slot[pos & mask] = side << 31 | index in that heap`.
pub(super) struct Slots {
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
pub(super) struct SlidingMedian<'a> {
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
pub(super) fn rolling_median_rows(
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
        if stop_requested(i - rows.start) {
            break;
        }
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
