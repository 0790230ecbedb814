// libFuzzer target: the GeoJSON units reader (io::parse_units_geojson) with
// its contiguity, then the unit graph and the plan GeoJSON written back.
// The first byte picks the options: rook or queen, geographic automatic /
// yes / no, and the matching tolerance (automatic or a given one, tiny and
// huge included).
#include <limits>

#include "fuzz_common.hpp"
#include "gridgov/io/geojson.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gridgov;
  if (size == 0) return 0;
  static constexpr double kTolerance[] = {0.0, 0.0, 0.0, 0.0, 1e-300, 1e-9, 0.5, 1e300,
                                          -1.0, std::numeric_limits<double>::denorm_min(), 1e-3, 10.0,
                                          0.0, 0.0, 0.0, 0.0};
  io::GeoJsonOptions o;
  const unsigned b = data[0];
  o.contiguity = (b & 1) != 0 ? io::Contiguity::queen : io::Contiguity::rook;
  o.geographic = (b >> 1) % 3 == 0 ? io::Geographic::automatic : (b >> 1) % 3 == 1 ? io::Geographic::yes : io::Geographic::no;
  o.tolerance = kTolerance[(b >> 4) & 15];
  o.allow_no_edges = true;  // Point input: no edges file
  if ((b & 8) != 0) o.default_community = "620102001001";
  return fuzz::run(data + 1, size - 1, [&](std::string_view text) {
    io::GeoUnits units = io::parse_units_geojson(text, "units.geojson", o);
    const io::Geometries polygons = units.polygons;
    const UnitGraph g(std::move(units.table), units.edges, "units.geojson");
    (void)fuzz::written_json(io::plan_geojson(g, nullptr, polygons.empty() ? nullptr : &polygons),
                             "plan_geojson of accepted GeoJSON");
  });
}
