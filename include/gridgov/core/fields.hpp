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
/// command line. Lists (std::vector), optional values (std::optional, null
/// in JSON) and tables keyed by an enum's names (EnumArray) of numbers or
/// described structs are nested too.

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "gridgov/core/error.hpp"
#include "gridgov/core/format.hpp"
#include "gridgov/core/names.hpp"

namespace gridgov {

/// As Field::min: above zero, zero excluded (the least positive double, so
/// `v >= kAboveZero` is exactly `v > 0`).
inline constexpr double kAboveZero = std::numeric_limits<double>::denorm_min();
/// As Field::max: any finite number (infinity excluded).
inline constexpr double kFiniteMax = std::numeric_limits<double>::max();

/// One field's name, help text and limits.
struct Field {
  const char* name;                   ///< snake_case; JSON key and Python attribute
  const char* help;                   ///< one sentence, shown by --help, docstrings and stubs
  /// Further command-line names, comma-separated ("nest" for nesting): the
  /// spellings planners already script. nullptr: none. "-": no flag at all
  /// (the command line spells the field its own way, or has no use for it).
  const char* cli = nullptr;
  /// Inclusive limits of a numeric field, of each number of a list of
  /// numbers, of each entry of an EnumArray of numbers. kAboveZero and
  /// kFiniteMax exclude 0 and infinity.
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
};

/// A struct with a field list.
template <class T>
concept Described = requires { T::describe([](const Field&, auto) {}); };

/// The allowed range in words, completing "must be ": "in 0..1",
/// "a finite number >= 0", "> 0 and <= 1".
[[nodiscard]] inline std::string range_text(double min, double max) {
  const bool above_zero = min == kAboveZero, finite = max == kFiniteMax;
  if (!above_zero && !finite) return "in " + format_number(min) + ".." + format_number(max);
  std::string out = finite ? "a finite number" : "";
  if (above_zero) out += finite ? " > 0" : "> 0";
  else if (min > -std::numeric_limits<double>::infinity()) out += " >= " + format_number(min);
  if (!finite && max < std::numeric_limits<double>::infinity()) out += " and <= " + format_number(max);
  return out;
}

namespace detail {

template <class M>
struct is_vector : std::false_type {};
template <class X, class A>
struct is_vector<std::vector<X, A>> : std::true_type {};

template <class M>
struct is_optional : std::false_type {};
template <class X>
struct is_optional<std::optional<X>> : std::true_type {};

template <class M>
struct is_enum_array : std::false_type {};
template <class E, class X, E first>
struct is_enum_array<EnumArray<E, X, first>> : std::true_type {};

/// An EnumArray or a type derived from one.
template <class M>
concept EnumTable = requires { typename M::Enum; M::first_index; } && NamedEnum<typename M::Enum>;

/// `path` with `key` appended ("rules" + "nesting" -> "rules.nesting",
/// "bounds" + "[0]" -> "bounds[0]").
inline std::string key_path(const std::string& path, const std::string& key) {
  if (path.empty()) return key;
  if (key.empty()) return path;
  return key.front() == '[' ? path + key : path + "." + key;
}

template <class M>
void check_value(const M& v, const Field& f, const std::string& path, const std::string& where);

template <Described T>
void check_members(const T& options, const std::string& path, const std::string& where) {
  T::describe([&](const Field& f, auto member) { check_value(options.*member, f, key_path(path, f.name), where); });
}

/// Checks one value of field `f` (numbers against its limits; lists, enum
/// arrays, optional values and described structs through their members).
template <class M>
void check_value(const M& v, const Field& f, const std::string& path, const std::string& where) {
  if constexpr (Described<M>) {
    check_members(v, path, where);
  } else if constexpr (EnumTable<M>) {
    for (std::size_t i = M::first_index; i < v.size(); ++i) check_value(v[i], f, key_path(path, std::string(M::key(i))), where);
  } else if constexpr (is_vector<M>::value) {
    for (std::size_t i = 0; i < v.size(); ++i) check_value(v[i], f, path + "[" + std::to_string(i) + "]", where);
  } else if constexpr (is_optional<M>::value) {
    if (v) check_value(*v, f, path, where);
  } else if constexpr (std::is_arithmetic_v<M> && !std::is_same_v<M, bool>) {
    const auto d = static_cast<double>(v);
    if (!(d >= f.min && d <= f.max))  // also rejects NaN
      throw InputError(where, 0, path + ": must be " + range_text(f.min, f.max) + ", got " + format_number(d));
  }
}

}  // namespace detail

/// Checks every numeric field of `options`, of its described members, of
/// the elements of its lists and enum arrays against the field's limits.
/// `path` is put before the key paths (e.g. "staffing").
/// @throws InputError from `where`, naming the key path, the value and the
///         allowed range ("partition: rules.bound_tolerance: must be in 0..0.001, got 1").
template <Described T>
void check_fields(const T& options, const std::string& where = "options", const std::string& path = "") {
  detail::check_members(options, path, where);
}

}  // namespace gridgov
