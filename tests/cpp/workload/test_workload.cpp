// Workload model, configuration, fairness and workload-balanced partitions.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "gridgov/workload/balanced.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/workload/fairness.hpp"
#include "gridgov/io/csv.hpp"
#include "gridgov/partition/synth.hpp"
#include "gridgov/core/validate.hpp"
#include "gridgov/workload/workload.hpp"

using namespace gridgov;

namespace {

UnitGraph tiny() {
  UnitTable t;
  t.id = {"A", "B", "C"};
  t.x = {0, 10, 1000};
  t.y = {0, 0, 0};
  t.community = {"c1", "c1", "c2"};
  t.attributes = {{"households", {10, 20, 0}},
                  {"population", {20, 50, 0}},
                  {"elderly_alone", {1, 0, 0}},
                  {"disabled", {0, 1, 0}},
                  {"hardship", {0, 1, 0}}};
  std::vector<Edge> e{{0, 1, 0}};
  return UnitGraph(std::move(t), e, "tiny");
}

WorkloadConfig tiny_config() {
  return parse_workload_config(R"({"routine": {"visits_per_year": 5.2, "minutes_per_visit": 30},
    "special_groups": [{"attribute": "elderly_alone", "visits_per_year": 52, "minutes_per_visit": 30},
                       {"attribute": "disabled", "visits_per_year": 26, "minutes_per_visit": 60},
                       {"attribute": "hardship", "visits_per_year": 26, "minutes_per_visit": 60}],
    "events": [{"name": "requests", "per": "household", "rate_per_year": 5.2, "handling_minutes": 60}],
    "travel": {"bhh_constant": 1.0, "walking_speed_kmh": 1.0, "rounds_per_week": 1},
    "admin_hours_per_grid_per_week": 2, "weeks_per_year": 52})")
      .workload;
}

}  // namespace

TEST(WorkloadConfig, DefaultsFollowTheDomainRules) {
  const WorkloadSettings c = parse_workload_config("");
  ASSERT_EQ(c.workload.special_groups.size(), 3u);
  EXPECT_EQ(c.workload.special_groups[0].attribute, "elderly_alone");
  EXPECT_DOUBLE_EQ(c.workload.special_groups[0].visits_per_year, 52.0);  // weekly
  EXPECT_DOUBLE_EQ(c.workload.special_groups[1].visits_per_year, 12.0);  // monthly
  EXPECT_DOUBLE_EQ(c.workload.routine.visits_per_year, 4.0);             // quarterly
  EXPECT_NEAR(c.workload.travel.bhh_constant, 0.7124, 1e-12);
  EXPECT_EQ(c.staffing.pattern.part_time, 3);
  // Round trip.
  const WorkloadSettings d = parse_workload_config(workload_config_to_json(c));
  EXPECT_EQ(workload_config_to_json(c), workload_config_to_json(d));
}

