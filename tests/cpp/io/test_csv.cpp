// Reading the CSV formats, and every class of bad input.
#include <gtest/gtest.h>

#include <cerrno>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <fstream>

#include "gridgov/core/error.hpp"
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

// The old plan given to redesign: ids of removed buildings are counted, not
// errors; a unit listed twice must keep its grid.
TEST(Csv, OldPlanForRedesignIsReadLeniently) {
  auto g = graph();
  const auto dir = std::filesystem::temp_directory_path() / "gridgov_old_plan_test";
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    const auto path = (dir / name).string();
    std::ofstream(path) << text;
    return path;
  };
  std::int64_t removed = -1;
  const auto ok = write("old.csv", "grid,note,id\nG1,x,a\nG1,,gone\nG2,y,b\nG1,,a\n");
  const Plan p = io::read_old_plan_csv(ok, g, removed);
  EXPECT_EQ(removed, 1);
  ASSERT_EQ(p.grid_of.size(), 3u);
  EXPECT_EQ(p.grid_codes[static_cast<std::size_t>(p.grid_of[0])], "G1");
  EXPECT_EQ(p.grid_codes[static_cast<std::size_t>(p.grid_of[1])], "G2");
  EXPECT_EQ(p.grid_of[2], kNoGrid);  // c is not in the old plan: a new building
  const auto twice = write("twice.csv", "id,grid\na,G1\nb,G2\na,G2\n");
  expect_input_error([&] { (void)io::read_old_plan_csv(twice, g, removed); }, twice, 4, "'a' is in two grids");
  const auto nogrid = write("nogrid.csv", "id,zone\na,G1\n");
  expect_input_error([&] { (void)io::read_old_plan_csv(nogrid, g, removed); }, nogrid, 1, "missing column");
  const auto short_row = write("short.csv", "id,note,grid\na,x\n");
  expect_input_error([&] { (void)io::read_old_plan_csv(short_row, g, removed); }, short_row, 2, "at least 3 fields");
  std::filesystem::remove_all(dir);
}

TEST(CsvBadInput, CountsAreWholeNumbers) {
  const std::string head = "id,x,y,households,population,community\n";
  expect_input_error([&] { (void)io::parse_units_csv(head + "a,0,0,3,7,c\nb,1,0,2.5,6,c\n", "u.csv"); }, "u.csv", 3,
                     "households must be a whole number, got 2.5");
  expect_input_error([&] { (void)io::parse_units_csv(head + "a,0,0,3,7.25,c\n", "u.csv"); }, "u.csv", 2,
                     "population must be a whole number, got 7.25");
  // Other attributes (a workload weight, an area) may be fractional.
  EXPECT_EQ(io::parse_units_csv("id,x,y,households,community,weight\na,0,0,3,c,0.5\n", "u.csv").id.size(), 1u);
}

TEST(CsvBadInput, MissingFile) {
  try {
    (void)io::read_units_csv("/nonexistent/units.csv");
    FAIL() << "no error";
  } catch (const FileError& e) {
    EXPECT_EQ(e.path(), "/nonexistent/units.csv");
    EXPECT_EQ(e.error_number(), ENOENT);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/units.csv: cannot open"), std::string::npos) << e.what();
  }
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

// The reader's fast number path must agree bit for bit with std::from_chars
// on every form a planner's file may hold; random numbers of every length
// and precision, fields of every width (the tokenizer scans 16 bytes at a
// time), with and without CR, quotes and a final newline.
TEST(Csv, NumbersAgreeWithFromCharsOnRandomRows) {
  std::mt19937_64 rng(7);
  auto number_text = [&](double& expect) {
    std::string s;
    switch (rng() % 6) {
      case 0: s = std::to_string(rng() % 1000); break;                                   // small integer
      case 1: s = std::to_string(rng() % 1'000'000'000'000'000ull); break;                // up to 18 digits
      case 2: {                                                                            // fixed decimals
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(rng() % 17),
                      std::ldexp(static_cast<double>(rng() >> 11), -static_cast<int>(rng() % 60)));
        s = buf;
        break;
      }
      case 3: {                                                                            // shortest round trip
        char buf[64];
        const double v = std::ldexp(static_cast<double>(rng() >> 11), -static_cast<int>(rng() % 70)) * 1e3;
        auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
        s.assign(buf, p);
        break;
      }
      case 4: s = "0." + std::string(rng() % 20, '0') + std::to_string(rng() % 100000 + 1); break;
      default: s = std::to_string(rng() % 100) + "e" + std::to_string(rng() % 5); break;  // exponent
    }
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), expect);
    EXPECT_TRUE(ec == std::errc() && p == s.data() + s.size()) << s;
    return s;
  };
  for (int trial = 0; trial < 200; ++trial) {
    const bool crlf = trial % 3 == 0, quoted = trial % 7 == 0, final_newline = trial % 2 == 0;
    const std::string eol = crlf ? "\r\n" : "\n";
    // The random numbers go to x, y and two free attributes (counts such as
    // households must be whole numbers, a rule checked apart).
    std::string text = "id,x,y,weight,share,community,households" + eol;
    std::vector<std::array<double, 4>> want;
    const int rows = 1 + static_cast<int>(rng() % 20);
    for (int r = 0; r < rows; ++r) {
      std::array<double, 4> w{};
      std::string line = quoted && r % 2 ? "\"u" + std::to_string(r) + "\"" : "u" + std::to_string(r);
      for (auto& v : w) line += "," + number_text(v);
      line += "," + std::string(rng() % 30, 'c') + "C,1";
      text += line;
      if (r + 1 < rows || final_newline) text += eol;
      want.push_back(w);
    }
    const auto t = io::parse_units_csv(text, "random.csv");
    ASSERT_EQ(t.id.size(), want.size()) << text;
    for (std::size_t r = 0; r < want.size(); ++r) {
      EXPECT_EQ(t.id[r], "u" + std::to_string(r));
      EXPECT_EQ(t.x[r], want[r][0]) << text;
      EXPECT_EQ(t.y[r], want[r][1]) << text;
      EXPECT_EQ(t.attributes[1].second[r], want[r][2]) << text;
      EXPECT_EQ(t.attributes[2].second[r], want[r][3]) << text;
    }
  }
}

