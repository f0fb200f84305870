//! Planning and execution of hand-built workflows: nesting, defaults, constants, pure-plot
//! handling, validation errors and component failures, through the public `Engine` API.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_adapters::Adapters;
use rheo_components::Registry;
use rheo_core::model::transformation::TransformationRevision;
use rheo_engine::store::Store;
use rheo_engine::Engine;
use serde_json::{json, Value as Json};

/// A pass-through component: (transformation id, input id, output id, data type).
struct Pt(&'static str, &'static str, &'static str, &'static str);

const PT_INT: Pt = Pt(
    "57eea09f-d28e-89af-4e81-2027697a3f0f",
    "d7ee8fb5-c52b-431a-2a80-c11ca727d9ce",
    "57043fae-046c-7dee-2f17-8e069a2dac90",
    "INT",
);
const PT_FLOAT: Pt = Pt(
    "2f511674-f766-748d-2de3-ad5e62e10a1a",
    "c57127e7-6b84-03f8-6ef1-dcd7232bf3bf",
    "9cef5ade-69f0-3cdb-4279-3d49fc9914fc",
    "FLOAT",
);
const PT_SERIES: Pt = Pt(
    "bfa27afc-dea8-b8aa-4b15-94402f0739b6",
    "f103c395-92b6-444d-320a-93950ed6d857",
    "f78f48b5-4981-e34a-df07-54f8e5a01df3",
    "SERIES",
);
const PT_STRING: Pt = Pt(
    "2b1b474f-ddf5-1f4d-fec4-17ef9122112b",
    "a8c3e9bb-91cc-12f4-c717-55f95adda207",
    "71ddbbe3-1f57-1e37-5381-7af6af871e49",
    "STRING",
);

fn op(id: &str, name: &str, pt: &Pt) -> Json {
    json!({
        "id": id, "revision_group_id": pt.0, "name": name, "type": "COMPONENT", "state": "RELEASED",
        "version_tag": "1.0.0", "transformation_id": pt.0, "position": {"x": 0, "y": 0},
        "inputs": [{"id": pt.1, "name": "input", "data_type": pt.3, "type": "REQUIRED", "exposed": true, "position": {"x": 0, "y": 0}}],
        "outputs": [{"id": pt.2, "name": "output", "data_type": pt.3, "position": {"x": 0, "y": 0}}]
    })
}

fn link(from: (&str, &Pt), to: (&str, &Pt)) -> Json {
    json!({
        "id": uuid::Uuid::new_v4().to_string(),
        "start": {"operator": from.0, "connector": {"id": from.1 .2, "name": "output", "data_type": from.1 .3, "position": {"x": 0, "y": 0}}},
        "end": {"operator": to.0, "connector": {"id": to.1 .1, "name": "input", "data_type": to.1 .3, "position": {"x": 0, "y": 0}}},
        "path": []
    })
}

fn wf_input(id: &str, name: &str, op_id: &str, pt: &Pt, default: Option<&str>) -> Json {
    let mut v = json!({
        "id": id, "name": name, "data_type": pt.3, "type": if default.is_some() { "OPTIONAL" } else { "REQUIRED" },
        "operator_id": op_id, "connector_id": pt.1, "operator_name": "x", "connector_name": "input",
        "position": {"x": 0, "y": 0}
    });
    if let Some(d) = default {
        v["value"] = json!(d);
    }
    v
}

fn wf_output(id: &str, name: &str, op_id: &str, pt: &Pt) -> Json {
    json!({
        "id": id, "name": name, "data_type": pt.3, "operator_id": op_id, "connector_id": pt.2,
        "operator_name": "x", "connector_name": "output", "position": {"x": 0, "y": 0}
    })
}

