#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <random>

#include "gridgov/core/codes.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/partition/partition.hpp"
#include "gridgov/partition/synth.hpp"
#include "partition_checks.hpp"

using namespace gridgov;
using gridgov::testing::grid_totals;
using gridgov::testing::plan_is_nested;
using gridgov::testing::plan_is_partition;
using gridgov::testing::random_lattice;

namespace {

UnitGraph graph_from(std::vector<double> hh, std::vector<std::pair<int, int>> edges, std::vector<std::string> comm = {}) {
  UnitTable t;
  const auto n = hh.size();
  for (std::size_t i = 0; i < n; ++i) {
    t.id.push_back("u" + std::to_string(i));
    t.x.push_back(static_cast<double>(i));
    t.y.push_back(0.0);
    t.community.push_back(comm.empty() ? std::string("620102001001") : comm[i]);
  }
  t.attributes = {{"households", hh}};
  std::vector<Edge> es;
  for (auto [a, b] : edges) es.push_back({a, b, 0.0});
  return UnitGraph(std::move(t), es, "test");
}

std::vector<std::pair<int, int>> path_edges(int n) {
  std::vector<std::pair<int, int>> e;
  for (int i = 0; i + 1 < n; ++i) e.emplace_back(i, i + 1);
  return e;
}

/// Checks the plan and every claim in the result; returns the number of
/// drawn grids outside the bounds that no infeasibility explains.
void check_result(const UnitGraph& g, const PartitionResult& r, const PartitionOptions& o) {
  ASSERT_TRUE(plan_is_partition(g, r.plan));
  ASSERT_TRUE(plan_is_nested(g, r.plan, o.rules.nesting));
  ASSERT_EQ(r.grids.size(), static_cast<std::size_t>(r.plan.num_grids()));
  std::vector<std::vector<double>> totals;
  for (const auto& b : o.rules.bounds) totals.push_back(grid_totals(g, r.plan, b.attribute));
  for (std::size_t q = 0; q < r.grids.size(); ++q) {
    bool in = true;
    for (std::size_t a = 0; a < o.rules.bounds.size(); ++a)
      in = in && totals[a][q] >= o.rules.bounds[a].min - 1e-9 && totals[a][q] <= o.rules.bounds[a].max + 1e-9;
    if (r.grids[q].kind == GridKind::dedicated) continue;
    EXPECT_EQ(in, r.grids[q].within_bounds) << r.plan.grid_codes[q];
    if (!in) {
      EXPECT_TRUE(r.grids[q].flagged || r.grids[q].kind == GridKind::locked ||
                  (o.rules.rural_below_min_ok && g.grid_type()[0] == GridType::rural))
          << "grid " << r.plan.grid_codes[q] << " is out of bounds without a reported reason";
    }
  }
  // every reported infeasibility is a true statement
  for (const auto& inf : r.infeasible) {
    ASSERT_FALSE(inf.units.empty()) << inf.kind;
    ASSERT_FALSE(inf.reason.empty());
    if (inf.kind == InfeasibilityKind::unit_above_max) {
      const auto u = static_cast<std::size_t>(inf.units[0]);
      bool over = false;
      for (const auto& b : o.rules.bounds) over = over || g.attribute(b.attribute)[u] > b.max;
      EXPECT_TRUE(over);
    } else if (inf.kind == InfeasibilityKind::community_below_min || inf.kind == InfeasibilityKind::disconnected_piece_below_min) {
      bool below = false;
      for (const auto& b : o.rules.bounds) {
        double s = 0;
        for (auto u : inf.units) s += g.attribute(b.attribute)[static_cast<std::size_t>(u)];
        below = below || s < b.min;
      }
      EXPECT_TRUE(below) << inf.reason;
    } else if (inf.kind == InfeasibilityKind::no_feasible_count) {
      std::int64_t lo = 1, hi = static_cast<std::int64_t>(inf.units.size());
      for (const auto& b : o.rules.bounds) {
        double s = 0;
        for (auto u : inf.units) s += g.attribute(b.attribute)[static_cast<std::size_t>(u)];
        lo = std::max<std::int64_t>(lo, static_cast<std::int64_t>(std::ceil(s / b.max - 1e-9)));
        if (b.min > 0) hi = std::min<std::int64_t>(hi, static_cast<std::int64_t>(std::floor(s / b.min + 1e-9)));
      }
      EXPECT_GT(lo, hi) << inf.reason;
    } else if (inf.kind == InfeasibilityKind::unit_fits_no_grid || inf.kind == InfeasibilityKind::cut_vertex_obstruction) {
      // the witness: its unit, its value, and a least reach above the maximum
      const auto u = inf.witness.unit;
      ASSERT_GE(u, 0) << inf.reason;
      EXPECT_EQ(u, inf.units[0]);
      const auto b = std::find_if(o.rules.bounds.begin(), o.rules.bounds.end(),
                                  [&](const Bounds& x) { return x.attribute == inf.witness.attribute; });
      ASSERT_NE(b, o.rules.bounds.end());
      EXPECT_EQ(inf.witness.weight, g.attribute(b->attribute)[static_cast<std::size_t>(u)]);
      EXPECT_GT(inf.witness.reach, b->max) << inf.reason;
    } else {
      EXPECT_TRUE(inf.kind == InfeasibilityKind::search_failed || inf.kind == InfeasibilityKind::locked_grid_invalid ||
                  inf.kind == InfeasibilityKind::no_plan_exists)
          << inf.kind;
    }
  }
}

std::size_t drawn_out_of_bounds(const PartitionResult& r) {
  std::size_t c = 0;
  for (const auto& gi : r.grids)
    if (!gi.within_bounds && gi.kind == GridKind::drawn && !gi.flagged) ++c;
  return c;
}

}  // namespace

