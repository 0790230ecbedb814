#pragma once
// Private helpers shared by the JSON readers and writers (not installed).

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "gridgov/core/error.hpp"

namespace gridgov::io::detail {

/// Throws the InputError for a JSON syntax error at 1-based `byte`.
[[noreturn]] void throw_json_error(std::string_view text, const std::string& source, std::size_t byte,
                                   const std::string& what);
[[noreturn]] void throw_json_error(const std::string& source, const std::string& what);
/// The same for a parser failure with no byte position (a number out of
/// range): the line is that of the token the message quotes, when found.
[[noreturn]] void throw_json_error(std::string_view text, const std::string& source, const std::string& what);

/// Deepest nesting of arrays and objects that the readers take. gridgov's
/// formats need fewer than ten levels (a MultiPolygon's coordinates in a
/// FeatureCollection: eight); the cap keeps recursion over a parsed value
/// (copies, dumps) far from the stack's end.
inline constexpr std::size_t kMaxJsonDepth = 256;

/// Throws an InputError naming the line and column where the text's arrays
/// and objects nest deeper than `max_depth`. One pass over the bytes,
/// skipping strings; brackets need not balance (the parser judges that).
void check_json_depth(std::string_view text, const std::string& source, std::size_t max_depth = kMaxJsonDepth);

/// Parses JSON text; a syntax error becomes an InputError naming the line
/// and column of the failing byte, and so does nesting deeper than
/// kMaxJsonDepth. Any other failure of the parser (a number out of range,
/// such as 1e999) is an InputError too. Json is nlohmann::json or
/// nlohmann::ordered_json (keeps object key order).
template <class Json = nlohmann::json>
Json parse_json(std::string_view text, const std::string& source) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) throw InputError(source, 0, "the file is empty");
  check_json_depth(text, source);
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    throw_json_error(text, source, e.byte, e.what());
  } catch (const nlohmann::json::exception& e) {
    // e.g. out_of_range 406: a number too large to represent.
    throw_json_error(text, source, e.what());
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

/// `s` with every byte that is not part of well-formed UTF-8 written as
/// \xNN, for messages that quote input (nlohmann's "last read: '...'").
std::string printable_utf8(std::string_view s);

/// `s` cut to at most `n` bytes, not inside a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, std::size_t n) noexcept;

/// A short rendering of a JSON value for error messages: its compact dump
/// when that is at most 40 bytes, else the first 37 bytes (whole UTF-8
/// characters) and "...". Never recursive, and the work is bounded by the
/// 40 bytes however large or deep the value.
template <class Json>
std::string preview(const Json& v) {
  constexpr std::size_t kMax = 40;
  std::string s;
  const auto append_string = [&s](const std::string& str) {
    // Enough of the string to know whether the rendering passes kMax.
    const std::string_view head = utf8_prefix(str, kMax + 1);
    s += Json(std::string(head)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  using Iterator = typename Json::const_iterator;
  std::vector<std::pair<const Json*, Iterator>> open;  // containers being written, next child
  const auto append = [&](const Json& x) {
    if (x.is_array() || x.is_object()) {
      s += x.is_array() ? '[' : '{';
      open.emplace_back(&x, x.cbegin());
    } else if (x.is_string()) {
      append_string(x.template get_ref<const std::string&>());
    } else {
      s += x.dump();
    }
  };
  append(v);
  while (!open.empty() && s.size() <= kMax) {
    auto& [container, it] = open.back();
    if (it == container->cend()) {
      s += container->is_array() ? ']' : '}';
      open.pop_back();
      continue;
    }
    if (it != container->cbegin()) s += ',';
    if (container->is_object()) {
      append_string(it.key());
      s += ':';
    }
    const Json& child = *it;
    ++it;  // before append(), which may grow `open`
    append(child);
  }
  if (s.size() > kMax) s = std::string(utf8_prefix(s, kMax - 3)) + "...";
  return s;
}

/// Appends a JSON string literal.
void append_string(std::string& out, std::string_view s);
/// Appends a number (shortest exact, or `precision` decimals if >= 0);
/// non-finite numbers become null.
void append_number(std::string& out, double v, int precision = -1);

}  // namespace gridgov::io::detail
