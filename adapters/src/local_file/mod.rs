//! The local file adapter (`local-file-adapter`, hetida-compat §8): data files below the
//! configured root directories as sources, writable files and per-directory generic sinks as
//! sinks. Ids are paths in hetida's URL representation ([`ids`]); every path is confined to
//! the roots ([`roots`]).
//!
//! Layout: [`mod@format`] picks the reader by suffix, [`settings_file`] reads the
//! `.settings.json` beside a file, [`csv_options`]/[`csv_read`]/[`csv_write`] are pandas'
//! CSV reader and writer, [`compression`] the `.gz`/`.bz2`/`.xz`/`.zip` layer,
//! [`parquet`], [`excel_read`]/[`excel_write`] the other frame formats; `.pkl` files of plain
//! values go through [`crate::pickle`].

pub mod compression;
pub mod csv_options;
pub mod csv_read;
pub mod csv_write;
pub mod excel_read;
pub mod excel_write;
pub mod format;
pub mod ids;
pub mod parquet;
pub mod roots;
pub mod settings_file;
pub mod sheet_bounds;

use crate::per_wiring::{wiring_id, PerWiring};
use format::{Compression, FileKind};
use rheo_core::adapter::{AdapterError, SendContext};
use rheo_core::model::wiring::{InputWiring, OutputWiring};
use rheo_core::value::timestamp::now_isoformat;
use rheo_core::Value;
use roots::Roots;
use settings_file::FileSettings;
use std::path::{Path, PathBuf};

/// The adapter key in wirings.
pub const ID: &str = "local-file-adapter";
/// Prefix of the generic DATAFRAME sink ids (followed by a directory id).
const GENERIC_DATAFRAME: &str = "GENERIC_DATAFRAME_SINK_AT_";
/// Prefix of the generic ANY sink ids.
const GENERIC_ANY: &str = "GENERIC_ANY_SINK_AT_";

/// How the local file adapter is set up.
#[derive(Debug, Clone)]
pub struct LocalFileConfig {
    /// Root directories (`RUNTIME_LOCAL_FILE_ADAPTER_LOCAL_DIRECTORIES`).
    pub directories: Vec<PathBuf>,
    /// Whether every directory offers a generic ANY sink.
    pub generic_any_sinks: bool,
    /// Whether every directory offers a generic DATAFRAME sink.
    pub generic_dataframe_sinks: bool,
    /// Largest file (after decompression) read, in bytes.
    pub max_file_bytes: u64,
}

/// The local file adapter over its confined roots.
#[derive(Debug, Clone)]
pub struct LocalFileAdapter {
    roots: Roots,
    config: LocalFileConfig,
}

impl LocalFileAdapter {
    /// The adapter for `config` (roots are resolved once, here).
    pub fn new(config: LocalFileConfig) -> Self {
        LocalFileAdapter {
            roots: Roots::new(&config.directories),
            config,
        }
    }

    fn read_excel(
        &self,
        path: &str,
        file: &Path,
        settings: &FileSettings,
    ) -> Result<rheo_core::value::FrameValue, AdapterError> {
        let Some(book) = excel_read::Book::of(path) else {
            return Err(AdapterError::handling(format!(
                "Local file {path}: Rheo reads spreadsheets as .xlsx, .xlsm, .xlsb, .xls or .ods"
            )));
        };
        let options = excel_read::ExcelReadOptions::from_settings(settings.load_settings.as_ref())
            .map_err(|e| AdapterError::handling(format!("Local file {path}: {e}")))?;
        let bytes = compression::read_all(file, Compression::None, self.config.max_file_bytes)?;
        excel_read::read_excel(&bytes, book, &options, self.config.max_file_bytes).map_err(|e| {
            AdapterError::handling(format!(
                "Local file {path} could not be read as a spreadsheet: {e}"
            ))
        })
    }

    fn read_csv(
        &self,
        path: &str,
        file: &Path,
        compression: Compression,
        settings: &FileSettings,
    ) -> Result<rheo_core::value::FrameValue, AdapterError> {
        let options = csv_options::ReadOptions::from_settings(settings.load_settings.as_ref())
            .map_err(|e| AdapterError::handling(format!("Local file {path}: {e}")))?;
        let bytes = compression::read_all(file, compression, self.config.max_file_bytes)?;
        csv_read::read_csv(&bytes, &options).map_err(|e| {
            AdapterError::handling(format!("Local file {path} could not be read as CSV: {e}"))
        })
    }

