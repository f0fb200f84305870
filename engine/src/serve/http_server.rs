//! The HTTP server of `rheo serve`, bounded so it cannot starve the Kafka clients that share
//! its process (and its file descriptors).
//!
//! `axum::serve` keeps a connection open for as long as the client likes and accepts without
//! bound: 362 idle connections under a 256-descriptor limit once left librdkafka without
//! sockets. [`serve_http`] drives hyper's HTTP/1 connections itself and bounds them
//! ([`HttpLimits`]):
//!
//! * **Header-read timeout**: a request head must be complete within `header_read_timeout`
//!   of its first byte; otherwise the connection is closed.
//! * **Idle timeout**: a connection with no request in flight that has moved no bytes for
//!   `idle_timeout` is closed (gracefully; a new connection that sends nothing is idle from
//!   its start). hyper 1.12's own `header_read_timeout` is one timer from the moment a
//!   connection opens or goes idle until the next head is complete, so it is set to the sum
//!   of both as a backstop, and the two phases are timed here.
//! * **Connection cap**: at most `max_connections` connections are open. At the cap a new
//!   connection is accepted and the connection idle the longest is closed to make room (so
//!   `/health` answers even while idle clients hold every slot); when no connection is idle
//!   (all are busy with or sending a request), the new connection is closed at once, counted in
//!   `rheo_http_connections_rejected_total` and reported by a rate-limited warning. At most
//!   `max_connections + 1` descriptors are used for HTTP.
//! * **Request timeout**: a response not ready within `request_timeout` is replaced by a 503
//!   and the connection is closed after it.
//!
//! The default cap leaves [`DESCRIPTOR_RESERVE`] descriptors of the process's
//! `RLIMIT_NOFILE` (read from `/proc/self/limits`) to librdkafka, the store and the runtime.

use super::config::ServeConfig;
use super::exposition;
use super::tls::TlsAcceptor;
use axum::body::Body;
use axum::http::header::{CONNECTION, RETRY_AFTER};
use axum::http::{Request, Response, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::DescriptorEncoder;
use std::collections::HashMap;
use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify, OwnedSemaphorePermit, Semaphore};
use tower::ServiceExt;
use tracing::{debug, info, warn};

/// Largest default [`HttpLimits::max_connections`]; an operational endpoint needs few.
pub const DEFAULT_MAX_CONNECTIONS: usize = 256;
/// Descriptors of `RLIMIT_NOFILE` the default connection cap leaves to everything else:
/// librdkafka's sockets and wake-up pipes (a few per broker and client; the embedded
/// broker's service uses about 35 descriptors in all), store files and the runtime.
pub const DESCRIPTOR_RESERVE: u64 = 128;

/// How long a connection asked to close gracefully may take before it is dropped.
const CLOSE_GRACE: Duration = Duration::from_secs(1);
/// How long the accept loop waits for an evicted idle connection to free its slot.
const EVICTION_WAIT: Duration = Duration::from_secs(3);
/// Pause after a failed `accept` (such as `EMFILE`), so the loop does not spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);
/// Least time between two warnings about rejected connections.
const REJECT_WARN_INTERVAL_MS: u64 = 10_000;

/// Bounds on the HTTP connections of `rheo serve` (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// Time from the first byte of a request head to its end.
    pub header_read_timeout: Duration,
    /// Time a connection may stay open with no request in flight and no bytes moving.
    pub idle_timeout: Duration,
    /// Time from a complete request head to its response being ready.
    pub request_timeout: Duration,
    /// Open connections at most.
    pub max_connections: usize,
}

impl Default for HttpLimits {
    fn default() -> Self {
        HttpLimits::from_config(&ServeConfig::default())
    }
}

impl HttpLimits {
    /// The limits the settings ask for (the connection cap derived from `RLIMIT_NOFILE`
    /// unless set).
    pub fn from_config(config: &ServeConfig) -> Self {
        HttpLimits {
            header_read_timeout: Duration::from_secs_f64(config.http_header_read_timeout_seconds),
            idle_timeout: Duration::from_secs_f64(config.http_idle_timeout_seconds),
            request_timeout: Duration::from_secs_f64(config.http_request_timeout_seconds),
            max_connections: config
                .http_max_connections
                .unwrap_or_else(|| connection_cap(open_files_limit())),
        }
    }
}

