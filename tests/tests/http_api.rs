//! hetida's HTTP API on a real `rheo serve --no-kafka` (hetida-compat §0–§1): execution by
//! id and by revision group, synchronous and with a callback, the transformation listing,
//! and every refusal with hetida's status code and error shape.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_e2e::api::ApiService;
use rheo_e2e::{data, free_port, response_of, run_command, RheoServe, Scratch};
use serde_json::{json, Value as Json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::Duration;

/// The RUL example workflow shipped with Rheo.
const RUL_ID: &str = "806df1b9-2fc8-4463-943f-3d258c569663";

fn rul_request() -> Json {
    serde_json::from_slice(&std::fs::read(data("seed-rul-execute.json")).unwrap()).unwrap()
}

/// The first entry of a 422 validation answer: (loc, type).
fn validation(body: &Json) -> (Json, String) {
    let first = &body["detail"][0];
    (
        first["loc"].clone(),
        first["type"].as_str().unwrap().to_string(),
    )
}

#[test]
fn execute_answers_like_rheo_run_and_refuses_like_hetida() {
    let dir = Scratch::new("http-api-execute");
    let api = ApiService::start(dir.path(), "api", &[]);
    let request = rul_request();

    let (status, body) = api.post_json("/api/transformations/execute", &request);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"], "ok", "{body}");
    let expected = response_of(&run_command(dir.path(), &request, &[]).output().unwrap());
    assert_eq!(
        body["output_results_by_output_name"], expected["output_results_by_output_name"],
        "the HTTP API and `rheo run` must agree"
    );
    assert_eq!(body["job_id"].as_str().unwrap().len(), 36);

    // Trailing slash, given job id (echoed in hetida's lower-case form).
    let mut with_job = request.clone();
    with_job["job_id"] = json!("9D1C2E1A-3B4C-4D5E-8F60-718293A4B5C6");
    let (status, body) = api.post_json("/api/transformations/execute/", &with_job);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["job_id"], "9d1c2e1a-3b4c-4d5e-8f60-718293a4b5c6");
    // The run is recorded (by the recorder thread, so shortly after the answer).
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let record = loop {
        let (status, record) = api.get("/api/jobs/9d1c2e1a-3b4c-4d5e-8f60-718293a4b5c6");
        if status == 200 {
            break record;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the run was not recorded"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(record["source"], "http");
    assert_eq!(record["status"], "succeeded");
    assert_eq!(record["transformation_id"], RUL_ID);

    // A runtime problem is a failure result inside a 200, as in hetida.
    let mut bad_value = request.clone();
    bad_value["wiring"]["input_wirings"][0]["filters"]["value"] = json!("not a series");
    let (status, body) = api.post_json("/api/transformations/execute", &bad_value);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"], "failure", "{body}");

    // 404 with hetida's text.
    let mut unknown = request.clone();
    unknown["id"] = json!("00000000-0000-0000-0000-000000000001");
    let (status, body) = api.post_json("/api/transformations/execute", &unknown);
    assert_eq!(status, 404, "{body}");
    assert_eq!(
        body["detail"],
        "Could not find transformation revision 00000000-0000-0000-0000-000000000001:\n"
    );

    // 422: no id, not a UUID, not JSON, not an object.
    let (status, body) = api.post_json("/api/transformations/execute", &json!({"wiring": {}}));
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        validation(&body),
        (json!(["body", "id"]), "value_error.missing".into())
    );
    let (status, body) = api.post_json("/api/transformations/execute", &json!({"id": "x"}));
    assert_eq!(status, 422, "{body}");
    assert!(
        body["detail"][0]["msg"].as_str().unwrap().contains("uuid"),
        "{body}"
    );
    let (status, body) = api.post("/api/transformations/execute", b"{\"id\": ");
    assert_eq!(status, 422, "{body}");
    assert_eq!(validation(&body).1, "value_error.jsondecode");
    let (status, body) = api.post("/api/transformations/execute", b"[1, 2]");
    assert_eq!(status, 422, "{body}");
    assert!(
        body["detail"][0]["msg"]
            .as_str()
            .unwrap()
            .contains("an array"),
        "{body}"
    );

    // An input without wiring and without default: hetida's 422 with a text detail.
    let mut incomplete = request.clone();
    let wirings = incomplete["wiring"]["input_wirings"]
        .as_array_mut()
        .unwrap();
    wirings.retain(|w| w["workflow_input_name"] != "inp_series");
    let (status, body) = api.post_json("/api/transformations/execute", &incomplete);
    assert_eq!(status, 422, "{body}");
    let detail = body["detail"].as_str().unwrap();
    assert!(
        detail.starts_with("Could not validate execution input"),
        "{detail}"
    );
    assert!(detail.contains("inp_series"), "{detail}");

    // Executions are counted and timed per transformation on /metrics.
    let (_, metrics) = api.get("/metrics");
    let text = metrics.as_str().unwrap();
    let ok = format!(
        "rheo_transformation_executions_total{{transformation_id=\"{RUL_ID}\",result=\"ok\"}} 2"
    );
    assert!(text.contains(&ok), "{text}");
    let failed = format!(
        "rheo_transformation_executions_total{{transformation_id=\"{RUL_ID}\",result=\"failure\"}} 2"
    );
    assert!(text.contains(&failed), "{text}");
    assert!(text.contains(&format!(
        "rheo_transformation_execution_seconds_count{{transformation_id=\"{RUL_ID}\"}} 4"
    )));
}

#[test]
fn execute_latest_runs_the_latest_released_revision_of_a_group() {
    let dir = Scratch::new("http-api-latest");
    let api = ApiService::start(dir.path(), "api", &[]);
    let (status, trafo) = api.get(&format!("/api/transformations/{RUL_ID}"));
    assert_eq!(status, 200, "{trafo}");
    let group = trafo["revision_group_id"].as_str().unwrap().to_string();
    let request = rul_request();
    let latest = json!({"revision_group_id": group, "wiring": request["wiring"]});

    let (status, body) = api.post_json("/api/transformations/execute-latest", &latest);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"], "ok", "{body}");
    let (_, by_id) = api.post_json("/api/transformations/execute", &request);
    assert_eq!(
        body["output_results_by_output_name"],
        by_id["output_results_by_output_name"]
    );

    // The wiring is required here (no fallback to the test wiring).
    let (status, body) = api.post_json(
        "/api/transformations/execute-latest/",
        &json!({"revision_group_id": group}),
    );
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        validation(&body),
        (json!(["body", "wiring"]), "value_error.missing".into())
    );
    // An `id` does not make it an execute request.
    let (status, body) = api.post_json(
        "/api/transformations/execute-latest",
        &json!({"id": RUL_ID, "wiring": {}}),
    );
    assert_eq!(status, 422, "{body}");
    assert_eq!(validation(&body).0, json!(["body", "revision_group_id"]));

    let unknown =
        json!({"revision_group_id": "00000000-0000-0000-0000-000000000002", "wiring": {}});
    let (status, body) = api.post_json("/api/transformations/execute-latest", &unknown);
    assert_eq!(status, 404, "{body}");
    assert!(body["detail"]
        .as_str()
        .unwrap()
        .starts_with("Could not find any transformation revision with revision group id"));

    // The asynchronous variant: 202 with hetida's text, the same response at the callback.
    let (url, received) = callback_receiver();
    let mut with_job = latest.clone();
    with_job["job_id"] = json!("66666666-7777-4888-9999-000000000000");
    let path = format!("/api/transformations/execute-latest-async?callback_url={url}");
    let (status, accepted) = api.post_json(&path, &with_job);
    assert_eq!(status, 202, "{accepted}");
    assert_eq!(
        accepted["message"],
        "Execution request for latest revision with job id 66666666-7777-4888-9999-000000000000 accepted"
    );
    let posted = callback_body(&api, &received);
    assert_eq!(posted["result"], "ok", "{posted}");
    assert_eq!(posted["job_id"], "66666666-7777-4888-9999-000000000000");
    assert_eq!(
        posted["output_results_by_output_name"],
        by_id["output_results_by_output_name"]
    );
    let (status, body) = api.post_json(&path, &unknown);
    assert_eq!(status, 404, "{body}");
    let (status, body) = api.post_json("/api/transformations/execute-latest-async", &with_job);
    assert_eq!(status, 422, "{body}");
    assert_eq!(validation(&body).0, json!(["query", "callback_url"]));
}

