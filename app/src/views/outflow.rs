//! Outflow to work: the key shares, the split by benefit duration, and the Kaplan–Meier curve
//! of time to work.

use analytics::Report;
use leptos::prelude::*;

use super::{caption, labels};
use crate::components::{chart_figure, count_text, share_text, Cell, Scope, Table};
use crate::format;
use crate::i18n::{t, Lang, Text};

fn band_text(band: &str) -> Text {
    match band {
        "under_1y" => Text::BandUnder1,
        "1_to_2y" => Text::Band1To2,
        "over_2y" => Text::BandOver2,
        "no_benefit" => Text::BandNoBenefit,
        _ => Text::BandUnknown,
    }
}

/// The view.
pub fn outflow(lang: Lang, report: &Report) -> impl IntoView {
    let overall = &report.overall;
    let tiles = [
        (
            "outflow_count",
            Text::OutflowCount,
            count_text(lang, overall.outflow_count),
        ),
        (
            "outflow_12m_share",
            Text::Outflow12m,
            share_text(
                lang,
                report,
                Scope::Overall,
                "outflow_12m_share",
                overall.outflow_12m_share,
            ),
        ),
        (
            "durable_outflow_share",
            Text::DurableOutflow,
            share_text(
                lang,
                report,
                Scope::Overall,
                "durable_outflow_share",
                overall.durable_outflow_share,
            ),
        ),
    ]
    .map(|(key, label, value)| {
        view! {
            <div class="tile" data-figure=key>
                <span class="value">{value}</span>
                <span class="label">{t(lang, label)}</span>
            </div>
        }
    });
    // Bands in the order CBS uses, then the rest.
    let order = ["under_1y", "1_to_2y", "over_2y", "no_benefit", "unknown"];
    let bands = Table {
        id: "outflow-by-benefit-duration".to_owned(),
        caption: t(lang, Text::BenefitDuration).to_owned(),
        headers: [
            Text::BenefitDuration,
            Text::OutflowCount,
            Text::Cohort12m,
            Text::Outflow12m,
        ]
        .map(|text| t(lang, text).to_owned())
        .to_vec(),
        rows: order
            .iter()
            .filter_map(|band| Some((*band, overall.outflow_by_benefit_duration.get(*band)?)))
            .map(|(band, figures)| {
                let key = format!("outflow_by_benefit_duration.{band}.outflow_12m_share");
                vec![
                    Cell::text(t(lang, band_text(band))),
                    Cell::keyed(
                        count_text(lang, figures.outflow_count),
                        format!("{band}.outflow_count"),
                    ),
                    Cell::keyed(
                        count_text(lang, figures.outflow_12m_base),
                        format!("{band}.outflow_12m_base"),
                    ),
                    Cell::keyed(
                        share_text(
                            lang,
                            report,
                            Scope::Overall,
                            &key,
                            figures.outflow_12m_share,
                        ),
                        format!("{band}.outflow_12m_share"),
                    ),
                ]
            })
            .collect(),
    };
    let curve = &report.time_to_work;
    let svg = charts::time_to_work_svg(
        curve,
        &labels(
            lang,
            Text::TimeToWorkTitle,
            Text::MonthsSinceIntake,
            Text::WithoutWork,
        ),
    )
    .unwrap_or_default();
    let curve_table = Table {
        id: "time-to-work".to_owned(),
        caption: t(lang, Text::TimeToWorkTitle).to_owned(),
        headers: [Text::MonthsSinceIntake, Text::AtRisk, Text::WithoutWork]
            .map(|text| t(lang, text).to_owned())
            .to_vec(),
        rows: curve
            .points
            .iter()
            .map(|point| {
                vec![
                    Cell::text(point.month.to_string()),
                    Cell::text(count_text(lang, point.at_risk)),
                    Cell::keyed(
                        point
                            .without_work_share
                            .map(|share| format::percent(lang, share))
                            .unwrap_or_else(|| format::suppressed(lang).to_owned()),
                        format!("month-{}", point.month),
                    ),
                ]
            })
            .collect(),
    };
    view! {
        <section>
            <div class="tiles">{tiles}</div>
            {bands.view(lang)}
            {chart_figure(
                lang,
                "time-to-work-chart",
                t(lang, Text::TimeToWorkTitle),
                svg,
                caption(lang, Text::TimeToWorkCaption, curve.participants),
                curve_table,
            )}
        </section>
    }
}