    /// The file path of a generic sink id, or `None` for a plain file id.
    fn generic_sink_path(
        &self,
        id: &str,
        wiring: &OutputWiring,
        context: SendContext<'_>,
    ) -> Result<Option<String>, AdapterError> {
        let (dir_id, endings, default_ext, enabled) =
            if let Some(d) = id.strip_prefix(GENERIC_DATAFRAME) {
                (
                    d,
                    &[".csv", ".xlsx", ".parquet"][..],
                    "csv",
                    self.config.generic_dataframe_sinks,
                )
            } else if let Some(d) = id.strip_prefix(GENERIC_ANY) {
                (
                    d,
                    &[".pkl", ".h5"][..],
                    "pkl",
                    self.config.generic_any_sinks,
                )
            } else {
                return Ok(None);
            };
        if !enabled {
            return Err(AdapterError::wiring_invalid(format!(
                "Generic sink {id} is switched off in this Rheo instance"
            )));
        }
        let name = match wiring.filters.get("file_name").filter(|f| !f.is_empty()) {
            Some(f) => f.clone(),
            None => format!("{}_{}.{default_ext}", now_isoformat(), context.job_id),
        };
        let plain = !name.contains('/') && name != "." && name != "..";
        if !plain || !endings.iter().any(|e| name.ends_with(e)) {
            return Err(AdapterError::wiring_invalid(format!(
                "Provided value '{name}' for the filter 'file_name' of output '{}' is invalid! \
                 It must be a plain file name ending with one of {endings:?}.",
                wiring.workflow_output_name
            )));
        }
        Ok(Some(format!("{}/{name}", ids::to_path(dir_id))))
    }
}

fn kind_or_error(path: &str) -> Result<FileKind, AdapterError> {
    format::kind_of(path).ok_or_else(|| {
        AdapterError::handling(format!(
            "Local file {path} has no known file type (.csv[.gz|.bz2|.xz|.zip], .xlsx, .parquet, .pkl, …)"
        ))
    })
}

fn unsupported(path: &str, kind: FileKind) -> AdapterError {
    AdapterError::handling(format!(
        "Local file {path}: {kind:?} files are not supported by Rheo's local file adapter yet"
    ))
}

fn csv_text(path: &str, value: &Value, settings: &FileSettings) -> Result<String, AdapterError> {
    let options = csv_write::WriteOptions::from_settings(settings.write_settings.as_ref())
        .map_err(|e| AdapterError::handling(format!("Local file {path}: {e}")))?;
    match value {
        Value::Frame(f) => Ok(csv_write::frame_to_csv(f, &options)),
        Value::Series(s) => Ok(csv_write::series_to_csv(s, &options)),
        other => Err(AdapterError::output_data(format!(
            "Local file {path}: a CSV file takes a DATAFRAME or SERIES, the output is a {}",
            other.kind_name()
        ))),
    }
}

/// The frame a file format writes: a frame, or a series as its one-column frame.
fn as_frame<'a>(
    path: &str,
    format: &str,
    value: &'a Value,
) -> Result<std::borrow::Cow<'a, rheo_core::value::FrameValue>, AdapterError> {
    match value {
        Value::Frame(f) => Ok(std::borrow::Cow::Borrowed(f)),
        Value::Series(s) => Ok(std::borrow::Cow::Owned(crate::cells::series_as_frame(s))),
        other => Err(AdapterError::output_data(format!(
            "Local file {path}: a {format} file takes a DATAFRAME or SERIES, the output is a {}",
            other.kind_name()
        ))),
    }
}

fn excel_bytes(
    path: &str,
    value: &Value,
    settings: &FileSettings,
) -> Result<Vec<u8>, AdapterError> {
    let frame = as_frame(path, "spreadsheet", value)?;
    let options = excel_write::ExcelWriteOptions::from_settings(settings.write_settings.as_ref())
        .map_err(|e| AdapterError::handling(format!("Local file {path}: {e}")))?;
    excel_write::write_excel(&frame, &options).map_err(|e| {
        AdapterError::handling(format!(
            "Local file {path} could not be written as .xlsx: {e}"
        ))
    })
}

/// A plain value as a pickle Python reads; pandas objects cannot be pickled by Rheo.
fn pickle_bytes(path: &str, value: &Value) -> Result<Vec<u8>, AdapterError> {
    let json = match value {
        Value::Series(_) | Value::Frame(_) => {
            return Err(AdapterError::output_data(format!(
                "Local file {path}: Rheo cannot pickle a {} (a pandas object); write it to a .csv, .parquet or .xlsx file",
                value.kind_name()
            )))
        }
        other => rheo_core::value::json_out::to_json_string(other, Default::default())
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or(serde_json::Value::Null),
    };
    crate::pickle::to_pickle(&json).map_err(|e| {
        AdapterError::output_data(format!("Local file {path} could not be pickled: {e}"))
    })
}

