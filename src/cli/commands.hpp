#pragma once
// Each command lives in src/cli/cmd_<name>.cpp and registers itself here.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "gridgov/core/plan.hpp"
#include "gridgov/core/unit_graph.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/io/geojson.hpp"

namespace gridgov::cli {

/// Exit codes: 0 success / plan valid, 1 input invalid or rules broken,
/// 2 usage error (CLI11's own), 3 an unexpected internal error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;  ///< out of memory, or a bug: please report it
inline constexpr int kExitFile = 4;      ///< a file could not be opened, read or written

/// How this run reads its CSV files (--encoding, --columns): one command
/// runs per process, so one set serves every file it reads.
io::CsvOptions& csv_options();

/// --encoding and --columns, read into csv_options().
void add_csv_options(CLI::App* cmd);

/// --units and --edges, both required: the unit graph that the planning
/// commands read (io::read_unit_graph); with the CSV options.
inline void add_graph_options(CLI::App* cmd, std::string& units, std::string& edges) {
  cmd->add_option("--units", units, "units CSV: id,x,y,households,community[,population,...]")->required();
  cmd->add_option("--edges", edges, "edges CSV: u,v")->required();
  add_csv_options(cmd);
}

/// Reads the unit graph given by --units and --edges (io::read_unit_graph),
/// first readying the heap for the memory a graph of that size needs (see
/// src/cli/heap.cpp: transparent huge pages where the kernel offers them).
UnitGraph load_graph(const std::string& units, const std::string& edges);
/// --crs checked: its form (io::check_crs), and with GRIDGOV_GEO that PROJ knows it.
void check_crs_option(const std::string& crs);

/// The same, stating the CRS of x, y (--crs; "" leaves it unknown).
inline UnitGraph load_graph(const std::string& units, const std::string& edges, const std::string& crs) {
  check_crs_option(crs);
  UnitGraph g = load_graph(units, edges);
  g.set_crs(crs);
  return g;
}

/// With GRIDGOV_GEO (src/cli/cmd_build.cpp): reads the cells file, dissolves
/// the cells of each grid of `plan` and returns what writes the grid
/// polygons to `out`, so that every output is ready before any is written.
/// `extra`: further numeric columns per grid (grid_columns).
/// The cells: `given` when not null (already read), else as unit_cells.
std::function<void()> prepare_grid_polygons(const std::string& cells, const std::string& out, const UnitGraph& graph,
                                            const Plan& plan,
                                            std::vector<std::pair<std::string, std::vector<double>>> extra = {},
                                            double cell_distance = 100.0, const io::Geometries* given = nullptr)
    __attribute__((weak));

/// With GRIDGOV_GEO: the units' cells, from the `cells` file (gridgov build
/// --out-cells) or, when it is "", the Voronoi cells of the unit points
/// within `cell_distance` metres (lon/lat points when the graph's CRS is
/// geographic), so that the grids drawn from them tile.
io::Geometries unit_cells(const UnitGraph& graph, const std::string& cells, double cell_distance) __attribute__((weak));

/// With GRIDGOV_GEO: one polygon per grid of `plan` (grid g is unit g), the
/// cells of its units dissolved with GEOS: `given`, else as unit_cells.
io::Geometries grid_polygons(const UnitGraph& graph, const Plan& plan, const std::string& cells, double cell_distance,
                             const io::Geometries* given) __attribute__((weak));

/// With GRIDGOV_GEO: throws unless PROJ knows the CRS.
void check_crs_known(const std::string& crs) __attribute__((weak));

/// With GRIDGOV_GEO: the CRS of a vector file (gridgov build's cells), "AUTH:code" or WKT.
std::string vector_file_crs(const std::string& path) __attribute__((weak));

/// The CRS the GeoJSON outputs state: the graph's (--crs or the input's),
/// else that of the --cells file; warns on stderr when none is known.
std::string output_crs(const UnitGraph& graph, const std::string& cells, const std::string& output, bool quiet);

/// Per-grid figures the grid outputs carry besides the totals (src/cli/cmd_workload.cpp):
/// "workload", hours per week per grid (gridgov/workload) under the
/// configuration at `workload_config`; "" = the defaults, and then nothing
/// when the units lack households or population.
std::vector<std::pair<std::string, std::vector<double>>> grid_columns(const UnitGraph& graph, const Plan& plan,
                                                                      const std::string& workload_config);

/// --workload-config, for the grid outputs.
inline void add_workload_config_option(CLI::App* cmd, std::string& path) {
  cmd->add_option("--workload-config", path,
                  "workload configuration JSON (docs/workload.md) for the workload column of the grid outputs "
                  "(default: the defaults)")
      ->check(CLI::ExistingFile);
}

/// Commands set `result` to their exit code.
void register_hierarchy(CLI::App& app, int& result);
void register_validate(CLI::App& app, int& result);   // validate + report
void register_partition(CLI::App& app, int& result);  // partition, redesign, improve, synth
void register_convert(CLI::App& app, int& result);    // format conversions
void register_workload(CLI::App& app, int& result);   // workload, staff
void register_simulate(CLI::App& app, int& result);   // simulate
void register_ensemble(CLI::App& app, int& result);   // ensemble
void register_build(CLI::App& app, int& result);      // build (with GRIDGOV_GEO)

}  // namespace gridgov::cli
