// The event-handling simulation for gridgov._core (documented wrappers in
// gridgov/simulate.py). Every call releases the GIL while C++ runs and can
// be cancelled with Ctrl-C.
#include "bindings.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/simulate/replicate.hpp"
#include "gridgov/simulate/simulate.hpp"

namespace py = pybind11;
using namespace gridgov;
using gridgov::python::copy;

namespace {

SimParams params_of(const std::string& json_text) {
  return json_text.empty() ? SimParams{} : sim_params_from_json(json_text, "params");
}

Staffing staffing_of(const std::vector<double>& ft, const std::vector<double>& pt, const std::vector<double>& hours) {
  return Staffing{ft, pt, hours};
}

using python::arr;

/// Column arrays of a list of tallies.
py::dict tallies(std::span<const SimTally> ts) {
  using T = SimTally;
  python::Columns c(ts);
  c.num<std::int64_t>("received", [](const T& t) { return t.received; })
      .num<std::int64_t>("resolved", [](const T& t) { return t.resolved_total(); });
  for (std::size_t l = 0; l < kLevels; ++l) {
    const std::string name = "resolved_" + std::string(sim_level_name(static_cast<SimLevel>(l)));
    c.num<std::int64_t>(name.c_str(), [l](const T& t) { return t.resolved[l]; });
  }
  return c.num<std::int64_t>("unresolved", [](const T& t) { return t.unresolved; })
      .num<std::int64_t>("open", [](const T& t) { return t.open; })
      .num<std::int64_t>("on_time", [](const T& t) { return t.on_time; })
      .num<std::int64_t>("timeouts", [](const T& t) { return t.timeouts; })
      .num<double>("resolution_rate", [](const T& t) { return t.resolution_rate(); })
      .num<double>("on_time_rate", [](const T& t) { return t.on_time_rate(); })
      .num<double>("grid_share", [](const T& t) { return t.grid_share(); })
      .num<double>("mean_resolution_days", [](const T& t) { return t.mean_resolution_days(); })
      .dict();
}

py::dict run_dict(const SimResult& r) {
  py::dict d;
  d["days"] = r.days;
  d["drain_days"] = r.drain_days;
  d["seed"] = r.seed;
  d["total"] = tallies(std::span<const SimTally>(&r.total, 1));
  using L = SimLevelTally;
  d["levels"] = python::Columns(r.levels)
                    .num<std::int64_t>("reached", [](const L& l) { return l.reached; })
                    .num<std::int64_t>("resolved", [](const L& l) { return l.resolved; })
                    .num<std::int64_t>("passed_on", [](const L& l) { return l.passed_on; })
                    .num<std::int64_t>("open", [](const L& l) { return l.open; })
                    .dict();
  py::dict grids = tallies(r.grids);
  grids["busy_hours"] = arr(r.busy_hours);
  grids["capacity_hours"] = arr(r.capacity_hours);
  grids["utilisation"] = arr(r.utilisation);
  grids["mean_wait_hours"] = arr(r.mean_wait_hours);
  d["grids"] = grids;
  d["channels"] = tallies(r.channels);
  d["types"] = tallies(r.types);
  py::dict daily;
  daily["arrivals"] = arr(r.daily_arrivals);
  daily["resolved"] = arr(r.daily_resolved);
  daily["escalated"] = arr(r.daily_escalated);
  daily["unresolved"] = arr(r.daily_unresolved);
  daily["backlog"] = arr(r.daily_backlog);
  daily["grid_queue"] = arr(r.daily_grid_queue);
  d["daily"] = daily;
  py::dict q;
  q["p50"] = r.quantile_p50;
  q["p90"] = r.quantile_p90;
  q["p95"] = r.quantile_p95;
  q["p99"] = r.quantile_p99;
  q["max"] = r.max_resolution_days;
  d["quantiles"] = q;
  d["histogram"] = arr(r.histogram);
  d["hist_bin_days"] = r.hist_bin_days;
  d["unit_received"] = arr(r.unit_received);
  d["metrics"] = arr(sim_metrics(r));
  d["events"] = r.events;
  d["seconds"] = r.seconds;
  return d;
}

py::dict estimates_dict(std::span<const Estimate> es) {
  using E = Estimate;
  return python::Columns(es)
      .num<double>("mean", [](const E& e) { return e.mean; })
      .num<double>("low", [](const E& e) { return e.low; })
      .num<double>("high", [](const E& e) { return e.high; })
      .num<double>("sd", [](const E& e) { return e.sd; })
      .num<std::int64_t>("n", [](const E& e) { return e.n; })
      .dict();
}

py::dict summary_dict(const ReplicationSummary& s) {
  py::dict d;
  d["metrics"] = s.metrics;
  const std::size_t r = s.samples.size(), m = s.metrics.size();
  py::array_t<double> samples({static_cast<py::ssize_t>(r), static_cast<py::ssize_t>(m)});
  auto* p = samples.mutable_data();
  for (std::size_t i = 0; i < r; ++i)
    for (std::size_t j = 0; j < m; ++j) p[i * m + j] = s.samples[i][j];
  d["samples"] = samples;
  d["estimates"] = estimates_dict(s.estimates);
  py::dict daily;
  daily["backlog"] = estimates_dict(s.daily_backlog);
  daily["arrivals"] = estimates_dict(s.daily_arrivals);
  daily["resolved"] = estimates_dict(s.daily_resolved);
  d["daily"] = daily;
  py::dict grids;
  grids["utilisation"] = estimates_dict(s.grid_utilisation);
  grids["grid_share"] = estimates_dict(s.grid_share);
  d["grids"] = grids;
  py::list runs;
  for (const auto& run : s.runs) runs.append(run_dict(run));
  d["runs"] = runs;
  d["seconds"] = s.seconds;
  d["events"] = s.events;
  return d;
}

}  // namespace