/// A one-shot HTTP server on loopback that answers the first POST with 200 and hands over
/// its body.
fn callback_receiver() -> (String, mpsc::Receiver<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/results", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream);
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            let lower = line.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let mut stream = reader.into_inner();
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .unwrap();
        tx.send(body).unwrap();
    });
    (url, rx)
}

/// The response POSTed to the callback receiver, as JSON.
fn callback_body(api: &ApiService, received: &mpsc::Receiver<Vec<u8>>) -> Json {
    let posted = received
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("no callback:\n{}", api.serve.log()));
    serde_json::from_slice(&posted).unwrap()
}

#[test]
fn execute_async_posts_the_response_to_the_callback_url() {
    let dir = Scratch::new("http-api-async");
    let api = ApiService::start(dir.path(), "api", &[]);
    let mut request = rul_request();
    request["job_id"] = json!("11111111-2222-3333-4444-555555555555");
    let (url, received) = callback_receiver();

    let path = format!("/api/transformations/execute-async?callback_url={url}");
    let (status, body) = api.post_json(&path, &request);
    assert_eq!(status, 202, "{body}");
    assert_eq!(
        body["message"],
        "Execution request with job id 11111111-2222-3333-4444-555555555555 accepted"
    );
    let posted = callback_body(&api, &received);
    assert_eq!(posted["result"], "ok", "{posted}");
    assert_eq!(posted["job_id"], "11111111-2222-3333-4444-555555555555");
    let (_, sync) = api.post_json("/api/transformations/execute", &rul_request());
    assert_eq!(
        posted["output_results_by_output_name"],
        sync["output_results_by_output_name"]
    );

    // The callback URL is required and must be http(s) with a host.
    let (status, body) = api.post_json("/api/transformations/execute-async", &request);
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        validation(&body),
        (
            json!(["query", "callback_url"]),
            "value_error.missing".into()
        )
    );
    for bad in ["ftp://example.com/x", "not-a-url", "http:///path"] {
        let (status, body) = api.post_json(
            &format!("/api/transformations/execute-async/?callback_url={bad}"),
            &request,
        );
        assert_eq!(status, 422, "{bad}: {body}");
        assert_eq!(validation(&body).0, json!(["query", "callback_url"]));
    }
    // Rheo answers an unknown transformation at once (hetida would accept and only log it).
    let mut unknown = request.clone();
    unknown["id"] = json!("00000000-0000-0000-0000-000000000003");
    let (status, _) = api.post_json(&path, &unknown);
    assert_eq!(status, 404);
}