fn workflow(
    id: &str,
    name: &str,
    ops: Vec<Json>,
    links: Vec<Json>,
    inputs: Vec<Json>,
    outputs: Vec<Json>,
    constants: Vec<Json>,
) -> TransformationRevision {
    let io_in: Vec<Json> = inputs
        .iter()
        .map(|i| {
            let mut v = json!({"id": i["id"], "name": i["name"], "data_type": i["data_type"], "type": i["type"]});
            if let Some(d) = i.get("value") {
                v["value"] = d.clone();
            }
            v
        })
        .collect();
    let io_out: Vec<Json> = outputs
        .iter()
        .map(|o| json!({"id": o["id"], "name": o["name"], "data_type": o["data_type"]}))
        .collect();
    serde_json::from_value(json!({
        "id": id, "revision_group_id": id, "name": name, "category": "Test", "version_tag": "1.0.0",
        "state": "RELEASED", "released_timestamp": "2024-01-01T00:00:00+00:00", "type": "WORKFLOW",
        "content": {"operators": ops, "links": links, "constants": constants, "inputs": inputs, "outputs": outputs},
        "io_interface": {"inputs": io_in, "outputs": io_out},
        "test_wiring": {"input_wirings": [], "output_wirings": []}
    }))
    .expect("valid workflow JSON")
}

fn engine_with(trafos: Vec<TransformationRevision>) -> Engine {
    let mut store = Store::with_builtin().unwrap();
    for t in trafos {
        store.insert(t);
    }
    Engine::new(store, Registry::builtin(), Adapters::builtin())
}

fn run(engine: &Engine, request: Json) -> Json {
    let body = engine
        .execute_payload(request.to_string().as_bytes())
        .to_json();
    serde_json::from_str(&body).expect("responses are valid JSON")
}

fn dp(name: &str, value: &str) -> Json {
    json!({"workflow_input_name": name, "adapter_id": "direct_provisioning", "filters": {"value": value}})
}

const INNER: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const OUTER: &str = "aaaaaaaa-0000-4000-8000-000000000002";

/// inner: x (INT, OPTIONAL default 7) -> PT int -> y
fn inner() -> TransformationRevision {
    workflow(
        INNER,
        "Inner",
        vec![op(
            "00000000-0000-4000-8000-0000000000a1",
            "Inner Pass",
            &PT_INT,
        )],
        vec![],
        vec![wf_input(
            "00000000-0000-4000-8000-0000000000b1",
            "x",
            "00000000-0000-4000-8000-0000000000a1",
            &PT_INT,
            Some("7"),
        )],
        vec![wf_output(
            "00000000-0000-4000-8000-0000000000c1",
            "y",
            "00000000-0000-4000-8000-0000000000a1",
            &PT_INT,
        )],
        vec![],
    )
}

/// outer: a (INT) -> PT int "First" -> nested Inner (x) -> y -> PT int "Last" -> out
fn outer() -> TransformationRevision {
    let nested_op = json!({
        "id": "00000000-0000-4000-8000-0000000000a3", "revision_group_id": INNER, "name": "Nested",
        "type": "WORKFLOW", "state": "RELEASED", "version_tag": "1.0.0", "transformation_id": INNER,
        "position": {"x": 0, "y": 0},
        "inputs": [{"id": "00000000-0000-4000-8000-0000000000b1", "name": "x", "data_type": "INT", "type": "OPTIONAL", "value": "7", "exposed": true, "position": {"x": 0, "y": 0}}],
        "outputs": [{"id": "00000000-0000-4000-8000-0000000000c1", "name": "y", "data_type": "INT", "position": {"x": 0, "y": 0}}]
    });
    let l1 = json!({"id": "l1", "start": {"operator": "00000000-0000-4000-8000-0000000000a2", "connector": {"id": PT_INT.2, "name": "output", "data_type": "INT"}},
                    "end": {"operator": "00000000-0000-4000-8000-0000000000a3", "connector": {"id": "00000000-0000-4000-8000-0000000000b1", "name": "x", "data_type": "INT"}}});
    let l2 = json!({"id": "l2", "start": {"operator": "00000000-0000-4000-8000-0000000000a3", "connector": {"id": "00000000-0000-4000-8000-0000000000c1", "name": "y", "data_type": "INT"}},
                    "end": {"operator": "00000000-0000-4000-8000-0000000000a4", "connector": {"id": PT_INT.1, "name": "input", "data_type": "INT"}}});
    workflow(
        OUTER,
        "Outer",
        vec![
            op("00000000-0000-4000-8000-0000000000a2", "First", &PT_INT),
            nested_op,
            op("00000000-0000-4000-8000-0000000000a4", "Last", &PT_INT),
        ],
        vec![l1, l2],
        vec![wf_input(
            "00000000-0000-4000-8000-0000000000b2",
            "a",
            "00000000-0000-4000-8000-0000000000a2",
            &PT_INT,
            None,
        )],
        vec![wf_output(
            "00000000-0000-4000-8000-0000000000c2",
            "out",
            "00000000-0000-4000-8000-0000000000a4",
            &PT_INT,
        )],
        vec![],
    )
}

