//! [`JobDb`]: the durable job queue and run records in one database: a SQLite file (WAL
//! journal, so a killed process loses nothing it had committed) or a PostgreSQL server
//! (`postgres://…`), with the same schema. The schema is versioned; [`MIGRATIONS`] run in
//! order at open, once even when processes start together.

use super::record::{JobFilter, JobRecord, JobStatus, KafkaOrigin};
use super::sql::{Param, Row, Sql, SqlError};
use std::path::PathBuf;

/// The schema, one migration per version as (SQLite, PostgreSQL) statements (never edit a
/// released one; append).
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        r#"
CREATE TABLE jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL UNIQUE, status TEXT NOT NULL, source TEXT NOT NULL,
    transformation_id TEXT, revision_group_id TEXT, user_id TEXT, user_run_id TEXT,
    kafka_key TEXT, kafka_topic TEXT, kafka_partition INTEGER, kafka_offset INTEGER,
    created_us INTEGER NOT NULL, started_us INTEGER, finished_us INTEGER, duration_seconds REAL,
    attempts INTEGER NOT NULL DEFAULT 0, recovered INTEGER NOT NULL DEFAULT 0,
    request BLOB, request_bytes INTEGER NOT NULL, result BLOB, result_bytes INTEGER,
    error_type TEXT, error_message TEXT, measured_steps TEXT, operator_durations TEXT,
    owner TEXT, lease_until_us INTEGER
);
CREATE INDEX jobs_by_status ON jobs(status, seq);
CREATE INDEX jobs_by_created ON jobs(created_us);
CREATE INDEX jobs_by_user_run ON jobs(user_run_id);
"#,
        r#"
CREATE TABLE jobs (
    seq BIGSERIAL PRIMARY KEY,
    job_id TEXT NOT NULL UNIQUE, status TEXT NOT NULL, source TEXT NOT NULL,
    transformation_id TEXT, revision_group_id TEXT, user_id TEXT, user_run_id TEXT,
    kafka_key TEXT, kafka_topic TEXT, kafka_partition BIGINT, kafka_offset BIGINT,
    created_us BIGINT NOT NULL, started_us BIGINT, finished_us BIGINT,
    duration_seconds DOUBLE PRECISION,
    attempts BIGINT NOT NULL DEFAULT 0, recovered BIGINT NOT NULL DEFAULT 0,
    request BYTEA, request_bytes BIGINT NOT NULL, result BYTEA, result_bytes BIGINT,
    error_type TEXT, error_message TEXT, measured_steps TEXT, operator_durations TEXT,
    owner TEXT, lease_until_us BIGINT
);
CREATE INDEX jobs_by_status ON jobs(status, seq);
CREATE INDEX jobs_by_created ON jobs(created_us);
CREATE INDEX jobs_by_user_run ON jobs(user_run_id);
"#,
    ),
    (
        "CREATE TABLE templates (name TEXT NOT NULL, version INTEGER NOT NULL, \
         body TEXT NOT NULL, created_us INTEGER NOT NULL, PRIMARY KEY (name, version));",
        "CREATE TABLE templates (name TEXT NOT NULL, version BIGINT NOT NULL, \
         body TEXT NOT NULL, created_us BIGINT NOT NULL, PRIMARY KEY (name, version));",
    ),
];

/// Why a job database call failed.
#[derive(Debug, thiserror::Error)]
pub enum JobDbError {
    /// The database refused; `what` names the operation.
    #[error("job database {location}: {what}: {message}")]
    Database {
        /// The database (file path or server URL without its password).
        location: String,
        /// The operation.
        what: &'static str,
        /// The database's message.
        message: String,
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
    /// The execution response, when it is kept (jobs); empty for run records.
    pub result: Vec<u8>,
    /// The size of the execution response.
    pub result_bytes: usize,
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

/// Where the job database is: a SQLite file or a PostgreSQL URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file.
    File(PathBuf),
    /// `postgres://…` or `postgresql://…`.
    Postgres(String),
}

impl Location {
    /// A PostgreSQL URL (SQLAlchemy's `postgresql+psycopg2://…` too, as hetida users write
    /// it), a `sqlite://PATH` or a plain path.
    pub fn parse(s: &str) -> Location {
        let (scheme, rest) = s.split_once("://").unwrap_or(("", s));
        let dialect = scheme.split('+').next().unwrap_or_default();
        match dialect {
            "postgres" | "postgresql" => Location::Postgres(format!("postgresql://{rest}")),
            "sqlite" => Location::File(PathBuf::from(rest)),
            _ => Location::File(PathBuf::from(s)),
        }
    }

