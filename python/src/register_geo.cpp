// gridgov._core: units, cells and grid polygons from building footprints
// (gridgov_geo: GDAL + GEOS). Compiled only when gridgov_geo is built.
#include "bindings.hpp"
#include "gridgov/geo/build.hpp"

namespace py = pybind11;
using namespace gridgov;

void register_geo(py::module_& m) {
  m.def(
      "build_units",
      [](const std::string& buildings, const std::string& layer, const std::string& where, const std::string& id_field,
         const std::string& barriers, const std::string& barriers_layer, const std::string& barriers_where,
         const std::string& communities, const std::string& communities_layer, const std::string& community_field,
         const std::string& outside_community, const std::string& households, const std::string& floors,
         const std::string& height, const std::string& use_field, const std::vector<std::string>& residential,
         double floor_height, double floor_area_per_household, double persons_per_household, double max_distance,
         double sample_spacing, double simplify, int threads, const std::string& crs, bool skip_invalid) {
        geo::BuildOptions o;
        o.layer = layer;
        o.where = where;
        o.id_field = id_field;
        o.barriers = barriers;
        o.barriers_layer = barriers_layer;
        o.barriers_where = barriers_where;
        o.communities = communities;
        o.communities_layer = communities_layer;
        o.community_field = community_field;
        o.outside_community = outside_community;
        o.households_field = households;
        o.floors_field = floors;
        o.height_field = height;
        o.use_field = use_field;
        o.residential_values = residential;
        o.floor_height = floor_height;
        o.floor_area_per_household = floor_area_per_household;
        o.persons_per_household = persons_per_household;
        o.tessellation.max_distance = max_distance;
        o.tessellation.sample_spacing = sample_spacing;
        o.tessellation.simplify = simplify;
        o.tessellation.threads = threads;
        o.crs = crs;
        o.skip_invalid = skip_invalid;
        auto [graph, r] = python::without_gil([&] {
          geo::BuildResult res = geo::build_units(buildings, o);
          UnitGraph g(res.table, res.tessellation.edges, buildings);
          return std::pair<UnitGraph, geo::BuildResult>(std::move(g), std::move(res));
        });
        py::dict report;
        report["crs"] = r.crs;
        report["crs_wkt"] = r.crs_wkt;
        report["units"] = graph.size();
        report["edges"] = graph.num_edges();
        report["enclosures"] = r.tessellation.enclosures;
        report["crossed_by_barrier"] = r.tessellation.crossed_by_barrier;
        report["sample_points"] = r.tessellation.sample_points;
        report["repaired_footprints"] = r.repaired;
        py::dict hh;
        hh["total"] = r.households.total;
        hh["from_field"] = r.households.from_field;
        hh["estimated_floors_from_field"] = r.households.floors_from_field;
        hh["estimated_floors_from_height"] = r.households.floors_from_height;
        hh["estimated_one_floor"] = r.households.floors_default;
        hh["non_residential"] = r.households.non_residential;
        hh["floor_area_per_household"] = floor_area_per_household;
        hh["floor_height"] = floor_height;
        hh["persons_per_household"] = persons_per_household;
        report["households"] = hh;
        report["max_distance"] = max_distance;
        report["sample_spacing"] = sample_spacing;
        report["simplify"] = simplify;
        report["outside_community"] = r.outside;
        report["skipped"] = r.skipped;
        return py::make_tuple(std::move(graph), std::move(r.tessellation.cells), report);
      },
      py::arg("buildings"), py::kw_only(), py::arg("layer") = "", py::arg("where") = "", py::arg("id_field") = "",
      py::arg("barriers") = "", py::arg("barriers_layer") = "", py::arg("barriers_where") = "",
      py::arg("communities") = "", py::arg("communities_layer") = "", py::arg("community_field") = "",
      py::arg("outside_community") = "outside", py::arg("households") = "", py::arg("floors") = "",
      py::arg("height") = "", py::arg("use_field") = "", py::arg("residential") = std::vector<std::string>{},
      py::arg("floor_height") = 3.0, py::arg("floor_area_per_household") = 90.0, py::arg("persons_per_household") = 2.5,
      py::arg("max_distance") = 100.0, py::arg("sample_spacing") = 2.0, py::arg("simplify") = 0.1, py::arg("threads") = 0, py::arg("crs") = "",
      py::arg("skip_invalid") = false,
      "Units, rook edges and cells from a buildings file (what GDAL reads): (UnitGraph, Geometries of the cells, "
      "report dict). See gridgov.build_units.");
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
