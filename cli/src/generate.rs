//! `wijkwaarde generate`: synthetic participant records.

use std::path::PathBuf;

use anyhow::Context;
use generator::{Options, Style};

use crate::Outcome;

/// Arguments of `wijkwaarde generate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Number of participants (about four rows each).
    #[arg(long, default_value_t = 900)]
    participants: usize,
    /// Seed; the same seed gives the same file.
    #[arg(long, default_value_t = 2024)]
    seed: u64,
    /// Write the messy form: Dutch headers, semicolons, decimal commas, Windows-1252, broken rows.
    #[arg(long)]
    messy: bool,
    /// Output file.
    #[arg(long, short)]
    output: PathBuf,
}

/// Runs `wijkwaarde generate`.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let style = if args.messy {
        Style::Messy
    } else {
        Style::Tidy
    };
    let bytes = generator::generate(&Options {
        participants: args.participants,
        seed: args.seed,
        style,
    });
    std::fs::write(&args.output, &bytes)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    eprintln!("wrote {} ({} bytes)", args.output.display(), bytes.len());
    Ok(Outcome::Clean)
}
