//! The Wijkwaarde dashboard: a Leptos client-side app. It holds UI state and renders the
//! report model of `analytics`; it never computes a figure itself. Files are read and
//! analysed in the browser, so the data never leaves the user's machine.

mod components;
pub mod format;
pub mod i18n;
mod state;

use leptos::prelude::*;

use components::{FileInput, LadderChart, NeighbourhoodTable, Tiles, ValidationView};
use i18n::{t, Lang, Text};
use state::{Dataset, Loaded};

/// The sample data the dashboard opens with (see datasets/README.md).
const SAMPLE: &[u8] = include_bytes!("../../datasets/sample.csv");

/// The whole dashboard.
#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(Lang::default());
    let loaded = RwSignal::new(Loaded::analyse(
        Dataset::Sample,
        "sample.csv".to_owned(),
        SAMPLE,
    ));
    let busy = RwSignal::new(false);

    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.get().code());
        }
    });

    view! {
        <header>
            <div>
                <h1>"Wijkwaarde"</h1>
                <span class="note">{move || t(lang.get(), Text::Tagline)}</span>
            </div>
            <button id="switch-language" on:click=move |_| lang.update(|lang| *lang = lang.other())>
                {move || t(lang.get(), Text::SwitchLanguage)}
            </button>
        </header>
        <main>
            <Show when=move || loaded.with(|loaded| loaded.dataset == Dataset::Sample)>
                <p class="banner" role="note" id="sample-banner">{move || t(lang.get(), Text::SampleBanner)}</p>
            </Show>
            <FileInput lang=lang loaded=loaded busy=busy />
            <p class="note" aria-live="polite" id="status">
                {move || if busy.get() { t(lang.get(), Text::Loading).to_owned() } else {
                    format!("{}: {}", t(lang.get(), Text::FileLabel), loaded.with(|loaded| loaded.name.clone()))
                }}
            </p>
            {move || loaded.with(|loaded| match &loaded.result {
                Err(message) => view! {
                    <div class="error" role="alert" id="load-error">
                        <strong>{t(lang.get(), Text::CouldNotRead)}</strong>
                        <p>{message.clone()}</p>
                    </div>
                }.into_any(),
                Ok(report) => {
                    let report = report.clone();
                    view! {
                        <Tiles lang=lang report=report.clone() />
                        <p class="note" id="suppression-note">
                            {t(lang.get(), Text::SuppressionNote)} " " {report.settings.min_cell}
                            ". " {t(lang.get(), Text::PrivacyNote)}
                        </p>
                        <LadderChart lang=lang report=report.clone() />
                        <NeighbourhoodTable lang=lang report=report.clone() />
                        <ValidationView lang=lang validation=report.validation.clone() />
                    }.into_any()
                }
            })}
        </main>
    }
}
