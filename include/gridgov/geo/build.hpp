#pragma once
/// @file gridgov/geo/build.hpp
/// @brief Units, contiguity and cells from building footprints, barrier
/// lines (streets, rivers, railways) and community boundaries.
///
/// This is the GIS layer (library gridgov_geo, built with GDAL and GEOS when
/// the option GRIDGOV_GEO is on); the core library knows nothing of it.
///
/// Cells: every building stands for the land around it. The cells are a
/// tessellation of the space around the buildings (a Voronoi diagram of
/// points sampled every `sample_spacing` metres on the building outlines,
/// Boost.Polygon, faces united per building), limited to `max_distance`
/// metres from the building, and cut along the barrier lines: the barriers
/// (noded) and a frame around the data are polygonized with GEOS into
/// enclosures, each building belongs to the enclosure holding a point of its
/// footprint, and its cell stays inside that enclosure. Two units are
/// adjacent (rook) when their cells, in the same enclosure, share a
/// boundary of positive length.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gridgov/core/fields.hpp"
#include "gridgov/core/plan.hpp"
#include "gridgov/core/progress.hpp"
#include "gridgov/core/unit_graph.hpp"
#include "gridgov/io/geojson.hpp"

namespace gridgov::geo {

/// Polylines, flattened: line l owns points [line_offsets[l], line_offsets[l+1]).
struct Lines {
  std::vector<double> xy;  ///< interleaved x0,y0,x1,y1,...
  std::vector<std::size_t> line_offsets{0};
  [[nodiscard]] std::size_t size() const noexcept { return line_offsets.size() - 1; }
};

/// Options of the tessellation (metric coordinates).
struct TessellationOptions {
  double max_distance = 100.0;   ///< metres a cell reaches from its building
  double sample_spacing = 2.0;   ///< metres between points sampled on outlines
  /// Metres within which the boundary between two cells is simplified
  /// (Douglas-Peucker on each shared boundary, the same for both cells; 0 = none).
  double simplify = 0.1;
  /// Threads tessellating enclosures at once (0 = one per core); the
  /// result is the same for any number.
  int threads = 0;
  /// Most points the Voronoi diagram of one enclosure may have (samples on
  /// the outlines plus the frame around them; 0 = no limit): a footprint far
  /// too large for the sample spacing (coordinates in the wrong unit, say)
  /// ends in an InputError instead of exhausting memory.
  std::size_t max_points = 0;
  /// Called now and then from the calling thread (not in the field list);
  /// returning false cancels: tessellate throws gridgov::Interrupted.
  ProgressCallback progress;

