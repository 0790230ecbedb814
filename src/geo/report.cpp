// The report of a build, from its result (its field list is BuildReport::describe).
#include "gridgov/geo/build.hpp"

namespace gridgov::geo {

BuildReport build_report(const BuildResult& result, const UnitGraph& graph, const BuildOptions& options) {
  BuildReport r;
  r.crs = result.crs;
  r.crs_wkt = result.crs_wkt;
  r.units = graph.size();
  r.edges = graph.num_edges();
  r.enclosures = result.tessellation.enclosures;
  r.crossed_by_barrier = result.tessellation.crossed_by_barrier;
  r.sample_points = result.tessellation.sample_points;
  r.repaired_footprints = result.repaired;
  r.households = result.households;
  r.outside_community = result.outside;
  r.skipped = result.skipped;
  r.options = options;
  return r;
}

}  // namespace gridgov::geo
