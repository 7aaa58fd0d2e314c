//! The analysis worker: runs in a Web Worker (`src/bin/worker.rs`), holds the loaded records
//! and the reference table, and answers [`Request`]s. Everything `analytics` computes for the
//! dashboard is computed here, off the page's thread.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use analytics::load::{ParticipantRecords, Split, Stretch, StretchJob, PARALLEL_FROM_BYTES};
use analytics::reference::ReferenceTable;
use analytics::{Analysis, LoadError, Settings};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::protocol::{Failure, Request, Response, Stage, StretchRead};

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
    /// Workers started by this one to read stretches of large files on the other cores (a
    /// worker's threads share no memory, so each reads its stretch in its own memory).
    static HELPERS: RefCell<Vec<Helper>> = const { RefCell::new(Vec::new()) };
    /// Stretches asked of helpers and not yet answered: job number → the promise's resolve
    /// and reject. Answers are matched by number, so that a second file chosen while the
    /// first is read gets its own stretches, never the first's.
    static PENDING: RefCell<BTreeMap<u64, (js_sys::Function, js_sys::Function)>> =
        const { RefCell::new(BTreeMap::new()) };
    static NEXT_JOB: Cell<u64> = const { Cell::new(0) };
    /// The number of the latest file asked to be read. Reading waits for the file's bytes and
    /// for the helpers, and a file chosen meanwhile may be ready first (a small one after a
    /// large one); a reading that is no longer the latest stops at its next wait and answers
    /// nothing, so that the last file chosen is the one shown and held.
    static LATEST_LOAD: Cell<u64> = const { Cell::new(0) };
    /// Whether the idle work after the first report (helpers, warming up) has begun.
    static AFTER_FIRST_REPORT: Cell<bool> = const { Cell::new(false) };
    /// Whether a warm-up is under way; a request ends it.
    static WARMING: Cell<bool> = const { Cell::new(false) };
}

/// A helper worker, and whether it has said it is ready. A message posted to a worker before
/// its WebAssembly has loaded and its handler is set is lost, so a stretch is asked only of a
/// ready helper (CI once waited for ever on a file chosen just after the first figures).
struct Helper {
    worker: web_sys::Worker,
    ready: Rc<Cell<bool>>,
}

/// The name helpers are started with, so that each warms up its reading when it starts.
const HELPER_NAME: &str = "wijkwaarde-helper";

/// Times the sample goes through the loader (and the indicators) while a worker is idle.
const WARM_UP_ROUNDS: usize = 8;

/// Runs the bundled sample through the loader, and with `report` through the indicators, a
/// few times while the worker is idle. V8 compiles a WebAssembly function with its optimising
/// compiler only after it has run for a while, and uses that code from the function's next
/// call on. Reading a file and computing a report are each a few long calls, so a user's first
/// large file ran in the baseline code: on a 1M-row file its first report took 0.67 s, the
/// next ones 0.33-0.38 s. A request ends the warm-up (after the round under way).
async fn warm_up(report: bool) {
    WARMING.set(true);
    for _ in 0..WARM_UP_ROUNDS {
        // Between rounds the worker takes its messages.
        gloo::timers::future::TimeoutFuture::new(0).await;
        if !WARMING.get() {
            return;
        }
        let settings = Settings::default();
        if let Ok(records) = analytics::load::load_participants(SAMPLE, &settings) {
            if report {
                let _ = Analysis::new(records).report(None, &settings);
            }
        }
    }
    WARMING.set(false);
}

/// Once, after the first report: starts the helpers and warms up.
fn after_first_report() {
    if AFTER_FIRST_REPORT.replace(true) {
        return;
    }
    start_helpers();
    wasm_bindgen_futures::spawn_local(warm_up(true));
}

