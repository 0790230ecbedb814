#!/usr/bin/env bash
# Installs everything gridgov needs to build, test and run its demo on Debian,
# as root. Used by the README's two commands and by .ci/run.
#   scripts/install-deps.sh          system libraries + Python test tools
#   scripts/install-deps.sh --bench  also the peers for benchmarks/
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

APT_PACKAGES=(
  g++ make ninja-build ccache git
  libboost-dev libboost-graph-dev libeigen3-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev liblemon-dev
  libgdal-dev libgeos-dev  # gridgov_geo (GRIDGOV_GEO): gridgov build, cells, grid polygons
  libjemalloc-dev          # the gridgov program's malloc (faster tessellation in gridgov build)
  fonts-noto-cjk           # Chinese grid and community names in gridgov.plot
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A bare Debian has no Python build setup: take Debian's.
if ! command -v python3 >/dev/null || ! python3 -m pip --version >/dev/null 2>&1; then
  missing+=(python3 python3-dev python3-pip python3-venv)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" cmake
fi

PY=${PYTHON:-python3}
export PIP_BREAK_SYSTEM_PACKAGES=1  # Debian's own python3 is "externally managed"
# The build tools, numpy, and pyproject.toml's [test] and [peers] extras: what
# tests/python and the notebooks import, and the peers notebooks/06_peers.ipynb
# runs (wheels, about 20 s). Installed apart from gridgov so that the tests
# build it with --no-build-isolation.
mapfile -t PY_PACKAGES < <("$PY" - "$(dirname "$0")/../pyproject.toml" <<'EOF'
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    project = tomllib.load(f)["project"]
extras = project["optional-dependencies"]
print(*sorted(set(project["dependencies"] + extras["test"] + extras["peers"])), sep="\n")
EOF
)
[ "${#PY_PACKAGES[@]}" -gt 0 ] || { echo "install-deps.sh: could not read pyproject.toml's extras (Python 3.11+ needed)" >&2; exit 1; }
"$PY" -m pip install -q "cmake>=3.24" "scikit-build-core>=0.10" "pybind11==3.1.0" "${PY_PACKAGES[@]}"
if [ "${1:-}" = "--bench" ]; then
  bash "$(dirname "$0")/install-bench.sh"
fi
