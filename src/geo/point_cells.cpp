// Cells for point units: the tessellation of point buildings, so that grids
// drawn from units without footprints tile instead of overlapping as hulls.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <tuple>
#include <vector>

#include "gridgov/core/error.hpp"
#include "gridgov/geo/build.hpp"

namespace gridgov::geo {

namespace {

constexpr double kEarthRadius = 6371008.8;  // metres, mean radius
constexpr double kSpread = 0.5;             // metres: radius on which coinciding points are spread

/// A local equirectangular projection around (lon0, lat0): metres east and
/// north, good to a fraction of a percent over a city.
struct LocalProjection {
  double lon0 = 0.0, lat0 = 0.0, kx = 1.0, ky = 1.0;
  LocalProjection(double lon, double lat)
      : lon0(lon), lat0(lat), kx(kEarthRadius * std::cos(lat * std::numbers::pi / 180.0) * std::numbers::pi / 180.0),
        ky(kEarthRadius * std::numbers::pi / 180.0) {}
  [[nodiscard]] std::pair<double, double> forward(double lon, double lat) const {
    return {(lon - lon0) * kx, (lat - lat0) * ky};
  }
  [[nodiscard]] std::pair<double, double> inverse(double x, double y) const { return {lon0 + x / kx, lat0 + y / ky}; }
};

}  // namespace

io::Geometries point_cells(const UnitGraph& graph, bool geographic, const TessellationOptions& options) {
  const auto n = static_cast<std::size_t>(graph.size());
  const auto xs = graph.x(), ys = graph.y();
  for (std::size_t u = 0; u < n; ++u)
    if (!std::isfinite(xs[u]) || !std::isfinite(ys[u]))
      throw InputError("unit '" + graph.id(static_cast<UnitIndex>(u)) + "' has no finite coordinates: no cell can be drawn");
  double lon0 = 0.0, lat0 = 0.0;
  if (geographic && n > 0) {
    for (std::size_t u = 0; u < n; ++u) {
      if (std::abs(xs[u]) > 180.0 || std::abs(ys[u]) > 90.0)
        throw InputError("unit '" + graph.id(static_cast<UnitIndex>(u)) + "' is at (" + std::to_string(xs[u]) + ", " +
                         std::to_string(ys[u]) + "), not a longitude/latitude");
      lon0 += xs[u];
      lat0 += ys[u];
    }
    lon0 /= static_cast<double>(n);
    lat0 /= static_cast<double>(n);
  }
  const LocalProjection proj(lon0, lat0);

  // Metric points; points that coincide are spread on a small circle, in
  // unit order, so that each unit gets a cell of its own.
  std::vector<std::pair<double, double>> pts(n);
  for (std::size_t u = 0; u < n; ++u) pts[u] = geographic ? proj.forward(xs[u], ys[u]) : std::pair{xs[u], ys[u]};
  std::vector<std::size_t> order(n);
  for (std::size_t u = 0; u < n; ++u) order[u] = u;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return std::tie(pts[a], a) < std::tie(pts[b], b); });
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && pts[order[j]] == pts[order[i]]) ++j;
    if (j - i > 1) {
      const double step = 2.0 * std::numbers::pi / static_cast<double>(j - i);
      for (std::size_t k = i; k < j; ++k) {
        const double a = step * static_cast<double>(k - i);
        pts[order[k]].first += kSpread * std::cos(a);
        pts[order[k]].second += kSpread * std::sin(a);
      }
    }
    i = j;
  }

  io::Geometries buildings;
  buildings.xy.reserve(2 * n);
  for (std::size_t u = 0; u < n; ++u) {
    buildings.xy.push_back(pts[u].first);
    buildings.xy.push_back(pts[u].second);
    buildings.ring_offsets.push_back(u + 1);
    buildings.polygon_offsets.push_back(u + 1);
    buildings.unit_offsets.push_back(u + 1);
  }
  Tessellation t = tessellate(buildings, Lines{}, options);
  if (geographic) {
    for (std::size_t i = 0; i + 1 < t.cells.xy.size(); i += 2)
      std::tie(t.cells.xy[i], t.cells.xy[i + 1]) = proj.inverse(t.cells.xy[i], t.cells.xy[i + 1]);
    t.cells.geographic = true;
  }
  return std::move(t.cells);
}

}  // namespace gridgov::geo
