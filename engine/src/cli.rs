//! The `rheo` command line: `run`, `import`, `list`, `bench`.

use crate::bench::bench;
use crate::store::Store;
use crate::Engine;
use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use rheo_adapters::Adapters;
use rheo_components::Registry;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Rheo: runs hetida designer workflows natively.
#[derive(Debug, Parser)]
#[command(name = "rheo", version, about)]
pub struct Cli {
    /// Store directory for imported transformations
    /// (default: $XDG_DATA_HOME/rheo/store or ~/.local/share/rheo/store).
    #[arg(long, global = true, env = "RHEO_STORE")]
    pub store: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Execute one request in-process and print the response JSON.
    Run {
        /// Request file (`-` for stdin): a JSON payload or a `key:JSON` line.
        request: String,
        /// Pretty-print the response.
        #[arg(long)]
        pretty: bool,
        /// Print per-operator timings to stderr.
        #[arg(long)]
        timings: bool,
    },
    /// Import hetida-format transformation files from a directory into the store.
    Import {
        /// Directory (hetida export layout or any tree of JSON files).
        dir: PathBuf,
    },
    /// List known transformations.
    List {
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Execute a request repeatedly and report min/median/p99 latency and peak memory.
    Bench {
        /// Request file (`-` for stdin).
        request: String,
        /// Measured iterations.
        #[arg(long, default_value_t = 200)]
        iterations: usize,
        /// Unmeasured warm-up iterations.
        #[arg(long, default_value_t = 20)]
        warmup: usize,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// The default store directory under the user's data directory.
pub fn default_store_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("rheo").join("store"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/rheo/store"))
}

/// Reads a request file or stdin.
pub fn read_request(path: &str) -> Result<Vec<u8>> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("reading the request from stdin")?;
        Ok(buf)
    } else {
        std::fs::read(path).with_context(|| format!("reading request file {path}"))
    }
}

/// Splits a console-producer line `key:{...}` into key and JSON; a plain JSON payload has no
/// key. The key is everything before the first `:` that precedes the first `{`.
pub fn split_key(payload: &[u8]) -> (Option<&[u8]>, &[u8]) {
    let trimmed_start = payload
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    let p = &payload[trimmed_start..];
    if p.first() == Some(&b'{') {
        return (None, p);
    }
    let brace = p.iter().position(|&b| b == b'{');
    let colon = p.iter().position(|&b| b == b':');
    match (colon, brace) {
        (Some(c), Some(b)) if c < b => (Some(&p[..c]), &p[c + 1..]),
        _ => (None, p),
    }
}

fn open_engine(store_dir: Option<&Path>) -> Result<Engine> {
    let store = Store::open(store_dir).context("opening the transformation store")?;
    Ok(Engine::new(store, Registry::builtin(), Adapters::builtin()))
}

/// Runs the command line; returns the process exit code.
pub fn main_with(cli: Cli) -> Result<i32> {
    let store_dir = cli.store.clone().or_else(default_store_dir);
    match cli.command {
        Command::Run {
            request,
            pretty,
            timings,
        } => {
            let engine = open_engine(store_dir.as_deref())?;
            let bytes = read_request(&request)?;
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
            if pretty {
                let v: serde_json::Value = serde_json::from_str(&body)?;
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                println!("{body}");
            }
            Ok(if response.is_ok() { 0 } else { 1 })
        }
        Command::Import { dir } => {
            let Some(store_dir) = store_dir else {
                bail!("no store directory: pass --store DIR or set RHEO_STORE");
            };
            let mut store = Store::open(Some(&store_dir))?;
            let report = store
                .import_dir(&dir)
                .with_context(|| format!("importing {}", dir.display()))?;
            for s in &report.skipped {
                eprintln!("skipped: {s}");
            }
            println!(
                "imported {} transformation(s) into {}",
                report.imported,
                store_dir.display()
            );
            Ok(0)
        }
        Command::List { json } => {
            let engine = open_engine(store_dir.as_deref())?;
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
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                println!(
                    "{:<36}  {:<9}  {:<24}  {:<48}  {:<8}  native",
                    "id", "type", "category", "name", "version"
                );
                for r in &rows {
                    println!(
                        "{:<36}  {:<9}  {:<24}  {:<48}  {:<8}  {}",
                        r["id"].as_str().unwrap_or(""),
                        r["type"].as_str().unwrap_or(""),
                        r["category"].as_str().unwrap_or(""),
                        r["name"].as_str().unwrap_or(""),
                        r["version_tag"].as_str().unwrap_or(""),
                        if r["native"] == true { "yes" } else { "no" }
                    );
                }
            }
            Ok(0)
        }
        Command::Bench {
            request,
            iterations,
            warmup,
            json,
        } => {
            let engine = open_engine(store_dir.as_deref())?;
            let bytes = read_request(&request)?;
            let (_key, payload) = split_key(&bytes);
            let first = engine.execute_payload(payload);
            if !first.is_ok() {
                bail!(
                    "the request fails, nothing to benchmark: {}",
                    first.to_json()
                );
            }
            let r = bench(&engine, payload, warmup, iterations);
            if json {
                println!(
                    "{}",
                    serde_json::json!({
                        "iterations": r.iterations, "min_ms": r.min * 1e3, "median_ms": r.median * 1e3,
                        "p99_ms": r.p99 * 1e3, "peak_rss_kb": r.peak_rss_kb, "baseline_rss_kb": r.baseline_rss_kb,
                        "request_bytes": payload.len(),
                    })
                );
            } else {
                println!(
                    "{} iterations, request {} bytes: min {:.3} ms, median {:.3} ms, p99 {:.3} ms; peak RSS {} (before runs {})",
                    r.iterations,
                    payload.len(),
                    r.min * 1e3,
                    r.median * 1e3,
                    r.p99 * 1e3,
                    fmt_kb(r.peak_rss_kb),
                    fmt_kb(r.baseline_rss_kb)
                );
            }
            Ok(if r.all_ok { 0 } else { 1 })
        }
    }
}

fn fmt_kb(kb: Option<u64>) -> String {
    match kb {
        Some(kb) => format!("{:.1} MB", kb as f64 / 1024.0),
        None => "unknown".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_console_producer_lines() {
        assert_eq!(split_key(b"{\"a\":1}"), (None, &b"{\"a\":1}"[..]));
        assert_eq!(
            split_key(b"test_executionissuer_1:{\"a\":\"x:y\"}"),
            (
                Some(&b"test_executionissuer_1"[..]),
                &b"{\"a\":\"x:y\"}"[..]
            )
        );
        assert_eq!(split_key(b"  {\"a\":1}"), (None, &b"{\"a\":1}"[..]));
    }
}
