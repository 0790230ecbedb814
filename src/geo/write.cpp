// Cells (and grids) written with GDAL: one (multi)polygon per unit.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gdal_util.hpp"
#include "gridgov/geo/build.hpp"
#include "gridgov/io/crs.hpp"

namespace gridgov::geo {
namespace detail {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

const char* driver_for(const std::string& ext) {
  if (ext == ".gpkg") return "GPKG";
  if (ext == ".geojson" || ext == ".json") return "GeoJSON";
  if (ext == ".shp") return "ESRI Shapefile";
  if (ext == ".fgb") return "FlatGeobuf";
  return nullptr;
}

const char* const kShapefileParts[] = {".shp", ".shx", ".dbf", ".prj", ".cpg"};

}  // namespace

AtomicVectorFile::AtomicVectorFile(const std::string& path) : path_(path) {
  register_gdal();
  namespace fs = std::filesystem;
  const fs::path p(path);
  const std::string ext = lower(p.extension().string());
  const char* drv = driver_for(ext);
  if (!drv) throw InputError(path, 0, "unknown output format: use .gpkg, .geojson, .shp or .fgb");
  driver_ = drv;
  stem_ = p.stem().string();
  tmp_ = (p.parent_path() / ("." + stem_ + ".tmp" + std::to_string(::getpid()) + ext)).string();
  GDALDriver* d = GetGDALDriverManager()->GetDriverByName(drv);
  if (!d) throw Error(path + ": GDAL has no " + driver_ + " driver");
  CPLErrorReset();
  ds_.reset(d->Create(tmp_.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds_) throw Error(path + ": cannot create (" + std::string(CPLGetLastErrorMsg()) + ")");
}

AtomicVectorFile::~AtomicVectorFile() {
  ds_.reset();
  if (committed_) return;
  namespace fs = std::filesystem;
  std::error_code ec;
  if (driver_ == "ESRI Shapefile") {
    for (const char* part : kShapefileParts) fs::remove(fs::path(tmp_).replace_extension(part), ec);
  } else {
    fs::remove(tmp_, ec);
  }
}

// Adds `"crs": member,` before the "features" of a GeoJSON file GDAL wrote
// without one (it states EPSG systems only).
namespace {
void add_geojson_crs(const std::string& path, const std::string& member) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read back");
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  const auto features = head.find("\"features\"");
  if (features == std::string::npos) throw Error(path + ": unexpected GeoJSON from GDAL (no \"features\" member)");
  if (head.substr(0, features).find("\"crs\"") != std::string::npos) return;
  const std::string fixed = path + ".crs";
  {
    std::ofstream out(fixed, std::ios::binary | std::ios::trunc);
    out.write(head.data(), static_cast<std::streamsize>(features));
    out << "\"crs\": " << member << ",\n";
    out.write(head.data() + features, static_cast<std::streamsize>(head.size() - features));
    if (in && in.peek() != std::char_traits<char>::eof()) out << in.rdbuf();  // nothing left inserts nothing: no failbit
    out.flush();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(fixed, ec);
      throw Error(path + ": cannot write");
    }
  }
  in.close();
  std::filesystem::rename(fixed, path);
}
}  // namespace

void AtomicVectorFile::commit(const std::string& geojson_crs) {
  ds_->FlushCache();
  ds_.reset();  // closes the file
  namespace fs = std::filesystem;
  if (driver_ == "GeoJSON" && !geojson_crs.empty()) add_geojson_crs(tmp_, geojson_crs);
  if (driver_ == "ESRI Shapefile") {
    for (const char* part : kShapefileParts) {
      const fs::path from = fs::path(tmp_).replace_extension(part);
      if (fs::exists(from)) fs::rename(from, fs::path(path_).replace_extension(part));
    }
  } else {
    fs::rename(tmp_, path_);
  }
  committed_ = true;
}

}  // namespace detail

