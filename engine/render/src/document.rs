//! A figure read from JSON text for rendering. The bulk of a figure is its traces' data
//! arrays (`x`, `y`, `lon`, `lat`): as a `serde_json::Value` tree every number costs about
//! 70 bytes, so these arrays are parsed straight into compact columns (8 bytes and a flag
//! per number, or one text buffer for strings) while the rest of the figure, which is small,
//! stays JSON. Rendering reads the same values either way.

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value as Json};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// The trace keys whose arrays are read into columns.
pub(crate) const COLUMN_KEYS: [&str; 4] = ["x", "y", "lon", "lat"];

/// A data array read compactly.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Column {
    /// Numbers and nulls: the values (NaN for null) and which were written as integers
    /// (a category axis names a number by its JSON text).
    Num { values: Vec<f64>, ints: Vec<bool> },
    /// Strings: their text one after another and where each ends.
    Str { text: String, ends: Vec<usize> },
}

impl Column {
    /// Number of elements.
    pub(crate) fn len(&self) -> usize {
        match self {
            Column::Num { values, .. } => values.len(),
            Column::Str { ends, .. } => ends.len(),
        }
    }

    /// Whether the column has no elements.
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Element `k` of a string column (`None` for a number column or beyond the end).
    pub(crate) fn str_at(&self, k: usize) -> Option<&str> {
        let Column::Str { text, ends } = self else {
            return None;
        };
        let end = *ends.get(k)?;
        let start = if k == 0 { 0 } else { ends[k - 1] };
        Some(&text[start..end])
    }
}

/// A plotly figure ready to render.
#[derive(Debug, Clone)]
pub struct Figure<'a> {
    /// The figure, less the arrays held in `columns`.
    pub(crate) json: Cow<'a, Json>,
    /// Compact data arrays by (trace position in `data`, key).
    pub(crate) columns: HashMap<(usize, &'static str), Column>,
}

impl<'a> Figure<'a> {
    /// A figure that is already a JSON value (nothing is copied).
    pub fn borrowed(json: &'a Json) -> Self {
        Figure {
            json: Cow::Borrowed(json),
            columns: HashMap::new(),
        }
    }

    /// Reads a figure from JSON text, the traces' data arrays into compact columns.
    pub fn parse(text: &[u8]) -> Result<Figure<'static>, serde_json::Error> {
        let mut columns = HashMap::new();
        let mut de = serde_json::Deserializer::from_slice(text);
        let json = Node {
            at: At::Top,
            columns: &mut columns,
        }
        .deserialize(&mut de)?;
        de.end()?;
        Ok(Figure {
            json: Cow::Owned(json),
            columns,
        })
    }

    /// The figure's JSON (without the arrays held as columns).
    pub fn json(&self) -> &Json {
        &self.json
    }
}

/// Where in the figure a value sits, which decides how it is read.
#[derive(Debug, Clone, Copy)]
enum At {
    /// The document.
    Top,
    /// `data`.
    Data,
    /// Trace `i` of `data`.
    Trace(usize),
    /// Anywhere else: plain JSON.
    Plain,
}

/// Reads one value at `at`, building JSON and filing compact columns.
struct Node<'c> {
    at: At,
    columns: &'c mut HashMap<(usize, &'static str), Column>,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Json;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Json::Null, Json::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut out = Vec::new();
        let mut i = 0;
        loop {
            let at = match self.at {
                At::Data => At::Trace(i),
                _ => At::Plain,
            };
            let node = Node {
                at,
                columns: &mut *self.columns,
            };
            let Some(v) = seq.next_element_seed(node)? else {
                break;
            };
            out.push(v);
            i += 1;
        }
        Ok(Json::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let column_key = COLUMN_KEYS.iter().find(|k| **k == key);
            let value = match (self.at, column_key) {
                (At::Trace(i), Some(&k)) => match map.next_value_seed(Array)? {
                    Read::Column(c) => {
                        self.columns.insert((i, k), c);
                        // A later duplicate key replaces an earlier one, as in JSON.
                        out.shift_remove(&key);
                        continue;
                    }
                    Read::Json(v) => {
                        self.columns.remove(&(i, k));
                        v
                    }
                },
                _ => {
                    let at = match (self.at, key.as_str()) {
                        (At::Top, "data") => At::Data,
                        _ => At::Plain,
                    };
                    let node = Node {
                        at,
                        columns: &mut *self.columns,
                    };
                    map.next_value_seed(node)?
                }
            };
            out.insert(key, value);
        }
        Ok(Json::Object(out))
    }
}

