//! The Kafka service against librdkafka's in-process mock cluster: offset ordering with
//! concurrent executions, the execution timeout, shutdown draining and the dead-letter topic.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer, StreamConsumer};
use rdkafka::message::{Headers, Message};
use rdkafka::mocking::MockCluster;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::util::Timeout;
use rdkafka::{Offset, TopicPartitionList};
use rheo_adapters::Adapters;
use rheo_components::Registry;
use rheo_engine::serve::config::ServeConfig;
use rheo_engine::store::Store;
use rheo_engine::Engine;
use serde_json::{json, Value as Json};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

const REQ: &str = "requests";
const RES: &str = "results";
const DLQ: &str = "dead-letters";

fn engine() -> Arc<Engine> {
    Arc::new(Engine::new(
        Store::with_builtin().unwrap(),
        Registry::builtin(),
        Adapters::builtin(),
    ))
}

fn config(brokers: &str, group: &str) -> ServeConfig {
    let mut c = ServeConfig {
        brokers: brokers.to_string(),
        request_topic: REQ.into(),
        result_topic: RES.into(),
        group_id: group.into(),
        concurrency: 4,
        max_in_flight: 8,
        http_addr: String::new(),
        ..Default::default()
    };
    c.consumer.insert("fetch.wait.max.ms".into(), "10".into());
    c
}

struct Running {
    stop: oneshot::Sender<()>,
    task: JoinHandle<anyhow::Result<()>>,
}

