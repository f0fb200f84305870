//! Spreadsheets (`.xlsx`, `.xlsm`, `.xlsb`) read as pandas' `read_excel` reads them: the
//! first sheet (or `sheet_name`), the header row, whole numbers as ints (openpyxl's
//! conversion), empty cells missing, dates as naive datetimes, then pandas' dtype inference.
//!
//! Cells are streamed from the sheet and the grid they span is bounded before anything
//! dense is built, so a sheet with two cells far apart cannot exhaust the memory. calamine
//! gives `.xls` and `.ods` sheets only as dense ranges it builds when the file is opened:
//! those files are scanned first ([`super::sheet_bounds`]) and refused when the cells they
//! would make pass the limit.

use super::csv_options::{header, index_col, usize_of, value_opt_usize, ColRef, Header};
use super::csv_read::unique_names;
use super::sheet_bounds;
use crate::cells::{self, Cell};
use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx};
use indexmap::IndexMap;
use rheo_core::value::{Column, FrameValue, Tz};
use serde_json::{Map, Value as Json};
use std::io::Cursor;

/// Most cells a sheet's used area may span (rows × columns): a full million-row sheet of 20
/// columns; the grid of cells it needs is about 640 MB.
pub const MAX_CELLS: u64 = 20_000_000;

/// Which sheet `sheet_name` names.
#[derive(Debug, Clone, PartialEq)]
enum Sheet {
    Pos(usize),
    Name(String),
}

/// The `read_excel` options of a settings file that Rheo understands.
#[derive(Debug, Clone, PartialEq)]
pub struct ExcelReadOptions {
    sheet: Sheet,
    header: Header,
    index_col: Option<ColRef>,
    nrows: Option<usize>,
    skiprows: usize,
}

impl Default for ExcelReadOptions {
    fn default() -> Self {
        ExcelReadOptions {
            sheet: Sheet::Pos(0),
            header: Header::Row(0),
            index_col: None,
            nrows: None,
            skiprows: 0,
        }
    }
}

impl ExcelReadOptions {
    /// Reads `load_settings`; anything else is refused by name.
    pub fn from_settings(settings: Option<&Map<String, Json>>) -> Result<Self, String> {
        let mut o = ExcelReadOptions::default();
        for (key, value) in settings.into_iter().flatten() {
            let applied = match key.as_str() {
                "sheet_name" => sheet(value).map(|s| o.sheet = s),
                "header" => header(value).map(|h| o.header = h),
                "index_col" => index_col(value).map(|c| o.index_col = c),
                "nrows" => value_opt_usize(value).map(|n| o.nrows = n),
                "skiprows" => usize_of(value).map(|n| o.skiprows = n),
                _ => Err("not supported by Rheo (supported: sheet_name, header, index_col, nrows, skiprows)".into()),
            };
            applied.map_err(|why| format!("load_settings option '{key}' = {value}: {why}"))?;
        }
        Ok(o)
    }
}

fn sheet(value: &Json) -> Result<Sheet, String> {
    match value {
        Json::String(s) => Ok(Sheet::Name(s.clone())),
        Json::Number(_) => usize_of(value).map(Sheet::Pos),
        _ => Err("expected a sheet name or position".into()),
    }
}

/// A sheet's used cells, sparse: `(row, column, cell)`.
type Sparse = Vec<(u32, u32, Cell)>;

/// The spreadsheet formats Rheo reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Book {
    /// `.xlsx`, `.xlsm`.
    Xlsx,
    /// `.xlsb`.
    Xlsb,
    /// `.xls` (BIFF in a compound file).
    Xls,
    /// `.ods` (OpenDocument).
    Ods,
}

impl Book {
    /// The format of a file name, if it is a spreadsheet Rheo reads.
    pub fn of(path: &str) -> Option<Book> {
        let lower = path.to_ascii_lowercase();
        [
            (".xlsx", Book::Xlsx),
            (".xlsm", Book::Xlsx),
            (".xlsb", Book::Xlsb),
            (".xls", Book::Xls),
            (".ods", Book::Ods),
        ]
        .into_iter()
        .find(|(ext, _)| lower.ends_with(ext))
        .map(|(_, b)| b)
    }
}

/// Reads one sheet of a spreadsheet whose zip members unpack to at most `max_bytes`
/// (`.xls` is no zip archive; its size is the file's).
pub fn read_excel(
    bytes: &[u8],
    book: Book,
    options: &ExcelReadOptions,
    max_bytes: u64,
) -> Result<FrameValue, String> {
    if book != Book::Xls {
        unpacked_size_within(bytes, max_bytes)?;
    }
    let claimed = match book {
        Book::Xls => Some(sheet_bounds::xls_cells(bytes)?),
        Book::Ods => Some(sheet_bounds::ods_cells(bytes)?),
        Book::Xlsx | Book::Xlsb => None,
    };
    if let Some(cells) = claimed.filter(|&c| c > MAX_CELLS) {
        return Err(format!(
            "its sheets span {cells} cells, more than Rheo reads ({MAX_CELLS} cells)"
        ));
    }
    // A reader's assertion on a malformed file is an error about the file, not a crash.
    std::panic::catch_unwind(|| read_sheet(bytes, book, options)).unwrap_or_else(|panic| {
        Err(format!(
            "the file is corrupt ({})",
            rheo_core::error::panic_message(panic.as_ref())
        ))
    })
}

