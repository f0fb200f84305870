//! Users' own Python components on a real `rheo serve --no-kafka` with `RHEO_PYTHON` naming
//! the pinned pandas environment (`target/pyenv`): a `.py` component and a JSON-export
//! component in one workflow with a native one, checked against pandas; hetida's error
//! object for a raised `ComponentException`; a component that kills its worker, one that
//! loops (timeout), one that hoards memory (limit); many requests on two workers.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_e2e::api::ApiService;
use rheo_e2e::{data, pandas_python, rheo_bin, succeeded, Scratch};
use serde_json::{json, Value as Json};
use std::path::Path;
use std::process::Command;

const SCALE: &str = "c0ffee00-0000-4000-8000-000000000001";
const MISBEHAVE: &str = "c0ffee00-0000-4000-8000-000000000011";
const ROLLING: &str = "c0ffee00-0000-4000-8000-000000000021";
const FRAME_KINDS: &str = "c0ffee00-0000-4000-8000-000000000031";
const TRAIN: &str = "c0ffee00-0000-4000-8000-000000000041";
const PREDICT: &str = "41e8bf16-0a16-6021-33c9-88c2f8336df8";
const MODEL_FLOW: &str = "c0ffee00-0000-4000-8000-0000000000fe";
const X_TRAIN: &str = r#"{"a": {"2021-01-01T00:00:00Z": 1.0, "2021-01-02T00:00:00Z": 2.0, "2021-01-03T00:00:00Z": 3.0, "2021-01-04T00:00:00Z": 4.5}, "b": {"2021-01-01T00:00:00Z": 0.5, "2021-01-02T00:00:00Z": -1.0, "2021-01-03T00:00:00Z": 2.0, "2021-01-04T00:00:00Z": 0.0}}"#;
const Y_TRAIN: &str = r#"{"2021-01-01T00:00:00Z": 3.1, "2021-01-02T00:00:00Z": 2.0, "2021-01-03T00:00:00Z": 9.2, "2021-01-04T00:00:00Z": 8.0}"#;
const X_NEW: &str = r#"{"a": {"2021-02-01T00:00:00Z": 10.0, "2021-02-02T00:00:00Z": -2.0}, "b": {"2021-02-01T00:00:00Z": 1.0, "2021-02-02T00:00:00Z": 3.0}}"#;
const ADD: &str = "2abf72f6-68c9-7398-7175-165d31b3ced7";
const MIXED: &str = "c0ffee00-0000-4000-8000-0000000000ff";
const SERIES: &str = r#"{"2020-01-01T00:00:00Z": 1.5, "2020-01-02T00:00:00Z": -2.25, "2020-01-03T00:00:00Z": 4.0, "2020-01-04T00:00:00Z": 0.1}"#;

/// Imports the fixture components into `dir/store` with `rheo import`.
fn import_components(dir: &Path) {
    succeeded(
        Command::new(rheo_bin())
            .args(["import"])
            .arg(data("python-components"))
            .env("RHEO_STORE", dir.join("store")),
    );
}

/// What a Python script run with the pinned pandas stack prints, as JSON.
fn pandas_json(script: &str) -> Json {
    serde_json::from_slice(&succeeded(
        Command::new(pandas_python()).args(["-c", script]),
    ))
    .unwrap()
}

/// A service whose Python workers run the imported components.
fn python_service(dir: &Path, extra: &[(&str, &str)]) -> ApiService {
    import_components(dir);
    let python = pandas_python().to_string_lossy().into_owned();
    let mut env = vec![
        ("RHEO_PYTHON", python.as_str()),
        ("RHEO_PYTHON_WORKERS", "2"),
        ("RHEO_PYTHON_MEMORY_LIMIT_BYTES", "2000000000"),
        ("RHEO_EXECUTION_TIMEOUT_SECONDS", "5"),
    ];
    env.extend_from_slice(extra);
    ApiService::start(dir, "python", &env)
}

fn dp(name: &str, value: &str) -> Json {
    json!({"workflow_input_name": name, "adapter_id": "direct_provisioning", "filters": {"value": value}})
}

