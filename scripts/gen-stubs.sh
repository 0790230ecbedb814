#!/usr/bin/env bash
# Regenerates python/gridgov/_core.pyi from the built extension.
# Usage: scripts/gen-stubs.sh   (with gridgov importable, e.g. after pip install .)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q "pybind11-stubgen==3.0.0"  # the version CI compares with (scripts/install-deps.sh)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
python3 -m pybind11_stubgen gridgov._core -o "$T" --ignore-all-errors >/dev/null 2>&1
cp "$T/gridgov/_core.pyi" python/gridgov/_core.pyi
echo "wrote python/gridgov/_core.pyi"
