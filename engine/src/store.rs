//! The transformation store: every known component and workflow revision, held in memory.
//!
//! At start the store holds the transformations shipped inside the binary plus those in the
//! store directory (what `rheo import` wrote). The directory uses hetida's export layout
//! (hetida-compat §11.1), so it can be copied back into hetida.

use rheo_components::hetida_json::{export_path, revision_to_export_json};
use rheo_core::model::transformation::{State, TrafoType, TransformationRevision};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use thiserror::Error;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_transformations.rs"));
}

/// Why loading or importing transformations failed.
#[derive(Debug, Error)]
pub enum StoreError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file is not a valid transformation revision.
    #[error("{path}: not a hetida transformation revision: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A workflow references a workflow that is neither in the import nor in the store.
    #[error("workflow '{workflow}' ({id}) references workflow {missing}, which is neither imported nor stored")]
    MissingNested {
        /// The referencing workflow's name.
        workflow: String,
        /// Its id.
        id: String,
        /// The missing revision id.
        missing: String,
    },
}

/// All known transformation revisions, by id.
#[derive(Debug, Default, Clone)]
pub struct Store {
    by_id: HashMap<String, Arc<TransformationRevision>>,
    dir: Option<PathBuf>,
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// Files imported (written to the store directory).
    pub imported: usize,
    /// Files skipped, with the reason.
    pub skipped: Vec<String>,
}

impl Store {
    /// An empty store without a directory.
    pub fn new() -> Self {
        Self::default()
    }

    /// The shipped transformations plus everything in `dir` (created if missing).
    pub fn open(dir: Option<&Path>) -> Result<Self, StoreError> {
        let mut store = Store::with_builtin()?;
        if let Some(dir) = dir {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
            for trafo in load_dir(dir)?.0 {
                store.insert(trafo);
            }
            store.dir = Some(dir.to_path_buf());
        }
        Ok(store)
    }

    /// Only the transformations shipped with the engine.
    pub fn with_builtin() -> Result<Self, StoreError> {
        let mut store = Store::new();
        for (path, text) in builtin::BUILTIN_TRANSFORMATIONS {
            let trafo: TransformationRevision =
                serde_json::from_str(text).map_err(|e| StoreError::Invalid {
                    path: format!("transformations/{path}"),
                    message: e.to_string(),
                })?;
            store.insert(trafo);
        }
        Ok(store)
    }

    /// Adds or replaces a revision (in memory only).
    pub fn insert(&mut self, trafo: TransformationRevision) {
        self.by_id.insert(trafo.id.clone(), Arc::new(trafo));
    }

    /// A revision by id.
    pub fn get(&self, id: &str) -> Option<&Arc<TransformationRevision>> {
        self.by_id.get(id)
    }

    /// The latest RELEASED revision of a revision group (greatest `released_timestamp`).
    pub fn latest_released(&self, revision_group_id: &str) -> Option<&Arc<TransformationRevision>> {
        self.by_id
            .values()
            .filter(|t| t.revision_group_id == revision_group_id && t.state == State::Released)
            .max_by(|a, b| released_key(a).cmp(&released_key(b)))
    }

    /// All revisions, sorted by type, category, name and version.
    pub fn all(&self) -> Vec<&Arc<TransformationRevision>> {
        let mut v: Vec<_> = self.by_id.values().collect();
        v.sort_by(|a, b| {
            (
                a.trafo_type.as_str(),
                a.category_or_default(),
                &a.name,
                &a.version_tag,
            )
                .cmp(&(
                    b.trafo_type.as_str(),
                    b.category_or_default(),
                    &b.name,
                    &b.version_tag,
                ))
        });
        v
    }

    /// Number of revisions.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Imports every transformation under `src` (hetida export layout or any tree of JSON
    /// files): validates nesting, writes each into the store directory and adds it here.
    pub fn import_dir(&mut self, src: &Path) -> Result<ImportReport, StoreError> {
        let (trafos, skipped) = load_dir(src)?;
        let ordered = nesting_order(&trafos, self)?;
        let mut report = ImportReport {
            skipped,
            ..Default::default()
        };
        for trafo in ordered {
            if let Some(dir) = &self.dir {
                write_export_file(dir, &trafo)?;
            }
            self.insert(trafo);
            report.imported += 1;
        }
        Ok(report)
    }
}

