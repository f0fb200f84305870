//! How many cells calamine will materialise for an `.xls` or `.ods` file, found before it
//! opens the file.
//!
//! Why this exists: for these formats calamine builds every sheet as one dense range, sized
//! by what the file claims (an `.xls` DIMENSIONS record, the farthest cell address; an
//! `.ods` row repeated a million times), so a file of a few kilobytes can ask for hundreds of
//! gigabytes and abort the process. These scans read only record headers and XML tags and
//! give an upper bound of the cells (and formula strings) calamine would allocate; the reader
//! refuses a file whose bound passes its limit.

use quick_xml::events::{BytesStart, Event};
use std::io::{Cursor, Read};

/// The cells calamine allocates for every sheet listed in an `.xls` workbook: for each
/// sheet the larger of its DIMENSIONS area and the area its cell records span (calamine
/// parses every sheet when it opens the file).
pub fn xls_cells(bytes: &[u8]) -> Result<u64, String> {
    let stream = workbook_stream(bytes)?;
    let mut total: u64 = 0;
    for pos in sheet_positions(&stream) {
        total = total.saturating_add(xls_sheet_cells(&stream, pos));
    }
    Ok(total)
}

/// The BIFF stream of a compound file (`Workbook`, or `Book` for BIFF5).
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| format!("not an .xls (compound) file: {e}"))?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
        .ok_or("the file has no Workbook stream")?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .and_then(|mut s| s.read_to_end(&mut stream))
        .map_err(|e| format!("the Workbook stream cannot be read: {e}"))?;
    Ok(stream)
}

/// BIFF records from `at`: (type, data); stops at the first truncated one.
fn records(stream: &[u8], at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream.get(at..).unwrap_or_default();
    std::iter::from_fn(move || {
        let head = rest.get(..4)?;
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, data))
    })
}

fn u16_at(d: &[u8], i: usize) -> Option<u64> {
    Some(u64::from(u16::from_le_bytes(
        d.get(i..i + 2)?.try_into().ok()?,
    )))
}

fn u32_at(d: &[u8], i: usize) -> Option<u64> {
    Some(u64::from(u32::from_le_bytes(
        d.get(i..i + 4)?.try_into().ok()?,
    )))
}

/// Stream positions of the sheets the globals substream lists (BOUNDSHEET records).
fn sheet_positions(stream: &[u8]) -> Vec<usize> {
    records(stream, 0)
        .take_while(|(typ, _)| *typ != 0x000A)
        .filter(|(typ, _)| *typ == 0x0085)
        .filter_map(|(_, d)| u32_at(d, 0).map(|p| p as usize))
        .collect()
}

/// The area of one sheet's dense ranges as calamine sizes them.
fn xls_sheet_cells(stream: &[u8], pos: usize) -> u64 {
    let mut dims: u64 = 0;
    let mut span = Span::default();
    let (mut seen_bof, mut depth) = (false, 0usize);
    for (typ, d) in records(stream, pos) {
        match (typ, depth) {
            (0x0809, _) if seen_bof => depth += 1,
            (0x0809, _) => seen_bof = true,
            (0x000A, 0) => break,
            (0x000A, _) => depth -= 1,
            (_, 1..) => {}
            (0x0200, _) => dims = dims.max(dimensions_area(d)),
            (0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006, _) => {
                if let (Some(r), Some(c)) = (u16_at(d, 0), u16_at(d, 2)) {
                    span.add(r, c, c);
                }
            }
            (0x00BD, _) if d.len() >= 6 => {
                if let (Some(r), Some(c0), Some(c1)) =
                    (u16_at(d, 0), u16_at(d, 2), u16_at(d, d.len() - 2))
                {
                    span.add(r, c0.min(c1), c0.max(c1));
                }
            }
            _ => {}
        }
    }
    dims.max(span.area())
}

/// What calamine reserves for a DIMENSIONS record; a reversed range, which calamine's
/// arithmetic wraps into an enormous one, counts as unbounded.
fn dimensions_area(d: &[u8]) -> u64 {
    let fields = match d.len() {
        10 => (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4), u16_at(d, 6)),
        14 | 16 => (u32_at(d, 0), u32_at(d, 4), u16_at(d, 8), u16_at(d, 10)),
        _ => return 0,
    };
    let (Some(rf), Some(rl), Some(mut cf), Some(cl)) = fields else {
        return 0;
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    if rl == 0 || cl == 0 {
        return 1;
    }
    let (rows, cols) = (rl - 1, cl - 1);
    if rows < rf || cols < cf {
        return u64::MAX;
    }
    (rows - rf + 1).saturating_mul(cols - cf + 1)
}

/// The rows and columns cell records reach.
#[derive(Default)]
struct Span {
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
}

impl Span {
    fn add(&mut self, r: u64, c0: u64, c1: u64) {
        let widen = |s: Option<(u64, u64)>, lo: u64, hi: u64| {
            Some(s.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))))
        };
        self.rows = widen(self.rows, r, r);
        self.cols = widen(self.cols, c0, c1);
    }

    fn area(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => (r1 - r0 + 1).saturating_mul(c1 - c0 + 1),
            _ => 0,
        }
    }
}

