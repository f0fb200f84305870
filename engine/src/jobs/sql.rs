//! [`Sql`]: the one connection of the job database, SQLite or PostgreSQL, behind the few
//! operations the job store needs. Statements are written once with SQLite's numbered
//! placeholders (`?1`), which become PostgreSQL's (`$1`); parameters are [`Param`]s, rows
//! are read through [`Row`]. A connection is used by one call at a time.

use postgres::types::{IsNull, ToSql as PgToSql, Type};
use postgres::NoTls;
use rusqlite::types::{ToSql as LiteToSql, ToSqlOutput};
use std::str::FromStr;
use std::sync::Mutex;
use std::time::Duration;

/// How long a statement may wait for a lock (SQLite busy timeout, PostgreSQL lock timeout
/// and connect timeout).
const WAIT: Duration = Duration::from_secs(10);

/// A statement parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// An integer (BIGINT in PostgreSQL), or NULL.
    I64(Option<i64>),
    /// A float (DOUBLE PRECISION), or NULL.
    F64(Option<f64>),
    /// Text, or NULL.
    Text(Option<String>),
    /// Bytes (BYTEA, BLOB), or NULL.
    Bytes(Option<Vec<u8>>),
}

impl LiteToSql for Param {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        match self {
            Param::I64(v) => LiteToSql::to_sql(v),
            Param::F64(v) => LiteToSql::to_sql(v),
            Param::Text(v) => LiteToSql::to_sql(v),
            Param::Bytes(v) => LiteToSql::to_sql(v),
        }
    }
}

impl PgToSql for Param {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Param::I64(v) => PgToSql::to_sql(v, ty, out),
            Param::F64(v) => PgToSql::to_sql(v, ty, out),
            Param::Text(v) => PgToSql::to_sql(v, ty, out),
            Param::Bytes(v) => PgToSql::to_sql(v, ty, out),
        }
    }

    fn accepts(ty: &Type) -> bool {
        <Option<i64> as PgToSql>::accepts(ty)
            || <Option<f64> as PgToSql>::accepts(ty)
            || <Option<String> as PgToSql>::accepts(ty)
            || <Option<Vec<u8>> as PgToSql>::accepts(ty)
    }

    postgres::types::to_sql_checked!();
}

/// A result row of either database.
pub enum Row<'a> {
    /// SQLite's.
    Lite(&'a rusqlite::Row<'a>),
    /// PostgreSQL's.
    Pg(&'a postgres::Row),
}

/// Why a statement failed (the database's message).
pub type SqlError = String;

impl Row<'_> {
    fn get<L, P>(&self, i: usize) -> Result<L, SqlError>
    where
        L: rusqlite::types::FromSql + From<P>,
        P: for<'b> postgres::types::FromSql<'b>,
    {
        match self {
            Row::Lite(r) => r.get(i).map_err(|e| e.to_string()),
            Row::Pg(r) => r.try_get::<_, P>(i).map(L::from).map_err(|e| e.to_string()),
        }
    }

    /// An integer column.
    pub fn i64(&self, i: usize) -> Result<i64, SqlError> {
        self.get::<i64, i64>(i)
    }

    /// An integer column that may be NULL.
    pub fn opt_i64(&self, i: usize) -> Result<Option<i64>, SqlError> {
        self.get::<Option<i64>, Option<i64>>(i)
    }

    /// A float column that may be NULL.
    pub fn opt_f64(&self, i: usize) -> Result<Option<f64>, SqlError> {
        self.get::<Option<f64>, Option<f64>>(i)
    }

    /// A text column.
    pub fn text(&self, i: usize) -> Result<String, SqlError> {
        self.get::<String, String>(i)
    }

    /// A text column that may be NULL.
    pub fn opt_text(&self, i: usize) -> Result<Option<String>, SqlError> {
        self.get::<Option<String>, Option<String>>(i)
    }

    /// A bytes column that may be NULL.
    pub fn opt_bytes(&self, i: usize) -> Result<Option<Vec<u8>>, SqlError> {
        self.get::<Option<Vec<u8>>, Option<Vec<u8>>>(i)
    }
}

/// The connection.
pub enum Sql {
    /// A SQLite file (WAL journal).
    Lite(Mutex<rusqlite::Connection>),
    /// A PostgreSQL server.
    Pg(Mutex<postgres::Client>),
}

/// `sql` with `?N` placeholders written as `$N`.
fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

fn pg_params(params: &[Param]) -> Vec<&(dyn PgToSql + Sync)> {
    params.iter().map(|p| p as &(dyn PgToSql + Sync)).collect()
}

impl Sql {
    /// Opens a SQLite file: WAL journal, `synchronous = NORMAL` (a killed process loses
    /// nothing committed), a busy timeout for writers of other processes.
    pub fn sqlite(path: &std::path::Path) -> Result<Sql, SqlError> {
        let conn = rusqlite::Connection::open(path).map_err(|e| e.to_string())?;
        conn.busy_timeout(WAIT).map_err(|e| e.to_string())?;
        // Switching to WAL takes an exclusive lock and SQLite answers BUSY at once, without
        // the busy handler, while another process creates or switches the same file (two
        // services starting together): try again until WAIT has passed.
        let started = std::time::Instant::now();
        while let Err(e) = conn.pragma_update(None, "journal_mode", "WAL") {
            let busy = e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy);
            if !busy || started.elapsed() >= WAIT {
                return Err(e.to_string());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| e.to_string())?;
        Ok(Sql::Lite(Mutex::new(conn)))
    }

