#include <gtest/gtest.h>

#include <map>
#include <set>

#include "gridgov/core/codes.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/partition/synth.hpp"

using namespace gridgov;

namespace {
bool connected_subset(const UnitGraph& g, const std::vector<UnitIndex>& units) {
  std::set<UnitIndex> in(units.begin(), units.end());
  std::set<UnitIndex> seen{units[0]};
  std::vector<UnitIndex> q{units[0]};
  for (std::size_t h = 0; h < q.size(); ++h)
    for (auto v : g.neighbors(q[h]))
      if (in.count(v) && seen.insert(v).second) q.push_back(v);
  return seen.size() == in.size();
}
}  // namespace

TEST(Synth, SizeAttributesAndDeterminism) {
  for (std::int32_t n : {1, 7, 500, 20000}) {
    SynthOptions o;
    o.units = n;
    o.seed = 3;
    const auto a = synth_city(o);
    const auto b = synth_city(o);
    ASSERT_EQ(a.size(), n);
    EXPECT_EQ(a.num_edges(), b.num_edges());
    EXPECT_EQ(std::vector<double>(a.x().begin(), a.x().end()), std::vector<double>(b.x().begin(), b.x().end()));
    for (const char* col : {"households", "population", "elderly_alone", "disabled", "hardship"}) {
      ASSERT_TRUE(a.has_attribute(col));
      const auto ca = a.attribute(col), cb = b.attribute(col);
      EXPECT_TRUE(std::equal(ca.begin(), ca.end(), cb.begin()));
    }
    for (UnitIndex u = 0; u < a.size(); ++u) EXPECT_EQ(a.communities()[a.community()[u]], b.communities()[b.community()[u]]);
  }
  SynthOptions o;
  o.units = 2000;
  o.seed = 4;
  const auto c = synth_city(o);
  o.seed = 5;
  const auto d = synth_city(o);
  const auto hc = c.attribute("households"), hd = d.attribute("households");
  EXPECT_FALSE(std::equal(hc.begin(), hc.end(), hd.begin()));
}

TEST(Synth, RealisticValues) {
  SynthOptions o;
  o.units = 30000;
  o.seed = 8;
  const auto g = synth_city(o);
  const auto hh = g.attribute("households"), pop = g.attribute("population"), el = g.attribute("elderly_alone");
  double H = 0, P = 0, E = 0;
  int towers = 0;
  for (std::size_t u = 0; u < hh.size(); ++u) {
    H += hh[u];
    P += pop[u];
    E += el[u];
    EXPECT_GE(hh[u], 5);
    EXPECT_LE(hh[u], 250);
    EXPECT_LE(el[u], hh[u]);
    if (hh[u] >= 100) ++towers;
  }
  EXPECT_NEAR(P / H, 2.4, 0.05);
  EXPECT_NEAR(E / H, 0.03, 0.005);
  EXPECT_NEAR(towers / 30000.0, 0.05, 0.01);
  // graph connected
  std::vector<UnitIndex> all(static_cast<std::size_t>(g.size()));
  for (UnitIndex u = 0; u < g.size(); ++u) all[static_cast<std::size_t>(u)] = u;
  EXPECT_TRUE(connected_subset(g, all));
  // holes: fewer edges than a full lattice
  EXPECT_LT(g.num_edges(), 2 * static_cast<std::int64_t>(g.size()));
}

TEST(Synth, CommunitiesAreContiguousCodedBlocks) {
  SynthOptions o;
  o.units = 40000;
  o.seed = 2;
  const auto g = synth_city(o);
  std::map<std::int32_t, std::vector<UnitIndex>> members;
  std::map<std::int32_t, double> hh;
  for (UnitIndex u = 0; u < g.size(); ++u) {
    members[g.community()[u]].push_back(u);
    hh[g.community()[u]] += g.attribute("households")[static_cast<std::size_t>(u)];
  }
  std::set<std::string> streets;
  int within = 0;
  for (auto& [c, us] : members) {
    const std::string code(g.communities()[static_cast<std::size_t>(c)]);
    EXPECT_EQ(check_code(code, Level::community), "") << code;
    EXPECT_EQ(code.substr(0, 6), "620102");
    streets.insert(code.substr(0, 9));
    EXPECT_TRUE(connected_subset(g, us)) << code;
    if (hh[c] >= 2000 && hh[c] <= 6000) ++within;
  }
  EXPECT_EQ(within, static_cast<int>(members.size()));
  EXPECT_GT(members.size(), 100u);
  EXPECT_GE(members.size() / streets.size(), 3u);
  EXPECT_LE(members.size() / streets.size(), 12u);
}

TEST(Synth, RealCodesAndOptions) {
  SynthOptions o;
  o.units = 3000;
  o.community_codes = {"620102001001", "620102001002"};
  o.queen = true;
  o.dedicated_share = 0.01;
  o.rural_share = 0.5;
  const auto g = synth_city(o);
  std::set<std::string> codes(g.communities().begin(), g.communities().end());
  EXPECT_TRUE(codes.count("620102001001"));
  EXPECT_TRUE(codes.count("620102001002"));
  int dedicated = 0;
  for (auto t : g.grid_type()) dedicated += t == GridType::dedicated;
  EXPECT_GT(dedicated, 0);
  o.county = "12";
  EXPECT_THROW((void)synth_city(o), InputError);
  o.county = "620102";
  o.units = 0;
  EXPECT_THROW((void)synth_city(o), InputError);
}
