#include <gtest/gtest.h>

#include <boost/graph/depth_first_search.hpp>
#include <filesystem>

#include "gridgov/core/error.hpp"
#include "gridgov/core/hierarchy_graph.hpp"
#include "gridgov/io/csv.hpp"

using namespace gridgov;

namespace {
std::vector<DivisionRow> rows(std::string text) { return io::parse_divisions_csv(text, "d.csv"); }

Hierarchy build(const std::string& text, std::vector<HierarchyError>& errors) {
  return Hierarchy::from_rows(rows(text), errors, "d.csv");
}

bool has_error(const std::vector<HierarchyError>& errors, std::size_t line, const std::string& needle) {
  for (const auto& e : errors)
    if (e.line == line && e.to_string().find(needle) != std::string::npos) return true;
  return false;
}

const std::string kSmall =
    "level,code,name,parent_code\n"
    "city,6201,Lanzhou,62\n"
    "county,620102,Chengguan,6201\n"
    "street,620102001,S1,620102\n"
    "street,620102002,S2,620102\n"
    "community,620102001001,C1,620102001\n"
    "community,620102001002,C2,620102001\n"
    "community,620102002001,C3,620102002\n";
}  // namespace

TEST(Hierarchy, LanzhouDivisions) {
  const std::string path = std::string(GRIDGOV_SAMPLE_DATA) + "/lanzhou/divisions.csv";
  std::vector<HierarchyError> errors;
  auto h = Hierarchy::from_rows(io::read_divisions_csv(path), errors, path);
  EXPECT_TRUE(errors.empty()) << (errors.empty() ? "" : errors[0].to_string());
  EXPECT_EQ(h.count(Level::city), 1u);
  EXPECT_EQ(h.count(Level::county), 9u);
  EXPECT_EQ(h.count(Level::street), 116u);
  EXPECT_EQ(h.count(Level::community), 1177u);
  // Every community's ancestors are a street, a county and the city, and
  // every code extends its parent's.
  for (auto c : h.at_level(Level::community)) {
    auto anc = h.ancestors(c);
    ASSERT_EQ(anc.size(), 3u);
    EXPECT_EQ(h.level(anc[0]), Level::street);
    EXPECT_EQ(h.level(anc[2]), Level::city);
    EXPECT_TRUE(extends(h.code(c), h.code(anc[0])));
  }
  auto city = h.find("6201");
  ASSERT_NE(city, Hierarchy::kNone);
  EXPECT_EQ(h.descendants(city, Level::community).size(), 1177u);
  EXPECT_EQ(h.name(h.find("620102")), "城关区");
}

TEST(Hierarchy, QueriesAndBoostGraph) {
  std::vector<HierarchyError> errors;
  auto h = build(kSmall, errors);
  ASSERT_TRUE(errors.empty());
  EXPECT_EQ(h.size(), 7);
  const auto s1 = h.find("620102001");
  EXPECT_EQ(h.children(s1).size(), 2u);
  EXPECT_EQ(h.parent(s1), h.find("620102"));
  EXPECT_EQ(h.ancestor_at(h.find("620102002001"), Level::county), h.find("620102"));
  EXPECT_EQ(h.roots(), std::vector<Hierarchy::Node>{h.find("6201")});
  const auto& g = graph(h);
  EXPECT_EQ(boost::num_vertices(g), 7u);
  EXPECT_EQ(boost::num_edges(g), 6u);  // a tree
  EXPECT_EQ(g[static_cast<std::size_t>(s1)].code, "620102001");
}

