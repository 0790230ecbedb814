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

namespace detail {
template <NamedEnum E>
constexpr bool listed_in_order() {
  for (std::size_t i = 0; i < EnumNames<E>::values.size(); ++i)
    if (static_cast<std::size_t>(EnumNames<E>::values[i].first) != i) return false;
  return true;
}
}  // namespace detail

/// One T per value of the named enum E, indexed by E or by position (E's
/// values are 0, 1, ... in the order of EnumNames<E>::values). In JSON
/// (gridgov/core/json.hpp) an object keyed by the names, entries given
/// replacing those in place; positions before `first` are unused and not
/// part of the JSON (e.g. the grid among the levels an escalation reaches).
template <NamedEnum E, class T, E first = E{}>
struct EnumArray : std::array<T, EnumNames<E>::values.size()> {
  using Base = std::array<T, EnumNames<E>::values.size()>;
  using Enum = E;
  static constexpr std::size_t first_index = static_cast<std::size_t>(first);

  using Base::operator[];
  constexpr T& operator[](E e) noexcept { return Base::operator[](static_cast<std::size_t>(e)); }
  constexpr const T& operator[](E e) const noexcept { return Base::operator[](static_cast<std::size_t>(e)); }

  /// The name of position `i`.
  [[nodiscard]] static constexpr std::string_view key(std::size_t i) noexcept { return EnumNames<E>::values[i].second; }

  static_assert(detail::listed_in_order<E>(), "EnumArray needs EnumNames<E>::values listed as 0, 1, 2, ...");
};

/// Writes the name of `e` (for messages and test output).
template <NamedEnum E>
std::ostream& operator<<(std::ostream& os, E e) {
  return os << name(e);
}

}  // namespace gridgov
