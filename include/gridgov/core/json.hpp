#pragma once
/// @file gridgov/core/json.hpp
/// @brief JSON for every described struct and named enum (nlohmann/json's
/// ADL serializers): `nlohmann::json j = options; j.get<PartitionOptions>()`.
///
/// The keys are the field names of the struct's describe() list
/// (gridgov/core/fields.hpp), enums are written by name
/// (gridgov/core/names.hpp), EnumArrays as objects keyed by the enum's
/// names, empty std::optionals as null, infinite numbers as "inf" / "-inf".
/// Reading rejects unknown keys and wrong types with a JsonKeyError (an
/// InputError) whose message starts with the key path ("rules.bounds[1].max:
/// must be a number ...", "rules.nestin: unknown key; the keys are ...");
/// absent keys keep their values (the defaults), and so do absent entries of
/// an EnumArray; a list given replaces the whole list. Reading does not
/// check ranges: check_fields does, after reading.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>
#include <utility>

#include "gridgov/core/error.hpp"
#include "gridgov/core/fields.hpp"
#include "gridgov/core/names.hpp"

namespace gridgov {

/// Bad JSON at one key: message() is "path: problem". The serializers add
/// the enclosing keys to the path as the error passes through them; a
/// reader of a file rethrows it with the file name as source.
class JsonKeyError : public InputError {
 public:
  JsonKeyError(const std::string& path, const std::string& problem)
      : InputError(path.empty() ? problem : path + ": " + problem), path_(path), problem_(problem) {}
  /// The key path, e.g. "types.dispute.service_hours" or "events[2].per".
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  /// What is wrong, without the path.
  [[nodiscard]] const std::string& problem() const noexcept { return problem_; }

 private:
  std::string path_;
  std::string problem_;
};

namespace detail {
/// A short rendering of a JSON value for messages: the compact dump when
/// it is at most 40 bytes, else its first 37 bytes (whole UTF-8
/// characters) and "...". Not recursive; the work is bounded however large
/// or deep the value.
[[nodiscard]] std::string json_preview(const nlohmann::json& j);
}  // namespace detail

template <NamedEnum E>
void to_json(nlohmann::json& j, E e) {
  j = std::string(name(e));
}

template <NamedEnum E>
void from_json(const nlohmann::json& j, E& e) {
  if (!j.is_string())
    throw InputError(std::string(EnumNames<E>::what) + " must be one of " + names_list<E>() + ", got " + detail::json_preview(j));
  e = parse<E>(j.get<std::string>());
}

namespace detail {

/// The field names of T, comma-separated.
template <Described T>
std::string field_names() {
  std::string out;
  T::describe([&](const Field& f, auto) {
    if (!out.empty()) out += ", ";
    out += f.name;
  });
  return out;
}

/// Runs `read`, adding `key` to the path of any error it throws.
template <class F>
void under_key(const std::string& key, F&& read) {
  try {
    read();
  } catch (const JsonKeyError& e) {
    throw JsonKeyError(key_path(key, e.path()), e.problem());
  } catch (const InputError& e) {
    throw JsonKeyError(key, e.message());
  } catch (const nlohmann::json::exception& e) {
    throw JsonKeyError(key, e.what());
  }
}

inline nlohmann::json number_to_json(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return v;
}

/// A number, or "inf" / "-inf" ("Infinity" / "-Infinity"). The message
/// mentions "inf" when the limits allow it.
inline double number_from_json(const nlohmann::json& j, const Field& f) {
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) {
    const auto s = j.get<std::string>();
    if (s == "inf" || s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-inf" || s == "-Infinity") return -std::numeric_limits<double>::infinity();
  }
  const bool inf_ok = std::isinf(f.max) || std::isinf(f.min);
  throw InputError(std::string("must be a number") + (inf_ok ? " (or \"inf\")" : "") + ", got " + detail::json_preview(j));
}

template <class M>
nlohmann::json value_to_json(const M& v) {
  if constexpr (std::is_floating_point_v<M>) {
    return number_to_json(static_cast<double>(v));
  } else if constexpr (is_optional<M>::value) {
    return v ? value_to_json(*v) : nlohmann::json(nullptr);
  } else if constexpr (is_vector<M>::value) {
    auto out = nlohmann::json::array();
    for (const auto& x : v) out.push_back(value_to_json(x));
    return out;
  } else if constexpr (EnumTable<M>) {
    auto out = nlohmann::json::object();
    for (std::size_t i = M::first_index; i < v.size(); ++i) out[std::string(M::key(i))] = value_to_json(v[i]);
    return out;
  } else {
    return nlohmann::json(v);
  }
}

template <class M>
void value_from_json(const nlohmann::json& j, M& out, const Field& f);

/// Reads the entries given of an EnumArray (unknown names are an error).
template <EnumTable M>
void entries_from_json(const nlohmann::json& j, M& out, const Field& f) {
  auto names = [] {
    std::string list;
    for (std::size_t i = M::first_index; i < EnumNames<typename M::Enum>::values.size(); ++i)
      list += (list.empty() ? "" : ", ") + std::string(M::key(i));
    return list;
  };
  if (!j.is_object()) throw InputError("expected an object with keys " + names() + ", got " + detail::json_preview(j));
  for (const auto& item : j.items()) {
    // Named references, not a structured binding: the lambda below
    // captures them, which clang before 16 (Debian 12's clang 14) rejects.
    const std::string& key = item.key();
    const nlohmann::json& value = item.value();
    std::size_t i = M::first_index;
    while (i < out.size() && M::key(i) != key) ++i;
    if (i == out.size()) throw JsonKeyError(key, "unknown key; the keys are " + names());
    under_key(key, [&] { value_from_json(value, out[i], f); });
  }
}

/// Reads one value of field `f` into `out`.
template <class M>
void value_from_json(const nlohmann::json& j, M& out, const Field& f) {
  if constexpr (std::is_floating_point_v<M>) {
    out = static_cast<M>(number_from_json(j, f));
  } else if constexpr (std::is_same_v<M, bool>) {
    if (!j.is_boolean()) throw InputError("must be true or false, got " + detail::json_preview(j));
    out = j.get<bool>();
  } else if constexpr (std::is_integral_v<M>) {  // no silent truncation of 2.5, -1 or 1e10
    const bool ok = std::is_unsigned_v<M> ? j.is_number_unsigned() : j.is_number_integer();
    bool fits = ok;
    if constexpr (std::is_unsigned_v<M>) {
      if (ok) fits = j.get<std::uint64_t>() <= std::numeric_limits<M>::max();
    } else {
      if (ok)
        fits = j.is_number_unsigned() ? j.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<M>::max())
                                      : j.get<std::int64_t>() >= std::numeric_limits<M>::min() &&
                                            j.get<std::int64_t>() <= std::numeric_limits<M>::max();
    }
    if (!fits)
      throw InputError(std::string("must be ") + (std::is_unsigned_v<M> ? "a whole number >= 0" : "a whole number") +
                       (ok ? " up to " + std::to_string(std::numeric_limits<M>::max()) : std::string()) + ", got " + detail::json_preview(j));
    out = j.get<M>();
  } else if constexpr (std::is_same_v<M, std::string>) {
    if (!j.is_string()) throw InputError("must be a string, got " + detail::json_preview(j));
    out = j.get<std::string>();
  } else if constexpr (is_optional<M>::value) {
    if (j.is_null()) {
      out.reset();
    } else {
      typename M::value_type v{};
      value_from_json(j, v, f);
      out = std::move(v);
    }
  } else if constexpr (is_vector<M>::value) {
    if (!j.is_array()) throw InputError("must be a list, got " + detail::json_preview(j));
    M v;
    v.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) {
      typename M::value_type x{};
      under_key("[" + std::to_string(i) + "]", [&] { value_from_json(j[i], x, f); });
      v.push_back(std::move(x));
    }
    out = std::move(v);
  } else if constexpr (is_enum_array<M>::value) {
    entries_from_json(j, out, f);
  } else {
    j.get_to(out);  // described structs, named enums, types with their own from_json (also those derived from an EnumArray)
  }
}

}  // namespace detail

