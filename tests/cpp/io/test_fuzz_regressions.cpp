// What fuzzing the readers found, kept as tests: the seed corpus and the
// inputs of past findings (tests/fuzz/corpus, tests/fuzz/regressions) go
// through the same checks as the libFuzzer targets, and each finding has a
// test of its own below. See tests/fuzz/README.md.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <sstream>
#include <string>

#include "../../fuzz/readers.hpp"
#include "io/csv_reader.hpp"
#include "io/json_util.hpp"
#include "io/polygon_check.hpp"

namespace fs = std::filesystem;
using namespace gridgov;
using gridgov::fuzz::outcome;

namespace {

const std::map<std::string, std::function<void(std::string_view)>>& readers() {
  static const std::map<std::string, std::function<void(std::string_view)>> r = {
      {"units_csv", fuzz::units_csv},   {"edges_csv", fuzz::edges_csv}, {"plan_csv", fuzz::plan_csv},
      {"divisions_csv", fuzz::divisions_csv}, {"geojson", fuzz::geojson}, {"networkx", fuzz::networkx},
      {"scenario", fuzz::scenario},     {"workload_config", fuzz::workload_config},
      {"sim_params", fuzz::sim_params},   {"ensemble_plans", fuzz::ensemble_plans},
#ifdef GRIDGOV_FUZZ_GEO
      {"buildings", fuzz::buildings},
#endif
  };
  return r;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The InputError `read` throws (fails the test if it throws none).
template <class F>
InputError input_error(F&& read) {
  try {
    read();
  } catch (const InputError& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not an InputError: " << e.what();
    return InputError("-");
  }
  ADD_FAILURE() << "no error";
  return InputError("-");
}

std::string nested(const std::string& before, std::size_t depth, const std::string& after) {
  return before + std::string(depth, '[') + std::string(depth, ']') + after;
}

}  // namespace

TEST(FuzzCorpus, SeedsAndPastFindingsEndWellInEveryReader) {
  const fs::path root = GRIDGOV_FUZZ_DATA;
  std::size_t inputs = 0;
  for (const auto& [name, reader] : readers()) {
    for (const char* kind : {"corpus", "regressions"}) {
      const fs::path dir = root / kind / name;
      if (!fs::exists(dir)) continue;
      for (const auto& entry : fs::directory_iterator(dir)) {
        EXPECT_EQ(outcome(reader, slurp(entry.path())), "") << entry.path();
        ++inputs;
      }
    }
  }
  EXPECT_GE(inputs, 9u);
  for (const auto& [name, reader] : readers())
    EXPECT_TRUE(fs::exists(root / "corpus" / name) && !fs::is_empty(root / "corpus" / name)) << "no seeds for " << name;
}

// Nested 100,000 deep, a GeoJSON "type", a networkx node id, a scenario
// "version" and values of both configurations overflowed the stack (the
// error message dumped the whole value recursively; the parse had no depth
// limit). Now: an InputError naming the line and column.
TEST(FuzzRegressions, DeeplyNestedJsonIsAnInputErrorWithItsLine) {
  const std::size_t deep = 100000;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"geojson", std::string(1, '\0') + nested("{\"type\":\n", deep, "}")},
      {"networkx", nested("{\"nodes\":[{\"households\":1,\n\"id\":", deep, "}]}")},
      {"scenario", nested("{\"format\":\"gridgov-scenario\",\n\"version\":", deep, "}")},
      {"workload_config", nested("{\n\"weeks_per_year\":", deep, "}")},
      {"sim_params", nested("{\"scales\":\n{\"rate\":", deep, "}}")}};
  for (const auto& [name, text] : cases) {
    SCOPED_TRACE(name);
    const auto& reader = readers().at(name);
    const InputError e = input_error([&] { reader(text); });
    EXPECT_EQ(e.line(), 2u) << e.what();
    EXPECT_NE(std::string(e.what()).find("nested deeper than 256 arrays and objects at line 2"), std::string::npos) << e.what();
  }
  // Deep but within the limit still reads (and the limit is far above what
  // the formats need).
  EXPECT_NO_THROW((void)io::detail::parse_json(nested("", 256, ""), "ok"));
  EXPECT_THROW((void)io::detail::parse_json(nested("", 257, ""), "deep"), InputError);
  // Brackets inside strings do not count.
  EXPECT_NO_THROW((void)io::detail::parse_json("[\"" + std::string(1000, '[') + "\\\"[\"]", "strings"));
}

