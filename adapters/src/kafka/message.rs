//! hetida's Kafka message (§7.3) in its three encodings: JSON (hetida's), the same
//! structure in MessagePack, and a plain string that is the whole value.
//!
//! Reading is bounded: JSON and MessagePack nest at most [`MAX_DEPTH`] levels (the record
//! size is bounded by the consumer's fetch limits before it gets here).

use super::config::Serializer;
use super::ids::canonical_external_type;
use indexmap::IndexMap;
use rheo_core::value::json_out::{to_json_string, Style};
use rheo_core::value::Value;
use serde::Deserialize;
use serde_json::Value as Json;

/// Deepest nesting a message may have.
pub const MAX_DEPTH: usize = 128;

/// One value of a message.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Entry {
    /// The value, parsed later by the workflow input's data type.
    pub value: Json,
    /// Its external type (checked, otherwise not used: the workflow input's type decides).
    pub data_type: String,
    /// The producing workflow's output name (informational).
    #[serde(default)]
    pub output_name: Option<String>,
}

/// A message as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// A single-value message (`value`).
    Single(Entry),
    /// A multi-value message (`values`, by value key).
    Multi(IndexMap<String, Entry>),
    /// A record read with the `string` serializer: the whole value.
    Text(String),
}

/// The fields hetida's messages carry; unknown ones are ignored, as hetida does.
#[derive(Deserialize)]
struct Wire {
    #[serde(default)]
    value: Option<Entry>,
    #[serde(default)]
    values: Option<IndexMap<String, Entry>>,
}

/// Reads a record value as a single-value or (`multi`) a multi-value message.
pub fn decode(bytes: &[u8], serializer: Serializer, multi: bool) -> Result<Message, String> {
    decode_timed(bytes, serializer, multi, None).map(|(m, _)| m)
}

/// [`decode`], also reading the event time from top-level field `time_field` (ISO-8601 text
/// or epoch milliseconds) as nanoseconds since the epoch.
pub fn decode_timed(
    bytes: &[u8],
    serializer: Serializer,
    multi: bool,
    time_field: Option<&str>,
) -> Result<(Message, Option<i64>), String> {
    let json = match serializer {
        Serializer::String => {
            let text = std::str::from_utf8(bytes)
                .map_err(|e| format!("the record value is not UTF-8 text: {e}"))?;
            return Ok((Message::Text(text.to_string()), None));
        }
        Serializer::Json => {
            serde_json::from_slice::<Json>(bytes).map_err(|e| format!("not a JSON message: {e}"))?
        }
        Serializer::Msgpack => {
            let mut de = rmp_serde::Deserializer::from_read_ref(bytes);
            de.set_max_depth(MAX_DEPTH);
            Json::deserialize(&mut de).map_err(|e| format!("not a MessagePack message: {e}"))?
        }
    };
    let time = match time_field {
        Some(f) => Some(event_time(json.get(f), f)?),
        None => None,
    };
    Ok((from_tree(json, multi)?, time))
}

/// An event time field's value in nanoseconds since the epoch.
fn event_time(v: Option<&Json>, field: &str) -> Result<i64, String> {
    let parsed = match v {
        Some(Json::String(s)) => rheo_core::value::timestamp::parse_iso8601(s).map(|t| t.ns),
        Some(Json::Number(n)) => n
            .as_f64()
            .map(|ms| ms * 1e6)
            .filter(|ns| ns.abs() < 9.2e18)
            .map(|ns| ns as i64),
        _ => None,
    };
    parsed.ok_or_else(|| {
        format!("the event time field '{field}' is missing or neither ISO-8601 text nor epoch milliseconds")
    })
}

/// hetida's message structure from a decoded tree.
fn from_tree(json: Json, multi: bool) -> Result<Message, String> {
    let wire: Wire =
        serde_json::from_value(json).map_err(|e| format!("not a hetida Kafka message: {e}"))?;
    let checked = |e: Entry| match canonical_external_type(&e.data_type) {
        Some(_) => Ok(e),
        None => Err(format!(
            "'{}' is not an external type (data_type)",
            e.data_type
        )),
    };
    if multi {
        let values = wire
            .values
            .ok_or("expected a multi-value message (a 'values' object)")?;
        values
            .into_iter()
            .map(|(k, e)| checked(e).map(|e| (k, e)))
            .collect::<Result<_, _>>()
            .map(Message::Multi)
    } else {
        let value = wire
            .value
            .ok_or("expected a single-value message (a 'value' object)")?;
        checked(value).map(Message::Single)
    }
}

/// One value to send.
pub struct Outgoing<'a> {
    /// The value key (`None` in a single-value message).
    pub value_key: Option<&'a str>,
    /// The workflow output's value.
    pub value: &'a Value,
    /// The canonical external type of the sink.
    pub data_type: &'a str,
    /// The workflow output's name.
    pub output_name: &'a str,
}

/// Who sent a message: hetida writes the executed transformation and job ids.
pub struct Origin<'a> {
    /// The executed (root) transformation's id.
    pub transformation_id: &'a str,
    /// The execution's job id.
    pub job_id: String,
}

/// Writes one message holding `values` (one without value key: single-value).
pub fn encode(
    values: &[Outgoing<'_>],
    origin: &Origin<'_>,
    serializer: Serializer,
) -> Result<Vec<u8>, String> {
    if serializer == Serializer::String {
        return match values {
            [one] if one.value_key.is_none() => Ok(plain_text(one.value)?.into_bytes()),
            _ => Err(
                "the 'string' serializer carries one value per message, without value keys".into(),
            ),
        };
    }
    let json = hetida_json(values, origin)?;
    match serializer {
        Serializer::Msgpack => {
            let tree: Json = serde_json::from_str(&json).map_err(|e| e.to_string())?;
            rmp_serde::to_vec_named(&tree).map_err(|e| format!("MessagePack encoding failed: {e}"))
        }
        _ => Ok(json.into_bytes()),
    }
}

/// A STRING as it is; any other value as its JSON text.
fn plain_text(v: &Value) -> Result<String, String> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        other => to_json_string(other, Style::Current).map_err(|e| e.to_string()),
    }
}

