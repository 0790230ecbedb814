// Simulation throughput: residents' events simulated per second on one core.
//
//   build/benchmarks/bench_simulate --benchmark_counters_tabular=true
//
// "events/s" counts received events (each one queued, served or timed out at
// its grid and escalated as far as it goes); "steps/s" counts every
// simulated step (arrival, service, escalation, decision).
#include <benchmark/benchmark.h>

#include <map>

#include "gridgov/simulate/replicate.hpp"
#include "gridgov/simulate/simulate.hpp"
#include "gridgov/partition/synth.hpp"

namespace {

using namespace gridgov;

struct City {
  UnitGraph graph;
  Plan plan;
};

/// A synthetic city cut into grids of about 400 households (by unit order:
/// contiguity does not matter to the simulation's speed).
const City& city(int units) {
  static std::map<int, City> cache;
  auto it = cache.find(units);
  if (it != cache.end()) return it->second;
  SynthOptions so;
  so.units = units;
  so.seed = 1;
  City c{synth_city(so), {}};
  const auto hh = c.graph.attribute("households");
  std::vector<GridIndex> g(static_cast<std::size_t>(units));
  GridIndex q = 0;
  double acc = 0;
  for (std::size_t u = 0; u < g.size(); ++u) {
    if (acc >= 400) {
      ++q;
      acc = 0;
    }
    g[u] = q;
    acc += hh[u];
  }
  c.plan = Plan::from_indices(g);
  return cache.emplace(units, std::move(c)).first->second;
}

void run(benchmark::State& state, double rate_scale) {
  const auto& c = city(static_cast<int>(state.range(0)));
  const auto staffing = Staffing::uniform(c.plan.num_grids());
  SimParams p;
  p.scales.rate = rate_scale;
  SimOptions o;
  o.days = 365;
  std::int64_t received = 0, steps = 0;
  std::uint64_t seed = 0;
  for (auto _ : state) {
    o.seed = seed++;
    const auto r = simulate(c.graph, c.plan, staffing, p, o);
    received += r.total.received;
    steps += r.events;
    benchmark::DoNotOptimize(r.total.resolved);
  }
  state.counters["grids"] = c.plan.num_grids();
  state.counters["events/run"] = static_cast<double>(received) / static_cast<double>(state.iterations());
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(received), benchmark::Counter::kIsRate);
  state.counters["steps/s"] = benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
}

/// A year of a city at the default rates (about 300 events per grid).
void BM_SimulateYear(benchmark::State& state) { run(state, 1.0); }
/// Ten times the default rates: busy grids, many timeouts and escalations.
void BM_SimulateYearBusy(benchmark::State& state) { run(state, 10.0); }

/// Replications in parallel threads (state.range(1) threads).
void BM_Replicate(benchmark::State& state) {
  const auto& c = city(static_cast<int>(state.range(0)));
  ReplicateOptions o;
  o.replications = 8;
  o.threads = static_cast<int>(state.range(1));
  o.keep_runs = false;
  o.sim.days = 365;
  std::int64_t received = 0;
  for (auto _ : state) {
    const auto s = replicate(c.graph, c.plan, Staffing::uniform(c.plan.num_grids()), SimParams{}, o);
    received += static_cast<std::int64_t>(s.estimates[0].mean * o.replications);
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(received), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_SimulateYear)->Arg(20000)->Arg(200000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_SimulateYearBusy)->Arg(200000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Replicate)->Args({20000, 1})->Args({20000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
