//! Parquet files as pandas reads and writes them through pyarrow: flat columns of ints,
//! floats, booleans, strings and timestamps; the index restored from (and stored as) the
//! `pandas` key-value metadata — a RangeIndex as metadata only, any other index as the
//! column `__index_level_0__`; nulls in float columns read as NaN.

use indexmap::IndexMap;
use parquet::basic::{Compression, LogicalType, Repetition, TimeUnit, Type as Physical};
use parquet::column::reader::ColumnReader;
use parquet::column::writer::ColumnWriter;
use parquet::data_type::ByteArray;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::{ColumnDescriptor, Type};
use rheo_core::value::{Column, ColumnKind, FrameValue, Tz};
use serde_json::{json, Value as Json};
use std::sync::Arc;

/// The name pyarrow gives an unnamed index column.
const INDEX_COLUMN: &str = "__index_level_0__";
/// Records decoded per call.
const BATCH: usize = 64 * 1024;

/// The values of one column while it is read.
enum Values {
    Bool(Vec<Option<bool>>),
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
    Text(Vec<Option<String>>),
    Time(Vec<Option<i64>>, Tz),
}

/// Reads a parquet file into a frame. A corrupt file is an error: the decoder's own
/// assertions (it panics on some malformed pages) are contained here.
pub fn read(bytes: Vec<u8>) -> Result<FrameValue, String> {
    std::panic::catch_unwind(move || read_file(bytes)).unwrap_or_else(|panic| {
        Err(format!(
            "the file is corrupt ({})",
            rheo_core::error::panic_message(panic.as_ref())
        ))
    })
}

fn read_file(bytes: Vec<u8>) -> Result<FrameValue, String> {
    let reader = SerializedFileReader::new(bytes::Bytes::from(bytes)).map_err(|e| e.to_string())?;
    let meta = reader.metadata().file_metadata();
    let pandas = pandas_metadata(meta.key_value_metadata());
    let schema = meta.schema_descr();
    let mut columns: Vec<(String, Values)> = Vec::new();
    for (i, descr) in schema.columns().iter().enumerate() {
        if descr.max_rep_level() > 0 || descr.path().parts().len() > 1 {
            return Err(format!(
                "column '{}' is nested; only flat columns are read",
                descr.path()
            ));
        }
        let mut values = empty_values(descr, &pandas)?;
        for g in 0..reader.num_row_groups() {
            let rg = reader.get_row_group(g).map_err(|e| e.to_string())?;
            let col = rg.get_column_reader(i).map_err(|e| e.to_string())?;
            read_column(col, descr, &mut values)?;
        }
        columns.push((descr.name().to_string(), values));
    }
    Ok(assemble(columns, &pandas))
}

fn pandas_metadata(kv: Option<&Vec<KeyValue>>) -> Json {
    kv.into_iter()
        .flatten()
        .find(|k| k.key == "pandas")
        .and_then(|k| k.value.as_deref())
        .and_then(|v| serde_json::from_str(v).ok())
        .unwrap_or(Json::Null)
}

/// The timezone pandas recorded for a column, else the column's own UTC flag.
fn column_tz(pandas: &Json, name: &str, utc: bool) -> Tz {
    let recorded = pandas["columns"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["field_name"] == name || c["name"] == name)
        .and_then(|c| c["metadata"]["timezone"].as_str().map(str::to_string));
    match recorded.as_deref() {
        Some("UTC") | Some("utc") | Some("+00:00") => Tz::Utc,
        Some(off) => {
            rheo_core::value::timestamp::parse_iso8601(&format!("2000-01-01T00:00:00{off}"))
                .and_then(|t| t.offset)
                .map_or(if utc { Tz::Utc } else { Tz::Naive }, |s| {
                    if s == 0 {
                        Tz::Utc
                    } else {
                        Tz::Fixed(s)
                    }
                })
        }
        None if utc => Tz::Utc,
        None => Tz::Naive,
    }
}

fn empty_values(d: &ColumnDescriptor, pandas: &Json) -> Result<Values, String> {
    let name = d.name();
    Ok(match (d.physical_type(), d.logical_type_ref()) {
        (Physical::BOOLEAN, _) => Values::Bool(Vec::new()),
        (Physical::INT64 | Physical::INT32, Some(LogicalType::Timestamp(t))) => {
            Values::Time(Vec::new(), column_tz(pandas, name, t.is_adjusted_to_u_t_c))
        }
        (Physical::INT32, Some(LogicalType::Date)) | (Physical::INT96, _) => {
            Values::Time(Vec::new(), column_tz(pandas, name, false))
        }
        (Physical::INT32 | Physical::INT64, _) => Values::Int(Vec::new()),
        (Physical::FLOAT | Physical::DOUBLE, _) => Values::Float(Vec::new()),
        (Physical::BYTE_ARRAY, _) => Values::Text(Vec::new()),
        (other, _) => {
            return Err(format!(
                "column '{name}' has parquet type {other}, which Rheo does not read"
            ))
        }
    })
}

