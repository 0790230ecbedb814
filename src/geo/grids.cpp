// Grid polygons: cells read back, dissolved per grid with GEOS, written with GDAL.
#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "gdal_util.hpp"
#include "geos_util.hpp"
#include "gridgov/geo/build.hpp"

namespace gridgov::geo {

using detail::Geom;
using detail::Geos;
using detail::own;

void check_crs_known(const std::string& crs, const std::string& where) {
  if (crs.empty()) return;
  detail::register_gdal();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  OGRSpatialReference srs;
  const OGRErr err = srs.SetFromUserInput(crs.c_str());
  CPLPopErrorHandler();
  if (err != OGRERR_NONE)
    throw InputError(where, 0, "'" + crs + "': GDAL/PROJ knows no such CRS (give e.g. EPSG:32650, WKT or PROJJSON)");
}

CrsInfo crs_info(const std::string& crs, const std::string& where) {
  CrsInfo out;
  if (crs.empty()) return out;
  check_crs_known(crs, where);
  OGRSpatialReference srs;
  srs.SetFromUserInput(crs.c_str());
  out.geographic = srs.IsGeographic() != 0;
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);
  out.wkt = wkt ? wkt : "";
  CPLFree(wkt);
  return out;
}

std::string vector_crs(const std::string& path, const std::string& layer_name) {
  auto ds = detail::open_vector(path);
  OGRLayer* layer = detail::pick_layer(*ds, path, layer_name, "");
  const OGRSpatialReference* srs = layer->GetSpatialRef();
  if (!srs) return "";
  const char* auth = srs->GetAuthorityName(nullptr);
  const char* code = srs->GetAuthorityCode(nullptr);
  if (auth && code) return std::string(auth) + ":" + code;
  char* wkt = nullptr;
  srs->exportToWkt(&wkt);
  std::string out = wkt ? wkt : "";
  CPLFree(wkt);
  return out;
}

CellsFile read_cells(const std::string& path, const UnitGraph& graph, const std::string& id_field) {
  auto ds = detail::open_vector(path);
  OGRLayer* layer = detail::pick_layer(*ds, path, "", "");
  const int f_id = detail::field_index(layer, path, id_field);
  CellsFile out;
  if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
    char* wkt = nullptr;
    srs->exportToWkt(&wkt);
    out.crs_wkt = wkt ? wkt : "";
    CPLFree(wkt);
  }
  Geos g;
  const auto n = static_cast<std::size_t>(graph.size());
  std::vector<io::Geometries> per(n);
  std::vector<GIntBig> feature_of(n, -1);
  for (auto& f : *layer) {
    const std::string where = path + ": feature " + std::to_string(f->GetFID());
    const std::string id = f->GetFieldAsString(f_id);
    const UnitIndex u = graph.find(id);
    if (u < 0) throw InputError(where + ": id '" + id + "' is not among the units");
    const auto i = static_cast<std::size_t>(u);
    if (feature_of[i] >= 0)
      throw InputError(where + ": a second cell for unit '" + id + "' (also feature " + std::to_string(feature_of[i]) + ")");
    feature_of[i] = f->GetFID();
    const OGRGeometry* og = f->GetGeometryRef();
    Geom gg = og ? own(g, og->exportToGEOS(g.get())) : Geom(nullptr, detail::GeomDeleter{g.get()});
    if (!gg || detail::append_polygons(g, gg.get(), per[i]) == 0)
      throw InputError(where + ": the cell of unit '" + id + "' is not a polygon");
  }
  for (std::size_t u = 0; u < n; ++u) {
    if (feature_of[u] < 0) throw InputError(path, 0, "no cell for unit '" + graph.id(static_cast<UnitIndex>(u)) + "'");
    const auto& p = per[u];
    const std::size_t base_pt = out.cells.xy.size() / 2, base_ring = out.cells.ring_offsets.size() - 1,
                      base_poly = out.cells.polygon_offsets.size() - 1;
    out.cells.xy.insert(out.cells.xy.end(), p.xy.begin(), p.xy.end());
    for (std::size_t r = 1; r < p.ring_offsets.size(); ++r) out.cells.ring_offsets.push_back(base_pt + p.ring_offsets[r]);
    for (std::size_t q = 1; q < p.polygon_offsets.size(); ++q)
      out.cells.polygon_offsets.push_back(base_ring + p.polygon_offsets[q]);
    out.cells.unit_offsets.push_back(base_poly + (p.polygon_offsets.size() - 1));
  }
  return out;
}

