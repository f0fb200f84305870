//! `rheo run`, `rheo list`, `rheo import` and `rheo bench` as a user runs them.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_e2e::{data, rheo};
use serde_json::Value as Json;

fn stdout_json(out: &std::process::Output) -> Json {
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(text.trim()).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {text}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

const INTERCEPT: f64 = 2.5341298995094648;
const SLOPE: f64 = -2.1950424899458307e-07;

fn close(a: f64, b: f64) -> bool {
    ((a - b) / b).abs() < 1e-9
}

#[test]
fn seed_console_line_runs_in_legacy_form() {
    let out = rheo(&["run", data("seed-rul-console-line.txt").to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = stdout_json(&out);
    assert_eq!(r["success"], true, "{r}");
    let res = &r["output_results_by_output_name"];
    assert!(
        close(res["intercept"].as_f64().unwrap(), INTERCEPT),
        "{res}"
    );
    assert!(close(res["slope"][0].as_f64().unwrap(), SLOPE), "{res}");
    assert_eq!(
        res["limit_violation_timestamp"],
        "2020-07-05T01:45:50.843604+00:00"
    );
    // The seed asks for no plots: the pure-plot output is delivered empty.
    assert_eq!(res["rul_regression_result_plot"], serde_json::json!({}));
    assert_eq!(
        r["output_types_by_output_name"]["rul_regression_result_plot"],
        "PLOTLYJSON"
    );
}

#[test]
fn seed_request_runs_in_current_form_with_plot() {
    let out = rheo(&["run", data("seed-rul-execute-plots.json").to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = stdout_json(&out);
    assert_eq!(r["result"], "ok", "{r}");
    assert!(r["error"].is_null());
    let res = &r["output_results_by_output_name"];
    assert!(close(res["intercept"].as_f64().unwrap(), INTERCEPT));
    assert!(close(res["slope"][0].as_f64().unwrap(), SLOPE));
    assert_eq!(
        res["limit_violation_timestamp"],
        "2020-07-05T01:45:50.843604+00:00"
    );
    let plot = &res["rul_regression_result_plot"];
    let traces = plot["data"].as_array().unwrap();
    assert_eq!(traces.len(), 2);
    assert_eq!(
        traces[0]["x"].as_array().unwrap().len(),
        6,
        "base series has the seed's 6 points"
    );
    assert_eq!(traces[0]["x"][0], "2020-05-01T00:00:00+00:00");
    // Predictions: 5-minute grid from the first timestamp to 30 days after the last one.
    let first = chrono_like_minutes("2020-05-01T00:00", "2020-07-11T15:00");
    assert_eq!(
        traces[1]["x"].as_array().unwrap().len() as i64,
        first / 5 + 1
    );
    assert_eq!(plot["layout"]["xaxis"]["title"]["text"], "Time");
    for step in [
        "internal_full",
        "prepare_execution_input",
        "run_execution_input",
        "runtime_service_handling",
        "pure_execution",
        "load_data",
        "send_data",
    ] {
        assert!(r["measured_steps"][step]["duration"].is_number(), "{step}");
    }
    assert!(r["job_id"].as_str().unwrap().len() == 36);
}

/// Minutes between two `YYYY-MM-DDTHH:MM` instants in May–July 2020.
fn chrono_like_minutes(a: &str, b: &str) -> i64 {
    let to_min = |s: &str| {
        let month: i64 = s[5..7].parse().unwrap();
        let day: i64 = s[8..10].parse().unwrap();
        let h: i64 = s[11..13].parse().unwrap();
        let m: i64 = s[14..16].parse().unwrap();
        let days_before_month = match month {
            5 => 0,
            6 => 31,
            7 => 61,
            _ => unreachable!(),
        };
        ((days_before_month + day) * 24 + h) * 60 + m
    };
    to_min(b) - to_min(a)
}

#[test]
fn bad_requests_print_failure_responses_not_panics() {
    let dir = std::env::temp_dir().join(format!("rheo-e2e-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        ("invalid-json", "{\"id\": ", "RequestValidationError"),
        (
            "unknown-id",
            r#"{"id": "11111111-2222-3333-4444-555555555555"}"#,
            "TransformationNotFound",
        ),
        (
            "wrong-type",
            r#"{"id": "806df1b9-2fc8-4463-943f-3d258c569663", "wiring": {"input_wirings": [
                {"workflow_input_name": "inp_series", "adapter_id": "direct_provisioning", "filters": {"value": "{\"2020-01-01T00:00:00Z\": 1.0, \"2020-01-02T00:00:00Z\": 0.5}"}},
                {"workflow_input_name": "limit", "adapter_id": "direct_provisioning", "filters": {"value": "one point three"}},
                {"workflow_input_name": "num_days_forecast", "adapter_id": "direct_provisioning", "filters": {"value": "30"}}]}}"#,
            "InputParsingError",
        ),
        ("array", "[1, 2]", "RequestValidationError"),
        (
            "plain-series",
            r#"{"id": "806df1b9-2fc8-4463-943f-3d258c569663", "wiring": {"input_wirings": [
                {"workflow_input_name": "inp_series", "adapter_id": "direct_provisioning", "filters": {"value": "hello"}},
                {"workflow_input_name": "limit", "adapter_id": "direct_provisioning", "filters": {"value": "1.3"}},
                {"workflow_input_name": "num_days_forecast", "adapter_id": "direct_provisioning", "filters": {"value": "30"}}]}}"#,
            "InputParsingError",
        ),
        (
            "missing-input",
            r#"{"id": "806df1b9-2fc8-4463-943f-3d258c569663", "wiring": {"input_wirings": [
                {"workflow_input_name": "limit", "adapter_id": "direct_provisioning", "filters": {"value": "1.3"}}]}}"#,
            "WiringValidationError",
        ),
    ];
    for (name, body, error_type) in cases {
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, body).unwrap();
        let out = rheo(&["run", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{name}: failure results exit 1");
        assert!(
            out.stderr.is_empty() || !String::from_utf8_lossy(&out.stderr).contains("panicked"),
            "{name}"
        );
        let r = stdout_json(&out);
        assert_eq!(r["result"], "failure", "{name}: {r}");
        assert_eq!(r["error"]["type"], error_type, "{name}: {r}");
        assert!(!r["error"]["message"].as_str().unwrap().is_empty());
    }
    let r = stdout_json(&rheo(&[
        "run",
        dir.join("missing-input.json").to_str().unwrap(),
    ]));
    assert_eq!(
        r["error"]["message"],
        "Wiring Incomplete: Workflow Input 'inp_series' has no wiring!"
    );
    let r = stdout_json(&rheo(&["run", dir.join("array.json").to_str().unwrap()]));
    assert_eq!(
        r["error"]["message"],
        "invalid request: the request must be a JSON object (an execution request), found an array"
    );
    let r = stdout_json(&rheo(&[
        "run",
        dir.join("plain-series.json").to_str().unwrap(),
    ]));
    let message = r["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("workflow input 'inp_series' as SERIES")
            && message.contains(r#"found text that is not JSON ("hello")"#),
        "{message}"
    );
    assert_eq!(r["error"]["process_stage"], "PARSING_LOADED_DATA");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn list_shows_native_flags_as_json() {
    let out = rheo(&["list", "--json"]);
    assert!(out.status.success());
    let rows = stdout_json(&out);
    let rows = rows.as_array().unwrap();
    let rul = rows
        .iter()
        .find(|r| r["id"] == "806df1b9-2fc8-4463-943f-3d258c569663")
        .expect("the RUL example is shipped");
    assert_eq!(rul["type"], "WORKFLOW");
    assert_eq!(rul["category"], "Examples");
    assert_eq!(rul["name"], "Univariate Linear RUL Regression Example");
    assert_eq!(rul["version_tag"], "1.0.0");
    assert_eq!(rul["native"], true);
    for r in rows {
        let keys: Vec<&String> = r.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["id", "type", "category", "name", "version_tag", "native"]
        );
    }
}

#[test]
fn import_then_run_an_imported_workflow() {
    let store = std::env::temp_dir().join(format!("rheo-e2e-import-{}", std::process::id()));
    let src = store.with_extension("src");
    std::fs::create_dir_all(&src).unwrap();
    // A copy of the shipped RUL example under a new id and name.
    let shipped = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../transformations/workflows/examples/univariate-linear-rul-regression-example_100_806df1b9-2fc8-4463-943f-3d258c569663.json"),
    )
    .unwrap();
    let mut wf: Json = serde_json::from_str(&shipped).unwrap();
    wf["id"] = "0a0a0a0a-1111-4222-8333-444444444444".into();
    wf["name"] = "Imported RUL".into();
    std::fs::write(src.join("imported.json"), wf.to_string()).unwrap();
    let bin = rheo_e2e::rheo_bin();
    let out = std::process::Command::new(&bin)
        .args([
            "--store",
            store.to_str().unwrap(),
            "import",
            src.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let request = src.join("request.json");
    let mut req: Json =
        serde_json::from_str(&std::fs::read_to_string(data("seed-rul-execute.json")).unwrap())
            .unwrap();
    req["id"] = "0a0a0a0a-1111-4222-8333-444444444444".into();
    std::fs::write(&request, req.to_string()).unwrap();
    let out = std::process::Command::new(&bin)
        .args([
            "--store",
            store.to_str().unwrap(),
            "run",
            request.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let r = stdout_json(&out);
    assert_eq!(r["result"], "ok", "{r}");
    assert!(close(
        r["output_results_by_output_name"]["intercept"]
            .as_f64()
            .unwrap(),
        INTERCEPT
    ));
    std::fs::remove_dir_all(&store).ok();
    std::fs::remove_dir_all(&src).ok();
}

/// The shipped `Add` component, a small valid transformation file.
fn shipped_add_component() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "../transformations/components/basic-arithmetic/add_100_2abf72f6-68c9-7398-7175-165d31b3ced7.json",
    )
}

/// Every file below `dir`, recursively (links are not followed).
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if std::fs::symlink_metadata(&path).unwrap().is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn import_skips_links_fifos_and_bad_files_and_finishes() {
    use std::os::unix::fs::symlink;
    let scratch = rheo_e2e::Scratch::new("import-hostile");
    let src = scratch.path().join("src");
    std::fs::create_dir_all(src.join("sub")).unwrap();
    std::fs::copy(shipped_add_component(), src.join("sub/add.json")).unwrap();
    let outside = scratch.path().join("outside.json");
    std::fs::copy(shipped_add_component(), &outside).unwrap();
    symlink("..", src.join("sub/up")).unwrap();
    symlink(".", src.join("self")).unwrap();
    symlink(&outside, src.join("outside.json")).unwrap();
    symlink("/dev/zero", src.join("zero.json")).unwrap();
    let mkfifo = std::process::Command::new("mkfifo")
        .arg(src.join("x.json"))
        .status()
        .unwrap();
    assert!(mkfifo.success(), "mkfifo failed");
    std::fs::write(src.join("latin1.json"), b"{\"name\": \"caf\xe9\"}").unwrap();
    let store = scratch.path().join("store");
    let mut cmd = std::process::Command::new(rheo_e2e::rheo_bin());
    cmd.arg("--store").arg(&store).arg("import").arg(&src);
    let out = rheo_e2e::run_with_timeout(cmd, b"", std::time::Duration::from_secs(60));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("imported 1 transformation(s)"), "{stdout}");
    assert!(
        stdout.contains("skipped 6 file(s) (4 symbolic link(s), never followed)"),
        "{stdout}"
    );
    for (name, reason) in [
        ("sub/up", "symbolic link, not followed"),
        ("self", "symbolic link, not followed"),
        ("outside.json", "symbolic link, not followed"),
        ("zero.json", "symbolic link, not followed"),
        ("x.json", "FIFO, not a regular file"),
        ("latin1.json", "not UTF-8 text"),
    ] {
        let line = format!("{}: {reason}", src.join(name).display());
        assert!(stdout.contains(&line), "{line} missing in:\n{stdout}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    let stored = files_under(&store);
    assert_eq!(stored.len(), 1, "exactly the valid file, once: {stored:?}");
    assert!(stored[0]
        .to_string_lossy()
        .contains("2abf72f6-68c9-7398-7175-165d31b3ced7"));
}

#[test]
fn list_into_a_closed_pipe_exits_quietly() {
    use std::io::BufRead;
    let scratch = rheo_e2e::Scratch::new("list-pipe");
    // Enough transformations that the table outgrows the pipe buffer (64 KiB), so `rheo`
    // is still writing when the reader goes away.
    let src = scratch.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    let add: Json =
        serde_json::from_str(&std::fs::read_to_string(shipped_add_component()).unwrap()).unwrap();
    for i in 0..1500 {
        let mut copy = add.clone();
        copy["id"] = format!("00000000-0000-4000-8000-{i:012}").into();
        copy["name"] = format!("Add copy {i}").into();
        std::fs::write(src.join(format!("add-{i}.json")), copy.to_string()).unwrap();
    }
    let store = scratch.path().join("store");
    let mut cmd = std::process::Command::new(rheo_e2e::rheo_bin());
    cmd.arg("--store").arg(&store).arg("import").arg(&src);
    let out = rheo_e2e::run_with_timeout(cmd, b"", std::time::Duration::from_secs(120));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut child = std::process::Command::new(rheo_e2e::rheo_bin())
        .arg("--store")
        .arg(&store)
        .arg("list")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("id "), "{first}");
    // The reader (and with it the pipe) is dropped here, like `head` exiting.
    let status = rheo_e2e::wait_timeout(&mut child, std::time::Duration::from_secs(60));
    let Some(status) = status else {
        let _ = child.kill();
        panic!("rheo list did not exit after its stdout was closed");
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(status.code(), Some(0), "{stderr}");
}

#[test]
fn bench_reports_percentiles() {
    let out = rheo(&[
        "bench",
        data("seed-rul-execute.json").to_str().unwrap(),
        "--iterations",
        "20",
        "--warmup",
        "2",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = stdout_json(&out);
    assert_eq!(r["iterations"], 20);
    let (min, med, p99) = (
        r["min_ms"].as_f64().unwrap(),
        r["median_ms"].as_f64().unwrap(),
        r["p99_ms"].as_f64().unwrap(),
    );
    assert!(min > 0.0 && min <= med && med <= p99, "{r}");
    assert!(r["peak_rss_kb"].as_u64().unwrap() > 0);
}

#[test]
fn run_reads_a_console_line_from_stdin() {
    use std::io::Write;
    let mut child = std::process::Command::new(rheo_e2e::rheo_bin())
        .args(["run", "-"])
        .env(
            "RHEO_STORE",
            std::env::temp_dir().join(format!("rheo-e2e-stdin-{}", std::process::id())),
        )
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let line = std::fs::read(data("seed-rul-console-line.txt")).unwrap();
    child.stdin.take().unwrap().write_all(&line).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let r = stdout_json(&out);
    assert_eq!(r["success"], true);
    assert_eq!(
        r["output_results_by_output_name"]["limit_violation_timestamp"],
        "2020-07-05T01:45:50.843604+00:00"
    );
}

#[test]
fn bench_kafka_measures_through_the_embedded_broker() {
    let out = rheo(&[
        "bench-kafka",
        data("seed-rul-console-line.txt").to_str().unwrap(),
        "--count",
        "50",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = stdout_json(&out);
    assert_eq!(r["count"], 50);
    assert_eq!(r["failures"], 0);
    let (p50, p99) = (r["p50_ms"].as_f64().unwrap(), r["p99_ms"].as_f64().unwrap());
    assert!(p50 > 0.0 && p50 <= p99, "{r}");
    assert!(r["requests_per_second"].as_f64().unwrap() > 0.0);
}

#[test]
fn data_from_last_positive_step_runs_on_its_test_wiring() {
    let dir = std::env::temp_dir().join(format!("rheo-e2e-dflps-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let req = dir.join("request.json");
    // No wiring: the workflow's stored test wiring is used (hetida's execute semantics).
    std::fs::write(&req, r#"{"id": "2cbb87e7-ea99-4404-abe1-be550f22763f"}"#).unwrap();
    let out = rheo(&["run", req.to_str().unwrap()]);
    let r = stdout_json(&out);
    assert_eq!(r["result"], "ok", "{r}");
    let data = &r["output_results_by_output_name"]["series_from_last_step"]["__data__"];
    let index = data["index"].as_array().unwrap();
    // The shipped test series rises by more than 0.25 once, at 2020-05-07T08:00Z (hour 152):
    // the result is that point and everything after it.
    assert_eq!(index.len(), 1000 - 152);
    assert_eq!(index[0], "2020-05-07T08:00:00.000Z");
    assert_eq!(index.last().unwrap(), "2020-06-11T15:00:00.000Z");
    assert_eq!(data["data"].as_array().unwrap().len(), index.len());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn shipped_example_workflows_run_on_their_stored_test_wiring() {
    let dir = std::env::temp_dir().join(format!("rheo-e2e-examples-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Every shipped example workflow on its stored test wiring. Not here: Get ExampleClass
    // Object Attributes, whose wiring is empty (it takes the object another workflow makes),
    // and the two connector workflows, whose wirings feed inputs hetida itself rejects; they
    // run in engine/tests/example_workflows.rs.
    let examples = [
        (
            "678df189-a969-4ed9-9c3f-162b87d578b6",
            "example_class_object",
        ),
        ("67c14cf2-cd4e-410e-9aca-6664273ccc3f", "contour_plot"),
        (
            "3d504361-e351-4d52-8734-391aa47e8f24",
            "rul_regression_result_plot",
        ),
        ("0580751a-70ed-4f73-99c8-41541eb86af3", "window_means"),
        ("121a7eab-d365-4f41-81d9-e7e1ff62fe29", "window_medians"),
        ("0f902f9c-2d6f-471c-89f1-853e53c4848c", "filtered"),
        (
            "9b92200b-95a6-4556-a4c1-48e5681fe4fa",
            "_01_substituted_timeseries",
        ),
        (
            "0ba83325-d541-4efc-9a88-b919ccbc5638",
            "_03_substituted_with_fixed_value",
        ),
        ("7ccb7acb-4779-4931-b436-2d4d5172607b", "a_single_ts"),
        ("79ce1eb1-3ef8-4c74-9114-c856fd88dc89", "data_and_alerts"),
        (
            "f28d403f-88bb-4328-afd5-6a4aa53aa039",
            "interpolated_timeseries",
        ),
        (
            "2cbb87e7-ea99-4404-abe1-be550f22763f",
            "series_from_last_step",
        ),
        (
            "806df1b9-2fc8-4463-943f-3d258c569663",
            "rul_regression_result_plot",
        ),
    ];
    for (id, output) in examples {
        let req = dir.join(format!("{id}.json"));
        std::fs::write(
            &req,
            format!(r#"{{"id": "{id}", "run_pure_plot_operators": true}}"#),
        )
        .unwrap();
        let r = stdout_json(&rheo(&["run", req.to_str().unwrap()]));
        assert_eq!(r["result"], "ok", "{id}: {r}");
        let value = &r["output_results_by_output_name"][output];
        assert!(
            value.is_object() && value.as_object().is_some_and(|o| !o.is_empty()),
            "{id}: output {output} is {value}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// A request over plain HTTP/1.0; returns (status line, header lines, body bytes).
fn http(port: u16, method: &str, path: &str, body: &[u8]) -> Option<(String, String, Vec<u8>)> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .ok()?;
    write!(
        s,
        "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .ok()?;
    s.write_all(body).ok()?;
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes).ok()?;
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let (status, headers) = head.split_once("\r\n").unwrap_or((&head, ""));
    Some((
        status.to_string(),
        headers.to_lowercase(),
        bytes[split + 4..].to_vec(),
    ))
}

/// GET over plain HTTP/1.0; returns (status line, body).
fn http_get(port: u16, path: &str) -> Option<(String, String)> {
    let (status, _, body) = http(port, "GET", path, b"")?;
    Some((status, String::from_utf8_lossy(&body).into_owned()))
}

#[test]
fn serve_on_the_embedded_broker_answers_submit_and_reports_health_and_metrics() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let store = std::env::temp_dir().join(format!("rheo-e2e-serve-{}", std::process::id()));
    let mut serve = std::process::Command::new(rheo_e2e::rheo_bin())
        .args([
            "serve",
            "--embedded",
            "--http-addr",
            &format!("127.0.0.1:{port}"),
        ])
        .env("RHEO_STORE", &store)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the HTTP endpoint, then for the broker address file the submit command reads.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let health = loop {
        if let Some(r) = http_get(port, "/health") {
            break r;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "rheo serve did not come up"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(health.0.contains("200"), "{health:?}");
    let h: Json = serde_json::from_str(&health.1).unwrap();
    assert_eq!(h["status"], "ok");
    let brokers =
        std::fs::read_to_string(std::env::temp_dir().join("rheo-embedded-brokers")).unwrap();
    let out = std::process::Command::new(rheo_e2e::rheo_bin())
        .args([
            "submit",
            data("seed-rul-console-line.txt").to_str().unwrap(),
            "--brokers",
            brokers.trim(),
            "--timeout",
            "60",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8_lossy(&out.stdout).into_owned();
    let (key, body) = line.trim().split_once(':').expect("key:JSON");
    assert_eq!(key, "test_executionissuer_1");
    let r: Json = serde_json::from_str(body).unwrap();
    assert_eq!(r["success"], true, "{r}");
    let (status, metrics) = http_get(port, "/metrics").unwrap();
    assert!(status.contains("200"));
    assert!(metrics.contains("rheo_requests_total 1"), "{metrics}");
    assert!(
        metrics.contains("rheo_results_total{status=\"ok\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("rheo_execution_seconds_count 1"),
        "{metrics}"
    );
    // The running service renders a plotly figure to SVG, and answers a body that is no
    // figure with 400 and a message.
    let figure = r#"{"data": [{"type": "scatter", "x": [1, 2, 3], "y": [2, 1, 3]}],
        "layout": {"title": {"text": "served plot"}}}"#;
    let (status, headers, svg) = http(
        port,
        "POST",
        "/render?format=svg&width=400&height=300",
        figure.as_bytes(),
    )
    .unwrap();
    assert!(status.contains("200"), "{status}");
    assert!(headers.contains("content-type: image/svg+xml"), "{headers}");
    let svg = String::from_utf8(svg).unwrap();
    assert!(svg.contains("<svg") && svg.contains("served plot"), "{svg}");
    let (status, _, message) = http(port, "POST", "/render", b"{not json").unwrap();
    assert!(status.contains("400"), "{status}");
    assert!(String::from_utf8_lossy(&message).contains("not a JSON plotly figure"));
    // SIGTERM: drain, commit, exit 0.
    sigterm(serve.id());
    let status = serve.wait().unwrap();
    assert!(status.success(), "exit status {status}");
    std::fs::remove_dir_all(&store).ok();
}

fn sigterm(pid: u32) {
    let ok = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("rheo-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn render_run_writes_the_plot_outputs_as_svg_and_png() {
    let dir = scratch("render-run");
    let out = rheo(&[
        "run",
        data("seed-rul-execute-plots.json").to_str().unwrap(),
        "--render",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // stdout is still the response.
    assert_eq!(stdout_json(&out)["result"], "ok");
    let png = std::fs::read(dir.join("rul_regression_result_plot.png")).expect("PNG written");
    assert_eq!(&png[1..4], b"PNG");
    let svg =
        std::fs::read_to_string(dir.join("rul_regression_result_plot.svg")).expect("SVG written");
    assert!(
        svg.starts_with("<svg") && svg.contains("polyline"),
        "{}",
        &svg[..svg.len().min(300)]
    );
    // Without plots the figure is empty: nothing is written, a note says why.
    let dir2 = scratch("render-run-noplots");
    let out = rheo(&[
        "run",
        data("seed-rul-execute.json").to_str().unwrap(),
        "--render",
        dir2.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("no figure to render"));
    assert!(!dir2.join("rul_regression_result_plot.png").exists());
}

#[test]
fn render_subcommand_writes_png_and_svg_and_rejects_bad_input() {
    let dir = scratch("render-cmd");
    let fig = dir.join("fig.json");
    std::fs::write(
        &fig,
        r#"{"data": [{"type": "bar", "x": ["a", "b"], "y": [1, 3]}], "layout": {"title": {"text": "bars"}}}"#,
    )
    .unwrap();
    let png = dir.join("out.png");
    let out = rheo(&[
        "render",
        fig.to_str().unwrap(),
        "-o",
        png.to_str().unwrap(),
        "--width",
        "320",
        "--height",
        "240",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    // IHDR: width and height, big-endian, at bytes 16..24.
    assert_eq!(&bytes[16..24], &[0, 0, 1, 64, 0, 0, 0, 240]);
    let svg = dir.join("out.svg");
    let out = rheo(&["render", fig.to_str().unwrap(), "-o", svg.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read_to_string(&svg).unwrap().contains("bars"));
    let out = rheo(&[
        "render",
        fig.to_str().unwrap(),
        "-o",
        dir.join("out.gif").to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(".png or .svg"));
    std::fs::write(&fig, "[1, 2]").unwrap();
    let out = rheo(&["render", fig.to_str().unwrap(), "-o", png.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("invalid plotly figure"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
