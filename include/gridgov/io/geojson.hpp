#pragma once
/// @file gridgov/io/geojson.hpp
/// @brief Units from GeoJSON (polygons with computed contiguity, or points
/// with an edges file) and plans written back as GeoJSON for QGIS.
///
/// Reading:
/// - The file must be a FeatureCollection. Every feature is a Polygon or
///   MultiPolygon (contiguity is computed from shared boundaries), or every
///   feature is a Point (contiguity comes from a `u,v` edges CSV).
/// - Properties map to unit columns: the id (`id_field`, else the
///   feature's own "id" member), `households` (required, a non-negative
///   number), `population`, `elderly_alone`, `disabled`, `hardship` (each
///   optional, but when one feature has it every feature must, as a
///   non-negative number), `community` (required unless
///   `default_community` is set; strings or numbers), `grid_type` (urban,
///   rural or dedicated; urban when absent). Any other property that is a
///   finite non-negative number in every feature becomes a numeric column
///   too; `extra_fields` makes more columns mandatory.
/// - The CRS (table.crs): GeoJsonOptions::crs, else the file's legacy
///   "crs" member, else longitude/latitude when every position is one
///   (RFC 7946; GeoUnits::crs_assumed), else planar of no known CRS.
/// - x, y is the polygon's area centroid (or the point), in the input's
///   coordinates. Areas, perimeters and shared boundary lengths are planar
///   in the input's units, or, for longitude/latitude data, in metres after
///   an equirectangular projection about the data's mean latitude.
///
/// Contiguity (see docs/scenario-format.md, "GeoJSON contiguity"):
/// - rook: two units are adjacent when a boundary segment of one overlaps a
///   boundary segment of the other collinearly over a positive length
///   (> tolerance). Identical shared edges and partial overlaps (a long
///   edge against several shorter ones, T-junctions) are both found; the
///   shared length is the summed overlap length.
/// - queen: rook adjacency plus any two units with a vertex within
///   tolerance of each other (shared corner). A vertex of one unit touching
///   the interior of another's edge with no collinear overlap is not
///   detected.
/// - Both run in O(V log V) for V vertices (sorting quantised keys; no
///   polygon pair tests). The tolerance defaults to 1e-7 of the data's
///   extent in the measuring units (1 mm for a 10 km district).
///
/// Every error is an InputError naming the file, the feature (1-based; the
/// InputError's line() holds the feature number), the unit id when known,
/// and the problem. JSON syntax errors report the line of the byte where
/// parsing failed.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gridgov/core/plan.hpp"
#include "gridgov/core/unit_graph.hpp"
#include "gridgov/io/crs.hpp"

namespace gridgov::io {

enum class Contiguity { queen, rook };
/// Whether coordinates are longitude/latitude: `automatic` says yes when
/// every |x| <= 180 and |y| <= 90.
enum class Geographic { automatic, yes, no };

[[nodiscard]] std::optional<Contiguity> parse_contiguity(std::string_view name) noexcept;
[[nodiscard]] std::optional<Geographic> parse_geographic(std::string_view name) noexcept;

struct GeoJsonOptions {
  Contiguity contiguity = Contiguity::rook;
  Geographic geographic = Geographic::automatic;
  /// CRS of the coordinates when the file names none ("EPSG:32650", ...;
  /// gridgov/io/crs.hpp). A file naming another CRS is an error. "" = the
  /// file's legacy "crs" member, else longitude/latitude (RFC 7946) when
  /// every position is one, else planar of no known CRS.
  std::string crs;
  std::string id_field = "id";
  std::string households_field = "households";
  std::string population_field = "population";
  std::string community_field = "community";
  std::string grid_type_field = "grid_type";
  /// Community of units without a community property ("" = required).
  std::string default_community;
  /// Numeric properties every feature must have (besides households).
  std::vector<std::string> extra_fields;
  /// Take other all-numeric properties as columns too.
  bool auto_fields = true;
  /// Matching tolerance in measuring units (metres for geographic data);
  /// <= 0 picks 1e-7 of the data's extent.
  double tolerance = 0.0;
  /// For Point features: a `u,v` edges CSV of unit ids ("" = no edges,
  /// which is an error for points unless `allow_no_edges`).
  std::string edges_path;
  bool allow_no_edges = false;
};

/// Polygon geometry of every unit, flattened. Points are in the file's
/// coordinates. Unit u owns polygons [unit_offsets[u], unit_offsets[u+1]),
/// polygon p owns rings [polygon_offsets[p], polygon_offsets[p+1]) (the
/// first is the outer ring, the others holes), ring r owns points
/// [ring_offsets[r], ring_offsets[r+1]) (closed: last == first).
struct Geometries {
  std::vector<double> xy;                    ///< interleaved x0,y0,x1,y1,...
  std::vector<std::size_t> ring_offsets{0};  ///< into points (xy.size()/2)
  std::vector<std::size_t> polygon_offsets{0};
  std::vector<std::size_t> unit_offsets{0};
  bool geographic = false;  ///< coordinates are longitude/latitude

