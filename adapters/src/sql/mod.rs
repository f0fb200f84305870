//! The SQL adapter (`sql-adapter`, hetida-compat §10): configured SQLite and PostgreSQL
//! databases as DATAFRAME sources (free queries, tables), MULTITSFRAME sources
//! (time-series tables) and table sinks.
//!
//! Stricter than hetida, on purpose: values are always bound as parameters and names
//! quoted; a sink may write only to tables its database lists in `append_tables` /
//! `replace_tables` (hetida creates any table a wiring names); `sql_query` sources cannot
//! write (read-only transaction on PostgreSQL, read-only connection on SQLite).
//!
//! Layout: [`config`] (databases and URLs), [`ids`] (source and sink ids), [`table`] (rows
//! ↔ frames), [`timeseries`] (MULTITSFRAME tables), one module per backend ([`sqlite`],
//! [`postgres`]).

pub mod config;
pub mod ids;
pub mod postgres;
pub mod sqlite;
pub mod table;
pub mod timeseries;

use crate::cells::{self, Cell, Rows};
use crate::per_wiring::{wiring_id, PerWiring};
use config::{Backend, SqlDatabase};
use ids::SqlRef;
use rheo_core::adapter::{AdapterError, SendContext};
use rheo_core::model::wiring::{InputWiring, OutputWiring};
use rheo_core::value::FrameValue;
use rheo_core::Value;
use std::time::Duration;
use table::SqlType;

/// The adapter key in wirings.
pub const ID: &str = "sql-adapter";

/// One database with its parsed backend.
#[derive(Debug, Clone)]
struct Database {
    config: SqlDatabase,
    backend: Backend,
}

/// The SQL adapter over its configured databases.
#[derive(Debug, Clone)]
pub struct SqlAdapter {
    databases: Vec<Database>,
    timeout: Duration,
    max_bytes: u64,
}

impl SqlAdapter {
    /// The adapter for the configured databases; a URL Rheo cannot use is an error naming
    /// the database key.
    pub fn new(
        databases: &[SqlDatabase],
        timeout: Duration,
        max_bytes: u64,
    ) -> Result<Self, String> {
        let databases = databases
            .iter()
            .map(|d| {
                Backend::from_url(&d.connection_url)
                    .map(|backend| Database {
                        config: d.clone(),
                        backend,
                    })
                    .map_err(|e| format!("SQL database '{}': {e}", d.key))
            })
            .collect::<Result<_, _>>()?;
        Ok(SqlAdapter {
            databases,
            timeout,
            max_bytes,
        })
    }

    fn database(&self, key: &str) -> Result<&Database, AdapterError> {
        self.databases
            .iter()
            .find(|d| d.config.key == key)
            .ok_or_else(|| {
                AdapterError::handling(format!(
                    "No SQL database with key '{key}' is configured (SQL_ADAPTER_SQL_DATABASES)"
                ))
            })
    }

    fn query(&self, db: &Database, sql: &str, params: &[Cell]) -> Result<Rows, String> {
        match &db.backend {
            Backend::Sqlite(path) => sqlite::query(path, sql, params, self.timeout, self.max_bytes),
            Backend::Postgres(url) => {
                postgres::query(url, sql, params, self.timeout, self.max_bytes)
            }
        }
    }

    fn check_source_table(&self, db: &Database, t: &str) -> Result<(), String> {
        let c = &db.config;
        if c.ignore_tables.iter().any(|x| x == t)
            || c.explicit_source_tables
                .as_ref()
                .is_some_and(|l| !l.iter().any(|x| x == t))
        {
            return Err(format!("table '{t}' is not offered as a source"));
        }
        let existing = match &db.backend {
            Backend::Sqlite(path) => sqlite::tables(path)?,
            Backend::Postgres(url) => postgres::tables(url, self.timeout)?,
        };
        if existing.iter().any(|x| x == t) {
            Ok(())
        } else {
            Err(format!("table '{t}' does not exist"))
        }
    }

    fn ts_columns(
        &self,
        id: &str,
        ts: &config::TimeseriesTable,
        frame: &FrameValue,
    ) -> Result<Vec<(String, SqlType, Vec<Cell>)>, AdapterError> {
        timeseries::columns_for_write(ts, frame)
            .map_err(|e| AdapterError::output_data(format!("SQL sink {id}: {e}")))
    }

    fn write(
        &self,
        db: &Database,
        t: &str,
        columns: &[(String, SqlType, Vec<Cell>)],
        replace: bool,
    ) -> Result<(), String> {
        match &db.backend {
            Backend::Sqlite(path) => sqlite::write(path, t, columns, replace),
            Backend::Postgres(url) => postgres::write(url, t, columns, replace, self.timeout),
        }
    }
}

