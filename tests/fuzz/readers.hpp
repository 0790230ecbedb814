#pragma once
// What each fuzz target does with its input, shared by the libFuzzer
// targets (fuzz_<reader>.cpp) and the GoogleTest suite, which replays the
// seed corpus and the inputs of past findings through the same code
// (tests/cpp/io/test_fuzz_regressions.cpp).
//
// Each reader is given the bytes as text. A gridgov::Error is a fine
// outcome; any other exception, a crash or a sanitizer report is a finding.
// Whatever a reader accepts must also come out of the library's writers as
// text that the matching reader takes back, and every error message must be
// valid UTF-8 (the command-line program puts messages into JSON reports).
// Three readers take their options from the first byte of the input (see
// edges_csv, geojson and buildings). The buildings reader (GDAL + GEOS) is
// there when GRIDGOV_FUZZ_GEO is defined (the build has gridgov_geo).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>
#include <sys/mman.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "gridgov/core/error.hpp"
#include "gridgov/core/hierarchy.hpp"
#include "gridgov/core/plan.hpp"
#include "gridgov/core/unit_graph.hpp"
#include "gridgov/ensemble/ensemble.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/io/geojson.hpp"
#include "gridgov/io/networkx.hpp"
#include "gridgov/io/scenario.hpp"
#include "gridgov/partition/partition.hpp"
#include "gridgov/partition/synth.hpp"
#include "gridgov/simulate/params.hpp"
#include "gridgov/workload/config.hpp"

#ifdef GRIDGOV_FUZZ_GEO
#include <cmath>
#include <cpl_vsi.h>
#include <gdal_priv.h>

#include "geo/geos_util.hpp"
#include "gridgov/geo/build.hpp"
#endif