fn start(config: ServeConfig) -> Running {
    let (stop, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(rheo_engine::serve::serve(
        engine(),
        config,
        false,
        async move {
            let _ = rx.await;
        },
    ));
    Running { stop, task }
}

impl Running {
    async fn shutdown(self) {
        let _ = self.stop.send(());
        tokio::time::timeout(Duration::from_secs(60), self.task)
            .await
            .expect("the service drains and stops in time")
            .expect("service task")
            .expect("service result");
    }
}

fn pass_float(value: f64) -> String {
    json!({"id": "2f511674-f766-748d-2de3-ad5e62e10a1a", "wiring": {"input_wirings": [
        {"workflow_input_name": "input", "adapter_id": "direct_provisioning", "filters": {"value": value.to_string()}}]}})
    .to_string()
}

/// The RUL example on an hourly series of `n` points (heavier with plots).
fn rul(n: usize, plots: bool) -> String {
    let series: serde_json::Map<String, Json> = (0..n)
        .map(|i| {
            let ts = 1_588_291_200_i64 + 3600 * i as i64;
            (format!("{}", ts * 1000), json!(3.0 - i as f64 * 1e-4))
        })
        .collect();
    json!({"id": "806df1b9-2fc8-4463-943f-3d258c569663", "run_pure_plot_operators": plots, "wiring": {"input_wirings": [
        {"workflow_input_name": "inp_series", "adapter_id": "direct_provisioning", "filters": {"value": Json::Object(series).to_string()}},
        {"workflow_input_name": "limit", "adapter_id": "direct_provisioning", "filters": {"value": "1.3"}},
        {"workflow_input_name": "num_days_forecast", "adapter_id": "direct_provisioning", "filters": {"value": "30"}}]}})
    .to_string()
}

async fn produce(
    brokers: &str,
    topic: &str,
    partition: Option<i32>,
    key: Option<&[u8]>,
    payload: &[u8],
) {
    let p: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .create()
        .unwrap();
    let mut r = FutureRecord::<[u8], [u8]>::to(topic).payload(payload);
    if let Some(k) = key {
        r = r.key(k);
    }
    if let Some(part) = partition {
        r = r.partition(part);
    }
    p.send(r, Timeout::After(Duration::from_secs(10)))
        .await
        .map_err(|(e, _)| e)
        .unwrap();
}

/// A received record: key, JSON value, headers.
type Received = (Option<String>, Json, HashMap<String, String>);

/// Reads `topic` from the beginning until `count` records arrived or `wait` passed.
async fn read(
    brokers: &str,
    topic: &str,
    partitions: i32,
    count: usize,
    wait: Duration,
) -> Vec<Received> {
    let c: StreamConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("group.id", format!("reader-{}", uuid::Uuid::new_v4()))
        .set("enable.auto.commit", "false")
        .set("fetch.wait.max.ms", "10")
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    for p in 0..partitions {
        tpl.add_partition_offset(topic, p, Offset::Beginning)
            .unwrap();
    }
    c.assign(&tpl).unwrap();
    let deadline = Instant::now() + wait;
    let mut out = Vec::new();
    while out.len() < count {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        let Ok(Ok(m)) = tokio::time::timeout(left, c.recv()).await else {
            continue;
        };
        let key = m.key().map(|k| String::from_utf8_lossy(k).into_owned());
        let value = serde_json::from_slice(m.payload().unwrap_or_default()).unwrap_or(Json::Null);
        let headers = m
            .headers()
            .map(|h| {
                h.iter()
                    .map(|x| {
                        (
                            x.key.to_string(),
                            String::from_utf8_lossy(x.value.unwrap_or_default()).into_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push((key, value, headers));
    }
    out
}

fn committed(brokers: &str, group: &str, partitions: i32) -> Vec<i64> {
    let c: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("group.id", group)
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    for p in 0..partitions {
        tpl.add_partition(REQ, p);
    }
    let got = c.committed_offsets(tpl, Duration::from_secs(10)).unwrap();
    got.elements()
        .iter()
        .map(|e| match e.offset() {
            Offset::Offset(o) => o,
            _ => -1,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offsets_follow_partition_order_with_concurrent_executions() {
    let cluster = MockCluster::new(1).unwrap();
    cluster.create_topic(REQ, 1, 1).unwrap();
    cluster.create_topic(RES, 1, 1).unwrap();
    let brokers = cluster.bootstrap_servers();
    // Heavy and light requests interleaved on one partition finish out of order.
    let n: usize = 24;
    for i in 0..n {
        let payload = if i.is_multiple_of(4) {
            rul(4000, false)
        } else {
            pass_float(i as f64)
        };
        produce(
            &brokers,
            REQ,
            Some(0),
            Some(format!("k{i}").as_bytes()),
            payload.as_bytes(),
        )
        .await;
    }
    let svc = start(config(&brokers, "g-order"));
    let results = read(&brokers, RES, 1, n, Duration::from_secs(60)).await;
    svc.shutdown().await;
    assert_eq!(results.len(), n, "every request answered");
    let mut keys: Vec<String> = results.iter().map(|r| r.0.clone().unwrap()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n, "each exactly once");
    for (key, value, headers) in &results {
        let i: usize = key.as_ref().unwrap()[1..].parse().unwrap();
        assert_eq!(value["result"], "ok", "{value}");
        assert_eq!(headers["result"], "ok");
        assert_eq!(headers["job_id"], value["job_id"].as_str().unwrap());
        if !i.is_multiple_of(4) {
            assert_eq!(
                value["output_results_by_output_name"]["output"],
                json!(i as f64)
            );
        }
    }
    assert_eq!(
        committed(&brokers, "g-order", 1),
        vec![n as i64],
        "committed after the last result"
    );
    // A new member of the group gets nothing redelivered.
    let svc = start(config(&brokers, "g-order"));
    tokio::time::sleep(Duration::from_secs(3)).await;
    svc.shutdown().await;
    assert_eq!(
        read(&brokers, RES, 1, n + 1, Duration::from_secs(10))
            .await
            .len(),
        n
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn execution_timeout_gives_a_keyed_failure() {
    let cluster = MockCluster::new(1).unwrap();
    cluster.create_topic(REQ, 1, 1).unwrap();
    cluster.create_topic(RES, 1, 1).unwrap();
    let brokers = cluster.bootstrap_servers();
    produce(
        &brokers,
        REQ,
        None,
        Some(b"slow"),
        rul(20_000, true).as_bytes(),
    )
    .await;
    let mut c = config(&brokers, "g-timeout");
    c.execution_timeout_seconds = 0.001;
    let svc = start(c);
    let results = read(&brokers, RES, 1, 1, Duration::from_secs(60)).await;
    svc.shutdown().await;
    assert_eq!(results.len(), 1);
    let (key, value, headers) = &results[0];
    assert_eq!(key.as_deref(), Some("slow"));
    assert_eq!(value["result"], "failure");
    assert_eq!(value["error"]["type"], "ExecutionTimeout", "{value}");
    assert_eq!(headers["result"], "failure");
    assert_eq!(committed(&brokers, "g-timeout", 1), vec![1]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_drains_in_flight_work_and_the_rest_is_redelivered() {
    let cluster = MockCluster::new(1).unwrap();
    cluster.create_topic(REQ, 1, 1).unwrap();
    cluster.create_topic(RES, 1, 1).unwrap();
    let brokers = cluster.bootstrap_servers();
    let n = 12;
    for i in 0..n {
        produce(
            &brokers,
            REQ,
            Some(0),
            Some(format!("d{i}").as_bytes()),
            rul(8000, false).as_bytes(),
        )
        .await;
    }
    let mut c = config(&brokers, "g-drain");
    c.concurrency = 2;
    c.max_in_flight = 2;
    let svc = start(c.clone());
    // Stop as soon as the first result is out: work is in flight at that moment.
    let first = read(&brokers, RES, 1, 1, Duration::from_secs(60)).await;
    assert_eq!(first.len(), 1);
    svc.shutdown().await;
    let after_first = read(&brokers, RES, 1, n, Duration::from_secs(10))
        .await
        .len();
    let done = committed(&brokers, "g-drain", 1)[0];
    assert!(done >= 1, "drained work was committed");
    assert_eq!(
        done as usize, after_first,
        "every committed record has its result, nothing more was committed"
    );
    // A restarted member finishes the rest; together every request is answered.
    let svc = start(c);
    let all = read(&brokers, RES, 1, n, Duration::from_secs(90)).await;
    svc.shutdown().await;
    let mut keys: Vec<String> = all.iter().map(|r| r.0.clone().unwrap()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n, "nothing lost");
    assert_eq!(committed(&brokers, "g-drain", 1), vec![n as i64]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_records_get_failures_and_go_to_the_dead_letter_topic() {
    let cluster = MockCluster::new(1).unwrap();
    for t in [REQ, RES, DLQ] {
        cluster.create_topic(t, 1, 1).unwrap();
    }
    let brokers = cluster.bootstrap_servers();
    let bad: Vec<(&str, Vec<u8>, &str)> = vec![
        ("utf8", vec![0xff, 0xfe, b'{'], "InvalidUtf8"),
        ("json", b"{\"id\": ".to_vec(), "RequestValidationError"),
        ("shape", b"{\"foo\": 1}".to_vec(), "RequestValidationError"),
    ];
    produce(
        &brokers,
        REQ,
        Some(0),
        Some(b"good1"),
        pass_float(1.0).as_bytes(),
    )
    .await;
    for (k, v, _) in &bad {
        produce(&brokers, REQ, Some(0), Some(k.as_bytes()), v).await;
    }
    produce(
        &brokers,
        REQ,
        Some(0),
        None,
        format!("console:{}", pass_float(2.0)).as_bytes(),
    )
    .await;
    produce(
        &brokers,
        REQ,
        Some(0),
        Some(b"unknown"),
        br#"{"id": "11111111-2222-3333-4444-555555555555"}"#,
    )
    .await;
    let mut c = config(&brokers, "g-dlq");
    c.dead_letter_topic = Some(DLQ.into());
    let svc = start(c);
    let results = read(&brokers, RES, 1, 6, Duration::from_secs(60)).await;
    let dead = read(&brokers, DLQ, 1, 3, Duration::from_secs(30)).await;
    svc.shutdown().await;
    let by_key: HashMap<String, &Json> = results
        .iter()
        .map(|r| (r.0.clone().unwrap(), &r.1))
        .collect();
    assert_eq!(by_key.len(), 6, "{results:?}");
    assert_eq!(by_key["good1"]["result"], "ok");
    assert_eq!(
        by_key["console"]["output_results_by_output_name"]["output"],
        json!(2.0)
    );
    assert_eq!(by_key["unknown"]["error"]["type"], "TransformationNotFound");
    for (k, _, t) in &bad {
        assert_eq!(by_key[*k]["result"], "failure", "{k}");
        assert_eq!(by_key[*k]["error"]["type"], *t, "{k}");
    }
    // Only records that are bad in themselves are dead-lettered, unchanged, with the reason.
    assert_eq!(dead.len(), 3, "{dead:?}");
    // Records are handled concurrently, so dead letters arrive in completion order.
    let dead_raw = read_raw(&brokers, DLQ).await;
    assert_eq!(dead_raw.len(), bad.len());
    for (k, v, t) in &bad {
        let (_, dv, h) = dead_raw
            .iter()
            .find(|(dk, _, _)| dk.as_deref() == Some(*k))
            .unwrap_or_else(|| panic!("{k} was not dead-lettered: {dead_raw:?}"));
        assert_eq!(dv, v, "the raw record is kept");
        assert_eq!(h["error_type"], *t);
        assert_eq!(h["source_topic"], REQ);
        assert!(!h["error_message"].is_empty());
        assert!(h.contains_key("source_offset") && h.contains_key("source_partition"));
    }
}

/// Raw DLQ records (key, bytes, headers).
async fn read_raw(
    brokers: &str,
    topic: &str,
) -> Vec<(Option<String>, Vec<u8>, HashMap<String, String>)> {
    let c: StreamConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("group.id", format!("raw-{}", uuid::Uuid::new_v4()))
        .set("fetch.wait.max.ms", "10")
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition_offset(topic, 0, Offset::Beginning)
        .unwrap();
    c.assign(&tpl).unwrap();
    let mut out = Vec::new();
    while let Ok(Ok(m)) = tokio::time::timeout(Duration::from_secs(3), c.recv()).await {
        let headers = m
            .headers()
            .map(|h| {
                h.iter()
                    .map(|x| {
                        (
                            x.key.to_string(),
                            String::from_utf8_lossy(x.value.unwrap_or_default()).into_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push((
            m.key().map(|k| String::from_utf8_lossy(k).into_owned()),
            m.payload().unwrap_or_default().to_vec(),
            headers,
        ));
    }
    out
}
