//! UI state: the loaded file (validated records, kept so that a change of filters does not
//! read it again), the reference table, and what analysing them gave.

use std::sync::Arc;

use analytics::load::ParticipantRecords;
use analytics::reference::ReferenceTable;
use analytics::{LoadError, MissingColumn, Report, Settings};

/// Where the shown data came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    /// The bundled sample.
    Sample,
    /// A file the user chose.
    UserFile,
}

/// Files larger than this are refused before reading: the loader needs about three times a
/// file's size while it works, and a browser tab gets at most 4 GiB of WebAssembly memory
/// (often less). The CLI has no such limit.
pub const BROWSER_FILE_LIMIT_BYTES: f64 = 1024.0 * 1024.0 * 1024.0;

/// Shared value compared by identity, so that signals holding large data compare cheaply.
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Why a file gave no records.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The message in English.
    pub message_en: String,
    /// The message in Dutch.
    pub message_nl: String,
    /// Required columns not recognised, with the headers found, so that the user can map them.
    pub missing: Option<(Vec<MissingColumn>, Vec<String>)>,
    /// The file, kept only while a mapping may still rescue it.
    pub bytes: Option<Shared<Vec<u8>>>,
}

/// A participant file and its validated records (or why there are none).
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Sample or the user's file.
    pub dataset: Dataset,
    /// File name, as shown.
    pub name: String,
    /// The records, or why the file could not be read.
    pub records: Result<Shared<ParticipantRecords>, Failure>,
}

impl Source {
    /// Reads and validates the bytes of a participant file with a column mapping (none by
    /// default).
    pub fn load(dataset: Dataset, name: String, bytes: Vec<u8>, settings: &Settings) -> Source {
        let records = match analytics::load::load_participants(&bytes, settings) {
            Ok(records) => Ok(Shared(Arc::new(records))),
            Err(error) => {
                let (message_en, message_nl) = (error.to_string(), error.message_nl());
                Err(match error {
                    LoadError::MissingColumns { missing, found } => Failure {
                        message_en,
                        message_nl,
                        missing: Some((missing, found)),
                        bytes: Some(Shared(Arc::new(bytes))),
                    },
                    _ => Failure {
                        message_en,
                        message_nl,
                        missing: None,
                        bytes: None,
                    },
                })
            }
        };
        Source {
            dataset,
            name,
            records,
        }
    }

    /// A file that could not even be read from disk, or was too large to try.
    pub fn unreadable(name: String, message_en: String, message_nl: String) -> Source {
        Source {
            dataset: Dataset::UserFile,
            name,
            records: Err(Failure {
                message_en,
                message_nl,
                missing: None,
                bytes: None,
            }),
        }
    }
}

/// A reference table the user chose, or why it could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// File name.
    pub name: String,
    /// The table, or the message.
    pub table: Result<Shared<ReferenceTable>, String>,
}

/// Computes a report from loaded records.
pub fn report(
    records: &Shared<ParticipantRecords>,
    reference: Option<&Reference>,
    settings: &Settings,
) -> Result<Shared<Report>, String> {
    let table = reference.and_then(|reference| reference.table.as_ref().ok());
    analytics::report_for(records, table.map(|table| &*table.0), settings)
        .map(|report| Shared(Arc::new(report)))
        .map_err(|error| error.to_string())
}
