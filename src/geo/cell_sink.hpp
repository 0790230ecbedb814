#pragma once
// Cells handed out while the tessellation runs (private to the geo area):
// build_units writes them as they come, on the calling thread, while the
// other threads go on tessellating.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "gridgov/geo/build.hpp"

namespace gridgov::geo::detail {

class CellSink {
 public:
  virtual ~CellSink() = default;
  /// Once the buildings' enclosures are known, before any cell.
  virtual void start(const std::vector<std::int32_t>& enclosure) = 0;
  /// The cell of building u: unit u of `cells` (the cells of buildings 0..u),
  /// in the order of the buildings.
  virtual void cell(std::size_t u, const io::Geometries& cells) = 0;
};

/// tessellate(), with each cell given to `sink` (may be null) as soon as it
/// and those of the buildings before it are made.
[[nodiscard]] Tessellation tessellate(const io::Geometries& buildings, const Lines& barriers,
                                      const TessellationOptions& options, CellSink* sink);

}  // namespace gridgov::geo::detail
