//! Participation and reach: participants and active participants by period and by group, and
//! the neighbourhoods against the whole and against the reference table.

use analytics::Report;
use leptos::prelude::*;

use crate::components::{count_text, group_label, grouping_label, share_text, Cell, Scope, Table};
use crate::format;
use crate::i18n::{t, Lang, Text};

/// Participants, active, new and outflows per period.
pub fn period_table(lang: Lang, report: &Report) -> Table {
    Table {
        id: "by-period".to_owned(),
        caption: t(lang, Text::ByPeriod).to_owned(),
        headers: [
            Text::Period,
            Text::Participants,
            Text::ActiveParticipants,
            Text::NewParticipants,
            Text::OutflowCount,
        ]
        .map(|text| t(lang, text).to_owned())
        .to_vec(),
        rows: report
            .by_period
            .iter()
            .map(|period| {
                vec![
                    Cell::text(period.period.clone()),
                    Cell::keyed(count_text(lang, period.participants), "participants"),
                    Cell::keyed(
                        count_text(lang, period.active_participants),
                        "active_participants",
                    ),
                    Cell::keyed(
                        count_text(lang, period.new_participants),
                        "new_participants",
                    ),
                    Cell::keyed(count_text(lang, period.outflow_count), "outflow_count"),
                ]
            })
            .collect(),
    }
}

/// The view.
pub fn participation(lang: Lang, report: &Report) -> impl IntoView {
    let group_tables = report
        .by_group
        .iter()
        .map(|(column, groups)| {
            Table {
                id: format!("by-{column}"),
                caption: format!(
                    "{}: {}",
                    t(lang, Text::ByGroup),
                    grouping_label(lang, column)
                ),
                headers: vec![
                    grouping_label(lang, column),
                    t(lang, Text::Participants).to_owned(),
                    t(lang, Text::ActiveParticipants).to_owned(),
                    t(lang, Text::Outflow12m).to_owned(),
                ],
                rows: groups
                    .iter()
                    .map(|group| {
                        let within = format!("{column}={}", group.group);
                        vec![
                            Cell::text(group_label(lang, &group.group)),
                            Cell::keyed(
                                count_text(lang, group.figures.participants),
                                "participants",
                            ),
                            Cell::keyed(
                                count_text(lang, group.figures.active_participants),
                                "active_participants",
                            ),
                            Cell::keyed(
                                share_text(
                                    lang,
                                    report,
                                    Scope::Group(&within),
                                    "outflow_12m_share",
                                    group.figures.outflow_12m_share,
                                ),
                                "outflow_12m_share",
                            ),
                        ]
                    })
                    .collect(),
            }
            .view(lang)
        })
        .collect_view();

    let context = report.reference.as_ref().map(|matching| &matching.context);
    let number = |value: Option<f64>| {
        value
            .map(|value| format::count(lang, value.round() as u64))
            .unwrap_or_default()
    };
    let mut rows: Vec<Vec<Cell>> = report
        .by_neighbourhood
        .iter()
        .map(|entry| {
            let scope = Scope::Neighbourhood(&entry.neighbourhood);
            let cbs = context.and_then(|context| context.get(&entry.neighbourhood));
            vec![
                Cell::text(entry.neighbourhood.clone()),
                Cell::keyed(count_text(lang, entry.figures.participants), "participants"),
                Cell::keyed(
                    share_text(lang, report, scope, "reach", entry.figures.reach),
                    "reach",
                ),
                Cell::text(number(cbs.and_then(|cbs| cbs.inhabitants))),
                Cell::text(number(cbs.and_then(|cbs| cbs.social_assistance))),
            ]
        })
        .collect();
    rows.push(vec![
        Cell::text(t(lang, Text::Overall)),
        Cell::keyed(
            count_text(lang, report.overall.participants),
            "participants",
        ),
        Cell::keyed(
            share_text(lang, report, Scope::Overall, "reach", report.overall.reach),
            "reach",
        ),
        Cell::text(""),
        Cell::text(""),
    ]);
    let comparison = Table {
        id: "reach".to_owned(),
        caption: t(lang, Text::ComparisonTitle).to_owned(),
        headers: [
            Text::Neighbourhood,
            Text::Participants,
            Text::Reach,
            Text::Inhabitants,
            Text::SocialAssistance,
        ]
        .map(|text| t(lang, text).to_owned())
        .to_vec(),
        rows,
    };
    // Neighbourhoods the reference table could not give a region for, with why.
    let names_note = |id: &'static str, text: Text, names: &[String]| {
        (!names.is_empty()).then(|| {
            view! { <p class="note" id=id>{t(lang, text)} ": " {names.join(", ")}</p> }
        })
    };
    let (unmatched, ambiguous) = report
        .reference
        .as_ref()
        .map(|matching| {
            (
                names_note("unmatched", Text::Unmatched, &matching.unmatched),
                names_note("ambiguous", Text::Ambiguous, &matching.ambiguous),
            )
        })
        .unwrap_or_default();
    view! {
        <section>
            {period_table(lang, report).view(lang)}
            {report.reference.is_none().then(|| view! { <p class="note">{t(lang, Text::NoReference)}</p> })}
            {comparison.view(lang)}
            {unmatched}
            {ambiguous}
            {group_tables}
        </section>
    }
}