/// The default connection cap for a soft descriptor limit of `nofile` (unknown: the
/// largest default): [`DESCRIPTOR_RESERVE`] below it, at most [`DEFAULT_MAX_CONNECTIONS`].
pub fn connection_cap(nofile: Option<u64>) -> usize {
    match nofile {
        None => DEFAULT_MAX_CONNECTIONS,
        Some(n) => n
            .saturating_sub(DESCRIPTOR_RESERVE)
            .clamp(1, DEFAULT_MAX_CONNECTIONS as u64) as usize,
    }
}

/// The soft `RLIMIT_NOFILE` of this process, from `/proc/self/limits` (Linux); `None` when
/// unknown or unlimited.
pub fn open_files_limit() -> Option<u64> {
    parse_open_files_limit(&std::fs::read_to_string("/proc/self/limits").ok()?)
}

fn parse_open_files_limit(limits: &str) -> Option<u64> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line["Max open files".len()..]
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Why the server closed a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CloseReason {
    Idle,
    HeaderTimeout,
    Evicted,
    Shutdown,
}

impl CloseReason {
    const ALL: [CloseReason; 4] = [
        CloseReason::Idle,
        CloseReason::HeaderTimeout,
        CloseReason::Evicted,
        CloseReason::Shutdown,
    ];

    fn label(self) -> &'static str {
        match self {
            CloseReason::Idle => "idle_timeout",
            CloseReason::HeaderTimeout => "header_timeout",
            CloseReason::Evicted => "evicted",
            CloseReason::Shutdown => "shutdown",
        }
    }
}

/// Connection counters for `/metrics`; shared by the server and the `/metrics` handler.
#[derive(Debug, Default)]
pub struct HttpStats {
    accepted: AtomicU64,
    open: AtomicI64,
    limit: AtomicU64,
    rejected: AtomicU64,
    closed: [AtomicU64; CloseReason::ALL.len()],
    request_timeouts: AtomicU64,
    tls_refused: AtomicU64,
    last_reject_warning_ms: AtomicU64,
}

impl HttpStats {
    /// Connections open now.
    pub fn open_connections(&self) -> i64 {
        self.open.load(Relaxed)
    }

    /// The connection counters as OpenMetrics text.
    pub fn render(self: &Arc<Self>) -> String {
        exposition::text(vec![Box::new(self.clone())])
    }

    fn closed_by(&self, reason: CloseReason) {
        let i = CloseReason::ALL.iter().position(|r| *r == reason);
        self.closed[i.unwrap_or(0)].fetch_add(1, Relaxed);
    }

    fn rejected(&self, now_ms: u64, limit: usize) {
        let total = self.rejected.fetch_add(1, Relaxed) + 1;
        let last = self.last_reject_warning_ms.load(Relaxed);
        let due = total == 1 || now_ms.saturating_sub(last) >= REJECT_WARN_INTERVAL_MS;
        if due
            && self
                .last_reject_warning_ms
                .compare_exchange(last, now_ms, Relaxed, Relaxed)
                .is_ok()
        {
            warn!(
                rejected_total = total,
                max_connections = limit,
                "HTTP connection cap reached and no connection is idle: closing new connections"
            );
        }
    }
}

