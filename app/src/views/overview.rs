//! Overview: the key figures, the ladder and the neighbourhoods at a glance.

use analytics::Report;
use leptos::prelude::*;

use super::{caption, labels};
use crate::components::{chart_figure, count_text, share_text, tiles, Cell, Scope, Table};
use crate::i18n::{t, Lang, Text};

/// The ladder distribution as a chart with its table (ids kept for tools: `ladder-chart`).
pub fn ladder_distribution(lang: Lang, report: &Report) -> impl IntoView {
    let svg = charts::ladder_distribution_svg(
        &report.overall,
        &labels(lang, Text::LadderTitle, Text::Rung, Text::ParticipantsAxis),
    )
    .unwrap_or_default();
    let rated = report.overall.base("ladder_distribution");
    let table = Table {
        id: "ladder-table".to_owned(),
        caption: t(lang, Text::LadderTitle).to_owned(),
        headers: vec![
            t(lang, Text::Rung).to_owned(),
            t(lang, Text::Participants).to_owned(),
        ],
        rows: report
            .overall
            .ladder_distribution
            .iter()
            .map(|(rung, count)| {
                vec![
                    Cell::text(rung.clone()),
                    Cell::keyed(count_text(lang, *count), format!("rung-{rung}")),
                ]
            })
            .collect(),
    };
    chart_figure(
        lang,
        "ladder-chart",
        t(lang, Text::LadderTitle),
        svg,
        caption(lang, Text::LadderCaption, rated),
        table,
    )
}

/// One row per neighbourhood, and the whole, on the headline figures.
pub fn neighbourhood_table(lang: Lang, report: &Report) -> impl IntoView {
    let row = |name: &str, scope: Scope<'_>, figures: &analytics::Figures| {
        vec![
            Cell::text(name),
            Cell::keyed(count_text(lang, figures.participants), "participants"),
            Cell::keyed(
                count_text(lang, figures.active_participants),
                "active_participants",
            ),
            Cell::keyed(
                share_text(
                    lang,
                    report,
                    scope,
                    "outflow_12m_share",
                    figures.outflow_12m_share,
                ),
                "outflow_12m_share",
            ),
            Cell::keyed(
                share_text(
                    lang,
                    report,
                    scope,
                    "lonely_share_latest",
                    figures.lonely_share_latest,
                ),
                "lonely_share_latest",
            ),
            Cell::keyed(
                share_text(
                    lang,
                    report,
                    scope,
                    "low_income_share_latest",
                    figures.low_income_share_latest,
                ),
                "low_income_share_latest",
            ),
        ]
    };
    let mut rows: Vec<Vec<Cell>> = report
        .by_neighbourhood
        .iter()
        .map(|entry| {
            row(
                &entry.neighbourhood,
                Scope::Neighbourhood(&entry.neighbourhood),
                &entry.figures,
            )
        })
        .collect();
    rows.push(row(t(lang, Text::Overall), Scope::Overall, &report.overall));
    let table = Table {
        id: "by-neighbourhood".to_owned(),
        caption: t(lang, Text::ByNeighbourhood).to_owned(),
        headers: [
            Text::Neighbourhood,
            Text::Participants,
            Text::ActiveParticipants,
            Text::Outflow12m,
            Text::LonelyLatest,
            Text::LowIncomeLatest,
        ]
        .map(|text| t(lang, text).to_owned())
        .to_vec(),
        rows,
    };
    view! {
        <section>
            <h2>{t(lang, Text::ByNeighbourhood)}</h2>
            {table.view(lang)}
        </section>
    }
}

/// The overview.
pub fn overview(lang: Lang, report: &Report) -> impl IntoView {
    view! {
        {tiles(lang, report)}
        {ladder_distribution(lang, report)}
        {neighbourhood_table(lang, report)}
    }
}
