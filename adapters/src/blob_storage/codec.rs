//! Object bytes ↔ workflow values.
//!
//! Why this exists: hetida pickles whatever a workflow hands its sinks, which only Python can
//! read back. Rheo writes JSON instead: series and frames in hetida's wrapped form
//! (`__hd_wrapped_data_object__`, `__metadata__`, `__data__`) in the encoder's exact style
//! (shortest round-trip floats, nanosecond timestamps, split orient, each column's pandas
//! dtype in `__data_parsing_options__.dtype`), everything else as plain JSON; reading parses
//! the wrapped form with the parser direct provisioning uses and then restores the recorded
//! dtypes (whole floats stay floats, datetime columns with any name stay datetimes), as
//! pandas' `read_json(dtype=…)` would. Existing `.pkl` objects are read when they
//! hold plain Python values (dicts, lists, numbers, strings, …); Keras models (`.h5`) and
//! pickled classes are refused with an error naming the object.

use super::keys::{Ext, ObjectRef};
use rheo_core::value::json_out::{to_json_string, Style};
use rheo_core::value::parse::exact::parse_exact;
use rheo_core::Value;
use serde_json::Value as Json;

/// The bytes of a new object for `v`: JSON, with series and frames wrapped as in hetida's
/// responses (metadata included).
pub fn encode(v: &Value) -> Result<Vec<u8>, String> {
    to_json_string(v, Style::Exact)
        .map(String::into_bytes)
        .map_err(|e| e.message)
}

