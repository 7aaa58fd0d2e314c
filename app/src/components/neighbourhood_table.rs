//! Figures per neighbourhood.

use std::sync::Arc;

use analytics::Report;
use leptos::prelude::*;

use super::{count_text, share_text};
use crate::i18n::{t, Lang, Text};

/// One row per neighbourhood: participants, active, outflow, loneliness, low income.
#[component]
pub fn NeighbourhoodTable(lang: RwSignal<Lang>, report: Arc<Report>) -> impl IntoView {
    move || {
        let lang = lang.get();
        let rows = report
            .by_neighbourhood
            .iter()
            .map(|entry| {
                let name = Some(entry.neighbourhood.as_str());
                let figures = &entry.figures;
                view! {
                    <tr data-neighbourhood=entry.neighbourhood.clone()>
                        <th scope="row">{entry.neighbourhood.clone()}</th>
                        <td>{count_text(lang, figures.participants)}</td>
                        <td>{count_text(lang, figures.active_participants)}</td>
                        <td>{share_text(lang, &report, name, "outflow_12m_share", figures.outflow_12m_share)}</td>
                        <td>{share_text(lang, &report, name, "lonely_share_latest", figures.lonely_share_latest)}</td>
                        <td>{share_text(lang, &report, name, "low_income_share_latest", figures.low_income_share_latest)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section id="by-neighbourhood">
                <h2>{t(lang, Text::ByNeighbourhood)}</h2>
                <table>
                    <thead><tr>
                        <th scope="col">{t(lang, Text::Neighbourhood)}</th>
                        <th scope="col">{t(lang, Text::Participants)}</th>
                        <th scope="col">{t(lang, Text::ActiveParticipants)}</th>
                        <th scope="col">{t(lang, Text::Outflow12m)}</th>
                        <th scope="col">{t(lang, Text::LonelyLatest)}</th>
                        <th scope="col">{t(lang, Text::LowIncomeLatest)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        }
    }
}
