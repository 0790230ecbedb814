// build_units writing the cells while it makes them (what `gridgov build
// --out-cells` does) against build_units then write_cells: the same units,
// edges and cells, and a file holding every cell in the order of the units.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>

#include "gridgov/core/error.hpp"
#include "gridgov/geo/build.hpp"

namespace gridgov::geo {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("gridgov_build_cells_" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

constexpr const char* kHeader =
    R"({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32650"}},)"
    R"( "features": [)";

// Rows of jittered rectangles (buildings.geojson, id `bid`) and streets
// across them every fourth row and column (streets.geojson).
void make_inputs(const fs::path& dir, int side) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> jitter(-3.0, 3.0);
  std::ofstream b(dir / "buildings.geojson");
  b.precision(17);
  b << kHeader;
  for (int i = 0; i < side; ++i)
    for (int j = 0; j < side; ++j) {
      const double cx = 1000.0 + i * 20 + jitter(rng), cy = 2000.0 + j * 20 + jitter(rng);
      b << (i + j ? "," : "") << R"({"type": "Feature", "properties": {"bid": "b)" << i << "_" << j
        << R"("}, "geometry": {"type": "Polygon", "coordinates": [[)";
      b << "[" << cx - 6 << "," << cy - 4 << "],[" << cx + 6 << "," << cy - 4 << "],[" << cx + 6 << "," << cy + 4
        << "],[" << cx - 6 << "," << cy + 4 << "],[" << cx - 6 << "," << cy - 4 << "]]]}}";
    }
  b << "]}";
  std::ofstream s(dir / "streets.geojson");
  s << kHeader;
  const double x0 = 900, x1 = 1000.0 + side * 20 + 100, y0 = 1900, y1 = 2000.0 + side * 20 + 100;
  bool first = true;
  for (int k = 3; k < side; k += 4) {
    const double x = 1000.0 + k * 20 + 10, y = 2000.0 + k * 20 + 10;
    s << (first ? "" : ",") << R"({"type": "Feature", "properties": {}, "geometry": {"type": "LineString", )"
      << R"("coordinates": [[)" << x << "," << y0 << "],[" << x << "," << y1 << "]]}}";
    s << R"(,{"type": "Feature", "properties": {}, "geometry": {"type": "LineString", )"
      << R"("coordinates": [[)" << x0 << "," << y << "],[" << x1 << "," << y << "]]}}";
    first = false;
  }
  s << "]}";
}

TEST(BuildCells, WrittenWhileMadeAsWrittenAfter) {
  TempDir dir;
  make_inputs(dir.path, 24);
  BuildOptions opt;
  opt.id_field = "bid";
  opt.barriers = (dir.path / "streets.geojson").string();
  const BuildResult after = build_units((dir.path / "buildings.geojson").string(), opt);
  const std::string streamed_path = (dir.path / "cells.gpkg").string();
  for (const int threads : {1, 2, 3}) {
    opt.tessellation.threads = threads;
    const BuildResult streamed = build_units((dir.path / "buildings.geojson").string(), opt, streamed_path);
    ASSERT_GT(streamed.tessellation.enclosures, 8u);
    EXPECT_EQ(streamed.table.id, after.table.id);
    ASSERT_EQ(streamed.table.attributes.size(), after.table.attributes.size());
    for (std::size_t c = 0; c < after.table.attributes.size(); ++c) {
      EXPECT_EQ(streamed.table.attributes[c].first, after.table.attributes[c].first);
      EXPECT_EQ(streamed.table.attributes[c].second, after.table.attributes[c].second);
    }
    EXPECT_EQ(streamed.tessellation.cells.xy, after.tessellation.cells.xy);
    EXPECT_EQ(streamed.tessellation.cells.unit_offsets, after.tessellation.cells.unit_offsets);
    ASSERT_EQ(streamed.tessellation.edges.size(), after.tessellation.edges.size());
    for (std::size_t i = 0; i < after.tessellation.edges.size(); ++i) {
      EXPECT_EQ(streamed.tessellation.edges[i].u, after.tessellation.edges[i].u);
      EXPECT_EQ(streamed.tessellation.edges[i].v, after.tessellation.edges[i].v);
    }
    // The file read back: every unit's cell, as made.
    const UnitGraph graph(streamed.table, streamed.tessellation.edges, "test");
    const CellsFile file = read_cells(streamed_path, graph);
    EXPECT_EQ(file.cells.xy, after.tessellation.cells.xy) << threads << " thread(s)";
    EXPECT_EQ(file.cells.unit_offsets, after.tessellation.cells.unit_offsets);
  }
}

TEST(BuildCells, NoFileLeftWhenTheInputIsBad) {
  TempDir dir;
  make_inputs(dir.path, 6);
  BuildOptions opt;
  opt.id_field = "no_such_field";
  const std::string cells = (dir.path / "cells.gpkg").string();
  EXPECT_THROW((void)build_units((dir.path / "buildings.geojson").string(), opt, cells), gridgov::InputError);
  EXPECT_FALSE(fs::exists(cells));
  for (const auto& entry : fs::directory_iterator(dir.path))
    EXPECT_EQ(entry.path().filename().string().find(".cells"), std::string::npos) << entry.path();
}

}  // namespace
}  // namespace gridgov::geo