#[test]
fn transformations_are_listed_with_hetidas_filters() {
    let dir = Scratch::new("http-api-list");
    let api = ApiService::start(dir.path(), "api", &[]);
    let (status, all) = api.get("/api/transformations");
    assert_eq!(status, 200, "{all}");
    let all = all.as_array().unwrap().clone();
    assert!(all.len() >= 165, "{} transformations", all.len());

    let (status, workflows) = api.get("/api/transformations/?type=WORKFLOW");
    assert_eq!(status, 200);
    let workflows = workflows.as_array().unwrap();
    assert!(workflows.iter().all(|t| t["type"] == "WORKFLOW"));
    assert!(workflows.iter().any(|t| t["id"] == RUL_ID));
    assert!(workflows.len() < all.len());

    let (_, arithmetic) = api.get("/api/transformations?type=component&category=Arithmetic");
    let arithmetic = arithmetic.as_array().unwrap();
    assert!(!arithmetic.is_empty());
    assert!(arithmetic
        .iter()
        .all(|t| t["category"] == "Arithmetic" && t["type"] == "COMPONENT"));
    let (_, by_prefix) = api.get("/api/transformations?category_prefix=Arith");
    assert_eq!(by_prefix.as_array().unwrap().len(), arithmetic.len());

    let (_, one) = api.get(&format!("/api/transformations?id={RUL_ID}"));
    assert_eq!(one.as_array().unwrap().len(), 1);
    let (_, none) = api.get("/api/transformations?state=DISABLED&include_deprecated=false");
    assert_eq!(none, json!([]));

    for bad in [
        "type=PIPELINE",
        "state=GONE",
        "id=nope",
        "include_deprecated=maybe",
    ] {
        let (status, body) = api.get(&format!("/api/transformations?{bad}"));
        assert_eq!(status, 422, "{bad}: {body}");
        assert_eq!(body["detail"][0]["loc"][0], "query", "{body}");
    }

    let (status, trafo) = api.get(&format!("/api/transformations/{}", RUL_ID.to_uppercase()));
    assert_eq!(status, 200);
    assert_eq!(trafo["id"], RUL_ID);
    assert_eq!(trafo["type"], "WORKFLOW");
    let (status, body) = api.get("/api/transformations/00000000-0000-0000-0000-000000000004/");
    assert_eq!(status, 404, "{body}");
    let (status, body) = api.get("/api/transformations/nope");
    assert_eq!(status, 422, "{body}");
    assert_eq!(validation(&body).0, json!(["path", "id"]));

    let (status, info) = api.get("/api/info/");
    assert_eq!(status, 200);
    assert_eq!(info["msg"], "Here I am");
    assert_eq!(info["version"], "0.9.8");
    assert_eq!(api.get("/engine/info").1, json!({"version": "0.9.8"}));
}

