#pragma once
// Internal: lets the readers hand UnitGraph the id index they already built.
#include <span>
#include <string>

#include "core/id_index.hpp"
#include "gridgov/core/unit_graph.hpp"

namespace gridgov::detail {

struct UnitGraphBuilder {
  static UnitGraph build(UnitTable table, std::span<const Edge> edges, const std::string& source, IdIndex index) {
    return UnitGraph(std::move(table), edges, source, std::move(index));
  }
};

}  // namespace gridgov::detail
