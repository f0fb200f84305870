//! Generic REST adapters through the real binary, against the in-repo adapter server
//! (`tests/py/rest_adapter.py`, hetida-compat §9.2–§9.3): time series grouped into one call,
//! data frames, multi-time-series frames and metadata are loaded; outputs are posted with
//! hetida's bodies and headers and left out of the response; an empty result, a broken, a
//! slow and an unreachable adapter each give a clear failure.

#![allow(clippy::unwrap_used)]

use rheo_e2e::{free_port, python, response_of, run_command, run_with_timeout, Scratch};
use serde_json::{json, Value as Json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASS_THROUGH_SERIES: &str = "bfa27afc-dea8-b8aa-4b15-94402f0739b6";
const PASS_THROUGH_FRAME: &str = "7a1a818f-fa89-6062-1e0e-fc80539bbe0a";
const PASS_THROUGH_MULTITS: &str = "78ee6b00-9239-4214-b9bf-a093647f33f5";
const PASS_THROUGH_FLOAT: &str = "2f511674-f766-748d-2de3-ad5e62e10a1a";
const PASS_THROUGH_ANY: &str = "1946d5f8-44a8-724c-176f-16f3e49963af";

/// The adapter server, killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start() -> Server {
        let port = free_port();
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("py/rest_adapter.py");
        let mut child = Command::new(python())
            .arg(script)
            .arg(port.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready");
        Server { child, port }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn received(&self) -> Json {
        let out = Command::new(python())
            .args([
                "-c",
                "import sys,urllib.request;print(urllib.request.urlopen(sys.argv[1]).read().decode())",
                &format!("{}/_received", self.url()),
            ])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs one request with `adapters` as `HETIDA_DESIGNER_ADAPTERS`.
fn run(scratch: &Scratch, adapters: &str, timeout_s: &str, request: &Json) -> Json {
    let env = [
        ("HETIDA_DESIGNER_ADAPTERS", adapters),
        ("EXTERNAL_REQUEST_TIMEOUT", timeout_s),
    ];
    let cmd = run_command(scratch.path(), request, &env);
    response_of(&run_with_timeout(cmd, b"", Duration::from_secs(60)))
}

fn registration(server: &Server) -> String {
    format!(
        "demo-adapter-python|Python-Demo-Adapter|http://x:8092|http://x:8092,test|Test|{u}|{u}",
        u = server.url()
    )
}

fn input(name: &str, ref_id: &str, ty: &str, filters: Json) -> Json {
    json!({"workflow_input_name": name, "adapter_id": "test", "ref_id": ref_id,
           "type": ty, "filters": filters})
}

const WINDOW: &str = r#"{"timestampFrom": "2024-01-01T00:00:00.000000000Z", "timestampTo": "2024-01-01T00:02:30.000000000Z"}"#;

fn output(r: &Json, name: &str) -> Json {
    assert_eq!(r["result"], "ok", "{r}");
    r["output_results_by_output_name"][name].clone()
}

#[test]
fn loads_every_kind_of_input() {
    let server = Server::start();
    let scratch = Scratch::new("rest-load");
    let adapters = registration(&server);
    let window: Json = serde_json::from_str(WINDOW).unwrap();
    let req = json!({"id": PASS_THROUGH_SERIES, "wiring": {"input_wirings": [
        input("input", "temp", "timeseries(float)", window.clone())]}});
    let s = output(&run(&scratch, &adapters, "20", &req), "output");
    assert_eq!(s["__data__"]["name"], "temp", "{s}");
    assert_eq!(s["__data__"]["data"], json!([20.5, 21.0, null]), "{s}");
    assert_eq!(s["__data__"]["index"][0], "2024-01-01T00:00:00.000Z", "{s}");
    assert_eq!(s["__metadata__"]["unit"], "degC", "{s}");

    let req = json!({"id": PASS_THROUGH_FRAME, "wiring": {"input_wirings": [
        input("input", "plant", "dataframe", json!({}))]}});
    let f = output(&run(&scratch, &adapters, "20", &req), "output");
    // A parseable `timestamp` column also becomes the sorted index, as in hetida.
    assert_eq!(
        f["__data__"]["a"],
        json!({"2024-01-01T00:00:00.000Z": 1, "2024-01-01T00:01:00.000Z": 2}),
        "{f}"
    );
    assert_eq!(f["__metadata__"]["source"], "plant", "{f}");

    let req = json!({"id": PASS_THROUGH_MULTITS, "wiring": {"input_wirings": [
        input("input", "all", "multitsframe", window)]}});
    let m = output(&run(&scratch, &adapters, "20", &req), "output");
    assert_eq!(
        m["__data__"]["metric"],
        json!({"0": "m1", "1": "m2"}),
        "{m}"
    );

    let meta = |id: &str, key: &str, kind: &str, ty: &str, component: &str| {
        let mut w = input("input", id, ty, json!({}));
        w["ref_key"] = json!(key);
        w["ref_id_type"] = json!(kind);
        run(
            &scratch,
            &adapters,
            "20",
            &json!({"id": component, "wiring": {"input_wirings": [w]}}),
        )
    };
    let r = meta(
        "temp",
        "limit",
        "SOURCE",
        "metadata(float)",
        PASS_THROUGH_FLOAT,
    );
    assert_eq!(output(&r, "output"), 30.5, "{r}");
    let r = meta(
        "plant/a",
        "config",
        "THINGNODE",
        "metadata(any)",
        PASS_THROUGH_ANY,
    );
    assert_eq!(output(&r, "output"), json!({"k": [1, 2]}), "{r}");
    let r = meta(
        "temp",
        "missing",
        "SOURCE",
        "metadata(float)",
        PASS_THROUGH_FLOAT,
    );
    assert_eq!(r["error"]["type"], "AdapterConnectionError", "{r}");
}

#[test]
fn sends_outputs_in_hetidas_form() {
    let server = Server::start();
    let scratch = Scratch::new("rest-send");
    let adapters = registration(&server);
    let series = json!({"__hd_wrapped_data_object__": "SERIES", "__metadata__": {"unit": "K"}, "__data_parsing_options__": {"orient": "split"},
        "__data__": {"name": "x", "index": ["2024-01-01T00:00:00Z", "2024-01-01T00:01:00Z"], "data": [1.5, 2.5]}});
    let req = json!({"id": PASS_THROUGH_SERIES, "wiring": {
        "input_wirings": [{"workflow_input_name": "input", "adapter_id": "direct_provisioning",
                           "filters": {"value": series.to_string()}}],
        "output_wirings": [{"workflow_output_name": "output", "adapter_id": "test",
                            "ref_id": "sink/temp", "type": "timeseries(float)", "filters": {}}]}});
    let r = run(&scratch, &adapters, "20", &req);
    assert_eq!(r["result"], "ok", "{r}");
    assert!(
        r["output_results_by_output_name"].get("output").is_none(),
        "{r}"
    );
    let frame = json!({"a": {"0": 1, "1": 2}, "b": {"0": "x", "1": null}});
    let req = json!({"id": PASS_THROUGH_FRAME, "wiring": {
        "input_wirings": [{"workflow_input_name": "input", "adapter_id": "direct_provisioning",
                           "filters": {"value": frame.to_string()}}],
        "output_wirings": [{"workflow_output_name": "output", "adapter_id": "test",
                            "ref_id": "sink/frame", "type": "dataframe", "filters": {}}]}});
    assert_eq!(run(&scratch, &adapters, "20", &req)["result"], "ok");

    let got = server.received();
    let posts = got.as_array().unwrap();
    assert_eq!(posts.len(), 2, "{got}");
    assert_eq!(posts[0]["path"], "/timeseries");
    assert_eq!(posts[0]["query"]["timeseriesId"], json!(["sink/temp"]));
    assert_eq!(
        posts[0]["body"],
        json!([{"timestamp": "2024-01-01T00:00:00.000000000Z", "value": 1.5},
               {"timestamp": "2024-01-01T00:01:00.000000000Z", "value": 2.5}]),
        "{got}"
    );
    assert_eq!(posts[0]["attributes"], json!({"unit": "K"}), "{got}");
    assert_eq!(posts[1]["path"], "/dataframe");
    assert_eq!(
        posts[1]["body"],
        json!([{"a": 1, "b": "x"}, {"a": 2, "b": null}]),
        "{got}"
    );
}

#[test]
fn empty_broken_slow_and_unreachable_adapters() {
    let server = Server::start();
    let scratch = Scratch::new("rest-fail");
    let adapters = registration(&server);
    let window: Json = serde_json::from_str(WINDOW).unwrap();
    let series = |id: &str| {
        json!({"id": PASS_THROUGH_SERIES, "wiring": {"input_wirings": [
            input("input", id, "timeseries(float)", window.clone())]}})
    };
    // RESULT_EMPTY is an empty series, as in hetida.
    let s = output(&run(&scratch, &adapters, "20", &series("empty")), "output");
    assert_eq!(s["__data__"]["data"], json!([]), "{s}");
    // A 500 names the endpoint and the status.
    let r = run(&scratch, &adapters, "20", &series("broken"));
    assert_eq!(r["error"]["type"], "AdapterConnectionError", "{r}");
    assert_eq!(
        r["error"]["process_stage"], "LOADING_DATA_FROM_ADAPTERS",
        "{r}"
    );
    let msg = r["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("500") && msg.contains("adapter exploded"),
        "{r}"
    );
    // A slow adapter fails after the external request timeout, not after its answer.
    let started = Instant::now();
    let r = run(&scratch, &adapters, "1", &series("slow"));
    assert_eq!(r["error"]["type"], "AdapterConnectionError", "{r}");
    assert!(started.elapsed() < Duration::from_secs(4), "{r}");
    // Nobody listening.
    let closed = format!(
        "test|T|http://127.0.0.1:{p}|http://127.0.0.1:{p}",
        p = free_port()
    );
    let r = run(&scratch, &closed, "5", &series("temp"));
    assert_eq!(r["error"]["type"], "AdapterConnectionError", "{r}");
    // Time series without a window, and series(...) wirings, are wiring errors.
    let r = run(
        &scratch,
        &adapters,
        "5",
        &json!({"id": PASS_THROUGH_SERIES, "wiring": {"input_wirings": [
            input("input", "temp", "timeseries(float)", json!({}))]}}),
    );
    assert_eq!(r["error"]["type"], "AdapterClientWiringInvalidError", "{r}");
    let r = run(
        &scratch,
        &adapters,
        "5",
        &json!({"id": PASS_THROUGH_SERIES, "wiring": {"input_wirings": [
            input("input", "temp", "series(float)", window.clone())]}}),
    );
    assert_eq!(r["error"]["type"], "AdapterClientWiringInvalidError", "{r}");
    // An id that looks like a query string stays one parameter value.
    let r = run(&scratch, &adapters, "5", &series("temp&id=count"));
    assert_eq!(output(&r, "output")["__data__"]["data"], json!([]), "{r}");
}

/// In `rheo serve` with one CPU slot, a request waiting for a slow adapter does not hold the
/// slot: another request is answered meanwhile, and the slow one still completes.
#[test]
fn a_slow_adapter_does_not_stall_other_requests_in_serve() {
    let server = Server::start();
    let scratch = Scratch::new("rest-slow-serve");
    let adapters = registration(&server);
    let env = [
        ("HETIDA_DESIGNER_ADAPTERS", adapters.as_str()),
        ("EXTERNAL_REQUEST_TIMEOUT", "30"),
        ("RHEO_CONCURRENCY", "1"),
    ];
    let api = rheo_e2e::api::ApiService::start(scratch.path(), "serve", &env);
    let window: Json = serde_json::from_str(WINDOW).unwrap();
    let slow = json!({"id": PASS_THROUGH_SERIES, "wiring": {"input_wirings": [
        input("input", "slow", "timeseries(float)", window)]}});
    let fast = json!({"id": PASS_THROUGH_SERIES, "wiring": {"input_wirings": [
        {"workflow_input_name": "input", "adapter_id": "direct_provisioning",
         "filters": {"value": "{\"2024-01-01T00:00:00Z\": 1.5}"}}]}});
    std::thread::scope(|s| {
        let started = Instant::now();
        let waiting = s.spawn(|| api.post_json("/api/transformations/execute", &slow));
        std::thread::sleep(Duration::from_millis(500));
        let (status, body) = api.post_json("/api/transformations/execute", &fast);
        let fast_done = started.elapsed();
        assert_eq!(
            (status, body["result"].as_str()),
            (200, Some("ok")),
            "{body}"
        );
        assert!(
            fast_done < Duration::from_secs(4),
            "the fast request waited {fast_done:?} behind the slow adapter"
        );
        let (status, body) = waiting.join().unwrap();
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["result"], "ok", "{body}");
        assert!(
            started.elapsed() >= Duration::from_secs(5),
            "the adapter answers after 5 s"
        );
    });
}