    /// Connects to a PostgreSQL server (`postgres://…`; no TLS of its own).
    pub fn postgres(url: &str) -> Result<Sql, SqlError> {
        let mut config =
            postgres::Config::from_str(url).map_err(|e| format!("invalid PostgreSQL URL: {e}"))?;
        config.connect_timeout(WAIT);
        let mut client = config.connect(NoTls).map_err(|e| e.to_string())?;
        client
            .batch_execute(&format!("SET lock_timeout = {}", WAIT.as_millis()))
            .map_err(|e| e.to_string())?;
        Ok(Sql::Pg(Mutex::new(client)))
    }

    /// Whether this is PostgreSQL (for the few statements that differ).
    pub fn is_postgres(&self) -> bool {
        matches!(self, Sql::Pg(_))
    }

    /// Runs a statement; returns the rows it changed.
    pub fn execute(&self, sql: &str, params: &[Param]) -> Result<usize, SqlError> {
        match self {
            Sql::Lite(c) => lock(c)
                .execute(sql, rusqlite::params_from_iter(params))
                .map_err(|e| e.to_string()),
            Sql::Pg(c) => lock(c)
                .execute(&dollar_placeholders(sql), &pg_params(params))
                .map(|n| n as usize)
                .map_err(pg_err),
        }
    }

    /// Runs a query; `read` turns each row into a value.
    pub fn query<T>(
        &self,
        sql: &str,
        params: &[Param],
        mut read: impl FnMut(&Row<'_>) -> Result<T, SqlError>,
    ) -> Result<Vec<T>, SqlError> {
        match self {
            Sql::Lite(c) => {
                let conn = lock(c);
                let mut stmt = conn.prepare_cached(sql).map_err(|e| e.to_string())?;
                let mut rows = stmt
                    .query(rusqlite::params_from_iter(params))
                    .map_err(|e| e.to_string())?;
                let mut out = Vec::new();
                while let Some(r) = rows.next().map_err(|e| e.to_string())? {
                    out.push(read(&Row::Lite(r))?);
                }
                Ok(out)
            }
            Sql::Pg(c) => {
                let rows = lock(c)
                    .query(&dollar_placeholders(sql), &pg_params(params))
                    .map_err(pg_err)?;
                rows.iter().map(|r| read(&Row::Pg(r))).collect()
            }
        }
    }

    /// Runs one statement for each parameter set, all in one transaction.
    pub fn execute_all(&self, sql: &str, sets: &[Vec<Param>]) -> Result<(), SqlError> {
        match self {
            Sql::Lite(c) => {
                let mut conn = lock(c);
                let tx = conn.transaction().map_err(|e| e.to_string())?;
                {
                    let mut stmt = tx.prepare_cached(sql).map_err(|e| e.to_string())?;
                    for set in sets {
                        stmt.execute(rusqlite::params_from_iter(set))
                            .map_err(|e| e.to_string())?;
                    }
                }
                tx.commit().map_err(|e| e.to_string())
            }
            Sql::Pg(c) => {
                let mut client = lock(c);
                let mut tx = client.transaction().map_err(pg_err)?;
                let stmt = tx.prepare(&dollar_placeholders(sql)).map_err(pg_err)?;
                for set in sets {
                    tx.execute(&stmt, &pg_params(set)).map_err(pg_err)?;
                }
                tx.commit().map_err(pg_err)
            }
        }
    }

    /// Applies the migrations (`(sqlite, postgres)` statement batches, one per version) the
    /// database has not seen, inside one transaction that first takes the database's write
    /// lock, so processes starting together migrate it once.
    pub fn migrate(&self, migrations: &[(&str, &str)]) -> Result<(), SqlError> {
        match self {
            Sql::Lite(c) => {
                let mut conn = lock(c);
                let tx = conn
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                    .map_err(|e| e.to_string())?;
                let version: usize = tx
                    .pragma_query_value(None, "user_version", |r| r.get(0))
                    .map_err(|e| e.to_string())?;
                for (i, (lite, _)) in migrations.iter().enumerate().skip(version) {
                    tx.execute_batch(lite).map_err(|e| e.to_string())?;
                    tx.pragma_update(None, "user_version", i + 1)
                        .map_err(|e| e.to_string())?;
                }
                tx.commit().map_err(|e| e.to_string())
            }
            Sql::Pg(c) => {
                let mut client = lock(c);
                let mut tx = client.transaction().map_err(pg_err)?;
                // One key for Rheo's schema: concurrent starts wait here.
                tx.batch_execute(
                    "SELECT pg_advisory_xact_lock(7205759403792793); \
                     CREATE TABLE IF NOT EXISTS rheo_schema_version (version BIGINT NOT NULL)",
                )
                .map_err(pg_err)?;
                let rows = tx
                    .query("SELECT version FROM rheo_schema_version", &[])
                    .map_err(pg_err)?;
                let version = rows.first().map_or(0, |r| r.get::<_, i64>(0)) as usize;
                for (_, pg) in migrations.iter().skip(version) {
                    tx.batch_execute(pg).map_err(pg_err)?;
                }
                tx.batch_execute(&format!(
                    "DELETE FROM rheo_schema_version; INSERT INTO rheo_schema_version VALUES ({})",
                    migrations.len().max(version)
                ))
                .map_err(pg_err)?;
                tx.commit().map_err(pg_err)
            }
        }
    }
}

/// A PostgreSQL error with the server's message (the client's own text is only "db error").
fn pg_err(e: postgres::Error) -> SqlError {
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.code().code(), db.message()),
        None => e.to_string(),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_placeholders_become_dollars() {
        assert_eq!(
            dollar_placeholders("a = ?1 AND (?12 IS NULL OR b = ?12) AND c = '?'"),
            "a = $1 AND ($12 IS NULL OR b = $12) AND c = '?'"
        );
    }
}
