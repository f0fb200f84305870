//! `rheo submit`: one request through Kafka, its result printed.

use super::{print_line, read_request};
use anyhow::{Context, Result};

/// The request and result topics of `submit` and `bench-kafka`.
pub(super) struct Topics {
    /// Where requests go.
    pub(super) request: String,
    /// Where results come from.
    pub(super) result: String,
}

/// `rheo submit`: sends requests through Kafka and prints the results by key.
pub(super) fn submit_command(
    request: &str,
    brokers: Option<String>,
    topics: &Topics,
    timeout: f64,
) -> Result<i32> {
    let brokers = match brokers {
        Some(b) => b,
        None => std::fs::read_to_string(crate::serve::embedded::address_file())
            .context("no --brokers/RHEO_BROKERS given and no embedded broker is running (start `rheo serve`)")?,
    };
    let input = String::from_utf8(read_request(request)?).context("requests must be UTF-8")?;
    let requests = crate::submit::parse_requests(&input)?;
    let rt = tokio::runtime::Runtime::new()?;
    let results = rt.block_on(crate::submit::submit(
        brokers.trim(),
        &topics.request,
        &topics.result,
        &requests,
        std::time::Duration::from_secs_f64(timeout),
    ))?;
    let mut all_ok = true;
    for (key, body) in results {
        let v: serde_json::Value = serde_json::from_str(&body).unwrap_or(serde_json::Value::Null);
        all_ok &= v["result"] == "ok" || v["success"] == true;
        match key {
            Some(k) => print_line(format_args!("{k}:{body}"))?,
            None => print_line(&body)?,
        }
    }
    Ok(if all_ok { 0 } else { 1 })
}
