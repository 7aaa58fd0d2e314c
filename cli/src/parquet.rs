//! Parquet input for researchers with large extracts: polars reads the file, writes it as CSV
//! in memory, and the CSV goes through the same loader, so a Parquet file is validated and
//! reported exactly as its CSV form would be (dates as ISO dates, booleans as true/false).

use std::path::Path;

use anyhow::Context;
use polars::prelude::{CsvWriter, ParquetReader, SerReader, SerWriter};

/// Whether `path` names a Parquet file (by its extension).
pub fn is_parquet(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("parquet"))
}

/// The Parquet file at `path` as CSV bytes.
pub fn as_csv(path: &Path) -> anyhow::Result<Vec<u8>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut frame = ParquetReader::new(file)
        .finish()
        .with_context(|| format!("{}: not a readable Parquet file", path.display()))?;
    let mut bytes = Vec::new();
    CsvWriter::new(&mut bytes)
        .finish(&mut frame)
        .with_context(|| format!("{}: cannot convert to CSV", path.display()))?;
    Ok(bytes)
}
