//! The HTTP endpoints of a real `rheo serve` stay within their limits: idle connections are
//! closed and cannot starve the Kafka clients of descriptors, and `POST /render` refuses
//! bodies and figures over its limits and keeps its memory bounded.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_e2e::{data, free_port, rheo_bin, RheoServe, Scratch};
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Idle connections the storm test opens (fewer when this process may not open as many).
const IDLE_CONNECTIONS: usize = 2_000;
/// The descriptor limit the storm test runs `rheo serve` under.
const SERVE_FD_LIMIT: u32 = 256;
/// Default render body limit (16 MiB) and value budget of `rheo serve`.
const RENDER_LIMIT: usize = 16 << 20;
const VALUE_BUDGET: u64 = 2_000_000;
/// Peak resident memory `rheo serve` must stay under while rendering two figures at the
/// limits at once (measured: about 0.45 GiB in a debug build; 0.74 GiB before figures were
/// read into compact columns).
const PEAK_RSS_BOUND_KB: u64 = 1024 * 1024;

/// A response: status line, lower-cased header lines, body.
type Answer = (String, String, Vec<u8>);

/// Sends `head` (request line and headers, without the blank line) and `body` on a fresh
/// connection with `Connection: close`, and reads the answer to its end.
fn exchange(port: u16, head: &str, body: &[u8]) -> std::io::Result<Answer> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(120)))?;
    write!(s, "{head}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")?;
    s.write_all(body)?;
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes)?;
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no response head"))?;
    let text = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let (status, headers) = text.split_once("\r\n").unwrap_or((&text, ""));
    Ok((
        status.to_string(),
        headers.to_ascii_lowercase(),
        bytes[split + 4..].to_vec(),
    ))
}

fn get(port: u16, path: &str) -> Answer {
    exchange(port, &format!("GET {path} HTTP/1.1"), b"").expect("GET")
}

fn post_render(port: u16, query: &str, body: &[u8]) -> Answer {
    let head = format!(
        "POST /render{query} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {}",
        body.len()
    );
    exchange(port, &head, body).expect("POST /render")
}

fn text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

/// Waits until `/health` answers 200; panics after a minute.
fn wait_for_health(port: u16, serve: &mut RheoServe) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok((status, _, _)) = exchange(port, "GET /health HTTP/1.1", b"") {
            assert!(status.contains("200"), "{status}");
            return;
        }
        assert!(
            serve.running(),
            "rheo serve exited:\n{}",
            serve.log_tail(30)
        );
        assert!(Instant::now() < deadline, "rheo serve did not come up");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A counter line of the `/metrics` text.
fn metric(metrics: &str, name: &str) -> u64 {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in\n{metrics}"))
}

