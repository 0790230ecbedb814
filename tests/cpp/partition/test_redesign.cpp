#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include <random>
#include <set>

#include "gridgov/partition/improve.hpp"
#include "gridgov/partition/partition.hpp"
#include "gridgov/partition/redesign.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/partition/synth.hpp"
#include "partition_checks.hpp"

using namespace gridgov;
using gridgov::testing::cut_edges;
using gridgov::testing::grid_totals;
using gridgov::testing::plan_is_nested;
using gridgov::testing::plan_is_partition;

namespace {

/// The same city with households of `share` of the units changed by a
/// random -40%..+60%.
UnitGraph perturbed(const UnitGraph& g, double share, std::uint64_t seed) {
  auto t = g.table();
  std::mt19937_64 rng(seed);
  for (auto& [name, col] : t.attributes) {
    if (name != "households") continue;
    for (auto& h : col) {
      if (static_cast<double>(rng() % 10000) / 10000.0 >= share) continue;
      const double f = 0.6 + static_cast<double>(rng() % 1000) / 1000.0;
      h = std::max(1.0, std::round(h * f));
    }
  }
  return UnitGraph(std::move(t), g.edge_list(), "perturbed");
}

std::size_t out_of_bounds(const UnitGraph& g, const Plan& p) {
  std::size_t c = 0;
  for (double t : grid_totals(g, p, "households")) c += (t < 300 || t > 500) ? 1 : 0;
  return c;
}

}  // namespace

TEST(Redesign, UnchangedValidPlanMovesNothing) {
  SynthOptions so;
  so.units = 4000;
  const auto g = synth_city(so);
  const auto p = partition(g);
  ASSERT_TRUE(p.infeasible.empty());
  const auto r = redesign(g, p.plan);
  EXPECT_EQ(r.moved_units, 0);
  EXPECT_EQ(r.moves.size(), 0u);
  EXPECT_EQ(r.plan.grid_of, p.plan.grid_of);
  EXPECT_EQ(r.plan.grid_codes, p.plan.grid_codes);
  EXPECT_EQ(r.kept_grids.size(), p.plan.grid_codes.size());
  EXPECT_TRUE(r.infeasible.empty());
}

TEST(Redesign, FivePercentChangeMovesAtMostTenPercentOfFresh) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    SynthOptions so;
    so.units = 20000;
    so.seed = seed;
    const auto g = synth_city(so);
    const auto p = partition(g);
    ASSERT_TRUE(p.infeasible.empty());
    const auto g2 = perturbed(g, 0.05, seed);
    const auto r = redesign(g2, p.plan);
    SCOPED_TRACE("seed " + std::to_string(seed));
    ASSERT_TRUE(plan_is_partition(g2, r.plan));
    ASSERT_TRUE(plan_is_nested(g2, r.plan, Nesting::community));
    EXPECT_TRUE(r.infeasible.empty());
    EXPECT_EQ(out_of_bounds(g2, r.plan), 0u);
    const auto fresh = partition(g2);
    const double fresh_moved = moved_by_overlap(g2, p.plan, fresh.plan);
    EXPECT_LE(r.moved_households, 0.10 * fresh_moved) << r.moved_households << " vs fresh " << fresh_moved;
    // only grids with violations and their neighbours changed
    std::set<std::string> bad_or_near;
    const auto totals = grid_totals(g2, p.plan, "households");
    std::vector<char> bad(totals.size(), 0);
    for (std::size_t q = 0; q < totals.size(); ++q) bad[q] = totals[q] < 300 || totals[q] > 500;
    for (UnitIndex u = 0; u < g2.size(); ++u) {
      const auto q = p.plan.grid_of[static_cast<std::size_t>(u)];
      if (!bad[static_cast<std::size_t>(q)]) continue;
      bad_or_near.insert(p.plan.grid_codes[static_cast<std::size_t>(q)]);
      for (auto v : g2.neighbors(u)) bad_or_near.insert(p.plan.grid_codes[static_cast<std::size_t>(p.plan.grid_of[static_cast<std::size_t>(v)])]);
    }
    std::size_t far = 0;
    for (const auto& c : r.changed_grids) far += bad_or_near.count(c) ? 0 : 1;
    for (const auto& c : r.removed_grids) far += bad_or_near.count(c) ? 0 : 1;
    EXPECT_LE(far, r.changed_grids.size() / 10 + 2) << "grids changed away from any violation";
    // codes of unchanged grids are kept
    std::set<std::string> now(r.plan.grid_codes.begin(), r.plan.grid_codes.end());
    for (const auto& c : r.kept_grids) EXPECT_TRUE(now.count(c));
    EXPECT_GT(r.kept_grids.size(), p.plan.grid_codes.size() / 2);
  }
}