/// The value stored in object `at`.
pub fn decode(bytes: &[u8], at: &ObjectRef) -> Result<Value, String> {
    let what = || format!("The object '{}' in bucket '{}'", at.key, at.bucket);
    match at.ext {
        Ext::Json => {
            let j: Json = serde_json::from_slice(bytes)
                .map_err(|e| format!("{} is not valid JSON: {e}", what()))?;
            parse_exact(j).map_err(|e| format!("{}: {e}", what()))
        }
        Ext::Pkl => {
            let j = crate::pickle::plain_value(bytes)
                .map_err(|e| format!("{} is a pickle Rheo cannot read: {e}", what()))?;
            parse_exact(j).map_err(|e| format!("{}: {e}", what()))
        }
        Ext::H5 => Err(format!(
            "{} is a Keras model in HDF5 format (.h5); Rheo does not load Keras models",
            what()
        )),
        Ext::CustomObjectsPkl => Err(format!(
            "{} holds the custom objects of a Keras model (.custom_objects_pkl); Rheo does not \
             load Keras models",
            what()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rheo_core::value::parse::{parse, Raw};
    use rheo_core::value::{Column, Tz};
    use rheo_core::DataType;
    use serde_json::json;
    use std::borrow::Cow;

    fn at(ext: Ext) -> ObjectRef {
        ObjectRef {
            bucket: "plant-unit".into(),
            key: format!("A/B_2024-01-01T00:00:00+00:00_x.{}", ext.as_str()),
            ext,
        }
    }

    fn parsed(text: &str, dt: DataType) -> Value {
        parse(Raw::Text(Cow::Borrowed(text)), dt).unwrap()
    }

    #[test]
    fn series_and_frames_round_trip_with_their_metadata() {
        let series = parsed(
            r#"{"__hd_wrapped_data_object__": "SERIES", "__metadata__": {"unit": "K"},
                "__data_parsing_options__": {"orient": "split"},
                "__data__": {"name": "temp", "index": ["2024-01-01T00:00:00Z", "2024-01-01T00:01:00Z"],
                             "data": [1.5, null]}}"#,
            DataType::Series,
        );
        let frame = parsed(
            r#"{"a": {"2024-01-01T00:00:00Z": 1, "2024-01-01T00:01:00Z": 2},
                "b": {"2024-01-01T00:00:00Z": "x", "2024-01-01T00:01:00Z": null}}"#,
            DataType::DataFrame,
        );
        for v in [
            series,
            frame,
            Value::Json(json!({"k": [1, 2.5, "x"]})),
            Value::Int(3),
        ] {
            let bytes = encode(&v).unwrap();
            let back = decode(&bytes, &at(Ext::Json)).unwrap();
            match (&v, &back) {
                (Value::Int(i), Value::Json(j)) => assert_eq!(json!(i), *j),
                _ => assert_eq!(v, back, "{}", String::from_utf8_lossy(&bytes)),
            }
        }
    }

    #[test]
    fn stored_values_keep_every_digit_dtype_and_zone() {
        let idx = Column::from_datetime_ns(vec![1, 1, 2_000_000_123], Tz::Utc);
        let frame = rheo_core::value::FrameValue {
            index: idx.clone(),
            columns: [
                ("w".to_string(), Column::from_f64(vec![1.0, 2.0, 3.0])),
                (
                    "tiny".to_string(),
                    Column::from_f64(vec![1e-12, 0.1 + 0.2, f64::NAN]),
                ),
                (
                    "when".to_string(),
                    Column::from_datetime_ns(vec![5, 6, 7], Tz::Fixed(3600)),
                ),
                ("n".to_string(), Column::from_i64(vec![1, 2, 3])),
            ]
            .into_iter()
            .collect(),
            attrs: Default::default(),
        };
        let series =
            rheo_core::value::SeriesValue::new(idx, Column::from_f64(vec![1.0, 2.5e-15, 3.0]));
        for v in [Value::Frame(frame), Value::Series(series)] {
            let bytes = encode(&v).unwrap();
            assert_eq!(
                decode(&bytes, &at(Ext::Json)).unwrap(),
                v,
                "{}",
                String::from_utf8_lossy(&bytes)
            );
        }
    }

    #[test]
    fn broken_objects_name_bucket_and_key() {
        let e = decode(b"{not json", &at(Ext::Json)).unwrap_err();
        assert!(e.contains("plant-unit") && e.contains("A/B_"), "{e}");
        let e = decode(
            br#"{"__hd_wrapped_data_object__": "SERIES", "__metadata__": {},
                 "__data_parsing_options__": {"orient": "split"}, "__data__": {"index": [1], "data": [1, 2]}}"#,
            &at(Ext::Json),
        )
        .unwrap_err();
        assert!(e.contains("plant-unit"), "{e}");
        assert!(decode(b"", &at(Ext::H5)).unwrap_err().contains("Keras"));
    }

    #[test]
    fn pickles_of_plain_values_are_read_and_others_refused() {
        // pickle.dumps({"a": [1, 2.5, "x"]})
        let plain = [
            128, 4, 149, 27, 0, 0, 0, 0, 0, 0, 0, 125, 148, 140, 1, 97, 148, 93, 148, 40, 75, 1,
            71, 64, 4, 0, 0, 0, 0, 0, 0, 140, 1, 120, 148, 101, 115, 46,
        ];
        assert_eq!(
            decode(&plain, &at(Ext::Pkl)).unwrap(),
            Value::Json(json!({"a": [1, 2.5, "x"]}))
        );
        // pickle.dumps(complex(1, 2)): a class, not a plain value.
        let complex = [
            128, 4, 149, 46, 0, 0, 0, 0, 0, 0, 0, 140, 8, 98, 117, 105, 108, 116, 105, 110, 115,
            148, 140, 7, 99, 111, 109, 112, 108, 101, 120, 148, 147, 148, 71, 63, 240, 0, 0, 0, 0,
            0, 0, 71, 64, 0, 0, 0, 0, 0, 0, 0, 134, 148, 82, 148, 46,
        ];
        let e = decode(&complex, &at(Ext::Pkl)).unwrap_err();
        assert!(
            e.contains("pickle Rheo cannot read") && e.contains("plant-unit"),
            "{e}"
        );
    }
}
