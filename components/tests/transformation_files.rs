//! Checks the transformation revisions stored under `transformations/`:
//!
//! * every registered component has exactly one file, named and formatted as hetida
//!   exports it (§11.1), whose content equals [`definition`] of its spec;
//! * every JSON file parses as a transformation revision, round-trips through the model and
//!   is in export format; every workflow operator references a registered component (or a
//!   stored workflow) with the same connectors;
//! * the example workflow's test series is the deterministic one generated below.
//!
//! `RHEO_BLESS=1 cargo test -p rheo-components --test transformation_files` rewrites the
//! component files and the generated test series instead of comparing them.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_components::{definition, Registry};
use rheo_core::component::PortSpec;
use rheo_core::model::hetida_json::{export_path, revision_to_export_json, to_export_json};
use rheo_core::model::transformation::{TrafoType, TransformationRevision};
use rheo_core::model::workflow::WorkflowContent;
use rheo_core::model::InputType;
use rheo_core::value::timestamp::format_iso_ms;
use rheo_core::DataType;
use serde_json::{Map, Value as Json};
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../transformations")
}

fn bless() -> bool {
    std::env::var("RHEO_BLESS").is_ok_and(|v| v == "1")
}

/// All `.json` files below `dir`, sorted.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.expect("readable directory entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn relative(p: &Path) -> String {
    p.strip_prefix(root())
        .expect("below the transformations root")
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn every_registered_component_has_its_definition_file() {
    let reg = Registry::builtin();
    let files = json_files(&root().join("components"));
    let mut problems = Vec::new();
    for c in reg.iter() {
        let spec = c.spec();
        let def = definition(spec);
        let rel = export_path(&def);
        let path = root().join(&rel);
        let text = revision_to_export_json(&def);
        let suffix = format!("_{}.json", spec.id);
        let others: Vec<&PathBuf> = files
            .iter()
            .filter(|f| f.to_string_lossy().ends_with(&suffix) && **f != path)
            .collect();
        if bless() {
            for stale in others {
                fs::remove_file(stale).expect("stale file removable");
            }
            if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(&path, &text).unwrap();
            }
            continue;
        }
        if !others.is_empty() {
            problems.push(format!("{}: extra files {others:?}", spec.id));
        }
        match fs::read_to_string(&path) {
            Err(_) => problems.push(format!("missing {rel} (run with RHEO_BLESS=1)")),
            Ok(stored) => {
                let parsed: TransformationRevision =
                    serde_json::from_str(&stored).unwrap_or_else(|e| panic!("{rel}: {e}"));
                if parsed != def {
                    problems.push(format!("{rel}: content differs from definition(SPEC)"));
                } else if stored != text {
                    problems.push(format!("{rel}: not in export format"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn port_set<'a>(
    ports: impl Iterator<Item = (&'a str, &'a str, DataType)>,
) -> BTreeSet<(String, String, String)> {
    ports
        .map(|(id, name, t)| (id.to_string(), name.to_string(), t.to_string()))
        .collect()
}

fn spec_ports(ports: &[PortSpec]) -> BTreeSet<(String, String, String)> {
    port_set(ports.iter().map(|p| (p.id, p.name, p.data_type)))
}

/// Structural invariants of a workflow's content (workflows.md §4.2).
fn check_links(rel: &str, w: &WorkflowContent, problems: &mut Vec<String>) {
    let ops: HashMap<&str, _> = w.operators.iter().map(|o| (o.id.as_str(), o)).collect();
    for l in &w.links {
        for (end, is_start) in [(&l.start, true), (&l.end, false)] {
            let c = &end.connector;
            match &end.operator {
                Some(op_id) => {
                    let Some(op) = ops.get(op_id.as_str()) else {
                        problems.push(format!("{rel}: link {} names unknown operator", l.id));
                        continue;
                    };
                    let found = if is_start {
                        op.outputs.iter().any(|o| {
                            o.id == c.id
                                && Some(&o.name) == c.name.as_ref()
                                && o.data_type == c.data_type
                                && o.position == c.position
                        })
                    } else {
                        op.inputs.iter().any(|i| {
                            i.id == c.id
                                && Some(&i.name) == c.name.as_ref()
                                && i.data_type == c.data_type
                                && i.position == c.position
                        })
                    };
                    if !found {
                        problems.push(format!(
                            "{rel}: link {} connector {} not on operator",
                            l.id, c.id
                        ));
                    }
                }
                None => {
                    let ios = if is_start {
                        w.inputs.iter().chain(&w.constants).collect::<Vec<_>>()
                    } else {
                        w.outputs.iter().collect()
                    };
                    let other = if is_start { &l.end } else { &l.start };
                    let ok = ios.iter().any(|io| {
                        io.id == c.id
                            && io.name == c.name
                            && io.data_type == c.data_type
                            && io.position == c.position
                            && other.operator.as_deref() == Some(io.operator_id.as_str())
                            && other.connector.id == io.connector_id
                    });
                    if !ok {
                        problems.push(format!(
                            "{rel}: workflow-side end of link {} unmatched",
                            l.id
                        ));
                    }
                }
            }
        }
    }
    for io in w.inputs.iter().chain(&w.constants).chain(&w.outputs) {
        let Some(op) = ops.get(io.operator_id.as_str()) else {
            problems.push(format!("{rel}: IO {} attached to unknown operator", io.id));
            continue;
        };
        let name = op
            .inputs
            .iter()
            .map(|i| (&i.id, &i.name))
            .chain(op.outputs.iter().map(|o| (&o.id, &o.name)))
            .find(|(id, _)| **id == io.connector_id)
            .map(|(_, n)| n);
        if name.is_none() || name != io.connector_name.as_ref() {
            problems.push(format!("{rel}: IO {} connector mismatch", io.id));
        }
    }
}

#[test]
fn every_transformation_file_parses_and_references_registered_components() {
    let reg = Registry::builtin();
    let files = json_files(&root());
    assert!(!files.is_empty(), "no transformation files found");
    let mut trafos = Vec::new();
    let mut problems = Vec::new();
    for f in &files {
        let rel = relative(f);
        let text = fs::read_to_string(f).unwrap();
        let raw: Json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let t: TransformationRevision =
            serde_json::from_value(raw.clone()).unwrap_or_else(|e| panic!("{rel}: {e}"));
        if serde_json::to_value(&t).unwrap() != raw {
            problems.push(format!("{rel}: does not round-trip through the model"));
        }
        if to_export_json(&raw) != text {
            problems.push(format!(
                "{rel}: not in export format (sorted keys, 2-space indent, ASCII, no newline)"
            ));
        }
        if export_path(&t) != rel {
            problems.push(format!("{rel}: should be named {}", export_path(&t)));
        }
        trafos.push((rel, t));
    }
    let workflows: HashMap<&str, &TransformationRevision> = trafos
        .iter()
        .filter(|(_, t)| t.trafo_type == TrafoType::Workflow)
        .map(|(_, t)| (t.id.as_str(), t))
        .collect();
    for (rel, t) in &trafos {
        let Some(w) = t.workflow() else {
            continue;
        };
        // io_interface = content inputs/outputs (ids, names, types, order).
        let io_in: Vec<_> = t
            .io_interface
            .inputs
            .iter()
            .map(|i| (&i.id, &i.name, i.data_type, i.input_type))
            .collect();
        let content_in: Vec<_> = w
            .inputs
            .iter()
            .map(|i| {
                (
                    &i.id,
                    &i.name,
                    i.data_type,
                    i.input_type.unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            io_in, content_in,
            "{rel}: io_interface inputs differ from content inputs"
        );
        let io_out: Vec<_> = t
            .io_interface
            .outputs
            .iter()
            .map(|o| (&o.id, &o.name, o.data_type))
            .collect();
        let content_out: Vec<_> = w
            .outputs
            .iter()
            .map(|o| (&o.id, &o.name, o.data_type))
            .collect();
        assert_eq!(
            io_out, content_out,
            "{rel}: io_interface outputs differ from content outputs"
        );
        check_links(rel, w, &mut problems);

        for op in &w.operators {
            let op_in = port_set(
                op.inputs
                    .iter()
                    .map(|i| (i.id.as_str(), i.name.as_str(), i.data_type)),
            );
            let op_out = port_set(
                op.outputs
                    .iter()
                    .map(|o| (o.id.as_str(), o.name.as_str(), o.data_type)),
            );
            match op.operator_type {
                TrafoType::Component => {
                    let Some(c) = reg.get(&op.transformation_id) else {
                        problems.push(format!(
                            "{rel}: operator '{}' references unregistered component {}",
                            op.name, op.transformation_id
                        ));
                        continue;
                    };
                    let spec = c.spec();
                    if spec.revision_group_id != op.revision_group_id
                        || spec.version_tag != op.version_tag
                    {
                        problems.push(format!(
                            "{rel}: operator '{}' group/version differ",
                            op.name
                        ));
                    }
                    if op_in != spec_ports(spec.inputs) || op_out != spec_ports(spec.outputs) {
                        problems.push(format!(
                            "{rel}: operator '{}' connectors differ from {}",
                            op.name, spec.name
                        ));
                    }
                    for i in &op.inputs {
                        let port = spec.inputs.iter().find(|p| p.id == i.id);
                        let optional = port.is_some_and(|p| p.default.is_some());
                        if optional != (i.input_type == InputType::Optional) {
                            problems.push(format!(
                                "{rel}: operator '{}' input '{}' REQUIRED/OPTIONAL differs",
                                op.name, i.name
                            ));
                        }
                    }
                }
                TrafoType::Workflow => {
                    let Some(nested) = workflows.get(op.transformation_id.as_str()) else {
                        problems.push(format!(
                            "{rel}: operator '{}' references a workflow not stored",
                            op.name
                        ));
                        continue;
                    };
                    let n_in =
                        port_set(nested.io_interface.inputs.iter().map(|i| {
                            (i.id.as_str(), i.name.as_deref().unwrap_or(""), i.data_type)
                        }));
                    let n_out =
                        port_set(nested.io_interface.outputs.iter().map(|o| {
                            (o.id.as_str(), o.name.as_deref().unwrap_or(""), o.data_type)
                        }));
                    if op_in != n_in || op_out != n_out {
                        problems.push(format!(
                            "{rel}: operator '{}' connectors differ from the nested workflow",
                            op.name
                        ));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

const RUL_EXAMPLE: &str =
    "workflows/examples/univariate-linear-rul-regression-example_100_806df1b9-2fc8-4463-943f-3d258c569663.json";

/// The `inp_series` test value of the RUL example: 1 000 hourly values from
/// 2020-05-01T00:00:00.000Z, a trend falling by 0.0012 per hour with an upward step of 0.45
/// at 2020-05-07T08:00 (hour 152, a maintenance event), plus small pseudo-random noise from
/// a fixed 64-bit LCG; rounded to 10 decimals; compact JSON object timestamp → value.
fn rul_example_series() -> String {
    const START_NS: i64 = 1_588_291_200 * 1_000_000_000; // 2020-05-01T00:00:00Z
    const HOUR_NS: i64 = 3_600 * 1_000_000_000;
    let mut state: u64 = 0x5EED_2020_0501;
    let mut m = Map::new();
    for i in 0..1000i64 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let noise = ((state >> 40) as f64 / (1u64 << 24) as f64 - 0.5) * 0.04;
        let step = if i >= 152 { 0.45 } else { 0.0 };
        let v = 2.45 - 0.0012 * i as f64 + step + noise;
        let v = (v * 1e10).round() / 1e10;
        m.insert(format_iso_ms(START_NS + i * HOUR_NS, true), Json::from(v));
    }
    serde_json::to_string(&Json::Object(m)).unwrap()
}

#[test]
fn rul_example_test_series_is_generated() {
    let path = root().join(RUL_EXAMPLE);
    let text = fs::read_to_string(&path).expect("example workflow file");
    let mut raw: Json = serde_json::from_str(&text).unwrap();
    let expected = rul_example_series();
    let wiring = raw["test_wiring"]["input_wirings"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|w| w["workflow_input_name"] == "inp_series")
        .expect("inp_series test wiring");
    if bless() {
        wiring["filters"]["value"] = Json::String(expected);
        let new = to_export_json(&raw);
        if new != text {
            fs::write(&path, new).unwrap();
        }
        return;
    }
    assert_eq!(
        wiring["filters"]["value"],
        Json::String(expected),
        "run with RHEO_BLESS=1"
    );
    let parsed: Json = serde_json::from_str(wiring["filters"]["value"].as_str().unwrap()).unwrap();
    let series = parsed.as_object().unwrap();
    assert_eq!(series.len(), 1000);
    assert_eq!(series.keys().next().unwrap(), "2020-05-01T00:00:00.000Z");
    assert_eq!(
        series.keys().next_back().unwrap(),
        "2020-06-11T15:00:00.000Z"
    );
}

/// The example's test data through the regression and the plot (as the workflow wires
/// them): the fitted line falls and crosses the limit 1.3 inside the 30-day forecast.
#[test]
fn rul_example_test_data_runs_through_the_components() {
    use rheo_core::component::Inputs;
    use rheo_core::value::timestamp::parse_iso8601;
    use rheo_core::value::{Column, SeriesValue, Tz};
    use rheo_core::Value;
    use std::sync::Arc;

    let series: Map<String, Json> = serde_json::from_str(&rul_example_series()).unwrap();
    let (ts, ys): (Vec<i64>, Vec<f64>) = series
        .iter()
        .map(|(k, v)| (parse_iso8601(k).unwrap().ns, v.as_f64().unwrap()))
        .unzip();
    let (first, last) = (ts[0], ts[999]);
    let base = Arc::new(Value::Series(SeriesValue::new(
        Column::from_datetime_ns(ts, Tz::Utc),
        Column::from_f64(ys),
    )));
    let reg = Registry::builtin();
    let mut i = Inputs::new();
    i.insert("num_pred_series_future_days", Arc::new(Value::Int(30)));
    i.insert("pred_series_frequency", Arc::new(Value::Str("5min".into())));
    i.insert("timeseries", base.clone());
    i.insert("limit", Arc::new(Value::Float(1.3)));
    let out = reg
        .get("8d61a267-3a71-51cd-2817-48c320469d6b")
        .unwrap()
        .run(&i)
        .unwrap();
    let Value::Json(slope) = out["slope"].as_ref() else {
        panic!("slope must be a one-element list")
    };
    assert!(slope[0].as_f64().unwrap() < 0.0);
    let Value::Str(violation) = out["limit_violation_prediction_timestamp"].as_ref() else {
        panic!("violation must be a string")
    };
    let at = parse_iso8601(violation).unwrap();
    assert_eq!(at.offset, Some(0));
    let day = 86_400 * 1_000_000_000i64;
    assert!(at.ns > last && at.ns < last + 30 * day, "{violation}");
    let Value::Series(pred) = out["pred_series"].as_ref() else {
        panic!("pred_series must be a series")
    };
    // (999 h + 30 d) / 5 min + 1 points from the first timestamp.
    assert_eq!(pred.len(), (999 * 12 + 30 * 288) + 1);
    assert_eq!(pred.index.datetime_ns().unwrap()[0], first);

    let mut p = Inputs::new();
    p.insert(
        "limit_violation_prediction_timestamp",
        out["limit_violation_prediction_timestamp"].clone(),
    );
    p.insert("limit", Arc::new(Value::Float(1.3)));
    p.insert("base_series", base);
    p.insert("predictions", out["pred_series"].clone());
    let fig = reg
        .get("9c3f88ce-1311-241e-18b7-acf7d3f5a051")
        .unwrap()
        .run(&p)
        .unwrap();
    let Value::Json(fig) = fig["rul_regression_result_plot"].as_ref() else {
        panic!("the plot must be JSON")
    };
    assert_eq!(fig["data"].as_array().unwrap().len(), 2);
    assert_eq!(
        fig["layout"]["shapes"][0]["x0"],
        Json::String(violation.clone())
    );
    assert_eq!(
        fig["layout"]["shapes"][1]["x0"],
        "2020-05-01T00:00:00+00:00"
    );
}
