//! The jobs API of a real `rheo serve` (issue: HTTP API, jobs with persisted run records):
//! a job's life cycle, cancellation, refusals, run records of Kafka-triggered executions,
//! and a queue of 1,000 jobs that survives SIGKILL without losing or re-finishing a job.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_e2e::api::ApiService;
use rheo_e2e::postgres::Postgres;
use rheo_e2e::{data, free_port, produce, rheo, Outgoing, RheoServe, Scratch};
use serde_json::{json, Value as Json};
use std::time::{Duration, Instant};

const RUL_ID: &str = "806df1b9-2fc8-4463-943f-3d258c569663";

/// Polls the job until it is recorded with a final status; returns its record.
fn wait_final(api: &ApiService, job_id: &str, timeout: Duration) -> Json {
    let deadline = Instant::now() + timeout;
    loop {
        let (status, record) = api.get(&format!("/api/jobs/{job_id}"));
        let pending = matches!(record["status"].as_str(), Some("queued" | "running"));
        if status == 200 && !pending {
            return record;
        }
        assert!(
            Instant::now() < deadline,
            "job {job_id} not final: {record}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// POSTs a JSON value; the answer with its `Location` header.
fn submit(api: &ApiService, path: &str, body: &Json) -> (u16, Option<String>, Json) {
    api.post_located(path, body.to_string().as_bytes())
}

fn rul_request() -> Json {
    serde_json::from_slice(&std::fs::read(data("seed-rul-execute.json")).unwrap()).unwrap()
}

#[test]
fn a_job_is_queued_run_recorded_and_its_result_matches_execute() {
    job_life_cycle(&[]);
}

fn job_life_cycle(env: &[(&str, &str)]) {
    let dir = Scratch::new("jobs-life");
    let api = ApiService::start(dir.path(), "jobs", env);
    let (status, location, body) = submit(
        &api,
        "/api/jobs?user_id=alice&user_run_id=run-7",
        &rul_request(),
    );
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["status"], "queued");
    let job_id = body["job_id"].as_str().unwrap().to_string();
    assert_eq!(
        location.as_deref(),
        Some(format!("/api/jobs/{job_id}").as_str())
    );

    let record = wait_final(&api, &job_id, Duration::from_secs(60));
    assert_eq!(record["status"], "succeeded", "{record}");
    assert_eq!(record["source"], "http");
    assert_eq!(record["transformation_id"], RUL_ID);
    assert_eq!(record["user_id"], "alice");
    assert_eq!(record["user_run_id"], "run-7");
    assert_eq!(record["attempts"], 1);
    assert!(record["duration_seconds"].as_f64().unwrap() > 0.0);
    assert!(
        record["measured_steps"]["internal_full"]["duration"].is_number(),
        "{record}"
    );
    let operators = record["operator_durations"].as_array().unwrap();
    assert!(!operators.is_empty());
    assert!(operators
        .iter()
        .all(|o| o["seconds"].is_number() && o["operator"].is_string()));
    assert!(record["request_bytes"].as_u64().unwrap() > 100);

    let (status, result) = api.get(&format!("/api/jobs/{job_id}/result"));
    assert_eq!(status, 200);
    assert_eq!(result["job_id"], job_id.as_str());
    let out = rheo(&["jobs", "--url", &api.base, "result", &job_id]);
    assert!(out.status.success());
    let printed: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        printed, result,
        "`rheo jobs result` prints the stored response"
    );
    let (_, _, direct) = submit(&api, "/api/transformations/execute", &rul_request());
    assert_eq!(
        result["output_results_by_output_name"],
        direct["output_results_by_output_name"]
    );

    // Caller fields in the body work too; filters select.
    let mut with_fields = rul_request();
    with_fields["user_run_id"] = json!("run-8");
    with_fields["job_id"] = json!("12345678-1234-4234-8234-123456789abc");
    let (status, _, body) = submit(&api, "/api/jobs", &with_fields);
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["job_id"], "12345678-1234-4234-8234-123456789abc");
    wait_final(
        &api,
        "12345678-1234-4234-8234-123456789abc",
        Duration::from_secs(60),
    );
    let (_, found) = api.get("/api/jobs?user_run_id=run-8");
    assert_eq!(found["jobs"].as_array().map(Vec::len), Some(1), "{found}");
    let (_, found) = api.get(&format!(
        "/api/jobs?status=succeeded&transformation_id={RUL_ID}&limit=1"
    ));
    assert_eq!(found["jobs"].as_array().unwrap().len(), 1);
    assert_eq!(found["jobs"][0]["user_run_id"], "run-8", "newest first");
    let (_, first_two) = api.get("/api/jobs?limit=2");
    let (_, second) = api.get("/api/jobs?offset=1&limit=1");
    assert_eq!(second["jobs"][0], first_two["jobs"][1], "paging");
    let (_, none) = api.get("/api/jobs?created_after=2999-01-01T00:00:00Z");
    assert_eq!(none["jobs"], json!([]));

    // Refusals.
    let (status, _, body) = submit(&api, "/api/jobs", &with_fields);
    assert_eq!(status, 409, "duplicate job id: {body}");
    let (status, _, _) = submit(&api, "/api/jobs", &json!({"wiring": {}}));
    assert_eq!(status, 422);
    let mut unknown = rul_request();
    unknown["id"] = json!("00000000-0000-0000-0000-000000000009");
    assert_eq!(submit(&api, "/api/jobs", &unknown).0, 404);
    for bad in [
        "status=done",
        "limit=-1",
        "created_after=yesterday",
        "transformation_id=x",
    ] {
        let (status, body) = api.get(&format!("/api/jobs?{bad}"));
        assert_eq!(status, 422, "{bad}: {body}");
    }
    let missing = "00000000-0000-0000-0000-00000000000a";
    assert_eq!(api.get(&format!("/api/jobs/{missing}")).0, 404);
    assert_eq!(api.get(&format!("/api/jobs/{missing}/result")).0, 404);
    assert_eq!(api.delete(&format!("/api/jobs/{missing}")).0, 404);
    assert_eq!(api.get("/api/jobs/not-a-uuid").0, 422);
    // A finished job cannot be cancelled.
    assert_eq!(api.delete(&format!("/api/jobs/{job_id}")).0, 409);
}

