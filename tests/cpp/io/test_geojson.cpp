// GeoJSON units: contiguity, measures, writing, and every bad-input class.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numbers>
#include <sstream>
#include <string>
#include <unistd.h>

#include "gridgov/core/error.hpp"
#include "gridgov/io/geojson.hpp"

namespace fs = std::filesystem;
using namespace gridgov;
using namespace gridgov::io;

namespace {

fs::path temp_dir() {
  static fs::path dir = [] {
    auto d = fs::temp_directory_path() / ("gridgov_test_geojson_" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

std::string write_temp(const std::string& name, const std::string& text) {
  auto p = temp_dir() / name;
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

std::string square(double x0, double y0, double w, double h) {
  std::ostringstream s;
  s.precision(17);
  s << "[[[" << x0 << "," << y0 << "],[" << x0 + w << "," << y0 << "],[" << x0 + w << "," << y0 + h << "],[" << x0
    << "," << y0 + h << "],[" << x0 << "," << y0 << "]]]";
  return s.str();
}

std::string feature(const std::string& id, const std::string& geometry_type, const std::string& coords,
                    double households = 10, const std::string& community = "c1", const std::string& extra = "") {
  std::ostringstream s;
  s << R"({"type":"Feature","properties":{"id":")" << id << R"(","households":)" << households
    << R"(,"population":)" << households * 2.5 << R"(,"community":")" << community << '"' << extra
    << R"(},"geometry":{"type":")" << geometry_type << R"(","coordinates":)" << coords << "}}";
  return s.str();
}

std::string collection(const std::vector<std::string>& features) {
  std::string s = R"({"type":"FeatureCollection","features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) s += (i ? ",\n" : "\n") + features[i];
  return s + "\n]}\n";
}

// rows x cols lattice of w x w squares starting at (x0, y0); ids "r_c".
std::string lattice(int rows, int cols, double w, double x0 = 0, double y0 = 0) {
  std::vector<std::string> f;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      f.push_back(feature(std::to_string(r) + "_" + std::to_string(c), "Polygon",
                          square(x0 + c * w, y0 + r * w, w, w), 10 + r * cols + c, r < rows / 2 ? "c1" : "c2"));
  return collection(f);
}

// Small planar test coordinates would pass for lon/lat: say they are planar.
GeoUnits parse(const std::string& text, Contiguity c = Contiguity::rook, const std::string& name = "mem.geojson",
               Geographic geographic = Geographic::no) {
  GeoJsonOptions o;
  o.contiguity = c;
  o.geographic = geographic;
  return parse_units_geojson(text, name, o);
}

// Expect an InputError whose message names the file and contains `needle`.
void expect_error(const std::string& file_name, const std::string& text, const std::string& needle,
                  GeoJsonOptions o = {}) {
  const std::string path = write_temp(file_name, text);
  try {
    (void)read_units_geojson(path, o);
    ADD_FAILURE() << "no error for " << file_name;
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(file_name), std::string::npos) << what;
    EXPECT_NE(what.find(needle), std::string::npos) << "expected '" << needle << "' in: " << what;
  }
}

double shoelace(const nlohmann::json& ring) {
  double a = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i)
    a += ring[i][0].get<double>() * ring[i + 1][1].get<double>() - ring[i + 1][0].get<double>() * ring[i][1].get<double>();
  return std::abs(a) / 2;
}

}  // namespace

TEST(GeoJson, LatticeRookHasTwelveEdges) {
  auto g = parse(lattice(3, 3, 10));
  ASSERT_EQ(g.table.id.size(), 9u);
  EXPECT_FALSE(g.points);
  EXPECT_EQ(g.edges.size(), 12u);
  for (const auto& e : g.edges) {
    EXPECT_LT(e.u, e.v);
    EXPECT_NEAR(e.shared_boundary, 10.0, 1e-9);
    // rook neighbours differ by one row or one column
    const int du = std::abs(e.u / 3 - e.v / 3), dc = std::abs(e.u % 3 - e.v % 3);
    EXPECT_EQ(du + dc, 1) << e.u << "-" << e.v;
  }
  for (std::size_t u = 0; u < 9; ++u) {
    EXPECT_NEAR(g.table.area[u], 100.0, 1e-9);
    EXPECT_NEAR(g.table.perimeter[u], 40.0, 1e-9);
    EXPECT_NEAR(g.table.x[u], 5.0 + 10.0 * static_cast<double>(u % 3), 1e-9);
    EXPECT_NEAR(g.table.y[u], 5.0 + 10.0 * static_cast<double>(u / 3), 1e-9);
  }
  EXPECT_EQ(g.table.id[4], "1_1");
  EXPECT_EQ(g.table.community[0], "c1");
  EXPECT_EQ(g.table.community[8], "c2");
  ASSERT_GE(g.table.attributes.size(), 2u);
  EXPECT_EQ(g.table.attributes[0].first, "households");
  EXPECT_EQ(g.table.attributes[0].second[5], 15.0);
  EXPECT_EQ(g.table.attributes[1].first, "population");
  EXPECT_FALSE(g.polygons.geographic);
}

