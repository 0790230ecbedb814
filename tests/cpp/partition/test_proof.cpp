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
#include "gridgov/partition/partition.hpp"
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
