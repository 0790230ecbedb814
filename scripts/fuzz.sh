#!/usr/bin/env bash
# Fuzzes every reader: builds the libFuzzer targets of tests/fuzz with clang
# under AddressSanitizer + UndefinedBehaviorSanitizer, warnings as errors (build/fuzz, the
# library instrumented too), then runs each target in turn, one process at a
# time, on a copy of its seed corpus (tests/fuzz/corpus/<reader>, plus the
# inputs of past findings in tests/fuzz/regressions/<reader>). Exits non-zero
# if any target finds something: a crash, a sanitizer report, an exception
# that is not a gridgov::Error, a hang (-timeout) or runaway memory
# (-rss_limit_mb); the input that did it is kept under build/fuzz/run/.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [READER...]   default 20 s, every reader
#   GRIDGOV_FUZZ_KEEP=1   keep the corpus each run grew (build/fuzz/run/<reader>/corpus)
#                         and start from it the next time
# The buildings target needs gridgov_geo (GDAL, GEOS: scripts/install-deps.sh).
# Used by scripts/test.sh (GRIDGOV_FUZZ_SECONDS). A crashing input is replayed
# with build/fuzz/tests/fuzz/fuzz_<reader> FILE; make it a regression test in
# tests/cpp/io/test_fuzz_regressions.cpp (see tests/fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_PER_TARGET=${1:-20}
shift || true
ALL=(units_csv edges_csv plan_csv divisions_csv geojson networkx scenario workload_config sim_params ensemble_plans buildings)
if [ "$#" -gt 0 ]; then READERS=("$@"); else READERS=("${ALL[@]}"); fi
JOBS=${JOBS:-2}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$ROOT}
export DEBIAN_FRONTEND=noninteractive

# clang with libFuzzer and the sanitizer runtimes (Debian: clang, libclang-rt-dev).
fuzzer_links() {
  command -v clang++ >/dev/null || return 1
  local d
  d=$(mktemp -d)
  printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n' >"$d/t.cpp"
  clang++ -fsanitize=fuzzer,address,undefined "$d/t.cpp" -o "$d/t" >/dev/null 2>&1
  local ok=$?
  rm -rf "$d"
  return $ok
}
if ! fuzzer_links; then
  echo "== Installing clang and its libFuzzer runtime"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends clang libclang-rt-dev >/dev/null
  fuzzer_links || { echo "clang++ cannot link a libFuzzer target" >&2; exit 2; }
fi
if ! command -v cmake >/dev/null || ! command -v ninja >/dev/null || [ ! -e /usr/include/nlohmann/json.hpp ]; then
  bash scripts/install-deps.sh
fi

echo "== Building the fuzz targets (clang, ASan + UBSan, build/fuzz)"
cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -DGRIDGOV_FUZZ=ON -DGRIDGOV_WERROR=ON -DGRIDGOV_BUILD_TESTS=OFF \
  -DGRIDGOV_BUILD_BENCHMARKS=OFF -DGRIDGOV_BUILD_CLI=OFF -DGRIDGOV_INSTALL=OFF >/dev/null
cmake --build build/fuzz -j"$JOBS" --target fuzz_targets

# Longest input per reader: CSV lines and JSON documents big enough for a
# few units, small enough to keep thousands of runs a second.
max_len() {
  case $1 in
    *_csv) echo 4096 ;;
    *) echo 16384 ;;
  esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
passed=0
failed=0
failures=()
for reader in "${READERS[@]}"; do
  exe=build/fuzz/tests/fuzz/fuzz_$reader
  if [ "$reader" = buildings ] && [ ! -x "$exe" ] && [ "$#" = 0 ] && ! grep -q '^GRIDGOV_GEO:BOOL=ON' build/fuzz/CMakeCache.txt; then
    echo "== fuzz_buildings: not built (no gridgov_geo: GDAL and GEOS not found; scripts/install-deps.sh installs them)"
    continue
  fi
  [ -x "$exe" ] || { echo "no fuzz target for '$reader' (readers: ${ALL[*]})" >&2; exit 2; }
  run=build/fuzz/run/$reader
  if [ "${GRIDGOV_FUZZ_KEEP:-0}" = 1 ] && [ -d "$run/corpus" ]; then
    find "$run" -maxdepth 1 -type f -delete  # a kept corpus grows on; old findings and log go
  else
    rm -rf "$run"
  fi
  mkdir -p "$run/corpus"
  cp tests/fuzz/corpus/"$reader"/* "$run/corpus/"
  dirs=("$run/corpus")
  [ -d "tests/fuzz/regressions/$reader" ] && dirs+=("tests/fuzz/regressions/$reader")
  echo "== fuzz_$reader: ${SECONDS_PER_TARGET} s"
  set +e
  # -max_total_time bounds the run; the outer timeout only guards against a
  # target that never starts fuzzing.
  timeout $((SECONDS_PER_TARGET + 300)) "$exe" -max_len="$(max_len "$reader")" -rss_limit_mb=2048 -timeout=10 \
    -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 -artifact_prefix="$run/" "${dirs[@]}" >"$run/log" 2>&1
  status=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/log" | tail -1)
  units=$(find "$run/corpus" -type f | wc -l)
  if [ "$status" = 0 ]; then
    passed=$((passed + 1))
    echo "   ok: ${runs:-?} runs, corpus ${units} inputs"
  else
    failed=$((failed + 1))
    failures+=("$reader")
    echo "   FINDING (exit $status): log $run/log; input(s):"
    ls "$run" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' | sed "s|^|     $run/|" || true
    grep -aE 'gridgov fuzz finding|ERROR: |SUMMARY: |runtime error' "$run/log" | head -8 | sed 's/^/   /'
  fi
  [ "${GRIDGOV_FUZZ_KEEP:-0}" = 1 ] || rm -rf "$run/corpus"
done

[ "$failed" = 0 ] || echo "Findings in: ${failures[*]} (replay: build/fuzz/tests/fuzz/fuzz_<reader> INPUT)"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