TEST(Partition, SyntheticCitiesAllRulesHold) {
  for (std::int32_t n : {300, 1500, 6000}) {
    for (std::uint64_t seed : {1u, 2u, 3u}) {
      for (bool queen : {false, true}) {
        SynthOptions so;
        so.units = n;
        so.seed = seed;
        so.queen = queen;
        const auto g = synth_city(so);
        PartitionOptions o;
        o.run.seed = seed;
        const auto r = partition(g, o);
        SCOPED_TRACE("n=" + std::to_string(n) + " seed=" + std::to_string(seed) + " queen=" + std::to_string(queen));
        check_result(g, r, o);
        // a synthetic city admits plans everywhere except for isolated bits
        for (const auto& inf : r.infeasible) EXPECT_NE(inf.kind, InfeasibilityKind::search_failed) << inf.reason;
        EXPECT_EQ(drawn_out_of_bounds(r), 0u);
      }
    }
  }
}

TEST(Partition, RandomLatticesRandomBounds) {
  std::mt19937_64 rng(42);
  for (int trial = 0; trial < 40; ++trial) {
    const int W = 8 + static_cast<int>(rng() % 40), H = 8 + static_cast<int>(rng() % 40);
    const double holes = 0.05 * static_cast<double>(rng() % 6);
    const int hh_max = 5 + static_cast<int>(rng() % 80);
    const int stripes = 1 + static_cast<int>(rng() % 4);
    const auto g = random_lattice(W, H, holes, hh_max, stripes, rng(), trial % 3 == 0);
    PartitionOptions o;
    const double lo = 50 + static_cast<double>(rng() % 400);
    o.rules.bounds = {Bounds{"households", lo, lo + 20 + static_cast<double>(rng() % 400)}};
    if (trial % 4 == 1) o.rules.bounds.push_back(Bounds{"population", 0, 2.4 * o.rules.bounds[0].max + 200});
    o.rules.nesting = trial % 5 == 0 ? Nesting::none : Nesting::community;
    o.run.seed = rng();
    const auto r = partition(g, o);
    SCOPED_TRACE("trial " + std::to_string(trial));
    check_result(g, r, o);
  }
}


