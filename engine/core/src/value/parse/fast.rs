//! Streams a JSON object with ISO-8601 keys and numeric/null values straight into
//! column buffers, without building a `serde_json::Value` tree. Anything else makes it
//! give up, and the caller takes the general path.

use super::{integral_i64, TzClass};
use crate::value::column::Column;
use crate::value::timestamp::{parse_iso8601_cached, DateCache, ParsedTs};
use crate::value::SeriesValue;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use std::fmt;

struct Acc {
    ns: Vec<i64>,
    floats: Vec<f64>,
    ints: Vec<i64>,
    all_int: bool,
    class: TzClass,
}

struct KeySeed<'c>(&'c mut DateCache);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = ParsedTs;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<ParsedTs, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = ParsedTs;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an ISO-8601 timestamp key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<ParsedTs, E> {
        parse_iso8601_cached(v, self.0).ok_or_else(|| E::custom("not a timestamp"))
    }
}

/// A numeric JSON value or null.
enum Num {
    I(i64),
    F(f64),
    Null,
}

struct NumSeed;

impl<'de> DeserializeSeed<'de> for NumSeed {
    type Value = Num;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Num, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NumSeed {
    type Value = Num;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or null")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Num, E> {
        Ok(Num::I(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Num, E> {
        Ok(match i64::try_from(v) {
            Ok(i) => Num::I(i),
            Err(_) => Num::F(v as f64),
        })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Num, E> {
        Ok(Num::F(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Num, E> {
        Ok(Num::Null)
    }
}

struct SeriesVisitor;

impl<'de> Visitor<'de> for SeriesVisitor {
    type Value = Acc;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Acc, A::Error> {
        let cap = map.size_hint().unwrap_or(0);
        let mut acc = Acc {
            ns: Vec::with_capacity(cap),
            floats: Vec::with_capacity(cap),
            ints: Vec::with_capacity(cap),
            all_int: true,
            class: TzClass::default(),
        };
        let mut cache = DateCache::default();
        while let Some(key) = map.next_key_seed(KeySeed(&mut cache))? {
            acc.class.add(key.offset);
            acc.ns.push(key.ns);
            let (f, i) = match map.next_value_seed(NumSeed)? {
                Num::I(i) => (i as f64, Some(i)),
                Num::F(f) => (f, integral_i64(f)),
                Num::Null => (f64::NAN, None),
            };
            acc.floats.push(f);
            if acc.all_int {
                match i {
                    Some(i) => acc.ints.push(i),
                    None => {
                        acc.all_int = false;
                        acc.ints = Vec::new();
                    }
                }
            }
        }
        Ok(acc)
    }
}

/// The series for `s` when it is a plain `{"<iso>": number|null, ...}` object with
/// strictly increasing timestamps (so no key can repeat) and one timezone class;
/// `None` otherwise.
pub(super) fn series_from_text(s: &str) -> Option<SeriesValue> {
    let mut de = serde_json::Deserializer::from_str(s);
    let acc = de.deserialize_map(SeriesVisitor).ok()?;
    de.end().ok()?;
    if acc.ns.is_empty() || !acc.ns.windows(2).all(|w| w[0] < w[1]) {
        return None;
    }
    let tz = acc.class.tz(true)?;
    let index = Column::from_datetime_ns(acc.ns, tz);
    let values = if acc.all_int {
        Column::from_i64(acc.ints)
    } else {
        Column::from_f64(acc.floats)
    };
    Some(SeriesValue::new(index, values))
}
