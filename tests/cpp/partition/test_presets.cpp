// Presets: the defaults live in one table, the presets change only the
// search settings, and every preset keeps every rule.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "gridgov/core/json.hpp"
#include "gridgov/partition/improve.hpp"
#include "gridgov/partition/partition.hpp"
#include "gridgov/partition/presets.hpp"
#include "gridgov/partition/redesign.hpp"
#include "gridgov/partition/synth.hpp"
#include "gridgov/workload/balanced.hpp"
#include "partition_checks.hpp"

namespace gridgov {
namespace {

using nlohmann::json;

template <class T>
json as_json(const T& o) {
  return json(o);
}

/// The keys whose values differ between two JSON objects (recursively, dotted).
void differing(const json& a, const json& b, const std::string& path, std::vector<std::string>& out) {
  if (a.is_object() && b.is_object()) {
    for (const auto& [k, v] : a.items()) differing(v, b.at(k), path.empty() ? k : path + "." + k, out);
    return;
  }
  if (a != b) out.push_back(path);
}

std::vector<std::string> differing(const json& a, const json& b) {
  std::vector<std::string> out;
  differing(a, b, "", out);
  return out;
}

TEST(Presets, StandardIsTheDefaults) {
  EXPECT_EQ(as_json(PartitionOptions{}), as_json(PartitionOptions::preset(Preset::standard)));
  EXPECT_EQ(as_json(RedesignOptions{}), as_json(RedesignOptions::preset(Preset::standard)));
  EXPECT_EQ(as_json(ImproveOptions{}), as_json(ImproveOptions::preset(Preset::standard)));
  EXPECT_EQ(as_json(BalancedOptions{}), as_json(BalancedOptions::preset(Preset::standard)));
  EXPECT_EQ(parse<Preset>("default"), Preset::standard);
  EXPECT_THROW((void)parse<Preset>("quick"), InputError);
}

TEST(Presets, ChangeOnlyTheSearchSettings) {
  for (const Preset p : {Preset::fast, Preset::even}) {
    SCOPED_TRACE(std::string(name(p)));
    for (const auto& key : differing(as_json(PartitionOptions{}), as_json(PartitionOptions::preset(p))))
      EXPECT_TRUE(key == "compactness" || key == "polish_passes") << key;
    for (const auto& key : differing(as_json(ImproveOptions{}), as_json(ImproveOptions::preset(p))))
      EXPECT_TRUE(key == "max_passes" || key == "balance") << key;
    for (const auto& key : differing(as_json(RedesignOptions{}), as_json(RedesignOptions::preset(p))))
      EXPECT_EQ(key, "polish");
  }
  EXPECT_EQ(PartitionOptions::preset(Preset::fast).polish_passes, 0);
  EXPECT_LT(PartitionOptions::preset(Preset::even).compactness, PartitionOptions{}.compactness);
}

TEST(Presets, EveryPresetKeepsEveryRule) {
  SynthOptions so;
  so.units = 3000;
  so.seed = 11;
  const auto g = synth_city(so);
  for (const Preset p : {Preset::standard, Preset::fast, Preset::even}) {
    SCOPED_TRACE(std::string(name(p)));
    auto o = PartitionOptions::preset(p);
    o.run.seed = 5;
    const auto r = partition(g, o);
    ASSERT_TRUE(testing::plan_is_partition(g, r.plan));
    EXPECT_TRUE(testing::plan_is_nested(g, r.plan, Nesting::community));
    for (std::size_t q = 0; q < r.grids.size(); ++q) {
      if (r.grids[q].kind != GridKind::drawn || r.grids[q].flagged) continue;
      EXPECT_GE(r.grids[q].totals[0], 300.0) << r.plan.grid_codes[q];
      EXPECT_LE(r.grids[q].totals[0], 500.0) << r.plan.grid_codes[q];
    }
    const auto again = partition(g, o);
    EXPECT_EQ(r.plan.grid_of, again.plan.grid_of);
  }
}

TEST(Presets, EvenSpreadsTotalsLessOnABigCity) {
  SynthOptions so;
  so.units = 20000;
  so.seed = 3;
  const auto g = synth_city(so);
  auto spread = [&](Preset p) {
    const auto r = partition(g, PartitionOptions::preset(p));
    double s = 0, s2 = 0, n = 0;
    for (const auto& gi : r.grids)
      if (gi.kind == GridKind::drawn) {
        s += gi.totals[0];
        s2 += gi.totals[0] * gi.totals[0];
        n += 1;
      }
    return s2 / n - (s / n) * (s / n);
  };
  EXPECT_LT(spread(Preset::even), spread(Preset::standard));
}

}  // namespace
}  // namespace gridgov