/// The JSON text of hetida's message.
fn hetida_json(values: &[Outgoing<'_>], origin: &Origin<'_>) -> Result<String, String> {
    let quoted = |s: &str| Json::from(s).to_string();
    let entry = |o: &Outgoing<'_>| -> Result<String, String> {
        let value = to_json_string(o.value, Style::Current).map_err(|e| e.to_string())?;
        Ok(format!(
            "{{\"value\":{value},\"data_type\":{},\"output_name\":{}}}",
            quoted(o.data_type),
            quoted(o.output_name)
        ))
    };
    let mut out = format!(
        "{{\"transformation_id\":{},\"job_id\":{},\"message_creation_timestamp\":{},",
        quoted(origin.transformation_id),
        quoted(&origin.job_id),
        quoted(&rheo_core::value::timestamp::now_isoformat())
    );
    match values {
        [one] if one.value_key.is_none() => {
            out.push_str("\"value\":");
            out.push_str(&entry(one)?);
        }
        _ => {
            out.push_str("\"values\":{");
            for (i, o) in values.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&quoted(o.value_key.unwrap_or_default()));
                out.push(':');
                out.push_str(&entry(o)?);
            }
            out.push('}');
        }
    }
    out.push('}');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin<'static> {
        Origin {
            transformation_id: "t1",
            job_id: "j1".into(),
        }
    }

    #[test]
    fn a_single_value_round_trips_in_json_and_msgpack() {
        let v = Value::Float(31.5);
        let out = [Outgoing {
            value_key: None,
            value: &v,
            data_type: "metadata(float)",
            output_name: "score",
        }];
        for s in [Serializer::Json, Serializer::Msgpack] {
            let bytes = encode(&out, &origin(), s).unwrap();
            let Message::Single(e) = decode(&bytes, s, false).unwrap() else {
                panic!("single expected")
            };
            assert_eq!(e.value, Json::from(31.5));
            assert_eq!(e.output_name.as_deref(), Some("score"));
            assert!(decode(&bytes, s, true).unwrap_err().contains("multi-value"));
        }
        let json: Json =
            serde_json::from_slice(&encode(&out, &origin(), Serializer::Json).unwrap()).unwrap();
        assert_eq!(json["transformation_id"], "t1");
        assert!(json["message_creation_timestamp"]
            .as_str()
            .unwrap()
            .ends_with("+00:00"));
    }

    #[test]
    fn multi_value_messages_keep_their_keys() {
        let (a, b) = (Value::Int(1), Value::Str("x".into()));
        let out = [
            Outgoing {
                value_key: Some("a"),
                value: &a,
                data_type: "metadata(int)",
                output_name: "oa",
            },
            Outgoing {
                value_key: Some("b"),
                value: &b,
                data_type: "metadata(string)",
                output_name: "ob",
            },
        ];
        let bytes = encode(&out, &origin(), Serializer::Msgpack).unwrap();
        let Message::Multi(m) = decode(&bytes, Serializer::Msgpack, true).unwrap() else {
            panic!("multi expected")
        };
        assert_eq!(m["b"].value, Json::from("x"));
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn strings_are_the_whole_value() {
        let v = Value::Str("  hello ".into());
        let out = [Outgoing {
            value_key: None,
            value: &v,
            data_type: "metadata(string)",
            output_name: "o",
        }];
        assert_eq!(
            encode(&out, &origin(), Serializer::String).unwrap(),
            b"  hello "
        );
        assert_eq!(
            decode(b"abc", Serializer::String, false).unwrap(),
            Message::Text("abc".into())
        );
        assert!(decode(&[0xff], Serializer::String, false).is_err());
    }

    #[test]
    fn event_times_come_from_a_field() {
        let m = br#"{"ts": "2024-01-01T00:00:01Z", "ms": 1500, "value": {"value": 1, "data_type": "metadata(int)"}}"#;
        let (_, t) = decode_timed(m, Serializer::Json, false, Some("ts")).unwrap();
        assert_eq!(t, Some(1_704_067_201_000_000_000));
        let (_, t) = decode_timed(m, Serializer::Json, false, Some("ms")).unwrap();
        assert_eq!(t, Some(1_500_000_000));
        let e = decode_timed(m, Serializer::Json, false, Some("nope")).unwrap_err();
        assert!(e.contains("'nope'"), "{e}");
    }

    #[test]
    fn bad_messages_say_what_is_wrong() {
        for (bytes, says) in [
            (&b"{"[..], "not a JSON message"),
            (br#"{"value": {"value": 1}}"#, "data_type"),
            (
                br#"{"value": {"value": 1, "data_type": "blob"}}"#,
                "not an external type",
            ),
            (br#"{"values": {}}"#, "single-value"),
        ] {
            let e = decode(bytes, Serializer::Json, false).unwrap_err();
            assert!(e.contains(says), "{e}");
        }
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(decode(deep.as_bytes(), Serializer::Json, false).is_err());
        let mut deep_mp = vec![0x91u8; 10_000];
        deep_mp.push(0xc0);
        assert!(decode(&deep_mp, Serializer::Msgpack, false)
            .unwrap_err()
            .contains("MessagePack"));
    }
}
