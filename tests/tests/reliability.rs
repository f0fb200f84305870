//! Inputs that used to take `rheo serve` down, sent to the real binary through a real
//! broker (tansu, written to by aiokafka): a deeply nested expression, a record that crashes
//! every engine that executes it (fault injection), a record over 100 MB, and a consumer
//! whose fetches fail.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_e2e::{
    broker_with_topics, free_port, pass_through, produce, rheo_bin, run_with_timeout, KafkaRecord,
    Outgoing, RheoServe, Scratch, Tansu, TopicReader,
};
use serde_json::json;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

const EVAL_ON_SERIES: &str = "f70f53c2-645e-4bfa-91e1-a3ecbd56465a";

/// A request for transformation `id` with its inputs provided directly, by name.
fn direct_request(id: &str, inputs: &[(&str, &str)]) -> String {
    let wirings: Vec<_> = inputs
        .iter()
        .map(|(name, value)| {
            json!({"workflow_input_name": name, "adapter_id": "direct_provisioning",
                   "filters": {"value": value}})
        })
        .collect();
    json!({"id": id, "wiring": {"input_wirings": wirings}}).to_string()
}

fn eval_request(expression: &str) -> String {
    let series = "{\"2020-01-01T00:00:00Z\": 1.0, \"2020-01-02T00:00:00Z\": 2.0}";
    direct_request(
        EVAL_ON_SERIES,
        &[("series", series), ("expression", expression)],
    )
}

const TOPICS: [&str; 6] = [
    "--request-topic",
    "requests",
    "--result-topic",
    "results",
    "--dead-letter-topic",
    "dead-letters",
];

fn args(group: &str) -> Vec<&str> {
    let mut a = vec!["--group-id", group];
    a.extend(TOPICS);
    a
}

/// tansu with one-partition request, result and dead-letter topics.
fn one_partition_broker(dir: &Scratch) -> Tansu {
    broker_with_topics(dir, &[("requests", 1), ("results", 1), ("dead-letters", 1)])
}

fn by_key<'r>(records: &'r [KafkaRecord], key: &str) -> Vec<&'r KafkaRecord> {
    records
        .iter()
        .filter(|r| r.key_str().as_deref() == Some(key))
        .collect()
}

fn has_key(records: &[KafkaRecord], key: &str) -> bool {
    !by_key(records, key).is_empty()
}

/// 10,000 nested parentheses and a 100,000-term sum used to overflow the stack and abort
/// the engine, then the next owner of the partition. Now each is a failure result, the
/// records behind them are served, and both engines of the group stay alive.
#[test]
fn deep_expressions_sent_to_a_group_of_two_are_answered_and_both_engines_live() {
    let dir = Scratch::new("rel-deep");
    let tansu = broker_with_topics(
        &dir,
        &[("requests", 2), ("results", 2), ("dead-letters", 1)],
    );
    let brokers = tansu.brokers();
    let a = args("rel-deep");
    let mut e1 = RheoServe::start(dir.path(), "e1", &brokers, &a, &[]);
    let mut e2 = RheoServe::start(dir.path(), "e2", &brokers, &a, &[]);
    let mut results = TopicReader::start(&brokers, "results");
    let parens = format!("{}x{}", "(".repeat(10_000), ")".repeat(10_000));
    let sum = vec!["x"; 100_000].join(" + ");
    let unary = format!("{}x", "-".repeat(100_000));
    let power = vec!["x"; 10_000].join(" ** ");
    let mut records = Vec::new();
    for p in 0..2 {
        for (name, expr) in [
            ("parens", &parens),
            ("sum", &sum),
            ("unary", &unary),
            ("power", &power),
        ] {
            let mut r = Outgoing::keyed(&format!("{name}-{p}"), eval_request(expr));
            r.partition = Some(p);
            records.push(r);
        }
        let mut ok = Outgoing::keyed(&format!("after-{p}"), eval_request("x * 2"));
        ok.partition = Some(p);
        records.push(ok);
    }
    produce(&brokers, "requests", &records);
    let got = results.wait_for(10, Duration::from_secs(90)).to_vec();
    for p in 0..2 {
        for name in ["parens", "sum", "unary", "power"] {
            let r = by_key(&got, &format!("{name}-{p}"));
            assert_eq!(r.len(), 1, "{name}-{p} answered once");
            let v = r[0].json();
            assert_eq!(v["result"], "failure", "{v}");
            let kind = v["error"]["type"].as_str().unwrap_or_default();
            assert!(
                kind == "SyntaxError" || kind == "RecursionError",
                "{name}: {v}"
            );
        }
        let ok = by_key(&got, &format!("after-{p}"));
        assert_eq!(ok[0].json()["result"], "ok", "{}", ok[0].json());
    }
    assert!(e1.running(), "engine 1 died: {}", e1.log_tail(30));
    assert!(e2.running(), "engine 2 died: {}", e2.log_tail(30));
}

