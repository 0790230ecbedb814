// libFuzzer target: plan_csv (tests/fuzz/readers.hpp says what is checked).
#include "fuzz_main.hpp"

GRIDGOV_FUZZ_TARGET(plan_csv)
