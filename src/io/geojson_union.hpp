#pragma once
// Private: polygon union for per-grid GeoJSON (Boost.Geometry kept in one TU).

#include <array>
#include <optional>
#include <span>
#include <vector>

#include "gridgov/io/geojson.hpp"

namespace gridgov::io::detail {

using Ring = std::vector<std::array<double, 2>>;
using PolygonRings = std::vector<Ring>;  // outer ring first, then holes

/// The union of the polygons of `units` (closed rings, outer
/// counter-clockwise), or nullopt if Boost.Geometry fails on the input.
std::optional<std::vector<PolygonRings>> union_units(const Geometries& g, std::span<const UnitIndex> units);

}  // namespace gridgov::io::detail