TEST(Partition, TinyGraphsMatchBruteForceOracle) {
  std::mt19937_64 rng(7);
  int feasible_count = 0, infeasible_count = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const int n = 2 + static_cast<int>(rng() % 11);
    // random connected graph: random tree plus extra edges
    std::vector<std::pair<int, int>> edges;
    for (int i = 1; i < n; ++i) edges.emplace_back(static_cast<int>(rng() % static_cast<std::uint64_t>(i)), i);
    const int extra = static_cast<int>(rng() % static_cast<std::uint64_t>(n));
    for (int j = 0; j < extra; ++j) {
      const int a = static_cast<int>(rng() % static_cast<std::uint64_t>(n)), b = static_cast<int>(rng() % static_cast<std::uint64_t>(n));
      if (a != b) edges.emplace_back(std::min(a, b), std::max(a, b));
    }
    std::vector<double> w(static_cast<std::size_t>(n));
    for (auto& x : w) x = static_cast<double>(1 + rng() % 10);
    const double lo = static_cast<double>(3 + rng() % 14);
    const double hi = lo + static_cast<double>(rng() % 10);
    const auto g = graph_from(w, edges);
    std::vector<std::uint32_t> nb(static_cast<std::size_t>(n), 0);
    for (auto [a, b] : edges) {
      nb[static_cast<std::size_t>(a)] |= 1u << b;
      nb[static_cast<std::size_t>(b)] |= 1u << a;
    }
    const bool oracle = gridgov::testing::split_exists(nb, w, lo, hi, (1u << n) - 1u);
    PartitionOptions o;
    o.rules.bounds = {Bounds{"households", lo, hi}};
    o.run.seed = static_cast<std::uint64_t>(trial);
    const auto r = partition(g, o);
    SCOPED_TRACE("trial " + std::to_string(trial) + " n=" + std::to_string(n));
    check_result(g, r, o);
    if (oracle) {
      ++feasible_count;
      EXPECT_TRUE(r.infeasible.empty()) << r.infeasible[0].kind << ": " << r.infeasible[0].reason;
      for (const auto& gi : r.grids) EXPECT_TRUE(gi.within_bounds);
    } else {
      ++infeasible_count;
      // proven, not guessed
      ASSERT_FALSE(r.infeasible.empty());
      for (const auto& inf : r.infeasible) EXPECT_TRUE(inf.proven()) << inf.kind << ": " << inf.reason;
      EXPECT_EQ(r.stats.pieces_undecided, 0);
    }
  }
  EXPECT_GT(feasible_count, 50);
  EXPECT_GT(infeasible_count, 50);
}

TEST(Partition, Deterministic) {
  SynthOptions so;
  so.units = 5000;
  so.seed = 11;
  const auto g = synth_city(so);
  for (std::uint64_t seed : {0u, 5u}) {
    PartitionOptions o;
    o.run.seed = seed;
    const auto a = partition(g, o);
    const auto b = partition(g, o);
    EXPECT_EQ(a.plan.grid_of, b.plan.grid_of);
    EXPECT_EQ(a.plan.grid_codes, b.plan.grid_codes);
  }
}

TEST(Partition, GridCodesExtendCommunityCodes) {
  SynthOptions so;
  so.units = 3000;
  const auto g = synth_city(so);
  const auto r = partition(g);
  std::map<std::string, std::vector<int>> seqs;
  for (UnitIndex u = 0; u < g.size(); ++u) {
    const auto& code = r.plan.grid_codes[static_cast<std::size_t>(r.plan.grid_of[static_cast<std::size_t>(u)])];
    const auto& comm = g.communities()[static_cast<std::size_t>(g.community()[static_cast<std::size_t>(u)])];
    ASSERT_EQ(code.size(), 15u);
    ASSERT_EQ(code.substr(0, 12), comm);
    EXPECT_EQ(check_code(code, Level::grid), "");
  }
  for (const auto& c : r.plan.grid_codes) seqs[c.substr(0, 12)].push_back(std::stoi(c.substr(12)));
  for (auto& [comm, s] : seqs) {
    std::sort(s.begin(), s.end());
    for (std::size_t i = 0; i < s.size(); ++i) EXPECT_EQ(s[i], static_cast<int>(i) + 1) << comm;
  }
}

TEST(Partition, NonCodeCommunityLabels) {
  const auto g = graph_from({200, 200, 200, 200}, path_edges(4), {"east", "east", "east", "east"});
  const auto r = partition(g);
  ASSERT_EQ(r.plan.num_grids(), 2);
  EXPECT_EQ(r.plan.grid_codes[0], "east-1");
  EXPECT_EQ(r.plan.grid_codes[1], "east-2");
  // west to east: the first grid holds the western units
  EXPECT_EQ(r.plan.grid_of[0], 0);
  EXPECT_EQ(r.plan.grid_of[3], 1);
}

// Grids are listed in the order of their codes, compared as strings:
// labels that are prefixes of others, bytes above 0x7f, and codes longer
// than 16 bytes (which take the general comparison) included.
TEST(Partition, GridsAreListedInCodeOrder) {
  const std::vector<std::vector<std::string>> label_sets = {
      {"C1", "C10", "C1-", "C", "c", "C1 "},
      {"\xE4\xB8\x9C\xE5\x9F\x8E", "\xE4\xB8\x9C", "z", "A", "\x7F", "0"},
      {"a-very-long-community-name", "a-very-long-community-name-2", "b", "620102001001", "620102001002", "6201020010011"}};
  for (const auto& labels : label_sets) {
    std::vector<double> hh;
    std::vector<std::string> comm;
    std::vector<std::pair<int, int>> edges;
    for (std::size_t c = 0; c < labels.size(); ++c) {
      const int first = static_cast<int>(hh.size());
      const int units = 12 + static_cast<int>(c) * 3;  // 1,2,3... grids of 400 households
      for (int i = 0; i < units; ++i) {
        hh.push_back(100);
        comm.push_back(labels[c]);
        if (i > 0) edges.emplace_back(first + i - 1, first + i);
      }
    }
    const auto g = graph_from(hh, edges, comm);
    const auto r = partition(g);
    ASSERT_GT(r.plan.num_grids(), static_cast<GridIndex>(labels.size()));
    EXPECT_TRUE(std::is_sorted(r.plan.grid_codes.begin(), r.plan.grid_codes.end())) << labels[0];
    EXPECT_TRUE(plan_is_partition(g, r.plan));
  }
}

