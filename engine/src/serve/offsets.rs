//! At-least-once bookkeeping: which offset of each partition may be committed.
//!
//! Records of a partition finish in any order (executions run concurrently); an offset is
//! committable only when its record and every earlier record of the partition are finished,
//! i.e. their results were acknowledged by the broker.

use super::guard::{Marker, Mode};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A topic partition.
pub type Partition = (String, i32);

/// Outstanding records per partition, with a generation that changes on every assignment so
/// completions from before a rebalance are ignored.
/// Also keeps each owned partition's poison-guard [`Mode`] and the [`Marker`] its commits
/// carry.
#[derive(Debug, Default)]
pub struct OffsetTracker {
    partitions: HashMap<Partition, PartitionState>,
    next_generation: u64,
    modes: HashMap<Partition, Mode>,
    markers: HashMap<Partition, Marker>,
    /// Assigned partitions whose guard mode is not known yet.
    pending: HashSet<Partition>,
}

#[derive(Debug)]
struct PartitionState {
    generation: u64,
    /// offset → finished?
    outstanding: BTreeMap<i64, bool>,
    /// The offset after the last record of the finished prefix, once there is one.
    done_upto: Option<i64>,
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
                done_upto: None,
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
        if committable.is_some() {
            state.done_upto = committable;
        }
        committable
    }

    /// The offset a commit of `partition` may name now: its first unfinished record, else
    /// the end of its finished prefix.
    pub fn position(&self, partition: &Partition) -> Option<i64> {
        let state = self.partitions.get(partition)?;
        state.outstanding.keys().next().copied().or(state.done_upto)
    }

    /// Whether a record begun with `generation` still belongs to the current assignment.
    pub fn is_current(&self, partition: &Partition, generation: u64) -> bool {
        self.partitions
            .get(partition)
            .is_some_and(|s| s.generation == generation)
    }

    /// Notes newly assigned partitions: their records wait until [`Self::assign`] has set
    /// their guard mode.
    pub fn assign_pending(&mut self, partitions: &[Partition]) {
        self.pending.extend(partitions.iter().cloned());
    }

    /// Assigned partitions whose guard mode is still to be read.
    pub fn pending(&self) -> Vec<Partition> {
        self.pending.iter().cloned().collect()
    }

    /// Whether `partition` waits for its guard mode.
    pub fn is_pending(&self, partition: &Partition) -> bool {
        self.pending.contains(partition)
    }

    /// Sets the guard mode of a newly assigned partition.
    pub fn assign(&mut self, partition: Partition, mode: Mode) {
        self.pending.remove(&partition);
        let marker = match mode {
            Mode::Normal { .. } => Marker::Clean,
            Mode::Isolating { upto, .. } => Marker::Lease { upto },
        };
        self.markers.insert(partition.clone(), marker);
        self.modes.insert(partition, mode);
    }

    /// The guard mode of a partition (normal when nothing was read at assignment).
    pub fn mode(&self, partition: &Partition) -> Mode {
        self.modes
            .get(partition)
            .copied()
            .unwrap_or(Mode::Normal { lease: None })
    }

    /// Changes the guard mode and the marker later commits of the partition carry.
    pub fn set_mode(&mut self, partition: &Partition, mode: Mode, marker: Marker) {
        self.modes.insert(partition.clone(), mode);
        self.markers.insert(partition.clone(), marker);
    }

    /// Whether any owned partition still isolates records.
    pub fn any_isolating(&self) -> bool {
        self.modes
            .values()
            .any(|m| matches!(m, Mode::Isolating { .. }))
    }

    /// The marker commits of `partition` carry.
    pub fn marker(&self, partition: &Partition) -> Marker {
        self.markers
            .get(partition)
            .copied()
            .unwrap_or(Marker::Clean)
    }

    /// [`Self::commit_state`] for a member that stops running the partitions: clean
    /// markers, except where isolation is unfinished (the next owner continues it).
    pub fn stopping_commit_state(&self) -> Vec<(Partition, i64, Marker)> {
        self.commit_state()
            .into_iter()
            .map(|(p, pos, marker)| match self.mode(&p) {
                Mode::Isolating { .. } => (p, pos, marker),
                Mode::Normal { .. } => (p, pos, Marker::Clean),
            })
            .collect()
    }

    /// Every owned partition with a known position, its position and marker: what a
    /// commit sends.
    pub fn commit_state(&self) -> Vec<(Partition, i64, Marker)> {
        self.partitions
            .keys()
            .filter_map(|p| Some((p.clone(), self.position(p)?, self.marker(p))))
            .collect()
    }

    /// Forgets partitions that were revoked; their unfinished records will be redelivered to
    /// the partition's next owner.
    pub fn revoke(&mut self, partitions: &[Partition]) {
        for p in partitions {
            self.partitions.remove(p);
            self.modes.remove(p);
            self.pending.remove(p);
            self.markers.remove(p);
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
    fn position_is_the_first_unfinished_record_or_the_end_of_the_finished_prefix() {
        let mut t = OffsetTracker::new();
        assert_eq!(t.position(&p(0)), None);
        let g = t.begin(&p(0), 10);
        t.begin(&p(0), 11);
        assert_eq!(t.position(&p(0)), Some(10));
        t.finish(&p(0), 10, g);
        assert_eq!(t.position(&p(0)), Some(11));
        t.finish(&p(0), 11, g);
        assert_eq!(t.position(&p(0)), Some(12));
        assert!(t.is_current(&p(0), g));
        t.revoke(&[p(0)]);
        assert!(!t.is_current(&p(0), g));
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
