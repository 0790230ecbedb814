// Reading the CSV formats, and every class of bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "gridgov/error.hpp"
#include "gridgov/io/csv.hpp"

using namespace gridgov;

namespace {
const std::string kUnits =
    "id,x,y,households,population,community,elderly_alone\n"
    "a,0,0,100,240,C1,3\n"
    "b,1,0,150,360,C1,0\n"
    "c,2,0,200,480,C1,5\n";
const std::string kEdges = "u,v\na,b\nb,c\n";

// Expects parsing to throw an InputError mentioning `source`, `line` and `needle`.
template <class F>
void expect_input_error(F&& f, const std::string& source, std::size_t line, const std::string& needle) {
  try {
    f();
    FAIL() << "no error; expected one containing '" << needle << "'";
  } catch (const InputError& e) {
    EXPECT_EQ(e.source(), source) << e.what();
    if (line) {
      EXPECT_EQ(e.line(), line) << e.what();
    }
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

UnitGraph graph() {
  auto t = io::parse_units_csv(kUnits, "u.csv");
  auto e = io::parse_edges_csv(kEdges, t, "e.csv");
  return UnitGraph(std::move(t), e, "u.csv");
}
}  // namespace

TEST(Csv, ReadsUnitsWithOptionalColumns) {
  auto t = io::parse_units_csv(kUnits, "u.csv");
  ASSERT_EQ(t.id.size(), 3u);
  EXPECT_EQ(t.id[1], "b");
  ASSERT_EQ(t.attributes.size(), 3u);
  EXPECT_EQ(t.attributes[0].first, "households");
  EXPECT_EQ(t.attributes[2].first, "elderly_alone");
  EXPECT_DOUBLE_EQ(t.attributes[2].second[2], 5);
  auto g = graph();
  EXPECT_EQ(g.size(), 3);
  EXPECT_EQ(g.num_edges(), 2);
  EXPECT_EQ(g.degree(1), 2);
  EXPECT_EQ(g.find("c"), 2);
  EXPECT_EQ(g.find("zz"), -1);
}

TEST(Csv, CrlfBomQuotesAndBlankLines) {
  std::string text = "\xEF\xBB\xBFid,x,y,households,population,community,name\r\n"
                     "\"a\",0,0,10,24,\"C,1\",\"say \"\"hi\"\"\"\r\n\r\n"
                     "b,1,0,10,24,C2,plain\r\n";
  auto t = io::parse_units_csv(text, "u.csv");
  ASSERT_EQ(t.id.size(), 2u);
  EXPECT_EQ(t.community[0], "C,1");
  EXPECT_EQ(t.community[1], "C2");
  EXPECT_EQ(t.attributes.size(), 2u);  // name is a text column and is skipped
}

TEST(CsvBadInput, EmptyFile) {
  expect_input_error([] { (void)io::parse_units_csv("", "u.csv"); }, "u.csv", 0, "empty file");
  expect_input_error([] { (void)io::parse_units_csv("id,x,y,households,population,community\n", "u.csv"); }, "u.csv", 0,
                     "no units");
}

TEST(CsvBadInput, MissingColumn) {
  expect_input_error([] { (void)io::parse_units_csv("id,x,y,population,community\na,0,0,1,C\n", "u.csv"); }, "u.csv", 1,
                     "missing column(s): households");
}

TEST(CsvBadInput, TruncatedLine) {
  expect_input_error([] { (void)io::parse_units_csv("id,x,y,households,population,community\na,0,0,1,2,C\nb,1,0,3", "u.csv"); },
                     "u.csv", 3, "expected 6 fields, found 4");
}

TEST(CsvBadInput, NonNumericNegativeAndNaN) {
  const std::string head = "id,x,y,households,population,community\n";
  expect_input_error([&] { (void)io::parse_units_csv(head + "a,0,0,many,2,C\n", "u.csv"); }, "u.csv", 2,
                     "households is not a number");
  expect_input_error([&] { (void)io::parse_units_csv(head + "a,0,0,-5,2,C\n", "u.csv"); }, "u.csv", 2,
                     "households must not be negative");
  expect_input_error([&] { (void)io::parse_units_csv(head + "a,0,0,nan,2,C\n", "u.csv"); }, "u.csv", 2, "finite");
  expect_input_error([&] { (void)io::parse_units_csv(head + "a,inf,0,1,2,C\n", "u.csv"); }, "u.csv", 2, "finite");
  expect_input_error([&] { (void)io::parse_units_csv(head + "a,0,0,1,2,\n", "u.csv"); }, "u.csv", 2, "community is empty");
  expect_input_error([&] { (void)io::parse_units_csv(head + "a,0,0,1,2,\"C\n", "u.csv"); }, "u.csv", 2, "unterminated");
}

TEST(CsvBadInput, DuplicateIds) {
  expect_input_error(
      [] { (void)io::parse_units_csv("id,x,y,households,population,community\na,0,0,1,2,C\nb,0,0,1,2,C\na,1,1,1,2,C\n", "u.csv"); },
      "u.csv", 4, "duplicate unit id 'a' (first on line 2)");
}

TEST(CsvBadInput, DuplicateColumn) {
  expect_input_error([] { (void)io::parse_units_csv("id,x,y,x,households,population,community\n", "u.csv"); }, "u.csv", 1,
                     "column 'x' appears twice");
}

TEST(CsvBadInput, EdgesToUnknownUnitsAndSelfLoops) {
  auto t = io::parse_units_csv(kUnits, "u.csv");
  expect_input_error([&] { (void)io::parse_edges_csv("u,v\na,b\nb,zz\n", t, "e.csv"); }, "e.csv", 3, "unknown unit 'zz'");
  expect_input_error([&] { (void)io::parse_edges_csv("u,v\na,a\n", t, "e.csv"); }, "e.csv", 2, "self-loop");
  expect_input_error([&] { (void)io::parse_edges_csv("source,target\na,b\n", t, "e.csv"); }, "e.csv", 1, "missing column");
  expect_input_error([&] { (void)io::parse_edges_csv("u,v\na\n", t, "e.csv"); }, "e.csv", 2, "expected 2 fields");
}

TEST(CsvBadInput, PlanUnknownIdsAndConflicts) {
  auto g = graph();
  expect_input_error([&] { (void)io::parse_plan_csv("id,grid\na,G1\nq,G1\n", g, "p.csv"); }, "p.csv", 3, "unknown unit id 'q'");
  expect_input_error([&] { (void)io::parse_plan_csv("id,grid\n", g, "p.csv"); }, "p.csv", 0, "no assignments");
  expect_input_error([&] { (void)io::parse_plan_csv("id,grid\na,\n", g, "p.csv"); }, "p.csv", 2, "grid is empty");
  auto p = io::parse_plan_csv("id,grid\na,G1\nb,G1\nb,G2\n", g, "p.csv");
  ASSERT_EQ(p.conflicts.size(), 1u);
  EXPECT_EQ(p.conflicts[0].unit, 1);
  EXPECT_EQ(p.conflicts[0].line, 4u);
  EXPECT_EQ(p.grid_of[2], kNoGrid);
}

TEST(CsvBadInput, MissingFile) {
  expect_input_error([] { (void)io::read_units_csv("/nonexistent/units.csv"); }, "/nonexistent/units.csv", 0, "cannot open");
}

TEST(Csv, WriteIsAtomicAndRoundTrips) {
  auto dir = std::filesystem::temp_directory_path() / "gridgov_csv_test";
  std::filesystem::create_directories(dir);
  auto g = graph();
  io::write_units_csv((dir / "u.csv").string(), g);
  io::write_edges_csv((dir / "e.csv").string(), g);
  auto g2 = io::read_unit_graph((dir / "u.csv").string(), (dir / "e.csv").string());
  ASSERT_EQ(g2.size(), g.size());
  EXPECT_EQ(g2.num_edges(), g.num_edges());
  for (UnitIndex u = 0; u < g.size(); ++u) {
    EXPECT_EQ(g2.id(u), g.id(u));
    EXPECT_EQ(g2.attribute("households")[static_cast<std::size_t>(u)], g.attribute("households")[static_cast<std::size_t>(u)]);
    EXPECT_EQ(g2.attribute("elderly_alone")[static_cast<std::size_t>(u)], g.attribute("elderly_alone")[static_cast<std::size_t>(u)]);
  }
  Plan p = Plan::from_labels(std::vector<std::string>{"G1", "G1", "G2"});
  io::write_plan_csv((dir / "p.csv").string(), g, p);
  auto p2 = io::read_plan_csv((dir / "p.csv").string(), g);
  EXPECT_EQ(p2.grid_of, p.grid_of);
  // A write into a missing folder fails and leaves nothing behind.
  EXPECT_THROW(io::write_plan_csv((dir / "missing" / "p.csv").string(), g, p), Error);
  EXPECT_FALSE(std::filesystem::exists(dir / "missing"));
  std::filesystem::remove_all(dir);
}
