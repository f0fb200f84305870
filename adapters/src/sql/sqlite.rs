//! SQLite through `rusqlite`: sources open the file read-only (a query that writes fails),
//! sinks write in one transaction.

use super::table::{quote_ident, SqlType};
use crate::cells::{Cell, Rows};
use rheo_core::value::timestamp::parse_iso8601;
use rusqlite::types::{ToSqlOutput, Value as SqlValue, ValueRef};
use rusqlite::{Connection, OpenFlags, ToSql};
use std::path::Path;
use std::time::Duration;

/// How long a statement waits for another writer's lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

fn open(path: &Path, read_only: bool) -> Result<Connection, String> {
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|e| format!("could not open SQLite database {}: {e}", path.display()))?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| e.to_string())?;
    Ok(conn)
}

/// Interrupts `conn`'s running statement once `timeout` has passed, unless the returned
/// guard is dropped first (SQLite has no statement timeout of its own; PostgreSQL's
/// `statement_timeout` does this there).
fn watchdog(conn: &Connection, timeout: Duration) -> std::sync::mpsc::Sender<()> {
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let interrupt = conn.get_interrupt_handle();
    std::thread::spawn(move || {
        if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(timeout) {
            interrupt.interrupt();
        }
    });
    done
}

/// Runs a read-only query, interrupted after `timeout`; at most `max_bytes` of results are
/// held.
pub fn query(
    path: &Path,
    sql: &str,
    params: &[Cell],
    timeout: Duration,
    max_bytes: u64,
) -> Result<Rows, String> {
    let conn = open(path, true)?;
    let _guard = watchdog(&conn, timeout);
    let mut stmt = conn.prepare(sql).map_err(|e| e.to_string())?;
    let names: Vec<String> = stmt
        .column_names()
        .into_iter()
        .map(str::to_string)
        .collect();
    let times: Vec<bool> = stmt
        .columns()
        .iter()
        .map(|c| c.decl_type().is_some_and(is_time_type))
        .collect();
    let bools: Vec<bool> = stmt
        .columns()
        .iter()
        .map(|c| {
            c.decl_type()
                .is_some_and(|t| t.eq_ignore_ascii_case("boolean"))
        })
        .collect();
    let bound: Vec<Param<'_>> = params.iter().map(Param).collect();
    let refs: Vec<&dyn ToSql> = bound.iter().map(|p| p as &dyn ToSql).collect();
    let mut rows = stmt.query(refs.as_slice()).map_err(|e| e.to_string())?;
    let mut columns: Vec<Vec<Cell>> = names.iter().map(|_| Vec::new()).collect();
    let mut held = 0u64;
    while let Some(row) = rows.next().map_err(|e| e.to_string())? {
        for (i, col) in columns.iter_mut().enumerate() {
            let v = row.get_ref(i).map_err(|e| e.to_string())?;
            let cell = cell(v, times[i], bools[i]);
            held += 8 + if let Cell::Text(s) = &cell {
                s.len() as u64
            } else {
                0
            };
            col.push(cell);
        }
        if held > max_bytes {
            return Err(format!(
                "the result is larger than {max_bytes} bytes (max_file_bytes)"
            ));
        }
    }
    Ok(Rows { names, columns })
}

fn is_time_type(t: &str) -> bool {
    let t = t.to_ascii_uppercase();
    t.contains("TIMESTAMP") || t.contains("DATETIME") || t == "DATE"
}

fn cell(v: ValueRef<'_>, time: bool, boolean: bool) -> Cell {
    match v {
        ValueRef::Null => Cell::Null,
        ValueRef::Integer(i) if boolean => Cell::Bool(i != 0),
        ValueRef::Integer(i) => Cell::Int(i),
        ValueRef::Real(f) => Cell::Float(f),
        ValueRef::Text(t) => {
            let s = String::from_utf8_lossy(t);
            match time.then(|| parse_iso8601(s.trim())).flatten() {
                Some(ts) => Cell::Time(ts.ns),
                None => Cell::Text(s.into_owned()),
            }
        }
        ValueRef::Blob(b) => Cell::Text(String::from_utf8_lossy(b).into_owned()),
    }
}

/// A cell bound as a statement parameter.
struct Param<'a>(&'a Cell);

impl ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Owned(match self.0 {
            Cell::Null => SqlValue::Null,
            Cell::Int(i) => SqlValue::Integer(*i),
            Cell::Float(f) => SqlValue::Real(*f),
            Cell::Bool(b) => SqlValue::Integer(i64::from(*b)),
            Cell::Text(s) => SqlValue::Text(s.clone()),
            Cell::Time(ns) => SqlValue::Text(sqlite_time(*ns)),
        }))
    }
}

/// How SQLAlchemy stores a datetime in SQLite: `YYYY-MM-DD HH:MM:SS.ffffff` (UTC here).
fn sqlite_time(ns: i64) -> String {
    let iso = rheo_core::value::timestamp::format_isoformat(
        ns - ns.rem_euclid(1000),
        rheo_core::value::Tz::Naive,
    );
    let (date, time) = iso.split_once('T').unwrap_or((&iso, "00:00:00"));
    let time = if time.contains('.') {
        time.to_string()
    } else {
        format!("{time}.000000")
    };
    format!("{date} {time}")
}