TEST(GeoJson, LatticeQueenHasTwentyEdges) {
  auto g = parse(lattice(3, 3, 10), Contiguity::queen);
  EXPECT_EQ(g.edges.size(), 20u);
  int corner_only = 0;
  for (const auto& e : g.edges)
    if (e.shared_boundary == 0.0) ++corner_only;
  EXPECT_EQ(corner_only, 8);  // diagonal neighbours share a point, no length
  UnitGraph graph(std::move(g.table), g.edges, "mem");
  EXPECT_EQ(graph.num_edges(), 20);
  EXPECT_EQ(graph.degree(4), 8);
  EXPECT_EQ(graph.degree(0), 3);
}

TEST(GeoJson, LargeLatticeCounts) {
  // 60 x 70: rook = r(c-1) + c(r-1), queen adds 2(r-1)(c-1) diagonals.
  const int r = 60, c = 70;
  auto text = lattice(r, c, 3.5, 1000.25, 2000.75);
  EXPECT_EQ(parse(text).edges.size(), static_cast<std::size_t>(r * (c - 1) + c * (r - 1)));
  EXPECT_EQ(parse(text, Contiguity::queen).edges.size(),
            static_cast<std::size_t>(r * (c - 1) + c * (r - 1) + 2 * (r - 1) * (c - 1)));
}

TEST(GeoJson, PartialOverlapIsRookAdjacent) {
  // A 20x10 block on top of two 10x10 squares: its bottom edge is one
  // segment against two shorter ones (a T-junction at x = 10).
  auto text = collection({feature("big", "Polygon", square(0, 10, 20, 10)), feature("l", "Polygon", square(0, 0, 10, 10)),
                          feature("r", "Polygon", square(10, 0, 10, 10))});
  auto g = parse(text);
  ASSERT_EQ(g.edges.size(), 3u);
  for (const auto& e : g.edges) EXPECT_NEAR(e.shared_boundary, 10.0, 1e-9) << e.u << "-" << e.v;
  // Offset (brick) rows: each brick touches two below it over 5 units each.
  auto bricks = collection({feature("a", "Polygon", square(0, 0, 10, 5)), feature("b", "Polygon", square(10, 0, 10, 5)),
                            feature("c", "Polygon", square(5, 5, 10, 5))});
  auto gb = parse(bricks);
  ASSERT_EQ(gb.edges.size(), 3u);
  EXPECT_NEAR(gb.edges[0].shared_boundary, 5.0, 1e-9);  // a-b share x = 10 over 5
  EXPECT_NEAR(gb.edges[1].shared_boundary, 5.0, 1e-9);  // a-c
  EXPECT_NEAR(gb.edges[2].shared_boundary, 5.0, 1e-9);  // b-c
  // Two squares that only touch at a corner are not rook neighbours but are queen ones.
  auto corner = collection({feature("a", "Polygon", square(0, 0, 1, 1)), feature("b", "Polygon", square(1, 1, 1, 1))});
  EXPECT_EQ(parse(corner).edges.size(), 0u);
  EXPECT_EQ(parse(corner, Contiguity::queen).edges.size(), 1u);
  // Squares a small gap apart are not neighbours.
  auto gap = collection({feature("a", "Polygon", square(0, 0, 1, 1)), feature("b", "Polygon", square(1.01, 0, 1, 1))});
  EXPECT_EQ(parse(gap, Contiguity::queen).edges.size(), 0u);
}