  template <class V>
  static void describe(V&& v) {
    v(Field{"max_distance", "metres a cell reaches from its building", nullptr, kAboveZero, kFiniteMax},
      &TessellationOptions::max_distance);
    v(Field{"sample_spacing", "metres between points sampled on outlines", nullptr, kAboveZero, kFiniteMax},
      &TessellationOptions::sample_spacing);
    v(Field{"simplify", "metres within which shared cell boundaries are simplified (the same for both cells; 0 = none)",
            nullptr, 0.0, kFiniteMax},
      &TessellationOptions::simplify);
    v(Field{"threads", "threads tessellating enclosures at once (0 = one per core)", nullptr, 0.0, 4096.0},
      &TessellationOptions::threads);
  }
};

/// Cells and edges of a tessellation. Cells are in the buildings' coordinates,
/// one (multi)polygon per building, in the order of the buildings.
struct Tessellation {
  io::Geometries cells;
  std::vector<Edge> edges;                 ///< u < v, sorted, shared boundary lengths
  std::vector<std::int32_t> enclosure;     ///< enclosure of each building (0 when no barriers)
  std::size_t enclosures = 0;              ///< number of enclosures (1 without barriers)
  std::size_t crossed_by_barrier = 0;      ///< buildings a barrier line runs through (cut to their enclosure)
  std::size_t sample_points = 0;           ///< distinct points sampled on the outlines
};

/// Tessellates building footprints (polygons; a footprint whose only ring
/// has a single point is a point building) in metric coordinates, cut by the
/// barrier lines. @throws InputError when a footprint is empty, a
/// coordinate is not finite, or an enclosure needs more than
/// `options.max_points` points.
[[nodiscard]] Tessellation tessellate(const io::Geometries& buildings, const Lines& barriers,
                                      const TessellationOptions& options = {});

/// Options of build_units. The field list gives the `gridgov build` flags
/// (`--layer`, `--id-field`, `--barriers`, `--communities`,
/// `--community-field`, `--households`, `--floors`, ...; the tessellation's
/// flattened: `--max-distance`, ...), the report's "options" and the Python
/// keywords of gridgov.build_units.
struct BuildOptions {
  std::string layer;              ///< buildings layer ("" = the first; OSM PBF: multipolygons)
  std::string where;              ///< attribute filter on buildings (OGR SQL), e.g. "building IS NOT NULL"
  std::string id_field;           ///< unit id field ("" = the feature's number)
  std::string barriers;           ///< barrier lines (or polygons: their boundaries) file
  std::string barriers_layer;
  std::string barriers_where;     ///< e.g. "highway IN ('primary','secondary')"
  std::string communities;        ///< community polygons file
  std::string communities_layer;
  std::string community_field;    ///< community code or name field of the communities
  std::string outside_community = "outside";  ///< community of buildings outside every community
                                              ///< (without communities, every building is in "all")
  std::string households_field;   ///< households when given (empty or null values are estimated)
  std::string floors_field;       ///< number of floors
  std::string height_field;       ///< height in metres (floors = height / floor_height)
  std::string use_field;          ///< building use field; with residential_values, who has households
  std::vector<std::string> residential_values;  ///< use values that are residential (empty: all are)
  bool skip_invalid = false;      ///< leave out (and list) footprints that cannot be repaired, or repeat an earlier one, instead of failing
  std::string crs;                ///< metric CRS to work in ("" = the layer's, or local UTM for lon/lat)
  double floor_height = 3.0;      ///< metres per floor
  double floor_area_per_household = 90.0;  ///< gross floor area per household, m2
  double persons_per_household = 2.5;
  /// Largest footprint taken, m2 (0 = no limit): a larger one is far more
  /// likely coordinates read in the wrong CRS than a building (the largest
  /// buildings cover well under 1 km2), and would take minutes to tessellate.
  double max_footprint_area = 1e6;
  TessellationOptions tessellation;
  /// Called now and then from the calling thread while reading and
  /// tessellating (not in the field list); returning false cancels:
  /// build_units throws gridgov::Interrupted.
  ProgressCallback progress;

  // `cli` "-": the command line spells these its own way (--residential a,b;
  // --skip-invalid as a flag with no value).
  template <class V>
  static void describe(V&& v) {
    v(Field{"layer", "buildings layer (default: the first; OSM PBF: multipolygons)"}, &BuildOptions::layer);
    v(Field{"where", "attribute filter on the buildings (OGR SQL), e.g. \"building IS NOT NULL\""}, &BuildOptions::where);
    v(Field{"id_field", "field holding the unit id (default: the feature number)"}, &BuildOptions::id_field);
    v(Field{"barriers", "barrier lines (or polygons: their boundaries) that cells do not cross"}, &BuildOptions::barriers);
    v(Field{"barriers_layer", "barriers layer (OSM PBF: lines)"}, &BuildOptions::barriers_layer);
    v(Field{"barriers_where", "attribute filter on the barriers, e.g. \"highway IN ('primary')\""},
      &BuildOptions::barriers_where);
    v(Field{"communities", "community polygons"}, &BuildOptions::communities);
    v(Field{"communities_layer", "communities layer"}, &BuildOptions::communities_layer);
    v(Field{"community_field", "field holding each community's code or name"}, &BuildOptions::community_field);
    v(Field{"outside_community", "community of buildings outside every community"}, &BuildOptions::outside_community);
    v(Field{"households", "field holding households (empty values are estimated)"}, &BuildOptions::households_field);
    v(Field{"floors", "field holding the number of floors"}, &BuildOptions::floors_field);
    v(Field{"height", "field holding the height in metres (floors = height / floor height)"}, &BuildOptions::height_field);
    v(Field{"use_field", "field holding the building's use"}, &BuildOptions::use_field);
    v(Field{"residential", "use values that are residential (default: all)", "-"}, &BuildOptions::residential_values);
    v(Field{"floor_height", "metres per floor", nullptr, kAboveZero, kFiniteMax}, &BuildOptions::floor_height);
    v(Field{"floor_area_per_household", "gross floor area per household, m2", nullptr, kAboveZero, kFiniteMax},
      &BuildOptions::floor_area_per_household);
    v(Field{"persons_per_household", "population = households x this", nullptr, 0.0, kFiniteMax},
      &BuildOptions::persons_per_household);
    v(Field{"max_footprint_area", "largest footprint taken, m2 (0 = no limit): larger ones are refused as a likely CRS mistake",
            nullptr, 0.0, kFiniteMax},
      &BuildOptions::max_footprint_area);
    v(Field{"tessellation", "how the cells are drawn"}, &BuildOptions::tessellation);
    v(Field{"crs", "metric CRS to work in and write (default: the buildings' own, or local UTM for lon/lat)"},
      &BuildOptions::crs);
    v(Field{"skip_invalid", "leave out (and list) footprints that cannot be repaired instead of failing", "-"},
      &BuildOptions::skip_invalid);
  }
};

/// How the households were found.
struct HouseholdReport {
  std::size_t from_field = 0;       ///< households given by the households field
  std::size_t floors_from_field = 0;   ///< estimated, floors from the floors field
  std::size_t floors_from_height = 0;  ///< estimated, floors = height / floor height
  std::size_t floors_default = 0;      ///< estimated, one floor
  std::size_t non_residential = 0;     ///< not residential: 0 households
  double total = 0.0;

