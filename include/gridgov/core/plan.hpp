#pragma once
/// @file gridgov/core/plan.hpp
/// @brief A grid plan: the grid of every unit.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "gridgov/core/unit_graph.hpp"

namespace gridgov {

/// Index of a grid inside its Plan (0..k-1); -1 means "no grid".
using GridIndex = std::int32_t;
inline constexpr GridIndex kNoGrid = -1;

/// A unit that a plan file assigned more than once.
struct PlanConflict {
  UnitIndex unit = 0;
  std::string first_grid;
  std::string second_grid;
  std::size_t line = 0;  ///< line of the second assignment
};

/// Assignment of units to grids. grid_of()[u] is the grid of unit u, or
/// kNoGrid when the plan leaves u out (a validation error).
struct Plan {
  std::vector<GridIndex> grid_of;       ///< #n grid index per unit
  std::vector<std::string> grid_codes;  ///< #k grid codes (or names)
  std::vector<PlanConflict> conflicts;  ///< units assigned twice when read

  [[nodiscard]] GridIndex num_grids() const noexcept { return static_cast<GridIndex>(grid_codes.size()); }

  /// Builds a plan from one label per unit (labels in order of appearance).
  [[nodiscard]] static Plan from_labels(std::span<const std::string> labels);
  /// Builds a plan from integer grid indices, naming grids "0", "1", ...
  [[nodiscard]] static Plan from_indices(std::span<const GridIndex> grid_of);
};

}  // namespace gridgov