// A number out of range ("weeks_per_year": 1e999) escaped as nlohmann's
// out_of_range exception: `internal error`, exit 3, no file named.
TEST(FuzzRegressions, NumberOutOfRangeIsAnInputError) {
  for (const char* name : {"workload_config", "sim_params"}) {
    SCOPED_TRACE(name);
    const std::string text = std::string(name) == "workload_config" ? "{\n\"weeks_per_year\": 1e999}" : "{\"scales\": {\n\"rate\": -1e999}}";
    const InputError e = input_error([&] { readers().at(name)(text); });
    EXPECT_NE(std::string(e.what()).find("1e999"), std::string::npos) << e.what();
    EXPECT_EQ(outcome(readers().at(name), text), "");
  }
  EXPECT_EQ(outcome(fuzz::networkx, R"({"nodes": [{"id": 0, "households": 1e400, "community": "c"}], "adjacency": [[]]})"), "");
  EXPECT_EQ(outcome(fuzz::scenario, R"({"format": "gridgov-scenario", "version": 1e999})"), "");
}

// The preview of a value in a message: the compact dump up to 40 bytes,
// never recursive, and cut between UTF-8 characters.
TEST(FuzzRegressions, PreviewIsShortFlatAndValidUtf8) {
  using io::detail::preview;
  EXPECT_EQ(preview(nlohmann::json::parse(R"({"a":[1,2.5,"x"],"b":null})")), R"({"a":[1,2.5,"x"],"b":null})");
  EXPECT_EQ(preview(nlohmann::ordered_json::parse(R"({"z":1,"a":true})")), R"({"z":1,"a":true})");
  EXPECT_EQ(preview(nlohmann::json::parse("[]")), "[]");
  EXPECT_EQ(preview(nlohmann::json("\"q\"\n")), R"("\"q\"\n")");
  EXPECT_EQ(preview(nlohmann::json::parse("[1234567890,1234567890,1234567890,1234567890]")),
            "[1234567890,1234567890,1234567890,123...");
  // 100,000 deep, built without the parser: no recursion.
  nlohmann::json deep = nlohmann::json::array();
  for (int i = 0; i < 100000; ++i) deep = nlohmann::json::array({std::move(deep)});
  EXPECT_EQ(preview(deep), std::string(37, '[') + "...");
  // Chinese text (3 bytes a character) is cut between characters.
  std::string names;
  for (int i = 0; i < 30; ++i) names += "\xE5\x8C\x97";
  const std::string p = preview(nlohmann::json(names));
  EXPECT_TRUE(fuzz::valid_utf8(p)) << p;
  EXPECT_EQ(p, "\"" + names.substr(0, 36) + "...");
  // A huge string costs only its first bytes.
  EXPECT_EQ(preview(nlohmann::json(std::string(10000000, 'a'))).size(), 40u);
}

