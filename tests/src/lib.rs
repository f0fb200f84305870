//! `rheo-e2e`: end-to-end tests that run the real `rheo` binary as a user would.
//!
//! This library only locates the binary and the test data; the tests live in `tests/`.

use std::path::PathBuf;
use std::process::{Command, Output};

/// The `rheo` binary built next to this test executable (`target/<profile>/rheo`).
pub fn rheo_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("RHEO_BIN") {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().expect("test executable path");
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("test executables live in target/<profile>/deps");
    let bin = profile_dir.join(format!("rheo{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} not built; run the tests with `cargo nextest run --workspace` (or set RHEO_BIN)",
        bin.display()
    );
    bin
}

/// A file under `tests/data/`.
pub fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name)
}

/// Runs `rheo` with `args` and an empty, private store directory.
pub fn rheo(args: &[&str]) -> Output {
    let store = std::env::temp_dir().join(format!("rheo-e2e-store-{}", std::process::id()));
    Command::new(rheo_bin())
        .args(args)
        .env("RHEO_STORE", &store)
        .output()
        .expect("rheo runs")
}
