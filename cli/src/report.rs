//! `wijkwaarde report`: reports for one or many participant files.

use std::path::{Path, PathBuf};

use analytics::reference::ReferenceTable;
use analytics::{Report, Settings};
use anyhow::{bail, Context};
use chrono::NaiveDate;
use export::Lang;

use crate::{load_records, read_input, write_output, Outcome};

/// Arguments of `wijkwaarde report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Participant records (CSV, or Parquet by the `.parquet` extension). Glob patterns
    /// (`exports/*.csv`) are expanded here too.
    #[arg(required = true)]
    files: Vec<String>,
    /// Output formats, comma-separated: json, csv, md, html.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "json")]
    format: Vec<Format>,
    /// With one file and one format: a file to write instead of standard output. Otherwise a
    /// directory that receives, per input file, every format, the chart (SVG) and the list of
    /// rejected rows (`<name>-validation.csv`).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Settings and column mapping (TOML; see README). Flags override it.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Neighbourhood reference table (CBS Kerncijfers wijken en buurten, CSV) for reach.
    #[arg(long)]
    reference: Option<PathBuf>,
    /// Municipality whose regions the reference table's names are matched within: the name as
    /// CBS writes it ('s-Gravenhage; Den Haag works too) or its code (GM0518).
    #[arg(long)]
    municipality: Option<String>,
    /// Smallest count shown; smaller counts, and shares on fewer participants, are suppressed.
    #[arg(long)]
    min_cell: Option<u32>,
    /// Income at or below this % of the social minimum counts as low income.
    #[arg(long)]
    low_income_threshold_pct: Option<f64>,
    /// The dataset's end date (YYYY-MM-DD); default: the latest record's date.
    #[arg(long)]
    end_date: Option<NaiveDate>,
    /// Only participants whose neighbourhood (of their most recent record) is this one;
    /// repeat for several.
    #[arg(long = "neighbourhood")]
    neighbourhoods: Vec<String>,
    /// Only records on or after this date (YYYY-MM-DD).
    #[arg(long)]
    from: Option<NaiveDate>,
    /// Only records on or before this date (YYYY-MM-DD).
    #[arg(long)]
    to: Option<NaiveDate>,
    /// Only participants in a group: `COLUMN=VALUE` (age_band, gender, target_group); repeat
    /// for several values or columns.
    #[arg(long = "group", value_parser = parse_group)]
    groups: Vec<(String, String)>,
    /// Length of the periods in the breakdown by period.
    #[arg(long, value_enum)]
    period: Option<PeriodArg>,
    /// Language of labels in csv, md and html.
    #[arg(long, value_enum, default_value = "nl")]
    lang: LangArg,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Json,
    Csv,
    Md,
    Html,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Md => "md",
            Format::Html => "html",
        }
    }

    fn render(self, report: &Report, lang: Lang) -> anyhow::Result<String> {
        Ok(match self {
            Format::Json => serde_json::to_string_pretty(report)? + "\n",
            Format::Csv => export::figures_csv(report, lang),
            Format::Md => export::markdown(report, lang),
            Format::Html => export::html(report, lang),
        })
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum PeriodArg {
    Month,
    Quarter,
    Year,
}

fn parse_group(text: &str) -> Result<(String, String), String> {
    let (column, value) = text
        .split_once('=')
        .ok_or_else(|| format!("expected COLUMN=VALUE, got '{text}'"))?;
    if !analytics::indicators::GROUPING_COLUMNS.contains(&column) {
        return Err(format!(
            "'{column}' is not a grouping column; use one of {}",
            analytics::indicators::GROUPING_COLUMNS.join(", ")
        ));
    }
    Ok((column.to_owned(), value.to_owned()))
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LangArg {
    Nl,
    En,
}

/// Settings: the config file if any, then flags on top; checked before any file is read.
fn settings(args: &Args) -> anyhow::Result<Settings> {
    let mut settings = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            toml::from_str(&text)
                .with_context(|| format!("{}: not a valid settings file", path.display()))?
        }
        None => Settings::default(),
    };
    if let Some(min_cell) = args.min_cell {
        settings.min_cell = min_cell;
    }
    if args.municipality.is_some() {
        settings.municipality = args.municipality.clone();
    }
    if let Some(threshold) = args.low_income_threshold_pct {
        settings.low_income_threshold_pct = threshold;
    }
    if args.end_date.is_some() {
        settings.end_date = args.end_date;
    }
    if !args.neighbourhoods.is_empty() {
        settings.filter.neighbourhoods = args.neighbourhoods.clone();
    }
    if args.from.is_some() {
        settings.filter.from = args.from;
    }
    if args.to.is_some() {
        settings.filter.to = args.to;
    }
    for (column, value) in &args.groups {
        settings
            .filter
            .groups
            .entry(column.clone())
            .or_default()
            .push(value.clone());
    }
    if let Some(period) = args.period {
        settings.period = match period {
            PeriodArg::Month => analytics::settings::PeriodLength::Month,
            PeriodArg::Quarter => analytics::settings::PeriodLength::Quarter,
            PeriodArg::Year => analytics::settings::PeriodLength::Year,
        };
    }
    if settings.min_cell == 0 {
        bail!("min_cell must be 1 or more");
    }
    Ok(settings)
}

