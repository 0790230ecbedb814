// Errors, codes, UnitGraph, Plan and the CSV readers/writers.
#include <pybind11/eigen.h>

#include "bindings.hpp"
#include "gridgov/core/eigen.hpp"
#include "gridgov/core/codes.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/core/plan.hpp"
#include "gridgov/core/unit_graph.hpp"

namespace py = pybind11;
using namespace gridgov;
using gridgov::python::copy;
using gridgov::python::view;

namespace {

GridType grid_type_of(const std::string& s) {
  if (s == "urban" || s.empty()) return GridType::urban;
  if (s == "rural") return GridType::rural;
  if (s == "dedicated") return GridType::dedicated;
  throw InputError("grid_type must be urban, rural or dedicated, got '" + s + "'");
}

std::vector<std::string> as_strings(const py::handle& seq, const char* what) {
  std::vector<std::string> out;
  for (auto item : py::iter(seq)) {
    if (py::isinstance<py::str>(item)) {
      out.push_back(item.cast<std::string>());
    } else if (py::isinstance<py::int_>(item) || py::hasattr(item, "__index__")) {
      out.push_back(py::str(item.attr("__index__")()).cast<std::string>());
    } else {
      throw InputError(std::string(what) + " must hold strings or integers, got " +
                       py::str(py::type::of(item).attr("__name__")).cast<std::string>());
    }
  }
  return out;
}

std::vector<double> as_doubles(const py::handle& a, std::size_t n, const std::string& what) {
  auto arr = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(a);
  if (!arr) throw InputError(what + " must be a numeric array");
  if (arr.ndim() != 1 || static_cast<std::size_t>(arr.shape(0)) != n)
    throw InputError(what + " must have shape (" + std::to_string(n) + ",)");
  return std::vector<double>(arr.data(), arr.data() + n);
}

UnitGraph from_arrays(const py::object& ids, const py::object& x, const py::object& y, const py::object& community,
                      const py::dict& attributes, const py::object& edges, const py::object& grid_type,
                      const py::object& area, const py::object& perimeter, const py::object& edge_length,
                      const std::string& crs) {
  UnitTable t;
  t.crs = crs;
  t.id = as_strings(ids, "ids");
  const std::size_t n = t.id.size();
  t.x = as_doubles(x, n, "x");
  t.y = as_doubles(y, n, "y");
  t.community = as_strings(community, "community");
  for (auto [k, v] : attributes) {
    auto name = py::str(k).cast<std::string>();
    t.attributes.emplace_back(name, as_doubles(v, n, "attribute '" + name + "'"));
  }
  if (!grid_type.is_none())
    for (const auto& s : as_strings(grid_type, "grid_type")) t.grid_type.push_back(grid_type_of(s));
  if (!area.is_none()) t.area = as_doubles(area, n, "area");
  if (!perimeter.is_none()) t.perimeter = as_doubles(perimeter, n, "perimeter");
  auto e = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(edges);
  if (!e) throw InputError("edges must be an integer array of shape (m, 2)");
  if (e.size() > 0 && (e.ndim() != 2 || e.shape(1) != 2)) throw InputError("edges must have shape (m, 2)");
  const auto m = e.size() == 0 ? 0 : static_cast<std::size_t>(e.shape(0));
  std::vector<double> lengths;
  if (!edge_length.is_none()) lengths = as_doubles(edge_length, m, "edge_length");
  std::vector<Edge> list(m);
  const auto* d = e.data();
  for (std::size_t i = 0; i < m; ++i) {
    const auto u = d[2 * i], v = d[2 * i + 1];
    if (u < 0 || v < 0 || static_cast<std::size_t>(u) >= n || static_cast<std::size_t>(v) >= n)
      throw InputError("edge " + std::to_string(i) + " (" + std::to_string(u) + ", " + std::to_string(v) +
                       ") refers to a unit index outside 0.." + std::to_string(n == 0 ? 0 : n - 1));
    list[i] = Edge{static_cast<UnitIndex>(u), static_cast<UnitIndex>(v), lengths.empty() ? 0.0 : lengths[i]};
  }
  py::gil_scoped_release release;
  return UnitGraph(std::move(t), list, "arrays");
}

}  // namespace

