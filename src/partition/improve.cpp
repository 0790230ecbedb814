// improve(): boundary local search that never breaks a rule.
#include "gridgov/partition/improve.hpp"

#include <cmath>

#include "partition/common.hpp"
#include "partition/local.hpp"
#include "gridgov/core/error.hpp"

namespace gridgov {

namespace {
double spread(const detail::LocalSearch& ls, std::size_t A) {
  double s = 0, s2 = 0;
  std::size_t c = 0;
  for (std::size_t q = 0; q < ls.gsize.size(); ++q) {
    if (!ls.grid_movable[q] || ls.gsize[q] == 0) continue;
    const double v = ls.gw[q * A];
    s += v;
    s2 += v * v;
    ++c;
  }
  if (c == 0) return 0;
  const double m = s / static_cast<double>(c);
  return std::sqrt(std::max(0.0, s2 / static_cast<double>(c) - m * m));
}
}  // namespace

ImproveResult improve(const UnitGraph& g, const Plan& plan, const ImproveOptions& opt) {
  check_fields(opt, "improve");
  using detail::sz;
  detail::Clock clock(opt.run.time_limit, &opt.run.progress);
  const auto wt = detail::resolve_bounds(g, opt.rules);
  const auto n = sz(g.size());
  if (plan.grid_of.size() != n)
    throw InputError("plan", 0, "the plan has " + std::to_string(plan.grid_of.size()) + " units, the graph " +
                                    std::to_string(n));
  const auto k = plan.num_grids();
  for (std::size_t u = 0; u < n; ++u)
    if (plan.grid_of[u] >= k || plan.grid_of[u] < kNoGrid)
      throw InputError("plan", 0, "unit '" + g.id(static_cast<UnitIndex>(u)) + "' refers to grid " +
                                      std::to_string(plan.grid_of[u]) + " of " + std::to_string(k));
  const auto groups = detail::nesting_groups(g, opt.rules.nesting);
  ImproveResult res;
  std::vector<GridIndex> grid_of = plan.grid_of;
  detail::LocalSearch ls(g, wt, grid_of, k, groups.of, opt.rules.nesting != Nesting::none);
  const auto gt = g.grid_type();
  for (std::size_t u = 0; u < n; ++u)
    if (gt[u] == GridType::dedicated && grid_of[u] >= 0) ls.grid_movable[sz(grid_of[u])] = 0;
  for (auto u : opt.locked) {
    if (u < 0 || sz(u) >= n) throw InputError("options", 0, "locked unit index " + std::to_string(u) + " is out of range");
    ls.unit_movable[sz(u)] = 0;
  }
  res.cut_edges_before = ls.cut_edges();
  res.spread_before = spread(ls, sz(wt.A));
  for (int pass = 0; pass < opt.max_passes; ++pass) {
    if (clock.expired()) break;
    clock.report(static_cast<double>(pass) / std::max(1, opt.max_passes), "improve");
    ++res.passes;
    if (ls.cut_pass(opt.balance, (pass & 1) != 0) == 0) break;
  }
  res.timed_out = clock.was_expired();
  res.moves = ls.moves;
  res.cut_edges_after = ls.cut_edges();
  res.spread_after = spread(ls, sz(wt.A));
  for (std::size_t u = 0; u < n; ++u) res.moved_units += grid_of[u] != plan.grid_of[u] ? 1 : 0;
  res.plan.grid_of = std::move(grid_of);
  res.plan.grid_codes = plan.grid_codes;
  clock.report(1.0, "done");
  return res;
}

}  // namespace gridgov
