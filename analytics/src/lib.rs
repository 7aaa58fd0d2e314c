//! Wijkwaarde's analytics: the one place where figures are computed, shared by the browser
//! dashboard (compiled to WebAssembly) and the command line.
//!
//! The flow is bytes and [`Settings`] in, a serde [`Report`] out:
//! [`load`] reads and validates participant records, [`indicators`] turns them into counts
//! and sums per scope with polars, and [`report`] makes figures of those, with the
//! small-number protection of [`disclosure`] applied inside the model.
//!
//! This crate knows nothing of Leptos, the DOM, files or terminals: it does no I/O, and bad
//! rows do not make it fail; they come back, counted and explained, in the [`Validation`].

pub mod columns;
mod cores;
pub mod disclosure;
pub mod indicators;
pub mod load;
pub mod reference;
pub mod report;
pub mod settings;
pub mod validation;

pub use report::{Figures, Report};
pub use settings::Settings;
pub use validation::Validation;

/// Why a file could not be read at all (bad rows do not fail; they are reported).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file has no content.
    #[error("the file is empty")]
    Empty,
    /// The file holds binary data (a spreadsheet, an archive), not CSV text.
    #[error("the file is not a text (CSV) file; export it from the spreadsheet as CSV")]
    NotText,
    /// The whole text was wrapped in quotes once more after export.
    #[error("the file was damaged after download: its whole text is wrapped in quotes once more (every quote doubled, one field per line). Download it again, or replace \"\" by \" and remove the quote at the very start and end")]
    QuotedTwice,
    /// The file could not be read to its end (an I/O error).
    #[error("the file could not be read: {0}")]
    Read(String),
    /// Only a header, no data rows.
    #[error("the file has a header but no data rows")]
    NoDataRows,
    /// Required columns are not recognised.
    #[error("{}", missing_columns_message(missing, found))]
    MissingColumns {
        /// Each required column not found, with the names that would have matched.
        missing: Vec<MissingColumn>,
        /// The headers the file has.
        found: Vec<String>,
    },
    /// Both the 11-item and the 6-item loneliness scale appear in one file.
    #[error("the file holds both the 11-item and the 6-item loneliness scale; use one per file")]
    MixedLonelinessScales,
    /// The column mapping names a column Wijkwaarde does not know.
    #[error("the column mapping names unknown column '{0}'")]
    UnknownMappedColumn(String),
    /// The column mapping names a header the file does not have.
    #[error(
        "the column mapping maps '{column}' to header '{header}', which the file does not have"
    )]
    MappedHeaderNotFound {
        /// Canonical column.
        column: String,
        /// Header named in the mapping.
        header: String,
    },
    /// The CSV structure could not be read.
    #[error("the file could not be read as CSV: {0}")]
    Csv(String),
    /// The computation failed inside polars (a bug, not a data problem).
    #[error("internal error while computing figures: {0}")]
    Frame(String),
}

/// A required column that the file lacks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MissingColumn {
    /// Canonical name.
    pub column: String,
    /// Headers that would have been recognised for it.
    pub would_match: Vec<String>,
}

