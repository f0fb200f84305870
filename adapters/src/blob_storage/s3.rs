//! The few S3 calls the adapter makes (HEAD/PUT bucket, HEAD/GET/PUT object), signed by
//! `rusty-s3` and sent with the blocking `ureq` client the REST adapters use.
//!
//! Why this exists: an S3 SDK would bring its own async runtime and TLS stack for five
//! requests. Requests are presigned (query-string SigV4, or unsigned when anonymous), carry
//! the external request timeout from connect to the last byte, and read at most
//! `max_file_bytes` of an object. Signed URLs never appear in error messages (they carry the
//! access key id and any session token); messages name the endpoint, bucket and key.

use super::settings::Credentials as Keys;
use rheo_core::adapter::AdapterError;
use rusty_s3::{Bucket, Credentials, S3Action, UrlStyle};
use std::time::Duration;
use ureq::tls::{TlsConfig, TlsProvider};
use ureq::Agent;
use url::Url;

/// How long a presigned request stays valid (it is sent at once; this only has to outlast
/// clock skew and the request itself).
const SIGNED_FOR: Duration = Duration::from_secs(15 * 60);

/// Error texts read from S3 error bodies are cut to this many bytes.
const MAX_ERROR_BODY: u64 = 16 * 1024;

/// A client for one S3 endpoint and region.
#[derive(Clone)]
pub struct S3 {
    agent: Agent,
    endpoint: Url,
    style: UrlStyle,
    region: String,
    credentials: Option<Credentials>,
    max_bytes: u64,
    timeout: Duration,
}

impl std::fmt::Debug for S3 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3")
            .field("endpoint", &self.endpoint.as_str())
            .field("region", &self.region)
            .field("signed", &self.credentials.is_some())
            .finish_non_exhaustive()
    }
}

/// What a HEAD or GET found.
#[derive(Debug, PartialEq, Eq)]
pub enum Found<T> {
    /// The object (or bucket) exists.
    Yes(T),
    /// S3 answered 404 (`NoSuchKey`).
    NoObject,
    /// S3 answered 404 `NoSuchBucket`.
    NoBucket,
}

impl S3 {
    /// A client for `endpoint` (`None`: AWS, `https://s3.<region>.amazonaws.com`, with
    /// virtual-host-style URLs; a configured endpoint such as MinIO gets path-style URLs).
    /// `credentials` `None` sends unsigned requests (anonymous access).
    pub fn new(
        endpoint: Option<&str>,
        region: &str,
        credentials: Option<&Keys>,
        timeout: Duration,
        max_bytes: u64,
    ) -> Result<S3, String> {
        let (text, style) = match endpoint {
            Some(e) => (e.to_string(), UrlStyle::Path),
            None => (
                format!("https://s3.{region}.amazonaws.com"),
                UrlStyle::VirtualHost,
            ),
        };
        let endpoint: Url = text
            .parse()
            .map_err(|e| format!("'{text}' is not a URL: {e}"))?;
        if !matches!(endpoint.scheme(), "http" | "https") || endpoint.host_str().is_none() {
            return Err(format!("'{text}' is not an http(s) URL with a host"));
        }
        if !endpoint.username().is_empty() || endpoint.password().is_some() {
            return Err(format!(
                "'{}' carries credentials; give them in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY",
                endpoint.host_str().unwrap_or_default()
            ));
        }
        let tls = TlsConfig::builder()
            .provider(TlsProvider::NativeTls)
            .build();
        let agent: Agent = Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .tls_config(tls)
            .build()
            .into();
        let credentials = credentials.map(|k| match &k.session_token {
            Some(t) => Credentials::new_with_token(&k.access_key_id, &k.secret_access_key.0, &t.0),
            None => Credentials::new(&k.access_key_id, &k.secret_access_key.0),
        });
        let s3 = S3 {
            agent,
            endpoint,
            style,
            region: region.to_string(),
            credentials,
            max_bytes,
            timeout,
        };
        s3.bucket("probe-bucket-name").map_err(|e| e.message)?;
        Ok(s3)
    }

    /// The endpoint, for messages.
    pub fn endpoint(&self) -> &str {
        self.endpoint.as_str()
    }

    fn bucket(&self, name: &str) -> Result<Bucket, AdapterError> {
        Bucket::new(
            self.endpoint.clone(),
            self.style,
            name.to_string(),
            self.region.clone(),
        )
        .map_err(|e| {
            AdapterError::handling(format!(
                "Cannot address bucket '{name}' at {}: {e:?}",
                self.endpoint
            ))
        })
    }