void register_core(py::module_& m) {
  // Exceptions: Error, and InputError which is also a ValueError.
  static py::exception<Error> error(m, "Error");
  static py::handle input_error = PyErr_NewException("gridgov._core.InputError",
                                                     py::make_tuple(error, py::handle(PyExc_ValueError)).release().ptr(),
                                                     nullptr);
  m.attr("InputError") = input_error;
  // FileError: a file that cannot be opened, read or written; also an OSError (errno, filename).
  static py::handle file_error = PyErr_NewException("gridgov._core.FileError",
                                                    py::make_tuple(error, py::handle(PyExc_OSError)).release().ptr(),
                                                    nullptr);
  m.attr("FileError") = file_error;
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Interrupted&) {
      PyErr_SetNone(PyExc_KeyboardInterrupt);
    } catch (const FileError& e) {
      // OSError(errno, message): .errno is set when the system gave one.
      const auto cls = py::reinterpret_borrow<py::object>(file_error);
      const py::object err = e.error_number() != 0 ? cls(e.error_number(), std::string(e.what())) : cls(std::string(e.what()));
      PyErr_SetObject(file_error.ptr(), err.ptr());
    } catch (const InputError& e) {
      PyErr_SetString(input_error.ptr(), e.what());
    } catch (const Error& e) {
      PyErr_SetString(error.ptr(), e.what());
    }
  });

  // Codes.
  py::enum_<Level>(m, "Level")
      .value("province", Level::province)
      .value("city", Level::city)
      .value("county", Level::county)
      .value("street", Level::street)
      .value("community", Level::community)
      .value("grid", Level::grid)
      .value("micro_grid", Level::micro_grid)
      .value("building", Level::building);
  m.def("level_name", [](Level l) { return std::string(level_name(l)); });
  m.def("parse_level", [](const std::string& s) {
    auto l = parse_level(s);
    if (!l) throw InputError("unknown level '" + s + "'");
    return *l;
  });
  m.def("code_length", &code_length);
  m.def("check_code", [](const std::string& c) { return check_code(c); });
  m.def("check_code_at", [](const std::string& c, Level l) { return check_code(c, l); });
  m.def("ancestor_code", [](const std::string& c, Level l) { return ancestor_code(c, l); });
  m.def("extends", [](const std::string& c, const std::string& p) { return extends(c, p); });
  m.def("child_code", [](const std::string& p, Level l, long s) { return child_code(p, l, s); });
  m.def("numbering_order", [](py::array_t<double, py::array::forcecast> x, py::array_t<double, py::array::forcecast> y) {
    auto o = numbering_order(std::span<const double>(x.data(), static_cast<std::size_t>(x.size())),
                             std::span<const double>(y.data(), static_cast<std::size_t>(y.size())));
    std::vector<std::int64_t> r(o.begin(), o.end());
    return copy<std::int64_t>(r);
  });

  py::enum_<GridType>(m, "GridType")
      .value("urban", GridType::urban)
      .value("rural", GridType::rural)
      .value("dedicated", GridType::dedicated);

  py::class_<UnitGraph>(m, "UnitGraph")
      .def(py::init<>())
      .def_static("from_arrays", &from_arrays, py::arg("ids"), py::arg("x"), py::arg("y"), py::arg("community"),
                  py::arg("attributes"), py::arg("edges"), py::arg("grid_type") = py::none(),
                  py::arg("area") = py::none(), py::arg("perimeter") = py::none(), py::arg("edge_length") = py::none(),
                  py::arg("crs") = "")
      .def_static(
          "from_csv",
          [](const std::string& units, const std::string& edges, const std::string& encoding, const py::object& columns) {
            python::CsvKeywords csv(encoding, columns);
            auto g = python::without_gil([&] { return io::read_unit_graph(units, edges, csv.options); });
            csv.warn();
            return g;
          },
          py::arg("units"), py::arg("edges"), py::kw_only(), py::arg("encoding") = "auto", py::arg("columns") = py::none())
      .def_static(
          "from_csv_text",
          [](const py::bytes& units, const py::bytes& edges, const std::string& units_source,
             const std::string& edges_source, const std::string& encoding, const py::object& columns) {
            python::CsvKeywords csv(encoding, columns);
            const std::string u = units, e = edges;
            auto g = python::without_gil([&] {
              auto t = io::parse_units_csv(u, units_source, csv.options);
              auto edge_list = io::parse_edges_csv(e, t, edges_source, csv.options);
              return UnitGraph(std::move(t), edge_list, units_source);
            });
            csv.warn();
            return g;
          },
          py::arg("units"), py::arg("edges"), py::arg("units_source"), py::arg("edges_source"), py::kw_only(),
          py::arg("encoding") = "auto", py::arg("columns") = py::none(),
          "A unit graph from CSV bytes held in memory (e.g. sheets of a workbook); sources name them in errors.")
      .def("to_csv",
           [](const UnitGraph& g, const std::string& units, const std::string& edges) {
             py::gil_scoped_release release;
             io::write_units_csv(units, g);
             io::write_edges_csv(edges, g);
           },
           py::arg("units"), py::arg("edges"))
      .def("__len__", &UnitGraph::size)
      .def_property_readonly("n_units", &UnitGraph::size)
      .def_property_readonly("n_edges", &UnitGraph::num_edges)
      .def_property(
          "crs", [](const UnitGraph& g) { return g.crs(); },
          [](UnitGraph& g, const py::object& crs) {
            g.set_crs(crs.is_none() ? std::string() : py::str(crs).cast<std::string>());
          },
          "CRS of x, y as the input named it (\"EPSG:32650\", an OGC URN, WKT or PROJJSON; \"\" = not known); "
          "GeoJSON outputs and to_geopandas state it.")
      .def_property_readonly("ids", [](const UnitGraph& g) { return std::vector<std::string>(g.ids().begin(), g.ids().end()); })
      .def("find", &UnitGraph::find, py::arg("id"))
      .def_property_readonly("x", [](py::object self) { return view(self.cast<const UnitGraph&>().x(), self); })
      .def_property_readonly("y", [](py::object self) { return view(self.cast<const UnitGraph&>().y(), self); })
      .def_property_readonly(
          "xy",
          [](py::object self) {
            // An Eigen map of the graph's own memory: a read-only (n, 2) view, no copy.
            return py::cast(coordinates(self.cast<const UnitGraph&>()), py::return_value_policy::reference_internal, self);
          },
          "Coordinates as a read-only (n, 2) array (x, y), sharing the graph's memory.")
      .def_property_readonly("community", [](py::object self) { return view(self.cast<const UnitGraph&>().community(), self); })
      .def_property_readonly("community_codes", [](const UnitGraph& g) {
        return std::vector<std::string>(g.communities().begin(), g.communities().end());
      })
      .def_property_readonly("grid_type", [](const UnitGraph& g) {
        std::vector<std::string> out;
        for (auto t : g.grid_type()) out.emplace_back(grid_type_name(t));
        return out;
      })
      .def_property_readonly("attribute_names", [](const UnitGraph& g) {
        return std::vector<std::string>(g.attribute_names().begin(), g.attribute_names().end());
      })
      .def(
          "attribute",
          [](py::object self, const std::string& name) {
            return py::cast(column(self.cast<const UnitGraph&>(), name), py::return_value_policy::reference_internal, self);
          },
          py::arg("name"), "The column `name` as a read-only numpy view (no copy).")
      .def_property_readonly("area", [](py::object self) { return view(self.cast<const UnitGraph&>().area(), self); })
      .def_property_readonly("perimeter", [](py::object self) { return view(self.cast<const UnitGraph&>().perimeter(), self); })
      .def_property_readonly("offsets", [](py::object self) { return view(self.cast<const UnitGraph&>().offsets(), self); })
      .def_property_readonly("targets", [](py::object self) { return view(self.cast<const UnitGraph&>().targets(), self); })
      .def_property_readonly("edge_length", [](py::object self) { return view(self.cast<const UnitGraph&>().shared_boundary(), self); })
      .def("neighbors", [](py::object self, UnitIndex u) {
        const auto& g = self.cast<const UnitGraph&>();
        if (u < 0 || u >= g.size()) throw py::index_error("unit index out of range");
        return view(g.neighbors(u), self);
      })
      .def("edges", [](const UnitGraph& g) {
        auto list = g.edge_list();
        py::array_t<std::int32_t> a({static_cast<py::ssize_t>(list.size()), py::ssize_t{2}});
        auto* d = a.mutable_data();
        for (std::size_t i = 0; i < list.size(); ++i) {
          d[2 * i] = list[i].u;
          d[2 * i + 1] = list[i].v;
        }
        return a;
      })
      // Pickles as its columns and edge list (e.g. to send it to Dask workers).
      .def(py::pickle(
          [](const UnitGraph& g) {
            UnitTable t = g.table();
            std::vector<std::uint8_t> types;
            for (auto x : t.grid_type) types.push_back(static_cast<std::uint8_t>(x));
            const auto edges = g.edge_list();
            std::vector<UnitIndex> eu, ev;
            std::vector<double> el;
            for (const auto& e : edges) {
              eu.push_back(e.u);
              ev.push_back(e.v);
              el.push_back(e.shared_boundary);
            }
            return py::make_tuple(1, t.id, t.x, t.y, t.community, t.attributes, types, t.area, t.perimeter, eu, ev, el);
          },
          [](const py::tuple& s) {
            if (s.size() != 12 || s[0].cast<int>() != 1) throw InputError("pickle", 0, "not a gridgov.UnitGraph state");
            UnitTable t;
            t.id = s[1].cast<std::vector<std::string>>();
            t.x = s[2].cast<std::vector<double>>();
            t.y = s[3].cast<std::vector<double>>();
            t.community = s[4].cast<std::vector<std::string>>();
            t.attributes = s[5].cast<std::vector<std::pair<std::string, std::vector<double>>>>();
            for (auto x : s[6].cast<std::vector<std::uint8_t>>()) t.grid_type.push_back(static_cast<GridType>(x));
            t.area = s[7].cast<std::vector<double>>();
            t.perimeter = s[8].cast<std::vector<double>>();
            const auto eu = s[9].cast<std::vector<UnitIndex>>();
            const auto ev = s[10].cast<std::vector<UnitIndex>>();
            const auto el = s[11].cast<std::vector<double>>();
            std::vector<Edge> edges;
            for (std::size_t i = 0; i < eu.size() && i < ev.size() && i < el.size(); ++i) edges.push_back({eu[i], ev[i], el[i]});
            return UnitGraph(std::move(t), edges, "pickle");
          }))
      .def("__repr__", [](const UnitGraph& g) {
        return "<gridgov.UnitGraph: " + std::to_string(g.size()) + " units, " + std::to_string(g.num_edges()) +
               " edges, " + std::to_string(g.communities().size()) + " communities>";
      });

  py::class_<Plan>(m, "Plan")
      .def(py::init([](py::array_t<std::int32_t, py::array::c_style | py::array::forcecast> grid,
                       std::vector<std::string> codes) {
             Plan p;
             p.grid_of.assign(grid.data(), grid.data() + grid.size());
             for (auto g : p.grid_of)
               if (g < kNoGrid || g >= static_cast<GridIndex>(codes.size()))
                 throw InputError("grid index " + std::to_string(g) + " outside -1.." + std::to_string(codes.size() - 1));
             p.grid_codes = std::move(codes);
             return p;
           }),
           py::arg("grid"), py::arg("grid_codes"))
      .def_static("from_labels", [](const py::object& labels) {
        auto v = as_strings(labels, "labels");
        return Plan::from_labels(v);
      }, py::arg("labels"))
      .def_static("from_csv", [](const std::string& path, const UnitGraph& g, const std::string& encoding, const py::object& columns) {
        python::CsvKeywords csv(encoding, columns);
        auto p = python::without_gil([&] { return io::read_plan_csv(path, g, csv.options); });
        csv.warn();
        return p;
      }, py::arg("path"), py::arg("graph"), py::kw_only(), py::arg("encoding") = "auto", py::arg("columns") = py::none())
      .def_static("from_csv_text", [](const py::bytes& text, const UnitGraph& g, const std::string& source,
                                      const std::string& encoding, const py::object& columns) {
        python::CsvKeywords csv(encoding, columns);
        const std::string t = text;
        auto p = python::without_gil([&] { return io::parse_plan_csv(t, g, source, csv.options); });
        csv.warn();
        return p;
      }, py::arg("text"), py::arg("graph"), py::arg("source"), py::kw_only(), py::arg("encoding") = "auto",
         py::arg("columns") = py::none(), "A plan from CSV bytes held in memory; source names it in errors.")
      .def("to_csv", [](const Plan& p, const std::string& path, const UnitGraph& g) {
        if (p.grid_of.size() != static_cast<std::size_t>(g.size())) throw InputError("plan and graph differ in size");
        io::write_plan_csv(path, g, p);
      }, py::arg("path"), py::arg("graph"))
      .def_property_readonly("grid", [](py::object self) {
        const auto& p = self.cast<const Plan&>();
        return view(std::span<const GridIndex>(p.grid_of), self);
      })
      .def_property_readonly("grid_codes", [](const Plan& p) { return p.grid_codes; })
      .def_property_readonly("num_grids", &Plan::num_grids)
      .def_property_readonly("conflicts", [](const Plan& p) {
        py::list out;
        for (const auto& c : p.conflicts) out.append(py::make_tuple(c.unit, c.first_grid, c.second_grid, c.line));
        return out;
      })
      .def("labels", [](const Plan& p) {
        py::list out;
        for (auto g : p.grid_of) out.append(g == kNoGrid ? py::object(py::none()) : py::object(py::str(p.grid_codes[static_cast<std::size_t>(g)])));
        return out;
      })
      .def("__len__", [](const Plan& p) { return p.grid_of.size(); })
      .def(py::pickle([](const Plan& p) { return py::make_tuple(p.grid_of, p.grid_codes); },
                      [](const py::tuple& s) {
                        if (s.size() != 2) throw InputError("pickle", 0, "not a gridgov.Plan state");
                        Plan p;
                        p.grid_of = s[0].cast<std::vector<GridIndex>>();
                        p.grid_codes = s[1].cast<std::vector<std::string>>();
                        for (auto g : p.grid_of)
                          if (g < kNoGrid || g >= p.num_grids()) throw InputError("pickle", 0, "grid index out of range");
                        return p;
                      }))
      .def("__eq__", [](const Plan& a, const Plan& b) { return a.grid_of == b.grid_of && a.grid_codes == b.grid_codes; })
      .def("__repr__", [](const Plan& p) {
        return "<gridgov.Plan: " + std::to_string(p.grid_of.size()) + " units in " + std::to_string(p.num_grids()) + " grids>";
      });
}
