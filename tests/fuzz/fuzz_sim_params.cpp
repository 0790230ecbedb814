// libFuzzer target: sim_params (tests/fuzz/readers.hpp says what is checked).
#include "fuzz_main.hpp"

GRIDGOV_FUZZ_TARGET(sim_params)
