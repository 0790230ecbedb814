// Infeasibility proven, not guessed: certificates, the complete search, and
// their claims checked independently.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <map>
#include <set>

#include "chunky.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/partition/partition.hpp"
#include "partition/common.hpp"
#include "partition/exact.hpp"
#include "partition_checks.hpp"

using namespace gridgov;
using gridgov::testing::chunky_lattice;
using gridgov::testing::grid_totals;
using gridgov::testing::plan_is_partition;

namespace {

UnitGraph graph_of(std::vector<double> pop, const std::vector<std::pair<int, int>>& edges) {
  UnitTable t;
  for (std::size_t i = 0; i < pop.size(); ++i) {
    t.id.push_back("bg" + std::to_string(i));
    t.x.push_back(static_cast<double>(i % 7));
    t.y.push_back(static_cast<double>(i / 7));
    t.community.push_back("620102001001");
  }
  t.attributes = {{"pop", std::move(pop)}};
  std::vector<Edge> es;
  for (auto [a, b] : edges) es.push_back({a, b, 0.0});
  return UnitGraph(std::move(t), es, "test");
}

PartitionOptions options(double lo, double hi) {
  PartitionOptions o;
  o.rules.bounds = {Bounds{"pop", lo, hi}};
  return o;
}

/// Connected sets holding u within the units of `allowed`, weight <= hi
/// (breadth-first over sets, deduplicated): does one reach lo? Independent
/// of the library's enumeration. Returns -1 when over `cap` sets.
int some_window_holds(const UnitGraph& g, const std::vector<char>& allowed, UnitIndex u, double lo, double hi,
                      std::size_t cap = 200000) {
  const auto w = g.attribute("pop");
  std::set<std::vector<UnitIndex>> seen{{u}};
  std::vector<std::vector<UnitIndex>> frontier{{u}};
  while (!frontier.empty()) {
    std::vector<std::vector<UnitIndex>> next;
    for (const auto& s : frontier) {
      double t = 0;
      for (auto x : s) t += w[static_cast<std::size_t>(x)];
      if (t >= lo - 1e-9 && t <= hi + 1e-9) return 1;
      for (auto x : s)
        for (auto v : g.neighbors(x)) {
          if (!allowed[static_cast<std::size_t>(v)] || std::find(s.begin(), s.end(), v) != s.end()) continue;
          if (t + w[static_cast<std::size_t>(v)] > hi + 1e-9) continue;
          auto s2 = s;
          s2.insert(std::upper_bound(s2.begin(), s2.end(), v), v);
          if (seen.insert(s2).second) next.push_back(std::move(s2));
          if (seen.size() > cap) return -1;
        }
    }
    frontier = std::move(next);
  }
  return 0;
}

/// The plan is whole, contiguous, every grid within bounds or flagged with
/// its distance; every claim of a proof is checked where a check is cheap.
void check_claims(const UnitGraph& g, const PartitionResult& r, double lo, double hi) {
  ASSERT_TRUE(plan_is_partition(g, r.plan));
  const auto tot = grid_totals(g, r.plan, "pop");
  for (std::size_t q = 0; q < r.grids.size(); ++q) {
    const bool in = tot[q] >= lo - 1e-9 && tot[q] <= hi + 1e-9;
    EXPECT_EQ(in, r.grids[q].within_bounds);
    ASSERT_EQ(r.grids[q].off_bounds.size(), 1u);
    const double off = tot[q] > hi ? tot[q] - hi : tot[q] < lo ? tot[q] - lo : 0.0;
    EXPECT_NEAR(r.grids[q].off_bounds[0], off, 1e-6);
    if (!in) {
      EXPECT_TRUE(r.grids[q].flagged);
    }
  }
  const auto w = g.attribute("pop");
  for (const auto& inf : r.infeasible) {
    if (inf.kind == InfeasibilityKind::unit_fits_no_grid) {
      const auto u = inf.witness.unit;
      ASSERT_GE(u, 0);
      EXPECT_EQ(u, inf.units[0]);
      EXPECT_EQ(inf.witness.weight, w[static_cast<std::size_t>(u)]);
      EXPECT_GT(inf.witness.reach, hi);
      std::vector<char> allowed(static_cast<std::size_t>(g.size()), 1);
      EXPECT_EQ(some_window_holds(g, allowed, u, lo, hi), 0) << inf.reason;
    } else if (inf.kind == InfeasibilityKind::cut_vertex_obstruction) {
      EXPECT_GT(inf.witness.reach, hi);
      // the forced units (after the cut vertex) with the cut vertex already exceed what is claimed possible
      double t = 0;
      for (auto u : inf.units) t += w[static_cast<std::size_t>(u)];
      EXPECT_LE(t, inf.witness.reach + 1e-6) << inf.reason;
    }
  }
}

}  // namespace

