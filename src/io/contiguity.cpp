// Contiguity of polygons from shared boundaries, in O(V log V).
//
// Rook: every boundary segment is keyed by its supporting line (direction
// angle in [0, pi) and signed offset from the data centre), quantised into
// cells. Each segment is entered in the two nearest cells of each key, so
// two segments whose keys differ by less than half a cell always meet in at
// least one cell. Inside a cell, segments are sorted along the line and
// swept; overlapping segments of different units are verified exactly
// (perpendicular distance <= tolerance at both ends of the overlap, overlap
// longer than the tolerance), then de-duplicated per segment pair and
// summed per unit pair. Identical shared edges and partial (T-junction)
// overlaps are found alike.
//
// Queen: vertices are entered in the four nearest cells of a grid of twice
// the tolerance; vertices of different units within the tolerance make an
// edge (length 0 unless rook also found a shared length).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>

#include "gridgov/io/geojson.hpp"

namespace gridgov::io {
namespace {

struct Seg {
  double px, py, qx, qy;  // relative to the centre
  UnitIndex unit;
};

struct Entry {
  std::int64_t ka, kr;
  double t0, t1;
  std::uint32_t seg;
  bool flipped;
};

struct SegPair {
  std::uint32_t a, b;
  double overlap;
};

// The cell of v and its nearest neighbour cell. Quotients past +-2^62 (a
// tolerance far below the coordinates' resolution, a non-finite value)
// are clamped, so the conversion and k +- 1 stay within int64.
inline std::array<std::int64_t, 2> cells(double v, double width) {
  constexpr double kLimit = 4611686018427387904.0;  // 2^62
  double s = v / width;
  if (!(s >= -kLimit)) s = -kLimit;  // NaN too
  if (s > kLimit) s = kLimit;
  const double f = std::floor(s);
  const auto k = static_cast<std::int64_t>(f);
  return {k, (s - f) < 0.5 ? k - 1 : k + 1};
}

void add_unit_pairs(std::vector<Edge>& out, std::vector<SegPair>& pairs, const std::vector<Seg>& segs) {
  std::sort(pairs.begin(), pairs.end(),
            [](const SegPair& l, const SegPair& r) { return l.a != r.a ? l.a < r.a : l.b < r.b; });
  pairs.erase(std::unique(pairs.begin(), pairs.end(),
                          [](const SegPair& l, const SegPair& r) { return l.a == r.a && l.b == r.b; }),
              pairs.end());
  out.reserve(out.size() + pairs.size());
  for (const auto& p : pairs) {
    UnitIndex u = segs[p.a].unit, v = segs[p.b].unit;
    if (u > v) std::swap(u, v);
    out.push_back(Edge{u, v, p.overlap});
  }
}

std::vector<Edge> rook_edges(const Geometries& g, double tol) {
  const std::size_t npts = g.xy.size() / 2;
  if (npts == 0) return {};
  // Centre and radius of the data.
  double minx = g.xy[0], maxx = g.xy[0], miny = g.xy[1], maxy = g.xy[1];
  for (std::size_t i = 0; i < npts; ++i) {
    minx = std::min(minx, g.xy[2 * i]);
    maxx = std::max(maxx, g.xy[2 * i]);
    miny = std::min(miny, g.xy[2 * i + 1]);
    maxy = std::max(maxy, g.xy[2 * i + 1]);
  }
  const double cx = 0.5 * (minx + maxx), cy = 0.5 * (miny + maxy);
  const double radius = 0.5 * std::hypot(maxx - minx, maxy - miny);

  std::vector<Seg> segs;
  segs.reserve(npts);
  const std::size_t nunits = g.num_units();
  for (std::size_t u = 0; u < nunits; ++u)
    for (std::size_t p = g.unit_offsets[u]; p < g.unit_offsets[u + 1]; ++p)
      for (std::size_t r = g.polygon_offsets[p]; r < g.polygon_offsets[p + 1]; ++r)
        for (std::size_t i = g.ring_offsets[r]; i + 1 < g.ring_offsets[r + 1]; ++i) {
          Seg s{g.xy[2 * i] - cx, g.xy[2 * i + 1] - cy, g.xy[2 * i + 2] - cx, g.xy[2 * i + 3] - cy,
                static_cast<UnitIndex>(u)};
          if (std::hypot(s.qx - s.px, s.qy - s.py) > tol) segs.push_back(s);
        }

  constexpr double kPi = std::numbers::pi;
  const double angle_cell = 1e-6;
  const double offset_cell = std::max(4.0 * tol, 4.0 * angle_cell * radius);

  std::vector<Entry> entries;
  entries.reserve(segs.size() * 4 + 16);
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const Seg& s = segs[i];
    const double len = std::hypot(s.qx - s.px, s.qy - s.py);
    double dx = (s.qx - s.px) / len, dy = (s.qy - s.py) / len;
    double a = std::atan2(dy, dx);
    if (a < 0) {
      a += kPi;
      dx = -dx;
      dy = -dy;
    } else if (a >= kPi) {
      a -= kPi;
      dx = -dx;
      dy = -dy;
    }
    auto add = [&](double angle, double ddx, double ddy, bool flipped) {
      const double rho = ddx * s.py - ddy * s.px;
      double t0 = ddx * s.px + ddy * s.py, t1 = ddx * s.qx + ddy * s.qy;
      if (t0 > t1) std::swap(t0, t1);
      for (auto ka : cells(angle, angle_cell))
        for (auto kr : cells(rho, offset_cell))
          entries.push_back(Entry{ka, kr, t0, t1, static_cast<std::uint32_t>(i), flipped});
    };
    add(a, dx, dy, false);
    if (a > kPi - angle_cell) add(a - kPi, -dx, -dy, true);
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& l, const Entry& r) {
    if (l.ka != r.ka) return l.ka < r.ka;
    if (l.kr != r.kr) return l.kr < r.kr;
    return l.t0 < r.t0;
  });

