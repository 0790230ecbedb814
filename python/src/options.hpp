#pragma once
// Option structs bound as Python classes from their describe() lists
// (gridgov/core/fields.hpp): one property per field with its help text as
// docstring, keyword construction (nested fields by their own name, e.g.
// PartitionOptions(nesting="street") sets rules.nesting), __repr__, ==,
// pickling and to_json/from_json through the C++ serializers. Enums are
// strings in Python ("community"); bounds accept Bounds objects,
// (attribute, min, max) tuples or {attribute: (min, max)}.
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>
#include <vector>

#include "bindings.hpp"
#include "gridgov/core/fields.hpp"
#include "gridgov/core/format.hpp"
#include "gridgov/core/json.hpp"
#include "gridgov/core/names.hpp"
#include "gridgov/core/rules.hpp"

namespace gridgov::python {

/// Bounds from any of the accepted Python spellings.
std::vector<Bounds> bounds_from_python(py::handle spec);

namespace detail {

/// The Python value of a field: enums by name, everything else as is (so
/// that the generated stubs carry the field's type).
template <class M>
auto to_python(const M& v) {
  if constexpr (NamedEnum<M>) return std::string(name(v));
  else return v;
}

template <class M>
M from_python(py::handle value, const Field& f, const char* cls) {
  if constexpr (NamedEnum<M>) {
    if (!py::isinstance<py::str>(value))
      throw py::type_error(std::string(cls) + "." + f.name + " must be one of " + names_list<M>() + ", got " +
                           py::repr(value).cast<std::string>());
    return parse<M>(value.cast<std::string>());
  } else if constexpr (std::is_same_v<M, std::vector<Bounds>>) {
    return bounds_from_python(value);
  } else {
    // No silent narrowing: a bool is not a number, a float not an integer.
    if constexpr (std::is_arithmetic_v<M> && !std::is_same_v<M, bool>) {
      if (py::isinstance<py::bool_>(value) || (std::is_integral_v<M> && py::isinstance<py::float_>(value)))
        throw py::type_error(std::string(cls) + "." + f.name + " must be " +
                             (std::is_integral_v<M> ? "an integer" : "a number") + ", got " +
                             py::repr(value).cast<std::string>());
    }
    try {
      return value.cast<M>();
    } catch (const py::cast_error&) {
      throw py::type_error(std::string(cls) + "." + f.name + ": cannot use " + py::repr(value).cast<std::string>() +
                           " (" + f.help + ")");
    }
  }
}

/// Checks a numeric value against the field's range.
template <class M>
void check_range(const M& v, const Field& f, const char* cls) {
  if constexpr (std::is_arithmetic_v<M> && !std::is_same_v<M, bool>) {
    const auto d = static_cast<double>(v);
    if (!(d >= f.min && d <= f.max))
      throw py::value_error(std::string(cls) + "." + f.name + " must be " + range_text(f.min, f.max) + ", got " +
                            format_number(d));
  }
}

/// Sets the field `key` of `o`, or else of a described member (searched in
/// order, depth first); false if there is no such field.
template <Described T>
bool set_field(T& o, const std::string& key, py::handle value, const char* cls) {
  bool done = false;
  T::describe([&](const Field& f, auto member) {  // own fields first
    using M = std::remove_cvref_t<decltype(o.*member)>;
    if (done || key != f.name) return;
    if constexpr (Described<M>) {
      o.*member = value.cast<M>();
    } else {
      M v = from_python<M>(value, f, cls);
      check_range(v, f, cls);
      o.*member = std::move(v);
    }
    done = true;
  });
  T::describe([&](const Field&, auto member) {  // then those of nested options
    using M = std::remove_cvref_t<decltype(o.*member)>;
    if constexpr (Described<M>)
      if (!done) done = set_field(o.*member, key, value, cls);
  });
  return done;
}

/// Every name set_field accepts, comma-separated.
template <Described T>
void all_names(std::string& out) {
  T::describe([&](const Field& f, auto member) {
    using M = std::remove_cvref_t<decltype(std::declval<T&>().*member)>;
    if (!out.empty()) out += ", ";
    out += f.name;
    if constexpr (Described<M>) all_names<M>(out);
  });
}

}  // namespace detail

/// The fields of a described result struct as a dict, keyed by the names
/// of its field list; described members become nested dicts.
template <Described T>
py::dict fields_dict(const T& o) {
  py::dict d;
  T::describe([&](const Field& f, auto member) {
    using M = std::remove_cvref_t<decltype(o.*member)>;
    if constexpr (Described<M>) d[f.name] = fields_dict(o.*member);
    else d[f.name] = detail::to_python(o.*member);
  });
  return d;
}

/// Sets every keyword of `kwargs` on `o`.
/// @throws TypeError naming an unknown keyword and listing the known ones.
template <Described T>
void set_fields(T& o, const py::kwargs& kwargs, const char* cls) {
  for (const auto& [k, v] : kwargs) {
    const auto key = py::str(k).template cast<std::string>();
    if (!detail::set_field(o, key, v, cls)) {
      std::string names;
      detail::all_names<T>(names);
      throw py::type_error(std::string(cls) + " has no option '" + key + "'; the options are: " + names);
    }
  }
}

/// Binds T as a Python class named `cls`.
template <Described T>
py::class_<T> bind_options(py::module_& m, const char* cls, const char* doc) {
  py::class_<T> c(m, cls, doc);
  c.def(py::init([cls](const py::kwargs& kw) {
          T o;
          set_fields(o, kw, cls);
          return o;
        }),
        "Defaults, then the keyword arguments (fields of nested options by their own name).");
  T::describe([&](const Field& f, auto member) {
    using M = std::remove_cvref_t<decltype(std::declval<T&>().*member)>;
    if constexpr (Described<M>) {
      c.def_property(
          f.name, py::cpp_function([member](T& o) -> M& { return o.*member; }, py::return_value_policy::reference_internal),
          py::cpp_function([member](T& o, const M& v) { o.*member = v; }), f.help);
    } else {
      const Field field = f;
      c.def_property(
          f.name, [member](const T& o) { return detail::to_python<M>(o.*member); },
          [member, field, cls](T& o, py::handle v) {
            M x = detail::from_python<M>(v, field, cls);
            detail::check_range(x, field, cls);
            o.*member = std::move(x);
          },
          f.help);
    }
  });
  c.def("__repr__", [cls](py::object self) {
    std::string out = std::string(cls) + "(";
    bool first = true;
    T::describe([&](const Field& f, auto) {
      if (!first) out += ", ";
      first = false;
      out += std::string(f.name) + "=" + py::repr(self.attr(f.name)).template cast<std::string>();
    });
    return out + ")";
  });
  c.def(
      "update", [cls](T& o, const py::kwargs& kw) { set_fields(o, kw, cls); },
      "Sets the keyword arguments (fields of nested options by their own name).");
  c.def("__eq__", [](const T& a, const T& b) { return nlohmann::json(a) == nlohmann::json(b); });
  c.def("to_json", [](const T& o, int indent) { return nlohmann::json(o).dump(indent); }, py::arg("indent") = -1,
        "The options as JSON text (the keys of the field list).");
  c.def_static(
      "from_json", [](const std::string& text) { return nlohmann::json::parse(text).get<T>(); }, py::arg("text"),
      "Options from JSON text; unknown keys are an error.");
  c.def("copy", [](const T& o) { return T(o); });
  c.def("__copy__", [](const T& o) { return T(o); });
  c.def("__deepcopy__", [](const T& o, py::dict) { return T(o); }, py::arg("memo"));
  c.def_static(
      "fields",
      [] {
        py::list out;
        T::describe([&](const Field& f, auto) { out.append(py::make_tuple(f.name, f.help)); });
        return out;
      },
      "(name, help) of every field, in order.");
  c.def(py::pickle([](const T& o) { return nlohmann::json(o).dump(); },
                   [](const std::string& s) { return nlohmann::json::parse(s).get<T>(); }));
  return c;
}

}  // namespace gridgov::python