fn type_name(t: SqlType) -> &'static str {
    match t {
        SqlType::BigInt => "INTEGER",
        SqlType::Double => "REAL",
        SqlType::Boolean => "BOOLEAN",
        SqlType::Text => "TEXT",
        SqlType::Timestamp => "TIMESTAMP",
    }
}

/// Writes the columns into `table` (created if missing; dropped first when `replace`).
pub fn write(
    path: &Path,
    table: &str,
    columns: &[(String, SqlType, Vec<Cell>)],
    replace: bool,
) -> Result<(), String> {
    let mut conn = open(path, false)?;
    let tx = conn.transaction().map_err(|e| e.to_string())?;
    let t = quote_ident(table);
    if replace {
        tx.execute_batch(&format!("DROP TABLE IF EXISTS {t}"))
            .map_err(|e| e.to_string())?;
    }
    let defs: Vec<String> = columns
        .iter()
        .map(|(n, ty, _)| format!("{} {}", quote_ident(n), type_name(*ty)))
        .collect();
    tx.execute_batch(&format!(
        "CREATE TABLE IF NOT EXISTS {t} ({})",
        defs.join(", ")
    ))
    .map_err(|e| e.to_string())?;
    let names: Vec<String> = columns.iter().map(|(n, _, _)| quote_ident(n)).collect();
    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    {
        let mut insert = tx
            .prepare(&format!(
                "INSERT INTO {t} ({}) VALUES ({})",
                names.join(", "),
                marks.join(", ")
            ))
            .map_err(|e| e.to_string())?;
        let height = columns.first().map_or(0, |c| c.2.len());
        for row in 0..height {
            let params: Vec<Param<'_>> = columns.iter().map(|c| Param(&c.2[row])).collect();
            let refs: Vec<&dyn ToSql> = params.iter().map(|p| p as &dyn ToSql).collect();
            insert.execute(refs.as_slice()).map_err(|e| e.to_string())?;
        }
    }
    tx.commit().map_err(|e| e.to_string())
}

/// The tables and views of the database.
pub fn tables(path: &Path) -> Result<Vec<String>, String> {
    let rows = query(
        path,
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')",
        &[],
        BUSY_TIMEOUT,
        1 << 24,
    )?;
    Ok(rows
        .columns
        .into_iter()
        .flatten()
        .filter_map(|c| if let Cell::Text(s) = c { Some(s) } else { None })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Duration = Duration::from_secs(10);

    #[test]
    fn a_query_that_runs_forever_is_interrupted_after_the_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        Connection::open(&db)
            .unwrap()
            .execute_batch("CREATE TABLE t (x INT)")
            .unwrap();
        let endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) \
                       SELECT count(*) FROM c";
        let started = std::time::Instant::now();
        let e = query(&db, endless, &[], Duration::from_millis(200), 1 << 20).unwrap_err();
        assert!(e.contains("interrupt"), "{e}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn written_frames_read_back_and_queries_cannot_write() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("d.db");
        let cols = vec![
            (
                "i".to_string(),
                SqlType::BigInt,
                vec![Cell::Int(1), Cell::Int(2)],
            ),
            (
                "t".to_string(),
                SqlType::Timestamp,
                vec![Cell::Time(1_500_000), Cell::Null],
            ),
            (
                "b".to_string(),
                SqlType::Boolean,
                vec![Cell::Bool(true), Cell::Bool(false)],
            ),
        ];
        write(&db, "out", &cols, false).unwrap();
        write(&db, "out", &cols, false).unwrap();
        let rows = query(&db, "SELECT * FROM \"out\"", &[], T, 1 << 20).unwrap();
        assert_eq!(
            rows.columns[0],
            vec![Cell::Int(1), Cell::Int(2), Cell::Int(1), Cell::Int(2)]
        );
        assert_eq!(rows.columns[1][0], Cell::Time(1_500_000));
        assert_eq!(rows.columns[2][0], Cell::Bool(true));
        write(&db, "out", &cols, true).unwrap();
        assert_eq!(
            query(&db, "SELECT * FROM out", &[], T, 1 << 20)
                .unwrap()
                .columns[0]
                .len(),
            2
        );
        let e = query(&db, "DELETE FROM out", &[], T, 1 << 20).unwrap_err();
        assert!(e.contains("readonly"), "{e}");
        assert_eq!(tables(&db).unwrap(), vec!["out"]);
        let e = query(&db, "SELECT * FROM out", &[], T, 10).unwrap_err();
        assert!(e.contains("larger than 10 bytes"), "{e}");
    }

    #[test]
    fn a_missing_file_is_not_created_by_a_source() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("none.db");
        assert!(query(&db, "SELECT 1", &[], T, 100).is_err());
        assert!(!db.exists());
    }
}