TEST(Partition, InfeasibilityKinds) {
  {  // 550 households: 1 grid is above 500, 2 grids below 300
    const auto g = graph_from({110, 110, 110, 110, 110}, path_edges(5));
    const auto r = partition(g);
    ASSERT_EQ(r.infeasible.size(), 1u);
    EXPECT_EQ(r.infeasible[0].kind, InfeasibilityKind::no_feasible_count);
    EXPECT_EQ(r.infeasible[0].community, "620102001001");
    EXPECT_NE(r.infeasible[0].reason.find("550"), std::string::npos);
    EXPECT_TRUE(plan_is_partition(g, r.plan));
  }
  {  // a tower of 600 households
    const auto g = graph_from({200, 600, 200, 200}, path_edges(4));
    const auto r = partition(g);
    bool tower = false;
    for (const auto& inf : r.infeasible)
      if (inf.kind == InfeasibilityKind::unit_above_max) {
        tower = true;
        EXPECT_EQ(inf.units, std::vector<UnitIndex>{1});
      }
    EXPECT_TRUE(tower);
    EXPECT_NE(r.plan.grid_of[1], r.plan.grid_of[0]);
    EXPECT_NE(r.plan.grid_of[1], r.plan.grid_of[2]);
  }
  {  // a community of 200 households
    const auto g = graph_from({100, 100, 400}, path_edges(3), {"620102001001", "620102001001", "620102001002"});
    const auto r = partition(g);
    ASSERT_EQ(r.infeasible.size(), 1u);
    EXPECT_EQ(r.infeasible[0].kind, InfeasibilityKind::community_below_min);
    EXPECT_EQ(r.infeasible[0].community, "620102001001");
    EXPECT_EQ(r.plan.num_grids(), 2);
  }
  {  // a piece cut off from its community (no edge between 2 and 3)
    const auto g = graph_from({300, 300, 100, 50}, {{0, 1}, {1, 2}});
    const auto r = partition(g);
    bool piece = false;
    for (const auto& inf : r.infeasible) piece = piece || inf.kind == InfeasibilityKind::disconnected_piece_below_min;
    EXPECT_TRUE(piece);
    EXPECT_TRUE(plan_is_partition(g, r.plan));
  }
}

TEST(Partition, RuralVillageBelowMinIsAccepted) {
  UnitTable t;
  for (int i = 0; i < 3; ++i) {
    t.id.push_back(std::to_string(i));
    t.x.push_back(i);
    t.y.push_back(0);
    t.community.push_back("620102001001");
  }
  t.attributes = {{"households", {50, 60, 70}}};
  t.grid_type.assign(3, GridType::rural);
  std::vector<Edge> e{{0, 1, 0}, {1, 2, 0}};
  const UnitGraph g(std::move(t), e);
  const auto r = partition(g);
  EXPECT_TRUE(r.infeasible.empty());
  EXPECT_EQ(r.plan.num_grids(), 1);
}

TEST(Partition, MultipleAttributes) {
  SynthOptions so;
  so.units = 4000;
  so.seed = 3;
  const auto g = synth_city(so);
  PartitionOptions o;
  o.rules.bounds = {Bounds{"households", 300, 500}, Bounds{"population", 700, 1200}};
  const auto r = partition(g, o);
  check_result(g, r, o);
  EXPECT_EQ(drawn_out_of_bounds(r), 0u);
}

TEST(Partition, StreetAndNoNesting) {
  SynthOptions so;
  so.units = 4000;
  so.seed = 4;
  const auto g = synth_city(so);
  for (auto nesting : {Nesting::street, Nesting::none}) {
    PartitionOptions o;
    o.rules.nesting = nesting;
    const auto r = partition(g, o);
    check_result(g, r, o);
    EXPECT_TRUE(r.infeasible.empty());
  }
}

