// gridgov workload / staff
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

#include "commands.hpp"
#include "gridgov/io/crs.hpp"
#include "gridgov/core/format.hpp"
#include "options.hpp"
#include "gridgov/workload/balanced.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/workload/fairness.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/workload/staffing.hpp"
#include "gridgov/workload/workload.hpp"

namespace gridgov::cli {
namespace {

using nlohmann::json;

json fairness_json(const FairnessStats& s) { return json::parse(to_json(s)); }

struct WorkloadArgs {
  std::string units, edges, plan, config, out_csv, report, balance;
  bool json_out = false, quiet = false;
  BoundArgs bounds;  // households (--balance)
  BalancedOptions balanced;
};

struct StaffArgs {
  std::string units, edges, plan, people, pattern, config, out, report, evaluate;
  bool json_out = false, quiet = false;
};

WorkloadSettings load_config(const std::string& path) {
  if (!path.empty()) return read_workload_config(path);
  WorkloadSettings defaults;
  return defaults;
}

}  // namespace

void check_crs_option(const std::string& crs) {
  io::check_crs(crs, "--crs");
  if (check_crs_known) check_crs_known(crs);
}

std::string output_crs(const UnitGraph& graph, const std::string& cells, const std::string& output, bool quiet) {
  std::string crs = graph.crs();
  if (crs.empty() && !cells.empty() && vector_file_crs) crs = vector_file_crs(cells);
  if (crs.empty() && !quiet)
    std::cerr << "warning: " << output << ": the CRS of the units' x, y is not known, so the GeoJSON states an "
              << "unknown planar CRS (not longitude/latitude): give --crs (e.g. --crs EPSG:32650)\n";
  return crs;
}

std::vector<std::pair<std::string, std::vector<double>>> grid_columns(const UnitGraph& graph, const Plan& plan,
                                                                      const std::string& workload_config) {
  if (workload_config.empty() && !(graph.has_attribute("households") && graph.has_attribute("population"))) return {};
  const WorkloadSettings cfg = load_config(workload_config);
  const WorkloadResult r = compute_workload(graph, plan, cfg.workload);
  std::vector<double> hours(static_cast<std::size_t>(plan.num_grids()), 0.0);
  for (std::size_t g = 0; g < r.grids.size() && g < hours.size(); ++g) hours[g] = r.grids[g].total;
  return {{"workload", std::move(hours)}};
}

namespace {

std::string hours(double h) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(1) << h;
  return o.str();
}

int run_workload(WorkloadArgs& a) {
  const WorkloadSettings cfg = load_config(a.config);
  const UnitGraph g = load_graph(a.units, a.edges);
  json out;
  int code = kExitOk;
  io::OutputFiles files;  // plan, table and report replaced together at the end
  if (!a.balance.empty()) {
    BalancedOptions& bo = a.balanced;
    bo.partition.rules.bounds = bounds_from(a.bounds);
    const auto r = balanced_partition(g, cfg.workload, bo);
    files.stage(a.balance, io::plan_csv(g, r.result.plan));
    json inf = json::array();
    for (const auto& i : r.result.infeasible) inf.push_back({{"kind", name(i.kind)}, {"community", i.community}, {"reason", i.reason}});
    out["balanced"] = {{"plan", a.balance},
                       {"grids", r.result.plan.num_grids()},
                       {"workload_bounds", {r.workload_bounds.min, r.workload_bounds.max}},
                       {"grids_within_both", r.grids_within_both},
                       {"workload_per_grid", fairness_json(r.balanced)},
                       {"households_only",
                        {{"grids", r.households_only.num_grids()},
                         {"grids_within_both", r.households_only_within_both},
                         {"workload_per_grid", fairness_json(r.households_only_stats)}}},
                       {"infeasible", inf}};
    if (!r.result.valid()) code = kExitInvalid;
    if (!a.json_out && !a.quiet) {
      std::cerr << "balanced partition: " << r.result.plan.num_grids() << " grids, " << r.grids_within_both
                << " within households " << format_number(a.bounds.first.min) << ".." << format_number(a.bounds.first.max) << " and workload " << hours(r.workload_bounds.min)
                << ".." << hours(r.workload_bounds.max) << " h/week; CV of workload per grid " << r.balanced.cv
                << " (households-only: " << r.households_only_stats.cv << ", " << r.households_only_within_both << " of "
                << r.households_only.num_grids() << " within both)\n";
      for (const auto& i : r.result.infeasible) std::cerr << "  [" << name(i.kind) << "] " << i.reason << "\n";
    }
    if (a.plan.empty()) {
      const auto w = compute_workload(g, r.result.plan, cfg.workload);
      if (!a.out_csv.empty()) files.stage(a.out_csv, workload_grids_csv(w));
      out["workload"] = json::parse(workload_to_json(w, -1));
    }
  }
  if (!a.plan.empty()) {
    const Plan plan = io::read_plan_csv(a.plan, g, csv_options());
    const auto w = compute_workload(g, plan, cfg.workload);
    if (!a.out_csv.empty()) files.stage(a.out_csv, workload_grids_csv(w));
    std::vector<double> totals;
    for (const auto& gr : w.grids) totals.push_back(gr.total);
    const auto f = fairness(totals);
    out["workload"] = json::parse(workload_to_json(w, -1));
    out["workload_per_grid"] = fairness_json(f);
    if (!a.json_out && !a.quiet) {
      WorkloadParts sum;
      for (const auto& gr : w.grids) {
        sum.routine += gr.parts.routine;
        sum.special += gr.parts.special;
        sum.events += gr.parts.events;
        sum.travel += gr.parts.travel;
        sum.admin += gr.parts.admin;
      }
      std::cout << "workload: " << w.grids.size() << " grids, " << hours(sum.total()) << " h/week in total\n"
                << "  routine " << hours(sum.routine) << ", special groups " << hours(sum.special) << ", events "
                << hours(sum.events) << ", travel " << hours(sum.travel) << ", admin " << hours(sum.admin) << "\n"
                << "  per grid: mean " << hours(f.mean) << ", min " << hours(f.min) << ", max " << hours(f.max)
                << " h/week; CV " << std::setprecision(3) << f.cv << ", max/mean " << f.max_over_mean << ", Gini "
                << f.gini << "\n";
      for (const auto& l : w.levels)
        if (l.level != "community")
          std::cout << "  " << l.level << (l.code.empty() ? "" : " " + l.code) << ": " << l.grids << " grids, "
                    << hours(l.total) << " h/week\n";
      for (const auto& warn : w.warnings) std::cerr << "warning: " << warn << "\n";
    }
  } else if (a.balance.empty()) {
    throw InputError("workload", 0, "give --plan (or --balance OUT.csv to draw a workload-balanced plan)");
  }
  const std::string text = out.dump(2) + "\n";
  if (!a.report.empty()) files.stage(a.report, text);
  files.commit();
  if (a.json_out) std::cout << text;
  return code;
}

std::vector<std::string> read_existing(const std::string& path, const std::vector<Person>& people) {
  const std::string text = io::read_text(path, csv_options());
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < people.size(); ++i) index.emplace(people[i].id, i);
  std::vector<std::string> grid(people.size());
  std::istringstream in(text);
  std::string line;
  std::size_t no = 0;
  int c_person = -1, c_grid = -1;
  while (std::getline(in, line)) {
    ++no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::stringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) f.push_back(cell);
    if (c_person < 0) {
      for (std::size_t i = 0; i < f.size(); ++i) {
        if (f[i] == "person" || f[i] == "id") c_person = static_cast<int>(i);
        if (f[i] == "grid") c_grid = static_cast<int>(i);
      }
      if (c_person < 0 || c_grid < 0) throw InputError(path, no, "expected columns person (or id) and grid");
      continue;
    }
    if (f.size() <= static_cast<std::size_t>(std::max(c_person, c_grid))) throw InputError(path, no, "too few fields");
    auto it = index.find(f[static_cast<std::size_t>(c_person)]);
    if (it == index.end()) throw InputError(path, no, "unknown person '" + f[static_cast<std::size_t>(c_person)] + "'");
    grid[it->second] = f[static_cast<std::size_t>(c_grid)];
  }
  return grid;
}

