//! Performance marks for the browser benchmark (tests/e2e/bench.mjs): when a file was chosen,
//! read, loaded, answered by the worker and its figures shown, and in the worker when a report
//! was asked for, computed and sent. They cost nothing when nobody reads them.

use wasm_bindgen::JsCast;

/// Sets a `performance.mark` named `name`, on the page or in the worker. `performance` is read
/// off the global object, whichever it is: asking `instanceof Window` in a worker throws (there
/// is no `Window` there), and the caught exception cost about half a millisecond a mark.
pub fn mark(name: &str) {
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|performance| performance.dyn_into::<web_sys::Performance>().ok());
    if let Some(performance) = performance {
        let _ = performance.mark(name);
    }
}
