//! Performance marks for the browser benchmark (tests/e2e/bench.mjs): when a file was chosen,
//! read, loaded, answered by the worker and its figures shown. They cost nothing when nobody reads them.

/// Sets a `performance.mark` named `name`.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark(name);
    }
}
