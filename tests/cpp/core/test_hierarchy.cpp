#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <boost/graph/depth_first_search.hpp>
#include <filesystem>
#include <random>

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

namespace {
// Real codes and names from the statistics bureau's lists: three cities
// without counties (Dongguan, Zhongshan, Danzhou) repeated at county level
// with county digits 00, Jiayuguan with its 市辖区 620201 as published, and a
// county without streets (Kinmen) with its street and community placeholders.
// Community names other than 岗贝社区居民委员会 are made up.
const std::string kBureau =
    "level,code,name,parent_code\n"
    "province,44,广东省,\n"                                  // 2
    "city,4419,东莞市,44\n"                                  // 3
    "county,441900,东莞市,4419\n"                            // 4 placeholder
    "street,441900003,东城街道,441900\n"                     // 5
    "street,441900004,南城街道,441900\n"                     // 6
    "street,441900101,石碣镇,441900\n"                       // 7
    "community,441900003001,岗贝社区居民委员会,441900003\n"  // 8
    "community,441900003002,社区2,441900003\n"               // 9
    "community,441900004001,社区3,441900004\n"               // 10
    "community,441900101001,社区4,441900101\n"               // 11
    "city,4420,中山市,44\n"                                  // 12
    "county,442000,中山市,4420\n"                            // 13 placeholder
    "street,442000001,石岐街道,442000\n"                     // 14
    "street,442000100,小榄镇,442000\n"                       // 15
    "community,442000001001,社区5,442000001\n"               // 16
    "province,46,海南省,\n"                                  // 17
    "city,4604,儋州市,46\n"                                  // 18
    "county,460400,儋州市,4604\n"                            // 19 placeholder
    "street,460400100,那大镇,460400\n"                       // 20
    "community,460400100001,社区6,460400100\n"               // 21
    "province,62,甘肃省,\n"                                  // 22
    "city,6202,嘉峪关市,62\n"                                // 23
    "county,620201,市辖区,6202\n"                            // 24
    "street,620201001,雄关街道,620201\n"                     // 25
    "street,620201100,新城镇,620201\n"                       // 26
    "community,620201001001,社区7,620201001\n"               // 27
    "province,35,福建省,\n"                                  // 28
    "city,3505,泉州市,35\n"                                  // 29
    "county,350502,鲤城区,3505\n"                            // 30
    "street,350502001,海滨街道,350502\n"                     // 31
    "community,350502001001,社区8,350502001\n"               // 32
    "county,350527,金门县,3505\n"                            // 33
    "street,350527000,金门县,350527\n"                       // 34 placeholder
    "community,350527000000,金门县,350527000\n";             // 35 placeholder

std::array<std::size_t, kLevelCount> rows_per_level(const std::string& text) {
  std::array<std::size_t, kLevelCount> n{};
  for (const auto& r : rows(text)) ++n[static_cast<std::size_t>(*parse_level(r.level))];
  return n;
}
}  // namespace