TEST(WorkloadConfig, BadKeysAndValuesNameTheKey) {
  try {
    (void)parse_workload_config(R"({"travel": {"walking_speed": 4}})", "w.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("travel.walking_speed"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("w.json"), std::string::npos);
  }
  try {
    (void)parse_workload_config(R"({"routine": {"minutes_per_visit": -3}})", "w.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("routine.minutes_per_visit"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)parse_workload_config(R"({"events": [{"per": "building"}]})"), InputError);
  EXPECT_THROW((void)parse_workload_config(R"({"staffing": {"pattern": "1+Y"}})"), InputError);
  EXPECT_THROW((void)parse_workload_config(R"({"staffing": {"spread_costs": [3, 1, 0]}})"), InputError);
  EXPECT_THROW((void)parse_workload_config("{not json"), InputError);
  EXPECT_THROW((void)parse_workload_config(R"({"bogus": 1})"), InputError);
}

TEST(WorkloadConfig, SampleFileLayoutsAndExactMessages) {
  // data/sample/workload.json writes out the defaults.
  const auto sample = read_workload_config(std::string(GRIDGOV_SAMPLE_DATA) + "/sample/workload.json");
  EXPECT_EQ(workload_config_to_json(sample), workload_config_to_json(WorkloadSettings{}));
  // Workload keys at the top level are read after those under "workload";
  // enums by name; unnamed events get a name.
  const auto c = parse_workload_config(R"({"description": "d", "workload": {"weeks_per_year": 50,
      "travel": {"method": "none", "coordinates": "lonlat", "area": "spacing"}},
      "weeks_per_year": 51, "events": [{"per": "resident"}], "staffing": {"pattern": "1+N"}})");
  EXPECT_EQ(c.workload.weeks_per_year, 51);
  EXPECT_EQ(c.workload.travel.method, TravelMethod::none);
  EXPECT_EQ(c.workload.travel.coordinates, Coordinates::lonlat);
  EXPECT_EQ(c.workload.travel.area, UnitArea::spacing);
  ASSERT_EQ(c.workload.events.size(), 1u);
  EXPECT_EQ(c.workload.events[0].per, EventBasis::resident);
  EXPECT_EQ(c.workload.events[0].name, "events0");
  EXPECT_EQ(c.workload.events[0].handling_minutes, 60.0);
  EXPECT_TRUE(c.staffing.pattern.extra_part_time);
  EXPECT_NE(workload_config_to_json(c).find("\"pattern\": \"1+N\""), std::string::npos);
  // The last spread break is 1.
  EXPECT_EQ(parse_workload_config(R"({"staffing": {"spread_breaks": [0.5, 0.9, 0.95]}})").staffing.spread_breaks.back(), 1.0);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"routine": {"minutes_per_visit": -3}})", "w.json: routine.minutes_per_visit: must be a finite number >= 0, got -3"},
      {R"({"events": [{}, {"per": "building"}]})",
       "w.json: events[1].per: event basis must be one of household, resident, got 'building'"},
      {R"({"travel": {"walking_speed_kmh": 0}})", "w.json: travel.walking_speed_kmh: must be a finite number > 0, got 0"},
      {R"({"special_groups": [{"attribute": "a"}, {"attribute": "a"}]})", "w.json: special_groups[1].attribute: 'a' given twice"},
      {R"({"staffing": {"hours": {"part_time": -1}}})", "w.json: staffing.hours.part_time: must be a finite number > 0, got -1"},
      {R"({"staffing": {"spread_breaks": [0.5, "a", 1]}})", "w.json: staffing.spread_breaks[1]: must be a number, got \"a\""},
      {R"({"workload": {"staffing": {}}})",
       "w.json: workload.staffing: unknown key; the keys are routine, special_groups, events, travel, "
       "admin_hours_per_grid_per_week, weeks_per_year"},
  };
  for (const auto& [text, message] : cases) {
    try {
      (void)parse_workload_config(text, "w.json");
      ADD_FAILURE() << "no error for " << text;
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()), message);
    }
  }
}

TEST(WorkloadConfig, Patterns) {
  auto p = parse_pattern("1+3+X");
  EXPECT_EQ(p.full_time, 1);
  EXPECT_EQ(p.part_time, 3);
  EXPECT_EQ(p.auxiliary, 0);
  EXPECT_TRUE(p.extra_helpers);
  EXPECT_FALSE(p.extra_part_time);
  p = parse_pattern("1+N");
  EXPECT_TRUE(p.extra_helpers && p.extra_part_time);
  EXPECT_EQ(p.part_time + p.auxiliary, 0);
  p = parse_pattern("1+1");
  EXPECT_EQ(p.auxiliary, 1);
  EXPECT_FALSE(p.extra_helpers);
  p = parse_pattern("1+4+X");
  EXPECT_EQ(p.part_time, 4);
  p = parse_pattern("1+2+1+X");
  EXPECT_EQ(p.part_time, 2);
  EXPECT_EQ(p.auxiliary, 1);
  EXPECT_THROW((void)parse_pattern("2+3"), InputError);
  EXPECT_THROW((void)parse_pattern("1"), InputError);
  EXPECT_THROW((void)parse_pattern("1+X+3"), InputError);
}

