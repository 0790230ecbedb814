// Reading units from GeoJSON.

#include "gridgov/io/geojson.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>
#include <unordered_set>

#include "gridgov/core/error.hpp"
#include "gridgov/core/format.hpp"
#include "gridgov/io/crs.hpp"
#include "gridgov/io/csv.hpp"
#include "io/json_util.hpp"
#include "io/polygon_check.hpp"

namespace gridgov::io {

using nlohmann::json;
using detail::preview;
using detail::scalar_string;

std::optional<Contiguity> parse_contiguity(std::string_view name) noexcept {
  if (name == "queen") return Contiguity::queen;
  if (name == "rook") return Contiguity::rook;
  return std::nullopt;
}

std::optional<Geographic> parse_geographic(std::string_view name) noexcept {
  if (name == "auto" || name == "automatic") return Geographic::automatic;
  if (name == "true" || name == "yes" || name == "1") return Geographic::yes;
  if (name == "false" || name == "no" || name == "0") return Geographic::no;
  return std::nullopt;
}

namespace {

constexpr double kEarthRadius = 6371008.8;  // mean radius, metres
constexpr double kDeg = std::numbers::pi / 180.0;

// Special-group columns that are optional but, once present, required on
// every feature.
constexpr std::string_view kKnownOptional[] = {"elderly_alone", "disabled", "hardship"};

class FeatureError {
 public:
  FeatureError(const std::string& source, std::size_t feature) : source_(source), feature_(feature) {}
  void set_id(std::string id) { id_ = std::move(id); }
  [[noreturn]] void fail(const std::string& message) const {
    std::string where = "feature " + std::to_string(feature_);
    if (!id_.empty()) where += " (id '" + id_ + "')";
    throw InputError(source_, feature_, where + ": " + message);
  }

