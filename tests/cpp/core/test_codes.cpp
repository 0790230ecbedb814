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
