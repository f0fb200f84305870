//! `POST /engine/runtime` on a real `rheo serve --no-kafka` (hetida-compat §1.6): the
//! runtime-level request is built from stored revisions exactly the way hetida's backend
//! builds it (§5.4: a node tree with name-based connections, nested workflows inline,
//! component revisions plus code modules), and must give what `execute` gives for the same
//! workflow and wiring.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_e2e::api::ApiService;
use rheo_e2e::Scratch;
use serde_json::{json, Value as Json};

/// The RUL example (flat) and Linear RUL from last positive Step (with a nested workflow).
const RUL_ID: &str = "806df1b9-2fc8-4463-943f-3d258c569663";
const NESTED_ID: &str = "3d504361-e351-4d52-8734-391aa47e8f24";

/// What hetida's backend sends for `trafo`: the node tree, components and code modules.
struct RuntimeInput {
    components: Vec<Json>,
    code_modules: Vec<Json>,
}

impl RuntimeInput {
    fn build(api: &ApiService, id: &str, wiring: Json) -> Json {
        let (status, trafo) = api.get(&format!("/api/transformations/{id}"));
        assert_eq!(status, 200, "{trafo}");
        let mut parts = RuntimeInput {
            components: Vec::new(),
            code_modules: Vec::new(),
        };
        let mut workflow = parts.node(api, &trafo, "root-node", &trafo["name"]);
        workflow["tr_id"] = trafo["id"].clone();
        json!({
            "code_modules": parts.code_modules,
            "components": parts.components,
            "workflow": workflow,
            "configuration": {"name": id, "engine": "plain"},
            "workflow_wiring": wiring,
            "trafo_id": id,
        })
    }

    /// The `WorkflowNode` of a workflow revision, as `to_workflow_node` builds it.
    fn node(&mut self, api: &ApiService, trafo: &Json, node_id: &str, name: &Json) -> Json {
        let content = &trafo["content"];
        let ops = content["operators"].as_array().unwrap();
        let connector = |op_id: &str, side: &str, conn_id: &str| -> Json {
            let op = ops.iter().find(|o| o["id"] == op_id).unwrap();
            let c = op[side]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["id"] == conn_id);
            c.unwrap()["name"].clone()
        };
        let mut sub_nodes = Vec::new();
        for op in ops {
            let (status, target) = api.get(&format!(
                "/api/transformations/{}",
                op["transformation_id"].as_str().unwrap()
            ));
            assert_eq!(status, 200, "{target}");
            if op["type"] == "WORKFLOW" {
                let mut sub = self.node(api, &target, op["id"].as_str().unwrap(), &op["name"]);
                sub["tr_id"] = target["id"].clone();
                sub_nodes.push(sub);
            } else {
                self.component(&target);
                sub_nodes.push(
                    json!({"id": op["id"], "component_uuid": target["id"], "name": op["name"]}),
                );
            }
        }
        let connections: Vec<Json> = content["links"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["start"]["operator"].is_string() && l["end"]["operator"].is_string())
            .map(|l| {
                json!({
                    "input_in_workflow_id": l["start"]["operator"],
                    "input_name": l["start"]["connector"]["name"],
                    "output_in_workflow_id": l["end"]["operator"],
                    "output_name": l["end"]["connector"]["name"],
                })
            })
            .collect();
        let mut inputs = Vec::new();
        for i in content["inputs"].as_array().unwrap() {
            inputs.push(json!({
                "id": i["id"], "name": i["name"], "type": i["data_type"],
                "id_of_sub_node": i["operator_id"],
                "name_in_subnode": connector(i["operator_id"].as_str().unwrap(), "inputs", i["connector_id"].as_str().unwrap()),
                "constant": false, "constantValue": null,
                "default": i["type"] == "OPTIONAL", "default_value": i.get("value").cloned().unwrap_or(Json::Null),
            }));
        }
        for c in content["constants"].as_array().unwrap() {
            inputs.push(json!({
                "id": c["id"], "name": null, "type": c["data_type"],
                "id_of_sub_node": c["operator_id"],
                "name_in_subnode": connector(c["operator_id"].as_str().unwrap(), "inputs", c["connector_id"].as_str().unwrap()),
                "constant": true, "constantValue": {"value": c["value"]},
            }));
        }
        let outputs = each(&content["outputs"], |o| {
            json!({
                "id": o["id"], "name": o["name"], "type": o["data_type"],
                "id_of_sub_node": o["operator_id"],
                "name_in_subnode": connector(o["operator_id"].as_str().unwrap(), "outputs", o["connector_id"].as_str().unwrap()),
            })
        });
        json!({
            "id": node_id, "name": name, "tr_name": trafo["name"], "tr_tag": trafo["version_tag"],
            "sub_nodes": sub_nodes, "connections": connections, "inputs": inputs, "outputs": outputs,
        })
    }

    /// Adds a component revision and its code module (once).
    fn component(&mut self, c: &Json) {
        if self.components.iter().any(|k| k["uuid"] == c["id"]) {
            return;
        }
        let io = &c["io_interface"];
        let inputs = each(&io["inputs"], |i| {
            json!({
                "id": i["id"], "name": i["name"], "type": i["data_type"],
                "default": i["type"] == "OPTIONAL", "default_value": i.get("value").cloned().unwrap_or(Json::Null),
            })
        });
        let outputs = each(
            &io["outputs"],
            |o| json!({"id": o["id"], "name": o["name"], "type": o["data_type"]}),
        );
        self.components.push(json!({
            "uuid": c["id"], "name": c["name"], "tag": c["version_tag"], "code_module_uuid": c["id"],
            "function_name": "main", "inputs": inputs, "outputs": outputs,
        }));
        self.code_modules
            .push(json!({"uuid": c["id"], "code": c["content"]}));
    }
}

