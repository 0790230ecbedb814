#!/usr/bin/env bash
# Installs the built gridgov into a scratch prefix, builds tests/consumer
# against it with find_package(gridgov), and runs it on the sample data.
set -euo pipefail
ROOT=$1
BUILD=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cmake --install "$BUILD" --prefix "$T/prefix" >/dev/null
cmake -S "$ROOT/tests/consumer" -B "$T/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$T/prefix" >/dev/null
cmake --build "$T/build" >"$T/build.log" 2>&1 || { cat "$T/build.log"; exit 1; }
out=$("$T/build/consumer" "$ROOT/data/lanzhou/divisions.csv" "$ROOT/data/sample/units.csv" "$ROOT/data/sample/edges.csv" "$ROOT/data/sample/plan.csv")
echo "$out"
units=$(wc -l <"$ROOT/data/sample/units.csv")
[ "$out" = "communities 1177 errors 0 units $((units - 1)) grids $(cut -d, -f2 "$ROOT/data/sample/plan.csv" | tail -n +2 | sort -u | wc -l)" ]
