#include <gtest/gtest.h>

#include <random>
#include <set>
#include <cmath>

#include "gridgov/core/eigen.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/core/unit_graph.hpp"

using namespace gridgov;

namespace {
UnitTable table(int n) {
  UnitTable t;
  for (int i = 0; i < n; ++i) {
    t.id.push_back(std::to_string(i));
    t.x.push_back(i);
    t.y.push_back(0);
    t.community.push_back(i < n / 2 ? "A" : "B");
  }
  t.attributes = {{"households", std::vector<double>(static_cast<std::size_t>(n), 10.0)}};
  return t;
}
}  // namespace

TEST(UnitGraph, CsrIsSymmetricSortedAndDeduplicated) {
  std::mt19937 rng(7);
  const int n = 200;
  std::vector<Edge> edges;
  for (int k = 0; k < 1000; ++k) {
    auto u = static_cast<UnitIndex>(rng() % n), v = static_cast<UnitIndex>(rng() % n);
    if (u != v) edges.push_back({u, v, 0});
  }
  UnitGraph g(table(n), edges);
  std::set<std::pair<int, int>> expect;
  for (auto e : edges) expect.insert({std::min(e.u, e.v), std::max(e.u, e.v)});
  EXPECT_EQ(static_cast<std::size_t>(g.num_edges()), expect.size());
  for (UnitIndex u = 0; u < n; ++u) {
    auto nb = g.neighbors(u);
    EXPECT_TRUE(std::is_sorted(nb.begin(), nb.end()));
    EXPECT_EQ(std::adjacent_find(nb.begin(), nb.end()), nb.end());
    for (auto v : nb) {
      auto back = g.neighbors(v);
      EXPECT_TRUE(std::binary_search(back.begin(), back.end(), u));
    }
  }
  EXPECT_EQ(g.edge_list().size(), expect.size());
  EXPECT_EQ(g.communities().size(), 2u);
  EXPECT_EQ(g.find("17"), 17);
  EXPECT_EQ(g.find("017"), -1);
  UnitGraph copy = g;  // the id index is rebuilt, not shared
  EXPECT_EQ(copy.find("42"), 42);
  // The same edges sorted (rows fill in order: no sort), sorted with repeats,
  // and sorted by the second unit: the same graph every time.
  std::vector<Edge> sorted;
  for (auto [a, b] : expect) sorted.push_back({a, b, 0});
  auto with_repeats = sorted;
  with_repeats.insert(with_repeats.begin() + 5, sorted[5]);
  std::vector<Edge> by_second;
  for (auto e : sorted) by_second.push_back({e.v, e.u, 0});
  for (const auto* es : {&sorted, &with_repeats, &by_second}) {
    UnitGraph h(table(n), *es);
    ASSERT_EQ(h.num_edges(), g.num_edges());
    for (UnitIndex u = 0; u < n; ++u) {
      const auto a = g.neighbors(u), b = h.neighbors(u);
      EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end())) << "unit " << u;
    }
  }
}

TEST(UnitGraphBadInput, Rejected) {
  EXPECT_THROW(UnitGraph(table(3), std::vector<Edge>{{0, 0, 0}}), InputError);
  EXPECT_THROW(UnitGraph(table(3), std::vector<Edge>{{0, 3, 0}}), InputError);
  EXPECT_THROW(UnitGraph(table(3), std::vector<Edge>{{-1, 1, 0}}), InputError);
  auto t = table(3);
  t.id[2] = "0";
  EXPECT_THROW(UnitGraph(std::move(t), {}), InputError);
  t = table(3);
  t.attributes[0].second[1] = -1;
  EXPECT_THROW(UnitGraph(std::move(t), {}), InputError);
  t = table(3);
  t.attributes[0].second[1] = std::nan("");
  EXPECT_THROW(UnitGraph(std::move(t), {}), InputError);
  t = table(3);
  t.x.pop_back();
  EXPECT_THROW(UnitGraph(std::move(t), {}), InputError);
  try {
    t = table(3);
    t.id[2] = "x";
    t.id[1] = "x";
    UnitGraph g(std::move(t), {}, "units.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("units.csv"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("duplicate unit id 'x'"), std::string::npos);
  }
}

TEST(UnitGraphEigen, CoordinatesAndColumnsAreMapsOfTheGraphsOwnMemory) {
  UnitTable t;
  for (int i = 0; i < 5; ++i) {
    t.id.push_back("b" + std::to_string(i));
    t.x.push_back(10.0 + i);
    t.y.push_back(-2.0 * i);
    t.community.push_back("620102001001");
  }
  t.attributes = {{"households", {3, 1, 4, 1, 5}}, {"population", {7, 2, 9, 2, 11}}};
  const std::vector<Edge> e{{0, 1, 0}, {1, 2, 0}, {3, 4, 0}};
  const UnitGraph g(std::move(t), e);
  const auto xy = coordinates(g);
  ASSERT_EQ(xy.rows(), 5);
  for (UnitIndex i = 0; i < g.size(); ++i) {
    EXPECT_EQ(xy(i, 0), g.x()[static_cast<std::size_t>(i)]);
    EXPECT_EQ(xy(i, 1), g.y()[static_cast<std::size_t>(i)]);
  }
  EXPECT_EQ(xy.data(), g.x().data());          // no copy
  EXPECT_EQ(xy.col(1).data(), g.y().data());
  EXPECT_DOUBLE_EQ(column(g, "households").sum(), 14.0);
  EXPECT_DOUBLE_EQ(xy.colwise().mean()(0), 12.0);
  EXPECT_THROW((void)column(g, "elderly"), InputError);
  const UnitGraph copy(g);  // copies keep x and y apart from the original
  EXPECT_NE(coordinates(copy).data(), xy.data());
  EXPECT_TRUE(coordinates(copy).isApprox(xy));
}