TEST(CsvBadInput, NumberFormsTheFastPathDeclines) {
  auto units_with = [](const std::string& households) {
    return "id,x,y,households,population,community\na,0,0," + households + ",1,C\n";
  };
  EXPECT_EQ(io::parse_units_csv(units_with("+12"), "u.csv").attributes[0].second[0], 12.0);
  EXPECT_EQ(io::parse_units_csv(units_with(" 7 "), "u.csv").attributes[0].second[0], 7.0);
  EXPECT_EQ(io::parse_units_csv(units_with("1e2"), "u.csv").attributes[0].second[0], 100.0);
  EXPECT_EQ(io::parse_units_csv(units_with("12345678901234567890"), "u.csv").attributes[0].second[0], 12345678901234567890.0);
  EXPECT_EQ(io::parse_units_csv(units_with("5."), "u.csv").attributes[0].second[0], 5.0);
  for (const std::string bad : {".", "-", "1.2.3", "1,5", "12a", "--1", "0x10"}) {
    EXPECT_THROW((void)io::parse_units_csv(units_with(bad), "u.csv"), InputError) << bad;
  }
}

// Plain records (no quotes, no padding) are converted straight from the
// text; every other record goes through the general tokenizer. Random files
// mixing both must read exactly as the same files with every record padded
// (all general), errors on the same lines.
TEST(Csv, PlainAndGeneralRecordsReadAlike) {
  std::mt19937_64 rng(11);
  const std::array<std::string, 3> types = {"urban", "rural", "dedicated"};
  auto decorate = [&](const std::string& f, bool text) {
    switch (rng() % 3) {
      case 0: return " " + f + "\t";
      case 1: return text ? "\"" + f + "\"" : " " + f;
      default: return f + " ";
    }
  };
  for (int trial = 0; trial < 150; ++trial) {
    const std::string eol = trial % 4 == 0 ? "\r\n" : "\n";
    const std::vector<std::string> header = {"id", "x", "name", "y", "households", "population", "community",
                                             "grid_type", "area", "perimeter", "elderly_alone"};
    std::string mixed, padded;
    for (std::size_t c = 0; c < header.size(); ++c) {
      mixed += (c ? "," : "") + header[c];
      padded += (c ? "," : "") + header[c];
    }
    mixed += eol;
    padded += eol;
    const int rows = 1 + static_cast<int>(rng() % 25);
    const int bad_row = trial % 3 == 0 ? static_cast<int>(rng() % static_cast<unsigned>(rows)) : -1;
    std::size_t line = 1, bad_line = 0;
    for (int r = 0; r < rows; ++r) {
      if (rng() % 6 == 0) {  // a blank line counts as a line
        mixed += eol;
        padded += eol;
        ++line;
      }
      ++line;
      std::vector<std::string> f = {
          std::to_string(rng() % 2 ? r : r + 1000), std::to_string(static_cast<int>(rng() % 20000) - 10000) + "." + std::to_string(rng() % 100),
          rng() % 3 ? "bldg " + std::to_string(r) : "", std::to_string(rng() % 9000) + ".5", std::to_string(rng() % 300),
          std::to_string(rng() % 700), "C" + std::to_string(rng() % 3), rng() % 4 ? types[rng() % 3] : "",
          std::to_string(rng() % 5000), std::to_string(rng() % 400) + ".25", std::to_string(rng() % 4)};
      if (r == bad_row) {
        bad_line = line;
        switch (rng() % 4) {
          case 0: f[4] = "-3"; break;
          case 1: f[7] = "tower"; break;
          case 2: f[0] = ""; break;
          default: f[8] = "1.2.3"; break;
        }
      }
      const bool plain = rng() % 2 != 0;
      for (std::size_t c = 0; c < f.size(); ++c) {
        const bool text = c == 0 || c == 2 || c == 6 || c == 7;
        mixed += (c ? "," : "") + (plain ? f[c] : decorate(f[c], text));
        padded += (c ? "," : "") + (c == 0 ? " " + f[c] : f[c]);  // a padded first field: general path
      }
      mixed += eol;
      padded += eol;
    }
    if (bad_row >= 0) {
      expect_input_error([&] { (void)io::parse_units_csv(mixed, "m.csv"); }, "m.csv", bad_line, "");
      expect_input_error([&] { (void)io::parse_units_csv(padded, "m.csv"); }, "m.csv", bad_line, "");
      continue;
    }
    UnitTable a, b;
    try {
      a = io::parse_units_csv(mixed, "m.csv");
      b = io::parse_units_csv(padded, "m.csv");
    } catch (const InputError& e) {  // duplicate ids: both must say so on the same line
      expect_input_error([&] { (void)io::parse_units_csv(mixed, "m.csv"); }, "m.csv", e.line(), "duplicate unit id");
      expect_input_error([&] { (void)io::parse_units_csv(padded, "m.csv"); }, "m.csv", e.line(), "duplicate unit id");
      continue;
    }
    ASSERT_EQ(a.id, b.id) << mixed;
    EXPECT_EQ(a.x, b.x);
    EXPECT_EQ(a.y, b.y);
    EXPECT_EQ(a.community, b.community);
    EXPECT_EQ(a.grid_type, b.grid_type);
    EXPECT_EQ(a.area, b.area);
    EXPECT_EQ(a.perimeter, b.perimeter);
    ASSERT_EQ(a.attributes.size(), b.attributes.size());
    for (std::size_t i = 0; i < a.attributes.size(); ++i) {
      EXPECT_EQ(a.attributes[i].first, b.attributes[i].first);
      EXPECT_EQ(a.attributes[i].second, b.attributes[i].second) << a.attributes[i].first;
    }
  }
}

