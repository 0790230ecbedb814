// Staffing at district scale: 5,000 grids and 50,000 people ("1+3+X"),
// the same with tight pools (exactly one full-time and three part-time
// people per grid), and the workload-balanced partition of synthetic cities.
//
//   build/benchmarks/bench_staffing --benchmark_filter=Staff
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <random>

#include "gridgov/workload/balanced.hpp"
#include "gridgov/workload/staffing.hpp"
#include "gridgov/partition/synth.hpp"
#include "gridgov/workload/workload.hpp"

using namespace gridgov;

namespace {

/// k grids on a jittered square lattice 600 m apart with 20..60 h/week, and
/// `people` people living anywhere in the district: 11% full-time, 42%
/// part-time, 47% auxiliary. With `tight`, k * (1 + spare) full-time,
/// 3k * (1 + spare) part-time and the rest auxiliary; `wide` > 1 spreads the
/// homes over a square that many times the grids' side (people beyond the
/// grids, towards one corner).
void make_district(int k, int people_n, std::uint64_t seed, WorkloadResult& w, std::vector<Person>& people,
                   bool tight = false, double spare = 0.0, double wide = 1.0) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u01(0, 1);
  const int side = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(k))));
  w.grids.clear();
  for (int q = 0; q < k; ++q) {
    GridWorkload g;
    g.code = "G" + std::to_string(q);
    g.community = "C" + std::to_string(q / 12);
    g.units = 10;
    g.households = 400;
    g.cx = (q % side + 0.3 * u01(rng)) * 600.0;
    g.cy = (q / side + 0.3 * u01(rng)) * 600.0;
    g.total = 20.0 + 40.0 * u01(rng);
    w.grids.push_back(g);
  }
  people.clear();
  const double extent = side * 600.0 * wide;
  for (int i = 0; i < people_n; ++i) {
    Person p;
    p.id = "P" + std::to_string(i);
    const double r = u01(rng);
    p.role = r < 0.11 ? Role::full_time : (r < 0.53 ? Role::part_time : Role::auxiliary);
    const int ft = static_cast<int>(k * (1 + spare)), pt = static_cast<int>(3 * k * (1 + spare));
    if (tight) p.role = i < ft ? Role::full_time : (i < ft + pt ? Role::part_time : Role::auxiliary);
    p.hours = p.role == Role::full_time ? 40.0 : (p.role == Role::part_time ? 8.0 + 4.0 * u01(rng) : 4.0 + 4.0 * u01(rng));
    p.has_home = true;
    p.x = extent * u01(rng);
    p.y = extent * u01(rng);
    people.push_back(p);
  }
}

void BM_Staff(benchmark::State& state) {
  WorkloadResult w;
  std::vector<Person> people;
  make_district(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)), 42, w, people);
  StaffingConfig cfg;
  StaffingResult r;
  for (auto _ : state) {
    r = staff(w, people, cfg);
    benchmark::DoNotOptimize(r.summary.uncovered_hours);
  }
  state.counters["grids"] = static_cast<double>(state.range(0));
  state.counters["people"] = static_cast<double>(state.range(1));
  state.counters["ft_km"] = r.summary.full_time_distance_km;
  state.counters["req_km"] = r.summary.required_distance_km;
  state.counters["helper_cost"] = r.summary.helper_travel_cost + r.summary.helper_spread_cost;
  state.counters["uncovered_h"] = r.summary.uncovered_hours;
  state.counters["pricing_rounds"] = static_cast<double>(r.summary.pricing_rounds);
  state.counters["feasible"] = r.summary.feasible ? 1 : 0;
}
BENCHMARK(BM_Staff)->Args({500, 5000})->Args({5000, 50000})->Unit(benchmark::kMillisecond)->Iterations(1);

/// Tight pools: k grids, k full-time, 3k part-time and 5k auxiliary people
/// (9k in all), homes anywhere; stages 1 and 2 must use every person.
/// Arguments: k, seed.
/// Staffs k grids with 9k people made by make_district(spare, spread) and
/// reports the solution's figures as counters, to compare solvers.
void staff_district(benchmark::State& state, double spare, double spread) {
  const auto k = static_cast<int>(state.range(0));
  WorkloadResult w;
  std::vector<Person> people;
  make_district(k, 9 * k, static_cast<std::uint64_t>(state.range(1)), w, people, true, spare, spread);
  StaffingConfig cfg;
  StaffingResult r;
  for (auto _ : state) {
    r = staff(w, people, cfg);
    benchmark::DoNotOptimize(r.summary.uncovered_hours);
  }
  state.counters["grids"] = static_cast<double>(k);
  state.counters["people"] = static_cast<double>(people.size());
  state.counters["ft_km"] = r.summary.full_time_distance_km;
  state.counters["req_km"] = r.summary.required_distance_km;
  state.counters["helper_cost"] = r.summary.helper_travel_cost + r.summary.helper_spread_cost;
  state.counters["uncovered_h"] = r.summary.uncovered_hours;
  state.counters["pricing_rounds"] = static_cast<double>(r.summary.pricing_rounds);
  state.counters["feasible"] = r.summary.feasible ? 1 : 0;
}

void BM_StaffTight(benchmark::State& state) { staff_district(state, 0.0, 1.0); }
BENCHMARK(BM_StaffTight)
    ->Args({1000, 42})
    ->Args({2000, 42})
    ->Args({5000, 42})
    ->Args({5000, 1})
    ->Args({5000, 2})
    ->Args({5000, 3})
    ->Unit(benchmark::kMillisecond)->Iterations(1);

/// Nearly tight pools with the people spread wider than the grids: 2% more
/// full-time and part-time people than slots, homes over a square 1.08 times
/// the grids' side. The spare people live at the edge, so the optimum moves
/// people along long chains towards the centre. Arguments: k, seed.
void BM_StaffWide(benchmark::State& state) { staff_district(state, 0.02, 1.08); }
BENCHMARK(BM_StaffWide)->Args({1000, 42})->Args({5000, 42})->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_BalancedPartition(benchmark::State& state) {
  SynthOptions so;
  so.units = static_cast<std::int32_t>(state.range(0));
  so.seed = 1;
  const auto city = synth_city(so);
  BalancedOptions bo;
  BalancedResult r;
  for (auto _ : state) {
    r = balanced_partition(city, {}, bo);
    benchmark::DoNotOptimize(r.grids_within_both);
  }
  state.counters["grids"] = static_cast<double>(r.result.plan.num_grids());
  state.counters["within_both_pct"] = 100.0 * static_cast<double>(r.grids_within_both) /
                                      std::max(1.0, static_cast<double>(r.result.plan.num_grids()));
  state.counters["hh_only_within_both_pct"] = 100.0 * static_cast<double>(r.households_only_within_both) /
                                              std::max(1.0, static_cast<double>(r.households_only.num_grids()));
  state.counters["cv_balanced"] = r.balanced.cv;
  state.counters["cv_households_only"] = r.households_only_stats.cv;
  state.counters["infeasible"] = static_cast<double>(r.result.infeasible.size());
}
BENCHMARK(BM_BalancedPartition)->Arg(20000)->Arg(200000)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
