// libFuzzer target: divisions_csv (tests/fuzz/readers.hpp says what is checked).
#include "fuzz_main.hpp"

GRIDGOV_FUZZ_TARGET(divisions_csv)
