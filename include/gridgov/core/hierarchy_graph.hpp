#pragma once
/// @file gridgov/core/hierarchy_graph.hpp
/// @brief The Boost.Graph behind a Hierarchy, for running BGL algorithms.
///
/// Include this only where BGL is wanted: it pulls in
/// boost/graph/adjacency_list.hpp.

#include <string>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "gridgov/core/hierarchy.hpp"

namespace gridgov {

/// Bundled properties of a hierarchy node.
struct Division {
  std::string code;
  std::string name;
  Level level = Level::province;
  GridType grid_type = GridType::urban;
};

/// Parent -> child edges; vertex descriptors equal Hierarchy::Node values.
using HierarchyGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, Division>;

/// The Boost.Graph of a hierarchy, built on the first call and cached; valid
/// until the hierarchy changes or is destroyed. Thread-safe.
[[nodiscard]] const HierarchyGraph& graph(const Hierarchy& h) noexcept;

}  // namespace gridgov