#[test]
fn queued_jobs_can_be_cancelled_and_survive_a_restart() {
    cancel_and_restart(&[]);
}

fn cancel_and_restart(env: &[(&str, &str)]) {
    let dir = Scratch::new("jobs-cancel");
    // No workers: jobs are only accepted, so they stay queued. The queue holds at most
    // three jobs and three and a half requests' bytes.
    let size = serde_json::to_vec(&rul_request()).unwrap().len();
    let max_bytes = (size * 7 / 2).to_string();
    let limits = [
        ("RHEO_JOBS_WORKERS", "0"),
        ("RHEO_MAX_QUEUED_JOBS", "3"),
        ("RHEO_MAX_QUEUED_JOB_BYTES", max_bytes.as_str()),
    ];
    let accept_only = [env, &limits].concat();
    let api = ApiService::start(dir.path(), "accept-only", &accept_only);
    let queue = |api: &ApiService| {
        let (status, _, body) = submit(api, "/api/jobs", &rul_request());
        assert_eq!(status, 202, "{body}");
        body["job_id"].as_str().unwrap().to_string()
    };
    let mut ids = vec![queue(&api), queue(&api)];
    let mut big = rul_request();
    big["note"] = Json::String("x".repeat(size));
    let (status, _, body) = submit(&api, "/api/jobs", &big);
    assert_eq!(status, 503, "{body}");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("max_queued_job_bytes"),
        "{body}"
    );
    ids.push(queue(&api));
    let (status, _, body) = submit(&api, "/api/jobs", &rul_request());
    assert_eq!(status, 503, "{body}");
    assert!(
        body["detail"].as_str().unwrap().contains("max_queued_jobs"),
        "{body}"
    );
    // Cancelled from the command line.
    let out = rheo(&["jobs", "--url", &api.base, "cancel", &ids[1]]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["status"], "cancelled");
    let out = rheo(&["jobs", "--url", &api.base, "list", "--status", "queued"]);
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains(&ids[0]) && table.contains(&ids[2]),
        "{table}"
    );
    assert!(!table.contains(&ids[1]), "{table}");
    let out = rheo(&["jobs", "--url", &api.base, "result", &ids[1]]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("409"));
    let (status, record) = api.get(&format!("/api/jobs/{}", ids[1]));
    assert_eq!(status, 200, "{record}");
    assert_eq!(record["status"], "cancelled");
    assert!(record["finished_at"].is_string());
    let (status, body) = api.get(&format!("/api/jobs/{}/result", ids[1]));
    assert_eq!(status, 409, "{body}");
    assert_eq!(
        api.get(&format!("/api/jobs/{}", ids[0])).1["status"],
        "queued"
    );
    let (_, queued) = api.get("/api/jobs?status=queued");
    assert_eq!(queued["jobs"].as_array().unwrap().len(), 2);
    drop(api);

    // A service with workers on the same database runs what is queued, never the
    // cancelled one.
    let api = ApiService::start(dir.path(), "workers", env);
    for id in [&ids[0], &ids[2]] {
        assert_eq!(
            wait_final(&api, id, Duration::from_secs(60))["status"],
            "succeeded"
        );
    }
    assert_eq!(
        api.get(&format!("/api/jobs/{}", ids[1])).1["status"],
        "cancelled"
    );
}

