// libFuzzer target: workload_config (tests/fuzz/readers.hpp says what is checked).
#include "fuzz_main.hpp"

GRIDGOV_FUZZ_TARGET(workload_config)
