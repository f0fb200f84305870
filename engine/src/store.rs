//! The transformation store: every known component and workflow revision, held in memory.
//!
//! At start the store holds the transformations shipped inside the binary plus those in the
//! store directory (what `rheo import` wrote). The directory uses hetida's export layout
//! (hetida-compat §11.1), so it can be copied back into hetida.

use rheo_core::model::hetida_json::{export_path, revision_to_export_json};
use rheo_core::model::transformation::{State, TrafoType, TransformationRevision};
use std::collections::HashMap;
use std::fs::Metadata;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use thiserror::Error;

mod builtin {
    /// A shipped transformation file and the fields the store indexes it by.
    pub struct Builtin {
        /// Path below `transformations/`.
        pub path: &'static str,
        /// Revision id.
        pub id: &'static str,
        /// Revision group id.
        pub revision_group_id: &'static str,
        /// Whether its state is RELEASED.
        pub released: bool,
        /// Its release time (empty when none).
        pub released_timestamp: &'static str,
        /// The JSON text.
        pub text: &'static str,
    }

    include!(concat!(env!("OUT_DIR"), "/builtin_transformations.rs"));
}

/// A revision of the store: parsed, or a shipped one parsed when first used (a start parses
/// only what the request needs; `rheo run` of one workflow reads a handful of the ~200).
#[derive(Debug, Clone)]
struct Slot {
    parsed: OnceLock<Arc<TransformationRevision>>,
    shipped: Option<&'static builtin::Builtin>,
}

impl Slot {
    fn parsed(t: Arc<TransformationRevision>) -> Self {
        Slot {
            parsed: OnceLock::from(t),
            shipped: None,
        }
    }

    fn revision(&self) -> &Arc<TransformationRevision> {
        self.parsed.get_or_init(|| {
            let b = self.shipped.expect("a slot is either parsed or shipped");
            // Every shipped file is parsed by the tests (`export_round_trips_every_builtin_file`).
            Arc::new(
                serde_json::from_str(b.text).unwrap_or_else(|e| {
                    panic!("shipped transformation {} is invalid: {e}", b.path)
                }),
            )
        })
    }

    /// (revision group, released, release time) without parsing a shipped revision. Release
    /// times are ISO timestamps normalised to UTC by hetida: they sort as text.
    fn release_key(&self) -> (&str, bool, &str) {
        if let Some(t) = self.parsed.get() {
            return (
                t.revision_group_id.as_str(),
                t.state == State::Released,
                t.released_timestamp.as_deref().unwrap_or(""),
            );
        }
        match self.shipped {
            Some(b) => (b.revision_group_id, b.released, b.released_timestamp),
            None => ("", false, ""),
        }
    }
}

impl std::fmt::Debug for builtin::Builtin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.path)
    }
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
    by_id: HashMap<String, Slot>,
    dir: Option<PathBuf>,
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// Files imported (written to the store directory).
    pub imported: usize,
    /// Files and directories passed over, with the reason, sorted by path.
    pub skipped: Vec<Skipped>,
}

impl ImportReport {
    /// How many symbolic links were skipped (they are never followed).
    pub fn symlinks(&self) -> usize {
        self.skipped
            .iter()
            .filter(|s| s.reason == SkipReason::Symlink)
            .count()
    }
}

/// Largest transformation file read, in bytes (16 MiB; shipped ones are below 100 KiB).
/// Exists so a huge or endless file cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Deepest directory level entered below an import root. Exists so a pathologically deep
/// tree ends the walk instead of exhausting memory.
pub const MAX_DEPTH: usize = 64;

/// Most directory entries one import looks at; a larger tree is cut off there (and says so).
pub const MAX_ENTRIES: usize = 200_000;

/// A file or directory that loading passed over, and why: what the import report lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The entry.
    pub path: PathBuf,
    /// Why it was not read.
    pub reason: SkipReason,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// Why an entry under a transformation directory was not read. Exists so one odd file
