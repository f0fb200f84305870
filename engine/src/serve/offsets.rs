//! At-least-once bookkeeping: which offset of each partition may be committed.
//!
//! Records of a partition finish in any order (executions run concurrently); an offset is
//! committable only when its record and every earlier record of the partition are finished,
//! i.e. their results were acknowledged by the broker.

use std::collections::{BTreeMap, HashMap};

/// A topic partition.
pub type Partition = (String, i32);

/// Outstanding records per partition, with a generation that changes on every assignment so
/// completions from before a rebalance are ignored.
#[derive(Debug, Default)]
pub struct OffsetTracker {
    partitions: HashMap<Partition, PartitionState>,
    next_generation: u64,
}

#[derive(Debug)]
struct PartitionState {
    generation: u64,
    /// offset → finished?
    outstanding: BTreeMap<i64, bool>,
}

impl OffsetTracker {
    /// An empty tracker.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts tracking a received record; returns the partition generation to hand back
    /// with its completion.
    pub fn begin(&mut self, partition: &Partition, offset: i64) -> u64 {
        let next = &mut self.next_generation;
        let state = self.partitions.entry(partition.clone()).or_insert_with(|| {
            *next += 1;
            PartitionState {
                generation: *next,
                outstanding: BTreeMap::new(),
            }
        });
        state.outstanding.insert(offset, false);
        state.generation
    }

    /// Marks a record finished. Returns the new committable offset (the next offset to
    /// consume) if it advanced.
    pub fn finish(&mut self, partition: &Partition, offset: i64, generation: u64) -> Option<i64> {
        let state = self.partitions.get_mut(partition)?;
        if state.generation != generation {
            return None;
        }
        if let Some(done) = state.outstanding.get_mut(&offset) {
            *done = true;
        }
        let mut committable = None;
        while let Some(entry) = state.outstanding.first_entry() {
            if !*entry.get() {
                break;
            }
            committable = Some(*entry.key() + 1);
            entry.remove();
        }
        committable
    }

    /// Forgets partitions that were revoked; their unfinished records will be redelivered to
    /// the partition's next owner.
    pub fn revoke(&mut self, partitions: &[Partition]) {
        for p in partitions {
            self.partitions.remove(p);
        }
    }

    /// Number of unfinished records.
    pub fn in_flight(&self) -> usize {
        self.partitions
            .values()
            .map(|s| s.outstanding.values().filter(|d| !**d).count())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(n: i32) -> Partition {
        ("t".to_string(), n)
    }

    #[test]
    fn commits_only_contiguous_finished_prefixes() {
        let mut t = OffsetTracker::new();
        let g = t.begin(&p(0), 10);
        t.begin(&p(0), 11);
        t.begin(&p(0), 12);
        assert_eq!(
            t.finish(&p(0), 12, g),
            None,
            "12 done but 10 and 11 are not"
        );
        assert_eq!(t.finish(&p(0), 10, g), Some(11));
        assert_eq!(t.in_flight(), 1);
        assert_eq!(
            t.finish(&p(0), 11, g),
            Some(13),
            "11 done releases 12 as well"
        );
        assert_eq!(t.in_flight(), 0);
    }

    #[test]
    fn partitions_are_independent() {
        let mut t = OffsetTracker::new();
        let g0 = t.begin(&p(0), 5);
        let g1 = t.begin(&p(1), 7);
        assert_eq!(t.finish(&p(1), 7, g1), Some(8));
        assert_eq!(t.finish(&p(0), 5, g0), Some(6));
    }

    #[test]
    fn completions_from_before_a_rebalance_are_ignored() {
        let mut t = OffsetTracker::new();
        let old = t.begin(&p(0), 1);
        t.revoke(&[p(0)]);
        let new = t.begin(&p(0), 1);
        assert_ne!(old, new);
        assert_eq!(t.finish(&p(0), 1, old), None);
        assert_eq!(t.finish(&p(0), 1, new), Some(2));
    }
}