int run_staff(const StaffArgs& a) {
  WorkloadSettings cfg = load_config(a.config);
  if (!a.pattern.empty()) cfg.staffing.pattern = parse_pattern(a.pattern);
  const UnitGraph g = load_graph(a.units, a.edges);
  const Plan plan = io::read_plan_csv(a.plan, g, csv_options());
  const auto w = compute_workload(g, plan, cfg.workload);
  const auto people = parse_people_csv(io::read_text(a.people, csv_options()), a.people);
  StaffingResult r;
  try {
    r = a.evaluate.empty() ? staff(w, people, cfg.staffing)
                           : evaluate_staffing(w, people, read_existing(a.evaluate, people), cfg.staffing);
  } catch (const InputError& e) {
    // Errors about people name them as "people:LINE"; name the file instead.
    std::string msg = e.what();
    if (msg.rfind("people:", 0) == 0) throw InputError(a.people + msg.substr(6));
    throw;
  }
  io::OutputFiles files;
  if (!a.out.empty()) files.stage(a.out, assignments_csv(r, w));
  const std::string text = staffing_to_json(r, 2) + "\n";
  if (!a.report.empty()) files.stage(a.report, text);
  files.commit();
  if (a.json_out) {
    std::cout << text;
  } else if (!a.quiet || !r.summary.feasible) {
    const auto& s = r.summary;
    std::cout << (a.evaluate.empty() ? "staff" : "evaluate") << " (" << cfg.staffing.pattern.name << "): " << s.grids
              << " grids, " << s.people << " people, " << s.people_assigned << " assigned; full-time distance "
              << hours(s.full_time_distance_km) << " km; uncovered " << hours(s.uncovered_hours) << " h/week in "
              << s.grids_uncovered << " grids; " << s.overloaded_people << " overloaded; " << s.pricing_rounds
              << " pricing rounds; " << std::setprecision(3) << s.seconds << " s\n"
              << "  load per person: mean " << r.load_fairness.mean << ", max " << r.load_fairness.max << ", CV "
              << r.load_fairness.cv << ", Gini " << r.load_fairness.gini << "\n"
              << "  minimum staff for " << cfg.staffing.pattern.name << ": " << r.minimum.full_time << " full-time, "
              << r.minimum.part_time << " part-time, " << r.minimum.auxiliary << " auxiliary (" << r.minimum.total()
              << ")\n";
    for (const auto& sh : r.shortages) std::cout << "  SHORT [" << sh.what << "] " << sh.message << "\n";
    std::cout << (s.feasible ? "feasible\n" : "NOT feasible\n");
  }
  return r.summary.feasible ? kExitOk : kExitInvalid;
}

}  // namespace