/// A record that aborts every process executing it (fault injection stands in for a crash
/// in a component) is executed by at most two processes: the first crash puts its lease
/// range under isolation, the second pins it down, and the third owner answers it with
/// `PoisonRecord`, dead-letters it and serves the records behind it.
#[test]
fn a_record_that_crashes_engines_becomes_a_poison_record_and_the_partition_moves_on() {
    let dir = Scratch::new("rel-poison");
    let tansu = one_partition_broker(&dir);
    let brokers = tansu.brokers();
    let a = args("rel-poison");
    let env = [("RHEO_FAULT_ABORT_ON_KEY", "boom")];
    let mut results = TopicReader::start(&brokers, "results");
    let mut dead = TopicReader::start(&brokers, "dead-letters");
    let records: Vec<Outgoing> = [
        ("ok-1", "1.0"),
        ("boom", "2.0"),
        ("ok-2", "3.0"),
        ("ok-3", "4.0"),
    ]
    .iter()
    .map(|(k, v)| Outgoing::keyed(k, pass_through(v)))
    .collect();
    produce(&brokers, "requests", &records);

    for (i, name) in ["first", "second"].iter().enumerate() {
        let mut engine = RheoServe::start(dir.path(), name, &brokers, &a, &env);
        let deadline = Instant::now() + Duration::from_secs(60);
        while engine.running() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
        assert!(
            !engine.running(),
            "engine {i} should have aborted on the record"
        );
        if i == 1 {
            assert!(
                engine.log().contains("running them one at a time"),
                "the second owner isolates: {}",
                engine.log_tail(30)
            );
        }
    }
    assert!(!has_key(results.records(), "boom"));

    let mut third = RheoServe::start(dir.path(), "third", &brokers, &a, &env);
    let all = results.wait_until(Duration::from_secs(60), |rs| {
        ["boom", "ok-2", "ok-3"].iter().all(|k| has_key(rs, k))
    });
    assert!(all, "not all answered: {}", third.log_tail(40));
    let got = results.records().to_vec();
    let boom = by_key(&got, "boom");
    assert_eq!(boom.len(), 1);
    let v = boom[0].json();
    assert_eq!(v["result"], "failure");
    assert_eq!(v["error"]["type"], "PoisonRecord", "{v}");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("2 times"),
        "{v}"
    );
    for k in ["ok-2", "ok-3"] {
        assert_eq!(by_key(&got, k)[0].json()["result"], "ok");
    }
    let dl = dead.wait_for(1, Duration::from_secs(30)).to_vec();
    assert_eq!(dl[0].key_str().as_deref(), Some("boom"));
    assert_eq!(dl[0].header("error_type").as_deref(), Some("PoisonRecord"));
    // At the end of the partition isolation ends and records run as usual again.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !third.log().contains("back to concurrent execution") {
        assert!(Instant::now() < deadline, "{}", third.log_tail(30));
        std::thread::sleep(Duration::from_millis(100));
    }
    produce(
        &brokers,
        "requests",
        &[Outgoing::keyed("ok-4", pass_through("5.0"))],
    );
    assert!(results.wait_until(Duration::from_secs(30), |rs| has_key(rs, "ok-4")));
    assert!(third.running(), "{}", third.log_tail(30));
}

