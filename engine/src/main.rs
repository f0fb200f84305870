//! The `rheo` binary: parses the command line and reports errors at the edge.

use clap::Parser;
use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

fn main() {
    let cli = rheo_engine::cli::Cli::parse();
    // The service logs every request at info; one-shot commands only warn.
    let default_filter = match cli.command {
        rheo_engine::cli::Command::Serve(_) => "info,rdkafka=warn,librdkafka=warn",
        _ => "warn",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter)),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    match rheo_engine::cli::main_with(cli) {
        Ok(code) => std::process::exit(code),
        // `rheo list | head`: the reader has all it wanted.
        Err(e) if e.chain().any(|c| c.is::<rheo_engine::cli::StdoutClosed>()) => {
            std::process::exit(0)
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::exit(2);
        }
    }
}