impl Collector for HttpStats {
    fn encode(&self, mut enc: DescriptorEncoder) -> fmt::Result {
        let c = |a: &AtomicU64| a.load(Relaxed);
        let e = &mut enc;
        exposition::counter(
            e,
            "rheo_http_connections",
            "HTTP connections accepted and served.",
            c(&self.accepted),
        )?;
        exposition::gauge(
            e,
            "rheo_http_open_connections",
            "HTTP connections open now.",
            self.open_connections(),
        )?;
        exposition::gauge(
            e,
            "rheo_http_max_connections",
            "The cap on open HTTP connections.",
            c(&self.limit) as i64,
        )?;
        exposition::counter(
            e,
            "rheo_http_connections_rejected",
            "Connections closed on arrival: the cap was reached and no connection was idle.",
            c(&self.rejected),
        )?;
        let closed: Vec<(&str, u64)> = CloseReason::ALL
            .iter()
            .enumerate()
            .map(|(i, r)| (r.label(), c(&self.closed[i])))
            .collect();
        exposition::labelled_counter(
            e,
            (
                "rheo_http_connections_closed",
                "Connections closed by the server, by reason.",
                "reason",
            ),
            &closed,
        )?;
        exposition::counter(
            e,
            "rheo_http_request_timeouts",
            "Requests answered 503 because the response was not ready in time.",
            c(&self.request_timeouts),
        )?;
        exposition::counter(
            e,
            "rheo_http_tls_handshakes_failed",
            "Connections closed because their TLS handshake failed or timed out (no or an untrusted client certificate, plain HTTP on an HTTPS port).",
            c(&self.tls_refused),
        )
    }
}

/// Milliseconds since the server started (atomics hold times as these).
#[derive(Debug, Clone, Copy)]
struct Clock(Instant);

impl Clock {
    fn now_ms(self) -> u64 {
        self.0.elapsed().as_millis() as u64
    }
}

/// What the server knows about one connection.
#[derive(Debug, Default)]
struct ConnState {
    /// When bytes last moved (ms).
    last_io: AtomicU64,
    /// When the first byte of the head being read arrived (ms + 1); 0: no head pending.
    head_since: AtomicU64,
    /// Requests being handled.
    handlers: AtomicUsize,
    /// Set once the connection was chosen for eviction.
    evicting: AtomicBool,
    /// Wakes the connection's driver to close it.
    evict: Notify,
}

impl ConnState {
    fn on_read(&self, now: u64) {
        self.last_io.store(now, Relaxed);
        if self.handlers.load(Relaxed) == 0 {
            let _ = self
                .head_since
                .compare_exchange(0, now + 1, Relaxed, Relaxed);
        }
    }

    fn is_idle(&self) -> bool {
        self.handlers.load(Relaxed) == 0 && self.head_since.load(Relaxed) == 0
    }

    /// Why the connection should be closed at `now`, if it should.
    fn verdict(&self, now: u64, limits: &HttpLimits) -> Option<CloseReason> {
        if self.handlers.load(Relaxed) > 0 {
            return None;
        }
        let elapsed = |since: u64| Duration::from_millis(now.saturating_sub(since));
        match self.head_since.load(Relaxed) {
            0 if elapsed(self.last_io.load(Relaxed)) >= limits.idle_timeout => {
                Some(CloseReason::Idle)
            }
            0 => None,
            h if elapsed(h - 1) >= limits.header_read_timeout => Some(CloseReason::HeaderTimeout),
            _ => None,
        }
    }
}

/// Marks a request in flight on its connection for as long as it lives.
struct Busy {
    state: Arc<ConnState>,
    clock: Clock,
}

impl Busy {
    fn begin(state: Arc<ConnState>, clock: Clock) -> Busy {
        state.head_since.store(0, Relaxed);
        state.handlers.fetch_add(1, Relaxed);
        Busy { state, clock }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.state.last_io.store(self.clock.now_ms(), Relaxed);
        self.state.handlers.fetch_sub(1, Relaxed);
    }
}

/// The open connections, for eviction.
#[derive(Debug, Default)]
struct Registry {
    next_id: AtomicU64,
    conns: Mutex<HashMap<u64, Arc<ConnState>>>,
}

impl Registry {
    fn add(&self, state: Arc<ConnState>) -> u64 {
        let id = self.next_id.fetch_add(1, Relaxed);
        self.conns.lock().expect("registry lock").insert(id, state);
        id
    }

    fn remove(&self, id: u64) {
        self.conns.lock().expect("registry lock").remove(&id);
    }