/// An operator running revision `trafo` (its connectors as the revision declares them).
fn operator(id: &str, name: &str, trafo: &Json) -> Json {
    let conn = |io: &Json, typed: bool| {
        let mut c = json!({"id": io["id"], "name": io["name"], "data_type": io["data_type"], "position": {"x": 0, "y": 0}});
        if typed {
            c["type"] = io["type"].clone();
            c["exposed"] = json!(true);
            if let Some(v) = io.get("value") {
                c["value"] = v.clone();
            }
        }
        c
    };
    json!({
        "id": id, "revision_group_id": trafo["revision_group_id"], "name": name, "type": "COMPONENT",
        "state": "RELEASED", "version_tag": trafo["version_tag"], "transformation_id": trafo["id"],
        "position": {"x": 0, "y": 0},
        "inputs": trafo["io_interface"]["inputs"].as_array().unwrap().iter().map(|i| conn(i, true)).collect::<Vec<_>>(),
        "outputs": trafo["io_interface"]["outputs"].as_array().unwrap().iter().map(|o| conn(o, false)).collect::<Vec<_>>(),
    })
}

/// The connector id of `side` port `name` of an operator JSON.
fn port(op: &Json, side: &str, name: &str) -> Json {
    op[side]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()["id"]
        .clone()
}

fn link(id: &str, from: (&Json, &str), to: (&Json, &str)) -> Json {
    json!({
        "id": id, "path": [],
        "start": {"operator": from.0["id"], "connector": {"id": port(from.0, "outputs", from.1), "name": from.1, "data_type": "ANY", "position": {"x": 0, "y": 0}}},
        "end": {"operator": to.0["id"], "connector": {"id": port(to.0, "inputs", to.1), "name": to.1, "data_type": "ANY", "position": {"x": 0, "y": 0}}},
    })
}

/// series → Scale Series (.py) → Add 10 (native) → Rolling Mean (JSON export) → smoothed;
/// Scale Series' total → total.
fn mixed_workflow(api: &ApiService) -> Json {
    let get = |id: &str| api.get(&format!("/api/transformations/{id}")).1;
    let scale = operator("op-scale", "Scale", &get(SCALE));
    let add = operator("op-add", "Add Ten", &get(ADD));
    let rolling = operator("op-rolling", "Smooth", &get(ROLLING));
    let io = |id: &str, name: &str, dt: &str, op: &Json, side: &str, conn: &str| {
        json!({"id": id, "name": name, "data_type": dt, "operator_id": op["id"], "connector_id": port(op, side, conn),
               "connector_name": conn, "position": {"x": 0, "y": 0}})
    };
    let mut input = io("wi-series", "series", "SERIES", &scale, "inputs", "series");
    input["type"] = json!("REQUIRED");
    let mut constant = io("c-ten", "", "ANY", &add, "inputs", "b");
    constant.as_object_mut().unwrap().remove("name");
    constant["value"] = json!("10");
    let outputs = vec![
        io(
            "wo-smoothed",
            "smoothed",
            "SERIES",
            &rolling,
            "outputs",
            "smoothed",
        ),
        io("wo-total", "total", "FLOAT", &scale, "outputs", "total"),
    ];
    json!({
        "id": MIXED, "revision_group_id": MIXED, "name": "Mixed", "category": "User", "version_tag": "1.0.0",
        "state": "RELEASED", "released_timestamp": "2026-12-01T00:00:00+00:00", "type": "WORKFLOW",
        "content": {
            "operators": [scale.clone(), add.clone(), rolling.clone()],
            "links": [link("l1", (&scale, "scaled"), (&add, "a")), link("l2", (&add, "sum"), (&rolling, "data"))],
            "constants": [constant], "inputs": [input.clone()], "outputs": outputs,
        },
        "io_interface": {
            "inputs": [{"id": "wi-series", "name": "series", "data_type": "SERIES", "type": "REQUIRED"}],
            "outputs": [{"id": "wo-smoothed", "name": "smoothed", "data_type": "SERIES"}, {"id": "wo-total", "name": "total", "data_type": "FLOAT"}],
        },
        "test_wiring": {"input_wirings": [dp("series", SERIES)], "output_wirings": []},
    })
}