/// The soft descriptor limit of this test process.
fn own_fd_limit() -> usize {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| {
            l["Max open files".len()..]
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(1024)
}

/// A thread that opens idle connections: `n` at once, then one more every 10 ms (at most
/// `n` more) until stopped, so new connections keep arriving at the cap.
struct Storm {
    opened: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<Vec<TcpStream>>,
}

impl Storm {
    fn start(port: u16, n: usize) -> Storm {
        let opened = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (o, s) = (opened.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let mut conns = Vec::with_capacity(2 * n);
            for i in 0..2 * n {
                if i >= n {
                    if s.load(Ordering::Relaxed) {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                conns.push(TcpStream::connect(("127.0.0.1", port)).expect("connecting"));
                o.store(conns.len(), Ordering::Relaxed);
            }
            conns
        });
        Storm {
            opened,
            stop,
            thread,
        }
    }

    fn wait_opened(&self, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while self.opened.load(Ordering::Relaxed) < n {
            assert!(!self.thread.is_finished(), "the storm thread failed");
            assert!(Instant::now() < deadline, "could not open {n} connections");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn stop(self) -> Vec<TcpStream> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().expect("the storm thread")
    }
}

/// Panics unless the server has closed `s` (EOF or reset) by `deadline`.
fn assert_closed_by(s: &mut TcpStream, deadline: Instant, i: usize) {
    let left = deadline.saturating_duration_since(Instant::now());
    s.set_read_timeout(Some(left.max(Duration::from_millis(1))))
        .unwrap();
    let mut buf = [0u8; 64];
    match s.read(&mut buf) {
        Ok(0) => {}
        Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
        other => panic!("connection {i} is still open (read: {other:?})"),
    }
}

#[test]
fn idle_connections_are_closed_and_starve_neither_health_nor_kafka() {
    let scratch = Scratch::new("http-idle");
    let port = free_port();
    let env = [
        ("RHEO_HTTP_IDLE_TIMEOUT_SECONDS", "2"),
        ("RHEO_HTTP_HEADER_READ_TIMEOUT_SECONDS", "1"),
    ];
    let mut serve =
        RheoServe::start_embedded(scratch.path(), "serve", port, Some(SERVE_FD_LIMIT), &env);
    wait_for_health(port, &mut serve);
    let brokers = serve.embedded_brokers(Duration::from_secs(30));
    let (_, _, metrics) = get(port, "/metrics");
    // The default cap leaves 128 of the 256 descriptors to Kafka and the rest.
    assert_eq!(metric(&text(&metrics), "rheo_http_max_connections"), 128);

    let n = IDLE_CONNECTIONS.min(own_fd_limit().saturating_sub(200) / 2);
    if n < IDLE_CONNECTIONS {
        eprintln!(
            "this process may open few descriptors: {n} idle connections, not {IDLE_CONNECTIONS}"
        );
    }
    let storm = Storm::start(port, n);
    storm.wait_opened(n);
    let (status, _, body) = get(port, "/health");
    assert!(status.contains("200"), "{status} {}", text(&body));
    let fds = serve.open_descriptors().expect("/proc/PID/fd");
    assert!(fds <= 128 + 64, "rheo serve holds {fds} descriptors");
    // A Kafka round trip through the service while new idle connections keep arriving.
    let out = std::process::Command::new(rheo_bin())
        .args([
            "submit",
            data("seed-rul-console-line.txt").to_str().unwrap(),
        ])
        .args(["--brokers", &brokers, "--timeout", "90"])
        .output()
        .expect("rheo submit");
    let stdout = text(&out.stdout);
    assert!(
        out.status.success() && stdout.starts_with("test_executionissuer_1:"),
        "{stdout}{}\n{}",
        text(&out.stderr),
        serve.log_tail(30)
    );
    let mut conns = storm.stop();

    // Every connection is closed by the server: evicted to make room, or idle for 2 s.
    let deadline = Instant::now() + Duration::from_secs(2 + 30);
    for (i, c) in conns.iter_mut().enumerate() {
        assert_closed_by(c, deadline, i);
    }
    let (_, _, metrics) = get(port, "/metrics");
    let metrics = text(&metrics);
    let closed = |reason: &str| {
        let name = format!("rheo_http_connections_closed_total{{reason=\"{reason}\"}}");
        metric(&metrics, &name)
    };
    assert!(closed("idle_timeout") > 0, "{metrics}");
    assert!(closed("evicted") > 0, "{metrics}");
    assert!(metric(&metrics, "rheo_http_connections_total") as usize > conns.len());
    assert!(
        !serve.log().contains("Too many open files"),
        "{}",
        serve.log_tail(30)
    );
}

#[test]
fn a_render_body_over_the_limit_is_413() {
    let scratch = Scratch::new("http-render-limit");
    let port = free_port();
    let mut serve = RheoServe::start_embedded(scratch.path(), "serve", port, None, &[]);
    wait_for_health(port, &mut serve);
    // Declared by Content-Length: refused before the body is sent.
    let head = format!(
        "POST /render HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {}",
        RENDER_LIMIT + 1
    );
    let (status, _, body) = exchange(port, &head, b"").unwrap();
    assert!(status.contains("413"), "{status}");
    let expected = format!("render limit of {RENDER_LIMIT} bytes");
    assert!(text(&body).contains(&expected), "{}", text(&body));
    // Chunked: refused once the limit is passed (the last chunk ends the data sent).
    let mut chunks = Vec::with_capacity(RENDER_LIMIT + 1024);
    for _ in 0..16 {
        chunks.extend_from_slice(format!("{:x}\r\n", 1 << 20).as_bytes());
        chunks.extend(std::iter::repeat_n(b' ', 1 << 20));
        chunks.extend_from_slice(b"\r\n");
    }
    chunks.extend_from_slice(b"1\r\n ");
    let head = "POST /render HTTP/1.1\r\nTransfer-Encoding: chunked";
    let (status, _, body) = exchange(port, head, &chunks).unwrap();
    assert!(status.contains("413"), "{status}");
    assert!(text(&body).contains(&expected), "{}", text(&body));
    let (_, _, metrics) = get(port, "/metrics");
    let name = "rheo_render_requests_total{outcome=\"body_too_large\"}";
    assert_eq!(metric(&text(&metrics), name), 2);
}

#[test]
fn a_figure_over_the_value_budget_is_refused_naming_count_and_budget() {
    let scratch = Scratch::new("http-render-budget");
    let port = free_port();
    let mut serve = RheoServe::start_embedded(scratch.path(), "serve", port, None, &[]);
    wait_for_health(port, &mut serve);
    // 1,000,000 x/y points: 2,000,006 values with the figure, trace and array themselves.
    let zeros = vec!["0"; 1_000_000].join(",");
    let figure = format!(r#"{{"data":[{{"type":"scatter","x":[{zeros}],"y":[{zeros}]}}]}}"#);
    assert!(figure.len() < RENDER_LIMIT);
    let (status, _, body) = post_render(port, "?format=svg", figure.as_bytes());
    let message = text(&body);
    assert!(status.contains("413"), "{status} {message}");
    assert!(
        message.contains("has 2000006 JSON values")
            && message.contains(&format!("budget of {VALUE_BUDGET} values")),
        "{message}"
    );
}

/// A figure at both render limits: just under 16 MiB and just under the value budget, of
/// distinct category labels (the costliest kind of value to render measured).
fn figure_at_the_limits() -> String {
    let n = 999_990;
    let mut x = String::with_capacity(12 * n);
    let mut y = String::with_capacity(2 * n);
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        x.push_str(&format!("{sep}\"cat-{i:07}\""));
        y.push_str(&format!("{sep}{}", i % 10));
    }
    format!(r#"{{"data":[{{"type":"scatter","mode":"markers","x":[{x}],"y":[{y}]}}]}}"#)
}

#[test]
fn rendering_at_the_limits_keeps_peak_memory_bounded() {
    let scratch = Scratch::new("http-render-memory");
    let port = free_port();
    let mut serve = RheoServe::start_embedded(scratch.path(), "serve", port, None, &[]);
    wait_for_health(port, &mut serve);
    let baseline = serve.proc_status_kb("VmHWM").expect("VmHWM");
    let figure = Arc::new(figure_at_the_limits());
    assert!(figure.len() <= RENDER_LIMIT, "{} bytes", figure.len());
    // Two renders at once: the default concurrency.
    let renders: Vec<_> = ["png", "svg"]
        .into_iter()
        .map(|format| {
            let figure = figure.clone();
            std::thread::spawn(move || {
                post_render(port, &format!("?format={format}"), figure.as_bytes())
            })
        })
        .collect();
    for r in renders {
        let (status, _, body) = r.join().unwrap();
        assert!(status.contains("200"), "{status} {}", text(&body));
    }
    let peak = serve.proc_status_kb("VmHWM").expect("VmHWM");
    eprintln!(
        "rheo serve peak RSS: {} MiB before rendering, {} MiB after two renders of {} MiB figures",
        baseline / 1024,
        peak / 1024,
        figure.len() >> 20
    );
    assert!(
        peak < PEAK_RSS_BOUND_KB,
        "peak RSS {peak} kB over the bound of {PEAK_RSS_BOUND_KB} kB"
    );
}
