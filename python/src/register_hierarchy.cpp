// The division hierarchy.
#include "bindings.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/core/hierarchy.hpp"
#include "gridgov/io/csv.hpp"

namespace py = pybind11;
using namespace gridgov;

namespace {
Level to_level(const py::object& o) {
  if (py::isinstance<py::str>(o)) {
    auto s = o.cast<std::string>();
    auto l = parse_level(s);
    if (!l) throw InputError("unknown level '" + s + "'");
    return *l;
  }
  return o.cast<Level>();
}

py::tuple from_rows(const std::vector<DivisionRow>& rows, const std::string& source) {
  std::vector<HierarchyError> errors;
  Hierarchy h = Hierarchy::from_rows(rows, errors, source);
  std::vector<std::string> msgs;
  for (const auto& e : errors) msgs.push_back(e.to_string());
  return py::make_tuple(std::move(h), msgs);
}
}  // namespace

void register_hierarchy(py::module_& m) {
  py::class_<Hierarchy>(m, "Hierarchy")
      .def(py::init<>())
      .def_static(
          "from_csv",
          [](const std::string& path, const std::string& encoding, const py::object& columns) {
            python::CsvKeywords csv(encoding, columns);
            auto rows = python::without_gil([&] { return io::read_divisions_csv(path, csv.options); });
            csv.warn();
            return from_rows(rows, path);
          },
          py::arg("path"), py::kw_only(), py::arg("encoding") = "auto", py::arg("columns") = py::none(), "Reads a divisions CSV; returns (hierarchy, errors); placeholders are kept, listed in hierarchy.notes.")
      .def_static(
          "from_records",
          [](const std::vector<std::tuple<std::string, std::string, std::string, std::string>>& recs, const std::string& source) {
            std::vector<DivisionRow> rows;
            std::size_t line = 1;
            for (const auto& [level, code, name, parent] : recs) rows.push_back({level, code, name, parent, ++line});
            return from_rows(rows, source);
          },
          py::arg("records"), py::arg("source") = "records")
      .def("add", [](Hierarchy& h, std::string code, std::string name, const py::object& level, Hierarchy::Node parent) {
             return h.add(std::move(code), std::move(name), to_level(level), parent);
           }, py::arg("code"), py::arg("name"), py::arg("level"), py::arg("parent") = Hierarchy::kNone)
      .def_property_readonly(
          "notes",
          [](const Hierarchy& h) {
            std::vector<std::string> out;
            for (const auto& e : h.notes()) out.push_back(e.to_string());
            return out;
          },
          "Remarks on rows accepted as published (one per placeholder: an all-zero county, street or community "
          "sequence repeating its parent), as 'source:line: code: message'.")
      .def("__len__", &Hierarchy::size)
      .def("find", &Hierarchy::find, py::arg("code"))
      .def("code", &Hierarchy::code, py::arg("node"))
      .def("name", &Hierarchy::name, py::arg("node"))
      .def("level", [](const Hierarchy& h, Hierarchy::Node n) { return std::string(level_name(h.level(n))); }, py::arg("node"))
      .def("grid_type", [](const Hierarchy& h, Hierarchy::Node n) { return std::string(grid_type_name(h.grid_type(n))); }, py::arg("node"))
      .def("parent", &Hierarchy::parent, py::arg("node"))
      .def("children", &Hierarchy::children, py::arg("node"))
      .def("roots", &Hierarchy::roots)
      .def("ancestors", &Hierarchy::ancestors, py::arg("node"))
      .def("ancestor_at", [](const Hierarchy& h, Hierarchy::Node n, const py::object& l) { return h.ancestor_at(n, to_level(l)); },
           py::arg("node"), py::arg("level"))
      .def("descendants", [](const Hierarchy& h, Hierarchy::Node n, const py::object& l) { return h.descendants(n, to_level(l)); },
           py::arg("node"), py::arg("level"))
      .def("at_level", [](const Hierarchy& h, const py::object& l) { return h.at_level(to_level(l)); }, py::arg("level"))
      .def("count", [](const Hierarchy& h, const py::object& l) { return h.count(to_level(l)); }, py::arg("level"))
      .def("attach", &Hierarchy::attach, py::arg("graph"), py::arg("plan"))
      .def("aggregate",
           [](const Hierarchy& h, py::array_t<double, py::array::c_style | py::array::forcecast> values, const py::object& l) {
             auto r = h.aggregate(std::span<const double>(values.data(), static_cast<std::size_t>(values.size())), to_level(l));
             return gridgov::python::copy<double>(r);
           },
           py::arg("values"), py::arg("level"))
      .def("neighbors", &Hierarchy::neighbors, py::arg("node"), py::arg("graph"))
      .def("__repr__", [](const Hierarchy& h) {
        std::string s = "<gridgov.Hierarchy:";
        for (int l = 0; l < kLevelCount; ++l)
          if (auto c = h.count(static_cast<Level>(l)); c > 0) s += " " + std::to_string(c) + " " + std::string(level_name(static_cast<Level>(l)));
        return s + ">";
      });
}