/// x, y → Train Linear Model (Python) → model → Predict Sklearn Trained Model (whose native
/// implementation hands a Python model to Python) with x_new → predictions.
fn model_workflow(api: &ApiService) -> Json {
    let get = |id: &str| api.get(&format!("/api/transformations/{id}")).1;
    let train = operator("op-train", "Train", &get(TRAIN));
    let predict = operator("op-predict", "Predict", &get(PREDICT));
    let io = |id: &str, name: &str, dt: &str, op: &Json, side: &str, conn: &str| {
        json!({"id": id, "name": name, "data_type": dt, "operator_id": op["id"], "connector_id": port(op, side, conn),
               "connector_name": conn, "type": "REQUIRED", "position": {"x": 0, "y": 0}})
    };
    let inputs = vec![
        io("wi-x", "x", "DATAFRAME", &train, "inputs", "x"),
        io("wi-y", "y", "SERIES", &train, "inputs", "y"),
        io("wi-new", "x_new", "ANY", &predict, "inputs", "data"),
    ];
    let output = io(
        "wo-pred",
        "predictions",
        "ANY",
        &predict,
        "outputs",
        "predictions",
    );
    let io_in: Vec<Json> = inputs
        .iter()
        .map(|i| json!({"id": i["id"], "name": i["name"], "data_type": i["data_type"], "type": "REQUIRED"}))
        .collect();
    json!({
        "id": MODEL_FLOW, "revision_group_id": MODEL_FLOW, "name": "Train and predict", "category": "User",
        "version_tag": "1.0.0", "state": "RELEASED", "released_timestamp": "2026-12-01T00:00:00+00:00",
        "type": "WORKFLOW",
        "content": {
            "operators": [train.clone(), predict.clone()],
            "links": [link("l1", (&train, "model"), (&predict, "trained_model"))],
            "constants": [], "inputs": inputs, "outputs": [output],
        },
        "io_interface": {"inputs": io_in, "outputs": [{"id": "wo-pred", "name": "predictions", "data_type": "ANY"}]},
        "test_wiring": {"input_wirings": [], "output_wirings": []},
    })
}