TEST(GeoJson, SlantedSharedEdgesAndHoles) {
  // Two triangles sharing a diagonal of length sqrt(2) * 7.
  std::string t1 = "[[[0,0],[7,0],[7,7],[0,0]]]";
  std::string t2 = "[[[0,0],[7,7],[0,7],[0,0]]]";
  auto g = parse(collection({feature("t1", "Polygon", t1), feature("t2", "Polygon", t2)}));
  ASSERT_EQ(g.edges.size(), 1u);
  EXPECT_NEAR(g.edges[0].shared_boundary, 7 * std::numbers::sqrt2, 1e-9);
  EXPECT_NEAR(g.table.area[0], 24.5, 1e-9);
  // A courtyard: a 30x30 block with a 10x10 hole, filled by another unit.
  std::string ring = "[[[0,0],[30,0],[30,30],[0,30],[0,0]],[[10,10],[10,20],[20,20],[20,10],[10,10]]]";
  auto h = parse(collection({feature("outer", "Polygon", ring), feature("inner", "Polygon", square(10, 10, 10, 10))}));
  ASSERT_EQ(h.edges.size(), 1u);
  EXPECT_NEAR(h.edges[0].shared_boundary, 40.0, 1e-9);
  EXPECT_NEAR(h.table.area[0], 800.0, 1e-9);
  EXPECT_NEAR(h.table.perimeter[0], 160.0, 1e-9);
  EXPECT_NEAR(h.table.x[0], 15.0, 1e-9);
  // A MultiPolygon unit: two separate squares, centroid between them.
  const std::string multi = "[[" + square(0, 0, 10, 10).substr(1, square(0, 0, 10, 10).size() - 2) + "],[" +
          square(30, 0, 10, 10).substr(1, square(30, 0, 10, 10).size() - 2) + "]]";
  auto m = parse(collection({feature("m", "MultiPolygon", multi), feature("mid", "Polygon", square(10, 0, 20, 10))}));
  ASSERT_EQ(m.edges.size(), 1u);
  EXPECT_NEAR(m.edges[0].shared_boundary, 20.0, 1e-9);
  EXPECT_NEAR(m.table.area[0], 200.0, 1e-9);
  EXPECT_NEAR(m.table.x[0], 20.0, 1e-9);
  EXPECT_EQ(m.polygons.unit_offsets[1], 2u);
}

TEST(GeoJson, GeographicCoordinatesAreMeasuredInMetres) {
  // 0.001 degree cells near Lanzhou (36 N): about 90 m x 111 m.
  auto g = parse(lattice(2, 2, 0.001, 103.8, 36.05), Contiguity::rook, "mem", Geographic::automatic);
  EXPECT_TRUE(g.polygons.geographic);
  const double lat = (36.05 + 0.001) * std::numbers::pi / 180;
  const double dy = 6371008.8 * 0.001 * std::numbers::pi / 180;
  const double dx = dy * std::cos(lat);
  EXPECT_NEAR(g.table.area[0], dx * dy, dx * dy * 1e-4);
  ASSERT_EQ(g.edges.size(), 4u);
  for (const auto& e : g.edges) {
    const double expect = (e.v - e.u == 1) ? dy : dx;  // horizontal neighbours share a vertical edge
    EXPECT_NEAR(e.shared_boundary, expect, expect * 1e-4);
  }
  // Centroids stay in lon/lat.
  EXPECT_NEAR(g.table.x[0], 103.8005, 1e-7);
  EXPECT_NEAR(g.table.y[0], 36.0505, 1e-7);
  // Forced planar: areas in square degrees.
  GeoJsonOptions o;
  o.geographic = Geographic::no;
  auto p = parse_units_geojson(lattice(2, 2, 0.001, 103.8, 36.05), "mem", o);
  EXPECT_NEAR(p.table.area[0], 1e-6, 1e-12);
}

TEST(GeoJson, PropertiesAndOptions) {
  auto text = collection(
      {R"({"type":"Feature","id":7,"properties":{"hh":3,"community":620102001001,"grid_type":"dedicated","elderly_alone":2,"note":"x","score":1.5,"neg":-1},"geometry":{"type":"Polygon","coordinates":)" +
           square(0, 0, 1, 1) + "}}",
       R"({"type":"Feature","id":"8","properties":{"hh":4,"community":"620102001001","elderly_alone":0,"score":2,"neg":1},"geometry":{"type":"Polygon","coordinates":)" +
           square(1, 0, 1, 1) + "}}"});
  GeoJsonOptions o;
  o.households_field = "hh";
  auto g = parse_units_geojson(text, "mem", o);
  EXPECT_EQ(g.table.id[0], "7");
  EXPECT_EQ(g.table.community[0], "620102001001");
  EXPECT_EQ(g.table.grid_type[0], GridType::dedicated);
  EXPECT_EQ(g.table.grid_type[1], GridType::urban);
  std::vector<std::string> names;
  for (const auto& [name, col] : g.table.attributes) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"households", "elderly_alone", "score"}));  // "neg" has a negative value
}

