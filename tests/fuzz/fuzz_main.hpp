#pragma once
// The libFuzzer entry point of one reader of readers.hpp: a finding is
// printed and aborts, so libFuzzer keeps the input.
#include <cstdio>
#include <cstdlib>

#include "readers.hpp"

#define GRIDGOV_FUZZ_TARGET(reader)                                                                  \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {               \
    const std::string found =                                                                        \
        gridgov::fuzz::outcome(gridgov::fuzz::reader, std::string_view(reinterpret_cast<const char*>(data), size)); \
    if (!found.empty()) {                                                                            \
      std::fprintf(stderr, "\n== gridgov fuzz finding in " #reader ": %s\n", found.c_str());      \
      std::abort();                                                                                  \
    }                                                                                                \
    return 0;                                                                                        \
  }
