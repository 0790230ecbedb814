// Every validation rule, on small hand-made plans and on random ones
// checked against a brute-force oracle.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <set>

#include "gridgov/core/error.hpp"
#include "gridgov/core/validate.hpp"

using namespace gridgov;

namespace {

// A w x h lattice with rook edges; households per unit given; communities
// split at column `split` (units left of it in "620102001001", right in
// "620102001002").
UnitGraph lattice(int w, int h, std::vector<double> households, int split = 1 << 30,
                  std::vector<GridType> types = {}) {
  UnitTable t;
  const int n = w * h;
  for (int i = 0; i < n; ++i) {
    t.id.push_back("u" + std::to_string(i));
    t.x.push_back(i % w);
    t.y.push_back(i / w);
    t.community.push_back(i % w < split ? "620102001001" : "620102001002");
  }
  std::vector<double> pop(households);
  for (auto& p : pop) p *= 2.4;
  t.attributes = {{"households", std::move(households)}, {"population", std::move(pop)}};
  t.grid_type = std::move(types);
  std::vector<Edge> e;
  for (int i = 0; i < n; ++i) {
    if (i % w + 1 < w) e.push_back({i, i + 1, 0});
    if (i / w + 1 < h) e.push_back({i, i + w, 0});
  }
  return UnitGraph(std::move(t), e);
}

bool has_rule(const ValidationReport& r, const std::string& rule, const std::string& grid = "") {
  return std::any_of(r.violations.begin(), r.violations.end(),
                     [&](const Violation& v) { return name(v.rule) == rule && (grid.empty() || v.grid == grid); });
}

}  // namespace

TEST(Validate, ValidPlan) {
  // 4x2 lattice, 100 households each; grids = left and right halves (400 each).
  auto g = lattice(4, 2, std::vector<double>(8, 100), 2);
  auto p = Plan::from_indices(std::vector<GridIndex>{0, 0, 1, 1, 0, 0, 1, 1});
  auto r = validate(g, p);
  EXPECT_TRUE(r.summary.valid) << to_json(r);
  EXPECT_EQ(r.summary.grids, 2);
  EXPECT_TRUE(r.summary.within_bounds && r.summary.contiguous && r.summary.nested);
  EXPECT_DOUBLE_EQ(r.grids[0].households, 400);
  EXPECT_DOUBLE_EQ(r.grids[0].population, 960);
  EXPECT_EQ(r.grids[0].community, "620102001001");
  // Each half is a 2x2 block: 4 internal edges and 2 cut edges, so the
  // cut-edge ratio (cut edges over all edges touching the grid) is 2/6.
  EXPECT_EQ(r.grids[0].cut_edges, 2);
  EXPECT_EQ(r.grids[0].edges, 4 + 2);
  EXPECT_NEAR(r.grids[0].cut_edge_ratio, 2.0 / 6.0, 1e-12);
  // Levels: 2 communities, 1 street, 1 county.
  auto count = [&](const std::string& level) {
    return std::count_if(r.levels.begin(), r.levels.end(), [&](const LevelReport& l) { return l.level == level; });
  };
  EXPECT_EQ(count("community"), 2);
  EXPECT_EQ(count("street"), 1);
  EXPECT_EQ(count("county"), 1);
}

TEST(Validate, EveryRuleIsChecked) {
  auto g = lattice(4, 2, std::vector<double>(8, 100), 2);
  {  // unassigned unit
    auto p = Plan::from_indices(std::vector<GridIndex>{0, 0, 1, 1, 0, 0, 1, kNoGrid});
    auto r = validate(g, p);
    EXPECT_TRUE(has_rule(r, "unassigned"));
    EXPECT_EQ(r.summary.unassigned_units, 1);
    EXPECT_FALSE(r.summary.valid);
  }
  {  // not contiguous: grid 0 = columns 0 and 2
    auto p = Plan::from_indices(std::vector<GridIndex>{0, 1, 0, 1, 0, 1, 0, 1});
    auto r = validate(g, p);
    EXPECT_TRUE(has_rule(r, "contiguity", "0"));
    EXPECT_EQ(r.grids[0].components, 2);
    EXPECT_FALSE(r.summary.contiguous);
  }
  {  // crosses communities: top row / bottom row
    auto p = Plan::from_indices(std::vector<GridIndex>{0, 0, 0, 0, 1, 1, 1, 1});
    auto r = validate(g, p);
    EXPECT_TRUE(has_rule(r, "nesting"));
    EXPECT_FALSE(r.summary.nested);
    ValidateOptions street;
    street.rules.nesting = Nesting::street;  // both communities share a street
    EXPECT_TRUE(validate(g, p, street).summary.nested);
  }
  {  // bounds: 2 grids of 200 and 600
    auto p = Plan::from_indices(std::vector<GridIndex>{0, 1, 1, 1, 0, 1, 1, 1});
    ValidateOptions none;
    none.rules.nesting = Nesting::none;
    auto r = validate(g, p, none);
    EXPECT_TRUE(has_rule(r, "bounds", "0"));
    EXPECT_TRUE(has_rule(r, "bounds", "1"));
    EXPECT_EQ(r.summary.grids_within_bounds, 0);
    ValidateOptions loose = none;
    loose.rules.bounds = {{"households", 100, 700}};
    EXPECT_TRUE(validate(g, p, loose).summary.valid);
  }
}

TEST(Validate, MultipleAssignmentAndEmptyGrid) {
  auto g = lattice(2, 1, {300, 300});
  Plan p = Plan::from_indices(std::vector<GridIndex>{0, 1});
  p.conflicts.push_back({0, "0", "1", 7});
  p.grid_codes.push_back("ghost");
  auto r = validate(g, p);
  EXPECT_TRUE(has_rule(r, "multiple"));
  EXPECT_TRUE(has_rule(r, "empty", "ghost"));
}