// Bytes that are not UTF-8 were read into ids and names and later broke a
// JSON dump (`internal error: ... invalid UTF-8 byte`). The CSV readers now
// reject them with the line and column.
TEST(FuzzRegressions, CsvTextMustBeUtf8) {
  const std::string units = "id,x,y,households,population,community\na,0,0,1,2,c\n";
  {
    // GBK for 城关 in the community column: read as GBK unless UTF-8 is named.
    EXPECT_EQ(io::parse_units_csv(units + "b,1,0,1,2,\xB3\xC7\xB9\xD8\n", "gbk.csv").community[1], "城关");
    io::CsvOptions utf8;
    utf8.encoding = io::Encoding::utf8;
    const InputError e = input_error([&] { (void)io::parse_units_csv(units + "b,1,0,1,2,\xB3\xC7\xB9\xD8\n", "gbk.csv", utf8); });
    EXPECT_EQ(e.line(), 3u);
    EXPECT_NE(std::string(e.what()).find("not valid UTF-8 at line 3, column 11 (byte 0xB3)"), std::string::npos) << e.what();
  }
  {
    const std::string nul_id = units + std::string("b\0c,1,0,1,2,c\n", 14);
    const InputError e = input_error([&] { (void)io::parse_units_csv(nul_id, "nul.csv"); });
    EXPECT_NE(std::string(e.what()).find("NUL byte at line 3, column 2"), std::string::npos) << e.what();
  }
  {
    const std::string utf16("\xFF\xFEi\0d\0", 6);
    const InputError e = input_error([&] { (void)io::parse_units_csv(utf16, "utf16.csv"); });
    EXPECT_NE(std::string(e.what()).find("UTF-16"), std::string::npos) << e.what();
  }
  {
    // A division name cut inside a character (the common way a hand edit
    // breaks UTF-8), through both hierarchy readers.
    const std::string div = "level,code,name,parent_code\ncity,6201,\xE5\x85\xB0\xE5\xB7,62\n";
    std::vector<HierarchyError> errors;
    const InputError e = input_error([&] { (void)io::parse_hierarchy_csv(div, "cut.csv", errors); });
    EXPECT_NE(std::string(e.what()).find("not valid UTF-8 at line 2, column 14"), std::string::npos) << e.what();
    EXPECT_THROW((void)io::parse_divisions_csv(div, "cut.csv"), InputError);
    EXPECT_EQ(outcome(fuzz::divisions_csv, div), "");
  }
  // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8;
  // every well-formed sequence is.
  using io::detail::invalid_utf8_at;
  EXPECT_EQ(invalid_utf8_at("plain ascii, long enough for the 8-byte steps"), std::string_view::npos);
  EXPECT_EQ(invalid_utf8_at("\xC2\x80 \xDF\xBF \xE0\xA0\x80 \xED\x9F\xBF \xEF\xBF\xBF \xF0\x90\x80\x80 \xF4\x8F\xBF\xBF"),
            std::string_view::npos);
  EXPECT_EQ(invalid_utf8_at("ab\xC0\x80"), 2u);          // overlong NUL
  EXPECT_EQ(invalid_utf8_at("abcdefgh\xE0\x9F\xBF"), 8u);  // overlong
  EXPECT_EQ(invalid_utf8_at("\xED\xA0\x80"), 0u);        // surrogate
  EXPECT_EQ(invalid_utf8_at("\xF4\x90\x80\x80"), 0u);    // past U+10FFFF
  EXPECT_EQ(invalid_utf8_at("x\xE5\x8C"), 1u);           // truncated at the end
  EXPECT_EQ(invalid_utf8_at("\x80"), 0u);                // a lone continuation byte
  EXPECT_EQ(invalid_utf8_at(std::string_view("12345678\0", 9)), 8u);
}

// A file with CR-only line ends is one long line: it reported a duplicated
// header column.
TEST(FuzzRegressions, CrOnlyLineEndsAreNamed) {
  const InputError e = input_error([] { (void)io::parse_units_csv("id,x,y,households,population,community\ra,0,0,1,2,c\r", "cr.csv"); });
  EXPECT_EQ(e.line(), 1u);
  EXPECT_NE(std::string(e.what()).find("bare carriage return"), std::string::npos) << e.what();
}