// The two Arkansas counties of issue 11, rebuilt with their witness numbers:
// a block group of 2,945 whose lightest neighbour brings any connected part
// to 5,558, and one of 2,807 whose neighbours weigh 3,118..3,236, against
// 3,000..5,500 per part. The rest of each county admits plans.
TEST(Proof, ChunkyUnitsWitness) {
  {
    // 0 = 2945 in the middle; neighbours 2613, 2700, 3100; the rest pairs up.
    const auto g = graph_of({2945, 2613, 2700, 3100, 1500, 1600, 1550, 2000},
                            {{0, 1}, {0, 2}, {0, 3}, {1, 4}, {2, 5}, {3, 6}, {4, 7}, {5, 7}, {6, 7}});
    const auto r = partition(g, options(3000, 5500));
    ASSERT_EQ(r.infeasible.size(), 1u);
    const auto& inf = r.infeasible[0];
    EXPECT_EQ(inf.kind, InfeasibilityKind::unit_fits_no_grid) << inf.reason;
    EXPECT_TRUE(inf.proven());
    EXPECT_EQ(inf.witness.unit, 0);
    EXPECT_EQ(inf.witness.weight, 2945);
    EXPECT_EQ(inf.witness.neighbours_min, 2613);
    EXPECT_EQ(inf.witness.reach, 5558);
    EXPECT_NE(inf.reason.find("5558"), std::string::npos) << inf.reason;
    EXPECT_EQ(r.stats.pieces_proven_infeasible, 1);
    check_claims(g, r, 3000, 5500);
  }
  {
    const auto g = graph_of({2807, 3118, 3236, 3150, 2000, 2100, 1900},
                            {{0, 1}, {0, 2}, {0, 3}, {1, 4}, {2, 5}, {3, 6}, {4, 5}});
    const auto r = partition(g, options(3000, 5500));
    ASSERT_EQ(r.infeasible.size(), 1u);
    const auto& inf = r.infeasible[0];
    EXPECT_EQ(inf.kind, InfeasibilityKind::unit_fits_no_grid) << inf.reason;
    EXPECT_EQ(inf.witness.weight, 2807);
    EXPECT_EQ(inf.witness.neighbours_min, 3118);
    EXPECT_EQ(inf.witness.neighbours_max, 3236);
    EXPECT_EQ(inf.witness.reach, 2807 + 3118);
    check_claims(g, r, 3000, 5500);
  }
}

// A cut vertex holding two pendant pieces below the minimum: its grid must
// hold both, 250 + 50 + 250 > 500, though every unit alone lies in a window.
TEST(Proof, CutVertexObstruction) {
  // 0-1-2 chain (100 each) | 3 (cut vertex, 50) | 4-5 (125 each); 3 also joins 6..9, 100 each, a path.
  const auto g = graph_of({100, 100, 50, 50, 125, 125, 120, 120, 120},
                          {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}, {3, 6}, {6, 7}, {7, 8}});
  const auto r = partition(g, options(300, 500));
  ASSERT_EQ(r.infeasible.size(), 1u);
  const auto& inf = r.infeasible[0];
  EXPECT_EQ(inf.kind, InfeasibilityKind::cut_vertex_obstruction) << inf.reason;
  EXPECT_EQ(inf.witness.unit, 3);
  EXPECT_EQ(inf.witness.reach, 550);
  // the units it must hold: both pendant pieces, and nothing of the third branch
  std::vector<UnitIndex> forced(inf.units.begin() + 1, inf.units.end());
  std::sort(forced.begin(), forced.end());
  EXPECT_EQ(forced, (std::vector<UnitIndex>{0, 1, 2, 4, 5}));
  check_claims(g, r, 300, 500);
}