#[test]
fn the_api_runs_beside_the_kafka_service() {
    let dir = Scratch::new("http-api-kafka");
    let port = free_port();
    let serve = RheoServe::start_embedded(dir.path(), "api-kafka", port, None, &[]);
    let api = ApiService::over(serve, &format!("127.0.0.1:{port}"));
    let (status, body) = api.post_json("/api/transformations/execute", &rul_request());
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"], "ok", "{body}");
    assert!(api.serve.log().contains("EMBEDDED development broker"));
}

#[test]
fn oversized_bodies_are_refused_and_the_service_goes_on() {
    let dir = Scratch::new("http-api-limits");
    let api = ApiService::start(dir.path(), "api", &[("RHEO_MAX_REQUEST_BYTES", "100000")]);
    let mut big = rul_request();
    big["padding"] = json!("x".repeat(200_000));
    let (status, _) = api.post_json("/api/transformations/execute", &big);
    assert_eq!(status, 413);
    // Deeply nested JSON is refused by the parser's depth limit, not by a crash (unknown
    // fields are skipped without recursion, so the nesting sits in a filter).
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let nested = format!(
        r#"{{"id": "{RUL_ID}", "wiring": {{"input_wirings": [{{"workflow_input_name": "limit", "filters": {{"value": {deep}}}}}]}}}}"#
    );
    let (status, body) = api.post("/api/transformations/execute", nested.as_bytes());
    assert_eq!(status, 422, "{body}");
    assert!(
        body["detail"][0]["msg"]
            .as_str()
            .unwrap()
            .contains("recursion"),
        "{body}"
    );
    let (status, body) = api.post_json("/api/transformations/execute", &rul_request());
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"], "ok");
}

#[test]
fn an_api_token_is_required_when_set() {
    let dir = Scratch::new("http-api-token");
    let api = ApiService::start(dir.path(), "api", &[("RHEO_API_TOKEN", "s3cret-token")]);
    let call = |path: &str, auth: Option<&str>| {
        let mut req = api.agent.get(format!("{}{path}", api.base));
        if let Some(a) = auth {
            req = req.header("Authorization", a);
        }
        let (status, _, body) = ApiService::answer(req.call().unwrap());
        (status, body)
    };
    let (status, body) = call("/api/info", None);
    assert_eq!(status, 401, "{body}");
    assert_eq!(call("/api/transformations", Some("Bearer wrong")).0, 401);
    assert_eq!(call("/engine/info", Some("Basic czNjcmV0LXRva2Vu")).0, 401);
    assert_eq!(call("/api/info", Some("Bearer s3cret-token")).0, 200);
    // Execution is guarded too, before the body is read.
    let (status, _) = api.post_json("/api/transformations/execute", &rul_request());
    assert_eq!(status, 401);
    // The operational endpoints stay open.
    assert_eq!(call("/health", None).0, 200);
    assert!(
        !api.serve.log().contains("s3cret-token"),
        "the token must not be logged"
    );
}

