#pragma once
// A cell cut by its enclosure without GEOS, for the common cases: private
// to the geo area (tessellate.cpp). Rings are x, y interleaved and not
// closed; a polygon's shells run counter-clockwise and its holes clockwise.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace gridgov::geo::detail {

/// Signed area of a ring (x, y interleaved, not closed): positive when it
/// runs counter-clockwise.
[[nodiscard]] double ring_area(const std::vector<double>& xy);

/// An enclosure prepared for clip_cell: its rings turned so that the
/// interior is on their left, with their bounding boxes.
class ClipRegion {
 public:
  ClipRegion() = default;
  /// `rings[0]` is the shell, the others holes, in any orientation.
  explicit ClipRegion(std::vector<std::vector<double>> rings);
  [[nodiscard]] bool empty() const noexcept { return rings_.empty(); }

 private:
  friend class Clipper;
  std::vector<std::vector<double>> rings_;
  std::vector<double> boxes_;  // per ring: minx, miny, maxx, maxy
  double magnitude_ = 0;       // the largest absolute coordinate
};

/// Clips cells by one region; keeps its working memory from cell to cell.
class Clipper {
 public:
  enum class Result {
    inside,     ///< the cell lies inside the region: unchanged
    clipped,    ///< cut to one polygon, in `out` (the shell first, then the holes)
    undecided,  ///< a degenerate or uncertain case, or a result of several pieces: use GEOS
  };
  /// `cell`: the rings of one polygon (one shell, holes), as above; `tags`,
  /// one value per vertex of each ring (its edge's), are carried to
  /// `out_tags` (-1 for edges along the region's boundary).
  Result clip(const std::vector<std::vector<double>>& cell, const std::vector<std::vector<std::int32_t>>& tags,
              const ClipRegion& region, std::vector<std::vector<double>>& out,
              std::vector<std::vector<std::int32_t>>& out_tags);

 private:
  struct Crossing {
    double x, y;
    std::size_t cell_ring, cell_edge, region_ring, region_edge;
    double cell_t, region_t;  // positions along the two edges
    bool enters;              // the cell's edge goes into the region here
  };
  std::vector<Crossing> crossings_;
  std::vector<std::size_t> order_, next_on_cell_, next_on_region_;
  std::vector<char> used_;
};

}  // namespace gridgov::geo::detail
