// Property tests of geo::tessellate: random footprints and barrier lines,
// every rule checked with GEOS (valid cells holding their building, no
// overlap, within reach, never across a barrier; edges exactly the pairs of
// cells in one enclosure sharing a boundary of positive length). Barriers
// here cross the whole area; one that ends inside (a dangle) encloses
// nothing and separates nothing, as in momepy's enclosures.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "geo/geos_util.hpp"
#include "gridgov/geo/build.hpp"

namespace gridgov::geo {
namespace {

using detail::Geom;
using detail::Geos;
using detail::own;

io::Geometries random_buildings(std::mt19937_64& rng, int side, double pitch, bool points) {
  io::Geometries b;
  std::uniform_real_distribution<double> jitter(-0.2 * pitch, 0.2 * pitch), size(0.15 * pitch, 0.3 * pitch),
      angle(0.0, 3.14159);
  std::bernoulli_distribution skip(0.2);
  for (int i = 0; i < side; ++i)
    for (int j = 0; j < side; ++j) {
      if (skip(rng)) continue;
      const double cx = i * pitch + jitter(rng), cy = j * pitch + jitter(rng);
      if (points) {
        b.xy.insert(b.xy.end(), {cx, cy});
      } else {
        const double w = size(rng), h = size(rng), a = angle(rng), c = std::cos(a), s = std::sin(a);
        const double corners[4][2] = {{-w, -h}, {w, -h}, {w, h}, {-w, h}};
        for (int k = 0; k <= 4; ++k) {
          const auto& p = corners[k % 4];
          b.xy.insert(b.xy.end(), {cx + c * p[0] - s * p[1], cy + s * p[0] + c * p[1]});
        }
      }
      b.ring_offsets.push_back(b.xy.size() / 2);
      b.polygon_offsets.push_back(b.ring_offsets.size() - 1);
      b.unit_offsets.push_back(b.polygon_offsets.size() - 1);
    }
  return b;
}

Lines random_barriers(std::mt19937_64& rng, double extent, int count) {
  Lines l;
  std::uniform_real_distribution<double> u(-0.2 * extent, 1.2 * extent);
  for (int i = 0; i < count; ++i) {
    // A line through two random points, reaching far past the area (a
    // barrier that ends inside is a dangle, which encloses nothing), with
    // its two points as vertices.
    const double ax = u(rng), ay = u(rng), bx = u(rng), by = u(rng);
    const double dx = bx - ax, dy = by - ay, len = std::hypot(dx, dy) + 1e-9, far = 100.0 * extent / len;
    l.xy.insert(l.xy.end(), {ax - far * dx, ay - far * dy, ax, ay, bx, by, bx + far * dx, by + far * dy});
    l.line_offsets.push_back(l.xy.size() / 2);
  }
  return l;
}

Geom line_geom(const Geos& g, const Lines& l, std::size_t i) {
  const std::size_t a = l.line_offsets[i], e = l.line_offsets[i + 1];
  return own(g, GEOSGeom_createLineString_r(
                    g.get(), GEOSCoordSeq_copyFromBuffer_r(g.get(), &l.xy[2 * a], static_cast<unsigned>(e - a), 0, 0)));
}

void check(const io::Geometries& buildings, const Lines& barriers, const TessellationOptions& opt) {
  const Tessellation t = tessellate(buildings, barriers, opt);
  Geos g;
  const std::size_t n = buildings.num_units();
  ASSERT_EQ(t.cells.num_units(), n);
  std::vector<Geom> cells, blds;
  for (std::size_t u = 0; u < n; ++u) {
    cells.push_back(detail::unit_geometry(g, t.cells, u));
    blds.push_back(detail::unit_geometry(g, buildings, u));
    const auto* c = cells.back().get();
    ASSERT_EQ(GEOSisValid_r(g.get(), c), 1) << "cell " << u;
    double area = 0;
    GEOSArea_r(g.get(), c, &area);
    ASSERT_GT(area, 0) << "cell " << u;
    Geom pt = own(g, GEOSPointOnSurface_r(g.get(), blds.back().get()));
    EXPECT_EQ(GEOSIntersects_r(g.get(), c, pt.get()), 1) << "cell " << u << " does not hold its building";
    // (the buffer polygon, inscribed in the true one, made a little wider)
    Geom reach = own(g, GEOSBuffer_r(g.get(), blds.back().get(), opt.max_distance * 1.01, 16));
    EXPECT_EQ(GEOSCovers_r(g.get(), reach.get(), c), 1) << "cell " << u << " reaches too far";
    for (std::size_t l = 0; l < barriers.size(); ++l) {
      // Only where the building itself is not crossed by the barrier.
      Geom line = line_geom(g, barriers, l);
      if (GEOSIntersects_r(g.get(), line.get(), blds.back().get()) == 1) continue;
      // The line may run along the cell's boundary, not through its interior
      // (the cell shrunk by a micrometre).
      Geom core = own(g, GEOSBuffer_r(g.get(), c, -1e-6, 2));
      Geom inside = own(g, GEOSIntersection_r(g.get(), line.get(), core.get()));
      double len = 0;
      GEOSLength_r(g.get(), inside.get(), &len);
      EXPECT_LT(len, 1e-6) << "cell " << u << " reaches across barrier " << l;
    }
  }
  std::set<std::pair<int, int>> edges;
  for (const auto& e : t.edges) edges.emplace(e.u, e.v);
  for (std::size_t u = 0; u < n; ++u)
    for (std::size_t v = u + 1; v < n; ++v) {
      // Apart (beyond rounding in the clipped vertices): no edge.
      double dist = 0;
      GEOSDistance_r(g.get(), cells[u].get(), cells[v].get(), &dist);
      if (dist > 1e-9) {
        EXPECT_FALSE(edges.count({static_cast<int>(u), static_cast<int>(v)})) << u << "-" << v << " apart by " << dist;
        continue;
      }
      Geom inter = own(g, GEOSIntersection_r(g.get(), cells[u].get(), cells[v].get()));
      double overlap = 0;
      GEOSArea_r(g.get(), inter.get(), &overlap);
      EXPECT_LT(overlap, 1e-6) << "cells " << u << " and " << v << " overlap";
      // Shared boundary, allowing for rounding in the clipped vertices.
      Geom bu = own(g, GEOSBoundary_r(g.get(), cells[u].get()));
      Geom bvl = own(g, GEOSBoundary_r(g.get(), cells[v].get()));
      Geom bv = own(g, GEOSBuffer_r(g.get(), bvl.get(), 1e-6, 2));
      Geom shared = own(g, GEOSIntersection_r(g.get(), bu.get(), bv.get()));
      double len = 0;
      GEOSLength_r(g.get(), shared.get(), &len);
      const bool same = t.enclosure[u] == t.enclosure[v];
      const bool adjacent = edges.count({static_cast<int>(u), static_cast<int>(v)}) > 0;
      if (len > 1e-2 && same) {
        EXPECT_TRUE(adjacent) << u << "-" << v << " share " << len;
      }
      if (len < 1e-4 || !same) {
        EXPECT_FALSE(adjacent) << u << "-" << v << " share " << len << (same ? "" : " across a barrier");
      }
    }
}

class Tessellate : public ::testing::TestWithParam<int> {};

TEST_P(Tessellate, RandomFootprintsAndBarriers) {
  std::mt19937_64 rng(static_cast<std::uint64_t>(GetParam()));
  const int side = 7;
  const double pitch = 20.0;
  auto b = random_buildings(rng, side, pitch, false);
  auto l = random_barriers(rng, side * pitch, GetParam() % 4);
  TessellationOptions opt;
  opt.max_distance = GetParam() % 2 ? 15.0 : 100.0;  // short reach: far-apart buildings separate
  opt.sample_spacing = 1.0;
  check(b, l, opt);
}

TEST_P(Tessellate, RandomPoints) {
  std::mt19937_64 rng(static_cast<std::uint64_t>(GetParam()) + 1000);
  auto b = random_buildings(rng, 6, 25.0, true);
  auto l = random_barriers(rng, 150.0, 2);
  TessellationOptions opt;
  opt.max_distance = 30.0;
  check(b, l, opt);
}

// Footprints of one size in straight rows, none skipped: the boundaries of
// neighbouring cells meet in T-junctions.
io::Geometries aligned_buildings(int side, double pitch) {
  io::Geometries b;
  for (int i = 0; i < side; ++i)
    for (int j = 0; j < side; ++j) {
      const double cx = i * pitch, cy = j * pitch, w = 0.3 * pitch, h = 0.2 * pitch;
      b.xy.insert(b.xy.end(), {cx - w, cy - h, cx + w, cy - h, cx + w, cy + h, cx - w, cy + h, cx - w, cy - h});
      b.ring_offsets.push_back(b.xy.size() / 2);
      b.polygon_offsets.push_back(b.ring_offsets.size() - 1);
      b.unit_offsets.push_back(b.polygon_offsets.size() - 1);
    }
  return b;
}

// The edges are the rook contiguity of the cells themselves within each
// enclosure (pairs and shared lengths), however they were found: from the
// owners across the Voronoi edges, cut or not by the enclosure, or from the
// cells' geometry (T-junctions, cells made by GEOS).
TEST_P(Tessellate, EdgesAreTheRookContiguityOfTheCells) {
  for (const bool aligned : {false, true}) {
    std::mt19937_64 rng(static_cast<std::uint64_t>(GetParam()) + 2000);
    const int side = 10;
    const double pitch = 20.0;
    const io::Geometries b = aligned ? aligned_buildings(side, pitch) : random_buildings(rng, side, pitch, false);
    const Lines l = random_barriers(rng, side * pitch, GetParam() % 3 + 1);
    TessellationOptions opt;
    opt.sample_spacing = 1.0;
    opt.max_distance = GetParam() % 2 ? 15.0 : 100.0;
    const Tessellation t = tessellate(b, l, opt);
    double x0 = b.xy[0], x1 = x0, y0 = b.xy[1], y1 = y0;
    for (std::size_t i = 0; i < b.xy.size(); i += 2) {
      x0 = std::min(x0, b.xy[i]);
      x1 = std::max(x1, b.xy[i]);
      y0 = std::min(y0, b.xy[i + 1]);
      y1 = std::max(y1, b.xy[i + 1]);
    }
    const double tolerance = 1e-6 * std::max({x1 - x0, y1 - y0, 1.0});
    std::vector<Edge> expected;
    for (const auto& e : io::polygon_contiguity(t.cells, io::Contiguity::rook, tolerance))
      if (t.enclosure[static_cast<std::size_t>(e.u)] == t.enclosure[static_cast<std::size_t>(e.v)]) expected.push_back(e);
    ASSERT_GT(expected.size(), 50u) << (aligned ? "aligned" : "random");
    ASSERT_EQ(t.edges.size(), expected.size()) << (aligned ? "aligned" : "random");
    for (std::size_t i = 0; i < expected.size(); ++i) {
      ASSERT_EQ(t.edges[i].u, expected[i].u) << i;
      ASSERT_EQ(t.edges[i].v, expected[i].v) << i;
      EXPECT_NEAR(t.edges[i].shared_boundary, expected[i].shared_boundary, 1e-6 * std::max(1.0, expected[i].shared_boundary))
          << t.edges[i].u << "-" << t.edges[i].v;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, Tessellate, ::testing::Range(1, 9));

TEST(Tessellate, BarrierSeparatesTwoRows) {
  // Two rows of squares, a street between them: no edge across it.
  io::Geometries b;
  for (int row = 0; row < 2; ++row)
    for (int i = 0; i < 5; ++i) {
      const double x = i * 12.0, y = row * 30.0;
      for (auto [dx, dy] : {std::pair{0.0, 0.0}, {10.0, 0.0}, {10.0, 10.0}, {0.0, 10.0}, {0.0, 0.0}})
        b.xy.insert(b.xy.end(), {x + dx, y + dy});
      b.ring_offsets.push_back(b.xy.size() / 2);
      b.polygon_offsets.push_back(b.ring_offsets.size() - 1);
      b.unit_offsets.push_back(b.polygon_offsets.size() - 1);
    }
  Lines street;
  street.xy = {-1000.0, 20.0, 1000.0, 20.0};
  street.line_offsets.push_back(2);
  const auto t = tessellate(b, street, {});
  EXPECT_EQ(t.enclosures, 2u);
  EXPECT_EQ(t.edges.size(), 8u);  // 4 along each row
  for (const auto& e : t.edges) EXPECT_EQ(e.u / 5, e.v / 5);
  const auto t2 = tessellate(b, Lines{}, {});
  EXPECT_GT(t2.edges.size(), 8u);  // without the street, the rows touch
}

}  // namespace
}  // namespace gridgov::geo

namespace gridgov::geo {
namespace {

TEST(Tessellate, SameResultForAnyNumberOfThreads) {
  std::mt19937_64 rng(42);
  auto b = random_buildings(rng, 12, 20.0, false);
  auto l = random_barriers(rng, 240.0, 5);
  TessellationOptions one, four;
  one.threads = 1;
  four.threads = 4;
  const auto a = tessellate(b, l, one), c = tessellate(b, l, four);
  ASSERT_GT(a.enclosures, 3u);
  EXPECT_EQ(a.cells.xy, c.cells.xy);
  EXPECT_EQ(a.cells.ring_offsets, c.cells.ring_offsets);
  EXPECT_EQ(a.cells.unit_offsets, c.cells.unit_offsets);
  ASSERT_EQ(a.edges.size(), c.edges.size());
  for (std::size_t i = 0; i < a.edges.size(); ++i) {
    EXPECT_EQ(a.edges[i].u, c.edges[i].u);
    EXPECT_EQ(a.edges[i].v, c.edges[i].v);
  }
  EXPECT_EQ(a.sample_points, c.sample_points);
}

TEST(Tessellate, ProgressCancelsAndOtherwiseChangesNothing) {
  std::mt19937_64 rng(7);
  auto b = random_buildings(rng, 40, 20.0, false);  // 1,600 buildings: several polls
  auto l = random_barriers(rng, 800.0, 6);
  TessellationOptions plain, watched, cancelled;
  plain.threads = watched.threads = 2;
  cancelled.threads = 1;  // polled only by the calling thread: at least six questions in 1,600 cells
  std::size_t calls = 0;
  double last = -1;
  bool monotone = true;
  watched.progress = [&](double fraction, std::string_view stage) {
    ++calls;
    monotone = monotone && fraction >= last && fraction <= 1.0 && stage == "cells";
    last = fraction;
    return true;
  };
  const auto a = tessellate(b, l, plain), c = tessellate(b, l, watched);
  EXPECT_GT(calls, 0u);
  EXPECT_TRUE(monotone);
  EXPECT_EQ(a.cells.xy, c.cells.xy);
  EXPECT_EQ(a.edges.size(), c.edges.size());
  std::size_t asked = 0;
  cancelled.progress = [&](double, std::string_view) { return ++asked < 2; };  // stop at the second question
  EXPECT_THROW((void)tessellate(b, l, cancelled), Interrupted);
  EXPECT_EQ(asked, 2u);
}

}  // namespace
}  // namespace gridgov::geo
