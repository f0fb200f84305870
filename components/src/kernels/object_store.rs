//! The local object store behind Store Object and Load Object (hetida's
//! `hetdesrun.serialization` model repository, natively).
//!
//! * Location: the directory named by the environment variable [`STORE_ENV`]
//!   (`RHEO_OBJECT_STORE`), default [`DEFAULT_DIR`] (`./rheo-object-store`, relative to
//!   the working directory of the process). It is created on the first store.
//! * Keys as in hetida: an object stored under name `n` and tag `t` is the file `n_t`;
//!   every store also points `n_latest` at it (a symlink on Unix, a copy elsewhere), so the
//!   tag `latest` loads the most recently stored object of that name. Storing with the tag
//!   `latest` (any case) is rejected, as in hetida.
//! * Format: hetida pickles objects with joblib, which Rheo cannot read or write. Rheo
//!   writes a JSON document `{"format": "rheo-object-store/1", "value": …}` that holds
//!   every runtime value **losslessly**: scalars, ANY JSON, series and frames with their
//!   index, dtypes, timezone, name and attrs (floats as strings in shortest round-trip
//!   form, `"NaN"`, `"inf"`, `"-inf"` included; datetimes as epoch nanoseconds). ANY
//!   JSON values are stored as the JSON they are (serde_json's number parsing may move a
//!   float inside them by one ulp in rare cases). The hetida JSON forms (`json_out`) are not used for this because they
//!   round floats to 10 significant digits and timestamps to milliseconds.
//! * Loading also accepts plain JSON files put there by hand: hetida's wrapped
//!   series/frame form (`__hd_wrapped_data_object__`) is parsed as SERIES/DATAFRAME, any
//!   other JSON as an ANY value. Anything else (e.g. a joblib pickle copied from hetida)
//!   raises NotSupportedByNativeEngine.
//! * Writes are atomic (temporary file + rename), so a concurrent load never sees half an
//!   object. Names and tags must not contain path separators or NUL (hetida does not check
//!   and would write outside its directory); they raise ValueError.

use polars_core::prelude::{
    BooleanChunked, DataType as PlDataType, Int64Chunked, IntoSeries, NewChunkedArray, PlSmallStr,
};
use rheo_core::value::parse::{parse, Raw};
use rheo_core::value::{Attrs, Column, ColumnKind, FrameValue, SeriesValue, Tz};
use rheo_core::{ComponentError, DataType, Value};
use serde_json::{json, Map, Value as Json};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The environment variable naming the object-store directory.
pub const STORE_ENV: &str = "RHEO_OBJECT_STORE";
/// The object-store directory used when [`STORE_ENV`] is unset or empty.
pub const DEFAULT_DIR: &str = "./rheo-object-store";
/// The `format` marker of Rheo's object files.
pub const FORMAT: &str = "rheo-object-store/1";

/// The object-store directory: `$RHEO_OBJECT_STORE`, or [`DEFAULT_DIR`].
pub fn store_dir() -> PathBuf {
    dir_from(std::env::var_os(STORE_ENV))
}

fn dir_from(var: Option<std::ffi::OsString>) -> PathBuf {
    match var {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => PathBuf::from(DEFAULT_DIR),
    }
}

/// The file of object `name` with `tag` (`<dir>/<name>_<tag>`), after checking that the
/// file name stays inside `dir`.
pub fn object_path(dir: &Path, name: &str, tag: &str) -> Result<PathBuf, ComponentError> {
    for (what, s) in [("name", name), ("tag", tag)] {
        if s.contains(['/', '\\', '\0']) {
            return Err(ComponentError::value_error(format!(
                "object {what} must not contain path separators or NUL characters: {s:?}"
            )));
        }
    }
    Ok(dir.join(format!("{name}_{tag}")))
}

fn os_error(e: &std::io::Error, path: &Path) -> ComponentError {
    let name = if e.kind() == std::io::ErrorKind::NotFound {
        "FileNotFoundError"
    } else {
        "OSError"
    };
    // Python's wording: "[Errno 2] No such file or directory: '<path>'" (Rust appends
    // " (os error 2)" to the same text).
    let text = e.to_string();
    let text = match text.rfind(" (os error ") {
        Some(i) => &text[..i],
        None => &text,
    };
    ComponentError::new(
        name,
        format!(
            "[Errno {}] {text}: '{}'",
            e.raw_os_error().unwrap_or(0),
            path.display()
        ),
    )
}

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

