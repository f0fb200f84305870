//! Confinement of local file paths to the configured root directories.
//!
//! hetida accepts a path when its text starts with a root's text, so `..` segments and
//! symbolic links lead anywhere. Rheo resolves the path (following links) and requires the
//! result to lie inside a resolved root; `..` segments are refused outright, and only
//! regular files are read.

use rheo_core::adapter::AdapterError;
use std::path::{Component, Path, PathBuf};

/// One configured root: as given (for messages) and resolved.
#[derive(Debug, Clone)]
pub struct Root {
    /// The directory as configured.
    pub given: PathBuf,
    /// Its canonical form (links resolved); `None` when it does not exist.
    pub resolved: Option<PathBuf>,
}

/// The configured roots of the local file adapter.
#[derive(Debug, Clone, Default)]
pub struct Roots {
    roots: Vec<Root>,
}

impl Roots {
    /// Resolves the configured directories once; missing ones refuse every path.
    pub fn new(dirs: &[PathBuf]) -> Self {
        let roots = dirs
            .iter()
            .map(|d| Root {
                given: d.clone(),
                resolved: d.canonicalize().ok(),
            })
            .collect();
        Roots { roots }
    }

    /// The configured roots.
    pub fn list(&self) -> &[Root] {
        &self.roots
    }

    /// The resolved path of an existing regular file inside a root.
    pub fn existing_file(&self, path: &str) -> Result<PathBuf, AdapterError> {
        let resolved = self.resolve(path, |p| p.canonicalize())?;
        match resolved.metadata() {
            Ok(m) if m.is_file() => Ok(resolved),
            _ => Err(not_located(path)),
        }
    }

    /// The resolved path a sink may write `path` to: its directory must exist inside a
    /// root; an existing file there must be a regular file (a link is resolved and must stay
    /// inside a root as well).
    pub fn writable_file(&self, path: &str) -> Result<PathBuf, AdapterError> {
        let target = self.resolve(path, |p| {
            let name = p
                .file_name()
                .ok_or_else(|| std::io::Error::other("no file name"))?;
            let dir = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            Ok(dir.canonicalize()?.join(name))
        })?;
        match std::fs::symlink_metadata(&target) {
            Ok(m) if m.file_type().is_symlink() => {
                let linked = self.existing_file(&target.to_string_lossy())?;
                Ok(linked)
            }
            Ok(m) if !m.is_file() => Err(AdapterError::handling(format!(
                "Local file {path} is not a regular file"
            ))),
            _ => Ok(target),
        }
    }

    fn resolve(
        &self,
        path: &str,
        canonical: impl Fn(&Path) -> std::io::Result<PathBuf>,
    ) -> Result<PathBuf, AdapterError> {
        let p = Path::new(path);
        if p.components().any(|c| matches!(c, Component::ParentDir)) {
            return Err(AdapterError::handling(format!(
                "Local file {path} is refused: '..' segments are not allowed in local file ids"
            )));
        }
        if self.roots.is_empty() {
            return Err(AdapterError::handling(format!(
                "Local file {path} is refused: no local directories are configured \
                 (RUNTIME_LOCAL_FILE_ADAPTER_LOCAL_DIRECTORIES)"
            )));
        }
        let resolved = canonical(p).map_err(|_| not_located(path))?;
        let inside = self
            .roots
            .iter()
            .filter_map(|r| r.resolved.as_ref())
            .any(|r| resolved.starts_with(r));
        if inside {
            Ok(resolved)
        } else {
            Err(not_located(path))
        }
    }
}

/// hetida's message for a path that is missing or outside every root.
fn not_located(path: &str) -> AdapterError {
    AdapterError::handling(format!(
        "Local file {path} could not be located or does not lie in a configured local dir or does not exist"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, Roots) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.csv"), "a\n1\n").unwrap();
        std::fs::write(dir.path().join("secret.csv"), "s\n1\n").unwrap();
        let roots = Roots::new(&[root]);
        (dir, roots)
    }

    #[test]
    fn files_inside_a_root_are_found() {
        let (dir, roots) = setup();
        let p = dir.path().join("root/sub/a.csv");
        assert!(roots.existing_file(&p.to_string_lossy()).is_ok());
    }

    #[test]
    fn parent_segments_absolute_paths_outside_and_links_out_are_refused() {
        let (dir, roots) = setup();
        let up = dir.path().join("root/sub/../../secret.csv");
        let e = roots.existing_file(&up.to_string_lossy()).unwrap_err();
        assert!(e.message.contains("'..'"), "{}", e.message);
        let outside = dir.path().join("secret.csv");
        assert!(roots.existing_file(&outside.to_string_lossy()).is_err());
        let link = dir.path().join("root/sub/link.csv");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        let e = roots.existing_file(&link.to_string_lossy()).unwrap_err();
        assert!(e.message.contains("could not be located"), "{}", e.message);
        // A sink may not write through the link either.
        assert!(roots.writable_file(&link.to_string_lossy()).is_err());
    }

    #[test]
    fn a_prefix_of_a_root_name_is_not_inside_it() {
        let (dir, roots) = setup();
        let sibling = dir.path().join("root2");
        std::fs::create_dir_all(&sibling).unwrap();
        std::fs::write(sibling.join("x.csv"), "x\n").unwrap();
        assert!(roots
            .existing_file(&sibling.join("x.csv").to_string_lossy())
            .is_err());
    }

    #[test]
    fn directories_are_not_files() {
        let (dir, roots) = setup();
        assert!(roots
            .existing_file(&dir.path().join("root/sub").to_string_lossy())
            .is_err());
    }

    #[test]
    fn new_files_in_a_root_directory_are_writable() {
        let (dir, roots) = setup();
        let p = dir.path().join("root/sub/new.csv");
        assert!(roots.writable_file(&p.to_string_lossy()).is_ok());
        let missing_dir = dir.path().join("root/nope/new.csv");
        assert!(roots.writable_file(&missing_dir.to_string_lossy()).is_err());
    }

    #[test]
    fn no_roots_refuses_with_the_setting_named() {
        let e = Roots::new(&[]).existing_file("/etc/passwd").unwrap_err();
        assert!(e
            .message
            .contains("RUNTIME_LOCAL_FILE_ADAPTER_LOCAL_DIRECTORIES"));
    }
}
