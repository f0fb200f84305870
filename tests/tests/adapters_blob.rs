//! The blob storage adapter (`blob-storage-adapter`, hetida-compat §10) through the real
//! binary, against moto's S3 server: series and frames written by next-object sinks come
//! back unchanged; every write is a new object and an existing one is never replaced; a
//! pickle of plain values written by Python reads as ANY, other pickles and missing objects
//! fail clearly naming bucket and key; an unreachable endpoint fails fast; a bad hierarchy
//! file stops `rheo run` before anything runs.

#![allow(clippy::unwrap_used)]

use rheo_e2e::{free_port, python, response_of, run_command, run_with_timeout, Scratch};
use serde_json::{json, Value as Json};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const PASS_THROUGH_SERIES: &str = "bfa27afc-dea8-b8aa-4b15-94402f0739b6";
const PASS_THROUGH_FRAME: &str = "7a1a818f-fa89-6062-1e0e-fc80539bbe0a";
const PASS_THROUGH_ANY: &str = "1946d5f8-44a8-724c-176f-16f3e49963af";

const ADAPTER: &str = "blob-storage-adapter";
const BUCKET: &str = "planta-picklingunit";
const ANOMALIES: &str = "planta-picklingunit/Influx/Anomalies";
const MODELS: &str = "planta-picklingunit/Influx/Models";

const INSTALL_HINT: &str =
    "install moto's S3 server with `python3 -m pip install 'moto[server]==5.0.28'` \
     (scripts/test.sh does this)";

/// hetida's documented example tree: bucket `planta-picklingunit`, end nodes
/// `Influx/Anomalies` and `Influx/Models` below it.
const HIERARCHY: &str = r#"{"structure": [{"name": "PlantA", "description": "Plant A", "substructure": [
  {"name": "PicklingUnit", "description": "Pickling unit", "below_structure_defines_object_key": true,
   "substructure": [{"name": "Influx", "description": "Influx", "substructure": [
     {"name": "Anomalies", "description": "Anomalies"},
     {"name": "Models", "description": "Models"}]}]}]}]}"#;

/// A moto S3 server on a free port, killed when dropped.
struct Moto {
    child: Child,
    port: u16,
}

