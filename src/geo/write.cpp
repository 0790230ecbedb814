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

void write_cells(const std::string& path, const io::Geometries& cells, const UnitTable& table, const std::string& crs_wkt,
                 const std::string& id_name) {
  if (cells.num_units() != table.id.size())
    throw Error(path + ": " + std::to_string(cells.num_units()) + " cells for " + std::to_string(table.id.size()) + " units");
  detail::AtomicVectorFile file(path);
  std::unique_ptr<OGRSpatialReference> srs;
  if (!crs_wkt.empty()) {
    srs = std::make_unique<OGRSpatialReference>();
    srs->importFromWkt(crs_wkt.c_str());
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  }
  OGRLayer* layer = file.dataset().CreateLayer(file.layer_name().c_str(), srs.get(), wkbMultiPolygon, nullptr);
  if (!layer) throw Error(path + ": cannot create the layer (" + std::string(CPLGetLastErrorMsg()) + ")");
  auto add_field = [&](const std::string& name, OGRFieldType type) {
    OGRFieldDefn fd(name.c_str(), type);
    if (layer->CreateField(&fd) != OGRERR_NONE) throw Error(path + ": cannot add the field '" + name + "'");
  };
  add_field(id_name, OFTString);
  if (!table.community.empty()) add_field("community", OFTString);
  for (const auto& [name, col] : table.attributes) add_field(name, OFTReal);
  const bool transaction = file.dataset().StartTransaction() == OGRERR_NONE;
  for (std::size_t u = 0; u < cells.num_units(); ++u) {
    OGRFeature f(layer->GetLayerDefn());
    int k = 0;
    f.SetField(k++, table.id[u].c_str());
    if (!table.community.empty()) f.SetField(k++, table.community[u].c_str());
    for (const auto& attr : table.attributes) f.SetField(k++, attr.second[u]);
    auto mp = std::make_unique<OGRMultiPolygon>();
    for (std::size_t p = cells.unit_offsets[u]; p < cells.unit_offsets[u + 1]; ++p) {
      OGRPolygon poly;
      for (std::size_t r = cells.polygon_offsets[p]; r < cells.polygon_offsets[p + 1]; ++r) {
        OGRLinearRing ring;
        for (std::size_t i = cells.ring_offsets[r]; i < cells.ring_offsets[r + 1]; ++i)
          ring.addPoint(cells.xy[2 * i], cells.xy[2 * i + 1]);
        poly.addRing(&ring);
      }
      mp->addGeometry(&poly);
    }
    f.SetGeometryDirectly(mp.release());
    if (layer->CreateFeature(&f) != OGRERR_NONE)
      throw Error(path + ": cannot write the cell of unit '" + table.id[u] + "' (" + CPLGetLastErrorMsg() + ")");
  }
  if (transaction && file.dataset().CommitTransaction() != OGRERR_NONE)
    throw Error(path + ": cannot write (" + std::string(CPLGetLastErrorMsg()) + ")");
  file.commit(io::crs_geojson_member(crs_wkt));
}

}  // namespace gridgov::geo
