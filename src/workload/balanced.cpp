// Workload-balanced partition: households and workload bounds together.
#include "gridgov/workload/balanced.hpp"

#include <cmath>

#include "gridgov/core/error.hpp"

namespace gridgov {
namespace {

std::int64_t within_both(const UnitGraph& g, const Plan& plan, const std::vector<GridInfo>& info,
                         const std::vector<double>& unit_w, const GridRules& rules, const Bounds& hh, const Bounds& wb) {
  const auto k = static_cast<std::size_t>(plan.num_grids());
  std::vector<double> h(k, 0.0), w(k, 0.0);
  const auto col = g.attribute(hh.attribute);
  for (std::size_t u = 0; u < plan.grid_of.size(); ++u) {
    const auto q = plan.grid_of[u];
    if (q < 0) continue;
    h[static_cast<std::size_t>(q)] += col[u];
    w[static_cast<std::size_t>(q)] += unit_w[u];
  }
  std::int64_t n = 0;
  for (std::size_t q = 0; q < k; ++q) {
    const bool exempt = q < info.size() && info[q].kind == GridKind::dedicated;
    if (exempt || (rules.within(h[q], hh) && rules.within(w[q], wb))) ++n;
  }
  return n;
}

std::vector<double> grid_totals(const UnitGraph& g, const Plan& plan, const WorkloadConfig& cfg) {
  const auto r = compute_workload(g, plan, cfg);
  std::vector<double> out;
  for (const auto& gr : r.grids)
    if (gr.units > 0) out.push_back(gr.total);
  return out;
}

}  // namespace

BalancedResult balanced_partition(const UnitGraph& units, const WorkloadConfig& cfg, const BalancedOptions& opt) {
  check_fields(opt, "balanced_partition");
  if (opt.partition.rules.bounds.empty()) throw InputError("balanced_partition", 0, "give at least a households bound");
  if (opt.tolerance < 0 || !std::isfinite(opt.tolerance))
    throw InputError("balanced_partition", 0, "tolerance must be a finite number >= 0");
  if (opt.workload_min < 0 || opt.workload_max < 0 || (opt.workload_max > 0 && opt.workload_max < opt.workload_min))
    throw InputError("balanced_partition", 0, "workload bounds must satisfy 0 <= min <= max");
  BalancedResult res;
  const auto uw = unit_workload(units, cfg);
  res.unit_workload = uw.total;
  const Bounds& first = opt.partition.rules.bounds.front();
  const double admin = cfg.admin_hours_per_grid_per_week;
  if (opt.workload_max > 0) {
    res.workload_bounds = Bounds{"workload", opt.workload_min, opt.workload_max};
  } else {
    const auto base = units.attribute(first.attribute);
    double total_w = 0, total_b = 0;
    for (std::size_t u = 0; u < base.size(); ++u) {
      total_w += uw.total[u];
      total_b += base[u];
    }
    const double target = opt.partition.target_size > 0 ? opt.partition.target_size : 0.5 * (first.min + first.max);
    const double per = total_b > 0 ? total_w / total_b : 0.0;
    res.workload_bounds = Bounds{"workload", std::max(0.0, per * target * (1.0 - opt.tolerance)) + admin,
                                 per * target * (1.0 + opt.tolerance) + admin};
  }
  Bounds unit_bound{"workload", std::max(0.0, res.workload_bounds.min - admin), res.workload_bounds.max - admin};
  if (unit_bound.max <= 0)
    throw InputError("balanced_partition", 0, "the workload maximum must exceed the admin hours per grid");
  const UnitGraph g = with_column(units, "workload", uw.total);
  PartitionOptions po = opt.partition;
  po.rules.bounds.push_back(unit_bound);
  res.result = partition(g, po);
  res.grid_workload = grid_totals(units, res.result.plan, cfg);
  res.balanced = fairness(res.grid_workload);
  res.grids_within_both = within_both(units, res.result.plan, res.result.grids, uw.total, opt.partition.rules, first, unit_bound);
  if (opt.compare) {
    PartitionOptions ho = opt.partition;
    auto r0 = partition(units, ho);
    res.households_only_workload = grid_totals(units, r0.plan, cfg);
    res.households_only_stats = fairness(res.households_only_workload);
    res.households_only_within_both = within_both(units, r0.plan, r0.grids, uw.total, opt.partition.rules, first, unit_bound);
    res.households_only = std::move(r0.plan);
  }
  return res;
}

}  // namespace gridgov
