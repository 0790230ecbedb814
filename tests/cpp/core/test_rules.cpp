// The shared rules (GridRules, RunControl), the field lists behind JSON, the
// command line and Python, and the one tolerance every bound check uses.
#include <gtest/gtest.h>

#include <cmath>
#include <array>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gridgov/core/json.hpp"
#include "gridgov/core/rules.hpp"
#include "gridgov/core/validate.hpp"
#include "gridgov/partition/improve.hpp"
#include "gridgov/partition/partition.hpp"
#include "gridgov/partition/redesign.hpp"
#include "gridgov/workload/balanced.hpp"

using namespace gridgov;
using nlohmann::json;

namespace {

// A row of `n` units of `hh` households each, one community.
UnitGraph row(int n, double hh) {
  UnitTable t;
  for (int i = 0; i < n; ++i) {
    t.id.push_back(std::to_string(i));
    t.x.push_back(i);
    t.y.push_back(0);
    t.community.push_back("620102001001");
  }
  t.attributes = {{"households", std::vector<double>(static_cast<std::size_t>(n), hh)},
                  {"population", std::vector<double>(static_cast<std::size_t>(n), 2 * hh)}};
  std::vector<Edge> e;
  for (int i = 0; i + 1 < n; ++i) e.push_back({i, i + 1, 0});
  return UnitGraph(std::move(t), e);
}

template <Described T>
std::set<std::string> names_of() {
  std::set<std::string> out;
  T::describe([&](const Field& f, auto) { out.insert(f.name); });
  return out;
}

}  // namespace

TEST(Rules, JsonRoundTripKeepsEveryField) {
  PartitionOptions o;
  o.rules.bounds = {Bounds{"households", 250, 450}, Bounds{"population", 0, std::numeric_limits<double>::infinity()}};
  o.rules.nesting = Nesting::street;
  o.rules.rural_below_min_ok = false;
  o.rules.dedicated_grids = false;
  o.rules.bound_tolerance = 1e-6;
  o.run.seed = 42;
  o.run.time_limit = 2.5;
  o.target_grids = 17;
  o.community_targets = {{"620102001001", 3}};
  o.target_size = 380;
  o.locked = {LockedUnit{4, "A"}};
  o.compactness = 0.8;
  o.polish_passes = 2;
  const json j = o;
  EXPECT_EQ(j["rules"]["nesting"], "street");
  EXPECT_EQ(j["rules"]["bounds"][1]["max"], "inf");
  EXPECT_EQ(j["run"]["seed"], 42);
  const auto back = j.get<PartitionOptions>();
  EXPECT_EQ(json(back), j);
  EXPECT_EQ(back.rules.nesting, Nesting::street);
  EXPECT_TRUE(std::isinf(back.rules.bounds[1].max));
  EXPECT_EQ(back.locked.at(0).grid, "A");
  // Absent keys keep their defaults.
  const auto partial = json::parse(R"({"compactness": 0.25, "rules": {"nesting": "none"}})").get<PartitionOptions>();
  EXPECT_EQ(partial.compactness, 0.25);
  EXPECT_EQ(partial.rules.nesting, Nesting::none);
  EXPECT_EQ(partial.rules.bounds.at(0).max, 500);
  EXPECT_EQ(partial.polish_passes, PartitionOptions{}.polish_passes);
}

TEST(Rules, JsonRejectsUnknownKeysAndWrongTypesNamingThem) {
  try {
    (void)json::parse(R"({"rules": {"nestin": "street"}})").get<PartitionOptions>();
    FAIL() << "unknown key accepted";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("nestin"), std::string::npos) << what;
    EXPECT_NE(what.find("nesting"), std::string::npos) << what;  // the known keys are listed
  }
  try {
    (void)json::parse(R"({"rules": {"nesting": "county"}})").get<PartitionOptions>();
    FAIL() << "unknown nesting accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("community"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)json::parse(R"({"compactness": "high"})").get<PartitionOptions>(), InputError);
  EXPECT_THROW((void)json::parse(R"({"target_grids": 2.5})").get<PartitionOptions>(), InputError);
  EXPECT_THROW((void)json::parse(R"([1, 2])").get<GridRules>(), InputError);
}

