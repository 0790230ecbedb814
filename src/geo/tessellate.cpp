// Cells of buildings: a Voronoi diagram of points sampled on the outlines
// (Boost.Polygon, integer coordinates), faces united per building by walking
// the half-edges, cut by barrier enclosures (clip.cpp where the boundaries
// cross cleanly, else GEOS, which also limits the distance); edges from the
// owners across the cells' edges, or the rook contiguity of the cells.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cmath>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/polygon/voronoi.hpp>

#include "cell_sink.hpp"
#include "clip.hpp"
#include "geos_util.hpp"
#include "gridgov/geo/build.hpp"

namespace gridgov::geo {
namespace detail {

GEOSGeometry* make_ring(const Geos& g, const double* xy, std::size_t n) {
  auto* seq = GEOSCoordSeq_copyFromBuffer_r(g.get(), xy, static_cast<unsigned>(n), 0, 0);
  return GEOSGeom_createLinearRing_r(g.get(), seq);
}

Geom unit_geometry(const Geos& g, const io::Geometries& geoms, std::size_t unit) {
  std::vector<GEOSGeometry*> polys;
  for (std::size_t p = geoms.unit_offsets[unit]; p < geoms.unit_offsets[unit + 1]; ++p) {
    const std::size_t r0 = geoms.polygon_offsets[p], r1 = geoms.polygon_offsets[p + 1];
    const std::size_t first = geoms.ring_offsets[r0];
    if (r1 - r0 == 1 && geoms.ring_offsets[r0 + 1] - first == 1)
      return own(g, GEOSGeom_createPointFromXY_r(g.get(), geoms.xy[2 * first], geoms.xy[2 * first + 1]));
    GEOSGeometry* shell = make_ring(g, &geoms.xy[2 * first], geoms.ring_offsets[r0 + 1] - first);
    std::vector<GEOSGeometry*> holes;
    for (std::size_t r = r0 + 1; r < r1; ++r)
      holes.push_back(make_ring(g, &geoms.xy[2 * geoms.ring_offsets[r]], geoms.ring_offsets[r + 1] - geoms.ring_offsets[r]));
    polys.push_back(GEOSGeom_createPolygon_r(g.get(), shell, holes.data(), static_cast<unsigned>(holes.size())));
  }
  if (polys.size() == 1) return own(g, polys[0]);
  return own(g, GEOSGeom_createCollection_r(g.get(), GEOS_MULTIPOLYGON, polys.data(), static_cast<unsigned>(polys.size())));
}

namespace {
void append_ring(const Geos& g, const GEOSGeometry* ring, io::Geometries& out) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(g.get(), ring);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(g.get(), seq, &n);
  const std::size_t at = out.xy.size();
  out.xy.resize(at + 2 * std::size_t{n});
  GEOSCoordSeq_copyToBuffer_r(g.get(), seq, out.xy.data() + at, 0, 0);
  out.ring_offsets.push_back(out.xy.size() / 2);
}
void append_polygon(const Geos& g, const GEOSGeometry* poly, io::Geometries& out) {
  append_ring(g, GEOSGetExteriorRing_r(g.get(), poly), out);
  const int holes = GEOSGetNumInteriorRings_r(g.get(), poly);
  for (int i = 0; i < holes; ++i) append_ring(g, GEOSGetInteriorRingN_r(g.get(), poly, i), out);
  out.polygon_offsets.push_back(out.ring_offsets.size() - 1);
}
std::size_t append_parts(const Geos& g, const GEOSGeometry* geom, io::Geometries& out) {
  const int type = GEOSGeomTypeId_r(g.get(), geom);
  if (type == GEOS_POLYGON) {
    if (GEOSisEmpty_r(g.get(), geom)) return 0;
    append_polygon(g, geom, out);
    return 1;
  }
  if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    std::size_t n = 0;
    const int parts = GEOSGetNumGeometries_r(g.get(), geom);
    for (int i = 0; i < parts; ++i) n += append_parts(g, GEOSGetGeometryN_r(g.get(), geom, i), out);
    return n;
  }
  return 0;
}
}  // namespace

std::size_t append_polygons(const Geos& g, const GEOSGeometry* geom, io::Geometries& out) {
  const std::size_t n = append_parts(g, geom, out);
  out.unit_offsets.push_back(out.polygon_offsets.size() - 1);
  return n;
}

}  // namespace detail

namespace {

using detail::Geom;
using detail::Geos;
using detail::own;
using detail::Prepared;

struct Sample {
  std::int32_t x, y;
  std::int32_t owner;  // building index, or -1 for the frame
  bool operator<(const Sample& o) const noexcept {
    return x != o.x ? x < o.x : (y != o.y ? y < o.y : owner < o.owner);
  }
};

}  // namespace
}  // namespace gridgov::geo

// Boost.Polygon reads Sample as a point.
namespace boost::polygon {
template <>
struct geometry_concept<gridgov::geo::Sample> {
  using type = point_concept;
};
template <>
struct point_traits<gridgov::geo::Sample> {
  using coordinate_type = std::int32_t;
  static coordinate_type get(const gridgov::geo::Sample& s, orientation_2d o) { return o == HORIZONTAL ? s.x : s.y; }
};
}  // namespace boost::polygon

namespace gridgov::geo {
namespace {

bool point_in_ring(const std::vector<double>& xy, double px, double py) {
  bool in = false;
  const std::size_t n = xy.size() / 2;
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const double xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
    if ((yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi) in = !in;
  }
  return in;
}

// The group of buildings of one enclosure.
struct Group {
  std::vector<std::int32_t> buildings;
};

// How far sample points move into their building, metres.
constexpr double kInset = 0.1;
// A ring vertex closer than this (metres) to the line through its
// neighbours is dropped: the midline between two parallel walls is a chain of
// many collinear Voronoi edges. A neighbouring cell may keep the vertex
// where the chains meet, a T-junction that rook contiguity handles.
constexpr double kStraight = 1e-6;

// A vertex of a united face's ring, with the owner across the edge that
// starts at it.
struct RingVertex {
  double x, y;
  std::size_t id;        // the Voronoi vertex
  std::int32_t across;   // owner on the other side of the edge from here to the next vertex
  bool junction;         // more than two boundaries between owners meet here (the diagram's view, not the ring's)
};

// The vertices of a Voronoi diagram (world coordinates) in square buckets,
// to find those near a segment.
class VertexGrid {
 public:
  // `bucket`: the side of a bucket; (ox, oy): a corner of the points' box.
  void build(std::vector<double> xy, double bucket, double ox, double oy) {
    xy_ = std::move(xy);
    size_ = bucket;
    ox_ = ox;
    oy_ = oy;
    entries_.clear();
    entries_.reserve(xy_.size() / 2);
    for (std::size_t i = 0; i < xy_.size() / 2; ++i) entries_.push_back({key(xy_[2 * i], xy_[2 * i + 1]), i});
    std::sort(entries_.begin(), entries_.end());
  }
  [[nodiscard]] const double* point(std::size_t i) const noexcept { return &xy_[2 * i]; }
  // Calls f(i) for every vertex i in the buckets meeting the box.
  template <class F>
  void near(double x0, double y0, double x1, double y1, F&& f) const {
    const auto bx0 = bucket(x0 - ox_), bx1 = bucket(x1 - ox_), by0 = bucket(y0 - oy_), by1 = bucket(y1 - oy_);
    for (std::int64_t bx = bx0; bx <= bx1; ++bx)
      for (std::int64_t by = by0; by <= by1; ++by) {
        const std::uint64_t k = pack(bx, by);
        auto it = std::lower_bound(entries_.begin(), entries_.end(), std::pair<std::uint64_t, std::size_t>{k, 0});
        for (; it != entries_.end() && it->first == k; ++it) f(it->second);
      }
  }

