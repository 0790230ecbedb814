#include "gridgov/core/validate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <unordered_map>

#include "gridgov/core/format.hpp"
#include "gridgov/core/codes.hpp"
#include "gridgov/core/error.hpp"

namespace gridgov {

namespace {

constexpr std::size_t kMaxListed = 1000;  // violations listed per rule

struct Listing {
  static constexpr std::size_t kRules = EnumNames<Rule>::values.size();
  std::vector<Violation>& out;
  std::array<std::size_t, kRules> per_rule{};
  void add(Rule rule, std::string grid, std::string unit, std::string message) {
    if (per_rule[static_cast<std::size_t>(rule)]++ < kMaxListed)
      out.push_back({rule, std::move(grid), std::move(unit), std::move(message)});
  }
  void finish() {  // in the order of the rules
    for (const auto& [rule, label] : EnumNames<Rule>::values) {
      const std::size_t n = per_rule[static_cast<std::size_t>(rule)];
      if (n > kMaxListed)
        out.push_back({rule, "", "", "and " + std::to_string(n - kMaxListed) + " more '" + std::string(label) +
                                         "' violations not listed"});
    }
  }
};

}  // namespace

ValidationReport validate(const UnitGraph& units, const Plan& plan, const ValidateOptions& options) {
  check_fields(options, "validate");
  const auto n = static_cast<std::size_t>(units.size());
  if (plan.grid_of.size() != n)
    throw InputError("plan has " + std::to_string(plan.grid_of.size()) + " entries for " + std::to_string(n) + " units");
  const auto k = static_cast<std::size_t>(plan.num_grids());
  for (auto g : plan.grid_of)
    if (g != kNoGrid && (g < 0 || static_cast<std::size_t>(g) >= k))
      throw InputError("plan refers to grid index " + std::to_string(g) + " of " + std::to_string(k));
  for (const auto& b : options.rules.bounds) {
    if (!(b.min <= b.max) || !std::isfinite(b.min) || std::isnan(b.max))
      throw InputError("bounds on '" + b.attribute + "': min " + format_number(b.min) + " must not exceed max " + format_number(b.max));
    (void)units.attribute(b.attribute);  // throws naming the column if absent
  }

  ValidationReport rep;
  rep.bounds = options.rules.bounds;
  Listing list{rep.violations, {}};

  auto column = [&](const char* name) -> std::span<const double> {
    return options.details && units.has_attribute(name) ? units.attribute(name) : std::span<const double>();
  };
  const auto hh = column("households"), pop = column("population"), eld = column("elderly_alone"),
             dis = column("disabled"), hard = column("hardship");
  std::vector<std::span<const double>> bcols;
  for (const auto& b : options.rules.bounds) bcols.push_back(units.attribute(b.attribute));

  auto& grids = rep.grids;
  grids.resize(k);
  for (std::size_t g = 0; g < k; ++g) {
    grids[g].code = plan.grid_codes[g];
    grids[g].totals.assign(options.rules.bounds.size(), 0.0);
  }
  std::vector<std::int32_t> gcomm(k, -2);  // -2 none yet, -1 several
  std::vector<std::int32_t> gstreet(k, -1);  // street index of the grid's first unit, -1 for none
  std::vector<char> street_mixed(k, 0), has_dedicated(k, 0), has_ordinary(k, 0), has_rural(k, 0);
  std::vector<double> sx(k, 0), sy(k, 0);
  const auto comms = units.communities();
  // Street of each community as a small integer (-1: its code names no street).
  std::vector<std::int32_t> comm_street(comms.size(), -1);
  {
    std::unordered_map<std::string, std::int32_t> street_index;
    for (std::size_t c = 0; c < comms.size(); ++c) {
      auto st = valid_ancestor_code(comms[c], Level::community, Level::street);
      if (!st) continue;
      comm_street[c] = street_index.try_emplace(std::move(*st), static_cast<std::int32_t>(street_index.size())).first->second;
    }
  }

  std::int64_t unassigned = 0;
  for (std::size_t u = 0; u < n; ++u) {
    const auto g = plan.grid_of[u];
    if (g == kNoGrid) {
      ++unassigned;
      list.add(Rule::unassigned, "", units.id(static_cast<UnitIndex>(u)), "unit '" + units.id(static_cast<UnitIndex>(u)) + "' is in no grid");
      continue;
    }
    auto& r = grids[static_cast<std::size_t>(g)];
    const auto gi = static_cast<std::size_t>(g);
    ++r.units;
    for (std::size_t b = 0; b < bcols.size(); ++b) r.totals[b] += bcols[b][u];
    if (!hh.empty()) r.households += hh[u];
    if (!pop.empty()) r.population += pop[u];
    if (!eld.empty()) r.elderly_alone += eld[u];
    if (!dis.empty()) r.disabled += dis[u];
    if (!hard.empty()) r.hardship += hard[u];
    const auto c = units.community()[u];
    gcomm[gi] = gcomm[gi] == -2 ? c : (gcomm[gi] == c ? c : -1);
    const auto st = comm_street[static_cast<std::size_t>(c)];
    if (r.units == 1) gstreet[gi] = st;
    else if (st != gstreet[gi]) street_mixed[gi] = 1;
    const auto t = units.grid_type()[u];
    (t == GridType::dedicated ? has_dedicated : has_ordinary)[gi] = 1;
    if (t == GridType::rural) has_rural[gi] = 1;
    if (options.details) {
      sx[gi] += units.x()[u];
      sy[gi] += units.y()[u];
    }
  }
  for (const auto& c : plan.conflicts)
    list.add(Rule::multiple, c.second_grid, units.id(c.unit),
             "unit '" + units.id(c.unit) + "' is assigned to grid '" + c.first_grid + "' and again to '" + c.second_grid +
                 "' (line " + std::to_string(c.line) + ")");

  // Components per grid: BFS restricted to the grid; cut edges counted on the way.
  std::vector<char> seen(n, 0);
  std::vector<UnitIndex> queue;
  queue.reserve(1024);
  for (std::size_t s = 0; s < n; ++s) {
    const auto g = plan.grid_of[s];
    if (g == kNoGrid || seen[s]) continue;
    auto& r = grids[static_cast<std::size_t>(g)];
    ++r.components;
    seen[s] = 1;
    queue.clear();
    queue.push_back(static_cast<UnitIndex>(s));
    for (std::size_t qi = 0; qi < queue.size(); ++qi) {
      const UnitIndex u = queue[qi];
      for (UnitIndex v : units.neighbors(u)) {
        const auto gv = plan.grid_of[static_cast<std::size_t>(v)];
        if (gv != g) {  // a cut edge, seen once from this grid
          ++r.cut_edges;
          ++r.edges;
          continue;
        }
        if (u < v) ++r.edges;  // an internal edge, counted once
        if (!seen[static_cast<std::size_t>(v)]) {
          seen[static_cast<std::size_t>(v)] = 1;
          queue.push_back(v);
        }
      }
    }
  }

  // Compactness: Polsby-Popper where polygons are known; moment of inertia always.
  const bool polygons = !units.area().empty() && !units.perimeter().empty();
  std::vector<double> garea(k, 0), gperim(k, 0), ginertia(k, 0);
  double unit_area = 1.0;
  if (n > 0) {
    auto [xmin, xmax] = std::minmax_element(units.x().begin(), units.x().end());
    auto [ymin, ymax] = std::minmax_element(units.y().begin(), units.y().end());
    unit_area = std::max((*xmax - *xmin) * (*ymax - *ymin) / static_cast<double>(n), 1e-12);
  }
  const auto sb = units.shared_boundary();
  for (std::size_t u = 0; u < n && options.details; ++u) {
    const auto g = plan.grid_of[u];
    if (g == kNoGrid) continue;
    const auto gi = static_cast<std::size_t>(g);
    const double cx = sx[gi] / static_cast<double>(grids[gi].units), cy = sy[gi] / static_cast<double>(grids[gi].units);
    const double dx = units.x()[u] - cx, dy = units.y()[u] - cy;
    ginertia[gi] += dx * dx + dy * dy;
    if (polygons) {
      garea[gi] += units.area()[u];
      gperim[gi] += units.perimeter()[u];
      if (!sb.empty())
        for (auto e = units.offsets()[u]; e < units.offsets()[u + 1]; ++e)
          if (plan.grid_of[static_cast<std::size_t>(units.targets()[static_cast<std::size_t>(e)])] == g)
            gperim[gi] -= sb[static_cast<std::size_t>(e)];  // each internal edge seen from both sides
    }
  }

  auto& sum = rep.summary;
  double ratio_sum = 0, pp_sum = 0;
  std::int64_t pp_count = 0;
  for (std::size_t g = 0; g < k; ++g) {
    auto& r = grids[g];
    if (r.units == 0) {
      r.components = 0;
      list.add(Rule::empty, r.code, "", "grid '" + r.code + "' has no units");
      continue;
    }
    r.type = has_dedicated[g] ? GridType::dedicated : (has_rural[g] ? GridType::rural : GridType::urban);
    r.community = gcomm[g] >= 0 ? std::string(comms[static_cast<std::size_t>(gcomm[g])]) : std::string();
    r.contiguous = r.components == 1;
    if (!r.contiguous)
      list.add(Rule::contiguity, r.code, "", "grid '" + r.code + "' falls into " + std::to_string(r.components) + " separate pieces");
    switch (options.rules.nesting) {
      case Nesting::none: r.nested = true; break;
      case Nesting::community: r.nested = gcomm[g] >= 0; break;
      case Nesting::street: r.nested = gcomm[g] >= 0 || (!street_mixed[g] && gstreet[g] >= 0); break;
    }
    if (!r.nested)
      list.add(Rule::nesting, r.code, "", "grid '" + r.code + "' crosses " + (options.rules.nesting == Nesting::street ? "streets" : "communities"));
    r.within_bounds = true;
    const GridRules& rules = options.rules;
    if (r.type != GridType::dedicated || !rules.dedicated_grids) {
      for (std::size_t b = 0; b < rules.bounds.size(); ++b) {
        const auto& bd = rules.bounds[b];
        const bool low_ok = !rules.below_min(r.totals[b], bd.min) || (r.type == GridType::rural && rules.rural_below_min_ok);
        if (!low_ok || rules.above_max(r.totals[b], bd.max)) {
          r.within_bounds = false;
          list.add(Rule::bounds, r.code, "",
                   "grid '" + r.code + "' has " + format_number(r.totals[b]) + " " + bd.attribute + ", outside " + format_number(bd.min) +
                       ".." + format_number(bd.max));
        }
      }
    }
    if (rules.dedicated_grids && has_dedicated[g] && has_ordinary[g])
      list.add(Rule::dedicated, r.code, "", "grid '" + r.code + "' mixes dedicated units with ordinary ones");
    r.cut_edge_ratio = r.edges > 0 ? static_cast<double>(r.cut_edges) / static_cast<double>(r.edges) : 0.0;
    const double a = polygons ? garea[g] : unit_area * static_cast<double>(r.units);
    if (options.details)
      r.moment_of_inertia = r.units > 1 && a > 0
                                ? 2.0 * std::numbers::pi * ginertia[g] / (static_cast<double>(r.units) * a)
                                : 1.0;
    if (polygons && !sb.empty() && gperim[g] > 0) {
      r.polsby_popper = 4.0 * std::numbers::pi * garea[g] / (gperim[g] * gperim[g]);
      pp_sum += r.polsby_popper;
      ++pp_count;
    }
    ++sum.grids;
    sum.grids_within_bounds += r.within_bounds;
    sum.grids_contiguous += r.contiguous;
    sum.grids_nested += r.nested;
    ratio_sum += r.cut_edge_ratio;
  }
  list.finish();
  sum.units = static_cast<std::int64_t>(n);
  sum.unassigned_units = unassigned;
  sum.within_bounds = sum.grids_within_bounds == sum.grids;
  sum.contiguous = sum.grids_contiguous == sum.grids;
  sum.nested = sum.grids_nested == sum.grids;
  sum.mean_cut_edge_ratio = sum.grids > 0 ? ratio_sum / static_cast<double>(sum.grids) : 0.0;
  if (pp_count > 0) sum.mean_polsby_popper = pp_sum / static_cast<double>(pp_count);
  sum.valid = rep.violations.empty();

  // Levels: community, street, county (code prefixes when communities carry codes).
  if (!options.details) return rep;
  std::vector<std::pair<std::string, std::size_t>> level_defs = {{"community", 12}, {"street", 9}, {"county", 6}};
  for (const auto& [lname, len] : level_defs) {
    std::unordered_map<std::string, std::size_t> idx;
    std::vector<LevelReport> out;
    auto key_of = [&, len = len](std::int32_t c) -> std::string {
      const auto& code = comms[static_cast<std::size_t>(c)];
      if (len == 12) return code;
      return check_code(code, Level::community).empty() ? code.substr(0, len) : std::string();
    };
    std::vector<std::string> ckey(comms.size());
    for (std::size_t c = 0; c < comms.size(); ++c) ckey[c] = key_of(static_cast<std::int32_t>(c));
    // Entry of each community's division at this level (few communities: no per-unit hashing).
    std::vector<std::ptrdiff_t> cpos(comms.size(), -1);
    for (std::size_t c = 0; c < comms.size(); ++c) {
      if (ckey[c].empty()) continue;
      auto [it, inserted] = idx.try_emplace(ckey[c], out.size());
      if (inserted) out.push_back(LevelReport{lname, ckey[c]});
      cpos[c] = static_cast<std::ptrdiff_t>(it->second);
    }
    for (std::size_t u = 0; u < n; ++u) {
      const auto pos = cpos[static_cast<std::size_t>(units.community()[u])];
      if (pos < 0) continue;
      auto& r = out[static_cast<std::size_t>(pos)];
      ++r.units;
      if (!hh.empty()) r.households += hh[u];
      if (!pop.empty()) r.population += pop[u];
      if (!eld.empty()) r.elderly_alone += eld[u];
      if (!dis.empty()) r.disabled += dis[u];
      if (!hard.empty()) r.hardship += hard[u];
    }
    for (std::size_t g = 0; g < k; ++g) {
      if (grids[g].units == 0 || gcomm[g] < 0) continue;
      const auto& key = ckey[static_cast<std::size_t>(gcomm[g])];
      auto it = idx.find(key);
      if (it == idx.end()) continue;
      ++out[it->second].grids;
      out[it->second].grids_out_of_bounds += !grids[g].within_bounds;
    }
    std::sort(out.begin(), out.end(), [](const LevelReport& a, const LevelReport& b) { return a.code < b.code; });
    rep.levels.insert(rep.levels.end(), out.begin(), out.end());
  }
  return rep;
}

}  // namespace gridgov
