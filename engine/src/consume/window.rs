//! Windows of consumption mode: the messages of each Kafka key gathered into tumbling or
//! hopping windows, by count or by event time with allowed lateness. Closed windows are
//! handed out in order of their end; [`Windows::first_needed_offset`] is the first offset an
//! open window still holds. Offsets are committed only below it, so a restart re-reads the
//! open windows' messages and so rebuilds them: window state needs no store of its own.
//!
//! Event-time windows close when the partition's watermark (the latest event time seen)
//! passes their end plus the allowed lateness; a message whose every window has closed is
//! refused as late. Count windows close with their last message.

use rheo_adapters::kafka::consumption::{WindowBy, WindowSettings};
use rheo_adapters::kafka::message::Message;
use std::collections::{BTreeMap, HashMap, VecDeque};

/// A Kafka key (`None`: keyless records, one window sequence of their own).
pub type Key = Option<Vec<u8>>;

/// A closed window, ready to run.
#[derive(Debug)]
pub struct Closed {
    /// The key whose messages it holds.
    pub key: Key,
    /// Its messages: event time (ns) and message, in arrival order.
    pub items: Vec<(i64, Message)>,
    /// The first and last offset among them.
    pub offsets: (i64, i64),
}

/// Why a message was not taken into a window.
#[derive(Debug, PartialEq)]
pub enum Refused {
    /// Every window it belongs to has closed (event time older than the watermark allows).
    Late {
        /// The partition's watermark (ns) when it arrived.
        watermark: i64,
    },
    /// The open windows already hold `max_open_messages`.
    Full,
}

#[derive(Debug)]
struct Item {
    offset: i64,
    time: i64,
    /// The message's position among its key's messages (count windows).
    index: u64,
    message: Message,
}

#[derive(Debug, Default)]
struct KeyState {
    items: VecDeque<Item>,
    /// Count windows: messages seen.
    seen: u64,
    /// Event-time windows: every window starting before this has closed.
    done_before: Option<i64>,
}

/// The open windows of one partition.
pub struct Windows {
    settings: WindowSettings,
    keys: HashMap<Key, KeyState>,
    watermark: Option<i64>,
    /// Offsets held by open windows (offset → messages held with it; one per message).
    held: BTreeMap<i64, usize>,
    /// Messages held, all offsets together.
    held_total: usize,
}

const NS: f64 = 1e9;

impl Windows {
    /// No open windows yet.
    pub fn new(settings: WindowSettings) -> Self {
        Windows {
            settings,
            keys: HashMap::new(),
            watermark: None,
            held: BTreeMap::new(),
            held_total: 0,
        }
    }

    /// The first offset an open window holds (commit no further), if any.
    pub fn first_needed_offset(&self) -> Option<i64> {
        self.held.keys().next().copied()
    }

    /// Takes a message (`time` in ns: its event time, or the record timestamp) and returns
    /// the windows it closes.
    pub fn add(
        &mut self,
        key: Key,
        offset: i64,
        time: i64,
        message: Message,
    ) -> Result<Vec<Closed>, Refused> {
        if self.held_total >= self.settings.max_open_messages {
            return Err(Refused::Full);
        }
        match self.settings.by {
            WindowBy::Count => Ok(self.add_counted(key, offset, time, message)),
            WindowBy::EventTime => self.add_timed(key, offset, time, message),
        }
    }

    fn hold(&mut self, offset: i64) {
        *self.held.entry(offset).or_default() += 1;
        self.held_total += 1;
    }

    fn release(&mut self, offset: i64) {
        if let Some(n) = self.held.get_mut(&offset) {
            *n -= 1;
            self.held_total -= 1;
            if *n == 0 {
                self.held.remove(&offset);
            }
        }
    }

