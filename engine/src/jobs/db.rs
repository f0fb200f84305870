//! [`JobDb`]: the durable job queue and run records in one SQLite file (WAL journal, so a
//! killed process loses nothing it had committed). The schema is versioned by SQLite's
//! `user_version`; [`MIGRATIONS`] run in order at open.

use super::record::{JobFilter, JobRecord, JobStatus, KafkaOrigin};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// The schema, one migration per version (never edit a released one; append).
pub const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    source TEXT NOT NULL,
    transformation_id TEXT,
    revision_group_id TEXT,
    user_id TEXT,
    user_run_id TEXT,
    kafka_key TEXT,
    kafka_topic TEXT,
    kafka_partition INTEGER,
    kafka_offset INTEGER,
    created_us INTEGER NOT NULL,
    started_us INTEGER,
    finished_us INTEGER,
    duration_seconds REAL,
    attempts INTEGER NOT NULL DEFAULT 0,
    recovered INTEGER NOT NULL DEFAULT 0,
    request BLOB,
    request_bytes INTEGER NOT NULL,
    result BLOB,
    result_bytes INTEGER,
    error_type TEXT,
    error_message TEXT,
    measured_steps TEXT,
    operator_durations TEXT,
    owner TEXT,
    lease_until_us INTEGER
);
CREATE INDEX jobs_by_status ON jobs(status, seq);
CREATE INDEX jobs_by_created ON jobs(created_us);
CREATE INDEX jobs_by_user_run ON jobs(user_run_id);
"#,
    r#"
CREATE TABLE templates (
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_us INTEGER NOT NULL,
    PRIMARY KEY (name, version)
);
"#,
];

/// Why a job database call failed.
#[derive(Debug, thiserror::Error)]
pub enum JobDbError {
    /// SQLite refused; `what` names the operation.
    #[error("job database {path}: {what}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// The operation.
        what: &'static str,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// A job with this id exists already.
    #[error("a job with id {0} exists already")]
    Duplicate(String),
}

/// A job to queue or record.
#[derive(Debug, Clone, Default)]
pub struct NewJob {
    /// Job id.
    pub job_id: String,
    /// `http` or `kafka`.
    pub source: &'static str,
    /// Revision id asked for.
    pub transformation_id: Option<String>,
    /// Revision group asked for.
    pub revision_group_id: Option<String>,
    /// Caller's user id.
    pub user_id: Option<String>,
    /// Caller's run id.
    pub user_run_id: Option<String>,
    /// Kafka origin.
    pub kafka: Option<KafkaOrigin>,
    /// The request body.
    pub request: Vec<u8>,
}

/// How a run ended.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Final status.
    pub status: JobStatus,
    /// Start of the run (µs since the epoch).
    pub started_us: i64,
    /// End of the run.
    pub finished_us: i64,
    /// The execution response.
    pub result: Vec<u8>,
    /// Error type, if failed.
    pub error_type: Option<String>,
    /// Error message.
    pub error_message: Option<String>,
    /// `measured_steps` as JSON text.
    pub measured_steps: String,
    /// Per-operator seconds as JSON text.
    pub operator_durations: String,
}

/// An execution that ran elsewhere (a Kafka request record), to be recorded.
#[derive(Debug, Clone)]
pub struct FinishedRun {
    /// Who asked, where the record was.
    pub job: NewJob,
    /// Size of the request.
    pub request_bytes: usize,
    /// How it ended.
    pub outcome: Outcome,
}

/// A job's status and its execution response, once there is one.
#[derive(Debug, Clone)]
pub struct StoredResult {
    /// The job's status.
    pub status: JobStatus,
    /// The execution response (JSON), for finished jobs.
    pub response: Option<Vec<u8>>,
}

/// A queued job a worker took.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// Job id.
    pub job_id: String,
    /// The request body.
    pub request: Vec<u8>,
    /// When the run started (µs since the epoch).
    pub started_us: i64,
}

/// Microseconds since the epoch, now.
pub fn now_us() -> i64 {
    chrono::Utc::now().timestamp_micros()
}

