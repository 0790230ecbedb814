// gridgov::geo::build_units: buildings, barriers and communities read with
// GDAL, projected to a metric CRS, households estimated, cells tessellated.
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "cell_sink.hpp"
#include "gdal_util.hpp"
#include "geos_util.hpp"
#include "gridgov/core/format.hpp"
#include "gridgov/geo/build.hpp"
#include "io/csv_reader.hpp"
#include "io/json_util.hpp"

namespace gridgov::geo {
namespace detail {

std::string shown(std::string_view text) { return io::detail::printable_utf8(text); }

std::string checked_text(std::string_view text, const std::string& where, const char* what) {
  if (io::detail::invalid_utf8_at(text) == std::string_view::npos) return std::string(text);
  throw InputError(where + ": the " + what + " '" + shown(text) + "' is not valid UTF-8 (the file's encoding?)");
}

void register_gdal() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

Dataset open_vector(const std::string& path) {
  register_gdal();
  CPLErrorReset();
  auto* ds = static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) {
    const char* msg = CPLGetLastErrorMsg();
    throw InputError(path, 0, std::string("cannot open as a vector file") + (msg && *msg ? ": " + shown(msg) : ""));
  }
  return Dataset(ds);
}

OGRLayer* pick_layer(GDALDataset& ds, const std::string& path, const std::string& name, const std::string& where) {
  OGRLayer* layer = nullptr;
  if (!name.empty()) {
    layer = ds.GetLayerByName(name.c_str());
    if (!layer) {
      std::string names;
      for (int i = 0; i < ds.GetLayerCount(); ++i) names += (i ? ", " : "") + shown(ds.GetLayer(i)->GetName());
      throw InputError(path, 0, "no layer '" + name + "' (layers: " + names + ")");
    }
  } else {
    if (ds.GetLayerCount() == 0) throw InputError(path, 0, "holds no layer");
    layer = ds.GetLayer(0);
  }
  if (!where.empty() && layer->SetAttributeFilter(where.c_str()) != OGRERR_NONE)
    throw InputError(path, 0, "bad attribute filter '" + where + "': " + shown(CPLGetLastErrorMsg()));
  layer->ResetReading();
  return layer;
}

int field_index(OGRLayer* layer, const std::string& path, const std::string& field) {
  if (field.empty()) return -1;
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  const int i = defn->GetFieldIndex(field.c_str());
  if (i < 0) {
    std::string names;
    for (int k = 0; k < defn->GetFieldCount(); ++k) names += (k ? ", " : "") + shown(defn->GetFieldDefn(k)->GetNameRef());
    throw InputError(path, 0, "layer '" + shown(layer->GetName()) + "' has no field '" + field + "' (fields: " + names + ")");
  }
  return i;
}

}  // namespace detail

