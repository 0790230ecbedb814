// partition, redesign, improve and synthetic cities for gridgov._core.
#include "bindings.hpp"
#include "options.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/partition/improve.hpp"
#include "gridgov/partition/partition.hpp"
#include "gridgov/partition/redesign.hpp"
#include "gridgov/partition/synth.hpp"

namespace py = pybind11;
using namespace gridgov;

py::list gridgov::python::infeasible_list(const std::vector<Infeasibility>& inf) {
  py::list out;
  for (const auto& i : inf) {
    py::dict d;
    d["kind"] = std::string(name(i.kind));
    d["community"] = i.community;
    d["units"] = python::copy(std::span<const UnitIndex>(i.units));
    d["reason"] = i.reason;
    d["status"] = i.proven() ? "proven_infeasible" : "undecided";
    if (i.witness.unit >= 0) {
      py::dict w;
      w["unit"] = i.witness.unit;
      w["attribute"] = i.witness.attribute;
      w["weight"] = i.witness.weight;
      w["neighbours_min"] = i.witness.neighbours_min;
      w["neighbours_max"] = i.witness.neighbours_max;
      w["reach"] = i.witness.reach;
      d["witness"] = w;
    } else {
      d["witness"] = py::none();
    }
    out.append(d);
  }
  return out;
}

namespace {

// Per-grid columns: code, kind, community (code, "" if several), units, one
// column of totals per bound, within_bounds, flagged.
py::dict grids_columns(const UnitGraph& g, const Plan& plan, const std::vector<GridInfo>& grids,
                       const std::vector<Bounds>& bounds) {
  using G = GridInfo;
  std::size_t q = 0;
  python::Columns<std::vector<GridInfo>> c(grids);
  c.obj("code", [&](const G&) { return plan.grid_codes[q++]; })
      .obj("kind", [](const G& x) { return std::string(name(x.kind)); })
      .obj("community", [&](const G& x) {
        return x.community >= 0 ? g.communities()[static_cast<std::size_t>(x.community)] : std::string();
      })
      .num<std::int32_t>("units", [](const G& x) { return x.units; });
  for (std::size_t a = 0; a < bounds.size(); ++a)
    c.num<double>(bounds[a].attribute.c_str(), [a](const G& x) { return a < x.totals.size() ? x.totals[a] : 0.0; });
  // how far each total is from its bounds (0 within, total - max above, total - min below)
  std::vector<std::string> off;
  for (const auto& b : bounds) off.push_back(b.attribute + "_off_bounds");
  for (std::size_t a = 0; a < bounds.size(); ++a)
    c.num<double>(off[a].c_str(), [a](const G& x) { return a < x.off_bounds.size() ? x.off_bounds[a] : 0.0; });
  return c.num<bool>("within_bounds", [](const G& x) { return x.within_bounds; })
      .num<bool>("flagged", [](const G& x) { return x.flagged; })
      .dict();
}

// The plan part of a result: "grid" (grid index per unit) and "grid_codes".
py::dict plan_dict(const Plan& plan) {
  py::dict d;
  d["grid"] = python::copy(std::span<const GridIndex>(plan.grid_of));
  d["grid_codes"] = plan.grid_codes;
  return d;
}

}  // namespace

