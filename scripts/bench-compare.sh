#!/usr/bin/env bash
# Times the full report natively against the same indicators in Python polars and DuckDB on
# the same generated files, with peak memory (GNU time): one run per tool and size, after one
# warm-up read of the file. Sizes in rows (about four per participant), default 1M and 10M.
#   scripts/bench-compare.sh [ROWS ...]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --profile release-native -p cli --quiet
bin=target/release-native/wijkwaarde
mkdir -p datasets/generated
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
printf '%-10s %-12s %10s %12s %10s\n' rows tool seconds peak_MB file_MB
for rows in "${sizes[@]}"; do
  file=datasets/generated/bench-$rows.csv
  [ -f "$file" ] || "$bin" generate --participants $((rows / 4)) --seed 1 --output "$file" >/dev/null
  file_mb=$(( $(stat -c %s "$file") / 1048576 ))
  cat "$file" > /dev/null
  run() {
    local tool=$1; shift
    local started=$(date +%s.%N)
    /usr/bin/time -f '%M' -o /tmp/peak "$@" > /dev/null 2>/tmp/stderr || { cat /tmp/stderr; exit 1; }
    local seconds=$(echo "$(date +%s.%N) - $started" | bc)
    printf '%-10s %-12s %10.2f %12d %10d\n' "$rows" "$tool" "$seconds" $(( $(cat /tmp/peak) / 1024 )) "$file_mb"
  }
  run wijkwaarde "$bin" report "$file" --quiet --min-cell 1
  run py-polars python3 benches/python/indicators.py "$file" --engine polars
  run duckdb python3 benches/python/indicators.py "$file" --engine duckdb
done
