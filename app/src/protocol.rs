//! Messages between the page and the analysis worker. The page never runs the analytics:
//! it sends the picked `File` itself (structured clone, no copy of its bytes on the page) and
//! settings, and gets back JSON of the validation and the report model, so that a large file
//! never freezes the page.

use std::collections::BTreeMap;

use analytics::{MissingColumn, Report, Settings, Validation};
use serde::{Deserialize, Serialize};

/// What the page asks of the worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    /// Read and validate a participant file: the `File` sent with the message, or the bundled
    /// sample, or (with `again`) the last file once more, with a column mapping.
    Load {
        /// File name, as shown.
        name: String,
        /// The bundled sample instead of a file.
        sample: bool,
        /// Read the previous file again (after the user mapped columns).
        again: bool,
        /// Canonical column → header in the file.
        mapping: BTreeMap<String, String>,
    },
    /// Read a reference table from the `File` sent with the message.
    Reference {
        /// File name.
        name: String,
    },
    /// Read one stretch of a file, for the worker that holds it (this one is its helper): the
    /// bytes of the file's header and of the stretch come with the message; the answer is a
    /// [`StretchRead`] and the stretch's bytes.
    ReadStretch {
        /// Answer key: the helper's answer carries it back.
        job_number: u64,
        /// The stretch.
        job: Box<analytics::load::StretchJob>,
    },
    /// Compute the report of the loaded records with these settings.
    Report {
        /// Answer key: the page keeps only the answer to its latest question.
        id: u64,
        /// Settings, filters included.
        settings: Box<Settings>,
    },
}

/// How far the worker is with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// Reading the bytes of the file.
    Reading,
    /// Decoding, parsing and validating the rows.
    Validating,
    /// Computing the indicators.
    Computing,
}

/// Why a participant file gave no records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    /// The message in English.
    pub message_en: String,
    /// The message in Dutch.
    pub message_nl: String,
    /// Required columns not recognised, and the headers found, so that the user can map them.
    pub missing: Option<(Vec<MissingColumn>, Vec<String>)>,
}

/// What the worker answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Response {
    /// The worker has started and can take requests.
    Ready,
    /// Work on a file has reached a stage.
    Progress(Stage),
    /// A participant file was read (or not).
    Loaded {
        /// File name.
        name: String,
        /// Whether it was the bundled sample.
        sample: bool,
        /// Its validation report, or why it could not be read.
        result: Result<Box<Validation>, Failure>,
    },
    /// A reference table was read (or not).
    ReferenceLoaded {
        /// File name.
        name: String,
        /// Nothing, or the message.
        result: Result<(), String>,
    },
    /// A report, for the request with this id.
    Report {
        /// The request's id.
        id: u64,
        /// The report, or the message.
        result: Result<Box<Report>, String>,
    },
}

/// A helper's answer to [`Request::ReadStretch`], sent with the stretch's bytes when it read it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StretchRead {
    /// The request's job number.
    pub job: u64,
    /// Nothing, or why the stretch could not be read.
    pub result: Result<(), String>,
}
