// geo::point_cells: cells for units that are points, so that grids drawn
// from them tile (no overlap) instead of overlapping as convex hulls.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "geo/geos_util.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/geo/build.hpp"

namespace gridgov::geo {
namespace {

using detail::Geom;
using detail::Geos;
using detail::own;

/// Points on a jittered lattice, every seventh repeating the point before it
/// (two units geocoded to one address), in vertical stripes of grids.
UnitGraph points(std::mt19937_64& rng, int side, double pitch, double x0, double y0, double scale_x, double scale_y,
                 std::vector<GridIndex>& grid) {
  std::uniform_real_distribution<double> jitter(-0.3, 0.3);
  UnitTable t;
  int k = 0;
  for (int i = 0; i < side; ++i)
    for (int j = 0; j < side; ++j, ++k) {
      t.id.push_back("u" + std::to_string(k));
      if (k % 7 == 6) {
        t.x.push_back(t.x.back());
        t.y.push_back(t.y.back());
      } else {
        t.x.push_back(x0 + (i + jitter(rng)) * pitch * scale_x);
        t.y.push_back(y0 + (j + jitter(rng)) * pitch * scale_y);
      }
      t.community.push_back("C1");
      grid.push_back(static_cast<GridIndex>(i / 3));
    }
  t.attributes.emplace_back("households", std::vector<double>(t.id.size(), 10.0));
  t.attributes.emplace_back("population", std::vector<double>(t.id.size(), 25.0));
  return UnitGraph(std::move(t), std::vector<Edge>{});
}

Geom point(const Geos& g, double x, double y) {
  return own(g, GEOSGeom_createPointFromXY_r(g.get(), x, y));
}

double area(const Geos& g, const GEOSGeometry* a) {
  double v = 0;
  GEOSArea_r(g.get(), a, &v);
  return v;
}

double overlap(const Geos& g, const GEOSGeometry* a, const GEOSGeometry* b) {
  Geom inter = own(g, GEOSIntersection_r(g.get(), a, b));
  return area(g, inter.get());
}

TEST(PointCells, CellsHoldTheirPointsAndGridsTile) {
  std::mt19937_64 rng(7);
  std::vector<GridIndex> grid;
  const UnitGraph graph = points(rng, 9, 30.0, 500000.0, 3990000.0, 1.0, 1.0, grid);
  TessellationOptions opt;
  opt.max_distance = 40.0;
  const io::Geometries cells = point_cells(graph, false, opt);
  ASSERT_EQ(cells.num_units(), static_cast<std::size_t>(graph.size()));
  Geos g;
  std::vector<Geom> c;
  for (std::size_t u = 0; u < cells.num_units(); ++u) {
    c.push_back(detail::unit_geometry(g, cells, u));
    ASSERT_EQ(GEOSisValid_r(g.get(), c.back().get()), 1) << "cell " << u;
    EXPECT_GT(area(g, c.back().get()), 0.0) << "cell " << u;
    // holds its point (a unit sharing its point with another: within the 0.5 m spread)
    const auto ui = static_cast<UnitIndex>(u);
    Geom p = point(g, graph.x()[u], graph.y()[u]);
    double d = 0;
    GEOSDistance_r(g.get(), c.back().get(), p.get(), &d);
    EXPECT_LE(d, 0.51) << graph.id(ui);
    Geom reach = own(g, GEOSBuffer_r(g.get(), p.get(), opt.max_distance * 1.01 + 0.5, 16));
    EXPECT_EQ(GEOSCovers_r(g.get(), reach.get(), c.back().get()), 1) << "cell " << u << " reaches too far";
  }
  for (std::size_t u = 0; u < c.size(); ++u)
    for (std::size_t v = u + 1; v < c.size(); ++v) EXPECT_LT(overlap(g, c[u].get(), c[v].get()), 1e-6) << u << "-" << v;

  const Plan plan = Plan::from_indices(grid);
  const io::Geometries grids = dissolve_grids(cells, graph, plan);
  ASSERT_EQ(grids.num_units(), static_cast<std::size_t>(plan.num_grids()));
  std::vector<Geom> gg;
  double total = 0, cell_total = 0;
  for (std::size_t q = 0; q < grids.num_units(); ++q) {
    gg.push_back(detail::unit_geometry(g, grids, q));
    ASSERT_EQ(GEOSisValid_r(g.get(), gg.back().get()), 1);
    total += area(g, gg.back().get());
  }
  for (const auto& x : c) cell_total += area(g, x.get());
  // the grids tile: no two overlap, and together they cover the cells exactly
  // (up to the 1 mm snapping of the dissolve along a shared boundary of some 300 m)
  for (std::size_t a = 0; a < gg.size(); ++a)
    for (std::size_t b = a + 1; b < gg.size(); ++b) EXPECT_LT(overlap(g, gg[a].get(), gg[b].get()), 0.3) << a << "-" << b;
  EXPECT_NEAR(total, cell_total, 1e-6 * cell_total);
}

TEST(PointCells, LonLatPointsAreTessellatedInMetres) {
  std::mt19937_64 rng(11);
  std::vector<GridIndex> grid;
  // about 30 m apart around Lanzhou (103.8 E, 36.05 N)
  const double ky = 1.0 / 111195.0, kx = ky / std::cos(36.05 * 3.14159265358979 / 180.0);
  const UnitGraph graph = points(rng, 6, 30.0, 103.8, 36.05, kx, ky, grid);
  TessellationOptions opt;
  opt.max_distance = 20.0;
  const io::Geometries cells = point_cells(graph, true, opt);
  ASSERT_TRUE(cells.geographic);
  Geos g;
  for (std::size_t u = 0; u < cells.num_units(); ++u) {
    Geom c = detail::unit_geometry(g, cells, u);
    ASSERT_EQ(GEOSisValid_r(g.get(), c.get()), 1);
    double minx = 0, miny = 0, maxx = 0, maxy = 0;
    GEOSGeom_getXMin_r(g.get(), c.get(), &minx);
    GEOSGeom_getXMax_r(g.get(), c.get(), &maxx);
    GEOSGeom_getYMin_r(g.get(), c.get(), &miny);
    GEOSGeom_getYMax_r(g.get(), c.get(), &maxy);
    // in degrees, around its point, no wider than 2 x 20 m (plus the spread)
    EXPECT_LE(graph.x()[u], maxx + 0.6 * kx);  // (a point shared by two units: within the 0.5 m spread)
    EXPECT_GE(graph.x()[u], minx - 0.6 * kx);
    EXPECT_LE(graph.y()[u], maxy + 0.6 * ky);
    EXPECT_GE(graph.y()[u], miny - 0.6 * ky);
    EXPECT_LE((maxx - minx) / kx, 41.5) << u;
    EXPECT_LE((maxy - miny) / ky, 41.5) << u;
    EXPECT_GT((maxy - miny) / ky, 5.0) << u;  // metres, not degrees
  }
}

TEST(PointCells, PlanarCoordinatesTakenForLonLatAreNamed) {
  UnitTable t2;
  t2.id = {"a", "far"};
  t2.x = {103.8, 500000.0};
  t2.y = {36.0, 3990000.0};
  t2.community = {"C", "C"};
  t2.attributes.emplace_back("households", std::vector<double>{1, 1});
  const UnitGraph planar(std::move(t2), std::vector<Edge>{});
  try {
    (void)point_cells(planar, true);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unit 'far'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace gridgov::geo