#[test]
fn nested_workflow_receives_the_outer_value() {
    let engine = engine_with(vec![inner(), outer()]);
    let r = run(
        &engine,
        json!({"id": OUTER, "wiring": {"input_wirings": [dp("a", "41")]}}),
    );
    assert_eq!(r["result"], "ok", "{r}");
    assert_eq!(r["output_results_by_output_name"], json!({"out": 41}));
    assert_eq!(r["output_types_by_output_name"], json!({"out": "INT"}));
}

#[test]
fn optional_input_falls_back_to_its_default() {
    let engine = engine_with(vec![inner()]);
    let r = run(
        &engine,
        json!({"id": INNER, "wiring": {"input_wirings": []}}),
    );
    assert_eq!(r["result"], "ok", "{r}");
    assert_eq!(r["output_results_by_output_name"]["y"], 7);
    // use_default_value skips the adapter even with an invalid value.
    let r = run(
        &engine,
        json!({"id": INNER, "wiring": {"input_wirings": [{"workflow_input_name": "x", "adapter_id": 1, "use_default_value": true, "filters": {"value": "not an int"}}]}}),
    );
    assert_eq!(r["output_results_by_output_name"]["y"], 7, "{r}");
    // A wired value overrides the default.
    let r = run(
        &engine,
        json!({"id": INNER, "wiring": {"input_wirings": [dp("x", "3")]}}),
    );
    assert_eq!(r["output_results_by_output_name"]["y"], 3, "{r}");
}

#[test]
fn constants_feed_operator_inputs() {
    let opid = "00000000-0000-4000-8000-0000000000d1";
    let c = json!({"id": "00000000-0000-4000-8000-0000000000d2", "data_type": "STRING", "value": "5min",
                   "operator_id": opid, "connector_id": PT_STRING.1, "operator_name": "S", "connector_name": "input", "position": {"x": 0, "y": 0}});
    let wf = workflow(
        "aaaaaaaa-0000-4000-8000-000000000003",
        "Const",
        vec![op(opid, "S", &PT_STRING)],
        vec![],
        vec![],
        vec![wf_output(
            "00000000-0000-4000-8000-0000000000d3",
            "s",
            opid,
            &PT_STRING,
        )],
        vec![c],
    );
    let engine = engine_with(vec![wf]);
    let r = run(
        &engine,
        json!({"id": "aaaaaaaa-0000-4000-8000-000000000003"}),
    );
    assert_eq!(
        r["output_results_by_output_name"],
        json!({"s": "5min"}),
        "{r}"
    );
}

