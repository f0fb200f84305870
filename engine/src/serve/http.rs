//! HTTP endpoints of `rheo serve`: `GET /health`, `GET /metrics` (OpenMetrics text) and
//! `POST /render?format=png|svg[&width=W&height=H]`, which renders the plotly figure JSON
//! in the body (a PLOTLYJSON value) to an image.
//!
//! Rendering shares the process with the Kafka service, and a figure takes 100 to 200 bytes
//! of memory per JSON value once parsed and drawn (a 200 MB body of small numbers once took
//! 9.4 GB), so `POST /render` is bounded by [`RenderLimits`]:
//!
//! * the body may have at most `max_body_bytes` (413 otherwise, before reading it when
//!   `Content-Length` says so);
//! * at most `concurrency` figures are read and rendered at once; another request gets 503
//!   with `Retry-After: 1` at once, without its body being read (waiting would hold bodies
//!   in memory);
//! * the values of the body (every number, string, array, object, …; an x/y point counts
//!   two) are counted by a pass over the body that builds nothing, before the JSON tree is
//!   built; over `max_values`, the answer is 413 naming the count and the budget.

use super::config::ServeConfig;
use super::exposition;
use super::http_server::HttpStats;
use super::metrics::Metrics;
use crate::run_metrics::RunMetrics;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use http_body_util::BodyExt;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::DescriptorEncoder;
use rheo_render::{Format, RenderError, RenderOptions};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::cell::Cell;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use tokio::sync::Semaphore;
use tracing::{debug, warn};

/// Bounds on `POST /render` (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderLimits {
    /// Largest accepted body.
    pub max_body_bytes: usize,
    /// Figures read and rendered at once.
    pub concurrency: usize,
    /// Most JSON values a figure may have.
    pub max_values: u64,
}

impl Default for RenderLimits {
    fn default() -> Self {
        RenderLimits::from_config(&ServeConfig::default())
    }
}

impl RenderLimits {
    /// The limits the settings ask for.
    pub fn from_config(config: &ServeConfig) -> Self {
        RenderLimits {
            max_body_bytes: config.render_max_body_bytes,
            concurrency: config.render_concurrency,
            max_values: config.render_max_values,
        }
    }
}

/// Outcomes of `POST /render`, the label of `rheo_render_requests_total`.
const OUTCOMES: [&str; 6] = [
    "ok",
    "busy",
    "body_too_large",
    "over_budget",
    "bad_request",
    "error",
];

/// The renderer's limits, its slots and its counters.
#[derive(Debug)]
struct Renderer {
    limits: RenderLimits,
    slots: Arc<Semaphore>,
    outcomes: [AtomicU64; OUTCOMES.len()],
}

impl Renderer {
    fn new(limits: RenderLimits) -> Renderer {
        Renderer {
            limits,
            slots: Arc::new(Semaphore::new(limits.concurrency)),
            outcomes: Default::default(),
        }
    }

    fn count(&self, outcome: &str) {
        let i = OUTCOMES.iter().position(|o| *o == outcome).unwrap_or(0);
        self.outcomes[i].fetch_add(1, Relaxed);
    }
}

impl Collector for Renderer {
    fn encode(&self, mut enc: DescriptorEncoder) -> fmt::Result {
        let series: Vec<(&str, u64)> = OUTCOMES
            .iter()
            .zip(&self.outcomes)
            .map(|(o, n)| (*o, n.load(Relaxed)))
            .collect();
        exposition::labelled_counter(
            &mut enc,
            (
                "rheo_render_requests",
                "POST /render requests, by outcome.",
                "outcome",
            ),
            &series,
        )?;
        let busy = self.limits.concurrency - self.slots.available_permits();
        exposition::gauge(
            &mut enc,
            "rheo_renders_in_progress",
            "Figures being read or rendered now.",
            busy as i64,
        )
    }
}

/// What the handlers share.
#[derive(Clone)]
struct AppState {
    metrics: Arc<Metrics>,
    http: Arc<HttpStats>,
    renderer: Arc<Renderer>,
    runs: Arc<RunMetrics>,
}

