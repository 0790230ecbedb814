// gridgov._core: units, cells and grid polygons from building footprints
// (gridgov_geo: GDAL + GEOS). Compiled only when gridgov_geo is built.
#include "bindings.hpp"
#include "gridgov/geo/build.hpp"
#include "options.hpp"

namespace py = pybind11;
using namespace gridgov;

void register_geo(py::module_& m) {
  // Keywords and the report come from the field lists of BuildOptions and BuildReport.
  python::bind_options<geo::TessellationOptions>(m, "TessellationOptions", "How gridgov.build_units draws the cells.");
  python::bind_options<geo::BuildOptions>(m, "BuildOptions", "Options of gridgov.build_units (the gridgov build flags).");
  m.def(
      "build_units",
      [](const std::string& buildings, py::object progress, const py::kwargs& kwargs) {
        geo::BuildOptions o;
        python::set_fields(o, kwargs, "build_units");
        o.progress = python::interruptible(std::move(progress));  // Ctrl-C (KeyboardInterrupt) stops it
        auto [graph, r] = python::without_gil([&] {
          geo::BuildResult res = geo::build_units(buildings, o);
          UnitGraph g(res.table, res.tessellation.edges, buildings);
          return std::pair<UnitGraph, geo::BuildResult>(std::move(g), std::move(res));
        });
        py::dict report = python::fields_dict(geo::build_report(r, graph, o));
        return py::make_tuple(std::move(graph), std::move(r.tessellation.cells), report);
      },
      py::arg("buildings"), py::arg("progress") = py::none(),
      "Units, rook edges and cells from a buildings file (what GDAL reads): (UnitGraph, Geometries of the cells, "
      "report dict). Keywords: the fields of BuildOptions (and of its tessellation); progress(fraction, stage) is called "
      "now and then and cancels by returning False. Releases the GIL; Ctrl-C interrupts it. See gridgov.build_units.");
  m.def(
      "geometries_from_arrays",
      [](py::array_t<double, py::array::c_style | py::array::forcecast> xy,
         py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> ring_offsets,
         py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> polygon_offsets,
         py::array_t<std::int64_t, py::array::c_style | py::array::forcecast> unit_offsets) {
        if (xy.ndim() != 2 || xy.shape(1) != 2) throw InputError("xy must be an (n, 2) array");
        io::Geometries g;
        g.xy.assign(xy.data(), xy.data() + xy.size());
        auto take = [](const auto& a, std::vector<std::size_t>& out, std::size_t limit, const char* what) {
          out.clear();
          const auto* p = a.data();
          for (py::ssize_t i = 0; i < a.size(); ++i) {
            if (p[i] < 0 || static_cast<std::size_t>(p[i]) > limit || (i > 0 && p[i] < p[i - 1]))
              throw InputError(std::string(what) + " must rise from 0 within range");
            out.push_back(static_cast<std::size_t>(p[i]));
          }
          if (out.empty() || out.front() != 0 || out.back() != limit)
            throw InputError(std::string(what) + " must start at 0 and end at the count of what it indexes");
        };
        take(ring_offsets, g.ring_offsets, g.xy.size() / 2, "ring_offsets");
        take(polygon_offsets, g.polygon_offsets, g.ring_offsets.size() - 1, "polygon_offsets");
        take(unit_offsets, g.unit_offsets, g.polygon_offsets.size() - 1, "unit_offsets");
        return g;
      },
      py::arg("xy"), py::arg("ring_offsets"), py::arg("polygon_offsets"), py::arg("unit_offsets"),
      "Geometries from flat arrays (shapely.to_ragged_array's layout for MultiPolygons).");
  m.def(
      "dissolve_grids",
      [](const io::Geometries& cells, const UnitGraph& graph, const Plan& plan) {
        return python::without_gil([&] { return geo::dissolve_grids(cells, graph, plan); });
      },
      py::arg("cells"), py::arg("graph"), py::arg("plan"),
      "One polygon per grid: the union of its units' cells (snapped to 1 mm); grid g is unit g of the result.");
  m.def(
      "point_cells",
      [](const UnitGraph& graph, bool geographic, double max_distance) {
        geo::TessellationOptions o;
        o.max_distance = max_distance;
        return python::without_gil([&] { return geo::point_cells(graph, geographic, o); });
      },
      py::arg("graph"), py::arg("geographic") = false, py::arg("max_distance") = 100.0,
      "Cells for point units: Voronoi cells of the unit points limited to max_distance metres (lon/lat points "
      "tessellated in a local projection), so that grids drawn from them tile.");
  m.def(
      "read_cells",
      [](const std::string& path, const UnitGraph& graph, const std::string& id_field) {
        auto f = python::without_gil([&] { return geo::read_cells(path, graph, id_field); });
        return py::make_tuple(std::move(f.cells), f.crs_wkt);
      },
      py::arg("path"), py::arg("graph"), py::arg("id_field") = "id",
      "Cells read back from a vector file, in the order of the graph's units: (Geometries, CRS WKT).");
}
