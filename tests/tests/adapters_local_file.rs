//! The local file adapter through the real binary: a workflow reads a CSV file (plain and
//! compressed, with a settings file) and writes its result to a generic sink; ids that
//! leave the configured root (`..`, an absolute path, a link) are refused with hetida's
//! error type at the loading stage.

#![allow(clippy::unwrap_used)]

use rheo_e2e::{rheo_bin, Scratch};
use serde_json::{json, Value as Json};
use std::path::Path;
use std::process::Command;

/// Pass Through (DataFrame): DATAFRAME `input` → DATAFRAME `output`.
const PASS_THROUGH_FRAME: &str = "7a1a818f-fa89-6062-1e0e-fc80539bbe0a";

/// hetida's URL representation of a path.
fn id(path: &Path) -> String {
    path.to_str()
        .unwrap()
        .replace('_', "-_-")
        .replace('/', "__")
}

fn run(scratch: &Scratch, root: &Path, request: &Json) -> Json {
    let req = scratch.path().join("request.json");
    std::fs::write(&req, request.to_string()).unwrap();
    let out = Command::new(rheo_bin())
        .args(["run", req.to_str().unwrap()])
        .env("RHEO_STORE", scratch.path().join("store"))
        .env(
            "RUNTIME_LOCAL_FILE_ADAPTER_LOCAL_DIRECTORIES",
            json!([root]).to_string(),
        )
        .output()
        .unwrap();
    assert!(
        out.status.success() || out.status.code() == Some(1),
        "rheo run crashed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn request(source: &str, sink_dir: &Path, file_name: &str) -> Json {
    json!({
        "id": PASS_THROUGH_FRAME,
        "wiring": {
            "input_wirings": [{"workflow_input_name": "input", "adapter_id": "local-file-adapter",
                "ref_id": source, "ref_id_type": "SOURCE", "type": "dataframe", "filters": {}}],
            "output_wirings": [{"workflow_output_name": "output", "adapter_id": "local-file-adapter",
                "ref_id": format!("GENERIC_DATAFRAME_SINK_AT_{}", id(sink_dir)), "ref_id_type": "SINK",
                "type": "dataframe", "filters": {"file_name": file_name}}]
        }
    })
}

fn setup() -> (Scratch, std::path::PathBuf) {
    let scratch = Scratch::new("local-file");
    let root = scratch.path().join("root_dir");
    std::fs::create_dir_all(root.join("in")).unwrap();
    std::fs::create_dir_all(root.join("out")).unwrap();
    (scratch, root)
}

#[test]
fn a_csv_file_is_read_and_the_result_written_to_a_generic_sink() {
    let (scratch, root) = setup();
    let source = root.join("in/data_1.csv");
    std::fs::write(&source, "a;b\n1;2,5\n3;4,5\n").unwrap();
    std::fs::write(
        root.join("in/data_1.csv.settings.json"),
        r#"{"load_settings": {"sep": ";", "decimal": ","}}"#,
    )
    .unwrap();
    let r = run(
        &scratch,
        &root,
        &request(&id(&source), &root.join("out"), "result.csv"),
    );
    assert_eq!(r["result"], "ok", "{r}");
    // Sent to an adapter: not in the results, but its type is reported (as in hetida).
    assert!(
        r["output_results_by_output_name"].get("output").is_none(),
        "{r}"
    );
    assert_eq!(r["output_types_by_output_name"]["output"], "DATAFRAME");
    let written = std::fs::read_to_string(root.join("out/result.csv")).unwrap();
    assert_eq!(written, ",a,b\n0,1,2.5\n1,3,4.5\n");
}

#[test]
fn compressed_csv_files_are_read() {
    let (scratch, root) = setup();
    let plain = b"x,y\n1,a\n2,b\n";
    let gz = root.join("in/data.csv.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut enc, plain).unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    let r = run(
        &scratch,
        &root,
        &request(&id(&gz), &root.join("out"), "gz.csv"),
    );
    assert_eq!(r["result"], "ok", "{r}");
    let written = std::fs::read_to_string(root.join("out/gz.csv")).unwrap();
    assert_eq!(written, ",x,y\n0,1,a\n1,2,b\n");
}

#[test]
fn ids_that_leave_the_root_are_refused() {
    let (scratch, root) = setup();
    let secret = scratch.path().join("secret.csv");
    std::fs::write(&secret, "s\n1\n").unwrap();
    let link = root.join("in/link.csv");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    let up = root.join("in/../../secret.csv");
    for source in [
        id(&up),
        id(&secret),
        id(&link),
        id(Path::new("/etc/passwd.csv")),
    ] {
        let r = run(
            &scratch,
            &root,
            &request(&source, &root.join("out"), "x.csv"),
        );
        assert_eq!(r["result"], "failure", "{source}: {r}");
        assert_eq!(r["error"]["type"], "AdapterHandlingException", "{r}");
        assert_eq!(
            r["error"]["process_stage"], "LOADING_DATA_FROM_ADAPTERS",
            "{r}"
        );
    }
    // A sink file name that is a path is refused too.
    let source = root.join("in/ok.csv");
    std::fs::write(&source, "a\n1\n").unwrap();
    let r = run(
        &scratch,
        &root,
        &request(&id(&source), &root.join("out"), "../../escape.csv"),
    );
    assert_eq!(r["error"]["type"], "AdapterClientWiringInvalidError", "{r}");
    assert_eq!(
        r["error"]["process_stage"], "SENDING_DATA_TO_ADAPTERS",
        "{r}"
    );
    assert!(!scratch.path().join("escape.csv").exists());
}

#[test]
fn missing_files_bad_settings_and_unwritable_sinks_fail_clearly() {
    let (scratch, root) = setup();
    let missing = root.join("in/nope.csv");
    let r = run(
        &scratch,
        &root,
        &request(&id(&missing), &root.join("out"), "x.csv"),
    );
    let msg = r["error"]["message"].as_str().unwrap();
    assert!(msg.contains("could not be located"), "{r}");
    let source = root.join("in/d.csv");
    std::fs::write(&source, "a\n1\n").unwrap();
    std::fs::write(
        root.join("in/d.csv.settings.json"),
        r#"{"load_settings": {"dtype": "str"}}"#,
    )
    .unwrap();
    let r = run(
        &scratch,
        &root,
        &request(&id(&source), &root.join("out"), "x.csv"),
    );
    assert!(
        r["error"]["message"].as_str().unwrap().contains("'dtype'"),
        "{r}"
    );
    // A plain file sink needs `writable: true` in its settings file.
    std::fs::remove_file(root.join("in/d.csv.settings.json")).unwrap();
    let mut req = request(&id(&source), &root.join("out"), "x.csv");
    req["wiring"]["output_wirings"][0]["ref_id"] = id(&root.join("out/plain.csv")).into();
    let r = run(&scratch, &root, &req);
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not writable"),
        "{r}"
    );
    std::fs::write(
        root.join("out/plain.csv.settings.json"),
        r#"{"writable": true, "write_settings": {"index": false}}"#,
    )
    .unwrap();
    let r = run(&scratch, &root, &req);
    assert_eq!(r["result"], "ok", "{r}");
    assert_eq!(
        std::fs::read_to_string(root.join("out/plain.csv")).unwrap(),
        "a\n1\n"
    );
}