namespace detail {

CellsWriter::CellsWriter(const std::string& path, const UnitTable& table, const std::string& crs_wkt,
                         const std::string& id_name, bool index_first)
    : path_(path), table_(table), file_(path), geojson_crs_(io::crs_geojson_member(crs_wkt)) {
  std::unique_ptr<OGRSpatialReference> srs;
  if (!crs_wkt.empty()) {
    srs = std::make_unique<OGRSpatialReference>();
    srs->importFromWkt(crs_wkt.c_str());
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  }
  const bool gpkg_index_first = index_first && file_.driver() == "GPKG";
  const char* no_index[] = {"SPATIAL_INDEX=NO", nullptr};
  layer_ = file_.dataset().CreateLayer(file_.layer_name().c_str(), srs.get(), wkbMultiPolygon,
                                       gpkg_index_first ? const_cast<char**>(no_index) : nullptr);
  if (!layer_) throw Error(path + ": cannot create the layer (" + std::string(CPLGetLastErrorMsg()) + ")");
  auto add_field = [&](const std::string& name, OGRFieldType type) {
    OGRFieldDefn fd(name.c_str(), type);
    if (layer_->CreateField(&fd) != OGRERR_NONE) throw Error(path + ": cannot add the field '" + name + "'");
  };
  add_field(id_name, OFTString);
  if (!table.community.empty()) add_field("community", OFTString);
  for (const auto& [name, col] : table.attributes) add_field(name, OFTReal);
  if (gpkg_index_first) {
    // The same index (R-tree and triggers) as GDAL's own, filled by the triggers.
    CPLErrorReset();
    OGRLayer* r = file_.dataset().ExecuteSQL(
        ("SELECT CreateSpatialIndex('" + file_.layer_name() + "', '" + layer_->GetGeometryColumn() + "')").c_str(),
        nullptr, nullptr);
    if (r) file_.dataset().ReleaseResultSet(r);
    if (CPLGetLastErrorType() >= CE_Failure)
      throw Error(path + ": cannot make the spatial index (" + std::string(CPLGetLastErrorMsg()) + ")");
  }
  transaction_ = file_.dataset().StartTransaction() == OGRERR_NONE;
  // GDAL adds the cells of a transaction to an existing spatial index when
  // it commits: in batches, it does so while the cells are being made.
  if (gpkg_index_first) batch_ = 20000;
}

void CellsWriter::add(std::size_t u, const io::Geometries& cells, std::size_t k) {
  OGRFeature f(layer_->GetLayerDefn());
  int field = 0;
  f.SetField(field++, table_.id[u].c_str());
  if (!table_.community.empty()) f.SetField(field++, table_.community[u].c_str());
  for (const auto& attr : table_.attributes) f.SetField(field++, attr.second[u]);
  auto mp = std::make_unique<OGRMultiPolygon>();
  for (std::size_t p = cells.unit_offsets[k]; p < cells.unit_offsets[k + 1]; ++p) {
    auto poly = std::make_unique<OGRPolygon>();
    for (std::size_t r = cells.polygon_offsets[p]; r < cells.polygon_offsets[p + 1]; ++r) {
      auto ring = std::make_unique<OGRLinearRing>();
      const std::size_t a = cells.ring_offsets[r], e = cells.ring_offsets[r + 1];
      ring->setNumPoints(static_cast<int>(e - a), FALSE);
      for (std::size_t i = a; i < e; ++i) ring->setPoint(static_cast<int>(i - a), cells.xy[2 * i], cells.xy[2 * i + 1]);
      poly->addRingDirectly(ring.release());
    }
    mp->addGeometryDirectly(poly.release());
  }
  f.SetGeometryDirectly(mp.release());
  if (layer_->CreateFeature(&f) != OGRERR_NONE)
    throw Error(path_ + ": cannot write the cell of unit '" + table_.id[u] + "' (" + CPLGetLastErrorMsg() + ")");
  if (transaction_ && batch_ > 0 && ++in_batch_ == batch_) {
    in_batch_ = 0;
    if (file_.dataset().CommitTransaction() != OGRERR_NONE)
      throw Error(path_ + ": cannot write (" + std::string(CPLGetLastErrorMsg()) + ")");
    transaction_ = file_.dataset().StartTransaction() == OGRERR_NONE;
  }
}

void CellsWriter::commit() {
  if (transaction_ && file_.dataset().CommitTransaction() != OGRERR_NONE)
    throw Error(path_ + ": cannot write (" + std::string(CPLGetLastErrorMsg()) + ")");
  file_.commit(geojson_crs_);
}

}  // namespace detail

void write_cells(const std::string& path, const io::Geometries& cells, const UnitTable& table, const std::string& crs_wkt,
                 const std::string& id_name) {
  if (cells.num_units() != table.id.size())
    throw Error(path + ": " + std::to_string(cells.num_units()) + " cells for " + std::to_string(table.id.size()) + " units");
  detail::CellsWriter writer(path, table, crs_wkt, id_name, false);
  for (std::size_t u = 0; u < cells.num_units(); ++u) writer.add(u, cells, u);
  writer.commit();
}

}  // namespace gridgov::geo
