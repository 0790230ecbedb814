#!/usr/bin/env bash
# Sets up gridgov and runs its main job on the bundled sample data:
# load Lanzhou's division hierarchy, load a street of buildings, check the
# existing grid plan, and print the report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh >/dev/null
cmake -S . -B build/demo -G Ninja -DCMAKE_BUILD_TYPE=Release -DGRIDGOV_BUILD_TESTS=OFF -DGRIDGOV_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build/demo --target gridgov_cli >/dev/null
G=build/demo/gridgov
S=data/sample
OUT=${OUT:-build/demo/out}
mkdir -p "$OUT"

echo "== 1. Lanzhou's division hierarchy"
"$G" hierarchy data/lanzhou/divisions.csv

echo
echo "== 2. The existing grid plan of two streets in Chengguan district"
set +e
"$G" report --units $S/units.csv --edges $S/edges.csv --plan $S/plan.csv --out "$OUT/existing_report.json"
status=$?
set -e
echo "(gridgov report exit code: $status; 0 = every rule holds, 1 = rules broken)"
if "$G" --help | grep -q "^  partition"; then
  echo
  echo "== 3. Redesign: repair the existing plan with the fewest households moved"
  "$G" redesign --units $S/units.csv --edges $S/edges.csv --plan $S/plan.csv --out "$OUT/redesigned.csv" --report "$OUT/redesign_report.json" || true
  "$G" validate --units $S/units.csv --edges $S/edges.csv --plan "$OUT/redesigned.csv" || true
  echo
  echo "== 4. A fresh partition into grids of 300-500 households"
  "$G" partition --units $S/units.csv --edges $S/edges.csv --out "$OUT/partition.csv" --report "$OUT/partition_report.json" || true
  "$G" validate --units $S/units.csv --edges $S/edges.csv --plan "$OUT/partition.csv" || true
fi
echo
echo "Outputs in $OUT/"
