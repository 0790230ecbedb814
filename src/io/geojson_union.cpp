// Dissolving the polygons of a grid with Boost.Geometry (only this TU
// includes it, to keep compile times down).

#include "io/geojson_union.hpp"

// Boost.Geometry 1.74 trips GCC 12's flow analysis inside its own headers
// (clang has no such warning).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>

namespace gridgov::io::detail {
namespace {
namespace bg = boost::geometry;
using Pt = bg::model::d2::point_xy<double>;
using Poly = bg::model::polygon<Pt, /*clockwise=*/false, /*closed=*/true>;
using Multi = bg::model::multi_polygon<Poly>;

Multi unit_multi(const Geometries& g, std::size_t u) {
  Multi m;
  for (std::size_t p = g.unit_offsets[u]; p < g.unit_offsets[u + 1]; ++p) {
    Poly poly;
    for (std::size_t r = g.polygon_offsets[p]; r < g.polygon_offsets[p + 1]; ++r) {
      auto& ring = r == g.polygon_offsets[p] ? poly.outer() : poly.inners().emplace_back();
      for (std::size_t i = g.ring_offsets[r]; i < g.ring_offsets[r + 1]; ++i) ring.emplace_back(g.xy[2 * i], g.xy[2 * i + 1]);
    }
    bg::correct(poly);
    m.push_back(std::move(poly));
  }
  return m;
}
}  // namespace

std::optional<std::vector<PolygonRings>> union_units(const Geometries& g, std::span<const UnitIndex> units) {
  try {
    std::vector<Multi> parts;
    parts.reserve(units.size());
    for (auto u : units) parts.push_back(unit_multi(g, static_cast<std::size_t>(u)));
    if (parts.empty()) return std::vector<PolygonRings>{};
    // Balanced pairwise reduction: O(k log k) merges instead of a growing chain.
    while (parts.size() > 1) {
      std::vector<Multi> next;
      next.reserve((parts.size() + 1) / 2);
      for (std::size_t i = 0; i + 1 < parts.size(); i += 2) {
        Multi merged;
        bg::union_(parts[i], parts[i + 1], merged);
        next.push_back(std::move(merged));
      }
      if (parts.size() % 2) next.push_back(std::move(parts.back()));
      parts.swap(next);
    }
    const Multi& result = parts.front();
    if (result.empty()) return std::nullopt;
    std::vector<PolygonRings> out;
    out.reserve(result.size());
    for (const auto& poly : result) {
      PolygonRings rings;
      auto copy = [](const auto& ring) {
        Ring r;
        r.reserve(ring.size());
        for (const auto& p : ring) r.push_back({p.x(), p.y()});
        return r;
      };
      rings.push_back(copy(poly.outer()));
      for (const auto& inner : poly.inners()) rings.push_back(copy(inner));
      out.push_back(std::move(rings));
    }
    return out;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace gridgov::io::detail
