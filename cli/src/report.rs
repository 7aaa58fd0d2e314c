//! `wijkwaarde report`: the full report of one participant file.

use std::path::PathBuf;

use analytics::Settings;
use anyhow::Context;

use crate::{read_input, write_output, Outcome};

/// Arguments of `wijkwaarde report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Participant records (CSV).
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Write here instead of to standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Smallest count shown; smaller counts, and shares on fewer participants, are suppressed.
    #[arg(long, default_value_t = Settings::default().min_cell)]
    min_cell: u32,
    /// Income at or below this % of the social minimum counts as low income.
    #[arg(long, default_value_t = Settings::default().low_income_threshold_pct)]
    low_income_threshold_pct: f64,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Json,
}

/// Runs `wijkwaarde report`.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    if args.min_cell == 0 {
        anyhow::bail!("--min-cell must be 1 or more");
    }
    let settings = Settings {
        min_cell: args.min_cell,
        low_income_threshold_pct: args.low_income_threshold_pct,
        ..Settings::default()
    };
    let bytes = read_input(&args.file)?;
    let report = analytics::analyse(&bytes, &settings)
        .with_context(|| format!("{}", args.file.display()))?;
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&report)? + "\n",
    };
    write_output(args.output.as_ref(), &text)?;
    if report.input.rows_rejected > 0 {
        eprintln!(
            "wijkwaarde: {}: {} of {} rows rejected; run `wijkwaarde validate` for the list",
            args.file.display(),
            report.input.rows_rejected,
            report.input.rows_read
        );
        return Ok(Outcome::DataProblems);
    }
    Ok(Outcome::Clean)
}
