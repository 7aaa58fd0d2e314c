//! The participatieladder: distribution, distribution per period (stacked bars), the rung
//! transition matrix, and progression.

use analytics::Report;
use leptos::prelude::*;

use super::{caption, labels, rung_name};
use crate::components::{chart_figure, count_text, ratio_text, share_text, Cell, Scope, Table};
use crate::format;
use crate::i18n::{t, Lang, Text};

/// The view.
pub fn ladder(lang: Lang, report: &Report) -> impl IntoView {
    let rung_names = ["1", "2", "3", "4", "5", "6"].map(|rung| rung_name(lang, rung));
    let by_period_svg = charts::ladder_by_period_svg(
        &report.by_period,
        &labels(
            lang,
            Text::LadderByPeriodTitle,
            Text::Period,
            Text::ParticipantsAxis,
        ),
        &rung_names,
    )
    .unwrap_or_default();
    let mut headers = vec![t(lang, Text::Period).to_owned()];
    headers.extend(rung_names.iter().cloned());
    headers.push(t(lang, Text::Total).to_owned());
    let by_period_table = Table {
        id: "ladder-by-period".to_owned(),
        caption: t(lang, Text::LadderByPeriodTitle).to_owned(),
        headers,
        rows: report
            .by_period
            .iter()
            .map(|period| {
                let mut row = vec![Cell::text(period.period.clone())];
                row.extend(
                    period
                        .ladder_distribution
                        .values()
                        .map(|count| Cell::text(count_text(lang, *count))),
                );
                row.push(Cell::text(count_text(lang, period.ladder_rated)));
                row
            })
            .collect(),
    };
    let rated_in_periods = report
        .by_period
        .last()
        .and_then(|period| period.ladder_rated);

    let transitions = &report.overall.ladder_transitions;
    let mut headers = vec![t(lang, Text::IntakeRung).to_owned()];
    headers.extend(rung_names.iter().cloned());
    headers.push(t(lang, Text::Total).to_owned());
    let mut rows: Vec<Vec<Cell>> = transitions
        .counts
        .iter()
        .map(|(from, row)| {
            let mut cells = vec![Cell::text(rung_name(lang, from))];
            cells.extend(row.iter().map(|(to, count)| {
                Cell::keyed(count_text(lang, *count), format!("transition-{from}-{to}"))
            }));
            cells.push(Cell::text(count_text(
                lang,
                transitions.from_totals.get(from).copied().flatten(),
            )));
            cells
        })
        .collect();
    let mut totals = vec![Cell::text(t(lang, Text::Total))];
    totals.extend(
        transitions
            .to_totals
            .values()
            .map(|count| Cell::text(count_text(lang, *count))),
    );
    // The matrix holds the participants of the progression measure.
    let eligible = report.overall.base("ladder_progressed_share");
    totals.push(Cell::text(count_text(lang, eligible)));
    rows.push(totals);
    let matrix = Table {
        id: "transitions".to_owned(),
        caption: caption(lang, Text::TransitionsCaption, eligible),
        headers,
        rows,
    };
    let progressed = share_text(
        lang,
        report,
        Scope::Overall,
        "ladder_progressed_share",
        report.overall.ladder_progressed_share,
    );
    let mean_change = ratio_text(
        lang,
        report,
        Scope::Overall,
        "mean_ladder_change",
        report.overall.mean_ladder_change,
        format::decimal,
    );
    view! {
        <section>
            <div class="tiles">
                <div class="tile" data-figure="ladder_progressed_share">
                    <span class="value">{progressed}</span>
                    <span class="label">{t(lang, Text::Progressed)}</span>
                </div>
                <div class="tile" data-figure="mean_ladder_change">
                    <span class="value">{mean_change}</span>
                    <span class="label">{t(lang, Text::MeanChange)}</span>
                </div>
            </div>
            {super::overview::ladder_distribution(lang, report)}
            {chart_figure(
                lang,
                "ladder-by-period-chart",
                t(lang, Text::LadderByPeriodTitle),
                by_period_svg,
                caption(lang, Text::LadderByPeriodCaption, rated_in_periods),
                by_period_table,
            )}
            <h3>{t(lang, Text::TransitionsTitle)}</h3>
            {matrix.view(lang)}
        </section>
    }
}
