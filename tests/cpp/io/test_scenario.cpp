// The gridgov scenario JSON: round trips and bad input.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "gridgov/core/error.hpp"
#include "gridgov/io/scenario.hpp"

namespace fs = std::filesystem;
using namespace gridgov;
using namespace gridgov::io;

namespace {

std::string temp_path(const std::string& name) {
  static fs::path dir = [] {
    auto d = fs::temp_directory_path() / ("gridgov_test_scenario_" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return (dir / name).string();
}

std::string write_temp(const std::string& name, const std::string& text) {
  auto p = temp_path(name);
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

Scenario sample() {
  Scenario s;
  s.divisions = {{"county", "620102", "城关区", "6201", 1},
                 {"street", "620102001", "酒泉路街道", "620102", 2},
                 {"community", "620102001001", "Community \"A\"\\1", "620102001", 3}};
  UnitTable& t = s.units;
  t.id = {"b1", "b2", "b3", "b4"};
  t.x = {103.8123456789012, 103.81, -0.1, 1e-300};
  t.y = {36.05, 36.0512345, 0.3333333333333333, 7};
  t.community = {"620102001001", "620102001001", "620102001001", "620102001001"};
  t.attributes = {{"households", {300, 120.5, 0, 1e9}}, {"population", {730, 290, 0, 3}}, {"elderly_alone", {2, 0, 1, 0}}};
  t.grid_type = {GridType::urban, GridType::rural, GridType::dedicated, GridType::urban};
  t.area = {100.25, 80, 0, 1};
  t.perimeter = {40, 36, 0, 4};
  s.edges = {{0, 1, 12.5}, {1, 2, 0.1}, {2, 3, 0}};
  s.plan = {std::string("620102001001001"), std::string("620102001001001"), std::nullopt, std::string("620102001001002")};
  return s;
}

void expect_same(const Scenario& a, const Scenario& b) {
  ASSERT_EQ(a.divisions.size(), b.divisions.size());
  for (std::size_t i = 0; i < a.divisions.size(); ++i) {
    EXPECT_EQ(a.divisions[i].level, b.divisions[i].level);
    EXPECT_EQ(a.divisions[i].code, b.divisions[i].code);
    EXPECT_EQ(a.divisions[i].name, b.divisions[i].name);
    EXPECT_EQ(a.divisions[i].parent_code, b.divisions[i].parent_code);
  }
  EXPECT_EQ(a.units.id, b.units.id);
  EXPECT_EQ(a.units.x, b.units.x);  // bit-identical doubles
  EXPECT_EQ(a.units.y, b.units.y);
  EXPECT_EQ(a.units.community, b.units.community);
  EXPECT_EQ(a.units.attributes, b.units.attributes);
  EXPECT_EQ(a.units.grid_type, b.units.grid_type);
  EXPECT_EQ(a.units.area, b.units.area);
  EXPECT_EQ(a.units.perimeter, b.units.perimeter);
  ASSERT_EQ(a.edges.size(), b.edges.size());
  for (std::size_t k = 0; k < a.edges.size(); ++k) {
    EXPECT_EQ(a.edges[k].u, b.edges[k].u);
    EXPECT_EQ(a.edges[k].v, b.edges[k].v);
    EXPECT_EQ(a.edges[k].shared_boundary, b.edges[k].shared_boundary);
  }
  EXPECT_EQ(a.plan, b.plan);
}

void expect_error(const std::string& name, const std::string& text, const std::string& needle) {
  const auto path = write_temp(name, text);
  try {
    (void)read_scenario(path);
    ADD_FAILURE() << "no error for " << name;
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(name), std::string::npos) << what;
    EXPECT_NE(what.find(needle), std::string::npos) << "expected '" << needle << "' in: " << what;
  }
}

const char* kMinimal = R"({"format": "gridgov-scenario", "version": 1,
 "units": {"id": ["a", "b"], "x": [0, 1], "y": [0, 0], "community": ["c", "c"], "attributes": {"households": [1, 2]}},
 "edges": [[0, 1]]})";

}  // namespace