// A queen tolerance of 1e-300 put cell numbers past int64 (signed overflow
// in io/contiguity.cpp cells()); tolerances below the coordinates'
// resolution now find what the resolution finds.
TEST(FuzzRegressions, TinyToleranceFindsTheSameNeighbours) {
  std::string fc = R"({"type":"FeatureCollection","features":[)";
  for (int i = 0; i < 4; ++i) {
    const double x = 500000.0 + 10.0 * (i % 2), y = 3990000.0 + 10.0 * (i / 2);
    std::ostringstream f;
    f.precision(17);
    f << (i ? "," : "") << R"({"type":"Feature","properties":{"id":"u)" << i
      << R"(","households":1,"community":"c"},"geometry":{"type":"Polygon","coordinates":[[[)" << x << ',' << y << "],["
      << x + 10 << ',' << y << "],[" << x + 10 << ',' << y + 10 << "],[" << x << ',' << y + 10 << "],[" << x << ',' << y
      << "]]]}}";
    fc += f.str();
  }
  fc += "]}";
  for (double tol : {1e-300, std::numeric_limits<double>::denorm_min(), 1e-9, 0.0}) {
    for (auto c : {io::Contiguity::rook, io::Contiguity::queen}) {
      io::GeoJsonOptions o;
      o.tolerance = tol;
      o.contiguity = c;
      const auto g = io::parse_units_geojson(fc, "tiny.geojson", o);
      EXPECT_EQ(g.edges.size(), c == io::Contiguity::rook ? 4u : 6u) << tol;
    }
  }
  EXPECT_EQ(outcome(fuzz::geojson, std::string(1, '\x41') + fc), "");  // queen, tolerance 1e-300
}

// nlohmann's syntax errors quote the bytes last read ("last read: '\xDA'"),
// which broke the message's UTF-8: they are written as \xNN now.
TEST(FuzzRegressions, SyntaxErrorsQuoteBadBytesAsEscapes) {
  const InputError e = input_error([] { (void)io::parse_networkx_json("{\"nodes\": [{\xDAid\": 0}]}", "bad.json"); });
  EXPECT_TRUE(fuzz::valid_utf8(e.what())) << e.what();
  EXPECT_NE(std::string(e.what()).find("\\xDA"), std::string::npos) << e.what();
  EXPECT_EQ(io::detail::printable_utf8("ok \xE5\x8C\x97 \xB3\xC7 end"), "ok \xE5\x8C\x97 \\xB3\\xC7 end");
}

// An edge "88888888888888888888888886,7" overflowed the positional fast
// path's integer (signed overflow in CsvReader::natural); it is an unknown
// unit.
TEST(FuzzRegressions, LongNumericEdgeIdIsAnUnknownUnit) {
  const UnitTable t = fuzz::eight_units(true);
  const InputError e = input_error([&] { (void)io::parse_edges_csv("u,v\n4,5\n88888888888888888888888886,7\n", t, "e.csv"); });
  EXPECT_EQ(e.line(), 3u);
  EXPECT_NE(std::string(e.what()).find("unknown unit '88888888888888888888888886'"), std::string::npos) << e.what();
  // 18 digits still take the fast path's check (and are unknown here too).
  EXPECT_THROW((void)io::parse_edges_csv("u,v\n999999999999999999,7\n", t, "e.csv"), InputError);
  EXPECT_EQ(io::parse_edges_csv("u,v\n4,5\n7,6\n", t, "e.csv").size(), 2u);
}

// A polygon with corners at 0, 1e15 and 1e30 overflowed the 64-bit integers
// Boost.Geometry rescales to when checking validity, which it reports with
// boost::numeric::positive_overflow (not a gridgov::Error): an InputError
// naming the feature now. The same triangle at a sane scale is read.
TEST(FuzzRegressions, PolygonCoordinatesTooFarApartAreAnInputError) {
  const std::string input = slurp(fs::path(GRIDGOV_FUZZ_DATA) / "regressions" / "geojson" / "coordinates_too_far_apart");
  EXPECT_EQ(outcome(fuzz::geojson, input), "");
  auto fc = [](const std::string& ring) {
    return R"({"type":"FeatureCollection","features":[{"type":"Feature","id":"a","properties":{"households":1},)"
           R"("geometry":{"type":"Polygon","coordinates":[[)" + ring + "]]}}]}";
  };
  io::GeoJsonOptions o;
  o.default_community = "c";
  o.geographic = io::Geographic::no;
  const InputError e = input_error([&] { (void)io::parse_units_geojson(fc("[0,0],[1e15,0],[1e30,1],[0,0]"), "far.geojson", o); });
  EXPECT_NE(std::string(e.what()).find("too far apart"), std::string::npos) << e.what();
  EXPECT_EQ(io::parse_units_geojson(fc("[0,0],[15,0],[30,1],[0,0]"), "near.geojson", o).table.id.size(), 1u);
}

// A hole reaching from 1 to 2e12 in a 4 x 4 square overflowed Boost.Geometry's
// integers (it rescales by the outer ring's box; signed overflow, UBSan): a
// hole with a point outside the outer ring's box is named as outside it
// before the check. Found by the long run's second fuzz_geojson session.
TEST(FuzzRegressions, HoleFarOutsideItsOuterRingIsNamed) {
  EXPECT_EQ(outcome(fuzz::geojson, slurp(fs::path(GRIDGOV_FUZZ_DATA) / "regressions" / "geojson" / "hole_far_outside_outer_ring")), "");
  std::vector<double> xy = {0, 0, 4, 0, 4, 4, 0, 4, 0, 0, 1, 1, 1, 2000296642592, 2, 2, 2, 1, 1, 1};
  const std::vector<std::size_t> rings = {0, 5, 10};
  EXPECT_EQ(io::detail::polygon_problem(xy, rings).value_or("valid"), "has a hole outside its outer ring");
  xy[13] = 3;  // the hole inside: a valid polygon
  EXPECT_EQ(io::detail::polygon_problem(xy, rings).value_or("valid"), "valid");
}

// Beyond a box of 1e7 Boost.Geometry does not rescale, and a ring reaching
// 3.6e17 overflowed its determinants (UBSan): polygons wider than 1e9 are
// named as too far apart. Found by the long run's third fuzz_geojson session.
TEST(FuzzRegressions, PolygonWiderThanBoostGeometryCanCheckIsNamed) {
  EXPECT_EQ(outcome(fuzz::geojson, slurp(fs::path(GRIDGOV_FUZZ_DATA) / "regressions" / "geojson" / "ring_reaching_3e17")), "");
  const std::vector<double> wide = {103.801, 36.05, 103.802, 37.05, 186.8, 3650.1, 103.801, 3.61051e17, 103.801, 36.05};
  const std::vector<std::size_t> ring = {0, 5};
  EXPECT_EQ(io::detail::polygon_problem(wide, ring).value_or("valid"), "has coordinates too far apart to check its shape");
  const std::vector<double> utm = {385000, 6672000, 385010, 6672000, 385010, 6672010, 385000, 6672000};
  EXPECT_EQ(io::detail::polygon_problem(utm, std::vector<std::size_t>{0, 4}).value_or("valid"), "valid");
}

// The seeds of the plans-file target are whole plans files of its city:
// they replay (else the fuzzer would start from nothing but rejections).
TEST(FuzzCorpus, EnsemblePlansSeedsReplay) {
  const fs::path dir = fs::path(GRIDGOV_FUZZ_DATA) / "corpus" / "ensemble_plans";
  const auto& city = fuzz::plans_city();
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::int64_t plans = 0;
    for (int chain = 0; chain < 2; ++chain)
      plans += replay_plans(entry.path().string(), city.start, chain, [](std::int64_t, const Plan&) {});
    EXPECT_GT(plans, 0) << entry.path();
    ++files;
  }
  EXPECT_GE(files, 3u);
}

