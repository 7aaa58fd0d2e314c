//! The impact estimate, with every parameter on the page, its default and its source.

use analytics::Report;
use leptos::prelude::*;

use crate::components::{ratio_text, Cell, Scope, Table};
use crate::format;
use crate::i18n::{t, Lang, Text};
use crate::url_state::UiState;

/// One parameter of the estimate.
struct Parameter {
    id: &'static str,
    label: Text,
    source: Text,
    value: f64,
    step: &'static str,
    set: fn(&mut UiState, f64),
}

/// One number input that writes into the URL state.
fn parameter(lang: Lang, ui: RwSignal<UiState>, parameter: Parameter) -> impl IntoView {
    let Parameter {
        id,
        label,
        source,
        value,
        step,
        set,
    } = parameter;
    view! {
        <div class="parameter">
            <label for=id>{t(lang, label)}</label>
            <input id=id type="number" min="0" step=step value=value.to_string()
                on:change=move |event| {
                    if let Ok(value) = event_target_value(&event).replace(',', ".").parse::<f64>() {
                        if value >= 0.0 { ui.update(|ui| set(ui, value)); }
                    }
                } />
            <p class="note">{t(lang, source)}</p>
        </div>
    }
}

/// The view.
pub fn impact(lang: Lang, report: &Report, ui: RwSignal<UiState>) -> impl IntoView {
    let overall = &report.overall;
    let parameters = &report.settings.impact;
    let euros = |value: Option<f64>| value.map(|value| format::euros_estimate(lang, value));
    let range = match (
        euros(overall.impact_eur_low),
        euros(overall.impact_eur_high),
    ) {
        (Some(low), Some(high)) => format!("{low} – {high}"),
        _ => format::suppressed(lang).to_owned(),
    };
    let rows = [
        (
            "benefit_months_saved_low",
            Text::BenefitMonthsLow,
            overall.benefit_months_saved_low,
        ),
        (
            "benefit_months_saved_high",
            Text::BenefitMonthsHigh,
            overall.benefit_months_saved_high,
        ),
        (
            "volunteer_hours",
            Text::VolunteerHours,
            overall.volunteer_hours,
        ),
    ]
    .map(|(key, label, value)| {
        vec![
            Cell::text(t(lang, label)),
            Cell::keyed(
                ratio_text(lang, report, Scope::Overall, key, value, format::rounded),
                key,
            ),
        ]
    })
    .to_vec();
    let parts = Table {
        id: "impact-parts".to_owned(),
        caption: t(lang, Text::ImpactTitle).to_owned(),
        headers: vec![String::new(), t(lang, Text::Value).to_owned()],
        rows,
    };
    let attribution = if parameters.attribution_low > parameters.attribution_high {
        // A range upside down still says something, but the reader should see it.
        Some(view! { <p class="error" role="alert">"attribution: low > high"</p> })
    } else {
        None
    };
    view! {
        <section>

            <div class="tiles">
                <div class="tile wide" data-figure="impact_range">
                    <span class="value">{range}</span>
                    <span class="label">{t(lang, Text::ImpactRange)}</span>
                </div>
            </div>
            <p>{t(lang, Text::ImpactExplain)}</p>
            {parts.view(lang)}
            <h3>{t(lang, Text::Parameters)}</h3>
            {attribution}
            {parameter(lang, ui, Parameter { id: "monthly-benefit-cost", label: Text::MonthlyBenefitCost,
                source: Text::MonthlyBenefitSource, value: parameters.monthly_benefit_cost_eur, step: "1",
                set: |ui, value| ui.impact.monthly_benefit_cost_eur = value })}
            {parameter(lang, ui, Parameter { id: "hour-value", label: Text::HourValue,
                source: Text::HourValueSource, value: parameters.volunteer_hour_value_eur, step: "0.5",
                set: |ui, value| ui.impact.volunteer_hour_value_eur = value })}
            {parameter(lang, ui, Parameter { id: "attribution-low", label: Text::AttributionLow,
                source: Text::AttributionSource, value: parameters.attribution_low, step: "0.05",
                set: |ui, value| ui.impact.attribution_low = value.min(1.0) })}
            {parameter(lang, ui, Parameter { id: "attribution-high", label: Text::AttributionHigh,
                source: Text::AttributionSource, value: parameters.attribution_high, step: "0.05",
                set: |ui, value| ui.impact.attribution_high = value.min(1.0) })}
        </section>
    }
}