TEST(Workload, ComponentsMatchHandComputedValues) {
  const auto g = tiny();
  const auto cfg = tiny_config();
  const auto w = unit_workload(g, cfg);
  // Unit A: 9 routine households * 0.1 visits * 0.5 h; 1 elderly * 1 visit * 0.5 h; 10 hh * 0.1 events * 1 h.
  EXPECT_NEAR(w.routine[0], 0.45, 1e-12);
  EXPECT_NEAR(w.special[0], 0.5, 1e-12);
  EXPECT_NEAR(w.events[0], 1.0, 1e-12);
  EXPECT_NEAR(w.visits_per_week[0], 0.9 + 1.0 + 1.0, 1e-12);
  // Unit B: 18 routine households; disabled 0.5 visits * 1 h + hardship 0.5 * 1 h; 2 events.
  EXPECT_NEAR(w.routine[1], 0.9, 1e-12);
  EXPECT_NEAR(w.special[1], 1.0, 1e-12);
  EXPECT_NEAR(w.events[1], 2.0, 1e-12);
  EXPECT_NEAR(w.visits_per_week[1], 1.8 + 1.0 + 2.0, 1e-12);
  // Spacing area: 10 m to the only neighbour -> 100 m^2; C is isolated -> median spacing.
  EXPECT_NEAR(w.area[0], 100.0, 1e-9);
  EXPECT_NEAR(w.area[2], 100.0, 1e-9);
  const double pa = 1 - std::exp(-2.9), pb = 1 - std::exp(-4.8);
  EXPECT_NEAR(w.travel[0], std::sqrt(100 * pa) / 1000.0, 1e-12);
  EXPECT_NEAR(w.total[1], 0.9 + 1.0 + 2.0 + std::sqrt(100 * pb) / 1000.0, 1e-12);

  const auto plan = Plan::from_labels(std::vector<std::string>{"g1", "g1", "g2"});
  const auto r = compute_workload(g, plan, cfg);
  ASSERT_EQ(r.grids.size(), 2u);
  const auto& g1 = r.grids[0];
  EXPECT_NEAR(g1.parts.routine, 1.35, 1e-12);
  EXPECT_NEAR(g1.parts.special, 1.5, 1e-12);
  EXPECT_NEAR(g1.parts.events, 3.0, 1e-12);
  EXPECT_NEAR(g1.parts.admin, 2.0, 1e-12);
  EXPECT_NEAR(g1.stops_per_round, pa + pb, 1e-12);
  EXPECT_NEAR(g1.parts.travel, std::sqrt((pa + pb) * 200.0) / 1000.0, 1e-12);
  EXPECT_NEAR(g1.total, 1.35 + 1.5 + 3.0 + 2.0 + std::sqrt((pa + pb) * 200.0) / 1000.0, 1e-12);
  ASSERT_EQ(g1.special_by_group.size(), 3u);
  EXPECT_NEAR(g1.special_by_group[0], 0.5, 1e-12);
  EXPECT_NEAR(g1.special_by_group[1], 0.5, 1e-12);
  // Household-weighted centroid.
  EXPECT_NEAR(g1.cx, (10 * 0 + 20 * 10) / 30.0, 1e-12);
  // Grid travel >= sum of unit travel proxies (Cauchy-Schwarz).
  EXPECT_GE(g1.parts.travel + 1e-15, w.travel[0] + w.travel[1]);
}

TEST(Workload, GridTotalsAreSumsOfUnitsOnTheSample) {
  const std::string dir = std::string(GRIDGOV_SAMPLE_DATA) + "/sample/";
  const auto g = io::read_unit_graph(dir + "units.csv", dir + "edges.csv");
  const auto plan = io::read_plan_csv(dir + "plan.csv", g);
  const auto r = compute_workload(g, plan, {});
  double unit_sum = 0, grid_sum = 0, hh = 0;
  for (std::size_t u = 0; u < r.units.total.size(); ++u)
    unit_sum += r.units.routine[u] + r.units.special[u] + r.units.events[u];
  for (const auto& gr : r.grids) {
    grid_sum += gr.parts.routine + gr.parts.special + gr.parts.events;
    hh += gr.households;
    EXPECT_NEAR(gr.total, gr.parts.total(), 1e-9);
  }
  EXPECT_NEAR(unit_sum, grid_sum, 1e-6 * unit_sum);
  double hh_units = 0;
  for (double h : g.attribute("households")) hh_units += h;
  EXPECT_NEAR(hh, hh_units, 1e-6);
  // City level equals the sum over grids; communities partition it.
  double city = 0, communities = 0;
  for (const auto& l : r.levels) {
    if (l.level == "city") city = l.total;
    if (l.level == "community") communities += l.total;
  }
  double grids_total = 0;
  for (const auto& gr : r.grids) grids_total += gr.total;
  EXPECT_NEAR(city, grids_total, 1e-6 * city);
  EXPECT_NEAR(communities, grids_total, 1e-6 * city);
  // Plausible: a grid of 300-500 households carries tens of hours.
  EXPECT_GT(grids_total / static_cast<double>(r.grids.size()), 10.0);
  EXPECT_LT(grids_total / static_cast<double>(r.grids.size()), 200.0);
}