#[test]
fn validation_reports_every_problem_with_operator_names_and_ids() {
    let a = "00000000-0000-4000-8000-0000000000e1";
    let b = "00000000-0000-4000-8000-0000000000e2";
    let c = "00000000-0000-4000-8000-0000000000e3";
    let d = "00000000-0000-4000-8000-0000000000e4";
    let mismatch = link((a, &PT_SERIES), (b, &PT_FLOAT));
    let unknown_op = link(
        ("00000000-0000-4000-8000-00000000ffff", &PT_INT),
        (c, &PT_INT),
    );
    let mut unknown_conn = link((a, &PT_SERIES), (d, &PT_SERIES));
    unknown_conn["end"]["connector"]["id"] = json!("00000000-0000-4000-8000-00000000eeee");
    let wf = workflow(
        "aaaaaaaa-0000-4000-8000-000000000004",
        "Broken",
        vec![
            op(a, "Series A", &PT_SERIES),
            op(b, "Float B", &PT_FLOAT),
            op(c, "Int C", &PT_INT),
            op(d, "Series D", &PT_SERIES),
        ],
        vec![mismatch, unknown_op, unknown_conn],
        vec![wf_input(
            "00000000-0000-4000-8000-0000000000e5",
            "s",
            a,
            &PT_SERIES,
            None,
        )],
        vec![],
        vec![],
    );
    let engine = engine_with(vec![wf]);
    let r = run(
        &engine,
        json!({"id": "aaaaaaaa-0000-4000-8000-000000000004", "wiring": {"input_wirings": [dp("s", "[1.0]")]}}),
    );
    assert_eq!(r["result"], "failure");
    let e = &r["error"];
    assert_eq!(e["process_stage"], "PARSING_WORKFLOW");
    let issues = e["extra_information"]["issues"].as_array().unwrap();
    let kinds: Vec<&str> = issues.iter().map(|i| i["type"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"LinkTypeMismatch"), "{kinds:?}");
    assert!(kinds.contains(&"ConnectionInvalidError"), "{kinds:?}");
    assert!(kinds.contains(&"MissingInputSource"), "{kinds:?}");
    let msg = e["message"].as_str().unwrap();
    assert!(
        msg.contains("\\Broken\\Float B\\") && msg.contains(b),
        "{msg}"
    );
    assert!(
        msg.contains("00000000-0000-4000-8000-00000000ffff"),
        "{msg}"
    );
    assert!(
        msg.contains("00000000-0000-4000-8000-00000000eeee"),
        "{msg}"
    );
    assert!(
        msg.contains("\\Broken\\Int C\\") && msg.contains("required input 'input'"),
        "{msg}"
    );
}

#[test]
fn cycles_are_rejected() {
    let a = "00000000-0000-4000-8000-0000000000f1";
    let b = "00000000-0000-4000-8000-0000000000f2";
    let wf = workflow(
        "aaaaaaaa-0000-4000-8000-000000000005",
        "Loop",
        vec![op(a, "A", &PT_INT), op(b, "B", &PT_INT)],
        vec![
            link((a, &PT_INT), (b, &PT_INT)),
            link((b, &PT_INT), (a, &PT_INT)),
        ],
        vec![],
        vec![wf_output(
            "00000000-0000-4000-8000-0000000000f3",
            "o",
            b,
            &PT_INT,
        )],
        vec![],
    );
    let engine = engine_with(vec![wf]);
    let r = run(
        &engine,
        json!({"id": "aaaaaaaa-0000-4000-8000-000000000005"}),
    );
    assert_eq!(r["error"]["type"], "CircularDependency", "{r}");
    assert!(r["error"]["message"]
        .as_str()
        .unwrap()
        .contains("\\Loop\\A\\"));
}

#[test]
fn missing_required_wiring_and_unknown_names_are_reported() {
    let engine = engine_with(vec![outer(), inner()]);
    let r = run(
        &engine,
        json!({"id": OUTER, "wiring": {"input_wirings": []}}),
    );
    assert_eq!(r["result"], "failure");
    assert_eq!(
        r["error"]["message"],
        "Wiring Incomplete: Workflow Input 'a' has no wiring!"
    );
    let r = run(
        &engine,
        json!({"id": OUTER, "wiring": {"input_wirings": [dp("a", "1"), dp("zzz", "1")]}}),
    );
    assert_eq!(
        r["error"]["message"],
        "Wiring does not match: There is no workflow input 'zzz'!"
    );
    let r = run(
        &engine,
        json!({"id": OUTER, "wiring": {"input_wirings": [dp("a", "1")], "output_wirings": [{"workflow_output_name": "nope", "adapter_id": 1}]}}),
    );
    assert_eq!(
        r["error"]["message"],
        "Wiring does not match: There is no workflow output 'nope'!"
    );
}

