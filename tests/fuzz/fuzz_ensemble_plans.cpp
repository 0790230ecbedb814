// libFuzzer target: ensemble_plans (tests/fuzz/readers.hpp says what is checked).
#include "fuzz_main.hpp"

GRIDGOV_FUZZ_TARGET(ensemble_plans)