#[test]
fn newer_hetida_fields_are_accepted_and_round_tripped() {
    let dir = Scratch::new("http-api-newer");
    let api = ApiService::start(dir.path(), "api", &[]);
    // Requests of newer hetida versions carry resolved reproducibility references; they
    // are echoed in the response, as those versions answer.
    let refs = json!({"used_blob_storage_references": [], "note": {"nested": [1, 2.5, null]}});
    let mut request = rul_request();
    request["resolved_reproducibility_references"] = refs.clone();
    let (status, body) = api.post_json("/api/transformations/execute", &request);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"], "ok", "{body}");
    assert_eq!(body["resolved_reproducibility_references"], refs);
    let (_, plain) = api.post_json("/api/transformations/execute", &rul_request());
    assert!(plain.get("resolved_reproducibility_references").is_none());

    // Exports of newer versions carry a release wiring: stored and given back unchanged.
    let (_, rul) = api.get(&format!("/api/transformations/{RUL_ID}"));
    let id = "bbbbbbbb-1111-4222-8333-444444444444";
    let mut copy = rul.clone();
    copy["id"] = json!(id);
    copy["state"] = json!("DRAFT");
    copy.as_object_mut().unwrap().remove("released_timestamp");
    copy["release_wiring"] = rul["test_wiring"].clone();
    let (status, stored) = api.put_json(&format!("/api/transformations/{id}"), &copy);
    assert_eq!(status, 201, "{stored}");
    let (status, back) = api.get(&format!("/api/transformations/{id}"));
    assert_eq!(status, 200, "{back}");
    assert_eq!(back["release_wiring"], rul["test_wiring"]);
    let (status, listed) = api.get(&format!("/api/transformations?id={id}"));
    assert_eq!(status, 200);
    assert_eq!(listed[0]["release_wiring"], rul["test_wiring"], "{listed}");
}

