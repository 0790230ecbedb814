#pragma once
/// @file gridgov/core/names.hpp
/// @brief The string names of gridgov's enums, in one table per enum.
///
/// Each enum that appears in a file, a report, a command-line flag or a
/// Python attribute specialises EnumNames once; `name()` and `parse<E>()`
/// and through them the JSON serializers (gridgov/core/json.hpp), the CLI
/// and the Python bindings all read that table.

#include <array>
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "gridgov/core/error.hpp"

namespace gridgov {

/// Specialise with `static constexpr std::string_view what` (the thing
/// named, used in messages), `static constexpr std::array<std::pair<E,
/// std::string_view>, N> values` (the canonical names, in order) and,
/// optionally, `aliases` (further accepted spellings).
template <class E>
struct EnumNames;

template <class E>
concept NamedEnum = requires {
  EnumNames<E>::values;
  EnumNames<E>::what;
};

/// The canonical name of `e` ("" for a value outside the table).
template <NamedEnum E>
[[nodiscard]] constexpr std::string_view name(E e) noexcept {
  for (const auto& [v, n] : EnumNames<E>::values)
    if (v == e) return n;
  return {};
}

/// Every canonical name, comma-separated ("none, community, street").
template <NamedEnum E>
[[nodiscard]] std::string names_list() {
  std::string out;
  for (const auto& [v, n] : EnumNames<E>::values) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

/// The value named `text` (canonical name or alias).
/// @throws InputError listing the accepted names.
template <NamedEnum E>
[[nodiscard]] E parse(std::string_view text) {
  for (const auto& [v, n] : EnumNames<E>::values)
    if (n == text) return v;
  if constexpr (requires { EnumNames<E>::aliases; })
    for (const auto& [v, n] : EnumNames<E>::aliases)
      if (n == text) return v;
  throw InputError(std::string(EnumNames<E>::what) + " must be one of " + names_list<E>() + ", got '" +
                   std::string(text) + "'");
}

/// Writes the name of `e` (for messages and test output).
template <NamedEnum E>
std::ostream& operator<<(std::ostream& os, E e) {
  return os << name(e);
}

}  // namespace gridgov
