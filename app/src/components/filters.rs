//! Filters for neighbourhood, period and group. They change the URL state; every view
//! follows, because every view renders the report computed with them.

use analytics::load::Choices;
use analytics::settings::PeriodLength;
use leptos::prelude::*;

use crate::i18n::{t, Lang, Text};
use crate::url_state::UiState;

/// The label of a grouping column.
pub fn grouping_label(lang: Lang, column: &str) -> String {
    match column {
        "age_band" => t(lang, Text::AgeBand).to_owned(),
        "gender" => t(lang, Text::Gender).to_owned(),
        "target_group" => t(lang, Text::TargetGroup).to_owned(),
        other => other.to_owned(),
    }
}

/// A group value as shown (`unknown` in the reader's language).
pub fn group_label(lang: Lang, value: &str) -> String {
    if value == analytics::indicators::UNKNOWN_GROUP {
        t(lang, Text::Unknown).to_owned()
    } else {
        value.to_owned()
    }
}

/// The filter bar.
#[component]
pub fn Filters(
    lang: Signal<Lang>,
    ui: RwSignal<UiState>,
    choices: Signal<Choices>,
) -> impl IntoView {
    move || {
        let lang = lang.get();
        let choices = choices.get();
        let state = ui.get();
        let neighbourhoods = choices
            .neighbourhoods
            .iter()
            .map(|name| {
                let selected = state.neighbourhood.as_deref() == Some(name.as_str());
                view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
            })
            .collect_view();
        let groups = choices
            .groups
            .iter()
            .map(|(column, values)| {
                let current = state.groups.get(column).cloned();
                let options = values
                    .iter()
                    .map(|value| {
                        let selected = current.as_deref() == Some(value.as_str());
                        view! { <option value=value.clone() selected=selected>{group_label(lang, value)}</option> }
                    })
                    .collect_view();
                let id = format!("filter-{column}");
                let column = column.clone();
                view! {
                    <label for=id.clone()>{grouping_label(lang, &column)}</label>
                    <select id=id on:change=move |event| {
                        let value = event_target_value(&event);
                        ui.update(|ui| {
                            if value.is_empty() { ui.groups.remove(&column); } else { ui.groups.insert(column.clone(), value); }
                        });
                    }>
                        <option value="">{t(lang, Text::AllGroups)}</option>
                        {options}
                    </select>
                }
            })
            .collect_view();
        let date = |value: Option<chrono::NaiveDate>| {
            value.map(|date| date.to_string()).unwrap_or_default()
        };
        let bound = |value: Option<chrono::NaiveDate>| value.map(|date| date.to_string());
        let period_options = [
            (PeriodLength::Month, "month", Text::Month),
            (PeriodLength::Quarter, "quarter", Text::Quarter),
            (PeriodLength::Year, "year", Text::Year),
        ]
        .map(|(period, key, text)| {
            view! { <option value=key selected=state.period == period>{t(lang, text)}</option> }
        });
        view! {
            <section class="filters" aria-label=t(lang, Text::Filters)>
                <label for="filter-neighbourhood">{t(lang, Text::Neighbourhood)}</label>
                <select id="filter-neighbourhood" on:change=move |event| {
                    let value = event_target_value(&event);
                    ui.update(|ui| ui.neighbourhood = (!value.is_empty()).then_some(value));
                }>
                    <option value="">{t(lang, Text::AllNeighbourhoods)}</option>
                    {neighbourhoods}
                </select>
                <label for="filter-from">{t(lang, Text::From)}</label>
                <input id="filter-from" type="date" value=date(state.from)
                    min=bound(choices.first_date) max=bound(choices.last_date)
                    on:change=move |event| { let value = event_target_value(&event); ui.update(|ui| ui.from = value.parse().ok()); } />
                <label for="filter-to">{t(lang, Text::To)}</label>
                <input id="filter-to" type="date" value=date(state.to)
                    min=bound(choices.first_date) max=bound(choices.last_date)
                    on:change=move |event| { let value = event_target_value(&event); ui.update(|ui| ui.to = value.parse().ok()); } />
                {groups}
                <label for="filter-period">{t(lang, Text::Period)}</label>
                <select id="filter-period" on:change=move |event| {
                    let period = match event_target_value(&event).as_str() {
                        "month" => PeriodLength::Month,
                        "year" => PeriodLength::Year,
                        _ => PeriodLength::Quarter,
                    };
                    ui.update(|ui| ui.period = period);
                }>
                    {period_options}
                </select>
                {state.is_filtered().then(|| view! {
                    <button id="clear-filters" on:click=move |_| ui.update(|ui| {
                        ui.neighbourhood = None; ui.from = None; ui.to = None; ui.groups.clear();
                    })>{t(lang, Text::ClearFilters)}</button>
                })}
            </section>
        }
    }
}
