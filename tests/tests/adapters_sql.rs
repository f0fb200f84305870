//! The SQL adapter through the real binary, against a SQLite file and a throwaway
//! PostgreSQL server: a workflow writes a CSV file's frame into a table and reads it back
//! by table, by query and as a time series; queries cannot write, sinks write only to
//! listed tables, and injection attempts through ids and filters are refused or inert.

#![allow(clippy::unwrap_used)]

use rheo_e2e::postgres::Postgres;
use rheo_e2e::{response_of, rheo_bin, run_command, Scratch};
use serde_json::{json, Value as Json};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Pass Through (DataFrame): DATAFRAME `input` → DATAFRAME `output`.
const PASS_THROUGH_FRAME: &str = "7a1a818f-fa89-6062-1e0e-fc80539bbe0a";
/// Pass Through (MultiTSFrame).
const PASS_THROUGH_MULTITS: &str = "78ee6b00-9239-4214-b9bf-a093647f33f5";

fn file_id(path: &Path) -> String {
    path.to_str()
        .unwrap()
        .replace('_', "-_-")
        .replace('/', "__")
}

struct Setup {
    scratch: Scratch,
    root: PathBuf,
    databases: Json,
}

impl Setup {
    fn new(url: &str) -> Setup {
        let scratch = Scratch::new("sql");
        let root = scratch.path().join("files");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(
            root.join("in.csv"),
            "name,v\nalpha,1.5\nbeta,2.5\ngamma,3.5\n",
        )
        .unwrap();
        let databases = json!([{
            "key": "plant", "name": "Plant", "connection_url": url,
            "append_tables": ["results"], "replace_tables": ["snapshot"],
            "timeseries_tables": {"measurements": {"appendable": true}}
        }]);
        Setup {
            scratch,
            root,
            databases,
        }
    }

    fn run(&self, request: &Json) -> Json {
        self.run_timeout(request, "20")
    }

    /// [`Setup::run`] with `EXTERNAL_REQUEST_TIMEOUT` = `timeout_s`.
    fn run_timeout(&self, request: &Json, timeout_s: &str) -> Json {
        let roots = json!([self.root]).to_string();
        let databases = self.databases.to_string();
        let env = [
            (
                "RUNTIME_LOCAL_FILE_ADAPTER_LOCAL_DIRECTORIES",
                roots.as_str(),
            ),
            ("SQL_ADAPTER_SQL_DATABASES", databases.as_str()),
            ("EXTERNAL_REQUEST_TIMEOUT", timeout_s),
        ];
        response_of(
            &run_command(self.scratch.path(), request, &env)
                .output()
                .unwrap(),
        )
    }

    fn csv_to_sql(&self, sink: &str) -> Json {
        self.run(&json!({"id": PASS_THROUGH_FRAME, "wiring": {
            "input_wirings": [{"workflow_input_name": "input", "adapter_id": "local-file-adapter",
                "ref_id": file_id(&self.root.join("in.csv")), "filters": {}}],
            "output_wirings": [{"workflow_output_name": "output", "adapter_id": "sql-adapter",
                "ref_id": sink, "filters": {}}]}}))
    }

    fn sql_to_response(&self, source: &str, filters: Json) -> Json {
        self.run(&json!({"id": PASS_THROUGH_FRAME, "wiring": {
            "input_wirings": [{"workflow_input_name": "input", "adapter_id": "sql-adapter",
                "ref_id": source, "filters": filters}]}}))
    }
}

/// The `__data__` of the wrapped DATAFRAME/MULTITSFRAME output (`{column: {row: value}}`).
fn frame(r: &Json) -> Json {
    assert_eq!(r["result"], "ok", "{r}");
    r["output_results_by_output_name"]["output"]["__data__"].clone()
}