/// The router with the operational endpoints and the renderer; `/metrics` includes the
/// connection counters of `http`, the renderer's and the per-transformation `runs`.
pub fn router(
    metrics: Arc<Metrics>,
    http: Arc<HttpStats>,
    render: RenderLimits,
    runs: Arc<RunMetrics>,
) -> Router {
    router_with(metrics, http, Arc::new(Renderer::new(render)), runs)
}

fn router_with(
    metrics: Arc<Metrics>,
    http: Arc<HttpStats>,
    renderer: Arc<Renderer>,
    runs: Arc<RunMetrics>,
) -> Router {
    let state = AppState {
        metrics,
        http,
        renderer,
        runs,
    };
    Router::new()
        .route("/health", get(health))
        .route("/metrics", get(metrics_text))
        .route("/render", post(render_figure))
        .with_state(state)
}

/// 200 while the consumer makes progress (or has nothing to do), 503 with the reason when
/// records wait on the broker and none is received or finished.
async fn health(State(s): State<AppState>) -> impl IntoResponse {
    let m = &s.metrics;
    let h = m.health();
    let status = if h.ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = serde_json::json!({
        "status": if h.ok { "ok" } else { "unhealthy" },
        "reason": h.reason,
        "lag": h.lag,
        "in_flight": m.in_flight(),
        "results_total": m.results_total(),
    });
    (status, Json(body))
}

async fn metrics_text(State(s): State<AppState>) -> impl IntoResponse {
    let text = exposition::text(vec![
        Box::new(s.metrics.clone()),
        Box::new(s.http.clone()),
        Box::new(s.renderer.clone()),
        Box::new(s.runs.clone()),
    ]);
    ([(CONTENT_TYPE, exposition::CONTENT_TYPE)], text)
}

/// Query of `POST /render`.
#[derive(Debug, Deserialize)]
struct RenderQuery {
    /// `png` (default) or `svg`.
    format: Option<String>,
    /// Image width (default: the figure's layout.width, else 700).
    width: Option<u32>,
    /// Image height (default: the figure's layout.height, else 450).
    height: Option<u32>,
}

/// Why `POST /render` gave no image.
#[derive(Debug, thiserror::Error)]
enum RenderFailure {
    #[error("unknown format {0:?}: use png or svg")]
    UnknownFormat(String),
    #[error("the figure is larger than the render limit of {limit} bytes")]
    BodyTooLarge { limit: usize },
    #[error("{0} figures are being rendered, the most at once; retry shortly")]
    Busy(usize),
    #[error("the figure has {count} JSON values (numbers, strings, arrays, objects; an x/y point counts 2), over the render budget of {budget} values: decimate the series or split the figure")]
    OverBudget { count: u64, budget: u64 },
    #[error("the body is not a JSON plotly figure: {0}")]
    NotJson(serde_json::Error),
    #[error("reading the body failed: {0}")]
    Body(String),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("rendering failed: {0}")]
    Panicked(String),
}