namespace {

using detail::Geom;
using detail::Geos;
using detail::own;

// The working CRS: --crs, else the buildings' own when projected, else the
// UTM zone of the buildings' centre.
struct Crs {
  std::unique_ptr<OGRSpatialReference> srs;  // null: coordinates as they are, CRS unknown
  std::string name;
};

std::string srs_name(const OGRSpatialReference& srs) {
  const char* auth = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (auth && code) return detail::shown(std::string(auth) + ":" + code);
  const char* n = srs.GetName();
  return n ? detail::shown(n) : "";
}

std::unique_ptr<OGRSpatialReference> traditional(const OGRSpatialReference* s) {
  if (!s) return nullptr;
  auto c = std::unique_ptr<OGRSpatialReference>(s->Clone());
  c->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return c;
}

Crs working_crs(OGRLayer* buildings, const std::string& path, const std::string& requested) {
  Crs crs;
  if (!requested.empty()) {
    crs.srs = std::make_unique<OGRSpatialReference>();
    if (crs.srs->SetFromUserInput(requested.c_str()) != OGRERR_NONE)
      throw InputError("--crs: cannot read the CRS '" + requested + "'");
    crs.srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!crs.srs->IsProjected()) throw InputError("--crs: '" + requested + "' is not a projected (metric) CRS");
    crs.name = srs_name(*crs.srs);
    return crs;
  }
  auto source = traditional(buildings->GetSpatialRef());
  OGREnvelope env;
  if (buildings->GetExtent(&env, TRUE) != OGRERR_NONE) return crs;  // no features
  const bool looks_geographic = env.MinX >= -180 && env.MaxX <= 180 && env.MinY >= -90 && env.MaxY <= 90;
  if (source && source->IsProjected()) {
    crs.srs = std::move(source);
    crs.name = srs_name(*crs.srs);
    return crs;
  }
  if (!source && !looks_geographic) return crs;  // unknown planar coordinates: kept as they are
  if (!source && looks_geographic)
    throw InputError(path, 0, "the layer has no CRS and its coordinates look like longitude/latitude: give --crs "
                              "(a metric CRS; the data are then read as EPSG:4326) or set the layer's CRS");
  double lon = (env.MinX + env.MaxX) / 2, lat = (env.MinY + env.MaxY) / 2;
  if (!source->IsGeographic()) throw InputError(path, 0, "the layer's CRS is neither geographic nor projected");
  // Longitudes from -360 to 360 (some data count them 0..360), latitudes to the poles.
  if (!(std::abs(lon) <= 360.0) || !(std::abs(lat) <= 90.0))
    throw InputError(path, 0, "the layer's CRS is geographic but its coordinates are not longitude/latitude (centre " +
                                  std::to_string(lon) + ", " + std::to_string(lat) + "): give the layer its CRS");
  lon = std::fmod(lon + 540.0, 360.0) - 180.0;  // into [-180, 180)
  crs.srs = std::make_unique<OGRSpatialReference>();
  const char* auth = source->GetAuthorityName(nullptr);
  const char* code = source->GetAuthorityCode(nullptr);
  if (auth && code && std::string(auth) == "EPSG" && std::string(code) == "4490" && lon >= 73.5 && lon < 136.5) {
    // CGCS2000, China's datum: its 3-degree Gauss-Kruger zone (EPSG:4534,
    // central meridian 75E, ... EPSG:4554, 135E), as Chinese surveys use.
    const int cm = std::clamp(3 * static_cast<int>(std::lround(lon / 3.0)), 75, 135);
    crs.srs->importFromEPSG(4534 + (cm - 75) / 3);
  } else {
    const int zone = std::clamp(static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1, 1, 60);
    crs.srs->importFromEPSG((lat >= 0 ? 32600 : 32700) + zone);
  }
  crs.srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  crs.name = srs_name(*crs.srs);
  return crs;
}

// A transformation from a layer's CRS to the working one (null: none needed).
std::unique_ptr<OGRCoordinateTransformation> transform_to(OGRLayer* layer, const std::string& path, const Crs& crs,
                                                          bool assume_wgs84) {
  auto source = traditional(layer->GetSpatialRef());
  if (!source && assume_wgs84 && crs.srs) {
    source = std::make_unique<OGRSpatialReference>();
    source->SetWellKnownGeogCS("WGS84");
    source->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  }
  if (!crs.srs || !source) {
    if (static_cast<bool>(crs.srs) != static_cast<bool>(source) && source)
      throw InputError(path, 0, "the layer has a CRS but the buildings have none: give the buildings a CRS");
    return nullptr;
  }
  if (source->IsSame(crs.srs.get())) return nullptr;
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(source.get(), crs.srs.get()));
  if (!ct) throw InputError(path, 0, "cannot reproject from " + srs_name(*source) + " to " + crs.name);
  return ct;
}

std::string feature_label(const std::string& path, OGRFeature& f) {
  return path + ": feature " + std::to_string(f.GetFID());
}

void append_line(const OGRLineString& ls, Lines& out) {
  const int n = ls.getNumPoints();
  if (n < 2) return;
  for (int i = 0; i < n; ++i) {
    out.xy.push_back(ls.getX(i));
    out.xy.push_back(ls.getY(i));
  }
  out.line_offsets.push_back(out.xy.size() / 2);
}

void append_lines(const OGRGeometry* g, Lines& out) {
  if (!g) return;
  switch (wkbFlatten(g->getGeometryType())) {
    case wkbLineString:
    case wkbLinearRing: append_line(*g->toLineString(), out); break;
    case wkbPolygon:
      for (const auto* ring : *g->toPolygon()) append_line(*ring, out);
      break;
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (const auto* part : *g->toGeometryCollection()) append_lines(part, out);
      break;
    default: break;
  }
}