  template <class V>
  static void describe(V&& v) {
    v(Field{"total", "households of all units"}, &HouseholdReport::total);
    v(Field{"from_field", "buildings whose households the households field gave"}, &HouseholdReport::from_field);
    v(Field{"estimated_floors_from_field", "estimated, floors from the floors field"}, &HouseholdReport::floors_from_field);
    v(Field{"estimated_floors_from_height", "estimated, floors = height / floor height"},
      &HouseholdReport::floors_from_height);
    v(Field{"estimated_one_floor", "estimated, one floor"}, &HouseholdReport::floors_default);
    v(Field{"non_residential", "not residential: 0 households"}, &HouseholdReport::non_residential);
  }
};

struct BuildResult {
  UnitTable table;                 ///< id, x, y (representative point), community, households, population, area
  Tessellation tessellation;       ///< cells and edges
  io::Geometries footprints;       ///< the footprints tessellated (repaired; a point building: a one-point ring)
  std::string crs;                 ///< the working CRS, "EPSG:code" when known
  std::string crs_wkt;             ///< its WKT
  HouseholdReport households;
  std::size_t repaired = 0;        ///< invalid footprints made valid
  std::vector<std::string> outside; ///< ids of buildings outside every community
  std::vector<std::string> skipped; ///< "id: reason" of footprints left out (skip_invalid)
};

/// What `gridgov build --report` writes and gridgov.build_units's
/// `cells.attrs["gridgov_build"]` holds: the CRS, the counts, how the
/// households were found and the options they were estimated with.
struct BuildReport {
  std::string crs;                   ///< the working CRS, "EPSG:code" when known
  std::string crs_wkt;               ///< its WKT
  std::int64_t units = 0;
  std::int64_t edges = 0;
  std::size_t enclosures = 0;
  std::size_t crossed_by_barrier = 0;
  std::size_t sample_points = 0;
  std::size_t repaired_footprints = 0;
  HouseholdReport households;
  std::vector<std::string> outside_community;  ///< ids of buildings outside every community
  std::vector<std::string> skipped;            ///< "id: reason" of footprints left out
  BuildOptions options;                        ///< the options of the run (the estimate's inputs among them)