/// A data array read as a column when it holds only numbers and nulls, or only strings;
/// any other value as JSON.
enum Read {
    Column(Column),
    Json(Json),
}

/// Reads a trace's data array.
struct Array;

impl<'de> DeserializeSeed<'de> for Array {
    type Value = Read;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Read, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Array {
    type Value = Read;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Read, A::Error> {
        let mut b = Builder::Empty;
        while let Some(e) = seq.next_element::<Elem>()? {
            b.push(e);
        }
        Ok(b.finish())
    }

    // Anything that is not an array is plain JSON.
    fn visit_bool<E>(self, v: bool) -> Result<Read, E> {
        Ok(Read::Json(Json::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Read, E> {
        Ok(Read::Json(Json::from(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Read, E> {
        Ok(Read::Json(Json::from(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Read, E> {
        Ok(Read::Json(
            serde_json::Number::from_f64(v).map_or(Json::Null, Json::Number),
        ))
    }

    fn visit_str<E>(self, v: &str) -> Result<Read, E> {
        Ok(Read::Json(Json::String(v.to_string())))
    }

    fn visit_unit<E>(self) -> Result<Read, E> {
        Ok(Read::Json(Json::Null))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Read, A::Error> {
        Json::deserialize(MapAccessDeserializer::new(map)).map(Read::Json)
    }
}

/// Largest integer an `f64` holds exactly; larger integers keep the array JSON.
const EXACT: u64 = 1 << 53;

/// One element of a data array.
enum Elem {
    Null,
    Num(f64, bool),
    Str(String),
    Other(Json),
}

impl<'de> de::Deserialize<'de> for Elem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Elem, D::Error> {
        d.deserialize_any(ElemVisitor)
    }
}

struct ElemVisitor;

impl<'de> Visitor<'de> for ElemVisitor {
    type Value = Elem;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Elem, E> {
        Ok(Elem::Other(Json::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Elem, E> {
        Ok(if v.unsigned_abs() <= EXACT {
            Elem::Num(v as f64, true)
        } else {
            Elem::Other(Json::from(v))
        })
    }

    fn visit_u64<E>(self, v: u64) -> Result<Elem, E> {
        Ok(if v <= EXACT {
            Elem::Num(v as f64, true)
        } else {
            Elem::Other(Json::from(v))
        })
    }

    fn visit_f64<E>(self, v: f64) -> Result<Elem, E> {
        Ok(Elem::Num(v, false))
    }

    fn visit_str<E>(self, v: &str) -> Result<Elem, E> {
        Ok(Elem::Str(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Elem, E> {
        Ok(Elem::Str(v))
    }

    fn visit_unit<E>(self) -> Result<Elem, E> {
        Ok(Elem::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Elem, A::Error> {
        Json::deserialize(SeqAccessDeserializer::new(seq)).map(Elem::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Elem, A::Error> {
        Json::deserialize(MapAccessDeserializer::new(map)).map(Elem::Other)
    }
}

/// A data array under construction: a column while the elements allow one, JSON after.
enum Builder {
    Empty,
    Num { values: Vec<f64>, ints: Vec<bool> },
    Str { text: String, ends: Vec<usize> },
    Json(Vec<Json>),
}

impl Builder {
    fn push(&mut self, e: Elem) {
        match (&mut *self, e) {
            (Builder::Empty, Elem::Str(s)) => {
                *self = Builder::Str {
                    ends: vec![s.len()],
                    text: s,
                }
            }
            (Builder::Empty, e @ (Elem::Num(..) | Elem::Null)) => {
                *self = Builder::Num {
                    values: Vec::new(),
                    ints: Vec::new(),
                };
                self.push(e);
            }
            (Builder::Num { values, ints }, Elem::Num(v, int)) => {
                values.push(v);
                ints.push(int);
            }
            (Builder::Num { values, ints }, Elem::Null) => {
                values.push(f64::NAN);
                ints.push(false);
            }
            (Builder::Str { text, ends }, Elem::Str(s)) => {
                text.push_str(&s);
                ends.push(text.len());
            }
            (Builder::Json(v), e) => v.push(e.into_json()),
            (_, e) => {
                let mut v = std::mem::replace(self, Builder::Empty).into_json();
                v.push(e.into_json());
                *self = Builder::Json(v);
            }
        }
    }

    /// The elements so far as JSON values.
    fn into_json(self) -> Vec<Json> {
        match self {
            Builder::Empty => Vec::new(),
            Builder::Num { values, ints } => values
                .into_iter()
                .zip(ints)
                .map(|(v, int)| num_json(v, int))
                .collect(),
            Builder::Str { text, ends } => {
                let mut start = 0;
                ends.into_iter()
                    .map(|end| {
                        let s = Json::String(text[start..end].to_string());
                        start = end;
                        s
                    })
                    .collect()
            }
            Builder::Json(v) => v,
        }
    }

    fn finish(self) -> Read {
        match self {
            Builder::Empty => Read::Json(Json::Array(Vec::new())),
            Builder::Num { values, ints } => Read::Column(Column::Num { values, ints }),
            Builder::Str { text, ends } => Read::Column(Column::Str { text, ends }),
            Builder::Json(v) => Read::Json(Json::Array(v)),
        }
    }
}

impl Elem {
    fn into_json(self) -> Json {
        match self {
            Elem::Null => Json::Null,
            Elem::Num(v, int) => num_json(v, int),
            Elem::Str(s) => Json::String(s),
            Elem::Other(j) => j,
        }
    }
}

/// The JSON number an element was read from (NaN: null).
pub(crate) fn num_json(v: f64, int: bool) -> Json {
    if v.is_nan() {
        Json::Null
    } else if int {
        Json::from(v as i64)
    } else {
        serde_json::Number::from_f64(v).map_or(Json::Null, Json::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_arrays_become_columns_and_the_rest_stays_json() {
        let text = br#"{"data": [{"type": "scatter", "x": ["a", "b"], "y": [1, 2.5, null],
            "lon": [1, "x"], "marker": {"size": [1, 2]}}], "layout": {"x": [1, 2]}}"#;
        let f = Figure::parse(text).unwrap();
        assert_eq!(
            f.columns[&(0, "x")],
            Column::Str {
                text: "ab".into(),
                ends: vec![1, 2]
            }
        );
        let Column::Num { values, ints } = &f.columns[&(0, "y")] else {
            panic!("numbers")
        };
        assert_eq!(values[..2], [1.0, 2.5]);
        assert!(values[2].is_nan());
        assert_eq!(ints, &[true, false, false]);
        // Mixed arrays, other keys and arrays outside traces stay JSON.
        let t = &f.json["data"][0];
        assert!(t.get("x").is_none() && t.get("y").is_none());
        assert_eq!(t["lon"], serde_json::json!([1, "x"]));
        assert_eq!(t["marker"]["size"], serde_json::json!([1, 2]));
        assert_eq!(f.json["layout"]["x"], serde_json::json!([1, 2]));
        assert!(Figure::parse(b"{\"data\": [}").is_err());
        assert!(Figure::parse(b"{} x").is_err());
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        // serde_json's recursion limit holds on every path of the reader: inside a data
        // array, inside a trace and elsewhere.
        let deep = |prefix: &str, suffix: &str| {
            let n = 100_000;
            let mut t = String::from(prefix);
            t.push_str(&"[".repeat(n));
            t.push_str(&"]".repeat(n));
            t.push_str(suffix);
            t.into_bytes()
        };
        for text in [
            deep(r#"{"data": [{"x": "#, "}]}"),
            deep(r#"{"data": [{"marker": "#, "}]}"),
            deep(r#"{"layout": "#, "}"),
            deep("", ""),
        ] {
            let e = Figure::parse(&text).unwrap_err();
            assert!(e.to_string().contains("recursion limit"), "{e}");
        }
    }
}
