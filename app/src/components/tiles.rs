//! Key figures as tiles, with the change since the previous period where the report has one.

use analytics::Report;
use leptos::prelude::*;

use super::{count_text, share_text, Scope};
use crate::format;
use crate::i18n::{t, Lang, Text};

/// The overview tiles: participants, active, outflow, durable outflow, loneliness, low income.
pub fn tiles(lang: Lang, report: &Report) -> impl IntoView {
    let overall = &report.overall;
    let change = report.change.as_ref();
    let change_text = |pick: fn(&analytics::report::PeriodChange) -> Option<i64>| {
        let change = change?;
        let value = pick(change)?;
        let sign = if value > 0 {
            "+"
        } else if value < 0 {
            "−"
        } else {
            "±"
        };
        Some(format!(
            "{sign}{} ({} {} {})",
            format::count(lang, value.unsigned_abs()),
            change.period,
            t(lang, Text::ChangeSince),
            change.previous
        ))
    };
    let counts = [
        (
            "participants",
            Text::Participants,
            overall.participants,
            change_text(|change| change.participants),
        ),
        (
            "active_participants",
            Text::ActiveParticipants,
            overall.active_participants,
            change_text(|change| change.active_participants),
        ),
    ];
    let shares = [
        (
            "outflow_12m_share",
            Text::Outflow12m,
            overall.outflow_12m_share,
        ),
        (
            "durable_outflow_share",
            Text::DurableOutflow,
            overall.durable_outflow_share,
        ),
        (
            "lonely_share_latest",
            Text::LonelyLatest,
            overall.lonely_share_latest,
        ),
        (
            "low_income_share_latest",
            Text::LowIncomeLatest,
            overall.low_income_share_latest,
        ),
    ];
    let count_tiles = counts
        .into_iter()
        .map(|(key, label, value, change)| {
            view! {
                <div class="tile" data-figure=key>
                    <span class="value">{count_text(lang, value)}</span>
                    <span class="label">{t(lang, label)}</span>
                    {change.map(|change| view! { <span class="change">{change}</span> })}
                </div>
            }
        })
        .collect_view();
    let share_tiles = shares
        .into_iter()
        .map(|(key, label, value)| {
            let base = overall.base(key);
            let base_text = format!(
                "n = {} {}",
                count_text(lang, base),
                t(lang, Text::OnParticipants)
            );
            view! {
                <div class="tile" data-figure=key>
                    <span class="value">{share_text(lang, report, Scope::Overall, key, value)}</span>
                    <span class="label">{t(lang, label)}</span>
                    <span class="base">{base_text}</span>
                </div>
            }
        })
        .collect_view();
    view! { <section class="tiles" aria-label=t(lang, Text::ViewOverview)>{count_tiles}{share_tiles}</section> }
}