  template <class V>
  static void describe(V&& v) {
    v(Field{"crs", "the working CRS (EPSG:code when it has one)"}, &BuildReport::crs);
    v(Field{"crs_wkt", "the working CRS as WKT"}, &BuildReport::crs_wkt);
    v(Field{"units", "units (buildings) built"}, &BuildReport::units);
    v(Field{"edges", "rook edges between the cells"}, &BuildReport::edges);
    v(Field{"enclosures", "enclosures the barriers cut the area into"}, &BuildReport::enclosures);
    v(Field{"crossed_by_barrier", "buildings a barrier runs through (cut to one enclosure)"},
      &BuildReport::crossed_by_barrier);
    v(Field{"sample_points", "distinct points sampled on the outlines"}, &BuildReport::sample_points);
    v(Field{"repaired_footprints", "invalid footprints made valid"}, &BuildReport::repaired_footprints);
    v(Field{"households", "how the households were found"}, &BuildReport::households);
    v(Field{"outside_community", "ids of buildings outside every community"}, &BuildReport::outside_community);
    v(Field{"skipped", "footprints left out (skip_invalid), as 'id: reason'"}, &BuildReport::skipped);
    v(Field{"options", "the options of the run"}, &BuildReport::options);
  }
};

/// The report of a build whose graph is `graph`.
[[nodiscard]] BuildReport build_report(const BuildResult& result, const UnitGraph& graph, const BuildOptions& options);

/// Reads buildings (and barriers, communities) with GDAL, projects them to a
/// metric CRS, estimates households and tessellates.
/// @throws InputError naming the file and the feature
[[nodiscard]] BuildResult build_units(const std::string& buildings, const BuildOptions& options = {});
/// build_units, with the cells also written to `cells` (as write_cells
/// writes them: same columns, whole or not at all) while the others are
/// still being made: the file's spatial index is filled as they come.
[[nodiscard]] BuildResult build_units(const std::string& buildings, const BuildOptions& options,
                                      const std::string& cells);

/// Writes one polygon per unit with its id and columns (GeoPackage,
/// GeoJSON, Shapefile or FlatGeobuf by the extension) in the CRS given as
/// WKT, whole or not at all. @throws Error
void write_cells(const std::string& path, const io::Geometries& cells, const UnitTable& table,
                 const std::string& crs_wkt, const std::string& id_name = "id");

/// Checks with GDAL/PROJ that `crs` names a known CRS ("" passes).
/// @throws InputError from `where`
void check_crs_known(const std::string& crs, const std::string& where = "--crs");

/// A CRS as GDAL/PROJ reads it ("EPSG:4326", an OGC URN, WKT, PROJJSON):
/// its WKT and whether it is geographic (longitude/latitude). Empty in, empty
/// out. @throws InputError from `where` when GDAL/PROJ knows no such CRS
struct CrsInfo {
  std::string wkt;
  bool geographic = false;
};
[[nodiscard]] CrsInfo crs_info(const std::string& crs, const std::string& where = "--crs");

/// The CRS of a vector file's layer ("" = the first): "AUTH:code" when it
/// has one, else WKT; "" when the layer has none. @throws InputError
[[nodiscard]] std::string vector_crs(const std::string& path, const std::string& layer = "");

/// Cells read back from a vector file (as write_cells writes them): one
/// (multi)polygon per unit of `graph`, matched by the `id_field` attribute.
struct CellsFile {
  io::Geometries cells;   ///< in the order of the graph's units
  std::string crs_wkt;    ///< the file's CRS ("" when it has none)
};
/// @throws InputError naming the file and the feature (unknown or duplicate
/// id, not a polygon) or the first unit without a cell
[[nodiscard]] CellsFile read_cells(const std::string& path, const UnitGraph& graph, const std::string& id_field = "id");

/// Cells for units that are points (a unit graph without footprints): the
/// tessellation of `tessellate` with each unit as a point building and no
/// barriers, each cell limited to `options.max_distance` metres around its
/// point, so that grids drawn from them (dissolve_grids) tile the land
/// instead of overlapping. Units at the same point are spread on a 0.5 m
/// circle so that each gets a cell. `geographic`: the coordinates are
/// longitude/latitude; they are tessellated in a local equirectangular
/// projection (metres, around the mean point) and the cells come back in
/// degrees. @throws InputError for a unit without finite coordinates (or
/// outside -180..180, -90..90 when geographic)
[[nodiscard]] io::Geometries point_cells(const UnitGraph& graph, bool geographic,
                                         const TessellationOptions& options = {});

/// One polygon per grid: the union of its units' cells (snapped to 1 mm, so
/// that cells meeting along a shared boundary dissolve into one polygon).
/// Grid g is unit g of the result; a grid of no unit gets no polygon.
[[nodiscard]] io::Geometries dissolve_grids(const io::Geometries& cells, const UnitGraph& graph, const Plan& plan);

/// Writes the grid polygons with `grid` (code), `units`, `households`,
/// `population`, `community`, `parts` (1 for a contiguous grid) and any extra
/// numeric column given per grid, in the CRS given as WKT.
void write_grids(const std::string& path, const io::Geometries& grids, const UnitGraph& graph, const Plan& plan,
                 const std::string& crs_wkt,
                 const std::vector<std::pair<std::string, std::vector<double>>>& extra = {});

}  // namespace gridgov::geo