 private:
  const std::string& source_;
  std::size_t feature_;
  std::string id_;
};

double read_coordinate(const json& v, const FeatureError& err, const char* what) {
  if (!v.is_number()) err.fail(std::string("non-numeric coordinate ") + preview(v) + " in " + what);
  const double d = v.get<double>();
  if (!std::isfinite(d)) err.fail(std::string("coordinate is not finite in ") + what);
  return d;
}

void read_position(const json& pos, std::vector<double>& xy, const FeatureError& err, const char* what) {
  if (!pos.is_array() || pos.size() < 2)
    err.fail(std::string("a position must be an array of at least 2 numbers, got ") + preview(pos) + " in " + what);
  xy.push_back(read_coordinate(pos[0], err, what));
  xy.push_back(read_coordinate(pos[1], err, what));
}

// Appends one Polygon's rings (array of linear rings) to g.
void read_polygon(const json& rings, Geometries& g, const FeatureError& err, std::size_t part) {
  const std::string what = part == 0 ? std::string("polygon") : "polygon " + std::to_string(part);
  if (!rings.is_array()) err.fail(what + ": coordinates must be an array of rings");
  if (rings.empty()) err.fail(what + " has no rings");
  for (std::size_t r = 0; r < rings.size(); ++r) {
    const auto& ring = rings[r];
    const std::string rw = what + (r == 0 ? std::string(", outer ring") : ", hole " + std::to_string(r));
    if (!ring.is_array()) err.fail(rw + ": a ring must be an array of positions");
    if (ring.size() < 4)
      err.fail(rw + " has " + std::to_string(ring.size()) + " points; a linear ring needs at least 4");
    const std::size_t start = g.xy.size();
    for (const auto& pos : ring) read_position(pos, g.xy, err, rw.c_str());
    const std::size_t end = g.xy.size();
    if (g.xy[start] != g.xy[end - 2] || g.xy[start + 1] != g.xy[end - 1])
      err.fail(rw + " is not closed (its last point differs from its first)");
    g.ring_offsets.push_back(end / 2);
  }
  const std::size_t first_ring = g.polygon_offsets.back();
  const auto offsets = std::span<const std::size_t>(g.ring_offsets).subspan(first_ring);
  if (auto problem = detail::polygon_problem(g.xy, offsets))
    err.fail(what + " " + *problem + "; repair it first (QGIS: Fix geometries; shapely: make_valid)");
  g.polygon_offsets.push_back(g.ring_offsets.size() - 1);
}

// Numeric property or nullopt if absent/null; fails on a bad value.
std::optional<double> number_property(const json& props, const std::string& name, const FeatureError& err) {
  if (!props.is_object()) return std::nullopt;
  auto it = props.find(name);
  if (it == props.end() || it->is_null()) return std::nullopt;
  if (!it->is_number()) err.fail("property '" + name + "' is not a number: " + preview(*it));
  const double d = it->get<double>();
  if (!std::isfinite(d)) err.fail("property '" + name + "' is not finite");
  if (d < 0) err.fail("property '" + name + "' is negative (" + preview(*it) + ")");
  return d;
}

bool has_property(const json& props, const std::string& name) {
  if (!props.is_object()) return false;
  auto it = props.find(name);
  return it != props.end() && !it->is_null();
}

// Equirectangular projection about (lon0, lat0) to metres.
struct Projection {
  double lon0 = 0, lat0 = 0, kx = 1, ky = 1;
  bool active = false;
  [[nodiscard]] double fx(double x) const { return active ? (x - lon0) * kx : x; }
  [[nodiscard]] double fy(double y) const { return active ? (y - lat0) * ky : y; }
  [[nodiscard]] double bx(double x) const { return active ? x / kx + lon0 : x; }
  [[nodiscard]] double by(double y) const { return active ? y / ky + lat0 : y; }
};

// Area, perimeter and area centroid of unit u (in measured coordinates).
void measure_unit(const Geometries& m, std::size_t u, double& area, double& perimeter, double& cx, double& cy) {
  area = perimeter = 0;
  double mx = 0, my = 0;
  const std::size_t first = m.ring_offsets[m.polygon_offsets[m.unit_offsets[u]]];
  const double ox = m.xy[2 * first], oy = m.xy[2 * first + 1];
  double sumx = 0, sumy = 0;
  std::size_t count = 0;
  for (std::size_t p = m.unit_offsets[u]; p < m.unit_offsets[u + 1]; ++p)
    for (std::size_t r = m.polygon_offsets[p]; r < m.polygon_offsets[p + 1]; ++r) {
      double a2 = 0, rx = 0, ry = 0;
      for (std::size_t i = m.ring_offsets[r]; i + 1 < m.ring_offsets[r + 1]; ++i) {
        const double x0 = m.xy[2 * i] - ox, y0 = m.xy[2 * i + 1] - oy;
        const double x1 = m.xy[2 * i + 2] - ox, y1 = m.xy[2 * i + 3] - oy;
        const double c = x0 * y1 - x1 * y0;
        a2 += c;
        rx += (x0 + x1) * c;
        ry += (y0 + y1) * c;
        perimeter += std::hypot(x1 - x0, y1 - y0);
        sumx += x0;
        sumy += y0;
        ++count;
      }
      const bool outer = r == m.polygon_offsets[p];
      const double sign = outer ? (a2 < 0 ? -1.0 : 1.0) : (a2 > 0 ? -1.0 : 1.0);
      area += sign * a2 / 2;
      mx += sign * rx / 6;
      my += sign * ry / 6;
    }
  if (area > 0) {
    cx = mx / area + ox;
    cy = my / area + oy;
  } else {
    area = 0;
    cx = (count ? sumx / static_cast<double>(count) : 0) + ox;
    cy = (count ? sumy / static_cast<double>(count) : 0) + oy;
  }
}

std::string property_string(const json& props, const std::string& name, const FeatureError& err, const char* what) {
  const auto& v = props[name];
  std::string s = scalar_string(v);
  if (s.empty()) err.fail(std::string(what) + " property '" + name + "' must be a string or an integer, got " + preview(v));
  return s;
}

}  // namespace

GeoUnits parse_units_geojson(std::string_view text, const std::string& source, const GeoJsonOptions& options) {
  const json doc = detail::parse_json(text, source);
  if (!doc.is_object()) throw InputError(source, 0, "not a GeoJSON FeatureCollection (the top level is not an object)");
  auto type = doc.find("type");
  if (type == doc.end() || !type->is_string() || *type != "FeatureCollection")
    throw InputError(source, 0,
                     "not a GeoJSON FeatureCollection (\"type\" is " +
                         (type == doc.end() ? std::string("missing") : preview(*type)) + ")");
  auto fit = doc.find("features");
  if (fit == doc.end() || !fit->is_array()) throw InputError(source, 0, "the FeatureCollection has no \"features\" array");
  const json& features = *fit;
  if (features.empty()) throw InputError(source, 0, "the FeatureCollection has no features");
  const std::size_t n = features.size();

  GeoUnits out;
  UnitTable& t = out.table;
  t.id.reserve(n);
  t.community.reserve(n);
  Geometries& g = out.polygons;
  std::vector<double> px, py;  // point coordinates (point input)
  std::unordered_map<std::string, std::size_t> seen;
  seen.reserve(n);
  static const json kEmpty = json::object();
  std::vector<const json*> props(n);
  bool any_polygon = false, any_point = false;

  for (std::size_t f = 0; f < n; ++f) {
    FeatureError err(source, f + 1);
    const json& feat = features[f];
    if (!feat.is_object()) err.fail("not a GeoJSON Feature object");
    if (auto ft = feat.find("type"); ft != feat.end() && *ft != "Feature")
      err.fail("\"type\" is " + preview(*ft) + ", expected \"Feature\"");
    auto pit = feat.find("properties");
    const json& pr = (pit == feat.end() || pit->is_null()) ? kEmpty : *pit;
    if (!pr.is_object()) err.fail("\"properties\" must be an object");
    props[f] = &pr;

    // id
    std::string id;
    if (has_property(pr, options.id_field)) {
      id = property_string(pr, options.id_field, err, "id");
    } else if (auto fid = feat.find("id"); fid != feat.end() && !fid->is_null()) {
      id = scalar_string(*fid);
      if (id.empty()) err.fail("feature id must be a string or an integer, got " + preview(*fid));
    } else {
      err.fail("missing required property '" + options.id_field + "' (and no feature id)");
    }
    err.set_id(id);
    if (auto [it, inserted] = seen.try_emplace(id, f + 1); !inserted)
      err.fail("duplicate id '" + id + "' (also feature " + std::to_string(it->second) + ")");
    t.id.push_back(id);

    // community
    if (has_property(pr, options.community_field)) {
      t.community.push_back(property_string(pr, options.community_field, err, "community"));
    } else if (!options.default_community.empty()) {
      t.community.push_back(options.default_community);
    } else {
      err.fail("missing required property '" + options.community_field + "'");
    }

    // geometry
    auto git = feat.find("geometry");
    if (git == feat.end() || git->is_null()) err.fail("feature has no geometry");
    const json& geom = *git;
    if (!geom.is_object()) err.fail("geometry must be an object");
    auto gt = geom.find("type");
    if (gt == geom.end() || !gt->is_string()) err.fail("geometry has no \"type\"");
    const std::string gtype = gt->get<std::string>();
    auto cit = geom.find("coordinates");
    if (gtype == "Polygon" || gtype == "MultiPolygon" || gtype == "Point") {
      if (cit == geom.end() || !cit->is_array()) err.fail(gtype + " geometry has no \"coordinates\" array");
    }
    if (gtype == "Polygon") {
      if (any_point) err.fail("a Polygon among Point features (a file holds either polygons or points)");
      any_polygon = true;
      read_polygon(*cit, g, err, 0);
    } else if (gtype == "MultiPolygon") {
      if (any_point) err.fail("a MultiPolygon among Point features (a file holds either polygons or points)");
      any_polygon = true;
      if (cit->empty()) err.fail("MultiPolygon has no polygons");
      for (std::size_t k = 0; k < cit->size(); ++k) read_polygon((*cit)[k], g, err, k + 1);
    } else if (gtype == "Point") {
      if (any_polygon) err.fail("a Point among polygon features (a file holds either polygons or points)");
      any_point = true;
      std::vector<double> xy;
      read_position(*cit, xy, err, "point");
      px.push_back(xy[0]);
      py.push_back(xy[1]);
    } else {
      err.fail("unsupported geometry type '" + gtype + "' (expected Polygon, MultiPolygon or Point)");
    }
    if (any_polygon) g.unit_offsets.push_back(g.polygon_offsets.size() - 1);

    // grid type
    if (has_property(pr, options.grid_type_field)) {
      const auto& v = pr[options.grid_type_field];
      const std::string s = v.is_string() ? v.get<std::string>() : std::string();
      if (s == "urban") t.grid_type.push_back(GridType::urban);
      else if (s == "rural") t.grid_type.push_back(GridType::rural);
      else if (s == "dedicated") t.grid_type.push_back(GridType::dedicated);
      else err.fail("property '" + options.grid_type_field + "' is " + preview(v) + "; expected urban, rural or dedicated");
    } else {
      t.grid_type.push_back(GridType::urban);
    }
  }
  out.points = any_point;

  // Numeric columns.
  // Households and population land under those names, whatever property
  // they came from: every later reader looks for them so.
  auto column = [&](const std::string& name, bool required, const std::string& as) {
    std::vector<double> col(n);
    for (std::size_t f = 0; f < n; ++f) {
      FeatureError err(source, f + 1);
      err.set_id(t.id[f]);
      auto v = number_property(*props[f], name, err);
      if (!v) err.fail(std::string(required ? "missing required property '" : "missing property '") + name +
                       (required ? "'" : "' (other features have it)"));
      col[f] = *v;
    }
    t.attributes.emplace_back(as, std::move(col));
  };
  column(options.households_field, true, "households");
  std::unordered_set<std::string> taken{options.id_field, options.households_field, options.community_field,
                                        options.grid_type_field, "x", "y", "area", "perimeter", "grid", "households"};
  std::vector<std::pair<std::string, std::string>> optional_fields{{options.population_field, "population"}};
  for (auto k : kKnownOptional) optional_fields.emplace_back(std::string(k), std::string(k));
  for (const auto& [name, as] : optional_fields) {
    if (taken.count(name) || taken.count(as)) continue;
    bool present = false;
    for (std::size_t f = 0; f < n && !present; ++f) present = has_property(*props[f], name);
    if (present) column(name, false, as);
    taken.insert(name);
    taken.insert(as);
  }
  for (const auto& name : options.extra_fields) {
    if (taken.count(name)) continue;
    column(name, true, name);
    taken.insert(name);
  }
  if (options.auto_fields) {
    for (const auto& [key, value] : props[0]->items()) {
      if (taken.count(key) || !value.is_number()) continue;
      bool ok = true;
      for (std::size_t f = 0; f < n && ok; ++f) {
        auto it = props[f]->find(key);
        ok = it != props[f]->end() && it->is_number() && std::isfinite(it->get<double>()) && it->get<double>() >= 0;
      }
      if (ok) column(key, false, key);
      taken.insert(key);
    }
  }

  // The CRS: --crs, else the file's legacy "crs" member, else (RFC 7946)
  // longitude/latitude when every position is one; planar of no known CRS
  // otherwise. Geographic or planar follows from it unless said.
  std::string file_crs;
  if (auto crs = doc.find("crs"); crs != doc.end() && crs->is_object()) {
    auto props_it = crs->find("properties");
    if (props_it != crs->end() && props_it->is_object()) {
      auto name_it = props_it->find("name");
      if (name_it != props_it->end() && name_it->is_string()) file_crs = name_it->get<std::string>();
    }
  }
  check_crs(options.crs, source);
  if (!options.crs.empty() && !file_crs.empty() && !same_crs(options.crs, file_crs))
    throw InputError(source, 0, "the file names its CRS '" + file_crs + "', but the CRS was given as '" + options.crs +
                                    "': leave out the CRS option, or fix the file");
  std::string crs = !options.crs.empty() ? options.crs : file_crs;
  const std::vector<double>& xs = any_point ? px : g.xy;
  const std::size_t step = any_point ? 1 : 2;
  auto all_lon_lat = [&] {
    for (std::size_t i = 0; i < xs.size(); i += step) {
      const double x = xs[i], y = any_point ? py[i] : xs[i + 1];
      if (std::abs(x) > 180 || std::abs(y) > 90) return false;
    }
    return true;
  };
  bool geographic = false;
  bool check_lon_lat = false;  // every position must be longitude/latitude
  if (options.geographic == Geographic::yes) {
    geographic = check_lon_lat = true;
  } else if (options.geographic == Geographic::automatic) {
    if (auto named = crs_is_geographic(crs)) {
      geographic = check_lon_lat = *named;
    } else {
      geographic = all_lon_lat();
      if (geographic) {
        crs = std::string(kLonLatCrs);
        out.crs_assumed = true;
      }
    }
  } else if (auto named = crs_is_geographic(crs); named && *named) {
    throw InputError(source, 0, "the CRS '" + crs + "' is longitude/latitude, but the coordinates were said to be planar");
  }
  if (geographic && crs.empty()) crs = std::string(kLonLatCrs);
  t.crs = crs;
  g.geographic = geographic;
  if (check_lon_lat) {
    // Said to be longitude/latitude: every position must be one.
    for (std::size_t f = 0; f < n; ++f) {
      std::size_t lo = f, hi = f + 1;  // points: one position per feature
      if (!any_point) {
        lo = g.ring_offsets[g.polygon_offsets[g.unit_offsets[f]]];
        hi = g.ring_offsets[g.polygon_offsets[g.unit_offsets[f + 1]]];
      }
      for (std::size_t i = lo; i < hi; ++i) {
        const double x = any_point ? px[i] : g.xy[2 * i], y = any_point ? py[i] : g.xy[2 * i + 1];
        if (std::abs(x) > 180 || std::abs(y) > 90) {
          FeatureError err(source, f + 1);
          err.set_id(t.id[f]);
          err.fail("position (" + format_number(x) + ", " + format_number(y) +
                   ") is not longitude/latitude (|lon| <= 180, |lat| <= 90), but the CRS is " +
                   (options.geographic == Geographic::yes ? std::string("said to be longitude/latitude")
                                                          : "'" + crs + "', longitude/latitude") +
                   ": give the CRS the coordinates are in");
        }
      }
    }
  }

  if (any_point) {
    t.x = std::move(px);
    t.y = std::move(py);
    g = Geometries{};
    g.geographic = geographic;
    if (!options.edges_path.empty()) {
      auto edges = read_edges_csv(options.edges_path, t);
      for (auto& e : edges)
        if (e.u > e.v) std::swap(e.u, e.v);
      out.edges = std::move(edges);
    } else if (!options.allow_no_edges) {
      throw InputError(source, 0, "the features are Points, which carry no contiguity: give an edges CSV (u,v)");
    }
    return out;
  }

  // Project to metres for lon/lat data.
  Projection proj;
  if (geographic) {
    double sx = 0, sy = 0;
    const std::size_t np = g.xy.size() / 2;
    for (std::size_t i = 0; i < np; ++i) {
      sx += g.xy[2 * i];
      sy += g.xy[2 * i + 1];
    }
    proj.active = true;
    proj.lon0 = sx / static_cast<double>(np);
    proj.lat0 = sy / static_cast<double>(np);
    proj.ky = kEarthRadius * kDeg;
    proj.kx = proj.ky * std::cos(proj.lat0 * kDeg);
  }
  Geometries m = g;
  if (proj.active)
    for (std::size_t i = 0; i + 1 < m.xy.size(); i += 2) {
      m.xy[i] = proj.fx(m.xy[i]);
      m.xy[i + 1] = proj.fy(m.xy[i + 1]);
    }
  t.x.resize(n);
  t.y.resize(n);
  t.area.resize(n);
  t.perimeter.resize(n);
  double minx = m.xy[0], maxx = m.xy[0], miny = m.xy[1], maxy = m.xy[1];
  for (std::size_t i = 0; i + 1 < m.xy.size(); i += 2) {
    minx = std::min(minx, m.xy[i]);
    maxx = std::max(maxx, m.xy[i]);
    miny = std::min(miny, m.xy[i + 1]);
    maxy = std::max(maxy, m.xy[i + 1]);
  }
  for (std::size_t u = 0; u < n; ++u) {
    double cx = 0, cy = 0;
    measure_unit(m, u, t.area[u], t.perimeter[u], cx, cy);
    t.x[u] = proj.bx(cx);
    t.y[u] = proj.by(cy);
  }
  // Automatic tolerance: 1e-7 of the extent, but never more than 1e-3 of a
  // typical segment (the median over units of their mean segment length), so
  // that one far-off feature cannot make the tolerance swallow every edge.
  const double extent = std::max({maxx - minx, maxy - miny, 1e-300});
  double tol = options.tolerance;
  if (!(tol > 0)) {
    std::vector<double> seg(n);
    for (std::size_t u = 0; u < n; ++u) {
      const std::size_t lo = m.ring_offsets[m.polygon_offsets[m.unit_offsets[u]]];
      const std::size_t hi = m.ring_offsets[m.polygon_offsets[m.unit_offsets[u + 1]]];
      seg[u] = t.perimeter[u] / static_cast<double>(std::max<std::size_t>(hi - lo, 2) - 1);
    }
    std::nth_element(seg.begin(), seg.begin() + static_cast<std::ptrdiff_t>(n / 2), seg.end());
    const double typical = seg[n / 2];
    tol = std::max(std::min(extent * 1e-7, typical > 0 ? typical * 1e-3 : extent * 1e-7), 1e-12);
  }
  out.edges = polygon_contiguity(m, options.contiguity, tol);
  return out;
}

GeoUnits read_units_geojson(const std::string& path, const GeoJsonOptions& options) {
  const std::string text = read_file(path);
  return parse_units_geojson(text, path, options);
}

}  // namespace gridgov::io