void register_partition(py::module_& m) {
  m.def(
      "partition",
      [](const UnitGraph& g, PartitionOptions o, py::object progress) {
        o.run.progress = python::interruptible(std::move(progress));
        auto r = python::without_gil([&] { return partition(g, o); });
        py::dict d = plan_dict(r.plan);
        d["grids"] = grids_columns(g, r.plan, r.grids, o.rules.bounds);
        d["infeasible"] = python::infeasible_list(r.infeasible);
        d["warnings"] = r.warnings;
        d["stats"] = python::fields_dict(r.stats);  // the field list of PartitionStats
        d["plan"] = py::cast(std::move(r.plan));
        return d;
      },
      "Partition units into grids (see gridgov.partition for the documented wrapper).", py::arg("graph"),
      py::arg("options"), py::arg("progress") = py::none());

  m.def(
      "redesign",
      [](const UnitGraph& g, const Plan& old, RedesignOptions o, py::object progress) {
        python::check_plan(g, old);
        o.run.progress = python::interruptible(std::move(progress));
        auto r = python::without_gil([&] { return redesign(g, old, o); });
        py::dict d = plan_dict(r.plan);
        d["grids"] = grids_columns(g, r.plan, r.grids, o.rules.bounds);
        using M = Move;
        d["moves"] = python::Columns(r.moves)
                         .num<UnitIndex>("unit", [](const M& mv) { return mv.unit; })
                         .obj("old_grid", [](const M& mv) { return mv.old_grid; })
                         .obj("new_grid", [](const M& mv) { return mv.new_grid; })
                         .num<double>("households", [](const M& mv) { return mv.households; })
                         .dict();
        d["moved_units"] = r.moved_units;
        d["moved_households"] = r.moved_households;
        d["placed_units"] = r.placed_units;
        d["kept_grids"] = r.kept_grids;
        d["changed_grids"] = r.changed_grids;
        d["new_grids"] = r.new_grids;
        d["removed_grids"] = r.removed_grids;
        d["infeasible"] = python::infeasible_list(r.infeasible);
        d["warnings"] = r.warnings;
        d["seconds"] = r.seconds;
        d["plan"] = py::cast(std::move(r.plan));
        return d;
      },
      "Repair a plan after the units changed (see gridgov.redesign).", py::arg("graph"), py::arg("old_plan"),
      py::arg("options"), py::arg("progress") = py::none());

  m.def(
      "improve",
      [](const UnitGraph& g, const Plan& plan, ImproveOptions o, py::object progress) {
        python::check_plan(g, plan);
        o.run.progress = python::interruptible(std::move(progress));
        auto r = python::without_gil([&] { return improve(g, plan, o); });
        py::dict d = plan_dict(r.plan);
        d["cut_edges_before"] = r.cut_edges_before;
        d["cut_edges_after"] = r.cut_edges_after;
        d["spread_before"] = r.spread_before;
        d["spread_after"] = r.spread_after;
        d["moves"] = r.moves;
        d["moved_units"] = r.moved_units;
        d["passes"] = r.passes;
        d["timed_out"] = r.timed_out;
        d["plan"] = py::cast(std::move(r.plan));
        return d;
      },
      "Local search keeping every rule (see gridgov.improve).", py::arg("graph"), py::arg("plan"), py::arg("options"),
      py::arg("progress") = py::none());

  m.def(
      "synth_city",
      [](std::int32_t units, std::uint64_t seed, bool queen, double tower_share, double people_per_household,
         double community_min, double community_max, int rivers, double park_share, double dedicated_share,
         double rural_share, const std::string& county, const std::vector<std::string>& community_codes) {
        SynthOptions o;
        o.units = units;
        o.seed = seed;
        o.queen = queen;
        o.tower_share = tower_share;
        o.people_per_household = people_per_household;
        o.community_min = community_min;
        o.community_max = community_max;
        o.rivers = rivers;
        o.park_share = park_share;
        o.dedicated_share = dedicated_share;
        o.rural_share = rural_share;
        o.county = county;
        o.community_codes = community_codes;
        py::gil_scoped_release release;
        return synth_city(o);
      },
      "A synthetic city as a UnitGraph (see gridgov.synth_city).", py::kw_only(), py::arg("units") = 2000,
      py::arg("seed") = 1, py::arg("queen") = false, py::arg("tower_share") = 0.05,
      py::arg("people_per_household") = 2.4, py::arg("community_min") = 2000.0, py::arg("community_max") = 6000.0,
      py::arg("rivers") = 1, py::arg("park_share") = 0.04, py::arg("dedicated_share") = 0.0,
      py::arg("rural_share") = 0.0, py::arg("county") = "620102",
      py::arg("community_codes") = std::vector<std::string>{});
}
