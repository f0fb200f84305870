//! The poison-record guard: a record that was executing when an engine process died is not
//! executed blindly again.
//!
//! The state is a marker per partition in the guard topic ([`super::guard_store`]), so it
//! survives the process and is seen by whichever member of the group owns the partition
//! next; together with the group's committed offset it says what may have been running:
//!
//! * While it runs normally, a member holds a **lease**: before it starts a record beyond the
//!   lease it writes `rheo:lease:<upto>`, promising that no record above `upto` has started.
//!   A clean stop or revocation writes `rheo:clean`.
//! * A new owner that finds a lease (the previous owner died) **isolates** the records up to
//!   `upto`: it runs them one at a time, nothing else running beside them, and before each
//!   writes `rheo:iso:<offset>:<crashes>:<upto>`. A process that dies then leaves the exact
//!   record behind.
//! * A record whose count of such crashes reaches `poison_after_crashes` is answered with a
//!   `PoisonRecord` failure (and dead-lettered) instead of being executed, and the partition
//!   moves on.
//!
//! The first crash is counted for every record of the lease (any of them may have been
//! running); a crash during isolation is counted for the isolated record alone.

/// How far past the record being started a lease reaches: one synchronous write per this
/// many records, and at most this many extra records isolated after a crash.
pub const LEASE_AHEAD: i64 = 100;

/// Prefix of every marker Rheo writes; anything else reads as clean.
const PREFIX: &str = "rheo:";

/// What a partition's marker says about the records after the committed offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// Nothing was running (or the previous owner stopped cleanly).
    Clean,
    /// Records up to `upto` may have been running.
    Lease {
        /// Highest offset that may have started.
        upto: i64,
    },
    /// `offset` was running alone, after `crashes` earlier crashes that may have involved it.
    Isolating {
        /// The isolated record.
        offset: i64,
        /// Crashes counted for it before this attempt.
        crashes: u32,
        /// End of the isolated range.
        upto: i64,
    },
}

impl Marker {
    /// The marker's text in the guard topic.
    pub fn encode(&self) -> String {
        match self {
            Marker::Clean => format!("{PREFIX}clean"),
            Marker::Lease { upto } => format!("{PREFIX}lease:{upto}"),
            Marker::Isolating {
                offset,
                crashes,
                upto,
            } => {
                format!("{PREFIX}iso:{offset}:{crashes}:{upto}")
            }
        }
    }

    /// Reads a marker; anything not written by Rheo is [`Marker::Clean`].
    pub fn decode(text: &str) -> Marker {
        let Some(rest) = text.strip_prefix(PREFIX) else {
            return Marker::Clean;
        };
        let parts: Vec<&str> = rest.split(':').collect();
        match parts.as_slice() {
            ["lease", upto] => upto
                .parse()
                .map_or(Marker::Clean, |upto| Marker::Lease { upto }),
            ["iso", offset, crashes, upto] => {
                match (offset.parse(), crashes.parse(), upto.parse()) {
                    (Ok(offset), Ok(crashes), Ok(upto)) => Marker::Isolating {
                        offset,
                        crashes,
                        upto,
                    },
                    _ => Marker::Clean,
                }
            }
            _ => Marker::Clean,
        }
    }
}

/// How a member treats a partition it owns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Records run concurrently; `lease` is the highest offset covered by a committed lease.
    Normal {
        /// Covered up to here (`None`: no lease committed yet).
        lease: Option<i64>,
    },
    /// Records up to `upto` run alone, each after an isolation marker.
    Isolating {
        /// End of the isolated range.
        upto: i64,
        /// The committed offset at assignment and the crashes already counted for it.
        first: (i64, u32),
    },
}

