//! PostgreSQL through the `postgres` client: sources run inside a READ ONLY transaction (a
//! query that writes fails), sinks write with `COPY … FROM STDIN BINARY` in one transaction.
//! Every statement is bounded by a statement timeout.

use super::table::{quote_ident, SqlType};
use crate::cells::{Cell, Rows};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{FromSql, ToSql, Type};
use postgres::{Client, Config, NoTls, Row};
use std::str::FromStr;
use std::time::Duration;

/// A parameter or copied value, typed for its column.
type Boxed = Box<dyn ToSql + Sync + Send>;

fn connect(url: &str, timeout: Duration) -> Result<Client, String> {
    let mut config = Config::from_str(url).map_err(|e| format!("invalid PostgreSQL URL: {e}"))?;
    config.connect_timeout(timeout);
    let mut client = config
        .connect(NoTls)
        .map_err(|e| format!("could not connect: {e}"))?;
    let ms = timeout.as_millis().max(1);
    client
        .batch_execute(&format!("SET statement_timeout = {ms}"))
        .map_err(|e| e.to_string())?;
    Ok(client)
}

/// Runs a query read-only; at most `max_bytes` of results are held.
pub fn query(
    url: &str,
    sql: &str,
    params: &[Cell],
    timeout: Duration,
    max_bytes: u64,
) -> Result<Rows, String> {
    let mut client = connect(url, timeout)?;
    let mut tx = client
        .build_transaction()
        .read_only(true)
        .start()
        .map_err(|e| e.to_string())?;
    let stmt = tx.prepare(sql).map_err(|e| db_error(&e))?;
    let bound: Vec<Boxed> = params
        .iter()
        .zip(stmt.params())
        .map(|(c, ty)| typed(c, ty))
        .collect::<Result<_, _>>()?;
    let refs: Vec<&(dyn ToSql + Sync)> = bound
        .iter()
        .map(|b| b.as_ref() as &(dyn ToSql + Sync))
        .collect();
    let names: Vec<String> = stmt
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let types: Vec<Type> = stmt.columns().iter().map(|c| c.type_().clone()).collect();
    let mut columns: Vec<Vec<Cell>> = names.iter().map(|_| Vec::new()).collect();
    let mut held = 0u64;
    let mut rows = tx.query_raw(&stmt, refs).map_err(|e| db_error(&e))?;
    while let Some(row) =
        fallible_iterator::FallibleIterator::next(&mut rows).map_err(|e| db_error(&e))?
    {
        for (i, col) in columns.iter_mut().enumerate() {
            let c = read_cell(&row, i, &types[i], &names[i])?;
            held += 8 + if let Cell::Text(s) = &c {
                s.len() as u64
            } else {
                0
            };
            col.push(c);
        }
        if held > max_bytes {
            return Err(format!(
                "the result is larger than {max_bytes} bytes (max_file_bytes)"
            ));
        }
    }
    Ok(Rows { names, columns })
}

fn db_error(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => e.to_string(),
    }
}

fn read_cell(row: &Row, i: usize, ty: &Type, name: &str) -> Result<Cell, String> {
    let err = |e: Box<dyn std::error::Error + Sync + Send>| format!("column '{name}': {e}");
    let cell = match *ty {
        Type::BOOL => row.try_get::<_, Option<bool>>(i).map_err(|e| err(e.into()))?.map(Cell::Bool),
        Type::INT2 => row.try_get::<_, Option<i16>>(i).map_err(|e| err(e.into()))?.map(|v| Cell::Int(v.into())),
        Type::INT4 => row.try_get::<_, Option<i32>>(i).map_err(|e| err(e.into()))?.map(|v| Cell::Int(v.into())),
        Type::INT8 => row.try_get::<_, Option<i64>>(i).map_err(|e| err(e.into()))?.map(Cell::Int),
        Type::FLOAT4 => row.try_get::<_, Option<f32>>(i).map_err(|e| err(e.into()))?.map(|v| Cell::Float(v.into())),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i).map_err(|e| err(e.into()))?.map(Cell::Float),
        Type::NUMERIC => row.try_get::<_, Option<Numeric>>(i).map_err(|e| err(e.into()))?.map(|n| Cell::Float(n.0)),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
            row.try_get::<_, Option<String>>(i).map_err(|e| err(e.into()))?.map(Cell::Text)
        }
        Type::TIMESTAMPTZ => row
            .try_get::<_, Option<DateTime<Utc>>>(i)
            .map_err(|e| err(e.into()))?
            .map(|t| time_cell(t.naive_utc())),
        Type::TIMESTAMP => row.try_get::<_, Option<NaiveDateTime>>(i).map_err(|e| err(e.into()))?.map(time_cell),
        Type::DATE => row
            .try_get::<_, Option<NaiveDate>>(i)
            .map_err(|e| err(e.into()))?
            .map(|d| time_cell(d.and_time(chrono::NaiveTime::MIN))),
        ref other => {
            return Err(format!(
                "column '{name}' has type {other}, which Rheo does not read; cast it in a query (e.g. {name}::text)"
            ))
        }
    };
    Ok(cell.unwrap_or(Cell::Null))
}

fn time_cell(t: NaiveDateTime) -> Cell {
    t.and_utc()
        .timestamp_nanos_opt()
        .map_or(Cell::Null, Cell::Time)
}

/// NUMERIC read as a float (the binary form: base-10000 digits with weight and sign).
struct Numeric(f64);

