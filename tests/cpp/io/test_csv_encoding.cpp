// CSV files as real people save them: UTF-8 with a BOM, GBK from Excel on a
// Chinese Windows, headers in Chinese (column mapping), codes that Excel
// turned into scientific notation, workbooks given for CSV, and bytes that
// no encoding reads.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "gridgov/core/error.hpp"
#include "gridgov/io/csv.hpp"
#include "io/csv_reader.hpp"
#include "io/encoding.hpp"

using namespace gridgov;

namespace {

// GBK (code page 936) bytes, kept apart so no hex escape runs into the next character.
const std::string kGbkHeader = "\xB1\xE0\xBA\xC5" "," "\xBB\xA7\xCA\xFD" "," "\xC9\xE7\xC7\xF8";  // 编号,户数,社区
const std::string kGbkChengguan = "\xB3\xC7\xB9\xD8\xC9\xE7\xC7\xF8";                           // 城关社区
const std::string kGbkDonggang = "\xB6\xAB\xB8\xDA\xC9\xE7\xC7\xF8";                            // 东岗社区

// A GBK units file with Chinese headers for id, households and community.
std::string gbk_units() {
  return kGbkHeader + ",x,y\n" + "u1,120," + kGbkChengguan + ",0,0\n" + "u2,80," + kGbkChengguan + ",1,0\n" +
         "u3,95," + kGbkDonggang + ",2,0\n";
}

io::CsvOptions chinese_columns() {
  io::CsvOptions o;
  o.columns = io::parse_column_map("id=编号, households=户数, community=社区");
  return o;
}

std::string temp_file(const std::string& name, const std::string& bytes) {
  const auto dir = std::filesystem::temp_directory_path() / ("gridgov_enc_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto p = (dir / name).string();
  std::ofstream(p, std::ios::binary) << bytes;
  return p;
}

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

}  // namespace

TEST(CsvEncoding, GbkDetectedNamesAndHeadersBecomeUtf8) {
  auto o = chinese_columns();
  std::vector<std::string> notes;
  o.on_note = [&](const std::string& n) { notes.push_back(n); };
  const auto t = io::parse_units_csv(gbk_units(), "gbk.csv", o);
  ASSERT_EQ(t.id.size(), 3u);
  EXPECT_EQ(t.community[0], "城关社区");
  EXPECT_EQ(t.community[2], "东岗社区");
  EXPECT_EQ(t.attributes[0].first, "households");
  EXPECT_EQ(t.attributes[0].second[0], 120);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("gbk.csv"), std::string::npos);
  EXPECT_NE(notes[0].find("GB18030"), std::string::npos);

  // Named explicitly: the same names, and no note.
  for (auto e : {io::Encoding::gbk, io::Encoding::gb18030}) {
    notes.clear();
    o.encoding = e;
    const auto u = io::parse_units_csv(gbk_units(), "gbk.csv", o);
    EXPECT_EQ(u.community, t.community);
    EXPECT_TRUE(notes.empty());
  }
}

TEST(CsvEncoding, NamedGbkReadsUtf8FilesAsUtf8) {
  // One --encoding serves every file of a command; the plans gridgov wrote are UTF-8.
  auto o = chinese_columns();
  o.encoding = io::Encoding::gbk;
  std::vector<std::string> notes;
  o.on_note = [&](const std::string& n) { notes.push_back(n); };
  const auto t = io::parse_units_csv("编号,x,y,户数,社区\nu1,0,0,5,城关社区\n", "u.csv", o);
  EXPECT_EQ(t.community[0], "城关社区");
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("read as UTF-8"), std::string::npos);
}

TEST(CsvEncoding, GbkFileRoundTripsToUtf8Output) {
  const auto units = temp_file("gbk_units.csv", gbk_units());
  const auto edges = temp_file("gbk_edges.csv", "u,v\nu1,u2\nu2,u3\n");
  const auto g = io::read_unit_graph(units, edges, chinese_columns());
  ASSERT_EQ(g.size(), 3);
  const auto out = temp_file("gbk_back.csv", "");
  io::write_units_csv(out, g);
  const std::string text = io::read_file(out);
  EXPECT_EQ(io::detail::invalid_utf8_at(text), std::string_view::npos);
  EXPECT_NE(text.find("城关社区"), std::string::npos);
  // The written file reads back as UTF-8, with the canonical header.
  const auto back = io::read_units_csv(out);
  EXPECT_EQ(back.community[2], "东岗社区");
}

