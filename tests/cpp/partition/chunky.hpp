#pragma once
// Chunky pieces: units whose weight is 10-100% of the upper bound (census
// block groups against their bounds, high-rise buildings against 300-500
// households). Shared by the tests and the proof benchmark.
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gridgov/core/unit_graph.hpp"
#include "lattice.hpp"

namespace gridgov::testing {

/// One community: a W x H lattice (rook, or queen with diagonals) with
/// random holes, so it may fall into several pieces; weights "pop"
/// uniform in [0.1, 1] * hi, rounded.
inline UnitGraph chunky_lattice(int W, int H, double hole_share, double hi, bool queen, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uni = [&] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
  std::vector<int> id_of(static_cast<std::size_t>(W * H), -1);
  UnitTable t;
  std::vector<double> pop;
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x) {
      if (uni() < hole_share) continue;
      id_of[static_cast<std::size_t>(y * W + x)] = static_cast<int>(t.id.size());
      t.id.push_back("b" + std::to_string(t.id.size()));
      t.x.push_back(x + 0.3 * (uni() - 0.5));
      t.y.push_back(y + 0.3 * (uni() - 0.5));
      t.community.push_back("620102001001");
      pop.push_back(std::round(hi * (0.1 + 0.9 * uni())));
    }
  t.attributes = {{"pop", pop}};
  const std::vector<Edge> edges = lattice_edges(W, H, id_of, queen);
  return UnitGraph(std::move(t), edges, "chunky");
}

}  // namespace gridgov::testing