TEST(Scenario, RoundTripIsIdentical) {
  const Scenario s = sample();
  const std::string text = scenario_json(s);
  const Scenario back = parse_scenario(text, "mem");
  expect_same(s, back);
  // Written again, byte for byte the same.
  EXPECT_EQ(scenario_json(back), text);
  // Through a file.
  const auto path = temp_path("roundtrip.json");
  write_scenario(path, s);
  expect_same(s, read_scenario(path));
  // Root divisions have a null parent_code.
  Scenario root = s;
  root.divisions[0].parent_code.clear();
  EXPECT_NE(scenario_json(root).find("\"parent_code\": null"), std::string::npos);
  expect_same(root, parse_scenario(scenario_json(root), "mem"));
}

TEST(Scenario, MinimalAndGraphAndPlan) {
  auto s = parse_scenario(kMinimal, "min.json");
  EXPECT_TRUE(s.divisions.empty());
  EXPECT_FALSE(s.has_plan());
  EXPECT_TRUE(s.units.grid_type.empty());
  UnitGraph g = scenario_graph(s);
  EXPECT_EQ(g.size(), 2);
  EXPECT_EQ(g.num_edges(), 1);

  const Scenario full = sample();
  UnitGraph units = scenario_graph(full);
  Plan plan = scenario_plan(full);
  EXPECT_EQ(plan.num_grids(), 2);
  EXPECT_EQ(plan.grid_of[2], kNoGrid);
  EXPECT_EQ(plan.grid_codes[plan.grid_of[3]], "620102001001002");
  // make_scenario(graph, plan, divisions) gives back the same scenario.
  Scenario again = make_scenario(units, &plan, full.divisions);
  expect_same(full, again);
}

TEST(ScenarioBadInput, EveryClassNamesFileAndPlace) {
  expect_error("malformed.json", "{\"format\": \"gridgov-scenario\",\n\"version\": 1,\n\"units\": {,}}", "line 3");
  expect_error("truncated.json", std::string(kMinimal).substr(0, 80), "truncated JSON");
  expect_error("empty.json", "", "empty");
  expect_error("wrongformat.json", R"({"format": "other", "version": 1})", "not a gridgov scenario");
  expect_error("version.json", R"({"format": "gridgov-scenario", "version": 2})", "unsupported scenario version 2");
  expect_error("nounits.json", R"({"format": "gridgov-scenario", "version": 1})", "missing \"units\"");
  auto with = [](std::string from, const std::string& to) {
    std::string text = kMinimal;
    text.replace(text.find(from), from.size(), to);
    return text;
  };
  expect_error("dupid.json", with(R"(["a", "b"])", R"(["a", "a"])"), "units.id[1]: duplicate id 'a'");
  expect_error("shortx.json", with(R"("x": [0, 1])", R"("x": [0])"), "units.x: has 1 values for 2 units");
  expect_error("textx.json", with(R"("x": [0, 1])", R"("x": [0, "e"])"), "units.x[1] (unit 'b'): not a number");
  expect_error("neghh.json", with("[1, 2]", "[1, -2]"), "units.attributes.households[1] (unit 'b'): negative");
  expect_error("nullhh.json", with("[1, 2]", "[null, 2]"), "units.attributes.households[0] (unit 'a'): not a number");
  expect_error("edgerange.json", with("[[0, 1]]", "[[0, 5]]"), "edges[0]: unit index outside 0..1");
  expect_error("edgeself.json", with("[[0, 1]]", "[[0, 1], [1, 1]]"), "edges[1]: self-loop at unit 'b'");
  expect_error("edgeshape.json", with("[[0, 1]]", "[[0, \"b\"]]"), "edges[0]: must be a pair of unit indices");
  expect_error("gridtype.json", with(R"("community")", R"("grid_type": ["urban", "big"], "community")"),
               "units.grid_type[1] (unit 'b'): must be urban, rural or dedicated");
  expect_error("planlen.json", with("\"edges\"", "\"plan\": {\"grid\": [\"g\"]}, \"edges\""), "plan.grid: has 1 values for 2 units");
  expect_error("plantype.json", with("\"edges\"", "\"plan\": {\"grid\": [\"g\", true]}, \"edges\""),
               "plan.grid[1] (unit 'b'): must be a grid code or null");
  expect_error("division.json", with("\"units\"", "\"divisions\": [{\"level\": \"city\"}], \"units\""), "divisions[0]: missing \"code\"");
}