TEST(CsvEncoding, Utf8WithAndWithoutBom) {
  const std::string body = "编号,x,y,户数,社区\nu1,0,0,5,城关社区\n";
  for (const std::string& text : {body, "\xEF\xBB\xBF" + body}) {
    std::vector<std::string> notes;
    auto o = chinese_columns();
    o.on_note = [&](const std::string& n) { notes.push_back(n); };
    const auto t = io::parse_units_csv(text, "u.csv", o);
    EXPECT_EQ(t.id[0], "u1");
    EXPECT_EQ(t.community[0], "城关社区");
    EXPECT_TRUE(notes.empty());
  }
  // A GBK file claimed to be UTF-8: the first bad byte, with its line and column.
  auto o = chinese_columns();
  o.encoding = io::Encoding::utf8;
  expect_input_error([&] { (void)io::parse_units_csv(gbk_units(), "g.csv", o); }, "g.csv", 1,
                     "not valid UTF-8 at line 1, column 1 (byte 0xB1)");
  // UTF-8 Chinese and then a character cut short: a broken UTF-8 file, not GBK.
  expect_input_error([&] { (void)io::parse_units_csv(body + "u2,0,0,5,\xE5\x9F\n", "cut.csv", chinese_columns()); },
                     "cut.csv", 3, "not valid UTF-8 at line 3, column 10 (byte 0xE5) after text that is UTF-8");
  // A BOM says UTF-8: bad bytes after it are not taken for GBK.
  expect_input_error([&] { (void)io::parse_units_csv("\xEF\xBB\xBF" + gbk_units(), "b.csv", chinese_columns()); }, "b.csv",
                     1, "byte-order mark");
}

TEST(CsvEncoding, BytesNoEncodingReadsNameLineAndColumn) {
  // 0x80 and 0xFF are neither UTF-8 nor GB18030.
  const std::string bad = "id,x,y,households,community\na,0,0,1,C\nbb,0,0,1,C\x80x\n";
  expect_input_error([&] { (void)io::parse_units_csv(bad, "bad.csv"); }, "bad.csv", 3,
                     "not valid UTF-8 at line 3, column 11 (byte 0x80), nor GB18030 (line 3, column 11");
  io::CsvOptions gbk;
  gbk.encoding = io::Encoding::gbk;
  // (GBK as the C library reads it takes 0x80 for the euro sign; 0xFF it does not read.)
  std::string bad_ff = bad;
  bad_ff[bad_ff.find('\x80')] = '\xFF';
  expect_input_error([&] { (void)io::parse_units_csv(bad_ff, "bad.csv", gbk); }, "bad.csv", 3,
                     "not valid GBK at line 3, column 11 (byte 0xFF)");
  // A GBK lead byte cut short at the end of the file.
  expect_input_error([&] { (void)io::parse_units_csv("id,x,y,households,community\na,0,0,1,\xB1", "cut.csv", gbk); },
                     "cut.csv", 2, "line 2, column 9");
  // From a file, through every reader.
  const auto path = temp_file("bad_bytes.csv", bad);
  expect_input_error([&] { (void)io::read_units_csv(path); }, path, 3, "column 11");
  const auto plan_path = temp_file("bad_plan.csv", "id,grid\na,G\xFF\n");
  const auto t = io::parse_units_csv("id,x,y,households,community\na,0,0,1,C\n", "u.csv");
  const UnitGraph g(t, {}, "u.csv");
  expect_input_error([&] { (void)io::read_plan_csv(plan_path, g); }, plan_path, 2, "line 2, column 4 (byte 0xFF)");
  std::vector<HierarchyError> errors;
  const auto div_path = temp_file("bad_div.csv", "level,code,name,parent_code\ncity,1,\xFF,\n");
  expect_input_error([&] { (void)io::read_hierarchy_csv(div_path, errors); }, div_path, 2, "column 8");
  expect_input_error([&] { (void)io::read_divisions_csv(div_path); }, div_path, 2, "column 8");
  // NUL bytes are refused in every encoding.
  expect_input_error([&] { (void)io::parse_units_csv(std::string("id,x\na\0", 7), "nul.csv", gbk); }, "nul.csv", 2,
                     "NUL byte at line 2, column 2");
}

