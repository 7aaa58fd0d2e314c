//! The validation report: what was read, what was used, and every row that was not, with
//! its line, column and reason. Nothing is dropped without an entry here.

use serde::{Deserialize, Serialize};

use crate::columns::LonelinessScale;

/// How a file was read and what became of its rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Validation {
    /// Character encoding the bytes were decoded from.
    pub encoding: String,
    /// Field delimiter found (`,`, `;`, tab or `|`).
    pub delimiter: String,
    /// Data rows read (not counting the header and wholly empty lines).
    pub rows_read: u64,
    /// Rows that passed every check and enter the figures.
    pub rows_used: u64,
    /// Rows rejected whole; `problems` says why.
    pub rows_rejected: u64,
    /// Lines with no value in any field, skipped (counted so that nothing goes unseen).
    pub blank_rows_skipped: u64,
    /// Every problem found, in file order; a rejected row may have several.
    pub problems: Vec<RowProblem>,
    /// Every column of the file, and what it was read as.
    pub columns: Vec<ColumnUse>,
    /// The loneliness scale the file holds, if any.
    pub loneliness_scale: Option<LonelinessScale>,
}

/// One reason a row was rejected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowProblem {
    /// Line in the file where the record starts (the header is line 1).
    pub line: u64,
    /// Header of the column, as it stands in the file.
    pub column: String,
    /// The offending value, as it stands in the file.
    pub value: String,
    /// What is wrong with it.
    pub reason: ProblemKind,
}

/// What can be wrong with a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// A required column has no value.
    MissingRequired,
    /// Not a date in YYYY-MM-DD, DD-MM-YYYY or D-M-YYYY form, or no such day.
    InvalidDate,
    /// Not a whole rung from 1 to 6.
    RungOutOfRange,
    /// Not a number.
    InvalidNumber,
    /// A number below zero where only zero or more makes sense.
    NegativeNumber,
    /// Not ja/nee, j/n, yes/no, true/false or 1/0.
    InvalidBoolean,
    /// Not one of bijstand, ww, wia, wajong, geen, anders.
    UnknownBenefit,
    /// A loneliness score outside 0–11.
    ScoreOutOfRange,
    /// Not ja, min of meer or nee.
    InvalidAnswer,
    /// The record has more or fewer fields than the header.
    WrongFieldCount,
}

impl ProblemKind {
    /// The reason in English.
    pub fn message_en(self) -> &'static str {
        match self {
            ProblemKind::MissingRequired => "required value is missing",
            ProblemKind::InvalidDate => "not a valid date (YYYY-MM-DD, DD-MM-YYYY or D-M-YYYY)",
            ProblemKind::RungOutOfRange => "rung must be a whole number from 1 to 6",
            ProblemKind::InvalidNumber => "not a number",
            ProblemKind::NegativeNumber => "must not be negative",
            ProblemKind::InvalidBoolean => "not yes/no (ja/nee, j/n, true/false, 1/0)",
            ProblemKind::UnknownBenefit => {
                "not a known benefit (bijstand, ww, wia, wajong, geen, anders)"
            }
            ProblemKind::ScoreOutOfRange => "loneliness score must be a whole number from 0 to 11",
            ProblemKind::InvalidAnswer => "not a loneliness answer (ja, min of meer, nee)",
            ProblemKind::WrongFieldCount => {
                "the row has a different number of fields than the header"
            }
        }
    }

    /// The reason in Dutch.
    pub fn message_nl(self) -> &'static str {
        match self {
            ProblemKind::MissingRequired => "verplichte waarde ontbreekt",
            ProblemKind::InvalidDate => "geen geldige datum (JJJJ-MM-DD, DD-MM-JJJJ of D-M-JJJJ)",
            ProblemKind::RungOutOfRange => "trede moet een geheel getal van 1 tot en met 6 zijn",
            ProblemKind::InvalidNumber => "geen getal",
            ProblemKind::NegativeNumber => "mag niet negatief zijn",
            ProblemKind::InvalidBoolean => "geen ja/nee (j/n, yes/no, true/false, 1/0)",
            ProblemKind::UnknownBenefit => {
                "onbekende uitkering (bijstand, ww, wia, wajong, geen, anders)"
            }
            ProblemKind::ScoreOutOfRange => {
                "eenzaamheidsscore moet een geheel getal van 0 tot en met 11 zijn"
            }
            ProblemKind::InvalidAnswer => {
                "geen antwoord op de eenzaamheidsschaal (ja, min of meer, nee)"
            }
            ProblemKind::WrongFieldCount => {
                "de regel heeft een ander aantal velden dan de kopregel"
            }
        }
    }
}

/// One column of the input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnUse {
    /// Header as it stands in the file.
    pub header: String,
    /// Canonical column it was read as (`djg_3`, `djg6_2` for scale items); `None`: ignored.
    pub read_as: Option<String>,
    /// Share of data rows with no value in this column.
    pub missing_share: f64,
}
