//! Choosing a file: a real file picker and drag-and-drop, read in the browser with gloo.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{t, Lang, Text};
use crate::state::{Dataset, Loaded};

/// The file picker and drop zone. Reading and analysing happen here, in the browser.
#[component]
pub fn FileInput(
    lang: RwSignal<Lang>,
    loaded: RwSignal<Loaded>,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let open = move |file: web_sys::File| {
        let file = gloo::file::File::from(file);
        busy.set(true);
        spawn_local(async move {
            let name = file.name();
            let next = match gloo::file::futures::read_as_bytes(&file).await {
                Ok(bytes) => Loaded::analyse(Dataset::UserFile, name, &bytes),
                Err(error) => Loaded {
                    dataset: Dataset::UserFile,
                    name,
                    result: Err(error.to_string()),
                },
            };
            loaded.set(next);
            busy.set(false);
        });
    };
    let on_change = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            open(file);
        }
    };
    let on_drop = move |event: leptos::ev::DragEvent| {
        event.prevent_default();
        dragging.set(false);
        if let Some(file) = event
            .data_transfer()
            .and_then(|data| data.files())
            .and_then(|files| files.get(0))
        {
            open(file);
        }
    };
    view! {
        <div
            class="drop-zone"
            class:dragging=move || dragging.get()
            on:dragover=move |event: leptos::ev::DragEvent| { event.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <label class="file-button">
                {move || t(lang.get(), Text::ChooseFile)}
                <input id="file-input" type="file" accept=".csv,.txt,text/csv" on:change=on_change />
            </label>
            <span>{move || t(lang.get(), Text::DropHint)}</span>
        </div>
    }
}