// The order in which a plan lists its grids (a file's row order) does not
// change the result: the CLI's reader numbers grids by unit, Python's by row.
TEST(Redesign, ResultDoesNotDependOnTheOrderOfTheGrids) {
  const std::string dir = std::string(GRIDGOV_SAMPLE_DATA) + "/sample/";
  const auto g = io::read_unit_graph(dir + "units.csv", dir + "edges.csv");
  std::int64_t removed = 0;
  const auto by_unit = io::read_old_plan_csv(dir + "plan.csv", g, removed);
  const auto by_row = io::read_plan_csv(dir + "plan.csv", g);
  ASSERT_NE(by_unit.grid_codes, by_row.grid_codes);  // the same plan, numbered differently
  Plan shuffled = by_row;  // and numbered at random
  std::vector<GridIndex> perm(by_row.grid_codes.size());
  std::iota(perm.begin(), perm.end(), 0);
  std::shuffle(perm.begin(), perm.end(), std::mt19937_64(7));
  for (auto& q : shuffled.grid_of) q = perm[static_cast<std::size_t>(q)];
  for (std::size_t q = 0; q < perm.size(); ++q) shuffled.grid_codes[static_cast<std::size_t>(perm[q])] = by_row.grid_codes[q];
  const auto a = redesign(g, by_unit);
  for (const Plan* other : {&by_row, static_cast<const Plan*>(&shuffled)}) {
    const auto b = redesign(g, *other);
    ASSERT_EQ(a.plan.grid_codes.size(), b.plan.grid_codes.size());
    for (UnitIndex u = 0; u < g.size(); ++u)
      ASSERT_EQ(a.plan.grid_codes[static_cast<std::size_t>(a.plan.grid_of[static_cast<std::size_t>(u)])],
                b.plan.grid_codes[static_cast<std::size_t>(b.plan.grid_of[static_cast<std::size_t>(u)])])
          << g.id(u);
    EXPECT_EQ(a.moved_households, b.moved_households);
  }
}

TEST(Redesign, NewRemovedAndSplitCommunities) {
  SynthOptions so;
  so.units = 6000;
  so.seed = 7;
  const auto g = synth_city(so);
  const auto p = partition(g);
  // new units: mark 200 units as new (no old grid); a community split: half
  // of the first community gets a new code
  Plan old = p.plan;
  for (std::size_t u = 0; u < 200; ++u) old.grid_of[u * 17 % old.grid_of.size()] = kNoGrid;
  auto t = g.table();
  const std::string c0 = t.community[0];
  double xs = 0;
  int cnt = 0;
  for (std::size_t u = 0; u < t.id.size(); ++u)
    if (t.community[u] == c0) {
      xs += t.x[u];
      ++cnt;
    }
  for (std::size_t u = 0; u < t.id.size(); ++u)
    if (t.community[u] == c0 && t.x[u] > xs / cnt) t.community[u] = c0.substr(0, 9) + "999";
  const UnitGraph g2(std::move(t), g.edge_list());
  const auto r = redesign(g2, old);
  ASSERT_TRUE(plan_is_partition(g2, r.plan));
  ASSERT_TRUE(plan_is_nested(g2, r.plan, Nesting::community));
  EXPECT_EQ(r.placed_units, 200);
  for (const auto& inf : r.infeasible) EXPECT_NE(inf.kind, InfeasibilityKind::repair_failed) << inf.reason;
  for (const auto& c : r.new_grids) EXPECT_EQ(c.size(), 15u);
  std::set<std::string> olds(p.plan.grid_codes.begin(), p.plan.grid_codes.end());
  for (const auto& c : r.new_grids) EXPECT_FALSE(olds.count(c));
}