#[test]
fn revisions_are_stored_updated_and_deleted_with_hetidas_rules() {
    let dir = Scratch::new("http-api-put");
    let api = ApiService::start(dir.path(), "api", &[]);
    let (_, rul) = api.get(&format!("/api/transformations/{RUL_ID}"));
    let copy_id = "aaaaaaaa-1111-4222-8333-444444444444";
    let mut copy = rul.clone();
    copy["id"] = json!(copy_id);
    copy["name"] = json!("RUL copy");
    copy["state"] = json!("DRAFT");
    copy.as_object_mut().unwrap().remove("released_timestamp");
    let put = |api: &ApiService, id: &str, query: &str, body: &Json| {
        api.put_json(&format!("/api/transformations/{id}{query}"), body)
    };
    let delete = |api: &ApiService, id: &str, query: &str| {
        api.delete(&format!("/api/transformations/{id}{query}")).0
    };

    let (status, stored) = put(&api, copy_id, "", &copy);
    assert_eq!(status, 201, "{stored}");
    assert_eq!(stored["name"], "RUL copy");
    // The new revision runs at once, like the original.
    let mut request = rul_request();
    let (_, original) = api.post_json("/api/transformations/execute", &request);
    request["id"] = json!(copy_id);
    let (status, body) = api.post_json("/api/transformations/execute", &request);
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["output_results_by_output_name"],
        original["output_results_by_output_name"]
    );

    // Refusals: the path and body ids differ, the body is no revision, the type changes.
    assert_eq!(put(&api, RUL_ID, "", &copy).0, 409);
    let (status, body) = put(&api, copy_id, "", &json!({"id": copy_id}));
    assert_eq!(status, 422, "{body}");
    let mut as_component = copy.clone();
    as_component["type"] = json!("COMPONENT");
    assert_eq!(put(&api, copy_id, "", &as_component).0, 409);

    // Releasing sets the release time; a released revision then only takes documentation
    // and test wiring changes, unless overwriting is allowed.
    let mut released = copy.clone();
    released["state"] = json!("RELEASED");
    let (status, body) = put(&api, copy_id, "", &released);
    assert_eq!(status, 201, "{body}");
    assert!(body["released_timestamp"].is_string(), "{body}");
    released = body;
    let mut documented = released.clone();
    documented["documentation"] = json!("# Now documented");
    assert_eq!(put(&api, copy_id, "", &documented).0, 201);
    let mut renamed = documented.clone();
    renamed["name"] = json!("RUL renamed");
    let (status, body) = put(&api, copy_id, "", &renamed);
    assert_eq!(status, 409, "{body}");
    assert_eq!(
        put(&api, copy_id, "?allow_overwrite_released=true", &renamed).0,
        201
    );

    // Deleting: only drafts unless ignore_state; never a component a workflow runs.
    assert_eq!(delete(&api, copy_id, ""), 409);
    let component = rul["content"]["operators"][0]["transformation_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(delete(&api, &component, "?ignore_state=true"), 409);

    // Stored revisions survive a restart; deleted ones stay deleted.
    let second = "bbbbbbbb-1111-4222-8333-444444444444";
    let mut other = copy.clone();
    other["id"] = json!(second);
    assert_eq!(put(&api, second, "", &other).0, 201);
    assert_eq!(delete(&api, second, ""), 204);
    assert_eq!(delete(&api, second, ""), 404);
    drop(api);
    let api = ApiService::start(dir.path(), "api", &[]);
    let (status, body) = api.get(&format!("/api/transformations/{copy_id}"));
    assert_eq!(status, 200);
    assert_eq!(body["name"], "RUL renamed");
    assert_eq!(api.get(&format!("/api/transformations/{second}")).0, 404);
    assert_eq!(delete(&api, copy_id, "?ignore_state=true"), 204);
    assert_eq!(api.get(&format!("/api/transformations/{copy_id}")).0, 404);
}

/// Every operation of the API: (method, documented path).
const OPERATIONS: [(&str, &str); 23] = [
    ("post", "/api/transformations/execute"),
    ("post", "/api/transformations/execute-latest"),
    ("post", "/api/transformations/execute-async"),
    ("post", "/api/transformations/execute-latest-async"),
    ("post", "/api/workflows/{id}/execute"),
    ("post", "/api/components/{id}/execute"),
    ("get", "/api/transformations"),
    ("put", "/api/transformations"),
    ("get", "/api/transformations/{id}"),
    ("put", "/api/transformations/{id}"),
    ("delete", "/api/transformations/{id}"),
    ("get", "/api/jobs"),
    ("post", "/api/jobs"),
    ("get", "/api/jobs/{id}"),
    ("delete", "/api/jobs/{id}"),
    ("get", "/api/jobs/{id}/result"),
    ("get", "/api/templates"),
    ("get", "/api/templates/{name}"),
    ("put", "/api/templates/{name}"),
    ("delete", "/api/templates/{name}"),
    ("get", "/api/info"),
    ("get", "/engine/info"),
    ("post", "/engine/runtime"),
];

