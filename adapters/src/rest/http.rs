//! The HTTP client of the generic REST adapters: one agent with hetida's timeout and
//! certificate setting (TLS through the system's OpenSSL, the stack librdkafka uses too),
//! and bounded response bodies.

use rheo_core::adapter::AdapterError;
use std::io::Read;
use std::time::Duration;
use ureq::tls::{TlsConfig, TlsProvider};
use ureq::Agent;

/// A response: status, the `Data-Attributes` header, and the body as a bounded reader.
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// The base64 `Data-Attributes` header, if sent.
    pub attributes: Option<String>,
    /// The body, at most the configured number of bytes.
    pub body: Box<dyn Read + Send>,
}

/// The shared client.
#[derive(Clone)]
pub struct Http {
    agent: Agent,
    max_bytes: u64,
}

impl std::fmt::Debug for Http {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Http")
            .field("max_bytes", &self.max_bytes)
            .finish()
    }
}

impl Http {
    /// A client whose requests time out after `timeout` (connect to last body byte).
    pub fn new(timeout: Duration, verify_certs: bool, max_bytes: u64) -> Self {
        let tls = TlsConfig::builder()
            .provider(TlsProvider::NativeTls)
            .disable_verification(!verify_certs)
            .build();
        let agent: Agent = Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .tls_config(tls)
            .build()
            .into();
        Http { agent, max_bytes }
    }

    /// GET `url`.
    pub fn get(&self, url: &str) -> Result<Reply, AdapterError> {
        let resp = self
            .agent
            .get(url)
            .call()
            .map_err(|e| unreachable(url, &e))?;
        Ok(self.reply(resp))
    }

    /// POST a JSON body, with a `Data-Attributes` header when given.
    pub fn post_json(
        &self,
        url: &str,
        body: &[u8],
        attributes: Option<&str>,
    ) -> Result<Reply, AdapterError> {
        let mut req = self
            .agent
            .post(url)
            .header("Content-Type", "application/json");
        if let Some(a) = attributes {
            req = req.header("Data-Attributes", a);
        }
        let resp = req.send(body).map_err(|e| unreachable(url, &e))?;
        Ok(self.reply(resp))
    }

    fn reply(&self, resp: ureq::http::Response<ureq::Body>) -> Reply {
        let status = resp.status().as_u16();
        let attributes = resp
            .headers()
            .get("Data-Attributes")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = resp
            .into_body()
            .into_with_config()
            .limit(self.max_bytes)
            .reader();
        Reply {
            status,
            attributes,
            body: Box::new(body),
        }
    }
}

/// Reads a whole (bounded) body as text, for error messages and small answers.
pub fn text(reply: Reply) -> String {
    let mut s = String::new();
    let _ = reply.body.take(64 * 1024).read_to_string(&mut s);
    s
}

fn unreachable(url: &str, e: &ureq::Error) -> AdapterError {
    AdapterError::connection(format!(
        "Could not reach generic rest adapter endpoint {url}: {e}"
    ))
}
