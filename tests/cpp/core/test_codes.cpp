#include <gtest/gtest.h>

#include <string_view>

#include "gridgov/core/codes.hpp"
#include "gridgov/core/error.hpp"

using namespace gridgov;

TEST(Codes, LevelsByLength) {
  EXPECT_EQ(level_of_code_length(2), Level::province);
  EXPECT_EQ(level_of_code_length(6), Level::county);
  EXPECT_EQ(level_of_code_length(9), Level::street);
  EXPECT_EQ(level_of_code_length(12), Level::community);
  EXPECT_EQ(level_of_code_length(15), Level::grid);
  EXPECT_EQ(level_of_code_length(20), Level::building);
  EXPECT_FALSE(level_of_code_length(10).has_value());
  for (int l = 0; l < kLevelCount; ++l) {
    auto lv = static_cast<Level>(l);
    EXPECT_EQ(parse_level(level_name(lv)), lv);
    EXPECT_EQ(level_of_code_length(static_cast<std::size_t>(code_length(lv))), lv);
  }
  EXPECT_EQ(parse_level("district"), Level::county);
  EXPECT_EQ(parse_level("village"), Level::community);
  EXPECT_FALSE(parse_level("ward").has_value());
}

TEST(Codes, CheckRejectsBadCodes) {
  EXPECT_EQ(check_code("620102001001"), "");
  EXPECT_NE(check_code(""), "");
  EXPECT_NE(check_code("62010200100A"), "");
  EXPECT_NE(check_code("6201020010"), "");        // 10 digits: no level
  EXPECT_NE(check_code("620102001000"), "");      // all-zero community sequence
  EXPECT_NE(check_code("620102000"), "");         // all-zero street sequence
  EXPECT_NE(check_code("00"), "");
  EXPECT_NE(check_code("620102", Level::street), "");
  EXPECT_EQ(check_code("620102", Level::county), "");
}

// The statistics bureau's placeholders: an all-zero county, street or
// community sequence repeats the parent at that level.
TEST(Codes, PlaceholdersAsPublished) {
  // Cities without counties: Dongguan, Zhongshan, Danzhou; Jiayuguan as
  // 620200 in the files that list it that way (the bureau: 620201 市辖区).
  for (std::string_view county : {"441900", "442000", "460400", "620200"}) {
    EXPECT_EQ(code_kind(county, Level::county), CodeKind::placeholder) << county;
    EXPECT_EQ(code_kind(county), CodeKind::placeholder) << county;
    EXPECT_FALSE(code_is_valid(county, Level::county)) << county;
    EXPECT_NE(check_code(county, Level::county).find("placeholder"), std::string::npos) << county;
  }
  // Their streets and communities are regular codes with county digits 00.
  for (std::string_view street : {"441900003", "441900101", "442000001", "460400100"}) {
    EXPECT_EQ(code_kind(street, Level::street), CodeKind::regular) << street;
    EXPECT_EQ(check_code(street, Level::street), "") << street;
  }
  EXPECT_EQ(code_kind("441900003001", Level::community), CodeKind::regular);
  EXPECT_EQ(code_kind("620201", Level::county), CodeKind::regular);
  // A county with no streets (Kinmen 350527), a street with no communities.
  EXPECT_EQ(code_kind("350527000", Level::street), CodeKind::placeholder);
  EXPECT_EQ(code_kind("350527000000", Level::community), CodeKind::placeholder);
  EXPECT_EQ(code_kind("620102001000", Level::community), CodeKind::placeholder);
  EXPECT_NE(check_code("350527000000").find("repeating street '350527000'"), std::string::npos);
  // No placeholders at the other levels.
  EXPECT_EQ(code_kind("00"), CodeKind::invalid);
  EXPECT_EQ(code_kind("4400", Level::city), CodeKind::invalid);
  EXPECT_EQ(code_kind("620102001001000", Level::grid), CodeKind::invalid);
  EXPECT_EQ(code_kind("62010200100100100", Level::micro_grid), CodeKind::invalid);
  EXPECT_EQ(code_kind("62010200100100100000", Level::building), CodeKind::invalid);
  EXPECT_NE(check_code("4400"), "");
  EXPECT_EQ(check_code("4400").find("placeholder"), std::string::npos);
  // Wrong lengths and characters stay invalid; the level must match.
  EXPECT_EQ(code_kind("4419000"), CodeKind::invalid);
  EXPECT_EQ(code_kind("44190A"), CodeKind::invalid);
  EXPECT_EQ(code_kind("441900", Level::street), CodeKind::invalid);
  EXPECT_NE(check_code("441900", Level::street).find("a street code has 9"), std::string::npos);
  EXPECT_TRUE(level_has_placeholders(Level::county));
  EXPECT_TRUE(level_has_placeholders(Level::community));
  EXPECT_FALSE(level_has_placeholders(Level::city));
  EXPECT_FALSE(level_has_placeholders(Level::grid));
  // code_is_valid is code_kind == regular, at every level.
  for (std::string_view c : {"44", "00", "4419", "4400", "441900", "441901", "441900003", "350527000",
                             "350527000000", "441900003001", "620102001001007", "620102001001000"})
    for (int l = 0; l < kLevelCount; ++l) {
      const auto lv = static_cast<Level>(l);
      EXPECT_EQ(code_is_valid(c, lv), code_kind(c, lv) == CodeKind::regular) << c;
      EXPECT_EQ(check_code(c, lv).empty(), code_kind(c, lv) == CodeKind::regular) << c;
    }
}

