#!/usr/bin/env bash
# Checks Wijkwaarde's headline figures against two independent implementations of DATA.md
# §3 (Python polars and DuckDB SQL, benches/python/indicators.py) on generated files:
# the same figures, to the last digit of the shares, without suppression.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${WIJKWAARDE_BIN:-target/debug/wijkwaarde}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# 10,000 participants (about 5 MB) are read in parallel stretches natively.
for participants in 300 2500 10000; do
  for seed in 1 7; do
    file="$work/generated-$participants-$seed.csv"
    "$bin" generate --participants "$participants" --seed "$seed" --output "$file" >/dev/null
    "$bin" report "$file" --min-cell 1 --quiet > "$work/wijkwaarde.json"
    for engine in polars duckdb; do
      python3 benches/python/indicators.py "$file" --engine "$engine" > "$work/$engine.json" 2>/dev/null
      python3 - "$work/wijkwaarde.json" "$work/$engine.json" "$engine $participants/$seed" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))["overall"]
theirs = json.load(open(sys.argv[2]))
wrong = {k: (v, ours[k]) for k, v in theirs.items()
         if (abs(v - ours[k]) > 1e-12 if isinstance(v, float) and ours[k] is not None else v != ours[k])}
if wrong:
    sys.exit(f"{sys.argv[3]}: figures differ (theirs, ours): {wrong}")
print(f"{sys.argv[3]}: {len(theirs)} figures equal")
PY
    done
  done
done
