// gridgov validate / gridgov report
#include <iostream>

#include "commands.hpp"
#include "options.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/core/validate.hpp"

namespace gridgov::cli {
namespace {

struct PlanArgs {
  std::string units, edges, plan, out;
  BoundArgs bounds;
  ValidateOptions options;
  bool json = false;
};

void add_plan_options(CLI::App* cmd, PlanArgs& a) {
  add_graph_options(cmd, a.units, a.edges);
  cmd->add_option("--plan", a.plan, "plan CSV: id,grid")->required();
  add_bound_options(cmd, a.bounds);
  add_options(cmd, a.options);
}

ValidationReport run(PlanArgs& a) {
  a.options.rules.bounds = bounds_from(a.bounds);
  UnitGraph units = load_graph(a.units, a.edges);
  Plan plan = io::read_plan_csv(a.plan, units, csv_options());
  return validate(units, plan, a.options);
}

}  // namespace

void register_validate(CLI::App& app, int& result) {
  auto va = std::make_shared<PlanArgs>();
  auto* v = app.add_subcommand("validate",
                               "Check a plan: every unit in exactly one grid, grids contiguous, nested and within "
                               "bounds. Exit 0 if every rule holds, 1 if not.");
  add_plan_options(v, *va);
  v->add_flag("--json", va->json, "print the full report as JSON");
  v->callback([va, &result] {
    auto rep = run(*va);
    if (va->json) {
      std::cout << to_json(rep) << "\n";
    } else {
      const auto& s = rep.summary;
      std::cout << (s.valid ? "valid" : "invalid") << ": " << s.grids << " grids, " << s.grids_within_bounds
                << " within bounds, " << s.grids_contiguous << " contiguous, " << s.grids_nested << " nested, "
                << rep.violations.size() << " violation(s)\n";
      for (const auto& viol : rep.violations) std::cout << "  [" << name(viol.rule) << "] " << viol.message << "\n";
    }
    result = rep.summary.valid ? kExitOk : kExitInvalid;
  });

  auto ra = std::make_shared<PlanArgs>();
  auto* r = app.add_subcommand("report", "Print a plan's report as tables: per grid, community, street and county.");
  add_plan_options(r, *ra);
  r->add_option("--out", ra->out, "also write the report as JSON to this file");
  r->callback([ra, &result] {
    auto rep = run(*ra);
    std::cout << to_text(rep);
    if (!ra->out.empty()) io::write_file_atomic(ra->out, to_json(rep) + "\n");
    result = rep.summary.valid ? kExitOk : kExitInvalid;
  });
}

}  // namespace gridgov::cli