 private:
  // Buckets are at least 1/65536 of the diagram's extent wide: indices stay small.
  [[nodiscard]] std::int64_t bucket(double v) const noexcept {
    return static_cast<std::int64_t>(std::clamp(std::floor(v / size_), -1e6, 1e6));
  }
  static std::uint64_t pack(std::int64_t bx, std::int64_t by) noexcept {
    return (static_cast<std::uint64_t>(bx) << 32) ^ (static_cast<std::uint64_t>(by) & 0xFFFFFFFFULL);
  }
  [[nodiscard]] std::uint64_t key(double x, double y) const noexcept { return pack(bucket(x - ox_), bucket(y - oy_)); }
  std::vector<double> xy_;
  double size_ = 1.0, ox_ = 0.0, oy_ = 0.0;
  std::vector<std::pair<std::uint64_t, std::size_t>> entries_;
};

// True when no vertex of the diagram other than chain[a..c]'s own lies in
// the polygon the sub-chain closes with the segment from chain[c] back to
// chain[a] (or on that segment): replacing the sub-chain by the segment then
// crosses no other boundary. Every cell simplifying the chain asks the same
// question of the same diagram, so the cells stay edge-to-edge and none
// overlaps another.
bool nothing_between(const std::vector<const RingVertex*>& chain, std::size_t a, std::size_t c, double tolerance,
                     const VertexGrid& grid) {
  double x0 = chain[a]->x, x1 = x0, y0 = chain[a]->y, y1 = y0;
  for (std::size_t i = a + 1; i <= c; ++i) {
    x0 = std::min(x0, chain[i]->x);
    x1 = std::max(x1, chain[i]->x);
    y0 = std::min(y0, chain[i]->y);
    y1 = std::max(y1, chain[i]->y);
  }
  const double ax = chain[a]->x, ay = chain[a]->y, dx = chain[c]->x - ax, dy = chain[c]->y - ay;
  const double len2 = dx * dx + dy * dy;
  const double eps = 1e-9 * (1.0 + std::abs(ax) + std::abs(ay)) + 1e-12 * tolerance;
  bool clear = true;
  grid.near(x0 - eps, y0 - eps, x1 + eps, y1 + eps, [&](std::size_t v) {
    if (!clear) return;
    for (std::size_t i = a; i <= c; ++i)
      if (chain[i]->id == v) return;
    const double* p = grid.point(v);
    if (p[0] < x0 - eps || p[0] > x1 + eps || p[1] < y0 - eps || p[1] > y1 + eps) return;
    // On the segment?
    const double t = len2 > 0 ? std::clamp(((p[0] - ax) * dx + (p[1] - ay) * dy) / len2, 0.0, 1.0) : 0.0;
    if (std::hypot(ax + t * dx - p[0], ay + t * dy - p[1]) <= eps) {
      clear = false;
      return;
    }
    // Inside the closed sub-chain (even-odd)?
    bool in = false;
    for (std::size_t i = a, j = c; i <= c; j = i++) {
      const double xi = chain[i]->x, yi = chain[i]->y, xj = chain[j]->x, yj = chain[j]->y;
      if ((yi > p[1]) != (yj > p[1]) && p[0] < (xj - xi) * (p[1] - yi) / (yj - yi) + xi) in = !in;
    }
    if (in) clear = false;
  });
  return clear;
}

// Douglas-Peucker on chain[first..last] (inclusive): marks the kept vertices.
// A span is replaced by its segment only when no other vertex of the
// diagram lies between them (nothing_between); else it is split at its
// farthest vertex, as a span beyond the tolerance is.
void douglas_peucker(const std::vector<const RingVertex*>& chain, double tolerance, const VertexGrid& grid,
                     std::vector<char>& keep) {
  keep.assign(chain.size(), 0);
  keep.front() = keep.back() = 1;
  std::vector<std::pair<std::size_t, std::size_t>> todo{{0, chain.size() - 1}};
  while (!todo.empty()) {
    const auto [a, c] = todo.back();
    todo.pop_back();
    if (c <= a + 1) continue;
    const double ax = chain[a]->x, ay = chain[a]->y, dx = chain[c]->x - ax, dy = chain[c]->y - ay;
    const double len = std::hypot(dx, dy);
    double worst = -1;
    std::size_t at = a;
    for (std::size_t i = a + 1; i < c; ++i) {
      const double d = len > 0 ? std::abs(dx * (chain[i]->y - ay) - dy * (chain[i]->x - ax)) / len
                               : std::hypot(chain[i]->x - ax, chain[i]->y - ay);
      if (d > worst) {
        worst = d;
        at = i;
      }
    }
    if (worst > tolerance || !nothing_between(chain, a, c, tolerance, grid)) {
      keep[at] = 1;
      todo.emplace_back(a, at);
      todo.emplace_back(at, c);
    }
  }
}

// The ring (x, y interleaved, not closed) with each chain between two
// junctions (vertices where the owner across changes, or where more than
// two boundaries of the diagram meet) simplified within
// `tolerance`. A chain is shared by the two cells it separates, each walking
// it in its own direction; it is simplified in one direction fixed by its
// end vertices' ids, so both cells keep the same vertices and stay
// edge-to-edge. A ring that is one chain (a cell surrounded by another) is
// kept as it is.
// `across` receives, for each vertex kept, the owner across the edge from it.
std::vector<double> simplify_chains(const std::vector<RingVertex>& ring, double tolerance, const VertexGrid& grid,
                                    std::vector<std::int32_t>& across) {
  const std::size_t n = ring.size();
  std::vector<double> out;
  out.reserve(2 * n);
  across.clear();
  std::size_t start = n;
  for (std::size_t i = 0; i < n; ++i)
    if (ring[i].junction || ring[(i + n - 1) % n].across != ring[i].across) {
      start = i;
      break;
    }
  if (start == n || !(tolerance > 0)) {
    for (const auto& v : ring) {
      out.insert(out.end(), {v.x, v.y});
      across.push_back(v.across);
    }
    return out;
  }
  std::vector<const RingVertex*> chain;
  std::vector<char> keep;
  std::size_t i = start;
  do {
    // One chain: from junction i to the next junction j (inclusive).
    chain.clear();
    chain.push_back(&ring[i]);
    std::size_t j = (i + 1) % n;
    while (true) {
      chain.push_back(&ring[j]);
      if (ring[j].junction || ring[(j + n - 1) % n].across != ring[j].across) break;
      j = (j + 1) % n;
    }
    const bool reversed = chain.front()->id > chain.back()->id;
    if (reversed) std::reverse(chain.begin(), chain.end());
    douglas_peucker(chain, tolerance, grid, keep);
    if (reversed) {
      std::reverse(chain.begin(), chain.end());
      std::reverse(keep.begin(), keep.end());
    }
    for (std::size_t k = 0; k + 1 < chain.size(); ++k)  // the end is the next chain's start
      if (keep[k]) {
        out.insert(out.end(), {chain[k]->x, chain[k]->y});
        across.push_back(ring[i].across);  // one owner along a chain
      }
    i = j;
  } while (i != start);
  return out;
}

// `ring` (x, y interleaved, not closed) without its nearly collinear vertices.
// `across` (the owner across the edge from each vertex) follows; `mixed` is
// set when a vertex dropped joins edges of two owners (a T-junction).
std::vector<double> drop_collinear(const std::vector<double>& ring, double tolerance, std::vector<std::int32_t>& across,
                                   bool& mixed) {
  const std::size_t n = ring.size() / 2;
  if (n < 4) return ring;
  std::vector<std::int32_t> tags;
  tags.reserve(n);
  auto off_line = [&](const double* a, const double* b, const double* c) {
    // distance of b from the line a-c
    const double dx = c[0] - a[0], dy = c[1] - a[1];
    const double len = std::hypot(dx, dy);
    if (!(len > 0)) return 0.0;
    return std::abs(dx * (b[1] - a[1]) - dy * (b[0] - a[0])) / len;
  };
  std::vector<double> out;
  out.reserve(ring.size());
  for (std::size_t i = 0; i < n; ++i) {
    const double* v = &ring[2 * i];
    while (out.size() >= 4 && off_line(&out[out.size() - 4], &out[out.size() - 2], v) < tolerance) {
      out.resize(out.size() - 2);
      if (tags.back() != tags[tags.size() - 2]) mixed = true;
      tags.pop_back();
    }
    out.push_back(v[0]);
    out.push_back(v[1]);
    tags.push_back(across[i]);
  }
  // Around the start: the last and the first vertices.
  for (bool changed = true; changed && out.size() >= 8;) {
    changed = false;
    const std::size_t m = out.size();
    if (off_line(&out[m - 4], &out[m - 2], &out[0]) < tolerance) {
      out.resize(m - 2);
      if (tags.back() != tags[tags.size() - 2]) mixed = true;
      tags.pop_back();
      changed = true;
    } else if (off_line(&out[m - 2], &out[0], &out[2]) < tolerance) {
      out.erase(out.begin(), out.begin() + 2);
      if (tags.front() != tags.back()) mixed = true;
      tags.erase(tags.begin());
      changed = true;
    }
  }
  across = std::move(tags);
  return out;
}

class Tessellator {
 public:
  Tessellator(const io::Geometries& buildings, const TessellationOptions& options)
      : b_(buildings), opt_(options) {}

