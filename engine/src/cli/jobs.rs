//! `rheo jobs list|show|result|cancel`: the jobs API of a running `rheo serve`, from the
//! command line (`--url`/`RHEO_API_URL`, `--token`/`RHEO_API_TOKEN`).

use super::write_stdout;
use anyhow::{bail, Context, Result};
use std::time::Duration;

/// Where the service is and how to reach it.
#[derive(Debug, clap::Args)]
pub struct JobsArgs {
    /// Base URL of `rheo serve`'s HTTP port.
    #[arg(long, env = "RHEO_API_URL", default_value = "http://127.0.0.1:8090")]
    pub url: String,
    /// Bearer token, when the service requires one.
    #[arg(long, env = "RHEO_API_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub action: JobsAction,
}

/// The jobs subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum JobsAction {
    /// List job records, newest first.
    List {
        /// Only jobs with this status (queued, running, succeeded, failed, cancelled, timed_out).
        #[arg(long)]
        status: Option<String>,
        /// Only jobs of this caller run id.
        #[arg(long)]
        user_run_id: Option<String>,
        /// At most this many.
        #[arg(long, default_value_t = 20)]
        limit: u64,
    },
    /// Print one job's record.
    Show {
        /// Job id.
        id: String,
    },
    /// Print a finished job's execution response.
    Result {
        /// Job id.
        id: String,
    },
    /// Cancel a queued or running job.
    Cancel {
        /// Job id.
        id: String,
    },
}

/// Runs a jobs subcommand; exit code 0 on a 2xx answer, 1 otherwise (the answer's
/// `detail` on stderr).
pub fn jobs_command(args: JobsArgs) -> Result<i32> {
    let base = args.url.trim_end_matches('/');
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    let query = |pairs: &[(&str, Option<String>)]| -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            if let Some(v) = v {
                q.append_pair(k, v);
            }
        }
        q.finish()
    };
    let (method, path) = match &args.action {
        JobsAction::List {
            status,
            user_run_id,
            limit,
        } => (
            "GET",
            format!(
                "/api/jobs?{}",
                query(&[
                    ("status", status.clone()),
                    ("user_run_id", user_run_id.clone()),
                    ("limit", Some(limit.to_string())),
                ])
            ),
        ),
        JobsAction::Show { id } => ("GET", format!("/api/jobs/{id}")),
        JobsAction::Result { id } => ("GET", format!("/api/jobs/{id}/result")),
        JobsAction::Cancel { id } => ("DELETE", format!("/api/jobs/{id}")),
    };
    let url = format!("{base}{path}");
    let auth = args.token.as_ref().map(|t| format!("Bearer {t}"));
    let response = match method {
        "DELETE" => with_auth(agent.delete(&url), auth.as_deref()).call(),
        _ => with_auth(agent.get(&url), auth.as_deref()).call(),
    }
    .with_context(|| format!("calling {url}"))?;
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .with_config()
        .limit(1 << 30)
        .read_to_string()
        .with_context(|| format!("reading the answer of {url}"))?;
    if !(200..300).contains(&status) {
        let detail = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("detail").cloned())
            .map_or(body.clone(), |d| {
                d.as_str().map_or(d.to_string(), str::to_string)
            });
        eprintln!("rheo jobs: {url} answered {status}: {detail}");
        return Ok(1);
    }
    print_answer(&args.action, &body)?;
    Ok(0)
}

fn with_auth<B>(req: ureq::RequestBuilder<B>, auth: Option<&str>) -> ureq::RequestBuilder<B> {
    match auth {
        Some(a) => req.header("Authorization", a),
        None => req,
    }
}

/// `list` as a table, everything else as the JSON the service sent.
fn print_answer(action: &JobsAction, body: &str) -> Result<()> {
    if !matches!(action, JobsAction::List { .. }) {
        return write_stdout(|out| writeln!(out, "{body}"));
    }
    let page: serde_json::Value = serde_json::from_str(body).context("reading the job list")?;
    let Some(jobs) = page["jobs"].as_array() else {
        bail!("the job list has no `jobs` array");
    };
    write_stdout(|out| {
        writeln!(
            out,
            "{:<36}  {:<9}  {:<6}  {:<26}  {:>9}  transformation",
            "job id", "status", "source", "created", "seconds"
        )?;
        for j in jobs {
            let s = |k: &str| j[k].as_str().unwrap_or("-").to_string();
            let seconds = j["duration_seconds"]
                .as_f64()
                .map_or("-".into(), |d| format!("{d:.3}"));
            writeln!(
                out,
                "{:<36}  {:<9}  {:<6}  {:<26}  {:>9}  {}",
                s("job_id"),
                s("status"),
                s("source"),
                s("created_at"),
                seconds,
                s("transformation_id")
            )?;
        }
        Ok(())
    })
}
