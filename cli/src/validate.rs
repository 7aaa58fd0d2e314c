//! `wijkwaarde validate`: how a file reads, and every row that cannot be used.

use std::path::PathBuf;

use analytics::Settings;

use crate::{load_records, write_output, Outcome};

/// Arguments of `wijkwaarde validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Participant records (CSV, or Parquet by the `.parquet` extension).
    file: PathBuf,
    /// Write the full list here (CSV: line, column, value, reason) instead of to standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// Runs `wijkwaarde validate`: a summary to stderr, the problem list (CSV) to stdout or `--output`.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let records = load_records(&args.file, &Settings::default())?;
    let validation = &records.validation;
    eprintln!(
        "{}: {} rows read, {} used, {} rejected ({}; delimiter '{}')",
        args.file.display(),
        validation.rows_read,
        validation.rows_used,
        validation.rows_rejected,
        validation.encoding,
        validation.delimiter.escape_default()
    );
    let list = export::validation_csv(validation, export::Lang::En);
    write_output(args.output.as_deref(), &list)?;
    Ok(if validation.rows_rejected > 0 {
        Outcome::DataProblems
    } else {
        Outcome::Clean
    })
}
