//! Every registered component's spec must equal its row in hetida's component catalogue
//! (`tests/data/components.tsv`, a copy of the spec's `components.tsv`): revision group,
//! name, category, version tag, state, inputs (names, types, REQUIRED/OPTIONAL, defaults) and
//! outputs (names, types), and the pure-plot flag.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use rheo_components::Registry;
use rheo_core::component::{ComponentSpec, PortSpec};
use std::collections::HashMap;

const TSV: &str = include_str!("data/components.tsv");

/// The catalogue rows by component id, each as column name → value.
fn catalogue() -> HashMap<String, HashMap<String, String>> {
    let mut lines = TSV.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let mut rows = HashMap::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), header.len(), "malformed row: {line}");
        let row: HashMap<String, String> = header
            .iter()
            .zip(&cells)
            .map(|(h, c)| (h.to_string(), c.to_string()))
            .collect();
        rows.insert(row["id"].clone(), row);
    }
    rows
}

/// A port list in the TSV notation: `name:TYPE` or `name?:TYPE=default`, joined by `; `.
fn ports(ports: &[PortSpec]) -> String {
    ports
        .iter()
        .map(|p| match p.default {
            Some(d) => format!("{}?:{}={}", p.name, p.data_type, d),
            None => format!("{}:{}", p.name, p.data_type),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn mismatches(spec: &ComponentSpec, row: &HashMap<String, String>) -> Vec<String> {
    let actual = [
        ("revision_group_id", spec.revision_group_id.to_string()),
        ("category", spec.category.to_string()),
        ("name", spec.name.to_string()),
        ("version_tag", spec.version_tag.to_string()),
        ("state", spec.state.as_str().to_string()),
        ("inputs", ports(spec.inputs)),
        ("outputs", ports(spec.outputs)),
        ("is_pure_plot", spec.is_pure_plot().to_string()),
    ];
    actual
        .into_iter()
        .filter(|(col, v)| row[*col] != *v)
        .map(|(col, v)| {
            format!(
                "{} ({}): {col} is {v:?}, catalogue says {:?}",
                spec.id, spec.name, row[col]
            )
        })
        .collect()
}

#[test]
fn registered_specs_match_the_catalogue() {
    let rows = catalogue();
    assert_eq!(rows.len(), 165, "catalogue rows");
    let reg = Registry::builtin();
    assert!(!reg.is_empty());
    let mut problems = Vec::new();
    for c in reg.iter() {
        let spec = c.spec();
        match rows.get(spec.id) {
            None => problems.push(format!(
                "{} ({}) is not in the catalogue",
                spec.id, spec.name
            )),
            Some(row) => problems.extend(mismatches(spec, row)),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn comparison_detects_a_mismatch() {
    let rows = catalogue();
    let reg = Registry::builtin();
    let good = *reg
        .get("8d61a267-3a71-51cd-2817-48c320469d6b")
        .expect("RUL regression registered")
        .spec();
    let row = &rows[good.id];
    assert!(mismatches(&good, row).is_empty());
    let renamed = ComponentSpec {
        name: "Other",
        ..good
    };
    assert_eq!(mismatches(&renamed, row).len(), 1);
    static OPTIONAL: [PortSpec; 1] = [PortSpec::optional(
        "limit",
        "6c78164c-2fa7-90d0-bfbd-a09a571046b5",
        rheo_core::DataType::Float,
        "1.0",
    )];
    let optional = ComponentSpec {
        inputs: &OPTIONAL,
        ..good
    };
    assert!(mismatches(&optional, row)[0].contains("inputs"));
}

/// The catalogue's categories by the issue that asked for them; every id in them must be
/// implemented (and its spec must match, which `registered_specs_match_the_catalogue`
/// checks). Walking the catalogue (not the registry) is what catches a missing component.
const CATEGORIES: &[&str] = &[
    // Component library I
    "Arithmetic",
    "Basic",
    "Basic Arithmetic",
    "Trigonometric",
    "Connectors",
    "Index Operations",
    "Physics",
    "Data Sources",
    "Data Sinks",
    "Test",
    "Examples",
    // Component library II
    "Statistic",
    "Time length operations",
    "Filters",
    "Data Quality",
    "Anomaly Detection",
    "Regression",
    "Remaining Useful Life",
    "Models",
    // Component library III
    "Visualization",
];

#[test]
fn every_catalogued_component_is_implemented() {
    let rows = catalogue();
    let reg = Registry::builtin();
    let mut categories: Vec<&str> = rows.values().map(|r| r["category"].as_str()).collect();
    categories.sort_unstable();
    categories.dedup();
    for c in &categories {
        assert!(
            CATEGORIES.contains(c),
            "catalogue category {c:?} is not listed"
        );
    }
    let mut missing: Vec<String> = rows
        .values()
        .filter(|r| CATEGORIES.contains(&r["category"].as_str()))
        .filter(|r| reg.get(&r["id"]).is_none())
        .map(|r| format!("{} / {} ({})", r["category"], r["name"], r["id"]))
        .collect();
    missing.sort();
    assert!(
        missing.is_empty(),
        "{} catalogued components are not implemented:\n{}",
        missing.len(),
        missing.join("\n")
    );
    let mut problems = Vec::new();
    for row in rows.values() {
        if let Some(c) = reg.get(&row["id"]) {
            problems.extend(mismatches(c.spec(), row));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
