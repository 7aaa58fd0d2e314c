//! The settings a user may change: the suppression threshold and the low-income threshold.

use leptos::prelude::*;

use crate::i18n::{t, Lang, Text};
use crate::url_state::UiState;

/// The settings form.
pub fn settings(lang: Lang, ui: RwSignal<UiState>) -> impl IntoView {
    let state = ui.get_untracked();
    view! {
        <section id="settings">
            <h2>{t(lang, Text::Settings)}</h2>
            <div class="parameter">
                <label for="min-cell">{t(lang, Text::MinCell)}</label>
                <input id="min-cell" type="number" min="1" step="1" value=state.min_cell.to_string()
                    on:change=move |event| {
                        if let Ok(value) = event_target_value(&event).parse::<u32>() {
                            if value >= 1 { ui.update(|ui| ui.min_cell = value); }
                        }
                    } />
            </div>
            <div class="parameter">
                <label for="low-income-threshold">{t(lang, Text::LowIncomeThreshold)}</label>
                <input id="low-income-threshold" type="number" min="0" step="1" value=state.low_income_threshold_pct.to_string()
                    on:change=move |event| {
                        if let Ok(value) = event_target_value(&event).replace(',', ".").parse::<f64>() {
                            if value >= 0.0 { ui.update(|ui| ui.low_income_threshold_pct = value); }
                        }
                    } />
            </div>
        </section>
    }
}