/// A 110 MB record, above librdkafka's default receive limit, is answered with
/// `RequestTooLarge`; the records behind it are served.
#[test]
fn a_record_over_100_mb_is_answered_with_request_too_large() {
    let dir = Scratch::new("rel-huge");
    let tansu = one_partition_broker(&dir);
    let brokers = tansu.brokers();
    let mut engine = RheoServe::start(dir.path(), "engine", &brokers, &args("rel-huge"), &[]);
    let mut results = TopicReader::start(&brokers, "results");
    let huge = vec![b'x'; 110 * 1000 * 1000];
    produce(
        &brokers,
        "requests",
        &[
            Outgoing::keyed("huge", huge),
            Outgoing::keyed("after", pass_through("5.0")),
        ],
    );
    let got = results.wait_for(2, Duration::from_secs(120)).to_vec();
    let v = by_key(&got, "huge")[0].json();
    assert_eq!(v["error"]["type"], "RequestTooLarge", "{v}");
    assert_eq!(by_key(&got, "after")[0].json()["result"], "ok");
    assert!(engine.running(), "{}", engine.log_tail(30));
}

fn http_get(port: u16, path: &str) -> (u16, String) {
    let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new());
    };
    s.set_read_timeout(Some(Duration::from_secs(10))).ok();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).ok();
    let status = out
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, out)
}

/// A consumer that cannot fetch (here: a record larger than a deliberately small receive
/// limit) makes no progress while records wait: `/health` says so with a 503 and the
/// stall shows in `/metrics`.
#[test]
fn health_turns_unhealthy_when_the_consumer_is_stalled() {
    let dir = Scratch::new("rel-stall");
    let tansu = one_partition_broker(&dir);
    let brokers = tansu.brokers();
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let env = [
        ("RHEO_KAFKA_CONSUMER_FETCH_MAX_BYTES", "100000"),
        ("RHEO_KAFKA_CONSUMER_MESSAGE_MAX_BYTES", "100000"),
        ("RHEO_KAFKA_CONSUMER_RECEIVE_MESSAGE_MAX_BYTES", "200000"),
        ("RHEO_STALL_AFTER_SECONDS", "2"),
    ];
    let mut engine = RheoServe::start_with_http(
        dir.path(),
        "engine",
        &brokers,
        &addr,
        &args("rel-stall"),
        &env,
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while http_get(port, "/health").0 != 200 {
        assert!(Instant::now() < deadline, "{}", engine.log_tail(30));
        std::thread::sleep(Duration::from_millis(200));
    }
    produce(
        &brokers,
        "requests",
        &[Outgoing::keyed(
            "big",
            pass_through(&format!("1.0{}", "0".repeat(1_000_000))),
        )],
    );
    let deadline = Instant::now() + Duration::from_secs(45);
    let (status, body) = loop {
        let (status, body) = http_get(port, "/health");
        if status == 503 || Instant::now() > deadline {
            break (status, body);
        }
        std::thread::sleep(Duration::from_millis(500));
    };
    assert_eq!(status, 503, "{body}\n{}", engine.log_tail(30));
    assert!(body.contains("no progress"), "{body}");
    let (_, metrics) = http_get(port, "/metrics");
    let stalled: f64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("rheo_consumer_stalled_seconds "))
        .and_then(|v| v.trim().parse().ok())
        .expect("stall metric");
    assert!(stalled > 0.0, "{metrics}");
    assert!(engine.running());
}