#ifdef GRIDGOV_FUZZ_GEO
// ---- the building layers (fuzz_buildings) -----------------------------------

namespace {

// build_units on GeoJSON text, given to GDAL as a memory file.
geo::BuildResult build_text(const std::string& text, const geo::BuildOptions& options = {}) {
  fuzz::geojson_only_gdal();
  const std::string path = "/vsimem/gridgov-test-buildings.geojson";
  std::string bytes = text;
  VSIFCloseL(VSIFileFromMemBuffer(path.c_str(), reinterpret_cast<GByte*>(bytes.data()), bytes.size(), FALSE));
  struct Unlink {
    std::string path;
    ~Unlink() { VSIUnlink(path.c_str()); }
  } unlink_after{path};
  return geo::build_units(path, options);
}

std::string square(const std::string& id, double x, double y, double side) {
  auto p = [](double a, double b) { return "[" + std::to_string(a) + "," + std::to_string(b) + "]"; };
  return R"({"type":"Feature","properties":{"id":")" + id + R"("},"geometry":{"type":"Polygon","coordinates":[[)" +
         p(x, y) + "," + p(x + side, y) + "," + p(x + side, y + side) + "," + p(x, y + side) + "," + p(x, y) + "]]}}";
}

std::string metric(const std::string& features) {
  return R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3067"}},"features":[)" +
         features + "]}";
}

// "" when the result passes the fuzz target's checks, else what failed.
std::string checked(const geo::BuildResult& r) {
  try {
    fuzz::check_build(r);
  } catch (const fuzz::Finding& f) {
    return f.what();
  }
  return {};
}

std::string slurp_regression(const std::string& name) {
  return slurp(fs::path(GRIDGOV_FUZZ_DATA) / "regressions" / "buildings" / name);
}

}  // namespace

// The same footprint twice gave the second building its footprint as a cell,
// overlapping the first's (and its households counted twice): an error
// naming both, or, with skip_invalid, the second left out and listed.
TEST(FuzzRegressions, BuildingGivenTwiceIsAnErrorOrSkipped) {
  const std::string text = metric(square("a", 385000, 6672000, 10) + "," + square("b", 385000, 6672000, 10) + "," +
                                  square("c", 385020, 6672000, 10));
  geo::BuildOptions o;
  o.id_field = "id";
  const InputError e = input_error([&] { (void)build_text(text, o); });
  EXPECT_NE(std::string(e.what()).find("(id 'b'): the same footprint as building 'a'"), std::string::npos) << e.what();
  o.skip_invalid = true;
  const geo::BuildResult r = build_text(text, o);
  EXPECT_EQ(r.table.id, (std::vector<std::string>{"a", "c"}));
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0], "b: the same footprint as building 'a'");
  EXPECT_EQ(r.tessellation.cells.num_units(), 2u);
  EXPECT_EQ(checked(r), "");
}