namespace gridgov::fuzz {

/// A finding: thrown by the checks below, never by the library.
struct Finding : std::logic_error {
  using std::logic_error::logic_error;
};

[[noreturn]] inline void finding(const std::string& what, std::string_view detail) {
  throw Finding(what + ": " + std::string(detail.substr(0, 2000)));
}

/// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
inline bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  while (i < s.size()) {
    const unsigned c = byte(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (s.size() - i <= n) return false;  // truncated sequence
    if (byte(i + 1) < lo || byte(i + 1) > hi) return false;
    for (std::size_t k = 2; k <= n; ++k)
      if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return false;
    i += n + 1;
  }
  return true;
}

/// Text the library wrote must be JSON that nlohmann accepts (valid UTF-8).
inline void written_json(const std::string& text, const std::string& what) {
  if (!nlohmann::json::accept(text)) finding(what + " is not valid JSON", text.substr(0, 500));
}

/// Runs `reader` on `input`: "" when it returned or threw a gridgov::Error
/// with a valid message, else what was found.
template <class Reader>
std::string outcome(Reader&& reader, std::string_view input) {
  try {
    reader(input);
  } catch (const Finding& f) {
    return f.what();
  } catch (const Error& e) {
    if (!valid_utf8(e.what())) return std::string("an error message that is not valid UTF-8: ") + e.what();
  } catch (const std::exception& e) {
    return std::string("an exception that is not a gridgov::Error (") + typeid(e).name() + "): " + e.what();
  }
  return {};
}

// ---- the readers ----------------------------------------------------------

/// Units CSV, the unit graph built from it, its networkx JSON and its
/// scenario written and read back.
inline void units_csv(std::string_view text) {
  UnitTable table = io::parse_units_csv(text, "units.csv");
  const UnitGraph g(std::move(table), {}, "units.csv");
  written_json(io::networkx_json(g), "networkx_json of accepted units");
  const std::string scenario = io::scenario_json(io::make_scenario(g));
  written_json(scenario, "scenario_json of accepted units");
  try {
    (void)io::scenario_graph(io::parse_scenario(scenario, "written"));
  } catch (const Error& e) {
    finding("a scenario written from accepted units is not read back", e.what());
  }
}

/// Eight units with ids 0..7 in order (the edge reader's positional fast
/// path) or with named ids.
inline UnitTable eight_units(bool positional) {
  UnitTable t;
  const char* named[] = {"a", "b", "B00001", "620102001001", "x y", "\xE5\x8C\x97", "-1", "07"};
  std::vector<double> hh;
  for (int i = 0; i < 8; ++i) {
    t.id.push_back(positional ? std::to_string(i) : std::string(named[i]));
    t.x.push_back(static_cast<double>(i % 3));
    t.y.push_back(static_cast<double>(i / 3));
    t.community.emplace_back(i < 4 ? "620102001001" : "620102001002");
    hh.push_back(10.0 + i);
  }
  t.attributes.emplace_back("households", hh);
  t.attributes.emplace_back("population", hh);
  return t;
}

/// Edges CSV against eight units, then the unit graph. The first byte picks
/// the units: even, ids 0..7; odd, named ids (a, b, B00001, 620102001001,
/// "x y", 北, -1, 07).
inline void edges_csv(std::string_view input) {
  static const UnitTable positional = eight_units(true), named = eight_units(false);
  if (input.empty()) return;
  const UnitTable& t = (static_cast<unsigned char>(input[0]) & 1) != 0 ? named : positional;
  const auto edges = io::parse_edges_csv(input.substr(1), t, "edges.csv");
  const UnitGraph g(t, edges, "edges.csv");
  (void)g.num_edges();
}

/// Plan CSV against a path of the eight named units, then the plan's
/// labels read back into a plan.
inline void plan_csv(std::string_view text) {
  static const UnitGraph g = [] {
    std::vector<Edge> edges;
    for (UnitIndex i = 1; i < 8; ++i) edges.push_back({i - 1, i, 0.0});
    return UnitGraph(eight_units(false), edges, "units");
  }();
  const Plan p = io::parse_plan_csv(text, g, "plan.csv");
  std::vector<std::string> labels(static_cast<std::size_t>(g.size()));
  for (std::size_t u = 0; u < labels.size(); ++u)
    if (p.grid_of[u] != kNoGrid) labels[u] = p.grid_codes[static_cast<std::size_t>(p.grid_of[u])];
  (void)Plan::from_labels(labels);
}

inline void check_hierarchy(const std::vector<HierarchyError>& errors, const Hierarchy& h) {
  for (const auto& e : errors)
    if (!valid_utf8(e.to_string())) finding("a hierarchy error that is not valid UTF-8", e.to_string());
  for (Hierarchy::Node n = 0; n < h.size(); ++n)
    if (!valid_utf8(h.name(n)) || !valid_utf8(h.code(n))) finding("a division name or code that is not valid UTF-8", h.name(n));
}

/// Divisions CSV, both ways in: the one-pass io::parse_hierarchy_csv, and
/// io::parse_divisions_csv then Hierarchy::from_rows. Every error text must
/// be valid UTF-8 (`gridgov hierarchy --json` prints them).
inline void divisions_csv(std::string_view text) {
  {
    std::vector<HierarchyError> errors;
    const Hierarchy h = io::parse_hierarchy_csv(text, "divisions.csv", errors);
    check_hierarchy(errors, h);
  }
  const auto rows = io::parse_divisions_csv(text, "divisions.csv");
  std::vector<HierarchyError> errors;
  const Hierarchy h = Hierarchy::from_rows(rows, errors, "divisions.csv");
  check_hierarchy(errors, h);
}

/// The GeoJSON options of a first byte: bit 0 queen (else rook), (b >> 1) % 3
/// geographic automatic / yes / no, bit 3 a default community, bits 4-7 the
/// tolerance (automatic, or one of 1e-300, 1e-9, 0.5, 1e300, -1, the
/// smallest denormal, 1e-3, 10).
inline io::GeoJsonOptions geojson_options(unsigned char b) {
  static constexpr double kTolerance[] = {0.0,  0.0,  0.0, 0.0, 1e-300, 1e-9, 0.5, 1e300,
                                          -1.0, std::numeric_limits<double>::denorm_min(), 1e-3, 10.0,
                                          0.0,  0.0,  0.0, 0.0};
  io::GeoJsonOptions o;
  o.contiguity = (b & 1) != 0 ? io::Contiguity::queen : io::Contiguity::rook;
  const unsigned g = (b >> 1) % 3;
  o.geographic = g == 0 ? io::Geographic::automatic : g == 1 ? io::Geographic::yes : io::Geographic::no;
  o.tolerance = kTolerance[(b >> 4) & 15];
  o.allow_no_edges = true;  // Point input: no edges file
  if ((b & 8) != 0) o.default_community = "620102001001";
  return o;
}

/// GeoJSON units with their contiguity (options from the first byte), the
/// unit graph, and the plan GeoJSON written back.
inline void geojson(std::string_view input) {
  if (input.empty()) return;
  io::GeoUnits units = io::parse_units_geojson(input.substr(1), "units.geojson", geojson_options(static_cast<unsigned char>(input[0])));
  const io::Geometries polygons = units.polygons;
  const UnitGraph g(std::move(units.table), units.edges, "units.geojson");
  written_json(io::plan_geojson(g, nullptr, polygons.empty() ? nullptr : &polygons), "plan_geojson of accepted GeoJSON");
}

/// networkx JSON, the unit graph, and its networkx JSON written and read back.
inline void networkx(std::string_view text) {
  io::NetworkxGraph nx = io::parse_networkx_json(text, "graph.json");
  const UnitGraph g(std::move(nx.table), nx.edges, "graph.json");
  const std::string out = io::networkx_json(g);
  written_json(out, "networkx_json of an accepted graph");
  try {
    (void)io::parse_networkx_json(out, "written");
  } catch (const Error& e) {
    finding("a networkx graph written from an accepted one is not read back", e.what());
  }
}

/// Scenario JSON, written and read back, its unit graph and plan.
inline void scenario(std::string_view text) {
  const io::Scenario s = io::parse_scenario(text, "scenario.json");
  const std::string out = io::scenario_json(s);
  written_json(out, "scenario_json of an accepted scenario");
  try {
    (void)io::parse_scenario(out, "written");
  } catch (const Error& e) {
    finding("a scenario written from an accepted one is not read back", e.what());
  }
  const UnitGraph g = io::scenario_graph(s, "scenario.json");
  if (s.has_plan()) (void)io::scenario_plan(s);
}

/// Workload and staffing configuration, written and read back.
inline void workload_config(std::string_view text) {
  const auto settings = parse_workload_config(text, "workload.json");
  const std::string out = workload_config_to_json(settings);
  written_json(out, "workload_config_to_json of an accepted configuration");
  try {
    (void)parse_workload_config(out, "written");
  } catch (const Error& e) {
    finding("a workload configuration written from an accepted one is not read back", e.what());
  }
}

/// Simulation parameters, written and read back.
inline void sim_params(std::string_view text) {
  const SimParams p = sim_params_from_json(text, "sim.json");
  const std::string out = sim_params_to_json(p);
  written_json(out, "sim_params_to_json of accepted parameters");
  try {
    (void)sim_params_from_json(out, "written");
  } catch (const Error& e) {
    finding("simulation parameters written from accepted ones are not read back", e.what());
  }
}

/// The city and starting plan of the ensemble_plans target: its seed corpus
/// was written by `gridgov synth --units 200 --seed 1`, `gridgov partition`
/// (defaults) and `gridgov ensemble --plans-out` on that plan (tests/fuzz/README.md).
struct PlansCity {
  UnitGraph graph;
  Plan start;
};
inline const PlansCity& plans_city() {
  static const PlansCity c = [] {
    SynthOptions so;
    so.units = 200;
    so.seed = 1;
    UnitGraph g = synth_city(so);
    const Plan drawn = partition(g).plan;
    // Numbered as a plan CSV written in unit order reads back.
    std::vector<std::string> labels(drawn.grid_of.size());
    for (std::size_t u = 0; u < labels.size(); ++u)
      labels[u] = drawn.grid_codes[static_cast<std::size_t>(drawn.grid_of[u])];
    Plan start = Plan::from_labels(labels);
    return PlansCity{std::move(g), std::move(start)};
  }();
  return c;
}

/// An ensemble's plans file (replay_plans), handed over as a memory file:
/// every plan it replays must give every unit a grid of the start's.
inline void ensemble_plans(std::string_view bytes) {
  const PlansCity& c = plans_city();
  static const int fd = ::memfd_create("gridgov-plans", 0);
  if (fd < 0) throw std::runtime_error("memfd_create failed");
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size()))
    throw std::runtime_error("memory file write failed");
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  const auto k = static_cast<GridIndex>(c.start.grid_codes.size());
  for (int chain = 0; chain < 2; ++chain)
    (void)replay_plans(path, c.start, chain, [&](std::int64_t step, const Plan& p) {
      if (p.grid_of.size() != c.start.grid_of.size()) finding("a replayed plan has the wrong size", std::to_string(step));
      for (const auto q : p.grid_of)
        if (q < 0 || q >= k) finding("a replayed plan names a grid out of range", std::to_string(step));
    });
}

