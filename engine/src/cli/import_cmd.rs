//! `rheo import`: hetida exports into the local store.

use super::write_stdout;
use crate::store::Store;
use anyhow::{bail, Context, Result};
use std::path::Path;

/// `rheo import`: imports a directory and prints what was imported and what was skipped.
pub(super) fn import_command(store_dir: Option<&Path>, dir: &Path) -> Result<i32> {
    let Some(store_dir) = store_dir else {
        bail!("no store directory: pass --store DIR or set RHEO_STORE");
    };
    let mut store = Store::open(Some(store_dir))?;
    let report = store
        .import_dir(dir)
        .with_context(|| format!("importing {}", dir.display()))?;
    write_stdout(|out| {
        writeln!(
            out,
            "imported {} transformation(s) into {}",
            report.imported,
            store_dir.display()
        )?;
        if !report.skipped.is_empty() {
            writeln!(
                out,
                "skipped {} file(s) ({} symbolic link(s), never followed):",
                report.skipped.len(),
                report.symlinks()
            )?;
        }
        for s in &report.skipped {
            writeln!(out, "  {s}")?;
        }
        Ok(())
    })?;
    Ok(0)
}