/// (a link, a FIFO, a broken export) is reported instead of hanging or aborting the import.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SkipReason {
    /// Links are never followed, so a walk cannot loop, repeat itself or leave the root.
    #[error("symbolic link, not followed")]
    Symlink,
    /// FIFOs, sockets and devices are never opened: reading them may block or never end.
    #[error("{0}, not a regular file")]
    NotARegularFile(&'static str),
    /// A directory nested more than [`MAX_DEPTH`] levels below the root.
    #[error("directory nested more than {MAX_DEPTH} levels deep, not entered")]
    TooDeep,
    /// The import had looked at its limit of entries ([`MAX_ENTRIES`]) already.
    #[error("too many entries in the tree: the rest was not looked at")]
    TooManyEntries,
    /// Neither `.json` nor `.py`.
    #[error("only .json and .py transformation files are read")]
    NotATransformationFile,
    /// Larger than [`MAX_FILE_BYTES`] (by its size, or by what reading it returned).
    #[error("larger than {MAX_FILE_BYTES} bytes (16 MiB), the limit for a transformation file")]
    TooLarge,
    /// The bytes are not UTF-8 text.
    #[error("not UTF-8 text")]
    NotUtf8,
    /// The entry could not be inspected, opened or read.
    #[error("unreadable: {0}")]
    Unreadable(String),
    /// Swapped for another file between listing and opening.
    #[error("changed while being read")]
    Changed,
    /// A `.json` file that is no hetida transformation revision.
    #[error("not a transformation: {0}")]
    NotATransformation(String),
    /// A `.py` file without a readable `COMPONENT_INFO`.
    #[error("not a component module: {0}")]
    NotAComponentModule(String),
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

    /// Only the transformations shipped with the engine (each parsed when first used).
    pub fn with_builtin() -> Result<Self, StoreError> {
        let mut store = Store::new();
        for b in builtin::BUILTIN_TRANSFORMATIONS {
            store.by_id.insert(
                b.id.to_string(),
                Slot {
                    parsed: OnceLock::new(),
                    shipped: Some(b),
                },
            );
        }
        Ok(store)
    }

    /// Adds or replaces a revision (in memory only).
    pub fn insert(&mut self, trafo: TransformationRevision) {
        self.by_id
            .insert(trafo.id.clone(), Slot::parsed(Arc::new(trafo)));
    }

    /// The directory revisions are written to, if any.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// A revision by id.
    pub fn get(&self, id: &str) -> Option<&Arc<TransformationRevision>> {
        self.by_id.get(id).map(Slot::revision)
    }

    /// The latest RELEASED revision of a revision group (greatest `released_timestamp`).
    pub fn latest_released(&self, revision_group_id: &str) -> Option<&Arc<TransformationRevision>> {
        self.by_id
            .values()
            .filter(|s| {
                let (group, released, _) = s.release_key();
                group == revision_group_id && released
            })
            .max_by(|a, b| a.release_key().2.cmp(b.release_key().2))
            .map(Slot::revision)
    }

    /// All revisions, sorted by type, category, name and version.
    pub fn all(&self) -> Vec<&Arc<TransformationRevision>> {
        let mut v: Vec<_> = self.by_id.values().map(Slot::revision).collect();
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

    /// Adds or replaces a revision and writes it into the store directory (atomically; the
    /// file of the revision it replaces is removed when its name or category changed).
    pub fn put(
        &mut self,
        trafo: TransformationRevision,
    ) -> Result<Arc<TransformationRevision>, StoreError> {
        if let Some(dir) = &self.dir {
            write_export_file(dir, &trafo)?;
            if let Some(old) = self.get(&trafo.id) {
                if export_path(old) != export_path(&trafo) {
                    remove_export_file(dir, old)?;
                }
            }
        }
        let stored = Arc::new(trafo);
        self.by_id
            .insert(stored.id.clone(), Slot::parsed(stored.clone()));
        Ok(stored)
    }

    /// Removes a revision, and its file from the store directory; `None` if not stored.
    /// (A shipped revision comes back when the store is opened again.)
    pub fn remove(&mut self, id: &str) -> Result<Option<Arc<TransformationRevision>>, StoreError> {
        let Some(old) = self.by_id.remove(id).map(|s| s.revision().clone()) else {
            return Ok(None);
        };
        if let Some(dir) = &self.dir {
            remove_export_file(dir, &old)?;
        }
        Ok(Some(old))
    }

    /// The workflows with an operator that runs revision `id`.
    pub fn users_of(&self, id: &str) -> Vec<&Arc<TransformationRevision>> {
        self.by_id
            .values()
            .map(Slot::revision)
            .filter(|t| {
                t.workflow()
                    .is_some_and(|w| w.operators.iter().any(|op| op.transformation_id == id))
            })
            .collect()
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

/// The job database's file in the store directory (with SQLite's `-wal` and `-shm` beside
/// it): Rheo's own, passed over silently when transformations are read.
pub const JOBS_FILE: &str = "jobs.sqlite";

/// Whether `path`, directly in `dir`, is one of the job database's files.
fn is_job_database(dir: &Path, path: &Path) -> bool {
    path.parent() == Some(dir)
        && path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(JOBS_FILE))
}

/// Reads every `.json` and `.py` transformation under `dir` (a `.py` component module is read
/// as data, never executed). Only regular files up to [`MAX_FILE_BYTES`] are read; links,
/// special files, other extensions and unreadable or invalid files are skipped, each with a
/// warning and a reason. Fails only when `dir` itself cannot be listed.
pub fn load_dir(dir: &Path) -> Result<(Vec<TransformationRevision>, Vec<Skipped>), StoreError> {
    let Walk {
        files, mut skipped, ..
    } = walk(dir, MAX_ENTRIES)?;
    let mut trafos = Vec::new();
    for (path, listed) in files {
        if is_job_database(dir, &path) {
            continue;
        }
        match load_file(&path, &listed) {
            Ok(t) => trafos.push(t),
            Err(reason) => skipped.push(Skipped { path, reason }),
        }
    }
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    for s in &skipped {
        tracing::warn!(path = %s.path.display(), reason = %s.reason, "skipped while reading transformations");
    }
    Ok((trafos, skipped))
}

/// Parses one regular file found by [`walk`] by its extension.
fn load_file(path: &Path, listed: &Metadata) -> Result<TransformationRevision, SkipReason> {
    let is_py = match path.extension().and_then(|e| e.to_str()) {
        Some("json") => false,
        Some("py") => true,
        _ => return Err(SkipReason::NotATransformationFile),
    };
    let text = read_capped(path, listed)?;
    if is_py {
        crate::py_component::component_from_py(&text)
            .map_err(|e| SkipReason::NotAComponentModule(e.to_string()))
    } else {
        serde_json::from_str(&text).map_err(|e| SkipReason::NotATransformation(e.to_string()))
    }
}

/// Reads a file listed as regular: checks the listed size, that the opened file is still
/// that regular file, and reads at most one byte more than [`MAX_FILE_BYTES`], so a file
/// that grows meanwhile is capped too.
fn read_capped(path: &Path, listed: &Metadata) -> Result<String, SkipReason> {
    if listed.len() > MAX_FILE_BYTES {
        return Err(SkipReason::TooLarge);
    }
    let unreadable = |e: std::io::Error| SkipReason::Unreadable(e.to_string());
    let file = open_no_follow(path).map_err(unreadable)?;
    let opened = file.metadata().map_err(unreadable)?;
    if !opened.is_file() || !same_file(listed, &opened) {
        return Err(SkipReason::Changed);
    }
    let mut bytes = Vec::with_capacity(opened.len().min(MAX_FILE_BYTES) as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(SkipReason::TooLarge);
    }
    String::from_utf8(bytes).map_err(|_| SkipReason::NotUtf8)
}

/// Opens `path` for reading without following a final symbolic link and without blocking
/// on a FIFO or device swapped in since the walk listed a regular file there (the metadata
/// check after opening then refuses it).
#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

/// Opens `path` for reading.
#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Whether two metadata describe the same file (device and inode).
#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

/// Whether two metadata describe the same file (not checkable here: assumed).
#[cfg(not(unix))]
fn same_file(_: &Metadata, _: &Metadata) -> bool {
    true
}

/// What [`walk`] found: regular files (with their metadata, sorted by path) and skipped
/// entries.
#[derive(Default)]
struct Walk {
    files: Vec<(PathBuf, Metadata)>,
    skipped: Vec<Skipped>,
    /// Entries looked at, at most.
    limit: usize,
}

/// Lists the regular files under `root` without following symbolic links, so the walk
/// stays inside `root`; directories deeper than [`MAX_DEPTH`] are not entered. Only an
/// unlistable `root` is an error; an unlistable subdirectory is skipped.
fn walk(root: &Path, limit: usize) -> Result<Walk, StoreError> {
    let mut found = Walk {
        limit,
        ..Walk::default()
    };
    let entries = std::fs::read_dir(root).map_err(|source| StoreError::Io {
        path: root.to_path_buf(),
        source,
    })?;
    let mut dirs = Vec::new();
    add_entries(entries, 1, &mut dirs, &mut found);
    while let Some((dir, depth)) = dirs.pop() {
        match std::fs::read_dir(&dir) {
            Ok(entries) => add_entries(entries, depth + 1, &mut dirs, &mut found),
            Err(e) => found.skipped.push(Skipped {
                path: dir,
                reason: SkipReason::Unreadable(e.to_string()),
            }),
        }
    }
    found.files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

/// Sorts the entries of one directory (at `depth` below the root) into files, directories
/// to enter and skipped entries.
fn add_entries(
    entries: std::fs::ReadDir,
    depth: usize,
    dirs: &mut Vec<(PathBuf, usize)>,
    found: &mut Walk,
) {
    for entry in entries {
        if found.files.len() + found.skipped.len() >= found.limit {
            found.skipped.push(Skipped {
                path: entry.map(|e| e.path()).unwrap_or_default(),
                reason: SkipReason::TooManyEntries,
            });
            dirs.clear();
            return;
        }
        let path = match entry {
            Ok(e) => e.path(),
            Err(e) => {
                tracing::warn!(error = %e, "an entry of a transformation directory could not be listed");
                continue;
            }
        };
        match std::fs::symlink_metadata(&path) {
            Ok(meta) => add_entry(path, meta, depth, dirs, found),
            Err(e) => found.skipped.push(Skipped {
                path,
                reason: SkipReason::Unreadable(e.to_string()),
            }),
        }
    }
}

/// Sorts one entry by its own metadata (`symlink_metadata`: a link is never followed).
fn add_entry(
    path: PathBuf,
    meta: Metadata,
    depth: usize,
    dirs: &mut Vec<(PathBuf, usize)>,
    found: &mut Walk,
) {
    let kind = meta.file_type();
    let reason = if kind.is_symlink() {
        SkipReason::Symlink
    } else if kind.is_dir() && depth <= MAX_DEPTH {
        dirs.push((path, depth));
        return;
    } else if kind.is_dir() {
        SkipReason::TooDeep
    } else if kind.is_file() {
        found.files.push((path, meta));
        return;
    } else {
        SkipReason::NotARegularFile(special_kind(&kind))
    };
    found.skipped.push(Skipped { path, reason });
}

/// The name of a file type that is neither a regular file, a directory nor a link.
#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "FIFO"
    } else if kind.is_socket() {
        "socket"
    } else if kind.is_char_device() {
        "character device"
    } else if kind.is_block_device() {
        "block device"
    } else {
        "special file"
    }
}

/// The name of a file type that is neither a regular file, a directory nor a link.
#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "special file"
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

/// Writes `t` to its export path under `root` through a temporary file and a rename, so a
/// crash never leaves a half-written revision for the next start to trip over.
fn write_export_file(root: &Path, t: &TransformationRevision) -> Result<(), StoreError> {
    let path = root.join(export_path(t));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, revision_to_export_json(t)).map_err(|source| StoreError::Io {
        path: tmp.clone(),
        source,
    })?;
    std::fs::rename(&tmp, &path).map_err(|source| StoreError::Io { path, source })
}

