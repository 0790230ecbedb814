// Staffing: full-time assignment, required helpers, helper hours (min-cost flows).
#include "gridgov/workload/staffing.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <map>
#include <unordered_map>

#include "gridgov/core/error.hpp"
#include "workload/staffing_flow.hpp"

namespace gridgov {
namespace {

constexpr double kTol = 1e-6;

struct Prepared {
  std::vector<double> hours, x, y;  // per person, metres
};

double role_hours(const StaffingConfig& c, Role r) {
  switch (r) {
    case Role::full_time: return c.hours.full_time;
    case Role::part_time: return c.hours.part_time;
    case Role::auxiliary: return c.hours.auxiliary;
  }
  return c.hours.auxiliary;
}

Prepared prepare(const WorkloadResult& w, const std::vector<Person>& people, const StaffingConfig& cfg) {
  std::map<std::string, std::array<double, 4>> comm;  // sum hh*x, hh*y, hh, count
  for (const auto& g : w.grids) {
    if (g.units == 0) continue;
    auto& c = comm[g.community];
    const double wt = std::max(g.households, 1e-9);
    c[0] += wt * g.cx;
    c[1] += wt * g.cy;
    c[2] += wt;
    c[3] += 1;
  }
  Prepared pr;
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < people.size(); ++i) {
    const auto& p = people[i];
    const std::string where = p.line ? "people:" + std::to_string(p.line) + ": " : "people: ";
    if (p.id.empty()) throw InputError(where + "person " + std::to_string(i) + " has an empty id");
    if (!seen.emplace(p.id, i).second) throw InputError(where + "person '" + p.id + "' appears twice");
    double h = std::isnan(p.hours) ? role_hours(cfg, p.role) : p.hours;
    if (!std::isfinite(h) || h < 0)
      throw InputError(where + "person '" + p.id + "' has negative or non-finite hours (" + std::to_string(h) + ")");
    pr.hours.push_back(h);
    if (p.has_home) {
      if (!std::isfinite(p.x) || !std::isfinite(p.y)) throw InputError(where + "person '" + p.id + "' has a non-finite home");
      pr.x.push_back(p.x * w.units.x_scale);
      pr.y.push_back(p.y * w.units.y_scale);
    } else if (!p.community.empty()) {
      auto it = comm.find(p.community);
      if (it == comm.end())
        throw InputError(where + "person '" + p.id + "': unknown home community '" + p.community +
                         "' (no grid of the plan lies in it)");
      pr.x.push_back(it->second[0] / it->second[2]);
      pr.y.push_back(it->second[1] / it->second[2]);
    } else {
      throw InputError(where + "person '" + p.id + "' has no home: give x,y or a community");
    }
  }
  return pr;
}

double dist_km(const Prepared& pr, std::size_t p, const GridWorkload& g) {
  return std::hypot(pr.x[p] - g.cx, pr.y[p] - g.cy) / 1000.0;
}

/// Fills each grid's `count` slots with distinct people of `pool` (max
/// cardinality, then min total distance). Returns the grid of each pool member (-1).
std::vector<std::int32_t> fill_slots(const WorkloadResult& w, const Prepared& pr, const std::vector<std::int32_t>& pool,
                                     double count, const StaffingConfig& cfg, const ProgressCallback& progress,
                                     double& distance, std::int64_t& rounds) {
  detail::TransportProblem P;
  for (const auto& g : w.grids) {
    P.demand.push_back(g.units > 0 ? count : 0.0);
    P.gx.push_back(g.cx);
    P.gy.push_back(g.cy);
  }
  for (auto p : pool) {
    P.px.push_back(pr.x[static_cast<std::size_t>(p)]);
    P.py.push_back(pr.y[static_cast<std::size_t>(p)]);
    P.seg_cap.push_back({1.0});
    P.seg_cost.push_back({0.0});
  }
  P.weight = 1.0;
  // Tight pools (few spare people) need long augmenting paths on a sparse
  // network and more pricing rounds; a denser start is much faster there.
  const double slots = count * static_cast<double>(w.grids.size());
  const int dense = static_cast<double>(pool.size()) < 1.5 * slots ? 24 : 0;
  P.candidates = std::max({cfg.candidates, static_cast<int>(count) + 2, dense});
  P.progress = progress ? &progress : nullptr;
  const auto sol = detail::solve_transport(P);
  rounds += sol.pricing_rounds;
  std::vector<std::int32_t> grid_of(pool.size(), -1);
  for (const auto& f : sol.flows)
    if (f.amount > 0.5) {
      grid_of[static_cast<std::size_t>(f.person)] = f.grid;
      distance += sol.flows.empty() ? 0.0 : dist_km(pr, static_cast<std::size_t>(pool[static_cast<std::size_t>(f.person)]), w.grids[static_cast<std::size_t>(f.grid)]);
    }
  return grid_of;
}

void finish(const WorkloadResult& w, const std::vector<Person>& people, const Prepared& pr, const StaffingConfig& cfg,
            StaffingResult& r) {
  const auto k = w.grids.size();
  r.people.resize(people.size());
  std::vector<double> best(people.size(), -1.0);
  for (std::size_t i = 0; i < people.size(); ++i) {
    r.people[i].id = people[i].id;
    r.people[i].role = people[i].role;
    r.people[i].hours_available = pr.hours[i];
  }
  std::vector<std::vector<std::int32_t>> staff_of(k);
  for (const auto& a : r.assignments) {
    const auto pi = static_cast<std::size_t>(a.person);
    auto& pl = r.people[pi];
    pl.hours_assigned += a.hours;
    ++pl.grids;
    if (a.hours > best[pi]) {
      best[pi] = a.hours;
      pl.distance_km = dist_km(pr, pi, w.grids[static_cast<std::size_t>(a.grid)]);
    }
    staff_of[static_cast<std::size_t>(a.grid)].push_back(a.person);
    auto& g = r.grids[static_cast<std::size_t>(a.grid)];
    if (people[pi].role == Role::part_time) ++g.part_time;
    if (people[pi].role == Role::auxiliary) ++g.auxiliary;
  }
  std::vector<double> loads;
  for (auto& pl : r.people) {
    pl.load = pl.hours_available > 0 ? pl.hours_assigned / pl.hours_available : (pl.hours_assigned > 0 ? 1e9 : 0.0);
    pl.overloaded = pl.hours_assigned > pl.hours_available + kTol;
    if (pl.overloaded) ++r.summary.overloaded_people;
    if (pl.grids > 0) {
      ++r.summary.people_assigned;
      loads.push_back(std::min(pl.load, 1e6));
    }
  }
  r.load_fairness = fairness(loads);
  const auto& pat = cfg.pattern;
  std::int64_t miss_ft = 0, miss_pt = 0, miss_aux = 0;
  std::map<std::string, std::int64_t> miss_skill;
  for (std::size_t q = 0; q < k; ++q) {
    auto& g = r.grids[q];
    if (w.grids[q].units == 0) continue;
    g.missing_full_time = g.full_time.empty() ? pat.full_time : 0;
    g.missing_part_time = std::max(0, pat.part_time - g.part_time);
    g.missing_auxiliary = std::max(0, pat.auxiliary - g.auxiliary);
    miss_ft += g.missing_full_time;
    miss_pt += g.missing_part_time;
    miss_aux += g.missing_auxiliary;
    g.uncovered = std::max(0.0, g.workload - g.full_time_hours - g.helper_hours);
    if (g.uncovered <= kTol) g.uncovered = 0;
    if (g.uncovered > 0) ++r.summary.grids_uncovered;
    r.summary.uncovered_hours += g.uncovered;
    for (const auto& skill : cfg.required_skills) {
      bool has = false;
      for (auto p : staff_of[q])
        for (const auto& s : people[static_cast<std::size_t>(p)].skills) has = has || s == skill;
      if (!has) {
        g.missing_skills.push_back(skill);
        ++miss_skill[skill];
      }
    }
  }
  auto count_role = [&](Role role) {
    std::int64_t c = 0;
    for (std::size_t i = 0; i < people.size(); ++i) c += (people[i].role == role && pr.hours[i] > 0) ? 1 : 0;
    return c;
  };
  const auto active = static_cast<double>(std::count_if(w.grids.begin(), w.grids.end(), [](const GridWorkload& g) { return g.units > 0; }));
  auto add = [&](const std::string& what, std::int64_t missing, double needed, double available, const std::string& noun) {
    if (missing <= 0) return;
    r.shortages.push_back({what, needed, available,
                           std::to_string(missing) + " grid slot(s) without a " + noun + " worker: pattern " + pat.name +
                               " needs " + std::to_string(static_cast<long long>(needed)) + ", " +
                               std::to_string(static_cast<long long>(available)) + " available (or too far)"});
  };
  add("full_time", miss_ft, active * pat.full_time, static_cast<double>(count_role(Role::full_time)), "full-time");
  add("part_time", miss_pt, active * pat.part_time, static_cast<double>(count_role(Role::part_time)), "part-time");
  add("auxiliary", miss_aux, active * pat.auxiliary, static_cast<double>(count_role(Role::auxiliary)), "auxiliary");
  if (r.summary.uncovered_hours > kTol) {
    double demand = 0, given = 0;
    for (const auto& g : r.grids) {
      demand += g.helper_demand;
      given += g.helper_hours;
    }
    r.shortages.push_back({"helper_hours", demand, given,
                           std::to_string(r.summary.grids_uncovered) + " grid(s) have " +
                               std::to_string(r.summary.uncovered_hours) + " h/week of workload not covered by pattern " +
                               pat.name + " with the people given"});
  }
  for (const auto& [skill, n] : miss_skill)
    r.shortages.push_back({"skill:" + skill, active, active - static_cast<double>(n),
                           std::to_string(n) + " grid(s) have nobody with skill '" + skill + "'"});
  r.summary.grids = static_cast<std::int64_t>(k);
  r.summary.people = static_cast<std::int64_t>(people.size());
  r.summary.feasible = r.shortages.empty() && r.summary.overloaded_people == 0;
  r.minimum = minimum_staff(w, cfg);
}

}  // namespace