/// `us` as ISO 8601 (UTC, microseconds), the form of hetida's timestamps.
pub fn iso(us: i64) -> String {
    chrono::DateTime::from_timestamp_micros(us)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, false))
        .unwrap_or_default()
}

/// The job database.
pub struct JobDb {
    path: PathBuf,
    conn: Mutex<Connection>,
}

/// The columns [`record_of`] reads, in its order.
const RECORD_COLUMNS: &str = "job_id, status, source, transformation_id, revision_group_id, \
    user_id, user_run_id, kafka_key, kafka_topic, kafka_partition, kafka_offset, created_us, \
    started_us, finished_us, duration_seconds, attempts, recovered, request_bytes, \
    result_bytes, error_type, error_message, measured_steps, operator_durations";

fn record_of(row: &Row<'_>) -> rusqlite::Result<JobRecord> {
    let status: String = row.get(1)?;
    let json = |i: usize| -> rusqlite::Result<Option<serde_json::Value>> {
        let text: Option<String> = row.get(i)?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    };
    let topic: Option<String> = row.get(8)?;
    Ok(JobRecord {
        job_id: row.get(0)?,
        status: JobStatus::parse(&status).unwrap_or(JobStatus::Failed),
        source: row.get(2)?,
        transformation_id: row.get(3)?,
        revision_group_id: row.get(4)?,
        user_id: row.get(5)?,
        user_run_id: row.get(6)?,
        kafka: match topic {
            Some(topic) => Some(KafkaOrigin {
                key: row.get(7)?,
                topic,
                partition: row.get(9)?,
                offset: row.get(10)?,
            }),
            None => None,
        },
        created_at: iso(row.get(11)?),
        started_at: row.get::<_, Option<i64>>(12)?.map(iso),
        finished_at: row.get::<_, Option<i64>>(13)?.map(iso),
        duration_seconds: row.get(14)?,
        attempts: row.get(15)?,
        recovered: row.get(16)?,
        request_bytes: row.get(17)?,
        result_bytes: row.get(18)?,
        error_type: row.get(19)?,
        error_message: row.get(20)?,
        measured_steps: json(21)?,
        operator_durations: json(22)?,
    })
}

impl JobDb {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<JobDb, JobDbError> {
        let fail = |what| {
            move |source| JobDbError::Sqlite {
                path: path.to_path_buf(),
                what,
                source,
            }
        };
        let mut conn = Connection::open(path).map_err(fail("opening"))?;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(fail("setting the busy timeout"))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(fail("switching to WAL"))?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(fail("setting synchronous"))?;
        migrate(&mut conn).map_err(fail("migrating the schema"))?;
        Ok(JobDb {
            path: path.to_path_buf(),
            conn: Mutex::new(conn),
        })
    }