#[test]
fn the_openapi_document_lists_every_route_and_every_listed_route_is_served() {
    let dir = Scratch::new("http-api-openapi");
    let api = ApiService::start(dir.path(), "api", &[]);
    let (status, doc) = api.get("/openapi.json");
    assert_eq!(status, 200);
    let documented: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum();
    for (method, path) in OPERATIONS {
        let op = &doc["paths"][path][method];
        assert!(
            op.is_object(),
            "{method} {path} is missing from /openapi.json"
        );
        assert!(op["responses"].is_object(), "{method} {path}: no responses");
    }
    assert_eq!(
        documented,
        OPERATIONS.len(),
        "operations the test does not know"
    );
    assert!(doc["components"]["schemas"]["JobRecord"].is_object());

    // Every documented operation is routed (with and without the trailing slash): the
    // router's own 404 has an empty body, a handler's names the problem.
    for (method, path) in OPERATIONS {
        let concrete = path
            .replace("{id}", "00000000-0000-0000-0000-0000000000ff")
            .replace("{name}", "none");
        for url in [concrete.clone(), format!("{concrete}/")] {
            let req = ureq::http::Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(format!("{}{url}", api.base))
                .header("Content-Type", "application/json")
                .body(
                    if matches!(method, "post" | "put") {
                        "{}"
                    } else {
                        ""
                    }
                    .to_string(),
                )
                .unwrap();
            let resp = api.agent.run(req).unwrap();
            let status = resp.status().as_u16();
            let text = resp
                .into_body()
                .read_to_string()
                .unwrap_or_else(|e| panic!("{method} {url}: reading the answer: {e}"));
            let body: Json = serde_json::from_str(&text).unwrap_or(Json::Null);
            assert_ne!(status, 405, "{method} {url}");
            assert!(
                status != 404 || body.is_object(),
                "{method} {url} is not routed"
            );
        }
    }
    let page = api.agent.get(format!("{}/docs", api.base)).call().unwrap();
    assert_eq!(page.status(), 200);
    let html = page.into_body().read_to_string().unwrap();
    assert!(html.contains("/api/jobs/{id}/result"), "{html}");
}

#[test]
fn a_list_of_revisions_and_component_code_is_imported_with_a_status_each() {
    let dir = Scratch::new("http-api-import");
    let api = ApiService::start(dir.path(), "api", &[]);
    let (_, rul) = api.get(&format!("/api/transformations/{RUL_ID}"));
    let copy_id = "cccccccc-1111-4222-8333-444444444444";
    let mut copy = rul.clone();
    copy["id"] = json!(copy_id);
    copy["name"] = json!("RUL imported");
    copy["state"] = json!("DRAFT");
    let mut renamed = rul.clone();
    renamed["name"] = json!("RUL renamed");
    let code = "\"\"\"Doc\"\"\"\nCOMPONENT_INFO = {\"inputs\": {\"a\": \"FLOAT\"}, \"outputs\": {\"b\": \"FLOAT\"}, \"name\": \"Passing\", \"category\": \"Mine\", \"id\": \"eeeeeeee-73d8-4109-8822-96a5bf0a6d1c\", \"revision_group_id\": \"eeeeeeee-73d8-4109-8822-96a5bf0a6d1c\", \"version_tag\": \"1.0.0\"}\ndef main(*, a):\n    return {\"b\": a}\n";
    let list = json!([copy, {"id": "not-a-revision"}, renamed, code]);
    let resp = api
        .agent
        .put(format!("{}/api/transformations", api.base))
        .header("Content-Type", "application/json")
        .send(list.to_string())
        .unwrap();
    let (status, _, body) = ApiService::answer(resp);
    assert_eq!(status, 207, "{body}");
    assert_eq!(body[copy_id]["status"], "SUCCESS", "{body}");
    assert_eq!(body[copy_id]["name"], "RUL imported");
    assert_eq!(body["not-a-revision"]["status"], "FAILED", "{body}");
    // A released revision is not overwritten by a changed one.
    assert_eq!(body[RUL_ID]["status"], "FAILED", "{body}");
    assert_eq!(body[code]["status"], "SUCCESS", "{body}");
    assert_eq!(api.get(&format!("/api/transformations/{copy_id}")).0, 200);
    let (_, component) = api.get("/api/transformations/eeeeeeee-73d8-4109-8822-96a5bf0a6d1c");
    assert_eq!(component["name"], "Passing");
    assert_eq!(
        api.get(&format!("/api/transformations/{RUL_ID}")).1["name"],
        rul["name"]
    );

    // abort_on_error: after the first failure nothing more is tried.
    let second = "dddddddd-1111-4222-8333-444444444444";
    let mut later = copy.clone();
    later["id"] = json!(second);
    let list = json!([{"id": "broken"}, later]);
    let resp = api
        .agent
        .put(format!(
            "{}/api/transformations/?abort_on_error=true",
            api.base
        ))
        .header("Content-Type", "application/json")
        .send(list.to_string())
        .unwrap();
    let (status, _, body) = ApiService::answer(resp);
    assert_eq!(status, 207);
    assert_eq!(body[second]["status"], "NOT_TRIED", "{body}");
    assert_eq!(api.get(&format!("/api/transformations/{second}")).0, 404);
    // Not a list: 422.
    assert_eq!(
        api.put_json("/api/transformations", &json!({"id": RUL_ID}))
            .0,
        422
    );
}