fn released_key(t: &TransformationRevision) -> String {
    // ISO timestamps normalised to UTC by hetida sort lexicographically.
    t.released_timestamp.clone().unwrap_or_default()
}

/// Reads every `.json` and `.py` transformation under `dir` (a `.py` component module is read
/// as data, never executed); other files are skipped with a reason.
pub fn load_dir(dir: &Path) -> Result<(Vec<TransformationRevision>, Vec<String>), StoreError> {
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    files.sort();
    let mut trafos = Vec::new();
    let mut skipped = Vec::new();
    for path in files {
        let is_py = path.extension().is_some_and(|e| e == "py");
        if !is_py && path.extension().is_none_or(|e| e != "json") {
            skipped.push(format!(
                "{}: skipped (only .json and .py transformation files are read)",
                path.display()
            ));
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|source| StoreError::Io {
            path: path.clone(),
            source,
        })?;
        if is_py {
            match crate::py_component::component_from_py(&text) {
                Ok(t) => trafos.push(t),
                Err(e) => skipped.push(format!(
                    "{}: skipped, not a component module: {e}",
                    path.display()
                )),
            }
            continue;
        }
        match serde_json::from_str::<TransformationRevision>(&text) {
            Ok(t) => trafos.push(t),
            Err(e) => skipped.push(format!(
                "{}: skipped, not a transformation: {e}",
                path.display()
            )),
        }
    }
    Ok((trafos, skipped))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), StoreError> {
    let entries = std::fs::read_dir(dir).map_err(|source| StoreError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Orders transformations for import: components first, then workflows by nesting level
/// (hetida-compat §11.2), so nested workflows exist before the workflows using them.
pub fn nesting_order(
    trafos: &[TransformationRevision],
    store: &Store,
) -> Result<Vec<TransformationRevision>, StoreError> {
    let by_id: HashMap<&str, &TransformationRevision> =
        trafos.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut level: HashMap<String, usize> = HashMap::new();
    fn level_of(
        t: &TransformationRevision,
        by_id: &HashMap<&str, &TransformationRevision>,
        store: &Store,
        level: &mut HashMap<String, usize>,
        depth: usize,
    ) -> Result<usize, StoreError> {
        if let Some(l) = level.get(&t.id) {
            return Ok(*l);
        }
        let Some(content) = t.workflow() else {
            return Ok(0);
        };
        let mut l = 1;
        for op in &content.operators {
            if op.operator_type != TrafoType::Workflow {
                continue;
            }
            let nested_level = match by_id.get(op.transformation_id.as_str()) {
                Some(n) if depth < 64 => level_of(n, by_id, store, level, depth + 1)?,
                _ if store.get(&op.transformation_id).is_some() => 0,
                _ => {
                    return Err(StoreError::MissingNested {
                        workflow: t.name.clone(),
                        id: t.id.clone(),
                        missing: op.transformation_id.clone(),
                    })
                }
            };
            l = l.max(nested_level + 1);
        }
        level.insert(t.id.clone(), l);
        Ok(l)
    }
    let mut keyed = Vec::with_capacity(trafos.len());
    for t in trafos {
        keyed.push((level_of(t, &by_id, store, &mut level, 0)?, t.clone()));
    }
    keyed.sort_by_key(|(l, _)| *l);
    Ok(keyed.into_iter().map(|(_, t)| t).collect())
}

fn write_export_file(root: &Path, t: &TransformationRevision) -> Result<(), StoreError> {
    let path = root.join(export_path(t));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(&path, revision_to_export_json(t))
        .map_err(|source| StoreError::Io { path, source })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rheo_components::hetida_json::slug;

    #[test]
    fn slugs_follow_hetida() {
        assert_eq!(slug("Basic Arithmetic"), "basic-arithmetic");
        assert_eq!(slug("1.0.0"), "100");
        assert_eq!(slug("Add"), "add");
        assert_eq!(
            slug("Time Intervals - Substitution with fixed value per interval"),
            "time-intervals-substitution-with-fixed-value-per-interval"
        );
        assert_eq!(slug("Pass Through (Series)"), "pass-through-series");
    }

    #[test]
    fn builtin_store_has_the_rul_example() {
        let store = Store::with_builtin().unwrap();
        let wf = store
            .get("806df1b9-2fc8-4463-943f-3d258c569663")
            .expect("RUL example shipped");
        assert_eq!(wf.trafo_type, TrafoType::Workflow);
        assert_eq!(
            store.latest_released(&wf.revision_group_id).unwrap().id,
            wf.id
        );
    }

    #[test]
    fn export_round_trips_every_builtin_file() {
        for (path, text) in builtin::BUILTIN_TRANSFORMATIONS {
            let t: TransformationRevision = serde_json::from_str(text).unwrap();
            let again: TransformationRevision =
                serde_json::from_str(&revision_to_export_json(&t)).unwrap();
            assert_eq!(t, again, "{path}");
            let original: serde_json::Value = serde_json::from_str(text).unwrap();
            let exported: serde_json::Value =
                serde_json::from_str(&revision_to_export_json(&t)).unwrap();
            assert_eq!(original, exported, "{path}: export must keep every field");
        }
    }

    #[test]
    fn import_writes_hetida_layout_and_orders_nested_workflows() {
        let tmp = std::env::temp_dir().join(format!("rheo-store-test-{}", uuid::Uuid::new_v4()));
        let src = tmp.join("src");
        std::fs::create_dir_all(&src).unwrap();
        let builtin = Store::with_builtin().unwrap();
        let wf = builtin.get("806df1b9-2fc8-4463-943f-3d258c569663").unwrap();
        let mut outer = (**wf).clone();
        outer.id = "11111111-2222-3333-4444-555555555555".into();
        outer.name = "Outer Ünicode".into();
        if let rheo_core::model::transformation::Content::Workflow(c) = &mut outer.content {
            c.operators[0].operator_type = TrafoType::Workflow;
            c.operators[0].transformation_id = wf.id.clone();
        }
        std::fs::write(
            src.join("outer.json"),
            serde_json::to_string(&outer).unwrap(),
        )
        .unwrap();
        std::fs::write(
            src.join("inner.json"),
            serde_json::to_string(&**wf).unwrap(),
        )
        .unwrap();
        std::fs::write(src.join("notes.txt"), "hello").unwrap();
        let mut store = Store::open(Some(&tmp.join("store"))).unwrap();
        let report = store.import_dir(&src).unwrap();
        assert_eq!(report.imported, 2);
        assert_eq!(report.skipped.len(), 1);
        let written = tmp.join("store").join(export_path(&outer));
        let text = std::fs::read_to_string(&written).unwrap();
        assert!(text.is_ascii());
        assert!(text.contains("Outer \\u00dcnicode"));
        let reopened = Store::open(Some(&tmp.join("store"))).unwrap();
        assert_eq!(**reopened.get(&outer.id).unwrap(), outer);
        std::fs::remove_dir_all(&tmp).ok();
    }

    #[test]
    fn import_refuses_missing_nested_workflow() {
        let builtin = Store::with_builtin().unwrap();
        let wf = builtin.get("806df1b9-2fc8-4463-943f-3d258c569663").unwrap();
        let mut outer = (**wf).clone();
        if let rheo_core::model::transformation::Content::Workflow(c) = &mut outer.content {
            c.operators[0].operator_type = TrafoType::Workflow;
            c.operators[0].transformation_id = "99999999-2222-3333-4444-555555555555".into();
        }
        let e = nesting_order(&[outer], &Store::new()).unwrap_err();
        assert!(e.to_string().contains("99999999"), "{e}");
    }
}
