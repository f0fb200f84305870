//! From a wiring's `ref_key` to an object key (hetida-compat §10), both ways hetida names
//! objects: `<prefix>_<UTC time>_<job id>.<ext>`.
//!
//! Why this exists: the `ref_key` of a source is the display name hetida's UI shows for an
//! object (`Anomalies - 2023-02-14 12:19:38+00:00 - <job id> (pkl)`), and a sink's is
//! `<end node name> - Next Object`. Both are parsed strictly here and the key is re-rendered
//! from the parsed parts, so a wiring can never smuggle `..`, `/` or control characters into
//! a key.

use super::hierarchy::EndNode;
use chrono::{DateTime, NaiveDateTime, Utc};
use uuid::Uuid;

/// hetida's separator between the parts of a source or sink name.
const SEP: &str = " - ";
/// The end of a next-object sink's `ref_key`.
pub const NEXT_OBJECT: &str = "Next Object";

/// The kinds of objects hetida stores, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ext {
    /// JSON, what Rheo writes: wrapped SERIES/DATAFRAME or plain JSON.
    Json,
    /// A Python pickle (what hetida writes).
    Pkl,
    /// A Keras model in HDF5 (hetida writes these for Keras models).
    H5,
    /// The pickled custom objects belonging to a Keras model.
    CustomObjectsPkl,
}

impl Ext {
    /// The extension as written in keys and in `(…)` at the end of source names.
    pub fn as_str(self) -> &'static str {
        match self {
            Ext::Json => "json",
            Ext::Pkl => "pkl",
            Ext::H5 => "h5",
            Ext::CustomObjectsPkl => "custom_objects_pkl",
        }
    }

    fn parse(s: &str) -> Option<Ext> {
        [Ext::Json, Ext::Pkl, Ext::H5, Ext::CustomObjectsPkl]
            .into_iter()
            .find(|e| e.as_str() == s)
    }
}

/// One object: its bucket, key and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectRef {
    /// The bucket.
    pub bucket: String,
    /// The key inside the bucket.
    pub key: String,
    /// What the object holds.
    pub ext: Ext,
}

/// The object a source wiring names: `ref_key` = `<name> - <UTC time> - <job id> (<ext>)`
/// at end node `node`.
pub fn source(node: &EndNode, ref_key: &str) -> Result<ObjectRef, String> {
    let (time, job_id, ext) = timed_key(node, ref_key)?;
    let ext = ext.ok_or_else(|| {
        format!(
            "ref_key '{}' does not end with the object's type in brackets, such as ' (pkl)' \
             or ' (json)'",
            ref_key.escape_debug()
        )
    })?;
    object(node, &time, job_id, ext)
}

/// The object a sink wiring writes: `ref_key` = `<name> - Next Object` writes a new object
/// stamped `now` and `job_id`; an explicit `<name> - <UTC time> - <job id>` (or the filter
/// `object_key_suffix` = `<UTC time> - <job id>`) names the object as hetida allows. Rheo
/// always writes JSON.
pub fn sink(
    node: &EndNode,
    ref_key: &str,
    object_key_suffix: Option<&str>,
    job_id: Uuid,
    now: DateTime<Utc>,
) -> Result<ObjectRef, String> {
    let explicit;
    let ref_key = match object_key_suffix.filter(|s| !s.is_empty()) {
        Some(suffix) => {
            explicit = format!("{}{SEP}{suffix}", node.name);
            explicit.as_str()
        }
        None => ref_key,
    };
    if ref_key == format!("{}{SEP}{NEXT_OBJECT}", node.name) {
        return object(
            node,
            &now.format("%Y-%m-%dT%H:%M:%S+00:00").to_string(),
            job_id,
            Ext::Json,
        );
    }
    let (time, job_id, _) = timed_key(node, ref_key).map_err(|e| {
        format!(
            "{e} (a sink's ref_key is '{}{SEP}{NEXT_OBJECT}')",
            node.name
        )
    })?;
    object(node, &time, job_id, Ext::Json)
}