impl<'a> FromSql<'a> for Numeric {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        let word = |i: usize| -> Result<u16, Box<dyn std::error::Error + Sync + Send>> {
            raw.get(i..i + 2)
                .map(|b| u16::from_be_bytes([b[0], b[1]]))
                .ok_or_else(|| "short NUMERIC".into())
        };
        let ndigits = word(0)? as usize;
        let weight = word(2)? as i16;
        let sign = word(4)?;
        if sign == 0xC000 {
            return Ok(Numeric(f64::NAN));
        }
        let mut v = 0f64;
        for d in 0..ndigits {
            let digit = f64::from(word(8 + 2 * d)?);
            v += digit * 10000f64.powi(i32::from(weight) - d as i32);
        }
        Ok(Numeric(if sign == 0x4000 { -v } else { v }))
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::NUMERIC
    }
}

/// A cell converted to the Rust type the column (or parameter) type needs.
fn typed(c: &Cell, ty: &Type) -> Result<Boxed, String> {
    let bad = || format!("a value {c:?} does not fit a {ty} column");
    Ok(match (c, ty) {
        (Cell::Null, _) => null_of(ty),
        (Cell::Int(i), &Type::INT8) => Box::new(*i),
        (Cell::Int(i), &Type::INT4) => Box::new(i32::try_from(*i).map_err(|_| bad())?),
        (Cell::Int(i), &Type::INT2) => Box::new(i16::try_from(*i).map_err(|_| bad())?),
        (Cell::Int(i), &Type::FLOAT8) => Box::new(*i as f64),
        (Cell::Float(f), &Type::FLOAT8) => Box::new(*f),
        (Cell::Float(f), &Type::FLOAT4) => Box::new(*f as f32),
        (Cell::Bool(b), &Type::BOOL) => Box::new(*b),
        (Cell::Text(s), &Type::TEXT | &Type::VARCHAR | &Type::BPCHAR | &Type::NAME) => {
            Box::new(s.clone())
        }
        (Cell::Time(ns), &Type::TIMESTAMPTZ) => {
            Box::new(DateTime::<Utc>::from_timestamp_nanos(*ns))
        }
        (Cell::Time(ns), &Type::TIMESTAMP) => {
            Box::new(DateTime::<Utc>::from_timestamp_nanos(*ns).naive_utc())
        }
        _ => return Err(bad()),
    })
}

fn null_of(ty: &Type) -> Boxed {
    match *ty {
        Type::INT8 => Box::new(None::<i64>),
        Type::INT4 => Box::new(None::<i32>),
        Type::INT2 => Box::new(None::<i16>),
        Type::FLOAT8 => Box::new(None::<f64>),
        Type::FLOAT4 => Box::new(None::<f32>),
        Type::BOOL => Box::new(None::<bool>),
        Type::TIMESTAMPTZ => Box::new(None::<DateTime<Utc>>),
        Type::TIMESTAMP => Box::new(None::<NaiveDateTime>),
        _ => Box::new(None::<String>),
    }
}

fn type_name(t: SqlType) -> &'static str {
    match t {
        SqlType::BigInt => "BIGINT",
        SqlType::Double => "DOUBLE PRECISION",
        SqlType::Boolean => "BOOLEAN",
        SqlType::Text => "TEXT",
        SqlType::Timestamp => "TIMESTAMPTZ",
    }
}

/// Writes the columns into `table` (created if missing; dropped first when `replace`).
pub fn write(
    url: &str,
    table: &str,
    columns: &[(String, SqlType, Vec<Cell>)],
    replace: bool,
    timeout: Duration,
) -> Result<(), String> {
    let mut client = connect(url, timeout)?;
    let mut tx = client.transaction().map_err(|e| e.to_string())?;
    let t = quote_ident(table);
    if replace {
        tx.batch_execute(&format!("DROP TABLE IF EXISTS {t}"))
            .map_err(|e| db_error(&e))?;
    }
    let defs: Vec<String> = columns
        .iter()
        .map(|(n, ty, _)| format!("{} {}", quote_ident(n), type_name(*ty)))
        .collect();
    tx.batch_execute(&format!(
        "CREATE TABLE IF NOT EXISTS {t} ({})",
        defs.join(", ")
    ))
    .map_err(|e| db_error(&e))?;
    let names: Vec<String> = columns.iter().map(|(n, _, _)| quote_ident(n)).collect();
    let list = names.join(", ");
    let target = tx
        .prepare(&format!("SELECT {list} FROM {t} LIMIT 0"))
        .map_err(|e| db_error(&e))?;
    let types: Vec<Type> = target.columns().iter().map(|c| c.type_().clone()).collect();
    let sink = tx
        .copy_in(&format!("COPY {t} ({list}) FROM STDIN BINARY"))
        .map_err(|e| db_error(&e))?;
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    let height = columns.first().map_or(0, |c| c.2.len());
    for row in 0..height {
        let values: Vec<Boxed> = columns
            .iter()
            .zip(&types)
            .map(|(c, ty)| typed(&c.2[row], ty).map_err(|e| format!("column '{}': {e}", c.0)))
            .collect::<Result<_, _>>()?;
        let refs: Vec<&(dyn ToSql + Sync)> = values
            .iter()
            .map(|b| b.as_ref() as &(dyn ToSql + Sync))
            .collect();
        writer.write(&refs).map_err(|e| db_error(&e))?;
    }
    writer.finish().map_err(|e| db_error(&e))?;
    tx.commit().map_err(|e| db_error(&e))
}

/// The tables and views of the `public` schema (and the search path's others).
pub fn tables(url: &str, timeout: Duration) -> Result<Vec<String>, String> {
    let rows = query(
        url,
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = ANY (current_schemas(false))",
        &[],
        timeout,
        1 << 24,
    )?;
    Ok(rows
        .columns
        .into_iter()
        .flatten()
        .filter_map(|c| if let Cell::Text(s) = c { Some(s) } else { None })
        .collect())
}
