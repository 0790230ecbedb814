// Workload, balanced partitions, staffing and fairness for gridgov._core.
#include <cmath>
#include <limits>

#include "bindings.hpp"
#include "gridgov/workload/balanced.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/workload/fairness.hpp"
#include "gridgov/workload/staffing.hpp"
#include "gridgov/workload/workload.hpp"

namespace py = pybind11;
using namespace gridgov;

namespace {

using python::arr;

py::dict fairness_dict(const FairnessStats& s) {
  py::dict d;
  d["n"] = s.n;
  d["total"] = s.total;
  d["mean"] = s.mean;
  d["min"] = s.min;
  d["max"] = s.max;
  d["stddev"] = s.stddev;
  d["cv"] = s.cv;
  d["max_over_mean"] = s.max_over_mean;
  d["gini"] = s.gini;
  return d;
}

py::dict workload_dict(const WorkloadResult& w) {
  py::dict units;
  units["routine"] = arr(w.units.routine);
  units["special"] = arr(w.units.special);
  units["events"] = arr(w.units.events);
  units["travel"] = arr(w.units.travel);
  units["total"] = arr(w.units.total);
  units["visits_per_week"] = arr(w.units.visits_per_week);
  units["area"] = arr(w.units.area);
  using G = GridWorkload;
  py::dict grids = python::Columns(w.grids)
                       .obj("code", [](const G& g) { return g.code; })
                       .obj("community", [](const G& g) { return g.community; })
                       .num<std::int64_t>("units", [](const G& g) { return g.units; })
                       .num<double>("households", [](const G& g) { return g.households; })
                       .num<double>("population", [](const G& g) { return g.population; })
                       .num<double>("routine", [](const G& g) { return g.parts.routine; })
                       .num<double>("special", [](const G& g) { return g.parts.special; })
                       .num<double>("events", [](const G& g) { return g.parts.events; })
                       .num<double>("travel", [](const G& g) { return g.parts.travel; })
                       .num<double>("admin", [](const G& g) { return g.parts.admin; })
                       .num<double>("total", [](const G& g) { return g.total; })
                       .num<double>("visits_per_week", [](const G& g) { return g.visits_per_week; })
                       .num<double>("stops_per_round", [](const G& g) { return g.stops_per_round; })
                       .num<double>("area_m2", [](const G& g) { return g.area_m2; })
                       .num<double>("tour_km_per_round", [](const G& g) { return g.tour_km_per_round; })
                       .num<double>("cx", [](const G& g) { return g.cx; })
                       .num<double>("cy", [](const G& g) { return g.cy; })
                       .dict();
  py::list levels;
  for (const auto& l : w.levels) {
    py::dict d;
    d["level"] = l.level;
    d["code"] = l.code;
    d["grids"] = l.grids;
    d["households"] = l.households;
    d["routine"] = l.parts.routine;
    d["special"] = l.parts.special;
    d["events"] = l.parts.events;
    d["travel"] = l.parts.travel;
    d["admin"] = l.parts.admin;
    d["total"] = l.total;
    d["max_grid"] = l.max_grid;
    levels.append(d);
  }
  py::dict out;
  out["units"] = units;
  out["grids"] = grids;
  out["levels"] = levels;
  out["warnings"] = w.warnings;
  return out;
}

std::vector<Person> make_people(const std::vector<std::string>& ids, const std::vector<std::string>& roles,
                                const std::vector<double>& hours, const std::vector<double>& x, const std::vector<double>& y,
                                const std::vector<std::string>& community, const std::vector<std::string>& skills) {
  const auto n = ids.size();
  auto check = [&](std::size_t s, const char* what) {
    if (s != n && s != 0)
      throw InputError("people", 0, std::string("column '") + what + "' has " + std::to_string(s) + " values for " + std::to_string(n) + " people");
  };
  check(roles.size(), "role");
  check(hours.size(), "hours");
  check(x.size(), "x");
  check(y.size(), "y");
  check(community.size(), "community");
  check(skills.size(), "skills");
  if (roles.size() != n) throw InputError("people", 0, "column 'role' is required");
  std::vector<Person> people(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto& p = people[i];
    p.id = ids[i];
    p.line = i + 1;
    try {
      p.role = parse_role(roles[i]);
    } catch (const InputError& e) {
      throw InputError("people", i + 1, "person '" + p.id + "': " + e.message());
    }
    if (!hours.empty()) p.hours = hours[i];
    if (!hours.empty() && !std::isnan(hours[i]) && (hours[i] < 0 || !std::isfinite(hours[i])))
      throw InputError("people", i + 1, "person '" + p.id + "': negative or non-finite hours");
    if (!x.empty() && !y.empty() && !std::isnan(x[i]) && !std::isnan(y[i])) {
      p.has_home = true;
      p.x = x[i];
      p.y = y[i];
    }
    if (!community.empty()) p.community = community[i];
    if (!skills.empty()) {
      const auto& s = skills[i];
      std::size_t b = 0;
      while (b < s.size()) {
        auto e = s.find(';', b);
        if (e == std::string::npos) e = s.size();
        if (e > b) p.skills.push_back(s.substr(b, e - b));
        b = e + 1;
      }
    }
    if (!p.has_home && p.community.empty())
      throw InputError("people", i + 1, "person '" + p.id + "' has no home: give x,y or a community");
  }
  return people;
}

py::dict staffing_dict(const StaffingResult& r, const WorkloadResult& w) {
  py::dict out;
  using A = Assignment;
  py::dict asg = python::Columns(r.assignments)
                     .obj("person", [&r](const A& a) { return r.people[static_cast<std::size_t>(a.person)].id; })
                     .num<std::int32_t>("person_index", [](const A& a) { return a.person; })
                     .obj("grid", [&w](const A& a) { return w.grids[static_cast<std::size_t>(a.grid)].code; })
                     .num<std::int32_t>("grid_index", [](const A& a) { return a.grid; })
                     .num<double>("hours", [](const A& a) { return a.hours; })
                     .obj("slot", [](const A& a) { return std::string(name(a.slot)); })
                     .dict();
  out["assignments"] = asg;
  using P = PersonLoad;
  out["people"] = python::Columns(r.people)
                      .obj("id", [](const P& p) { return p.id; })
                      .obj("role", [](const P& p) { return role_name(p.role); })
                      .num<double>("hours_available", [](const P& p) { return p.hours_available; })
                      .num<double>("hours_assigned", [](const P& p) { return p.hours_assigned; })
                      .num<double>("load", [](const P& p) { return p.load; })
                      .num<std::int32_t>("grids", [](const P& p) { return p.grids; })
                      .num<double>("distance_km", [](const P& p) { return p.distance_km; })
                      .num<bool>("overloaded", [](const P& p) { return p.overloaded; })
                      .dict();
  using S = GridStaffing;
  out["grids"] = python::Columns(r.grids)
                     .obj("code", [](const S& g) { return g.code; })
                     .num<double>("workload", [](const S& g) { return g.workload; })
                     .obj("full_time", [](const S& g) { return g.full_time; })
                     .num<double>("full_time_hours", [](const S& g) { return g.full_time_hours; })
                     .num<double>("helper_demand", [](const S& g) { return g.helper_demand; })
                     .num<double>("helper_hours", [](const S& g) { return g.helper_hours; })
                     .num<std::int32_t>("part_time", [](const S& g) { return g.part_time; })
                     .num<std::int32_t>("auxiliary", [](const S& g) { return g.auxiliary; })
                     .num<double>("uncovered", [](const S& g) { return g.uncovered; })
                     .num<std::int32_t>("missing_full_time", [](const S& g) { return g.missing_full_time; })
                     .num<std::int32_t>("missing_part_time", [](const S& g) { return g.missing_part_time; })
                     .num<std::int32_t>("missing_auxiliary", [](const S& g) { return g.missing_auxiliary; })
                     .obj("missing_skills", [](const S& g) { return g.missing_skills; })
                     .dict();
  py::list shortages;
  for (const auto& s : r.shortages) {
    py::dict d;
    d["what"] = s.what;
    d["needed"] = s.needed;
    d["available"] = s.available;
    d["message"] = s.message;
    shortages.append(d);
  }
  out["shortages"] = shortages;
  py::dict m;
  m["full_time"] = r.minimum.full_time;
  m["part_time"] = r.minimum.part_time;
  m["auxiliary"] = r.minimum.auxiliary;
  m["total"] = r.minimum.total();
  m["hours"] = r.minimum.hours;
  m["uncoverable_hours"] = r.minimum.uncoverable_hours;
  out["minimum_staff"] = m;
  out["load_fairness"] = fairness_dict(r.load_fairness);
  const auto& s = r.summary;
  py::dict sm;
  sm["grids"] = s.grids;
  sm["people"] = s.people;
  sm["people_assigned"] = s.people_assigned;
  sm["full_time_distance_km"] = s.full_time_distance_km;
  sm["required_distance_km"] = s.required_distance_km;
  sm["helper_travel_cost"] = s.helper_travel_cost;
  sm["helper_spread_cost"] = s.helper_spread_cost;
  sm["uncovered_hours"] = s.uncovered_hours;
  sm["grids_uncovered"] = s.grids_uncovered;
  sm["overloaded_people"] = s.overloaded_people;
  sm["pricing_rounds"] = s.pricing_rounds;
  sm["feasible"] = s.feasible;
  sm["seconds"] = s.seconds;
  out["summary"] = sm;
  return out;
}

}  // namespace