fn temp_path(dir: &Path, name: &str) -> PathBuf {
    let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()))
}

/// Stores `value` as object `name`/`tag` in `dir` and points `<name>_latest` at it.
pub fn dump(dir: &Path, value: &Value, name: &str, tag: &str) -> Result<(), ComponentError> {
    if tag.to_lowercase() == "latest" {
        return Err(ComponentError::value_error(
            "\"latest\" has a special meaning as a tag and cannot be used directly when dumping \
             objects",
        ));
    }
    let path = object_path(dir, name, tag)?;
    let latest = object_path(dir, name, "latest")?;
    std::fs::create_dir_all(dir).map_err(|e| os_error(&e, dir))?;
    let text = serde_json::to_string(&json!({ "format": FORMAT, "value": encode(value) }))
        .map_err(|e| ComponentError::value_error(e.to_string()))?;
    let tmp = temp_path(dir, name);
    std::fs::write(&tmp, text).map_err(|e| os_error(&e, &tmp))?;
    std::fs::rename(&tmp, &path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        os_error(&e, &path)
    })?;
    link_latest(dir, &path, &latest, name)
}

#[cfg(unix)]
fn link_latest(dir: &Path, path: &Path, latest: &Path, name: &str) -> Result<(), ComponentError> {
    // Relative target, so the store directory can be moved; replaced atomically.
    let target = path.file_name().map(PathBuf::from).unwrap_or_default();
    let tmp = temp_path(dir, name);
    std::os::unix::fs::symlink(&target, &tmp).map_err(|e| os_error(&e, &tmp))?;
    std::fs::rename(&tmp, latest).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        os_error(&e, latest)
    })
}

#[cfg(not(unix))]
fn link_latest(dir: &Path, path: &Path, latest: &Path, name: &str) -> Result<(), ComponentError> {
    let tmp = temp_path(dir, name);
    std::fs::copy(path, &tmp).map_err(|e| os_error(&e, &tmp))?;
    std::fs::rename(&tmp, latest).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        os_error(&e, latest)
    })
}

/// Loads object `name`/`tag` from `dir` (tag `latest`: the most recently stored one).
/// A missing object raises FileNotFoundError naming the file.
pub fn load(dir: &Path, name: &str, tag: &str) -> Result<Value, ComponentError> {
    let path = object_path(dir, name, tag)?;
    let bytes = std::fs::read(&path).map_err(|e| os_error(&e, &path))?;
    let not_rheo = || {
        ComponentError::not_supported(format!(
            "object file '{}' is neither a Rheo object-store file nor JSON (hetida's joblib \
                 pickles cannot be read by the native engine)",
            path.display()
        ))
    };
    let doc: Json = serde_json::from_slice(&bytes).map_err(|_| not_rheo())?;
    if doc.get("format").and_then(Json::as_str) == Some(FORMAT) {
        let v = doc.get("value").ok_or_else(not_rheo)?;
        return decode(v).map_err(|m| {
            ComponentError::value_error(format!(
                "corrupt object-store file '{}': {m}",
                path.display()
            ))
        });
    }
    let dt = match doc.get("__hd_wrapped_data_object__").and_then(Json::as_str) {
        Some("SERIES") => DataType::Series,
        Some("DATAFRAME") => DataType::DataFrame,
        Some("MULTITSFRAME") => DataType::MultiTsFrame,
        _ => DataType::Any,
    };
    parse(Raw::Json(Cow::Owned(doc)), dt).map_err(|e| ComponentError::value_error(e.message))
}

// ---------------------------------------------------------------------------------------
// Lossless JSON encoding of runtime values
// ---------------------------------------------------------------------------------------

/// A float as a JSON string in Rust's shortest round-trip form (`"0.1"`, `"1e-300"`,
/// `"NaN"`, `"inf"`, `"-inf"`): serde_json's own number parsing is not correctly rounded
/// in every case, `str::parse::<f64>` is.
fn float_json(f: f64) -> Json {
    Json::from(f.to_string())
}

/// A float from its [`float_json`] form; plain JSON numbers (hand-written files) and
/// null (NaN) are accepted too.
fn float_of(j: &Json) -> Option<f64> {
    match j {
        Json::String(s) => s.parse().ok(),
        Json::Number(n) => n.as_f64(),
        Json::Null => Some(f64::NAN),
        _ => None,
    }
}