/// Reads all records of one column chunk, spreading values over their definition levels.
fn read_column(col: ColumnReader, d: &ColumnDescriptor, out: &mut Values) -> Result<(), String> {
    let max_def = d.max_def_level();
    let unit = match d.logical_type_ref() {
        Some(LogicalType::Timestamp(t)) => Some(t.unit),
        _ => None,
    };
    macro_rules! drain {
        ($reader:expr, $target:expr, $map:expr) => {{
            let mut r = $reader;
            loop {
                let (mut defs, mut vals) = (Vec::new(), Vec::new());
                let (records, _, _) = r
                    .read_records(BATCH, Some(&mut defs), None, &mut vals)
                    .map_err(|e| e.to_string())?;
                if records == 0 {
                    break;
                }
                spread($target, &defs, max_def, records, vals.into_iter().map($map));
            }
        }};
    }
    match (col, out) {
        (ColumnReader::BoolColumnReader(r), Values::Bool(t)) => drain!(r, t, |v: bool| v),
        (ColumnReader::Int32ColumnReader(r), Values::Int(t)) => drain!(r, t, i64::from),
        (ColumnReader::Int64ColumnReader(r), Values::Int(t)) => drain!(r, t, |v: i64| v),
        (ColumnReader::Int32ColumnReader(r), Values::Time(t, _)) => {
            drain!(r, t, |days: i32| i64::from(days) * 86_400_000_000_000)
        }
        (ColumnReader::Int64ColumnReader(r), Values::Time(t, _)) => {
            drain!(r, t, |v: i64| to_ns(v, unit.as_ref()))
        }
        (ColumnReader::Int96ColumnReader(r), Values::Time(t, _)) => {
            drain!(r, t, |v: parquet::data_type::Int96| v.to_nanos())
        }
        (ColumnReader::FloatColumnReader(r), Values::Float(t)) => drain!(r, t, f64::from),
        (ColumnReader::DoubleColumnReader(r), Values::Float(t)) => drain!(r, t, |v: f64| v),
        (ColumnReader::ByteArrayColumnReader(r), Values::Text(t)) => {
            drain!(r, t, |v: ByteArray| String::from_utf8_lossy(v.data())
                .into_owned())
        }
        _ => return Err(format!("column '{}' has an unexpected reader", d.name())),
    }
    Ok(())
}

fn to_ns(v: i64, unit: Option<&TimeUnit>) -> i64 {
    match unit {
        Some(TimeUnit::MILLIS) => v.saturating_mul(1_000_000),
        Some(TimeUnit::MICROS) => v.saturating_mul(1_000),
        _ => v,
    }
}

/// Appends `records` entries: a value where the definition level is the maximum, else null.
fn spread<T>(
    target: &mut Vec<Option<T>>,
    defs: &[i16],
    max_def: i16,
    records: usize,
    mut values: impl Iterator<Item = T>,
) {
    if max_def == 0 {
        target.extend(values.take(records).map(Some));
        return;
    }
    for &d in defs.iter().take(records) {
        target.push(if d == max_def { values.next() } else { None });
    }
}

fn to_column(v: Values) -> Column {
    match v {
        Values::Bool(b) if b.iter().all(Option::is_some) => {
            Column::from_bool(b.into_iter().flatten().collect())
        }
        Values::Bool(b) => Column::from_strings(
            b.into_iter()
                .map(|x| x.map(|x| if x { "True" } else { "False" }.to_string()))
                .collect(),
        ),
        Values::Int(i) if i.iter().all(Option::is_some) => {
            Column::from_i64(i.into_iter().flatten().collect())
        }
        Values::Int(i) => Column::from_f64(
            i.into_iter()
                .map(|x| x.map_or(f64::NAN, |x| x as f64))
                .collect(),
        ),
        Values::Float(f) => {
            Column::from_f64(f.into_iter().map(|x| x.unwrap_or(f64::NAN)).collect())
        }
        Values::Text(t) => Column::from_strings(t),
        Values::Time(t, tz) => Column::from_opt_datetime_ns(t, tz),
    }
}

