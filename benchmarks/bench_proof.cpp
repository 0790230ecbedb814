// Google Benchmark: deciding chunky pieces (issue 11, part 3). A corpus of
// 300 pieces of 9-196 units (rook and queen lattices, weights 10-100% of the
// maximum, minimum 20-70% of it), each partitioned with 1 s of complete
// search: every piece must come back planned within the bounds or proven
// infeasible. Counters: decided share, planned / proven shares, pieces the
// complete search decided, the slowest and the mean seconds per piece.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <vector>

#include "../tests/cpp/partition/chunky.hpp"
#include "gridgov/partition/partition.hpp"

namespace {

struct Instance {
  gridgov::UnitGraph g;
  double lo, hi;
};

const std::vector<Instance>& corpus() {
  static const std::vector<Instance> c = [] {
    std::vector<Instance> v;
    std::mt19937_64 rng(11);
    const double fr[] = {0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.7};
    for (int i = 0; i < 300; ++i) {
      const int W = 3 + static_cast<int>(rng() % 12), H = 3 + static_cast<int>(rng() % 12);
      const double hi = 1000, lo = hi * fr[rng() % 7];
      v.push_back({gridgov::testing::chunky_lattice(W, H, 0.0, hi, i % 2 == 1, rng()), lo, hi});
    }
    return v;
  }();
  return c;
}

void BM_ProveChunky(benchmark::State& state) {
  const auto& c = corpus();
  double decided = 0, planned = 0, proven = 0, by_search = 0, pieces = 0, slowest = 0, total = 0;
  for (auto _ : state) {
    decided = planned = proven = by_search = pieces = slowest = total = 0;
    for (std::size_t i = 0; i < c.size(); ++i) {
      gridgov::PartitionOptions o;
      o.rules.bounds = {gridgov::Bounds{"pop", c[i].lo, c[i].hi}};
      o.proof_seconds = 1.0;
      o.run.seed = i;
      const auto t0 = std::chrono::steady_clock::now();
      const auto r = gridgov::partition(c[i].g, o);
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      benchmark::DoNotOptimize(r.plan.grid_of.data());
      slowest = std::max(slowest, s);
      total += s;
      const auto p = static_cast<double>(r.stats.pieces);
      pieces += p;
      decided += p - static_cast<double>(r.stats.pieces_undecided);
      proven += static_cast<double>(r.stats.pieces_proven_infeasible);
      planned += p - static_cast<double>(r.stats.pieces_undecided + r.stats.pieces_proven_infeasible);
      by_search += static_cast<double>(r.stats.pieces_by_search);
    }
  }
  state.counters["pieces"] = pieces;
  state.counters["decided_share"] = decided / std::max(pieces, 1.0);
  state.counters["planned_share"] = planned / std::max(pieces, 1.0);
  state.counters["proven_share"] = proven / std::max(pieces, 1.0);
  state.counters["by_search"] = by_search;
  state.counters["slowest_s"] = slowest;
  state.counters["mean_s"] = total / static_cast<double>(c.size());
}
BENCHMARK(BM_ProveChunky)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