// Names and values of a layer that are not UTF-8 broke error messages (a
// field list quoting them); they are shown as \xNN, and an id that is not
// UTF-8 (it would go into every output) is an error.
TEST(FuzzRegressions, BuildingTextThatIsNotUtf8) {
  const std::string input = slurp_regression("field_name_not_utf8");
  EXPECT_EQ(outcome(fuzz::buildings, input), "");
  geo::BuildOptions o;
  o.id_field = "id";
  const InputError e = input_error([&] { (void)build_text(input.substr(1), o); });
  EXPECT_TRUE(fuzz::valid_utf8(e.what())) << e.what();
  EXPECT_NE(std::string(e.what()).find("\\xCE"), std::string::npos) << e.what();
  const std::string bad_id = metric(square("a\xCE", 385000, 6672000, 10));
  const InputError f = input_error([&] { (void)build_text(bad_id, o); });
  EXPECT_TRUE(fuzz::valid_utf8(f.what())) << f.what();
  EXPECT_NE(std::string(f.what()).find("the id 'a\\xCE' is not valid UTF-8"), std::string::npos) << f.what();
}

// A layer in longitude/latitude whose centre is far outside them picked its
// UTM zone through a float-to-int overflow (UBSan): an error now, while
// longitudes counted 0..360 still find their zone.
TEST(FuzzRegressions, GeographicLayerOutsideLongitudeLatitude) {
  EXPECT_EQ(outcome(fuzz::buildings, slurp_regression("longitude_out_of_range")), "");
  const std::string far = R"({"type":"FeatureCollection","features":[)" + square("a", 1e15, 60.17, 1e-4) + "]}";
  const InputError e = input_error([&] { (void)build_text(far); });
  EXPECT_NE(std::string(e.what()).find("not longitude/latitude"), std::string::npos) << e.what();
  const std::string east = R"({"type":"FeatureCollection","features":[)" + square("a", 204.95, 60.17, 1e-4) + "]}";
  EXPECT_EQ(build_text(east).crs, "EPSG:32605");  // 204.95 = -155.05: zone 5
}

// Simplifying the boundary between two cells moved one cell's copy of it and
// not the other's (their chains ended at different vertices): the cells
// overlapped by 0.53 m2. Chains now end where the diagram's boundaries meet,
// for both cells alike, and a span becomes a segment only with no other
// vertex between them.
TEST(FuzzRegressions, SimplifiedCellsDoNotOverlap) {
  const std::string input = slurp_regression("cells_overlap_after_simplify");
  EXPECT_EQ(outcome(fuzz::buildings, input), "");
  geo::BuildOptions o = fuzz::buildings_options(static_cast<unsigned char>(input[0]), "");
  for (const double simplify : {0.0, 0.1, 0.5, 2.0}) {
    o.tessellation.simplify = simplify;
    EXPECT_EQ(checked(build_text(input.substr(1), o)), "") << "simplify " << simplify;
  }
}

// A footprint far too large for the sample spacing ends in an error naming
// the limit instead of exhausting memory; non-finite coordinates are errors.
TEST(FuzzRegressions, TessellationLimits) {
  geo::BuildOptions o;
  o.max_footprint_area = 0;  // a 5 km square: past the default limit of 1 km2
  o.tessellation.max_points = 1000;
  const InputError e = input_error([&] { (void)build_text(metric(square("a", 385000, 6672000, 5000)), o); });
  EXPECT_NE(std::string(e.what()).find("more than the limit of 1000"), std::string::npos) << e.what();
  o.tessellation.max_points = 0;
  o.tessellation.sample_spacing = 100;
  EXPECT_EQ(build_text(metric(square("a", 385000, 6672000, 5000)), o).table.id.size(), 1u);
  io::Geometries g;
  g.xy = {0, 0, 10, 0, std::numeric_limits<double>::infinity(), 10, 0, 0};
  g.ring_offsets.push_back(4);
  g.polygon_offsets.push_back(1);
  g.unit_offsets.push_back(1);
  const InputError f = input_error([&] { (void)geo::tessellate(g, {}); });
  EXPECT_NE(std::string(f.what()).find("not finite"), std::string::npos) << f.what();
}
#endif  // GRIDGOV_FUZZ_GEO