#[test]
fn bad_requests_get_failure_responses() {
    let engine = engine_with(vec![outer(), inner()]);
    let r = run(
        &engine,
        json!({"id": "11111111-2222-3333-4444-555555555555"}),
    );
    assert_eq!(r["result"], "failure");
    assert_eq!(r["error"]["type"], "TransformationNotFound");
    assert!(r["error"]["message"]
        .as_str()
        .unwrap()
        .contains("11111111-2222-3333-4444-555555555555"));

    let body = engine.execute_payload(b"{ not json").to_json();
    let r: Json = serde_json::from_str(&body).unwrap();
    assert_eq!(r["error"]["type"], "RequestValidationError");

    let r = run(
        &engine,
        json!({"id": OUTER, "wiring": {"input_wirings": [dp("a", "4.5")]}}),
    );
    assert_eq!(r["result"], "failure");
    assert_eq!(r["error"]["process_stage"], "PARSING_LOADED_DATA");
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("workflow input 'a'"),
        "{r}"
    );

    let r = run(
        &engine,
        json!({"id": OUTER, "wiring": {"input_wirings": [{"workflow_input_name": "a", "adapter_id": 1, "filters": {}}]}}),
    );
    assert_eq!(
        r["error"]["process_stage"], "LOADING_DATA_FROM_ADAPTERS",
        "{r}"
    );
    assert_eq!(r["error"]["type"], "AdapterClientWiringInvalidError");

    let r = run(
        &engine,
        json!({"id": OUTER, "wiring": {"input_wirings": [{"workflow_input_name": "a", "adapter_id": "no-such-adapter", "filters": {}}]}}),
    );
    assert_eq!(r["error"]["type"], "AdapterHandlingException", "{r}");
}

#[test]
fn unknown_component_fails_naming_it() {
    let opid = "00000000-0000-4000-8000-000000000101";
    let fake = Pt(
        "99999999-0000-4000-8000-000000000000",
        PT_INT.1,
        PT_INT.2,
        "INT",
    );
    let wf = workflow(
        "aaaaaaaa-0000-4000-8000-000000000006",
        "Uses Unknown",
        vec![op(opid, "Mystery", &fake)],
        vec![],
        vec![wf_input(
            "00000000-0000-4000-8000-000000000102",
            "a",
            opid,
            &fake,
            None,
        )],
        vec![wf_output(
            "00000000-0000-4000-8000-000000000103",
            "o",
            opid,
            &fake,
        )],
        vec![],
    );
    let engine = engine_with(vec![wf]);
    let r = run(
        &engine,
        json!({"id": "aaaaaaaa-0000-4000-8000-000000000006", "wiring": {"input_wirings": [dp("a", "1")]}}),
    );
    assert_eq!(r["error"]["type"], "ComponentRevisionDoesNotExist", "{r}");
    let msg = r["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("Mystery") && msg.contains("99999999-0000-4000-8000-000000000000"),
        "{msg}"
    );
}

const RUL: &str = "806df1b9-2fc8-4463-943f-3d258c569663";

fn rul_request(plots: bool) -> Json {
    let series: serde_json::Map<String, Json> = (0..48)
        .map(|h| {
            (
                format!("2020-05-01T{:02}:00:00.000Z", h % 24).replace(
                    "2020-05-01",
                    if h < 24 { "2020-05-01" } else { "2020-05-02" },
                ),
                json!(3.0 - 0.01 * h as f64),
            )
        })
        .collect();
    json!({"id": RUL, "run_pure_plot_operators": plots, "wiring": {"input_wirings": [
        dp("inp_series", &Json::Object(series).to_string()), dp("limit", "1.3"), dp("num_days_forecast", "30")]}})
}

