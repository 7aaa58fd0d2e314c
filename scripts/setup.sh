#!/usr/bin/env bash
# Installs, idempotently, everything a fresh machine lacks to build, serve and test Wijkwaarde.
# Nothing here downloads from GitHub: Rust tools come from crates.io, browsers and clang from
# Debian, Node packages from the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

# Must equal the wasm-bindgen crate version pinned in Cargo.toml / Cargo.lock.
WASM_BINDGEN_VERSION=0.2.130
TRUNK_VERSION=0.21.14

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

export PATH="$HOME/.cargo/bin:$PATH"

missing_debs=()
# fonts-dejavu-core: the CLI draws its PNG charts with it.
for pkg in clang chromium chromium-driver fonts-dejavu-core; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing_debs+=("$pkg")
done
if [ ${#missing_debs[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing_debs[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing_debs[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (about 11 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # --locked fails here: one of its locked dependency versions is not in the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# Node tools for the end-to-end tests and the optimiser: playwright-core drives Debian's
# Chromium, axe-core checks accessibility; binaryen's npm build gives a wasm-opt that, unlike Debian's 108, keeps the app working.
if [ ! -x tests/e2e/node_modules/.bin/wasm-opt ] || [ ! -d tests/e2e/node_modules/playwright-core ] \
  || [ ! -d tests/e2e/node_modules/axe-core ]; then
  log "installing Node packages for tests/e2e"
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

if ! python3 -c 'import polars, duckdb' 2>/dev/null; then
  log "installing Python polars and DuckDB (independent implementations for the cross-check)"
  python3 -m pip install --quiet --disable-pip-version-check -r benches/python/requirements.txt
fi

log "fetching crates (Trunk builds offline)"
cargo fetch --locked >/dev/null 2>&1 || cargo fetch
log "ready"