// Edge lists over ids 0..n-1 take a fast path for "u,v" records: the same
// edges and the same errors as the general path, in either column order.
TEST(Csv, PlainEdgeRecordsReadAlike) {
  std::mt19937_64 rng(5);
  std::string units = "id,x,y,households,population,community\n";
  const int n = 40;
  for (int i = 0; i < n; ++i) units += std::to_string(i) + ",0,0,1,1,C\n";
  const auto t = io::parse_units_csv(units, "u.csv");
  for (int trial = 0; trial < 100; ++trial) {
    const bool swapped = trial % 2 != 0;
    std::string plain = swapped ? "v,u\n" : "u,v\n", general = plain;
    std::vector<std::pair<int, int>> want;
    std::size_t line = 1, bad_line = 0;
    const int rows = 1 + static_cast<int>(rng() % 30);
    for (int r = 0; r < rows; ++r) {
      ++line;
      int a = static_cast<int>(rng() % n), b = static_cast<int>(rng() % n);
      if (a == b) b = (b + 1) % n;
      std::string sa = std::to_string(a), sb = std::to_string(b);
      if (trial % 3 == 0 && r == rows / 2) {
        bad_line = line;
        switch (rng() % 3) {
          case 0: sa = std::to_string(n + static_cast<int>(rng() % 2)); break;  // unknown unit
          case 1: sb = std::to_string(n + static_cast<int>(rng() % 2)); break;
          default: sb = sa; break;                                               // self-loop
        }
      }
      const bool fancy = rng() % 4 == 0;
      plain += (fancy ? "\"" + sa + "\"" : sa) + "," + sb + (rng() % 5 ? "\n" : "\r\n");
      general += " " + sa + ", " + sb + "\n";
      want.emplace_back(swapped ? b : a, swapped ? a : b);
    }
    if (bad_line) {
      expect_input_error([&] { (void)io::parse_edges_csv(plain, t, "e.csv"); }, "e.csv", bad_line, "");
      expect_input_error([&] { (void)io::parse_edges_csv(general, t, "e.csv"); }, "e.csv", bad_line, "");
      continue;
    }
    const auto ea = io::parse_edges_csv(plain, t, "e.csv");
    const auto eb = io::parse_edges_csv(general, t, "e.csv");
    ASSERT_EQ(ea.size(), want.size());
    ASSERT_EQ(eb.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(ea[i].u, want[i].first);
      EXPECT_EQ(ea[i].v, want[i].second);
      EXPECT_EQ(eb[i].u, ea[i].u);
      EXPECT_EQ(eb[i].v, ea[i].v);
    }
  }
}