template <NamedEnum E, class T, E first>
void to_json(nlohmann::json& j, const EnumArray<E, T, first>& a) {
  j = detail::value_to_json(a);
}

template <NamedEnum E, class T, E first>
void from_json(const nlohmann::json& j, EnumArray<E, T, first>& a) {
  detail::entries_from_json(j, a, Field{"", ""});
}

template <Described T>
void to_json(nlohmann::json& j, const T& o) {
  j = nlohmann::json::object();
  T::describe([&](const Field& f, auto member) { j[f.name] = detail::value_to_json(o.*member); });
}

template <Described T>
void from_json(const nlohmann::json& j, T& o) {
  if (!j.is_object()) throw InputError("expected an object with keys " + detail::field_names<T>() + ", got " + detail::json_preview(j));
  for (const auto& item : j.items()) {
    // A named reference, not a structured binding: the lambda below
    // captures it, which clang before 16 (Debian 12's clang 14) rejects.
    const std::string& key = item.key();
    bool known = false;
    T::describe([&](const Field& f, auto) { known = known || key == f.name; });
    if (!known) throw JsonKeyError(key, "unknown key; the keys are " + detail::field_names<T>());
  }
  T::describe([&](const Field& f, auto member) {
    const auto it = j.find(f.name);
    if (it != j.end()) detail::under_key(f.name, [&] { detail::value_from_json(*it, o.*member, f); });
  });
}

}  // namespace gridgov

// The described structs of the GIS layer (gridgov::geo, gridgov_geo) are
// serialised by the same functions: argument-dependent lookup finds them
// through these declarations.
namespace gridgov::geo {
using gridgov::from_json;
using gridgov::to_json;
}  // namespace gridgov::geo
