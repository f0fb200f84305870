//! The `<data file>.settings.json` next to a data file (hetida-compat §8.3): whether the
//! file may be loaded or written, and the keyword options of pandas' reader and writer.

use serde::Deserialize;
use serde_json::{Map, Value as Json};
use std::path::Path;

/// Largest settings file read; a larger one counts as absent, as an invalid one does.
const MAX_SETTINGS_BYTES: u64 = 1 << 20;

/// What a settings file says; all keys optional.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct FileSettings {
    /// Whether the file may be loaded (default true).
    pub loadable: bool,
    /// Keyword options of the reader (`sep`, `index_col`, …).
    pub load_settings: Option<Map<String, Json>>,
    /// Whether the file may be written (default false).
    pub writable: bool,
    /// Keyword options of the writer (`sep`, `index`, …).
    pub write_settings: Option<Map<String, Json>>,
}

impl Default for FileSettings {
    fn default() -> Self {
        FileSettings {
            loadable: true,
            load_settings: None,
            writable: false,
            write_settings: None,
        }
    }
}

impl FileSettings {
    /// The settings of `data_file`; defaults when the settings file is missing, too large
    /// or not valid (hetida treats an unreadable settings file as absent).
    pub fn of(data_file: &Path) -> Self {
        let mut name = data_file.as_os_str().to_owned();
        name.push(".settings.json");
        let path = Path::new(&name);
        let small = std::fs::symlink_metadata(path)
            .map(|m| m.is_file() && m.len() <= MAX_SETTINGS_BYTES)
            .unwrap_or(false);
        if !small {
            return FileSettings::default();
        }
        std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_invalid_and_partial_settings() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("d.csv");
        assert_eq!(FileSettings::of(&data), FileSettings::default());
        std::fs::write(dir.path().join("d.csv.settings.json"), "{not json").unwrap();
        assert_eq!(FileSettings::of(&data), FileSettings::default());
        std::fs::write(
            dir.path().join("d.csv.settings.json"),
            r#"{"writable": true, "load_settings": {"sep": ";"}}"#,
        )
        .unwrap();
        let s = FileSettings::of(&data);
        assert!(s.loadable && s.writable);
        assert_eq!(s.load_settings.unwrap()["sep"], ";");
    }
}