fn tz_json(tz: Tz) -> Json {
    match tz {
        Tz::Naive => Json::from("naive"),
        Tz::Utc => Json::from("UTC"),
        Tz::Fixed(s) => Json::from(s),
    }
}

fn tz_of(j: &Json) -> Option<Tz> {
    match j {
        Json::String(s) if s == "naive" => Some(Tz::Naive),
        Json::String(s) if s == "UTC" => Some(Tz::Utc),
        Json::Number(n) => n
            .as_i64()
            .and_then(|s| i32::try_from(s).ok())
            .map(Tz::Fixed),
        _ => None,
    }
}

/// The lossless JSON form of a column: `{"dtype": …, "data": [...]}` (plus `"tz"` for
/// datetimes).
pub fn encode_column(c: &Column) -> Json {
    match c.kind() {
        ColumnKind::Float => {
            let v = c.f64_values().unwrap_or_default();
            json!({"dtype": "float", "data": v.iter().map(|&x| float_json(x)).collect::<Vec<_>>()})
        }
        ColumnKind::Int => {
            let data: Vec<Json> = match c.data.cast(&PlDataType::Int64) {
                Ok(s) => s
                    .i64()
                    .map(|ca| {
                        ca.iter()
                            .map(|x| x.map_or(Json::Null, Json::from))
                            .collect()
                    })
                    .unwrap_or_default(),
                Err(_) => Vec::new(),
            };
            json!({"dtype": "int", "data": data})
        }
        ColumnKind::Bool => {
            let v = c.bool_values().unwrap_or_default();
            json!({"dtype": "bool", "data": v})
        }
        ColumnKind::Str => {
            let v = c.str_values().unwrap_or_default();
            json!({"dtype": "str", "data": v})
        }
        ColumnKind::Datetime => {
            let v = c.datetime_ns_opt().unwrap_or_default();
            json!({"dtype": "datetime", "tz": tz_json(c.tz), "data": v})
        }
    }
}

/// A column from its [`encode_column`] form.
pub fn decode_column(j: &Json) -> Result<Column, String> {
    let dtype = j
        .get("dtype")
        .and_then(Json::as_str)
        .ok_or("column without dtype")?;
    let data = j
        .get("data")
        .and_then(Json::as_array)
        .ok_or("column without data")?;
    let bad = || format!("bad {dtype} column entry");
    Ok(match dtype {
        "float" => Column::from_f64(
            data.iter()
                .map(|x| float_of(x).ok_or_else(bad))
                .collect::<Result<_, _>>()?,
        ),
        "int" => {
            let v: Vec<Option<i64>> = data
                .iter()
                .map(|x| match x {
                    Json::Null => Ok(None),
                    x => x.as_i64().map(Some).ok_or_else(bad),
                })
                .collect::<Result<_, _>>()?;
            if v.iter().all(Option::is_some) {
                Column::from_i64(v.into_iter().flatten().collect())
            } else {
                Column {
                    data: Int64Chunked::from_iter_options(PlSmallStr::EMPTY, v.into_iter())
                        .into_series(),
                    tz: Tz::Naive,
                }
            }
        }
        "bool" => {
            let v: Vec<Option<bool>> = data
                .iter()
                .map(|x| match x {
                    Json::Null => Ok(None),
                    x => x.as_bool().map(Some).ok_or_else(bad),
                })
                .collect::<Result<_, _>>()?;
            Column {
                data: BooleanChunked::from_iter_options(PlSmallStr::EMPTY, v.into_iter())
                    .into_series(),
                tz: Tz::Naive,
            }
        }
        "str" => Column::from_strings(
            data.iter()
                .map(|x| match x {
                    Json::Null => Ok(None),
                    Json::String(s) => Ok(Some(s.clone())),
                    _ => Err(bad()),
                })
                .collect::<Result<_, _>>()?,
        ),
        "datetime" => {
            let tz = j
                .get("tz")
                .and_then(tz_of)
                .ok_or("datetime column without valid tz")?;
            Column::from_opt_datetime_ns(
                data.iter()
                    .map(|x| match x {
                        Json::Null => Ok(None),
                        x => x.as_i64().map(Some).ok_or_else(bad),
                    })
                    .collect::<Result<_, _>>()?,
                tz,
            )
        }
        other => return Err(format!("unknown column dtype {other:?}")),
    })
}