#[test]
fn the_deprecated_camel_case_routes_execute_like_execute() {
    let dir = Scratch::new("http-api-legacy");
    let api = ApiService::start(dir.path(), "api", &[]);
    let request = rul_request();
    let camel = |w: &Json, name_key: &str, camel_key: &str| {
        let mut out = serde_json::Map::new();
        out.insert(camel_key.into(), w[name_key].clone());
        out.insert("adapterId".into(), w["adapter_id"].clone());
        out.insert("id".into(), json!("00000000-0000-0000-0000-000000000001"));
        if let Some(f) = w.get("filters") {
            out.insert("filters".into(), f.clone());
        }
        Json::Object(out)
    };
    let dto = json!({
        "id": "00000000-0000-0000-0000-000000000002",
        "name": "STANDARD-WIRING",
        "inputWirings": request["wiring"]["input_wirings"].as_array().unwrap().iter()
            .map(|w| camel(w, "workflow_input_name", "workflowInputName")).collect::<Vec<_>>(),
        "outputWirings": request["wiring"]["output_wirings"].as_array().unwrap().iter()
            .map(|w| camel(w, "workflow_output_name", "workflowOutputName")).collect::<Vec<_>>(),
    });
    let path =
        format!("/api/workflows/{RUL_ID}/execute?job_id=22222222-3333-4444-5555-666666666666");
    let (status, body) = api.post_json(&path, &dto);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["job_id"], "22222222-3333-4444-5555-666666666666");
    let (_, direct) = api.post_json("/api/transformations/execute", &request);
    assert_eq!(
        body["output_results_by_output_name"],
        direct["output_results_by_output_name"]
    );
    // A workflow is not a component; lists must be lists.
    let (status, _) = api.post_json(&format!("/api/components/{RUL_ID}/execute"), &dto);
    assert_eq!(status, 404);
    let (status, _) = api.post_json(
        &format!("/api/workflows/{RUL_ID}/execute/"),
        &json!({"inputWirings": 3}),
    );
    assert_eq!(status, 422);
}

#[test]
fn request_bodies_held_at_once_are_bounded_by_max_in_flight_bytes() {
    let dir = Scratch::new("http-api-inflight");
    let env = [
        ("RHEO_MAX_IN_FLIGHT_BYTES", "1024"),
        ("RHEO_EXECUTION_TIMEOUT_SECONDS", "3"),
    ];
    let api = ApiService::start(dir.path(), "api", &env);
    // A callback receiver that accepts and never answers: the first asynchronous execution
    // holds its body's room until its callback times out.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/results", silent.local_addr().unwrap());
    let holder = std::thread::spawn(move || {
        let conn = silent.accept();
        std::thread::sleep(Duration::from_secs(5));
        drop(conn);
    });
    let path = format!("/api/transformations/execute-async?callback_url={url}");
    let (status, body) = api.post_json(&path, &rul_request());
    assert_eq!(status, 202, "{body}");
    let (status, body) = api.post_json("/api/transformations/execute", &rul_request());
    assert_eq!(status, 503, "{body}");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("max_in_flight_bytes"),
        "{body}"
    );
    holder.join().unwrap();
    // Once the callback has failed, the room is free again.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let (status, _) = api.post_json("/api/transformations/execute", &rul_request());
        if status == 200 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the room was never freed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