StaffingResult staff(const WorkloadResult& w, const std::vector<Person>& people, const StaffingConfig& cfg,
                     const ProgressCallback& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  const Prepared pr = prepare(w, people, cfg);
  const auto k = w.grids.size();
  const auto& pat = cfg.pattern;
  StaffingResult r;
  r.grids.resize(k);
  for (std::size_t q = 0; q < k; ++q) {
    r.grids[q].code = w.grids[q].code;
    r.grids[q].workload = w.grids[q].total;
  }
  std::vector<char> used(people.size(), 0);
  auto pool_of = [&](Role role) {
    std::vector<std::int32_t> pool;
    for (std::size_t i = 0; i < people.size(); ++i)
      if (people[i].role == role && pr.hours[i] > 0 && !used[i]) pool.push_back(static_cast<std::int32_t>(i));
    return pool;
  };

  // Stage 1: full-time workers.
  std::vector<double> ft_hours(k, 0.0);
  if (pat.full_time == 1) {
    const auto pool = pool_of(Role::full_time);
    const auto grid_of = fill_slots(w, pr, pool, 1.0, cfg, progress, r.summary.full_time_distance_km, r.summary.pricing_rounds);
    for (std::size_t j = 0; j < pool.size(); ++j) {
      const auto q = grid_of[j];
      if (q < 0) continue;
      const auto p = static_cast<std::size_t>(pool[j]);
      used[p] = 1;
      const auto qi = static_cast<std::size_t>(q);
      ft_hours[qi] = std::min(w.grids[qi].total, pr.hours[p] * cfg.full_time_utilisation);
      r.grids[qi].full_time = people[p].id;
      r.grids[qi].full_time_hours = ft_hours[qi];
      r.assignments.push_back({pool[j], q, ft_hours[qi], AssignmentSlot::full_time});
    }
  }

  // Stage 2: required helpers per role.
  std::vector<std::int32_t> fixed_grid(people.size(), -1);
  for (auto [role, count] : {std::pair{Role::part_time, pat.part_time}, std::pair{Role::auxiliary, pat.auxiliary}}) {
    if (count <= 0) continue;
    const auto pool = pool_of(role);
    const auto grid_of =
        fill_slots(w, pr, pool, count, cfg, progress, r.summary.required_distance_km, r.summary.pricing_rounds);
    for (std::size_t j = 0; j < pool.size(); ++j)
      if (grid_of[j] >= 0) {
        used[static_cast<std::size_t>(pool[j])] = 1;
        fixed_grid[static_cast<std::size_t>(pool[j])] = grid_of[j];
      }
  }

  // Stage 3: helper hours.
  detail::TransportProblem P;
  double total_demand = 0;
  for (std::size_t q = 0; q < k; ++q) {
    const double d = std::max(0.0, w.grids[q].total - ft_hours[q]);
    r.grids[q].helper_demand = d;
    total_demand += d;
    P.demand.push_back(d);
    P.gx.push_back(w.grids[q].cx);
    P.gy.push_back(w.grids[q].cy);
  }
  std::vector<std::int32_t> helpers;
  for (std::size_t i = 0; i < people.size(); ++i) {
    const bool required = fixed_grid[i] >= 0;
    const bool extra = !used[i] && pat.extra_helpers && pr.hours[i] > 0 &&
                       (people[i].role == Role::auxiliary || (pat.extra_part_time && people[i].role == Role::part_time));
    if (!required && !extra) continue;
    helpers.push_back(static_cast<std::int32_t>(i));
    P.px.push_back(pr.x[i]);
    P.py.push_back(pr.y[i]);
    P.fixed.push_back(fixed_grid[i]);
    std::vector<double> caps, costs;
    double prev = 0;
    for (std::size_t s = 0; s < cfg.spread_breaks.size(); ++s) {
      caps.push_back((cfg.spread_breaks[s] - prev) * pr.hours[i]);
      costs.push_back(cfg.spread_costs[s]);
      prev = cfg.spread_breaks[s];
    }
    P.seg_cap.push_back(std::move(caps));
    P.seg_cost.push_back(std::move(costs));
  }
  std::vector<char> got_flow(people.size(), 0);
  if (total_demand > 0 && !helpers.empty()) {
    P.weight = cfg.travel_weight;
    P.candidates = cfg.candidates;
    P.progress = progress ? &progress : nullptr;
    const auto sol = detail::solve_transport(P);
    r.summary.pricing_rounds += sol.pricing_rounds;
    r.summary.helper_travel_cost = sol.travel_cost;
    r.summary.helper_spread_cost = sol.segment_cost;
    for (const auto& f : sol.flows) {
      const auto p = helpers[static_cast<std::size_t>(f.person)];
      const bool required = fixed_grid[static_cast<std::size_t>(p)] >= 0;
      r.assignments.push_back({p, f.grid, f.amount, required ? AssignmentSlot::required : AssignmentSlot::extra});
      r.grids[static_cast<std::size_t>(f.grid)].helper_hours += f.amount;
      got_flow[static_cast<std::size_t>(p)] = 1;
    }
  }
  // Required helpers whose hours were not needed still belong to their grid.
  for (std::size_t i = 0; i < people.size(); ++i)
    if (fixed_grid[i] >= 0 && !got_flow[i])
      r.assignments.push_back({static_cast<std::int32_t>(i), fixed_grid[i], 0.0, AssignmentSlot::required});
  std::sort(r.assignments.begin(), r.assignments.end(), [](const Assignment& a, const Assignment& b) {
    return a.grid != b.grid ? a.grid < b.grid : a.person < b.person;
  });
  finish(w, people, pr, cfg, r);
  r.summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

MinimumStaff minimum_staff(const WorkloadResult& w, const StaffingConfig& cfg) {
  const auto& pat = cfg.pattern;
  MinimumStaff m;
  const double fixed = pat.full_time * cfg.hours.full_time * cfg.full_time_utilisation + pat.part_time * cfg.hours.part_time +
                       pat.auxiliary * cfg.hours.auxiliary;
  const bool extra_pt = pat.extra_part_time && cfg.hours.part_time > cfg.hours.auxiliary;
  const double extra_hours = extra_pt ? cfg.hours.part_time : cfg.hours.auxiliary;
  for (const auto& g : w.grids) {
    std::int32_t extra = 0;
    if (g.units > 0) {
      m.full_time += pat.full_time;
      m.part_time += pat.part_time;
      m.auxiliary += pat.auxiliary;
      m.hours += g.total;
      const double rest = std::max(0.0, g.total - fixed);
      if (pat.extra_helpers) extra = static_cast<std::int32_t>(std::ceil(rest / extra_hours - 1e-9));
      else m.uncoverable_hours += rest;
      (extra_pt ? m.part_time : m.auxiliary) += extra;
    }
    m.extra_per_grid.push_back(extra);
  }
  return m;
}

StaffingResult evaluate_staffing(const WorkloadResult& w, const std::vector<Person>& people,
                                 const std::vector<std::string>& grid_of_person, const StaffingConfig& cfg) {
  if (grid_of_person.size() != people.size())
    throw InputError("staffing", 0,
                     "got grids for " + std::to_string(grid_of_person.size()) + " people, expected " + std::to_string(people.size()));
  const Prepared pr = prepare(w, people, cfg);
  std::unordered_map<std::string, std::int32_t> index;
  for (std::size_t q = 0; q < w.grids.size(); ++q) index.emplace(w.grids[q].code, static_cast<std::int32_t>(q));
  StaffingResult r;
  r.grids.resize(w.grids.size());
  std::vector<double> avail(w.grids.size(), 0.0);
  std::vector<std::int32_t> gi(people.size(), -1);
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (grid_of_person[i].empty()) continue;
    auto it = index.find(grid_of_person[i]);
    if (it == index.end())
      throw InputError("staffing", people[i].line,
                       "person '" + people[i].id + "' is given grid '" + grid_of_person[i] + "', which is not in the plan");
    gi[i] = it->second;
    avail[static_cast<std::size_t>(it->second)] += pr.hours[i];
  }
  for (std::size_t q = 0; q < w.grids.size(); ++q) {
    r.grids[q].code = w.grids[q].code;
    r.grids[q].workload = w.grids[q].total;
    r.grids[q].helper_demand = w.grids[q].total;
  }
  for (std::size_t i = 0; i < people.size(); ++i) {
    if (gi[i] < 0) continue;
    const auto q = static_cast<std::size_t>(gi[i]);
    const double share = avail[q] > 0 ? w.grids[q].total * pr.hours[i] / avail[q] : 0.0;
    r.assignments.push_back({static_cast<std::int32_t>(i), gi[i], share, people[i].role == Role::full_time ? AssignmentSlot::full_time : AssignmentSlot::required});
    if (people[i].role == Role::full_time && r.grids[q].full_time.empty()) {
      r.grids[q].full_time = people[i].id;
      r.grids[q].full_time_hours = share;
      r.summary.full_time_distance_km += dist_km(pr, i, w.grids[q]);
    } else {
      r.grids[q].helper_hours += share;
    }
  }
  finish(w, people, pr, cfg, r);
  return r;
}

}  // namespace gridgov