    /// Runs `f` on the connection; an error names `what` and the database.
    pub(super) fn with<T>(
        &self,
        what: &'static str,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, JobDbError> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn).map_err(|source| JobDbError::Sqlite {
            path: self.path.clone(),
            what,
            source,
        })
    }

    /// Queues a job.
    pub fn submit(&self, job: &NewJob) -> Result<(), JobDbError> {
        let inserted = self.with("queueing a job", |c| {
            c.execute(
                "INSERT INTO jobs (job_id, status, source, transformation_id, revision_group_id, \
                 user_id, user_run_id, created_us, request, request_bytes) \
                 VALUES (?1, 'queued', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(job_id) DO NOTHING",
                params![
                    job.job_id,
                    job.source,
                    job.transformation_id,
                    job.revision_group_id,
                    job.user_id,
                    job.user_run_id,
                    now_us(),
                    job.request,
                    job.request.len() as i64
                ],
            )
        })?;
        if inserted == 0 {
            return Err(JobDbError::Duplicate(job.job_id.clone()));
        }
        Ok(())
    }

    /// Takes the oldest queued job and marks it running under `owner`'s lease, which must
    /// be renewed ([`JobDb::renew`]) before `lease_us` pass or the job is queued again.
    pub fn claim_next(&self, owner: &str, lease_us: i64) -> Result<Option<Claimed>, JobDbError> {
        let started_us = now_us();
        self.with("claiming a job", |c| {
            c.query_row(
                "UPDATE jobs SET status = 'running', started_us = ?1, attempts = attempts + 1, \
                 owner = ?2, lease_until_us = ?3 \
                 WHERE seq = (SELECT seq FROM jobs WHERE status = 'queued' ORDER BY seq LIMIT 1) \
                 RETURNING job_id, request",
                params![started_us, owner, started_us + lease_us],
                |r| {
                    Ok(Claimed {
                        job_id: r.get(0)?,
                        request: r.get::<_, Option<Vec<u8>>>(1)?.unwrap_or_default(),
                        started_us,
                    })
                },
            )
            .optional()
        })
    }

    /// Extends the leases of `owner`'s running jobs by `lease_us` from now.
    pub fn renew(&self, owner: &str, lease_us: i64) -> Result<usize, JobDbError> {
        self.with("renewing job leases", |c| {
            c.execute(
                "UPDATE jobs SET lease_until_us = ?2 WHERE owner = ?1 AND status = 'running'",
                params![owner, now_us() + lease_us],
            )
        })
    }

    /// Jobs waiting for a worker.
    pub fn count_queued(&self) -> Result<u64, JobDbError> {
        self.with("counting queued jobs", |c| {
            c.query_row(
                "SELECT COUNT(*) FROM jobs WHERE status = 'queued'",
                [],
                |r| r.get::<_, i64>(0),
            )
        })
        .map(|n| n as u64)
    }

    /// Records how a running job ended; `false` when it is not running any more (it was
    /// cancelled meanwhile, and stays so).
    pub fn finish(&self, job_id: &str, o: &Outcome) -> Result<bool, JobDbError> {
        let changed = self.with("recording a finished job", |c| {
            c.execute(
                "UPDATE jobs SET status = ?2, finished_us = ?3, duration_seconds = ?4, result = ?5, \
                 result_bytes = ?6, error_type = ?7, error_message = ?8, measured_steps = ?9, \
                 operator_durations = ?10, request = NULL WHERE job_id = ?1 AND status = 'running'",
                params![
                    job_id,
                    o.status.as_str(),
                    o.finished_us,
                    (o.finished_us - o.started_us) as f64 / 1e6,
                    o.result,
                    o.result.len() as i64,
                    o.error_type,
                    o.error_message,
                    o.measured_steps,
                    o.operator_durations
                ],
            )
        })?;
        Ok(changed > 0)
    }

    /// Records executions that ran elsewhere (Kafka request records) in one transaction;
    /// a redelivered record's job is updated and counts another attempt.
    pub fn record_batch(&self, runs: &[FinishedRun]) -> Result<(), JobDbError> {
        self.with("recording Kafka-triggered jobs", |c| {
            let tx = c.unchecked_transaction()?;
            {
                let mut stmt = tx.prepare_cached(
                    "INSERT INTO jobs (job_id, status, source, transformation_id, revision_group_id, \
                 user_id, user_run_id, kafka_key, kafka_topic, kafka_partition, kafka_offset, \
                 created_us, started_us, finished_us, duration_seconds, attempts, request_bytes, \
                 result_bytes, error_type, error_message, measured_steps, operator_durations) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14, 1, ?15, \
                 ?16, ?17, ?18, ?19, ?20) \
                 ON CONFLICT(job_id) DO UPDATE SET status = excluded.status, \
                 started_us = excluded.started_us, finished_us = excluded.finished_us, \
                 duration_seconds = excluded.duration_seconds, attempts = attempts + 1, \
                 result_bytes = excluded.result_bytes, error_type = excluded.error_type, \
                 error_message = excluded.error_message, measured_steps = excluded.measured_steps, \
                 operator_durations = excluded.operator_durations",
                )?;
                for FinishedRun {
                    job,
                    request_bytes,
                    outcome: o,
                } in runs
                {
                    let k = job.kafka.as_ref();
                    stmt.execute(params![
                    job.job_id,
                    o.status.as_str(),
                    job.source,
                    job.transformation_id,
                    job.revision_group_id,
                    job.user_id,
                    job.user_run_id,
                    k.and_then(|k| k.key.clone()),
                    k.map(|k| k.topic.clone()),
                    k.map(|k| k.partition),
                    k.map(|k| k.offset),
                    o.started_us,
                    o.finished_us,
                    (o.finished_us - o.started_us) as f64 / 1e6,
                    *request_bytes as i64,
                    o.result.len() as i64,
                    o.error_type,
                    o.error_message,
                    o.measured_steps,
                    o.operator_durations
                ])?;
                }
            }
            tx.commit()
        })
    }

    /// Cancels a queued or running job; returns its record afterwards (`None`: unknown).
    pub fn cancel(&self, job_id: &str) -> Result<Option<JobRecord>, JobDbError> {
        self.with("cancelling a job", |c| {
            c.execute(
                "UPDATE jobs SET status = 'cancelled', finished_us = ?2, request = NULL \
                 WHERE job_id = ?1 AND status IN ('queued', 'running')",
                params![job_id, now_us()],
            )
        })?;
        self.get(job_id)
    }

    /// A job's record.
    pub fn get(&self, job_id: &str) -> Result<Option<JobRecord>, JobDbError> {
        self.with("reading a job", |c| {
            c.query_row(
                &format!("SELECT {RECORD_COLUMNS} FROM jobs WHERE job_id = ?1"),
                params![job_id],
                record_of,
            )
            .optional()
        })
    }

    /// A job's status and stored execution response (`None`: unknown job).
    pub fn result(&self, job_id: &str) -> Result<Option<StoredResult>, JobDbError> {
        self.with("reading a job's result", |c| {
            c.query_row(
                "SELECT status, result FROM jobs WHERE job_id = ?1",
                params![job_id],
                |r| {
                    let status: String = r.get(0)?;
                    Ok(StoredResult {
                        status: JobStatus::parse(&status).unwrap_or(JobStatus::Failed),
                        response: r.get(1)?,
                    })
                },
            )
            .optional()
        })
    }

    /// The records `filter` selects, newest first.
    pub fn list(&self, f: &JobFilter) -> Result<Vec<JobRecord>, JobDbError> {
        self.with("listing jobs", |c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {RECORD_COLUMNS} FROM jobs WHERE (?1 IS NULL OR status = ?1) \
                 AND (?2 IS NULL OR user_id = ?2) AND (?3 IS NULL OR user_run_id = ?3) \
                 AND (?4 IS NULL OR transformation_id = ?4) AND (?5 IS NULL OR created_us >= ?5) \
                 AND (?6 IS NULL OR created_us < ?6) ORDER BY seq DESC LIMIT ?7 OFFSET ?8"
            ))?;
            let rows = stmt.query_map(
                params![
                    f.status.map(JobStatus::as_str),
                    f.user_id,
                    f.user_run_id,
                    f.transformation_id,
                    f.created_after_us,
                    f.created_before_us,
                    f.limit as i64,
                    f.offset as i64
                ],
                record_of,
            )?;
            rows.collect()
        })
    }

    /// Queues again the running jobs whose lease ran out: their process died (each counts
    /// as recovered); returns how many.
    pub fn recover(&self) -> Result<usize, JobDbError> {
        self.with("recovering interrupted jobs", |c| {
            c.execute(
                "UPDATE jobs SET status = 'queued', recovered = recovered + 1, owner = NULL \
                 WHERE status = 'running' AND source = 'http' \
                 AND (lease_until_us IS NULL OR lease_until_us < ?1)",
                params![now_us()],
            )
        })
    }

    /// Deletes finished jobs created before `before_us`; returns how many.
    pub fn prune(&self, before_us: i64) -> Result<usize, JobDbError> {
        self.with("pruning old jobs", |c| {
            c.execute(
                "DELETE FROM jobs WHERE created_us < ?1 \
                 AND status NOT IN ('queued', 'running')",
                params![before_us],
            )
        })
    }
}

