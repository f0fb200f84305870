//! Fuzz target: a data file as the local file adapter reads it. The first byte picks the
//! reader (modulo 4: CSV with a separator chosen by the second byte, Parquet, a pickle of
//! plain values, a spreadsheet — `.xlsx`, `.xls` or `.ods` by the second byte), the rest is
//! the file. Without afl's panic hook, so that a panic the reader contains (the parquet
//! decoder asserts on some corrupt pages) is not counted; one that escapes still aborts.

use rheo_adapters::local_file::csv_options::ReadOptions;
use rheo_adapters::local_file::excel_read::{read_excel, Book, ExcelReadOptions};
use rheo_adapters::local_file::{csv_read, parquet};
use rheo_adapters::pickle;

fn main() {
    afl::fuzz_nohook!(|data: &[u8]| {
        let Some((&pick, rest)) = data.split_first() else {
            return;
        };
        if pick % 4 == 2 {
            let _ = pickle::plain_value(rest);
        } else if pick % 4 == 3 {
            let book = match rest.first().map(|b| b % 3) {
                Some(1) => Book::Xls,
                Some(2) => Book::Ods,
                _ => Book::Xlsx,
            };
            let _ = read_excel(rest, book, &ExcelReadOptions::default(), 64 << 20);
        } else if pick % 4 == 0 {
            let sep = match rest.first() {
                Some(b';') => b';',
                Some(b'\t') => b'\t',
                _ => b',',
            };
            let options = ReadOptions { sep, ..ReadOptions::default() };
            let _ = csv_read::read_csv(rest, &options);
        } else {
            let _ = parquet::read(rest.to_vec());
        }
    });
}
