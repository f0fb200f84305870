//! Property tests of the engine's readers of outside input: execution requests (any bytes,
//! JSON token soups, deeply nested JSON, request-shaped JSON with random wirings) and
//! `COMPONENT_INFO` literals of imported `.py` modules never panic or overflow the stack;
//! a request always gets a response.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use rheo_adapters::Adapters;
use rheo_components::Registry;
use rheo_engine::py_component::component_from_py;
use rheo_engine::store::Store;
use rheo_engine::Engine;
use serde_json::{json, Value as Json};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::new(
            Store::with_builtin().expect("builtin store"),
            Registry::builtin(),
            Adapters::builtin(),
        )
    })
}

const JSON_TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"id\"",
    "\"wiring\"",
    "\"input_wirings\"",
    "\"workflow_input_name\"",
    "\"filters\"",
    "\"value\"",
    "\"adapter_id\"",
    "\"direct_provisioning\"",
    "\"2f511674-f766-748d-2de3-ad5e62e10a1a\"",
    "1",
    "-1e999",
    "null",
    "true",
    "\"\\u0000\"",
    "\"x\"",
    " ",
    "key:",
];

fn json_soup() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::sample::select(JSON_TOKENS), 0..200)
        .prop_map(|t| t.concat().into_bytes())
}

fn deep_json() -> impl Strategy<Value = Vec<u8>> {
    (0usize..50_000, prop::bool::ANY).prop_map(|(n, object)| {
        let (o, c) = if object { ("{\"a\":", "}") } else { ("[", "]") };
        format!("{{\"id\": {}1{}}}", o.repeat(n), c.repeat(n)).into_bytes()
    })
}

/// Random JSON values, nested a few levels.
fn any_json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<f64>().prop_map(|f| json!(f)),
        any::<i64>().prop_map(|i| json!(i)),
        "\\PC{0,20}".prop_map(Json::String),
        Just(json!("{\"2020-01-01T00:00:00Z\": 1.0}")),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::btree_map("\\PC{0,8}", inner, 0..6)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

/// Requests for a shipped component with random wiring values.
fn request_like() -> impl Strategy<Value = Vec<u8>> {
    let ids = prop::sample::select(
        &[
            "2f511674-f766-748d-2de3-ad5e62e10a1a",
            "f70f53c2-645e-4bfa-91e1-a3ecbd56465a",
            "bf698fbb-1e2e-47ca-a4f8-72b06b011985",
            "not-an-id",
        ][..],
    );
    let names = prop::sample::select(&["input", "series", "expression", "x", ""][..]);
    (
        ids,
        prop::collection::vec((names, any_json()), 0..4),
        any::<bool>(),
    )
        .prop_map(|(id, wirings, plots)| {
            let input_wirings: Vec<Json> = wirings
                .into_iter()
                .map(|(name, value)| {
                    json!({"workflow_input_name": name, "adapter_id": "direct_provisioning",
                           "filters": {"value": value}})
                })
                .collect();
            json!({"id": id, "wiring": {"input_wirings": input_wirings},
                   "run_pure_plot_operators": plots})
            .to_string()
            .into_bytes()
        })
}

fn answered(payload: &[u8]) {
    let response = engine().execute_payload(payload);
    // Every request is answered with valid JSON, whatever it was.
    let _: Json = serde_json::from_str(&response.to_json()).expect("the response is JSON");
}

const PY_TOKENS: &[&str] = &[
    "COMPONENT_INFO",
    " = ",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ",",
    ":",
    "'name'",
    "\"inputs\"",
    "'a'",
    "1",
    "-",
    "2.5e3",
    "0x1F",
    "None",
    "True",
    "set()",
    "\n",
    "    ",
    "\"\"\"doc\"\"\"",
    "def main(*, a):\n    return {}\n",
    "#",
    "\\\n",
    "'''",
    "f'x'",
    "b'x'",
    "...",
    "**",
    "import os\n",
    "é",
];

fn py_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PY_TOKENS), 0..200).prop_map(|t| t.concat())
}

/// A literal nested `n` brackets deep, with `n`.
fn deep_literal() -> impl Strategy<Value = (usize, String)> {
    let wrappers = prop::sample::select(&[("[", "]"), ("(", ",)"), ("{1: ", "}"), ("{", "}")][..]);
    (wrappers, 0usize..50_000).prop_map(|((o, c), n)| {
        let source = format!(
            "COMPONENT_INFO = {{'name': {}1{}}}\n",
            o.repeat(n),
            c.repeat(n)
        );
        (n, source)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_get_a_response(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        answered(&bytes);
    }

    #[test]
    fn json_soups_get_a_response(bytes in json_soup()) {
        answered(&bytes);
    }

    #[test]
    fn deeply_nested_requests_get_a_response(bytes in deep_json()) {
        answered(&bytes);
    }

    #[test]
    fn requests_with_random_wirings_get_a_response(bytes in request_like()) {
        answered(&bytes);
    }

    #[test]
    fn python_token_soups_never_panic(source in py_soup()) {
        let _ = component_from_py(&source);
    }

    #[test]
    fn deep_literals_are_refused_without_overflow((n, source) in deep_literal()) {
        // Python refuses more than 200 nested brackets; so does the reader.
        let read = component_from_py(&source);
        prop_assert!(n < 200 || read.is_err());
    }
}
