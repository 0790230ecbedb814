// GeoJSON, networkx JSON and scenario JSON readers/writers (thin bindings;
// the Pythonic layer is gridgov/convert.py).
#include "bindings.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/io/geojson.hpp"
#include "gridgov/io/networkx.hpp"
#include "gridgov/io/scenario.hpp"

namespace py = pybind11;
using namespace gridgov;
using gridgov::python::view;

namespace {

io::GeoJsonOptions geojson_options(const std::string& contiguity, const std::string& geographic,
                                   const std::string& id_field, const std::string& households,
                                   const std::string& population, const std::string& community,
                                   const std::string& grid_type, const std::string& default_community,
                                   const std::vector<std::string>& extra_fields, double tolerance,
                                   const py::object& edges, const std::string& crs) {
  io::GeoJsonOptions o;
  o.crs = crs;
  auto c = io::parse_contiguity(contiguity);
  if (!c) throw InputError("contiguity must be 'rook' or 'queen', got '" + contiguity + "'");
  auto g = io::parse_geographic(geographic);
  if (!g) throw InputError("geographic must be 'auto', 'yes' or 'no', got '" + geographic + "'");
  o.contiguity = *c;
  o.geographic = *g;
  o.id_field = id_field;
  o.households_field = households;
  o.population_field = population;
  o.community_field = community;
  o.grid_type_field = grid_type;
  o.default_community = default_community;
  o.extra_fields = extra_fields;
  o.tolerance = tolerance;
  if (!edges.is_none()) o.edges_path = py::str(edges).cast<std::string>();
  return o;
}

py::tuple geo_result(io::GeoUnits g, const std::string& source) {
  UnitGraph graph(std::move(g.table), g.edges, source);
  py::object polygons = py::none();
  if (!g.polygons.empty()) polygons = py::cast(std::move(g.polygons));
  return py::make_tuple(std::move(graph), polygons);
}

#define GRIDGOV_GEOJSON_ARGS                                                                                         \
  py::arg("contiguity") = "rook", py::arg("geographic") = "auto", py::arg("id_field") = "id",                      \
  py::arg("households") = "households", py::arg("population") = "population", py::arg("community") = "community", \
  py::arg("grid_type") = "grid_type", py::arg("default_community") = "",                                          \
  py::arg("extra_fields") = std::vector<std::string>{}, py::arg("tolerance") = 0.0, py::arg("edges") = py::none(), \
      py::arg("crs") = ""

template <class T>
std::span<const T> as_span(const std::vector<T>& v) {
  return std::span<const T>(v.data(), v.size());
}

}  // namespace