  std::vector<SegPair> pairs;
  std::vector<std::size_t> active;
  for (std::size_t b = 0; b < entries.size();) {
    std::size_t e = b;
    while (e < entries.size() && entries[e].ka == entries[b].ka && entries[e].kr == entries[b].kr) ++e;
    active.clear();
    for (std::size_t k = b; k < e; ++k) {
      const Entry& cur = entries[k];
      std::size_t w = 0;
      for (std::size_t j : active)
        if (entries[j].t1 > cur.t0 + tol) active[w++] = j;
      active.resize(w);
      const Seg& sc = segs[cur.seg];
      for (std::size_t j : active) {
        const Seg& sa = segs[entries[j].seg];
        if (sa.unit == sc.unit) continue;
        // Overlap along sa's line, with perpendicular distances.
        const double lx = sa.qx - sa.px, ly = sa.qy - sa.py;
        const double la = std::hypot(lx, ly);
        const double ux = lx / la, uy = ly / la;
        double s0 = ux * (sc.px - sa.px) + uy * (sc.py - sa.py);
        double s1 = ux * (sc.qx - sa.px) + uy * (sc.qy - sa.py);
        double h0 = ux * (sc.py - sa.py) - uy * (sc.px - sa.px);
        double h1 = ux * (sc.qy - sa.py) - uy * (sc.qx - sa.px);
        if (s0 > s1) {
          std::swap(s0, s1);
          std::swap(h0, h1);
        }
        const double lo = std::max(0.0, s0), hi = std::min(la, s1);
        if (hi - lo <= tol) continue;
        const double span = s1 - s0;
        auto h_at = [&](double s) { return span > 0 ? h0 + (h1 - h0) * (s - s0) / span : h0; };
        if (std::abs(h_at(lo)) > tol || std::abs(h_at(hi)) > tol) continue;
        auto x = entries[j].seg, y = cur.seg;
        if (x > y) std::swap(x, y);
        pairs.push_back(SegPair{x, y, hi - lo});
      }
      active.push_back(k);
    }
    b = e;
  }
  std::vector<Edge> out;
  add_unit_pairs(out, pairs, segs);
  return out;
}