bool looks_lonlat(OGRLayer* layer) {
  OGREnvelope env;
  if (layer->GetExtent(&env, TRUE) != OGRERR_NONE) return false;
  return env.MinX >= -180 && env.MaxX <= 180 && env.MinY >= -90 && env.MaxY <= 90;
}

}  // namespace

namespace {
BuildResult build(const std::string& path, const BuildOptions& opt, const std::string& cells_path);
}  // namespace

BuildResult build_units(const std::string& path, const BuildOptions& opt) { return build(path, opt, ""); }

BuildResult build_units(const std::string& path, const BuildOptions& opt, const std::string& cells_path) {
  return build(path, opt, cells_path);
}

namespace {

// Writes the cells as the tessellation hands them out; the table gets its
// enclosure column first, as build_units gives it.
class WriteCells : public detail::CellSink {
 public:
  WriteCells(const std::string& path, UnitTable& table, const std::string& crs_wkt)
      : path_(path), table_(table), crs_wkt_(crs_wkt) {}
  void start(const std::vector<std::int32_t>& enclosure) override {
    table_.attributes.emplace_back("enclosure", std::vector<double>(enclosure.begin(), enclosure.end()));
    writer_ = std::make_unique<detail::CellsWriter>(path_, table_, crs_wkt_, "id", true);
  }
  void cell(std::size_t u, const io::Geometries& cells) override { writer_->add(u, cells, u); }
  void commit() {
    if (writer_) writer_->commit();
  }