/// Both backends pass the same checks.
fn round_trips(setup: &Setup) {
    let r = setup.csv_to_sql("plant/append_table/results");
    assert_eq!(r["result"], "ok", "{r}");
    assert!(
        r["output_results_by_output_name"].get("output").is_none(),
        "{r}"
    );
    setup.csv_to_sql("plant/append_table/results");
    let table = frame(&setup.sql_to_response("plant/table/results", json!({})));
    assert_eq!(table["name"].as_object().unwrap().len(), 6, "{table}");
    assert_eq!(table["v"]["0"], 1.5, "{table}");
    let q = frame(&setup.sql_to_response(
        "plant/query",
        json!({"sql_query": "SELECT name FROM results WHERE v > 2 ORDER BY name LIMIT 2"}),
    ));
    assert_eq!(q["name"], json!({"0": "beta", "1": "beta"}), "{q}");
    // Replacing keeps one copy.
    setup.csv_to_sql("plant/replace_table/snapshot");
    setup.csv_to_sql("plant/replace_table/snapshot");
    let snap = frame(&setup.sql_to_response("plant/table/snapshot", json!({})));
    assert_eq!(snap["name"].as_object().unwrap().len(), 3, "{snap}");
}

fn refusals(setup: &Setup) {
    // A query source cannot write.
    let r = setup.sql_to_response("plant/query", json!({"sql_query": "DELETE FROM results"}));
    assert_eq!(r["result"], "failure", "{r}");
    assert_eq!(r["error"]["type"], "AdapterHandlingException", "{r}");
    assert_eq!(
        r["error"]["process_stage"], "LOADING_DATA_FROM_ADAPTERS",
        "{r}"
    );
    assert_eq!(
        frame(&setup.sql_to_response("plant/table/results", json!({})))["name"]
            .as_object()
            .unwrap()
            .len(),
        6
    );
    // A table that is not listed is not written; a name that smuggles SQL is just a name.
    let r = setup.csv_to_sql("plant/append_table/other");
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("append_tables"),
        "{r}"
    );
    let r = setup.sql_to_response("plant/table/results\"; DROP TABLE results; --", json!({}));
    assert_eq!(r["result"], "failure", "{r}");
    assert_eq!(
        frame(&setup.sql_to_response("plant/table/results", json!({})))["name"]
            .as_object()
            .unwrap()
            .len(),
        6
    );
    // Missing filter, unknown database, unknown id form.
    let r = setup.sql_to_response("plant/query", json!({}));
    assert_eq!(r["error"]["type"], "AdapterClientWiringInvalidError", "{r}");
    let r = setup.sql_to_response("nope/table/results", json!({}));
    assert!(
        r["error"]["message"].as_str().unwrap().contains("'nope'"),
        "{r}"
    );
    let r = setup.sql_to_response("plant/view/results", json!({}));
    assert_eq!(r["error"]["type"], "AdapterClientWiringInvalidError", "{r}");
}

fn timeseries(setup: &Setup, create: impl Fn(&str)) {
    create(
        "CREATE TABLE measurements (timestamp TIMESTAMP, metric TEXT, value DOUBLE PRECISION);
         INSERT INTO measurements VALUES ('2024-01-01 00:00:00', 'a', 1.0), ('2024-01-01 00:01:00', 'b', 2.0),
                                          ('2024-01-01 00:02:00', 'a', 3.0), ('2024-01-01 00:03:00', 'a', 4.0);",
    );
    let read = |filters: Json| {
        setup.run(
            &json!({"id": PASS_THROUGH_MULTITS, "wiring": {"input_wirings": [{
            "workflow_input_name": "input", "adapter_id": "sql-adapter",
            "ref_id": "plant/ts_table/measurements", "filters": filters}]}}),
        )
    };
    let r = read(
        json!({"metrics": "[\"a\"]", "timestampFrom": "2024-01-01T00:01:00Z", "timestampTo": "2024-01-01T00:02:00Z"}),
    );
    let f = frame(&r);
    assert_eq!(f["value"], json!({"0": 3.0}), "{r}");
    assert_eq!(f["timestamp"]["0"], "2024-01-01T00:02:00.000Z", "{r}");
    let r = read(json!({"metrics": "a'); DROP TABLE measurements; --"}));
    assert_eq!(frame(&r)["value"], json!({}), "{r}");
    assert_eq!(
        frame(&read(json!({"metrics": "ALL"})))["value"]
            .as_object()
            .unwrap()
            .len(),
        4
    );
}

