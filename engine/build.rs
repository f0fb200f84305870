//! Embeds the shipped hetida-format transformations (`../transformations/**.json`) into the
//! binary, so `rheo` knows its components and example workflows wherever it runs.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("transformations");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut code = String::from(
        "/// Shipped transformation files with the fields the store indexes them by, read here at\n\
         /// build time so that a start parses only the revisions a request uses.\n\
         pub static BUILTIN_TRANSFORMATIONS: &[Builtin] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f
            .strip_prefix(&root)
            .expect("collected below the root")
            .display()
            .to_string();
        let abs = f.canonicalize().expect("a collected file exists");
        let text = std::fs::read_to_string(&abs).expect("a shipped transformation is readable");
        let json: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel} is no JSON: {e}"));
        let field = |k: &str| json.get(k).and_then(|v| v.as_str()).map(str::to_string);
        writeln!(
            code,
            "    Builtin {{ path: {rel:?}, id: {:?}, revision_group_id: {:?}, released: {:?}, \
             released_timestamp: {:?}, text: include_str!({:?}) }},",
            field("id").unwrap_or_else(|| panic!("{rel} has no id")),
            field("revision_group_id").unwrap_or_default(),
            field("state").as_deref() == Some("RELEASED"),
            field("released_timestamp").unwrap_or_default(),
            abs.display().to_string()
        )
        .expect("writing to a String");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin_transformations.rs");
    std::fs::write(out, code).expect("writing the generated transformation list");
}