    /// Whether bucket `name` exists (HEAD bucket).
    pub fn bucket_exists(&self, name: &str) -> Result<bool, AdapterError> {
        let bucket = self.bucket(name)?;
        let url = bucket
            .head_bucket(self.credentials.as_ref())
            .sign(SIGNED_FOR);
        let what = format!("bucket '{name}'");
        let resp = self.call(&what, self.agent.head(url.as_str()).call())?;
        match resp.status().as_u16() {
            200 => Ok(true),
            404 => Ok(false),
            _ => Err(self.failed("head_bucket", &what, resp)),
        }
    }

    /// Creates bucket `name` in the client's region; an existing bucket of ours is fine.
    pub fn create_bucket(&self, name: &str) -> Result<(), AdapterError> {
        let what = format!("bucket '{name}'");
        let Some(credentials) = self.credentials.as_ref() else {
            return Err(AdapterError::connection(format!(
                "The bucket '{name}' does not exist, and anonymous access cannot create it!"
            )));
        };
        let bucket = self.bucket(name)?;
        let action = bucket.create_bucket(credentials);
        let body = action.body();
        let url = action.sign(SIGNED_FOR);
        let resp = self.call(&what, self.agent.put(url.as_str()).send(body.as_bytes()))?;
        let status = resp.status().as_u16();
        if status == 200 {
            return Ok(());
        }
        let body = body_text(resp);
        match xml_tag(&body, "Code") {
            // Created meanwhile by another request of ours.
            Some("BucketAlreadyOwnedByYou") => Ok(()),
            _ => Err(AdapterError::connection(format!(
                "Unexpected answer to the create_bucket call for the {what} at {}: status {status}, {}",
                self.endpoint,
                s3_error(&body)
            ))),
        }
    }

    /// Whether the object exists (HEAD object).
    pub fn object_exists(&self, bucket: &str, key: &str) -> Result<bool, AdapterError> {
        let b = self.bucket(bucket)?;
        let url = b
            .head_object(self.credentials.as_ref(), key)
            .sign(SIGNED_FOR);
        let what = object_name(bucket, key);
        let resp = self.call(&what, self.agent.head(url.as_str()).call())?;
        match resp.status().as_u16() {
            200 => Ok(true),
            404 => Ok(false),
            _ => Err(self.failed("head_object", &what, resp)),
        }
    }

    /// The object's bytes, at most `max_bytes` of them.
    pub fn get_object(&self, bucket: &str, key: &str) -> Result<Found<Vec<u8>>, AdapterError> {
        let b = self.bucket(bucket)?;
        let url = b
            .get_object(self.credentials.as_ref(), key)
            .sign(SIGNED_FOR);
        let what = object_name(bucket, key);
        let resp = self.call(&what, self.agent.get(url.as_str()).call())?;
        match resp.status().as_u16() {
            200 => {}
            404 => {
                return Ok(match error_code(resp).as_deref() {
                    Some("NoSuchBucket") => Found::NoBucket,
                    _ => Found::NoObject,
                })
            }
            _ => return Err(self.failed("get_object", &what, resp)),
        }
        let too_big = |n: Option<u64>| {
            AdapterError::handling(format!(
                "The {what} is {}larger than the largest object read ({} bytes, \
                 RHEO_ADAPTER_MAX_FILE_BYTES)",
                n.map(|n| format!("{n} bytes, ")).unwrap_or_default(),
                self.max_bytes
            ))
        };
        let length = resp.body().content_length();
        if length.is_some_and(|n| n > self.max_bytes) {
            return Err(too_big(length));
        }
        resp.into_body()
            .into_with_config()
            .limit(self.max_bytes)
            .read_to_vec()
            .map(Found::Yes)
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => too_big(None),
                e => self.transport(&what, &e),
            })
    }

    /// Writes a new object. `If-None-Match: *` makes servers that support conditional
    /// writes refuse to replace an object created since the caller's HEAD; a 412 is
    /// reported as `Ok(false)`.
    pub fn put_new_object(
        &self,
        bucket: &str,
        key: &str,
        body: &[u8],
        content_type: &str,
    ) -> Result<bool, AdapterError> {
        let b = self.bucket(bucket)?;
        let url = b
            .put_object(self.credentials.as_ref(), key)
            .sign(SIGNED_FOR);
        let what = object_name(bucket, key);
        let send = |conditional: bool| {
            let mut req = self
                .agent
                .put(url.as_str())
                .header("Content-Type", content_type);
            if conditional {
                req = req.header("If-None-Match", "*");
            }
            self.call(&what, req.send(body))
        };
        let mut resp = send(true)?;
        if resp.status().as_u16() == 501 {
            // A server without conditional writes; the HEAD before is the only check then.
            resp = send(false)?;
        }
        match resp.status().as_u16() {
            200 => Ok(true),
            412 => Ok(false),
            _ => Err(self.failed("put_object", &what, resp)),
        }
    }

    /// A response, or the transport error as `AdapterConnectionError`.
    fn call(
        &self,
        what: &str,
        r: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<ureq::http::Response<ureq::Body>, AdapterError> {
        r.map_err(|e| self.transport(what, &e))
    }

    fn transport(&self, what: &str, e: &ureq::Error) -> AdapterError {
        let reason = match e {
            ureq::Error::Timeout(_) => format!(
                "no answer within the external request timeout ({:?}, EXTERNAL_REQUEST_TIMEOUT)",
                self.timeout
            ),
            ureq::Error::HostNotFound => "the host name does not resolve".to_string(),
            other => redact(&other.to_string()),
        };
        AdapterError::connection(format!(
            "Could not reach the blob storage at {} for the {what}: {reason}",
            self.endpoint
        ))
    }

    /// An unexpected status as `AdapterConnectionError` with S3's error code and message.
    fn failed(
        &self,
        call: &str,
        what: &str,
        resp: ureq::http::Response<ureq::Body>,
    ) -> AdapterError {
        let status = resp.status().as_u16();
        let detail = s3_error(&body_text(resp));
        AdapterError::connection(format!(
            "Unexpected answer to the {call} call for the {what} at {}: status {status}{}",
            self.endpoint,
            if detail.is_empty() {
                String::new()
            } else {
                format!(", {detail}")
            }
        ))
    }
}

