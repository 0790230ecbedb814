// Simulated service outcomes across ensemble plans.
#include "gridgov/ensemble/outcomes.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "gridgov/core/error.hpp"

namespace gridgov {

namespace {

std::size_t metric(const char* name) {
  const auto& names = sim_metric_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return i;
  throw Error(std::string("internal: no simulation metric ") + name);
}

PlanOutcome outcome_of(const ReplicationSummary& s) {
  PlanOutcome o;
  o.resolution_rate = s.estimates[metric("resolution_rate")];
  o.on_time_rate = s.estimates[metric("on_time_rate")];
  o.grid_share = s.estimates[metric("grid_share")];
  return o;
}

double percentile(double x, const std::vector<double>& v) {
  if (v.empty()) return std::nan("");
  double below = 0, equal = 0;
  for (double y : v) {
    below += y < x;
    equal += y == x;
  }
  return (below + 0.5 * equal) / static_cast<double>(v.size());
}

double sd(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  double m = 0;
  for (double y : v) m += y;
  m /= static_cast<double>(v.size());
  double q = 0;
  for (double y : v) q += (y - m) * (y - m);
  return std::sqrt(q / static_cast<double>(v.size() - 1));
}

}  // namespace

EnsembleOutcomes simulate_plans(const UnitGraph& graph, const Plan& given, const std::vector<Plan>& plans,
                                const Staffing& staffing, const SimParams& params, const ReplicateOptions& options,
                                const std::vector<std::int32_t>& chains, const std::vector<std::int64_t>& steps) {
  EnsembleOutcomes out;
  ReplicateOptions ro = options;
  ro.keep_runs = false;
  out.given = outcome_of(replicate(graph, given, staffing, params, ro));
  std::vector<double> res, ont, gs;
  double within_r = 0, within_o = 0;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    if (plans[i].num_grids() != given.num_grids())
      throw InputError("ensemble", 0, "plan " + std::to_string(i) + " has " + std::to_string(plans[i].num_grids()) +
                                          " grids, the given plan " + std::to_string(given.num_grids()));
    auto o = outcome_of(replicate(graph, plans[i], staffing, params, ro));
    o.chain = i < chains.size() ? chains[i] : 0;
    o.step = i < steps.size() ? steps[i] : 0;
    res.push_back(o.resolution_rate.mean);
    ont.push_back(o.on_time_rate.mean);
    gs.push_back(o.grid_share.mean);
    within_r += o.resolution_rate.sd;
    within_o += o.on_time_rate.sd;
    out.plans.push_back(o);
  }
  out.resolution_percentile = percentile(out.given.resolution_rate.mean, res);
  out.on_time_percentile = percentile(out.given.on_time_rate.mean, ont);
  out.grid_share_percentile = percentile(out.given.grid_share.mean, gs);
  out.resolution_sd_across_plans = sd(res);
  out.on_time_sd_across_plans = sd(ont);
  if (!plans.empty()) {
    out.resolution_sd_within_plan = within_r / static_cast<double>(plans.size());
    out.on_time_sd_within_plan = within_o / static_cast<double>(plans.size());
  }
  return out;
}

std::string to_json(const EnsembleOutcomes& o, int indent) {
  using nlohmann::json;
  auto est = [](const Estimate& e) { return json{{"mean", e.mean}, {"sd", e.sd}, {"low", e.low}, {"high", e.high}, {"n", e.n}}; };
  auto plan = [&](const PlanOutcome& p) {
    return json{{"chain", p.chain}, {"step", p.step}, {"resolution_rate", est(p.resolution_rate)},
                {"on_time_rate", est(p.on_time_rate)}, {"grid_share", est(p.grid_share)}};
  };
  json j;
  j["given"] = plan(o.given);
  j["plans"] = json::array();
  for (const auto& p : o.plans) j["plans"].push_back(plan(p));
  j["resolution_percentile"] = o.resolution_percentile;
  j["on_time_percentile"] = o.on_time_percentile;
  j["grid_share_percentile"] = o.grid_share_percentile;
  j["resolution_sd_across_plans"] = o.resolution_sd_across_plans;
  j["on_time_sd_across_plans"] = o.on_time_sd_across_plans;
  j["resolution_sd_within_plan"] = o.resolution_sd_within_plan;
  j["on_time_sd_within_plan"] = o.on_time_sd_within_plan;
  return j.dump(indent);
}

}  // namespace gridgov