/// Applies the migrations the database has not seen, in one write transaction taken
/// before the version is read: processes starting at once on one database (a group of
/// engines) migrate it once, the others wait and find it current.
fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let version: usize = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i + 1)?;
    }
    tx.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(name: &str) -> (JobDb, PathBuf) {
        let dir = std::env::temp_dir().join(format!("rheo-jobdb-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        (JobDb::open(&dir.join("jobs.sqlite")).unwrap(), dir)
    }

    fn job(id: &str) -> NewJob {
        NewJob {
            job_id: id.into(),
            source: "http",
            request: b"{}".to_vec(),
            ..Default::default()
        }
    }

    fn done(status: JobStatus) -> Outcome {
        Outcome {
            status,
            started_us: 1,
            finished_us: 2_000_001,
            result: b"{\"result\":\"ok\"}".to_vec(),
            error_type: None,
            error_message: None,
            measured_steps: "{}".into(),
            operator_durations: "[]".into(),
        }
    }

    #[test]
    fn processes_opening_one_database_at_once_migrate_it_once() {
        let (db, dir) = db("race");
        drop(db);
        std::fs::remove_file(dir.join("jobs.sqlite")).unwrap();
        let path = dir.join("jobs.sqlite");
        let opened: Vec<_> = (0..4)
            .map(|_| {
                let p = path.clone();
                std::thread::spawn(move || JobDb::open(&p).map(|_| ()))
            })
            .collect();
        for t in opened {
            t.join().unwrap().unwrap();
        }
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn jobs_are_claimed_in_order_once_and_survive_reopening() {
        let (db, dir) = db("order");
        for id in ["a", "b", "c"] {
            db.submit(&job(id)).unwrap();
        }
        assert!(matches!(
            db.submit(&job("b")),
            Err(JobDbError::Duplicate(_))
        ));
        assert_eq!(db.claim_next("p1", 0).unwrap().unwrap().job_id, "a");
        assert_eq!(db.claim_next("p1", 0).unwrap().unwrap().job_id, "b");
        assert!(db.finish("a", &done(JobStatus::Succeeded)).unwrap());
        // "b" was running when its process went away: once its lease is over it is queued
        // again, marked recovered.
        drop(db);
        let db = JobDb::open(&dir.join("jobs.sqlite")).unwrap();
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(db.recover().unwrap(), 1);
        assert_eq!(
            db.claim_next("p2", 60_000_000).unwrap().unwrap().job_id,
            "b"
        );
        // A live lease is not taken away; a renewed one neither.
        assert_eq!(db.recover().unwrap(), 0);
        assert_eq!(db.renew("p2", 60_000_000).unwrap(), 1);
        assert_eq!(db.recover().unwrap(), 0);
        let b = db.get("b").unwrap().unwrap();
        assert_eq!((b.attempts, b.recovered), (2, 1));
        let a = db.get("a").unwrap().unwrap();
        assert_eq!(a.status, JobStatus::Succeeded);
        assert_eq!(a.duration_seconds, Some(2.0));
        assert_eq!(
            db.result("a").unwrap().unwrap().response.unwrap(),
            b"{\"result\":\"ok\"}"
        );
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn a_cancelled_job_stays_cancelled_and_filters_select() {
        let (db, dir) = db("cancel");
        let mut mine = job("x");
        mine.user_run_id = Some("run-1".into());
        db.submit(&mine).unwrap();
        db.submit(&job("y")).unwrap();
        db.claim_next("p", 60_000_000).unwrap();
        assert_eq!(
            db.cancel("x").unwrap().unwrap().status,
            JobStatus::Cancelled
        );
        assert!(!db.finish("x", &done(JobStatus::Succeeded)).unwrap());
        assert_eq!(db.get("x").unwrap().unwrap().status, JobStatus::Cancelled);
        let filter = JobFilter {
            user_run_id: Some("run-1".into()),
            limit: 10,
            ..Default::default()
        };
        let found = db.list(&filter).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].job_id, "x");
        let queued = JobFilter {
            status: Some(JobStatus::Queued),
            limit: 10,
            ..Default::default()
        };
        assert_eq!(db.list(&queued).unwrap()[0].job_id, "y");
        assert_eq!(db.prune(i64::MAX).unwrap(), 1);
        assert!(db.get("x").unwrap().is_none());
        std::fs::remove_dir_all(dir).ok();
    }
}
