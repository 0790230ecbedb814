#pragma once
// Shared helpers for the gridgov._core bindings.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <iterator>
#include <span>
#include <type_traits>

#include "gridgov/core/error.hpp"
#include "gridgov/core/plan.hpp"
#include "gridgov/core/progress.hpp"
#include "gridgov/core/unit_graph.hpp"
#include "gridgov/io/csv.hpp"

#include "gridgov/partition/partition.hpp"

namespace gridgov::python {

namespace py = pybind11;

/// The CSV keywords of the readers: encoding ("auto", "utf-8", "gbk",
/// "gb18030") and columns (a dict {gridgov name: column in the file}, or
/// the command line's "id=编号,..." text). Notes (e.g. a file detected as
/// GB18030) are collected while the GIL is released and issued as Python
/// UserWarnings by warn().
struct CsvKeywords {
  io::CsvOptions options;
  std::vector<std::string> notes;
  CsvKeywords(const std::string& encoding, const py::object& columns) {
    options.encoding = io::parse_encoding(encoding);
    if (py::isinstance<py::str>(columns)) {
      options.columns = io::parse_column_map(columns.cast<std::string>());
    } else if (py::isinstance<py::dict>(columns)) {
      for (auto [k, v] : columns.cast<py::dict>()) {
        if (!py::isinstance<py::str>(k) || !py::isinstance<py::str>(v))
          throw InputError("columns: keys and values must be strings ({gridgov name: column in the file})");
        options.columns.emplace_back(k.cast<std::string>(), v.cast<std::string>());
      }
    } else if (!columns.is_none()) {
      throw InputError("columns must be a dict {gridgov name: column in the file}, e.g. {\"id\": \"编号\"}");
    }
    options.on_note = [this](const std::string& note) { notes.push_back(note); };
  }
  CsvKeywords(const CsvKeywords&) = delete;
  CsvKeywords& operator=(const CsvKeywords&) = delete;
  void warn() const {
    for (const auto& n : notes)
      if (PyErr_WarnEx(PyExc_UserWarning, n.c_str(), 2) != 0) throw py::error_already_set();
  }
};

/// A read-only numpy view of `data`, kept alive by `owner`.
template <class T>
py::array_t<T> view(std::span<const T> data, py::handle owner) {
  py::array_t<T> a({static_cast<py::ssize_t>(data.size())}, {static_cast<py::ssize_t>(sizeof(T))}, data.data(),
                   owner);
  py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

/// A numpy array that owns a copy of `data`.
template <class T>
py::array_t<T> copy(std::span<const T> data) {
  py::array_t<T> a(static_cast<py::ssize_t>(data.size()));
  std::copy(data.begin(), data.end(), a.mutable_data());
  return a;
}

/// A numpy array that owns a copy of a vector.
template <class T>
py::array_t<T> arr(const std::vector<T>& v) {
  return copy(std::span<const T>(v));
}

/// A dict of columns built from a sequence of records, one call per column:
/// num<T>() makes a numpy array of T, obj() a Python list (strings, lists).
///
///   py::dict d = Columns(result.grids)
///                    .obj("code", [](const auto& g) { return g.code; })
///                    .num<double>("households", [](const auto& g) { return g.households; })
///                    .dict();
template <class Seq>
class Columns {
 public:
  explicit Columns(const Seq& rows) : rows_(rows) {}
  template <class T, class F>
  Columns& num(const char* name, F field) {
    py::array_t<T> a(static_cast<py::ssize_t>(std::size(rows_)));
    T* out = a.mutable_data();
    for (const auto& r : rows_) *out++ = static_cast<T>(field(r));
    dict_[name] = std::move(a);
    return *this;
  }
  template <class F>
  Columns& obj(const char* name, F field) {
    py::list l;
    for (const auto& r : rows_) l.append(field(r));
    dict_[name] = std::move(l);
    return *this;
  }
  py::dict dict() { return std::move(dict_); }

 private:
  const Seq& rows_;
  py::dict dict_;
};

/// Checks that a plan covers the graph it is used with.
inline void check_plan(const UnitGraph& g, const Plan& p) {
  if (p.grid_of.size() != static_cast<std::size_t>(g.size()))
    throw InputError("the plan has " + std::to_string(p.grid_of.size()) + " units, the graph " + std::to_string(g.size()));
}

/// Runs `f` with the GIL released (long C++ work) and returns its result.
template <class F>
auto without_gil(F&& f) {
  py::gil_scoped_release release;
  return f();
}

/// A progress callback for C++ code running with the GIL released: every
/// ~50 ms it takes the GIL, checks for Ctrl-C (KeyboardInterrupt in
/// Jupyter) and calls the user's Python callback, if any. Returning false
/// makes the C++ side throw gridgov::Interrupted.
inline ProgressCallback interruptible(py::object user_callback) {
  auto last = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  auto cb = std::make_shared<py::object>(std::move(user_callback));
  return [last, cb](double fraction, std::string_view stage) -> bool {
    const auto now = std::chrono::steady_clock::now();
    if (now - *last < std::chrono::milliseconds(50) && fraction < 1.0) return true;
    *last = now;
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) {
      PyErr_Clear();
      return false;
    }
    if (cb->is_none()) return true;
    py::object r = (*cb)(fraction, std::string(stage));
    return r.is_none() || r.cast<bool>();
  };
}

/// Infeasibility records as dicts (kind, community, units, reason, status,
/// witness): the shape gridgov._results.infeasibilities() reads.
py::list infeasible_list(const std::vector<Infeasibility>& inf);

}  // namespace gridgov::python