impl RenderFailure {
    fn status(&self) -> StatusCode {
        match self {
            RenderFailure::BodyTooLarge { .. } | RenderFailure::OverBudget { .. } => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            RenderFailure::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            RenderFailure::UnknownFormat(_)
            | RenderFailure::NotJson(_)
            | RenderFailure::Body(_)
            | RenderFailure::Render(RenderError::InvalidFigure(_) | RenderError::InvalidSize(..)) => {
                StatusCode::BAD_REQUEST
            }
            RenderFailure::Render(_) | RenderFailure::Panicked(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// The `outcome` label (one of [`OUTCOMES`]).
    fn outcome(&self) -> &'static str {
        match self.status() {
            StatusCode::SERVICE_UNAVAILABLE => "busy",
            StatusCode::PAYLOAD_TOO_LARGE if matches!(self, RenderFailure::OverBudget { .. }) => {
                "over_budget"
            }
            StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
            StatusCode::BAD_REQUEST => "bad_request",
            _ => "error",
        }
    }
}

impl IntoResponse for RenderFailure {
    fn into_response(self) -> Response {
        let text = [(CONTENT_TYPE, "text/plain; charset=utf-8")];
        let message = self.to_string();
        match self.status() {
            StatusCode::SERVICE_UNAVAILABLE => (
                StatusCode::SERVICE_UNAVAILABLE,
                text,
                [(RETRY_AFTER, "1")],
                message,
            )
                .into_response(),
            status => (status, text, message).into_response(),
        }
    }
}

/// Renders the figure in the body; plain-text errors (see [`RenderFailure`]).
async fn render_figure(
    State(s): State<AppState>,
    Query(q): Query<RenderQuery>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let rendered = render_request(&s.renderer, q, &headers, body).await;
    match rendered {
        Ok((format, image)) => {
            s.renderer.count("ok");
            ([(CONTENT_TYPE, format.content_type())], image).into_response()
        }
        Err(e) => {
            s.renderer.count(e.outcome());
            match e.status() {
                StatusCode::INTERNAL_SERVER_ERROR => warn!(error = %e, "rendering failed"),
                status => debug!(status = status.as_u16(), error = %e, "render refused"),
            }
            e.into_response()
        }
    }
}

/// Checks the request, takes a render slot, reads the body and renders it on a blocking
/// thread (which keeps the slot until rendering ends, even if the request is cancelled).
async fn render_request(
    renderer: &Renderer,
    q: RenderQuery,
    headers: &HeaderMap,
    body: Body,
) -> Result<(Format, Vec<u8>), RenderFailure> {
    let name = q.format.as_deref().unwrap_or("png");
    let format =
        Format::from_name(name).ok_or_else(|| RenderFailure::UnknownFormat(name.into()))?;
    let limit = renderer.limits.max_body_bytes;
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(RenderFailure::BodyTooLarge { limit });
    }
    let permit = renderer
        .slots
        .clone()
        .try_acquire_owned()
        .map_err(|_| RenderFailure::Busy(renderer.limits.concurrency))?;
    let bytes = read_body(body, limit, declared.unwrap_or(0) as usize).await?;
    let options = RenderOptions {
        width: q.width,
        height: q.height,
    };
    let budget = renderer.limits.max_values;
    let image = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        render_body(bytes, format, &options, budget)
    })
    .await
    .map_err(|e| RenderFailure::Panicked(e.to_string()))??;
    Ok((format, image))
}

/// The body, refused once it grows over `limit` bytes.
async fn read_body(
    mut body: Body,
    limit: usize,
    declared: usize,
) -> Result<Vec<u8>, RenderFailure> {
    let mut out = Vec::with_capacity(declared.min(limit));
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| RenderFailure::Body(e.to_string()))?;
        if let Ok(data) = frame.into_data() {
            if out.len() + data.len() > limit {
                return Err(RenderFailure::BodyTooLarge { limit });
            }
            out.extend_from_slice(&data);
        }
    }
    Ok(out)
}

/// Counts the values of `body`, then (within `budget`) parses and renders it.
fn render_body(
    body: Vec<u8>,
    format: Format,
    options: &RenderOptions,
    budget: u64,
) -> Result<Vec<u8>, RenderFailure> {
    let count = count_values(&body).map_err(RenderFailure::NotJson)?;
    if count > budget {
        return Err(RenderFailure::OverBudget { count, budget });
    }
    // The data arrays are read into compact columns, not a JSON tree (see
    // `rheo_render::Figure`).
    let figure = rheo_render::Figure::parse(&body).map_err(RenderFailure::NotJson)?;
    drop(body);
    Ok(rheo_render::render_figure(&figure, format, options)?)
}

/// The number of JSON values in `json` (scalars, arrays and objects at any depth), counted
/// without building them; an error if `json` is not one JSON document.
fn count_values(json: &[u8]) -> Result<u64, serde_json::Error> {
    let count = Cell::new(0u64);
    let mut de = serde_json::Deserializer::from_slice(json);
    CountValues(&count).deserialize(&mut de)?;
    de.end()?;
    Ok(count.get())
}

/// A serde seed and visitor that counts the values it is given and keeps none.
#[derive(Clone, Copy)]
struct CountValues<'a>(&'a Cell<u64>);