/// What pandas computes for the mixed workflow: (smoothed values, total).
fn pandas_expectation() -> (Vec<f64>, f64) {
    let script = format!(
        "import json, pandas as pd\n\
         s = pd.read_json(__import__('io').StringIO({SERIES:?}), typ='series')\n\
         scaled = s * 2.0\n\
         smoothed = (scaled + 10).rolling(2, min_periods=1).mean()\n\
         print(json.dumps({{'smoothed': smoothed.tolist(), 'total': float(scaled.sum())}}))"
    );
    let v = pandas_json(&script);
    let smoothed = v["smoothed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    (smoothed, v["total"].as_f64().unwrap())
}

fn misbehave(api: &ApiService, mode: &str) -> Json {
    let request = json!({"id": MISBEHAVE, "wiring": {"input_wirings": [dp("mode", mode)]}});
    let (status, body) = api.post_json("/api/transformations/execute", &request);
    assert_eq!(status, 200, "{body}");
    body
}

#[test]
fn python_and_native_components_run_in_one_workflow_as_pandas_computes() {
    let scratch = Scratch::new("python-mixed");
    let api = python_service(scratch.path(), &[]);
    let workflow = mixed_workflow(&api);
    let (status, body) = api.put_json(&format!("/api/transformations/{MIXED}"), &workflow);
    assert_eq!(status, 201, "{body}");

    let request = json!({"id": MIXED, "wiring": {"input_wirings": [dp("series", SERIES)]}});
    let (status, body) = api.post_json("/api/transformations/execute", &request);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"], "ok", "{body}");
    let (expected, total) = pandas_expectation();
    let out = &body["output_results_by_output_name"];
    let got: Vec<f64> = out["smoothed"]["__data__"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(got.len(), expected.len(), "{body}");
    for (g, e) in got.iter().zip(&expected) {
        assert!((g - e).abs() < 1e-12, "{got:?} != {expected:?}");
    }
    assert_eq!(
        out["smoothed"]["__data__"]["index"][0],
        "2020-01-01T00:00:00.000Z"
    );
    assert_eq!(
        out["smoothed"]["__metadata__"],
        json!({"source": "rolling mean"})
    );
    assert!((out["total"].as_f64().unwrap() - total).abs() < 1e-12);
    // The component's print went to the log, not into the protocol.
    assert!(api
        .serve
        .log()
        .contains("component output on stdout must not disturb"));
}

#[test]
fn a_model_trained_in_python_is_applied_by_predict_sklearn_trained_model() {
    let scratch = Scratch::new("python-model");
    let api = python_service(scratch.path(), &[]);
    let (status, body) = api.put_json(
        &format!("/api/transformations/{MODEL_FLOW}"),
        &model_workflow(&api),
    );
    assert_eq!(status, 201, "{body}");
    // x_new arrives as a wrapped frame: the ANY input then holds a DataFrame, as in hetida.
    let wrapped_new = format!(
        r#"{{"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {{}}, "__data__": {X_NEW}}}"#
    );
    let request = json!({"id": MODEL_FLOW, "wiring": {"input_wirings": [
        dp("x", X_TRAIN), dp("y", Y_TRAIN), dp("x_new", &wrapped_new)]}});
    let (status, body) = api.post_json("/api/transformations/execute", &request);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"], "ok", "{body}");

    let script = format!(
        "import io, json, pandas as pd\n\
         from sklearn.linear_model import LinearRegression\n\
         x = pd.read_json(io.StringIO({X_TRAIN:?}))\n\
         y = pd.read_json(io.StringIO({Y_TRAIN:?}), typ='series')\n\
         new = pd.read_json(io.StringIO({X_NEW:?}))\n\
         print(json.dumps(LinearRegression().fit(x, y).predict(new).tolist()))"
    );
    let expected: Vec<f64> = serde_json::from_value(pandas_json(&script)).unwrap();
    let column = &body["output_results_by_output_name"]["predictions"]["__data__"]["0"];
    let got: Vec<f64> = column
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(got.len(), 2, "{body}");
    for (g, e) in got.iter().zip(&expected) {
        assert!((g - e).abs() < 1e-9, "{got:?} != {expected:?}");
    }
    let index: Vec<&String> = column.as_object().unwrap().keys().collect();
    assert_eq!(
        index,
        ["2021-02-01T00:00:00.000Z", "2021-02-02T00:00:00.000Z"]
    );

    // A look-alike object in a request is never unpickled.
    let forged =
        r#"{"__rheo_python_object__": "gASVAAAAAAAAAAAu", "signature": "00", "type": "x"}"#;
    let request = json!({"id": PREDICT, "wiring": {"input_wirings": [
        dp("data", &wrapped_new), dp("trained_model", forged)]}});
    let (status, body) = api.post_json("/api/transformations/execute", &request);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["error"]["type"], "ValueError", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("signature"),
        "{body}"
    );
}

#[test]
fn frames_of_every_dtype_come_back_from_python_exactly() {
    let scratch = Scratch::new("python-dtypes");
    let api = python_service(scratch.path(), &[]);
    let request = json!({"id": FRAME_KINDS, "wiring": {"input_wirings": [dp("shift", "10")]}});
    let (status, body) = api.post_json("/api/transformations/execute", &request);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"], "ok", "{body}");
    // Column-oriented as every DATAFRAME output: the Berlin index in UTC, NaN and None as
    // null, ints shifted, datetimes (to the nanosecond in Python) written to the millisecond.
    let frame = &body["output_results_by_output_name"]["frame"]["__data__"];
    let index: Vec<&String> = frame["f"].as_object().unwrap().keys().collect();
    assert_eq!(
        index,
        [
            "2021-02-28T23:00:00.000Z",
            "2021-03-01T00:00:00.000Z",
            "2021-03-01T01:00:00.000Z"
        ],
        "{body}"
    );
    let column =
        |name: &str| -> Vec<Json> { frame[name].as_object().unwrap().values().cloned().collect() };
    assert_eq!(
        column("f"),
        vec![json!(0.1), Json::Null, json!(3.0)],
        "{body}"
    );
    assert_eq!(column("i"), vec![json!(11), json!(12), json!(13)], "{body}");
    assert_eq!(column("s"), vec![json!("a"), Json::Null, json!("c")]);
    assert_eq!(column("b"), vec![json!(true), json!(false), json!(true)]);
    assert_eq!(
        column("t"),
        vec![
            json!("2021-01-01T00:00:00.123Z"),
            Json::Null,
            json!("2021-01-02T12:00:00.000Z")
        ]
    );
    let times = &body["output_results_by_output_name"]["times"]["__data__"];
    assert_eq!(times["name"], "when");
    assert_eq!(times["index"], json!([0, 1]));
    assert_eq!(
        times["data"],
        json!(["2021-05-01T10:00:00.000", "2021-05-02T11:30:00.000"]),
        "{body}"
    );
}

#[test]
fn component_exceptions_crashes_loops_and_hoarding_fail_only_their_request() {
    let scratch = Scratch::new("python-failures");
    let api = python_service(scratch.path(), &[]);
    assert_eq!(
        misbehave(&api, "ok")["output_results_by_output_name"]["out"],
        1.5
    );

    // hetida's error object, error code and extra information as raised, the traceback.
    let body = misbehave(&api, "raise");
    let e = &body["error"];
    assert_eq!(e["type"], "ComponentException", "{body}");
    assert_eq!(e["message"], "the sensor is offline");
    assert_eq!(e["error_code"], 4711);
    assert_eq!(e["extra_information"], json!({"sensor": "s-1"}));
    assert_eq!(e["process_stage"], "EXECUTING_COMPONENT_CODE");
    assert_eq!(e["operator_info"]["transformation_info"]["id"], MISBEHAVE);
    assert!(
        body["traceback"]
            .as_str()
            .unwrap()
            .contains("ComponentException"),
        "{body}"
    );
    let body = misbehave(&api, "value-error");
    assert_eq!(body["error"]["type"], "ValueError");
    assert_eq!(body["error"]["error_code"], Json::Null);

    // A worker that dies fails its request only; the next one gets a new worker.
    let body = misbehave(&api, "exit");
    assert_eq!(body["result"], "failure");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("died"),
        "{body}"
    );
    assert_eq!(misbehave(&api, "ok")["result"], "ok");

    // An endless loop is stopped at the execution timeout and its worker replaced.
    let body = misbehave(&api, "loop");
    assert_eq!(body["error"]["type"], "ExecutionTimeout", "{body}");
    assert_eq!(misbehave(&api, "ok")["result"], "ok");

    // Memory beyond the worker's limit is a MemoryError, not the machine's memory.
    let body = misbehave(&api, "hog");
    assert_eq!(body["error"]["type"], "MemoryError", "{body}");
    assert_eq!(misbehave(&api, "ok")["result"], "ok");

    // /metrics counts the two replaced workers (the one that exited, the looping one).
    let text = api
        .agent
        .get(format!("{}/metrics", api.base))
        .call()
        .unwrap()
        .into_body()
        .read_to_string()
        .unwrap();
    let value = |name: &str| -> f64 {
        let line = text.lines().find(|l| l.starts_with(&format!("{name} ")));
        line.and_then(|l| l.split_whitespace().nth(1))
            .unwrap_or_else(|| panic!("no {name} in {text}"))
            .parse()
            .unwrap()
    };
    assert_eq!(value("rheo_python_workers_replaced_total"), 2.0);
    assert_eq!(value("rheo_python_workers_busy"), 0.0);
    assert!(value("rheo_python_workers_idle") >= 1.0);
}