/// The input files: each argument as a path, or, where no such file exists, as a glob pattern.
fn input_files(patterns: &[String]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for pattern in patterns {
        if Path::new(pattern).exists() {
            files.push(PathBuf::from(pattern));
            continue;
        }
        let matched: Vec<PathBuf> = glob::glob(pattern)
            .with_context(|| format!("not a valid file pattern: {pattern}"))?
            .filter_map(Result::ok)
            .collect();
        if matched.is_empty() {
            bail!("no such file: {pattern}");
        }
        files.extend(matched);
    }
    Ok(files)
}

/// Runs `wijkwaarde report`.
pub fn run(args: &Args) -> anyhow::Result<Outcome> {
    let settings = settings(args)?;
    let files = input_files(&args.files)?;
    let lang = match args.lang {
        LangArg::Nl => Lang::Nl,
        LangArg::En => Lang::En,
    };
    let reference = match &args.reference {
        Some(path) => Some(
            analytics::reference::load_reference(&read_input(path)?)
                .with_context(|| format!("{}: cannot use as reference table", path.display()))?,
        ),
        None => None,
    };
    let to_directory = files.len() > 1 || args.format.len() > 1;
    if to_directory {
        let Some(directory) = &args.output else {
            bail!("with several files or formats, name an output directory with --output DIR");
        };
        std::fs::create_dir_all(directory)
            .with_context(|| format!("cannot create {}", directory.display()))?;
    }

    let progress = if args.quiet || files.len() < 2 {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new(files.len() as u64).with_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        )
    };
    let mut outcome = Outcome::Clean;
    let mut failures = 0;
    for file in &files {
        progress.set_message(file.display().to_string());
        match report_one(
            file,
            args,
            &settings,
            reference.as_ref(),
            lang,
            to_directory,
        ) {
            Ok(Outcome::DataProblems) => outcome = Outcome::DataProblems,
            Ok(Outcome::Clean) => {}
            Err(error) => {
                progress.suspend(|| eprintln!("wijkwaarde: error: {error:#}"));
                failures += 1;
            }
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    if failures > 0 {
        bail!("{failures} of {} files could not be reported", files.len());
    }
    Ok(outcome)
}

fn report_one(
    file: &Path,
    args: &Args,
    settings: &Settings,
    reference: Option<&ReferenceTable>,
    lang: Lang,
    to_directory: bool,
) -> anyhow::Result<Outcome> {
    let records = load_records(file, settings)?;
    let report = analytics::report_once(records, reference, settings)
        .with_context(|| file.display().to_string())?;
    // A filter on a neighbourhood the file does not have selects nobody: say so.
    for name in &settings.filter.neighbourhoods {
        if !report
            .by_neighbourhood
            .iter()
            .any(|entry| &entry.neighbourhood == name)
        {
            eprintln!(
                "wijkwaarde: {}: no participants in neighbourhood '{name}'",
                file.display()
            );
        }
    }
    if to_directory {
        let directory = args.output.as_deref().unwrap_or(Path::new("."));
        let stem = file.file_stem().map_or_else(
            || "report".into(),
            |stem| stem.to_string_lossy().into_owned(),
        );
        for format in &args.format {
            // The figures CSV gets a suffix so that it never overwrites an input CSV of the same name.
            let suffix = if *format == Format::Csv {
                "-figures"
            } else {
                ""
            };
            let path = directory.join(format!("{stem}{suffix}.{}", format.extension()));
            write_output(Some(path.as_path()), &format.render(&report, lang)?)?;
        }
        for (name, svg) in export::chart_svgs(&report, lang).map_err(anyhow::Error::msg)? {
            write_output(
                Some(directory.join(format!("{stem}-{name}.svg")).as_path()),
                &svg,
            )?;
            let path = directory.join(format!("{stem}-{name}.png"));
            std::fs::write(&path, crate::png::from_svg(&svg)?)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        let validation = export::validation_csv(&report.validation, lang);
        write_output(
            Some(directory.join(format!("{stem}-validation.csv")).as_path()),
            &validation,
        )?;
    } else {
        write_output(
            args.output.as_deref(),
            &args.format[0].render(&report, lang)?,
        )?;
    }
    if report.input.rows_rejected > 0 {
        eprintln!(
            "wijkwaarde: {}: {} of {} rows rejected ({})",
            file.display(),
            report.input.rows_rejected,
            report.input.rows_read,
            if to_directory {
                "listed in the -validation.csv file"
            } else {
                "run `wijkwaarde validate` for the list"
            }
        );
        return Ok(Outcome::DataProblems);
    }
    Ok(Outcome::Clean)
}
