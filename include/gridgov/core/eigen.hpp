#pragma once
/// @file gridgov/core/eigen.hpp
/// @brief Eigen views of a UnitGraph's columns, without copies.
///
/// The coordinates are stored x then y (UnitGraph::xy()), which is exactly
/// an n x 2 column-major matrix; attribute columns are vectors. The maps
/// are valid as long as the graph lives (a UnitGraph is immutable).

#include <Eigen/Core>
#include <string_view>

#include "gridgov/core/unit_graph.hpp"

namespace gridgov {

/// #n x 2 coordinates of every unit (column 0 x, column 1 y).
using CoordinatesMap = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, 2>>;
/// #n values of one attribute column.
using ColumnMap = Eigen::Map<const Eigen::VectorXd>;

[[nodiscard]] inline CoordinatesMap coordinates(const UnitGraph& g) noexcept {
  return CoordinatesMap(g.xy().data(), static_cast<Eigen::Index>(g.size()), 2);
}

/// @throws InputError naming the column and listing the columns if absent.
[[nodiscard]] inline ColumnMap column(const UnitGraph& g, std::string_view name) {
  const auto c = g.attribute(name);
  return ColumnMap(c.data(), static_cast<Eigen::Index>(c.size()));
}

}  // namespace gridgov