fn read_sheet(bytes: &[u8], book: Book, options: &ExcelReadOptions) -> Result<FrameValue, String> {
    let cells = match book {
        Book::Xlsb => xlsb_cells(bytes, &options.sheet)?,
        Book::Xlsx => xlsx_cells(bytes, &options.sheet)?,
        Book::Xls => {
            let mut wb: Xls<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
                .map_err(|e: calamine::XlsError| e.to_string())?;
            range_cells(&mut wb, &options.sheet)?
        }
        Book::Ods => {
            let mut wb: Ods<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
                .map_err(|e: calamine::OdsError| e.to_string())?;
            range_cells(&mut wb, &options.sheet)?
        }
    };
    let grid = dense(cells)?;
    frame(grid, options)
}

/// The used cells of `sheet` of a workbook calamine gives as a dense range (sized before it
/// was opened: [`read_excel`]).
fn range_cells<RS, R>(book: &mut R, sheet: &Sheet) -> Result<Sparse, String>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let name = pick(&book.sheet_names(), sheet)?;
    let range = book.worksheet_range(&name).map_err(|e| e.to_string())?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut out = Vec::new();
    for (r, c, v) in range.used_cells() {
        let (r, c) = (r0 + r as u32, c0 + c as u32);
        let v = match v {
            Data::Int(i) => DataRef::Int(*i),
            Data::Float(f) => DataRef::Float(*f),
            Data::String(s) => DataRef::SharedString(s),
            Data::Bool(b) => DataRef::Bool(*b),
            Data::DateTime(d) => DataRef::DateTime(*d),
            Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
            Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
            Data::Error(e) => DataRef::Error(e.clone()),
            Data::Empty => DataRef::Empty,
        };
        push(&mut out, r, c, &v)?;
    }
    Ok(out)
}

/// Spreadsheets are zip archives: their declared unpacked size is checked before a reader
/// inflates anything (the zip reader stops at the declared size).
fn unpacked_size_within(bytes: &[u8], max_bytes: u64) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a spreadsheet (zip) file: {e}"))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        total = total.saturating_add(zip.by_index_raw(i).map_err(|e| e.to_string())?.size());
    }
    if total > max_bytes {
        return Err(format!(
            "it unpacks to {total} bytes, more than the limit of {max_bytes}"
        ));
    }
    Ok(())
}

fn pick(names: &[String], sheet: &Sheet) -> Result<String, String> {
    match sheet {
        Sheet::Pos(i) => names.get(*i).cloned().ok_or_else(|| {
            format!(
                "Worksheet index {i} is invalid, {} worksheets found",
                names.len()
            )
        }),
        Sheet::Name(n) if names.contains(n) => Ok(n.clone()),
        Sheet::Name(n) => Err(format!("Worksheet named '{n}' not found")),
    }
}

/// Streams the used cells of `sheet` from an opened workbook (`Xlsx` and `Xlsb` have the same
/// cell-reader methods but no common trait).
macro_rules! sheet_cells {
    ($book:expr, $sheet:expr) => {{
        let name = pick(&$book.sheet_names(), $sheet)?;
        let mut reader = $book
            .worksheet_cells_reader(&name)
            .map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        while let Some(c) = reader.next_cell().map_err(|e| e.to_string())? {
            let (r, col) = c.get_position();
            push(&mut out, r, col, c.get_value())?;
        }
        Ok(out)
    }};
}

fn xlsx_cells(bytes: &[u8], sheet: &Sheet) -> Result<Sparse, String> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| e.to_string())?;
    sheet_cells!(book, sheet)
}

fn xlsb_cells(bytes: &[u8], sheet: &Sheet) -> Result<Sparse, String> {
    let mut book: Xlsb<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsbError| e.to_string())?;
    sheet_cells!(book, sheet)
}

fn push(out: &mut Sparse, row: u32, col: u32, v: &DataRef) -> Result<(), String> {
    let cell = match v {
        // An empty string is a missing value to pandas (default na_values); OpenDocument
        // writers store empty cells so.
        DataRef::Empty => return Ok(()),
        DataRef::String(s) if s.is_empty() => return Ok(()),
        DataRef::SharedString("") => return Ok(()),
        DataRef::Int(i) => Cell::Int(*i),
        DataRef::Float(f) => whole(*f),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::DateTime(d) if d.is_datetime() => Cell::Time(excel_serial_ns(d.as_f64())),
        DataRef::DateTime(d) => whole(d.as_f64()),
        // OpenDocument dates (`office:date-value`), read as pandas' odf reader reads them.
        DataRef::DateTimeIso(s) => match rheo_core::value::timestamp::parse_iso8601(s) {
            Some(t) => Cell::Time(t.ns),
            None => Cell::Text(s.clone()),
        },
        DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => return Err(format!("cell ({row}, {col}) holds the error {e}")),
    };
    out.push((row, col, cell));
    Ok(())
}

