//! `rheo replay`: dead-lettered records back to the request topic.

use super::print_line;
use anyhow::{Context, Result};
use clap::Args;
use std::time::Duration;

/// Options of `rheo replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Bootstrap servers (default: RHEO_BROKERS, else the running embedded broker).
    #[arg(long, env = "RHEO_BROKERS")]
    brokers: Option<String>,
    /// The topic to read (the service's `dead_letter_topic`).
    #[arg(long)]
    from: String,
    /// The topic to send to.
    #[arg(long, default_value = crate::serve::config::DEFAULT_REQUEST_TOPIC)]
    to: String,
    /// Only records with this key (repeatable).
    #[arg(long = "key")]
    keys: Vec<String>,
    /// Only records whose `error_type` header is this (repeatable).
    #[arg(long = "error-type")]
    error_types: Vec<String>,
    /// Seconds reading the source may take.
    #[arg(long, default_value_t = 60.0)]
    timeout: f64,
}

/// `rheo replay`: prints how many records were read and sent, by error type.
pub(super) fn replay_command(args: ReplayArgs) -> Result<i32> {
    let brokers = match args.brokers {
        Some(b) => b,
        None => std::fs::read_to_string(crate::serve::embedded::address_file()).context(
            "no --brokers/RHEO_BROKERS given and no embedded broker is running (start `rheo serve`)",
        )?,
    };
    let plan = crate::replay::ReplayPlan {
        brokers: brokers.trim().to_string(),
        from: args.from,
        to: args.to,
        keys: args.keys,
        error_types: args.error_types,
        timeout: Duration::from_secs_f64(args.timeout),
    };
    let rt = tokio::runtime::Runtime::new()?;
    let report = rt.block_on(crate::replay::replay(&plan))?;
    print_line(format!(
        "read {} record(s) from {}, sent {} to {}",
        report.read,
        plan.from,
        report.sent_total(),
        plan.to
    ))?;
    for (kind, n) in &report.sent {
        print_line(format!("  {n:>6}  {kind}"))?;
    }
    Ok(0)
}