TEST(GeoJson, PointsWithEdgesFile) {
  auto text = collection({feature("a", "Point", "[1,2]"), feature("b", "Point", "[3,4]"), feature("c", "Point", "[5,6]")});
  GeoJsonOptions o;
  o.edges_path = write_temp("points_edges.csv", "u,v\na,b\nc,b\n");
  auto g = parse_units_geojson(text, "pts.geojson", o);
  EXPECT_TRUE(g.points);
  EXPECT_TRUE(g.polygons.empty());
  EXPECT_EQ(g.table.x[1], 3.0);
  ASSERT_EQ(g.edges.size(), 2u);
  EXPECT_EQ(g.edges[1].u, 1);
  EXPECT_EQ(g.edges[1].v, 2);
  // Without an edges file points are an error (unless allowed).
  expect_error("points_no_edges.geojson", text, "edges");
}

TEST(GeoJson, WritesPlanPerUnitAndPerGrid) {
  auto g = parse(lattice(3, 3, 10));
  Geometries polygons = g.polygons;
  UnitGraph units(std::move(g.table), g.edges, "mem");
  // Grids are the rows.
  Plan plan = Plan::from_labels(std::vector<std::string>{"r0", "r0", "r0", "r1", "r1", "r1", "r2", "r2", "r2"});

  auto per_unit = nlohmann::json::parse(plan_geojson(units, &plan, &polygons));
  ASSERT_EQ(per_unit["type"], "FeatureCollection");
  ASSERT_EQ(per_unit["features"].size(), 9u);
  const auto& f4 = per_unit["features"][4];
  EXPECT_EQ(f4["properties"]["id"], "1_1");
  EXPECT_EQ(f4["properties"]["grid"], "r1");
  EXPECT_EQ(f4["properties"]["households"], 14);
  EXPECT_EQ(f4["geometry"]["type"], "Polygon");
  EXPECT_NEAR(shoelace(f4["geometry"]["coordinates"][0]), 100.0, 1e-9);

  // Read back what was written: same units and contiguity.
  auto back = parse(per_unit.dump());
  EXPECT_EQ(back.table.id, std::vector<std::string>(units.ids().begin(), units.ids().end()));
  EXPECT_EQ(back.edges.size(), 12u);

  PlanGeoJsonOptions o;
  o.per_grid = true;
  auto grids = nlohmann::json::parse(plan_geojson(units, &plan, &polygons, o));
  ASSERT_EQ(grids["features"].size(), 3u);
  for (const auto& f : grids["features"]) {
    EXPECT_EQ(f["properties"]["units"], 3);
    ASSERT_EQ(f["geometry"]["type"], "MultiPolygon");
    ASSERT_EQ(f["geometry"]["coordinates"].size(), 1u) << "three squares in a row dissolve into one polygon";
    const auto& outer = f["geometry"]["coordinates"][0][0];
    EXPECT_NEAR(shoelace(outer), 300.0, 1e-6);
    EXPECT_LE(outer.size(), 9u);  // the union has no interior edges
  }
  EXPECT_EQ(grids["features"][1]["properties"]["households"], 13 + 14 + 15);
  EXPECT_EQ(grids["features"][0]["properties"]["community"], "c1");
  o.dissolve = false;
  auto undissolved = nlohmann::json::parse(plan_geojson(units, &plan, &polygons, o));
  EXPECT_EQ(undissolved["features"][0]["geometry"]["coordinates"].size(), 3u);

  // Without polygons: points per unit, convex hulls per grid.
  auto pts = nlohmann::json::parse(plan_geojson(units, &plan, nullptr));
  EXPECT_EQ(pts["features"][0]["geometry"]["type"], "Point");
  EXPECT_EQ(pts["features"][0]["geometry"]["coordinates"][0], 5.0);
  Plan two = Plan::from_labels(std::vector<std::string>{"a", "a", "b", "a", "a", "b", "a", "a", "b"});
  auto hulls = nlohmann::json::parse(plan_geojson(units, &two, nullptr, o));
  ASSERT_EQ(hulls["features"].size(), 2u);
  EXPECT_NEAR(shoelace(hulls["features"][0]["geometry"]["coordinates"][0]), 200.0, 1e-9);  // (5..15) x (5..25)
  // A column of collinear points still gets a (thin) polygon.
  EXPECT_GT(shoelace(hulls["features"][1]["geometry"]["coordinates"][0]), 0.0);

  // Written through the file API.
  const auto out = (temp_dir() / "plan_out.geojson").string();
  write_grids_geojson(out, units, plan, &polygons);
  EXPECT_TRUE(fs::exists(out));
}

