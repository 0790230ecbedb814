#pragma once
// Independent invariant checks for partition / redesign / improve tests.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gridgov/partition/partition.hpp"
#include "gridgov/core/plan.hpp"
#include "gridgov/core/unit_graph.hpp"
#include "lattice.hpp"

namespace gridgov::testing {

/// Every unit in exactly one grid, every grid connected and non-empty.
inline ::testing::AssertionResult plan_is_partition(const UnitGraph& g, const Plan& p) {
  const auto n = static_cast<std::size_t>(g.size());
  if (p.grid_of.size() != n) return ::testing::AssertionFailure() << "grid_of has wrong size";
  const auto k = static_cast<std::size_t>(p.num_grids());
  std::vector<std::int64_t> size(k, 0);
  for (std::size_t u = 0; u < n; ++u) {
    const auto q = p.grid_of[u];
    if (q < 0 || static_cast<std::size_t>(q) >= k) return ::testing::AssertionFailure() << "unit " << u << " has no grid";
    ++size[static_cast<std::size_t>(q)];
  }
  for (std::size_t q = 0; q < k; ++q)
    if (size[q] == 0) return ::testing::AssertionFailure() << "grid " << p.grid_codes[q] << " is empty";
  std::vector<char> seen(n, 0), grid_done(k, 0);
  std::vector<UnitIndex> queue;
  for (std::size_t s = 0; s < n; ++s) {
    const auto q = static_cast<std::size_t>(p.grid_of[s]);
    if (grid_done[q]) continue;
    grid_done[q] = 1;
    queue.assign(1, static_cast<UnitIndex>(s));
    seen[s] = 1;
    for (std::size_t h = 0; h < queue.size(); ++h)
      for (auto v : g.neighbors(queue[h]))
        if (!seen[static_cast<std::size_t>(v)] && p.grid_of[static_cast<std::size_t>(v)] == static_cast<GridIndex>(q)) {
          seen[static_cast<std::size_t>(v)] = 1;
          queue.push_back(v);
        }
    if (static_cast<std::int64_t>(queue.size()) != size[q])
      return ::testing::AssertionFailure() << "grid " << p.grid_codes[q] << " is not connected (" << queue.size()
                                           << " of " << size[q] << " units reachable)";
  }
  std::vector<std::string> codes = p.grid_codes;
  std::sort(codes.begin(), codes.end());
  if (std::adjacent_find(codes.begin(), codes.end()) != codes.end())
    return ::testing::AssertionFailure() << "duplicate grid code";
  return ::testing::AssertionSuccess();
}

inline std::string street_of(const std::string& c) {
  return c.size() == 12 ? c.substr(0, 9) : c;
}

/// Every grid inside one community (or street).
inline ::testing::AssertionResult plan_is_nested(const UnitGraph& g, const Plan& p, Nesting nesting) {
  if (nesting == Nesting::none) return ::testing::AssertionSuccess();
  std::vector<std::string> key(static_cast<std::size_t>(p.num_grids()));
  for (UnitIndex u = 0; u < g.size(); ++u) {
    const auto& c = g.communities()[static_cast<std::size_t>(g.community()[static_cast<std::size_t>(u)])];
    const std::string k = nesting == Nesting::street ? street_of(c) : c;
    auto& slot = key[static_cast<std::size_t>(p.grid_of[static_cast<std::size_t>(u)])];
    if (slot.empty()) slot = k;
    else if (slot != k)
      return ::testing::AssertionFailure() << "grid " << p.grid_codes[static_cast<std::size_t>(p.grid_of[static_cast<std::size_t>(u)])]
                                           << " crosses " << slot << " and " << k;
  }
  return ::testing::AssertionSuccess();
}

/// Totals of `attribute` per grid.
inline std::vector<double> grid_totals(const UnitGraph& g, const Plan& p, const std::string& attribute) {
  std::vector<double> t(static_cast<std::size_t>(p.num_grids()), 0.0);
  const auto col = g.attribute(attribute);
  for (UnitIndex u = 0; u < g.size(); ++u)
    if (p.grid_of[static_cast<std::size_t>(u)] >= 0) t[static_cast<std::size_t>(p.grid_of[static_cast<std::size_t>(u)])] += col[static_cast<std::size_t>(u)];
  return t;
}

/// Cut edges of a plan.
inline std::int64_t cut_edges(const UnitGraph& g, const Plan& p) {
  std::int64_t c = 0;
  for (const auto& e : g.edge_list())
    if (p.grid_of[static_cast<std::size_t>(e.u)] != p.grid_of[static_cast<std::size_t>(e.v)]) ++c;
  return c;
}

/// A W x H rook lattice with random holes, random households and
/// `stripes` vertical community stripes (communities may be cut by holes).
inline UnitGraph random_lattice(int W, int H, double hole_share, int hh_max, int stripes, std::uint64_t seed,
                                bool queen = false) {
  std::mt19937_64 rng(seed);
  auto uni = [&] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
  std::vector<int> id_of(static_cast<std::size_t>(W * H), -1);
  UnitTable t;
  std::vector<double> hh, pop;
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x) {
      if (uni() < hole_share) continue;
      id_of[static_cast<std::size_t>(y * W + x)] = static_cast<int>(t.id.size());
      t.id.push_back(std::to_string(t.id.size()));
      t.x.push_back(x + 0.3 * (uni() - 0.5));
      t.y.push_back(y + 0.3 * (uni() - 0.5));
      const int s = std::min(stripes - 1, x * stripes / W);
      t.community.push_back("620102001" + std::string(s + 1 < 10 ? "00" : "0") + std::to_string(s + 1));
      const double h = 1 + std::floor(uni() * hh_max);
      hh.push_back(h);
      pop.push_back(std::round(h * 2.4));
    }
  t.attributes = {{"households", hh}, {"population", pop}};
  const std::vector<Edge> edges = lattice_edges(W, H, id_of, queen);
  return UnitGraph(std::move(t), edges, "lattice");
}

}  // namespace gridgov::testing