    /// Asks the connection idle the longest to close; `false` when none is idle.
    fn evict_idlest(&self) -> bool {
        let conns = self.conns.lock().expect("registry lock");
        let idlest = conns
            .values()
            .filter(|c| c.is_idle() && !c.evicting.load(Relaxed))
            .min_by_key(|c| c.last_io.load(Relaxed));
        match idlest {
            Some(c) => {
                c.evicting.store(true, Relaxed);
                c.evict.notify_one();
                true
            }
            None => false,
        }
    }
}

/// What every connection of one server shares.
struct Shared {
    router: Router,
    tls: Option<TlsAcceptor>,
    limits: HttpLimits,
    stats: Arc<HttpStats>,
    registry: Registry,
    clock: Clock,
}

/// Serves `router` on `listener` (over TLS when `tls` is set) within `limits` until
/// `shutdown` resolves; then asks every connection to close gracefully (each is dropped a
/// second later if still open).
pub async fn serve_http(
    listener: TcpListener,
    router: Router,
    tls: Option<TlsAcceptor>,
    limits: HttpLimits,
    stats: Arc<HttpStats>,
    shutdown: impl Future<Output = ()>,
) {
    stats.limit.store(limits.max_connections as u64, Relaxed);
    let shared = Arc::new(Shared {
        router,
        tls,
        limits,
        stats,
        registry: Registry::default(),
        clock: Clock(Instant::now()),
    });
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let (stop_tx, stop_rx) = watch::channel(());
    info!(
        header_read_timeout_seconds = limits.header_read_timeout.as_secs_f64(),
        idle_timeout_seconds = limits.idle_timeout.as_secs_f64(),
        request_timeout_seconds = limits.request_timeout.as_secs_f64(),
        max_connections = limits.max_connections,
        "HTTP server limits"
    );
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    warn!(error = %e, "accepting an HTTP connection failed; retrying");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
        };
        match admit(&slots, &shared).await {
            Some(permit) => {
                tokio::spawn(drive(stream, shared.clone(), stop_rx.clone(), permit));
            }
            None => shared
                .stats
                .rejected(shared.clock.now_ms(), limits.max_connections),
        }
    }
    drop(stop_tx);
    info!("HTTP server stopped accepting connections");
}

/// A slot for a new connection: a free one, else one freed by evicting the idlest
/// connection; `None` when every connection is busy.
async fn admit(slots: &Arc<Semaphore>, shared: &Shared) -> Option<OwnedSemaphorePermit> {
    if let Ok(permit) = slots.clone().try_acquire_owned() {
        return Some(permit);
    }
    if !shared.registry.evict_idlest() {
        return None;
    }
    tokio::time::timeout(EVICTION_WAIT, slots.clone().acquire_owned())
        .await
        .ok()?
        .ok()
}

/// The hyper connection of one accepted stream.
type Connection<S> = http1::Connection<TokioIo<Tracked<S>>, Handler>;

/// Serves one connection (after its TLS handshake, with TLS on) until it ends or is closed;
/// holds its slot (`_permit`) meanwhile.
async fn drive(
    stream: TcpStream,
    shared: Arc<Shared>,
    stop: watch::Receiver<()>,
    _permit: OwnedSemaphorePermit,
) {
    let _ = stream.set_nodelay(true);
    match shared.tls.clone() {
        None => serve_stream(stream, shared, stop).await,
        Some(tls) => match tls.accept(stream, shared.limits.header_read_timeout).await {
            Ok(stream) => serve_stream(stream, shared, stop).await,
            Err(reason) => {
                shared.stats.tls_refused.fetch_add(1, Relaxed);
                debug!(reason = %reason, "TLS handshake failed; connection closed");
            }
        },
    }
}

