//! Choosing a participant file: a real file picker and drag-and-drop, read in the browser with
//! gloo. The stages (reading, computing) are shown while a large file is worked on.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{t, Lang, Text};
use crate::state::{Dataset, Source, BROWSER_FILE_LIMIT_BYTES};

/// Reads `file` into a [`Source`], showing the stages in `busy`.
pub fn open_file(file: web_sys::File, source: RwSignal<Source>, busy: RwSignal<Option<Text>>) {
    let file = gloo::file::File::from(file);
    let name = file.name();
    let size = file.size() as f64;
    if size > BROWSER_FILE_LIMIT_BYTES {
        let megabytes = (size / 1_048_576.0).round();
        source.set(Source::unreadable(
            name,
            format!(
                "{} ({megabytes} MB). {}",
                t(Lang::En, Text::FileTooLarge),
                t(Lang::En, Text::BrowserLimit)
            ),
            format!(
                "{} ({megabytes} MB). {}",
                t(Lang::Nl, Text::FileTooLarge),
                t(Lang::Nl, Text::BrowserLimit)
            ),
        ));
        return;
    }
    busy.set(Some(Text::ReadingFile));
    crate::timing::mark("wijkwaarde:chosen");
    spawn_local(async move {
        let next = match gloo::file::futures::read_as_bytes(&file).await {
            Ok(bytes) => {
                busy.set(Some(Text::Computing));
                // Let the page paint the stage before the work starts.
                gloo::timers::future::TimeoutFuture::new(20).await;
                crate::timing::mark("wijkwaarde:read");
                let source = Source::load(Dataset::UserFile, name, bytes, &Default::default());
                crate::timing::mark("wijkwaarde:loaded");
                source
            }
            Err(error) => Source::unreadable(name, error.to_string(), error.to_string()),
        };
        source.set(next);
        busy.set(None);
    });
}

/// The file picker and drop zone.
#[component]
pub fn FileInput(
    lang: Signal<Lang>,
    source: RwSignal<Source>,
    busy: RwSignal<Option<Text>>,
) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let on_change = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            open_file(file, source, busy);
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
            open_file(file, source, busy);
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