/// A request whose execution outlives `execution_timeout_seconds` (a moving MAD over
/// 600,000 points with a 300,000-point window: about 7 s of CPU on two threads in a debug
/// build, the last few inside the MAD kernel) is answered with `ExecutionTimeout`, and its
/// work stops: half a second after the answer the process uses (almost) no more CPU,
/// instead of finishing the execution in the background.
#[test]
fn a_timed_out_execution_stops_using_cpu() {
    let dir = Scratch::new("rel-cancel");
    let tansu = one_partition_broker(&dir);
    let brokers = tansu.brokers();
    let env = [("RHEO_EXECUTION_TIMEOUT_SECONDS", "2")];
    let engine = RheoServe::start(dir.path(), "engine", &brokers, &args("rel-cancel"), &env);
    let mut results = TopicReader::start(&brokers, "results");
    produce(
        &brokers,
        "requests",
        &[Outgoing::keyed(
            "slow",
            mad_band_request(600_000, "300000s"),
        )],
    );
    let got = results.wait_for(1, Duration::from_secs(120)).to_vec();
    let v = got[0].json();
    assert_eq!(v["error"]["type"], "ExecutionTimeout", "{v}");
    std::thread::sleep(Duration::from_millis(500));
    let before = engine.cpu_ticks().expect("cpu ticks");
    std::thread::sleep(Duration::from_millis(1500));
    let used = engine.cpu_ticks().expect("cpu ticks") - before;
    // Idle, the service polls Kafka and little else; the abandoned execution would use
    // two cores (300 ticks in 1.5 s).
    assert!(
        used < 40,
        "{used} ticks of CPU in 1.5 s after the timeout: the execution kept running"
    );
    produce(
        &brokers,
        "requests",
        &[Outgoing::keyed("after", pass_through("1.0"))],
    );
    let mut results = results;
    assert!(results.wait_until(Duration::from_secs(30), |rs| has_key(rs, "after")));
}

/// A Moving Window MAD Band Filter request over `n` points a second apart.
fn mad_band_request(n: usize, window: &str) -> String {
    let mut series = String::with_capacity(n * 32);
    series.push('{');
    for i in 0..n {
        let (day, rest) = (1 + i / 86_400, i % 86_400);
        let (h, m, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
        if i > 0 {
            series.push(',');
        }
        let value = (i * 7919) % 1000;
        series.push_str(&format!(
            "\"2020-01-{day:02}T{h:02}:{m:02}:{s:02}Z\": {value}.0"
        ));
    }
    series.push('}');
    direct_request(
        "bf698fbb-1e2e-47ca-a4f8-72b06b011985",
        &[
            ("series", &series),
            ("window_size", window),
            ("min_num_datapoints_in_window", "1"),
            ("mad_scaling_factor", "1.0"),
            ("min_band_width_factor", "0.0"),
        ],
    )
}

/// 10,000 RUL requests of about 42 kB sent at once through the embedded development broker
/// (`rheo bench-kafka` without `--brokers`: the mock cluster and an in-process service) are
/// all answered: the embedded topics have enough partitions that such a burst fits the mock
/// cluster's per-partition log, and the service reads requests into its own memory.
#[test]
fn a_burst_through_the_embedded_broker_loses_no_request() {
    let dir = Scratch::new("rel-embedded-burst");
    let request = dir.path().join("rul.json");
    std::fs::write(&request, rul_request(1150)).unwrap();
    assert!(std::fs::metadata(&request).unwrap().len() > 40_000);
    let mut cmd = std::process::Command::new(rheo_bin());
    cmd.args(["bench-kafka", request.to_str().unwrap(), "--count", "10000"])
        .args(["--sequential", "10", "--json"])
        .env("RHEO_STORE", dir.path().join("store"))
        .env("TMPDIR", dir.path());
    let out = run_with_timeout(cmd, b"", Duration::from_secs(600));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["count"], 10_000, "{report}");
    assert_eq!(report["failures"], 0, "{report}");
}