io::Geometries dissolve_grids(const io::Geometries& cells, const UnitGraph& graph, const Plan& plan) {
  if (cells.num_units() != static_cast<std::size_t>(graph.size()))
    throw Error("dissolve_grids: " + std::to_string(cells.num_units()) + " cells for " + std::to_string(graph.size()) + " units");
  Geos g;
  const auto k = static_cast<std::size_t>(plan.num_grids());
  std::vector<std::vector<UnitIndex>> members(k);
  for (UnitIndex u = 0; u < graph.size(); ++u) {
    const GridIndex gi = plan.grid_of[static_cast<std::size_t>(u)];
    if (gi >= 0) members[static_cast<std::size_t>(gi)].push_back(u);
  }
  io::Geometries out;
  for (std::size_t gi = 0; gi < k; ++gi) {
    std::vector<GEOSGeometry*> parts;
    for (UnitIndex u : members[gi]) parts.push_back(detail::unit_geometry(g, cells, static_cast<std::size_t>(u)).release());
    if (parts.empty()) {
      out.unit_offsets.push_back(out.polygon_offsets.size() - 1);
      continue;
    }
    Geom all = own(g, GEOSGeom_createCollection_r(g.get(), GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                  static_cast<unsigned>(parts.size())));
    Geom u = own(g, GEOSUnaryUnionPrec_r(g.get(), all.get(), 1e-3));
    if (!u) u = own(g, GEOSUnaryUnion_r(g.get(), all.get()));
    if (!u) throw Error("grid '" + plan.grid_codes[gi] + "': GEOS could not dissolve its cells: " + g.last_error());
    if (GEOSisValid_r(g.get(), u.get()) != 1) u = own(g, GEOSMakeValid_r(g.get(), u.get()));
    detail::append_polygons(g, u.get(), out);
  }
  return out;
}

void write_grids(const std::string& path, const io::Geometries& grids, const UnitGraph& graph, const Plan& plan,
                 const std::string& crs_wkt, const std::vector<std::pair<std::string, std::vector<double>>>& extra) {
  const auto k = static_cast<std::size_t>(plan.num_grids());
  UnitTable table;
  table.id = plan.grid_codes;
  std::vector<double> units(k, 0), hh(k, 0), pop(k, 0), parts(k, 0);
  table.community.assign(k, "");
  const bool has_hh = graph.has_attribute("households"), has_pop = graph.has_attribute("population");
  for (UnitIndex u = 0; u < graph.size(); ++u) {
    const auto i = static_cast<std::size_t>(u);
    const GridIndex gi = plan.grid_of[i];
    if (gi < 0) continue;
    const auto gg = static_cast<std::size_t>(gi);
    units[gg] += 1;
    if (has_hh) hh[gg] += graph.attribute("households")[i];
    if (has_pop) pop[gg] += graph.attribute("population")[i];
    const std::string& c = graph.communities()[static_cast<std::size_t>(graph.community()[i])];
    if (table.community[gg].empty()) table.community[gg] = c;
    else if (table.community[gg] != c && table.community[gg].find(';') == std::string::npos)
      table.community[gg] += ";" + c;  // a grid across communities says so
  }
  for (std::size_t gi = 0; gi < k && gi < grids.num_units(); ++gi)
    parts[gi] = static_cast<double>(grids.unit_offsets[gi + 1] - grids.unit_offsets[gi]);
  table.attributes = {{"units", units}, {"households", hh}, {"population", pop}, {"parts", parts}};
  for (const auto& e : extra) table.attributes.push_back(e);
  write_cells(path, grids, table, crs_wkt, "grid");
}

}  // namespace gridgov::geo