// Random chunky pieces (weights 10-100% of the maximum, up to 200 units):
// each piece is planned within the bounds or proven infeasible, never left
// undecided; every claim holds.
TEST(Proof, ChunkyPiecesAllDecided) {
  std::mt19937_64 rng(2026);
  int planned = 0, proven = 0, by_search = 0;
  std::map<std::string, int> kinds;
  for (int trial = 0; trial < 200; ++trial) {
    const int W = 3 + static_cast<int>(rng() % 12), H = 3 + static_cast<int>(rng() % 12);
    const double hi = 1000, lo = hi * std::array<double, 4>{0.2, 0.3, 0.4, 0.55}[rng() % 4];
    const auto g = chunky_lattice(W, H, 0.1, hi, trial % 2 == 1, rng());
    auto o = options(lo, hi);
    o.proof_seconds = 30;
    o.run.seed = static_cast<std::uint64_t>(trial);
    const auto r = partition(g, o);
    SCOPED_TRACE("trial " + std::to_string(trial) + " " + std::to_string(W) + "x" + std::to_string(H) + " lo " +
                 std::to_string(lo));
    check_claims(g, r, lo, hi);
    for (const auto& inf : r.infeasible) EXPECT_TRUE(inf.proven()) << inf.kind << ": " << inf.reason;
    EXPECT_EQ(r.stats.pieces_undecided, 0);
    for (const auto& inf : r.infeasible) ++kinds[std::string(name(inf.kind))];
    proven += static_cast<int>(r.stats.pieces_proven_infeasible);
    planned += static_cast<int>(r.stats.pieces - r.stats.pieces_proven_infeasible - r.stats.pieces_undecided);
    by_search += static_cast<int>(r.stats.pieces_by_search);
  }
  std::cout << "planned " << planned << ", proven infeasible " << proven << ", by the complete search " << by_search
            << "\n";
  for (const auto& [k, c] : kinds) std::cout << "  " << k << " " << c << "\n";
  EXPECT_GT(proven, 5);
  EXPECT_GT(planned, 20);
}


// Both complete methods (the exact cover and the part-growing search) on
// small random connected graphs with chunky weights, against brute force.
TEST(Proof, CompleteMethodsMatchBruteForce) {
  std::mt19937_64 rng(99);
  int yes = 0, no = 0;
  for (int trial = 0; trial < 600; ++trial) {
    const int n = 2 + static_cast<int>(rng() % 13);
    std::vector<std::pair<int, int>> edges;
    for (int i = 1; i < n; ++i) edges.emplace_back(static_cast<int>(rng() % static_cast<std::uint64_t>(i)), i);
    for (int j = static_cast<int>(rng() % static_cast<std::uint64_t>(n)); j > 0; --j) {
      const int a = static_cast<int>(rng() % static_cast<std::uint64_t>(n)), b = static_cast<int>(rng() % static_cast<std::uint64_t>(n));
      if (a != b) edges.emplace_back(std::min(a, b), std::max(a, b));
    }
    const double hi = 100, lo = static_cast<double>(20 + rng() % 70);
    std::vector<double> w(static_cast<std::size_t>(n));
    for (auto& x : w) x = static_cast<double>(10 + rng() % 91);
    const auto g = graph_of(w, edges);
    std::vector<std::uint32_t> nb(static_cast<std::size_t>(n), 0);
    for (auto [a, b] : edges) {
      nb[static_cast<std::size_t>(a)] |= 1u << b;
      nb[static_cast<std::size_t>(b)] |= 1u << a;
    }
    const bool truth = gridgov::testing::split_exists(nb, w, lo, hi, (1u << n) - 1u);
    (truth ? yes : no)++;
    GridRules rules;
    rules.bounds = {Bounds{"pop", lo, hi}};
    const auto wt = detail::resolve_bounds(g, rules);
    std::vector<UnitIndex> us(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) us[static_cast<std::size_t>(i)] = i;
    std::vector<std::int32_t> scratch(us.size(), 0);
    std::vector<std::uint8_t> mark(us.size(), 0);
    detail::Clock clock(0, nullptr);
    for (std::size_t max_windows : {std::size_t{200000}, std::size_t{0}}) {
      SCOPED_TRACE("trial " + std::to_string(trial) + (max_windows ? " cover" : " growing"));
      const auto r = detail::exact_plan(g, wt, us, scratch, mark, clock, 10'000'000, 60, max_windows);
      ASSERT_NE(r.status, detail::ExactResult::Status::undecided);
      EXPECT_EQ(r.status == detail::ExactResult::Status::found, truth);
      EXPECT_TRUE(std::all_of(mark.begin(), mark.end(), [](auto m) { return m == 0; }));
      if (r.status != detail::ExactResult::Status::found) continue;
      // the plan: every unit once, every part connected and within the bounds
      std::vector<int> seen(us.size(), 0);
      for (const auto& part : r.parts) {
        double t = 0;
        std::uint32_t s = 0;
        for (auto u : part) {
          ++seen[static_cast<std::size_t>(u)];
          t += w[static_cast<std::size_t>(u)];
          s |= 1u << u;
        }
        EXPECT_GE(t, lo);
        EXPECT_LE(t, hi);
        std::uint32_t reach = 1u << part[0], frontier = reach;
        while (frontier) {
          std::uint32_t next = 0;
          for (int i = 0; i < n; ++i)
            if (frontier >> i & 1u) next |= nb[static_cast<std::size_t>(i)];
          next &= s & ~reach;
          reach |= next;
          frontier = next;
        }
        EXPECT_EQ(reach, s);
      }
      for (auto c : seen) EXPECT_EQ(c, 1);
    }
  }
  EXPECT_GT(yes, 100);
  EXPECT_GT(no, 100);
}