impl CountValues<'_> {
    fn one<E>(self) -> Result<(), E> {
        self.0.set(self.0.get() + 1);
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for CountValues<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CountValues<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        self.one()
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        self.one()
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        self.one()
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        self.one()
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        self.one()
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.one()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.one::<A::Error>()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.one::<A::Error>()?;
        while map.next_key::<IgnoredAny>()?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::http_server::{serve_http, HttpLimits};
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// Starts the router with `renderer` on a real socket; returns its address.
    async fn start(renderer: Arc<Renderer>) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let http = Arc::new(HttpStats::default());
        let app = router_with(
            Arc::new(Metrics::default()),
            http.clone(),
            renderer,
            Arc::default(),
        );
        let limits = HttpLimits::default();
        tokio::spawn(serve_http(
            listener,
            app,
            None,
            limits,
            http,
            std::future::pending(),
        ));
        addr
    }

    /// Sends `head` and `body` to `addr` and reads the answer to its end; returns status
    /// line, headers and body.
    async fn exchange(
        addr: std::net::SocketAddr,
        head: &str,
        body: &[u8],
    ) -> (String, String, Vec<u8>) {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(head.as_bytes()).await.unwrap();
        s.write_all(body).await.unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).await.unwrap();
        let split = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&out[..split]).to_string();
        let (status, headers) = head.split_once("\r\n").unwrap_or((&head, ""));
        (
            status.to_string(),
            headers.to_ascii_lowercase(),
            out[split + 4..].to_vec(),
        )
    }

    fn head(method: &str, target: &str, len: usize) -> String {
        format!(
            "{method} {target} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n"
        )
    }

    /// One request with the default limits.
    async fn request(method: &str, target: &str, body: &[u8]) -> (String, String, Vec<u8>) {
        let addr = start(Arc::new(Renderer::new(RenderLimits::default()))).await;
        exchange(addr, &head(method, target, body.len()), body).await
    }

    const FIG: &str = r#"{"data": [{"x": ["2020-01-01T00:00:00+00:00", "2020-01-02T00:00:00+00:00"], "y": [1, 2], "type": "scatter"}], "layout": {"title": {"text": "t"}}}"#;

    #[tokio::test]
    async fn renders_png_and_svg() {
        let (status, headers, body) = request(
            "POST",
            "/render?format=png&width=300&height=200",
            FIG.as_bytes(),
        )
        .await;
        assert!(status.contains("200"), "{status}");
        assert!(headers.contains("content-type: image/png"), "{headers}");
        assert_eq!(&body[1..4], b"PNG");
        let (status, headers, body) = request("POST", "/render", FIG.as_bytes()).await;
        assert!(status.contains("200"), "{status}");
        assert!(
            headers.contains("content-type: image/png"),
            "PNG is the default"
        );
        assert_eq!(&body[1..4], b"PNG");
        let (status, headers, body) = request("POST", "/render?format=svg", FIG.as_bytes()).await;
        assert!(status.contains("200"), "{status}");
        assert!(headers.contains("content-type: image/svg+xml"), "{headers}");
        assert!(String::from_utf8_lossy(&body).contains("<svg"));
    }

    #[tokio::test]
    async fn bad_input_is_a_400_with_a_message() {
        let (status, _, body) = request("POST", "/render?format=gif", FIG.as_bytes()).await;
        assert!(status.contains("400"), "{status}");
        assert!(String::from_utf8_lossy(&body).contains("unknown format"));
        let (status, _, body) = request("POST", "/render", b"{not json").await;
        assert!(status.contains("400"), "{status}");
        assert!(String::from_utf8_lossy(&body).contains("not a JSON plotly figure"));
        let (status, _, body) = request("POST", "/render", b"{} trailing").await;
        assert!(status.contains("400"), "{status}");
        assert!(String::from_utf8_lossy(&body).contains("not a JSON plotly figure"));
        let (status, _, body) = request("POST", "/render", b"[1, 2]").await;
        assert!(status.contains("400"), "{status}");
        assert!(String::from_utf8_lossy(&body).contains("invalid plotly figure"));
        let (status, _, body) = request("POST", "/render?width=100000", FIG.as_bytes()).await;
        assert!(status.contains("400"), "{status}");
        assert!(String::from_utf8_lossy(&body).contains("invalid image size"));
        let (status, _, _) = request("POST", "/render?width=abc", FIG.as_bytes()).await;
        assert!(status.contains("400"), "{status}");
    }

    fn small_limits() -> RenderLimits {
        RenderLimits {
            max_body_bytes: 1000,
            concurrency: 1,
            max_values: 20,
        }
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_a_413_declared_or_streamed() {
        let addr = start(Arc::new(Renderer::new(small_limits()))).await;
        // Declared: refused from the head alone.
        let (status, _, body) = exchange(addr, &head("POST", "/render", 1001), b"").await;
        assert!(status.contains("413"), "{status}");
        assert!(String::from_utf8_lossy(&body).contains("render limit of 1000 bytes"));
        // Chunked: refused once the limit is passed.
        let chunked = "POST /render HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        let chunk = format!("3e9\r\n{}\r\n", " ".repeat(1001));
        let (status, _, body) = exchange(addr, chunked, chunk.as_bytes()).await;
        assert!(status.contains("413"), "{status}");
        assert!(String::from_utf8_lossy(&body).contains("render limit of 1000 bytes"));
    }

    #[tokio::test]
    async fn a_figure_over_the_value_budget_is_a_413_naming_count_and_budget() {
        let addr = start(Arc::new(Renderer::new(small_limits()))).await;
        let fig = r#"{"data": [{"type": "scatter", "x": [1,2,3,4,5,6,7,8,9,10], "y": [1,2,3,4,5,6,7,8,9,10]}]}"#;
        let (status, _, body) =
            exchange(addr, &head("POST", "/render", fig.len()), fig.as_bytes()).await;
        assert!(status.contains("413"), "{status}");
        let text = String::from_utf8_lossy(&body);
        assert!(
            text.contains("has 26 JSON values") && text.contains("budget of 20 values"),
            "{text}"
        );
    }

    #[tokio::test]
    async fn renders_beyond_the_concurrency_get_503_with_retry_after() {
        let renderer = Arc::new(Renderer::new(small_limits()));
        let addr = start(renderer.clone()).await;
        let held = renderer.slots.clone().try_acquire_owned().unwrap();
        let (status, headers, body) =
            exchange(addr, &head("POST", "/render", FIG.len()), FIG.as_bytes()).await;
        assert!(status.contains("503"), "{status}");
        assert!(headers.contains("retry-after: 1"), "{headers}");
        assert!(String::from_utf8_lossy(&body).contains("retry shortly"));
        drop(held);
        let (status, _, _) =
            exchange(addr, &head("POST", "/render", FIG.len()), FIG.as_bytes()).await;
        assert!(status.contains("200"), "{status}");
        let (_, _, metrics) = exchange(addr, &head("GET", "/metrics", 0), b"").await;
        let metrics = String::from_utf8_lossy(&metrics);
        assert!(
            metrics.contains("rheo_render_requests_total{outcome=\"busy\"} 1"),
            "{metrics}"
        );
        assert!(
            metrics.contains("rheo_render_requests_total{outcome=\"ok\"} 1"),
            "{metrics}"
        );
        assert!(metrics.contains("rheo_renders_in_progress 0"), "{metrics}");
        assert!(metrics.contains("rheo_http_connections_total"), "{metrics}");
        assert!(metrics.contains("rheo_requests_total 0"), "{metrics}");
    }

    #[test]
    fn values_are_counted_at_every_depth_without_a_tree() {
        assert_eq!(
            count_values(br#"{"a": [1, 2, [3, "x"]], "b": null}"#).unwrap(),
            8
        );
        assert_eq!(count_values(b"[]").unwrap(), 1);
        assert_eq!(count_values(br#""s\u00e9""#).unwrap(), 1);
        assert!(count_values(b"[1, 2").is_err());
        assert!(count_values(b"[1] [2]").is_err());
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(
            count_values(deep.as_bytes()).is_err(),
            "serde_json's depth limit holds"
        );
    }
}