TEST(HierarchyBureau, CitiesWithoutCountiesAndPlaceholdersAreKept) {
  for (bool fast : {false, true}) {
    std::vector<HierarchyError> errors;
    auto h = fast ? io::parse_hierarchy_csv(kBureau, "d.csv", errors) : build(kBureau, errors);
    EXPECT_TRUE(errors.empty()) << errors.size() << " " << (errors.empty() ? "" : errors[0].to_string());
    // Counts per level equal the rows per level of the file.
    const auto want = rows_per_level(kBureau);
    for (int l = 0; l < kLevelCount; ++l) EXPECT_EQ(h.count(static_cast<Level>(l)), want[static_cast<std::size_t>(l)]) << l;
    EXPECT_EQ(h.size(), 34);
    // One note per placeholder row, with its line.
    ASSERT_EQ(h.notes().size(), 5u);
    const std::vector<std::size_t> lines = {4, 13, 19, 34, 35};
    for (std::size_t i = 0; i < lines.size(); ++i) {
      EXPECT_EQ(h.notes()[i].line, lines[i]);
      EXPECT_NE(h.notes()[i].to_string().find("placeholder"), std::string::npos);
    }
    EXPECT_EQ(h.notes()[0].to_string(),
              "d.csv:4: 441900: placeholder: all-zero county sequence, repeats city '4419' (a city without "
              "counties), as the statistics bureau publishes it");
    EXPECT_NE(h.notes()[3].to_string().find("repeats county '350527' (a county without streets)"), std::string::npos);
    // Dongguan's streets hang under the city through its 00 county.
    const auto gangbei = h.find("441900003001");
    ASSERT_NE(gangbei, Hierarchy::kNone);
    EXPECT_EQ(h.name(gangbei), "岗贝社区居民委员会");
    std::vector<std::string> up;
    for (auto a : h.ancestors(gangbei)) up.push_back(h.code(a));
    EXPECT_EQ(up, (std::vector<std::string>{"441900003", "441900", "4419", "44"}));
    EXPECT_EQ(h.name(h.ancestor_at(gangbei, Level::county)), "东莞市");
    EXPECT_EQ(h.descendants(h.find("4419"), Level::street).size(), 3u);
    EXPECT_EQ(h.descendants(h.find("4419"), Level::community).size(), 4u);
    EXPECT_EQ(h.children(h.find("4420")), std::vector<Hierarchy::Node>{h.find("442000")});
    EXPECT_EQ(h.parent(h.find("460400100")), h.find("460400"));
    EXPECT_EQ(h.parent(h.find("620201001")), h.find("620201"));
    // Kinmen: the county, its placeholder street and community.
    EXPECT_EQ(h.parent(h.find("350527000000")), h.find("350527000"));
    EXPECT_EQ(h.descendants(h.find("3505"), Level::community).size(), 2u);
  }
}

