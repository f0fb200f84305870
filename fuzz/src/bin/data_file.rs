//! Fuzz target: a data file as the local file adapter reads it. The first byte picks the
//! reader (even: CSV with a separator chosen by the second byte, odd: Parquet), the rest is
//! the file. Without afl's panic hook, so that a panic the reader contains (the parquet
//! decoder asserts on some corrupt pages) is not counted; one that escapes still aborts.

use rheo_adapters::local_file::csv_options::ReadOptions;
use rheo_adapters::local_file::{csv_read, parquet};

fn main() {
    afl::fuzz_nohook!(|data: &[u8]| {
        let Some((&pick, rest)) = data.split_first() else {
            return;
        };
        if pick % 2 == 0 {
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
