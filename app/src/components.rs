//! The dashboard's parts. Stateful parts (file inputs, filters, column mapping) are
//! components with the signals they need; the rest are functions from report values to view.

mod chart;
mod column_mapping;
mod file_input;
mod filters;
mod reference_input;
mod table;
mod tiles;
mod validation_view;

pub use chart::chart_figure;
pub use column_mapping::ColumnMapping;
pub use file_input::FileInput;
pub use filters::{group_label, grouping_label, Filters};
pub use reference_input::ReferenceInput;
pub use table::{Cell, Table};
pub use tiles::tiles;
pub use validation_view::validation_view;

use analytics::Report;

use crate::format;
use crate::i18n::{t, Lang, Text};

/// Text for a count: the number, or the suppression mark (a count is never absent).
pub fn count_text(lang: Lang, value: Option<u64>) -> String {
    match value {
        Some(value) => format::count(lang, value),
        None => format::suppressed(lang).to_owned(),
    }
}

/// Where a value stands in the report, to look up whether it was suppressed.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// The overall figures.
    Overall,
    /// A neighbourhood's figures.
    Neighbourhood(&'a str),
    /// A group's figures (`gender=v`).
    Group(&'a str),
}

/// Whether `key` of `scope` is listed as suppressed.
pub fn is_suppressed(report: &Report, scope: Scope<'_>, key: &str) -> bool {
    report.suppressed.iter().any(|entry| {
        entry.key == key
            && match scope {
                Scope::Overall => entry.scope == "overall",
                Scope::Neighbourhood(name) => {
                    entry.scope == "by_neighbourhood"
                        && entry.neighbourhood.as_deref() == Some(name)
                }
                Scope::Group(within) => {
                    entry.scope == "by_group" && entry.within.as_deref() == Some(within)
                }
            }
    })
}

/// Text for a share or mean: the figure, the suppression mark when suppressed, "not measured"
/// when there was nothing to measure. `show` formats a value.
pub fn ratio_text(
    lang: Lang,
    report: &Report,
    scope: Scope<'_>,
    key: &str,
    value: Option<f64>,
    show: fn(Lang, f64) -> String,
) -> String {
    match value {
        Some(value) => show(lang, value),
        None if is_suppressed(report, scope, key) => format::suppressed(lang).to_owned(),
        None => t(lang, Text::NotAvailable).to_owned(),
    }
}

/// [`ratio_text`] for a share, as a percentage.
pub fn share_text(
    lang: Lang,
    report: &Report,
    scope: Scope<'_>,
    key: &str,
    value: Option<f64>,
) -> String {
    ratio_text(lang, report, scope, key, value, format::percent)
}