TEST(HierarchyBureau, JiayuguanWrittenWithA00County) {
  std::vector<HierarchyError> errors;
  auto h = build(
      "level,code,name,parent_code\n"
      "city,6202,嘉峪关市,62\n"
      "county,620200,嘉峪关市,6202\n"
      "street,620200001,雄关街道,620200\n"
      "community,620200001001,社区,620200001\n",
      errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(h.size(), 4);
  ASSERT_EQ(h.notes().size(), 1u);
  EXPECT_EQ(h.notes()[0].code, "620200");
  // A hierarchy built row by row accepts the same codes.
  Hierarchy g;
  const auto city = g.add("6202", "嘉峪关市", Level::city, Hierarchy::kNone);
  const auto county = g.add("620200", "嘉峪关市", Level::county, city);
  EXPECT_NO_THROW(g.add("620200001", "雄关街道", Level::street, county));
  EXPECT_THROW(g.add("620300001", "x", Level::street, county), Error);  // does not extend 620200
  EXPECT_TRUE(g.notes().empty());
}

TEST(HierarchyBureau, WhatIsReallyWrongIsStillRejected) {
  std::vector<HierarchyError> errors;
  auto h = build(
      "level,code,name,parent_code\n"
      "city,6201,兰州市,62\n"                            // 2 ok
      "county,620102,城关区,6201\n"                      // 3 ok
      "county,620100,兰州市,6201\n"                      // 4 placeholder beside a real county
      "street,620100001,S,620100\n"                      // 5 dropped with it
      "street,620102001,S1,620102\n"                     // 6 ok
      "community,620102001001,C1,620102001\n"            // 7 ok
      "community,620102001000,S1,620102001\n"            // 8 placeholder beside a real community
      "street,620102000,X,6201\n"                        // 9 placeholder not under the county it repeats
      "street,620103001,S,620102\n"                      // 10 non-zero sequence that does not extend
      "county,6201000,X,6201\n"                          // 11 wrong length
      "city,6200,X,62\n"                                 // 12 no city placeholders
      "grid,620102001001000,G,620102001001\n"            // 13 no grid placeholders
      "street,620102002,S2,620102\n"                     // 14 ok
      "community,620102002000,S2,620102002\n"            // 15 ok: the street's only community
      "province,00,X,\n",                                // 16 no province 00
      errors);
  EXPECT_TRUE(has_error(errors, 4, "all-zero county sequence under city '6201', which has counties of its own ('620102', line 3)"));
  EXPECT_TRUE(has_error(errors, 5, "dropped: an ancestor ('620100') is invalid"));
  EXPECT_TRUE(has_error(errors, 8, "which has communities of its own ('620102001001', line 7)"));
  EXPECT_TRUE(has_error(errors, 9, "repeats county '620102' and must be listed under it, not under '6201'"));
  EXPECT_TRUE(has_error(errors, 10, "does not extend"));
  EXPECT_TRUE(has_error(errors, 11, "7 digits"));
  EXPECT_TRUE(has_error(errors, 12, "all-zero city sequence"));
  EXPECT_TRUE(has_error(errors, 13, "all-zero grid sequence"));
  EXPECT_TRUE(has_error(errors, 16, "province code '00'"));
  EXPECT_EQ(errors.size(), 9u);
  EXPECT_EQ(h.size(), 6);  // lines 2, 3, 6, 7, 14 and 15
  ASSERT_EQ(h.notes().size(), 1u);
  EXPECT_EQ(h.notes()[0].line, 15u);
  for (auto code : {"6201", "620102", "620102001", "620102001001", "620102002", "620102002000"})
    EXPECT_NE(h.find(code), Hierarchy::kNone) << code;
}

namespace {
// A random five-level file in the bureau's forms: some cities without
// counties (a 00 county), some counties without streets and streets without
// communities (all-zero placeholders). parent[i] is the row of row i's
// parent (-1 for provinces); rows are shuffled.
struct Country {
  std::vector<DivisionRow> rows;
  std::vector<std::ptrdiff_t> parent;
};

Country random_country(std::mt19937_64& rng) {
  Country c;
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto add = [&](const char* level, std::string code, std::ptrdiff_t parent) {
    c.rows.push_back({level, code, "n" + code, parent < 0 ? "" : c.rows[static_cast<std::size_t>(parent)].code, 0});
    c.parent.push_back(parent);
    return static_cast<std::ptrdiff_t>(c.rows.size() - 1);
  };
  auto pad = [](int v, int w) {
    std::string s = std::to_string(v);
    return std::string(static_cast<std::size_t>(w) - s.size(), '0') + s;
  };
  auto communities = [&](std::ptrdiff_t street, bool none) {
    const std::string sc = c.rows[static_cast<std::size_t>(street)].code;
    if (none) {
      add("community", sc + "000", street);
      return;
    }
    for (int m = 1, k = pick(1, 6), seq = 0; m <= k; ++m) add("community", sc + pad(seq += pick(1, 3), 3), street);
  };
  auto streets = [&](std::ptrdiff_t county) {
    const std::string dc = c.rows[static_cast<std::size_t>(county)].code;
    if (chance(0.15)) {  // a county without streets
      communities(add("street", dc + "000", county), true);
      return;
    }
    for (int s = 1, k = pick(1, 5); s <= k; ++s) communities(add("street", dc + pad(s + (s > 2 ? 97 : 0), 3), county), chance(0.1));
  };
  std::vector<int> provinces = {11, 35, 44, 46, 62, 65};
  for (int p : provinces) {
    if (chance(0.3)) continue;
    const auto prow = add("province", std::to_string(p), -1);
    for (int ci = 1, k = pick(1, 4); ci <= k; ++ci) {
      const auto city = add("city", std::to_string(p) + pad(ci, 2), prow);
      if (chance(0.3)) {  // a city without counties
        streets(add("county", c.rows[static_cast<std::size_t>(city)].code + "00", city));
        continue;
      }
      for (int d = 1, kd = pick(1, 4), seq = 0; d <= kd; ++d)
        streets(add("county", c.rows[static_cast<std::size_t>(city)].code + pad(seq += pick(1, 2), 2), city));
    }
  }
  std::vector<std::size_t> order(c.rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  Country out;
  std::vector<std::ptrdiff_t> pos(c.rows.size(), -1);
  for (auto i : order) pos[i] = static_cast<std::ptrdiff_t>(out.rows.size()), out.rows.push_back(c.rows[i]);
  for (auto i : order) out.parent.push_back(c.parent[i] < 0 ? -1 : pos[static_cast<std::size_t>(c.parent[i])]);
  for (std::size_t i = 0; i < out.rows.size(); ++i) out.rows[i].line = i + 2;
  return out;
}

std::size_t subtree(const Country& c, std::size_t root) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < c.rows.size(); ++i)
    for (auto j = static_cast<std::ptrdiff_t>(i); j >= 0; j = c.parent[static_cast<std::size_t>(j)])
      if (static_cast<std::size_t>(j) == root) {
        ++n;
        break;
      }
  return n;
}

bool unique_codes(const Country& c) {
  std::vector<std::string> codes;
  for (const auto& r : c.rows) codes.push_back(r.code);
  std::sort(codes.begin(), codes.end());
  return std::adjacent_find(codes.begin(), codes.end()) == codes.end();
}
}  // namespace