/// The lossless JSON form of a runtime value (`{"kind": …}`).
pub fn encode(v: &Value) -> Json {
    match v {
        Value::Null => json!({"kind": "null"}),
        Value::Bool(b) => json!({"kind": "bool", "value": b}),
        Value::Int(i) => json!({"kind": "int", "value": i}),
        Value::Float(f) => json!({"kind": "float", "value": float_json(*f)}),
        Value::Str(s) => json!({"kind": "str", "value": s}),
        Value::Json(j) => json!({"kind": "json", "value": j}),
        Value::Series(s) => json!({
            "kind": "series",
            "name": s.name,
            "attrs": s.attrs,
            "index": encode_column(&s.index),
            "values": encode_column(&s.values),
        }),
        Value::Frame(f) => json!({
            "kind": "frame",
            "attrs": f.attrs,
            "index": encode_column(&f.index),
            "columns": f
                .columns
                .iter()
                .map(|(k, c)| json!([k, encode_column(c)]))
                .collect::<Vec<_>>(),
        }),
    }
}

fn attrs_of(j: &Json) -> Result<Attrs, String> {
    match j.get("attrs") {
        None | Some(Json::Null) => Ok(Map::new()),
        Some(Json::Object(m)) => Ok(m.clone()),
        Some(_) => Err("attrs must be an object".into()),
    }
}

/// A runtime value from its [`encode`] form.
pub fn decode(j: &Json) -> Result<Value, String> {
    let kind = j
        .get("kind")
        .and_then(Json::as_str)
        .ok_or("value without kind")?;
    let value = || {
        j.get("value")
            .ok_or_else(|| format!("{kind} without value"))
    };
    let bad = || format!("bad {kind} value");
    Ok(match kind {
        "null" => Value::Null,
        "bool" => Value::Bool(value()?.as_bool().ok_or_else(bad)?),
        "int" => Value::Int(value()?.as_i64().ok_or_else(bad)?),
        "float" => Value::Float(float_of(value()?).ok_or_else(bad)?),
        "str" => Value::Str(value()?.as_str().ok_or_else(bad)?.to_string()),
        "json" => Value::Json(value()?.clone()),
        "series" => {
            let index = decode_column(j.get("index").ok_or("series without index")?)?;
            let values = decode_column(j.get("values").ok_or("series without values")?)?;
            if index.len() != values.len() {
                return Err("series index and values differ in length".into());
            }
            Value::Series(SeriesValue {
                name: j.get("name").and_then(Json::as_str).map(str::to_string),
                index,
                values,
                attrs: attrs_of(j)?,
            })
        }
        "frame" => {
            let index = decode_column(j.get("index").ok_or("frame without index")?)?;
            let mut columns = Vec::new();
            for entry in j
                .get("columns")
                .and_then(Json::as_array)
                .ok_or("frame without columns")?
            {
                let (Some(name), Some(col)) = (entry.get(0).and_then(Json::as_str), entry.get(1))
                else {
                    return Err("bad frame column".into());
                };
                let col = decode_column(col)?;
                if col.len() != index.len() {
                    return Err(format!("frame column {name:?} has the wrong length"));
                }
                columns.push((name.to_string(), col));
            }
            Value::Frame(FrameValue {
                index,
                columns: columns.into_iter().collect(),
                attrs: attrs_of(j)?,
            })
        }
        other => return Err(format!("unknown value kind {other:?}")),
    })
}

