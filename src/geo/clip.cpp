// A cell cut by its enclosure without GEOS. The cell's boundary and the
// enclosure's cross transversally in the common case: the pieces of the
// cell's rings inside the enclosure and the pieces of the enclosure's rings
// inside the cell are joined at the crossings into the rings of the
// intersection. Anything else (a vertex on or too near the other boundary,
// a result of several pieces, an enclosure's ring inside the cell) is left
// to GEOS by the caller.
#include "clip.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace gridgov::geo::detail {

double ring_area(const std::vector<double>& xy) {
  double a = 0;
  const std::size_t n = xy.size() / 2;
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) a += xy[2 * j] * xy[2 * i + 1] - xy[2 * i] * xy[2 * j + 1];
  return a / 2;
}

namespace {

// Even-odd over all the rings: inside the polygon they bound.
bool inside(const std::vector<std::vector<double>>& rings, double px, double py) {
  bool in = false;
  for (const auto& r : rings) {
    const std::size_t n = r.size() / 2;
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
      const double xi = r[2 * i], yi = r[2 * i + 1], xj = r[2 * j], yj = r[2 * j + 1];
      if ((yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi) in = !in;
    }
  }
  return in;
}

// The side of c from the line a->b: 1 left, -1 right, 0 too close to tell.
// `e` bounds the rounding error of a difference of two coordinates.
int orient(double ax, double ay, double bx, double by, double cx, double cy, double e) {
  const double ux = bx - ax, uy = by - ay, vx = cx - ax, vy = cy - ay;
  const double l = ux * vy, r = uy * vx;
  const double det = l - r;
  const double bound =
      4.0 * (e * (std::abs(ux) + std::abs(uy) + std::abs(vx) + std::abs(vy)) + 2.0 * e * e) +
      1e-15 * (std::abs(l) + std::abs(r));
  if (det > bound) return 1;
  if (det < -bound) return -1;
  return 0;
}

bool overlap(const double* a, const double* b, double slack) {
  return a[0] <= b[2] + slack && b[0] <= a[2] + slack && a[1] <= b[3] + slack && b[1] <= a[3] + slack;
}

void push_point(std::vector<double>& ring, std::vector<std::int32_t>& tags, double x, double y, std::int32_t tag) {
  const std::size_t n = ring.size();
  if (n >= 2 && ring[n - 2] == x && ring[n - 1] == y) {
    tags.back() = tag;  // the edge from here is the new point's
    return;
  }
  ring.push_back(x);
  ring.push_back(y);
  tags.push_back(tag);
}

}  // namespace

