// gridgov simulate: a year of events through grid > community > street > district.
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

#include "commands.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/simulate/replicate.hpp"
#include "gridgov/simulate/simulate.hpp"

namespace gridgov::cli {
namespace {

using nlohmann::json;

struct SimArgs {
  std::string units, edges, plan, params, staffing, out_csv;
  int days = 365, drain_days = 30, replications = 1, threads = 0;
  std::uint64_t seed = 0;
  double full_time = 1, part_time = 3, part_time_hours = 8;
  bool json_out = false, print_params = false;
};

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char ch : line) {
    if (ch == '"') quoted = !quoted;
    else if (ch == ',' && !quoted) {
      out.push_back(cur);
      cur.clear();
    } else if (ch != '\r') {
      cur += ch;
    }
  }
  out.push_back(cur);
  return out;
}

/// grid,full_time,part_time,part_time_hours (grids not listed keep the defaults).
Staffing read_staffing(const std::string& path, const Plan& plan, const SimArgs& a) {
  Staffing s = Staffing::uniform(plan.num_grids(), a.full_time, a.part_time, a.part_time_hours);
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t q = 0; q < plan.grid_codes.size(); ++q) index.emplace(plan.grid_codes[q], q);
  std::istringstream in(io::read_text(path, csv_options()));
  std::string line;
  std::size_t lineno = 0;
  int col[4] = {-1, -1, -1, -1};
  const char* names[4] = {"grid", "full_time", "part_time", "part_time_hours"};
  while (std::getline(in, line)) {
    ++lineno;
    if (lineno == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    if (line.empty() || line == "\r") continue;
    const auto f = split_csv_line(line);
    if (col[0] < 0) {
      for (std::size_t i = 0; i < f.size(); ++i)
        for (int k = 0; k < 4; ++k)
          if (f[i] == names[k]) col[k] = static_cast<int>(i);
      if (col[0] < 0) throw InputError(path, lineno, "missing column 'grid' (grid,full_time,part_time,part_time_hours)");
      continue;
    }
    const auto it = index.find(f[static_cast<std::size_t>(col[0])]);
    if (it == index.end()) throw InputError(path, lineno, "grid '" + f[static_cast<std::size_t>(col[0])] + "' is not in the plan");
    std::vector<double>* target[4] = {nullptr, &s.full_time, &s.part_time, &s.part_time_hours};
    for (int k = 1; k < 4; ++k) {
      if (col[k] < 0) continue;
      const auto c = static_cast<std::size_t>(col[k]);
      if (c >= f.size()) throw InputError(path, lineno, "too few fields");
      try {
        std::size_t used = 0;
        const double v = std::stod(f[c], &used);
        if (used != f[c].size()) throw std::invalid_argument(f[c]);
        (*target[k])[it->second] = v;
      } catch (const std::logic_error&) {
        throw InputError(path, lineno, std::string(names[k]) + ": '" + f[c] + "' is not a number");
      }
    }
  }
  s.validate(plan.num_grids());
  return s;
}

json tally_json(const SimTally& t) {
  return json{{"received", t.received},
              {"resolved", {{"grid", t.resolved[0]}, {"community", t.resolved[1]}, {"street", t.resolved[2]}, {"district", t.resolved[3]}}},
              {"unresolved", t.unresolved},
              {"open", t.open},
              {"on_time", t.on_time},
              {"timeouts", t.timeouts},
              {"resolution_rate", t.resolution_rate()},
              {"on_time_rate", t.on_time_rate()},
              {"grid_share", t.grid_share()}};
}

