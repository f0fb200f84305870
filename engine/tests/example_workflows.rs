//! The workflows shipped in `transformations/workflows/` run on data shaped like their test
//! wirings (their own stored wiring where it can run), through the public `Engine` API, and
//! their outputs are checked against values derived from the inputs.

use rheo_adapters::Adapters;
use rheo_components::Registry;
use rheo_engine::store::Store;
use rheo_engine::Engine;
use serde_json::{json, Value as Json};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::new(
            Store::with_builtin().expect("shipped transformations load"),
            Registry::builtin(),
            Adapters::builtin(),
        )
    })
}

/// Runs a request and returns the response, asserting success.
fn run_ok(request: Json) -> Json {
    let body = engine()
        .execute_payload(request.to_string().as_bytes())
        .to_json();
    let r: Json = serde_json::from_str(&body).expect("responses are valid JSON");
    assert_eq!(r["result"], "ok", "{}", &body[..body.len().min(3000)]);
    r
}

fn dp(name: &str, value: &str) -> Json {
    json!({"workflow_input_name": name, "adapter_id": "direct_provisioning", "filters": {"value": value}})
}

fn out<'a>(r: &'a Json, name: &str) -> &'a Json {
    &r["output_results_by_output_name"][name]
}

/// A wrapped (hetida `__hd_wrapped_data_object__`) series, usable for ANY inputs.
fn wrapped_series(name: &str, points: &[(&str, f64)]) -> String {
    json!({
        "__hd_wrapped_data_object__": "SERIES",
        "__metadata__": {},
        "__data__": {
            "name": name,
            "index": points.iter().map(|p| p.0).collect::<Vec<_>>(),
            "data": points.iter().map(|p| p.1).collect::<Vec<_>>(),
        },
        "__data_parsing_options__": {"orient": "split"}
    })
    .to_string()
}

const T1: &str = "2020-01-01T01:15:27.000Z";
const T2: &str = "2020-01-03T08:20:03.000Z";
const T3: &str = "2020-01-03T08:20:04.000Z";

#[test]
fn combine_two_series_as_named_columns_into_dataframe() {
    // The stored wiring feeds a plain dict to `series_or_dataframe` (which fails in hetida
    // too); the same shape with a wrapped series runs.
    let r = run_ok(json!({"id": "45f4f0c1-3fda-4c3b-8187-c590610e6975", "wiring": {"input_wirings": [
        dp("column_name_1", "first"),
        dp("series_1", &json!({T1: 42.2, T2: 18.7}).to_string()),
        dp("series_or_dataframe", &wrapped_series("base", &[(T1, 1.5), (T2, 2.5), (T3, 3.5)])),
        dp("column_name_2", "second"),
        dp("series_2", &json!({T3: 25.9, "2020-01-04T00:00:00.000Z": 7.0}).to_string()),
    ]}}));
    let data = &out(&r, "dataframe")["__data__"];
    let columns: Vec<&String> = data.as_object().unwrap().keys().collect();
    assert_eq!(columns, ["base", "first", "second"]);
    // Left join onto the frame's index: missing labels are null, extra labels dropped.
    assert_eq!(data["base"], json!({T1: 1.5, T2: 2.5, T3: 3.5}));
    assert_eq!(data["first"], json!({T1: 42.2, T2: 18.7, T3: null}));
    assert_eq!(data["second"], json!({T1: null, T2: null, T3: 25.9}));
}

#[test]
fn combine_two_series_into_dataframe() {
    let r = run_ok(json!({"id": "09b29726-4373-4652-82c8-7aa3e3f91676", "wiring": {"input_wirings": [
        dp("series_1", &wrapped_series("one", &[(T1, 1.0), (T2, 2.0)])),
        dp("series_2", &wrapped_series("two", &[(T2, 20.0), (T3, 30.0)])),
        dp("series_or_dataframe", &wrapped_series("base", &[(T1, 0.5), (T2, 0.25), (T3, 0.125)])),
    ]}}));
    let data = &out(&r, "dataframe")["__data__"];
    let columns: Vec<&String> = data.as_object().unwrap().keys().collect();
    assert_eq!(columns, ["base", "one", "two"]);
    assert_eq!(data["one"], json!({T1: 1.0, T2: 2.0, T3: null}));
    assert_eq!(data["two"], json!({T1: null, T2: 20.0, T3: 30.0}));
}
