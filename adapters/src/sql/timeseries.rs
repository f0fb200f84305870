//! Time-series tables as MULTITSFRAME (long format: `timestamp`, `metric`, `value`):
//! the `metrics` and `timestampFrom`/`timestampTo` filters of a source, and the columns an
//! appendable sink writes.

use super::config::TimeseriesTable;
use super::table::{self, quote_ident, SqlType};
use crate::cells::{self, Cell, Rows};
use indexmap::IndexMap;
use rheo_core::value::timestamp::parse_iso8601;
use rheo_core::value::{ColumnKind, FrameValue};

/// The filters of a time-series source.
#[derive(Debug, Clone, PartialEq)]
pub struct Filters {
    /// The metrics asked for; `None` means all (`ALL`).
    pub metrics: Option<Vec<String>>,
    /// Earliest timestamp kept (ns, UTC), inclusive.
    pub from: Option<i64>,
    /// Latest timestamp kept (ns, UTC), inclusive.
    pub to: Option<i64>,
}

impl Filters {
    /// Reads `metrics` (a JSON array, a comma-separated list or `ALL`) and the time range.
    pub fn from_wiring(filters: &IndexMap<String, String>) -> Result<Self, String> {
        let metrics = match filters.get("metrics").map(|m| m.trim()) {
            None | Some("") => {
                return Err(
                    "the filter 'metrics' is required (a JSON list, a comma-separated list or ALL)"
                        .into(),
                )
            }
            Some("ALL") => None,
            Some(m) if m.starts_with('[') => Some(
                serde_json::from_str::<Vec<String>>(m)
                    .map_err(|e| format!("filter 'metrics' is not a JSON list of strings: {e}"))?,
            ),
            Some(m) => Some(
                m.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            ),
        };
        let time = |key: &str| -> Result<Option<i64>, String> {
            match filters.get(key).map(|v| v.trim()).filter(|v| !v.is_empty()) {
                None => Ok(None),
                Some(v) => parse_iso8601(v)
                    .map(|t| Some(t.ns))
                    .ok_or_else(|| format!("filter '{key}' is not an ISO timestamp: '{v}'")),
            }
        };
        Ok(Filters {
            metrics,
            from: time("timestampFrom")?,
            to: time("timestampTo")?,
        })
    }
}

fn db_name<'a>(ts: &'a TimeseriesTable, hd: &'a str) -> &'a str {
    ts.column_mapping_hd_to_db
        .get(hd)
        .map_or(hd, String::as_str)
}

fn hd_name(ts: &TimeseriesTable, db: &str) -> String {
    ts.column_mapping_hd_to_db
        .iter()
        .find(|(_, d)| d.as_str() == db)
        .map_or_else(|| db.to_string(), |(h, _)| h.clone())
}

/// The query of a time-series source: metric filter as bound parameters.
pub fn select(table: &str, ts: &TimeseriesTable, f: &Filters) -> (String, Vec<Cell>) {
    let tcol = quote_ident(&ts.timestamp_col_name);
    let mcol = quote_ident(&ts.metric_col_name);
    let values: Vec<String> = ts
        .fetchable_value_cols
        .iter()
        .map(|c| quote_ident(c))
        .collect();
    let mut sql = format!(
        "SELECT {tcol}, {mcol}, {} FROM {}",
        values.join(", "),
        quote_ident(table)
    );
    let mut params = Vec::new();
    if let Some(metrics) = &f.metrics {
        let marks: Vec<String> = (1..=metrics.len()).map(|i| format!("${i}")).collect();
        if metrics.is_empty() {
            sql.push_str(" WHERE 1 = 0");
        } else {
            sql.push_str(&format!(" WHERE {mcol} IN ({})", marks.join(", ")));
        }
        params = metrics.iter().map(|m| Cell::Text(m.clone())).collect();
    }
    sql.push_str(&format!(" ORDER BY {tcol}"));
    (sql, params)
}

