//! The databases of the SQL adapter as hetida configures them (`SQL_ADAPTER_SQL_DATABASES`,
//! hetida-compat §10), and their SQLAlchemy-style connection URLs.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One configured database.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SqlDatabase {
    /// The key ids start with (`<key>/table/<t>`).
    pub key: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// SQLAlchemy URL (`sqlite+pysqlite:////abs/path.db`, `postgresql://u:p@h:5432/db`).
    pub connection_url: String,
    /// Tables `append_table` sinks may write to.
    #[serde(default)]
    pub append_tables: Vec<String>,
    /// Tables `replace_table` sinks may write to.
    #[serde(default)]
    pub replace_tables: Vec<String>,
    /// Tables never offered as sources.
    #[serde(default)]
    pub ignore_tables: Vec<String>,
    /// When given, the only tables offered as sources.
    #[serde(default)]
    pub explicit_source_tables: Option<Vec<String>>,
    /// Time-series tables (MULTITSFRAME), by table name.
    #[serde(default)]
    pub timeseries_tables: BTreeMap<String, TimeseriesTable>,
    /// SQLAlchemy engine options; accepted for compatibility and ignored.
    #[serde(default)]
    pub create_engine_kwargs: serde_json::Map<String, serde_json::Value>,
}

/// A table of (timestamp, metric, value) rows offered as MULTITSFRAME.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct TimeseriesTable {
    /// Whether `appendable_ts_table` sinks may append to it.
    pub appendable: bool,
    /// Column holding the metric name.
    pub metric_col_name: String,
    /// Column holding the timestamp.
    pub timestamp_col_name: String,
    /// Value columns read (MULTITSFRAME takes the first as `value`).
    pub fetchable_value_cols: Vec<String>,
    /// Value columns written.
    pub writable_value_cols: Vec<String>,
    /// hetida column name → database column name.
    pub column_mapping_hd_to_db: BTreeMap<String, String>,
}

impl Default for TimeseriesTable {
    fn default() -> Self {
        TimeseriesTable {
            appendable: true,
            metric_col_name: "metric".into(),
            timestamp_col_name: "timestamp".into(),
            fetchable_value_cols: vec!["value".into()],
            writable_value_cols: vec!["value".into()],
            column_mapping_hd_to_db: BTreeMap::new(),
        }
    }
}

/// Where a database lives, from its URL.
#[derive(Debug, Clone, PartialEq)]
pub enum Backend {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL server (the URL in libpq's `postgresql://` form).
    Postgres(String),
}

impl Backend {
    /// Reads a SQLAlchemy URL: `sqlite[+driver]:///relative.db` or `:////absolute.db`,
    /// `postgresql[+driver]://…` (also `postgres://`).
    pub fn from_url(url: &str) -> Result<Self, String> {
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| format!("'{}' is not a database URL", redact(url)))?;
        let dialect = scheme.split('+').next().unwrap_or(scheme);
        match dialect {
            "sqlite" => {
                let path = rest
                    .strip_prefix('/')
                    .ok_or("a sqlite URL needs three slashes")?;
                if path.is_empty() || path == ":memory:" {
                    return Err("an in-memory SQLite database holds no data for a workflow".into());
                }
                Ok(Backend::Sqlite(PathBuf::from(path)))
            }
            "postgresql" | "postgres" => Ok(Backend::Postgres(format!("postgresql://{rest}"))),
            other => Err(format!(
                "database dialect '{other}' is not supported (sqlite and postgresql are)"
            )),
        }
    }
}

/// The URL with its password replaced, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlalchemy_urls_are_understood() {
        assert_eq!(
            Backend::from_url("sqlite+pysqlite:////abs/path.db").unwrap(),
            Backend::Sqlite("/abs/path.db".into())
        );
        assert_eq!(
            Backend::from_url("sqlite:///rel.db").unwrap(),
            Backend::Sqlite("rel.db".into())
        );
        assert_eq!(
            Backend::from_url("postgresql+psycopg2://u:pw@h:5432/db").unwrap(),
            Backend::Postgres("postgresql://u:pw@h:5432/db".into())
        );
        assert!(Backend::from_url("mysql://x")
            .unwrap_err()
            .contains("mysql"));
        assert!(Backend::from_url("sqlite://").is_err());
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgresql://u:secret@h/db"),
            "postgresql://u:***@h/db"
        );
        assert_eq!(redact("sqlite:////a.db"), "sqlite:////a.db");
    }

    #[test]
    fn hetidas_json_form_is_read() {
        let dbs: Vec<SqlDatabase> = serde_json::from_str(
            r#"[{"key": "plant", "name": "Plant", "connection_url": "sqlite+pysqlite:////d.db",
                "append_tables": ["out"], "timeseries_tables": {"ts": {"appendable": true}}}]"#,
        )
        .unwrap();
        assert_eq!(dbs[0].timeseries_tables["ts"].metric_col_name, "metric");
    }
}