// ---- bad input: every class names the file and the feature ----

TEST(GeoJsonBadInput, MalformedAndTruncatedJson) {
  expect_error("malformed.geojson", "{\"type\":\"FeatureCollection\",\n\"features\":[\n{\"type\":\"Feature\",,}]}", "line 3");
  expect_error("truncated.geojson", lattice(2, 2, 1).substr(0, 200), "truncated JSON");
  expect_error("nan.geojson", "{\"type\":\"FeatureCollection\",\"features\":[\n" +
                                  feature("a", "Point", "[NaN, 1]") + "]}", "line 2");
  expect_error("huge.geojson", collection({feature("a", "Polygon", "[[[0,0],[1e999,0],[1,1],[0,0]]]")}), "malformed JSON");
  expect_error("empty.geojson", "  \n", "empty");
}

TEST(GeoJsonBadInput, NotAFeatureCollection) {
  expect_error("array.geojson", "[1,2,3]", "not a GeoJSON FeatureCollection");
  expect_error("feature.geojson", feature("a", "Polygon", square(0, 0, 1, 1)), "not a GeoJSON FeatureCollection");
  expect_error("nofeatures.geojson", R"({"type":"FeatureCollection"})", "features");
  expect_error("emptycoll.geojson", R"({"type":"FeatureCollection","features":[]})", "no features");
}

TEST(GeoJsonBadInput, Geometry) {
  auto ok = feature("a", "Polygon", square(0, 0, 1, 1));
  expect_error("nogeom.geojson",
               collection({ok, R"({"type":"Feature","properties":{"id":"b","households":1,"community":"c"},"geometry":null})"}),
               "feature 2 (id 'b'): feature has no geometry");
  expect_error("linestring.geojson", collection({ok, feature("b", "LineString", "[[0,0],[1,1]]")}),
               "feature 2 (id 'b'): unsupported geometry type 'LineString'");
  expect_error("shortring.geojson", collection({ok, ok.substr(0, 0) + feature("b", "Polygon", "[[[0,0],[1,0],[0,0]]]")}),
               "feature 2 (id 'b'): polygon, outer ring has 3 points");
  expect_error("openring.geojson", collection({feature("a", "Polygon", "[[[0,0],[1,0],[1,1],[0,1]]]")}),
               "feature 1 (id 'a'): polygon, outer ring is not closed");
  expect_error("textcoord.geojson", collection({ok, feature("b", "Polygon", R"([[[0,0],["x",0],[1,1],[0,0]]])")}),
               "feature 2 (id 'b'): non-numeric coordinate \"x\"");
  expect_error("nullcoord.geojson",
               collection({feature("a", "Point", "[0,0]"), feature("b", "Point", "[1,1]"), feature("c", "Point", "[null,1]")}),
               "feature 3 (id 'c'): non-numeric coordinate null");
  expect_error("mixed.geojson", collection({ok, feature("p", "Point", "[0,0]")}), "feature 2 (id 'p'): a Point among polygon");
  expect_error("badhole.geojson",
               collection({feature("a", "Polygon", "[[[0,0],[9,0],[9,9],[0,0]],[[1,1],[2,1],[1,1]]]")}),
               "feature 1 (id 'a'): polygon, hole 1 has 3 points");
}

