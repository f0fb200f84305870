//! `rheo run`: one request in-process, its response printed, its plots optionally rendered.

use super::{print_line, read_request};
use crate::engine::Engine;
use anyhow::{Context, Result};
use rheo_core::model::request::split_key;
use std::path::{Path, PathBuf};

/// Writes every PLOTLYJSON output of a response (`output_types_by_output_name`, current
/// and legacy form) as `DIR/<name>.svg` and `DIR/<name>.png`. Empty figures (pure-plot
/// operators not run) are skipped with a note; returns the files written.
pub fn render_outputs(response_json: &str, dir: &Path) -> Result<Vec<PathBuf>> {
    let response: serde_json::Value =
        serde_json::from_str(response_json).context("the response is not JSON")?;
    let types = response["output_types_by_output_name"].as_object();
    let results = &response["output_results_by_output_name"];
    let mut written = Vec::new();
    let Some(types) = types else {
        return Ok(written);
    };
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (name, ty) in types {
        if ty != "PLOTLYJSON" {
            continue;
        }
        let fig = &results[name.as_str()];
        if fig.as_object().is_none_or(|o| o.is_empty()) {
            eprintln!(
                "{name}: no figure to render (the request did not run the pure plot operators)"
            );
            continue;
        }
        let stem: String = name
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        for format in [rheo_render::Format::Svg, rheo_render::Format::Png] {
            let path = dir.join(format!("{stem}.{}", format.extension()));
            let image = rheo_render::render(fig, format, &Default::default())
                .with_context(|| format!("rendering output {name}"))?;
            std::fs::write(&path, image).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("rendered {}", path.display());
            written.push(path);
        }
    }
    Ok(written)
}

/// `rheo run`: executes one request and prints the response.
pub(super) fn run_command(
    engine: Engine,
    request: &str,
    pretty: bool,
    timings: bool,
    render: Option<&Path>,
) -> Result<i32> {
    let bytes = read_request(request)?;
    let (_key, payload) = split_key(&bytes);
    let response = engine.execute_payload(payload);
    if timings {
        for t in &response.operator_timings {
            eprintln!(
                "{:>12.6} ms  {} ({})",
                t.seconds * 1e3,
                t.operator,
                t.operator_id
            );
        }
    }
    let body = response.to_json();
    if let Some(dir) = render {
        render_outputs(&body, dir)?;
    }
    if pretty {
        let v: serde_json::Value = serde_json::from_str(&body)?;
        print_line(serde_json::to_string_pretty(&v)?)?;
    } else {
        print_line(&body)?;
    }
    Ok(if response.is_ok() { 0 } else { 1 })
}