/// Removes `t`'s file under `root` (missing already is fine).
fn remove_export_file(root: &Path, t: &TransformationRevision) -> Result<(), StoreError> {
    let path = root.join(export_path(t));
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(StoreError::Io { path, source: e })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rheo_core::model::hetida_json::slug;

    #[test]
    fn the_job_database_in_the_store_is_passed_over_silently() {
        let tmp = std::env::temp_dir().join(format!("rheo-store-jobs-{}", std::process::id()));
        std::fs::create_dir_all(&tmp).unwrap();
        for f in [
            "jobs.sqlite",
            "jobs.sqlite-wal",
            "jobs.sqlite-shm",
            "notes.txt",
        ] {
            std::fs::write(tmp.join(f), b"x").unwrap();
        }
        let (trafos, skipped) = load_dir(&tmp).unwrap();
        assert!(trafos.is_empty());
        let names: Vec<_> = skipped
            .iter()
            .map(|s| s.path.file_name().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["notes.txt"]);
        std::fs::remove_dir_all(&tmp).ok();
    }

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
        for builtin::Builtin { path, text, .. } in builtin::BUILTIN_TRANSFORMATIONS {
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

    /// A fresh temporary directory for one test.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("rheo-store-{name}-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The shipped RUL example as JSON text (a valid transformation file).
    fn rul_example_json() -> String {
        let store = Store::with_builtin().unwrap();
        let wf = store.get("806df1b9-2fc8-4463-943f-3d258c569663").unwrap();
        serde_json::to_string(&**wf).unwrap()
    }

    fn reason_of<'a>(skipped: &'a [Skipped], name: &str) -> &'a SkipReason {
        &skipped
            .iter()
            .find(|s| s.path.file_name().is_some_and(|n| n == name))
            .unwrap_or_else(|| panic!("{name} not skipped: {skipped:?}"))
            .reason
    }

    #[cfg(unix)]
    #[test]
    fn import_skips_links_special_and_bad_files_without_opening_them() {
        let tmp = scratch("hostile");
        let src = tmp.join("src");
        std::fs::create_dir_all(src.join("sub")).unwrap();
        std::fs::write(src.join("sub/valid.json"), rul_example_json()).unwrap();
        std::fs::write(tmp.join("outside.json"), rul_example_json()).unwrap();
        std::os::unix::fs::symlink("..", src.join("sub/up")).unwrap();
        std::os::unix::fs::symlink(".", src.join("self")).unwrap();
        std::os::unix::fs::symlink(tmp.join("outside.json"), src.join("outside.json")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", src.join("zero.json")).unwrap();
        let fifo = std::process::Command::new("mkfifo")
            .arg(src.join("x.json"))
            .status()
            .unwrap();
        assert!(fifo.success());
        std::fs::write(src.join("latin1.json"), b"{\"name\": \"caf\xe9\"}").unwrap();
        std::fs::write(src.join("broken.json"), "{\"id\": ").unwrap();
        let mut store = Store::open(Some(&tmp.join("store"))).unwrap();
        let before = store.len();
        let report = store.import_dir(&src).unwrap();
        assert_eq!(report.imported, 1, "{report:?}");
        assert_eq!(store.len(), before, "the valid file is the shipped example");
        let s = &report.skipped;
        assert_eq!(s.len(), 7, "{s:?}");
        assert_eq!(report.symlinks(), 4);
        for link in ["up", "self", "outside.json", "zero.json"] {
            assert_eq!(reason_of(s, link), &SkipReason::Symlink);
        }
        assert_eq!(reason_of(s, "x.json"), &SkipReason::NotARegularFile("FIFO"));
        assert_eq!(reason_of(s, "latin1.json"), &SkipReason::NotUtf8);
        assert!(matches!(
            reason_of(s, "broken.json"),
            SkipReason::NotATransformation(_)
        ));
        assert_eq!(
            report.skipped[0].to_string(),
            format!(
                "{}: not a transformation: EOF while parsing a value at line 1 column 7",
                src.join("broken.json").display()
            )
        );
        std::fs::remove_dir_all(&tmp).ok();
    }

    #[test]
    fn a_walk_stops_at_its_entry_limit_and_says_so() {
        let tmp = scratch("entry-limit");
        for d in ["a", "b", "c"] {
            std::fs::create_dir_all(tmp.join(d)).unwrap();
            for f in 0..4 {
                std::fs::write(tmp.join(d).join(format!("{f}.json")), "{}").unwrap();
            }
        }
        let found = walk(&tmp, 6).unwrap();
        assert!(found.files.len() < 12);
        assert_eq!(
            found
                .skipped
                .iter()
                .filter(|s| s.reason == SkipReason::TooManyEntries)
                .count(),
            1
        );
        std::fs::remove_dir_all(&tmp).ok();
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_swapped_in_after_the_walk_is_refused_without_blocking() {
        let tmp = scratch("swapped-fifo");
        let path = tmp.join("x.json");
        std::fs::write(&path, "{}").unwrap();
        let listed = std::fs::symlink_metadata(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        assert!(made.unwrap().success(), "mkfifo");
        // Opening a FIFO without O_NONBLOCK would wait here for a writer, forever.
        assert!(matches!(
            read_capped(&path, &listed),
            Err(SkipReason::Changed)
        ));
        std::fs::remove_dir_all(&tmp).ok();
    }

    #[test]
    fn oversized_files_are_skipped_even_when_they_grow() {
        let tmp = scratch("oversized");
        let big = std::fs::File::create(tmp.join("big.json")).unwrap();
        big.set_len(MAX_FILE_BYTES + 1).unwrap();
        let (trafos, skipped) = load_dir(&tmp).unwrap();
        assert!(trafos.is_empty());
        assert_eq!(reason_of(&skipped, "big.json"), &SkipReason::TooLarge);
        // A file listed small that grows before it is read is cut at the limit.
        let path = tmp.join("grows.json");
        let file = std::fs::File::create(&path).unwrap();
        let listed = std::fs::symlink_metadata(&path).unwrap();
        file.set_len(MAX_FILE_BYTES * 2).unwrap();
        assert_eq!(read_capped(&path, &listed), Err(SkipReason::TooLarge));
        // Exactly at the limit is read (and then fails as JSON, not by size).
        file.set_len(MAX_FILE_BYTES).unwrap();
        let text = read_capped(&path, &listed).unwrap();
        assert_eq!(text.len() as u64, MAX_FILE_BYTES);
        std::fs::remove_dir_all(&tmp).ok();
    }

    #[test]
    fn directories_deeper_than_the_limit_are_not_entered() {
        let tmp = scratch("deep");
        let mut dir = tmp.clone();
        for _ in 0..MAX_DEPTH {
            dir.push("d");
        }
        std::fs::create_dir_all(dir.join("d")).unwrap();
        std::fs::write(dir.join("deepest-read.json"), rul_example_json()).unwrap();
        std::fs::write(dir.join("d/too-deep.json"), rul_example_json()).unwrap();
        let (trafos, skipped) = load_dir(&tmp).unwrap();
        assert_eq!(trafos.len(), 1);
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert_eq!(skipped[0].path, dir.join("d"));
        assert_eq!(skipped[0].reason, SkipReason::TooDeep);
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
