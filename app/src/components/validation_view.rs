//! The validation summary, the columns and what they were read as, and the table of
//! rejected rows.

use analytics::Validation;
use leptos::prelude::*;

use super::{Cell, Table};
use crate::format;
use crate::i18n::{t, Lang, Text};

/// How many problems are listed on the page; the CSV and the CLI's `validate` give them all.
const SHOWN_PROBLEMS: usize = 200;

/// Rows read, used and rejected, the columns, and why rows were rejected.
pub fn validation_view(lang: Lang, validation: &Validation) -> impl IntoView {
    let reason = |problem: &analytics::validation::RowProblem| match lang {
        Lang::Nl => problem.reason.message_nl(),
        Lang::En => problem.reason.message_en(),
    };
    let problems = validation
        .problems
        .iter()
        .take(SHOWN_PROBLEMS)
        .map(|problem| {
            view! {
                <tr><td>{problem.line}</td><td>{problem.column.clone()}</td><td>{problem.value.clone()}</td><td>{reason(problem)}</td></tr>
            }
        })
        .collect_view();
    let all_problems = Table {
        id: "rejected-rows".to_owned(),
        caption: t(lang, Text::RowsRejected).to_owned(),
        headers: [Text::Line, Text::Column, Text::Value, Text::Reason]
            .map(|text| t(lang, text).to_owned())
            .to_vec(),
        rows: validation
            .problems
            .iter()
            .map(|problem| {
                vec![
                    Cell::text(problem.line.to_string()),
                    Cell::text(problem.column.clone()),
                    Cell::text(problem.value.clone()),
                    Cell::text(reason(problem)),
                ]
            })
            .collect(),
    };
    let csv = all_problems.csv();
    let columns = Table {
        id: "columns".to_owned(),
        caption: t(lang, Text::ColumnsTitle).to_owned(),
        headers: vec![
            t(lang, Text::Column).to_owned(),
            t(lang, Text::ReadAs).to_owned(),
            t(lang, Text::MissingShare).to_owned(),
        ],
        rows: validation
            .columns
            .iter()
            .map(|column| {
                vec![
                    Cell::text(column.header.clone()),
                    Cell::text(
                        column
                            .read_as
                            .clone()
                            .unwrap_or_else(|| t(lang, Text::NotUsed).to_owned()),
                    ),
                    Cell::text(format::percent(lang, column.missing_share)),
                ]
            })
            .collect(),
    };
    let any_problems = !validation.problems.is_empty();
    view! {
        <section id="validation">
            <h2>{t(lang, Text::Validation)}</h2>
            <p>
                {t(lang, Text::RowsRead)} ": " <span>{format::count(lang, validation.rows_read)}</span> " · "
                {t(lang, Text::RowsUsed)} ": " <span>{format::count(lang, validation.rows_used)}</span> " · "
                {t(lang, Text::RowsRejected)} ": " <span>{format::count(lang, validation.rows_rejected)}</span>
                " · " {t(lang, Text::Encoding)} ": " {validation.encoding.clone()}
                " · " {t(lang, Text::Delimiter)} ": " <code>{validation.delimiter.replace('\t', "tab")}</code>
            </p>
            {any_problems.then(|| view! {
                <table id="problems">
                    <caption>{t(lang, Text::RowsRejected)}</caption>
                    <thead><tr>
                        <th scope="col">{t(lang, Text::Line)}</th>
                        <th scope="col">{t(lang, Text::Column)}</th>
                        <th scope="col">{t(lang, Text::Value)}</th>
                        <th scope="col">{t(lang, Text::Reason)}</th>
                    </tr></thead>
                    <tbody>{problems}</tbody>
                </table>
                <button class="export" data-export="csv" on:click=move |_| crate::download::text("rejected-rows.csv", "text/csv;charset=utf-8", &csv)>
                    {t(lang, Text::DownloadCsv)}
                </button>
            })}
            {columns.view(lang)}
        </section>
    }
}