#ifdef GRIDGOV_FUZZ_GEO
// ---- the building layers (gridgov_geo: GDAL + GEOS) -------------------------

/// The options of the buildings target's first byte: bit 0, barriers from the
/// lines of the same layer; bits 1-2, which features are buildings (all,
/// polygons, points, polygons and points); bit 3, households from the field
/// `households`; bit 4, ids from the field `id`; bit 5, invalid footprints
/// skipped; bit 6, the working CRS EPSG:3067 (else the layer's, or UTM);
/// bit 7, no simplification of the cells. Small limits keep a run short:
/// reach 30 m, a sample every 4 m, at most 20,000 points per enclosure, one thread.
inline geo::BuildOptions buildings_options(unsigned char b, const std::string& path) {
  static constexpr const char* kWhere[] = {"", "OGR_GEOMETRY IN ('POLYGON', 'MULTIPOLYGON')", "OGR_GEOMETRY = 'POINT'",
                                           "OGR_GEOMETRY IN ('POLYGON', 'MULTIPOLYGON', 'POINT')"};
  geo::BuildOptions o;
  if ((b & 1) != 0) {
    o.barriers = path;
    o.barriers_where = "OGR_GEOMETRY IN ('LINESTRING', 'MULTILINESTRING')";
  }
  o.where = kWhere[(b >> 1) & 3];
  if ((b & 8) != 0) o.households_field = "households";
  if ((b & 16) != 0) o.id_field = "id";
  o.skip_invalid = (b & 32) != 0;
  if ((b & 64) != 0) o.crs = "EPSG:3067";
  o.tessellation.max_distance = 30.0;
  o.tessellation.sample_spacing = 4.0;
  o.tessellation.simplify = (b & 128) != 0 ? 0.0 : 0.1;
  o.tessellation.threads = 1;
  o.tessellation.max_points = 20000;
  return o;
}