TEST(GeoJsonBadInput, Properties) {
  auto a = feature("a", "Polygon", square(0, 0, 1, 1));
  expect_error("nohh.geojson",
               collection({a, R"({"type":"Feature","properties":{"id":"b","community":"c"},"geometry":{"type":"Point","coordinates":[0,0]}})"}),
               "feature 2");
  expect_error("nohh2.geojson",
               collection({a, R"({"type":"Feature","properties":{"id":"b","community":"c"},"geometry":{"type":"Polygon","coordinates":)" +
                                  square(1, 0, 1, 1) + "}}"}),
               "feature 2 (id 'b'): missing required property 'households'");
  expect_error("texthh.geojson",
               collection({a, R"({"type":"Feature","properties":{"id":"b","community":"c","households":"many"},"geometry":{"type":"Polygon","coordinates":)" +
                                  square(1, 0, 1, 1) + "}}"}),
               "feature 2 (id 'b'): property 'households' is not a number: \"many\"");
  expect_error("neghh.geojson", collection({a, feature("b", "Polygon", square(1, 0, 1, 1), -3)}),
               "feature 2 (id 'b'): property 'households' is negative");
  expect_error("dupid.geojson", collection({a, feature("b", "Polygon", square(1, 0, 1, 1)), feature("a", "Polygon", square(2, 0, 1, 1))}),
               "feature 3 (id 'a'): duplicate id 'a' (also feature 1)");
  expect_error("noid.geojson",
               collection({a, R"({"type":"Feature","properties":{"households":1,"community":"c"},"geometry":{"type":"Polygon","coordinates":)" +
                                  square(1, 0, 1, 1) + "}}"}),
               "feature 2: missing required property 'id'");
  expect_error("nocomm.geojson",
               collection({R"({"type":"Feature","properties":{"id":"z","households":1},"geometry":{"type":"Polygon","coordinates":)" +
                           square(1, 0, 1, 1) + "}}"}),
               "feature 1 (id 'z'): missing required property 'community'");
  expect_error("badtype.geojson", collection({feature("a", "Polygon", square(0, 0, 1, 1), 1, "c", R"(,"grid_type":"big")")}),
               "feature 1 (id 'a'): property 'grid_type' is \"big\"");
  // population present on one feature only
  expect_error("partialpop.geojson",
               collection({a, R"({"type":"Feature","properties":{"id":"b","households":1,"community":"c"},"geometry":{"type":"Polygon","coordinates":)" +
                                  square(1, 0, 1, 1) + "}}"}),
               "feature 2 (id 'b'): missing property 'population'");
  // the error's line() is the feature number
  try {
    (void)parse_units_geojson(collection({a, feature("b", "Polygon", square(1, 0, 1, 1), -3)}), "x.geojson");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.source(), "x.geojson");
  }
  // default community makes the property optional
  GeoJsonOptions o;
  o.default_community = "only";
  auto g = parse_units_geojson(
      collection({R"({"type":"Feature","properties":{"id":"z","households":1},"geometry":{"type":"Polygon","coordinates":)" +
                  square(1, 0, 1, 1) + "}}"}),
      "mem", o);
  EXPECT_EQ(g.table.community[0], "only");
}

TEST(GeoJsonBadInput, MissingFile) {
  EXPECT_THROW((void)read_units_geojson((temp_dir() / "does_not_exist.geojson").string()), FileError);
}