/// calamine's caps on `.ods` sheets (rows after repeats, columns per row).
const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLUMNS: u64 = 16_384;

/// The cells calamine materialises for every table of an `.ods` file: rows up to the last
/// one with a value (repeats counted) times the widest row up to its last value.
pub fn ods_cells(bytes: &[u8]) -> Result<u64, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not an .ods (zip) file: {e}"))?;
    let mut content = Vec::new();
    zip.by_name("content.xml")
        .and_then(|mut f| f.read_to_end(&mut content).map_err(Into::into))
        .map_err(|e| format!("the file has no readable content.xml: {e}"))?;
    let mut reader = quick_xml::Reader::from_reader(content.as_slice());
    let mut buf = Vec::new();
    let mut scan = OdsScan::default();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("content.xml is not valid XML: {e}"))?;
        match event {
            Event::Eof => break,
            Event::Start(e) => scan.open(&e, false),
            Event::Empty(e) => scan.open(&e, true),
            Event::End(e) => scan.close(e.name().as_ref()),
            _ => {}
        }
        buf.clear();
    }
    Ok(scan.total)
}

/// Running counts of the table and row being read.
#[derive(Default)]
struct OdsScan {
    total: u64,
    rows: u64,
    rows_to_last_value: u64,
    widest: u64,
    row_repeat: u64,
    row_pos: u64,
    row_extent: u64,
}

impl OdsScan {
    fn open(&mut self, e: &BytesStart, empty: bool) {
        match e.name().as_ref() {
            "table:table" => {
                (self.rows, self.rows_to_last_value, self.widest) = (0, 0, 0);
            }
            "table:table-row" => {
                self.row_repeat = repeat(e, "table:number-rows-repeated");
                (self.row_pos, self.row_extent) = (0, 0);
                if empty {
                    self.close("table:table-row");
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let columns = repeat(e, "table:number-columns-repeated");
                self.row_pos = (self.row_pos + columns).min(ODS_MAX_COLUMNS);
                let valued = e
                    .try_get_attribute("office:value-type")
                    .ok()
                    .flatten()
                    .is_some();
                if valued || !empty {
                    self.row_extent = self.row_pos;
                }
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "table:table-row" => {
                self.rows = (self.rows + self.row_repeat).min(ODS_MAX_ROWS);
                if self.row_extent > 0 {
                    self.rows_to_last_value = self.rows;
                    self.widest = self.widest.max(self.row_extent);
                }
            }
            "table:table" => {
                let cells = self.rows_to_last_value.saturating_mul(self.widest);
                self.total = self.total.saturating_add(cells);
            }
            _ => {}
        }
    }
}

/// A `…-repeated` attribute (1 when absent or unreadable).
fn repeat(e: &BytesStart, attr: &str) -> u64 {
    e.try_get_attribute(attr)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn ods(rows: &str) -> Vec<u8> {
        let content = format!(
            "<office:document-content xmlns:office=\"o\" xmlns:table=\"t\" xmlns:text=\"x\">\
             <office:body><office:spreadsheet><table:table table:name=\"S\">{rows}</table:table>\
             </office:spreadsheet></office:body></office:document-content>"
        );
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn empty_repeats_as_office_programs_write_them_cost_nothing() {
        // Two value rows of three cells, then LibreOffice's million formatted empty rows.
        let value = "<table:table-cell office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p></table:table-cell>";
        let rows = format!(
            "<table:table-row>{value}{value}{value}<table:table-cell table:number-columns-repeated=\"1021\"/></table:table-row>\
             <table:table-row>{value}</table:table-row>\
             <table:table-row table:number-rows-repeated=\"1048574\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>"
        );
        assert_eq!(ods_cells(&ods(&rows)).unwrap(), 2 * 3);
    }

    #[test]
    fn repeated_values_count_every_copy() {
        let rows = "<table:table-row table:number-rows-repeated=\"1000\">\
                    <table:table-cell table:number-columns-repeated=\"50\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell>\
                    </table:table-row>";
        assert_eq!(ods_cells(&ods(rows)).unwrap(), 50_000);
    }

    #[test]
    fn reversed_or_huge_dimensions_are_unbounded() {
        let dims = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut d = Vec::new();
            d.extend(rf.to_le_bytes());
            d.extend(rl.to_le_bytes());
            d.extend(cf.to_le_bytes());
            d.extend(cl.to_le_bytes());
            d.extend([0, 0]);
            dimensions_area(&d)
        };
        assert_eq!(dims(0, 10, 0, 3), 30);
        assert_eq!(dims(20, 10, 0, 3), u64::MAX);
        assert_eq!(dims(0, 4_000_000_000, 0, 255), 4_000_000_000 * 255);
        assert!(xls_cells(b"\xd0\xcf\x11\xe0 not a compound file").is_err());
    }
}
