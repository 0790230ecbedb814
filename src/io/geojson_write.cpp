// Writing plans as GeoJSON for QGIS.

#include <algorithm>
#include <array>
#include <cmath>

#include "io/geojson_union.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/io/geojson.hpp"
#include "io/json_util.hpp"

namespace gridgov::io {
namespace {

using detail::append_number;
using detail::append_string;
using detail::PolygonRings;
using detail::Ring;

struct Writer {
  std::string out;
  int precision = -1;

  void point(double x, double y) {
    out += '[';
    append_number(out, x, precision);
    out += ',';
    append_number(out, y, precision);
    out += ']';
  }
  void ring(const Geometries& g, std::size_t r) {
    out += '[';
    for (std::size_t i = g.ring_offsets[r]; i < g.ring_offsets[r + 1]; ++i) {
      if (i > g.ring_offsets[r]) out += ',';
      point(g.xy[2 * i], g.xy[2 * i + 1]);
    }
    out += ']';
  }
  void polygon(const Geometries& g, std::size_t p) {
    out += '[';
    for (std::size_t r = g.polygon_offsets[p]; r < g.polygon_offsets[p + 1]; ++r) {
      if (r > g.polygon_offsets[p]) out += ',';
      ring(g, r);
    }
    out += ']';
  }
  void ring(const Ring& r) {
    out += '[';
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (i) out += ',';
      point(r[i][0], r[i][1]);
    }
    out += ']';
  }
  void polygon(const PolygonRings& p) {
    out += '[';
    for (std::size_t r = 0; r < p.size(); ++r) {
      if (r) out += ',';
      ring(p[r]);
    }
    out += ']';
  }
  // Geometry of one unit: Polygon or MultiPolygon.
  void unit_geometry(const Geometries& g, std::size_t u) {
    const std::size_t b = g.unit_offsets[u], e = g.unit_offsets[u + 1];
    if (e - b == 1) {
      out += R"({"type":"Polygon","coordinates":)";
      polygon(g, b);
    } else {
      out += R"({"type":"MultiPolygon","coordinates":[)";
      for (std::size_t p = b; p < e; ++p) {
        if (p > b) out += ',';
        polygon(g, p);
      }
      out += ']';
    }
    out += '}';
  }
  void key(std::string_view k) {
    append_string(out, k);
    out += ':';
  }
};

// Andrew's monotone chain; returns a closed counter-clockwise ring.
Ring convex_hull(std::vector<std::array<double, 2>> pts) {
  std::sort(pts.begin(), pts.end());
  pts.erase(std::unique(pts.begin(), pts.end()), pts.end());
  if (pts.size() < 3) return {};
  auto cross = [](const auto& o, const auto& a, const auto& b) {
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  };
  Ring h(2 * pts.size());
  std::size_t k = 0;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    while (k >= 2 && cross(h[k - 2], h[k - 1], pts[i]) <= 0) --k;
    h[k++] = pts[i];
  }
  for (std::size_t i = pts.size() - 1, t = k + 1; i > 0; --i) {
    while (k >= t && cross(h[k - 2], h[k - 1], pts[i - 1]) <= 0) --k;
    h[k++] = pts[i - 1];
  }
  h.resize(k);  // last == first (closed)
  if (k < 4) return {};
  return h;
}

}  // namespace