// The two methods agree on chunky pieces of up to 120 units, and on pieces
// of 256-440 units (bitsets of 8 words).
TEST(Proof, CompleteMethodsAgreeOnChunkyPieces) {
  std::mt19937_64 rng(5);
  int decided = 0, decided_large = 0;
  for (int trial = 0; trial < 48; ++trial) {
    const bool large = trial >= 40;
    const int W = large ? 17 + static_cast<int>(rng() % 4) : 4 + static_cast<int>(rng() % 8);
    const int H = large ? 17 + static_cast<int>(rng() % 4) : 4 + static_cast<int>(rng() % 8);
    const double hi = 1000, lo = hi * std::array<double, 3>{0.4, 0.55, 0.7}[rng() % 3];
    const auto g = chunky_lattice(W, H, 0.0, hi, trial % 2 == 0, rng());
    GridRules rules;
    rules.bounds = {Bounds{"pop", lo, hi}};
    const auto wt = detail::resolve_bounds(g, rules);
    std::vector<UnitIndex> us(static_cast<std::size_t>(g.size()));
    for (UnitIndex i = 0; i < g.size(); ++i) us[static_cast<std::size_t>(i)] = i;
    std::vector<std::int32_t> scratch(us.size(), 0);
    std::vector<std::uint8_t> mark(us.size(), 0);
    detail::Clock clock(0, nullptr);
    const auto a = detail::exact_plan(g, wt, us, scratch, mark, clock, 20'000'000, 30, 200000);
    const auto b = detail::exact_plan(g, wt, us, scratch, mark, clock, 20'000'000, 30, 0);
    if (a.status == detail::ExactResult::Status::undecided || b.status == detail::ExactResult::Status::undecided) continue;
    ++decided;
    if (large) {
      ++decided_large;
      EXPECT_GT(g.size(), 256);
    }
    EXPECT_EQ(a.status, b.status) << "trial " << trial;
  }
  EXPECT_GE(decided, 36);
  EXPECT_GE(decided_large, 6);
}

// The complete search reports progress (stage "proof") and stops when asked.
TEST(Proof, CompleteSearchIsInterruptible) {
  std::mt19937_64 rng(2026);
  int interrupted = 0;
  for (int trial = 0; trial < 40; ++trial) {
    const auto g = chunky_lattice(6, 6, 0.0, 1000, trial % 2 == 1, rng());
    auto o = options(400 + 10.0 * (trial % 20), 1000);
    o.run.progress = [](double, std::string_view stage) { return stage != "proof"; };
    try {
      (void)partition(g, o);
    } catch (const Interrupted&) {
      ++interrupted;
      // the same run without the callback completes
      o.run.progress = nullptr;
      EXPECT_NO_THROW((void)partition(g, o));
    }
  }
  EXPECT_GT(interrupted, 0);
}

// Without the complete search a piece only it decides is left undecided,
// and says so: search_failed, not a proof.
TEST(Proof, WithoutTheCompleteSearchUndecided) {
  std::mt19937_64 rng(2026);
  int checked = 0;
  for (int trial = 0; trial < 200 && checked < 3; ++trial) {
    const int W = 3 + static_cast<int>(rng() % 12), H = 3 + static_cast<int>(rng() % 12);
    const double hi = 1000, lo = hi * std::array<double, 4>{0.2, 0.3, 0.4, 0.55}[rng() % 4];
    const auto g = chunky_lattice(W, H, 0.1, hi, trial % 2 == 1, rng());
    auto o = options(lo, hi);
    o.run.seed = static_cast<std::uint64_t>(trial);
    const auto r = partition(g, o);
    const bool by_search = std::any_of(r.infeasible.begin(), r.infeasible.end(),
                                       [](const auto& i) { return i.kind == InfeasibilityKind::no_plan_exists; });
    if (!by_search) continue;
    ++checked;
    o.proof_seconds = 0;
    const auto r0 = partition(g, o);
    EXPECT_GE(r0.stats.pieces_undecided, 1);
    EXPECT_TRUE(std::any_of(r0.infeasible.begin(), r0.infeasible.end(), [](const auto& i) {
      return i.kind == InfeasibilityKind::search_failed && !i.proven();
    }));
    check_claims(g, r0, lo, hi);
  }
  EXPECT_EQ(checked, 3);
}