TEST(HierarchyBadInput, EachRuleIsReportedWithItsLine) {
  std::vector<HierarchyError> errors;
  auto h = build(
      "level,code,name,parent_code\n"
      "city,6201,Lanzhou,62\n"                        // 2 ok (top rows may lack parents)
      "county,620102,Chengguan,6201\n"                // 3 ok
      "ward,620102009,W,620102\n"                     // 4 unknown level
      "street,6201020011,S,620102\n"                  // 5 wrong length
      "street,620102001,S1,620102\n"                  // 6 ok
      "street,620102001,S1 again,620102\n"            // 7 duplicate (drops 6 too)
      "street,620103001,S3,620102\n"                  // 8 does not extend parent
      "community,620102005001,C,620102005\n"          // 9 orphan
      "community,620102002002,C,620102002002\n"       // 10 own parent
      "street,620102004,S4,620102004001\n"            // 11 parent is below
      "community,620102004001,C,620102004\n"          // 12 parent invalid
      "county,62010A,X,6201\n",                       // 13 not digits
      errors);
  EXPECT_TRUE(has_error(errors, 4, "unknown level 'ward'"));
  EXPECT_TRUE(has_error(errors, 5, "digits"));
  EXPECT_TRUE(has_error(errors, 7, "duplicate code (first on line 6)"));
  EXPECT_TRUE(has_error(errors, 8, "does not extend"));
  EXPECT_TRUE(has_error(errors, 9, "orphan"));
  EXPECT_TRUE(has_error(errors, 10, "cycle"));
  EXPECT_TRUE(has_error(errors, 11, "not above"));
  EXPECT_TRUE(has_error(errors, 12, "invalid"));
  EXPECT_TRUE(has_error(errors, 13, "other than digits"));
  for (const auto& e : errors) EXPECT_NE(e.to_string().find("d.csv:"), std::string::npos);
  EXPECT_EQ(h.size(), 2);  // only the city and the county survive
}

TEST(HierarchyBadInput, EmptyAndHeaderless) {
  EXPECT_THROW((void)io::parse_divisions_csv("", "d.csv"), InputError);
  EXPECT_THROW((void)io::parse_divisions_csv("level,code,name,parent_code\n", "d.csv"), InputError);
  EXPECT_THROW((void)io::parse_divisions_csv("level,code,name\ncity,6201,L\n", "d.csv"), InputError);
}

TEST(Hierarchy, AttachAggregateAndNeighbours) {
  std::vector<HierarchyError> errors;
  auto h = build(kSmall, errors);
  // Six units in a row: C1 C1 C2 C2 C3 C3; grids G1={0,1}, G2={2,3}, G3={4,5}.
  UnitTable t;
  t.id = {"a", "b", "c", "d", "e", "f"};
  t.x = {0, 1, 2, 3, 4, 5};
  t.y = {0, 0, 0, 0, 0, 0};
  t.community = {"620102001001", "620102001001", "620102001002", "620102001002", "620102002001", "620102002001"};
  t.attributes = {{"households", {100, 200, 300, 100, 50, 50}}};
  std::vector<Edge> e;
  for (UnitIndex i = 0; i + 1 < 6; ++i) e.push_back({i, i + 1, 0});
  UnitGraph g(std::move(t), e);
  Plan p = Plan::from_labels(std::vector<std::string>{"620102001001003", "620102001001003", "x", "x", "y", "y"});
  auto grids = h.attach(g, p);
  ASSERT_EQ(grids.size(), 3u);
  EXPECT_EQ(h.code(grids[0]), "620102001001003");  // a valid code is kept
  EXPECT_EQ(h.code(grids[1]), "620102001002001");  // others numbered in their community
  EXPECT_EQ(h.code(grids[2]), "620102002001001");
  EXPECT_EQ(h.count(Level::building), 6u);
  EXPECT_EQ(h.code(h.unit_nodes()[1]), "62010200100100300002");
  auto hh = g.attribute("households");
  auto streets = h.aggregate(hh, Level::street);
  auto at = h.at_level(Level::street);
  ASSERT_EQ(streets.size(), 2u);
  EXPECT_DOUBLE_EQ(streets[static_cast<std::size_t>(std::find(at.begin(), at.end(), h.find("620102001")) - at.begin())], 700);
  EXPECT_DOUBLE_EQ(h.aggregate(hh, Level::city)[0], 800);
  // Streets S1 and S2 touch through units d-e; grid 1 touches grids 0 and 2.
  EXPECT_EQ(h.neighbors(h.find("620102001"), g), std::vector<Hierarchy::Node>{h.find("620102002")});
  EXPECT_EQ(h.neighbors(grids[1], g).size(), 2u);
  EXPECT_THROW(h.attach(g, p), Error);
}
