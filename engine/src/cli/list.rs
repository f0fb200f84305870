//! `rheo list`: the known transformations.

use super::{print_line, write_stdout};
use crate::engine::Engine;
use anyhow::Result;

/// `rheo list`: one row per known transformation, as a table or JSON.
pub(super) fn list_command(engine: Engine, json: bool) -> Result<i32> {
    let rows: Vec<serde_json::Value> = engine
        .store()
        .all()
        .into_iter()
        .map(|t| {
            let native = match t.workflow() {
                None => engine.registry().get(&t.id).is_some(),
                Some(_) => engine.plan(t).is_ok(),
            };
            serde_json::json!({
                "id": t.id,
                "type": t.trafo_type.as_str(),
                "category": t.category_or_default(),
                "name": t.name,
                "version_tag": t.version_tag,
                "native": native,
            })
        })
        .collect();
    if json {
        print_line(serde_json::to_string_pretty(&rows)?)?;
        return Ok(0);
    }
    write_stdout(|out| {
        writeln!(
            out,
            "{:<36}  {:<9}  {:<24}  {:<48}  {:<8}  native",
            "id", "type", "category", "name", "version"
        )?;
        for r in &rows {
            writeln!(
                out,
                "{:<36}  {:<9}  {:<24}  {:<48}  {:<8}  {}",
                r["id"].as_str().unwrap_or(""),
                r["type"].as_str().unwrap_or(""),
                r["category"].as_str().unwrap_or(""),
                r["name"].as_str().unwrap_or(""),
                r["version_tag"].as_str().unwrap_or(""),
                if r["native"] == true { "yes" } else { "no" }
            )?;
        }
        Ok(())
    })?;
    Ok(0)
}