void register_workload(py::module_& m) {
  m.def(
      "workload_config",
      [](const std::string& text) { return workload_config_to_json(parse_workload_config(text, "config"), 2); },
      "Validate a workload/staffing JSON document and return it with every default filled in.",
      py::arg("config") = "");

  m.def(
      "compute_workload",
      [](const UnitGraph& g, const Plan& plan, const std::string& config) {
        python::check_plan(g, plan);
        const WorkloadSettings cfg = parse_workload_config(config, "config");
        auto w = python::without_gil([&] { return compute_workload(g, plan, cfg.workload); });
        return workload_dict(w);
      },
      "Workload per unit, grid and level (see gridgov.workload).", py::arg("graph"), py::arg("plan"), py::kw_only(),
      py::arg("config") = "");

  m.def(
      "balanced_partition",
      [](const UnitGraph& g, const std::string& config, BalancedOptions bo, py::object progress) {
        const WorkloadSettings cfg = parse_workload_config(config, "config");
        bo.partition.run.progress = python::interruptible(std::move(progress));
        auto r = python::without_gil([&] { return balanced_partition(g, cfg.workload, bo); });
        py::dict d;
        d["grid"] = arr(r.result.plan.grid_of);
        d["grid_codes"] = r.result.plan.grid_codes;
        d["infeasible"] = python::infeasible_list(r.result.infeasible);
        d["warnings"] = r.result.warnings;
        d["workload_bounds"] = py::make_tuple(r.workload_bounds.min, r.workload_bounds.max);
        d["unit_workload"] = arr(r.unit_workload);
        d["grid_workload"] = arr(r.grid_workload);
        d["balanced"] = fairness_dict(r.balanced);
        d["grids_within_both"] = r.grids_within_both;
        d["households_only_workload"] = arr(r.households_only_workload);
        d["households_only"] = fairness_dict(r.households_only_stats);
        d["households_only_within_both"] = r.households_only_within_both;
        d["households_only_grid"] = arr(r.households_only.grid_of);
        d["seconds"] = r.result.stats.seconds;
        d["households_only_plan"] = py::cast(std::move(r.households_only));
        d["plan"] = py::cast(std::move(r.result.plan));
        return d;
      },
      "Partition with households and workload bounds (see gridgov.balanced_partition).", py::arg("graph"),
      py::arg("config"), py::arg("options"), py::arg("progress") = py::none());

  m.def(
      "staff",
      [](const UnitGraph& g, const Plan& plan, const std::vector<std::string>& ids, const std::vector<std::string>& roles,
         const std::vector<double>& hours, const std::vector<double>& x, const std::vector<double>& y,
         const std::vector<std::string>& community, const std::vector<std::string>& skills, const std::string& config,
         const std::string& pattern, py::object evaluate, py::object progress) {
        python::check_plan(g, plan);
        WorkloadSettings cfg = parse_workload_config(config, "config");
        if (!pattern.empty()) cfg.staffing.pattern = parse_pattern(pattern);
        const auto people = make_people(ids, roles, hours, x, y, community, skills);
        std::vector<std::string> existing;
        const bool eval = !evaluate.is_none();
        if (eval) existing = evaluate.cast<std::vector<std::string>>();
        auto cb = python::interruptible(std::move(progress));
        WorkloadResult w;
        StaffingResult r;
        {
          py::gil_scoped_release release;
          w = compute_workload(g, plan, cfg.workload);
          r = eval ? evaluate_staffing(w, people, existing, cfg.staffing) : staff(w, people, cfg.staffing, cb);
        }
        auto d = staffing_dict(r, w);
        py::dict gc;
        std::vector<double> cx, cy;
        for (const auto& gr : w.grids) {
          cx.push_back(gr.cx);
          cy.push_back(gr.cy);
        }
        gc["cx"] = arr(cx);
        gc["cy"] = arr(cy);
        gc["x_scale"] = w.units.x_scale;
        gc["y_scale"] = w.units.y_scale;
        d["geometry"] = gc;
        return d;
      },
      "Assign people to grids (see gridgov.staff).", py::arg("graph"), py::arg("plan"), py::kw_only(), py::arg("ids"),
      py::arg("roles"), py::arg("hours") = std::vector<double>{}, py::arg("x") = std::vector<double>{},
      py::arg("y") = std::vector<double>{}, py::arg("community") = std::vector<std::string>{},
      py::arg("skills") = std::vector<std::string>{}, py::arg("config") = "", py::arg("pattern") = "",
      py::arg("evaluate") = py::none(), py::arg("progress") = py::none());

  m.def(
      "read_people",
      [](const std::string& path, const std::string& encoding) {
        python::CsvKeywords csv(encoding, py::none());
        const auto people = parse_people_csv(io::read_text(path, csv.options), path);
        csv.warn();
        py::list id, role, community, skills;
        std::vector<double> hours, x, y;
        for (const auto& p : people) {
          id.append(p.id);
          role.append(role_name(p.role));
          community.append(p.community);
          std::string s;
          for (const auto& k : p.skills) s += (s.empty() ? "" : ";") + k;
          skills.append(s);
          hours.push_back(p.hours);
          x.push_back(p.has_home ? p.x : std::numeric_limits<double>::quiet_NaN());
          y.push_back(p.has_home ? p.y : std::numeric_limits<double>::quiet_NaN());
        }
        py::dict d;
        d["id"] = id;
        d["role"] = role;
        d["hours"] = arr(hours);
        d["x"] = arr(x);
        d["y"] = arr(y);
        d["community"] = community;
        d["skills"] = skills;
        return d;
      },
      "Read a people CSV as a dict of columns (UTF-8, or GBK/GB18030 detected or given by encoding).",
      py::arg("path"), py::kw_only(), py::arg("encoding") = "auto");

  m.def(
      "minimum_staff",
      [](const UnitGraph& g, const Plan& plan, const std::string& config, const std::string& pattern) {
        python::check_plan(g, plan);
        WorkloadSettings cfg = parse_workload_config(config, "config");
        if (!pattern.empty()) cfg.staffing.pattern = parse_pattern(pattern);
        const auto w = compute_workload(g, plan, cfg.workload);
        const auto ms = minimum_staff(w, cfg.staffing);
        py::dict d;
        d["full_time"] = ms.full_time;
        d["part_time"] = ms.part_time;
        d["auxiliary"] = ms.auxiliary;
        d["total"] = ms.total();
        d["hours"] = ms.hours;
        d["uncoverable_hours"] = ms.uncoverable_hours;
        d["extra_per_grid"] = arr(ms.extra_per_grid);
        return d;
      },
      "Minimum staff for a pattern (see gridgov.minimum_staff).", py::arg("graph"), py::arg("plan"), py::kw_only(),
      py::arg("config") = "", py::arg("pattern") = "");

  m.def(
      "fairness",
      [](const std::vector<double>& values) { return fairness_dict(fairness(values)); },
      "n, total, mean, min, max, stddev, cv, max_over_mean, gini of non-negative loads.", py::arg("values"));
}
