//! Loneliness and poverty: each measure at intake and at the latest measurement, overall and
//! by neighbourhood, next to the neighbourhood's own figures from the reference table.

use analytics::{Figures, Report};
use leptos::prelude::*;

use super::labels;
use crate::components::{chart_figure, count_text, ratio_text, share_text, Cell, Scope, Table};
use crate::format;
use crate::i18n::{t, Lang, Text};

/// A measure at intake and latest: (key, value) of each.
type Moments = ((&'static str, Option<f64>), (&'static str, Option<f64>));

/// Each poverty and loneliness measure with its label.
fn measures(figures: &Figures) -> [(Text, Moments); 4] {
    [
        (
            Text::Lonely,
            (
                ("lonely_share_intake", figures.lonely_share_intake),
                ("lonely_share_latest", figures.lonely_share_latest),
            ),
        ),
        (
            Text::LowIncome,
            (
                ("low_income_share_intake", figures.low_income_share_intake),
                ("low_income_share_latest", figures.low_income_share_latest),
            ),
        ),
        (
            Text::ProblemDebts,
            (
                (
                    "problem_debts_share_intake",
                    figures.problem_debts_share_intake,
                ),
                (
                    "problem_debts_share_latest",
                    figures.problem_debts_share_latest,
                ),
            ),
        ),
        (
            Text::EnergyPoverty,
            (
                (
                    "energy_poverty_share_intake",
                    figures.energy_poverty_share_intake,
                ),
                (
                    "energy_poverty_share_latest",
                    figures.energy_poverty_share_latest,
                ),
            ),
        ),
    ]
}

/// The view.
pub fn wellbeing(lang: Lang, report: &Report) -> impl IntoView {
    let overall = &report.overall;
    let items: Vec<(String, Option<f64>, Option<f64>)> = measures(overall)
        .iter()
        .map(|(label, ((_, intake), (_, latest)))| (t(lang, *label).to_owned(), *intake, *latest))
        .collect();
    let svg = charts::intake_latest_svg(
        &items,
        &labels(lang, Text::IntakeLatestTitle, Text::Share, Text::Share),
        (t(lang, Text::Intake), t(lang, Text::Latest)),
    )
    .unwrap_or_default();
    let mut rows: Vec<Vec<Cell>> = measures(overall)
        .iter()
        .map(|(label, ((intake_key, intake), (latest_key, latest)))| {
            vec![
                Cell::text(t(lang, *label)),
                Cell::keyed(
                    share_text(lang, report, Scope::Overall, intake_key, *intake),
                    *intake_key,
                ),
                Cell::keyed(
                    share_text(lang, report, Scope::Overall, latest_key, *latest),
                    *latest_key,
                ),
            ]
        })
        .collect();
    rows.insert(
        1,
        vec![
            Cell::text(t(lang, Text::SeverelyLonely)),
            Cell::text(""),
            Cell::keyed(
                share_text(
                    lang,
                    report,
                    Scope::Overall,
                    "severely_lonely_share_latest",
                    overall.severely_lonely_share_latest,
                ),
                "severely_lonely_share_latest",
            ),
        ],
    );
    let table = Table {
        id: "intake-latest".to_owned(),
        caption: t(lang, Text::IntakeLatestTitle).to_owned(),
        headers: [Text::Share, Text::Intake, Text::Latest]
            .map(|text| t(lang, text).to_owned())
            .to_vec(),
        rows,
    };
    let base = overall.base("lonely_share_latest");
    let caption = format!(
        "{} n = {} {}.",
        t(lang, Text::IntakeLatestTitle),
        count_text(lang, base),
        t(lang, Text::OnParticipants)
    );

    let context = report.reference.as_ref().map(|matching| &matching.context);
    let percent = |value: Option<f64>| {
        value
            .map(|share| format::percent(lang, share))
            .unwrap_or_default()
    };
    let neighbourhood_rows: Vec<Vec<Cell>> = report
        .by_neighbourhood
        .iter()
        .map(|entry| {
            let scope = Scope::Neighbourhood(&entry.neighbourhood);
            let figures = &entry.figures;
            let cbs = context.and_then(|context| context.get(&entry.neighbourhood));
            vec![
                Cell::text(entry.neighbourhood.clone()),
                Cell::text(share_text(
                    lang,
                    report,
                    scope,
                    "lonely_share_intake",
                    figures.lonely_share_intake,
                )),
                Cell::text(share_text(
                    lang,
                    report,
                    scope,
                    "lonely_share_latest",
                    figures.lonely_share_latest,
                )),
                Cell::text(percent(cbs.and_then(|cbs| cbs.lonely_share))),
                Cell::text(share_text(
                    lang,
                    report,
                    scope,
                    "low_income_share_intake",
                    figures.low_income_share_intake,
                )),
                Cell::text(share_text(
                    lang,
                    report,
                    scope,
                    "low_income_share_latest",
                    figures.low_income_share_latest,
                )),
                Cell::text(percent(cbs.and_then(|cbs| cbs.low_income_households_share))),
            ]
        })
        .collect();
    let by_neighbourhood = Table {
        id: "wellbeing-by-neighbourhood".to_owned(),
        caption: t(lang, Text::ComparisonTitle).to_owned(),
        headers: vec![
            t(lang, Text::Neighbourhood).to_owned(),
            format!("{} ({})", t(lang, Text::Lonely), t(lang, Text::Intake)),
            format!("{} ({})", t(lang, Text::Lonely), t(lang, Text::Latest)),
            t(lang, Text::ReferenceLonely).to_owned(),
            format!("{} ({})", t(lang, Text::LowIncome), t(lang, Text::Intake)),
            format!("{} ({})", t(lang, Text::LowIncome), t(lang, Text::Latest)),
            t(lang, Text::ReferenceLowIncome).to_owned(),
        ],
        rows: neighbourhood_rows,
    };
    let change = ratio_text(
        lang,
        report,
        Scope::Overall,
        "mean_loneliness_change",
        overall.mean_loneliness_change,
        format::decimal,
    );
    view! {
        <section>
            <div class="tiles">
                <div class="tile" data-figure="mean_loneliness_change">
                    <span class="value">{change}</span>
                    <span class="label">{t(lang, Text::MeanLonelinessChange)}</span>
                </div>
            </div>
            {chart_figure(lang, "intake-latest-chart", t(lang, Text::IntakeLatestTitle), svg, caption, table)}
            {report.reference.is_none().then(|| view! { <p class="note">{t(lang, Text::NoReference)}</p> })}
            {by_neighbourhood.view(lang)}
        </section>
    }
}