TEST(Partition, TargetGrids) {
  SynthOptions so;
  so.units = 4000;
  so.seed = 5;
  const auto g = synth_city(so);
  const auto base = partition(g);
  PartitionOptions o;
  o.target_grids = base.plan.num_grids() + 10;
  const auto r = partition(g, o);
  check_result(g, r, o);
  EXPECT_EQ(r.plan.num_grids(), o.target_grids);
  // per community
  PartitionOptions pc;
  const std::string c0 = std::string(g.communities()[0]);
  std::int64_t k0 = 0;
  for (std::size_t q = 0; q < base.grids.size(); ++q)
    if (base.grids[q].community == 0) ++k0;
  pc.community_targets[c0] = k0 + 1;
  const auto r2 = partition(g, pc);
  std::int64_t k1 = 0;
  for (const auto& gi : r2.grids) k1 += gi.community == 0 ? 1 : 0;
  EXPECT_TRUE(k1 == k0 + 1 || !r2.warnings.empty());
}

TEST(Partition, LockedAndDedicatedUnits) {
  SynthOptions so;
  so.units = 3000;
  so.seed = 9;
  so.dedicated_share = 0.01;
  const auto g = synth_city(so);
  PartitionOptions o;
  o.locked = {{10, "LOCKED-A"}, {11, "LOCKED-A"}};
  const auto r = partition(g, o);
  ASSERT_TRUE(plan_is_partition(g, r.plan));
  ASSERT_TRUE(plan_is_nested(g, r.plan, Nesting::community) || !r.infeasible.empty());
  const auto qa = r.plan.grid_of[10];
  EXPECT_EQ(r.plan.grid_codes[static_cast<std::size_t>(qa)], "LOCKED-A");
  if (std::find(g.neighbors(10).begin(), g.neighbors(10).end(), 11) != g.neighbors(10).end()) {
    EXPECT_EQ(r.plan.grid_of[11], qa);
  }
  for (UnitIndex u = 0; u < g.size(); ++u) {
    if (u != 10 && u != 11) {
      EXPECT_NE(r.plan.grid_of[static_cast<std::size_t>(u)], qa);
    }
  }
  // dedicated units form grids of dedicated units only
  std::size_t dedicated_grids = 0;
  for (std::size_t q = 0; q < r.grids.size(); ++q)
    if (r.grids[q].kind == GridKind::dedicated) ++dedicated_grids;
  EXPECT_GT(dedicated_grids, 0u);
  for (UnitIndex u = 0; u < g.size(); ++u) {
    const auto q = static_cast<std::size_t>(r.plan.grid_of[static_cast<std::size_t>(u)]);
    if (u == 10 || u == 11) continue;
    EXPECT_EQ(g.grid_type()[static_cast<std::size_t>(u)] == GridType::dedicated, r.grids[q].kind == GridKind::dedicated);
  }
}

TEST(Partition, TimeLimitIsHonoured) {
  SynthOptions so;
  so.units = 60000;
  const auto g = synth_city(so);
  PartitionOptions o;
  o.run.time_limit = 0.001;
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = partition(g, o);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(s, 5.0);
  EXPECT_TRUE(r.stats.timed_out);
  EXPECT_TRUE(plan_is_partition(g, r.plan));
}

TEST(Partition, CancelThrowsInterrupted) {
  SynthOptions so;
  so.units = 60000;
  const auto g = synth_city(so);
  PartitionOptions o;
  int calls = 0;
  o.run.progress = [&](double, std::string_view) { return ++calls < 2; };
  EXPECT_THROW((void)partition(g, o), Interrupted);
  EXPECT_GE(calls, 2);
}

TEST(Partition, BadOptionsThrowInputError) {
  const auto g = graph_from({100, 100}, path_edges(2));
  PartitionOptions o;
  o.rules.bounds = {Bounds{"nope", 1, 2}};
  EXPECT_THROW((void)partition(g, o), InputError);
  o.rules.bounds = {Bounds{"households", 500, 300}};
  EXPECT_THROW((void)partition(g, o), InputError);
  o.rules.bounds = {Bounds{}};
  o.locked = {{5, "x"}};
  EXPECT_THROW((void)partition(g, o), InputError);
}

TEST(Partition, EmptyGraph) {
  UnitTable t;
  t.attributes = {{"households", {}}};
  const UnitGraph g(std::move(t), {});
  const auto r = partition(g);
  EXPECT_EQ(r.plan.num_grids(), 0);
  EXPECT_TRUE(r.infeasible.empty());
}