/// A transport error's text without any signed query string it may quote.
fn redact(text: &str) -> String {
    match text.find("X-Amz-") {
        Some(at) => {
            let cut = text[..at].rfind('?').unwrap_or(at);
            format!("{}?…", &text[..cut])
        }
        None => text.to_string(),
    }
}

fn object_name(bucket: &str, key: &str) -> String {
    format!("object '{key}' in bucket '{bucket}'")
}

/// The start of an error body.
fn body_text(resp: ureq::http::Response<ureq::Body>) -> String {
    resp.into_body()
        .into_with_config()
        .limit(MAX_ERROR_BODY)
        .lossy_utf8(true)
        .read_to_string()
        .unwrap_or_default()
}

/// The text of the first `<tag>…</tag>` in an S3 XML error body.
fn xml_tag<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let start = xml.find(&format!("<{tag}>"))? + tag.len() + 2;
    let len = xml[start..].find(&format!("</{tag}>"))?;
    Some(xml[start..start + len].trim())
}

/// S3's error code (`NoSuchKey`, `AccessDenied`, …) from an error body.
fn error_code(resp: ureq::http::Response<ureq::Body>) -> Option<String> {
    xml_tag(&body_text(resp), "Code").map(str::to_string)
}

/// `Code: Message` from an S3 error body, or its start when it is not S3 XML.
fn s3_error(body: &str) -> String {
    match (xml_tag(body, "Code"), xml_tag(body, "Message")) {
        (Some(c), Some(m)) => format!("{c}: {m}"),
        (Some(c), None) => c.to_string(),
        _ => redact(body.chars().take(300).collect::<String>().trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_error_bodies_are_summarised() {
        let body = "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>";
        assert_eq!(xml_tag(body, "Code"), Some("AccessDenied"));
        assert_eq!(s3_error(body), "AccessDenied: Access Denied");
        assert_eq!(s3_error("plain text"), "plain text");
    }

    #[test]
    fn signed_query_strings_are_redacted() {
        let t = "bad uri http://h/b/k?X-Amz-Credential=AKIA&X-Amz-Security-Token=SECRET";
        assert_eq!(redact(t), "bad uri http://h/b/k?…");
        assert_eq!(redact("Connection refused"), "Connection refused");
    }

    #[test]
    fn endpoints_are_checked() {
        let t = Duration::from_secs(1);
        assert!(S3::new(Some("http://127.0.0.1:9000"), "eu-central-1", None, t, 10).is_ok());
        assert!(S3::new(None, "eu-central-1", None, t, 10).is_ok());
        assert!(S3::new(Some("minio:9000"), "eu-central-1", None, t, 10).is_err());
        assert!(S3::new(Some("ftp://minio"), "eu-central-1", None, t, 10).is_err());
        let e = S3::new(Some("http://user:pw@minio"), "eu-central-1", None, t, 10).unwrap_err();
        assert!(!e.contains("pw"), "{e}");
    }
}
