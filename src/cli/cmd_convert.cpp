// gridgov convert: between CSV, GeoJSON, networkx JSON and scenario JSON.
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/io/crs.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/io/geojson.hpp"
#include "gridgov/io/networkx.hpp"
#include "gridgov/io/scenario.hpp"

namespace gridgov::cli {
namespace {

struct ConvertArgs {
  std::string from, from_format = "auto", edges, contiguity = "rook", geographic = "auto";
  double tolerance = 0;
  std::string id_field = "id", households = "households", population = "population", community = "community";
  std::string default_community, plan, divisions, x = "x", y = "y", crs;
  std::string to_units, to_edges, to_plan, to_networkx, to_scenario, to_geojson, to_grids_geojson;
  std::string cells, to_grids;  // with GRIDGOV_GEO
  double cell_distance = 100.0;
  std::string workload_config;
  bool no_dissolve = false;
};

bool ends_with(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  std::string tail = s.substr(s.size() - suffix.size());
  for (auto& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return tail == suffix;
}

// Guesses the input format from the name, then from the first bytes.
std::string detect_format(const std::string& path) {
  if (ends_with(path, ".xlsx") || ends_with(path, ".xls"))
    throw InputError(path, 0,
                     "an Excel workbook, not CSV: in Excel use Save As > \"CSV UTF-8 (Comma delimited)\" (or "
                     "\"CSV (Comma delimited)\": GBK is read too), or read it in Python (gridgov.read_graph accepts .xlsx)");
  if (ends_with(path, ".csv")) return "csv";
  if (ends_with(path, ".geojson")) return "geojson";
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileError(path, std::string("cannot open: ") + std::strerror(errno), errno);
  std::string head(8192, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  if (head.rfind("PK\x03\x04", 0) == 0 || head.rfind("\xD0\xCF\x11\xE0", 0) == 0) return "csv";  // the CSV reader explains
  if (head.find("gridgov-scenario") != std::string::npos) return "scenario";
  if (head.find("FeatureCollection") != std::string::npos) return "geojson";
  if (head.find("\"nodes\"") != std::string::npos || head.find("\"adjacency\"") != std::string::npos) return "networkx";
  throw InputError(path, 0, "cannot tell the format: give --from-format geojson|networkx|scenario|csv");
}

void run_convert(const ConvertArgs& a, int& result) {
  if (a.to_units.empty() && a.to_edges.empty() && a.to_plan.empty() && a.to_networkx.empty() && a.to_scenario.empty() &&
      a.to_geojson.empty() && a.to_grids_geojson.empty() && a.to_grids.empty())
    throw CLI::ValidationError("convert", "give at least one output (--to-units, --to-edges, --to-plan, --to-networkx, "
                                          "--to-scenario, --to-geojson, --to-grids-geojson)");
  check_crs_option(a.crs);
  const std::string format = a.from_format == "auto" ? detect_format(a.from) : a.from_format;
  if (!a.edges.empty() && format != "csv" && format != "geojson")
    throw CLI::ValidationError("--edges", "applies to CSV units and GeoJSON points only");

  std::optional<UnitGraph> units;
  io::Geometries polygons;
  std::optional<Plan> plan;
  std::vector<DivisionRow> divisions;

  if (format == "csv") {
    if (a.edges.empty()) throw CLI::ValidationError("--edges", "CSV units need --edges E.csv");
    units.emplace(load_graph(a.from, a.edges));
  } else if (format == "geojson") {
    io::GeoJsonOptions o;
    o.contiguity = *io::parse_contiguity(a.contiguity);
    o.geographic = *io::parse_geographic(a.geographic);
    o.tolerance = a.tolerance;
    o.id_field = a.id_field;
    o.households_field = a.households;
    o.population_field = a.population;
    o.community_field = a.community;
    o.default_community = a.default_community;
    o.edges_path = a.edges;
    o.crs = a.crs;
    auto g = io::read_units_geojson(a.from, o);
    if (g.crs_assumed && a.geographic == "auto")
      std::cerr << "note: " << a.from << " names no CRS and every position is a longitude/latitude, so they are taken "
                << "as such (RFC 7946): give --crs if they are planar\n";
    polygons = std::move(g.polygons);
    units.emplace(std::move(g.table), g.edges, a.from);
  } else if (format == "networkx") {
    io::NetworkxOptions o;
    o.households = a.households;
    o.population = a.population;
    o.community = a.community;
    o.default_community = a.default_community;
    o.x = a.x;
    o.y = a.y;
    auto g = io::read_networkx_json(a.from, o);
    units.emplace(std::move(g.table), g.edges, a.from);
    if (!g.grid.empty()) plan = Plan::from_labels(g.grid);
  } else if (format == "scenario") {
    auto s = io::read_scenario(a.from);
    units.emplace(io::scenario_graph(s, a.from));
    if (s.has_plan()) plan = io::scenario_plan(s);
    divisions = std::move(s.divisions);
  } else {
    throw CLI::ValidationError("--from-format", "unknown format '" + format + "'");
  }
  if (!a.crs.empty() && format != "geojson") {
    if (!units->crs().empty() && !io::same_crs(units->crs(), a.crs))
      throw InputError(a.from, 0, "the input names its CRS '" + units->crs() + "', but --crs says '" + a.crs + "'");
    if (units->crs().empty()) units->set_crs(a.crs);
  }
  if (!a.plan.empty()) plan = io::read_plan_csv(a.plan, *units, csv_options());
  if (!a.divisions.empty()) divisions = io::read_divisions_csv(a.divisions, csv_options());
  if (!a.to_grids_geojson.empty() && !plan)
    throw CLI::ValidationError("--to-grids-geojson", "needs a plan (--plan P.csv, or one in the input)");
  if (!a.to_plan.empty() && !plan) throw CLI::ValidationError("--to-plan", "needs a plan (--plan P.csv, or one in the input)");

  if (!a.to_grids.empty() && !plan) throw CLI::ValidationError("--to-grids", "needs a plan (--plan P.csv, or one in the input)");

  const Plan* p = plan ? &*plan : nullptr;
  const io::Geometries* geo = polygons.empty() ? nullptr : &polygons;
  // Grid polygons are read and dissolved before anything is written.
  std::vector<std::pair<std::string, std::vector<double>>> columns;  // per grid: workload
  if (p && (!a.to_grids.empty() || !a.to_grids_geojson.empty())) columns = grid_columns(*units, *p, a.workload_config);
  std::function<void()> write_grids;
  // The units' cells: --cells, else the input's polygons, else (point units)
  // the Voronoi cells of the points; the grids are their union (they tile).
  io::Geometries cells;
  if (unit_cells && (!a.to_grids.empty() || !a.to_grids_geojson.empty()) && (!geo || !a.cells.empty()))
    cells = unit_cells(*units, a.cells, a.cell_distance);
  const io::Geometries* unit_polygons = cells.empty() ? geo : &cells;
  if (!a.to_grids.empty())
    write_grids = prepare_grid_polygons(a.cells, a.to_grids, *units, *p, columns, a.cell_distance,
                                        a.cells.empty() ? unit_polygons : nullptr);
  std::string crs;  // stated in the GeoJSON outputs
  if (!a.to_geojson.empty() || !a.to_grids_geojson.empty())
    crs = output_crs(*units, a.cells, a.to_geojson.empty() ? a.to_grids_geojson : a.to_geojson, false);
  // Every output is made in full first, then all are named together
  // (io::OutputFiles): whole or not at all, as partition's.
  std::vector<std::string> wrote;
  io::OutputFiles out;
  auto stage = [&](const std::string& path, std::string text) {
    if (path.empty()) return;
    out.stage(path, std::move(text));
    wrote.push_back(path);
  };
  if (!a.to_units.empty()) stage(a.to_units, io::units_csv(*units));
  if (!a.to_edges.empty()) stage(a.to_edges, io::edges_csv(*units));
  if (!a.to_plan.empty()) stage(a.to_plan, io::plan_csv(*units, *p));
  if (!a.to_networkx.empty()) stage(a.to_networkx, io::networkx_json(*units, p));
  if (!a.to_scenario.empty()) stage(a.to_scenario, io::scenario_json(io::make_scenario(*units, p, divisions)));
  if (!a.to_geojson.empty()) {
    io::PlanGeoJsonOptions o;
    o.crs = crs;
    stage(a.to_geojson, io::plan_geojson(*units, p, geo, o));
  }
  if (!a.to_grids_geojson.empty()) {
    io::PlanGeoJsonOptions o;
    o.per_grid = true;
    o.dissolve = !a.no_dissolve;
    o.grid_columns = columns;
    o.crs = crs;
    io::Geometries grids;
    if (grid_polygons && unit_polygons && !a.no_dissolve) {
      grids = grid_polygons(*units, *p, a.cells, a.cell_distance, unit_polygons);
      o.grid_polygons = &grids;
    }
    stage(a.to_grids_geojson, io::plan_geojson(*units, p, unit_polygons, o));
  }
  if (write_grids) {
    write_grids();
    wrote.push_back(a.to_grids);
  }
  out.commit();
  std::cout << "read " << units->size() << " units, " << units->num_edges() << " edges";
  if (p) std::cout << ", " << p->num_grids() << " grids";
  std::cout << " from " << a.from << " (" << format << ")\n";
  for (const auto& w : wrote) std::cout << "wrote " << w << "\n";
  if (units->size() > 1 && units->num_edges() == 0)
    std::cerr << "warning: " << a.from << ": no two units are adjacent, so every unit will be a piece of its own "
              << "(polygons that share no boundary, a far-off feature that stretches the automatic tolerance, or "
              << "points without an edges CSV): check the coordinates, or give --tolerance\n";
  result = kExitOk;
}

}  // namespace

void register_convert(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand(
      "convert",
      "Convert units, edges and plans between CSV, GeoJSON (polygons with computed contiguity, or points + edges), "
      "networkx JSON (GerryChain's Graph.to_json) and the gridgov scenario JSON; write plans as GeoJSON for QGIS. "
      "Exit 0 on success, 1 on bad input, 2 on a usage error.");
  auto a = std::make_shared<ConvertArgs>();
  cmd->add_option("--from", a->from, "input file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--from-format", a->from_format, "input format (default: from the name or content)")
      ->check(CLI::IsMember({"auto", "geojson", "networkx", "scenario", "csv"}));
  cmd->add_option("--edges", a->edges, "edges CSV (u,v) for CSV units or GeoJSON points")->check(CLI::ExistingFile);
  cmd->add_option("--contiguity", a->contiguity, "GeoJSON polygons: rook (shared edge) or queen (shared point)")
      ->check(CLI::IsMember({"rook", "queen"}));
  cmd->add_option("--geographic", a->geographic, "GeoJSON: lon/lat coordinates? auto|yes|no")
      ->check(CLI::IsMember({"auto", "yes", "no", "true", "false"}));
  cmd->add_option("--crs", a->crs,
                  "CRS of the input's coordinates when it names none (EPSG:32650, an OGC URN or WKT); the GeoJSON "
                  "outputs state it. GeoJSON without a CRS is longitude/latitude (RFC 7946) when every position is one");
  cmd->add_option("--tolerance", a->tolerance, "GeoJSON: vertex matching tolerance in metres or map units (0 = auto)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--id-field", a->id_field, "GeoJSON: property holding the unit id");
  cmd->add_option("--households", a->households, "property/attribute holding households (read into the column households)");
  cmd->add_option("--population", a->population, "property/attribute holding population (read into the column population)");
  cmd->add_option("--community", a->community, "property/attribute holding the community code");
  cmd->add_option("--default-community", a->default_community, "community of units without one");
  cmd->add_option("--x", a->x,
                  "networkx: attribute holding x (default: the first of x, lon, longitude, C_X, INTPTLON* that the "
                  "nodes have)");
  cmd->add_option("--y", a->y, "networkx: attribute holding y (as --x: y, lat, latitude, C_Y, INTPTLAT*)");
  add_csv_options(cmd);
  cmd->add_option("--plan", a->plan, "plan CSV (id,grid) to carry into the outputs")->check(CLI::ExistingFile);
  cmd->add_option("--divisions", a->divisions, "divisions CSV to include in --to-scenario")->check(CLI::ExistingFile);
  cmd->add_option("--to-units", a->to_units, "write units CSV");
  cmd->add_option("--to-edges", a->to_edges, "write edges CSV (u,v)");
  cmd->add_option("--to-plan", a->to_plan, "write plan CSV (id,grid)");
  cmd->add_option("--to-networkx", a->to_networkx, "write networkx adjacency JSON (GerryChain Graph.from_json)");
  cmd->add_option("--to-scenario", a->to_scenario, "write a gridgov scenario JSON");
  cmd->add_option("--to-geojson", a->to_geojson, "write one GeoJSON feature per unit (with its grid)");
  cmd->add_option("--to-grids-geojson", a->to_grids_geojson, "write one GeoJSON feature per grid (needs a plan)");
  if (prepare_grid_polygons) {  // built with GRIDGOV_GEO
    cmd->add_option("--cells", a->cells,
                    "cell polygons of the units (gridgov build --out-cells), for --to-grids and --to-grids-geojson "
                    "(default for point units: the Voronoi cells of the points, --cell-distance)");
    cmd->add_option("--to-grids", a->to_grids, "write grid polygons (.gpkg, .geojson, .shp, .fgb): the cells of each grid dissolved");
    cmd->add_option("--cell-distance", a->cell_distance,
                    "without --cells: metres a point unit's cell reaches (its Voronoi cell, cut at this distance)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
  }
  add_workload_config_option(cmd, a->workload_config);
  cmd->add_flag("--no-dissolve", a->no_dissolve, "per-grid GeoJSON: MultiPolygon of the members instead of their union");
  cmd->callback([a, &result] { run_convert(*a, result); });
}

}  // namespace gridgov::cli
