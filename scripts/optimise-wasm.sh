#!/usr/bin/env bash
# Shrinks the dashboard's .wasm in DIST with binaryen 132's wasm-opt (npm package, run by Node).
# Debian's binaryen 108 must not be used: its output fails at start ("WebAssembly.Table.set():
# Argument 1 is invalid for table").
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}
wasm_opt=tests/e2e/node_modules/.bin/wasm-opt
for wasm in "$dist"/*.wasm; do
  before=$(stat -c %s "$wasm")
  "$wasm_opt" -Oz --enable-reference-types --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-simd "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
  echo "$wasm: $before -> $(stat -c %s "$wasm") bytes"
done
