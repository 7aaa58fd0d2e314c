//! The second file: a CBS "Kerncijfers wijken en buurten" table (or any CSV with a
//! neighbourhood column and figures), for reach and comparison.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{t, Lang, Text};
use crate::state::{Reference, Shared};

/// Picker for the reference table; shows which file is in use and any problem with it.
#[component]
pub fn ReferenceInput(lang: Signal<Lang>, reference: RwSignal<Option<Reference>>) -> impl IntoView {
    let on_change = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        let file = gloo::file::File::from(file);
        spawn_local(async move {
            let name = file.name();
            let table = match gloo::file::futures::read_as_bytes(&file).await {
                Ok(bytes) => analytics::reference::load_reference(&bytes)
                    .map(|table| Shared(std::sync::Arc::new(table)))
                    .map_err(|error| error.to_string()),
                Err(error) => Err(error.to_string()),
            };
            reference.set(Some(Reference { name, table }));
        });
    };
    view! {
        <div class="reference-input">
            <label class="file-button">
                {move || t(lang.get(), Text::ChooseReference)}
                <input id="reference-input" type="file" accept=".csv,.txt,text/csv" on:change=on_change />
            </label>
            {move || reference.with(|reference| match reference {
                None => view! { <span class="note">{t(lang.get(), Text::NoReference)}</span> }.into_any(),
                Some(Reference { name, table: Ok(_) }) => view! {
                    <span id="reference-name">{format!("{}: {name}", t(lang.get(), Text::ReferenceFile))}</span>
                }.into_any(),
                Some(Reference { name, table: Err(message) }) => view! {
                    <span class="error" role="alert" id="reference-error">{format!("{name}: {message}")}</span>
                }.into_any(),
            })}
        </div>
    }
}
