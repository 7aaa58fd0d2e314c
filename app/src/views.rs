//! The views, one per indicator family. Each renders the report it is given (already
//! filtered); none computes a figure.

mod impact;
mod ladder;
mod outflow;
mod overview;
mod participation;
mod settings;
mod wellbeing;

pub use impact::impact;
pub use ladder::ladder;
pub use outflow::outflow;
pub use overview::overview;
pub use participation::participation;
pub use settings::settings;
pub use wellbeing::wellbeing;

use analytics::Report;

use crate::components::count_text;
use crate::format;
use crate::i18n::{t, Lang, Text};

/// The chart labels every chart shares: the suppression mark.
fn labels(lang: Lang, title: Text, x_axis: Text, y_axis: Text) -> charts::Labels {
    charts::Labels {
        title: t(lang, title).to_owned(),
        x_axis: t(lang, x_axis).to_owned(),
        y_axis: t(lang, y_axis).to_owned(),
        suppressed: format::suppressed(lang).to_owned(),
    }
}

/// "… n = 812 participants." for a caption.
fn caption(lang: Lang, text: Text, base: Option<u64>) -> String {
    format!(
        "{} n = {} {}.",
        t(lang, text),
        count_text(lang, base),
        t(lang, Text::OnParticipants)
    )
}

/// The name of a rung: "Trede 3".
fn rung_name(lang: Lang, rung: &str) -> String {
    format!("{} {rung}", t(lang, Text::Rung))
}

/// The suppression threshold, shown wherever figures are (DATA.md §4).
pub fn threshold_note(lang: Lang, report: &Report) -> String {
    format!(
        "{} {}. {}",
        t(lang, Text::SuppressionNote),
        report.settings.min_cell,
        t(lang, Text::PrivacyNote)
    )
}