json run_json(const SimResult& r) {
  json levels = json::object();
  for (int l = 0; l < kLevels; ++l) {
    const auto& lv = r.levels[static_cast<std::size_t>(l)];
    levels[std::string(sim_level_name(static_cast<SimLevel>(l)))] =
        json{{"reached", lv.reached}, {"resolved", lv.resolved}, {"passed_on", lv.passed_on}, {"open", lv.open}};
  }
  json channels = json::object(), types = json::object();
  for (int c = 0; c < kChannels; ++c)
    channels[std::string(channel_name(static_cast<Channel>(c)))] = tally_json(r.channels[static_cast<std::size_t>(c)]);
  for (int t = 0; t < kEventTypes; ++t)
    types[std::string(event_type_name(static_cast<EventType>(t)))] = tally_json(r.types[static_cast<std::size_t>(t)]);
  return json{{"total", tally_json(r.total)},
              {"levels", levels},
              {"channels", channels},
              {"types", types},
              {"resolution_days", {{"p50", r.quantile_p50}, {"p90", r.quantile_p90}, {"p95", r.quantile_p95}, {"p99", r.quantile_p99}, {"max", r.max_resolution_days}}},
              {"daily", {{"arrivals", r.daily_arrivals}, {"resolved", r.daily_resolved}, {"backlog", r.daily_backlog}}},
              {"seconds", r.seconds}};
}

void write_grid_csv(const std::string& path, const Plan& plan, const std::vector<SimResult>& runs) {
  std::ostringstream o;
  o << std::setprecision(10);
  o << "grid,received,resolved_grid,resolved_community,resolved_street,resolved_district,unresolved,open,timeouts,"
       "on_time,grid_share,resolution_rate,utilisation,mean_wait_hours\n";
  const double n = static_cast<double>(runs.size());
  for (std::size_t q = 0; q < plan.grid_codes.size(); ++q) {
    SimTally t;
    double share = 0, rate = 0, util = 0, wait = 0;
    for (const auto& r : runs) {
      t.add(r.grids[q]);
      share += r.grids[q].grid_share();
      rate += r.grids[q].resolution_rate();
      util += r.utilisation[q];
      wait += r.mean_wait_hours[q];
    }
    auto mean = [&](std::int64_t v) { return static_cast<double>(v) / n; };
    o << plan.grid_codes[q] << ',' << mean(t.received) << ',' << mean(t.resolved[0]) << ',' << mean(t.resolved[1]) << ','
      << mean(t.resolved[2]) << ',' << mean(t.resolved[3]) << ',' << mean(t.unresolved) << ',' << mean(t.open) << ','
      << mean(t.timeouts) << ',' << mean(t.on_time) << ',' << share / n << ',' << rate / n << ',' << util / n << ','
      << wait / n << '\n';
  }
  io::write_file_atomic(path, o.str());
}