TEST(CsvEncoding, WorkbooksAndUtf16AreNamed) {
  expect_input_error([&] { (void)io::parse_units_csv(std::string("PK\x03\x04\x14\x00", 6), "u.xlsx"); }, "u.xlsx", 0,
                     "Excel workbook (.xlsx)");
  expect_input_error([&] { (void)io::parse_units_csv("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest", "u.xls"); }, "u.xls", 0,
                     "old Excel workbook (.xls)");
  expect_input_error([&] { (void)io::parse_units_csv(std::string("\xFF\xFEi\0d\0", 6), "u16.csv"); }, "u16.csv", 1,
                     "UTF-16");
}

TEST(CsvEncoding, ParseEncodingNames) {
  EXPECT_EQ(io::parse_encoding("auto"), io::Encoding::automatic);
  EXPECT_EQ(io::parse_encoding("UTF-8"), io::Encoding::utf8);
  EXPECT_EQ(io::parse_encoding("utf8"), io::Encoding::utf8);
  EXPECT_EQ(io::parse_encoding("GBK"), io::Encoding::gbk);
  EXPECT_EQ(io::parse_encoding("cp936"), io::Encoding::gbk);
  EXPECT_EQ(io::parse_encoding("gb18030"), io::Encoding::gb18030);
  EXPECT_THROW((void)io::parse_encoding("latin-1"), InputError);
  for (auto e : {io::Encoding::automatic, io::Encoding::utf8, io::Encoding::gbk, io::Encoding::gb18030})
    EXPECT_EQ(io::parse_encoding(io::encoding_name(e)), e);
}

TEST(CsvColumns, MappingParsesAndFailsClearly) {
  const auto m = io::parse_column_map("id=编号,households = 户数,,community=社区");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[1], (std::pair<std::string, std::string>{"households", "户数"}));
  EXPECT_THROW((void)io::parse_column_map("id"), InputError);
  EXPECT_THROW((void)io::parse_column_map("id=,x=a"), InputError);
  EXPECT_THROW((void)io::parse_column_map("id=a,id=b"), InputError);
}

TEST(CsvColumns, MappingServesUnitsPlanEdgesAndDivisions) {
  io::CsvOptions o;
  o.columns = io::parse_column_map("id=编号,households=户数,community=社区,grid=网格,u=甲,v=乙,code=代码");
  const auto t = io::parse_units_csv("编号,x,y,户数,社区\na,0,0,3,C\nb,1,0,4,C\n", "u.csv", o);
  EXPECT_EQ(t.attributes[0].first, "households");
  // The same mapping reads a plan written with either header.
  const auto edges = io::parse_edges_csv("甲,乙\na,b\n", t, "e.csv", o);
  ASSERT_EQ(edges.size(), 1u);
  const UnitGraph g(t, edges, "u.csv");
  EXPECT_EQ(io::parse_plan_csv("编号,网格\na,G1\nb,G1\n", g, "p.csv", o).num_grids(), 1);
  EXPECT_EQ(io::parse_plan_csv("id,grid\na,G1\nb,G2\n", g, "p.csv", o).num_grids(), 2);
  const auto rows = io::parse_divisions_csv("level,代码,name,parent_code\nprovince,620000000000,甘肃省,\n", "d.csv", o);
  EXPECT_EQ(rows[0].code, "620000000000");
  // Without the mapping the header is not understood, and the message says how to map it.
  expect_input_error([&] { (void)io::parse_units_csv("编号,x,y,户数,社区\na,0,0,3,C\n", "u.csv"); }, "u.csv", 1,
                     "--columns");
  // A mapped column that duplicates one the file has.
  expect_input_error([&] { (void)io::parse_units_csv("编号,id,x,y,户数,社区\na,b,0,0,3,C\n", "u.csv", o); }, "u.csv", 1,
                     "column 'id' appears twice in the header");
}

