#pragma once
// GEOS (C API, re-entrant) with owning handles; private to the geo area.
#include <geos_c.h>

#include <cstdarg>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gridgov/core/error.hpp"
#include "gridgov/io/geojson.hpp"

namespace gridgov::geo::detail {

/// One GEOS context; keeps the last error or notice message.
class Geos {
 public:
  Geos() : ctx_(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(ctx_, &Geos::on_message, &last_error_);
  }
  ~Geos() { GEOS_finish_r(ctx_); }
  Geos(const Geos&) = delete;
  Geos& operator=(const Geos&) = delete;
  [[nodiscard]] GEOSContextHandle_t get() const noexcept { return ctx_; }
  [[nodiscard]] const std::string& last_error() const noexcept { return last_error_; }

 private:
  static void on_message(const char* message, void* user) {
    *static_cast<std::string*>(user) = message ? message : "";
  }
  GEOSContextHandle_t ctx_;
  std::string last_error_;
};

struct GeomDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(GEOSGeometry* g) const noexcept {
    if (g) GEOSGeom_destroy_r(ctx, g);
  }
};
using Geom = std::unique_ptr<GEOSGeometry, GeomDeleter>;

inline Geom own(const Geos& g, GEOSGeometry* p) { return Geom(p, GeomDeleter{g.get()}); }

struct PreparedDeleter {
  GEOSContextHandle_t ctx = nullptr;
  void operator()(const GEOSPreparedGeometry* g) const noexcept {
    if (g) GEOSPreparedGeom_destroy_r(ctx, g);
  }
};
using Prepared = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

/// A GEOS ring (closed) from interleaved points.
GEOSGeometry* make_ring(const Geos& g, const double* xy, std::size_t n);
/// The (multi)polygon of one unit of flattened geometries; a single-point
/// ring gives a point.
Geom unit_geometry(const Geos& g, const io::Geometries& geoms, std::size_t unit);
/// Appends the polygonal parts of `geom` (Polygon, MultiPolygon or a
/// collection holding them) as one unit; returns how many polygons.
std::size_t append_polygons(const Geos& g, const GEOSGeometry* geom, io::Geometries& out);

}  // namespace gridgov::geo::detail
