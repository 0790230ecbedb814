// ReCom chain throughput: steps per second of one chain on one core.
//
//   build/benchmarks/bench_ensemble --benchmark_counters_tabular=true
//
// The city is gridgov's synthetic city, the start gridgov's own plan
// (300-500 households, grids nested in communities); scores are recorded
// every step in memory. benchmarks/ensemble_peers.py runs GerryChain's ReCom
// on the same city and rules.
#include <benchmark/benchmark.h>

#include <map>

#include "gridgov/ensemble/ensemble.hpp"
#include "gridgov/partition/partition.hpp"
#include "gridgov/partition/synth.hpp"

namespace {

using namespace gridgov;

struct City {
  UnitGraph graph;
  Plan plan;
};

const City& city(int units) {
  static std::map<int, City> cache;
  auto it = cache.find(units);
  if (it != cache.end()) return it->second;
  SynthOptions so;
  so.units = units;
  so.seed = 1;
  City c{synth_city(so), {}};
  PartitionOptions po;
  po.run.seed = 1;
  c.plan = partition(c.graph, po).plan;
  return cache.emplace(units, std::move(c)).first->second;
}

void BM_ReCom(benchmark::State& state) {
  const auto& c = city(static_cast<int>(state.range(0)));
  EnsembleOptions o;
  o.chains = 1;
  o.threads = 1;
  o.steps = state.range(1);
  o.proposal = state.range(2) ? EnsembleProposal::reversible : EnsembleProposal::recom;
  std::int64_t steps = 0, accepted = 0;
  for (auto _ : state) {
    const auto r = ensemble(c.graph, c.plan, o);
    steps += r.chains[0].steps;
    accepted += r.chains[0].accepted;
    benchmark::DoNotOptimize(r.samples);
  }
  state.counters["steps/s"] = benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
  state.counters["acceptance"] = static_cast<double>(accepted) / static_cast<double>(steps);
}
BENCHMARK(BM_ReCom)
    ->ArgNames({"units", "steps", "reversible"})
    ->Args({2400, 20000, 0})
    ->Args({20000, 20000, 0})
    ->Args({200000, 20000, 0})
    ->Args({20000, 20000, 1})
    ->UseRealTime()  // the chain runs on a worker thread
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