TEST(Validate, DedicatedAndRuralGrids) {
  // Unit 0 is a dedicated school with 20 households; units 1..3 rural, 50 each.
  auto g = lattice(4, 1, {20, 50, 50, 50}, 1 << 30,
                   {GridType::dedicated, GridType::rural, GridType::rural, GridType::rural});
  auto p = Plan::from_indices(std::vector<GridIndex>{0, 1, 1, 1});
  auto r = validate(g, p);
  EXPECT_TRUE(r.summary.valid) << to_json(r);
  EXPECT_EQ(r.grids[0].type, GridType::dedicated);
  EXPECT_EQ(r.grids[1].type, GridType::rural);
  ValidateOptions strict;
  strict.rules.rural_below_min_ok = false;
  EXPECT_TRUE(has_rule(validate(g, p, strict), "bounds", "1"));
  auto mixed = Plan::from_indices(std::vector<GridIndex>{0, 0, 1, 1});
  EXPECT_TRUE(has_rule(validate(g, mixed), "dedicated", "0"));
}

TEST(Validate, SeveralBoundsAndBadOptions) {
  auto g = lattice(2, 1, {300, 300});
  auto p = Plan::from_indices(std::vector<GridIndex>{0, 1});
  ValidateOptions o;
  o.rules.bounds = {{"households", 300, 500}, {"population", 0, 800}};
  EXPECT_TRUE(validate(g, p, o).summary.valid);
  o.rules.bounds[1].max = 500;  // 720 people per grid is too many
  EXPECT_EQ(validate(g, p, o).summary.grids_within_bounds, 0);
  o.rules.bounds = {{"workload", 0, 1}};
  EXPECT_THROW((void)validate(g, p, o), InputError);
  o.rules.bounds = {{"households", 500, 300}};
  EXPECT_THROW((void)validate(g, p, o), InputError);
  EXPECT_THROW((void)validate(g, Plan::from_indices(std::vector<GridIndex>{0}), {}), InputError);
}

// Random plans on random lattices: every flag agrees with a brute-force check.
TEST(ValidateProperty, AgreesWithBruteForce) {
  std::mt19937_64 rng(12345);
  for (int trial = 0; trial < 200; ++trial) {
    const int w = 2 + static_cast<int>(rng() % 5), h = 1 + static_cast<int>(rng() % 4), n = w * h;
    std::vector<double> hh(static_cast<std::size_t>(n));
    for (auto& x : hh) x = static_cast<double>(rng() % 200);
    auto g = lattice(w, h, hh, static_cast<int>(rng() % static_cast<unsigned>(w + 1)));
    const int k = 1 + static_cast<int>(rng() % 4);
    std::vector<GridIndex> grid(static_cast<std::size_t>(n));
    for (auto& x : grid) x = static_cast<GridIndex>(rng() % static_cast<unsigned>(k));
    auto p = Plan::from_indices(grid);
    auto r = validate(g, p);
    // Without details: the same rules, totals, cut edges and summary; no level reports.
    ValidateOptions lean;
    lean.details = false;
    const auto q = validate(g, p, lean);
    EXPECT_TRUE(q.levels.empty());
    EXPECT_FALSE(r.levels.empty());
    EXPECT_EQ(q.violations.size(), r.violations.size());
    EXPECT_EQ(q.summary.valid, r.summary.valid);
    EXPECT_EQ(q.summary.within_bounds, r.summary.within_bounds);
    EXPECT_EQ(q.summary.contiguous, r.summary.contiguous);
    EXPECT_EQ(q.summary.nested, r.summary.nested);
    EXPECT_EQ(q.summary.grids_within_bounds, r.summary.grids_within_bounds);
    EXPECT_DOUBLE_EQ(q.summary.mean_cut_edge_ratio, r.summary.mean_cut_edge_ratio);
    ASSERT_EQ(q.grids.size(), r.grids.size());
    for (std::size_t i = 0; i < q.grids.size(); ++i) {
      EXPECT_EQ(q.grids[i].totals, r.grids[i].totals);
      EXPECT_EQ(q.grids[i].cut_edges, r.grids[i].cut_edges);
      EXPECT_EQ(q.grids[i].community, r.grids[i].community);
    }
    for (GridIndex gi = 0; gi < p.num_grids(); ++gi) {
      std::vector<int> members;
      double total = 0;
      std::set<std::int32_t> comms;
      for (int u = 0; u < n; ++u)
        if (grid[static_cast<std::size_t>(u)] == gi) {
          members.push_back(u);
          total += hh[static_cast<std::size_t>(u)];
          comms.insert(g.community()[static_cast<std::size_t>(u)]);
        }
      const auto& gr = r.grids[static_cast<std::size_t>(gi)];
      if (members.empty()) {
        EXPECT_EQ(gr.units, 0);
        continue;
      }
      // Flood fill over lattice neighbours restricted to the grid.
      std::vector<int> seen{members[0]}, stack{members[0]};
      while (!stack.empty()) {
        int u = stack.back();
        stack.pop_back();
        for (int v : members) {
          const bool adj = (std::abs(u - v) == 1 && u / w == v / w) || std::abs(u - v) == w;
          if (adj && std::find(seen.begin(), seen.end(), v) == seen.end()) {
            seen.push_back(v);
            stack.push_back(v);
          }
        }
      }
      EXPECT_EQ(gr.contiguous, seen.size() == members.size());
      EXPECT_EQ(gr.nested, comms.size() == 1);
      EXPECT_EQ(gr.within_bounds, total >= 300 && total <= 500);
      EXPECT_DOUBLE_EQ(gr.households, total);
    }
  }
}
