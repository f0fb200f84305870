//! Generic REST adapters (hetida-compat §9): adapters the user runs in front of historians
//! and data lakes, registered by id and URL (`HETIDA_DESIGNER_ADAPTERS`), spoken to over
//! their `/timeseries`, `/dataframe`, `/multitsframe` and metadata endpoints.
//!
//! Layout: [`http`] (the client: timeout, certificates, bounded bodies), [`records`]
//! (NDJSON answers → series and frames), [`send`] (sink bodies); this module validates and
//! groups wirings and builds the URLs. A broken or slow adapter fails the requests that
//! wire it, with `AdapterConnectionError`, after at most the external request timeout.

pub mod http;
pub mod records;
pub mod send;

use base64::Engine as _;
use http::{Http, Reply};
use indexmap::IndexMap;
use rheo_core::adapter::{AdapterError, AdapterFuture, SendContext, SinkAdapter, SourceAdapter};
use rheo_core::model::wiring::{InputWiring, OutputWiring};
use rheo_core::value::parse::Raw;
use rheo_core::{Shared, Value};
use serde::Deserialize;
use serde_json::{Map, Value as Json};

/// One registered adapter (`id|name|url|internalUrl`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RestAdapterConfig {
    /// The key wirings use as `adapter_id`.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// The URL the UI uses.
    #[serde(default)]
    pub url: String,
    /// The URL the runtime uses.
    pub internal_url: String,
}

/// The external type of a wiring, normalised (hetida-compat §2.6).
#[derive(Debug, Clone, PartialEq, Eq)]
enum External {
    Timeseries(String),
    Series,
    DataFrame,
    MultiTsFrame,
    Metadata(String),
}

fn external(t: Option<&str>) -> Result<External, AdapterError> {
    let t = t.ok_or_else(|| {
        AdapterError::wiring_invalid("Unset type in a wiring using generic rest adapter.")
    })?;
    let value_type = |inner: &str| match inner {
        "int" | "integer" => Some("int"),
        "float" => Some("float"),
        "string" | "str" => Some("string"),
        "boolean" | "bool" => Some("boolean"),
        "any" | "object" => Some("any"),
        _ => None,
    };
    let unknown = || {
        AdapterError::wiring_invalid(format!(
            "Unknown type {t} in a wiring using generic rest adapter."
        ))
    };
    match t {
        "dataframe" => Ok(External::DataFrame),
        "multitsframe" => Ok(External::MultiTsFrame),
        _ => {
            let (kind, inner) = t
                .strip_suffix(')')
                .and_then(|x| x.split_once('('))
                .ok_or_else(unknown)?;
            let v = value_type(inner).ok_or_else(unknown)?.to_string();
            match kind {
                "timeseries" => Ok(External::Timeseries(v)),
                "series" => Ok(External::Series),
                "metadata" => Ok(External::Metadata(v)),
                _ => Err(unknown()),
            }
        }
    }
}

/// Time-series wirings that share one `GET /timeseries` call: same filters, same value type.
type TimeseriesGroup = (Vec<(String, String)>, String);

/// A generic REST adapter.
#[derive(Debug, Clone)]
pub struct RestAdapter {
    config: RestAdapterConfig,
    base: String,
    http: Http,
}

/// Characters Python's `urllib.parse.quote` leaves alone (plus `/`, its default safe set).
const PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~')
    .remove(b'/');

impl RestAdapter {
    /// The adapter for one registration.
    pub fn new(config: RestAdapterConfig, http: Http) -> Self {
        let base = config.internal_url.trim_end_matches('/').to_string();
        RestAdapter { config, base, http }
    }

