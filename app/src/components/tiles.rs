//! Key figures as tiles.

use std::sync::Arc;

use analytics::Report;
use leptos::prelude::*;

use super::{count_text, share_text};
use crate::format;
use crate::i18n::{t, Lang, Text};

/// The overview tiles: participants, active, outflow, durable outflow, loneliness, low income.
#[component]
pub fn Tiles(lang: RwSignal<Lang>, report: Arc<Report>) -> impl IntoView {
    move || {
        let lang = lang.get();
        let overall = &report.overall;
        let counts = [
            ("participants", Text::Participants, overall.participants),
            (
                "active_participants",
                Text::ActiveParticipants,
                overall.active_participants,
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
            .map(|(key, label, value)| {
                view! {
                    <div class="tile" data-figure=key>
                        <span class="value">{count_text(lang, value)}</span>
                        <span class="label">{t(lang, label)}</span>
                    </div>
                }
            })
            .collect_view();
        let share_tiles = shares
            .into_iter()
            .map(|(key, label, value)| {
                let base = overall.bases.get(key).copied().flatten();
                let base_text = match base {
                    Some(base) => format!(
                        "n = {} {}",
                        format::count(lang, base),
                        t(lang, Text::OnParticipants)
                    ),
                    None => format!(
                        "n {} {}",
                        format::suppressed(lang),
                        t(lang, Text::OnParticipants)
                    ),
                };
                view! {
                    <div class="tile" data-figure=key>
                        <span class="value">{share_text(lang, &report, None, key, value)}</span>
                        <span class="label">{t(lang, label)}</span>
                        <span class="base">{base_text}</span>
                    </div>
                }
            })
            .collect_view();
        view! { <section class="tiles" aria-label="kerncijfers">{count_tiles}{share_tiles}</section> }
    }
}