  // How many points samples(u) gives (before duplicates go).
  [[nodiscard]] double points_of(std::size_t u) const {
    double count = 0;
    for (std::size_t r = b_.polygon_offsets[b_.unit_offsets[u]]; r < b_.polygon_offsets[b_.unit_offsets[u + 1]]; ++r) {
      const std::size_t a = b_.ring_offsets[r], e = b_.ring_offsets[r + 1];
      if (e - a == 1) count += 1;
      for (std::size_t i = a; i + 1 < e; ++i) {
        const double len = std::hypot(b_.xy[2 * i + 2] - b_.xy[2 * i], b_.xy[2 * i + 3] - b_.xy[2 * i + 1]);
        if (len > 0) count += std::max(1.0, std::ceil(len / opt_.sample_spacing));
      }
    }
    return count;
  }

  // Throws when a diagram would have more than max_points points.
  void check_points(double count, const char* what) const {
    if (opt_.max_points > 0 && count > static_cast<double>(opt_.max_points))
      throw InputError("tessellation: " + std::to_string(static_cast<unsigned long long>(std::min(count, 1e18))) + " points " + what +
                       ", more than the limit of " + std::to_string(opt_.max_points) +
                       " (footprints far too large for the sample spacing?)");
  }

  // Samples of building u, in world coordinates, appended to xy.
  void samples(std::size_t u, std::vector<double>& xy) const {
    const double step = opt_.sample_spacing;
    for (std::size_t p = b_.unit_offsets[u]; p < b_.unit_offsets[u + 1]; ++p)
      for (std::size_t r = b_.polygon_offsets[p]; r < b_.polygon_offsets[p + 1]; ++r) {
        const std::size_t a = b_.ring_offsets[r], e = b_.ring_offsets[r + 1];
        if (e - a == 1) {
          xy.push_back(b_.xy[2 * a]);
          xy.push_back(b_.xy[2 * a + 1]);
          continue;
        }
        // Points move a little into the building (kInset along the edge's
        // inward normal), so that two buildings sharing a wall keep their
        // own points on either side of it and their cells meet along it
        // (as momepy shrinks footprints before sampling). The interior is on
        // the left of a counter-clockwise shell, on the right of a
        // counter-clockwise hole.
        double area2 = 0;
        for (std::size_t i = a; i + 1 < e; ++i)
          area2 += b_.xy[2 * i] * b_.xy[2 * i + 3] - b_.xy[2 * i + 2] * b_.xy[2 * i + 1];
        const bool shell = r == b_.polygon_offsets[p];
        const double side = ((area2 > 0) == shell) ? 1.0 : -1.0;  // +1: interior on the left
        for (std::size_t i = a; i + 1 < e; ++i) {
          const double x0 = b_.xy[2 * i], y0 = b_.xy[2 * i + 1], x1 = b_.xy[2 * i + 2], y1 = b_.xy[2 * i + 3];
          const double len = std::hypot(x1 - x0, y1 - y0);
          if (!(len > 0)) continue;
          const double inset = std::min(kInset, len / 4);
          const double nx = -side * (y1 - y0) / len * inset, ny = side * (x1 - x0) / len * inset;
          const auto k = static_cast<std::size_t>(std::max(1.0, std::ceil(len / step)));
          for (std::size_t j = 0; j < k; ++j) {
            // The first point stays off the corner too (a quarter step along).
            const double t = (static_cast<double>(j) + (j == 0 ? 0.25 * std::min(1.0, inset / len * 4) : 0.0)) /
                             static_cast<double>(k);
            xy.push_back(x0 + t * (x1 - x0) + nx);
            xy.push_back(y0 + t * (y1 - y0) + ny);
          }
        }
      }
  }

