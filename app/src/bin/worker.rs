//! The analysis worker's entry point (built by Trunk as `worker.js` + `worker_bg.wasm`).

fn main() {
    console_error_panic_hook::set_once();
    app::worker::start();
}
