#pragma once
// GDAL helpers private to the geo area.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>
#include <string_view>

#include "gridgov/core/error.hpp"
#include "gridgov/core/unit_graph.hpp"
#include "gridgov/io/geojson.hpp"

namespace gridgov::geo::detail {

struct DatasetCloser {
  void operator()(GDALDataset* ds) const noexcept { GDALClose(ds); }
};
using Dataset = std::unique_ptr<GDALDataset, DatasetCloser>;

void register_gdal();
/// Text from a file (a name, a value, GDAL's message) fit for a message:
/// bytes that are not UTF-8 shown as \xNN.
std::string shown(std::string_view text);
/// `text` when it is UTF-8 (an id or a name that goes into outputs), else an
/// InputError: "WHERE: the WHAT '...' is not valid UTF-8".
std::string checked_text(std::string_view text, const std::string& where, const char* what);
/// Opens a vector file read-only. @throws InputError naming it
Dataset open_vector(const std::string& path);
/// The named layer (or the first), with the attribute filter applied. @throws InputError
OGRLayer* pick_layer(GDALDataset& ds, const std::string& path, const std::string& name, const std::string& where);
/// Index of a field, -1 for "", or InputError listing the fields.
int field_index(OGRLayer* layer, const std::string& path, const std::string& field);

/// A new vector file written to a temporary name beside `path`, renamed into
/// place by commit() (every file of a Shapefile); removed if never committed.
class AtomicVectorFile {
 public:
  explicit AtomicVectorFile(const std::string& path);
  ~AtomicVectorFile();
  AtomicVectorFile(const AtomicVectorFile&) = delete;
  AtomicVectorFile& operator=(const AtomicVectorFile&) = delete;
  [[nodiscard]] GDALDataset& dataset() { return *ds_; }
  [[nodiscard]] const std::string& layer_name() const noexcept { return stem_; }
  /// Closes and renames the file into place. GeoJSON: GDAL states only
  /// EPSG systems; `geojson_crs` (the text of a "crs" member) is added when
  /// GDAL wrote none, so that no reader takes planar coordinates for lon/lat.
  void commit(const std::string& geojson_crs = {});
  [[nodiscard]] const std::string& driver() const noexcept { return driver_; }

 private:
  std::string path_, tmp_, stem_, driver_;
  Dataset ds_;
  bool committed_ = false;
};

/// Cells written one at a time, in the order of the units, with the table's
/// id, community and numeric columns; whole or not at all (commit()).
class CellsWriter {
 public:
  /// The table's columns as they are now; it is read again at each add().
  /// `index_first`: a GeoPackage's spatial index is made before the cells
  /// and filled as they come (else GDAL builds it at commit, at once).
  CellsWriter(const std::string& path, const UnitTable& table, const std::string& crs_wkt, const std::string& id_name,
              bool index_first);
  /// Unit k of `cells` as the cell of the table's unit u.
  void add(std::size_t u, const io::Geometries& cells, std::size_t k);
  void commit();

 private:
  std::string path_;
  const UnitTable& table_;
  AtomicVectorFile file_;
  std::string geojson_crs_;  // the "crs" member a GeoJSON file gets when GDAL writes none
  OGRLayer* layer_ = nullptr;
  bool transaction_ = false;
  std::size_t batch_ = 0;  // cells per transaction (0: one for all)
  std::size_t in_batch_ = 0;
};

}  // namespace gridgov::geo::detail
