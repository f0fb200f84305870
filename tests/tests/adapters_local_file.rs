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

/// Runs a request reading `source` and writing the result to `root/out/<name>`; returns the
/// written file's text.
fn through_rheo(scratch: &Scratch, root: &Path, source: &Path, name: &str) -> String {
    let r = run(
        scratch,
        root,
        &request(&id(source), &root.join("out"), name),
    );
    assert_eq!(r["result"], "ok", "{r}");
    std::fs::read_to_string(root.join("out").join(name)).unwrap()
}

#[test]
fn parquet_files_written_by_pandas_read_as_pandas_reads_them() {
    let (scratch, root) = setup();
    for case in ["range", "time_index", "naive_int_index"] {
        let p = root.join(format!("in/{case}.parquet"));
        rheo_e2e::pandas_io(&["write-parquet", p.to_str().unwrap(), case]);
        let ours = through_rheo(&scratch, &root, &p, &format!("{case}.csv"));
        let theirs = rheo_e2e::pandas_io(&["parquet-to-csv", p.to_str().unwrap()]);
        assert_eq!(ours, theirs, "case {case}");
    }
}

#[test]
fn parquet_files_written_by_rheo_read_back_in_pandas() {
    let (scratch, root) = setup();
    let src = root.join("in/src.csv");
    std::fs::write(
        &src,
        "t,v,s\n2024-01-01T00:00:00Z,1.5,a\n2024-01-01T01:00:00Z,,b\n",
    )
    .unwrap();
    let settings = r#"{"index_col": "t", "parse_dates": ["t"]}"#;
    std::fs::write(
        root.join("in/src.csv.settings.json"),
        format!(r#"{{"load_settings": {settings}}}"#),
    )
    .unwrap();
    let r = run(
        &scratch,
        &root,
        &request(&id(&src), &root.join("out"), "rheo.parquet"),
    );
    assert_eq!(r["result"], "ok", "{r}");
    let written = root.join("out/rheo.parquet");
    let via_parquet = rheo_e2e::pandas_io(&["parquet-to-csv", written.to_str().unwrap()]);
    let direct = rheo_e2e::pandas_io(&["csv-to-csv", src.to_str().unwrap(), settings]);
    // pandas names the index "t" when it reads the CSV; the frame Rheo wrote has no index
    // name (Rheo's frames carry none), so the header's first cell differs.
    assert_eq!(via_parquet.replacen(",v,s", "t,v,s", 1), direct);
}

#[test]
fn csv_files_read_and_written_as_pandas_does() {
    let (scratch, root) = setup();
    let cases: &[(&str, &str, &str)] = &[
        (
            "types",
            "i,f,g,b,s,n\n1,1.5,1,True,x,\n2,2,,false,,\n3,-0.0,7,TRUE,\"q,\"\"r\"\"\",\n",
            "{}",
        ),
        ("na_strings", "a,b\nNA,null\n1,n/a\nNaN,x\n", "{}"),
        ("written_index", ",a\n0,1.25\n1,1e-05\n", "{}"),
        ("duplicates", "a,a,,b\n1,2,3,4\n", "{}"),
        (
            "index_and_dates",
            "when;v\n2024-01-01 00:00:00;1\n2024-01-02 00:00:00;2\n",
            r#"{"sep": ";", "index_col": 0, "parse_dates": ["when"]}"#,
        ),
        ("big_float", "x\n12345678901234567890\n0.1\n", "{}"),
    ];
    for (name, text, settings) in cases {
        let src = root.join(format!("in/{name}.csv"));
        std::fs::write(&src, text).unwrap();
        if *settings != "{}" {
            std::fs::write(
                root.join(format!("in/{name}.csv.settings.json")),
                format!(r#"{{"load_settings": {settings}}}"#),
            )
            .unwrap();
        }
        let ours = through_rheo(&scratch, &root, &src, &format!("{name}.out.csv"));
        let theirs = rheo_e2e::pandas_io(&["csv-to-csv", src.to_str().unwrap(), settings]);
        let theirs = if name.starts_with("index_and_dates") {
            theirs.replacen("when;", ";", 1).replacen("when,", ",", 1)
        } else {
            theirs
        };
        assert_eq!(ours, theirs, "case {name}");
    }
}

#[test]
fn excel_files_read_as_pandas_reads_them_and_written_for_pandas() {
    let (scratch, root) = setup();
    let p = root.join("in/pandas.xlsx");
    rheo_e2e::pandas_io(&["write-excel", p.to_str().unwrap(), "excel"]);
    // pandas' file → Rheo → CSV equals pandas' read_excel → to_csv.
    let ours = through_rheo(&scratch, &root, &p, "from_excel.csv");
    let theirs = rheo_e2e::pandas_io(&["excel-to-csv", p.to_str().unwrap(), "{}"]);
    assert_eq!(ours, theirs);
    // Rheo writes .xlsx → pandas reads the same table back.
    let r = run(
        &scratch,
        &root,
        &request(&id(&p), &root.join("out"), "rheo.xlsx"),
    );
    assert_eq!(r["result"], "ok", "{r}");
    let written = root.join("out/rheo.xlsx");
    let again = rheo_e2e::pandas_io(&["excel-to-csv", written.to_str().unwrap(), "{}"]);
    // Read with its index column, the file Rheo wrote is the table pandas read.
    let via_rheo = rheo_e2e::pandas_io(&[
        "excel-to-csv",
        written.to_str().unwrap(),
        r#"{"index_col": 0}"#,
    ]);
    assert_eq!(via_rheo, theirs, "{again}");
    // Settings: a named sheet and rows skipped.
    std::fs::write(
        root.join("in/pandas.xlsx.settings.json"),
        r#"{"load_settings": {"sheet_name": "Sheet1", "nrows": 2, "index_col": 0}}"#,
    )
    .unwrap();
    let ours = through_rheo(&scratch, &root, &p, "two_rows.csv");
    let theirs = rheo_e2e::pandas_io(&[
        "excel-to-csv",
        p.to_str().unwrap(),
        r#"{"sheet_name": "Sheet1", "nrows": 2, "index_col": 0}"#,
    ]);
    assert_eq!(ours, theirs);
    // Damaged files are clear errors.
    std::fs::write(root.join("in/old.xls"), b"\xd0\xcf\x11\xe0junk").unwrap();
    std::fs::write(root.join("in/bad.xlsx"), b"PK\x03\x04 not really").unwrap();
    std::fs::write(root.join("in/bad.ods"), b"PK\x03\x04 not really").unwrap();
    for name in ["old.xls", "bad.xlsx", "bad.ods"] {
        let r = run(
            &scratch,
            &root,
            &request(&id(&root.join("in").join(name)), &root.join("out"), "x.csv"),
        );
        assert_eq!(r["error"]["type"], "AdapterHandlingException", "{r}");
    }
}

#[test]
fn xls_and_ods_files_read_as_pandas_reads_them() {
    let (scratch, root) = setup();
    for (name, writer, case) in [
        ("pandas.ods", "write-ods", "excel"),
        ("pandas.xls", "write-xls", "excel"),
    ] {
        let p = root.join("in").join(name);
        rheo_e2e::pandas_io(&[writer, p.to_str().unwrap(), case]);
        let ours = through_rheo(&scratch, &root, &p, &format!("from_{name}.csv"));
        let theirs = rheo_e2e::pandas_io(&["excel-to-csv", p.to_str().unwrap(), "{}"]);
        assert_eq!(ours, theirs, "{name}");
    }
}

#[test]
fn spreadsheets_claiming_billions_of_cells_are_refused_before_they_are_opened() {
    let (scratch, root) = setup();
    for (name, writer) in [
        ("huge.xls", "write-huge-xls"),
        ("huge.ods", "write-huge-ods"),
    ] {
        let p = root.join("in").join(name);
        rheo_e2e::pandas_io(&[writer, p.to_str().unwrap()]);
        assert!(
            std::fs::metadata(&p).unwrap().len() < 64 * 1024,
            "{name} is small"
        );
        let r = run(
            &scratch,
            &root,
            &request(&id(&p), &root.join("out"), "x.csv"),
        );
        assert_eq!(
            r["error"]["type"], "AdapterHandlingException",
            "{name}: {r}"
        );
        let message = r["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("more than Rheo reads"),
            "{name}: {message}"
        );
    }
}

/// Pass Through (Any).
const PASS_THROUGH_ANY: &str = "1946d5f8-44a8-724c-176f-16f3e49963af";

fn any_request(source: &str, sink_dir: &Path, file_name: &str) -> Json {
    json!({"id": PASS_THROUGH_ANY, "wiring": {
        "input_wirings": [{"workflow_input_name": "input", "adapter_id": "local-file-adapter",
            "ref_id": id(sink_dir), "ref_id_type": "THINGNODE", "ref_key": source,
            "type": "metadata(any)", "filters": {}}],
        "output_wirings": [{"workflow_output_name": "output", "adapter_id": "local-file-adapter",
            "ref_id": id(sink_dir), "ref_id_type": "THINGNODE",
            "ref_key": format!("GENERIC_ANY_SINK_AT_{}", id(sink_dir)),
            "type": "metadata(any)", "filters": {"file_name": file_name}}]}})
}

#[test]
fn pickles_of_plain_values_are_read_and_written() {
    let (scratch, root) = setup();
    let p = root.join("in/values.pkl");
    rheo_e2e::pandas_io(&["write-pickle", p.to_str().unwrap()]);
    let r = run(
        &scratch,
        &root,
        &any_request(&id(&p), &root.join("out"), "copy.pkl"),
    );
    assert_eq!(r["result"], "ok", "{r}");
    let back = rheo_e2e::pandas_io(&["read-pickle", root.join("out/copy.pkl").to_str().unwrap()]);
    assert_eq!(
        serde_json::from_str::<Json>(&back).unwrap(),
        json!({"3": {"n": -70000}, "a": [1, 2.5, "x", null, true], "b": [1]})
    );
    // A pickled object (here a pandas frame, from the parquet fixture's writer) is refused
    // with the class named, and so are damaged pickles.
    std::fs::write(
        root.join("in/frame.pkl"),
        b"\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00\x8c\x11pandas.core.frame\x94\x8c\tDataFrame\x94\x93\x94.",
    )
    .unwrap();
    let r = run(
        &scratch,
        &root,
        &any_request(&id(&root.join("in/frame.pkl")), &root.join("out"), "x.pkl"),
    );
    assert_eq!(r["error"]["type"], "AdapterHandlingException", "{r}");
    let msg = r["error"]["message"].as_str().unwrap();
    assert!(msg.contains("pandas.core.frame.DataFrame"), "{r}");
}

#[test]
fn a_million_row_csv_goes_to_parquet_and_back_through_the_adapter() {
    use std::fmt::Write as _;
    let (scratch, root) = setup();
    const N: i64 = 1_000_000;
    let start = 1_577_836_800; // 2020-01-01T00:00:00Z
    let mut text = String::with_capacity(40 * N as usize);
    text.push_str("timestamp,value\n");
    for i in 0..N {
        let t = start + 60 * i;
        let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
        let (y, m, d) = rheo_core::value::timestamp::civil_from_days(days);
        let (h, mi, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        writeln!(
            text,
            "{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z,{}",
            i % 1000
        )
        .unwrap();
    }
    let csv = root.join("in/rows.csv");
    std::fs::write(&csv, &text).unwrap();
    std::fs::write(
        root.join("in/rows.csv.settings.json"),
        r#"{"load_settings": {"index_col": "timestamp", "parse_dates": ["timestamp"]}}"#,
    )
    .unwrap();
    let r = run(
        &scratch,
        &root,
        &request(&id(&csv), &root.join("out"), "rows.parquet"),
    );
    assert_eq!(r["result"], "ok", "{r}");
    // pandas reads what Rheo wrote: every row, the UTC index, the values.
    let parquet = root.join("out/rows.parquet");
    let summary: Json = serde_json::from_str(&rheo_e2e::pandas_io(&[
        "summary",
        parquet.to_str().unwrap(),
    ]))
    .unwrap();
    let sum: i64 = (0..N).map(|i| i % 1000).sum();
    assert_eq!(
        summary,
        json!({"rows": N, "index_dtype": "datetime64[ns, UTC]",
               "first": "2020-01-01 00:00:00+00:00", "last": "2021-11-25 10:39:00+00:00",
               "sums": {"value": sum as f64}})
    );
    // And Rheo reads its own Parquet file back into the same frame.
    let r = run(
        &scratch,
        &root,
        &request(&id(&parquet), &root.join("out"), "again.parquet"),
    );
    assert_eq!(r["result"], "ok", "{r}");
    let again = root.join("out/again.parquet");
    assert_eq!(
        rheo_e2e::pandas_io(&["summary", again.to_str().unwrap()]),
        rheo_e2e::pandas_io(&["summary", parquet.to_str().unwrap()])
    );
}