void register_simulate(py::module_& m) {
  std::vector<std::string> types, channels, levels, groups;
  for (int i = 0; i < kEventTypes; ++i) types.emplace_back(event_type_name(static_cast<EventType>(i)));
  for (int i = 0; i < kChannels; ++i) channels.emplace_back(channel_name(static_cast<Channel>(i)));
  for (int i = 0; i < kLevels; ++i) levels.emplace_back(sim_level_name(static_cast<SimLevel>(i)));
  for (int i = 0; i < kSpecialGroups; ++i) groups.emplace_back(special_group_name(i));
  m.attr("SIM_EVENT_TYPES") = types;
  m.attr("SIM_CHANNELS") = channels;
  m.attr("SIM_LEVELS") = levels;
  m.attr("SIM_SPECIAL_GROUPS") = groups;
  m.attr("SIM_METRICS") = sim_metric_names();

  m.def(
      "sim_params_json", [](const std::string& text) { return sim_params_to_json(params_of(text), -1); },
      "Validates a parameter JSON document over the defaults and returns the complete set as JSON.",
      py::arg("json_text") = "");

  m.def("replication_seed", &replication_seed, py::arg("seed"), py::arg("r"));
  m.def("student_t_quantile", &student_t_quantile, py::arg("confidence"), py::arg("df"));

  m.def(
      "expected_daily_arrivals",
      [](const UnitGraph& g, const Plan& plan, const std::string& params) {
        auto v = python::without_gil([&] { return expected_daily_arrivals(g, plan, params_of(params)); });
        py::array_t<double> a({static_cast<py::ssize_t>(v.size() / kEventTypes), static_cast<py::ssize_t>(kEventTypes)});
        std::copy(v.begin(), v.end(), a.mutable_data());
        return a;
      },
      py::arg("graph"), py::arg("plan"), py::arg("params") = "");

  m.def(
      "simulate",
      [](const UnitGraph& g, const Plan& plan, const std::vector<double>& ft, const std::vector<double>& pt,
         const std::vector<double>& hours, const std::string& params, int days, int drain_days, std::uint64_t seed,
         py::object progress) {
        const SimParams p = params_of(params);
        const Staffing s = staffing_of(ft, pt, hours);
        SimOptions o;
        o.days = days;
        o.drain_days = drain_days;
        o.seed = seed;
        o.progress = python::interruptible(std::move(progress));
        auto r = python::without_gil([&] { return simulate(g, plan, s, p, o); });
        return run_dict(r);
      },
      "One replication (see gridgov.simulate).", py::arg("graph"), py::arg("plan"), py::arg("full_time"),
      py::arg("part_time"), py::arg("part_time_hours"), py::kw_only(), py::arg("params") = "", py::arg("days") = 365,
      py::arg("drain_days") = 30, py::arg("seed") = 0, py::arg("progress") = py::none());

  m.def(
      "replicate",
      [](const UnitGraph& g, const Plan& plan, const std::vector<double>& ft, const std::vector<double>& pt,
         const std::vector<double>& hours, const std::string& params, int replications, int threads, double confidence,
         bool keep_runs, int days, int drain_days, std::uint64_t seed, py::object progress) {
        const SimParams p = params_of(params);
        const Staffing s = staffing_of(ft, pt, hours);
        ReplicateOptions o;
        o.replications = replications;
        o.threads = threads;
        o.confidence = confidence;
        o.keep_runs = keep_runs;
        o.sim.days = days;
        o.sim.drain_days = drain_days;
        o.sim.seed = seed;
        o.sim.progress = python::interruptible(std::move(progress));
        auto r = python::without_gil([&] { return replicate(g, plan, s, p, o); });
        return summary_dict(r);
      },
      "Replications in parallel threads (see gridgov.replicate).", py::arg("graph"), py::arg("plan"),
      py::arg("full_time"), py::arg("part_time"), py::arg("part_time_hours"), py::kw_only(), py::arg("params") = "",
      py::arg("replications") = 10, py::arg("threads") = 0, py::arg("confidence") = 0.95, py::arg("keep_runs") = true,
      py::arg("days") = 365, py::arg("drain_days") = 30, py::arg("seed") = 0, py::arg("progress") = py::none());

  m.def(
      "calibrate",
      [](const UnitGraph& g, const Plan& plan, const std::vector<double>& ft, const std::vector<double>& pt,
         const std::vector<double>& hours, const std::string& params, double target, const std::string& parameter,
         double low, double high, double tolerance, int max_iterations, int replications, int threads, int days,
         int drain_days, std::uint64_t seed, py::object progress) {
        const SimParams p = params_of(params);
        const Staffing s = staffing_of(ft, pt, hours);
        CalibrateOptions o;
        o.target = target;
        o.parameter = parameter;
        o.low = low;
        o.high = high;
        o.tolerance = tolerance;
        o.max_iterations = max_iterations;
        o.replicate.replications = replications;
        o.replicate.threads = threads;
        o.replicate.sim.days = days;
        o.replicate.sim.drain_days = drain_days;
        o.replicate.sim.seed = seed;
        o.replicate.sim.progress = python::interruptible(std::move(progress));
        auto r = python::without_gil([&] { return calibrate(g, plan, s, p, o); });
        py::dict d;
        d["params"] = sim_params_to_json(r.params, -1);
        d["parameter"] = r.parameter;
        d["value"] = r.value;
        d["achieved"] = r.achieved;
        d["converged"] = r.converged;
        d["iterations"] = r.iterations;
        d["trace"] = r.trace;
        return d;
      },
      "Fit one parameter to a target resolution rate (see gridgov.calibrate).", py::arg("graph"), py::arg("plan"),
      py::arg("full_time"), py::arg("part_time"), py::arg("part_time_hours"), py::kw_only(), py::arg("params") = "",
      py::arg("target") = 0.91, py::arg("parameter") = "escalation_scale", py::arg("low") = 0.0,
      py::arg("high") = 0.0, py::arg("tolerance") = 0.002, py::arg("max_iterations") = 40,
      py::arg("replications") = 4, py::arg("threads") = 0, py::arg("days") = 365, py::arg("drain_days") = 30,
      py::arg("seed") = 0, py::arg("progress") = py::none());
}
