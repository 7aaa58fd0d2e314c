#!/usr/bin/env bash
# Runs every test of Wijkwaarde on a fresh machine: installs what is missing (scripts/setup.sh),
# then lints, native tests, the dashboard build, browser unit tests (wasm-bindgen-test in
# headless Chromium) and end-to-end tests of the built dashboard against the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# Incremental caches only pay off while editing; on a test run they only take disk.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

scripts/setup.sh

step() {
  local name=$1; shift
  local started=$SECONDS
  printf '\n==> %s\n' "$name"
  "$@"
  printf '<== %s: %ss (target: %s, disk free: %s)\n' "$name" $((SECONDS - started)) \
    "$(du -sh target 2>/dev/null | cut -f1)" "$(df -h --output=avail . | tail -1 | tr -d ' ')"
}

step "format" cargo fmt --all --check
step "clippy (native)" cargo clippy --workspace --exclude app --all-targets --locked -- -D warnings
step "clippy (wasm32: analytics, charts, app)" cargo clippy -p analytics -p charts -p app --all-targets --target wasm32-unknown-unknown --locked -- -D warnings
step "docs" env RUSTDOCFLAGS="-D warnings" cargo doc --workspace --exclude app --no-deps --locked --quiet
# Also builds target/debug/wijkwaarde (the CLI's own tests run it), which the cross-check
# and the end-to-end tests use; a separate `cargo build -p cli` would unify polars' features
# differently and build polars a second time.
step "native tests" cargo test --workspace --exclude app --locked
step "cross-check against Python polars and DuckDB" scripts/cross-check.sh
step "dashboard build (trunk, release)" trunk build --release
step "browser unit tests (wasm-bindgen-test, headless Chromium)" \
  env CHROMEDRIVER=/usr/bin/chromedriver cargo test -p app --target wasm32-unknown-unknown --release --locked --test browser
step "end-to-end tests (built dashboard in headless Chromium)" bash -c 'cd tests/e2e && npm test'
