//! The Wijkwaarde dashboard: a Leptos client-side app. It holds UI state and renders the
//! report model of `analytics`; it never computes a figure itself. Files are read and
//! analysed in the browser, so the data never leaves the user's machine.
//!
//! The analytics run in a Web Worker ([`worker`], messages in [`protocol`]): the page sends the
//! picked file and the settings, and renders the reports that come back, so that a large file
//! never freezes it. State lives in the worker (the loaded records, kept so that a filter change
//! does not read the file again), in signals here (file name, validation, reports), and in the
//! URL fragment ([`url_state::UiState`]: view, language, filters, settings, presentation).

mod components;
mod download;
pub mod format;
pub mod i18n;
pub mod protocol;
mod state;
mod timing;
pub mod url_state;
mod views;
pub mod worker;

use analytics::load::Choices;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use components::{validation_view, ColumnMapping, FileInput, Filters, ReferenceInput};
use i18n::{t, Lang, Text};
use protocol::{Request, Response, Stage};
use state::{Bridge, BridgeHandle, Dataset, Reference, ReportResult, Shared, Source};
use url_state::{UiState, View};

/// Where Trunk puts the worker's loader (`data-loader-shim` in app/index.html).
const WORKER_SCRIPT: &str = "./worker_loader.js";

/// The analysis worker that app/index.html started before this app loaded, with the messages it
/// has sent since; or, on a page without that script, a worker started now.
fn started_worker(window: &web_sys::Window) -> (web_sys::Worker, Vec<JsValue>) {
    let started = js_sys::Reflect::get(window, &"wijkwaardeWorker".into()).ok();
    let field = |name: &str| {
        started
            .as_ref()
            .and_then(|started| js_sys::Reflect::get(started, &name.into()).ok())
    };
    match field("worker").and_then(|worker| worker.dyn_into::<web_sys::Worker>().ok()) {
        Some(worker) => {
            let early = field("early")
                .map(|early| js_sys::Array::from(&early).to_vec())
                .unwrap_or_default();
            (worker, early)
        }
        None => (
            web_sys::Worker::new(WORKER_SCRIPT).expect("the browser can start a worker"),
            Vec::new(),
        ),
    }
}

fn view_title(view: View) -> Text {
    match view {
        View::Overview => Text::ViewOverview,
        View::Participation => Text::ViewParticipation,
        View::Ladder => Text::ViewLadder,
        View::Outflow => Text::ViewOutflow,
        View::Wellbeing => Text::ViewWellbeing,
        View::Impact => Text::ViewImpact,
        View::Data => Text::ViewData,
    }
}

/// Writes the state into the fragment without adding a history entry per click.
fn write_fragment(state: &UiState) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let fragment = state.to_fragment();
    let url = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        if fragment.is_empty() {
            String::new()
        } else {
            format!("#{fragment}")
        }
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// The next (or previous) view of a presentation.
fn step(state: &mut UiState, forward: bool) {
    let views = state.presented_views();
    if views.is_empty() {
        return;
    }
    let at = views
        .iter()
        .position(|view| *view == state.view)
        .unwrap_or(0);
    let next = if forward {
        (at + 1) % views.len()
    } else {
        (at + views.len() - 1) % views.len()
    };
    state.view = views[next];
}