  // Unites the Voronoi faces of each building of the group; for each
  // building, the rings (world coordinates) and whether some vertex lies
  // farther than max_distance from its site.
  struct Raw {
    std::vector<std::vector<double>> rings;
    std::vector<std::vector<std::int32_t>> across;  // per ring vertex: the owner across its edge (-1: none)
    bool mixed = false;                             // an edge of the rings runs along two owners
    std::vector<const void*> vertices;  // the Voronoi vertices of the rings
    bool far = false;
    // Voronoi edges never cross, so the rings form a valid polygon unless
    // one vertex is on two of them or twice on one (faces meeting at a point).
    [[nodiscard]] bool simple() {
      std::sort(vertices.begin(), vertices.end());
      return std::adjacent_find(vertices.begin(), vertices.end()) == vertices.end();
    }
  };
  std::vector<Raw> faces(const std::vector<std::int32_t>& members, std::size_t& sample_count) const {
    // The buffers, the builder and the diagram are kept from group to group.
    std::vector<double>& xy = xy_;
    std::vector<Sample>& pts = pts_;
    xy.clear();
    pts.clear();
    double x0 = std::numeric_limits<double>::infinity(), y0 = x0, x1 = -x0, y1 = -x0;
    std::vector<std::pair<std::size_t, std::int32_t>> spans;
    if (opt_.max_points > 0) {
      double count = 0;
      for (std::int32_t m : members) count += points_of(static_cast<std::size_t>(m));
      check_points(count, "would be sampled on the outlines of one enclosure");
    }
    for (std::int32_t m : members) {
      const std::size_t before = xy.size();
      samples(static_cast<std::size_t>(m), xy);
      spans.emplace_back(before, m);
    }
    for (std::size_t i = 0; i < xy.size(); i += 2) {
      x0 = std::min(x0, xy[i]);
      x1 = std::max(x1, xy[i]);
      y0 = std::min(y0, xy[i + 1]);
      y1 = std::max(y1, xy[i + 1]);
    }
    const double margin = 1.5 * opt_.max_distance + 10.0;
    x0 -= margin;
    y0 -= margin;
    x1 += margin;
    y1 += margin;
    const double extent = std::max(x1 - x0, y1 - y0);
    const double scale = std::min(100.0, 1.0e9 / extent);  // centimetres while they fit
    origin_x_ = x0;
    origin_y_ = y0;
    scale_ = scale;
    auto q = [&](double v, double o) { return static_cast<std::int32_t>(std::llround((v - o) * scale)); };
    pts.reserve(xy.size() / 2 + 64);
    for (std::size_t s = 0; s < spans.size(); ++s) {
      const std::size_t end = s + 1 < spans.size() ? spans[s + 1].first : xy.size();
      for (std::size_t i = spans[s].first; i < end; i += 2)
        pts.push_back(Sample{q(xy[i], x0), q(xy[i + 1], y0), spans[s].second});
    }
    // A frame of points around everything bounds every building's face.
    const auto W = q(x1, x0), H = q(y1, y0);
    const auto frame_step = static_cast<std::int32_t>(std::max(1.0, opt_.max_distance * scale));
    check_points(static_cast<double>(pts.size()) + 2.0 * (static_cast<double>(W) + static_cast<double>(H)) / frame_step,
                 "would be sampled on the outlines of one enclosure and the frame around them");
    for (std::int32_t t = 0; t < W; t += frame_step) {
      pts.push_back(Sample{t, 0, -1});
      pts.push_back(Sample{t, H, -1});
    }
    for (std::int32_t t = 0; t < H; t += frame_step) {
      pts.push_back(Sample{0, t, -1});
      pts.push_back(Sample{W, t, -1});
    }
    pts.push_back(Sample{W, H, -1});
    std::sort(pts.begin(), pts.end());
    pts.erase(std::unique(pts.begin(), pts.end(),
                          [](const Sample& a, const Sample& b) { return a.x == b.x && a.y == b.y; }),
              pts.end());
    for (const auto& p : pts) sample_count += p.owner >= 0 ? 1 : 0;

    if (!vd_) vd_ = std::make_unique<VD>();
    if (!builder_) builder_ = std::make_unique<boost::polygon::default_voronoi_builder>();
    VD& vd = *vd_;
    vd.clear();
    builder_->clear();
    for (const auto& p : pts) builder_->insert_point(p.x, p.y);
    builder_->construct(&vd);
    auto owner = [&](const VD::cell_type* c) { return pts[c->source_index()].owner; };

    std::vector<Raw> out(members.size());
    // building -> slot in members (one array for all groups: linear overall)
    auto& slot = slot_;
    if (slot.size() < b_.num_units()) slot.assign(b_.num_units(), -1);
    for (std::size_t i = 0; i < members.size(); ++i) slot[static_cast<std::size_t>(members[i])] = static_cast<std::int32_t>(i);

    const double dmax = opt_.max_distance * scale;
    if (opt_.simplify > 0) {
      std::vector<double> vxy;
      vxy.reserve(2 * vd.vertices().size());
      for (const auto& v : vd.vertices()) vxy.insert(vxy.end(), {v.x() / scale + x0, v.y() / scale + y0});
      grid_.build(std::move(vxy), std::max({4.0 * opt_.simplify, opt_.sample_spacing, extent / 65536.0}), x0, y0);
    }
    // Boundaries between owners meeting at each vertex: 2 inside a chain,
    // more at a junction. Every cell sees the same junctions, so the chains
    // two cells share end at the same vertices (simplify_chains).
    std::vector<std::uint8_t> boundaries(vd.vertices().size(), 0);
    for (const auto& e : vd.edges())
      if (e.vertex0() && owner(e.cell()) != owner(e.twin()->cell())) {
        auto& k = boundaries[static_cast<std::size_t>(e.vertex0() - vd.vertices().data())];
        if (k < 255) ++k;
      }
    std::vector<char>& seen = seen_;
    seen.assign(vd.edges().size(), 0);
    auto edge_index = [&](const VD::edge_type* e) { return static_cast<std::size_t>(e - vd.edges().data()); };
    std::size_t visited = 0;
    for (const auto& cell : vd.cells()) {
      if (++visited % 4096 == 0 && keep_going && !keep_going()) throw Interrupted();
      const std::int32_t b = owner(&cell);
      if (b < 0 || cell.is_degenerate()) continue;
      const VD::edge_type* e0 = cell.incident_edge();
      const VD::edge_type* e = e0;
      do {
        if (!seen[edge_index(e)] && owner(e->twin()->cell()) != b) {
          Raw& raw = out[static_cast<std::size_t>(slot[static_cast<std::size_t>(b)])];
          ring_.clear();
          const VD::edge_type* cur = e;
          std::size_t guard = 0;
          do {
            seen[edge_index(cur)] = 1;
            const auto* v = cur->vertex0();
            if (!v) throw Error("tessellation: an unbounded Voronoi face (internal error)");
            const auto& site = pts[cur->cell()->source_index()];
            if (std::hypot(v->x() - site.x, v->y() - site.y) > dmax) raw.far = true;
            raw.vertices.push_back(v);
            const auto vi = static_cast<std::size_t>(v - vd.vertices().data());
            ring_.push_back(RingVertex{v->x() / scale + x0, v->y() / scale + y0, vi, owner(cur->twin()->cell()),
                                       boundaries[vi] != 2});
            const VD::edge_type* n = cur->next();
            while (owner(n->twin()->cell()) == b) n = n->twin()->next();
            cur = n;
            if (++guard > vd.edges().size()) throw Error("tessellation: a face boundary does not close (internal error)");
          } while (cur != e);
          std::vector<std::int32_t> across;
          auto simple = simplify_chains(ring_, opt_.simplify, grid_, across);
          raw.rings.push_back(drop_collinear(simple, kStraight, across, raw.mixed));  // world coordinates
          raw.across.push_back(std::move(across));
        }
        e = e->next();
      } while (e != e0);
    }
    // The diagram of a large enclosure is not kept for the next one.
    if (pts.size() > (std::size_t{1} << 16)) {
      vd_.reset();
      builder_.reset();
      std::vector<Sample>().swap(pts_);
      std::vector<double>().swap(xy_);
      std::vector<char>().swap(seen_);
    }
    return out;
  }