    fn add_counted(&mut self, key: Key, offset: i64, time: i64, message: Message) -> Vec<Closed> {
        let (size, step) = (self.settings.size as u64, self.settings.step() as u64);
        let st = self.keys.entry(key.clone()).or_default();
        st.items.push_back(Item {
            offset,
            time,
            index: st.seen,
            message,
        });
        st.seen += 1;
        let mut closed = Vec::new();
        if st.seen >= size && (st.seen - size).is_multiple_of(step) {
            let start = st.seen - size;
            closed.push(window_of(
                &key,
                st.items.iter().filter(|i| i.index >= start),
            ));
        }
        let next_start = if st.seen < size {
            0
        } else {
            ((st.seen - size) / step + 1) * step
        };
        let mut released = Vec::new();
        while st.items.front().is_some_and(|i| i.index < next_start) {
            released.extend(st.items.pop_front().map(|i| i.offset));
        }
        self.hold(offset);
        for o in released {
            self.release(o);
        }
        closed
    }

    fn add_timed(
        &mut self,
        key: Key,
        offset: i64,
        time: i64,
        message: Message,
    ) -> Result<Vec<Closed>, Refused> {
        let (size, step, late) = self.spans();
        let open_from = self
            .watermark
            .map(|w| first_start_after(w.saturating_sub(late), size, step));
        let st = self.keys.entry(key).or_default();
        let floor = st.done_before.max(open_from);
        if floor.is_some_and(|f| time < f) {
            return Err(Refused::Late {
                watermark: self.watermark.unwrap_or(i64::MIN),
            });
        }
        st.done_before = floor;
        st.items.push_back(Item {
            offset,
            time,
            index: 0,
            message,
        });
        self.hold(offset);
        if self.watermark.is_some_and(|w| w >= time) {
            // Only a later watermark closes windows.
            return Ok(Vec::new());
        }
        self.watermark = Some(time);
        Ok(self.close_timed())
    }

    /// Window size, step and allowed lateness in ns.
    fn spans(&self) -> (i64, i64, i64) {
        let ns = |s: f64| (s * NS).round().clamp(1.0, 9.0e18) as i64;
        (
            ns(self.settings.size),
            ns(self.settings.step()),
            (self.settings.allowed_lateness_seconds * NS)
                .round()
                .clamp(0.0, 9.0e18) as i64,
        )
    }

    /// Every event-time window the watermark has closed, in order of end, then key.
    fn close_timed(&mut self) -> Vec<Closed> {
        let (size, step, late) = self.spans();
        let Some(watermark) = self.watermark else {
            return Vec::new();
        };
        let mut closed = Vec::new();
        let mut released = Vec::new();
        for (key, st) in &mut self.keys {
            while let Some(first) = st.items.iter().map(|i| i.time).min() {
                let start =
                    first_start_after(first, size, step).max(st.done_before.unwrap_or(i64::MIN));
                if start.saturating_add(size).saturating_add(late) > watermark {
                    break;
                }
                let end = start.saturating_add(size);
                let window = window_of(
                    key,
                    st.items.iter().filter(|i| i.time >= start && i.time < end),
                );
                closed.push((end, window));
                let done = start.saturating_add(step);
                st.done_before = Some(done);
                st.items.retain(|i| {
                    let keep = i.time >= done;
                    if !keep {
                        released.push(i.offset);
                    }
                    keep
                });
            }
        }
        self.keys
            .retain(|_, st| !st.items.is_empty() || st.done_before.is_some());
        for o in released {
            self.release(o);
        }
        closed.sort_by(|a, b| (a.0, &a.1.key).cmp(&(b.0, &b.1.key)));
        closed.into_iter().map(|(_, w)| w).collect()
    }
}

/// The first window start (a multiple of `step`) whose window `[start, start + size)`
/// ends after `t`.
fn first_start_after(t: i64, size: i64, step: i64) -> i64 {
    (t.saturating_sub(size))
        .div_euclid(step)
        .saturating_add(1)
        .saturating_mul(step)
}