// Every row of a generated file lands at its level under its parent; the
// counts per level equal the rows per level; one note per placeholder.
TEST(HierarchyProperty, EveryRowLandsAtItsLevel) {
  std::mt19937_64 rng(20240611);
  int checked = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const auto c = random_country(rng);
    if (c.rows.empty()) continue;
    ASSERT_TRUE(unique_codes(c));
    ++checked;
    std::vector<HierarchyError> errors;
    auto h = Hierarchy::from_rows(c.rows, errors, "gen.csv");
    ASSERT_TRUE(errors.empty()) << errors[0].to_string();
    std::array<std::size_t, kLevelCount> want{};
    std::size_t placeholders = 0;
    for (std::size_t i = 0; i < c.rows.size(); ++i) {
      const auto& r = c.rows[i];
      const Level lv = *parse_level(r.level);
      ++want[static_cast<std::size_t>(lv)];
      placeholders += code_kind(r.code, lv) == CodeKind::placeholder;
      const auto n = h.find(r.code);
      ASSERT_NE(n, Hierarchy::kNone) << r.code;
      EXPECT_EQ(h.level(n), lv) << r.code;
      EXPECT_EQ(h.parent(n), c.parent[i] < 0 ? Hierarchy::kNone : h.find(r.parent_code)) << r.code;
    }
    for (int l = 0; l < kLevelCount; ++l) EXPECT_EQ(h.count(static_cast<Level>(l)), want[static_cast<std::size_t>(l)]);
    EXPECT_EQ(h.notes().size(), placeholders);
  }
  EXPECT_GT(checked, 100);
}

// One real fault in a generated file: the faulty row is reported on its
// line, and exactly it and what lies below it are left out.
TEST(HierarchyProperty, OneFaultDropsExactlyItsSubtree) {
  std::mt19937_64 rng(7);
  int checked = 0;
  for (int trial = 0; trial < 300; ++trial) {
    auto c = random_country(rng);
    if (c.rows.size() < 3) continue;
    const auto i = std::uniform_int_distribution<std::size_t>(0, c.rows.size() - 1)(rng);
    if (c.parent[i] < 0) continue;  // provinces have no parent to get wrong
    auto& r = c.rows[i];
    const Level lv = *parse_level(r.level);
    const std::size_t lost = subtree(c, i);
    std::size_t added = 0;
    std::string expect;
    switch (trial % 3) {
      case 0: {  // a parent that the code does not extend
        const auto& pc = r.parent_code;
        auto other = std::find_if(c.rows.begin(), c.rows.end(), [&](const DivisionRow& q) { return q.level == c.rows[static_cast<std::size_t>(c.parent[i])].level && q.code != pc; });
        if (other == c.rows.end()) continue;
        r.parent_code = other->code;
        expect = code_kind(r.code, lv) == CodeKind::placeholder ? "must be listed under it" : "does not extend";
        break;
      }
      case 1:  // a code one digit too long
        r.code += "1";
        expect = "digits";
        break;
      default: {  // a placeholder beside a regular sibling (a city: no placeholder at all)
        if (code_kind(r.code, lv) != CodeKind::regular) continue;
        const auto zeros = static_cast<std::size_t>(code_length(lv)) - r.parent_code.size();
        c.rows.push_back({r.level, r.parent_code + std::string(zeros, '0'), "p", r.parent_code, c.rows.size() + 2});
        c.parent.push_back(c.parent[i]);
        added = 1;
        expect = level_has_placeholders(lv) ? "of its own" : "all-zero city sequence";
        break;
      }
    }
    ++checked;
    const std::size_t line = added ? c.rows.back().line : c.rows[i].line;
    std::vector<HierarchyError> errors;
    auto h = Hierarchy::from_rows(c.rows, errors, "gen.csv");
    EXPECT_TRUE(has_error(errors, line, expect)) << trial << ": " << r.code << " " << (errors.empty() ? "no error" : errors[0].to_string());
    const std::size_t dropped = added ? 1 : lost;
    EXPECT_EQ(static_cast<std::size_t>(h.size()), c.rows.size() - dropped) << trial;
    EXPECT_EQ(errors.size(), added ? 1 : lost) << trial;
  }
  EXPECT_GT(checked, 100);
}
