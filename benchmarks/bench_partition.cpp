// Google Benchmark: synthetic cities of 2,000 / 20,000 / 200,000 units.
// Counters: grids, share within bounds, mean cut-edge ratio (from validate()).
#include <benchmark/benchmark.h>

#include <map>

#include "gridgov/partition/partition.hpp"
#include "gridgov/partition/redesign.hpp"
#include "gridgov/partition/synth.hpp"
#include "gridgov/core/validate.hpp"

namespace {

const gridgov::UnitGraph& city(std::int32_t n) {
  static std::map<std::int32_t, gridgov::UnitGraph> cache;
  auto it = cache.find(n);
  if (it == cache.end()) {
    gridgov::SynthOptions o;
    o.units = n;
    o.seed = 1;
    it = cache.emplace(n, gridgov::synth_city(o)).first;
  }
  return it->second;
}

void BM_Partition(benchmark::State& state) {
  const auto& g = city(static_cast<std::int32_t>(state.range(0)));
  gridgov::PartitionResult r;
  for (auto _ : state) {
    r = gridgov::partition(g);
    benchmark::DoNotOptimize(r.plan.grid_of.data());
  }
  const auto rep = gridgov::validate(g, r.plan);
  state.counters["grids"] = static_cast<double>(rep.summary.grids);
  state.counters["within_bounds"] =
      static_cast<double>(rep.summary.grids_within_bounds) / static_cast<double>(std::max<std::int64_t>(1, rep.summary.grids));
  state.counters["contiguous"] = rep.summary.contiguous ? 1 : 0;
  state.counters["nested"] = rep.summary.nested ? 1 : 0;
  state.counters["cut_edge_ratio"] = rep.summary.mean_cut_edge_ratio;
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Partition)->Arg(2000)->Arg(20000)->Arg(200000)->Unit(benchmark::kMillisecond);

void BM_Synth(benchmark::State& state) {
  for (auto _ : state) {
    gridgov::SynthOptions o;
    o.units = static_cast<std::int32_t>(state.range(0));
    auto g = gridgov::synth_city(o);
    benchmark::DoNotOptimize(g.size());
  }
}
BENCHMARK(BM_Synth)->Arg(2000)->Arg(20000)->Arg(200000)->Unit(benchmark::kMillisecond);

void BM_RedesignUnchanged(benchmark::State& state) {
  const auto& g = city(static_cast<std::int32_t>(state.range(0)));
  const auto p = gridgov::partition(g);
  for (auto _ : state) {
    auto r = gridgov::redesign(g, p.plan);
    benchmark::DoNotOptimize(r.moved_units);
  }
}
BENCHMARK(BM_RedesignUnchanged)->Arg(20000)->Arg(200000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