/// Serves HTTP/1 on one (plain or TLS) stream until it ends or is closed.
async fn serve_stream<S>(stream: S, shared: Arc<Shared>, mut stop: watch::Receiver<()>)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let state = Arc::new(ConnState::default());
    state.last_io.store(shared.clock.now_ms(), Relaxed);
    let id = shared.registry.add(state.clone());
    shared.stats.accepted.fetch_add(1, Relaxed);
    shared.stats.open.fetch_add(1, Relaxed);
    let io = TokioIo::new(Tracked {
        io: stream,
        state: state.clone(),
        clock: shared.clock,
    });
    let handler = Handler {
        shared: shared.clone(),
        state: state.clone(),
    };
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(
        shared
            .limits
            .idle_timeout
            .saturating_add(shared.limits.header_read_timeout),
    );
    let conn = builder.serve_connection(io, handler);
    tokio::pin!(conn);
    let reason = watch_connection(conn, &shared, &state, &mut stop).await;
    if let Some(reason) = reason {
        shared.stats.closed_by(reason);
        debug!(
            reason = reason.label(),
            "HTTP connection closed by the server"
        );
    }
    shared.registry.remove(id);
    shared.stats.open.fetch_sub(1, Relaxed);
}

/// Polls `conn` to its end, closing it when its timeouts expire, when it is evicted or when
/// the server stops; returns why the server closed it, if it did.
async fn watch_connection<S: AsyncRead + AsyncWrite + Unpin + Send + 'static>(
    mut conn: Pin<&mut Connection<S>>,
    shared: &Shared,
    state: &ConnState,
    stop: &mut watch::Receiver<()>,
) -> Option<CloseReason> {
    let limits = &shared.limits;
    let period = (limits.idle_timeout.min(limits.header_read_timeout) / 4)
        .clamp(Duration::from_millis(50), Duration::from_secs(1));
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut closing: Option<(CloseReason, Instant)> = None;
    loop {
        let close = tokio::select! {
            ended = conn.as_mut() => {
                if let Err(e) = ended {
                    debug!(error = %e, "HTTP connection ended with an error");
                }
                return closing.map(|(reason, _)| reason);
            }
            _ = tick.tick() => match closing {
                Some((reason, deadline)) if Instant::now() >= deadline => return Some(reason),
                Some(_) => None,
                None => state.verdict(shared.clock.now_ms(), limits),
            },
            _ = state.evict.notified(), if closing.is_none() => Some(CloseReason::Evicted),
            _ = stop.changed(), if closing.is_none() => Some(CloseReason::Shutdown),
        };
        match close {
            // A partial head has no response to finish: drop the connection now.
            Some(CloseReason::HeaderTimeout) => return Some(CloseReason::HeaderTimeout),
            Some(reason) => {
                conn.as_mut().graceful_shutdown();
                closing = Some((reason, Instant::now() + CLOSE_GRACE));
            }
            None => {}
        }
    }
}

/// The hyper service of one connection: the router, under the request timeout, with the
/// request counted as in flight.
#[derive(Clone)]
struct Handler {
    shared: Arc<Shared>,
    state: Arc<ConnState>,
}

impl hyper::service::Service<Request<Incoming>> for Handler {
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Body>, Infallible>> + Send>>;

    fn call(&self, req: Request<Incoming>) -> Self::Future {
        let busy = Busy::begin(self.state.clone(), self.shared.clock);
        let shared = self.shared.clone();
        Box::pin(async move {
            let _busy = busy;
            let limit = shared.limits.request_timeout;
            match tokio::time::timeout(limit, shared.router.clone().oneshot(req)).await {
                Ok(Ok(response)) => Ok(response),
                Ok(Err(never)) => match never {},
                Err(_) => {
                    shared.stats.request_timeouts.fetch_add(1, Relaxed);
                    warn!(
                        timeout_seconds = limit.as_secs_f64(),
                        "HTTP request timed out"
                    );
                    Ok(timed_out(limit))
                }
            }
        })
    }
}

/// The 503 sent instead of a response that was not ready in time.
fn timed_out(limit: Duration) -> Response<Body> {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(CONNECTION, "close"), (RETRY_AFTER, "1")],
        format!(
            "the request did not complete within {} s and was cancelled\n",
            limit.as_secs_f64()
        ),
    )
        .into_response()
}

/// A stream that records on its connection's state when bytes move.
struct Tracked<T> {
    io: T,
    state: Arc<ConnState>,
    clock: Clock,
}

