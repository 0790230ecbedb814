// Google Benchmark: deciding chunky pieces (issue 11, part 3). Corpora of
// pieces on rook and queen lattices, weights 10-100% of the maximum, minimum
// 20-70% of it: /0 300 pieces of 9-196 units, /1 600 pieces of 64-196
// units. Each is partitioned with 1 s of complete search: every piece must
// come back planned within the bounds or proven infeasible. Counters:
// decided share, planned / proven shares, pieces the complete search
// decided, the slowest and the mean seconds per piece.
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

std::vector<Instance> make_corpus(int count, int side_min, std::uint64_t seed) {
  std::vector<Instance> v;
  std::mt19937_64 rng(seed);
  const double fr[] = {0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.7};
  const auto span = static_cast<std::uint64_t>(15 - side_min);
  for (int i = 0; i < count; ++i) {
    const int W = side_min + static_cast<int>(rng() % span), H = side_min + static_cast<int>(rng() % span);
    const double hi = 1000, lo = hi * fr[rng() % 7];
    v.push_back({gridgov::testing::chunky_lattice(W, H, 0.0, hi, i % 2 == 1, rng()), lo, hi});
  }
  return v;
}

const std::vector<Instance>& corpus(int which) {
  static const std::vector<Instance> mixed = make_corpus(300, 3, 11);
  static const std::vector<Instance> large = make_corpus(600, 8, 12);
  return which == 0 ? mixed : large;
}

void BM_ProveChunky(benchmark::State& state) {
  const auto& c = corpus(static_cast<int>(state.range(0)));
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
BENCHMARK(BM_ProveChunky)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
