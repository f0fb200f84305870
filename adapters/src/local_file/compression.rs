//! Reading and writing CSV bytes through the compression its suffix names, with a bound on
//! the decompressed size (a small `.csv.gz` may expand to gigabytes).

use super::format::Compression;
use rheo_core::adapter::AdapterError;
use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::Path;

/// The decompressed bytes of `path`, at most `limit` of them.
pub fn read_all(
    path: &Path,
    compression: Compression,
    limit: u64,
) -> Result<Vec<u8>, AdapterError> {
    let io = |e: std::io::Error| {
        AdapterError::handling(format!(
            "Local file {} could not be read: {e}",
            path.display()
        ))
    };
    let file = File::open(path).map_err(io)?;
    let mut buf = Vec::new();
    let reader: Box<dyn Read> = match compression {
        Compression::None => Box::new(file),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(file))),
        Compression::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(BufReader::new(file))),
        Compression::Xz => {
            let mut out = Vec::new();
            lzma_rs::xz_decompress(
                &mut BufReader::new(file),
                &mut LimitedWriter::new(&mut out, limit),
            )
            .map_err(|e| too_large_or(path, limit, &e.to_string()))?;
            return Ok(out);
        }
        Compression::Zip => return read_zip_member(path, file, limit),
    };
    reader.take(limit + 1).read_to_end(&mut buf).map_err(io)?;
    if buf.len() as u64 > limit {
        return Err(too_large(path, limit));
    }
    Ok(buf)
}

/// The single member of a `.csv.zip` archive (pandas requires exactly one).
fn read_zip_member(path: &Path, file: File, limit: u64) -> Result<Vec<u8>, AdapterError> {
    let bad = |e: &dyn std::fmt::Display| {
        AdapterError::handling(format!(
            "Local file {} is not a readable zip archive: {e}",
            path.display()
        ))
    };
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| bad(&e))?;
    if archive.len() != 1 {
        return Err(AdapterError::handling(format!(
            "Local file {}: Multiple files found in ZIP file. Only one file per ZIP: {} members",
            path.display(),
            archive.len()
        )));
    }
    let member = archive.by_index(0).map_err(|e| bad(&e))?;
    let mut buf = Vec::new();
    member
        .take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| bad(&e))?;
    if buf.len() as u64 > limit {
        return Err(too_large(path, limit));
    }
    Ok(buf)
}

/// Writes `bytes` to `path` through `compression`.
pub fn write_all(path: &Path, compression: Compression, bytes: &[u8]) -> Result<(), AdapterError> {
    let io = |e: &dyn std::fmt::Display| {
        AdapterError::handling(format!(
            "Local file {} could not be written: {e}",
            path.display()
        ))
    };
    let file = File::create(path).map_err(|e| io(&e))?;
    match compression {
        Compression::None => {
            let mut f = file;
            f.write_all(bytes).map_err(|e| io(&e))
        }
        Compression::Gzip => {
            let mut w = flate2::write::GzEncoder::new(file, flate2::Compression::default());
            w.write_all(bytes)
                .and_then(|()| w.finish().map(drop))
                .map_err(|e| io(&e))
        }
        Compression::Bzip2 => {
            let mut w = bzip2::write::BzEncoder::new(file, bzip2::Compression::default());
            w.write_all(bytes)
                .and_then(|()| w.finish().map(drop))
                .map_err(|e| io(&e))
        }
        Compression::Xz => {
            let mut f = file;
            lzma_rs::xz_compress(&mut &bytes[..], &mut f).map_err(|e| io(&e))
        }
        Compression::Zip => {
            let member = path
                .file_name()
                .map(|n| n.to_string_lossy().trim_end_matches(".zip").to_string())
                .unwrap_or_else(|| "data.csv".into());
            let mut w = zip::ZipWriter::new(file);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            w.start_file(member, options).map_err(|e| io(&e))?;
            w.write_all(bytes).map_err(|e| io(&e))?;
            w.finish().map(drop).map_err(|e| io(&e))
        }
    }
}

fn too_large(path: &Path, limit: u64) -> AdapterError {
    AdapterError::handling(format!(
        "Local file {} is larger than {limit} bytes (decompressed), the adapters' \
         max_file_bytes",
        path.display()
    ))
}

fn too_large_or(path: &Path, limit: u64, cause: &str) -> AdapterError {
    if cause.contains(LIMIT_HIT) {
        too_large(path, limit)
    } else {
        AdapterError::handling(format!(
            "Local file {} is not valid xz data: {cause}",
            path.display()
        ))
    }
}

const LIMIT_HIT: &str = "decompressed size limit reached";

/// A writer that fails once more than `limit` bytes were written (for decoders that push).
struct LimitedWriter<'a> {
    out: &'a mut Vec<u8>,
    limit: u64,
}

impl<'a> LimitedWriter<'a> {
    fn new(out: &'a mut Vec<u8>, limit: u64) -> Self {
        LimitedWriter { out, limit }
    }
}

impl Write for LimitedWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if (self.out.len() + buf.len()) as u64 > self.limit {
            return Err(std::io::Error::other(LIMIT_HIT));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_compression_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let data = b"a,b\n1,2\n3,4\n".repeat(100);
        for (name, c) in [
            ("x.csv", Compression::None),
            ("x.csv.gz", Compression::Gzip),
            ("x.csv.bz2", Compression::Bzip2),
            ("x.csv.xz", Compression::Xz),
            ("x.csv.zip", Compression::Zip),
        ] {
            let p = dir.path().join(name);
            write_all(&p, c, &data).unwrap();
            assert_eq!(read_all(&p, c, 1 << 20).unwrap(), data, "{name}");
        }
    }

    #[test]
    fn decompressed_size_is_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let data = vec![b'0'; 100_000];
        for (name, c) in [
            ("b.csv.gz", Compression::Gzip),
            ("b.csv.xz", Compression::Xz),
            ("b.csv.zip", Compression::Zip),
            ("b.csv.bz2", Compression::Bzip2),
        ] {
            let p = dir.path().join(name);
            write_all(&p, c, &data).unwrap();
            let e = read_all(&p, c, 1000).unwrap_err();
            assert!(
                e.message.contains("larger than 1000 bytes"),
                "{name}: {}",
                e.message
            );
        }
    }
}