void register_workload(CLI::App& app, int& result) {
  {
    auto a = std::make_shared<WorkloadArgs>();
    auto* cmd = app.add_subcommand(
        "workload", "Workload per unit, grid and level in hours per week (routine, special groups, events, travel, admin);\n"
                    "with --balance, draw grids bounded by households and workload.");
    add_graph_options(cmd, a->units, a->edges);
    cmd->add_option("--plan", a->plan, "plan CSV id,grid");
    cmd->add_option("--config", a->config, "workload JSON (docs/workload.md)");
    cmd->add_flag("--json", a->json_out, "print the JSON report on stdout");
    cmd->add_option("--report", a->report, "write the JSON report to this file");
    cmd->add_option("--out-csv", a->out_csv, "write per-grid totals as CSV");
    cmd->add_option("--balance", a->balance, "draw a workload-balanced plan and write it here");
    // With --balance: the households bounds and every option of the balanced partition.
    add_bound_options(cmd, a->bounds);
    add_options(cmd, a->balanced);
    add_preset_option(cmd, a->balanced);
    cmd->add_flag("--quiet", a->quiet, "print nothing on success");
    cmd->callback([a, &result] { result = run_workload(*a); });
  }
  {
    auto a = std::make_shared<StaffArgs>();
    auto* cmd = app.add_subcommand(
        "staff", "Assign people to grids by a staffing pattern (1+3+X, 1+N, 1+4+X, 1+1), covering the workload\n"
                 "at minimum travel and load spread; reports shortages and the minimum staff. Exit 1 when short.");
    add_graph_options(cmd, a->units, a->edges);
    cmd->add_option("--plan", a->plan, "plan CSV id,grid")->required();
    cmd->add_option("--people", a->people, "people CSV id,role[,hours][,x,y][,community][,skills]")->required();
    cmd->add_option("--pattern", a->pattern, "staffing pattern (default from the config, else 1+3+X)");
    cmd->add_option("--config", a->config, "workload/staffing JSON (docs/workload.md)");
    cmd->add_option("--out", a->out, "write the assignment CSV person,role,grid,hours,slot");
    cmd->add_option("--report", a->report, "write the JSON report to this file");
    cmd->add_option("--evaluate", a->evaluate, "evaluate an existing staffing CSV person,grid instead of assigning");
    cmd->add_flag("--json", a->json_out, "print the JSON report on stdout");
    cmd->add_flag("--quiet", a->quiet, "print nothing when feasible");
    cmd->callback([a, &result] { result = run_staff(*a); });
  }
}

}  // namespace gridgov::cli
