//! The Kafka adapter and consumption mode (`rheo consume`) end to end: the real binary
//! against tansu (an independent broker process), fed and read by aiokafka (hetida's
//! client). tansu's quirks are those described in `kafka_e2e.rs` (topics created up front,
//! short fetch waits, slow group joins).

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_e2e::{broker_with_topics, produce, Outgoing, RheoServe, Scratch, TopicReader};
use serde_json::{json, Value as Json};
use std::time::Duration;

/// The base component Add (`a`, `b`: ANY → `sum`).
const ADD: &str = "2abf72f6-68c9-7398-7175-165d31b3ced7";
/// Longest wait for a consuming job to join its group and handle what it was sent.
const HANDLE_TIMEOUT: Duration = Duration::from_secs(90);
const EXIT_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest wait for 2,000 strings through the three jobs of the EDNA chain (a restart
/// included) on a busy machine.
const CHAIN_TIMEOUT: Duration = Duration::from_secs(300);

/// hetida-style settings: Kafka configs `in` (consumable, topic `consume-in`) and `out`
/// (topic `consume-out`) on `brokers`.
fn kafka_configs(brokers: &str) -> String {
    json!({
        "in": {"display_name": "In", "topic": "consume-in", "consumable": true,
               "consumer_config": {"bootstrap_servers": brokers, "group_id": "adder",
                                   "auto_offset_reset": "earliest"}},
        "out": {"display_name": "Out", "topic": "consume-out",
                "producer_config": {"bootstrap_servers": brokers}}
    })
    .to_string()
}

/// Consumption mode as hetida's container reads it: Add on multi-value messages `a`, `b`,
/// its sum to `out` as a single-value message.
fn adder_mode() -> String {
    let input = |name: &str| {
        json!({"workflow_input_name": name, "adapter_id": "kafka", "ref_id": "base",
               "ref_id_type": "THINGNODE", "ref_key": "in_metadata(float)", "type": "metadata(float)",
               "use_default_value": false, "filters": {"message_value_key": name}})
    };
    json!({"id": ADD, "run_pure_plot_operators": false, "wiring": {
        "input_wirings": [input("a"), input("b")],
        "output_wirings": [{"workflow_output_name": "sum", "adapter_id": "kafka", "ref_id": "base",
            "ref_id_type": "THINGNODE", "ref_key": "out_metadata(any)", "type": "metadata(any)",
            "filters": {"message_value_key": ""}}]}})
    .to_string()
}

/// A multi-value message with `a` and (when given) `b`.
fn operands(a: f64, b: Option<f64>) -> Vec<u8> {
    let mut values = json!({"a": {"value": a, "data_type": "metadata(float)", "output_name": "x"}});
    if let Some(b) = b {
        values["b"] = json!({"value": b, "data_type": "metadata(float)"});
    }
    json!({"transformation_id": "t", "job_id": "j", "values": values})
        .to_string()
        .into_bytes()
}

fn start_adder(dir: &Scratch, name: &str, brokers: &str, env: &[(&str, &str)]) -> RheoServe {
    let (configs, mode) = (kafka_configs(brokers), adder_mode());
    let mut all = vec![
        ("HD_KAFKA_CONFIGS", configs.as_str()),
        ("HETIDA_DESIGNER_KAFKA_CONSUMPTION_MODE", mode.as_str()),
        ("RHEO_CONSUME_ERROR_TOPIC", "consume-errors"),
        ("RHEO_HTTP_ADDR", ""),
    ];
    all.extend_from_slice(env);
    RheoServe::consume(dir.path(), name, &[], &all)
}

/// The body of `GET http://ADDR/PATH`.
fn http_text(addr: &str, path: &str) -> String {
    let mut resp = ureq::get(format!("http://{addr}{path}")).call().unwrap();
    resp.body_mut().read_to_string().unwrap()
}

#[test]
fn consumption_mode_answers_good_messages_and_reports_bad_ones_then_resumes_after_a_restart() {
    let dir = Scratch::new("consume-adder");
    let tansu = broker_with_topics(
        &dir,
        &[("consume-in", 1), ("consume-out", 1), ("consume-errors", 1)],
    );
    let brokers = tansu.brokers();
    let http = format!("127.0.0.1:{}", rheo_e2e::free_port());
    let mut job = start_adder(
        &dir,
        "adder",
        &brokers,
        &[("RHEO_HTTP_ADDR", http.as_str())],
    );
    produce(
        &brokers,
        "consume-in",
        &[
            Outgoing::keyed("k1", operands(1.5, Some(2.0))),
            Outgoing::keyed("k2", "this is not JSON"),
            Outgoing::keyed("k3", operands(1.0, None)),
            Outgoing::keyed("k4", operands(-4.0, Some(0.25))),
        ],
    );
    let mut out = TopicReader::start(&brokers, "consume-out");
    let mut errors = TopicReader::start(&brokers, "consume-errors");
    let results = out.wait_for(2, HANDLE_TIMEOUT).to_vec();
    let sums: Vec<(Option<String>, Json)> =
        results.iter().map(|r| (r.key_str(), r.json())).collect();
    assert_eq!(
        sums[0].0.as_deref(),
        Some("k1"),
        "outputs carry the consumed record's key"
    );
    assert_eq!(sums[0].1["value"]["value"], json!(3.5));
    assert_eq!(sums[0].1["value"]["data_type"], "metadata(any)");
    assert_eq!(sums[0].1["value"]["output_name"], "sum");
    assert_eq!(sums[0].1["transformation_id"], ADD);
    assert_ne!(
        sums[0].1["job_id"], "j",
        "every message gets a job id of its own"
    );
    assert_eq!(
        (sums[1].0.as_deref(), &sums[1].1["value"]["value"]),
        (Some("k4"), &json!(-3.75))
    );

    let reported = errors.wait_for(2, HANDLE_TIMEOUT).to_vec();
    let unreadable = reported[0].json();
    assert_eq!(reported[0].key_str().as_deref(), Some("k2"));
    assert_eq!(unreadable["error"]["type"], "RequestValidationError");
    assert!(
        unreadable["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not a JSON message"),
        "{unreadable}"
    );
    assert_eq!(
        unreadable["source"],
        json!({"topic": "consume-in", "partition": 0, "offset": 1})
    );
    let failed = reported[1].json();
    assert_eq!(reported[1].key_str().as_deref(), Some("k3"));
    assert_eq!(
        failed["error"]["process_stage"],
        "LOADING_DATA_FROM_ADAPTERS"
    );
    assert!(
        failed["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no value 'b'"),
        "{failed}"
    );
    assert_eq!(failed["source"]["offset"], 2);
    assert_eq!(
        out.settle(Duration::from_secs(2)).len(),
        2,
        "failed messages produce no output"
    );
    let metrics = http_text(&http, "/metrics");
    assert!(metrics.contains("rheo_dead_letters_total 2"), "{metrics}");
    let ok = format!(
        "rheo_transformation_executions_total{{transformation_id=\"{ADD}\",result=\"ok\"}} 2"
    );
    assert!(metrics.contains(&ok), "{metrics}");
    assert!(
        http_text(&http, "/health").contains("\"status\":\"ok\""),
        "healthy"
    );

    assert!(
        job.terminate(EXIT_TIMEOUT).success(),
        "{}",
        job.log_tail(20)
    );
    // The second job reads messages of at most 1,000 bytes.
    let limited = [("RHEO_MAX_REQUEST_BYTES", "1000")];
    let mut job = start_adder(&dir, "adder-again", &brokers, &limited);
    let padded = format!("{{\"padding\": \"{}\"}}", "x".repeat(2000));
    produce(
        &brokers,
        "consume-in",
        &[
            Outgoing::keyed("big", padded),
            Outgoing::keyed("k5", operands(10.0, Some(5.0))),
        ],
    );
    let after = out.wait_for(3, HANDLE_TIMEOUT).to_vec();
    assert_eq!(after[2].key_str().as_deref(), Some("k5"));
    assert_eq!(after[2].json()["value"]["value"], json!(15.0));
    assert_eq!(
        out.settle(Duration::from_secs(3)).len(),
        3,
        "committed messages are not handled again"
    );
    let reported = errors.wait_for(3, HANDLE_TIMEOUT).to_vec();
    assert_eq!(reported[2].key_str().as_deref(), Some("big"));
    let too_large = reported[2].json();
    assert!(
        too_large["error"]["message"]
            .as_str()
            .unwrap()
            .contains("max_request_bytes"),
        "{too_large}"
    );
    assert_eq!(errors.settle(Duration::from_secs(1)).len(), 3);
    assert!(job.terminate(EXIT_TIMEOUT).success());
}

#[test]
fn hetidas_stop_after_an_unreadable_message_is_kept_when_asked_for() {
    let dir = Scratch::new("consume-stop");
    let tansu = broker_with_topics(&dir, &[("consume-in", 1), ("consume-out", 1)]);
    let brokers = tansu.brokers();
    let mut configs: Json = serde_json::from_str(&kafka_configs(&brokers)).unwrap();
    configs["in"]["continue_consumption_after_exception"] = json!(false);
    let (configs, mode) = (configs.to_string(), adder_mode());
    let mut job = RheoServe::consume(
        dir.path(),
        "stopping",
        &["--http-addr", ""],
        &[
            ("HD_KAFKA_CONFIGS", configs.as_str()),
            ("HETIDA_DESIGNER_KAFKA_CONSUMPTION_MODE", mode.as_str()),
        ],
    );
    produce(&brokers, "consume-in", &[Outgoing::keyed("bad", "[1, 2")]);
    let status = job.wait_exit(HANDLE_TIMEOUT);
    assert!(!status.success(), "the job stops with an error");
    assert!(
        job.log().contains("consumption stopped"),
        "{}",
        job.log_tail(10)
    );
}

#[test]
fn a_start_with_an_invalid_consumption_mode_fails_naming_the_rule() {
    let dir = Scratch::new("consume-invalid");
    let configs = kafka_configs("127.0.0.1:1");
    let mut mode: Json = serde_json::from_str(&adder_mode()).unwrap();
    mode["wiring"]["input_wirings"][1]["filters"]["message_value_key"] = json!("");
    let mode = mode.to_string();
    let out = rheo_e2e::run_with_timeout(
        {
            let mut cmd = std::process::Command::new(rheo_e2e::rheo_bin());
            cmd.args(["consume", "--http-addr", ""])
                .env("RHEO_STORE", dir.path().join("store"))
                .env("HD_KAFKA_CONFIGS", &configs)
                .env("HETIDA_DESIGNER_KAFKA_CONSUMPTION_MODE", &mode);
            cmd
        },
        b"",
        Duration::from_secs(30),
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("needs a value key in message_value_key"),
        "{stderr}"
    );
}

/// `examples/edna-chain/NAME.toml`.
fn edna_config(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/edna-chain")
        .join(format!("{name}.toml"));
    p.to_string_lossy().into_owned()
}

#[test]
fn the_edna_chain_carries_strings_in_order_through_three_jobs_and_a_killed_middle_job() {
    let dir = Scratch::new("edna-chain");
    let topics = [
        "in-topic",
        "source-job-stream",
        "job1-stream",
        "out-topic",
        "edna-errors",
    ];
    let tansu = broker_with_topics(&dir, &topics.map(|t| (t, 1)));
    let brokers = tansu.brokers();
    let start = |name: &str, log: &str| {
        let config = edna_config(name);
        RheoServe::consume(
            dir.path(),
            log,
            &["--config", &config, "--http-addr", ""],
            &[("RHEO_BROKERS", brokers.as_str())],
        )
    };
    let (_source, mut internal, _sink) = (
        start("source", "source"),
        start("internal", "internal"),
        start("sink", "sink"),
    );
    let lines: Vec<String> = (0..2000)
        .map(|i| format!("line {i:04} of the EDNA chain"))
        .collect();
    rheo_e2e::console_produce(&brokers, "in-topic", lines.join("\n").as_bytes(), None);
    let mut out = TopicReader::start(&brokers, "out-topic");
    // Killed once it has passed 200 of the 2,000 on: mid-stream.
    let mut passed_on = TopicReader::start(&brokers, "job1-stream");
    passed_on.wait_for(200, HANDLE_TIMEOUT);
    internal.kill9();
    let restarted = start("internal", "internal-again");
    let all_there = |records: &[rheo_e2e::KafkaRecord]| {
        let seen: std::collections::HashSet<&[u8]> =
            records.iter().filter_map(|r| r.value.as_deref()).collect();
        seen.len() >= lines.len()
    };
    assert!(
        out.wait_until(CHAIN_TIMEOUT, all_there),
        "only {} records on out-topic",
        out.records().len()
    );
    let mut first_seen = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for r in out.records() {
        let text = String::from_utf8(r.value.clone().unwrap()).unwrap();
        if seen.insert(text.clone()) {
            first_seen.push(text);
        }
    }
    assert_eq!(
        first_seen, lines,
        "every string arrives, in the order it was produced"
    );
    let (before, after) = (
        internal.count_log("message handled"),
        restarted.count_log("message handled"),
    );
    assert!(
        before > 0 && after > 0,
        "the kill came mid-stream: {before} before, {after} after"
    );

    let first = passed_on.records()[0].clone();
    let message: Json = rmp_serde::from_slice(first.value.as_deref().unwrap()).unwrap();
    assert_eq!(message["value"]["value"], json!(lines[0]), "{message}");
    assert_eq!(message["value"]["data_type"], "metadata(string)");
    assert_eq!(
        message["transformation_id"],
        "2b1b474f-ddf5-1f4d-fec4-17ef9122112b"
    );
    let errors = TopicReader::start(&brokers, "edna-errors")
        .settle(Duration::from_secs(1))
        .len();
    assert_eq!(errors, 0);
}

/// Pass Through (Float).
const PASS_FLOAT: &str = "2f511674-f766-748d-2de3-ad5e62e10a1a";

#[test]
fn a_plain_execution_reads_a_kafka_source_and_writes_a_msgpack_sink() {
    let dir = Scratch::new("kafka-adapter-run");
    let tansu = broker_with_topics(&dir, &[("readings", 1), ("scores", 1)]);
    let brokers = tansu.brokers();
    let configs = json!({
        "readings": {"display_name": "Readings", "topic": "readings", "consumable": true,
                     "consumer_config": {"bootstrap_servers": brokers, "group_id": "run",
                                         "auto_offset_reset": "earliest", "fetch.wait.max.ms": 10,
                                         "session.timeout.ms": 6000, "heartbeat.interval.ms": 500}},
        "scores": {"display_name": "Scores", "topic": "scores", "serializer": "msgpack",
                   "message_key": "plant-7", "producer_config": {"bootstrap_servers": brokers}}
    })
    .to_string();
    let message = json!({"value": {"value": "2.5", "data_type": "metadata(float)"}}).to_string();
    produce(&brokers, "readings", &[Outgoing::keyed("r", message)]);
    let request = json!({"id": PASS_FLOAT, "wiring": {
        "input_wirings": [{"workflow_input_name": "input", "adapter_id": "kafka",
            "ref_id": "readings_metadata(float)", "ref_id_type": "SOURCE", "type": "metadata(float)"}],
        "output_wirings": [{"workflow_output_name": "output", "adapter_id": "kafka",
            "ref_id": "base", "ref_id_type": "THINGNODE", "ref_key": "scores_metadata(float)",
            "type": "metadata(float)", "filters": {"message_value_key": "m1:score"}}]}});
    let mut cmd = rheo_e2e::run_command(
        dir.path(),
        &request,
        &[("HD_KAFKA_CONFIGS", configs.as_str())],
    );
    let response: Json = serde_json::from_slice(&rheo_e2e::succeeded(&mut cmd)).unwrap();
    assert_eq!(response["result"], "ok", "{response}");
    assert_eq!(
        response["output_results_by_output_name"],
        json!({}),
        "Kafka outputs are not in the response"
    );
    let mut scores = TopicReader::start(&brokers, "scores");
    let record = scores.wait_for(1, HANDLE_TIMEOUT)[0].clone();
    assert_eq!(record.key_str().as_deref(), Some("plant-7"));
    let sent: Json = rmp_serde::from_slice(record.value.as_deref().unwrap()).unwrap();
    assert_eq!(sent["values"]["score"]["value"], json!(2.5), "{sent}");
    assert_eq!(sent["values"]["score"]["output_name"], "output");
    assert_eq!(sent["transformation_id"], PASS_FLOAT);
    assert_eq!(sent["job_id"], response["job_id"]);

    // Nothing more to read: the source gives up after EXTERNAL_REQUEST_TIMEOUT.
    let cmd = rheo_e2e::run_command(
        dir.path(),
        &request,
        &[
            ("HD_KAFKA_CONFIGS", configs.as_str()),
            ("EXTERNAL_REQUEST_TIMEOUT", "2"),
        ],
    );
    let out = rheo_e2e::run_with_timeout(cmd, b"", Duration::from_secs(60));
    let response = rheo_e2e::response_of(&out);
    assert_eq!(
        response["error"]["type"], "AdapterConnectionError",
        "{response}"
    );
    assert!(response["error"]["message"]
        .as_str()
        .unwrap()
        .contains("no message arrived on topic 'readings'"));
}

#[test]
fn a_transient_sink_failure_is_retried_until_it_succeeds() {
    let dir = Scratch::new("consume-retry");
    let tansu = broker_with_topics(&dir, &[("consume-in", 1), ("consume-errors", 1)]);
    let brokers = tansu.brokers();
    // The output goes to a second broker that is not up yet.
    let later = rheo_e2e::free_port();
    let mut configs: Json = serde_json::from_str(&kafka_configs(&brokers)).unwrap();
    configs["out"]["producer_config"]["bootstrap_servers"] = json!(format!("127.0.0.1:{later}"));
    configs["out"]["producer_config"]["reconnect.backoff.max.ms"] = json!(200);
    let (configs, mode) = (configs.to_string(), adder_mode());
    let job = RheoServe::consume(
        dir.path(),
        "retrying",
        &["--http-addr", ""],
        &[
            ("HD_KAFKA_CONFIGS", configs.as_str()),
            ("HETIDA_DESIGNER_KAFKA_CONSUMPTION_MODE", mode.as_str()),
            ("RHEO_CONSUME_ERROR_TOPIC", "consume-errors"),
            ("EXTERNAL_REQUEST_TIMEOUT", "1"),
            ("RHEO_TRANSIENT_RETRIES", "40"),
            ("RHEO_RETRY_FIRST_DELAY_SECONDS", "0.2"),
        ],
    );
    produce(
        &brokers,
        "consume-in",
        &[Outgoing::keyed("k", operands(1.0, Some(1.0)))],
    );
    let deadline = std::time::Instant::now() + HANDLE_TIMEOUT;
    while job.count_log("transient failure; retrying") == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "no retry: {}",
            job.log_tail(20)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // The producer's metadata request creates the topic on tansu.
    let second = rheo_e2e::Tansu::start_at(dir.path(), later);
    let mut out = TopicReader::start(&second.brokers(), "consume-out");
    let sent = out.wait_for(1, HANDLE_TIMEOUT)[0].json();
    assert_eq!(sent["value"]["value"], json!(2.0));
    assert_eq!(
        out.settle(Duration::from_secs(2)).len(),
        1,
        "one output once the sink works"
    );
    let errors = TopicReader::start(&brokers, "consume-errors")
        .settle(Duration::from_secs(1))
        .len();
    assert_eq!(errors, 0, "a retried success reports no error");
}

/// The base component Sum up Series (`data`: SERIES → `sum`: FLOAT).
const SUM_UP: &str = "878d85a2-2cf5-235b-d260-fd94c734cec9";

/// Consumption mode running Sum up Series over windows of single-value messages.
fn summing_mode(window: Json) -> String {
    json!({"id": SUM_UP, "window": window, "wiring": {
        "input_wirings": [{"workflow_input_name": "data", "adapter_id": "kafka",
            "ref_id": "in_series(float)", "type": "series(float)"}],
        "output_wirings": [{"workflow_output_name": "sum", "adapter_id": "kafka",
            "ref_id": "out_metadata(float)", "type": "metadata(float)"}]}})
    .to_string()
}

/// A single-value message `value` with event time field `ts` (seconds after the epoch).
fn reading(value: f64, ts: u32) -> Vec<u8> {
    json!({"ts": format!("2026-01-01T00:00:{ts:02}Z"),
           "value": {"value": value, "data_type": "series(float)"}})
    .to_string()
    .into_bytes()
}

fn start_summing(dir: &Scratch, name: &str, brokers: &str, window: Json) -> RheoServe {
    let (configs, mode) = (kafka_configs(brokers), summing_mode(window));
    RheoServe::consume(
        dir.path(),
        name,
        &["--http-addr", ""],
        &[
            ("HD_KAFKA_CONFIGS", configs.as_str()),
            ("HETIDA_DESIGNER_KAFKA_CONSUMPTION_MODE", mode.as_str()),
            ("RHEO_CONSUME_ERROR_TOPIC", "consume-errors"),
        ],
    )
}

/// The (key, sum) of each output record.
fn sums(records: &[rheo_e2e::KafkaRecord]) -> Vec<(String, f64)> {
    records
        .iter()
        .map(|r| {
            (
                r.key_str().unwrap_or_default(),
                r.json()["value"]["value"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn count_windows_per_key_survive_a_restart_by_rereading_what_was_not_committed() {
    let dir = Scratch::new("consume-count-windows");
    let tansu = broker_with_topics(
        &dir,
        &[("consume-in", 1), ("consume-out", 1), ("consume-errors", 1)],
    );
    let brokers = tansu.brokers();
    let window = json!({"by": "count", "size": 3});
    let mut job = start_summing(&dir, "count", &brokers, window.clone());
    let one = |key: &str, v: f64| Outgoing::keyed(key, reading(v, 0));
    produce(
        &brokers,
        "consume-in",
        &[
            one("a", 1.0),
            one("b", 10.0),
            one("a", 2.0),
            one("a", 3.0),
            one("b", 20.0),
        ],
    );
    let mut out = TopicReader::start(&brokers, "consume-out");
    assert_eq!(
        sums(out.wait_for(1, HANDLE_TIMEOUT)),
        [("a".to_string(), 6.0)]
    );
    // b's window holds two messages when the job stops; they are read again after the restart.
    assert!(job.terminate(EXIT_TIMEOUT).success());
    let mut job = start_summing(&dir, "count-again", &brokers, window);
    produce(&brokers, "consume-in", &[one("b", 30.0)]);
    let got = sums(out.wait_for(2, HANDLE_TIMEOUT));
    assert_eq!(
        got[1],
        ("b".to_string(), 60.0),
        "the window was rebuilt: {got:?}"
    );
    assert_eq!(out.settle(Duration::from_secs(2)).len(), 2);
    assert!(job.terminate(EXIT_TIMEOUT).success());
}

#[test]
fn event_time_windows_close_after_the_lateness_and_report_later_messages() {
    let dir = Scratch::new("consume-time-windows");
    let tansu = broker_with_topics(
        &dir,
        &[("consume-in", 1), ("consume-out", 1), ("consume-errors", 1)],
    );
    let brokers = tansu.brokers();
    let window =
        json!({"by": "event_time", "size": 10, "time_field": "ts", "allowed_lateness_seconds": 2});
    let _job = start_summing(&dir, "time", &brokers, window);
    let at = |v: f64, ts: u32| Outgoing::keyed("k", reading(v, ts));
    produce(
        &brokers,
        "consume-in",
        // [0,10) gets 1, 5 and the late-but-allowed 9 (after 11); 12 closes it; 3 is too late.
        &[
            at(1.0, 1),
            at(5.0, 5),
            at(11.0, 11),
            at(9.0, 9),
            at(12.0, 12),
            at(3.0, 3),
            at(25.0, 25),
        ],
    );
    let mut out = TopicReader::start(&brokers, "consume-out");
    let got = sums(out.wait_for(2, HANDLE_TIMEOUT));
    assert_eq!(
        got,
        [("k".to_string(), 15.0), ("k".to_string(), 23.0)],
        "[0,10) then [10,20)"
    );
    let mut errors = TopicReader::start(&brokers, "consume-errors");
    let late = errors.wait_for(1, HANDLE_TIMEOUT)[0].json();
    assert_eq!(late["error"]["type"], "LateMessage", "{late}");
    assert_eq!(late["source"]["offset"], 5);
}

#[test]
fn per_key_order_in_serve_answers_each_keys_requests_in_order() {
    let dir = Scratch::new("serve-key-order");
    let tansu = broker_with_topics(&dir, &[("requests", 1), ("results", 1), ("nothing", 1)]);
    let brokers = tansu.brokers();
    // A request reading the empty topic waits a second for a message that never comes.
    let configs = json!({"slow": {"display_name": "Slow", "topic": "nothing", "consumable": true,
        "consumer_config": {"bootstrap_servers": brokers, "fetch.wait.max.ms": 10}}})
    .to_string();
    let args = [
        "--request-topic",
        "requests",
        "--result-topic",
        "results",
        "--concurrency",
        "4",
    ];
    let env = [
        ("RHEO_PER_KEY_ORDER", "true"),
        ("HD_KAFKA_CONFIGS", configs.as_str()),
        ("EXTERNAL_REQUEST_TIMEOUT", "1"),
        ("RHEO_TRANSIENT_RETRIES", "0"),
    ];
    let _serve = RheoServe::start(dir.path(), "ordered", &brokers, &args, &env);
    let slow =
        json!({"id": PASS_FLOAT, "wiring": {"input_wirings": [{"workflow_input_name": "input",
        "adapter_id": "kafka", "ref_id": "slow_metadata(float)", "type": "metadata(float)"}]}})
        .to_string();
    let mut requests = Vec::new();
    for key in ["a", "b", "c"] {
        requests.push(Outgoing::keyed(key, slow.clone()));
    }
    for i in 1..=4 {
        for key in ["a", "b", "c"] {
            requests.push(Outgoing::keyed(key, rheo_e2e::pass_through(&i.to_string())));
        }
    }
    produce(&brokers, "requests", &requests);
    let mut results = TopicReader::start(&brokers, "results");
    let records = results.wait_for(requests.len(), HANDLE_TIMEOUT).to_vec();
    for key in ["a", "b", "c"] {
        let answers: Vec<String> = records
            .iter()
            .filter(|r| r.key_str().as_deref() == Some(key))
            .map(|r| {
                let body = r.json();
                match body["result"].as_str() {
                    Some("ok") => body["output_results_by_output_name"]["output"].to_string(),
                    _ => body["error"]["type"].as_str().unwrap_or("?").to_string(),
                }
            })
            .collect();
        assert_eq!(
            answers,
            ["AdapterConnectionError", "1.0", "2.0", "3.0", "4.0"],
            "key {key}"
        );
    }
}

/// The base component 2D Grid Generator (two SERIES outputs among four).
const GRID: &str = "096c6181-4ba5-0ee7-361a-3c32eee8c0c2";

#[test]
fn a_sink_grouping_that_breaks_hetidas_rules_fails_at_sending() {
    let dir = Scratch::new("kafka-grouping");
    let configs = json!({"out": {"display_name": "Out", "topic": "t",
        "producer_config": {"bootstrap_servers": "127.0.0.1:1"}}})
    .to_string();
    let output = |name: &str| {
        json!({"workflow_output_name": name, "adapter_id": "kafka", "ref_id": "out_metadata(any)",
               "type": "metadata(any)", "filters": {"message_value_key": "m:same"}})
    };
    // 2D Grid Generator's two outputs under one value key of one message.
    let inputs: Vec<Json> = [("x_min", "0"), ("x_max", "1"), ("y_min", "0"), ("y_max", "1"), ("n", "2")]
        .iter()
        .map(|(n, v)| json!({"workflow_input_name": n, "adapter_id": "direct_provisioning", "filters": {"value": v}}))
        .collect();
    let request = json!({"id": GRID, "wiring": {"input_wirings": inputs,
        "output_wirings": [output("x_values"), output("y_values")]}});
    let cmd = rheo_e2e::run_command(
        dir.path(),
        &request,
        &[("HD_KAFKA_CONFIGS", configs.as_str())],
    );
    let response = rheo_e2e::response_of(&rheo_e2e::run_with_timeout(
        cmd,
        b"",
        Duration::from_secs(60),
    ));
    assert_eq!(response["result"], "failure", "{response}");
    let error = &response["error"];
    assert_eq!(
        error["process_stage"], "SENDING_DATA_TO_ADAPTERS",
        "{response}"
    );
    assert_eq!(error["type"], "AdapterHandlingException");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("value key 'same' twice"),
        "{response}"
    );
}