ClipRegion::ClipRegion(std::vector<std::vector<double>> rings) : rings_(std::move(rings)) {
  for (std::size_t i = 0; i < rings_.size(); ++i) {
    auto& r = rings_[i];
    // Closed rings lose their repeated point.
    const std::size_t n = r.size();
    if (n >= 4 && r[0] == r[n - 2] && r[1] == r[n - 1]) r.resize(n - 2);
    const bool ccw = ring_area(r) > 0;
    if (ccw != (i == 0)) {  // the shell counter-clockwise, holes clockwise
      for (std::size_t a = 0, b = r.size() / 2 - 1; a < b; ++a, --b) {
        std::swap(r[2 * a], r[2 * b]);
        std::swap(r[2 * a + 1], r[2 * b + 1]);
      }
    }
    double box[4] = {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
                     -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    for (std::size_t k = 0; k < r.size(); k += 2) {
      box[0] = std::min(box[0], r[k]);
      box[1] = std::min(box[1], r[k + 1]);
      box[2] = std::max(box[2], r[k]);
      box[3] = std::max(box[3], r[k + 1]);
      magnitude_ = std::max({magnitude_, std::abs(r[k]), std::abs(r[k + 1])});
    }
    boxes_.insert(boxes_.end(), box, box + 4);
  }
}

Clipper::Result Clipper::clip(const std::vector<std::vector<double>>& cell,
                              const std::vector<std::vector<std::int32_t>>& tags, const ClipRegion& region,
                              std::vector<std::vector<double>>& out, std::vector<std::vector<std::int32_t>>& out_tags) {
  out.clear();
  out_tags.clear();
  if (tags.size() != cell.size()) return Result::undecided;
  for (std::size_t i = 0; i < cell.size(); ++i)
    if (2 * tags[i].size() != cell[i].size()) return Result::undecided;
  if (region.empty() || cell.empty()) return Result::undecided;
  double cb[4] = {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
                  -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (const auto& r : cell) {
    if (r.size() < 6) return Result::undecided;
    for (std::size_t k = 0; k < r.size(); k += 2) {
      cb[0] = std::min(cb[0], r[k]);
      cb[1] = std::min(cb[1], r[k + 1]);
      cb[2] = std::max(cb[2], r[k]);
      cb[3] = std::max(cb[3], r[k + 1]);
    }
  }
  const double magnitude = std::max({region.magnitude_, std::abs(cb[0]), std::abs(cb[1]), std::abs(cb[2]), std::abs(cb[3])});
  if (!std::isfinite(magnitude)) return Result::undecided;
  const double e = 2.5e-16 * magnitude;  // error of a coordinate difference
  const double slack = 8.0 * e;

  // Every crossing of a cell edge with an enclosure edge.
  crossings_.clear();
  const auto& rings = region.rings_;
  for (std::size_t j = 0; j < rings.size(); ++j) {
    if (!overlap(&region.boxes_[4 * j], cb, slack)) continue;
    const auto& R = rings[j];
    const std::size_t m = R.size() / 2;
    for (std::size_t q = 0; q < m; ++q) {
      const double cx = R[2 * q], cy = R[2 * q + 1];
      const std::size_t q1 = q + 1 < m ? q + 1 : 0;
      const double dx = R[2 * q1], dy = R[2 * q1 + 1];
      const double eb[4] = {std::min(cx, dx), std::min(cy, dy), std::max(cx, dx), std::max(cy, dy)};
      if (!overlap(eb, cb, slack)) continue;
      for (std::size_t i = 0; i < cell.size(); ++i) {
        const auto& C = cell[i];
        const std::size_t n = C.size() / 2;
        for (std::size_t p = 0; p < n; ++p) {
          const std::size_t p1 = p + 1 < n ? p + 1 : 0;
          const double ax = C[2 * p], ay = C[2 * p + 1], bx = C[2 * p1], by = C[2 * p1 + 1];
          const double ab[4] = {std::min(ax, bx), std::min(ay, by), std::max(ax, bx), std::max(ay, by)};
          if (!overlap(ab, eb, slack)) continue;
          const int o1 = orient(cx, cy, dx, dy, ax, ay, e), o2 = orient(cx, cy, dx, dy, bx, by, e);
          if (o1 == 0 || o2 == 0) return Result::undecided;
          if (o1 == o2) continue;
          const int o3 = orient(ax, ay, bx, by, cx, cy, e), o4 = orient(ax, ay, bx, by, dx, dy, e);
          if (o3 == 0 || o4 == 0) return Result::undecided;
          if (o3 == o4) continue;
          // The point, computed from the edge's lower end: the two cells
          // sharing the edge, each walking it its own way, find the same.
          const bool flip = bx < ax || (bx == ax && by < ay);
          const double sx = flip ? bx : ax, sy = flip ? by : ay, rx = (flip ? ax : bx) - sx, ry = (flip ? ay : by) - sy;
          const double qx = dx - cx, qy = dy - cy;
          const double denom = rx * qy - ry * qx;
          const double wx = cx - sx, wy = cy - sy;
          double t = (wx * qy - wy * qx) / denom;
          double s = (wx * ry - wy * rx) / denom;
          if (!std::isfinite(t) || !std::isfinite(s)) return Result::undecided;
          t = std::clamp(t, 0.0, 1.0);
          s = std::clamp(s, 0.0, 1.0);
          crossings_.push_back(Crossing{sx + t * rx, sy + t * ry, i, p, j, q, flip ? 1.0 - t : t, s, o2 > 0});
        }
      }
    }
  }

  const std::size_t k_all = crossings_.size();
  if (k_all == 0) {
    // Each ring wholly inside or outside: the cell is kept when all are inside,
    // unless an enclosure's ring (a hole of it) lies inside the cell.
    for (const auto& r : cell)
      if (!inside(rings, r[0], r[1])) return Result::undecided;
    for (std::size_t j = 0; j < rings.size(); ++j)
      if (overlap(&region.boxes_[4 * j], cb, slack) && inside(cell, rings[j][0], rings[j][1])) return Result::undecided;
    return Result::inside;
  }

  // The crossings in their order along each cell ring, and along each
  // enclosure ring; entries and exits alternate along both.
  auto link = [&](auto ring_of, auto edge_of, auto t_of, std::vector<std::size_t>& next) {
    order_.resize(k_all);
    for (std::size_t k = 0; k < k_all; ++k) order_[k] = k;
    std::sort(order_.begin(), order_.end(), [&](std::size_t l, std::size_t r) {
      const Crossing &a = crossings_[l], &b = crossings_[r];
      if (ring_of(a) != ring_of(b)) return ring_of(a) < ring_of(b);
      if (edge_of(a) != edge_of(b)) return edge_of(a) < edge_of(b);
      return t_of(a) < t_of(b);
    });
    next.assign(k_all, 0);
    for (std::size_t b = 0; b < k_all;) {
      std::size_t e2 = b;
      while (e2 < k_all && ring_of(crossings_[order_[e2]]) == ring_of(crossings_[order_[b]])) ++e2;
      for (std::size_t k = b; k < e2; ++k) {
        const std::size_t nk = k + 1 < e2 ? k + 1 : b;
        const Crossing &x = crossings_[order_[k]], &y = crossings_[order_[nk]];
        if (x.enters == y.enters) return false;  // two entries in a row: uncertain
        if (nk != b && edge_of(x) == edge_of(y) && t_of(x) == t_of(y)) return false;
        next[order_[k]] = order_[nk];
      }
      b = e2;
    }
    return true;
  };
  if (!link([](const Crossing& c) { return c.cell_ring; }, [](const Crossing& c) { return c.cell_edge; },
            [](const Crossing& c) { return c.cell_t; }, next_on_cell_) ||
      !link([](const Crossing& c) { return c.region_ring; }, [](const Crossing& c) { return c.region_edge; },
            [](const Crossing& c) { return c.region_t; }, next_on_region_))
    return Result::undecided;

  // Rings without a crossing: a cell ring inside the enclosure stays whole;
  // an enclosure ring inside the cell is left to GEOS.
  std::vector<char> crossed_cell(cell.size(), 0), crossed_region(rings.size(), 0);
  for (const auto& c : crossings_) {
    crossed_cell[c.cell_ring] = 1;
    crossed_region[c.region_ring] = 1;
  }
  for (std::size_t j = 0; j < rings.size(); ++j)
    if (!crossed_region[j] && overlap(&region.boxes_[4 * j], cb, slack) && inside(cell, rings[j][0], rings[j][1]))
      return Result::undecided;
  for (std::size_t i = 0; i < cell.size(); ++i)
    if (!crossed_cell[i] && inside(rings, cell[i][0], cell[i][1])) {
      out.push_back(cell[i]);
      out_tags.push_back(tags[i]);
    }

  // Walk: a piece of a cell ring from where it enters the enclosure to where
  // it leaves it, then the enclosure's ring (entering the cell there) to
  // where it leaves the cell, and so on back to the start.
  std::vector<double> ring;
  std::vector<std::int32_t> ring_tags;
  // Appends the vertices after position (e1, t1) up to (e2, t2) of a ring.
  auto walk = [&](const std::vector<double>& along, const std::vector<std::int32_t>* along_tags, std::size_t e1,
                  double t1, std::size_t e2, double t2) {
    const std::size_t n = along.size() / 2;
    std::size_t count = (e2 + n - e1) % n;
    if (e1 == e2 && t2 < t1) count = n;
    for (std::size_t s = 1; s <= count; ++s) {
      const std::size_t v = (e1 + s) % n;
      push_point(ring, ring_tags, along[2 * v], along[2 * v + 1], along_tags ? (*along_tags)[v] : -1);
    }
  };
  used_.assign(k_all, 0);
  for (std::size_t start = 0; start < k_all; ++start) {
    if (!crossings_[start].enters || used_[start]) continue;
    ring.clear();
    ring_tags.clear();
    std::size_t cur = start, steps = 0;
    do {
      if (used_[cur] || ++steps > k_all) return Result::undecided;
      used_[cur] = 1;
      const Crossing& a = crossings_[cur];
      const std::size_t k2 = next_on_cell_[cur];
      const Crossing& b = crossings_[k2];
      push_point(ring, ring_tags, a.x, a.y, tags[a.cell_ring][a.cell_edge]);
      walk(cell[a.cell_ring], &tags[a.cell_ring], a.cell_edge, a.cell_t, b.cell_edge, b.cell_t);
      const std::size_t k3 = next_on_region_[k2];
      const Crossing& c = crossings_[k3];
      push_point(ring, ring_tags, b.x, b.y, -1);
      walk(rings[b.region_ring], nullptr, b.region_edge, b.region_t, c.region_edge, c.region_t);
      cur = k3;
    } while (cur != start);
    const std::size_t n = ring.size();
    if (n >= 4 && ring[0] == ring[n - 2] && ring[1] == ring[n - 1]) {
      ring.resize(n - 2);
      ring_tags.pop_back();
    }
    out.push_back(ring);
    out_tags.push_back(ring_tags);
  }

  // One shell (counter-clockwise) and its holes.
  std::size_t shells = 0, shell = 0;
  for (std::size_t r = 0; r < out.size(); ++r) {
    if (out[r].size() < 6) return Result::undecided;
    const double a = ring_area(out[r]);
    if (!(std::abs(a) > 0)) return Result::undecided;
    if (a > 0) {
      ++shells;
      shell = r;
    }
  }
  if (shells != 1) return Result::undecided;
  if (shell != 0) {
    std::swap(out[0], out[shell]);
    std::swap(out_tags[0], out_tags[shell]);
  }
  return Result::clipped;
}

}  // namespace gridgov::geo::detail
