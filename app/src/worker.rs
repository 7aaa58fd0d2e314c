//! The analysis worker: runs in a Web Worker (`src/bin/worker.rs`), holds the loaded records
//! and the reference table, and answers [`Request`]s. Everything `analytics` computes for the
//! dashboard is computed here, off the page's thread.

use std::cell::RefCell;

use analytics::reference::ReferenceTable;
use analytics::{Analysis, LoadError, Settings};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::protocol::{Failure, Request, Response, Stage};

/// The sample data the dashboard opens with (see datasets/README.md).
const SAMPLE: &[u8] = include_bytes!("../../datasets/sample.csv");

/// What the worker keeps between requests.
#[derive(Default)]
struct Held {
    analysis: Option<Analysis>,
    /// The last file's bytes, kept only while a column mapping may still rescue it.
    unmapped: Option<Vec<u8>>,
    reference: Option<ReferenceTable>,
}

thread_local! {
    static HELD: RefCell<Held> = RefCell::new(Held::default());
}

fn post(response: &Response) {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let text = serde_json::to_string(response).unwrap_or_default();
    let _ = scope.post_message(&JsValue::from_str(&text));
}

async fn bytes_of(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|error| format!("{error:?}"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn failure(error: LoadError) -> Failure {
    let (message_en, message_nl) = (error.to_string(), error.message_nl());
    Failure {
        message_en,
        message_nl,
        missing: match error {
            LoadError::MissingColumns { missing, found } => Some((missing, found)),
            _ => None,
        },
    }
}

/// Answers one request (the file, if any, came with it).
async fn handle(request: Request, file: Option<web_sys::File>) {
    match request {
        Request::Load {
            name,
            sample,
            again,
            mapping,
        } => {
            post(&Response::Progress(Stage::Reading));
            let bytes = if sample {
                Ok(SAMPLE.to_vec())
            } else if again {
                HELD.with(|held| held.borrow_mut().unmapped.take())
                    .ok_or_else(|| "no file to read again".to_owned())
            } else {
                match &file {
                    Some(file) => bytes_of(file).await,
                    None => Err("no file came with the request".to_owned()),
                }
            };
            let bytes = match bytes {
                Ok(bytes) => bytes,
                Err(message) => {
                    let result = Err(Failure {
                        message_en: message.clone(),
                        message_nl: message,
                        missing: None,
                    });
                    post(&Response::Loaded {
                        name,
                        sample,
                        result,
                    });
                    return;
                }
            };
            post(&Response::Progress(Stage::Validating));
            let settings = Settings {
                column_mapping: mapping,
                ..Settings::default()
            };
            let result = match analytics::load::load_participants(&bytes, &settings) {
                Ok(records) => {
                    let validation = Box::new(records.validation.clone());
                    HELD.with(|held| {
                        let mut held = held.borrow_mut();
                        held.analysis = Some(Analysis::new(records));
                        held.unmapped = None;
                    });
                    Ok(validation)
                }
                Err(error) => {
                    let keep = matches!(error, LoadError::MissingColumns { .. });
                    HELD.with(|held| {
                        let mut held = held.borrow_mut();
                        held.analysis = None;
                        held.unmapped = keep.then_some(bytes);
                    });
                    Err(failure(error))
                }
            };
            post(&Response::Loaded {
                name,
                sample,
                result,
            });
        }
        Request::Reference { name } => {
            let result = match &file {
                Some(file) => match bytes_of(file).await {
                    Ok(bytes) => analytics::reference::load_reference(&bytes)
                        .map_err(|error| error.to_string()),
                    Err(message) => Err(message),
                },
                None => Err("no file came with the request".to_owned()),
            };
            let answer = result.as_ref().map(|_| ()).map_err(Clone::clone);
            HELD.with(|held| held.borrow_mut().reference = result.ok());
            post(&Response::ReferenceLoaded {
                name,
                result: answer,
            });
        }
        Request::Report { id, settings } => {
            crate::timing::mark("wijkwaarde:worker-asked");
            post(&Response::Progress(Stage::Computing));
            let result = HELD.with(|held| {
                let held = &mut *held.borrow_mut();
                let analysis = held
                    .analysis
                    .as_mut()
                    .ok_or_else(|| "no file is loaded".to_owned())?;
                analysis
                    .report(held.reference.as_ref(), &settings)
                    .map(Box::new)
                    .map_err(|error| error.to_string())
            });
            crate::timing::mark("wijkwaarde:worker-computed");
            post(&Response::Report { id, result });
            crate::timing::mark("wijkwaarde:worker-sent");
        }
    }
}

/// Starts answering the page's messages: `[request as JSON, File or null]`.
pub fn start() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
            let message = js_sys::Array::from(&event.data());
            let request = message
                .get(0)
                .as_string()
                .and_then(|text| serde_json::from_str::<Request>(&text).ok());
            let file = message.get(1).dyn_into::<web_sys::File>().ok();
            if let Some(request) = request {
                wasm_bindgen_futures::spawn_local(handle(request, file));
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&Response::Ready);
}
