//! The validation summary and the table of rejected rows.

use analytics::Validation;
use leptos::prelude::*;

use crate::format;
use crate::i18n::{t, Lang, Text};

/// How many problems are listed on the page; the CLI's `validate` writes them all.
const SHOWN_PROBLEMS: usize = 200;

/// Rows read, used and rejected, and why rows were rejected.
#[component]
pub fn ValidationView(lang: RwSignal<Lang>, validation: Validation) -> impl IntoView {
    move || {
        let lang = lang.get();
        let problems = validation
            .problems
            .iter()
            .take(SHOWN_PROBLEMS)
            .map(|problem| {
                let reason = match lang {
                    Lang::Nl => problem.reason.message_nl(),
                    Lang::En => problem.reason.message_en(),
                };
                view! {
                    <tr><td>{problem.line}</td><td>{problem.column.clone()}</td><td>{problem.value.clone()}</td><td>{reason}</td></tr>
                }
            })
            .collect_view();
        view! {
            <section id="validation">
                <h2>{t(lang, Text::Validation)}</h2>
                <p>
                    {t(lang, Text::RowsRead)} ": " <span data-figure="rows_read">{format::count(lang, validation.rows_read)}</span> " · "
                    {t(lang, Text::RowsUsed)} ": " <span data-figure="rows_used">{format::count(lang, validation.rows_used)}</span> " · "
                    {t(lang, Text::RowsRejected)} ": " <span data-figure="rows_rejected">{format::count(lang, validation.rows_rejected)}</span>
                </p>
                <Show when={let any = !validation.problems.is_empty(); move || any}>
                    <table id="problems">
                        <thead><tr>
                            <th scope="col">{t(lang, Text::Line)}</th>
                            <th scope="col">{t(lang, Text::Column)}</th>
                            <th scope="col">{t(lang, Text::Value)}</th>
                            <th scope="col">{t(lang, Text::Reason)}</th>
                        </tr></thead>
                        <tbody>{problems.clone()}</tbody>
                    </table>
                </Show>
            </section>
        }
    }
}
