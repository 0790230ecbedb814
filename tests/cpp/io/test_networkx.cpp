// networkx adjacency / node-link JSON (GerryChain's Graph.to_json).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>

#include "gridgov/core/error.hpp"
#include "gridgov/io/networkx.hpp"

namespace fs = std::filesystem;
using namespace gridgov;
using namespace gridgov::io;

namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  static fs::path dir = [] {
    auto d = fs::temp_directory_path() / ("gridgov_test_networkx_" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  auto p = dir / name;
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

// What GerryChain writes for a path of three precincts 0 - 1 - 2, with
// Python's bare NaN in an unused column.
const char* kGerryChain = R"({"directed": false, "multigraph": false, "graph": [],
 "nodes": [
  {"TOTPOP": 120, "households": 40, "C_X": 10.5, "C_Y": 3.0, "area": 2.5, "boundary_node": true, "boundary_perim": 4.0, "community": "c1", "VAP": NaN, "id": 0},
  {"TOTPOP": 90, "households": 31, "C_X": 11.5, "C_Y": 3.0, "area": 2.0, "boundary_node": false, "community": "c1", "VAP": 5, "id": 1},
  {"TOTPOP": 60, "households": 22, "C_X": 12.5, "C_Y": 3.0, "area": 1.5, "boundary_node": true, "boundary_perim": 1.0, "community": "c2", "VAP": 7, "id": 2}
 ],
 "adjacency": [
  [{"shared_perim": 1.25, "id": 1}],
  [{"shared_perim": 1.25, "id": 0}, {"shared_perim": 0.75, "id": 2}],
  [{"shared_perim": 0.75, "id": 1}]
 ]})";

void expect_error(const std::string& name, const std::string& text, const std::string& needle, NetworkxOptions o = {}) {
  const auto path = write_temp(name, text);
  try {
    (void)read_networkx_json(path, o);
    ADD_FAILURE() << "no error for " << name;
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(name), std::string::npos) << what;
    EXPECT_NE(what.find(needle), std::string::npos) << "expected '" << needle << "' in: " << what;
  }
}

}  // namespace

TEST(Networkx, ReadsGerryChainAdjacency) {
  NetworkxOptions o;
  o.population = "TOTPOP";
  auto g = parse_networkx_json(kGerryChain, "gc.json", o);
  EXPECT_EQ(g.table.id, (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_EQ(g.table.x[1], 11.5);  // C_X fallback
  EXPECT_EQ(g.table.y[2], 3.0);
  EXPECT_EQ(g.table.community[2], "c2");
  ASSERT_EQ(g.table.area.size(), 3u);
  EXPECT_EQ(g.table.area[0], 2.5);
  std::vector<std::string> names;
  for (const auto& [name, col] : g.table.attributes) names.push_back(name);
  // VAP is null (NaN) on node 1, boundary_perim missing on node 2: not
  // columns. TOTPOP lands under "population", the name later readers use.
  EXPECT_EQ(names, (std::vector<std::string>{"households", "population"}));
  EXPECT_EQ(g.table.attributes[1].second[0], 120.0);
  ASSERT_EQ(g.edges.size(), 2u);
  EXPECT_EQ(g.edges[0].u, 0);
  EXPECT_EQ(g.edges[0].v, 1);
  EXPECT_EQ(g.edges[0].shared_boundary, 1.25);
  EXPECT_EQ(g.edges[1].shared_boundary, 0.75);
  EXPECT_TRUE(g.grid.empty());
}

TEST(Networkx, ReadsNodeLink) {
  const char* text = R"({"directed": false, "multigraph": false, "graph": {},
    "nodes": [{"id": "a", "households": 1, "x": 0, "y": 0}, {"id": "b", "households": 2, "x": 1, "y": 0},
              {"id": "c", "households": 3, "x": 2, "y": 0}],
    "links": [{"source": "a", "target": "b"}, {"source": "c", "target": "b", "shared_boundary": 2}, {"source": "b", "target": "a"}]})";
  NetworkxOptions o;
  o.default_community = "all";
  auto g = parse_networkx_json(text, "nl.json", o);
  EXPECT_EQ(g.table.community[0], "all");
  ASSERT_EQ(g.edges.size(), 2u);  // a-b twice merged
  EXPECT_EQ(g.edges[1].u, 1);
  EXPECT_EQ(g.edges[1].v, 2);
  EXPECT_EQ(g.edges[1].shared_boundary, 2.0);
  // networkx 3.4+ may call them "edges".
  std::string edges_key = text;
  edges_key.replace(edges_key.find("\"links\""), 7, "\"edges\"");
  EXPECT_EQ(parse_networkx_json(edges_key, "nl2.json", o).edges.size(), 2u);
}