/// The parts of `<name> - <time> - <job id>[ (<ext>)]`: hetida's isoformat of the time,
/// the job id and the extension, if given.
fn timed_key(node: &EndNode, ref_key: &str) -> Result<(String, Uuid, Option<Ext>), String> {
    let shown = ref_key.escape_debug();
    let mut parts = ref_key.rsplitn(3, SEP);
    let (Some(rest), Some(time), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!(
            "ref_key '{shown}' is not '<name> - <UTC time> - <job id> (<type>)'"
        ));
    };
    if name != node.name {
        return Err(format!(
            "ref_key '{shown}' does not start with the name '{}' of the thing node '{}'",
            node.name, node.id
        ));
    }
    let (job, ext) = match rest.split_once(" (") {
        Some((job, ext)) => {
            let ext = ext.strip_suffix(')').ok_or_else(|| {
                format!("ref_key '{shown}': missing closing bracket after the type")
            })?;
            let ext = Ext::parse(ext).ok_or_else(|| {
                format!(
                    "ref_key '{shown}': unknown object type '{}' (json, pkl, h5)",
                    ext.escape_debug()
                )
            })?;
            (job, Some(ext))
        }
        None => (rest, None),
    };
    let job_id = Uuid::parse_str(job).map_err(|_| {
        format!(
            "ref_key '{shown}': '{}' is not a job id (UUID)",
            job.escape_debug()
        )
    })?;
    Ok((
        isoformat_utc(time).map_err(|e| format!("ref_key '{shown}': {e}"))?,
        job_id,
        ext,
    ))
}

/// Python's `datetime.fromisoformat(t).isoformat()` for a UTC time
/// (`2023-02-14 12:19:38+00:00` → `2023-02-14T12:19:38+00:00`; microseconds are kept, and
/// written only when not zero). Other offsets are refused, as hetida refuses them.
pub fn isoformat_utc(t: &str) -> Result<String, String> {
    let bad = || {
        format!(
            "'{}' is not a UTC time such as 2023-02-14 12:19:38+00:00",
            t.escape_debug()
        )
    };
    let naive = t
        .strip_suffix("+00:00")
        .or_else(|| t.strip_suffix('Z'))
        .ok_or_else(bad)?;
    if naive.len() < 19 || !matches!(naive.as_bytes()[10], b' ' | b'T') {
        return Err(bad());
    }
    let parsed =
        NaiveDateTime::parse_from_str(&naive.replacen('T', " ", 1), "%Y-%m-%d %H:%M:%S%.f")
            .map_err(|_| bad())?;
    let nanos = parsed.and_utc().timestamp_subsec_nanos();
    if nanos % 1000 != 0 {
        return Err(bad());
    }
    let base = parsed.format("%Y-%m-%dT%H:%M:%S");
    Ok(if nanos == 0 {
        format!("{base}+00:00")
    } else {
        format!("{base}.{:06}+00:00", nanos / 1000)
    })
}

/// `<prefix>_<time>_<job id>.<ext>` in `node`'s bucket.
fn object(node: &EndNode, time: &str, job_id: Uuid, ext: Ext) -> Result<ObjectRef, String> {
    let key = format!("{}_{time}_{job_id}.{}", node.prefix, ext.as_str());
    safe_key(&key)?;
    Ok(ObjectRef {
        bucket: node.bucket.clone(),
        key,
        ext,
    })
}

