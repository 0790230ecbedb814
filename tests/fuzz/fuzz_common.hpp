#pragma once
// Shared by the libFuzzer targets of tests/fuzz: each reader is given the
// fuzzer's bytes as text. A gridgov::Error is a fine outcome; any other
// exception, a crash or a sanitizer report is a finding. Whatever a reader
// accepts must also come out of the library's writers as text that the
// matching reader takes back, and every message must be valid UTF-8 (the
// command-line program puts them into JSON reports).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>

#include <nlohmann/json.hpp>

#include "gridgov/core/error.hpp"

namespace gridgov::fuzz {

[[noreturn]] inline void finding(const char* what, std::string_view detail) {
  std::fprintf(stderr, "\n== gridgov fuzz finding: %s: %.*s\n", what, static_cast<int>(std::min<std::size_t>(detail.size(), 2000)),
               detail.data());
  std::abort();
}

/// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
inline bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  while (i < s.size()) {
    const unsigned c = byte(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 1;
    else if (c == 0xE0) n = 2, lo = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC) n = 2;
    else if (c == 0xED) n = 2, hi = 0x9F;
    else if (c >= 0xEE && c <= 0xEF) n = 2;
    else if (c == 0xF0) n = 3, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) n = 3;
    else if (c == 0xF4) n = 3, hi = 0x8F;
    else return false;
    if (s.size() - i <= n) return false;  // truncated sequence
    if (byte(i + 1) < lo || byte(i + 1) > hi) return false;
    for (std::size_t k = 2; k <= n; ++k)
      if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return false;
    i += n + 1;
  }
  return true;
}

/// Text the library wrote must be JSON that nlohmann accepts (valid UTF-8).
inline nlohmann::json written_json(const std::string& text, const char* what) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    finding(what, std::string(e.what()) + "\n" + text.substr(0, 500));
  }
}

/// Runs `body` on the input as text and sorts out how it ended.
template <class Body>
int run(const std::uint8_t* data, std::size_t size, Body&& body) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    body(text);
  } catch (const Error& e) {
    if (!valid_utf8(e.what())) finding("an error message that is not valid UTF-8", e.what());
  } catch (const std::exception& e) {
    finding((std::string("an exception that is not a gridgov::Error: ") + typeid(e).name()).c_str(), e.what());
  }
  return 0;
}

}  // namespace gridgov::fuzz