TEST(Redesign, MovedByOverlapIsZeroForSamePlan) {
  SynthOptions so;
  so.units = 2000;
  const auto g = synth_city(so);
  const auto p = partition(g);
  EXPECT_EQ(moved_by_overlap(g, p.plan, p.plan), 0.0);
}

TEST(Improve, NeverBreaksARuleNorWorsensCut) {
  for (std::uint64_t seed : {1u, 2u, 3u, 4u}) {
    SynthOptions so;
    so.units = 5000;
    so.seed = seed;
    so.queen = seed % 2 == 0;
    const auto g = synth_city(so);
    PartitionOptions po;
    po.polish_passes = 0;
    po.compactness = 0.1;
    const auto p = partition(g, po);
    const auto r = improve(g, p.plan);
    ASSERT_TRUE(plan_is_partition(g, r.plan));
    ASSERT_TRUE(plan_is_nested(g, r.plan, Nesting::community));
    EXPECT_EQ(out_of_bounds(g, r.plan), out_of_bounds(g, p.plan));
    EXPECT_LE(cut_edges(g, r.plan), cut_edges(g, p.plan));
    EXPECT_EQ(r.cut_edges_after, cut_edges(g, r.plan));
    EXPECT_EQ(r.cut_edges_before, cut_edges(g, p.plan));
    EXPECT_LT(r.cut_edges_after, r.cut_edges_before);
    EXPECT_EQ(r.plan.grid_codes, p.plan.grid_codes);
    const auto r2 = improve(g, p.plan);
    EXPECT_EQ(r.plan.grid_of, r2.plan.grid_of);
  }
}

TEST(Improve, RandomPlansKeepEveryRule) {
  // plans from partition with random bounds on random lattices; improve with the same bounds
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 15; ++trial) {
    const auto g = gridgov::testing::random_lattice(10 + static_cast<int>(rng() % 30), 10 + static_cast<int>(rng() % 30), 0.1,
                                                    40, 2, rng(), trial % 2 == 0);
    PartitionOptions po;
    const double lo = 100 + static_cast<double>(rng() % 200);
    po.rules.bounds = {Bounds{"households", lo, lo + 100 + static_cast<double>(rng() % 200)}};
    po.polish_passes = 0;
    const auto p = partition(g, po);
    ImproveOptions io;
    io.rules.bounds = po.rules.bounds;
    io.locked = {0, 1, 2};
    const auto r = improve(g, p.plan, io);
    ASSERT_TRUE(plan_is_partition(g, r.plan));
    ASSERT_TRUE(plan_is_nested(g, r.plan, Nesting::community));
    const auto a = grid_totals(g, p.plan, "households"), b = grid_totals(g, r.plan, "households");
    for (std::size_t q = 0; q < a.size(); ++q) {
      const bool in_a = a[q] >= po.rules.bounds[0].min && a[q] <= po.rules.bounds[0].max;
      const bool in_b = b[q] >= po.rules.bounds[0].min && b[q] <= po.rules.bounds[0].max;
      EXPECT_TRUE(!in_a || in_b);
    }
    EXPECT_LE(cut_edges(g, r.plan), cut_edges(g, p.plan));
    for (UnitIndex u : {0, 1, 2}) EXPECT_EQ(r.plan.grid_of[static_cast<std::size_t>(u)], p.plan.grid_of[static_cast<std::size_t>(u)]);
  }
}
