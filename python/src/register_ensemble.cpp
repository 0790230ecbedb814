// ReCom ensembles, replay and simulation across plans for gridgov._core.
#include "bindings.hpp"
#include "gridgov/ensemble/ensemble.hpp"
#include "gridgov/ensemble/outcomes.hpp"
#include "gridgov/simulate/params.hpp"
#include "gridgov/workload/config.hpp"

namespace py = pybind11;
using namespace gridgov;

void register_ensemble(py::module_& m) {
  m.def(
      "ensemble",
      [](const UnitGraph& g, const Plan& plan, EnsembleOptions o, const std::string& workload_config,
         const std::string& scores_path, const std::string& plans_path, py::object progress) {
        python::check_plan(g, plan);
        std::optional<WorkloadSettings> wl;
        if (!workload_config.empty()) wl = parse_workload_config(workload_config, "workload config");
        o.run.progress = python::interruptible(std::move(progress));
        EnsembleOutput out{scores_path, plans_path};
        auto r = python::without_gil([&] { return ensemble(g, plan, o, wl ? &wl->workload : nullptr, out); });
        py::dict d;
        d["report"] = to_json(r, -1);
        py::dict table;
        const auto& t = r.table;
        table["chain"] = python::arr(t.chain);
        table["step"] = python::arr(t.step);
        table["accepted"] = python::arr(t.accepted).attr("astype")("bool");
        table["plan_hash"] = python::arr(t.plan_hash);
        for (std::size_t i = 0; i < r.score_names.size(); ++i)
          table[py::str(r.score_names[i])] = i < t.scores.size() ? python::arr(t.scores[i]) : py::array_t<double>(0);
        d["table"] = table;
        py::list plans;
        for (auto& p : r.plans) plans.append(py::cast(std::move(p)));
        d["plans"] = plans;
        d["plan_chain"] = python::arr(r.plan_chain);
        d["plan_step"] = python::arr(r.plan_step);
        return d;
      },
      "ReCom ensemble (see gridgov.ensemble).", py::arg("graph"), py::arg("plan"), py::arg("options"),
      py::arg("workload_config") = "", py::arg("scores_path") = "", py::arg("plans_path") = "",
      py::arg("progress") = py::none());

  m.def(
      "replay_plans",
      [](const std::string& path, const Plan& start, int chain) {
        std::vector<std::int64_t> steps;
        std::vector<std::vector<GridIndex>> grids;
        {
          py::gil_scoped_release release;
          (void)replay_plans(path, start, chain, [&](std::int64_t step, const Plan& p) {
            steps.push_back(step);
            grids.push_back(p.grid_of);
          });
        }
        py::list out;
        for (std::size_t i = 0; i < steps.size(); ++i) out.append(py::make_tuple(steps[i], python::arr(grids[i])));
        return out;
      },
      "The plan after every accepted move of one chain of a plans file (see gridgov.replay_plans).", py::arg("path"),
      py::arg("start"), py::arg("chain") = 0);

  m.def(
      "simulate_plans",
      [](const UnitGraph& g, const Plan& plan, const std::vector<Plan>& plans, const std::vector<double>& ft,
         const std::vector<double>& pt, const std::vector<double>& hours, const std::string& params, int replications,
         int threads, int days, int drain_days, std::uint64_t seed, const std::vector<std::int32_t>& chains,
         const std::vector<std::int64_t>& steps, py::object progress) {
        python::check_plan(g, plan);
        for (const auto& p : plans) python::check_plan(g, p);
        const SimParams sp = params.empty() ? SimParams{} : sim_params_from_json(params, "params");
        const Staffing s{ft, pt, hours};
        ReplicateOptions o;
        o.replications = replications;
        o.threads = threads;
        o.sim.days = days;
        o.sim.drain_days = drain_days;
        o.sim.seed = seed;
        o.sim.progress = python::interruptible(std::move(progress));
        auto r = python::without_gil([&] { return simulate_plans(g, plan, plans, s, sp, o, chains, steps); });
        return to_json(r, -1);
      },
      "Simulated outcomes of a plan and of ensemble plans (see gridgov.ensemble).", py::arg("graph"), py::arg("plan"),
      py::arg("plans"), py::arg("full_time"), py::arg("part_time"), py::arg("part_time_hours"), py::kw_only(),
      py::arg("params") = "", py::arg("replications") = 3, py::arg("threads") = 0, py::arg("days") = 365,
      py::arg("drain_days") = 30, py::arg("seed") = 0, py::arg("chains") = std::vector<std::int32_t>{},
      py::arg("steps") = std::vector<std::int64_t>{}, py::arg("progress") = py::none());
}
