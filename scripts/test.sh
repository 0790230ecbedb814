#!/usr/bin/env bash
# Sets up and runs every test: C++ (GoogleTest through CTest, warnings as
# errors), the same again under AddressSanitizer + UndefinedBehaviorSanitizer,
# then the Python package (pip install .) with pytest, which also executes
# the notebooks, and last a short fuzzing run of every reader (libFuzzer,
# clang, scripts/fuzz.sh). Used by the README and by .ci/run.
#   GRIDGOV_SANITIZE=0 scripts/test.sh       skips the sanitizer pass
#   GRIDGOV_FUZZ_SECONDS=N scripts/test.sh   fuzzes each reader N s (default 15; 0 skips)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
bash scripts/install-deps.sh
export PIP_BREAK_SYSTEM_PACKAGES=1
JOBS=${JOBS:-$(nproc)}
# One compiler name for CMake and for pip's build (scikit-build-core would
# otherwise pass Python's own, g++), so that ccache matches their objects.
export CXX=${CXX:-c++}
# ccache's keys without the clone's folder (paths relative to it, and no
# working directory for the builds with debug information), so that a fresh
# clone elsewhere, as CI's, reuses the objects of an earlier run on this
# machine; only the compile directory named in debug information may be stale.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$ROOT}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}

echo "== C++ build and tests (warnings are errors)"
cmake -S . -B build/ci -G Ninja -DCMAKE_BUILD_TYPE=Release -DGRIDGOV_WERROR=ON -DGRIDGOV_BUILD_BENCHMARKS=ON
cmake --build build/ci -j"$JOBS"
ctest --test-dir build/ci --output-on-failure -j"$JOBS"

if [ "${GRIDGOV_SANITIZE:-1}" = 1 ]; then
  echo "== C++ tests under AddressSanitizer + UndefinedBehaviorSanitizer"
  cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGRIDGOV_WERROR=ON -DGRIDGOV_SANITIZE=ON \
    -DGRIDGOV_BUILD_BENCHMARKS=OFF -DGRIDGOV_INSTALL=OFF
  cmake --build build/asan -j"$JOBS"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/asan --output-on-failure -j"$JOBS"
fi

echo "== Python package and tests (pytest, notebooks)"
# With the compiler and flags of build/ci (warnings are errors there too),
# ccache hands back the library's and the command's objects: only the module
# compiles (1 minute against 10 on this 2-core machine under load).
python3 -m pip install --no-build-isolation -q . -Ccmake.define.GRIDGOV_WERROR=ON
# The tests that run the command line run this build's (tests/python read GRIDGOV_BIN).
cd tests/python && GRIDGOV_BIN="$ROOT/build/ci/gridgov" python3 -m pytest -q -p no:cacheprovider .

FUZZ_SECONDS=${GRIDGOV_FUZZ_SECONDS:-15}
if [ "$FUZZ_SECONDS" != 0 ]; then
  echo "== Fuzzing every reader for ${FUZZ_SECONDS} s each (libFuzzer, ASan + UBSan)"
  cd "$ROOT"
  bash scripts/fuzz.sh "$FUZZ_SECONDS"
fi