    fn url(&self, path: &str, query: &[(&str, &str)]) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in query {
            q.append_pair(k, v);
        }
        format!("{}/{path}?{}", self.base, q.finish())
    }

    /// The filters as query parameters; `timestampFrom`/`timestampTo` become `from`/`to`
    /// (required for time-based types).
    fn query<'a>(
        &self,
        filters: &'a IndexMap<String, String>,
        timed: Option<&str>,
    ) -> Result<Vec<(&'a str, &'a str)>, AdapterError> {
        let mut q: Vec<(&str, &str)> = Vec::new();
        if let Some(what) = timed {
            let (Some(from), Some(to)) = (filters.get("timestampFrom"), filters.get("timestampTo"))
            else {
                return Err(AdapterError::wiring_invalid(format!(
                    "{what} data with no to/from filters."
                )));
            };
            q.push(("from", from));
            q.push(("to", to));
        }
        for (k, v) in filters {
            if timed.is_none() || (k != "timestampFrom" && k != "timestampTo") {
                q.push((k, v));
            }
        }
        Ok(q)
    }

    /// A data answer: `None` for hetida's `RESULT_EMPTY` 404, the reply for 200, else an
    /// `AdapterConnectionError` with the status and body.
    fn data(&self, url: &str) -> Result<Option<Reply>, AdapterError> {
        let reply = self.http.get(url)?;
        match reply.status {
            200 => Ok(Some(reply)),
            status => {
                let body = http::text(reply);
                let empty = serde_json::from_str::<Json>(&body)
                    .is_ok_and(|j| j["errorCode"] == "RESULT_EMPTY");
                if status == 404 && empty {
                    Ok(None)
                } else {
                    Err(AdapterError::connection(format!(
                        "Requesting framelike data from generic rest adapter endpoint {url} failed. Status code: {status}. Text: {body}"
                    )))
                }
            }
        }
    }

    fn load_all(&self, wirings: &[&InputWiring]) -> Result<Vec<(String, Value)>, AdapterError> {
        let mut out = Vec::new();
        let mut ts_groups: IndexMap<TimeseriesGroup, Vec<&InputWiring>> = IndexMap::new();
        for w in wirings {
            let ref_id = w.ref_id.as_deref().ok_or_else(|| {
                AdapterError::wiring_invalid("Unset ref id in a wiring using generic rest adapter.")
            })?;
            match external(w.external_type.as_deref())? {
                External::Timeseries(t) => {
                    let key: Vec<(String, String)> = w.filters.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                    ts_groups.entry((key, t)).or_default().push(w);
                }
                External::DataFrame => out.push((w.workflow_input_name.clone(), Value::Frame(self.frame(ref_id, w, false)?))),
                External::MultiTsFrame => out.push((w.workflow_input_name.clone(), Value::Frame(self.frame(ref_id, w, true)?))),
                External::Metadata(t) => out.push((w.workflow_input_name.clone(), self.metadatum(ref_id, w, &t)?)),
                External::Series => {
                    return Err(AdapterError::wiring_invalid(format!(
                        "Input '{}': generic REST adapters load timeseries(...) wirings, not series(...) (hetida leaves such an input unset)",
                        w.workflow_input_name
                    )))
                }
            }
        }
        for ((_, value_type), group) in ts_groups {
            out.extend(self.timeseries(&group, &value_type)?);
        }
        Ok(out)
    }

    fn timeseries(
        &self,
        group: &[&InputWiring],
        value_type: &str,
    ) -> Result<Vec<(String, Value)>, AdapterError> {
        let filters = &group[0].filters;
        let mut query: Vec<(&str, &str)> = group
            .iter()
            .filter_map(|w| w.ref_id.as_deref())
            .map(|id| ("id", id))
            .collect();
        query.extend(self.query(filters, Some("Timeseries"))?);
        let url = self.url("timeseries", &query);
        let wanted: Vec<(&str, &str)> = group
            .iter()
            .filter_map(|w| w.ref_id.as_deref())
            .map(|id| (id, value_type))
            .collect();
        let series = match self.data(&url)? {
            None => records::timeseries(&b""[..], &wanted, &Map::new()),
            Some(reply) => {
                let attrs = attributes(reply.attributes.as_deref());
                records::timeseries(reply.body, &wanted, &attrs)
            }
        }
        .map_err(|e| AdapterError::handling(format!("{url}: {e}")))?;
        Ok(group
            .iter()
            .map(|w| {
                let id = w.ref_id.as_deref().unwrap_or_default();
                (
                    w.workflow_input_name.clone(),
                    series.get(id).cloned().map_or(Value::Null, Value::Series),
                )
            })
            .collect())
    }

    fn frame(
        &self,
        ref_id: &str,
        w: &InputWiring,
        multi: bool,
    ) -> Result<rheo_core::value::FrameValue, AdapterError> {
        let mut query = vec![("id", ref_id)];
        query.extend(self.query(&w.filters, multi.then_some("MultiTSFrame"))?);
        let url = self.url(if multi { "multitsframe" } else { "dataframe" }, &query);
        let (body, attrs): (Box<dyn std::io::Read + Send>, _) = match self.data(&url)? {
            None => (Box::new(std::io::empty()), Map::new()),
            Some(reply) => {
                let a = attributes(reply.attributes.as_deref());
                (reply.body, a)
            }
        };
        let parsed = if multi {
            records::multitsframe(body, attrs)
        } else {
            records::dataframe(body, attrs)
        };
        parsed.map_err(|e| AdapterError::handling(format!("{url}: {e}")))
    }

    fn metadata_url(
        &self,
        ref_id: &str,
        w_kind: Option<&str>,
        key: Option<&str>,
        filters: &IndexMap<String, String>,
    ) -> Result<String, AdapterError> {
        let key = key.ok_or_else(|| {
            AdapterError::wiring_invalid(
                "A metadata wiring of a generic rest adapter needs ref_key and ref_id_type.",
            )
        })?;
        let kind =
            match w_kind {
                Some("SOURCE") => "sources",
                Some("SINK") => "sinks",
                Some(_) => "thingNodes",
                None => return Err(AdapterError::wiring_invalid(
                    "A metadata wiring of a generic rest adapter needs ref_key and ref_id_type.",
                )),
            };
        let enc = |s: &str| percent_encoding::utf8_percent_encode(s, PATH).to_string();
        let q: Vec<(&str, &str)> = filters
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        Ok(self.url(&format!("{kind}/{}/metadata/{}", enc(ref_id), enc(key)), &q))
    }

    fn metadatum(
        &self,
        ref_id: &str,
        w: &InputWiring,
        value_type: &str,
    ) -> Result<Value, AdapterError> {
        let url = self.metadata_url(
            ref_id,
            w.ref_id_type.as_deref(),
            w.ref_key.as_deref(),
            &w.filters,
        )?;
        let reply = self.http.get(&url)?;
        let status = reply.status;
        let body = http::text(reply);
        if status != 200 {
            return Err(AdapterError::connection(format!(
                "Requesting metadata from generic rest adapter endpoint {url} failed. Status code: {status}. Text: {body}"
            )));
        }
        #[derive(Deserialize)]
        struct Metadatum {
            key: String,
            value: Json,
            #[serde(rename = "dataType")]
            data_type: Option<String>,
        }
        let m: Metadatum = serde_json::from_str(&body).map_err(|e| {
            AdapterError::handling(format!("{url}: the metadatum is not valid: {e}"))
        })?;
        if Some(m.key.as_str()) != w.ref_key.as_deref()
            || m.data_type.as_deref().is_some_and(|t| t != value_type)
        {
            return Err(AdapterError::connection(format!(
                "{url}: the adapter answered key '{}' of type {:?}, the wiring asks for '{}' of type {value_type}",
                m.key,
                m.data_type,
                w.ref_key.as_deref().unwrap_or_default()
            )));
        }
        Ok(match (value_type, m.value) {
            ("any", Json::String(s)) => serde_json::from_str(&s)
                .map(Value::Json)
                .unwrap_or(Value::Str(s)),
            (_, v) => Value::Json(v),
        })
    }

    fn send_all(
        &self,
        wirings: &[&OutputWiring],
        results: &IndexMap<String, Shared>,
    ) -> Result<(), AdapterError> {
        for w in wirings {
            let Some(value) = results.get(&w.workflow_output_name) else {
                continue;
            };
            let (url, body, attrs) = self.post_of(w, value)?;
            let reply = self.http.post_json(&url, &body, attrs.as_deref())?;
            if reply.status != 200 && reply.status != 201 {
                let status = reply.status;
                return Err(AdapterError::connection(format!(
                    "Posting data to generic rest adapter endpoint {url} failed. Status code: {status}. Text: {}",
                    http::text(reply)
                )));
            }
        }
        Ok(())
    }

    /// The URL, body and `Data-Attributes` header that send one output.
    fn post_of(&self, w: &OutputWiring, value: &Shared) -> Result<Post, AdapterError> {
        let ref_id = w.ref_id.as_deref().ok_or_else(|| {
            AdapterError::wiring_invalid("Unset ref id in a wiring using generic rest adapter.")
        })?;
        let out_err = |e: String| {
            AdapterError::output_data(format!(
                "Output '{}' to {}: {e}",
                w.workflow_output_name, self.config.id
            ))
        };
        let url = |path: &str, id_param: &str| {
            let mut query = vec![(id_param, ref_id)];
            query.extend(w.filters.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            self.url(path, &query)
        };
        Ok(
            match (external(w.external_type.as_deref())?, value.as_ref()) {
                (External::Timeseries(t), Value::Series(s)) => (
                    url("timeseries", "timeseriesId"),
                    send::timeseries(s, &t).map_err(out_err)?,
                    encode_attrs(&s.attrs),
                ),
                (External::DataFrame, Value::Frame(f)) => (
                    url("dataframe", "id"),
                    send::dataframe(f),
                    encode_attrs(&f.attrs),
                ),
                (External::MultiTsFrame, Value::Frame(f)) => (
                    url("multitsframe", "id"),
                    send::multitsframe(f).map_err(out_err)?,
                    encode_attrs(&f.attrs),
                ),
                (External::Metadata(t), v) => {
                    let key = w.ref_key.as_deref();
                    let kind = w.ref_id_type.as_deref();
                    let url = self.metadata_url(ref_id, kind, key, &w.filters)?;
                    let body = send::metadatum(key.unwrap_or_default(), v, &t).map_err(out_err)?;
                    (url, body, None)
                }
                (t, v) => {
                    return Err(out_err(format!(
                        "a {} cannot be sent as {t:?}",
                        v.kind_name()
                    )))
                }
            },
        )
    }
}

