//! `wijkwaarde`: Wijkwaarde's figures from the command line, for researchers' batch reports.
//! This binary parses arguments, reads files and writes outputs; every figure comes from the
//! `analytics` crate, the same code the dashboard runs in the browser.

mod generate;
mod parquet;
mod png;
mod report;
mod validate;

use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Impact figures for neighbourhood work programmes, from anonymised CSV exports.
#[derive(Debug, Parser)]
#[command(name = "wijkwaarde", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compute the report for a participant file.
    Report(report::Args),
    /// Check a participant file and list every row that cannot be used, with the reason.
    Validate(validate::Args),
    /// Write synthetic, realistic participant records (deterministic for a seed).
    Generate(generate::Args),
}

/// How a run ended, as an exit code: 0 all fine, 1 data problems found (rows rejected),
/// 2 usage or I/O error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was read and used.
    Clean,
    /// The run finished, but rows were rejected.
    DataProblems,
}

fn main() -> ExitCode {
    return_freed_memory();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Report(args) => report::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Generate(args) => generate::run(&args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::DataProblems) => ExitCode::from(1),
        Err(error) => {
            eprintln!("wijkwaarde: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Has glibc give a freed block of 128 KB or more back to the system at once. By default the
/// limit rises to the largest block freed (up to 32 MB), so the column buffers a report makes
/// and drops are kept for reuse: a 10M-row report peaked at 2.0 GB resident, and at 1.7 GB
/// with this setting. (`MALLOC_MMAP_THRESHOLD_=131072` does the same from outside.)
#[allow(unsafe_code)]
fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only sets a parameter of the allocator; nothing is allocated yet.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Reads participant records from a file: a CSV file a block at a time (never whole in
/// memory), a Parquet file through its CSV form. Errors name the file.
pub fn load_records(
    path: &Path,
    settings: &analytics::Settings,
) -> anyhow::Result<analytics::load::ParticipantRecords> {
    use anyhow::Context;
    let records = if parquet::is_parquet(path) {
        analytics::load::load_participants(&parquet::as_csv(path)?, settings)
    } else {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        analytics::load::load_participants_from(file, settings)
    };
    records.with_context(|| path.display().to_string())
}

/// Reads a file whole, naming it in the error.
pub fn read_input(path: &Path) -> anyhow::Result<Vec<u8>> {
    if parquet::is_parquet(path) {
        return parquet::as_csv(path);
    }
    use anyhow::Context;
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Writes to `--output` if given, else to standard output.
pub fn write_output(output: Option<&Path>, text: &str) -> anyhow::Result<()> {
    use anyhow::Context;
    use std::io::Write;
    match output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .context("cannot write to standard output")
        }
    }
}