namespace gridgov::io {
namespace {

// Invalid polygons are rejected naming the feature and the problem (Boost.Geometry's
// OGC rules, orientation aside); valid ones of either orientation, with holes, pass.
std::string polygon_error(const std::string& coords) {
  try {
    (void)parse_units_geojson(collection({feature("a", "Polygon", coords), feature("b", "Polygon", square(3, 0, 1, 1))}),
                              "p.geojson");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(GeoJsonBadInput, InvalidPolygonsAreRejectedNamingTheProblem) {
  EXPECT_NE(polygon_error("[[[0,0],[1,1],[1,0],[0,1],[0,0]]]").find("feature 1 (id 'a'): polygon crosses itself"),
            std::string::npos);
  EXPECT_NE(polygon_error("[[[0,0],[1,0],[2,0],[0,0]]]").find("polygon has zero area"), std::string::npos);
  EXPECT_NE(polygon_error("[[[0,0],[2,0],[2,2],[0,2],[0,0]],[[5,5],[6,5],[6,6],[5,6],[5,5]]]")
                .find("polygon has a hole outside its outer ring"),
            std::string::npos);
  EXPECT_NE(polygon_error("[[[0,0],[9,0],[9,9],[0,9],[0,0]],[[1,1],[8,1],[8,8],[1,8],[1,1]],[[2,2],[3,2],[3,3],[2,3],[2,2]]]")
                .find("hole inside another hole"),
            std::string::npos);
  EXPECT_NE(polygon_error("[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[0,0],[2,1],[1,2],[0,0]],[[1,1],[3,1],[3,3],[1,3],[1,1]]]"),
            "");
  // Valid: counter-clockwise, clockwise, with a hole.
  EXPECT_EQ(polygon_error("[[[0,0],[2,0],[2,2],[0,2],[0,0]]]"), "");
  EXPECT_EQ(polygon_error("[[[0,0],[0,2],[2,2],[2,0],[0,0]]]"), "");
  EXPECT_EQ(polygon_error("[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,2],[2,2],[2,1],[1,1]]]"), "");
  // A MultiPolygon names the part.
  try {
    (void)parse_units_geojson(
        collection({feature("m", "MultiPolygon", "[" + square(0, 0, 1, 1) + ",[[[5,5],[6,6],[6,5],[5,6],[5,5]]]]")}),
        "m.geojson");
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("feature 1 (id 'm'): polygon 2 crosses itself"), std::string::npos) << e.what();
  }
}

TEST(GeoJsonBadInput, GeographicSaidButNotLonLat) {
  GeoJsonOptions o;
  o.geographic = Geographic::yes;
  const auto text = collection({feature("a", "Polygon", square(10, 89, 1, 1)), feature("b", "Polygon", square(11, 99, 1, 1))});
  try {
    (void)parse_units_geojson(text, "lat.geojson", o);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("feature 2 (id 'b'): position (11, 99) is not longitude/latitude"),
              std::string::npos)
        << e.what();
  }
  o.geographic = Geographic::no;  // the same numbers as planar metres are fine
  EXPECT_EQ(parse_units_geojson(text, "lat.geojson", o).table.id.size(), 2u);
}

TEST(Crs, NamesForGeoJson) {
  EXPECT_EQ(crs_geojson_name("EPSG:32648"), "urn:ogc:def:crs:EPSG::32648");
  EXPECT_EQ(crs_geojson_name("epsg:4490"), "urn:ogc:def:crs:EPSG::4490");
  EXPECT_EQ(crs_geojson_name("urn:ogc:def:crs:EPSG::3857"), "urn:ogc:def:crs:EPSG::3857");
  EXPECT_EQ(crs_geojson_name("http://www.opengis.net/def/crs/EPSG/0/2263"), "urn:ogc:def:crs:EPSG::2263");
  EXPECT_EQ(crs_geojson_name("OGC:CRS84"), "urn:ogc:def:crs:OGC:1.3:CRS84");
  EXPECT_EQ(crs_geojson_name("urn:ogc:def:crs:OGC:1.3:CRS84"), "urn:ogc:def:crs:OGC:1.3:CRS84");
  // WKT: the top-level identifier, not a nested one.
  const std::string utm =
      R"(PROJCS["WGS 84 / UTM zone 48N",GEOGCS["WGS 84",AUTHORITY["EPSG","4326"]],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY["EPSG","32648"]])";
  EXPECT_EQ(crs_geojson_name(utm), "urn:ogc:def:crs:EPSG::32648");
  const std::string local = R"(PROJCS["local TM",GEOGCS["CGCS2000",AUTHORITY["EPSG","4490"]],UNIT["metre",1]])";
  EXPECT_EQ(crs_geojson_name(local), local);  // no code of its own: the WKT itself
  EXPECT_EQ(crs_geojson_name(R"({"type":"ProjectedCRS","name":"x","id":{"authority":"EPSG","code":2263}})"),
            "urn:ogc:def:crs:EPSG::2263");
  EXPECT_EQ(crs_geojson_name(""), "");
  for (const char* ok : {"EPSG:32648", "urn:ogc:def:crs:EPSG::3857", "+proj=tmerc +lon_0=103.8", "PROJCS[\"x\"]", ""})
    EXPECT_NO_THROW(check_crs(ok)) << ok;
  EXPECT_THROW(check_crs("foo"), InputError);
  GeoJsonOptions bad;
  bad.crs = "foo";
  EXPECT_THROW((void)parse_units_geojson(lattice(1, 1, 1), "mem", bad), InputError);
  EXPECT_TRUE(same_crs("EPSG:32648", "urn:ogc:def:crs:EPSG::32648"));
  EXPECT_FALSE(same_crs("EPSG:32648", "EPSG:32649"));
  EXPECT_TRUE(same_crs("EPSG:4326", "urn:ogc:def:crs:OGC:1.3:CRS84"));
}

TEST(Crs, GeographicOrPlanar) {
  EXPECT_EQ(crs_is_geographic(""), std::nullopt);
  for (const char* lonlat : {"EPSG:4326", "EPSG:4490", "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84", "GEOGCS[\"x\"]"})
    EXPECT_TRUE(*crs_is_geographic(lonlat)) << lonlat;
  for (std::string_view planar : {std::string_view("EPSG:32648"), std::string_view("EPSG:3857"),
                                  std::string_view("EPSG:4978"), std::string_view("PROJCS[\"x\"]"), kUnknownPlanarCrs})
    EXPECT_FALSE(*crs_is_geographic(planar)) << planar;
}

TEST(Crs, ReadFromOptionsFileOrRfc7946) {
  const auto text = lattice(2, 2, 0.001, 103.8, 36.05);  // numbers that pass for lon/lat
  GeoJsonOptions o;
  auto assumed = parse_units_geojson(text, "mem", o);
  EXPECT_TRUE(assumed.polygons.geographic);
  EXPECT_TRUE(assumed.crs_assumed);
  EXPECT_EQ(assumed.table.crs, "OGC:CRS84");
  // Said to be planar by their CRS: measured in its units, never as degrees.
  o.crs = "EPSG:32648";
  auto planar = parse_units_geojson(text, "mem", o);
  EXPECT_FALSE(planar.polygons.geographic);
  EXPECT_FALSE(planar.crs_assumed);
  EXPECT_EQ(planar.table.crs, "EPSG:32648");
  EXPECT_NEAR(planar.table.area[0], 1e-6, 1e-12);
  for (const auto& e : planar.edges) EXPECT_NEAR(e.shared_boundary, 0.001, 1e-9);
  // The same from the file's legacy member; a contradicting option is an error.
  std::string named = text;
  named.insert(1, R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32648"}},)");
  o.crs.clear();
  auto from_file = parse_units_geojson(named, "mem", o);
  EXPECT_FALSE(from_file.polygons.geographic);
  EXPECT_EQ(from_file.table.crs, "urn:ogc:def:crs:EPSG::32648");
  o.crs = "EPSG:32648";
  EXPECT_NO_THROW((void)parse_units_geojson(named, "mem", o));
  o.crs = "EPSG:4326";
  EXPECT_THROW((void)parse_units_geojson(named, "named.geojson", o), InputError);
  // A lon/lat CRS with positions that are not lon/lat.
  o.crs = "EPSG:4326";
  EXPECT_THROW((void)parse_units_geojson(lattice(2, 2, 10, 500000, 4000000), "big.geojson", o), InputError);
  // No CRS and positions out of lon/lat range: planar, CRS not known.
  o.crs.clear();
  auto unknown = parse_units_geojson(lattice(2, 2, 10, 500000, 4000000), "big.geojson", o);
  EXPECT_FALSE(unknown.polygons.geographic);
  EXPECT_EQ(unknown.table.crs, "");
}

TEST(Crs, WrittenGeoJsonStatesTheCrs) {
  GeoJsonOptions o;
  o.crs = "EPSG:32648";
  auto g = parse_units_geojson(lattice(2, 2, 10, 500000, 4000000), "mem", o);
  UnitGraph units(g.table, g.edges, "mem");
  EXPECT_EQ(units.crs(), "EPSG:32648");
  EXPECT_EQ(UnitGraph(units).crs(), "EPSG:32648");  // copies keep it
  EXPECT_EQ(units.table().crs, "EPSG:32648");
  const auto name = [](const std::string& text) {
    return nlohmann::json::parse(text)["crs"]["properties"]["name"].get<std::string>();
  };
  EXPECT_EQ(name(plan_geojson(units, nullptr, &g.polygons)), "urn:ogc:def:crs:EPSG::32648");
  PlanGeoJsonOptions po;
  po.crs = "EPSG:2263";
  EXPECT_EQ(name(plan_geojson(units, nullptr, nullptr, po)), "urn:ogc:def:crs:EPSG::2263");
  units.set_crs("");
  EXPECT_EQ(name(plan_geojson(units, nullptr, nullptr)), std::string(kUnknownPlanarCrs));
  // Read back: the written CRS comes back (and the unknown one is planar).
  units.set_crs("EPSG:32648");
  auto back = parse_units_geojson(plan_geojson(units, nullptr, &g.polygons), "back", {});
  EXPECT_TRUE(same_crs(back.table.crs, "EPSG:32648"));
  units.set_crs("");
  auto back_unknown = parse_units_geojson(plan_geojson(units, nullptr, &g.polygons), "back", {});
  EXPECT_FALSE(back_unknown.polygons.geographic);
}

TEST(GeoJson, PerGridColumns) {
  auto g = parse(lattice(2, 2, 10));
  UnitGraph units(g.table, g.edges, "mem");
  const Plan plan = Plan::from_labels(std::vector<std::string>{"a", "a", "b", "b"});
  PlanGeoJsonOptions o;
  o.per_grid = true;
  o.grid_columns = {{"workload", {1.5, 2.5}}};
  const auto doc = nlohmann::json::parse(plan_geojson(units, &plan, &g.polygons, o));
  ASSERT_EQ(doc["features"].size(), 2u);
  for (const auto& f : doc["features"])
    EXPECT_EQ(f["properties"]["workload"].get<double>(), f["properties"]["grid"] == "a" ? 1.5 : 2.5);
  o.grid_columns = {{"workload", {1.5}}};
  EXPECT_THROW((void)plan_geojson(units, &plan, &g.polygons, o), InputError);
}

}  // namespace
}  // namespace gridgov::io
