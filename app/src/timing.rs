//! Performance marks for the browser benchmark (tests/e2e/bench.mjs): when a file was chosen,
//! read, loaded, answered by the worker and its figures shown, and in the worker when a report
//! was asked for, computed and sent. They cost nothing when nobody reads them.

use wasm_bindgen::JsCast;

/// Sets a `performance.mark` named `name`, on the page or in the worker.
pub fn mark(name: &str) {
    let global = js_sys::global();
    let performance = match global.dyn_ref::<web_sys::Window>() {
        Some(window) => window.performance(),
        None => global
            .dyn_ref::<web_sys::WorkerGlobalScope>()
            .and_then(web_sys::WorkerGlobalScope::performance),
    };
    if let Some(performance) = performance {
        let _ = performance.mark(name);
    }
}