std::string plan_geojson(const UnitGraph& units, const Plan* plan, const Geometries* polygons,
                         const PlanGeoJsonOptions& options) {
  const auto n = static_cast<std::size_t>(units.size());
  if (plan && plan->grid_of.size() != n)
    throw InputError("plan has " + std::to_string(plan->grid_of.size()) + " units, the unit graph " + std::to_string(n));
  if (polygons && !polygons->empty() && polygons->num_units() != n)
    throw InputError("the polygons are for " + std::to_string(polygons->num_units()) + " units, the unit graph has " +
                     std::to_string(n));
  if (polygons && polygons->empty()) polygons = nullptr;
  if (options.per_grid && !plan) throw InputError("a per-grid GeoJSON needs a plan");
  for (const auto& [name, values] : options.grid_columns)
    if (plan && values.size() != static_cast<std::size_t>(plan->num_grids()))
      throw InputError("grid column '" + name + "' has " + std::to_string(values.size()) + " values for " +
                       std::to_string(plan->num_grids()) + " grids");

  Writer w;
  w.precision = options.precision;
  w.out.reserve(n * 200 + (polygons ? polygons->xy.size() * 12 : 0));
  w.out += R"({"type":"FeatureCollection","name":)";
  append_string(w.out, options.per_grid ? "gridgov_grids" : "gridgov_units");
  w.out += R"(,"crs":)";
  w.out += crs_geojson_member(options.crs.empty() ? units.crs() : options.crs);
  w.out += R"(,"features":[)";
  const auto names = units.attribute_names();
  const auto hh = units.has_attribute("households") ? units.attribute("households") : std::span<const double>{};
  const auto pop = units.has_attribute("population") ? units.attribute("population") : std::span<const double>{};

  if (!options.per_grid) {
    for (std::size_t u = 0; u < n; ++u) {
      if (u) w.out += ',';
      w.out += '\n';
      w.out += R"({"type":"Feature","properties":{)";
      w.key("id");
      append_string(w.out, units.id(static_cast<UnitIndex>(u)));
      if (plan) {
        w.out += ',';
        w.key("grid");
        const GridIndex k = plan->grid_of[u];
        if (k == kNoGrid) w.out += "null";
        else append_string(w.out, plan->grid_codes[static_cast<std::size_t>(k)]);
      }
      w.out += ',';
      w.key("community");
      append_string(w.out, units.communities()[static_cast<std::size_t>(units.community()[u])]);
      w.out += ',';
      w.key("grid_type");
      append_string(w.out, grid_type_name(units.grid_type()[u]));
      for (const auto& name : names) {
        w.out += ',';
        w.key(name);
        append_number(w.out, units.attribute(name)[u]);
      }
      w.out += R"(},"geometry":)";
      if (polygons) {
        w.unit_geometry(*polygons, u);
      } else {
        w.out += R"({"type":"Point","coordinates":)";
        w.point(units.x()[u], units.y()[u]);
        w.out += '}';
      }
      w.out += '}';
    }
  } else {
    const auto k = static_cast<std::size_t>(plan->num_grids());
    std::vector<std::vector<UnitIndex>> members(k);
    for (std::size_t u = 0; u < n; ++u)
      if (plan->grid_of[u] != kNoGrid) members[static_cast<std::size_t>(plan->grid_of[u])].push_back(static_cast<UnitIndex>(u));
    // A small pad for degenerate point hulls.
    double pad = 0;
    if (!polygons && n > 0) {
      auto [x0, x1] = std::minmax_element(units.x().begin(), units.x().end());
      auto [y0, y1] = std::minmax_element(units.y().begin(), units.y().end());
      pad = std::max({*x1 - *x0, *y1 - *y0, 1e-9}) * 1e-4;
    }
    bool first = true;
    for (std::size_t gi = 0; gi < k; ++gi) {
      const auto& mem = members[gi];
      if (mem.empty()) continue;
      if (!first) w.out += ',';
      first = false;
      w.out += '\n';
      w.out += R"({"type":"Feature","properties":{)";
      w.key("grid");
      append_string(w.out, plan->grid_codes[gi]);
      std::vector<std::int32_t> comms;
      double h = 0, p = 0;
      for (auto u : mem) {
        comms.push_back(units.community()[static_cast<std::size_t>(u)]);
        if (!hh.empty()) h += hh[static_cast<std::size_t>(u)];
        if (!pop.empty()) p += pop[static_cast<std::size_t>(u)];
      }
      std::sort(comms.begin(), comms.end());
      comms.erase(std::unique(comms.begin(), comms.end()), comms.end());
      std::string community;
      for (std::size_t c = 0; c < comms.size(); ++c) {
        if (c) community += ',';
        community += units.communities()[static_cast<std::size_t>(comms[c])];
      }
      w.out += ',';
      w.key("community");
      append_string(w.out, community);
      w.out += ',';
      w.key("households");
      append_number(w.out, h);
      w.out += ',';
      w.key("population");
      append_number(w.out, p);
      w.out += ',';
      w.key("units");
      append_number(w.out, static_cast<double>(mem.size()));
      for (const auto& [name, values] : options.grid_columns) {
        w.out += ',';
        w.key(name);
        append_number(w.out, gi < values.size() ? values[gi] : 0.0);
      }
      w.out += R"(},"geometry":)";
      if (options.grid_polygons && gi < options.grid_polygons->num_units()) {
        const Geometries& gp = *options.grid_polygons;
        w.out += R"({"type":"MultiPolygon","coordinates":[)";
        for (std::size_t q = gp.unit_offsets[gi]; q < gp.unit_offsets[gi + 1]; ++q) {
          if (q > gp.unit_offsets[gi]) w.out += ',';
          w.polygon(gp, q);
        }
        w.out += "]}";
      } else if (polygons) {
        std::optional<std::vector<PolygonRings>> dissolved;
        if (options.dissolve) dissolved = detail::union_units(*polygons, mem);
        if (dissolved && !dissolved->empty()) {
          w.out += R"({"type":"MultiPolygon","coordinates":[)";
          for (std::size_t q = 0; q < dissolved->size(); ++q) {
            if (q) w.out += ',';
            w.polygon((*dissolved)[q]);
          }
          w.out += "]}";
        } else {
          w.out += R"({"type":"MultiPolygon","coordinates":[)";
          bool firstp = true;
          for (auto u : mem)
            for (std::size_t q = polygons->unit_offsets[static_cast<std::size_t>(u)];
                 q < polygons->unit_offsets[static_cast<std::size_t>(u) + 1]; ++q) {
              if (!firstp) w.out += ',';
              firstp = false;
              w.polygon(*polygons, q);
            }
          w.out += "]}";
        }
      } else {
        std::vector<std::array<double, 2>> pts;
        for (auto u : mem) pts.push_back({units.x()[static_cast<std::size_t>(u)], units.y()[static_cast<std::size_t>(u)]});
        Ring hull = convex_hull(pts);
        if (hull.empty()) {  // one unit or collinear units: hull of small squares around them
          std::vector<std::array<double, 2>> padded;
          for (const auto& q : pts)
            for (double dx : {-pad, pad})
              for (double dy : {-pad, pad}) padded.push_back({q[0] + dx, q[1] + dy});
          hull = convex_hull(padded);
        }
        w.out += R"({"type":"Polygon","coordinates":[)";
        w.ring(hull);
        w.out += "]}";
      }
      w.out += '}';
    }
  }
  w.out += "\n]}\n";
  return w.out;
}

void write_plan_geojson(const std::string& path, const UnitGraph& units, const Plan* plan, const Geometries* polygons,
                        const PlanGeoJsonOptions& options) {
  write_file_atomic(path, plan_geojson(units, plan, polygons, options));
}

void write_grids_geojson(const std::string& path, const UnitGraph& units, const Plan& plan, const Geometries* polygons,
                         bool dissolve) {
  PlanGeoJsonOptions o;
  o.per_grid = true;
  o.dissolve = dissolve;
  write_plan_geojson(path, units, &plan, polygons, o);
}

}  // namespace gridgov::io