fn parquet_bytes(path: &str, value: &Value) -> Result<Vec<u8>, AdapterError> {
    let frame = as_frame(path, "Parquet", value)?;
    parquet::write(&frame).map_err(|e| {
        AdapterError::handling(format!(
            "Local file {path} could not be written as Parquet: {e}"
        ))
    })
}

/// Writes to a temporary file beside the target and renames it over the target, so a
/// reader (or a crash) never sees half a file.
fn write_atomically(
    target: &Path,
    compression: Compression,
    bytes: &[u8],
) -> Result<(), AdapterError> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = target.with_file_name(format!(".{name}.{}.rheo-tmp", uuid::Uuid::new_v4()));
    let written = compression::write_all(&tmp, compression, bytes).and_then(|()| {
        std::fs::rename(&tmp, target).map_err(|e| {
            AdapterError::handling(format!(
                "Local file {} could not be written: {e}",
                target.display()
            ))
        })
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

impl PerWiring for LocalFileAdapter {
    fn key(&self) -> &str {
        ID
    }

    /// Loads one source: the file the wiring's id names, read by its suffix.
    fn load_one(&self, wiring: &InputWiring) -> Result<Value, AdapterError> {
        let id = wiring_id(
            "local file adapter",
            wiring.ref_key.as_deref(),
            wiring.ref_id.as_deref(),
            &wiring.workflow_input_name,
        )?;
        let path = ids::to_path(id);
        let kind = kind_or_error(&path)?;
        let file = self.roots.existing_file(&path)?;
        let settings = FileSettings::of(&file);
        if !settings.loadable {
            return Err(AdapterError::handling(format!(
                "Local file {path} is not loadable: its settings file says loadable: false"
            )));
        }
        match kind {
            FileKind::Csv(c) => self.read_csv(&path, &file, c, &settings).map(Value::Frame),
            FileKind::Parquet => {
                let bytes =
                    compression::read_all(&file, Compression::None, self.config.max_file_bytes)?;
                parquet::read(bytes).map(Value::Frame).map_err(|e| {
                    AdapterError::handling(format!(
                        "Local file {path} could not be read as Parquet: {e}"
                    ))
                })
            }
            FileKind::Excel => self.read_excel(&path, &file, &settings).map(Value::Frame),
            FileKind::Pickle => {
                let bytes =
                    compression::read_all(&file, Compression::None, self.config.max_file_bytes)?;
                crate::pickle::plain_value(&bytes)
                    .map(Value::Json)
                    .map_err(|e| {
                        AdapterError::handling(format!("Local file {path} could not be read: {e}"))
                    })
            }
            other => Err(unsupported(&path, other)),
        }
    }

    /// Sends one output to the file (or generic sink) the wiring names.
    fn send_one(
        &self,
        wiring: &OutputWiring,
        value: &Value,
        context: SendContext<'_>,
    ) -> Result<(), AdapterError> {
        let id = wiring_id(
            "local file adapter",
            wiring.ref_key.as_deref(),
            wiring.ref_id.as_deref(),
            &wiring.workflow_output_name,
        )?;
        let generic = self.generic_sink_path(id, wiring, context)?;
        let path = generic.clone().unwrap_or_else(|| ids::to_path(id));
        let kind = kind_or_error(&path)?;
        let target = self.roots.writable_file(&path)?;
        let settings = match generic {
            Some(_) => FileSettings::default(),
            None => FileSettings::of(&target),
        };
        if generic.is_none() && !settings.writable {
            return Err(AdapterError::handling(format!(
                "Local file {path} is not writable: its settings file must say writable: true"
            )));
        }
        match kind {
            FileKind::Csv(c) => {
                let text = csv_text(&path, value, &settings)?;
                write_atomically(&target, c, text.as_bytes())
            }
            FileKind::Parquet => {
                let bytes = parquet_bytes(&path, value)?;
                write_atomically(&target, Compression::None, &bytes)
            }
            FileKind::Excel if path.ends_with(".xlsx") => {
                let bytes = excel_bytes(&path, value, &settings)?;
                write_atomically(&target, Compression::None, &bytes)
            }
            FileKind::Pickle => {
                let bytes = pickle_bytes(&path, value)?;
                write_atomically(&target, Compression::None, &bytes)
            }
            other => Err(unsupported(&path, other)),
        }
    }
}
