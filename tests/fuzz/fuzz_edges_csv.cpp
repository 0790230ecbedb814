// libFuzzer target: edges_csv (tests/fuzz/readers.hpp says what is checked).
#include "fuzz_main.hpp"

GRIDGOV_FUZZ_TARGET(edges_csv)
