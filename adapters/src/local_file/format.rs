//! Which reader and writer a file name selects (hetida-compat §8.3: the first matching
//! suffix wins), and the compression of CSV files.

/// The kinds of files the local file adapter knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// CSV, possibly compressed.
    Csv(Compression),
    /// Excel / OpenDocument spreadsheets.
    Excel,
    /// HDF5 (pandas `to_hdf`).
    Hdf5,
    /// Apache Parquet.
    Parquet,
    /// A Python pickle.
    Pickle,
}

/// Compression of a CSV file, by its suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// `.csv`
    None,
    /// `.csv.gz`
    Gzip,
    /// `.csv.bz2`
    Bzip2,
    /// `.csv.xz`
    Xz,
    /// `.csv.zip` (one member)
    Zip,
}

const SUFFIXES: &[(&str, FileKind)] = &[
    (".csv", FileKind::Csv(Compression::None)),
    (".csv.zip", FileKind::Csv(Compression::Zip)),
    (".csv.gz", FileKind::Csv(Compression::Gzip)),
    (".csv.bz2", FileKind::Csv(Compression::Bzip2)),
    (".csv.xz", FileKind::Csv(Compression::Xz)),
    (".xls", FileKind::Excel),
    (".xlsx", FileKind::Excel),
    (".xlsm", FileKind::Excel),
    (".xlsb", FileKind::Excel),
    (".odf", FileKind::Excel),
    (".ods", FileKind::Excel),
    (".odt", FileKind::Excel),
    (".h5", FileKind::Hdf5),
    (".parquet", FileKind::Parquet),
    (".pkl", FileKind::Pickle),
];

/// The kind of a file by its name; `None` for names no reader is registered for.
pub fn kind_of(file_name: &str) -> Option<FileKind> {
    SUFFIXES
        .iter()
        .find(|(suffix, _)| file_name.ends_with(suffix))
        .map(|(_, kind)| *kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_select_kinds() {
        assert_eq!(kind_of("a.csv"), Some(FileKind::Csv(Compression::None)));
        assert_eq!(kind_of("a.csv.gz"), Some(FileKind::Csv(Compression::Gzip)));
        assert_eq!(kind_of("a.csv.zip"), Some(FileKind::Csv(Compression::Zip)));
        assert_eq!(kind_of("a.xlsx"), Some(FileKind::Excel));
        assert_eq!(kind_of("a.pkl"), Some(FileKind::Pickle));
        assert_eq!(kind_of("a.txt"), None);
        assert_eq!(kind_of("a.csv.settings.json"), None);
    }
}
