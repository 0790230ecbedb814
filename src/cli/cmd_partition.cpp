// gridgov partition / redesign / improve / synth
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "gridgov/core/json.hpp"
#include "options.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/core/format.hpp"
#include "gridgov/partition/improve.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/io/geojson.hpp"
#include "gridgov/partition/partition.hpp"
#include "gridgov/partition/redesign.hpp"
#include "gridgov/partition/synth.hpp"
#include "gridgov/core/validate.hpp"

namespace gridgov::cli {
namespace {

using nlohmann::json;

// Files and printing; the options themselves are bound onto the structs.
struct CommonArgs {
  std::string units, edges, plan, out, report, geojson, cells, out_grids, crs, workload_config;
  double cell_distance = 100.0;
  BoundArgs bounds;
  bool quiet = false;
};

void add_common_options(CLI::App* cmd, CommonArgs& a) {
  add_graph_options(cmd, a.units, a.edges);
  add_bound_options(cmd, a.bounds);
  cmd->add_flag("--quiet", a.quiet, "print nothing on success");
  cmd->add_option("--crs", a.crs,
                  "CRS of the units' x, y (EPSG:32650, an OGC URN or WKT), stated in --geojson (default: that of "
                  "--cells, else unknown)");
  if (prepare_grid_polygons) {  // built with GRIDGOV_GEO
    cmd->add_option("--cells", a.cells,
                    "cell polygons of the units (gridgov build --out-cells), for --out-grids and --geojson (default: "
                    "the Voronoi cells of the unit points, --cell-distance)");
    cmd->add_option("--out-grids", a.out_grids,
                    "grid polygons to write (.gpkg, .geojson, .shp, .fgb): the cells of each grid dissolved");
    cmd->add_option("--cell-distance", a.cell_distance,
                    "without --cells: metres a point unit's cell reaches (its Voronoi cell, cut at this distance)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
  }
  add_workload_config_option(cmd, a.workload_config);
}

json infeasible_json(const UnitGraph& g, const std::vector<Infeasibility>& inf) {
  json arr = json::array();
  for (const auto& i : inf) {
    json units = json::array();
    for (auto u : i.units) units.push_back(g.id(u));
    json o{{"kind", i.kind},
           {"status", i.proven() ? "proven_infeasible" : "undecided"},
           {"community", i.community},
           {"units", units},
           {"reason", i.reason}};
    if (i.witness.unit >= 0)
      o["witness"] = {{"unit", g.id(i.witness.unit)},
                      {"attribute", i.witness.attribute},
                      {"weight", i.witness.weight},
                      {"neighbours_min", i.witness.neighbours_min},
                      {"neighbours_max", i.witness.neighbours_max},
                      {"reach", i.witness.reach}};
    arr.push_back(std::move(o));
  }
  return arr;
}

json summary_json(const ValidationReport& rep, const UnitGraph& g, const std::vector<Infeasibility>& inf) {
  const auto& s = rep.summary;
  return json{{"units", s.units},
              {"grids", s.grids},
              {"grids_within_bounds", s.grids_within_bounds},
              {"within_bounds", s.within_bounds},
              {"contiguous", s.contiguous},
              {"nested", s.nested},
              {"valid", s.valid && inf.empty()},
              {"mean_cut_edge_ratio", s.mean_cut_edge_ratio},
              {"infeasible", infeasible_json(g, inf)}};
}

json grids_json(const Plan& plan, const std::vector<GridInfo>& grids, const UnitGraph& g) {
  json arr = json::array();
  for (std::size_t q = 0; q < grids.size(); ++q) {
    const auto& gi = grids[q];
    arr.push_back({{"code", plan.grid_codes[q]},
                   {"kind", gi.kind},
                   {"community", gi.community >= 0 ? std::string(g.communities()[static_cast<std::size_t>(gi.community)]) : std::string()},
                   {"units", gi.units},
                   {"totals", gi.totals},
                   {"off_bounds", gi.off_bounds},
                   {"within_bounds", gi.within_bounds},
                   {"flagged", gi.flagged}});
  }
  return arr;
}

// The CLI checks its own plan independently, under the same rules.
ValidationReport check(const UnitGraph& g, const Plan& plan, const GridRules& rules) {
  ValidateOptions vo;
  vo.rules = rules;
  vo.details = false;  // the report carries the summary and the partition's own per-grid figures
  return validate(g, plan, vo);
}

void print_line(const CommonArgs& a, const std::string& what, const ValidationReport& rep,
                const std::vector<Infeasibility>& inf) {
  if (a.quiet && inf.empty() && rep.summary.valid) return;
  std::cerr << what << ": " << rep.summary.grids << " grids, " << rep.summary.grids_within_bounds << " within bounds, "
            << (rep.summary.contiguous ? "all contiguous" : "NOT all contiguous") << ", "
            << (rep.summary.nested ? "all nested" : "NOT all nested") << ", mean cut-edge ratio "
            << rep.summary.mean_cut_edge_ratio << "\n";
  for (std::size_t i = 0; i < inf.size() && i < 20; ++i)
    std::cerr << "  [" << name(inf[i].kind) << (inf[i].proven() ? ", proven" : ", undecided") << "] " << inf[i].reason
              << "\n";
  if (inf.size() > 20) std::cerr << "  ... and " << inf.size() - 20 << " more (see the report)\n";
}

// Pieces planned / proven infeasible / undecided, and the flagged grids
// with how far each is from its bounds.
void print_pieces(const PartitionResult& r, const GridRules& rules) {
  const auto& st = r.stats;
  std::cerr << "  pieces: " << st.pieces - st.pieces_proven_infeasible - st.pieces_undecided << " planned, "
            << st.pieces_proven_infeasible << " proven infeasible, " << st.pieces_undecided << " undecided\n";
  std::size_t shown = 0, flagged = 0;
  for (std::size_t q = 0; q < r.grids.size(); ++q) {
    const auto& gi = r.grids[q];
    if (!gi.flagged || gi.within_bounds) continue;
    ++flagged;
    if (shown++ >= 20) continue;
    std::cerr << "  flagged grid " << r.plan.grid_codes[q] << ":";
    for (std::size_t b = 0; b < rules.bounds.size() && b < gi.off_bounds.size(); ++b) {
      const double off = gi.off_bounds[b];
      std::cerr << " " << format_number(gi.totals[b]) << " " << rules.bounds[b].attribute;
      if (off > 0) std::cerr << " (" << format_number(off) << " above the maximum)";
      else if (off < 0) std::cerr << " (" << format_number(-off) << " below the minimum)";
    }
    std::cerr << "\n";
  }
  if (shown > 20) std::cerr << "  ... and " << flagged - 20 << " more flagged grids (see the report)\n";
}

int exit_code(const ValidationReport& rep, const std::vector<Infeasibility>& inf) {
  return inf.empty() && rep.summary.contiguous && rep.summary.nested && rep.summary.within_bounds ? kExitOk
                                                                                                  : kExitInvalid;
}

// Plan, report and GeoJSON are written in full first, then replaced together.
void write_outputs(const CommonArgs& a, const UnitGraph& g, const Plan& plan, const json& report) {
  // The grid polygons are read and dissolved first; every text output is
  // written in full, then the polygons (GDAL), then the texts are named together.
  std::vector<std::pair<std::string, std::vector<double>>> columns;  // per grid: workload
  if (!a.out_grids.empty() || !a.geojson.empty()) columns = grid_columns(g, plan, a.workload_config);
  std::function<void()> write_grids;
  if (!a.out_grids.empty()) write_grids = prepare_grid_polygons(a.cells, a.out_grids, g, plan, columns, a.cell_distance);
  // With GRIDGOV_GEO the GeoJSON grids are the units' cells dissolved by
  // GEOS (they tile); without it, the convex hulls of their points.
  io::Geometries grids;
  if (!a.geojson.empty() && grid_polygons) grids = grid_polygons(g, plan, a.cells, a.cell_distance, nullptr);
  io::OutputFiles out;
  out.stage(a.out, io::plan_csv(g, plan));
  if (!a.report.empty()) out.stage(a.report, report.dump(2) + "\n");
  if (!a.geojson.empty()) {
    io::PlanGeoJsonOptions o;
    o.crs = output_crs(g, a.cells, a.geojson, a.quiet);
    o.per_grid = true;
    o.dissolve = true;
    o.grid_columns = columns;
    if (grid_polygons) o.grid_polygons = &grids;
    out.stage(a.geojson, io::plan_geojson(g, &plan, nullptr, o));
  }
  if (write_grids) write_grids();
  out.commit();
}

}  // namespace

void register_partition(CLI::App& app, int& result) {
  // partition
  {
    auto a = std::make_shared<CommonArgs>();
    auto o = std::make_shared<PartitionOptions>();
    auto* cmd = app.add_subcommand("partition",
                                   "Draw grids: contiguous, nested in communities (or streets), within bounds "
                                   "(default 300-500 households). Exit 0 if every rule holds, 1 if some piece "
                                   "admits no valid plan (the plan is still written).");
    add_common_options(cmd, *a);
    add_options(cmd, *o);
    add_preset_option(cmd, *o);
    cmd->add_option("--out", a->out, "plan CSV to write: id,grid")->required();
    cmd->add_option("--report", a->report, "report JSON to write");
    cmd->add_option("--geojson", a->geojson, "grids GeoJSON to write: each grid the union of its units' cells (--cells, else the Voronoi cells of the unit "
                    "points), with households, population and workload");
    cmd->callback([a, o, &result] {
      o->rules.bounds = bounds_from(a->bounds);
      const UnitGraph g = load_graph(a->units, a->edges, a->crs);
      const auto r = partition(g, *o);
      const auto rep = check(g, r.plan, o->rules);
      json report;  // built only when asked for: it is most of the work after partitioning
      if (!a->report.empty())
        report = json{{"command", "partition"},
                  {"summary", summary_json(rep, g, r.infeasible)},
                  {"bounds", o->rules.bounds},
                  {"nesting", o->rules.nesting},
                  {"seed", o->run.seed},
                  {"options", *o},
                  {"stats", r.stats},
                  {"warnings", r.warnings},
                  {"grids", grids_json(r.plan, r.grids, g)}};
      if (!a->report.empty())
        report["stats"]["pieces_planned"] = r.stats.pieces - r.stats.pieces_proven_infeasible - r.stats.pieces_undecided;
      write_outputs(*a, g, r.plan, report);
      print_line(*a, "partition", rep, r.infeasible);
      if (!r.infeasible.empty()) print_pieces(r, o->rules);
      for (const auto& w : r.warnings) std::cerr << "  warning: " << w << "\n";
      result = exit_code(rep, r.infeasible);
    });
  }
  // redesign
  {
    auto a = std::make_shared<CommonArgs>();
    auto o = std::make_shared<RedesignOptions>();
    auto* cmd = app.add_subcommand("redesign",
                                   "Repair an existing plan after the units changed, moving as few households as "
                                   "possible; unchanged grids keep their codes.");
    add_common_options(cmd, *a);
    add_options(cmd, *o);
    add_preset_option(cmd, *o);
    cmd->add_option("--plan", a->plan, "the old plan CSV: id,grid (ids no longer present are ignored)")->required();
    cmd->add_option("--out", a->out, "new plan CSV to write")->required();
    cmd->add_option("--report", a->report, "report JSON to write (with every move)");
    cmd->add_option("--geojson", a->geojson, "grids GeoJSON to write");
    cmd->callback([a, o, &result] {
      o->rules.bounds = bounds_from(a->bounds);
      const UnitGraph g = load_graph(a->units, a->edges, a->crs);
      std::int64_t removed = 0;
      const Plan old = io::read_old_plan_csv(a->plan, g, removed, csv_options());
      const auto r = redesign(g, old, *o);
      const auto rep = check(g, r.plan, o->rules);
      json moves = json::array();
      for (const auto& m : r.moves)
        moves.push_back({{"unit", g.id(m.unit)}, {"old_grid", m.old_grid}, {"new_grid", m.new_grid}, {"households", m.households}});
      auto summary = summary_json(rep, g, r.infeasible);
      summary["moved_units"] = r.moved_units;
      summary["moved_households"] = r.moved_households;
      summary["placed_units"] = r.placed_units;
      summary["removed_units"] = removed;
      summary["kept_grids"] = r.kept_grids.size();
      summary["changed_grids"] = r.changed_grids.size();
      summary["new_grids"] = r.new_grids.size();
      summary["removed_grids"] = r.removed_grids.size();
      json report{{"command", "redesign"},
                  {"summary", summary},
                  {"bounds", o->rules.bounds},
                  {"nesting", o->rules.nesting},
                  {"options", *o},
                  {"moves", moves},
                  {"changed_grids", r.changed_grids},
                  {"new_grids", r.new_grids},
                  {"removed_grids", r.removed_grids},
                  {"warnings", r.warnings},
                  {"grids", grids_json(r.plan, r.grids, g)}};
      write_outputs(*a, g, r.plan, report);
      print_line(*a, "redesign", rep, r.infeasible);
      if (!a->quiet)
        std::cerr << "  moved " << r.moved_units << " units (" << r.moved_households << " households), placed "
                  << r.placed_units << " new units; " << r.kept_grids.size() << " grids kept, " << r.changed_grids.size()
                  << " changed, " << r.new_grids.size() << " new, " << r.removed_grids.size() << " removed\n";
      result = exit_code(rep, r.infeasible);
    });
  }
  // improve
  {
    auto a = std::make_shared<CommonArgs>();
    auto o = std::make_shared<ImproveOptions>();
    auto* cmd = app.add_subcommand("improve",
                                   "Shorten grid boundaries and even out totals by moving boundary units, never "
                                   "breaking contiguity, nesting or bounds.");
    add_common_options(cmd, *a);
    add_options(cmd, *o);
    add_preset_option(cmd, *o);
    cmd->add_option("--plan", a->plan, "plan CSV: id,grid")->required();
    cmd->add_option("--out", a->out, "improved plan CSV to write")->required();
    cmd->add_option("--report", a->report, "report JSON to write");
    cmd->add_option("--geojson", a->geojson, "grids GeoJSON to write");
    cmd->callback([a, o, &result] {
      o->rules.bounds = bounds_from(a->bounds);
      const UnitGraph g = load_graph(a->units, a->edges, a->crs);
      const Plan plan = io::read_plan_csv(a->plan, g, csv_options());
      if (!plan.conflicts.empty())
        throw InputError(a->plan, plan.conflicts[0].line,
                         "unit '" + g.id(plan.conflicts[0].unit) + "' is assigned to two grids");
      const auto r = improve(g, plan, *o);
      const auto rep = check(g, r.plan, o->rules);
      auto summary = summary_json(rep, g, {});
      summary["cut_edges_before"] = r.cut_edges_before;
      summary["cut_edges_after"] = r.cut_edges_after;
      summary["spread_before"] = r.spread_before;
      summary["spread_after"] = r.spread_after;
      summary["moved_units"] = r.moved_units;
      json report{{"command", "improve"}, {"summary", summary}, {"bounds", o->rules.bounds},
                  {"options", *o}, {"passes", r.passes}};
      write_outputs(*a, g, r.plan, report);
      print_line(*a, "improve", rep, {});
      if (!a->quiet)
        std::cerr << "  cut edges " << r.cut_edges_before << " -> " << r.cut_edges_after << ", " << r.moved_units
                  << " units moved\n";
      result = rep.summary.valid ? kExitOk : kExitInvalid;
    });
  }
  // synth
  {
    auto o = std::make_shared<SynthOptions>();
    auto out_units = std::make_shared<std::string>(), out_edges = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("synth", "Generate a synthetic city (buildings, households, communities, streets).");
    cmd->add_option("--units", o->units, "number of buildings")->capture_default_str()->check(CLI::Range(1, 50'000'000));
    cmd->add_option("--seed", o->seed, "random seed")->capture_default_str();
    cmd->add_flag("--queen", o->queen, "8-neighbour contiguity instead of 4");
    cmd->add_option("--towers", o->tower_share, "share of towers (100-250 households)")->capture_default_str();
    cmd->add_option("--rivers", o->rivers, "number of rivers")->capture_default_str();
    cmd->add_option("--parks", o->park_share, "share of lattice cells in parks")->capture_default_str();
    cmd->add_option("--dedicated", o->dedicated_share, "share of dedicated units (schools, hospitals)")->capture_default_str();
    cmd->add_option("--rural", o->rural_share, "share of rural communities")->capture_default_str();
    cmd->add_option("--county", o->county, "6-digit county code")->capture_default_str();
    cmd->add_option("--out-units", *out_units, "units CSV to write")->required();
    cmd->add_option("--out-edges", *out_edges, "edges CSV to write")->required();
    cmd->callback([o, out_units, out_edges, &result] {
      const auto g = synth_city(*o);
      io::write_units_csv(*out_units, g);
      io::write_edges_csv(*out_edges, g);
      result = kExitOk;
    });
  }
}

}  // namespace gridgov::cli