impl<T: AsyncRead + Unpin> AsyncRead for Tracked<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.io).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.state.on_read(self.clock.now_ms());
        }
        polled
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Tracked<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.io).poll_write(cx, buf);
        self.wrote(&polled);
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        self.wrote(&polled);
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

impl<T> Tracked<T> {
    fn wrote(&self, polled: &Poll<io::Result<usize>>) {
        if matches!(polled, Poll::Ready(Ok(n)) if *n > 0) {
            self.state.last_io.store(self.clock.now_ms(), Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use std::net::SocketAddr;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// Generous bound for anything that should happen "soon" (never a timing assertion).
    const SOON: Duration = Duration::from_secs(20);

    fn limits(header_ms: u64, idle_ms: u64, request_ms: u64, max: usize) -> HttpLimits {
        HttpLimits {
            header_read_timeout: Duration::from_millis(header_ms),
            idle_timeout: Duration::from_millis(idle_ms),
            request_timeout: Duration::from_millis(request_ms),
            max_connections: max,
        }
    }

    /// A server with `/health` and `/slow` (answers after 5 s) within `limits`.
    async fn start(
        limits: HttpLimits,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> (SocketAddr, Arc<HttpStats>) {
        let router = Router::new()
            .route("/health", get(|| async { "ok" }))
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "slow"
                }),
            );
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let stats = Arc::new(HttpStats::default());
        tokio::spawn(serve_http(
            listener,
            router,
            None,
            limits,
            stats.clone(),
            shutdown,
        ));
        (addr, stats)
    }

    /// Sends a keep-alive GET and reads its response (status line and body).
    async fn get_on(s: &mut TcpStream, path: &str) -> String {
        let head = format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");
        s.write_all(head.as_bytes()).await.unwrap();
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        let deadline = tokio::time::Instant::now() + SOON;
        loop {
            let text = String::from_utf8_lossy(&out).to_string();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let len = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length: ")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                if body.len() >= len {
                    return text;
                }
            }
            let n = tokio::time::timeout_at(deadline, s.read(&mut buf))
                .await
                .expect("a response")
                .unwrap();
            assert!(n > 0, "closed before the response: {text}");
            out.extend_from_slice(&buf[..n]);
        }
    }

    /// Waits until the server closes `s` (EOF or reset); panics if it stays open.
    async fn closed_by_server(s: &mut TcpStream) {
        let mut buf = [0u8; 1024];
        loop {
            match tokio::time::timeout(SOON, s.read(&mut buf)).await {
                Ok(Ok(0)) | Ok(Err(_)) => return,
                Ok(Ok(_)) => continue,
                Err(_) => panic!("the server did not close the connection"),
            }
        }
    }

    fn closed(stats: &HttpStats, reason: CloseReason) -> u64 {
        let i = CloseReason::ALL.iter().position(|r| *r == reason).unwrap();
        stats.closed[i].load(Relaxed)
    }

    #[tokio::test]
    async fn silent_and_kept_alive_connections_are_closed_when_idle() {
        let (addr, stats) = start(limits(10_000, 300, 10_000, 16), std::future::pending()).await;
        let mut silent = TcpStream::connect(addr).await.unwrap();
        let mut kept = TcpStream::connect(addr).await.unwrap();
        assert!(get_on(&mut kept, "/health")
            .await
            .starts_with("HTTP/1.1 200"));
        closed_by_server(&mut silent).await;
        closed_by_server(&mut kept).await;
        assert_eq!(closed(&stats, CloseReason::Idle), 2, "{}", stats.render());
        assert!(stats.render().contains("rheo_http_connections_total 2"));
    }

    #[tokio::test]
    async fn a_head_must_be_complete_within_the_header_timeout_of_its_first_byte() {
        let (addr, stats) = start(limits(300, 60_000, 10_000, 16), std::future::pending()).await;
        // Silent for longer than the header timeout: still served (only the idle timeout,
        // 60 s here, bounds silence).
        let mut patient = TcpStream::connect(addr).await.unwrap();
        tokio::time::sleep(Duration::from_millis(900)).await;
        assert!(get_on(&mut patient, "/health")
            .await
            .starts_with("HTTP/1.1 200"));
        // A head that never ends is cut off.
        let mut slow = TcpStream::connect(addr).await.unwrap();
        slow.write_all(b"GET /health HTTP/1.1\r\nHost:")
            .await
            .unwrap();
        closed_by_server(&mut slow).await;
        assert_eq!(closed(&stats, CloseReason::HeaderTimeout), 1);
        assert_eq!(closed(&stats, CloseReason::Idle), 0);
    }

    #[tokio::test]
    async fn at_the_cap_the_idlest_connection_makes_room() {
        let (addr, stats) = start(limits(10_000, 60_000, 10_000, 4), std::future::pending()).await;
        let mut idle = Vec::new();
        for _ in 0..4 {
            idle.push(TcpStream::connect(addr).await.unwrap());
        }
        while stats.open_connections() < 4 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let mut fresh = TcpStream::connect(addr).await.unwrap();
        assert!(get_on(&mut fresh, "/health")
            .await
            .starts_with("HTTP/1.1 200"));
        // The evicted connection freed its slot before the fresh one was admitted.
        assert_eq!(closed(&stats, CloseReason::Evicted), 1);
        assert!(stats.open_connections() <= 4);
        drop(idle);
    }

    #[tokio::test]
    async fn at_the_cap_with_every_connection_busy_new_ones_are_closed() {
        let (addr, stats) = start(limits(10_000, 60_000, 10_000, 2), std::future::pending()).await;
        let mut busy = Vec::new();
        for _ in 0..2 {
            let mut s = TcpStream::connect(addr).await.unwrap();
            s.write_all(b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
                .await
                .unwrap();
            busy.push(s);
        }
        while stats.open_connections() < 2 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        // Let both requests reach their handlers.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut extra = TcpStream::connect(addr).await.unwrap();
        closed_by_server(&mut extra).await;
        assert!(stats
            .render()
            .contains("rheo_http_connections_rejected_total 1"));
        assert!(stats.render().contains("rheo_http_max_connections 2"));
    }

    #[tokio::test]
    async fn a_response_not_ready_in_time_becomes_a_503_and_closes_the_connection() {
        let (addr, stats) = start(limits(10_000, 60_000, 200, 4), std::future::pending()).await;
        let mut s = TcpStream::connect(addr).await.unwrap();
        let response = get_on(&mut s, "/slow").await;
        assert!(response.starts_with("HTTP/1.1 503"), "{response}");
        assert!(response.to_ascii_lowercase().contains("connection: close"));
        closed_by_server(&mut s).await;
        assert!(stats
            .render()
            .contains("rheo_http_request_timeouts_total 1"));
    }

    #[tokio::test]
    async fn shutdown_closes_open_connections() {
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let shutdown = async move {
            let _ = rx.await;
        };
        let (addr, stats) = start(limits(10_000, 60_000, 10_000, 4), shutdown).await;
        let mut s = TcpStream::connect(addr).await.unwrap();
        assert!(get_on(&mut s, "/health").await.starts_with("HTTP/1.1 200"));
        drop(tx);
        closed_by_server(&mut s).await;
        assert_eq!(closed(&stats, CloseReason::Shutdown), 1);
    }

    #[test]
    fn the_default_cap_leaves_descriptors_for_kafka() {
        let limits = "Limit                     Soft Limit           Hard Limit           Units     \n\
                      Max cpu time              unlimited            unlimited            seconds   \n\
                      Max open files            256                  4096                 files     \n";
        assert_eq!(parse_open_files_limit(limits), Some(256));
        assert_eq!(connection_cap(Some(256)), 128);
        assert_eq!(connection_cap(Some(1024)), DEFAULT_MAX_CONNECTIONS);
        assert_eq!(connection_cap(Some(100)), 1);
        assert_eq!(connection_cap(None), DEFAULT_MAX_CONNECTIONS);
        assert_eq!(
            parse_open_files_limit("Max open files  unlimited  unlimited  files"),
            None
        );
    }
}
