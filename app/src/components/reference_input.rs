//! The second file: a CBS "Kerncijfers wijken en buurten" table (or any CSV with a
//! neighbourhood column and figures), for reach and comparison. The worker reads it.

use leptos::prelude::*;

use crate::i18n::{t, Lang, Text};
use crate::protocol::Request;
use crate::state::{BridgeHandle, Reference};
use crate::url_state::UiState;

/// Picker for the reference table; shows which file is in use and any problem with it, and
/// takes the municipality that neighbourhood names are matched within.
#[component]
pub fn ReferenceInput(
    lang: Signal<Lang>,
    reference: RwSignal<Option<Reference>>,
    bridge: BridgeHandle,
    ui: RwSignal<UiState>,
) -> impl IntoView {
    let on_municipality = move |event: leptos::ev::Event| {
        let value = event_target_value(&event).trim().to_owned();
        ui.update(|ui| ui.municipality = (!value.is_empty()).then_some(value));
    };
    let on_change = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            let request = Request::Reference { name: file.name() };
            bridge.with_value(|bridge| bridge.send(&request, Some(&file)));
        }
        input.set_value("");
    };
    view! {
        <div class="reference-input">
            <label class="file-button">
                {move || t(lang.get(), Text::ChooseReference)}
                <input id="reference-input" type="file" accept=".csv,.txt,text/csv" on:change=on_change />
            </label>
            {move || reference.with(|reference| match reference {
                None => view! { <span class="note">{t(lang.get(), Text::NoReference)}</span> }.into_any(),
                Some(Reference { name, result: Ok(()) }) => view! {
                    <span id="reference-name">{format!("{}: {name}", t(lang.get(), Text::ReferenceFile))}</span>
                }.into_any(),
                Some(Reference { name, result: Err(message) }) => view! {
                    <span class="error" role="alert" id="reference-error">{format!("{name}: {message}")}</span>
                }.into_any(),
            })}
            <span class="parameter">
                <label for="municipality">{move || t(lang.get(), Text::Municipality)}</label>
                <input id="municipality" type="text" placeholder="'s-Gravenhage, GM0518"
                    prop:value=move || ui.with(|ui| ui.municipality.clone().unwrap_or_default())
                    on:change=on_municipality />
            </span>
        </div>
    }
}