/// Test helpers: a fresh temporary store directory per call.
#[cfg(test)]
pub(crate) mod test_util {
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicU64, Ordering};

    static N: AtomicU64 = AtomicU64::new(0);

    /// A new, not yet existing directory below the system temp dir.
    pub fn temp_store() -> PathBuf {
        let n = N.fetch_add(1, Ordering::Relaxed);
        let d =
            std::env::temp_dir().join(format!("rheo-object-store-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::temp_store;
    use super::*;

    fn sample_series() -> Value {
        let mut attrs = Map::new();
        attrs.insert("unit".into(), json!("m"));
        Value::Series(SeriesValue {
            name: Some("s".into()),
            index: Column::from_datetime_ns(vec![1, 1_000_000_123], Tz::Fixed(3600)),
            values: Column::from_f64(vec![0.1 + 0.2, 1.234_567_890_123_456_7e-300]),
            attrs,
        })
    }

    #[test]
    fn default_directory_and_env_override() {
        assert_eq!(dir_from(None), PathBuf::from("./rheo-object-store"));
        assert_eq!(dir_from(Some("".into())), PathBuf::from(DEFAULT_DIR));
        assert_eq!(dir_from(Some("/x/y".into())), PathBuf::from("/x/y"));
    }

    #[test]
    fn values_round_trip_losslessly() {
        let frame = Value::Frame(FrameValue {
            index: Column::from_strings(vec![Some("a".into()), None]),
            columns: [
                ("z".to_string(), Column::from_i64(vec![i64::MIN, i64::MAX])),
                ("a".to_string(), Column::from_bool(vec![true, false])),
                (
                    "t".to_string(),
                    Column::from_opt_datetime_ns(vec![None, Some(-5)], Tz::Utc),
                ),
            ]
            .into_iter()
            .collect(),
            attrs: Map::new(),
        });
        for v in [
            Value::Null,
            Value::Bool(false),
            Value::Int(-7),
            Value::Float(0.1),
            Value::Str("ä\"".into()),
            Value::Json(json!({"b": [1, 2.5, null], "a": {}})),
            sample_series(),
            frame,
        ] {
            let text = serde_json::to_string(&encode(&v)).unwrap();
            let back = decode(&serde_json::from_str(&text).unwrap()).unwrap();
            assert_eq!(back, v, "{text}");
        }
    }

    #[test]
    fn non_finite_floats_round_trip() {
        let v = Value::Series(SeriesValue::new(
            Column::range(3),
            Column::from_f64(vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY]),
        ));
        let back = decode(&encode(&v)).unwrap();
        let Value::Series(s) = back else { panic!() };
        let x = s.values.f64_values().unwrap();
        assert!(x[0].is_nan() && x[1] == f64::INFINITY && x[2] == f64::NEG_INFINITY);
        assert_eq!(
            decode(&encode(&Value::Float(f64::NAN)))
                .unwrap()
                .kind_name(),
            "float"
        );
    }

    #[test]
    fn dump_and_load_with_latest() {
        let dir = temp_store();
        dump(&dir, &Value::Int(1), "model", "v1").unwrap();
        dump(&dir, &sample_series(), "model", "v2").unwrap();
        assert_eq!(load(&dir, "model", "v1").unwrap(), Value::Int(1));
        assert_eq!(load(&dir, "model", "latest").unwrap(), sample_series());
        // Re-storing v1 makes it the latest again.
        dump(&dir, &Value::Int(3), "model", "v1").unwrap();
        assert_eq!(load(&dir, "model", "latest").unwrap(), Value::Int(3));
        assert!(dir.join("model_v1").is_file());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn errors_are_clear() {
        let dir = temp_store();
        let e = load(&dir, "nothing", "v1").unwrap_err();
        assert_eq!(e.type_name, "FileNotFoundError");
        assert!(e.message.contains("nothing_v1"), "{}", e.message);
        #[cfg(unix)]
        assert_eq!(
            e.message,
            format!(
                "[Errno 2] No such file or directory: '{}'",
                dir.join("nothing_v1").display()
            )
        );
        let e = dump(&dir, &Value::Int(1), "m", "LaTeSt").unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        assert!(e.message.starts_with("\"latest\" has a special meaning"));
        let e = dump(&dir, &Value::Int(1), "../m", "v").unwrap_err();
        assert_eq!(e.type_name, "ValueError");
        // A file that is not JSON (a joblib pickle) and a hand-written hetida series.
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("pickle_v1"), b"\x80\x04\x95").unwrap();
        let e = load(&dir, "pickle", "v1").unwrap_err();
        assert_eq!(e.type_name, "NotSupportedByNativeEngine");
        std::fs::write(
            dir.join("hand_v1"),
            r#"{"__hd_wrapped_data_object__": "SERIES", "__metadata__": {},
                "__data__": {"name": "x", "index": [0, 1], "data": [1.5, 2.5]},
                "__data_parsing_options__": {"orient": "split"}}"#,
        )
        .unwrap();
        let Value::Series(s) = load(&dir, "hand", "v1").unwrap() else {
            panic!()
        };
        assert_eq!(s.values, Column::from_f64(vec![1.5, 2.5]));
        std::fs::write(dir.join("plain_v1"), r#"{"a": 1}"#).unwrap();
        assert_eq!(
            load(&dir, "plain", "v1").unwrap(),
            Value::Json(json!({"a": 1}))
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