impl Mode {
    /// The mode of a freshly assigned partition whose committed offset is `committed` with
    /// `marker`.
    /// `committed` is `None` before the group's first commit: consumption starts at the
    /// log's start, which a marker's range always reaches.
    pub fn on_assignment(committed: Option<i64>, marker: Marker) -> Mode {
        let normal = Mode::Normal { lease: None };
        let start = committed.unwrap_or(-1);
        match marker {
            Marker::Clean => normal,
            Marker::Lease { upto } if upto >= start => Mode::Isolating {
                upto,
                first: (start, 1),
            },
            Marker::Isolating {
                offset,
                crashes,
                upto,
            } if committed.is_none_or(|c| c == offset) => Mode::Isolating {
                upto: upto.max(offset),
                first: (offset, crashes + 1),
            },
            Marker::Isolating { upto, .. } if upto >= start => Mode::Isolating {
                upto,
                first: (start, 1),
            },
            _ => normal,
        }
    }

    /// Crashes already counted for the record at `offset` of an isolating partition: the
    /// record at the committed offset carries what the marker said, the rest of the range
    /// the one crash that ended the lease.
    pub fn crashes_of(&self, offset: i64) -> u32 {
        match self {
            Mode::Isolating { first, .. } if first.0 == offset => first.1,
            Mode::Isolating { .. } => 1,
            Mode::Normal { .. } => 0,
        }
    }

    /// Whether the record at `offset` must run alone.
    pub fn isolates(&self, offset: i64) -> bool {
        matches!(self, Mode::Isolating { upto, .. } if offset <= *upto)
    }

    /// Whether starting `offset` needs a new lease first (and which `upto` to commit).
    pub fn lease_needed(&self, offset: i64) -> Option<i64> {
        match self {
            Mode::Normal { lease } if lease.is_none_or(|l| offset > l) => {
                Some(offset + LEASE_AHEAD)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip_and_foreign_metadata_is_clean() {
        for m in [
            Marker::Clean,
            Marker::Lease { upto: 42 },
            Marker::Isolating {
                offset: 7,
                crashes: 2,
                upto: 99,
            },
        ] {
            assert_eq!(Marker::decode(&m.encode()), m);
        }
        assert_eq!(Marker::decode(""), Marker::Clean);
        assert_eq!(Marker::decode("hetida"), Marker::Clean);
        assert_eq!(Marker::decode("rheo:lease:x"), Marker::Clean);
        assert_eq!(Marker::decode("rheo:iso:1:2"), Marker::Clean);
    }

    #[test]
    fn a_lease_left_behind_isolates_its_range() {
        let m = Mode::on_assignment(Some(10), Marker::Lease { upto: 110 });
        assert_eq!(
            m,
            Mode::Isolating {
                upto: 110,
                first: (10, 1)
            }
        );
        assert!(m.isolates(10) && m.isolates(110) && !m.isolates(111));
        assert_eq!(m.crashes_of(10), 1);
        assert_eq!(m.crashes_of(50), 1);
        assert_eq!(m.lease_needed(10), None);
    }

    #[test]
    fn a_crash_before_the_groups_first_commit_is_still_seen() {
        let m = Mode::on_assignment(None, Marker::Lease { upto: 100 });
        assert!(m.isolates(0) && m.isolates(1));
        assert_eq!(m.crashes_of(1), 1);
        let iso = Marker::Isolating {
            offset: 1,
            crashes: 1,
            upto: 100,
        };
        assert_eq!(Mode::on_assignment(None, iso).crashes_of(1), 2);
    }

    #[test]
    fn a_crash_during_isolation_is_counted_for_the_isolated_record() {
        let marker = Marker::Isolating {
            offset: 12,
            crashes: 1,
            upto: 110,
        };
        let m = Mode::on_assignment(Some(12), marker);
        assert_eq!(m.crashes_of(12), 2);
        assert_eq!(m.crashes_of(13), 1);
    }

    #[test]
    fn clean_or_stale_markers_run_normally_and_lease_ahead() {
        for (committed, marker) in [
            (Some(5), Marker::Clean),
            (None, Marker::Clean),
            (Some(50), Marker::Lease { upto: 9 }),
        ] {
            let m = Mode::on_assignment(committed, marker);
            assert_eq!(m, Mode::Normal { lease: None });
            assert_eq!(m.lease_needed(50), Some(50 + LEASE_AHEAD));
        }
        let leased = Mode::Normal { lease: Some(60) };
        assert_eq!(leased.lease_needed(60), None);
        assert_eq!(leased.lease_needed(61), Some(61 + LEASE_AHEAD));
    }
}