  /// Asked now and then inside faces(); false stops it (Interrupted).
  std::function<bool()> keep_going;

 private:
  const io::Geometries& b_;
  TessellationOptions opt_;
  mutable double origin_x_ = 0, origin_y_ = 0, scale_ = 1;
  mutable std::vector<std::int32_t> slot_;
  mutable std::vector<RingVertex> ring_;
  mutable VertexGrid grid_;
  using VD = boost::polygon::voronoi_diagram<double>;
  mutable std::vector<double> xy_;
  mutable std::vector<Sample> pts_;
  mutable std::vector<char> seen_;
  mutable std::unique_ptr<boost::polygon::default_voronoi_builder> builder_;
  mutable std::unique_ptr<VD> vd_;
};

// A GEOS polygon from the rings of a united face: counter-clockwise rings
// are shells, clockwise ones holes of the shell holding them.
Geom rings_to_polygon(const Geos& g, std::vector<std::vector<double>>& rings) {
  std::vector<std::size_t> shells, holes;
  for (std::size_t i = 0; i < rings.size(); ++i) {
    auto& r = rings[i];
    if (r.size() < 6) continue;
    (detail::ring_area(r) > 0 ? shells : holes).push_back(i);
    r.push_back(r[0]);
    r.push_back(r[1]);
  }
  std::vector<std::vector<GEOSGeometry*>> hole_of(shells.size());
  for (std::size_t h : holes) {
    const auto& r = rings[h];
    std::size_t best = 0;
    for (std::size_t s = 0; s < shells.size(); ++s)
      if (point_in_ring(rings[shells[s]], r[0], r[1])) {
        best = s;
        break;
      }
    if (shells.empty()) break;
    hole_of[best].push_back(detail::make_ring(g, r.data(), r.size() / 2));
  }
  std::vector<GEOSGeometry*> polys;
  for (std::size_t s = 0; s < shells.size(); ++s) {
    const auto& r = rings[shells[s]];
    polys.push_back(GEOSGeom_createPolygon_r(g.get(), detail::make_ring(g, r.data(), r.size() / 2), hole_of[s].data(),
                                             static_cast<unsigned>(hole_of[s].size())));
  }
  if (polys.size() == 1) return own(g, polys[0]);
  return own(g, GEOSGeom_createCollection_r(g.get(), GEOS_MULTIPOLYGON, polys.data(), static_cast<unsigned>(polys.size())));
}

// A cell cut by its enclosure or its reach can fall into pieces; those apart
// from the building (slivers around a bend of the enclosure) are dropped, so
// that a cell is one piece around its building (or several, for a building
// of several parts). Without any piece touching the building, the largest.
Geom keep_parts_at(const Geos& g, Geom cell, const GEOSGeometry* building) {
  const int n = GEOSGetNumGeometries_r(g.get(), cell.get());
  if (n <= 1) return cell;
  std::vector<GEOSGeometry*> keep;
  int largest = 0;
  double largest_area = -1;
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* part = GEOSGetGeometryN_r(g.get(), cell.get(), i);
    if (GEOSGeomTypeId_r(g.get(), part) != GEOS_POLYGON) continue;
    double a = 0;
    GEOSArea_r(g.get(), part, &a);
    if (a > largest_area) {
      largest_area = a;
      largest = i;
    }
    if (GEOSIntersects_r(g.get(), part, building) == 1) keep.push_back(GEOSGeom_clone_r(g.get(), part));
  }
  if (keep.empty()) keep.push_back(GEOSGeom_clone_r(g.get(), GEOSGetGeometryN_r(g.get(), cell.get(), largest)));
  if (keep.size() == 1) return own(g, keep[0]);
  return own(g, GEOSGeom_createCollection_r(g.get(), GEOS_MULTIPOLYGON, keep.data(), static_cast<unsigned>(keep.size())));
}

// The ring holding the one shell (counter-clockwise ring) of a united face
// whose rings all have three points or more; rings.size() otherwise.
std::size_t single_shell(const std::vector<std::vector<double>>& rings) {
  std::size_t shell = rings.size();
  for (std::size_t r = 0; r < rings.size(); ++r) {
    if (rings[r].size() < 6) return rings.size();
    if (detail::ring_area(rings[r]) > 0) {
      if (shell < rings.size()) return rings.size();
      shell = r;
    }
  }
  return shell;
}

// Appends one polygon (rings not closed: the shell rings[shell], the others
// holes) as a unit, as rings_to_polygon and append_polygons would.
void append_rings(const std::vector<std::vector<double>>& rings, std::size_t shell, io::Geometries& out) {
  auto ring = [&](const std::vector<double>& r) {
    out.xy.insert(out.xy.end(), r.begin(), r.end());
    out.xy.push_back(r[0]);
    out.xy.push_back(r[1]);
    out.ring_offsets.push_back(out.xy.size() / 2);
  };
  ring(rings[shell]);
  for (std::size_t r = 0; r < rings.size(); ++r)
    if (r != shell) ring(rings[r]);
  out.polygon_offsets.push_back(out.ring_offsets.size() - 1);
  out.unit_offsets.push_back(out.polygon_offsets.size() - 1);
}

// The edges of building u to the buildings of higher index across its
// cell's edges (tags: the owner across each ring edge, -1 for none), each
// piece longer than the tolerance counted, as rook contiguity counts them.
void tagged_edges(std::int32_t u, const std::vector<std::vector<double>>& rings,
                  const std::vector<std::vector<std::int32_t>>& tags, double tolerance, std::vector<Edge>& out) {
  for (std::size_t r = 0; r < rings.size(); ++r) {
    const auto& xy = rings[r];
    const std::size_t n = xy.size() / 2;
    for (std::size_t k = 0; k < n; ++k) {
      const std::int32_t v = tags[r][k];
      if (v <= u) continue;
      const std::size_t k1 = k + 1 < n ? k + 1 : 0;
      const double len = std::hypot(xy[2 * k1] - xy[2 * k], xy[2 * k1 + 1] - xy[2 * k + 1]);
      if (len > tolerance) out.push_back(Edge{u, v, len});
    }
  }
}

// The rings of a polygon (an enclosure), not closed, the shell first.
detail::ClipRegion region_of(const Geos& g, const GEOSGeometry* polygon) {
  if (GEOSGeomTypeId_r(g.get(), polygon) != GEOS_POLYGON) return {};
  std::vector<std::vector<double>> rings;
  auto add = [&](const GEOSGeometry* ring) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(g.get(), ring);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(g.get(), seq, &n);
    std::vector<double> xy(2 * std::size_t{n});
    GEOSCoordSeq_copyToBuffer_r(g.get(), seq, xy.data(), 0, 0);
    rings.push_back(std::move(xy));
  };
  add(GEOSGetExteriorRing_r(g.get(), polygon));
  const int holes = GEOSGetNumInteriorRings_r(g.get(), polygon);
  for (int i = 0; i < holes; ++i) add(GEOSGetInteriorRingN_r(g.get(), polygon, i));
  for (const auto& r : rings)
    if (r.size() < 8) return {};  // a ring of fewer than three distinct points
  return detail::ClipRegion(std::move(rings));
}

