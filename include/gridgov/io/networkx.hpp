#pragma once
/// @file gridgov/io/networkx.hpp
/// @brief The networkx JSON graphs that GerryChain's `Graph.to_json` writes.
///
/// Reads both networkx layouts:
/// - adjacency (`networkx.readwrite.json_graph.adjacency_data`, what
///   GerryChain writes): `{"directed": false, "multigraph": false,
///   "graph": [] or {}, "nodes": [{"id": ID, attr...}, ...],
///   "adjacency": [[{"id": NEIGHBOUR_ID, edge attr...}, ...], ...]}` where
///   adjacency[i] lists the neighbours of nodes[i];
/// - node-link (`node_link_data`): `"links"` (or `"edges"`, networkx 3.4+)
///   holding `{"source": ID, "target": ID, edge attr...}`.
///
/// Node ids may be integers or strings (both become unit id strings). Node
/// attributes: households (required) and population, read into the columns
/// "households" and "population" whatever the options call them; community
/// (required unless a default is given); x and y, else the first pair the
/// first node has of lon/lat, lng/lat, longitude/latitude, C_X/C_Y
/// (GerryChain centroids), centroid_x/centroid_y, INTPTLON*/INTPTLAT*
/// (census internal points; numeric strings such as "+40.1234567" are
/// read), which every node must then have: a graph without coordinates is
/// an error, not units at (0, 0); grid_type; "area" (becomes the unit's
/// area). Every other attribute that is a finite non-negative number
/// on every node becomes a numeric column; GeoJSON "geometry" attributes
/// and booleans are ignored. The edge attribute "shared_perim" (GerryChain)
/// or "shared_boundary" becomes the shared boundary length. Directed and
/// multigraph inputs are read as simple undirected graphs. Python's json
/// module writes NaN/Infinity as bare tokens: they are read as null, so a
/// NaN where a number is required is reported as missing.
///
/// Errors are InputErrors naming the file, the node (1-based position and
/// id) or adjacency entry, and the problem.

#include <string>
#include <string_view>
#include <vector>

#include "gridgov/core/plan.hpp"
#include "gridgov/core/unit_graph.hpp"

namespace gridgov::io {

struct NetworkxOptions {
  std::string households = "households";
  std::string population = "population";
  std::string community = "community";
  std::string x = "x";
  std::string y = "y";
  std::string grid_type = "grid_type";
  /// Community of nodes without the community attribute ("" = required).
  std::string default_community;
  /// Take other all-numeric node attributes as columns too.
  bool auto_fields = true;
};

/// Units and edges read from a networkx JSON graph.
struct NetworkxGraph {
  UnitTable table;
  std::vector<Edge> edges;  ///< u < v, sorted, unique
  /// Per-node "grid" attribute when every node has one (e.g. written by
  /// write_networkx_json with a plan), else empty.
  std::vector<std::string> grid;
};

[[nodiscard]] NetworkxGraph read_networkx_json(const std::string& path, const NetworkxOptions& options = {});
[[nodiscard]] NetworkxGraph parse_networkx_json(std::string_view text, const std::string& source,
                                                const NetworkxOptions& options = {});

/// Writes the adjacency layout (what GerryChain's Graph.from_json reads):
/// node attributes x, y, C_X, C_Y, community, grid_type, every numeric
/// column, area and perimeter when known, and "grid" when a plan is given;
/// edge attribute shared_perim when lengths are known. Node ids are written
/// as integers when every unit id is a canonical integer, else as strings.
void write_networkx_json(const std::string& path, const UnitGraph& units, const Plan* plan = nullptr);
[[nodiscard]] std::string networkx_json(const UnitGraph& units, const Plan* plan = nullptr);

}  // namespace gridgov::io