fn assemble(columns: Vec<(String, Values)>, pandas: &Json) -> FrameValue {
    let index_name = pandas["index_columns"]
        .as_array()
        .and_then(|a| a.first())
        .and_then(Json::as_str)
        .map(str::to_string);
    let range = pandas["index_columns"]
        .as_array()
        .and_then(|a| a.first())
        .filter(|r| r["kind"] == "range")
        .cloned();
    let mut index = None;
    let mut out = IndexMap::new();
    for (name, values) in columns {
        let column = to_column(values);
        if Some(&name) == index_name.as_ref() {
            index = Some(column);
        } else {
            out.insert(name, column);
        }
    }
    let height = out.values().next().map_or(0, Column::len);
    let index = index.unwrap_or_else(|| match range {
        Some(r) if r["start"].as_i64() != Some(0) || r["step"].as_i64() != Some(1) => {
            let (start, step) = (
                r["start"].as_i64().unwrap_or(0),
                r["step"].as_i64().unwrap_or(1),
            );
            Column::from_i64((0..height as i64).map(|i| start + i * step).collect())
        }
        _ => Column::range(height),
    });
    FrameValue {
        index,
        columns: out,
        attrs: Default::default(),
    }
}

/// Writes a frame as pandas' `to_parquet` does (snappy, pandas metadata).
pub fn write(frame: &FrameValue) -> Result<Vec<u8>, String> {
    let height = frame.height();
    let range_index = frame.index.kind() == ColumnKind::Int
        && frame
            .index
            .i64_values()
            .is_some_and(|v| v.iter().enumerate().all(|(i, x)| *x == i as i64));
    let mut cols: Vec<(&str, &Column)> =
        frame.columns.iter().map(|(k, c)| (k.as_str(), c)).collect();
    if !range_index {
        cols.push((INDEX_COLUMN, &frame.index));
    }
    let fields = cols
        .iter()
        .map(|(n, c)| field(n, c))
        .collect::<Result<Vec<_>, _>>()?;
    let schema = Type::group_type_builder("schema")
        .with_fields(fields)
        .build()
        .map_err(|e| e.to_string())?;
    let index_columns = if range_index {
        json!([{"kind": "range", "name": null, "start": 0, "stop": height, "step": 1}])
    } else {
        json!([INDEX_COLUMN])
    };
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_key_value_metadata(Some(vec![KeyValue::new(
            "pandas".into(),
            pandas_json(&cols, index_columns, range_index),
        )]))
        .build();
    let mut buf = Vec::new();
    let mut w = SerializedFileWriter::new(&mut buf, Arc::new(schema), Arc::new(props))
        .map_err(|e| e.to_string())?;
    let mut rg = w.next_row_group().map_err(|e| e.to_string())?;
    let mut next = 0;
    while let Some(mut col) = rg.next_column().map_err(|e| e.to_string())? {
        write_column(col.untyped(), cols[next].1)?;
        col.close().map_err(|e| e.to_string())?;
        next += 1;
    }
    rg.close().map_err(|e| e.to_string())?;
    w.close().map_err(|e| e.to_string())?;
    Ok(buf)
}

fn field(name: &str, c: &Column) -> Result<Arc<Type>, String> {
    let (physical, logical) = match c.kind() {
        ColumnKind::Int => (Physical::INT64, None),
        ColumnKind::Float => (Physical::DOUBLE, None),
        ColumnKind::Bool => (Physical::BOOLEAN, None),
        ColumnKind::Str => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
        ColumnKind::Datetime => (
            Physical::INT64,
            Some(LogicalType::timestamp(c.tz.is_aware(), TimeUnit::NANOS)),
        ),
    };
    Type::primitive_type_builder(name, physical)
        .with_repetition(Repetition::OPTIONAL)
        .with_logical_type(logical)
        .build()
        .map(Arc::new)
        .map_err(|e| e.to_string())
}

fn write_column(w: &mut ColumnWriter<'_>, c: &Column) -> Result<(), String> {
    fn split<T: Clone>(values: impl Iterator<Item = Option<T>>) -> (Vec<T>, Vec<i16>) {
        let mut vals = Vec::new();
        let defs = values
            .map(|v| {
                v.map_or(0, |v| {
                    vals.push(v);
                    1
                })
            })
            .collect();
        (vals, defs)
    }
    let res = match (w, c.kind()) {
        (ColumnWriter::Int64ColumnWriter(t), ColumnKind::Int) => {
            let (v, d) = split(c.i64_values().unwrap_or_default().iter().map(|x| Some(*x)));
            t.write_batch(&v, Some(&d), None)
        }
        (ColumnWriter::DoubleColumnWriter(t), ColumnKind::Float) => {
            let (v, d) = split(
                c.f64_values()
                    .unwrap_or_default()
                    .iter()
                    .map(|x| (!x.is_nan()).then_some(*x)),
            );
            t.write_batch(&v, Some(&d), None)
        }
        (ColumnWriter::BoolColumnWriter(t), ColumnKind::Bool) => {
            let (v, d) = split(c.bool_values().unwrap_or_default().into_iter());
            t.write_batch(&v, Some(&d), None)
        }
        (ColumnWriter::ByteArrayColumnWriter(t), ColumnKind::Str) => {
            let (v, d) = split(
                c.str_values()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|s| s.map(ByteArray::from)),
            );
            t.write_batch(&v, Some(&d), None)
        }
        (ColumnWriter::Int64ColumnWriter(t), ColumnKind::Datetime) => {
            let (v, d) = split(c.datetime_ns_opt().unwrap_or_default().into_iter());
            t.write_batch(&v, Some(&d), None)
        }
        _ => return Err("internal: column writer and column kind disagree".into()),
    };
    res.map(drop).map_err(|e| e.to_string())
}

