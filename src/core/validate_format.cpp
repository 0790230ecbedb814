// JSON and text renderings of a ValidationReport.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "gridgov/core/format.hpp"
#include "gridgov/core/validate.hpp"

namespace gridgov {
namespace {

nlohmann::ordered_json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

}  // namespace

std::string to_json(const ValidationReport& rep, int indent) {
  using json = nlohmann::ordered_json;
  const auto& s = rep.summary;
  json j;
  j["summary"] = {{"units", s.units},
                  {"grids", s.grids},
                  {"valid", s.valid},
                  {"within_bounds", s.within_bounds},
                  {"contiguous", s.contiguous},
                  {"nested", s.nested},
                  {"grids_within_bounds", s.grids_within_bounds},
                  {"grids_contiguous", s.grids_contiguous},
                  {"grids_nested", s.grids_nested},
                  {"unassigned_units", s.unassigned_units},
                  {"violations", rep.violations.size()},
                  {"infeasible", json::array()},
                  {"mean_cut_edge_ratio", s.mean_cut_edge_ratio},
                  {"mean_polsby_popper", number_or_null(s.mean_polsby_popper)}};
  json bounds = json::array();
  for (const auto& b : rep.bounds) bounds.push_back({{"attribute", b.attribute}, {"min", b.min}, {"max", b.max}});
  j["bounds"] = bounds;
  json grids = json::array();
  for (const auto& g : rep.grids) {
    json totals = json::object();
    for (std::size_t b = 0; b < rep.bounds.size() && b < g.totals.size(); ++b) totals[rep.bounds[b].attribute] = g.totals[b];
    grids.push_back({{"grid", g.code},
                     {"type", std::string(grid_type_name(g.type))},
                     {"community", g.community.empty() ? json(nullptr) : json(g.community)},
                     {"units", g.units},
                     {"households", g.households},
                     {"population", g.population},
                     {"elderly_alone", g.elderly_alone},
                     {"disabled", g.disabled},
                     {"hardship", g.hardship},
                     {"totals", totals},
                     {"within_bounds", g.within_bounds},
                     {"contiguous", g.contiguous},
                     {"components", g.components},
                     {"nested", g.nested},
                     {"cut_edges", g.cut_edges},
                     {"edges", g.edges},
                     {"cut_edge_ratio", g.cut_edge_ratio},
                     {"moment_of_inertia", g.moment_of_inertia},
                     {"polsby_popper", number_or_null(g.polsby_popper)}});
  }
  j["grids"] = grids;
  json levels = json::array();
  for (const auto& l : rep.levels)
    levels.push_back({{"level", l.level},
                      {"code", l.code},
                      {"units", l.units},
                      {"grids", l.grids},
                      {"households", l.households},
                      {"population", l.population},
                      {"elderly_alone", l.elderly_alone},
                      {"disabled", l.disabled},
                      {"hardship", l.hardship},
                      {"grids_out_of_bounds", l.grids_out_of_bounds}});
  j["levels"] = levels;
  json viol = json::array();
  for (const auto& v : rep.violations)
    viol.push_back({{"rule", name(v.rule)}, {"grid", v.grid}, {"unit", v.unit}, {"message", v.message}});
  j["violations"] = viol;
  return j.dump(indent);
}

namespace {
std::string pad(const std::string& s, std::size_t w, bool right = false) {
  // Width counted in code points so that Chinese names line up roughly.
  std::size_t cps = 0;
  for (unsigned char c : s) cps += (c & 0xC0) != 0x80;
  if (cps >= w) return s;
  return right ? std::string(w - cps, ' ') + s : s + std::string(w - cps, ' ');
}
}  // namespace

std::string to_text(const ValidationReport& rep) {
  const auto& s = rep.summary;
  std::string out;
  auto yes = [](bool b) { return std::string(b ? "yes" : "NO"); };
  out += "Plan: " + std::to_string(s.units) + " units in " + std::to_string(s.grids) + " grids\n";
  for (const auto& b : rep.bounds)
    out += "Bounds: " + b.attribute + " " + format_number(b.min) + ".." + format_number(b.max) + " per grid\n";
  out += "  every unit in one grid: " + yes(s.unassigned_units == 0) + "\n";
  out += "  contiguous: " + yes(s.contiguous) + " (" + std::to_string(s.grids_contiguous) + "/" + std::to_string(s.grids) + ")\n";
  out += "  nested:     " + yes(s.nested) + " (" + std::to_string(s.grids_nested) + "/" + std::to_string(s.grids) + ")\n";
  out += "  in bounds:  " + yes(s.within_bounds) + " (" + std::to_string(s.grids_within_bounds) + "/" + std::to_string(s.grids) + ")\n";
  out += "  mean cut-edge ratio: " + format_fixed(s.mean_cut_edge_ratio, 3);
  if (std::isfinite(s.mean_polsby_popper)) out += ", mean Polsby-Popper: " + format_fixed(s.mean_polsby_popper, 3);
  out += "\n  verdict: " + std::string(s.valid ? "VALID" : "INVALID") + "\n";

  for (const char* level : {"county", "street", "community"}) {
    std::vector<const LevelReport*> rows;
    for (const auto& l : rep.levels)
      if (l.level == level) rows.push_back(&l);
    if (rows.empty()) continue;
    out += "\n" + pad(level, 16) + pad("units", 8, true) + pad("grids", 7, true) + pad("households", 12, true) +
           pad("population", 12, true) + pad("elderly", 9, true) + pad("disabled", 9, true) + pad("hardship", 9, true) +
           pad("off-bounds", 11, true) + "\n";
    for (const auto* l : rows)
      out += pad(l->code, 16) + pad(std::to_string(l->units), 8, true) + pad(std::to_string(l->grids), 7, true) +
             pad(format_fixed(l->households, 0), 12, true) + pad(format_fixed(l->population, 0), 12, true) + pad(format_fixed(l->elderly_alone, 0), 9, true) +
             pad(format_fixed(l->disabled, 0), 9, true) + pad(format_fixed(l->hardship, 0), 9, true) + pad(std::to_string(l->grids_out_of_bounds), 11, true) +
             "\n";
  }
  out += "\n" + pad("grid", 18) + pad("type", 10) + pad("units", 7, true) + pad("households", 12, true) +
         pad("population", 12, true) + pad("pieces", 8, true) + pad("cut", 7, true) + "  status\n";
  for (const auto& g : rep.grids) {
    std::string status;
    if (!g.contiguous) status += " split";
    if (!g.nested) status += " crosses";
    if (!g.within_bounds) status += " out-of-bounds";
    out += pad(g.code, 18) + pad(std::string(grid_type_name(g.type)), 10) + pad(std::to_string(g.units), 7, true) +
           pad(format_fixed(g.households, 0), 12, true) + pad(format_fixed(g.population, 0), 12, true) + pad(std::to_string(g.components), 8, true) +
           pad(format_fixed(g.cut_edge_ratio, 2), 7, true) + "  " + (status.empty() ? std::string("ok") : status.substr(1)) + "\n";
  }
  if (!rep.violations.empty()) {
    out += "\nViolations (" + std::to_string(rep.violations.size()) + "):\n";
    for (const auto& v : rep.violations) out += "  [" + std::string(name(v.rule)) + "] " + v.message + "\n";
  }
  return out;
}

}  // namespace gridgov
