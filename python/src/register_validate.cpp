// Plan validation: the report as Python objects (no JSON in between).
#include "bindings.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/core/validate.hpp"

namespace py = pybind11;
using namespace gridgov;

namespace {

py::dict report_dict(const ValidationReport& rep) {
  const auto& s = rep.summary;
  py::dict summary;
  summary["units"] = s.units;
  summary["grids"] = s.grids;
  summary["valid"] = s.valid;
  summary["within_bounds"] = s.within_bounds;
  summary["contiguous"] = s.contiguous;
  summary["nested"] = s.nested;
  summary["grids_within_bounds"] = s.grids_within_bounds;
  summary["grids_contiguous"] = s.grids_contiguous;
  summary["grids_nested"] = s.grids_nested;
  summary["unassigned_units"] = s.unassigned_units;
  summary["violations"] = rep.violations.size();
  summary["mean_cut_edge_ratio"] = s.mean_cut_edge_ratio;
  summary["mean_polsby_popper"] = s.mean_polsby_popper;

  using G = GridReport;
  python::Columns<std::vector<GridReport>> grids(rep.grids);
  grids.obj("grid", [](const G& g) { return g.code; })
      .obj("type", [](const G& g) { return std::string(grid_type_name(g.type)); })
      .obj("community", [](const G& g) { return g.community; })
      .num<std::int64_t>("units", [](const G& g) { return g.units; })
      .num<double>("households", [](const G& g) { return g.households; })
      .num<double>("population", [](const G& g) { return g.population; })
      .num<double>("elderly_alone", [](const G& g) { return g.elderly_alone; })
      .num<double>("disabled", [](const G& g) { return g.disabled; })
      .num<double>("hardship", [](const G& g) { return g.hardship; });
  for (std::size_t b = 0; b < rep.bounds.size(); ++b) {
    const auto& a = rep.bounds[b].attribute;
    if (a == "households" || a == "population" || a == "elderly_alone" || a == "disabled" || a == "hardship") continue;
    grids.num<double>(a.c_str(), [b](const G& g) { return b < g.totals.size() ? g.totals[b] : 0.0; });
  }
  grids.num<bool>("within_bounds", [](const G& g) { return g.within_bounds; })
      .num<bool>("contiguous", [](const G& g) { return g.contiguous; })
      .num<std::int32_t>("components", [](const G& g) { return g.components; })
      .num<bool>("nested", [](const G& g) { return g.nested; })
      .num<std::int64_t>("cut_edges", [](const G& g) { return g.cut_edges; })
      .num<std::int64_t>("edges", [](const G& g) { return g.edges; })
      .num<double>("cut_edge_ratio", [](const G& g) { return g.cut_edge_ratio; })
      .num<double>("moment_of_inertia", [](const G& g) { return g.moment_of_inertia; })
      .num<double>("polsby_popper", [](const G& g) { return g.polsby_popper; });

  using L = LevelReport;
  auto levels = python::Columns<std::vector<LevelReport>>(rep.levels)
                    .obj("level", [](const L& l) { return l.level; })
                    .obj("code", [](const L& l) { return l.code; })
                    .num<std::int64_t>("units", [](const L& l) { return l.units; })
                    .num<std::int64_t>("grids", [](const L& l) { return l.grids; })
                    .num<double>("households", [](const L& l) { return l.households; })
                    .num<double>("population", [](const L& l) { return l.population; })
                    .num<double>("elderly_alone", [](const L& l) { return l.elderly_alone; })
                    .num<double>("disabled", [](const L& l) { return l.disabled; })
                    .num<double>("hardship", [](const L& l) { return l.hardship; })
                    .num<std::int64_t>("grids_out_of_bounds", [](const L& l) { return l.grids_out_of_bounds; })
                    .dict();
  using V = Violation;
  auto violations = python::Columns<std::vector<Violation>>(rep.violations)
                        .obj("rule", [](const V& v) { return std::string(name(v.rule)); })
                        .obj("grid", [](const V& v) { return v.grid; })
                        .obj("unit", [](const V& v) { return v.unit; })
                        .obj("message", [](const V& v) { return v.message; })
                        .dict();
  py::dict d;
  d["summary"] = summary;
  d["grids"] = grids.dict();
  d["levels"] = levels;
  d["violations"] = violations;
  d["bounds"] = py::cast(rep.bounds);
  return d;
}

}  // namespace

void register_validate(py::module_& m) {
  m.def(
      "validate",
      [](const UnitGraph& g, const Plan& p, const ValidateOptions& options) {
        python::check_plan(g, p);
        return report_dict(python::without_gil([&] { return validate(g, p, options); }));
      },
      "Check a plan (see gridgov.validate).", py::arg("graph"), py::arg("plan"), py::arg("options"));
  m.def(
      "validate_json",
      [](const UnitGraph& g, const Plan& p, const ValidateOptions& options) {
        python::check_plan(g, p);
        return python::without_gil([&] { return to_json(validate(g, p, options), -1); });
      },
      "The report as JSON text, as `gridgov validate --json` prints it.", py::arg("graph"), py::arg("plan"),
      py::arg("options"));
  m.def(
      "report_text",
      [](const UnitGraph& g, const Plan& p, const ValidateOptions& options) {
        python::check_plan(g, p);
        return python::without_gil([&] { return to_text(validate(g, p, options)); });
      },
      "The report tables, as `gridgov report` prints them.", py::arg("graph"), py::arg("plan"), py::arg("options"));
}