/// One POST to an adapter: URL, JSON body, optional `Data-Attributes` header.
type Post = (String, Vec<u8>, Option<String>);

/// The `Data-Attributes` header as a JSON object (anything else counts as none).
fn attributes(header: Option<&str>) -> Map<String, Json> {
    header
        .and_then(|h| {
            base64::engine::general_purpose::STANDARD
                .decode(h.trim())
                .ok()
        })
        .and_then(|b| serde_json::from_slice::<Json>(&b).ok())
        .and_then(|j| {
            if let Json::Object(m) = j {
                Some(m)
            } else {
                None
            }
        })
        .unwrap_or_default()
}

fn encode_attrs(attrs: &Map<String, Json>) -> Option<String> {
    (!attrs.is_empty()).then(|| {
        base64::engine::general_purpose::STANDARD.encode(Json::Object(attrs.clone()).to_string())
    })
}

impl SourceAdapter for RestAdapter {
    fn id(&self) -> &str {
        &self.config.id
    }

    fn load<'a, 'w: 'a>(
        &'a self,
        wirings: &'a [&'w InputWiring],
    ) -> AdapterFuture<'a, Vec<(String, Raw<'w>)>> {
        Box::pin(async move {
            let values = self.load_all(wirings)?;
            Ok(values
                .into_iter()
                .filter(|(_, v)| *v != Value::Null)
                .map(|(name, v)| (name, Raw::Value(v)))
                .collect())
        })
    }
}

