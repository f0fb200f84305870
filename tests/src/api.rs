//! [`ApiService`]: a `rheo serve` started by a test together with a client for its HTTP
//! API (hetida's routes, jobs, templates), answering `(status, JSON body)`.

use super::RheoServe;
use serde_json::Value as Json;
use std::path::Path;
use std::time::{Duration, Instant};

/// A running service and a client for its HTTP port.
pub struct ApiService {
    /// The process (its log, kill, …).
    pub serve: RheoServe,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The HTTP client (4xx and 5xx are answers, not errors).
    pub agent: ureq::Agent,
}

impl ApiService {
    /// `rheo serve --no-kafka` over `dir` (its `store` and job database) with `env`, once it
    /// answers `/health`.
    pub fn start(dir: &Path, name: &str, env: &[(&str, &str)]) -> ApiService {
        let addr = format!("127.0.0.1:{}", super::free_port());
        let serve = RheoServe::start_with_http(dir, name, "", &addr, &["--no-kafka"], env);
        ApiService::over(serve, &addr)
    }

    /// A client for `serve`, whose HTTP endpoints are at `addr`, once it answers `/health`.
    pub fn over(serve: RheoServe, addr: &str) -> ApiService {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let service = ApiService {
            serve,
            base: format!("http://{addr}"),
            agent,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(r) = service.agent.get(format!("{}/health", service.base)).call() {
                if r.status() == 200 {
                    return service;
                }
            }
            assert!(
                Instant::now() < deadline,
                "rheo serve did not answer /health:\n{}",
                service.serve.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Status, `Location` header and body (JSON, else the text as a JSON string).
    pub fn answer(resp: ureq::http::Response<ureq::Body>) -> (u16, Option<String>, Json) {
        let status = resp.status().as_u16();
        let location = resp
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let text = resp
            .into_body()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .expect("reading the answer");
        let body = serde_json::from_str(&text).unwrap_or(Json::String(text));
        (status, location, body)
    }

    fn short(resp: ureq::http::Response<ureq::Body>) -> (u16, Json) {
        let (status, _, body) = Self::answer(resp);
        (status, body)
    }

    /// GET `path`.
    pub fn get(&self, path: &str) -> (u16, Json) {
        let url = format!("{}{path}", self.base);
        Self::short(self.agent.get(url).call().expect("GET"))
    }

    /// POST raw bytes as JSON.
    pub fn post(&self, path: &str, body: &[u8]) -> (u16, Json) {
        let (status, _, body) = self.post_located(path, body);
        (status, body)
    }

    /// POST raw bytes as JSON; the answer with its `Location` header.
    pub fn post_located(&self, path: &str, body: &[u8]) -> (u16, Option<String>, Json) {
        let resp = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Content-Type", "application/json")
            .send(body)
            .expect("POST");
        Self::answer(resp)
    }

    /// POST a JSON value.
    pub fn post_json(&self, path: &str, body: &Json) -> (u16, Json) {
        self.post(path, body.to_string().as_bytes())
    }

    /// PUT a JSON value.
    pub fn put_json(&self, path: &str, body: &Json) -> (u16, Json) {
        let resp = self
            .agent
            .put(format!("{}{path}", self.base))
            .header("Content-Type", "application/json")
            .send(body.to_string())
            .expect("PUT");
        Self::short(resp)
    }

    /// DELETE `path`.
    pub fn delete(&self, path: &str) -> (u16, Json) {
        let url = format!("{}{path}", self.base);
        Self::short(self.agent.delete(url).call().expect("DELETE"))
    }
}
