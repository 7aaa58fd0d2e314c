//! The second file: a CBS "Kerncijfers wijken en buurten" table (or any CSV with a
//! neighbourhood column and figures), for reach and comparison. The worker reads it.

use leptos::prelude::*;

use crate::i18n::{t, Lang, Text};
use crate::protocol::Request;
use crate::state::{BridgeHandle, Reference};

/// Picker for the reference table; shows which file is in use and any problem with it.
#[component]
pub fn ReferenceInput(
    lang: Signal<Lang>,
    reference: RwSignal<Option<Reference>>,
    bridge: BridgeHandle,
) -> impl IntoView {
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
        </div>
    }
}