void register_io(py::module_& m) {
  py::class_<io::Geometries>(m, "Geometries",
                             "Polygons of every unit, flattened (see gridgov/io/geojson.hpp): xy (k, 2) points; "
                             "unit u owns polygons unit_offsets[u]:unit_offsets[u+1], polygon p owns rings "
                             "polygon_offsets[p]:..., ring r owns points ring_offsets[r]:...")
      .def_property_readonly("xy",
                             [](py::object self) {
                               const auto& g = self.cast<const io::Geometries&>();
                               py::array_t<double> a({static_cast<py::ssize_t>(g.xy.size() / 2), py::ssize_t{2}},
                                                     {static_cast<py::ssize_t>(2 * sizeof(double)),
                                                      static_cast<py::ssize_t>(sizeof(double))},
                                                     g.xy.data(), self);
                               py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
                               return a;
                             })
      .def_property_readonly("ring_offsets", [](py::object self) { return view(as_span(self.cast<const io::Geometries&>().ring_offsets), self); })
      .def_property_readonly("polygon_offsets", [](py::object self) { return view(as_span(self.cast<const io::Geometries&>().polygon_offsets), self); })
      .def_property_readonly("unit_offsets", [](py::object self) { return view(as_span(self.cast<const io::Geometries&>().unit_offsets), self); })
      .def_property_readonly("geographic", [](const io::Geometries& g) { return g.geographic; })
      .def("__len__", &io::Geometries::num_units)
      .def(
          "polygons",
          [](const io::Geometries& g, std::size_t u) {
            if (u >= g.num_units()) throw py::index_error("unit index out of range");
            py::list polys;
            for (std::size_t p = g.unit_offsets[u]; p < g.unit_offsets[u + 1]; ++p) {
              py::list rings;
              for (std::size_t r = g.polygon_offsets[p]; r < g.polygon_offsets[p + 1]; ++r) {
                py::list ring;
                for (std::size_t i = g.ring_offsets[r]; i < g.ring_offsets[r + 1]; ++i)
                  ring.append(py::make_tuple(g.xy[2 * i], g.xy[2 * i + 1]));
                rings.append(ring);
              }
              polys.append(rings);
            }
            return polys;
          },
          py::arg("unit"), "The unit's polygons as [[outer ring, holes...], ...] of (x, y) tuples.")
      .def("__repr__", [](const io::Geometries& g) {
        return "<gridgov.Geometries: " + std::to_string(g.num_units()) + " units, " + std::to_string(g.xy.size() / 2) +
               " points" + (g.geographic ? ", lon/lat>" : ">");
      });

  m.def(
      "read_geojson",
      [](const std::string& path, const std::string& contiguity, const std::string& geographic, const std::string& id_field,
         const std::string& households, const std::string& population, const std::string& community,
         const std::string& grid_type, const std::string& default_community, const std::vector<std::string>& extra_fields,
         double tolerance, const py::object& edges, const std::string& crs) {
        auto o = geojson_options(contiguity, geographic, id_field, households, population, community, grid_type,
                                 default_community, extra_fields, tolerance, edges, crs);
        auto g = python::without_gil([&] { return io::read_units_geojson(path, o); });
        return geo_result(std::move(g), path);
      },
      py::arg("path"), GRIDGOV_GEOJSON_ARGS,
      "Read units from a GeoJSON FeatureCollection: (UnitGraph, Geometries or None for points).");
  m.def(
      "parse_geojson",
      [](const std::string& text, const std::string& source, const std::string& contiguity, const std::string& geographic,
         const std::string& id_field, const std::string& households, const std::string& population,
         const std::string& community, const std::string& grid_type, const std::string& default_community,
         const std::vector<std::string>& extra_fields, double tolerance, const py::object& edges,
         const std::string& crs) {
        auto o = geojson_options(contiguity, geographic, id_field, households, population, community, grid_type,
                                 default_community, extra_fields, tolerance, edges, crs);
        auto g = python::without_gil([&] { return io::parse_units_geojson(text, source, o); });
        return geo_result(std::move(g), source);
      },
      py::arg("text"), py::arg("source") = "<geojson>", GRIDGOV_GEOJSON_ARGS, "read_geojson from a string.");
  m.def(
      "plan_geojson",
      [](const UnitGraph& g, const Plan* plan, const io::Geometries* polygons, bool per_grid, bool dissolve, int precision,
         const std::string& crs, const std::vector<std::pair<std::string, std::vector<double>>>& grid_columns) {
        io::PlanGeoJsonOptions o;
        o.per_grid = per_grid;
        o.dissolve = dissolve;
        o.precision = precision;
        o.crs = crs;
        o.grid_columns = grid_columns;
        py::gil_scoped_release release;
        return io::plan_geojson(g, plan, polygons, o);
      },
      py::arg("graph"), py::arg("plan") = nullptr, py::arg("polygons") = nullptr, py::arg("per_grid") = false,
      py::arg("dissolve") = true, py::arg("precision") = -1, py::arg("crs") = "",
      py::arg("grid_columns") = std::vector<std::pair<std::string, std::vector<double>>>{},
      "A plan as GeoJSON text (per unit or per grid), stating the CRS (crs, else the graph's).");
  m.def(
      "write_plan_geojson",
      [](const std::string& path, const UnitGraph& g, const Plan* plan, const io::Geometries* polygons, bool per_grid,
         bool dissolve, int precision, const std::string& crs,
         const std::vector<std::pair<std::string, std::vector<double>>>& grid_columns) {
        io::PlanGeoJsonOptions o;
        o.per_grid = per_grid;
        o.dissolve = dissolve;
        o.precision = precision;
        o.crs = crs;
        o.grid_columns = grid_columns;
        py::gil_scoped_release release;
        io::write_plan_geojson(path, g, plan, polygons, o);
      },
      py::arg("path"), py::arg("graph"), py::arg("plan") = nullptr, py::arg("polygons") = nullptr,
      py::arg("per_grid") = false, py::arg("dissolve") = true, py::arg("precision") = -1, py::arg("crs") = "",
      py::arg("grid_columns") = std::vector<std::pair<std::string, std::vector<double>>>{});

  m.def(
      "read_networkx_json",
      [](const std::string& path, const std::string& households, const std::string& population,
         const std::string& community, const std::string& x, const std::string& y, const std::string& default_community) {
        io::NetworkxOptions o;
        o.households = households;
        o.population = population;
        o.community = community;
        o.x = x;
        o.y = y;
        o.default_community = default_community;
        auto g = python::without_gil([&] { return io::read_networkx_json(path, o); });
        py::object plan = py::none();
        if (!g.grid.empty()) plan = py::cast(Plan::from_labels(g.grid));
        return py::make_tuple(UnitGraph(std::move(g.table), g.edges, path), plan);
      },
      py::arg("path"), py::arg("households") = "households", py::arg("population") = "population",
      py::arg("community") = "community", py::arg("x") = "x", py::arg("y") = "y", py::arg("default_community") = "",
      "Read a networkx adjacency/node-link JSON (GerryChain Graph.to_json): (UnitGraph, Plan or None).");
  m.def(
      "write_networkx_json",
      [](const std::string& path, const UnitGraph& g, const Plan* plan) {
        py::gil_scoped_release release;
        io::write_networkx_json(path, g, plan);
      },
      py::arg("path"), py::arg("graph"), py::arg("plan") = nullptr);

  m.def(
      "read_scenario",
      [](const std::string& path) {
        auto s = python::without_gil([&] { return io::read_scenario(path); });
        py::list divisions;
        for (const auto& d : s.divisions)
          divisions.append(py::dict(py::arg("level") = d.level, py::arg("code") = d.code, py::arg("name") = d.name,
                                    py::arg("parent_code") = d.parent_code));
        py::object plan = py::none();
        if (s.has_plan()) plan = py::cast(io::scenario_plan(s));
        return py::make_tuple(io::scenario_graph(s, path), plan, divisions);
      },
      py::arg("path"), "Read a gridgov scenario JSON: (UnitGraph, Plan or None, divisions as dicts).");
  m.def(
      "write_scenario",
      [](const std::string& path, const UnitGraph& g, const Plan* plan, const py::object& divisions) {
        std::vector<DivisionRow> rows;
        if (!divisions.is_none()) {
          std::size_t line = 0;
          for (auto item : py::iter(divisions)) {
            DivisionRow r;
            auto get = [&](const char* key, std::size_t pos) -> std::string {
              py::object v = py::isinstance<py::dict>(item) ? py::reinterpret_borrow<py::dict>(item).attr("get")(key, "")
                                                            : py::reinterpret_borrow<py::object>(item)[py::int_(pos)];
              return v.is_none() ? std::string() : py::str(v).cast<std::string>();
            };
            r.level = get("level", 0);
            r.code = get("code", 1);
            r.name = get("name", 2);
            r.parent_code = get("parent_code", 3);
            r.line = ++line;
            rows.push_back(std::move(r));
          }
        }
        auto s = io::make_scenario(g, plan, rows);
        py::gil_scoped_release release;
        io::write_scenario(path, s);
      },
      py::arg("path"), py::arg("graph"), py::arg("plan") = nullptr, py::arg("divisions") = py::none(),
      "Write a gridgov scenario JSON; divisions are dicts or (level, code, name, parent_code) tuples.");
}
