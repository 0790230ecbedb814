#pragma once
// Validity of one polygon read from a file (Boost.Geometry's OGC rules,
// ring orientation aside): kept in its own translation unit because
// Boost.Geometry's templates are heavy.
#include <cstddef>
#include <optional>
#include <span>
#include <string>

namespace gridgov::io::detail {

/// What is wrong with the polygon whose rings are `xy` (interleaved x, y;
/// ring r holds points ring_offsets[r] .. ring_offsets[r+1]-1, ring 0 the
/// outer one, each closed), or nullopt when it is valid. Orientation is not
/// checked (files use both). Problems named: zero area, a self-intersection
/// (with a point where it happens), a hole outside its outer ring, holes
/// that cross or nest, a spike.
[[nodiscard]] std::optional<std::string> polygon_problem(std::span<const double> xy,
                                                         std::span<const std::size_t> ring_offsets);

}  // namespace gridgov::io::detail
