//! `rheo consume`: consumption mode, configured like hetida's container
//! (`HETIDA_DESIGNER_KAFKA_CONSUMPTION_MODE`, `HD_KAFKA_CONFIGS`) or by a TOML file.

use crate::engine::Engine;
use crate::serve::config::ServeConfig;
use anyhow::Result;
use std::sync::Arc;

/// Options of `rheo consume` (everything else comes from the config file or environment).
#[derive(Debug, clap::Args)]
pub struct ConsumeArgs {
    /// Bootstrap servers for every Kafka config (overrides their `bootstrap_servers`).
    #[arg(long, env = "RHEO_BROKERS")]
    pub brokers: Option<String>,
    /// `/health` and `/metrics` address (empty: none).
    #[arg(long)]
    pub http_addr: Option<String>,
    /// Executions running at once (partitions are handled in parallel, each in order).
    #[arg(long)]
    pub concurrency: Option<usize>,
}

/// Applies the command's options to the settings.
pub(super) fn apply_args(config: &mut ServeConfig, args: &ConsumeArgs) {
    if let Some(b) = args.brokers.as_deref().filter(|b| !b.is_empty()) {
        rheo_adapters::kafka::config::set_brokers(&mut config.adapters.kafka, b);
    }
    if let Some(a) = &args.http_addr {
        config.http_addr.clone_from(a);
    }
    if let Some(c) = args.concurrency {
        config.concurrency = c.max(1);
    }
}

/// Runs consumption mode until SIGTERM/SIGINT; exits 0 after draining.
pub(super) fn run_consume(engine: Arc<Engine>, config: ServeConfig) -> Result<i32> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let python = engine.python().cloned();
    let result = rt.block_on(crate::consume::consume(
        engine,
        config,
        crate::serve::shutdown_signal(),
    ));
    drop(rt);
    if let Some(pool) = python {
        pool.shutdown();
    }
    result?;
    Ok(0)
}