/// The whole dashboard.
#[component]
pub fn App() -> impl IntoView {
    let window = web_sys::window().expect("the dashboard runs in a browser window");
    let location = window.location();
    // `?embed` (a query, so that an iframe's src says it plainly) drops the page's chrome.
    let embed = location
        .search()
        .unwrap_or_default()
        .trim_start_matches('?')
        .split('&')
        .any(|part| part == "embed" || part.starts_with("embed="));
    let ui = RwSignal::new(UiState::from_fragment(&location.hash().unwrap_or_default()));
    // Memos, so that what reads them is not run again by every other change of the URL state.
    let lang: Signal<Lang> = Memo::new(move |_| ui.with(|ui| ui.lang)).into();
    let current_view = Memo::new(move |_| ui.with(|ui| ui.view));
    let presenting = Signal::derive(move || ui.with(|ui| ui.present));
    let source = RwSignal::new(Source {
        dataset: Dataset::Sample,
        name: "sample.csv".to_owned(),
        loaded: None,
    });
    let reference = RwSignal::new(None::<Reference>);
    let busy = RwSignal::new(Some(Text::ReadingFile));
    let base_report = RwSignal::new(None::<ReportResult>);
    let filtered_report = RwSignal::new(None::<ReportResult>);
    // The id of the latest question for each report; older answers are dropped.
    let asked = StoredValue::new((0_u64, 0_u64, 0_u64));
    // Whether the figures shown may stay while the next are computed: not once a new file is
    // read (its figures are not those of the last one), again once a report has come.
    let keep_shown = RwSignal::new(false);

    let (worker, early_messages) = started_worker(&window);
    let bridge: BridgeHandle = StoredValue::new_local(Bridge::new(worker.clone()));
    let on_message = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
        move |event: web_sys::MessageEvent| {
            let text = event.data().as_string().unwrap_or_default();
            let response = match serde_json::from_str::<Response>(&text) {
                Ok(response) => response,
                Err(error) => {
                    // A message the page cannot read is a bug; say so where developers look.
                    web_sys::console::error_1(
                        &format!("wijkwaarde: unreadable worker message: {error}").into(),
                    );
                    return;
                }
            };
            match response {
                Response::Ready => bridge.with_value(Bridge::set_ready),
                Response::Progress(stage) => {
                    if stage == Stage::Validating {
                        timing::mark("wijkwaarde:read");
                    }
                    busy.set(Some(match stage {
                        Stage::Reading => Text::ReadingFile,
                        Stage::Validating => Text::Validating,
                        Stage::Computing => Text::Computing,
                    }));
                }
                Response::Loaded {
                    name,
                    sample,
                    result,
                } => {
                    timing::mark("wijkwaarde:loaded");
                    let failed = result.is_err();
                    keep_shown.set(false);
                    base_report.set(None);
                    filtered_report.set(None);
                    source.set(Source {
                        dataset: if sample {
                            Dataset::Sample
                        } else {
                            Dataset::UserFile
                        },
                        name,
                        loaded: Some(
                            result.map(|validation| Shared(std::sync::Arc::new(*validation))),
                        ),
                    });
                    if failed {
                        busy.set(None);
                    }
                }
                Response::ReferenceLoaded { name, result } => {
                    reference.set(Some(Reference { name, result }));
                }
                Response::Report { id, result } => {
                    timing::mark("wijkwaarde:answered");
                    let result = result.map(|report| Shared(std::sync::Arc::new(*report)));
                    keep_shown.set(true);
                    let (_, base, filtered) = asked.get_value();
                    if id == base {
                        base_report.set(Some(result.clone()));
                    }
                    if id == filtered {
                        filtered_report.set(Some(result));
                    }
                    busy.set(None);
                }
            }
        },
    );
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // What the worker said before the app was there, in order, before anything it says next.
    let handler: &js_sys::Function = on_message.as_ref().unchecked_ref();
    for message in early_messages {
        let _ = handler.call1(&JsValue::NULL, &message);
    }
    on_message.forget();
    bridge.with_value(|bridge| {
        bridge.send(
            &Request::Load {
                name: "sample.csv".to_owned(),
                sample: true,
                again: false,
                mapping: Default::default(),
            },
            None,
        )
    });

    // Settings as memos, so that switching views or language asks nothing of the worker.
    let base_settings = Memo::new(move |_| ui.with(|ui| ui.settings(false)));
    let filtered_settings = Memo::new(move |_| ui.with(|ui| ui.settings(true)));
    let ask = move |settings: analytics::Settings, filtered: bool| {
        let id = asked.with_value(|(last, _, _)| last + 1);
        asked.update_value(|(last, base, latest_filtered)| {
            *last = id;
            if filtered {
                *latest_filtered = id;
            } else {
                *base = id;
            }
        });
        let request = Request::Report {
            id,
            settings: Box::new(settings),
        };
        bridge.with_value(|bridge| bridge.send(&request, None));
    };
    let loaded = Memo::new(move |_| source.with(|source| matches!(source.loaded, Some(Ok(_)))));
    let reference_name = Memo::new(move |_| {
        reference.with(|reference| reference.as_ref().map(|reference| reference.name.clone()))
    });
    Effect::new(move |_| {
        let settings = base_settings.get();
        // `get`, not `track`: a memo that never ran would not notice the reference change.
        let _ = reference_name.get();
        // Reading a new file clears the reports; `source` is tracked so that each file asks.
        source.track();
        if loaded.get() {
            // Until the answer comes, show that figures are being computed, not old ones.
            base_report.set(None);
            ask(settings, false);
        }
    });
    Effect::new(move |_| {
        let settings = filtered_settings.get();
        // `get`, not `track`: a memo that never ran would not notice the reference change.
        let _ = reference_name.get();
        source.track();
        if loaded.get() && !settings.filter.is_empty() {
            filtered_report.set(None);
            ask(settings, true);
        }
    });
    // The report for the settings as they are; `None` while the worker computes it.
    let wanted_report = Memo::new(move |_| {
        if filtered_settings.with(|settings| settings.filter.is_empty()) {
            base_report.get()
        } else {
            filtered_report.get()
        }
    });
    // The report shown: the wanted one, or, while it is computed, the one shown before (marked
    // busy), so that a change of filter or setting updates the views in place instead of
    // tearing them down and building them anew.
    let report =
        Memo::new(
            move |shown: Option<&Option<ReportResult>>| match (wanted_report.get(), shown) {
                (Some(wanted), _) => Some(wanted),
                (None, Some(Some(Ok(shown)))) if keep_shown.get() => Some(Ok(shown.clone())),
                (None, _) => None,
            },
        );
    let computing =
        Memo::new(move |_| wanted_report.with(Option::is_none) && report.with(Option::is_some));
    // The figures shown are dimmed once the next have taken a moment: not at once, so that a
    // quick change neither flickers nor costs a repaint (a delayed CSS transition still made
    // the browser repaint the page, about 8 ms of each filter change on 100k rows).
    let stale = RwSignal::new(false);
    let dimming = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        if let Some(pending) = dimming.get_value() {
            pending.clear();
        }
        let computing = computing.get();
        dimming.set_value(
            computing
                .then(|| {
                    set_timeout_with_handle(
                        move || stale.set(true),
                        std::time::Duration::from_millis(250),
                    )
                    .ok()
                })
                .flatten(),
        );
        if !computing && stale.get_untracked() {
            stale.set(false);
        }
    });
    let choices = Signal::derive(move || match base_report.get() {
        Some(Ok(report)) => Choices::of(&report),
        _ => Choices::default(),
    });

    // The fragment is written once the figures for the new state are shown, after a frame:
    // `replaceState` took 5 to 30 ms of the page's thread when it ran as a filter changed on
    // 100k rows (1 to 2 ms on a page at rest), and held back the figures that came meanwhile.
    // Changes until then are written once, as they stand.
    let fragment_due = StoredValue::new(false);
    Effect::new(move |_| {
        ui.track();
        if computing.get() || fragment_due.get_value() {
            return;
        }
        fragment_due.set_value(true);
        request_animation_frame(move || {
            set_timeout(
                move || {
                    fragment_due.set_value(false);
                    // Figures were asked for since: this runs again when they are shown.
                    if !computing.get_untracked() {
                        ui.with_untracked(write_fragment);
                    }
                },
                std::time::Duration::ZERO,
            )
        });
    });
    // Runs after the views have rendered a new report.
    Effect::new(move |_| {
        if report.with(|report| matches!(report, Some(Ok(_)))) {
            timing::mark("wijkwaarde:figures");
        }
    });
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.get().code());
        }
    });
    // A link pasted or edited by hand changes the fragment: follow it.
    gloo::events::EventListener::new(&window, "hashchange", move |_| {
        let hash = web_sys::window()
            .and_then(|window| window.location().hash().ok())
            .unwrap_or_default();
        let next = UiState::from_fragment(&hash);
        if ui.with_untracked(|ui| *ui != next) {
            ui.set(next);
        }
    })
    .forget();
    gloo::events::EventListener::new(&window, "keydown", move |event| {
        if !ui.with_untracked(|ui| ui.present) {
            return;
        }
        let Some(event) = wasm_bindgen::JsCast::dyn_ref::<web_sys::KeyboardEvent>(event) else {
            return;
        };
        match event.key().as_str() {
            "ArrowRight" | "PageDown" | " " => ui.update(|ui| step(ui, true)),
            "ArrowLeft" | "PageUp" => ui.update(|ui| step(ui, false)),
            "Escape" => {
                ui.update(|ui| ui.present = false);
                download::leave_full_screen();
            }
            _ => return,
        }
        event.prevent_default();
    })
    .forget();
    // A presentation with an interval advances by itself.
    let timer = StoredValue::new_local(None::<gloo::timers::callback::Interval>);
    Effect::new(move |_| {
        let (present, seconds) = ui.with(|ui| (ui.present, ui.interval_seconds));
        let next = (present && seconds > 0).then(|| {
            gloo::timers::callback::Interval::new(seconds * 1000, move || {
                ui.update(|ui| step(ui, true))
            })
        });
        timer.set_value(next);
    });

    let start_presenting = move |_| {
        download::enter_full_screen();
        ui.update(|ui| {
            ui.present = true;
            if !ui.presented_views().contains(&ui.view) {
                step(ui, true);
            }
        });
    };
    let stop_presenting = move |_| {
        ui.update(|ui| ui.present = false);
        download::leave_full_screen();
    };

    let navigation = move || {
        let lang = lang.get();
        let current = current_view.get();
        View::ALL
            .into_iter()
            .map(|view| {
                let is_current = view == current;
                view! {
                    <button data-view=view.key() aria-current=is_current.then_some("page")
                        on:click=move |_| ui.update(|ui| ui.view = view)>
                        {t(lang, view_title(view))}
                    </button>
                }
            })
            .collect_view()
    };

    let status = move || {
        let lang = lang.get();
        if let Some(stage) = busy.get() {
            return view! { <span class="busy">{t(lang, stage)}</span> }.into_any();
        }
        let name = source.with(|source| source.name.clone());
        let summary = source.with(|source| {
            source.loaded.as_ref().and_then(|loaded| loaded.as_ref().ok()).map(|validation| {
                view! {
                    " · " {t(lang, Text::RowsRead)} ": " <span data-figure="rows_read">{format::count(lang, validation.rows_read)}</span>
                    " · " {t(lang, Text::RowsUsed)} ": " <span data-figure="rows_used">{format::count(lang, validation.rows_used)}</span>
                    " · " {t(lang, Text::RowsRejected)} ": " <span data-figure="rows_rejected">{format::count(lang, validation.rows_rejected)}</span>
                }
            })
        });
        view! { <span>{format!("{}: {name}", t(lang, Text::FileLabel))}</span>{summary} }.into_any()
    };

    let content = move || {
        let lang = lang.get();
        let current = current_view.get();
        let failure = source.with(|source| {
            source
                .loaded
                .as_ref()
                .and_then(|loaded| loaded.as_ref().err().cloned())
        });
        if let Some(failure) = failure {
            let message = match lang {
                Lang::Nl => failure.message_nl,
                Lang::En => failure.message_en,
            };
            return view! {
                <div class="error" role="alert" id="load-error">
                    <strong>{t(lang, Text::CouldNotRead)}</strong>
                    <p>{message}</p>
                </div>
            }
            .into_any();
        }
        let report: Shared<analytics::Report> = match report.get() {
            Some(Ok(report)) => report,
            Some(Err(message)) => {
                return view! { <div class="error" role="alert" id="load-error"><p>{message}</p></div> }.into_any()
            }
            None => return view! { <p class="busy" id="waiting">{t(lang, Text::Computing)}</p> }.into_any(),
        };
        // Said of the figures shown, which may still be those before the filter changed.
        let filtered = !report.settings.filter.is_empty();
        let body = match current {
            View::Overview => views::overview(lang, &report).into_any(),
            View::Participation => views::participation(lang, &report).into_any(),
            View::Ladder => views::ladder(lang, &report).into_any(),
            View::Outflow => views::outflow(lang, &report).into_any(),
            View::Wellbeing => views::wellbeing(lang, &report).into_any(),
            View::Impact => views::impact(lang, &report, ui).into_any(),
            View::Data => view! {
                {validation_view(lang, &report.validation)}
                {views::settings(lang, ui)}
            }
            .into_any(),
        };
        view! {
            <h2 class="view-title" id="view-title">{t(lang, view_title(current))}</h2>
            {filtered.then(|| view! { <p class="banner" id="filtered-note">{t(lang, Text::FilteredNote)}</p> })}
            {body}
            <p class="note" id="suppression-note">{views::threshold_note(lang, &report)}</p>
        }
        .into_any()
    };

    view! {
        <div class="app" class:embed=embed class:presenting=move || presenting.get()>
            <a class="skip-link" href="#content">{move || t(lang.get(), Text::SkipToContent)}</a>
            <Show when=move || !embed && !presenting.get()>
                <header>
                    <div>
                        <h1>"Wijkwaarde"</h1>
                        <span class="note">{move || t(lang.get(), Text::Tagline)}</span>
                    </div>
                    <div class="header-buttons">
                        <button id="print" on:click=move |_| download::print()>{move || t(lang.get(), Text::Print)}</button>
                        <button id="present" on:click=start_presenting>{move || t(lang.get(), Text::Present)}</button>
                        <button id="switch-language" on:click=move |_| ui.update(|ui| ui.lang = ui.lang.other())>
                            {move || t(lang.get(), Text::SwitchLanguage)}
                        </button>
                    </div>
                </header>
                <nav class="views" aria-label=move || t(lang.get(), Text::Views)>{navigation}</nav>
                <section class="controls">
                    <Show when=move || source.with(|source| source.dataset == Dataset::Sample)>
                        <p class="banner" role="note" id="sample-banner">{move || t(lang.get(), Text::SampleBanner)}</p>
                    </Show>
                    <FileInput lang=lang source=source bridge=bridge />
                    <ReferenceInput lang=lang reference=reference bridge=bridge ui=ui />
                    <p class="note" aria-live="polite" id="status">{status}</p>
                    <ColumnMapping lang=lang source=source bridge=bridge />
                    <Filters lang=lang ui=ui choices=choices />
                </section>
            </Show>
            <Show when=move || presenting.get()>
                <div class="present-bar" id="present-bar">
                    <button id="previous-view" on:click=move |_| ui.update(|ui| step(ui, false))>{move || t(lang.get(), Text::Previous)}</button>
                    <button id="next-view" on:click=move |_| ui.update(|ui| step(ui, true))>{move || t(lang.get(), Text::Next)}</button>
                    <button id="stop-presenting" on:click=stop_presenting>{move || t(lang.get(), Text::StopPresenting)}</button>
                    <span class="note">{move || t(lang.get(), Text::PresentHint)}</span>
                </div>
            </Show>
            <main id="content" tabindex="-1" class:stale=move || stale.get()
                aria-busy=move || computing.get().to_string()>{content}</main>
            <Show when=move || embed>
                <footer class="note">{move || t(lang.get(), Text::EmbedCredit)}</footer>
            </Show>
        </div>
    }
}