    /// How it is named in messages (a URL's password left out).
    fn label(&self) -> String {
        match self {
            Location::File(p) => p.display().to_string(),
            Location::Postgres(url) => match (url.find("://"), url.rfind('@')) {
                (Some(scheme), Some(at)) if at > scheme => {
                    format!("{}://…@{}", &url[..scheme], &url[at + 1..])
                }
                _ => url.clone(),
            },
        }
    }
}

/// The job database.
pub struct JobDb {
    location: String,
    sql: Sql,
}

/// The columns [`record_of`] reads, in its order.
const RECORD_COLUMNS: &str = "job_id, status, source, transformation_id, revision_group_id, \
    user_id, user_run_id, kafka_key, kafka_topic, kafka_partition, kafka_offset, created_us, \
    started_us, finished_us, duration_seconds, attempts, recovered, request_bytes, \
    result_bytes, error_type, error_message, measured_steps, operator_durations";

fn record_of(row: &Row<'_>) -> Result<JobRecord, SqlError> {
    let status = row.text(1)?;
    let json = |i: usize| -> Result<Option<serde_json::Value>, SqlError> {
        Ok(row.opt_text(i)?.and_then(|t| serde_json::from_str(&t).ok()))
    };
    let kafka = match row.opt_text(8)? {
        Some(topic) => Some(KafkaOrigin {
            key: row.opt_text(7)?,
            topic,
            partition: row.opt_i64(9)?.unwrap_or_default() as i32,
            offset: row.opt_i64(10)?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(JobRecord {
        job_id: row.text(0)?,
        status: JobStatus::parse(&status).unwrap_or(JobStatus::Failed),
        source: row.text(2)?,
        transformation_id: row.opt_text(3)?,
        revision_group_id: row.opt_text(4)?,
        user_id: row.opt_text(5)?,
        user_run_id: row.opt_text(6)?,
        kafka,
        created_at: iso(row.i64(11)?),
        started_at: row.opt_i64(12)?.map(iso),
        finished_at: row.opt_i64(13)?.map(iso),
        duration_seconds: row.opt_f64(14)?,
        attempts: row.i64(15)? as u32,
        recovered: row.i64(16)? as u32,
        request_bytes: row.i64(17)? as u64,
        result_bytes: row.opt_i64(18)?.map(|n| n as u64),
        error_type: row.opt_text(19)?,
        error_message: row.opt_text(20)?,
        measured_steps: json(21)?,
        operator_durations: json(22)?,
    })
}

fn int(v: i64) -> Param {
    Param::I64(Some(v))
}

fn text(v: &str) -> Param {
    Param::Text(Some(v.to_string()))
}

fn opt_text(v: &Option<String>) -> Param {
    Param::Text(v.clone())
}

fn secs(o: &Outcome) -> Param {
    Param::F64(Some((o.finished_us - o.started_us) as f64 / 1e6))
}

impl JobDb {
    /// Opens (creating a SQLite file if needed) the database and brings its schema up to
    /// date.
    pub fn open(location: &Location) -> Result<JobDb, JobDbError> {
        let label = location.label();
        let fail = |what| {
            let location = label.clone();
            move |message| JobDbError::Database {
                location,
                what,
                message,
            }
        };
        let sql = match location {
            Location::File(path) => Sql::sqlite(path).map_err(fail("opening"))?,
            Location::Postgres(url) => Sql::postgres(url).map_err(fail("connecting"))?,
        };
        sql.migrate(MIGRATIONS)
            .map_err(fail("migrating the schema"))?;
        Ok(JobDb {
            location: label,
            sql,
        })
    }

    /// The database, as named in messages (a URL without its password).
    pub fn location(&self) -> &str {
        &self.location
    }

    fn fail(&self, what: &'static str) -> impl FnOnce(SqlError) -> JobDbError + '_ {
        move |message| JobDbError::Database {
            location: self.location.clone(),
            what,
            message,
        }
    }

    /// Runs a statement; an error names `what` and the database.
    pub(super) fn execute(
        &self,
        what: &'static str,
        sql: &str,
        params: &[Param],
    ) -> Result<usize, JobDbError> {
        self.sql.execute(sql, params).map_err(self.fail(what))
    }

    /// Runs a query; an error names `what` and the database.
    pub(super) fn query<T>(
        &self,
        what: &'static str,
        sql: &str,
        params: &[Param],
        read: impl FnMut(&Row<'_>) -> Result<T, SqlError>,
    ) -> Result<Vec<T>, JobDbError> {
        self.sql.query(sql, params, read).map_err(self.fail(what))
    }

    /// Queues a job.
    pub fn submit(&self, job: &NewJob) -> Result<(), JobDbError> {
        let inserted = self.execute(
            "queueing a job",
            "INSERT INTO jobs (job_id, status, source, transformation_id, revision_group_id, \
             user_id, user_run_id, created_us, request, request_bytes) \
             VALUES (?1, 'queued', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (job_id) DO NOTHING",
            &[
                text(&job.job_id),
                text(job.source),
                opt_text(&job.transformation_id),
                opt_text(&job.revision_group_id),
                opt_text(&job.user_id),
                opt_text(&job.user_run_id),
                int(now_us()),
                Param::Bytes(Some(job.request.clone())),
                int(job.request.len() as i64),
            ],
        )?;
        if inserted == 0 {
            return Err(JobDbError::Duplicate(job.job_id.clone()));
        }
        Ok(())
    }

    /// Takes the oldest queued job and marks it running under `owner`'s lease, which must
    /// be renewed ([`JobDb::renew`]) before `lease_us` pass or the job is queued again.
    /// Processes sharing a PostgreSQL database skip rows another one is taking.
    pub fn claim_next(&self, owner: &str, lease_us: i64) -> Result<Option<Claimed>, JobDbError> {
        let started_us = now_us();
        let skip_locked = if self.sql.is_postgres() {
            " FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        let sql = format!(
            "UPDATE jobs SET status = 'running', started_us = ?1, attempts = attempts + 1, \
             owner = ?2, lease_until_us = ?3 \
             WHERE seq = (SELECT seq FROM jobs WHERE status = 'queued' ORDER BY seq LIMIT 1{skip_locked}) \
             AND status = 'queued' RETURNING job_id, request"
        );
        let params = [int(started_us), text(owner), int(started_us + lease_us)];
        let claimed = self.query("claiming a job", &sql, &params, |r| {
            Ok(Claimed {
                job_id: r.text(0)?,
                request: r.opt_bytes(1)?.unwrap_or_default(),
                started_us,
            })
        })?;
        Ok(claimed.into_iter().next())
    }

    /// Extends the leases of `owner`'s running jobs by `lease_us` from now.
    pub fn renew(&self, owner: &str, lease_us: i64) -> Result<usize, JobDbError> {
        self.execute(
            "renewing job leases",
            "UPDATE jobs SET lease_until_us = ?2 WHERE owner = ?1 AND status = 'running'",
            &[text(owner), int(now_us() + lease_us)],
        )
    }

    /// How many jobs are queued and how many request bytes they hold (what the limits of
    /// `POST /api/jobs` bound).
    pub fn queued_load(&self) -> Result<(u64, u64), JobDbError> {
        let n = self.query(
            "counting queued jobs",
            "SELECT COUNT(*), CAST(COALESCE(SUM(request_bytes), 0) AS BIGINT) FROM jobs \
             WHERE status = 'queued'",
            &[],
            |r| Ok((r.i64(0)?, r.i64(1)?)),
        )?;
        let (count, bytes) = n.first().copied().unwrap_or((0, 0));
        Ok((count.max(0) as u64, bytes.max(0) as u64))
    }

    /// Records how a running job ended; `false` when it is not running any more (it was
    /// cancelled meanwhile, and stays so).
    pub fn finish(&self, job_id: &str, o: &Outcome) -> Result<bool, JobDbError> {
        let changed = self.execute(
            "recording a finished job",
            "UPDATE jobs SET status = ?2, finished_us = ?3, duration_seconds = ?4, result = ?5, \
             result_bytes = ?6, error_type = ?7, error_message = ?8, measured_steps = ?9, \
             operator_durations = ?10, request = NULL WHERE job_id = ?1 AND status = 'running'",
            &[
                text(job_id),
                text(o.status.as_str()),
                int(o.finished_us),
                secs(o),
                Param::Bytes(Some(o.result.clone())),
                int(o.result_bytes as i64),
                opt_text(&o.error_type),
                opt_text(&o.error_message),
                text(&o.measured_steps),
                text(&o.operator_durations),
            ],
        )?;
        Ok(changed > 0)
    }

    /// Records executions that ran elsewhere (Kafka request records) in one transaction;
    /// a redelivered record's job is updated and counts another attempt.
    pub fn record_batch(&self, runs: &[FinishedRun]) -> Result<(), JobDbError> {
        let sets: Vec<Vec<Param>> = runs.iter().map(finished_run_params).collect();
        self.sql
            .execute_all(
                "INSERT INTO jobs (job_id, status, source, transformation_id, revision_group_id, \
                 user_id, user_run_id, kafka_key, kafka_topic, kafka_partition, kafka_offset, \
                 created_us, started_us, finished_us, duration_seconds, attempts, request_bytes, \
                 result_bytes, error_type, error_message, measured_steps, operator_durations) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14, 1, ?15, \
                 ?16, ?17, ?18, ?19, ?20) \
                 ON CONFLICT (job_id) DO UPDATE SET status = excluded.status, \
                 started_us = excluded.started_us, finished_us = excluded.finished_us, \
                 duration_seconds = excluded.duration_seconds, attempts = jobs.attempts + 1, \
                 result_bytes = excluded.result_bytes, error_type = excluded.error_type, \
                 error_message = excluded.error_message, measured_steps = excluded.measured_steps, \
                 operator_durations = excluded.operator_durations",
                &sets,
            )
            .map_err(self.fail("recording Kafka-triggered jobs"))
    }

    /// Cancels a queued or running job; returns its record afterwards (`None`: unknown).
    pub fn cancel(&self, job_id: &str) -> Result<Option<JobRecord>, JobDbError> {
        self.execute(
            "cancelling a job",
            "UPDATE jobs SET status = 'cancelled', finished_us = ?2, request = NULL \
             WHERE job_id = ?1 AND status IN ('queued', 'running')",
            &[text(job_id), int(now_us())],
        )?;
        self.get(job_id)
    }

    /// A job's record.
    pub fn get(&self, job_id: &str) -> Result<Option<JobRecord>, JobDbError> {
        let sql = format!("SELECT {RECORD_COLUMNS} FROM jobs WHERE job_id = ?1");
        let found = self.query("reading a job", &sql, &[text(job_id)], record_of)?;
        Ok(found.into_iter().next())
    }

    /// A job's status and stored execution response (`None`: unknown job).
    pub fn result(&self, job_id: &str) -> Result<Option<StoredResult>, JobDbError> {
        let found = self.query(
            "reading a job's result",
            "SELECT status, result FROM jobs WHERE job_id = ?1",
            &[text(job_id)],
            |r| {
                Ok(StoredResult {
                    status: JobStatus::parse(&r.text(0)?).unwrap_or(JobStatus::Failed),
                    response: r.opt_bytes(1)?,
                })
            },
        )?;
        Ok(found.into_iter().next())
    }

    /// The records `filter` selects, newest first.
    pub fn list(&self, f: &JobFilter) -> Result<Vec<JobRecord>, JobDbError> {
        // The casts give PostgreSQL the type of a parameter that may be NULL.
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM jobs WHERE (CAST(?1 AS TEXT) IS NULL OR status = ?1) \
             AND (CAST(?2 AS TEXT) IS NULL OR user_id = ?2) \
             AND (CAST(?3 AS TEXT) IS NULL OR user_run_id = ?3) \
             AND (CAST(?4 AS TEXT) IS NULL OR transformation_id = ?4) \
             AND (CAST(?5 AS BIGINT) IS NULL OR created_us >= ?5) \
             AND (CAST(?6 AS BIGINT) IS NULL OR created_us < ?6) \
             ORDER BY seq DESC LIMIT ?7 OFFSET ?8"
        );
        let params = [
            Param::Text(f.status.map(|s| s.as_str().to_string())),
            opt_text(&f.user_id),
            opt_text(&f.user_run_id),
            opt_text(&f.transformation_id),
            Param::I64(f.created_after_us),
            Param::I64(f.created_before_us),
            int(f.limit as i64),
            int(f.offset as i64),
        ];
        self.query("listing jobs", &sql, &params, record_of)
    }

    /// Handles the running jobs whose lease ran out (their process died): a job whose
    /// processes have now died `poison_after` times while running it fails as a
    /// `PoisonRecord` (it would take the next process down too); the others are queued
    /// again. Each counts as recovered. A failed job's result is `poison_result(job_id,
    /// message)` (its failure response, so `GET /api/jobs/{id}/result` answers like any
    /// failed job). Returns (queued again, failed).
    pub fn recover(
        &self,
        poison_after: u32,
        poison_result: impl Fn(&str, &str) -> Vec<u8>,
    ) -> Result<(usize, usize), JobDbError> {
        let now = now_us();
        let abandoned = "status = 'running' AND source = 'http' \
                         AND (lease_until_us IS NULL OR lease_until_us < ?1)";
        let message = format!(
            "processes died {poison_after} times while running this job; it is not run again (poison_after_crashes = {poison_after})"
        );
        let doomed = self.query(
            "finding jobs that keep killing their process",
            &format!("SELECT job_id FROM jobs WHERE {abandoned} AND recovered + 1 >= ?2"),
            &[int(now), int(i64::from(poison_after))],
            |r| r.text(0),
        )?;
        let mut poisoned = 0;
        for job_id in doomed {
            let result = poison_result(&job_id, &message);
            poisoned += self.execute(
                "failing a job that keeps killing its process",
                &format!(
                    "UPDATE jobs SET status = 'failed', recovered = recovered + 1, owner = NULL, \
                     request = NULL, finished_us = ?1, error_type = 'PoisonRecord', \
                     error_message = ?3, result_bytes = ?4, result = ?5 \
                     WHERE job_id = ?6 AND {abandoned} AND recovered + 1 >= ?2"
                ),
                &[
                    int(now),
                    int(i64::from(poison_after)),
                    text(&message),
                    int(result.len() as i64),
                    Param::Bytes(Some(result)),
                    text(&job_id),
                ],
            )?;
        }
        let queued = self.execute(
            "recovering interrupted jobs",
            &format!(
                "UPDATE jobs SET status = 'queued', recovered = recovered + 1, owner = NULL \
                 WHERE {abandoned}"
            ),
            &[int(now)],
        )?;
        Ok((queued, poisoned))
    }

    /// Deletes finished jobs created before `before_us`; returns how many.
    pub fn prune(&self, before_us: i64) -> Result<usize, JobDbError> {
        self.execute(
            "pruning old jobs",
            "DELETE FROM jobs WHERE created_us < ?1 AND status NOT IN ('queued', 'running')",
            &[int(before_us)],
        )
    }
}

/// The parameters of one run of [`JobDb::record_batch`]'s statement.
fn finished_run_params(run: &FinishedRun) -> Vec<Param> {
    let (job, o) = (&run.job, &run.outcome);
    let k = job.kafka.as_ref();
    vec![
        text(&job.job_id),
        text(o.status.as_str()),
        text(job.source),
        opt_text(&job.transformation_id),
        opt_text(&job.revision_group_id),
        opt_text(&job.user_id),
        opt_text(&job.user_run_id),
        Param::Text(k.and_then(|k| k.key.clone())),
        Param::Text(k.map(|k| k.topic.clone())),
        Param::I64(k.map(|k| i64::from(k.partition))),
        Param::I64(k.map(|k| k.offset)),
        int(o.started_us),
        int(o.finished_us),
        secs(o),
        int(run.request_bytes as i64),
        int(o.result_bytes as i64),
        opt_text(&o.error_type),
        opt_text(&o.error_message),
        text(&o.measured_steps),
        text(&o.operator_durations),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn db(name: &str) -> (JobDb, PathBuf) {
        let dir = std::env::temp_dir().join(format!("rheo-jobdb-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        (
            JobDb::open(&Location::File(dir.join("jobs.sqlite"))).unwrap(),
            dir,
        )
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
            result_bytes: 15,
            error_type: None,
            error_message: None,
            measured_steps: "{}".into(),
            operator_durations: "[]".into(),
        }
    }

    #[test]
    fn locations_are_files_or_postgresql_urls() {
        assert_eq!(
            Location::parse("postgresql+psycopg2://u:p@h:5432/db"),
            Location::Postgres("postgresql://u:p@h:5432/db".into())
        );
        assert_eq!(
            Location::parse("postgres://h/db"),
            Location::Postgres("postgresql://h/db".into())
        );
        assert_eq!(
            Location::parse("sqlite:///tmp/j.db"),
            Location::File("/tmp/j.db".into())
        );
        assert_eq!(
            Location::parse("jobs.sqlite"),
            Location::File("jobs.sqlite".into())
        );
        assert_eq!(
            Location::parse("postgresql://rheo:secret@db:5432/x").label(),
            "postgresql://…@db:5432/x"
        );
    }

    #[test]
    fn processes_opening_one_database_at_once_migrate_it_once() {
        let (db, dir) = db("race");
        drop(db);
        // Many rounds: switching a new file to WAL while another opener does the same is a
        // narrow window (two services starting together hit it).
        for round in 0..30 {
            let path = dir.join(format!("jobs-{round}.sqlite"));
            let start = std::sync::Arc::new(std::sync::Barrier::new(6));
            let opened: Vec<_> = (0..6)
                .map(|_| {
                    let (p, start) = (path.clone(), start.clone());
                    std::thread::spawn(move || {
                        start.wait();
                        JobDb::open(&Location::File(p)).map(|_| ())
                    })
                })
                .collect();
            for t in opened {
                t.join().unwrap().unwrap();
            }
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
        let db = JobDb::open(&Location::File(dir.join("jobs.sqlite"))).unwrap();
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(db.recover(2, |_, _| b"{}".to_vec()).unwrap(), (1, 0));
        assert_eq!(
            db.claim_next("p2", 60_000_000).unwrap().unwrap().job_id,
            "b"
        );
        // A live lease is not taken away; a renewed one neither.
        assert_eq!(db.recover(2, |_, _| b"{}".to_vec()).unwrap(), (0, 0));
        assert_eq!(db.renew("p2", 60_000_000).unwrap(), 1);
        assert_eq!(db.recover(2, |_, _| b"{}".to_vec()).unwrap(), (0, 0));
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
    fn a_job_whose_processes_keep_dying_fails_as_a_poison_record() {
        let (db, dir) = db("poison");
        db.submit(&job("deadly")).unwrap();
        db.submit(&job("fine")).unwrap();
        // The first process dies running it: it is queued again.
        assert_eq!(db.claim_next("p1", 0).unwrap().unwrap().job_id, "deadly");
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(db.recover(2, |_, _| b"{}".to_vec()).unwrap(), (1, 0));
        // The second one too: now it fails instead of taking a third process down.
        assert_eq!(db.claim_next("p2", 0).unwrap().unwrap().job_id, "deadly");
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(db.recover(2, |_, _| b"{}".to_vec()).unwrap(), (0, 1));
        let r = db.get("deadly").unwrap().unwrap();
        assert_eq!(r.status, JobStatus::Failed);
        assert_eq!(r.error_type.as_deref(), Some("PoisonRecord"));
        assert_eq!((r.attempts, r.recovered), (2, 2));
        // The queue goes on.
        assert_eq!(
            db.claim_next("p3", 60_000_000).unwrap().unwrap().job_id,
            "fine"
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