impl Moto {
    fn start() -> Moto {
        let probe = Command::new(python())
            .args(["-c", "import moto.server, boto3"])
            .output()
            .unwrap_or_else(|e| panic!("cannot run {} ({e}); {INSTALL_HINT}", python()));
        assert!(
            probe.status.success(),
            "moto's server is missing ({}); {INSTALL_HINT}",
            String::from_utf8_lossy(&probe.stderr)
                .trim()
                .lines()
                .last()
                .unwrap_or_default()
        );
        let port = free_port();
        let child = Command::new(python())
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut moto = Moto { child, port };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = moto.child.try_wait().unwrap() {
                panic!("moto_server exited with {status} before answering; {INSTALL_HINT}");
            }
            assert!(
                Instant::now() < deadline,
                "moto_server did not start within 60 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        moto
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Runs a Python snippet with `s3` a boto3 client of this server; returns its stdout.
    fn boto(&self, code: &str) -> String {
        let script = format!(
            "import boto3, json, pickle, sys\n\
             s3 = boto3.client('s3', endpoint_url='{}', region_name='eu-central-1',\n\
                 aws_access_key_id='testing', aws_secret_access_key='testing')\n{code}",
            self.url()
        );
        let mut cmd = Command::new(python());
        cmd.args(["-c", &script]);
        let out = run_with_timeout(cmd, b"", Duration::from_secs(60));
        assert!(
            out.status.success(),
            "boto3 snippet failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The keys in the bucket, sorted.
    fn keys(&self) -> Vec<String> {
        let out = self.boto(&format!(
            "r = s3.list_objects_v2(Bucket='{BUCKET}')\n\
             print(json.dumps(sorted(o['Key'] for o in r.get('Contents', []))))"
        ));
        serde_json::from_str(&out).unwrap()
    }

    /// An object's bytes, as JSON.
    fn object_json(&self, key: &str) -> Json {
        let out = self.boto(&format!(
            "sys.stdout.write(s3.get_object(Bucket='{BUCKET}', Key='{key}')['Body'].read().decode())"
        ));
        serde_json::from_str(&out).unwrap()
    }

    /// Stores `python_value` pickled by Python at `key`, creating the bucket first.
    fn put_pickle(&self, key: &str, python_value: &str) {
        self.boto(&format!(
            "try:\n    s3.create_bucket(Bucket='{BUCKET}', CreateBucketConfiguration={{'LocationConstraint': 'eu-central-1'}})\n\
             except s3.exceptions.BucketAlreadyOwnedByYou:\n    pass\n\
             s3.put_object(Bucket='{BUCKET}', Key='{key}', Body=pickle.dumps({python_value}))"
        ));
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The test's scratch directory with the hierarchy file.
fn scratch(name: &str, hierarchy: &str) -> (Scratch, PathBuf) {
    let scratch = Scratch::new(name);
    let path = scratch.path().join("hierarchy.json");
    std::fs::write(&path, hierarchy).unwrap();
    (scratch, path)
}

/// Runs `rheo run` on `request` with the blob storage settings plus `extra` variables.
fn rheo_run(scratch: &Scratch, endpoint: &str, request: &Json, extra: &[(&str, &str)]) -> Output {
    let hierarchy = scratch.path().join("hierarchy.json");
    let env = [
        (
            "BLOB_STORAGE_ADAPTER_HIERARCHY_LOCATION",
            hierarchy.to_str().unwrap(),
        ),
        ("BLOB_STORAGE_ENDPOINT_URL", endpoint),
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("EXTERNAL_REQUEST_TIMEOUT", "20"),
    ];
    let mut cmd = run_command(scratch.path(), request, &env);
    cmd.env_remove("AWS_SESSION_TOKEN")
        .env_remove("BLOB_STORAGE_STS_PARAMS");
    for (k, v) in extra {
        cmd.env(k, v);
    }
    run_with_timeout(cmd, b"", Duration::from_secs(60))
}

/// The response of `rheo run`.
fn run(scratch: &Scratch, endpoint: &str, request: &Json) -> Json {
    response_of(&rheo_run(scratch, endpoint, request, &[]))
}

fn direct(value: &Json) -> Json {
    json!({"workflow_input_name": "input", "adapter_id": "direct_provisioning",
           "filters": {"value": value.to_string()}})
}

fn blob_input(ref_id: &str, ref_key: &str) -> Json {
    json!({"workflow_input_name": "input", "adapter_id": ADAPTER, "ref_id": ref_id,
           "ref_id_type": "SOURCE", "ref_key": ref_key, "type": "metadata(any)", "filters": {}})
}

fn next_object(ref_id: &str, name: &str) -> Json {
    json!({"workflow_output_name": "output", "adapter_id": ADAPTER, "ref_id": ref_id,
           "ref_id_type": "SINK", "ref_key": format!("{name} - Next Object"),
           "type": "metadata(any)", "filters": {}})
}

/// Runs `component` on `value`, wiring its output to `sink` (or to the response).
fn write(
    scratch: &Scratch,
    endpoint: &str,
    component: &str,
    value: &Json,
    sink: Option<Json>,
) -> Json {
    let outputs: Vec<Json> = sink.into_iter().collect();
    run(
        scratch,
        endpoint,
        &json!({"id": component, "wiring": {"input_wirings": [direct(value)], "output_wirings": outputs}}),
    )
}

fn read(scratch: &Scratch, endpoint: &str, component: &str, ref_id: &str, ref_key: &str) -> Json {
    run(
        scratch,
        endpoint,
        &json!({"id": component, "wiring": {"input_wirings": [blob_input(ref_id, ref_key)]}}),
    )
}

fn output(r: &Json) -> Json {
    assert_eq!(r["result"], "ok", "{r}");
    r["output_results_by_output_name"]["output"].clone()
}

fn error(r: &Json, kind: &str, stage: &str) -> String {
    assert_eq!(r["result"], "failure", "{r}");
    assert_eq!(r["error"]["type"], kind, "{r}");
    assert_eq!(r["error"]["process_stage"], stage, "{r}");
    r["error"]["message"].as_str().unwrap().to_string()
}

/// The source `ref_key` hetida's UI shows for the object stored at `key`
/// (`<prefix>_<time>_<job id>.<ext>` → `<name> - <time with a space> - <job id> (<ext>)`).
fn source_name(key: &str) -> String {
    let (stem, ext) = key.rsplit_once('.').unwrap();
    let mut parts = stem.rsplitn(3, '_');
    let (job, time, prefix) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let name = prefix.rsplit('/').next().unwrap();
    format!("{name} - {} - {job} ({ext})", time.replacen('T', " ", 1))
}

fn series() -> Json {
    json!({"__hd_wrapped_data_object__": "SERIES", "__metadata__": {"unit": "K", "sensor": {"id": 7}},
           "__data_parsing_options__": {"orient": "split"},
           "__data__": {"name": "temperature",
                        "index": ["2024-01-01T00:00:00Z", "2024-01-01T00:01:00Z", "2024-01-01T00:02:00Z"],
                        "data": [1.5, null, 1e-12]}})
}

fn frame() -> Json {
    json!({"__hd_wrapped_data_object__": "DATAFRAME", "__metadata__": {"line": "A"},
           "__data__": {"a": {"2024-01-01T00:00:00.000Z": 1, "2024-01-01T00:01:00.000Z": 2},
                        "b": {"2024-01-01T00:00:00.000Z": "x", "2024-01-01T00:01:00.000Z": null},
                        "c": {"2024-01-01T00:00:00.000Z": 0.125, "2024-01-01T00:01:00.000Z": 1e-3}}})
}

#[test]
fn series_and_frames_round_trip_through_next_object_sinks() {
    let moto = Moto::start();
    let (scratch, _) = scratch("blob-round-trip", HIERARCHY);
    let url = moto.url();

    // What the pass-through answers when the series comes straight back.
    let expected = output(&write(&scratch, &url, PASS_THROUGH_SERIES, &series(), None));
    assert_eq!(expected["__metadata__"]["unit"], "K", "{expected}");
    // The bucket does not exist yet: the sink creates it.
    let r = write(
        &scratch,
        &url,
        PASS_THROUGH_SERIES,
        &series(),
        Some(next_object(ANOMALIES, "Anomalies")),
    );
    assert_eq!(r["result"], "ok", "{r}");
    assert!(
        r["output_results_by_output_name"].get("output").is_none(),
        "{r}"
    );
    let keys = moto.keys();
    assert_eq!(keys.len(), 1, "{keys:?}");
    let key = &keys[0];
    let job_id = r["job_id"].as_str().unwrap();
    assert!(
        key.starts_with("Influx/Anomalies_") && key.ends_with(&format!("+00:00_{job_id}.json")),
        "{key}"
    );
    // The object is hetida's wrapped form, metadata included.
    let stored = moto.object_json(key);
    assert_eq!(stored["__hd_wrapped_data_object__"], "SERIES", "{stored}");
    assert_eq!(stored["__metadata__"]["sensor"]["id"], 7, "{stored}");
    // Stored exactly (a response shows pandas' 10 decimals: 0.0), with the dtype.
    assert_eq!(stored["__data__"]["data"][2], 1e-12, "{stored}");
    assert_eq!(
        stored["__data_parsing_options__"]["dtype"], "float64",
        "{stored}"
    );
    // Read back by the name hetida's UI shows for it: the same series, metadata and all.
    let back = output(&read(
        &scratch,
        &url,
        PASS_THROUGH_SERIES,
        ANOMALIES,
        &source_name(key),
    ));
    assert_eq!(back, expected);
    // An ANY input gets the series too.
    let any = output(&read(
        &scratch,
        &url,
        PASS_THROUGH_ANY,
        ANOMALIES,
        &source_name(key),
    ));
    assert_eq!(any, expected);

    let expected = output(&write(&scratch, &url, PASS_THROUGH_FRAME, &frame(), None));
    let r = write(
        &scratch,
        &url,
        PASS_THROUGH_FRAME,
        &frame(),
        Some(next_object(MODELS, "Models")),
    );
    assert_eq!(r["result"], "ok", "{r}");
    let key = moto
        .keys()
        .into_iter()
        .find(|k| k.starts_with("Influx/Models_"))
        .unwrap();
    let back = output(&read(
        &scratch,
        &url,
        PASS_THROUGH_FRAME,
        MODELS,
        &source_name(&key),
    ));
    assert_eq!(back, expected);
    assert_eq!(back["__metadata__"]["line"], "A", "{back}");
    assert_eq!(
        back["__data__"]["b"]["2024-01-01T00:01:00.000Z"],
        Json::Null,
        "{back}"
    );
}

#[test]
fn every_write_is_a_new_object_and_none_is_replaced() {
    let moto = Moto::start();
    let (scratch, _) = scratch("blob-new-objects", HIERARCHY);
    let url = moto.url();
    let value = json!({"model": [1, 2, 3]});
    for _ in 0..2 {
        let r = write(
            &scratch,
            &url,
            PASS_THROUGH_ANY,
            &value,
            Some(next_object(ANOMALIES, "Anomalies")),
        );
        assert_eq!(r["result"], "ok", "{r}");
    }
    let keys = moto.keys();
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert_ne!(keys[0], keys[1]);
    for key in &keys {
        assert_eq!(moto.object_json(key), value);
    }

    // hetida's explicit sink key naming an existing object: refused, the object unchanged.
    let name = source_name(&keys[0]);
    let (explicit, _) = name.rsplit_once(" (").unwrap();
    let mut sink = next_object(ANOMALIES, "Anomalies");
    sink["ref_key"] = json!(explicit);
    let r = write(
        &scratch,
        &url,
        PASS_THROUGH_ANY,
        &json!({"other": true}),
        Some(sink),
    );
    let msg = error(&r, "AdapterConnectionError", "SENDING_DATA_TO_ADAPTERS");
    assert!(
        msg.contains("already contains an object") && msg.contains(&keys[0]),
        "{msg}"
    );
    assert_eq!(moto.object_json(&keys[0]), value);
    assert_eq!(moto.keys().len(), 2);

    // A sink key of another end node is a wiring error.
    let mut sink = next_object(ANOMALIES, "Anomalies");
    sink["ref_key"] = json!("Models - Next Object");
    let r = write(&scratch, &url, PASS_THROUGH_ANY, &value, Some(sink));
    let msg = error(
        &r,
        "AdapterClientWiringInvalidError",
        "SENDING_DATA_TO_ADAPTERS",
    );
    assert!(msg.contains("Anomalies - Next Object"), "{msg}");
}

#[test]
fn pickles_of_plain_values_read_and_others_fail_clearly() {
    let moto = Moto::start();
    let (scratch, _) = scratch("blob-pickles", HIERARCHY);
    let url = moto.url();
    let job = "4fbc1c58-93bb-4a59-a2a6-4c5f5c0d9e3b";
    let plain = format!("Influx/Anomalies_2023-02-14T12:19:38+00:00_{job}.pkl");
    moto.put_pickle(&plain, r#"{"a": [1, 2.5, "x"]}"#);
    let r = read(
        &scratch,
        &url,
        PASS_THROUGH_ANY,
        ANOMALIES,
        &format!("Anomalies - 2023-02-14 12:19:38+00:00 - {job} (pkl)"),
    );
    assert_eq!(output(&r), json!({"a": [1, 2.5, "x"]}));
    // Objects are read up to max_file_bytes.
    let request = json!({"id": PASS_THROUGH_ANY, "wiring": {"input_wirings": [blob_input(
        ANOMALIES, &format!("Anomalies - 2023-02-14 12:19:38+00:00 - {job} (pkl)"))]}});
    let out = rheo_run(
        &scratch,
        &url,
        &request,
        &[("RHEO_ADAPTER_MAX_FILE_BYTES", "16")],
    );
    let r: Json = serde_json::from_slice(&out.stdout).unwrap();
    let msg = error(&r, "AdapterHandlingException", "LOADING_DATA_FROM_ADAPTERS");
    assert!(msg.contains("larger than") && msg.contains(&plain), "{msg}");

    // A pickled class instance (what hetida writes for pandas objects) is refused by name.
    let complex = format!("Influx/Models_2023-02-14T12:19:38+00:00_{job}.pkl");
    moto.put_pickle(&complex, "complex(1, 2)");
    let r = read(
        &scratch,
        &url,
        PASS_THROUGH_ANY,
        MODELS,
        &format!("Models - 2023-02-14 12:19:38+00:00 - {job} (pkl)"),
    );
    let msg = error(&r, "AdapterHandlingException", "LOADING_DATA_FROM_ADAPTERS");
    assert!(msg.contains(BUCKET) && msg.contains(&complex), "{msg}");
    assert!(msg.contains("pickle"), "{msg}");

    // A missing object names bucket and key.
    let r = read(
        &scratch,
        &url,
        PASS_THROUGH_ANY,
        ANOMALIES,
        &format!("Anomalies - 2023-02-14 12:19:39+00:00 - {job} (json)"),
    );
    let msg = error(&r, "AdapterHandlingException", "LOADING_DATA_FROM_ADAPTERS");
    assert!(
        msg.contains(BUCKET)
            && msg.contains(&format!(
                "Influx/Anomalies_2023-02-14T12:19:39+00:00_{job}.json"
            )),
        "{msg}"
    );

    // Wiring errors: no ref_key, an id outside the tree, a key escaping its prefix.
    let mut w = blob_input(ANOMALIES, "x");
    w.as_object_mut().unwrap().remove("ref_key");
    let r = run(
        &scratch,
        &url,
        &json!({"id": PASS_THROUGH_ANY, "wiring": {"input_wirings": [w]}}),
    );
    let msg = error(
        &r,
        "AdapterClientWiringInvalidError",
        "LOADING_DATA_FROM_ADAPTERS",
    );
    assert!(msg.contains("ref_key"), "{msg}");
    let r = read(
        &scratch,
        &url,
        PASS_THROUGH_ANY,
        "planta-picklingunit/../x",
        "x - Next Object",
    );
    let msg = error(
        &r,
        "AdapterClientWiringInvalidError",
        "LOADING_DATA_FROM_ADAPTERS",
    );
    assert!(
        msg.contains("no end node") && msg.contains(ANOMALIES),
        "{msg}"
    );
    let r = read(
        &scratch,
        &url,
        PASS_THROUGH_ANY,
        ANOMALIES,
        "Anomalies - 2023-02-14 12:19:38+00:00 - ../../etc (pkl)",
    );
    error(
        &r,
        "AdapterClientWiringInvalidError",
        "LOADING_DATA_FROM_ADAPTERS",
    );
}

#[test]
fn an_unreachable_endpoint_fails_fast() {
    let (scratch, _) = scratch("blob-unreachable", HIERARCHY);
    let url = format!("http://127.0.0.1:{}", free_port());
    let started = Instant::now();
    let r = read(
        &scratch,
        &url,
        PASS_THROUGH_ANY,
        ANOMALIES,
        "Anomalies - 2023-02-14 12:19:38+00:00 - 4fbc1c58-93bb-4a59-a2a6-4c5f5c0d9e3b (json)",
    );
    let msg = error(&r, "AdapterConnectionError", "LOADING_DATA_FROM_ADAPTERS");
    assert!(msg.contains(&url), "{msg}");
    let r = write(
        &scratch,
        &url,
        PASS_THROUGH_ANY,
        &json!(1),
        Some(next_object(ANOMALIES, "Anomalies")),
    );
    error(&r, "AdapterConnectionError", "SENDING_DATA_TO_ADAPTERS");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn bad_settings_stop_rheo_before_anything_runs() {
    let request = json!({"id": PASS_THROUGH_ANY, "wiring": {"input_wirings": [direct(&json!(1))]}});
    let url = format!("http://127.0.0.1:{}", free_port());
    let fails = |hierarchy: &str, extra: &[(&str, &str)], needles: &[&str]| {
        let (scratch, path) = scratch("blob-bad-settings", hierarchy);
        let out = rheo_run(&scratch, &url, &request, extra);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        for n in needles {
            assert!(stderr.contains(n), "{n:?} missing from: {stderr}");
        }
        // Problems with the hierarchy file name the file.
        if !extra.iter().any(|(k, _)| k.contains("STS")) {
            assert!(stderr.contains(path.to_str().unwrap()), "{stderr}");
        }
    };
    fails(
        "{\"structure\": [",
        &[],
        &["BLOB_STORAGE_ADAPTER_HIERARCHY_LOCATION", "not valid JSON"],
    );
    fails(
        r#"{"structure": [{"name": "Lonely", "description": "no children"}]}"#,
        &[],
        &["hierarchy.json", "Lonely", "no substructure"],
    );
    fails(
        r#"{"structure": [{"name": "P-1", "description": "", "substructure": []}]}"#,
        &[],
        &["P-1", "letters and digits"],
    );
    fails(
        HIERARCHY,
        &[("BLOB_STORAGE_STS_PARAMS", r#"{"DurationSeconds": 3600}"#)],
        &["BLOB_STORAGE_STS_PARAMS", "AWS_ACCESS_KEY_ID"],
    );
    // A valid configuration runs requests that do not even use the adapter.
    let (scratch, _) = scratch("blob-good-settings", HIERARCHY);
    let out = rheo_run(&scratch, &url, &request, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