/// A last check that `key` cannot leave its prefix: no empty, `.` or `..` segments, no
/// leading `/`, no control characters, and only the characters hetida's keys use.
pub fn safe_key(key: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "/_.:+-".contains(c);
    if key.is_empty()
        || key
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..")
        || !key.chars().all(allowed)
    {
        return Err(format!("'{}' is not a safe object key", key.escape_debug()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const JOB: &str = "8b3a7a1e-52b5-4d50-9d66-2a2d4c0b6c2f";

    fn node() -> EndNode {
        EndNode {
            id: "planta-picklingunit/Influx/Anomalies".into(),
            name: "Anomalies".into(),
            bucket: "planta-picklingunit".into(),
            prefix: "Influx/Anomalies".into(),
        }
    }

    #[test]
    fn source_keys_follow_hetidas_naming() {
        let o = source(
            &node(),
            &format!("Anomalies - 2023-02-14 12:19:38+00:00 - {JOB} (pkl)"),
        )
        .unwrap();
        assert_eq!(o.bucket, "planta-picklingunit");
        assert_eq!(
            o.key,
            format!("Influx/Anomalies_2023-02-14T12:19:38+00:00_{JOB}.pkl")
        );
        assert_eq!(o.ext, Ext::Pkl);
        let o = source(
            &node(),
            &format!("Anomalies - 2023-02-14T12:19:38.250Z - {JOB} (json)"),
        )
        .unwrap();
        assert_eq!(
            o.key,
            format!("Influx/Anomalies_2023-02-14T12:19:38.250000+00:00_{JOB}.json")
        );
        assert_eq!(
            source(
                &node(),
                &format!("Anomalies - 2023-02-14 12:19:38+00:00 - {JOB} (h5)")
            )
            .unwrap()
            .ext,
            Ext::H5
        );
    }

    #[test]
    fn bad_source_keys_are_explained() {
        let e = |k: &str| source(&node(), k).unwrap_err();
        assert!(e("Anomalies").contains("is not '<name>"));
        assert!(
            e(&format!("Models - 2023-02-14 12:19:38+00:00 - {JOB} (pkl)"))
                .contains("does not start with the name 'Anomalies'")
        );
        assert!(e(&format!(
            "Anomalies - 2023-02-14 12:19:38+01:00 - {JOB} (pkl)"
        ))
        .contains("not a UTC time"));
        assert!(e(&format!("Anomalies - yesterday+00:00 - {JOB} (pkl)")).contains("not a UTC time"));
        assert!(e("Anomalies - 2023-02-14 12:19:38+00:00 - ../../x (pkl)").contains("not a job id"));
        assert!(e(&format!(
            "Anomalies - 2023-02-14 12:19:38+00:00 - {JOB} (exe)"
        ))
        .contains("unknown object type"));
        assert!(e(&format!(
            "Anomalies - 2023-02-14 12:19:38+00:00 - {JOB} (pkl"
        ))
        .contains("closing bracket"));
        assert!(e(&format!("Anomalies - 2023-02-14 12:19:38+00:00 - {JOB}"))
            .contains("type in brackets"));
        assert!(e(&format!(
            "Anomalies - 2023-02-14 12:19:38\n+00:00 - {JOB} (pkl)"
        ))
        .contains("not a UTC time"));
    }

    #[test]
    fn next_object_sinks_are_stamped_now_with_the_job_id() {
        let now = Utc.with_ymd_and_hms(2024, 5, 6, 7, 8, 9).unwrap();
        let job = Uuid::parse_str(JOB).unwrap();
        let o = sink(&node(), "Anomalies - Next Object", None, job, now).unwrap();
        assert_eq!(
            o.key,
            format!("Influx/Anomalies_2024-05-06T07:08:09+00:00_{JOB}.json")
        );
        assert_eq!(o.ext, Ext::Json);
        // hetida's explicit forms: a full key, or the object_key_suffix filter.
        let other = "11111111-2222-3333-4444-555555555555";
        let o = sink(
            &node(),
            &format!("Anomalies - 2020-01-01 00:00:00+00:00 - {other}"),
            None,
            job,
            now,
        )
        .unwrap();
        assert_eq!(
            o.key,
            format!("Influx/Anomalies_2020-01-01T00:00:00+00:00_{other}.json")
        );
        let o = sink(
            &node(),
            "Anomalies - Next Object",
            Some(&format!("2021-01-01 00:00:00+00:00 - {other}")),
            job,
            now,
        )
        .unwrap();
        assert!(o
            .key
            .starts_with("Influx/Anomalies_2021-01-01T00:00:00+00:00_"));
        let e = sink(&node(), "Models - Next Object", None, job, now).unwrap_err();
        assert!(e.contains("Anomalies - Next Object"), "{e}");
    }

    #[test]
    fn unsafe_keys_are_refused() {
        assert!(safe_key("Influx/Anomalies_2024-05-06T07:08:09+00:00_x.json").is_ok());
        for bad in [
            "", "/abs", "a//b", "a/../b", "a/./b", "..", "a\nb", "a b", "a\\b", "a?b",
        ] {
            assert!(safe_key(bad).is_err(), "{bad:?}");
        }
    }
}