std::vector<Edge> vertex_edges(const Geometries& g, double tol) {
  struct V {
    std::int64_t kx, ky;
    std::uint32_t point;
    UnitIndex unit;
  };
  std::vector<V> vs;
  vs.reserve(g.xy.size() * 2);
  const double cell = 2.0 * tol;
  const std::size_t nunits = g.num_units();
  for (std::size_t u = 0; u < nunits; ++u)
    for (std::size_t p = g.unit_offsets[u]; p < g.unit_offsets[u + 1]; ++p)
      for (std::size_t r = g.polygon_offsets[p]; r < g.polygon_offsets[p + 1]; ++r)
        for (std::size_t i = g.ring_offsets[r]; i + 1 < g.ring_offsets[r + 1]; ++i)  // skip closing point
          for (auto kx : cells(g.xy[2 * i], cell))
            for (auto ky : cells(g.xy[2 * i + 1], cell))
              vs.push_back(V{kx, ky, static_cast<std::uint32_t>(i), static_cast<UnitIndex>(u)});
  std::sort(vs.begin(), vs.end(), [](const V& l, const V& r) {
    if (l.kx != r.kx) return l.kx < r.kx;
    if (l.ky != r.ky) return l.ky < r.ky;
    return l.unit < r.unit;
  });
  std::vector<Edge> out;
  for (std::size_t b = 0; b < vs.size();) {
    std::size_t e = b;
    while (e < vs.size() && vs[e].kx == vs[b].kx && vs[e].ky == vs[b].ky) ++e;
    for (std::size_t i = b; i < e; ++i)
      for (std::size_t j = i + 1; j < e; ++j) {
        if (vs[i].unit == vs[j].unit) continue;
        const double dx = g.xy[2 * vs[i].point] - g.xy[2 * vs[j].point];
        const double dy = g.xy[2 * vs[i].point + 1] - g.xy[2 * vs[j].point + 1];
        if (dx * dx + dy * dy > tol * tol) continue;
        // Both vertices sit in up to four shared cells: report the pair
        // only from the smallest cell they share.
        const auto ix = cells(g.xy[2 * vs[i].point], cell), iy = cells(g.xy[2 * vs[i].point + 1], cell);
        const auto jx = cells(g.xy[2 * vs[j].point], cell), jy = cells(g.xy[2 * vs[j].point + 1], cell);
        std::int64_t bx = std::numeric_limits<std::int64_t>::max(), by = bx;
        for (auto cx : ix)
          for (auto cy : iy)
            if ((cx == jx[0] || cx == jx[1]) && (cy == jy[0] || cy == jy[1]) && (cx < bx || (cx == bx && cy < by))) {
              bx = cx;
              by = cy;
            }
        if (bx != vs[i].kx || by != vs[i].ky) continue;
        out.push_back(Edge{std::min(vs[i].unit, vs[j].unit), std::max(vs[i].unit, vs[j].unit), 0.0});
      }
    b = e;
  }
  return out;
}

}  // namespace

std::vector<Edge> polygon_contiguity(const Geometries& measured, Contiguity contiguity, double tolerance) {
  // A tolerance below the coordinates' resolution (1e-12 of their largest
  // magnitude, some 4500 ulps) matches nothing more than that resolution
  // does, and would put cell numbers past int64: raise it to that.
  double magnitude = 0.0;
  for (double c : measured.xy)
    if (std::isfinite(c)) magnitude = std::max(magnitude, std::abs(c));
  if (!(tolerance >= magnitude * 1e-12)) tolerance = std::max(magnitude * 1e-12, std::numeric_limits<double>::min());
  std::vector<Edge> all = rook_edges(measured, tolerance);
  if (contiguity == Contiguity::queen) {
    auto q = vertex_edges(measured, tolerance);
    all.insert(all.end(), q.begin(), q.end());
  }
  std::sort(all.begin(), all.end(), [](const Edge& l, const Edge& r) { return l.u != r.u ? l.u < r.u : l.v < r.v; });
  std::vector<Edge> out;
  out.reserve(all.size());
  for (const auto& e : all) {
    if (!out.empty() && out.back().u == e.u && out.back().v == e.v)
      out.back().shared_boundary += e.shared_boundary;
    else
      out.push_back(e);
  }
  return out;
}

}  // namespace gridgov::io