 private:
  std::string path_;
  UnitTable& table_;
  std::string crs_wkt_;
  std::unique_ptr<detail::CellsWriter> writer_;
};

BuildResult build(const std::string& path, const BuildOptions& opt, const std::string& cells_path) {
  if (!(opt.floor_height > 0)) throw InputError("--floor-height must be positive");
  if (!(opt.floor_area_per_household > 0)) throw InputError("--floor-area-per-household must be positive");
  if (!(opt.persons_per_household >= 0)) throw InputError("--persons-per-household must not be negative");
  if (!opt.communities.empty() && opt.community_field.empty())
    throw InputError("--communities needs --community-field (the field holding each community's code or name)");
  // GDAL's warnings (an OSM ring left open by the extract, ...) are not ours
  // to print; errors still reach CPLGetLastErrorMsg.
  struct Quiet {
    Quiet() { CPLPushErrorHandler(CPLQuietErrorHandler); }
    ~Quiet() { CPLPopErrorHandler(); }
    Quiet(const Quiet&) = delete;
    Quiet& operator=(const Quiet&) = delete;
  } quiet;
  auto ds = detail::open_vector(path);
  OGRLayer* layer = detail::pick_layer(*ds, path, opt.layer, opt.where);
  const bool no_crs = layer->GetSpatialRef() == nullptr;
  const bool assume_wgs84 = no_crs && !opt.crs.empty() && looks_lonlat(layer);
  BuildResult result;
  Crs crs = working_crs(layer, path, opt.crs);
  result.crs = crs.name;
  if (crs.srs) {
    char* wkt = nullptr;
    crs.srs->exportToWkt(&wkt);
    result.crs_wkt = wkt ? detail::shown(wkt) : "";  // a name in it may come from the file
    CPLFree(wkt);
    // The units' CRS: the authority code when there is one, else the WKT.
    result.table.crs = crs.srs->GetAuthorityCode(nullptr) ? crs.name : result.crs_wkt;
  }
  auto ct = transform_to(layer, path, crs, assume_wgs84);
  const int f_id = detail::field_index(layer, path, opt.id_field);
  const int f_hh = detail::field_index(layer, path, opt.households_field);
  const int f_floors = detail::field_index(layer, path, opt.floors_field);
  const int f_height = detail::field_index(layer, path, opt.height_field);
  const int f_use = detail::field_index(layer, path, opt.use_field);

  Geos g;
  io::Geometries footprints;
  UnitTable& t = result.table;
  std::vector<double> households, population, footprint_area;
  std::unordered_map<std::string, GIntBig> seen_ids;
  std::vector<Geom> geoms;
  // A footprint given twice would have no cell of its own (and its
  // households counted twice): the repaired coordinates of each footprint.
  std::unordered_map<std::string, std::string> seen_footprints;
  std::size_t read = 0;
  auto poll = [&](const char* stage) {  // every 1024 features: cancelled?
    if (opt.progress && ++read % 1024 == 0 && !opt.progress(0.0, stage)) throw Interrupted();
  };
  for (auto& f : *layer) {
    poll("reading buildings");
    const std::size_t xy_before = footprints.xy.size(), rings_before = footprints.ring_offsets.size(),
                      polygons_before = footprints.polygon_offsets.size();
    const OGRGeometry* og = f->GetGeometryRef();
    const std::string where = feature_label(path, *f);
    std::string id = f_id >= 0 ? detail::checked_text(f->GetFieldAsString(f_id), where, "id") : std::to_string(f->GetFID());
    if (f_id >= 0 && !f->IsFieldSetAndNotNull(f_id)) throw InputError(where + ": the id field '" + opt.id_field + "' is empty");
    if (!og || og->IsEmpty()) throw InputError(where + " (id '" + id + "'): no geometry");
    auto [it, fresh] = seen_ids.emplace(id, f->GetFID());
    if (!fresh)
      throw InputError(where + ": duplicate id '" + id + "' (also feature " + std::to_string(it->second) + ")");
    std::unique_ptr<OGRGeometry> copy(og->clone());
    if (ct && copy->transform(ct.get()) != OGRERR_NONE) throw InputError(where + " (id '" + id + "'): cannot reproject");
    const auto type = wkbFlatten(copy->getGeometryType());
    double cx = 0, cy = 0, area = 0;
    if (type == wkbPoint) {
      const auto* p = copy->toPoint();
      cx = p->getX();
      cy = p->getY();
      footprints.xy.insert(footprints.xy.end(), {cx, cy});
      footprints.ring_offsets.push_back(footprints.xy.size() / 2);
      footprints.polygon_offsets.push_back(footprints.ring_offsets.size() - 1);
      footprints.unit_offsets.push_back(footprints.polygon_offsets.size() - 1);
    } else if (type == wkbPolygon || type == wkbMultiPolygon) {
      // OGR closes open rings (an OSM extract cuts some) before GEOS reads them.
      copy->closeRings();
      Geom gg = own(g, copy->exportToGEOS(g.get()));
      if (!gg) {
        const std::string why = "not readable as a polygon: " + detail::shown(CPLGetLastErrorMsg());
        if (!opt.skip_invalid) throw InputError(where + " (id '" + id + "'): " + why);
        result.skipped.push_back(id + ": " + why);
        continue;
      }
      if (GEOSisValid_r(g.get(), gg.get()) != 1) {
        char* reason = GEOSisValidReason_r(g.get(), gg.get());
        std::string why = reason ? reason : "invalid";
        GEOSFree_r(g.get(), reason);
        Geom fixed = own(g, GEOSMakeValid_r(g.get(), gg.get()));
        io::Geometries probe;
        if (!fixed || detail::append_polygons(g, fixed.get(), probe) == 0 || GEOSArea_r(g.get(), fixed.get(), &area) != 1 ||
            !(area > 0))
        {
          if (!opt.skip_invalid)
            throw InputError(where + " (id '" + id + "'): invalid footprint (" + why + ") that cannot be repaired");
          result.skipped.push_back(id + ": " + why);
          continue;
        }
        gg = std::move(fixed);
        ++result.repaired;
      }
      const std::size_t parts = detail::append_polygons(g, gg.get(), footprints);
      if (parts == 0) throw InputError(where + " (id '" + id + "'): the footprint has no area");
      GEOSArea_r(g.get(), gg.get(), &area);
      Geom c = own(g, GEOSPointOnSurface_r(g.get(), gg.get()));
      if (!c) throw InputError(where + " (id '" + id + "'): no point on the footprint");
      GEOSGeomGetX_r(g.get(), c.get(), &cx);
      GEOSGeomGetY_r(g.get(), c.get(), &cy);
    } else {
      throw InputError(where + " (id '" + id + "'): a " + OGRGeometryTypeToName(copy->getGeometryType()) +
                       ", not a polygon or a point");
    }
    {
      std::string key(reinterpret_cast<const char*>(footprints.xy.data() + xy_before),
                      (footprints.xy.size() - xy_before) * sizeof(double));
      for (std::size_t r = rings_before; r < footprints.ring_offsets.size(); ++r)
        key += "|" + std::to_string(footprints.ring_offsets[r] - footprints.ring_offsets[r - 1]);
      for (std::size_t p = polygons_before; p < footprints.polygon_offsets.size(); ++p)
        key += "/" + std::to_string(footprints.polygon_offsets[p] - footprints.polygon_offsets[p - 1]);
      auto [dup, first] = seen_footprints.emplace(std::move(key), id);
      if (!first) {
        const std::string why = "the same footprint as building '" + dup->second + "'";
        if (!opt.skip_invalid) throw InputError(where + " (id '" + id + "'): " + why + " (given twice?)");
        footprints.xy.resize(xy_before);
        footprints.ring_offsets.resize(rings_before);
        footprints.polygon_offsets.resize(polygons_before);
        footprints.unit_offsets.pop_back();
        result.skipped.push_back(id + ": " + why);
        continue;
      }
    }
    if (opt.max_footprint_area > 0 && area > opt.max_footprint_area)
      throw InputError(where + " (id '" + id + "'): a footprint of " + format_number(area) +
                       " m2 in " + (crs.name.empty() ? std::string("the layer's coordinates") : crs.name) +
                       ", larger than any building (--max-footprint-area " + format_number(opt.max_footprint_area) +
                       "): are the coordinates in the CRS the layer states (GeoJSON without a \"crs\" member: "
                       "longitude/latitude)?");
    t.id.push_back(id);
    t.x.push_back(cx);
    t.y.push_back(cy);
    footprint_area.push_back(area);

    // Households: the field, else footprint area x floors / floor area per household.
    bool residential = true;
    if (f_use >= 0 && !opt.residential_values.empty()) {
      const std::string use = f->IsFieldSetAndNotNull(f_use) ? f->GetFieldAsString(f_use) : "";
      residential = std::find(opt.residential_values.begin(), opt.residential_values.end(), use) != opt.residential_values.end();
    }
    double hh = 0;
    if (f_hh >= 0 && f->IsFieldSetAndNotNull(f_hh)) {
      hh = f->GetFieldAsDouble(f_hh);
      if (!(hh >= 0) || !std::isfinite(hh))
        throw InputError(where + " (id '" + id + "'): households must be a non-negative number, got '" +
                         detail::shown(f->GetFieldAsString(f_hh)) + "'");
      ++result.households.from_field;
    } else if (!residential) {
      ++result.households.non_residential;
    } else {
      double floors = 1;
      double v = 0;
      if (f_floors >= 0 && f->IsFieldSetAndNotNull(f_floors) && (v = f->GetFieldAsDouble(f_floors)) > 0) {
        floors = v;
        ++result.households.floors_from_field;
      } else if (f_height >= 0 && f->IsFieldSetAndNotNull(f_height) && (v = f->GetFieldAsDouble(f_height)) > 0) {
        floors = std::max(1.0, std::round(v / opt.floor_height));
        ++result.households.floors_from_height;
      } else {
        ++result.households.floors_default;
      }
      hh = std::round(area * floors / opt.floor_area_per_household);
    }
    households.push_back(hh);
    population.push_back(std::round(hh * opt.persons_per_household));
    result.households.total += hh;
  }
  if (t.id.empty()) throw InputError(path, 0, "no buildings (after the filter, if any)");

  // Barriers.
  Lines barriers;
  if (!opt.barriers.empty()) {
    auto bds = detail::open_vector(opt.barriers);
    OGRLayer* bl = detail::pick_layer(*bds, opt.barriers, opt.barriers_layer, opt.barriers_where);
    auto bct = transform_to(bl, opt.barriers, crs, assume_wgs84);
    for (auto& f : *bl) {
      poll("reading barriers");
      const OGRGeometry* og = f->GetGeometryRef();
      if (!og || og->IsEmpty()) continue;
      std::unique_ptr<OGRGeometry> copy(og->clone());
      if (bct && copy->transform(bct.get()) != OGRERR_NONE)
        throw InputError(feature_label(opt.barriers, *f) + ": cannot reproject");
      append_lines(copy.get(), barriers);
    }
  }

  // Communities: the polygon holding each building's point.
  // Without community polygons, one community holds every building.
  t.community.assign(t.id.size(), opt.communities.empty() ? std::string("all") : opt.outside_community);
  if (!opt.communities.empty()) {
    auto cds = detail::open_vector(opt.communities);
    OGRLayer* cl = detail::pick_layer(*cds, opt.communities, opt.communities_layer, "");
    const int f_c = detail::field_index(cl, opt.communities, opt.community_field);
    auto cct = transform_to(cl, opt.communities, crs, assume_wgs84);
    std::vector<Geom> polys;
    std::vector<detail::Prepared> prepared;
    std::vector<std::string> names;
    for (auto& f : *cl) {
      const OGRGeometry* og = f->GetGeometryRef();
      if (!og || og->IsEmpty()) continue;
      std::unique_ptr<OGRGeometry> copy(og->clone());
      if (cct && copy->transform(cct.get()) != OGRERR_NONE)
        throw InputError(feature_label(opt.communities, *f) + ": cannot reproject");
      Geom gg = own(g, copy->exportToGEOS(g.get()));
      if (!gg) throw InputError(feature_label(opt.communities, *f) + ": cannot read the polygon");
      if (GEOSisValid_r(g.get(), gg.get()) != 1) gg = own(g, GEOSMakeValid_r(g.get(), gg.get()));
      if (!f->IsFieldSetAndNotNull(f_c))
        throw InputError(feature_label(opt.communities, *f) + ": the community field '" + opt.community_field + "' is empty");
      names.push_back(detail::checked_text(f->GetFieldAsString(f_c), feature_label(opt.communities, *f), "community"));
      prepared.emplace_back(GEOSPrepare_r(g.get(), gg.get()), detail::PreparedDeleter{g.get()});
      polys.push_back(std::move(gg));
    }
    GEOSSTRtree* tree = GEOSSTRtree_create_r(g.get(), 10);
    for (std::size_t i = 0; i < polys.size(); ++i) GEOSSTRtree_insert_r(g.get(), tree, polys[i].get(), reinterpret_cast<void*>(i));
    std::vector<std::size_t> hits;
    for (std::size_t u = 0; u < t.id.size(); ++u) {
      Geom pt = own(g, GEOSGeom_createPointFromXY_r(g.get(), t.x[u], t.y[u]));
      hits.clear();
      GEOSSTRtree_query_r(
          g.get(), tree, pt.get(),
          [](void* item, void* user) {
            static_cast<std::vector<std::size_t>*>(user)->push_back(reinterpret_cast<std::size_t>(item));
          },
          &hits);
      std::sort(hits.begin(), hits.end());
      bool found = false;
      for (std::size_t h : hits)
        if (GEOSPreparedIntersects_r(g.get(), prepared[h].get(), pt.get()) == 1) {
          t.community[u] = names[h];
          found = true;
          break;
        }
      if (!found) result.outside.push_back(t.id[u]);
    }
    GEOSSTRtree_destroy_r(g.get(), tree);
  }

  t.attributes.emplace_back("households", std::move(households));
  t.attributes.emplace_back("population", std::move(population));
  t.attributes.emplace_back("footprint_area", std::move(footprint_area));
  TessellationOptions topt = opt.tessellation;
  if (opt.progress) topt.progress = opt.progress;
  if (cells_path.empty()) {
    result.tessellation = tessellate(footprints, barriers, topt);
    std::vector<double> enclosure(result.tessellation.enclosure.begin(), result.tessellation.enclosure.end());
    t.attributes.emplace_back("enclosure", std::move(enclosure));
  } else {
    WriteCells sink(cells_path, t, result.crs_wkt);
    result.tessellation = detail::tessellate(footprints, barriers, topt, &sink);
    sink.commit();
  }
  result.footprints = std::move(footprints);
  return result;
}

}  // namespace

}  // namespace gridgov::geo
