//! `wijkwaarde validate`: how a file reads, and every row that cannot be used.

use std::fmt::Write as _;
use std::path::PathBuf;

use analytics::Settings;
use anyhow::Context;

use crate::{read_input, write_output, Outcome};

/// Arguments of `wijkwaarde validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Participant records (CSV).
    file: PathBuf,
    /// Write the full list here (CSV: line, column, value, reason) instead of to standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// Runs `wijkwaarde validate`: a summary to stderr, the problem list (CSV) to stdout or `--output`.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let bytes = read_input(&args.file)?;
    let records = analytics::load::load_participants(&bytes, &Settings::default())
        .with_context(|| format!("{}", args.file.display()))?;
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
    let mut list = String::from("line,column,value,reason\n");
    for problem in &validation.problems {
        writeln!(
            list,
            "{},{},{},{}",
            problem.line,
            csv_field(&problem.column),
            csv_field(&problem.value),
            csv_field(problem.reason.message_en())
        )?;
    }
    write_output(args.output.as_ref(), &list)?;
    Ok(if validation.rows_rejected > 0 {
        Outcome::DataProblems
    } else {
        Outcome::Clean
    })
}

/// Quotes a CSV field where needed, and defuses spreadsheet formulas (`=`, `+`, `-`, `@`).
fn csv_field(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}