// Test types in namespace gridgov, where the serializers are found by ADL.
namespace gridgov {

enum class TestColour : unsigned char { red = 0, green, blue };

template <>
struct EnumNames<TestColour> {
  static constexpr std::string_view what = "colour";
  static constexpr std::array<std::pair<TestColour, std::string_view>, 3> values{
      {{TestColour::red, "red"}, {TestColour::green, "green"}, {TestColour::blue, "blue"}}};
};

struct TestShade {
  std::optional<double> depth = 1.0;
  int count = 2;

  template <class V>
  static void describe(V&& v) {
    v(Field{"depth", "how deep (null: none)", nullptr, kAboveZero, kFiniteMax}, &TestShade::depth);
    v(Field{"count", "how many", nullptr, 0.0, 10.0}, &TestShade::count);
  }
};

struct TestPalette {
  EnumArray<TestColour, double, TestColour::green> weights{0.0, 0.5, 0.5};
  EnumArray<TestColour, TestShade> shades;
  std::vector<TestShade> extra;

  template <class V>
  static void describe(V&& v) {
    v(Field{"weights", "per colour but red", nullptr, 0.0, 1.0}, &TestPalette::weights);
    v(Field{"shades", "per colour"}, &TestPalette::shades);
    v(Field{"extra", "more shades"}, &TestPalette::extra);
  }
};

}  // namespace gridgov