#[test]
fn a_hundred_concurrent_requests_share_two_workers() {
    let scratch = Scratch::new("python-concurrent");
    let api = python_service(scratch.path(), &[("RHEO_CONCURRENCY", "8")]);
    let api = &api;
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..100)
            .map(|i| {
                s.spawn(move || {
                    let value = format!(r#"{{"2020-01-01T00:00:00Z": {i}}}"#);
                    let request =
                        json!({"id": SCALE, "wiring": {"input_wirings": [dp("series", &value)]}});
                    let (status, body) = api.post_json("/api/transformations/execute", &request);
                    assert_eq!(status, 200, "{body}");
                    assert_eq!(body["result"], "ok", "{body}");
                    assert_eq!(
                        body["output_results_by_output_name"]["total"].as_f64(),
                        Some(2.0 * f64::from(i))
                    );
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    });
}

#[test]
fn without_python_a_users_component_fails_at_planning_naming_it() {
    let scratch = Scratch::new("python-off");
    import_components(scratch.path());
    let api = ApiService::start(scratch.path(), "no-python", &[]);
    let request = json!({"id": SCALE, "wiring": {"input_wirings": [dp("series", SERIES)]}});
    let (status, body) = api.post_json("/api/transformations/execute", &request);
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["error"]["type"], "ComponentRevisionDoesNotExist",
        "{body}"
    );
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("Scale Series") && message.contains("RHEO_PYTHON"),
        "{message}"
    );
}
