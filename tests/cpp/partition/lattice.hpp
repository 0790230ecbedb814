#pragma once
// Small helpers shared by the partition tests and the proof benchmark (no
// GoogleTest here): lattice contiguity and the brute-force split oracle.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "gridgov/core/unit_graph.hpp"

namespace gridgov::testing {

/// Rook (or queen) edges of a W x H lattice whose cell y*W+x holds unit
/// id_of[y*W+x] (-1: a hole).
inline std::vector<Edge> lattice_edges(int W, int H, const std::vector<int>& id_of, bool queen) {
  std::vector<Edge> edges;
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x) {
      const int u = id_of[static_cast<std::size_t>(y * W + x)];
      if (u < 0) continue;
      auto link = [&](int nx, int ny) {
        if (nx < 0 || ny < 0 || nx >= W || ny >= H) return;
        const int v = id_of[static_cast<std::size_t>(ny * W + nx)];
        if (v >= 0) edges.push_back({u, v, 0.0});
      };
      link(x + 1, y);
      link(x, y + 1);
      if (queen) {
        link(x + 1, y + 1);
        link(x - 1, y + 1);
      }
    }
  return edges;
}

/// Brute force over subsets: can the units of `rem` (bit i = unit i, at
/// most 32 units; nb[i] the neighbour mask of unit i, w[i] its weight) be
/// split into connected parts of weight in [lo, hi]? Exponential: for
/// graphs of a dozen units.
inline bool split_exists(const std::vector<std::uint32_t>& nb, const std::vector<double>& w, double lo, double hi,
                         std::uint32_t rem) {
  if (rem == 0) return true;
  const std::uint32_t r = rem & (~rem + 1u), others = rem & ~r;  // the lowest unit is in the first part
  for (std::uint32_t sub = others;; sub = (sub - 1) & others) {
    const std::uint32_t s = sub | r;
    double t = 0;
    for (std::size_t i = 0; i < w.size(); ++i)
      if (s >> i & 1u) t += w[i];
    if (t >= lo && t <= hi) {
      std::uint32_t reach = r, frontier = r;
      while (frontier) {
        std::uint32_t next = 0;
        for (std::size_t i = 0; i < w.size(); ++i)
          if (frontier >> i & 1u) next |= nb[i];
        next &= s & ~reach;
        reach |= next;
        frontier = next;
      }
      if (reach == s && split_exists(nb, w, lo, hi, rem & ~s)) return true;
    }
    if (sub == 0) break;
  }
  return false;
}

}  // namespace gridgov::testing
