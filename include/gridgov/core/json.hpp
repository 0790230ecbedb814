#pragma once
/// @file gridgov/core/json.hpp
/// @brief JSON for every described struct and named enum (nlohmann/json's
/// ADL serializers): `nlohmann::json j = options; j.get<PartitionOptions>()`.
///
/// The keys are the field names of the struct's describe() list
/// (gridgov/core/fields.hpp), enums are written by name
/// (gridgov/core/names.hpp), infinite numbers as "inf" / "-inf". Reading
/// rejects unknown keys and wrong types with an InputError that names the
/// key and lists the known ones; absent keys keep their defaults.

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>

#include "gridgov/core/error.hpp"
#include "gridgov/core/fields.hpp"
#include "gridgov/core/names.hpp"

namespace gridgov {

template <NamedEnum E>
void to_json(nlohmann::json& j, E e) {
  j = std::string(name(e));
}

template <NamedEnum E>
void from_json(const nlohmann::json& j, E& e) {
  if (!j.is_string())
    throw InputError(std::string(EnumNames<E>::what) + " must be one of " + names_list<E>() + ", got " + j.dump());
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

inline nlohmann::json number_to_json(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return v;
}

inline double number_from_json(const nlohmann::json& j, const char* key) {
  if (j.is_number()) return j.get<double>();
  if (j.is_string()) {
    const auto s = j.get<std::string>();
    if (s == "inf" || s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-inf" || s == "-Infinity") return -std::numeric_limits<double>::infinity();
  }
  throw InputError(std::string(key) + " must be a number (or \"inf\"), got " + j.dump());
}

}  // namespace detail

template <Described T>
void to_json(nlohmann::json& j, const T& o) {
  j = nlohmann::json::object();
  T::describe([&](const Field& f, auto member) {
    using M = std::remove_cvref_t<decltype(o.*member)>;
    if constexpr (std::is_floating_point_v<M>) j[f.name] = detail::number_to_json(static_cast<double>(o.*member));
    else j[f.name] = o.*member;
  });
}

template <Described T>
void from_json(const nlohmann::json& j, T& o) {
  if (!j.is_object()) throw InputError("expected an object with keys " + detail::field_names<T>() + ", got " + j.dump());
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    T::describe([&](const Field& f, auto) { known = known || key == f.name; });
    if (!known) throw InputError("unknown key '" + key + "'; the keys are " + detail::field_names<T>());
  }
  T::describe([&](const Field& f, auto member) {
    const auto it = j.find(f.name);
    if (it == j.end()) return;
    using M = std::remove_cvref_t<decltype(o.*member)>;
    if constexpr (std::is_floating_point_v<M>) {
      o.*member = static_cast<M>(detail::number_from_json(*it, f.name));
    } else if constexpr (std::is_same_v<M, bool>) {
      if (!it->is_boolean()) throw InputError(std::string(f.name) + " must be true or false, got " + it->dump());
      o.*member = it->template get<bool>();
    } else if constexpr (std::is_integral_v<M>) {  // no silent truncation of 2.5 or -1
      const bool ok = std::is_unsigned_v<M> ? it->is_number_unsigned() : it->is_number_integer();
      if (!ok)
        throw InputError(std::string(f.name) + " must be " + (std::is_unsigned_v<M> ? "a whole number >= 0" : "a whole number") +
                         ", got " + it->dump());
      o.*member = it->template get<M>();
    } else {
      try {
        it->get_to(o.*member);
      } catch (const nlohmann::json::exception& e) {
        throw InputError(std::string(f.name) + ": " + e.what());
      } catch (const InputError& e) {
        throw InputError(std::string(f.name) + ": " + e.message());
      }
    }
  });
}

}  // namespace gridgov
