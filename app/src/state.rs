//! UI state: what the worker has loaded (the file's name and validation, or why it failed),
//! the reference table's name, and the page's end of the worker.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use analytics::{Report, Validation};
use wasm_bindgen::JsValue;

use crate::protocol::{Failure, Request};

/// Where the shown data came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    /// The bundled sample.
    Sample,
    /// A file the user chose.
    UserFile,
}

/// Files larger than this are refused before reading: the loader needs about three times a
/// file's size while it works, and a browser tab gets at most 4 GiB of WebAssembly memory
/// (often less). The CLI has no such limit.
pub const BROWSER_FILE_LIMIT_BYTES: f64 = 1024.0 * 1024.0 * 1024.0;

/// Shared value compared by identity, so that signals holding large data compare cheaply.
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// A participant file as the page knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Sample or the user's file.
    pub dataset: Dataset,
    /// File name, as shown.
    pub name: String,
    /// `None` while the worker reads it; then its validation, or why it could not be read.
    pub loaded: Option<Result<Shared<Validation>, Failure>>,
}

impl Source {
    /// A file the page could not hand to the worker at all (too large for the browser).
    pub fn refused(name: String, message_en: String, message_nl: String) -> Source {
        Source {
            dataset: Dataset::UserFile,
            name,
            loaded: Some(Err(Failure {
                message_en,
                message_nl,
                missing: None,
            })),
        }
    }
}

/// A reference table the user chose: its name, and nothing or why it could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// File name.
    pub name: String,
    /// Nothing, or the message.
    pub result: Result<(), String>,
}

/// A report from the worker, or its message.
pub type ReportResult = Result<Shared<Report>, String>;

/// The page's end of the analysis worker. Messages sent before the worker is ready wait here.
pub struct Bridge {
    worker: web_sys::Worker,
    ready: Cell<bool>,
    waiting: RefCell<Vec<JsValue>>,
}

impl Bridge {
    /// Wraps a started worker.
    pub fn new(worker: web_sys::Worker) -> Bridge {
        Bridge {
            worker,
            ready: Cell::new(false),
            waiting: RefCell::new(Vec::new()),
        }
    }

    /// Sends a request, with the file it is about.
    pub fn send(&self, request: &Request, file: Option<&web_sys::File>) {
        let text = serde_json::to_string(request).unwrap_or_default();
        let message = js_sys::Array::of2(
            &JsValue::from_str(&text),
            &file.map_or(JsValue::NULL, JsValue::from),
        );
        if self.ready.get() {
            let _ = self.worker.post_message(&message);
        } else {
            self.waiting.borrow_mut().push(message.into());
        }
    }

    /// The worker said it is ready: send what waited.
    pub fn set_ready(&self) {
        self.ready.set(true);
        for message in self.waiting.borrow_mut().drain(..) {
            let _ = self.worker.post_message(&message);
        }
    }
}

/// The bridge as components hold it.
pub type BridgeHandle = leptos::prelude::StoredValue<Bridge, leptos::prelude::LocalStorage>;
