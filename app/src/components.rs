//! The dashboard's parts. Each gets only the signals it needs and renders report values.

mod file_input;
mod ladder_chart;
mod neighbourhood_table;
mod tiles;
mod validation_view;

pub use file_input::FileInput;
pub use ladder_chart::LadderChart;
pub use neighbourhood_table::NeighbourhoodTable;
pub use tiles::Tiles;
pub use validation_view::ValidationView;

use analytics::Report;

use crate::format;
use crate::i18n::{t, Lang, Text};

/// Text for a count: the number, or the suppression mark (a count is never absent).
fn count_text(lang: Lang, value: Option<u64>) -> String {
    match value {
        Some(value) => format::count(lang, value),
        None => format::suppressed(lang).to_owned(),
    }
}

/// Text for a share: the percentage, the suppression mark when suppressed (listed in the report's
/// `suppressed`), "not measured" when there was nothing to measure.
fn share_text(
    lang: Lang,
    report: &Report,
    neighbourhood: Option<&str>,
    key: &str,
    value: Option<f64>,
) -> String {
    match value {
        Some(share) => format::percent(lang, share),
        None if is_suppressed(report, neighbourhood, key) => format::suppressed(lang).to_owned(),
        None => t(lang, Text::NotAvailable).to_owned(),
    }
}

fn is_suppressed(report: &Report, neighbourhood: Option<&str>, key: &str) -> bool {
    report
        .suppressed
        .iter()
        .any(|entry| entry.key == key && entry.neighbourhood.as_deref() == neighbourhood)
}