fn window_of<'a>(key: &Key, items: impl Iterator<Item = &'a Item>) -> Closed {
    let items: Vec<&Item> = items.collect();
    let offsets = (
        items.iter().map(|i| i.offset).min().unwrap_or(-1),
        items.iter().map(|i| i.offset).max().unwrap_or(-1),
    );
    Closed {
        key: key.clone(),
        items: items.iter().map(|i| (i.time, i.message.clone())).collect(),
        offsets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(json: &str) -> WindowSettings {
        serde_json::from_str(json).unwrap()
    }

    fn text(s: &str) -> Message {
        Message::Text(s.into())
    }

    fn texts(w: &Closed) -> Vec<String> {
        w.items
            .iter()
            .map(|(_, m)| match m {
                Message::Text(t) => t.clone(),
                other => format!("{other:?}"),
            })
            .collect()
    }

    const S: i64 = 1_000_000_000;

    #[test]
    fn count_windows_tumble_per_key_and_hold_back_commits() {
        let mut w = Windows::new(settings(r#"{"by": "count", "size": 3}"#));
        let a = Some(b"a".to_vec());
        let b = Some(b"b".to_vec());
        assert!(w.add(a.clone(), 0, 0, text("a0")).unwrap().is_empty());
        assert!(w.add(b.clone(), 1, 0, text("b0")).unwrap().is_empty());
        assert!(w.add(a.clone(), 2, 0, text("a1")).unwrap().is_empty());
        assert_eq!(w.first_needed_offset(), Some(0));
        let closed = w.add(a.clone(), 3, 0, text("a2")).unwrap();
        assert_eq!(closed.len(), 1);
        assert_eq!(texts(&closed[0]), ["a0", "a1", "a2"]);
        assert_eq!(closed[0].offsets, (0, 3));
        assert_eq!(
            w.first_needed_offset(),
            Some(1),
            "b's open window holds offset 1"
        );
    }

    #[test]
    fn count_windows_hop() {
        let mut w = Windows::new(settings(r#"{"by": "count", "size": 3, "advance": 1}"#));
        let mut got = Vec::new();
        for i in 0..5 {
            for c in w.add(None, i, 0, text(&i.to_string())).unwrap() {
                got.push(texts(&c).join(""));
            }
        }
        assert_eq!(got, ["012", "123", "234"]);
        assert_eq!(w.first_needed_offset(), Some(3));
    }

    #[test]
    fn event_time_windows_close_with_the_watermark_after_the_lateness() {
        let mut w = Windows::new(settings(
            r#"{"by": "event_time", "size": 10, "allowed_lateness_seconds": 5}"#,
        ));
        let k = Some(b"k".to_vec());
        assert!(w.add(k.clone(), 0, S, text("1")).unwrap().is_empty());
        assert!(w.add(k.clone(), 1, 12 * S, text("12")).unwrap().is_empty());
        // Late but within the lateness: still in [0, 10).
        assert!(w.add(k.clone(), 2, 9 * S, text("9")).unwrap().is_empty());
        let closed = w.add(k.clone(), 3, 15 * S, text("15")).unwrap();
        assert_eq!(texts(&closed[0]), ["1", "9"]);
        assert_eq!(w.first_needed_offset(), Some(1));
        assert_eq!(
            w.add(k.clone(), 4, 8 * S, text("8")).unwrap_err(),
            Refused::Late { watermark: 15 * S }
        );
        // Another key's message older than every open window is late too.
        assert!(matches!(
            w.add(None, 5, 2 * S, text("2")),
            Err(Refused::Late { .. })
        ));
        let closed = w.add(None, 6, 40 * S, text("40")).unwrap();
        assert_eq!(closed.len(), 1);
        assert_eq!(texts(&closed[0]), ["12", "15"]);
    }

    #[test]
    fn event_time_windows_hop_and_skip_empty_stretches() {
        let mut w = Windows::new(settings(
            r#"{"by": "event_time", "size": 10, "advance": 5}"#,
        ));
        assert!(w.add(None, 0, 7 * S, text("7")).unwrap().is_empty());
        let closed = w.add(None, 1, 1_000_000 * S, text("far")).unwrap();
        let got: Vec<String> = closed.iter().map(|c| texts(c).join(",")).collect();
        assert_eq!(
            got,
            ["7", "7"],
            "[0,10) and [5,15) hold 7; nothing in between is run"
        );
        assert_eq!(w.first_needed_offset(), Some(1));
    }

    #[test]
    fn open_windows_are_bounded() {
        let mut w = Windows::new(settings(
            r#"{"by": "count", "size": 10, "max_open_messages": 2}"#,
        ));
        w.add(None, 0, 0, text("a")).unwrap();
        w.add(None, 1, 0, text("b")).unwrap();
        assert_eq!(w.add(None, 2, 0, text("c")).unwrap_err(), Refused::Full);
    }
}