/// Starts a helper per core beyond the first (up to three), after the first report, so that
/// their start does not delay the first figures.
fn start_helpers() {
    HELPERS.with(|helpers| {
        let mut helpers = helpers.borrow_mut();
        let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let cores = scope.navigator().hardware_concurrency() as usize;
        for _ in 1..cores.clamp(1, 4) {
            // Relative to this worker's script, which the helper runs too.
            let options = web_sys::WorkerOptions::new();
            options.set_name(HELPER_NAME);
            let Ok(worker) = web_sys::Worker::new_with_options("./worker_loader.js", &options)
            else {
                break;
            };
            let ready = Rc::new(Cell::new(false));
            let said_ready = Rc::clone(&ready);
            // A helper says it is ready when it starts (a response as text); an answer is an
            // array.
            let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |event: web_sys::MessageEvent| {
                    if !event.data().is_instance_of::<js_sys::Array>() {
                        // Compared as text: parsing a `Response` would link its deserialiser,
                        // the report's, into this module (40 KB gzipped).
                        let ready = serde_json::to_string(&Response::Ready).ok();
                        if event
                            .data()
                            .as_string()
                            .is_some_and(|text| Some(text) == ready)
                        {
                            said_ready.set(true);
                            crate::timing::mark("wijkwaarde:worker-helper-ready");
                        }
                        return;
                    }
                    let answer = js_sys::Array::from(&event.data());
                    let read = answer
                        .get(0)
                        .as_string()
                        .and_then(|text| serde_json::from_str::<StretchRead>(&text).ok());
                    let Some(read) = read else {
                        return;
                    };
                    let Some((resolve, reject)) =
                        PENDING.with(|p| p.borrow_mut().remove(&read.job))
                    else {
                        return;
                    };
                    // The stretch's bytes, or why the helper could not read it.
                    let _ = match read.result {
                        Ok(()) => resolve.call1(&JsValue::NULL, &answer.get(1)),
                        Err(message) => reject.call1(&JsValue::NULL, &message.into()),
                    };
                },
            );
            // A helper that fails (a panic) answers nothing more; its error event says so, and
            // every stretch still asked is then read here.
            let on_error = Closure::<dyn FnMut(JsValue)>::new(|error: JsValue| {
                for (_, (_, reject)) in PENDING.with(|p| std::mem::take(&mut *p.borrow_mut())) {
                    let _ = reject.call1(&JsValue::NULL, &error);
                }
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            // They answer for as long as the helper lives, which is as long as this worker.
            on_message.forget();
            on_error.forget();
            helpers.push(Helper { worker, ready });
        }
    });
}

/// Asks helper `index` to read the stretch `job` of the file `bytes`; the answer is the
/// stretch's bytes. The request is posted at once; the future waits for the answer.
fn ask_helper(
    index: usize,
    bytes: &[u8],
    job: StretchJob,
) -> impl std::future::Future<Output = Result<Vec<u8>, String>> {
    let job_number = NEXT_JOB.replace(NEXT_JOB.get() + 1);
    let promise = HELPERS.with(|helpers| {
        let helpers = helpers.borrow();
        let helper = &helpers[index].worker;
        let promise = js_sys::Promise::new(&mut |resolve, reject| {
            PENDING.with(|p| p.borrow_mut().insert(job_number, (resolve, reject)));
        });
        // Copied out of this worker's memory and moved to the helper's: reading its stretch
        // from the `File` took the helper four times as long.
        let header = js_sys::Uint8Array::from(&bytes[job.header.0..job.header.1]);
        let records = js_sys::Uint8Array::from(&bytes[job.records.0..job.records.1]);
        let request = Request::ReadStretch {
            job_number,
            job: Box::new(job),
        };
        let request = serde_json::to_string(&request).expect("a request serialises");
        let message = js_sys::Array::of3(&JsValue::from_str(&request), &header, &records);
        let posted =
            helper.post_message_with_transfer(&message, &js_sys::Array::of1(&records.buffer()));
        if posted.is_err() {
            PENDING.with(|p| p.borrow_mut().remove(&job_number));
        }
        posted.map(|()| promise)
    });
    async move {
        let bytes = JsFuture::from(promise.map_err(|error| format!("{error:?}"))?)
            .await
            .map_err(|error| format!("a helper failed: {error:?}"))?
            .dyn_into::<js_sys::Uint8Array>()
            .map_err(|_| "a helper's answer came without its bytes".to_owned())?;
        Ok(bytes.to_vec())
    }
}

/// Reads participant records: a large file in stretches, one here and one in each helper
/// (the records are those of reading it whole; analytics' tests check), else whole.
async fn load_records(bytes: &[u8], settings: &Settings) -> Result<ParticipantRecords, LoadError> {
    let ready: Vec<usize> = HELPERS.with(|helpers| {
        let helpers = helpers.borrow();
        (0..helpers.len())
            .filter(|index| helpers[*index].ready.get())
            .collect()
    });
    let split = if !ready.is_empty() && bytes.len() >= PARALLEL_FROM_BYTES {
        Split::of(bytes, settings, ready.len() + 1)?
    } else {
        None
    };
    let Some(split) = split else {
        return analytics::load::load_participants(bytes, settings);
    };
    crate::timing::mark("wijkwaarde:worker-split");
    let answers: Vec<_> = split
        .jobs(settings)
        .into_iter()
        .enumerate()
        .map(|(index, job)| ask_helper(ready[index], bytes, job))
        .collect();
    let mut stretches: Vec<Stretch> = vec![split.read_first()?];
    crate::timing::mark("wijkwaarde:worker-read-own");
    for answer in answers {
        match answer.await {
            Ok(bytes) => stretches.push(split.stretch_from_bytes(&bytes)?),
            // Whatever went wrong there, the file can still be read here.
            Err(message) => {
                web_sys::console::warn_1(&format!("reading the file here alone: {message}").into());
                return analytics::load::load_participants(bytes, settings);
            }
        }
    }
    crate::timing::mark("wijkwaarde:worker-helped");
    split.assemble(stretches)
}

/// A helper's part: reads the stretch `job` from the bytes of the file's header and of the
/// stretch, and answers with the stretch's bytes.
fn read_stretch(
    job_number: u64,
    job: StretchJob,
    header: &js_sys::Uint8Array,
    records: &js_sys::Uint8Array,
) {
    let (header, records) = (header.to_vec(), records.to_vec());
    let read = analytics::load::read_stretch(&header, &records, &job)
        .map(|stretch| stretch.to_bytes())
        .map_err(|error| error.to_string());
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let (answer, bytes) = match read {
        Ok(bytes) => (
            StretchRead {
                job: job_number,
                result: Ok(()),
            },
            js_sys::Uint8Array::from(bytes.as_slice()),
        ),
        Err(message) => (
            StretchRead {
                job: job_number,
                result: Err(message),
            },
            js_sys::Uint8Array::new_with_length(0),
        ),
    };
    let answer = serde_json::to_string(&answer).unwrap_or_default();
    let message = js_sys::Array::of2(&JsValue::from_str(&answer), &bytes);
    // The buffer moves to the other worker rather than being copied.
    let _ = scope.post_message_with_transfer(&message, &js_sys::Array::of1(&bytes.buffer()));
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

/// Answers one request; what came with it (a `File`, bytes) follows it in `message`.
async fn handle(request: Request, message: js_sys::Array) {
    WARMING.set(false);
    let file = message.get(1).dyn_into::<web_sys::File>().ok();
    match request {
        Request::Load {
            name,
            sample,
            again,
            mapping,
        } => {
            let load = LATEST_LOAD.get() + 1;
            LATEST_LOAD.set(load);
            let superseded = move || LATEST_LOAD.get() != load;
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
            if superseded() {
                return;
            }
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
            let records = load_records(&bytes, &settings).await;
            if superseded() {
                return;
            }
            let result = match records {
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
        Request::ReadStretch { job_number, job } => {
            // `Uint8Array::new` of an array would copy it.
            let [header, records] = [1, 2].map(|index| {
                message
                    .get(index)
                    .dyn_into::<js_sys::Uint8Array>()
                    .unwrap_or_else(|_| js_sys::Uint8Array::new_with_length(0))
            });
            read_stretch(job_number, *job, &header, &records);
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
            after_first_report();
        }
    }
}

/// Starts answering the page's messages, `[request as JSON, File or null]`, and (in a helper)
/// the worker's, `[request as JSON, header bytes, stretch bytes]`.
pub fn start() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
            let message = js_sys::Array::from(&event.data());
            let request = message
                .get(0)
                .as_string()
                .and_then(|text| serde_json::from_str::<Request>(&text).ok());
            if let Some(request) = request {
                wasm_bindgen_futures::spawn_local(handle(request, message));
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&Response::Ready);
    if scope.name() == HELPER_NAME {
        wasm_bindgen_futures::spawn_local(warm_up(false));
    }
}
