#pragma once
// Private helpers shared by the JSON readers and writers (not installed).

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "gridgov/core/error.hpp"

namespace gridgov::io::detail {

/// Throws the InputError for a JSON syntax error at 1-based `byte`.
[[noreturn]] void throw_json_error(std::string_view text, const std::string& source, std::size_t byte,
                                   const std::string& what);
[[noreturn]] void throw_json_error(const std::string& source, const std::string& what);

/// Parses JSON text; a syntax error becomes an InputError naming the line
/// and column of the failing byte. Json is nlohmann::json or
/// nlohmann::ordered_json (keeps object key order).
template <class Json = nlohmann::json>
Json parse_json(std::string_view text, const std::string& source) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) throw InputError(source, 0, "the file is empty");
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    throw_json_error(text, source, e.byte, e.what());
  } catch (const nlohmann::json::exception& e) {
    // e.g. out_of_range 406: a number too large to represent.
    throw_json_error(source, e.what());
  }
}

/// Replaces bare NaN, Infinity and -Infinity tokens outside strings (which
/// Python's json module writes) with null, in place. Returns true if any.
bool replace_python_nonfinite(std::string& text);

/// A JSON scalar as an id or code string: strings as they are, integers in
/// decimal, integral floats without a fraction. Empty for other values.
template <class Json>
std::string scalar_string(const Json& v) {
  if (v.is_string()) return v.template get<std::string>();
  if (v.is_number_unsigned()) return std::to_string(v.template get<std::uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.template get<std::int64_t>());
  if (v.is_number_float()) {
    const double d = v.template get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 9e15) return std::to_string(static_cast<std::int64_t>(d));
  }
  return {};
}

/// A short rendering of a JSON value for error messages.
template <class Json>
std::string preview(const Json& v) {
  std::string s = v.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

/// Appends a JSON string literal.
void append_string(std::string& out, std::string_view s);
/// Appends a number (shortest exact, or `precision` decimals if >= 0);
/// non-finite numbers become null.
void append_number(std::string& out, double v, int precision = -1);

}  // namespace gridgov::io::detail