/// openpyxl's numbers as pandas keeps them: a whole float is an int.
fn whole(f: f64) -> Cell {
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        Cell::Int(f as i64)
    } else {
        Cell::Float(f)
    }
}

/// An Excel serial date (days since 1899-12-30) as nanoseconds, rounded to milliseconds
/// from the fraction of the day, as openpyxl does.
fn excel_serial_ns(days: f64) -> i64 {
    let day = days.floor();
    let ms = ((days - day) * 86_400_000.0).round() as i64;
    ((day as i64 - 25_569) * 86_400_000 + ms).saturating_mul(1_000_000)
}

/// The used area as rows of cells from `A1`, after checking its size.
fn dense(cells: Sparse) -> Result<Vec<Vec<Cell>>, String> {
    let rows = cells.iter().map(|c| u64::from(c.0) + 1).max().unwrap_or(0);
    let cols = cells.iter().map(|c| u64::from(c.1) + 1).max().unwrap_or(0);
    if rows.saturating_mul(cols) > MAX_CELLS {
        return Err(format!("the sheet's used area spans {rows} rows × {cols} columns, more than Rheo reads ({MAX_CELLS} cells)"));
    }
    let mut grid = vec![vec![Cell::Null; cols as usize]; rows as usize];
    for (r, c, v) in cells {
        grid[r as usize][c as usize] = v;
    }
    Ok(grid)
}

fn frame(grid: Vec<Vec<Cell>>, o: &ExcelReadOptions) -> Result<FrameValue, String> {
    let width = grid.first().map_or(0, Vec::len);
    let mut rows = grid.into_iter().skip(o.skiprows);
    let names: Vec<String> = match o.header {
        Header::Absent => (0..width).map(|i| i.to_string()).collect(),
        Header::Row(n) => {
            let head = rows.by_ref().nth(n).unwrap_or_default();
            unique_names(
                (0..width)
                    .map(|i| head.get(i).map(label).unwrap_or_default())
                    .collect(),
            )
        }
    };
    // Rows become columns by moving each cell once (every row of the grid is `width` long).
    let mut by_column: Vec<Vec<Cell>> = vec![Vec::new(); width];
    let mut height = 0;
    for row in rows.take(o.nrows.unwrap_or(usize::MAX)) {
        height += 1;
        for (column, cell) in by_column.iter_mut().zip(row) {
            column.push(cell);
        }
    }
    let mut columns: IndexMap<String, Column> = IndexMap::new();
    for (name, cells) in names.iter().zip(by_column) {
        columns.insert(name.clone(), cells::column_in(cells, Tz::Naive));
    }
    let index = match &o.index_col {
        None => Column::range(height),
        Some(r) => {
            let name = match r {
                ColRef::Pos(p) => names.get(*p).cloned(),
                ColRef::Name(n) => names.contains(n).then(|| n.clone()),
            };
            let name =
                name.ok_or_else(|| format!("index_col {r:?} is not a column of the sheet"))?;
            columns
                .shift_remove(&name)
                .unwrap_or_else(|| Column::range(height))
        }
    };
    Ok(FrameValue {
        index,
        columns,
        attrs: Default::default(),
    })
}

/// A header cell as the column label pandas makes of it.
fn label(c: &Cell) -> String {
    match c {
        Cell::Null => String::new(),
        Cell::Int(i) => i.to_string(),
        Cell::Float(f) => rheo_core::value::json_out::python_float_repr(*f),
        Cell::Bool(b) => if *b { "True" } else { "False" }.into(),
        Cell::Text(s) => s.clone(),
        Cell::Time(ns) => rheo_core::value::timestamp::format_isoformat(*ns, Tz::Naive),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local_file::excel_write::{write_excel, ExcelWriteOptions};

    #[test]
    fn two_cells_far_apart_are_refused_before_a_grid_is_built() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_number(0, 0, 1.0).unwrap();
        sheet.write_number(1_048_575, 16_383, 2.0).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let e = read_excel(&bytes, Book::Xlsx, &ExcelReadOptions::default(), 1 << 30).unwrap_err();
        assert!(e.contains("1048576 rows × 16384 columns"), "{e}");
    }

    #[test]
    fn written_frames_read_back_and_sizes_are_bounded() {
        let frame = FrameValue {
            index: Column::range(2),
            columns: [("x".to_string(), Column::from_f64(vec![1.5, f64::NAN]))]
                .into_iter()
                .collect(),
            attrs: Default::default(),
        };
        let bytes = write_excel(&frame, &ExcelWriteOptions::default()).unwrap();
        let back = read_excel(&bytes, Book::Xlsx, &ExcelReadOptions::default(), 1 << 30).unwrap();
        assert_eq!(back.columns.keys().collect::<Vec<_>>(), ["Unnamed: 0", "x"]);
        assert!(
            read_excel(&bytes, Book::Xlsx, &ExcelReadOptions::default(), 100)
                .unwrap_err()
                .contains("unpacks")
        );
        assert!(read_excel(b"not a zip", Book::Xlsx, &ExcelReadOptions::default(), 100).is_err());
    }
}