TEST(Networkx, WriteReadRoundTrip) {
  NetworkxOptions o;
  o.population = "TOTPOP";
  auto g = parse_networkx_json(kGerryChain, "gc.json", o);
  UnitGraph units(g.table, g.edges, "gc.json");
  Plan plan = Plan::from_labels(std::vector<std::string>{"g1", "g1", "g2"});
  const std::string text = networkx_json(units, &plan);
  auto doc = nlohmann::json::parse(text);
  EXPECT_EQ(doc["directed"], false);
  EXPECT_EQ(doc["nodes"][0]["id"], 0);  // integer ids stay integers
  EXPECT_EQ(doc["nodes"][2]["grid"], "g2");
  EXPECT_EQ(doc["nodes"][1]["C_X"], 11.5);
  ASSERT_EQ(doc["adjacency"][1].size(), 2u);
  EXPECT_EQ(doc["adjacency"][1][1]["id"], 2);
  EXPECT_EQ(doc["adjacency"][1][1]["shared_perim"], 0.75);

  const auto path = write_temp("roundtrip.json", "");
  write_networkx_json(path, units, &plan);
  auto back = read_networkx_json(path);
  EXPECT_EQ(back.table.id, g.table.id);
  EXPECT_EQ(back.table.x, g.table.x);
  EXPECT_EQ(back.table.community, g.table.community);
  EXPECT_EQ(back.table.attributes, g.table.attributes);
  EXPECT_EQ(back.table.area, g.table.area);
  ASSERT_EQ(back.edges.size(), g.edges.size());
  for (std::size_t k = 0; k < g.edges.size(); ++k) {
    EXPECT_EQ(back.edges[k].u, g.edges[k].u);
    EXPECT_EQ(back.edges[k].v, g.edges[k].v);
    EXPECT_EQ(back.edges[k].shared_boundary, g.edges[k].shared_boundary);
  }
  EXPECT_EQ(back.grid, (std::vector<std::string>{"g1", "g1", "g2"}));

  // String ids are written as strings.
  UnitTable t;
  t.id = {"n-1", "n-2"};
  t.x = {0, 1};
  t.y = {0, 0};
  t.community = {"c", "c"};
  t.attributes = {{"households", {1, 2}}};
  std::vector<Edge> e{{0, 1, 0}};
  auto doc2 = nlohmann::json::parse(networkx_json(UnitGraph(t, e)));
  EXPECT_EQ(doc2["nodes"][1]["id"], "n-2");
  EXPECT_FALSE(doc2["adjacency"][0][0].contains("shared_perim"));
}

TEST(NetworkxBadInput, EveryClassNamesFileAndNode) {
  expect_error("malformed.json", "{\"nodes\": [\n{\"id\": 1,,}]}", "line 2");
  expect_error("truncated.json", std::string(kGerryChain).substr(0, 120), "truncated JSON");
  expect_error("notgraph.json", "[1, 2]", "not a networkx JSON graph");
  expect_error("noedges.json", R"({"nodes": [{"id": 0, "households": 1, "community": "c"}]})", "neither \"adjacency\" nor");
  expect_error("empty_nodes.json", R"({"nodes": [], "adjacency": []})", "no nodes");
  expect_error("dup.json",
               R"({"nodes": [{"id": 0, "households": 1, "community": "c"}, {"id": "0", "households": 1, "community": "c"}], "adjacency": [[], []]})",
               "node 2 (id '0'): duplicate node id '0' (also node 1)");
  expect_error("nohh.json", R"({"nodes": [{"id": 0, "households": 1, "community": "c"}, {"id": 1, "community": "c"}], "adjacency": [[], []]})",
               "node 2 (id '1'): missing required attribute 'households'");
  expect_error("nanhh.json", R"({"nodes": [{"id": 0, "households": NaN, "community": "c"}], "adjacency": [[]]})",
               "node 1 (id '0'): missing required attribute 'households'");
  expect_error("neghh.json", R"({"nodes": [{"id": 0, "households": -4, "community": "c"}], "adjacency": [[]]})",
               "node 1 (id '0'): attribute 'households' is negative");
  expect_error("texthh.json", R"({"nodes": [{"id": 0, "households": "x", "community": "c"}], "adjacency": [[]]})",
               "node 1 (id '0'): attribute 'households' is not a number");
  expect_error("nocomm.json", R"({"nodes": [{"id": 0, "households": 1}], "adjacency": [[]]})",
               "node 1 (id '0'): missing required attribute 'community'");
  expect_error("unknown.json", R"({"nodes": [{"id": 0, "households": 1, "community": "c"}], "adjacency": [[{"id": 9}]]})",
               "adjacency of node 1 (id '0'), entry 1: unknown node id '9'");
  expect_error("selfloop.json", R"({"nodes": [{"id": 0, "households": 1, "community": "c"}], "adjacency": [[{"id": 0}]]})",
               "self-loop");
  expect_error("badlen.json", R"({"nodes": [{"id": 0, "households": 1, "community": "c"}], "adjacency": [[], []]})",
               "2 lists for 1 nodes");
  expect_error("badlink.json",
               R"({"nodes": [{"id": 0, "households": 1, "community": "c"}, {"id": 1, "households": 1, "community": "c"}], "links": [{"source": 0, "target": 1}, {"source": 0}]})",
               "link 2");
  expect_error("badperim.json",
               R"({"nodes": [{"id": 0, "households": 1, "community": "c"}, {"id": 1, "households": 1, "community": "c"}], "links": [{"source": 0, "target": 1, "shared_perim": -1}]})",
               "link 1: edge attribute 'shared_perim' must be a non-negative number");
  expect_error("nanx.json", R"({"nodes": [{"id": 0, "households": 1, "community": "c", "x": "east"}], "adjacency": [[]]})",
               "node 1 (id '0'): attribute 'x' is not a number");
}
