//! Per-key order for `rheo serve` (`per_key_order`): records with the same key run and are
//! answered one after the other, in the order they were received; records with different
//! keys (and keyless ones) still run in parallel.
//!
//! Each record with a key takes a turn: it waits until the record before it with the same
//! key has finished. The turns form a chain per key; a key's entry is dropped when its last
//! record finishes, so the map holds only keys with records in flight.

use std::collections::HashMap;
use tokio::sync::oneshot;

/// Whose turn it is, per key.
#[derive(Default)]
pub struct KeyOrder {
    /// Per key: the last record's turn id and the signal of its end.
    last: HashMap<Vec<u8>, (u64, oneshot::Receiver<()>)>,
    next_id: u64,
}

/// A record's turn: wait for [`Turn::wait`], run, then drop `done` (or call
/// [`KeyOrder::finished`] with `id`).
pub struct Turn {
    /// The record's turn id (for [`KeyOrder::finished`]).
    pub id: u64,
    previous: Option<oneshot::Receiver<()>>,
    done: oneshot::Sender<()>,
}

impl Turn {
    /// Resolves when the previous record with the same key has finished.
    pub async fn wait(&mut self) {
        if let Some(previous) = self.previous.take() {
            // An error means the previous record's task ended (dropped its sender): done.
            let _ = previous.await;
        }
    }

    /// Ends the turn: the next record with the same key may run.
    pub fn end(self) {
        let _ = self.done.send(());
    }
}

impl KeyOrder {
    /// The next turn for `key`.
    pub fn take(&mut self, key: &[u8]) -> Turn {
        let (done, end) = oneshot::channel();
        self.next_id += 1;
        let id = self.next_id;
        let previous = self.last.insert(key.to_vec(), (id, end)).map(|(_, rx)| rx);
        Turn { id, previous, done }
    }

    /// Forgets `key` if turn `id` was its last one (no record is waiting for it).
    pub fn finished(&mut self, key: &[u8], id: u64) {
        if self.last.get(key).is_some_and(|(last, _)| *last == id) {
            self.last.remove(key);
        }
    }

    /// Keys with records in flight.
    pub fn keys(&self) -> usize {
        self.last.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn records_with_one_key_run_in_order_and_others_in_parallel() {
        let mut order = KeyOrder::default();
        let log = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for i in 0..20u64 {
            let key = if i % 2 == 0 {
                b"even".to_vec()
            } else {
                b"odd".to_vec()
            };
            let mut turn = order.take(&key);
            let log = log.clone();
            tasks.push(tokio::spawn(async move {
                turn.wait().await;
                // Earlier records sleep longer: without the turns they would finish last.
                tokio::time::sleep(std::time::Duration::from_millis(40 - 2 * i)).await;
                log.lock().unwrap().push(i);
                turn.end();
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let log = log.lock().unwrap().clone();
        let evens: Vec<u64> = log.iter().copied().filter(|i| i % 2 == 0).collect();
        let odds: Vec<u64> = log.iter().copied().filter(|i| i % 2 == 1).collect();
        assert_eq!(evens, (0..20).step_by(2).collect::<Vec<_>>());
        assert_eq!(odds, (1..20).step_by(2).collect::<Vec<_>>());
        assert_eq!(order.keys(), 2);
    }

    #[test]
    fn a_key_is_forgotten_when_its_last_record_finishes() {
        let mut order = KeyOrder::default();
        let first = order.take(b"k");
        let second = order.take(b"k");
        order.finished(b"k", first.id);
        assert_eq!(order.keys(), 1, "the second record is still in flight");
        order.finished(b"k", second.id);
        assert_eq!(order.keys(), 0);
    }
}