#[test]
fn pure_plot_operators_are_skipped_unless_requested() {
    let engine = engine_with(vec![]);
    let off = run(&engine, rul_request(false));
    assert_eq!(off["result"], "ok", "{off}");
    assert_eq!(
        off["output_results_by_output_name"]["rul_regression_result_plot"],
        json!({})
    );
    let on = run(&engine, rul_request(true));
    let plot = &on["output_results_by_output_name"]["rul_regression_result_plot"];
    assert_eq!(plot["data"].as_array().unwrap().len(), 2, "{plot}");
    assert_eq!(
        on["output_results_by_output_name"]["intercept"],
        off["output_results_by_output_name"]["intercept"]
    );
    // Unwired outputs are returned in workflow-output order.
    let keys: Vec<&String> = on["output_results_by_output_name"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(
        keys,
        [
            "limit_violation_timestamp",
            "intercept",
            "slope",
            "rul_regression_result_plot"
        ]
    );
}

#[test]
fn components_run_directly_in_a_wrapper_workflow() {
    let engine = engine_with(vec![]);
    let r = run(
        &engine,
        json!({"id": PT_FLOAT.0, "wiring": {"input_wirings": [dp("input", "3")]}}),
    );
    assert_eq!(
        r["output_results_by_output_name"],
        json!({"output": 3.0}),
        "{r}"
    );
    // A component error carries the wrapper hierarchy.
    let r = run(
        &engine,
        json!({"id": "8d61a267-3a71-51cd-2817-48c320469d6b", "wiring": {"input_wirings": [
        dp("timeseries", "{}"), dp("limit", "1"), dp("num_pred_series_future_days", "1"), dp("pred_series_frequency", "1h")]}}),
    );
    assert_eq!(r["result"], "failure", "{r}");
    let info = &r["error"]["operator_info"];
    assert_eq!(
        info["hierarchy_in_workflow"]["by_name"],
        json!([
            "COMPONENT EXECUTION WRAPPER WORKFLOW",
            "Univariate Linear RUL Regression"
        ])
    );
    assert_eq!(
        info["transformation_info"]["id"],
        "8d61a267-3a71-51cd-2817-48c320469d6b"
    );
    assert_eq!(r["error"]["process_stage"], "EXECUTING_COMPONENT_CODE");
    assert!(r["measured_steps"]["pure_execution"].is_null());
    assert!(!r["measured_steps"]["internal_full"].is_null());
}

#[test]
fn legacy_requests_get_legacy_results() {
    let engine = engine_with(vec![]);
    let r = run(
        &engine,
        json!({"workflowId": PT_FLOAT.0, "configuration": {"engine": "plain", "name": PT_FLOAT.0, "run_pure_plot_operators": false},
               "workflow_wiring": {"input_wirings": [{"workflow_input_name": "input", "adapter_id": "direct_provisioning", "source_id": null, "filters": {"value": "2.5"}}],
                                   "output_wirings": [{"workflow_output_name": "output", "adapter_id": "direct_provisioning", "sink_id": null}]}}),
    );
    assert_eq!(
        r,
        json!({"success": true, "errors": [], "output_results_by_output_name": {"output": 2.5}, "output_types_by_output_name": {"output": "FLOAT"}})
    );
    let r = run(
        &engine,
        json!({"workflowId": PT_FLOAT.0, "workflow_wiring": {"input_wirings": [dp("input", "abc")]}}),
    );
    assert_eq!(r["success"], false);
    assert_eq!(r["errors"][0]["code"], "WORKFLOW_EXECUTION_ERROR");
    assert!(r["output_results_by_output_name"].is_null());
}