TEST(CsvScientific, ExcelFormsAreRecognised) {
  using io::detail::excel_scientific;
  EXPECT_TRUE(excel_scientific("6.20102E+11"));
  EXPECT_TRUE(excel_scientific("6E+11"));
  EXPECT_TRUE(excel_scientific("1.5e+05"));
  EXPECT_TRUE(excel_scientific("6.20102E+100"));
  EXPECT_FALSE(excel_scientific("1.5E-05"));  // not a code: codes are large numbers
  EXPECT_FALSE(excel_scientific("620102001001"));
  EXPECT_FALSE(excel_scientific("12E3"));  // a building code, not Excel's notation
  EXPECT_FALSE(excel_scientific("E+11"));
  EXPECT_FALSE(excel_scientific("6.2E+"));
  EXPECT_FALSE(excel_scientific("6.2E+11a"));
}

TEST(CsvScientific, CodesInScientificNotationAreRejectedWithTheLine) {
  const std::string head = "id,x,y,households,community,street\n";
  // Plain records (fast path) and quoted ones (general path) alike.
  expect_input_error([&] { (void)io::parse_units_csv(head + "a,0,0,1,C,S\nb,0,0,1,6.20102E+11,S\n", "u.csv"); }, "u.csv", 3,
                     "community '6.20102E+11' is in scientific notation");
  expect_input_error([&] { (void)io::parse_units_csv(head + "a,0,0,1,C,S\n\"b\",0,0,1,6.20102E+11,S\n", "u.csv"); }, "u.csv",
                     3, "scientific notation");
  expect_input_error([&] { (void)io::parse_units_csv(head + "6.20102E+11,0,0,1,C,S\n", "u.csv"); }, "u.csv", 2,
                     "id '6.20102E+11'");
  expect_input_error([&] { (void)io::parse_units_csv(head + "a,0,0,1,C,6.20102E+08\n", "u.csv"); }, "u.csv", 2,
                     "street '6.20102E+08'");
  const auto t = io::parse_units_csv(head + "a,0,0,1,C,S\n", "u.csv");
  const UnitGraph g(t, {}, "u.csv");
  expect_input_error([&] { (void)io::parse_plan_csv("id,grid\na,6.20102E+14\n", g, "p.csv"); }, "p.csv", 2, "grid '6.20102E+14'");
  expect_input_error([&] { (void)io::parse_divisions_csv("level,code,name,parent_code\ncity,6.201E+11,x,\n", "d.csv"); },
                     "d.csv", 2, "code '6.201E+11'");
  std::vector<HierarchyError> errors;
  (void)io::parse_hierarchy_csv("level,code,name,parent_code\ncity,6.201E+11,x,\n", "d.csv", errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 2u);
  EXPECT_NE(errors[0].message.find("scientific notation"), std::string::npos);
}

TEST(Csv, PopulationIsOptional) {
  const auto t = io::parse_units_csv("id,x,y,households,community\na,0,0,3,C\n", "u.csv");
  ASSERT_EQ(t.attributes.size(), 1u);
  EXPECT_EQ(t.attributes[0].first, "households");
}

TEST(CsvEncoding, GbkDivisionNamesThroughBothReaders) {
  // 北京市 (city 1101) and 城关社区 for a county, as the lanzhou file spells codes.
  const std::string text = std::string("level,code,name,parent_code\ncity,1101,") + "\xB1\xB1\xBE\xA9" +
                           ",11\ncounty,110102," + kGbkChengguan + ",1101\n";
  const auto rows = io::parse_divisions_csv(text, "d.csv");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].name, "北京");
  EXPECT_EQ(rows[1].name, "城关社区");
  std::vector<HierarchyError> errors;
  const auto h = io::parse_hierarchy_csv(text, "d.csv", errors);
  EXPECT_TRUE(errors.empty());
  const auto node = h.find("110102");
  ASSERT_NE(node, Hierarchy::kNone);
  EXPECT_EQ(h.name(node), "城关社区");
}