fn pandas_json(cols: &[(&str, &Column)], index_columns: Json, range_index: bool) -> String {
    let described: Vec<Json> = cols
        .iter()
        .map(|(name, c)| {
            let (pandas_type, numpy_type) = match c.kind() {
                ColumnKind::Int => ("int64", "int64"),
                ColumnKind::Float => ("float64", "float64"),
                ColumnKind::Bool => ("bool", "bool"),
                ColumnKind::Str => ("unicode", "object"),
                ColumnKind::Datetime if c.tz.is_aware() => ("datetimetz", "datetime64[ns]"),
                ColumnKind::Datetime => ("datetime", "datetime64[ns]"),
            };
            let metadata = if c.kind() == ColumnKind::Datetime && c.tz.is_aware() {
                json!({"timezone": if c.tz == Tz::Utc { "UTC".to_string() } else { c.tz.pandas_name().trim_start_matches("UTC").to_string() }})
            } else {
                Json::Null
            };
            let label = if *name == INDEX_COLUMN && !range_index { Json::Null } else { json!(name) };
            json!({"name": label, "field_name": name, "pandas_type": pandas_type, "numpy_type": numpy_type, "metadata": metadata})
        })
        .collect();
    json!({
        "index_columns": index_columns,
        "column_indexes": [{"name": null, "field_name": null, "pandas_type": "unicode", "numpy_type": "object", "metadata": {"encoding": "UTF-8"}}],
        "columns": described,
        "creator": {"library": "rheo", "version": env!("CARGO_PKG_VERSION")},
        "pandas_version": "2.1.3"
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_with_nulls_and_index() {
        let frame = FrameValue {
            index: Column::from_i64(vec![10, 20, 30]),
            columns: [
                ("i".to_string(), Column::from_i64(vec![1, 2, 3])),
                ("f".to_string(), Column::from_f64(vec![1.5, f64::NAN, 3.5])),
                (
                    "s".to_string(),
                    Column::from_strings(vec![Some("a".into()), None, Some("c".into())]),
                ),
                ("b".to_string(), Column::from_bool(vec![true, false, true])),
                (
                    "t".to_string(),
                    Column::from_opt_datetime_ns(vec![Some(0), None, Some(1_000)], Tz::Utc),
                ),
            ]
            .into_iter()
            .collect(),
            attrs: Default::default(),
        };
        let back = read(write(&frame).unwrap()).unwrap();
        assert_eq!(
            back.columns.keys().collect::<Vec<_>>(),
            vec!["i", "f", "s", "b", "t"]
        );
        assert_eq!(back.index.i64_values().unwrap().as_ref(), &[10, 20, 30]);
        assert_eq!(back.columns["i"], frame.columns["i"]);
        assert_eq!(back.columns["s"], frame.columns["s"]);
        assert_eq!(back.columns["t"], frame.columns["t"]);
        assert!(back.columns["f"].f64_values().unwrap()[1].is_nan());
    }

    #[test]
    fn a_range_index_is_metadata_only() {
        let frame = FrameValue {
            index: Column::range(2),
            columns: [("a".to_string(), Column::from_f64(vec![1.0, 2.0]))]
                .into_iter()
                .collect(),
            attrs: Default::default(),
        };
        let bytes = write(&frame).unwrap();
        let reader = SerializedFileReader::new(bytes::Bytes::from(bytes.clone())).unwrap();
        assert_eq!(
            reader
                .metadata()
                .file_metadata()
                .schema_descr()
                .num_columns(),
            1
        );
        assert_eq!(read(bytes).unwrap().index, Column::range(2));
    }

    #[test]
    fn a_corrupt_page_the_decoder_asserts_on_is_an_error() {
        // Found by fuzzing (scripts/fuzz.sh run data_file): lengths inside a page lie, and
        // the parquet crate's decoder panics on them.
        let bytes = include_bytes!("../../testdata/corrupt-page.parquet");
        let e = read(bytes.to_vec()).unwrap_err();
        assert!(e.contains("corrupt"), "{e}");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(read(b"PAR1 not really".to_vec()).is_err());
        assert!(read(Vec::new()).is_err());
    }
}