/// The seed's RUL request with `points` hourly points (about 36 bytes of JSON each).
fn rul_request(points: usize) -> String {
    let mut series = String::from("{");
    for i in 0..points {
        let (day, hour) = (1 + i / 24, i % 24);
        let (month, day) = (1 + (day - 1) / 28, 1 + (day - 1) % 28);
        if i > 0 {
            series.push(',');
        }
        let value = 2.5 - i as f64 * 0.0005;
        series.push_str(&format!(
            "\"2020-{month:02}-{day:02}T{hour:02}:00:00.000Z\":{value:.10}"
        ));
    }
    series.push('}');
    direct_request(
        "806df1b9-2fc8-4463-943f-3d258c569663",
        &[
            ("inp_series", &series),
            ("limit", "1.3"),
            ("num_days_forecast", "30"),
        ],
    )
}

/// `rheo submit` agrees with the service on sizes: a 2 MB request (above librdkafka's 1 MB
/// default) is sent, executed and its 3 MB result received.
#[test]
fn rheo_submit_sends_and_receives_records_over_a_megabyte() {
    let dir = Scratch::new("rel-submit-large");
    let tansu = one_partition_broker(&dir);
    let brokers = tansu.brokers();
    let _engine = RheoServe::start(dir.path(), "engine", &brokers, &args("rel-submit"), &[]);
    let request = dir.path().join("mad.json");
    std::fs::write(&request, mad_band_request(60_000, "600s")).unwrap();
    assert!(std::fs::metadata(&request).unwrap().len() > 1_500_000);
    let mut cmd = std::process::Command::new(rheo_bin());
    cmd.args(["submit", request.to_str().unwrap(), "--brokers", &brokers])
        .args(["--request-topic", "requests", "--result-topic", "results"])
        .args(["--timeout", "120"]);
    let out = run_with_timeout(cmd, b"", Duration::from_secs(180));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.len() > 1_000_000,
        "the result has {} bytes",
        text.len()
    );
    assert!(
        text.contains("\"result\":\"ok\"") || text.contains("\"result\": \"ok\""),
        "{}",
        &text[..300.min(text.len())]
    );
}

/// On the embedded broker a request that arrives while the in-flight budget is used up is
/// answered at once with `ServiceOverloaded`, because pausing would leave it where the mock
/// cluster drops unread records: 30 slow requests sent at once to a service that holds two
/// are all answered, each once, executed or refused, and the refusals are counted.
#[test]
fn the_embedded_broker_refuses_what_does_not_fit_instead_of_losing_it() {
    let dir = Scratch::new("rel-embedded-refuse");
    let port = free_port();
    let env = [("RHEO_MAX_IN_FLIGHT", "2"), ("RHEO_CONCURRENCY", "1")];
    let serve = RheoServe::start_embedded(dir.path(), "serve", port, None, &env);
    let brokers = serve.embedded_brokers(Duration::from_secs(30));
    let mut results = TopicReader::start(&brokers, "designer_job_result");
    let slow = mad_band_request(20_000, "3600s");
    let records: Vec<_> = (0..30)
        .map(|i| Outgoing::keyed(&format!("r{i}"), slow.clone()))
        .collect();
    produce(&brokers, "designer_initialize_job", &records);
    let got = results.wait_for(30, Duration::from_secs(120)).to_vec();
    let mut keys: Vec<_> = got.iter().filter_map(KafkaRecord::key_str).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 30, "each request answered once: {keys:?}");
    let (mut ok, mut refused) = (0, 0);
    for r in &got {
        let v = r.json();
        if v["result"] == "ok" {
            ok += 1;
        } else {
            assert_eq!(v["error"]["type"], "ServiceOverloaded", "{v}");
            let message = v["error"]["message"].as_str().unwrap_or_default();
            assert!(message.contains("max_in_flight = 2"), "{message}");
            refused += 1;
        }
    }
    assert!(ok >= 2 && refused >= 1, "{ok} executed, {refused} refused");
    let (_, metrics) = http_get(port, "/metrics");
    let line = format!("rheo_requests_refused_total {refused}");
    assert!(metrics.contains(&line), "{metrics}");
}
