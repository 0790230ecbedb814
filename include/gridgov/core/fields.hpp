#pragma once
/// @file gridgov/core/fields.hpp
/// @brief How an option struct lists its fields once, for every interface.
///
/// An option struct `T` has `template <class V> static void describe(V&& v)`
/// that calls `v(Field{...}, &T::member)` for each member, in order. From
/// that one list gridgov derives the JSON keys (gridgov/core/json.hpp), the
/// command-line flags (`--` + the name with '_' as '-', plus `cli` aliases),
/// the Python attributes, keyword arguments, docstrings and stubs, and the
/// range checks (check_fields). A new option is one member and one line.
/// A member whose type is itself described (GridRules inside
/// PartitionOptions) is nested in JSON and Python and flattened on the
/// command line.

#include <limits>
#include <string>

#include "gridgov/core/error.hpp"

namespace gridgov {

/// One field's name, help text and limits.
struct Field {
  const char* name;                   ///< snake_case; JSON key and Python attribute
  const char* help;                   ///< one sentence, shown by --help, docstrings and stubs
  /// Further command-line names, comma-separated ("nest" for nesting): the
  /// spellings planners already script. nullptr: none. "-": no flag at all
  /// (the command line spells the field its own way, or has no use for it).
  const char* cli = nullptr;
  double min = -std::numeric_limits<double>::infinity();  ///< inclusive, numeric fields only
  double max = std::numeric_limits<double>::infinity();   ///< inclusive, numeric fields only
};

/// A struct with a field list.
template <class T>
concept Described = requires { T::describe([](const Field&, auto) {}); };

/// Checks every numeric field of `options` (and of described members)
/// against its limits.
/// @throws InputError naming the field, its value and the allowed range.
template <Described T>
void check_fields(const T& options, const std::string& where = "options") {
  T::describe([&](const Field& f, auto member) {
    using M = std::remove_cvref_t<decltype(options.*member)>;
    if constexpr (Described<M>) {
      check_fields(options.*member, where);
    } else if constexpr (std::is_arithmetic_v<M> && !std::is_same_v<M, bool>) {
      const auto v = static_cast<double>(options.*member);
      if (!(v >= f.min && v <= f.max))  // also rejects NaN
        throw InputError(where, 0,
                         std::string(f.name) + " must be in " + std::to_string(f.min) + ".." + std::to_string(f.max) +
                             ", got " + std::to_string(v));
    }
  });
}

}  // namespace gridgov
