//! Choosing a participant file: a real file picker and drag-and-drop. The `File` goes to the
//! analysis worker as it is; the page itself never holds its bytes.

use leptos::prelude::*;

use crate::i18n::{t, Lang, Text};
use crate::protocol::Request;
use crate::state::{BridgeHandle, Dataset, Source, BROWSER_FILE_LIMIT_BYTES};

/// Hands `file` to the worker, or refuses it when it is too large for a browser.
pub fn open_file(file: web_sys::File, source: RwSignal<Source>, bridge: BridgeHandle) {
    let name = file.name();
    let size = file.size();
    if size > BROWSER_FILE_LIMIT_BYTES {
        let megabytes = (size / 1_048_576.0).round();
        let message = |lang| {
            format!(
                "{} ({megabytes} MB). {}",
                t(lang, Text::FileTooLarge),
                t(lang, Text::BrowserLimit)
            )
        };
        source.set(Source::refused(name, message(Lang::En), message(Lang::Nl)));
        return;
    }
    crate::timing::mark("wijkwaarde:chosen");
    source.set(Source {
        dataset: Dataset::UserFile,
        name: name.clone(),
        loaded: None,
    });
    let request = Request::Load {
        name,
        sample: false,
        again: false,
        mapping: Default::default(),
    };
    bridge.with_value(|bridge| bridge.send(&request, Some(&file)));
}

/// The file picker and drop zone.
#[component]
pub fn FileInput(
    lang: Signal<Lang>,
    source: RwSignal<Source>,
    bridge: BridgeHandle,
) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let on_change = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            open_file(file, source, bridge);
        }
        // Choosing the same file again must read it again.
        input.set_value("");
    };
    let on_drop = move |event: leptos::ev::DragEvent| {
        event.prevent_default();
        dragging.set(false);
        if let Some(file) = event
            .data_transfer()
            .and_then(|data| data.files())
            .and_then(|files| files.get(0))
        {
            open_file(file, source, bridge);
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
            <span class="note" id="browser-limit">{move || t(lang.get(), Text::BrowserLimit)}</span>
        </div>
    }
}