/// The rows as a MULTITSFRAME, keeping the time range (timestamps are UTC).
pub fn to_multitsframe(rows: Rows, f: &Filters) -> Result<FrameValue, String> {
    let mut rows = rows;
    let Some(times) = rows.columns.first_mut() else {
        return Err("the time-series query returned no columns".into());
    };
    // Timestamps a SQLite table keeps as plain text.
    for c in times.iter_mut() {
        if let Cell::Text(s) = c {
            if let Some(t) = parse_iso8601(s.trim()) {
                *c = Cell::Time(t.ns);
            }
        }
    }
    let keep: Vec<bool> = times
        .iter()
        .map(|c| match c {
            Cell::Time(t) => f.from.is_none_or(|a| *t >= a) && f.to.is_none_or(|b| *t <= b),
            _ => false,
        })
        .collect();
    let Rows { names, columns } = rows;
    let columns = columns
        .into_iter()
        .map(|col| {
            col.into_iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(c, _)| c)
                .collect()
        })
        .collect();
    let mut frame = cells::to_frame(Rows { names, columns });
    let renamed: IndexMap<String, _> = frame
        .columns
        .drain(..)
        .enumerate()
        .map(|(i, (name, c))| match i {
            0 => ("timestamp".to_string(), c),
            1 => ("metric".to_string(), c),
            _ => (name, c),
        })
        .collect();
    frame.columns = renamed;
    Ok(frame)
}

/// The database columns an appendable sink writes from a MULTITSFRAME.
pub fn columns_for_write(
    ts: &TimeseriesTable,
    frame: &FrameValue,
) -> Result<Vec<(String, SqlType, Vec<Cell>)>, String> {
    let all = table::frame_columns(frame);
    let take = |hd: &str| {
        all.iter()
            .find(|(n, _, _)| n == hd)
            .cloned()
            .ok_or_else(|| format!("the MULTITSFRAME has no column '{hd}'"))
    };
    let (_, tty, tcells) = take("timestamp")?;
    if tty != SqlType::Timestamp && frame.columns["timestamp"].kind() != ColumnKind::Datetime {
        return Err("column 'timestamp' holds no datetimes".into());
    }
    let (_, _, mcells) = take("metric")?;
    let mut out = vec![
        (ts.timestamp_col_name.clone(), SqlType::Timestamp, tcells),
        (ts.metric_col_name.clone(), SqlType::Text, mcells),
    ];
    for db_col in &ts.writable_value_cols {
        let hd = hd_name(ts, db_col);
        let (_, ty, cells) = take(&hd)?;
        out.push((db_name(ts, &hd).to_string(), ty, cells));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filters(pairs: &[(&str, &str)]) -> Result<Filters, String> {
        Filters::from_wiring(
            &pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn metric_filters_in_every_form() {
        assert_eq!(filters(&[("metrics", "ALL")]).unwrap().metrics, None);
        assert_eq!(
            filters(&[("metrics", r#"["a","b"]"#)]).unwrap().metrics,
            Some(vec!["a".into(), "b".into()])
        );
        assert_eq!(
            filters(&[("metrics", "a, b")]).unwrap().metrics,
            Some(vec!["a".into(), "b".into()])
        );
        assert!(filters(&[]).is_err());
        assert!(filters(&[("metrics", "ALL"), ("timestampFrom", "yesterday")]).is_err());
    }

    #[test]
    fn metrics_are_bound_never_spliced() {
        let f = filters(&[("metrics", r#"["x'); DROP TABLE t; --"]"#)]).unwrap();
        let (sql, params) = select("t", &TimeseriesTable::default(), &f);
        assert_eq!(sql, "SELECT \"timestamp\", \"metric\", \"value\" FROM \"t\" WHERE \"metric\" IN ($1) ORDER BY \"timestamp\"");
        assert_eq!(params, vec![Cell::Text("x'); DROP TABLE t; --".into())]);
    }

    #[test]
    fn the_time_range_is_inclusive() {
        let rows = Rows {
            names: vec!["ts".into(), "m".into(), "value".into()],
            columns: vec![
                vec![Cell::Time(1), Cell::Time(2), Cell::Time(3)],
                vec![Cell::Text("a".into()); 3],
                vec![Cell::Float(1.0), Cell::Float(2.0), Cell::Float(3.0)],
            ],
        };
        let f = Filters {
            metrics: None,
            from: Some(2),
            to: Some(3),
        };
        let frame = to_multitsframe(rows, &f).unwrap();
        assert_eq!(
            frame.columns.keys().collect::<Vec<_>>(),
            vec!["timestamp", "metric", "value"]
        );
        assert_eq!(frame.height(), 2);
    }
}