#[test]
fn kafka_requests_are_recorded_as_jobs() {
    let dir = Scratch::new("jobs-kafka");
    let port = free_port();
    let serve = RheoServe::start_embedded(dir.path(), "kafka", port, None, &[]);
    let brokers = serve.embedded_brokers(Duration::from_secs(60));
    let api = ApiService::over(serve, &format!("127.0.0.1:{port}"));
    let request = rul_request().to_string();
    let positions = produce(
        &brokers,
        "designer_initialize_job",
        &[Outgoing::keyed("issuer-1", request.into_bytes())],
    );
    let (partition, offset) = positions[0];
    let deadline = Instant::now() + Duration::from_secs(60);
    let record = loop {
        let (_, found) = api.get("/api/jobs?limit=10");
        if let Some(r) = found["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["source"] == "kafka")
        {
            break r.clone();
        }
        assert!(
            Instant::now() < deadline,
            "no Kafka run recorded:\n{}",
            api.serve.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(record["status"], "succeeded", "{record}");
    assert_eq!(record["transformation_id"], RUL_ID);
    assert_eq!(
        record["kafka"],
        json!({"key": "issuer-1", "topic": "designer_initialize_job", "partition": partition, "offset": offset})
    );
    assert!(record["operator_durations"]
        .as_array()
        .is_some_and(|o| !o.is_empty()));
}

#[test]
fn a_thousand_queued_jobs_survive_sigkill_and_none_finishes_twice() {
    kill_and_recover(1000, &[]);
}

fn kill_and_recover(jobs: usize, env: &[(&str, &str)]) {
    let dir = Scratch::new("jobs-kill");
    // The whole queue is in place first (a service that only accepts jobs), so the workers
    // below are busy when the kill comes.
    let accept_only = [env, &[("RHEO_JOBS_WORKERS", "0")]].concat();
    let workers = [env, &[("RHEO_CONCURRENCY", "2")]].concat();
    let intake = ApiService::start(dir.path(), "intake", &accept_only);
    let request = rul_request();
    for _ in 0..jobs {
        let (status, _, body) = submit(&intake, "/api/jobs", &request);
        assert_eq!(status, 202, "{body}");
    }
    drop(intake);
    let api = ApiService::start(dir.path(), "first", &workers);
    // Kill while jobs are running: after some have finished, well before all have.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (_, done) = api.get("/api/jobs?status=succeeded&limit=1000");
        let n = done["jobs"].as_array().unwrap().len();
        if n >= 50 {
            assert!(
                n < jobs,
                "all jobs finished before the kill; make them slower"
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "jobs do not run:\n{}",
            api.serve.log()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut first = api;
    first.serve.kill9();

    let api = ApiService::start(dir.path(), "second", &workers);
    let deadline = Instant::now() + Duration::from_secs(300);
    let records = loop {
        let (_, all) = api.get("/api/jobs?limit=1000");
        let records = all["jobs"].as_array().unwrap().clone();
        assert_eq!(records.len(), jobs, "no job lost");
        if records.iter().all(|r| r["status"] == "succeeded") {
            break records;
        }
        assert!(
            Instant::now() < deadline,
            "jobs did not all finish:\n{}",
            api.serve.log()
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let recovered: Vec<&Json> = records.iter().filter(|r| r["recovered"] != 0).collect();
    eprintln!(
        "{} jobs were running at the kill and ran again",
        recovered.len()
    );
    // Only what was running at the kill (at most one per worker) ran again, and its record
    // says so; every other job ran exactly once.
    assert!(recovered.len() <= 2, "{recovered:?}");
    for r in &records {
        let expected_attempts = 1 + r["recovered"].as_u64().unwrap();
        assert_eq!(r["attempts"].as_u64().unwrap(), expected_attempts, "{r}");
    }
}

/// A template of the RUL example that fixes everything but `inp_series`.
fn rul_template() -> (Json, Json) {
    let request = rul_request();
    let mut wiring = request["wiring"].clone();
    let inputs = wiring["input_wirings"].as_array_mut().unwrap();
    let series = inputs.remove(0);
    assert_eq!(series["workflow_input_name"], "inp_series");
    let template = json!({
        "transformation_id": RUL_ID,
        "wiring": wiring,
        "description": "RUL with a fixed limit and horizon",
    });
    let series_value: Json =
        serde_json::from_str(series["filters"]["value"].as_str().unwrap()).unwrap();
    (template, series_value)
}

fn put(api: &ApiService, path: &str, body: &Json) -> (u16, Json) {
    api.put_json(path, body)
}

#[test]
fn templates_fix_the_static_wiring_and_jobs_give_the_rest() {
    templates_life_cycle(&[]);
}

fn templates_life_cycle(env: &[(&str, &str)]) {
    let dir = Scratch::new("jobs-templates");
    let api = ApiService::start(dir.path(), "templates", env);
    let (template, series) = rul_template();
    let (status, stored) = put(&api, "/api/templates/rul-daily", &template);
    assert_eq!(status, 201, "{stored}");
    assert_eq!(
        (stored["name"].clone(), stored["version"].clone()),
        (json!("rul-daily"), json!(1))
    );
    assert_eq!(
        put(&api, "/api/templates/rul-daily/", &template).1["version"],
        2
    );
    assert_eq!(
        api.get("/api/templates").1,
        json!([{"name": "rul-daily", "version": 2}])
    );
    assert_eq!(
        api.get("/api/templates/rul-daily?version=1").1["version"],
        1
    );

    let call =
        json!({"template": "rul-daily", "inputs": {"inp_series": series}, "user_run_id": "t-1"});
    let (status, _, body) = submit(&api, "/api/jobs", &call);
    assert_eq!(status, 202, "{body}");
    let job_id = body["job_id"].as_str().unwrap().to_string();
    let record = wait_final(&api, &job_id, Duration::from_secs(60));
    assert_eq!(record["status"], "succeeded", "{record}");
    assert_eq!(record["user_run_id"], "t-1");
    assert_eq!(record["transformation_id"], RUL_ID);
    let (_, result) = api.get(&format!("/api/jobs/{job_id}/result"));
    let (_, _, direct) = submit(&api, "/api/transformations/execute", &rul_request());
    assert_eq!(
        result["output_results_by_output_name"],
        direct["output_results_by_output_name"]
    );

    // Refusals: an input the template fixes, an unknown template or version, bad names and
    // bodies, a template of an unknown transformation.
    let fixed = json!({"template": "rul-daily", "inputs": {"inp_series": series, "limit": 2.0}});
    let (status, _, body) = submit(&api, "/api/jobs", &fixed);
    assert_eq!(status, 422, "{body}");
    assert!(
        body["detail"][0]["msg"].as_str().unwrap().contains("limit"),
        "{body}"
    );
    assert_eq!(
        submit(
            &api,
            "/api/jobs",
            &json!({"template": "nope", "inputs": {}})
        )
        .0,
        404
    );
    assert_eq!(
        submit(
            &api,
            "/api/jobs",
            &json!({"template": "rul-daily", "template_version": 9})
        )
        .0,
        404
    );
    assert_eq!(put(&api, "/api/templates/bad%20name", &template).0, 422);
    assert_eq!(
        put(&api, "/api/templates/empty", &json!({"wiring": {}})).0,
        422
    );
    let mut unknown = template.clone();
    unknown["transformation_id"] = json!("00000000-0000-0000-0000-00000000000b");
    assert_eq!(put(&api, "/api/templates/unknown", &unknown).0, 422);

    assert_eq!(api.delete("/api/templates/rul-daily").0, 204);
    assert_eq!(api.get("/api/templates/rul-daily").0, 404);
    assert_eq!(api.delete("/api/templates/rul-daily").0, 404);
}

/// The same life cycles on a throwaway PostgreSQL server (`database_url`), one server for
/// all of them, each test with its own database.
#[test]
fn jobs_and_templates_work_the_same_on_postgresql() {
    let pg = Postgres::start();
    for (i, case) in [
        job_life_cycle as fn(&[(&str, &str)]),
        cancel_and_restart,
        templates_life_cycle,
        poison_job,
    ]
    .into_iter()
    .enumerate()
    {
        pg.psql(&format!("CREATE DATABASE case{i}"));
        let url = pg.url().replace("/postgres", &format!("/case{i}"));
        case(&[("RHEO_DATABASE_URL", &url)]);
    }
    pg.psql("CREATE DATABASE killed");
    let url = pg.url().replace("/postgres", "/killed");
    kill_and_recover(300, &[("RHEO_DATABASE_URL", &url)]);
    // The records are in the server's tables, not in a file beside the store.
    let count = pg.psql_in(
        "killed",
        "SELECT COUNT(*) FROM jobs WHERE status = 'succeeded'",
    );
    assert_eq!(count, "300");
    let templates = pg.psql_in("case2", "SELECT COUNT(*) FROM templates");
    assert_eq!(templates, "0", "the template test deletes its template");
}

/// Starts `rheo serve --no-kafka` on `dir`'s job database and waits until the process has
/// died (it runs the job that aborts it).
fn crash_once(dir: &std::path::Path, name: &str, env: &[(&str, &str)]) {
    let addr = format!("127.0.0.1:{}", free_port());
    let mut serve = RheoServe::start_with_http(dir, name, "", &addr, &["--no-kafka"], env);
    // A lease of the dead process runs out after 15 s; recovery looks every 5 s.
    let deadline = Instant::now() + Duration::from_secs(90);
    while serve.running() {
        assert!(
            Instant::now() < deadline,
            "the poison job did not run:\n{}",
            serve.log()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        serve.log().contains("RHEO_FAULT_ABORT_ON_JOB"),
        "{}",
        serve.log()
    );
}

#[test]
fn a_job_that_keeps_killing_its_process_fails_as_poison_record_and_the_rest_run() {
    poison_job(&[]);
}

fn poison_job(env: &[(&str, &str)]) {
    let dir = Scratch::new("jobs-poison");
    let poison_id = "0badc0de-0000-4000-8000-000000000001";
    let accept_only = [env, &[("RHEO_JOBS_WORKERS", "0")]].concat();
    let intake = ApiService::start(dir.path(), "intake", &accept_only);
    let mut poison = rul_request();
    poison["job_id"] = json!(poison_id);
    assert_eq!(submit(&intake, "/api/jobs", &poison).0, 202);
    let (status, _, body) = submit(&intake, "/api/jobs", &rul_request());
    assert_eq!(status, 202, "{body}");
    let healthy = body["job_id"].as_str().unwrap().to_string();
    drop(intake);

    // The job aborts every process that runs it (as a stack overflow in a component would):
    // the first process dies, and so does the one that re-runs it after recovery.
    let fault = [
        env,
        &[
            ("RHEO_FAULT_ABORT_ON_JOB", poison_id),
            ("RHEO_CONCURRENCY", "1"),
        ],
    ]
    .concat();
    crash_once(dir.path(), "crash-1", &fault);
    crash_once(dir.path(), "crash-2", &fault);

    // After two deaths (poison_after_crashes = 2) the job fails instead of running again,
    // and the service, still set to abort on it, stays up.
    let api = ApiService::start(dir.path(), "after", &fault);
    let record = wait_final(&api, poison_id, Duration::from_secs(90));
    assert_eq!(record["status"], "failed", "{record}");
    assert_eq!(record["error_type"], "PoisonRecord", "{record}");
    assert_eq!(record["recovered"], 2, "{record}");
    assert_eq!(
        wait_final(&api, &healthy, Duration::from_secs(60))["status"],
        "succeeded"
    );
    let (status, _, body) = submit(&api, "/api/jobs", &rul_request());
    assert_eq!(status, 202, "{body}");
    let next = body["job_id"].as_str().unwrap().to_string();
    assert_eq!(
        wait_final(&api, &next, Duration::from_secs(60))["status"],
        "succeeded"
    );
    let (status, body) = api.get(&format!("/api/jobs/{poison_id}/result"));
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["error"]["type"], "PoisonRecord", "{body}");
}