TEST(Codes, PlaceholdersExtendAndHaveChildren) {
  EXPECT_TRUE(extends("441900", "4419"));
  EXPECT_TRUE(extends("441900003", "441900"));
  EXPECT_TRUE(extends("441900003001", "4419"));
  EXPECT_TRUE(extends("350527000", "350527"));
  EXPECT_TRUE(extends("350527000000", "350527000"));
  EXPECT_FALSE(extends("442000001", "441900"));
  EXPECT_FALSE(extends("441900", "4400"));  // 4400 is no code
  EXPECT_EQ(child_code("441900", Level::street, 3), "441900003");
  EXPECT_EQ(child_code("350527000", Level::community, 1), "350527000001");
  EXPECT_THROW((void)child_code("4400", Level::county, 1), Error);
  // Units' community labels: a placeholder is not a community code.
  EXPECT_EQ(valid_ancestor_code("441900003001", Level::community, Level::county), "441900");
  EXPECT_FALSE(valid_ancestor_code("350527000000", Level::community, Level::street).has_value());
}

TEST(Codes, ExtendsAndAncestors) {
  EXPECT_TRUE(extends("620102001001", "620102001"));
  EXPECT_TRUE(extends("620102001001", "6201"));
  EXPECT_FALSE(extends("620102001001", "620103001"));
  EXPECT_FALSE(extends("620102001", "620102001001"));
  EXPECT_FALSE(extends("620102001001", "620102001001"));
  EXPECT_EQ(ancestor_code("620102001001007", Level::community), "620102001001");
  EXPECT_EQ(ancestor_code("620102001001007", Level::street), "620102001");
  EXPECT_FALSE(ancestor_code("620102", Level::street).has_value());
  EXPECT_EQ(ancestor_code("62010200100100700042", Level::grid), "620102001001007");
  EXPECT_FALSE(ancestor_code("62010200100100700042", Level::micro_grid).has_value());
}

TEST(Codes, ValidAncestors) {
  EXPECT_EQ(valid_ancestor_code("620102001001", Level::community, Level::street), "620102001");
  EXPECT_EQ(valid_ancestor_code("620102001001", Level::community, Level::county), "620102");
  EXPECT_EQ(valid_ancestor_code("620102001001", Level::community, Level::province), "62");
  EXPECT_EQ(valid_ancestor_code("620102001001007", Level::grid, Level::community), "620102001001");
  // labels that are not valid community codes have no street
  EXPECT_FALSE(valid_ancestor_code("620102001000", Level::community, Level::street).has_value());  // zero sequence
  EXPECT_FALSE(valid_ancestor_code("62010200100A", Level::community, Level::street).has_value());
  EXPECT_FALSE(valid_ancestor_code("620102001", Level::community, Level::county).has_value());  // a street code
  EXPECT_FALSE(valid_ancestor_code("620102001001007", Level::community, Level::street).has_value());  // a grid code
  EXPECT_FALSE(valid_ancestor_code("Riverside", Level::community, Level::street).has_value());
  // the level must be above the code's own
  EXPECT_FALSE(valid_ancestor_code("620102001001", Level::community, Level::community).has_value());
  EXPECT_FALSE(valid_ancestor_code("620102001001", Level::community, Level::grid).has_value());
  EXPECT_FALSE(valid_ancestor_code("62010200100100700042", Level::building, Level::micro_grid).has_value());
  for (std::string_view c : {"620102001001", "620102001000", "6201020010", "x"})
    EXPECT_EQ(valid_ancestor_code(c, Level::community, Level::street).has_value(), code_is_valid(c, Level::community)) << c;
}

TEST(Codes, ChildCodes) {
  EXPECT_EQ(child_code("620102001001", Level::grid, 7), "620102001001007");
  EXPECT_EQ(child_code("620102001001007", Level::building, 42), "62010200100100700042");
  EXPECT_EQ(child_code("620102001001007", Level::micro_grid, 3), "62010200100100703");
  EXPECT_THROW((void)child_code("620102001001", Level::grid, 1000), Error);
  EXPECT_THROW((void)child_code("620102001001", Level::grid, 0), Error);
  EXPECT_THROW((void)child_code("620102001", Level::grid, 1), Error);  // a grid does not extend a street
  EXPECT_TRUE(extends(child_code("620102001001", Level::grid, 999), "620102001001"));
}

TEST(Codes, NumberingOrderIsWestToEastNorthToSouth) {
  // A 3x3 lattice given in scrambled order; y grows northwards.
  std::vector<double> x = {2, 0, 1, 0, 2, 1, 1, 0, 2};
  std::vector<double> y = {0, 2, 1, 0, 2, 2, 0, 1, 1};
  auto order = numbering_order(x, y);
  ASSERT_EQ(order.size(), 9u);
  for (std::size_t i = 0; i < 9; ++i) {
    EXPECT_EQ(x[order[i]], static_cast<double>(i % 3)) << i;
    EXPECT_EQ(y[order[i]], static_cast<double>(2 - i / 3)) << i;
  }
}