fn missing_columns_message(missing: &[MissingColumn], found: &[String]) -> String {
    let missing: Vec<String> = missing
        .iter()
        .map(|column| {
            format!(
                "'{}' (a header such as {})",
                column.column,
                column.would_match.join(", ")
            )
        })
        .collect();
    format!(
        "required column(s) not found: {}. Columns found: {}. Rename a column or map it by hand.",
        missing.join("; "),
        found
            .iter()
            .map(|header| format!("'{header}'"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

impl LoadError {
    /// The message in Dutch (the `Display` form is English).
    pub fn message_nl(&self) -> String {
        match self {
            LoadError::Empty => "het bestand is leeg".to_owned(),
            LoadError::NotText => {
                "dit is geen tekstbestand (CSV); sla het in het rekenblad op als CSV".to_owned()
            }
            LoadError::Read(detail) => format!("het bestand kon niet worden gelezen: {detail}"),
            LoadError::NoDataRows => "het bestand heeft een kopregel maar geen gegevens".to_owned(),
            LoadError::QuotedTwice => "het bestand is na het downloaden beschadigd: de hele tekst staat nog eens tussen aanhalingstekens (elk aanhalingsteken verdubbeld, één veld per regel). Download het opnieuw, of vervang \"\" door \" en haal het aanhalingsteken aan het begin en eind weg".to_owned(),
            LoadError::MissingColumns { missing, found } => {
                let missing: Vec<String> = missing
                    .iter()
                    .map(|column| {
                        format!(
                            "'{}' (een kop zoals {})",
                            column.column,
                            column.would_match.join(", ")
                        )
                    })
                    .collect();
                let found: Vec<String> = found.iter().map(|header| format!("'{header}'")).collect();
                format!(
                    "verplichte kolom(men) niet gevonden: {}. Gevonden kolommen: {}. Hernoem een kolom of koppel hem met de hand.",
                    missing.join("; "),
                    found.join(", ")
                )
            }
            LoadError::MixedLonelinessScales => {
                "het bestand bevat zowel de 11-item- als de 6-item-eenzaamheidsschaal; gebruik één schaal per bestand".to_owned()
            }
            LoadError::UnknownMappedColumn(column) => {
                format!("de kolomkoppeling noemt onbekende kolom '{column}'")
            }
            LoadError::MappedHeaderNotFound { column, header } => format!(
                "de kolomkoppeling koppelt '{column}' aan kop '{header}', maar die staat niet in het bestand"
            ),
            LoadError::Csv(detail) => format!("het bestand is geen leesbare CSV: {detail}"),
            LoadError::Frame(detail) => format!("interne fout bij het rekenen: {detail}"),
        }
    }
}

impl From<polars::error::PolarsError> for LoadError {
    fn from(error: polars::error::PolarsError) -> Self {
        LoadError::Frame(error.to_string())
    }
}

/// Reads participant records and computes the full report.
pub fn analyse(bytes: &[u8], settings: &Settings) -> Result<Report, LoadError> {
    analyse_with_reference(bytes, None, settings)
}

/// Reads participant records and computes the full report, with reach and context from a
/// neighbourhood reference table (see [`reference::load_reference`]).
pub fn analyse_with_reference(
    bytes: &[u8],
    reference: Option<&reference::ReferenceTable>,
    settings: &Settings,
) -> Result<Report, LoadError> {
    let records = load::load_participants(bytes, settings)?;
    report_for(&records, reference, settings)
}

/// Computes the report for records loaded once, so that a change of filters or thresholds
/// does not read the file again. `settings.column_mapping` is the loader's: it has no effect
/// here.
pub fn report_for(
    records: &load::ParticipantRecords,
    reference: Option<&reference::ReferenceTable>,
    settings: &Settings,
) -> Result<Report, LoadError> {
    let prepared = indicators::prepare(records, settings)?;
    report_from_prepared(records, &prepared, reference, settings)
}

/// [`report_for`] for records that are needed no further (a one-off report, as the CLI's): their
/// frame is let go as it is sorted, which lowers the peak memory by about its size.
pub fn report_once(
    mut records: load::ParticipantRecords,
    reference: Option<&reference::ReferenceTable>,
    settings: &Settings,
) -> Result<Report, LoadError> {
    let frame = std::mem::take(&mut records.frame);
    let prepared = indicators::prepare_frame(frame, &records, settings)?;
    report_from_prepared(&records, &prepared, reference, settings)
}

/// Records loaded once, and the record-level work of the last report, reused while only
/// participant filters and report settings change (the dashboard's filters).
#[derive(Debug)]
pub struct Analysis {
    records: load::ParticipantRecords,
    prepared: Option<indicators::Prepared>,
}

impl Analysis {
    /// Holds loaded records.
    pub fn new(records: load::ParticipantRecords) -> Analysis {
        Analysis {
            records,
            prepared: None,
        }
    }

    /// The report for `settings`; equal to [`report_for`] with the same arguments.
    pub fn report(
        &mut self,
        reference: Option<&reference::ReferenceTable>,
        settings: &Settings,
    ) -> Result<Report, LoadError> {
        let key = indicators::PrepareKey::of(settings);
        if self
            .prepared
            .as_ref()
            .is_none_or(|prepared| prepared.key != key)
        {
            self.prepared = Some(indicators::prepare(&self.records, settings)?);
        }
        let prepared = self.prepared.as_ref().expect("prepared just above");
        report_from_prepared(&self.records, prepared, reference, settings)
    }
}

fn report_from_prepared(
    records: &load::ParticipantRecords,
    prepared: &indicators::Prepared,
    reference: Option<&reference::ReferenceTable>,
    settings: &Settings,
) -> Result<Report, LoadError> {
    let mut cells = indicators::cells_of(prepared, settings)?;
    let matching =
        indicators::reach::add_cells(&mut cells, reference, settings.municipality.as_deref());
    Ok(report::build_report(
        &cells,
        records.validation.clone(),
        settings,
        matching,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_off_report_equals_the_report_for_borrowed_records() {
        let settings = Settings {
            min_cell: 1,
            ..Settings::default()
        };
        for bytes in [
            &include_bytes!("../../datasets/sample.csv")[..],
            &include_bytes!("../../datasets/sample-messy.csv")[..],
        ] {
            let records = load::load_participants(bytes, &settings).unwrap();
            let borrowed = report_for(&records, None, &settings).unwrap();
            assert_eq!(report_once(records, None, &settings).unwrap(), borrowed);
        }
    }
}