fn bad_id(id: &str) -> AdapterError {
    AdapterError::wiring_invalid(format!(
        "'{id}' is not a SQL adapter id (<key>/query, <key>/table/<t>, <key>/ts_table/<t>, \
         <key>/append_table/<t>, <key>/replace_table/<t>, <key>/appendable_ts_table/<t>)"
    ))
}

impl PerWiring for SqlAdapter {
    fn key(&self) -> &str {
        ID
    }

    /// Loads one source.
    fn load_one(&self, wiring: &InputWiring) -> Result<Value, AdapterError> {
        let id = wiring_id(
            "SQL adapter",
            wiring.ref_key.as_deref(),
            wiring.ref_id.as_deref(),
            &wiring.workflow_input_name,
        )?;
        let (key, what) = ids::parse(id).ok_or_else(|| bad_id(id))?;
        let db = self.database(key)?;
        let fail = |e: String| AdapterError::handling(format!("SQL source {id}: {e}"));
        let frame = match what {
            SqlRef::Query => {
                let sql = wiring
                    .filters
                    .get("sql_query")
                    .filter(|q| !q.trim().is_empty())
                    .ok_or_else(|| {
                        AdapterError::wiring_invalid(format!(
                            "SQL source {id} needs the filter 'sql_query'"
                        ))
                    })?;
                cells::to_frame(self.query(db, sql, &[]).map_err(fail)?)
            }
            SqlRef::Table(t) => {
                self.check_source_table(db, t).map_err(fail)?;
                let sql = format!("SELECT * FROM {}", table::quote_ident(t));
                cells::to_frame(self.query(db, &sql, &[]).map_err(fail)?)
            }
            SqlRef::TsTable(t) => {
                let ts = db.config.timeseries_tables.get(t).ok_or_else(|| {
                    fail(format!(
                        "'{t}' is not one of the database's timeseries_tables"
                    ))
                })?;
                let filters = timeseries::Filters::from_wiring(&wiring.filters)
                    .map_err(|e| AdapterError::wiring_invalid(format!("SQL source {id}: {e}")))?;
                let (sql, params) = timeseries::select(t, ts, &filters);
                let rows = self.query(db, &sql, &params).map_err(fail)?;
                timeseries::to_multitsframe(rows, &filters).map_err(fail)?
            }
            _ => {
                return Err(AdapterError::wiring_invalid(format!(
                    "{id} is a sink, not a source"
                )))
            }
        };
        Ok(Value::Frame(frame))
    }

    /// Sends one output.
    fn send_one(
        &self,
        wiring: &OutputWiring,
        value: &Value,
        _context: SendContext<'_>,
    ) -> Result<(), AdapterError> {
        let id = wiring_id(
            "SQL adapter",
            wiring.ref_key.as_deref(),
            wiring.ref_id.as_deref(),
            &wiring.workflow_output_name,
        )?;
        let (key, what) = ids::parse(id).ok_or_else(|| bad_id(id))?;
        let db = self.database(key)?;
        let series_frame;
        let frame = match value {
            Value::Frame(f) => f,
            // pandas' `Series.to_sql`: one column named after the series (`0` unnamed).
            Value::Series(s) => {
                series_frame = cells::series_as_frame(s);
                &series_frame
            }
            other => {
                return Err(AdapterError::output_data(format!(
                "SQL sink {id} takes a DATAFRAME, MULTITSFRAME or SERIES, the output '{}' is a {}",
                wiring.workflow_output_name,
                other.kind_name()
            )))
            }
        };
        let refuse = |list: &str| {
            AdapterError::handling(format!(
                "SQL sink {id}: the table is not listed in the database's {list} (Rheo writes only to listed tables)"
            ))
        };
        let (table, columns, replace) = match what {
            SqlRef::AppendTable(t) if db.config.append_tables.iter().any(|x| x == t) => {
                (t, table::frame_columns(frame), false)
            }
            SqlRef::ReplaceTable(t) if db.config.replace_tables.iter().any(|x| x == t) => {
                (t, table::frame_columns(frame), true)
            }
            SqlRef::AppendTable(_) => return Err(refuse("append_tables")),
            SqlRef::ReplaceTable(_) => return Err(refuse("replace_tables")),
            SqlRef::AppendableTsTable(t) => match db.config.timeseries_tables.get(t) {
                Some(ts) if ts.appendable => (t, self.ts_columns(id, ts, frame)?, false),
                _ => return Err(refuse("timeseries_tables (as appendable)")),
            },
            _ => {
                return Err(AdapterError::wiring_invalid(format!(
                    "{id} is a source, not a sink"
                )))
            }
        };
        self.write(db, table, &columns, replace)
            .map_err(|e| AdapterError::handling(format!("SQL sink {id}: {e}")))
    }
}