#[test]
fn sqlite_sources_and_sinks() {
    let scratch_db = Scratch::new("sqlite-db");
    let db = scratch_db.path().join("plant.db");
    let setup = Setup::new(&format!("sqlite+pysqlite:///{}", db.display()));
    round_trips(&setup);
    refusals(&setup);
    timeseries(&setup, |sql| {
        let out = Command::new("python3")
            .args(["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()"])
            .arg(&db)
            .arg(sql)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    });
    // SQLite has no statement timeout: Rheo interrupts a query after the external timeout.
    let started = std::time::Instant::now();
    let r = setup.run_timeout(
        &json!({"id": PASS_THROUGH_FRAME, "wiring": {"input_wirings": [{
            "workflow_input_name": "input", "adapter_id": "sql-adapter", "ref_id": "plant/query",
            "filters": {"sql_query": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"}}]}}),
        "1",
    );
    assert_eq!(r["error"]["type"], "AdapterHandlingException", "{r}");
    assert!(started.elapsed() < std::time::Duration::from_secs(6), "{r}");
}

#[test]
fn postgresql_sources_and_sinks() {
    let pg = Postgres::start();
    let setup = Setup::new(&pg.url());
    round_trips(&setup);
    refusals(&setup);
    assert_eq!(pg.psql("SELECT count(*) FROM results"), "6");
    timeseries(&setup, |sql| {
        pg.psql(sql);
    });
    // A query that outlasts the external request timeout is cancelled by the server.
    let started = std::time::Instant::now();
    let r = setup.run_timeout(
        &json!({"id": PASS_THROUGH_FRAME, "wiring": {"input_wirings": [{
            "workflow_input_name": "input", "adapter_id": "sql-adapter", "ref_id": "plant/query",
            "filters": {"sql_query": "SELECT pg_sleep(10) AS slept"}}]}}),
        "1",
    );
    assert_eq!(r["error"]["type"], "AdapterHandlingException", "{r}");
    let msg = r["error"]["message"].as_str().unwrap();
    assert!(msg.contains("statement timeout"), "{r}");
    assert!(started.elapsed() < std::time::Duration::from_secs(6), "{r}");
}

#[test]
fn an_unreachable_database_fails_the_request_clearly() {
    let port = rheo_e2e::free_port();
    let setup = Setup::new(&format!("postgresql://rheo:pw@127.0.0.1:{port}/db"));
    let r = setup.sql_to_response("plant/table/results", json!({}));
    assert_eq!(r["result"], "failure", "{r}");
    let msg = r["error"]["message"].as_str().unwrap();
    assert!(msg.contains("could not connect"), "{r}");
    assert!(!msg.contains(":pw@"), "the password leaks: {msg}");
}

/// `examples/csv-to-postgres` as the README runs it: from the repository root, with a
/// relative root directory, into PostgreSQL.
#[test]
fn the_csv_to_postgres_example_runs_as_the_readme_says() {
    let pg = Postgres::start();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let scratch = Scratch::new("example");
    let databases =
        json!([{"key": "plant", "connection_url": pg.url(), "append_tables": ["temperature_f"]}]);
    let out = Command::new(rheo_bin())
        .current_dir(repo)
        .args(["run", "examples/csv-to-postgres/request.json"])
        .env("RHEO_STORE", scratch.path().join("store"))
        .env(
            "RUNTIME_LOCAL_FILE_ADAPTER_LOCAL_DIRECTORIES",
            r#"["examples/csv-to-postgres/data"]"#,
        )
        .env("SQL_ADAPTER_SQL_DATABASES", databases.to_string())
        .output()
        .unwrap();
    let r: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["result"], "ok", "{r}");
    assert_eq!(pg.psql("SELECT count(*) FROM temperature_f"), "12");
    assert_eq!(
        pg.psql("SELECT * FROM temperature_f ORDER BY 1 LIMIT 1"),
        "64.4"
    );
}
