//! HTTP endpoints of `rheo serve`: `GET /health`, `GET /metrics` (Prometheus text) and
//! `POST /render?format=png|svg[&width=W&height=H]`, which renders the plotly figure JSON
//! in the body (a PLOTLYJSON value) to an image.

use super::metrics::Metrics;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rheo_render::{Format, RenderError, RenderOptions};
use serde::Deserialize;
use std::sync::Arc;

/// Largest accepted figure body (a million-point series is about 30 MB of JSON).
const MAX_FIGURE_BYTES: usize = 256 << 20;

/// The router with the operational endpoints and the renderer.
pub fn router(metrics: Arc<Metrics>) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/metrics", get(metrics_text))
        .route(
            "/render",
            post(render_figure).layer(DefaultBodyLimit::max(MAX_FIGURE_BYTES)),
        )
        .with_state(metrics)
}

async fn health(State(m): State<Arc<Metrics>>) -> impl IntoResponse {
    Json(
        serde_json::json!({"status": "ok", "in_flight": m.in_flight(), "results_total": m.results_total()}),
    )
}

async fn metrics_text(State(m): State<Arc<Metrics>>) -> impl IntoResponse {
    ([(CONTENT_TYPE, "text/plain; version=0.0.4")], m.render())
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

fn bad_request(message: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

/// Renders the figure in the body; 400 with a plain-text message for a bad format, size
/// or figure.
async fn render_figure(Query(q): Query<RenderQuery>, body: Bytes) -> Response {
    let name = q.format.as_deref().unwrap_or("png");
    let Some(format) = Format::from_name(name) else {
        return bad_request(format!("unknown format {name:?}: use png or svg"));
    };
    let figure: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(f) => f,
        Err(e) => return bad_request(format!("the body is not a JSON plotly figure: {e}")),
    };
    let options = RenderOptions {
        width: q.width,
        height: q.height,
    };
    let rendered =
        tokio::task::spawn_blocking(move || rheo_render::render(&figure, format, &options)).await;
    match rendered {
        Ok(Ok(image)) => ([(CONTENT_TYPE, format.content_type())], image).into_response(),
        Ok(Err(e @ (RenderError::InvalidFigure(_) | RenderError::InvalidSize(..)))) => {
            bad_request(e.to_string())
        }
        Ok(Err(e)) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("rendering failed: {e}"),
        )
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// Sends one HTTP/1.1 request to the router on a real socket; returns status line,
    /// headers and body.
    async fn request(method: &str, target: &str, body: &[u8]) -> (String, String, Vec<u8>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = router(Arc::new(Metrics::default()));
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        let head = format!(
            "{method} {target} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
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
        let (status, _, body) = request("POST", "/render", b"[1, 2]").await;
        assert!(status.contains("400"), "{status}");
        assert!(String::from_utf8_lossy(&body).contains("invalid plotly figure"));
        let (status, _, body) = request("POST", "/render?width=100000", FIG.as_bytes()).await;
        assert!(status.contains("400"), "{status}");
        assert!(String::from_utf8_lossy(&body).contains("invalid image size"));
        let (status, _, _) = request("POST", "/render?width=abc", FIG.as_bytes()).await;
        assert!(status.contains("400"), "{status}");
    }
}