namespace {

std::string error_of(const std::string& text) {
  try {
    check_fields(json::parse(text).get<TestPalette>(), "p.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Json, EnumArraysOptionalsListsAndKeyPaths) {
  TestPalette p;
  p.shades[TestColour::blue].depth.reset();
  p.extra = {TestShade{}, TestShade{std::nullopt, 3}};
  const json j = p;
  EXPECT_FALSE(j["weights"].contains("red"));  // before `first`: not in the JSON
  EXPECT_EQ(j["weights"]["blue"], 0.5);
  EXPECT_TRUE(j["shades"]["blue"]["depth"].is_null());
  EXPECT_EQ(j["extra"][1]["count"], 3);
  const auto back = j.get<TestPalette>();
  EXPECT_EQ(json(back), j);
  EXPECT_FALSE(back.shades[TestColour::blue].depth.has_value());
  // Entries not given keep their values; a list given replaces the list.
  const auto partial = json::parse(R"({"weights": {"blue": 0.25}, "extra": [{"count": 1}]})").get<TestPalette>();
  EXPECT_EQ(partial.weights[TestColour::green], 0.5);
  EXPECT_EQ(partial.weights[TestColour::blue], 0.25);
  ASSERT_EQ(partial.extra.size(), 1u);
  EXPECT_EQ(partial.extra[0].depth, 1.0);
  // Errors name the key path, the value and the range.
  EXPECT_EQ(error_of(R"({"weights": {"red": 1}})"), "weights.red: unknown key; the keys are green, blue");
  EXPECT_EQ(error_of(R"({"shades": {"green": {"count": 2.5}}})"), "shades.green.count: must be a whole number, got 2.5");
  EXPECT_EQ(error_of(R"({"extra": [{}, {"depth": "deep"}]})"), "extra[1].depth: must be a number, got \"deep\"");
  EXPECT_EQ(error_of(R"({"extra": [{}, {"depth": 0}]})"), "p.json: extra[1].depth: must be a finite number > 0, got 0");
  EXPECT_EQ(error_of(R"({"extra": [{"depth": "inf"}]})"), "p.json: extra[0].depth: must be a finite number > 0, got inf");
  EXPECT_EQ(error_of(R"({"weights": {"blue": 1.5}})"), "p.json: weights.blue: must be in 0..1, got 1.5");
  EXPECT_EQ(error_of(R"({"shades": {"red": {"count": 11}}})"), "p.json: shades.red.count: must be in 0..10, got 11");
  EXPECT_EQ(error_of(R"({"shades": []})"), "shades: expected an object with keys red, green, blue, got []");
  EXPECT_EQ(error_of(R"({"extra": {}})"), "extra: must be a list, got {}");
  EXPECT_EQ(range_text(0.0, std::numeric_limits<double>::infinity()), "in 0..inf");
  EXPECT_EQ(range_text(kAboveZero, 1.0), "> 0 and <= 1");
  EXPECT_EQ(range_text(0.0, kFiniteMax), "a finite number >= 0");
}

TEST(Rules, EnumNamesParseBothWaysAndListTheChoices) {
  for (const auto& [v, n] : EnumNames<Nesting>::values) EXPECT_EQ(parse<Nesting>(n), v);
  for (const auto& [v, n] : EnumNames<InfeasibilityKind>::values) EXPECT_EQ(parse<InfeasibilityKind>(n), v);
  for (const auto& [v, n] : EnumNames<Rule>::values) EXPECT_EQ(name(parse<Rule>(n)), n);
  EXPECT_EQ(parse<Nesting>("village"), Nesting::community);
  try {
    (void)parse<Nesting>("county");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("none, community, street"), std::string::npos) << e.what();
  }
}

TEST(Rules, EveryOptionStructSharesTheRulesAndTheRunControl) {
  // The rules and the run control are one member each, not copies of their fields.
  for (const auto& names : {names_of<PartitionOptions>(), names_of<RedesignOptions>(), names_of<ImproveOptions>()}) {
    EXPECT_TRUE(names.count("rules"));
    EXPECT_TRUE(names.count("run"));
    for (const char* dup : {"bounds", "nesting", "seed", "time_limit", "rural_below_min_ok", "dedicated_grids"})
      EXPECT_FALSE(names.count(dup)) << dup;
  }
  EXPECT_TRUE(names_of<ValidateOptions>().count("rules"));
  EXPECT_TRUE(names_of<BalancedOptions>().count("partition"));
}

TEST(Rules, OutOfRangeOptionsAreRejectedByTheAlgorithms) {
  const UnitGraph g = row(8, 100);
  PartitionOptions o;
  o.compactness = 2;
  EXPECT_THROW((void)partition(g, o), InputError);
  o.compactness = std::nan("");
  EXPECT_THROW((void)partition(g, o), InputError);
  o = PartitionOptions{};
  o.run.time_limit = -1;
  try {
    (void)partition(g, o);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("time_limit"), std::string::npos) << e.what();
  }
  ImproveOptions io;
  io.max_passes = -1;
  EXPECT_THROW((void)improve(g, Plan{}, io), InputError);
  ValidateOptions vo;
  vo.rules.bound_tolerance = 1;
  EXPECT_THROW((void)validate(g, Plan{}, vo), InputError);
}

TEST(Rules, OneToleranceForValidateAndPartition) {
  // Four units of 125.0000001 households: one grid of 500.0000004, above 500
  // by less than the default slack (1e-9 * 501), more than none at all.
  const UnitGraph g = row(4, 125.0000001);
  Plan plan;
  plan.grid_of.assign(4, 0);
  plan.grid_codes = {"620102001001001"};
  ValidateOptions vo;
  EXPECT_TRUE(validate(g, plan, vo).summary.within_bounds);
  vo.rules.bound_tolerance = 0;
  EXPECT_FALSE(validate(g, plan, vo).summary.within_bounds);

  PartitionOptions po;
  const auto r = partition(g, po);
  EXPECT_TRUE(r.valid());
  EXPECT_EQ(r.plan.num_grids(), 1);
  po.rules.bound_tolerance = 0;
  const auto strict = partition(g, po);
  ValidateOptions check;
  check.rules = po.rules;
  // With no slack, whatever partition draws, validate agrees with its flags.
  const auto rep = validate(g, strict.plan, check);
  EXPECT_EQ(rep.summary.within_bounds, strict.valid()) << strict.infeasible.size();
}

TEST(Rules, SlackIsRelativeAndZeroForInfiniteBounds) {
  GridRules r;
  EXPECT_TRUE(r.within(500 + 4e-7, Bounds{"h", 300, 500}));
  EXPECT_FALSE(r.within(500 + 1e-6, Bounds{"h", 300, 500}));
  EXPECT_TRUE(r.within(1e300, Bounds{"h", 0, std::numeric_limits<double>::infinity()}));
  EXPECT_FALSE(r.within(-1e-6, Bounds{"h", 0, 10}));
  EXPECT_EQ(r.slack(std::numeric_limits<double>::infinity()), 0.0);
}