TEST(Workload, StreetAndCountyLevelsOnlyForCommunityCodes) {
  UnitTable t;
  t.id = {"A", "B", "C", "D"};
  t.x = {0, 10, 20, 30};
  t.y = {0, 0, 0, 0};
  // two communities of street 620102001, a zero community sequence (not a
  // community code) and a plain label
  t.community = {"620102001001", "620102001002", "620102001000", "riverside"};
  t.attributes = {{"households", {10, 20, 30, 40}}, {"population", {20, 40, 60, 80}}};
  const UnitGraph g(std::move(t), {}, "t");
  const auto r = compute_workload(g, Plan::from_indices(std::vector<GridIndex>{0, 1, 2, 3}), {});
  std::map<std::string, std::vector<std::pair<std::string, std::int64_t>>> levels;
  for (const auto& l : r.levels) levels[l.level].emplace_back(l.code, l.grids);
  using Codes = std::vector<std::pair<std::string, std::int64_t>>;
  EXPECT_EQ(levels["street"], (Codes{{"620102001", 2}}));
  EXPECT_EQ(levels["county"], (Codes{{"620102", 2}}));
  EXPECT_EQ(levels["community"].size(), 4u);
  EXPECT_EQ(levels["city"], (Codes{{"", 4}}));
}

TEST(Workload, MissingColumnsAndBadPlans) {
  UnitTable t;
  t.id = {"A"};
  t.x = {0};
  t.y = {0};
  t.community = {"c"};
  t.attributes = {{"households", {10}}, {"population", {20}}};
  const UnitGraph g(std::move(t), {}, "t");
  std::vector<std::string> warnings;
  const auto w = unit_workload(g, {}, &warnings);
  EXPECT_EQ(warnings.size(), 3u);  // elderly_alone, disabled, hardship missing
  EXPECT_GT(w.total[0], 0.0);
  EXPECT_THROW((void)compute_workload(g, Plan::from_indices(std::vector<GridIndex>{0, 0}), {}), InputError);
}

TEST(Fairness, KnownValues) {
  const std::vector<double> equal{2, 2, 2, 2};
  const auto e = fairness(equal);
  EXPECT_DOUBLE_EQ(e.cv, 0.0);
  EXPECT_DOUBLE_EQ(e.gini, 0.0);
  EXPECT_DOUBLE_EQ(e.max_over_mean, 1.0);
  const std::vector<double> one{0, 0, 0, 4};
  const auto o = fairness(one);
  EXPECT_NEAR(o.gini, 0.75, 1e-12);  // (n-1)/n
  EXPECT_NEAR(o.max_over_mean, 4.0, 1e-12);
  EXPECT_NEAR(o.cv, std::sqrt(3.0), 1e-12);
  const std::vector<double> v{1, 2, 3};
  EXPECT_NEAR(fairness(v).gini, (-2 * 1 + 0 * 2 + 2 * 3) / (3.0 * 6.0), 1e-12);
  const auto c = compare_fairness(one, equal);
  EXPECT_TRUE(c.fairer);
  EXPECT_LT(c.delta_gini, 0);
  const std::vector<double> bad{1, -1};
  EXPECT_THROW((void)fairness(bad), InputError);
}

TEST(Balanced, BothBoundsHoldAndWorkloadSpreadDrops) {
  SynthOptions so;
  so.units = 6000;
  so.seed = 7;
  const auto city = synth_city(so);
  BalancedOptions bo;
  bo.partition.run.seed = 3;
  const auto r = balanced_partition(city, {}, bo);
  ASSERT_TRUE(r.result.valid()) << (r.result.infeasible.empty() ? "" : r.result.infeasible[0].reason);
  const auto k = r.result.plan.num_grids();
  EXPECT_EQ(r.grids_within_both, k);
  // Independent check with validate() on both attributes.
  ValidateOptions vo;
  vo.rules.bounds = {Bounds{"households", 300, 500}, Bounds{"workload", r.workload_bounds.min - 6.0, r.workload_bounds.max - 6.0}};
  const auto rep = validate(with_column(city, "workload", r.unit_workload), r.result.plan, vo);
  EXPECT_TRUE(rep.summary.valid) << to_text(rep).substr(0, 2000);
  EXPECT_LT(r.balanced.cv, r.households_only_stats.cv);
  EXPECT_LE(r.households_only_within_both, r.grids_within_both);
}