  [[nodiscard]] std::size_t num_units() const noexcept { return unit_offsets.size() - 1; }
  [[nodiscard]] bool empty() const noexcept { return num_units() == 0; }
};

/// Units, contiguity edges and (for polygon input) the polygons.
struct GeoUnits {
  UnitTable table;
  std::vector<Edge> edges;      ///< u < v, sorted, shared boundary lengths
  Geometries polygons;          ///< empty for Point input
  bool points = false;          ///< the features were Points
  /// No CRS was named (file or options): the coordinates were taken for
  /// longitude/latitude because every position is one (RFC 7946).
  bool crs_assumed = false;
};

/// Reads a GeoJSON FeatureCollection. @throws InputError
[[nodiscard]] GeoUnits read_units_geojson(const std::string& path, const GeoJsonOptions& options = {});
/// Same, from text; `source` names it in errors (and edges_path is read
/// from disk for Point input).
[[nodiscard]] GeoUnits parse_units_geojson(std::string_view text, const std::string& source,
                                           const GeoJsonOptions& options = {});

/// Computes contiguity of the flattened polygons (coordinates already in
/// measuring units). Exposed for tests and benchmarks.
[[nodiscard]] std::vector<Edge> polygon_contiguity(const Geometries& measured, Contiguity contiguity,
                                                   double tolerance);

/// Options for writing a plan.
struct PlanGeoJsonOptions {
  /// One feature per grid instead of one per unit.
  bool per_grid = false;
  /// Per-grid polygons: dissolve member polygons into their union
  /// (Boost.Geometry); if false, or if the union fails, a MultiPolygon of
  /// the members. Point input gets the convex hull of the grid's points.
  bool dissolve = true;
  /// Decimal digits kept for coordinates (-1 = shortest exact).
  int precision = -1;
  /// CRS to state instead of the units' own ("" = UnitGraph::crs()).
  std::string crs;
  /// Per-grid: further numeric properties, one value per grid of the plan
  /// (e.g. "workload", hours per week).
  std::vector<std::pair<std::string, std::vector<double>>> grid_columns;
  /// Per-grid: the grids' polygons, already dissolved (grid g is unit g, as
  /// gridgov_geo's dissolve_grids gives them), written as they are instead
  /// of the members' polygons or hull.
  const Geometries* grid_polygons = nullptr;
};

/// Writes a FeatureCollection that opens in QGIS, stating the units' CRS
/// (UnitGraph::crs(), or PlanGeoJsonOptions::crs) in a legacy "crs" member
/// (gridgov/io/crs.hpp; planar coordinates of no known CRS get an
/// engineering CRS, never the lon/lat default): per unit (properties id,
/// grid, community, grid_type, households, population and the other
/// numeric columns; geometry the unit's polygons when given, else its
/// point) or per grid (properties grid, community, households, population,
/// units, and PlanGeoJsonOptions::grid_columns). `plan` may be null (per-unit only: no grid property).
void write_plan_geojson(const std::string& path, const UnitGraph& units, const Plan* plan,
                        const Geometries* polygons, const PlanGeoJsonOptions& options = {});
/// The same as text.
[[nodiscard]] std::string plan_geojson(const UnitGraph& units, const Plan* plan, const Geometries* polygons,
                                       const PlanGeoJsonOptions& options = {});
/// Per-grid FeatureCollection (write_plan_geojson with per_grid = true).
void write_grids_geojson(const std::string& path, const UnitGraph& units, const Plan& plan,
                         const Geometries* polygons, bool dissolve = true);

}  // namespace gridgov::io