impl SinkAdapter for RestAdapter {
    fn id(&self) -> &str {
        &self.config.id
    }

    fn send<'a>(
        &'a self,
        wirings: &'a [&'a OutputWiring],
        results: &'a IndexMap<String, Shared>,
        _context: SendContext<'a>,
    ) -> AdapterFuture<'a, IndexMap<String, Shared>> {
        Box::pin(async move {
            self.send_all(wirings, results)?;
            Ok(IndexMap::new())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_types_and_aliases() {
        assert_eq!(
            external(Some("timeseries(float)")).unwrap(),
            External::Timeseries("float".into())
        );
        assert_eq!(
            external(Some("metadata(integer)")).unwrap(),
            External::Metadata("int".into())
        );
        assert_eq!(external(Some("dataframe")).unwrap(), External::DataFrame);
        assert!(external(Some("timeseries(complex)"))
            .unwrap_err()
            .message
            .contains("Unknown type"));
        assert!(external(None).unwrap_err().message.contains("Unset type"));
    }

    #[test]
    fn data_attributes_decode_to_objects_only() {
        let h = base64::engine::general_purpose::STANDARD.encode(r#"{"a": {"unit": "K"}}"#);
        assert_eq!(attributes(Some(&h))["a"]["unit"], "K");
        assert!(attributes(Some("not base64!")).is_empty());
        assert!(attributes(Some(
            &base64::engine::general_purpose::STANDARD.encode("[1]")
        ))
        .is_empty());
    }
}
