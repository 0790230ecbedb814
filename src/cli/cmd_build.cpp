// gridgov build: units, edges and cells from building footprints, barrier
// lines and community boundaries (any vector format GDAL reads).
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "gridgov/core/json.hpp"
#include "options.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/geo/build.hpp"
#include "gridgov/io/csv.hpp"

namespace gridgov::cli {
namespace {

struct BuildArgs {
  std::string buildings, out_units, out_edges, out_cells, report, residential;
  geo::BuildOptions opt;
};

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

void run_build(BuildArgs& a, int& result) {
  if (a.out_units.empty() && a.out_edges.empty() && a.out_cells.empty() && a.report.empty())
    throw CLI::ValidationError("build", "give at least one output (--out-units, --out-edges, --out-cells, --report)");
  a.opt.residential_values = split_list(a.residential);
  if (!a.opt.residential_values.empty() && a.opt.use_field.empty())
    throw CLI::ValidationError("--residential", "needs --use-field (the field holding each building's use)");
  const auto t0 = std::chrono::steady_clock::now();
  // The cells file is written (whole, under a temporary name until done)
  // while the cells are made: a GeoPackage's spatial index alone takes as
  // long as a third of the tessellation.
  geo::BuildResult r = geo::build_units(a.buildings, a.opt, a.out_cells);
  // Everything is computed (and the graph checked) before the other outputs are written.
  UnitGraph graph(r.table, r.tessellation.edges, a.buildings);
  std::string report;
  if (!a.report.empty()) report = nlohmann::json(geo::build_report(r, graph, a.opt)).dump(2) + "\n";
  if (!a.out_units.empty()) io::write_units_csv(a.out_units, graph);
  if (!a.out_edges.empty()) io::write_edges_csv(a.out_edges, graph);
  if (!report.empty()) io::write_file_atomic(a.report, report);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "build: " << graph.size() << " units, " << graph.num_edges() << " edges, "
            << r.tessellation.enclosures << " enclosure(s), CRS " << (r.crs.empty() ? "unknown" : r.crs) << ", "
            << r.households.total << " households (" << r.households.from_field << " from the field, "
            << r.households.floors_from_field + r.households.floors_from_height + r.households.floors_default
            << " estimated, " << r.households.non_residential << " non-residential), " << secs << " s\n";
  if (!r.skipped.empty()) {
    std::cout << "  " << r.skipped.size() << " footprint(s) left out, invalid beyond repair:";
    for (std::size_t i = 0; i < r.skipped.size() && i < 5; ++i) std::cout << " [" << r.skipped[i] << "]";
    std::cout << (r.skipped.size() > 5 ? " ...\n" : "\n");
  }
  if (r.repaired) std::cout << "  " << r.repaired << " invalid footprint(s) repaired\n";
  if (r.tessellation.crossed_by_barrier)
    std::cout << "  " << r.tessellation.crossed_by_barrier << " building(s) crossed by a barrier: cut to one enclosure\n";
  if (!r.outside.empty()) {
    std::cout << "  " << r.outside.size() << " building(s) outside every community (community '"
              << a.opt.outside_community << "'):";
    for (std::size_t i = 0; i < r.outside.size() && i < 10; ++i) std::cout << ' ' << r.outside[i];
    std::cout << (r.outside.size() > 10 ? " ...\n" : "\n");
  }
  result = kExitOk;
}

}  // namespace

std::string vector_file_crs(const std::string& path) { return geo::vector_crs(path); }

void check_crs_known(const std::string& crs) { geo::check_crs_known(crs, "--crs"); }

io::Geometries unit_cells(const UnitGraph& graph, const std::string& cells, double cell_distance) {
  if (!cells.empty()) return geo::read_cells(cells, graph).cells;
  geo::TessellationOptions o;
  o.max_distance = cell_distance;
  // Lon/lat when the CRS says so; with no CRS, when every point lies within
  // -180..180, -90..90 and they span less than 10 degrees (as gridgov.point_cells).
  bool geographic = geo::crs_info(graph.crs(), "the units' CRS").geographic;
  if (graph.crs().empty() && graph.size() > 0) {
    const auto [x0, x1] = std::minmax_element(graph.x().begin(), graph.x().end());
    const auto [y0, y1] = std::minmax_element(graph.y().begin(), graph.y().end());
    geographic = *x0 >= -180 && *x1 <= 180 && *y0 >= -90 && *y1 <= 90 && *x1 - *x0 < 10 && *y1 - *y0 < 10;
  }
  return geo::point_cells(graph, geographic, o);
}

io::Geometries grid_polygons(const UnitGraph& graph, const Plan& plan, const std::string& cells, double cell_distance,
                             const io::Geometries* given) {
  if (given) return geo::dissolve_grids(*given, graph, plan);
  return geo::dissolve_grids(unit_cells(graph, cells, cell_distance), graph, plan);
}

std::function<void()> prepare_grid_polygons(const std::string& cells, const std::string& out, const UnitGraph& graph,
                                            const Plan& plan, std::vector<std::pair<std::string, std::vector<double>>> extra,
                                            double cell_distance, const io::Geometries* given) {
  std::string wkt = geo::crs_info(graph.crs(), "the units' CRS").wkt;
  io::Geometries c;
  if (given) {
    c = *given;
  } else if (cells.empty()) {
    c = unit_cells(graph, cells, cell_distance);
  } else {
    auto file = geo::read_cells(cells, graph);
    c = std::move(file.cells);
    if (!file.crs_wkt.empty()) wkt = std::move(file.crs_wkt);
  }
  auto grids = std::make_shared<io::Geometries>(geo::dissolve_grids(c, graph, plan));
  return [grids, out, &graph, plan, wkt = std::move(wkt), extra = std::move(extra)] {
    geo::write_grids(out, *grids, graph, plan, wkt, extra);
  };
}

void register_build(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand(
      "build",
      "Units, contiguity edges and cells from building footprints (GeoPackage, Shapefile, GeoJSON, FlatGeobuf, "
      "OSM PBF: what GDAL reads), cut along barrier lines (streets, rivers, railways) and assigned to community "
      "polygons. Exit 0 on success, 1 on bad input, 2 on a usage error.");
  auto a = std::make_shared<BuildArgs>();
  auto& o = a->opt;
  cmd->add_option("--buildings", a->buildings, "building footprints (polygons, or points)")->required();
  // Every option from BuildOptions' field list (--layer, --id-field, --barriers, --communities,
  // --community-field, --households, --floors, ..., --max-distance, --crs); two spelled here.
  add_options(cmd, o);
  cmd->add_option("--residential", a->residential, "comma-separated use values that are residential (default: all)");
  cmd->add_flag("--skip-invalid", o.skip_invalid, "leave out (and list) footprints that cannot be repaired instead of failing");
  cmd->add_option("--out-units", a->out_units, "write units CSV");
  cmd->add_option("--out-edges", a->out_edges, "write edges CSV (u,v)");
  cmd->add_option("--out-cells", a->out_cells, "write one cell polygon per unit (.gpkg, .geojson, .shp, .fgb)");
  cmd->add_option("--report", a->report, "write a JSON report (CRS, household estimate and its inputs, ...)");
  cmd->callback([a, &result] { run_build(*a, result); });
}

}  // namespace gridgov::cli
