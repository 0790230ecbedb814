#include "io/polygon_check.hpp"

// Boost.Geometry still includes headers Boost has deprecated; their notices are not ours.
#define BOOST_ALLOW_DEPRECATED_HEADERS 1

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

#include <boost/geometry/algorithms/area.hpp>
#include <boost/geometry/algorithms/correct.hpp>
#include <boost/geometry/algorithms/intersects.hpp>
#include <boost/geometry/algorithms/is_valid.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <boost/geometry/policies/is_valid/failing_reason_policy.hpp>

namespace gridgov::io::detail {

namespace bg = boost::geometry;
using Point = bg::model::d2::point_xy<double>;
using Polygon = bg::model::polygon<Point>;

std::optional<std::string> polygon_problem(std::span<const double> xy, std::span<const std::size_t> ring_offsets) {
  Polygon poly;
  const std::size_t rings = ring_offsets.size() - 1;
  // A hole with a point outside the outer ring's box is outside it. Said
  // here, because Boost.Geometry rescales every ring by the outer ring's box
  // to integers, and a hole reaching far beyond it (1 next to 2e12)
  // overflows them (signed overflow in its determinants).
  if (rings > 1 && ring_offsets[1] > ring_offsets[0]) {
    double x0 = xy[2 * ring_offsets[0]], x1 = x0, y0 = xy[2 * ring_offsets[0] + 1], y1 = y0;
    for (std::size_t i = ring_offsets[0]; i < ring_offsets[1]; ++i) {
      x0 = std::min(x0, xy[2 * i]);
      x1 = std::max(x1, xy[2 * i]);
      y0 = std::min(y0, xy[2 * i + 1]);
      y1 = std::max(y1, xy[2 * i + 1]);
    }
    for (std::size_t i = ring_offsets[1]; i < ring_offsets[rings]; ++i)
      if (xy[2 * i] < x0 || xy[2 * i] > x1 || xy[2 * i + 1] < y0 || xy[2 * i + 1] > y1)
        return std::string("has a hole outside its outer ring");
  }
  poly.inners().resize(rings - 1);
  // Boost.Geometry's integers hold coordinate differences up to about 3e9
  // (their products must fit in 64 bits; beyond a box of 1e7 it does not
  // rescale): a wider polygon (no metric or degree coordinates are) is
  // named instead of checked.
  for (std::size_t axis = 0; axis < 2; ++axis) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (std::size_t i = ring_offsets[0]; i < ring_offsets[rings]; ++i)
      if (std::isfinite(xy[2 * i + axis])) {
        lo = std::min(lo, xy[2 * i + axis]);
        hi = std::max(hi, xy[2 * i + axis]);
      }
    if (hi - lo > 1e9) return std::string("has coordinates too far apart to check its shape");
  }
  for (std::size_t r = 0; r < rings; ++r) {
    auto& ring = r == 0 ? poly.outer() : poly.inners()[r - 1];
    ring.reserve(ring_offsets[r + 1] - ring_offsets[r]);
    for (std::size_t i = ring_offsets[r]; i < ring_offsets[r + 1]; ++i) ring.emplace_back(xy[2 * i], xy[2 * i + 1]);
  }
  bg::correct(poly);  // orientation (and closure) as Boost.Geometry expects; files use both orientations
  bg::validity_failure_type failure = bg::no_failure;
  // Boost.Geometry rescales coordinates to 64-bit integers to find
  // self-intersections and reports an overflow by throwing
  // boost::numeric::positive_overflow. The width check above names the
  // inputs known to overflow (0 next to 1e30); these catches stay as the
  // backstop for any it does not foresee.
  try {
    if (bg::is_valid(poly, failure)) return std::nullopt;
  } catch (const std::exception&) {
    return std::string("has coordinates too far apart to check its shape");
  }
  try {
    if (bg::area(poly.outer()) == 0.0 && !bg::intersects(poly.outer())) return std::string("has zero area (its points lie on a line)");
  } catch (const std::exception&) {
    return std::string("has coordinates too far apart to check its shape");
  }
  switch (failure) {
    case bg::failure_wrong_orientation:  // left after correct(): lobes of opposite turn, a figure eight
      return std::string("crosses itself (a figure eight)");
    case bg::failure_wrong_topological_dimension:
      return std::string("has zero area (its points lie on a line)");
    case bg::failure_spikes:
      return std::string("has a spike (a boundary that runs out and back along itself)");
    case bg::failure_self_intersections: {
      std::string message;
      try {
        bg::is_valid(poly, message);  // Boost.Geometry's text names the point: "... at (x, y); method: ..."
      } catch (const std::exception&) {
        message.clear();
      }
      const auto at = message.find(" at (");
      const auto end = at == std::string::npos ? at : message.find(')', at);
      return "crosses itself" + (end == std::string::npos ? std::string() : message.substr(at, end + 1 - at));
    }
    case bg::failure_interior_rings_outside:
      return std::string("has a hole outside its outer ring");
    case bg::failure_nested_interior_rings:
      return std::string("has a hole inside another hole");
    case bg::failure_intersecting_interiors:
    case bg::failure_disconnected_interior:
      return std::string("has holes that cut its interior apart");
    case bg::failure_few_points:
      return std::string("has a ring of fewer than 4 distinct points");
    case bg::failure_invalid_coordinate:
      return std::string("has a coordinate that is not finite");
    default:
      return std::string("is not a valid polygon (") + bg::validity_failure_type_message(failure) + ")";
  }
}

}  // namespace gridgov::io::detail
