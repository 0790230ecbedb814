// gridgov ensemble: ReCom chains from a plan, how typical the plan is, and
// (with --simulate) the service outcome across sampled plans.
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/core/format.hpp"
#include "gridgov/core/json.hpp"
#include "gridgov/ensemble/ensemble.hpp"
#include "gridgov/ensemble/outcomes.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/workload/config.hpp"
#include "options.hpp"

namespace gridgov::cli {
namespace {

using nlohmann::json;

struct EnsembleArgs {
  std::string units, edges, plan, out, report, plans_out, workload, sim_params;
  std::vector<std::string> lock_grids;
  BoundArgs bounds;
  bool simulate = false, quiet = false;
  int sim_plans = 20, replications = 3, days = 365;
  double full_time = 1, part_time = 3, part_time_hours = 8;
};

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void run(const EnsembleArgs& a, EnsembleOptions o, int& result) {
  if (ends_with(a.out, ".parquet"))
    throw InputError(a.out, 0,
                     "this gridgov command writes CSV only (no Arrow in the core): use --out E.csv, or "
                     "gridgov.ensemble(..., out=\"E.parquet\") in Python, which writes parquet through pyarrow");
  o.rules.bounds = bounds_from(a.bounds);
  const UnitGraph g = load_graph(a.units, a.edges);
  const Plan plan = io::read_plan_csv(a.plan, g);
  if (!plan.conflicts.empty())
    throw InputError(a.plan, plan.conflicts[0].line, "unit '" + g.id(plan.conflicts[0].unit) + "' is assigned to two grids");
  for (const auto& code : a.lock_grids) {
    bool found = false;
    for (GridIndex q = 0; q < plan.num_grids() && !found; ++q)
      if (plan.grid_codes[static_cast<std::size_t>(q)] == code)
        for (UnitIndex u = 0; u < g.size(); ++u)
          if (plan.grid_of[static_cast<std::size_t>(u)] == q) {
            o.locked.push_back(u);
            found = true;
            break;
          }
    if (!found) throw InputError(a.plan, 0, "--lock-grid: grid '" + code + "' is not in the plan");
  }
  std::optional<WorkloadSettings> wl;
  if (!a.workload.empty()) wl = read_workload_config(a.workload);
  if (a.simulate) o.keep_plans = std::max(1, (a.sim_plans + o.chains - 1) / o.chains);
  EnsembleOutput out;
  out.scores_path = a.out;
  out.plans_path = a.plans_out;
  const auto r = ensemble(g, plan, o, wl ? &wl->workload : nullptr, out);
  json report = json::parse(to_json(r));
  report["command"] = "ensemble";
  report["options"] = json::parse(json(o).dump());
  if (a.simulate) {
    const SimParams params = a.sim_params.empty() ? SimParams{} : read_sim_params(a.sim_params);
    ReplicateOptions ro;
    ro.replications = a.replications;
    ro.sim.days = a.days;
    ro.sim.seed = o.run.seed;
    ro.threads = o.threads;
    std::vector<Plan> sample = r.plans;
    auto chains = r.plan_chain;
    auto steps = r.plan_step;
    if (static_cast<int>(sample.size()) > a.sim_plans) {
      sample.resize(static_cast<std::size_t>(a.sim_plans));
      chains.resize(sample.size());
      steps.resize(sample.size());
    }
    const auto staffing = Staffing::uniform(plan.num_grids(), a.full_time, a.part_time, a.part_time_hours);
    const auto oc = simulate_plans(g, plan, sample, staffing, params, ro, chains, steps);
    report["outcomes"] = json::parse(to_json(oc));
    if (!a.quiet)
      std::cerr << std::fixed << std::setprecision(2) << "  simulated " << sample.size() << " plans x " << a.replications
                << " replications: resolution " << 100 * oc.given.resolution_rate.mean << "% (percentile "
                << 100 * oc.resolution_percentile << ", sd across plans " << 100 * oc.resolution_sd_across_plans
                << " points, within a plan " << 100 * oc.resolution_sd_within_plan << "), on time "
                << 100 * oc.given.on_time_rate.mean << "% (percentile " << 100 * oc.on_time_percentile << ")\n"
                << std::defaultfloat;
  }
  if (!a.report.empty()) io::write_file_atomic(a.report, report.dump(2) + "\n");
  if (!a.quiet) {
    std::cerr << "ensemble: " << r.chains.size() << " chain(s), " << r.samples << " samples, acceptance "
              << format_number(r.acceptance_rate, 3) << ", " << r.distinct_plans << (r.distinct_capped ? "+" : "")
              << " distinct plans\n";
    for (std::size_t i = 0; i < r.overall.size(); ++i) {
      const auto& t = r.overall[i];
      const auto& d = r.diagnostics[i];
      std::cerr << "  " << std::left << std::setw(20) << t.score << std::right << " plan " << std::setw(10)
                << format_number(t.value, 6) << "  percentile " << std::setw(6) << format_number(100 * t.percentile, 3)
                << "%  ensemble mean " << format_number(d.mean, 6) << " sd " << format_number(d.sd, 4) << "  R-hat "
                << format_number(d.gelman_rubin, 4) << "  lag-1 acf "
                << format_number(d.autocorrelation.empty() ? 0.0 : d.autocorrelation[0], 3) << "\n";
    }
    for (const auto& w : r.warnings) std::cerr << "  warning: " << w << "\n";
  }
  result = kExitOk;
}

}  // namespace

void register_ensemble(CLI::App& app, int& result) {
  auto a = std::make_shared<EnsembleArgs>();
  auto o = std::make_shared<EnsembleOptions>();
  auto* cmd = app.add_subcommand(
      "ensemble",
      "Draw an ensemble of valid plans with a ReCom Markov chain from a plan (every grid contiguous, nested, within "
      "every bound; dedicated and locked grids fixed), stream the scores per step to CSV, and report the plan's "
      "percentile on every score, per community and overall, with chain diagnostics.");
  add_graph_options(cmd, a->units, a->edges);
  add_bound_options(cmd, a->bounds);
  add_options(cmd, *o);
  cmd->add_option("--plan", a->plan, "plan CSV: id,grid (must keep the rules)")->required();
  cmd->add_option("--out", a->out, "scores CSV to write: chain,step,accepted,plan_hash,<scores>");
  cmd->add_option("--report", a->report, "report JSON to write (typicality, diagnostics, outcomes)");
  cmd->add_option("--plans-out", a->plans_out, "plans file to write (every accepted move, for replay)");
  cmd->add_option("--workload", a->workload, "workload config JSON: adds workload spread and Gini to the scores");
  cmd->add_option("--lock-grid", a->lock_grids, "grid code that never moves (repeatable)");
  cmd->add_flag("--simulate", a->simulate, "simulate the plan and a sample of ensemble plans");
  cmd->add_option("--sim-params", a->sim_params, "simulation parameter JSON (implies --simulate)");
  cmd->add_option("--sim-plans", a->sim_plans, "ensemble plans to simulate")->check(CLI::Range(1, 100000))->capture_default_str();
  cmd->add_option("--replications", a->replications, "replications per plan")->check(CLI::Range(1, 100000))->capture_default_str();
  cmd->add_option("--days", a->days, "simulated days")->check(CLI::Range(1, 36500))->capture_default_str();
  cmd->add_option("--full-time", a->full_time, "full-time workers per grid (simulation)")->capture_default_str();
  cmd->add_option("--part-time", a->part_time, "part-time helpers per grid (simulation)")->capture_default_str();
  cmd->add_option("--part-time-hours", a->part_time_hours, "weekly hours of each helper (simulation)")->capture_default_str();
  cmd->add_flag("--quiet", a->quiet, "print nothing on success");
  cmd->callback([a, o, &result] {
    if (!a->sim_params.empty()) a->simulate = true;
    run(*a, *o, result);
  });
}

}  // namespace gridgov::cli