/// `f` of every element of the JSON array `a`.
fn each(a: &Json, f: impl Fn(&Json) -> Json) -> Vec<Json> {
    a.as_array().unwrap().iter().map(f).collect()
}

fn test_wiring(api: &ApiService, id: &str) -> Json {
    api.get(&format!("/api/transformations/{id}")).1["test_wiring"].clone()
}

#[test]
fn runtime_requests_give_what_execute_gives_for_flat_and_nested_workflows() {
    let dir = Scratch::new("engine-runtime");
    let api = ApiService::start(dir.path(), "api", &[]);
    for id in [RUL_ID, NESTED_ID] {
        let wiring = test_wiring(&api, id);
        let input = RuntimeInput::build(&api, id, wiring.clone());
        let (status, runtime) = api.post_json("/engine/runtime", &input);
        assert_eq!(status, 200, "{runtime}");
        assert_eq!(runtime["result"], "ok", "{id}: {runtime}");
        // hetida's WorkflowExecutionResult: no output types, no process id, node_results.
        assert!(runtime.get("output_types_by_output_name").is_none());
        assert!(runtime.get("process_id").is_none());
        assert_eq!(runtime["node_results"], Json::Null);

        // Runtime level runs plots by default; execute is asked to do the same.
        let request = json!({"id": id, "wiring": wiring, "run_pure_plot_operators": true});
        let (status, executed) = api.post_json("/api/transformations/execute", &request);
        assert_eq!(status, 200, "{executed}");
        assert_eq!(
            runtime["output_results_by_output_name"], executed["output_results_by_output_name"],
            "{id}: /engine/runtime and execute must agree"
        );
        let outputs = runtime["output_results_by_output_name"]
            .as_object()
            .unwrap();
        assert!(!outputs.is_empty());
    }
}

#[test]
fn runtime_options_node_results_and_plots_off() {
    let dir = Scratch::new("engine-runtime-options");
    let api = ApiService::start(dir.path(), "api", &[]);
    let mut input = RuntimeInput::build(&api, NESTED_ID, test_wiring(&api, NESTED_ID));
    input["job_id"] = json!("4c1f07e0-2b0e-4c55-9f0e-3d2a1b0c9d8e");
    input["configuration"]["run_pure_plot_operators"] = json!(false);
    input["configuration"]["return_individual_node_results"] = json!(true);
    let (status, body) = api.post_json("/engine/runtime/", &input);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"], "ok", "{body}");
    assert_eq!(body["job_id"], "4c1f07e0-2b0e-4c55-9f0e-3d2a1b0c9d8e");
    let plots: Vec<_> = body["output_results_by_output_name"]
        .as_object()
        .unwrap()
        .values()
        .filter(|v| v == &&json!({}))
        .collect();
    assert!(
        !plots.is_empty(),
        "plot outputs are empty with plots off: {body}"
    );
    // One line per operator that ran, named by its place in the tree (the nested one too).
    let nodes = body["node_results"].as_str().unwrap();
    assert!(nodes.lines().count() >= 3, "{nodes}");
    assert!(
        nodes.lines().any(|l| l.matches('\\').count() >= 4),
        "no nested operator among {nodes}"
    );
}

#[test]
fn bad_runtime_requests_get_422_or_a_parsing_failure_naming_the_problem() {
    let dir = Scratch::new("engine-runtime-errors");
    let api = ApiService::start(dir.path(), "api", &[]);
    let good = RuntimeInput::build(&api, RUL_ID, test_wiring(&api, RUL_ID));

    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("workflow");
    let (status, body) = api.post_json("/engine/runtime", &missing);
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["detail"][0]["loc"], json!(["body", "workflow"]));

    let mut twice = good.clone();
    let first = twice["components"][0].clone();
    twice["components"].as_array_mut().unwrap().push(first);
    let (status, body) = api.post_json("/engine/runtime", &twice);
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["detail"][0]["msg"], "Components not unique!");

    let (status, body) = api.post("/engine/runtime", b"{\"workflow\": [");
    assert_eq!(status, 422, "{body}");

    // A connection to a connector the operator does not have fails while parsing.
    let mut broken = good.clone();
    broken["workflow"]["connections"][0]["output_name"] = json!("no_such_input");
    let (status, body) = api.post_json("/engine/runtime", &broken);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"], "failure");
    assert_eq!(body["error"]["type"], "ConnectionInvalidError");
    assert_eq!(body["error"]["process_stage"], "PARSING_WORKFLOW");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("no_such_input"));

    // A component neither the request nor Rheo knows.
    let mut unknown = good.clone();
    unknown["workflow"]["sub_nodes"][0]["component_uuid"] =
        json!("00000000-0000-0000-0000-00000000abcd");
    let (status, body) = api.post_json("/engine/runtime", &unknown);
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["error"]["type"], "ComponentRevisionDoesNotExist",
        "{body}"
    );

    // The service is still answering.
    let (status, body) = api.post_json("/engine/runtime", &good);
    assert_eq!(
        (status, body["result"].as_str()),
        (200, Some("ok")),
        "{body}"
    );
}
