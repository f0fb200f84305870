//! A frame or series written as an `.xlsx` file the way pandas' `to_excel` lays it out: a
//! bold header row, the index in the first column (unless `index` is false), numbers,
//! booleans and strings as such, missing values as empty cells, datetimes as Excel dates
//! formatted `yyyy-mm-dd hh:mm:ss`. Excel has no time zones: pandas refuses aware datetimes,
//! Rheo writes them as their UTC wall-clock time.

use rheo_core::value::{Column, ColumnKind, FrameValue};
use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet, XlsxError};
use serde_json::{Map, Value as Json};

/// The `to_excel` options of a settings file's `write_settings`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExcelWriteOptions {
    index: bool,
    header: bool,
    sheet_name: String,
}

impl Default for ExcelWriteOptions {
    fn default() -> Self {
        ExcelWriteOptions {
            index: true,
            header: true,
            sheet_name: "Sheet1".into(),
        }
    }
}

impl ExcelWriteOptions {
    /// Reads `write_settings`; anything else is refused by name.
    pub fn from_settings(settings: Option<&Map<String, Json>>) -> Result<Self, String> {
        let mut o = ExcelWriteOptions::default();
        for (key, value) in settings.into_iter().flatten() {
            let bad = |why: &str| format!("write_settings option '{key}' = {value}: {why}");
            match key.as_str() {
                "index" => o.index = value.as_bool().ok_or_else(|| bad("expected a bool"))?,
                "header" => o.header = value.as_bool().ok_or_else(|| bad("expected a bool"))?,
                "sheet_name" => {
                    o.sheet_name = value
                        .as_str()
                        .ok_or_else(|| bad("expected a string"))?
                        .into()
                }
                _ => {
                    return Err(bad(
                        "not supported by Rheo (supported: index, header, sheet_name)",
                    ))
                }
            }
        }
        Ok(o)
    }
}

/// The `.xlsx` bytes of `frame`.
pub fn write_excel(frame: &FrameValue, o: &ExcelWriteOptions) -> Result<Vec<u8>, String> {
    write(frame, o).map_err(|e| e.to_string())
}

fn write(frame: &FrameValue, o: &ExcelWriteOptions) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(&o.sheet_name)?;
    let head = Format::new().set_bold().set_border(FormatBorder::Thin);
    let first_row = u32::from(o.header);
    let mut col: u16 = 0;
    if o.index {
        write_column(sheet, first_row, col, &frame.index, Some(&head))?;
        col += 1;
    }
    for (name, values) in &frame.columns {
        if o.header {
            sheet.write_string_with_format(0, col, name, &head)?;
        }
        write_column(sheet, first_row, col, values, None)?;
        col = col.checked_add(1).ok_or(XlsxError::RowColumnLimitError)?;
    }
    book.save_to_buffer()
}

fn write_column(
    sheet: &mut Worksheet,
    first: u32,
    col: u16,
    c: &Column,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    let plain = Format::new();
    let format = format.unwrap_or(&plain);
    let at = |i: usize| first + i as u32;
    match c.kind() {
        ColumnKind::Float | ColumnKind::Int => {
            for (i, v) in c.f64_values().unwrap_or_default().iter().enumerate() {
                if v.is_finite() {
                    sheet.write_number_with_format(at(i), col, *v, format)?;
                }
            }
        }
        ColumnKind::Bool => {
            for (i, v) in c.bool_values().unwrap_or_default().into_iter().enumerate() {
                if let Some(b) = v {
                    sheet.write_boolean_with_format(at(i), col, b, format)?;
                }
            }
        }
        ColumnKind::Str => {
            for (i, v) in c.str_values().unwrap_or_default().into_iter().enumerate() {
                if let Some(s) = v {
                    sheet.write_string_with_format(at(i), col, s, format)?;
                }
            }
        }
        ColumnKind::Datetime => {
            let dates = format.clone().set_num_format("yyyy-mm-dd hh:mm:ss");
            for (i, v) in c
                .datetime_ns_opt()
                .unwrap_or_default()
                .into_iter()
                .enumerate()
            {
                if let Some(ns) = v {
                    let serial = ns as f64 / 86_400e9 + 25_569.0;
                    sheet.write_number_with_format(at(i), col, serial, &dates)?;
                }
            }
        }
    }
    Ok(())
}
