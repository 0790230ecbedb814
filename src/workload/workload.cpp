// Workload model: hours per week per unit, grid and level.
#include "gridgov/core/format.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/workload/workload.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <numbers>
#include <sstream>

#include "gridgov/core/codes.hpp"
#include "gridgov/core/error.hpp"

namespace gridgov {
namespace {

std::vector<double> column_or_zero(const UnitGraph& g, const std::string& name, std::vector<std::string>* warnings) {
  if (g.has_attribute(name)) {
    auto c = g.attribute(name);
    return {c.begin(), c.end()};
  }
  if (warnings) warnings->push_back("no column '" + name + "' in the units: counted as 0");
  return std::vector<double>(static_cast<std::size_t>(g.size()), 0.0);
}


std::string csv_quote(const std::string& s) { return io::csv_field(s); }

}  // namespace

UnitWorkload unit_workload(const UnitGraph& g, const WorkloadConfig& cfg, std::vector<std::string>* warnings) {
  const auto n = static_cast<std::size_t>(g.size());
  const auto hh = g.attribute("households");
  const auto pop = g.attribute("population");
  const double wpy = cfg.weeks_per_year;
  UnitWorkload w;
  w.routine.assign(n, 0.0);
  w.special.assign(n, 0.0);
  w.events.assign(n, 0.0);
  w.travel.assign(n, 0.0);
  w.total.assign(n, 0.0);
  w.visits_per_week.assign(n, 0.0);

  std::vector<double> special_members(n, 0.0);
  for (const auto& grp : cfg.special_groups) {
    const auto col = column_or_zero(g, grp.attribute, warnings);
    const double hours = grp.visits_per_year / wpy * grp.minutes_per_visit / 60.0;
    const double visits = grp.visits_per_year / wpy;
    for (std::size_t u = 0; u < n; ++u) {
      w.special[u] += col[u] * hours;
      w.visits_per_week[u] += col[u] * visits;
      special_members[u] += col[u];
    }
  }
  const double r_hours = cfg.routine.visits_per_year / wpy * cfg.routine.minutes_per_visit / 60.0;
  const double r_visits = cfg.routine.visits_per_year / wpy;
  for (std::size_t u = 0; u < n; ++u) {
    const double r = cfg.routine.exclude_special ? std::max(0.0, hh[u] - special_members[u]) : hh[u];
    w.routine[u] = r * r_hours;
    w.visits_per_week[u] += r * r_visits;
  }
  for (const auto& e : cfg.events) {
    const auto base = e.per == EventBasis::resident ? pop : hh;
    const double per_week = e.rate_per_year / wpy;
    for (std::size_t u = 0; u < n; ++u) {
      w.events[u] += base[u] * per_week * e.handling_minutes / 60.0;
      if (e.on_site) w.visits_per_week[u] += base[u] * per_week;
    }
  }

  // Coordinates in metres.
  w.x_m.assign(g.x().begin(), g.x().end());
  w.y_m.assign(g.y().begin(), g.y().end());
  if (cfg.travel.coordinates == Coordinates::lonlat && n > 0) {
    double lat0 = 0;
    for (std::size_t u = 0; u < n; ++u) lat0 += w.y_m[u];
    lat0 /= static_cast<double>(n);
    const double kx = 111320.0 * std::cos(lat0 * std::numbers::pi / 180.0);
    w.x_scale = kx;
    w.y_scale = 110574.0;
    for (std::size_t u = 0; u < n; ++u) {
      w.x_m[u] *= kx;
      w.y_m[u] *= 110574.0;
    }
  }

  // Unit areas.
  w.area.assign(n, 0.0);
  const bool have_polygons = !g.area().empty();
  if (cfg.travel.area == UnitArea::polygon && !have_polygons)
    throw InputError("workload config", 0, "travel.area is \"polygon\" but the units carry no polygon areas");
  if (have_polygons && cfg.travel.area != UnitArea::spacing) {
    for (std::size_t u = 0; u < n; ++u) w.area[u] = g.area()[u];
  } else {
    std::vector<double> spacing(n, -1.0), known;
    for (std::size_t u = 0; u < n; ++u) {
      const auto nb = g.neighbors(static_cast<UnitIndex>(u));
      if (nb.empty()) continue;
      double s = 0;
      for (auto v : nb) s += std::hypot(w.x_m[u] - w.x_m[static_cast<std::size_t>(v)], w.y_m[u] - w.y_m[static_cast<std::size_t>(v)]);
      spacing[u] = s / static_cast<double>(nb.size());
      known.push_back(spacing[u]);
    }
    double median = 0;
    if (!known.empty()) {
      auto mid = known.begin() + static_cast<std::ptrdiff_t>(known.size() / 2);
      std::nth_element(known.begin(), mid, known.end());
      median = *mid;
    }
    for (std::size_t u = 0; u < n; ++u) {
      const double s = spacing[u] >= 0 ? spacing[u] : median;
      w.area[u] = s * s;
    }
  }

  const bool travel = cfg.travel.method == TravelMethod::bhh;
  const double rounds = cfg.travel.rounds_per_week;
  const double speed_m_per_h = cfg.travel.walking_speed_kmh * 1000.0;
  for (std::size_t u = 0; u < n; ++u) {
    if (travel) {
      const double p = 1.0 - std::exp(-w.visits_per_week[u] / rounds);
      w.travel[u] = rounds * cfg.travel.bhh_constant * std::sqrt(w.area[u] * p) / speed_m_per_h;
    }
    w.total[u] = w.routine[u] + w.special[u] + w.events[u] + w.travel[u];
  }
  return w;
}

WorkloadResult compute_workload(const UnitGraph& g, const Plan& plan, const WorkloadConfig& cfg) {
  const auto n = static_cast<std::size_t>(g.size());
  if (plan.grid_of.size() != n)
    throw InputError("plan", 0,
                     "the plan covers " + std::to_string(plan.grid_of.size()) + " units, the graph has " + std::to_string(n));
  WorkloadResult res;
  res.units = unit_workload(g, cfg, &res.warnings);
  const auto& uw = res.units;
  const auto k = static_cast<std::size_t>(plan.num_grids());
  const auto hh = g.attribute("households");
  const auto pop = g.attribute("population");
  res.grids.resize(k);
  std::vector<std::vector<double>> group_cols;
  for (const auto& grp : cfg.special_groups) group_cols.push_back(column_or_zero(g, grp.attribute, nullptr));
  std::vector<double> stops(k, 0.0), wsum(k, 0.0), xsum(k, 0.0), ysum(k, 0.0), plain_x(k, 0.0), plain_y(k, 0.0);
  std::int64_t unassigned = 0;
  for (std::size_t q = 0; q < k; ++q) {
    res.grids[q].code = plan.grid_codes[q];
    res.grids[q].special_by_group.assign(cfg.special_groups.size(), 0.0);
    res.grids[q].events_by_type.assign(cfg.events.size(), 0.0);
  }
  const double wpy = cfg.weeks_per_year;
  for (std::size_t u = 0; u < n; ++u) {
    const auto q = plan.grid_of[u];
    if (q < 0 || static_cast<std::size_t>(q) >= k) {
      ++unassigned;
      continue;
    }
    auto& gr = res.grids[static_cast<std::size_t>(q)];
    if (gr.units == 0) gr.community = std::string(g.communities()[static_cast<std::size_t>(g.community()[u])]);
    ++gr.units;
    gr.households += hh[u];
    gr.population += pop[u];
    gr.parts.routine += uw.routine[u];
    gr.parts.special += uw.special[u];
    gr.parts.events += uw.events[u];
    gr.visits_per_week += uw.visits_per_week[u];
    gr.area_m2 += uw.area[u];
    for (std::size_t i = 0; i < group_cols.size(); ++i)
      gr.special_by_group[i] +=
          group_cols[i][u] * cfg.special_groups[i].visits_per_year / wpy * cfg.special_groups[i].minutes_per_visit / 60.0;
    for (std::size_t i = 0; i < cfg.events.size(); ++i) {
      const auto& e = cfg.events[i];
      gr.events_by_type[i] += (e.per == EventBasis::resident ? pop[u] : hh[u]) * e.rate_per_year / wpy * e.handling_minutes / 60.0;
    }
    const auto qi = static_cast<std::size_t>(q);
    stops[qi] += 1.0 - std::exp(-uw.visits_per_week[u] / cfg.travel.rounds_per_week);
    wsum[qi] += hh[u];
    xsum[qi] += hh[u] * uw.x_m[u];
    ysum[qi] += hh[u] * uw.y_m[u];
    plain_x[qi] += uw.x_m[u];
    plain_y[qi] += uw.y_m[u];
  }
  if (unassigned > 0)
    res.warnings.push_back(std::to_string(unassigned) + " units have no grid in the plan and are left out");
  const bool travel = cfg.travel.method == TravelMethod::bhh;
  for (std::size_t q = 0; q < k; ++q) {
    auto& gr = res.grids[q];
    gr.stops_per_round = stops[q];
    if (travel && gr.units > 0) {
      gr.tour_km_per_round = cfg.travel.bhh_constant * std::sqrt(stops[q] * gr.area_m2) / 1000.0;
      gr.parts.travel = cfg.travel.rounds_per_week * gr.tour_km_per_round / cfg.travel.walking_speed_kmh;
    }
    gr.parts.admin = gr.units > 0 ? cfg.admin_hours_per_grid_per_week : 0.0;
    gr.total = gr.parts.total();
    if (wsum[q] > 0) {
      gr.cx = xsum[q] / wsum[q];
      gr.cy = ysum[q] / wsum[q];
    } else if (gr.units > 0) {
      gr.cx = plain_x[q] / static_cast<double>(gr.units);
      gr.cy = plain_y[q] / static_cast<double>(gr.units);
    }
  }

  // Levels.
  std::map<std::pair<int, std::string>, LevelWorkload> acc;
  static const char* names[] = {"city", "county", "street", "community"};
  for (const auto& gr : res.grids) {
    if (gr.units == 0) continue;
    std::vector<std::pair<int, std::string>> keys{{0, ""}, {3, gr.community}};
    if (auto county = valid_ancestor_code(gr.community, Level::community, Level::county)) keys.emplace_back(1, std::move(*county));
    if (auto street = valid_ancestor_code(gr.community, Level::community, Level::street)) keys.emplace_back(2, std::move(*street));
    for (const auto& key : keys) {
      auto& l = acc[key];
      l.level = names[key.first];
      l.code = key.second;
      ++l.grids;
      l.households += gr.households;
      l.parts.routine += gr.parts.routine;
      l.parts.special += gr.parts.special;
      l.parts.events += gr.parts.events;
      l.parts.travel += gr.parts.travel;
      l.parts.admin += gr.parts.admin;
      l.total += gr.total;
      l.max_grid = std::max(l.max_grid, gr.total);
    }
  }
  for (auto& [key, l] : acc) res.levels.push_back(std::move(l));
  return res;
}

UnitGraph with_column(const UnitGraph& g, const std::string& name, std::span<const double> values) {
  if (values.size() != static_cast<std::size_t>(g.size()))
    throw InputError("with_column", 0,
                     "column '" + name + "' has " + std::to_string(values.size()) + " values for " + std::to_string(g.size()) +
                         " units");
  UnitTable t = g.table();
  bool replaced = false;
  for (auto& [k, col] : t.attributes)
    if (k == name) {
      col.assign(values.begin(), values.end());
      replaced = true;
    }
  if (!replaced) t.attributes.emplace_back(name, std::vector<double>(values.begin(), values.end()));
  const auto edges = g.edge_list();
  return UnitGraph(std::move(t), edges, "units");
}

std::string workload_grids_csv(const WorkloadResult& r) {
  std::string out =
      "code,community,units,households,population,routine,special,events,travel,admin,total,visits_per_week,"
      "stops_per_round,area_m2,tour_km_per_round,cx,cy\n";
  for (const auto& g : r.grids) {
    out += csv_quote(g.code) + "," + csv_quote(g.community) + "," + std::to_string(g.units) + "," + format_number(g.households) + "," +
           format_number(g.population) + "," + format_number(g.parts.routine) + "," + format_number(g.parts.special) + "," + format_number(g.parts.events) + "," +
           format_number(g.parts.travel) + "," + format_number(g.parts.admin) + "," + format_number(g.total) + "," + format_number(g.visits_per_week) + "," +
           format_number(g.stops_per_round) + "," + format_number(g.area_m2) + "," + format_number(g.tour_km_per_round) + "," + format_number(g.cx) + "," +
           format_number(g.cy) + "\n";
  }
  return out;
}

std::string workload_to_json(const WorkloadResult& r, int indent) {
  using nlohmann::json;
  auto parts = [](const WorkloadParts& p) {
    return json{{"routine", p.routine}, {"special", p.special}, {"events", p.events}, {"travel", p.travel}, {"admin", p.admin}};
  };
  json grids = json::array();
  for (const auto& g : r.grids)
    grids.push_back({{"code", g.code},
                     {"community", g.community},
                     {"units", g.units},
                     {"households", g.households},
                     {"population", g.population},
                     {"hours", parts(g.parts)},
                     {"total", g.total},
                     {"special_by_group", g.special_by_group},
                     {"events_by_type", g.events_by_type},
                     {"visits_per_week", g.visits_per_week},
                     {"stops_per_round", g.stops_per_round},
                     {"area_m2", g.area_m2},
                     {"tour_km_per_round", g.tour_km_per_round},
                     {"centroid", {g.cx, g.cy}}});
  json levels = json::array();
  for (const auto& l : r.levels)
    levels.push_back({{"level", l.level},
                      {"code", l.code},
                      {"grids", l.grids},
                      {"households", l.households},
                      {"hours", parts(l.parts)},
                      {"total", l.total},
                      {"max_grid", l.max_grid}});
  return json{{"grids", grids}, {"levels", levels}, {"warnings", r.warnings}}.dump(indent);
}

}  // namespace gridgov