Geom checked(const Geos& g, GEOSGeometry* p, const char* what) {
  if (!p) throw Error(std::string("tessellation: GEOS failed in ") + what + ": " + g.last_error());
  return own(g, p);
}

}  // namespace

Tessellation tessellate(const io::Geometries& buildings, const Lines& barriers, const TessellationOptions& options) {
  return detail::tessellate(buildings, barriers, options, nullptr);
}

namespace detail {

Tessellation tessellate(const io::Geometries& buildings, const Lines& barriers, const TessellationOptions& options,
                        CellSink* sink) {
  if (!(options.max_distance > 0) || !(options.sample_spacing > 0) || !(options.simplify >= 0))
    throw InputError("tessellation: max distance and sample spacing must be positive, simplify not negative");
  Geos g;
  const std::size_t n = buildings.num_units();
  Tessellation out;
  out.enclosure.assign(n, 0);
  std::vector<Geom> geoms;
  geoms.reserve(n);
  double x0 = std::numeric_limits<double>::infinity(), y0 = x0, x1 = -x0, y1 = -x0;
  for (std::size_t u = 0; u < n; ++u) {
    if (buildings.unit_offsets[u] == buildings.unit_offsets[u + 1])
      throw InputError("buildings", u + 1, "the footprint is empty");
    for (std::size_t p = 2 * buildings.ring_offsets[buildings.polygon_offsets[buildings.unit_offsets[u]]];
         p < 2 * buildings.ring_offsets[buildings.polygon_offsets[buildings.unit_offsets[u + 1]]]; ++p)
      if (!std::isfinite(buildings.xy[p])) throw InputError("buildings", u + 1, "a coordinate of the footprint is not finite");
    geoms.push_back(detail::unit_geometry(g, buildings, u));
    for (std::size_t p = buildings.ring_offsets[buildings.polygon_offsets[buildings.unit_offsets[u]]];
         p < buildings.ring_offsets[buildings.polygon_offsets[buildings.unit_offsets[u + 1]]]; ++p) {
      x0 = std::min(x0, buildings.xy[2 * p]);
      x1 = std::max(x1, buildings.xy[2 * p]);
      y0 = std::min(y0, buildings.xy[2 * p + 1]);
      y1 = std::max(y1, buildings.xy[2 * p + 1]);
    }
  }
  if (n == 0) return out;
  if (!std::isfinite(x1 - x0) || !std::isfinite(y1 - y0))
    throw InputError("buildings: the footprints spread farther than coordinates can measure");
  for (const double v : barriers.xy)
    if (!std::isfinite(v)) throw InputError("barriers: a coordinate is not finite");

  // Enclosures: the barriers, noded, with a frame around everything, polygonized.
  std::vector<Geom> enclosures;
  std::vector<Prepared> prepared;
  if (barriers.size() > 0) {
    const double m = options.max_distance + 10.0;
    std::vector<GEOSGeometry*> lines;
    for (std::size_t l = 0; l < barriers.size(); ++l) {
      const std::size_t a = barriers.line_offsets[l], e = barriers.line_offsets[l + 1];
      if (e - a < 2) continue;
      auto* seq = GEOSCoordSeq_copyFromBuffer_r(g.get(), &barriers.xy[2 * a], static_cast<unsigned>(e - a), 0, 0);
      lines.push_back(GEOSGeom_createLineString_r(g.get(), seq));
    }
    const double frame[] = {x0 - m, y0 - m, x1 + m, y0 - m, x1 + m, y1 + m, x0 - m, y1 + m, x0 - m, y0 - m};
    lines.push_back(GEOSGeom_createLineString_r(g.get(), GEOSCoordSeq_copyFromBuffer_r(g.get(), frame, 5, 0, 0)));
    Geom all = own(g, GEOSGeom_createCollection_r(g.get(), GEOS_MULTILINESTRING, lines.data(),
                                                  static_cast<unsigned>(lines.size())));
    Geom noded = checked(g, GEOSUnaryUnion_r(g.get(), all.get()), "noding the barriers");
    const GEOSGeometry* parts[] = {noded.get()};
    Geom polys = checked(g, GEOSPolygonize_r(g.get(), parts, 1), "polygonizing the barriers");
    const int k = GEOSGetNumGeometries_r(g.get(), polys.get());
    for (int i = 0; i < k; ++i) {
      enclosures.push_back(own(g, GEOSGeom_clone_r(g.get(), GEOSGetGeometryN_r(g.get(), polys.get(), i))));
      prepared.emplace_back(GEOSPrepare_r(g.get(), enclosures.back().get()), detail::PreparedDeleter{g.get()});
    }
    out.enclosures = enclosures.size();
    // Each building to the enclosure holding a point of its footprint.
    GEOSSTRtree* tree = GEOSSTRtree_create_r(g.get(), 10);
    for (std::size_t i = 0; i < enclosures.size(); ++i)
      GEOSSTRtree_insert_r(g.get(), tree, enclosures[i].get(), reinterpret_cast<void*>(i));
    struct Query {
      std::vector<std::size_t> hits;
    } query;
    for (std::size_t u = 0; u < n; ++u) {
      Geom pt = checked(g, GEOSPointOnSurface_r(g.get(), geoms[u].get()), "a point on a footprint");
      query.hits.clear();
      GEOSSTRtree_query_r(
          g.get(), tree, pt.get(),
          [](void* item, void* user) { static_cast<Query*>(user)->hits.push_back(reinterpret_cast<std::size_t>(item)); },
          &query);
      std::sort(query.hits.begin(), query.hits.end());
      std::int32_t found = -1;
      for (std::size_t h : query.hits)
        if (GEOSPreparedContains_r(g.get(), prepared[h].get(), pt.get()) == 1) {
          found = static_cast<std::int32_t>(h);
          break;
        }
      if (found < 0)
        for (std::size_t h : query.hits)
          if (GEOSPreparedIntersects_r(g.get(), prepared[h].get(), pt.get()) == 1) {
            found = static_cast<std::int32_t>(h);
            break;
          }
      if (found < 0) throw Error("tessellation: a building lies in no enclosure (internal error)");
      out.enclosure[u] = found;
      if (GEOSPreparedCovers_r(g.get(), prepared[static_cast<std::size_t>(found)].get(), geoms[u].get()) != 1)
        ++out.crossed_by_barrier;
    }
    GEOSSTRtree_destroy_r(g.get(), tree);
  } else {
    out.enclosures = 1;
  }

  std::vector<std::vector<std::int32_t>> groups(std::max<std::size_t>(out.enclosures, 1));
  for (std::size_t u = 0; u < n; ++u) groups[static_cast<std::size_t>(out.enclosure[u])].push_back(static_cast<std::int32_t>(u));

  // Enclosures are independent: threads take them in turn, in the order of
  // their first building. Each cell is flattened as soon as it is made (GEOS
  // objects for every cell at once would take several times the memory),
  // into its enclosure's Geometries; they are put in the order of the
  // buildings by this thread (as their enclosures are done, when cells go to
  // a sink; else at the end), the same for any number of threads.
  std::vector<std::size_t> order(groups.size());
  for (std::size_t e = 0; e < groups.size(); ++e) order[e] = e;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto first = [&](std::size_t e) { return groups[e].empty() ? static_cast<std::int32_t>(n) : groups[e][0]; };
    return first(a) != first(b) ? first(a) < first(b) : a < b;
  });
  std::vector<char> done(groups.size(), 0);
  std::mutex done_mutex;
  std::condition_variable done_cv;
  std::vector<io::Geometries> per_group(groups.size());
  std::vector<std::vector<Edge>> edges_of(groups.size());
  std::vector<std::size_t> samples_of(groups.size(), 0);
  // Rook contiguity of the cells, within enclosures only: each enclosure's
  // cells by themselves, in the thread that made them.
  const double tolerance = 1e-6 * std::max({x1 - x0, y1 - y0, 1.0});
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  // Cancellation: the calling thread asks options.progress now and then
  // (every 256 of its cells, and while it waits for the other threads); a
  // false answer stops every thread at its next cell.
  const auto caller = std::this_thread::get_id();
  std::atomic<std::size_t> cells_done{0};
  std::atomic<bool> cancelled{false};
  auto poll = [&] {
    if (options.progress && !cancelled &&
        !options.progress(static_cast<double>(cells_done.load()) / static_cast<double>(std::max<std::size_t>(n, 1)), "cells"))
      cancelled = failed = true;
  };
  auto work = [&] {
    try {
      Geos wg;  // a context of this thread's own
      Tessellator tess(buildings, options);
      tess.keep_going = [&] {
        if (std::this_thread::get_id() == caller) poll();
        return !failed.load();
      };
      detail::Clipper clipper;
      std::vector<std::vector<double>> clipped;
      std::vector<std::vector<std::int32_t>> clipped_tags;
      for (std::size_t k; !failed && (k = next.fetch_add(1)) < groups.size();) {
        const std::size_t e = order[k];
        const auto& members = groups[e];
        if (members.empty()) continue;
        const GEOSGeometry* enclosure = enclosures.empty() ? nullptr : enclosures[e].get();
        const GEOSPreparedGeometry* prep = prepared.empty() ? nullptr : prepared[e].get();
        auto faces = tess.faces(members, samples_of[e]);
        const detail::ClipRegion region = enclosure ? region_of(wg, enclosure) : detail::ClipRegion();
        // Edges from the owners across the cells' edges, while every cell
        // of the enclosure is made here (else from the cells' geometry).
        bool tagged = true;
        std::vector<Edge> local;
        for (std::size_t i = 0; i < members.size() && !failed; ++i) {
          if (++cells_done % 256 == 0 && std::this_thread::get_id() == caller) poll();
          const auto u = static_cast<std::size_t>(members[i]);
          Geom cell;
          bool far = faces[i].far;
          const bool check = !faces[i].simple();  // GEOS's overlays give valid output
          if (faces[i].mixed) tagged = false;
          // Most cells are one polygon, within reach, inside their enclosure
          // or crossing its boundary cleanly: cut here; the others by GEOS.
          if (!far && !check && !faces[i].rings.empty()) {
            const std::size_t shell = single_shell(faces[i].rings);
            if (shell < faces[i].rings.size()) {
              const auto result = enclosure ? clipper.clip(faces[i].rings, faces[i].across, region, clipped, clipped_tags)
                                            : detail::Clipper::Result::inside;
              if (result == detail::Clipper::Result::inside) {
                append_rings(faces[i].rings, shell, per_group[e]);
                if (tagged) tagged_edges(members[i], faces[i].rings, faces[i].across, tolerance, local);
                continue;
              }
              if (result == detail::Clipper::Result::clipped) {
                append_rings(clipped, 0, per_group[e]);
                if (tagged) tagged_edges(members[i], clipped, clipped_tags, tolerance, local);
                continue;
              }
            }
          }
          tagged = false;
          if (faces[i].rings.empty())
            // Every sample of the building coincides with another building's
            // (at the diagram's resolution): it would have no land of its own,
            // or a cell overlapping the other's.
            throw InputError("buildings", u + 1,
                             "every point sampled on the footprint is also on another building's (the same footprint "
                             "twice, or one within a centimetre of another?)");
          cell = rings_to_polygon(wg, faces[i].rings);
          if (check && GEOSisValid_r(wg.get(), cell.get()) != 1)
            cell = checked(wg, GEOSMakeValid_r(wg.get(), cell.get()), "repairing a cell");
          if (far) {
            Geom reach = checked(wg, GEOSBuffer_r(wg.get(), geoms[u].get(), options.max_distance, 8), "a buffer");
            cell = checked(wg, GEOSIntersection_r(wg.get(), cell.get(), reach.get()), "limiting a cell");
          }
          if (prep && GEOSPreparedCovers_r(wg.get(), prep, cell.get()) != 1)
            cell = checked(wg, GEOSIntersection_r(wg.get(), cell.get(), enclosure), "cutting a cell by its enclosure");
          cell = keep_parts_at(wg, std::move(cell), geoms[u].get());
          detail::append_polygons(wg, cell.get(), per_group[e]);
        }
        auto& edges = edges_of[e];
        if (tagged) {
          std::sort(local.begin(), local.end(),
                    [](const Edge& l, const Edge& r) { return l.u != r.u ? l.u < r.u : l.v < r.v; });
          for (const auto& edge : local) {
            if (!edges.empty() && edges.back().u == edge.u && edges.back().v == edge.v)
              edges.back().shared_boundary += edge.shared_boundary;
            else
              edges.push_back(edge);
          }
        } else {
          edges = io::polygon_contiguity(per_group[e], io::Contiguity::rook, tolerance);
          for (auto& edge : edges) {  // members are increasing: u < v stays
            edge.u = members[static_cast<std::size_t>(edge.u)];
            edge.v = members[static_cast<std::size_t>(edge.v)];
          }
        }
        {
          const std::lock_guard<std::mutex> lock(done_mutex);
          done[e] = 1;
        }
        done_cv.notify_all();
      }
    } catch (...) {
      {
        const std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
      }
      {
        const std::lock_guard<std::mutex> lock(done_mutex);
        failed = true;
      }
      done_cv.notify_all();
    }
  };
  unsigned threads = options.threads > 0 ? static_cast<unsigned>(options.threads) : std::thread::hardware_concurrency();
  threads = std::clamp<unsigned>(threads, 1u, static_cast<unsigned>(std::max<std::size_t>(1, groups.size())));
  std::vector<std::size_t> index_in_group(n, 0);
  for (const auto& members : groups)
    for (std::size_t i = 0; i < members.size(); ++i) index_in_group[static_cast<std::size_t>(members[i])] = i;
  auto gather = [&](std::size_t u) {
    const io::Geometries& src = per_group[static_cast<std::size_t>(out.enclosure[u])];
    const std::size_t k = index_in_group[u];
    for (std::size_t p = src.unit_offsets[k]; p < src.unit_offsets[k + 1]; ++p) {
      for (std::size_t r = src.polygon_offsets[p]; r < src.polygon_offsets[p + 1]; ++r) {
        out.cells.xy.insert(out.cells.xy.end(), src.xy.begin() + 2 * src.ring_offsets[r],
                            src.xy.begin() + 2 * src.ring_offsets[r + 1]);
        out.cells.ring_offsets.push_back(out.cells.xy.size() / 2);
      }
      out.cells.polygon_offsets.push_back(out.cells.ring_offsets.size() - 1);
    }
    out.cells.unit_offsets.push_back(out.cells.polygon_offsets.size() - 1);
  };
  if (sink) {
    // This thread hands the cells out in order while `threads` others make them.
    sink->start(out.enclosure);
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
    try {
      for (std::size_t u = 0; u < n; ++u) {
        const auto e = static_cast<std::size_t>(out.enclosure[u]);
        for (bool ready = false; !ready;) {  // answering Ctrl-C (poll) every 20 ms while it waits
          {
            std::unique_lock<std::mutex> lock(done_mutex);
            ready = done_cv.wait_for(lock, std::chrono::milliseconds(20), [&] { return done[e] != 0 || failed; });
          }
          if (!ready) poll();
        }
        if (failed) break;
        gather(u);
        sink->cell(u, out.cells);
      }
    } catch (...) {
      {
        const std::lock_guard<std::mutex> lock(done_mutex);
        failed = true;
      }
      for (auto& t : pool) t.join();
      throw;
    }
    for (auto& t : pool) t.join();
  } else {
    std::vector<std::thread> pool;
    std::atomic<unsigned> running{threads - 1};
    for (unsigned t = 1; t < threads; ++t)
      pool.emplace_back([&] {
        work();
        --running;
      });
    work();
    while (running > 0 && options.progress && !cancelled) {  // keep answering Ctrl-C while the others finish
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      poll();
    }
    for (auto& t : pool) t.join();
  }
  if (cancelled) throw Interrupted();
  if (error) std::rethrow_exception(error);
  for (std::size_t c : samples_of) out.sample_points += c;
  if (!sink)
    for (std::size_t u = 0; u < n; ++u) gather(u);
  per_group.clear();
  per_group.shrink_to_fit();

  std::size_t total_edges = 0;
  for (const auto& edges : edges_of) total_edges += edges.size();
  out.edges.reserve(total_edges);
  for (auto& edges : edges_of) {
    out.edges.insert(out.edges.end(), edges.begin(), edges.end());
    std::vector<Edge>().swap(edges);
  }
  std::sort(out.edges.begin(), out.edges.end(),
            [](const Edge& l, const Edge& r) { return l.u != r.u ? l.u < r.u : l.v < r.v; });
  return out;
}

}  // namespace detail
}  // namespace gridgov::geo
