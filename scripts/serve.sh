#!/usr/bin/env bash
# Builds the dashboard and serves it on http://127.0.0.1:8080/ (sample data bundled).
# --optimise also runs binaryen's wasm-opt (about 8 minutes on 2 cores) before serving.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh
trunk build --release
if [ "${1:-}" = "--optimise" ]; then
  scripts/optimise-wasm.sh dist
fi
echo "Wijkwaarde: http://127.0.0.1:${PORT:-8080}/  (Ctrl-C stops)"
exec node tests/e2e/serve.mjs dist "${PORT:-8080}"
