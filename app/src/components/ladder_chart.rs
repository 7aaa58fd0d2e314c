//! The ladder distribution chart (plotters SVG from the `charts` crate) with its figures as a
//! table, the chart's text alternative.

use std::sync::Arc;

use analytics::Report;
use leptos::prelude::*;

use super::count_text;
use crate::format;
use crate::i18n::{t, Lang, Text};

/// Participants per rung, as a chart and a table.
#[component]
pub fn LadderChart(lang: RwSignal<Lang>, report: Arc<Report>) -> impl IntoView {
    move || {
        let lang = lang.get();
        let labels = charts::Labels {
            title: t(lang, Text::LadderTitle).to_owned(),
            x_axis: t(lang, Text::Rung).to_owned(),
            y_axis: t(lang, Text::ParticipantsAxis).to_owned(),
            suppressed: format::suppressed(lang).to_owned(),
        };
        let svg = charts::ladder_distribution_svg(&report.overall, &labels).unwrap_or_default();
        let rated = report
            .overall
            .bases
            .get("ladder_distribution")
            .copied()
            .flatten();
        let caption = format!(
            "{} n = {} {}.",
            t(lang, Text::LadderCaption),
            count_text(lang, rated),
            t(lang, Text::OnParticipants)
        );
        let rows = report
            .overall
            .ladder_distribution
            .iter()
            .map(|(rung, count)| {
                view! { <tr><td>{rung.clone()}</td><td data-rung=rung.clone()>{count_text(lang, *count)}</td></tr> }
            })
            .collect_view();
        view! {
            <figure id="ladder-chart">
                <div role="img" aria-label=t(lang, Text::LadderTitle) inner_html=svg></div>
                <figcaption>{caption}</figcaption>
                <table>
                    <thead><tr><th scope="col">{t(lang, Text::Rung)}</th><th scope="col">{t(lang, Text::Participants)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </figure>
        }
    }
}