void run(const SimArgs& a) {
  SimParams params = a.params.empty() ? SimParams{} : read_sim_params(a.params);
  if (a.print_params) {
    std::cout << sim_params_to_json(params) << "\n";
    return;
  }
  for (const auto* opt : {&a.units, &a.edges, &a.plan})
    if (opt->empty()) throw InputError("simulate: --units, --edges and --plan are required (or --print-params)");
  const UnitGraph g = load_graph(a.units, a.edges);
  const Plan plan = io::read_plan_csv(a.plan, g, csv_options());
  const Staffing staffing = a.staffing.empty()
                                ? Staffing::uniform(plan.num_grids(), a.full_time, a.part_time, a.part_time_hours)
                                : read_staffing(a.staffing, plan, a);
  ReplicateOptions ro;
  ro.replications = a.replications;
  ro.threads = a.threads;
  ro.sim.days = a.days;
  ro.sim.drain_days = a.drain_days;
  ro.sim.seed = a.seed;
  ReplicationSummary s;
  if (a.replications == 1) {
    // One run keeps seed = --seed exactly (replicate() derives seeds per replication).
    std::vector<SimResult> runs;
    runs.push_back(simulate(g, plan, staffing, params, ro.sim));
    s = summarize_runs(std::move(runs));
  } else {
    s = replicate(g, plan, staffing, params, ro);
  }
  if (!a.out_csv.empty()) write_grid_csv(a.out_csv, plan, s.runs);
  double secs = 0;
  for (const auto& r : s.runs) secs += r.seconds;
  const double received = s.estimates[0].mean * static_cast<double>(s.runs.size());
  if (a.json_out) {
    json est = json::object();
    for (std::size_t i = 0; i < s.metrics.size(); ++i) {
      const auto& e = s.estimates[i];
      est[s.metrics[i]] = json{{"mean", e.mean}, {"low", e.low}, {"high", e.high}, {"sd", e.sd}, {"n", e.n}};
    }
    json out{{"command", "simulate"},
             {"units", g.size()},
             {"grids", plan.num_grids()},
             {"days", a.days},
             {"drain_days", a.drain_days},
             {"seed", a.seed},
             {"replications", a.replications},
             {"confidence", 0.95},
             {"estimates", est},
             {"events_per_second", secs > 0 ? received / secs : 0.0},
             {"run", run_json(s.runs.front())}};
    std::cout << out.dump(2) << "\n";
    return;
  }
  auto line = [&](const char* label, std::size_t i, double scale, const char* unit) {
    const auto& e = s.estimates[i];
    std::cout << "  " << std::left << std::setw(22) << label << std::right << std::fixed << std::setprecision(2)
              << e.mean * scale << unit;
    if (e.n > 1) std::cout << "  (95% CI " << e.low * scale << " .. " << e.high * scale << ")";
    std::cout << "\n";
  };
  std::cout << "simulate: " << g.size() << " units, " << plan.num_grids() << " grids, " << a.days << " days (+"
            << a.drain_days << " drain), " << a.replications << " replication(s), seed " << a.seed << "\n";
  line("received", 0, 1, "");
  line("resolution rate", 2, 100, "%");
  line("on-time rate", 3, 100, "%");
  line("resolved in grid", 4, 100, "%");
  line("  community", 5, 100, "%");
  line("  street", 6, 100, "%");
  line("  district", 7, 100, "%");
  line("unresolved", 8, 100, "%");
  line("open at end", 9, 100, "%");
  line("median days", 12, 1, "");
  line("p90 days", 13, 1, "");
  line("mean utilisation", 15, 100, "%");
  std::cout << "  " << std::setprecision(0) << (secs > 0 ? received / secs : 0.0) << " events/s\n";
}

}  // namespace

void register_simulate(CLI::App& app, int& result) {
  auto a = std::make_shared<SimArgs>();
  auto* cmd = app.add_subcommand(
      "simulate",
      "Simulate events (hotline 12345, app, QR code, patrol, mediation, petition, police) flowing grid > "
      "community > street > district; print resolution, on-time and in-grid rates with 95% confidence "
      "intervals over replications. Parameters: docs/simulation.md.");
  cmd->add_option("--units", a->units, "units CSV: id,x,y,households,population,community[,elderly_alone,...]");
  cmd->add_option("--edges", a->edges, "edges CSV: u,v");
  cmd->add_option("--plan", a->plan, "plan CSV: id,grid");
  add_csv_options(cmd);
  cmd->add_option("--params", a->params, "parameter JSON (any subset of the keys; see data/sample/sim.json)");
  cmd->add_option("--staffing", a->staffing, "staffing CSV: grid,full_time,part_time,part_time_hours");
  cmd->add_option("--full-time", a->full_time, "full-time workers per grid (without --staffing)")->capture_default_str();
  cmd->add_option("--part-time", a->part_time, "part-time helpers per grid")->capture_default_str();
  cmd->add_option("--part-time-hours", a->part_time_hours, "weekly hours of each helper")->capture_default_str();
  cmd->add_option("--days", a->days, "days with arrivals")->check(CLI::Range(1, 36500))->capture_default_str();
  cmd->add_option("--drain-days", a->drain_days, "further days to finish open events")
      ->check(CLI::Range(0, 36500))
      ->capture_default_str();
  cmd->add_option("--seed", a->seed, "random seed")->capture_default_str();
  cmd->add_option("--replications", a->replications, "replications (run in parallel threads)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--threads", a->threads, "threads (0 = all cores)")->capture_default_str();
  cmd->add_flag("--json", a->json_out, "print JSON instead of text");
  cmd->add_option("--out-csv", a->out_csv, "per-grid CSV to write (means over replications)");
  cmd->add_flag("--print-params", a->print_params, "print the parameters (defaults, or --params merged) and exit");
  cmd->callback([a, &result] {
    run(*a);
    result = kExitOk;
  });
}

}  // namespace gridgov::cli
