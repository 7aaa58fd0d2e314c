//! UI state: which dataset is shown and what analysing it gave.

use std::sync::Arc;

use analytics::{Report, Settings};

/// Where the shown data came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    /// The bundled sample.
    Sample,
    /// A file the user chose.
    UserFile,
}

/// A file and its report (or why it could not be read).
#[derive(Debug, Clone)]
pub struct Loaded {
    /// Sample or the user's file.
    pub dataset: Dataset,
    /// File name, as shown.
    pub name: String,
    /// The report, or the error message.
    pub result: Result<Arc<Report>, String>,
}

impl Loaded {
    /// Analyses the bytes of a file with the default settings.
    pub fn analyse(dataset: Dataset, name: String, bytes: &[u8]) -> Loaded {
        let result = analytics::analyse(bytes, &Settings::default())
            .map(Arc::new)
            .map_err(|error| error.to_string());
        Loaded {
            dataset,
            name,
            result,
        }
    }
}