/// GDAL with only its GeoJSON driver (the target fuzzes gridgov's reading of
/// a layer, not GDAL's other formats), quiet, and no network.
inline void geojson_only_gdal() {
  static const bool once = [] {
    CPLSetErrorHandler(CPLQuietErrorHandler);
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "1");
    CPLSetConfigOption("GDAL_HTTP_CONNECTTIMEOUT", "1");
    CPLSetConfigOption("GDAL_HTTP_MAX_RETRY", "0");
    CPLSetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR");
    try {
      (void)geo::build_units("/vsimem/gridgov-fuzz-none.geojson");  // registers GDAL's drivers (once)
    } catch (const Error&) {
    }
    GDALDriverManager* m = GetGDALDriverManager();
    for (int i = m->GetDriverCount() - 1; i >= 0; --i) {
      GDALDriver* d = m->GetDriver(i);
      if (std::string_view(d->GetDescription()) != "GeoJSON") {
        m->DeregisterDriver(d);
        GDALDestroyDriver(d);
      }
    }
    return true;
  }();
  (void)once;
}

/// Checks what build_units gave for a layer it accepted: every unit has a
/// finite point and households, and a cell that is a valid polygon of
/// positive area touching its footprint (unless a barrier cuts some
/// building); no two cells overlap (up to 40 units); the edges are
/// u < v, sorted, unique, of positive finite length, within an enclosure,
/// between cells that touch, and make a unit graph.
inline void check_build(const geo::BuildResult& r) {
  namespace d = geo::detail;
  const UnitTable& t = r.table;
  const std::size_t n = t.id.size();
  const geo::Tessellation& tess = r.tessellation;
  if (tess.cells.num_units() != n || r.footprints.num_units() != n || tess.enclosure.size() != n)
    finding("cells, footprints or enclosures do not match the units", std::to_string(n));
  // Ids, communities and the lists of the report go into JSON and GeoPackage outputs.
  for (std::size_t u = 0; u < n; ++u)
    if (!valid_utf8(t.id[u]) || !valid_utf8(t.community[u])) finding("an id or community that is not valid UTF-8", t.id[u]);
  for (const auto* list : {&r.skipped, &r.outside})
    for (const auto& s : *list)
      if (!valid_utf8(s)) finding("a skipped or outside entry that is not valid UTF-8", s);
  if (!valid_utf8(r.crs) || !valid_utf8(r.crs_wkt)) finding("a CRS name or WKT that is not valid UTF-8", r.crs);
  for (const auto& [name, column] : t.attributes)
    for (const double v : column)
      if (!std::isfinite(v) || ((name == "households" || name == "population") && v < 0))
        finding("a unit column holds a bad value", name + " " + std::to_string(v));
  d::Geos g;
  std::vector<d::Geom> cells, feet;
  std::vector<double> areas;
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0;
  for (const double v : r.footprints.xy) {
    x0 = std::min(x0, v);
    x1 = std::max(x1, v);
  }
  // Cells are rounded to a centimetre and simplified within 0.1 m.
  const double tol = 0.2 + 1e-9 * std::max(std::abs(x0), std::abs(x1));
  for (std::size_t u = 0; u < n; ++u) {
    if (!std::isfinite(t.x[u]) || !std::isfinite(t.y[u])) finding("a unit's point is not finite", t.id[u]);
    if (tess.cells.unit_offsets[u] == tess.cells.unit_offsets[u + 1]) finding("a unit without a cell", t.id[u]);
    for (std::size_t p = tess.cells.unit_offsets[u]; p < tess.cells.unit_offsets[u + 1]; ++p)
      for (std::size_t k = tess.cells.polygon_offsets[p]; k < tess.cells.polygon_offsets[p + 1]; ++k)
        if (tess.cells.ring_offsets[k + 1] - tess.cells.ring_offsets[k] < 4) finding("a cell ring of fewer than 4 points", t.id[u]);
    d::Geom cell = d::unit_geometry(g, tess.cells, u);
    d::Geom foot = d::unit_geometry(g, r.footprints, u);
    if (!cell || !foot) finding("a cell or footprint GEOS cannot build", t.id[u]);
    if (GEOSisValid_r(g.get(), cell.get()) != 1) {
      char* why = GEOSisValidReason_r(g.get(), cell.get());
      const std::string reason = why ? why : "?";
      GEOSFree_r(g.get(), why);
      finding("an invalid cell", t.id[u] + ": " + reason);
    }
    double area = 0;
    if (GEOSArea_r(g.get(), cell.get(), &area) != 1 || !(area > 0)) finding("a cell without area", t.id[u]);
    double dist = 0;
    if (tess.crossed_by_barrier == 0 && (GEOSDistance_r(g.get(), cell.get(), foot.get(), &dist) != 1 || dist > tol))
      finding("a cell apart from its building", t.id[u] + " at " + std::to_string(dist));
    cells.push_back(std::move(cell));
    feet.push_back(std::move(foot));
    areas.push_back(area);
  }
  if (n <= 40)
    for (std::size_t u = 0; u < n; ++u)
      for (std::size_t v = u + 1; v < n; ++v) {
        if (GEOSIntersects_r(g.get(), cells[u].get(), cells[v].get()) != 1) continue;
        d::Geom both = d::own(g, GEOSIntersection_r(g.get(), cells[u].get(), cells[v].get()));
        double a = 0;
        if (!both || GEOSArea_r(g.get(), both.get(), &a) != 1) finding("GEOS cannot intersect two cells", t.id[u] + ", " + t.id[v]);
        if (a > 1e-6 * std::min(areas[u], areas[v]) + 1e-6)
          finding("two cells overlap", t.id[u] + ", " + t.id[v] + ": " + std::to_string(a) + " m2");
      }
  for (std::size_t i = 0; i < tess.edges.size(); ++i) {
    const Edge& e = tess.edges[i];
    const std::string which = std::to_string(e.u) + "-" + std::to_string(e.v);
    if (e.u < 0 || e.v < 0 || static_cast<std::size_t>(e.v) >= n || !(e.u < e.v)) finding("an edge out of order or a self-edge", which);
    if (i > 0 && !(tess.edges[i - 1].u < e.u || (tess.edges[i - 1].u == e.u && tess.edges[i - 1].v < e.v)))
      finding("edges not sorted or repeated", which);
    if (!std::isfinite(e.shared_boundary) || !(e.shared_boundary > 0)) finding("an edge of bad length", which + " " + std::to_string(e.shared_boundary));
    const auto uu = static_cast<std::size_t>(e.u), vv = static_cast<std::size_t>(e.v);
    if (tess.enclosure[uu] != tess.enclosure[vv]) finding("an edge across enclosures", which);
    double dist = 0;
    if (GEOSDistance_r(g.get(), cells[uu].get(), cells[vv].get(), &dist) != 1 || dist > tol)
      finding("an edge between cells apart", which + " at " + std::to_string(dist));
  }
  const UnitGraph graph(t, tess.edges, "buildings");
  for (UnitIndex u = 0; u < graph.size(); ++u)
    for (const UnitIndex v : graph.neighbors(u)) {
      const auto back = graph.neighbors(v);
      if (v == u || std::find(back.begin(), back.end(), u) == back.end())
        finding("the unit graph is not symmetric", std::to_string(u) + "-" + std::to_string(v));
    }
}

/// Buildings given to GDAL as a GeoJSON memory file (/vsimem/, removed
/// after), read by geo::build_units with the options of the first byte
/// (buildings_options), then check_build.
inline void buildings(std::string_view input) {
  if (input.empty()) return;
  geojson_only_gdal();
  static const std::string path = "/vsimem/gridgov-fuzz-buildings.geojson";
  std::string bytes(input.substr(1));
  VSILFILE* f = VSIFileFromMemBuffer(path.c_str(), reinterpret_cast<GByte*>(bytes.data()), bytes.size(), FALSE);
  if (!f) throw std::runtime_error("VSIFileFromMemBuffer failed");
  VSIFCloseL(f);
  struct Unlink {
    ~Unlink() { VSIUnlink(path.c_str()); }
  } unlink_after;
  const geo::BuildResult r = geo::build_units(path, buildings_options(static_cast<unsigned char>(input[0]), path));
  check_build(r);
}
#endif  // GRIDGOV_FUZZ_GEO

}  // namespace gridgov::fuzz
