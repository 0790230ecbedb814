// ReCom ensembles: every visited plan checked by the independent validator,
// the reversible chain's visit frequencies against the spanning-tree
// distribution on tiny graphs whose valid plans are all enumerated,
// determinism across thread counts, typicality and diagnostics recomputed
// from the recorded table.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "../partition/partition_checks.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/core/validate.hpp"
#include "gridgov/ensemble/ensemble.hpp"
#include "gridgov/partition/partition.hpp"
#include "gridgov/partition/synth.hpp"

namespace gridgov {
namespace {

using testing::random_lattice;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string tmp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("gridgov_ens_" + std::to_string(::getpid()) + "_" + name)).string();
}

Plan start_plan(const UnitGraph& g, const GridRules& rules, std::uint64_t seed = 1) {
  PartitionOptions po;
  po.rules = rules;
  po.run.seed = seed;
  auto r = partition(g, po);
  return r.plan;
}

bool valid(const UnitGraph& g, const Plan& p, const GridRules& rules) {
  ValidateOptions vo;
  vo.rules = rules;
  vo.details = false;
  return validate(g, p, vo).summary.valid;
}

/// Runs a chain writing every accepted move to a plans file, then replays
/// the file and validates every plan visited; returns the plans visited.
std::int64_t check_every_plan(const UnitGraph& g, const Plan& start, const EnsembleOptions& o, std::int64_t* accepted) {
  const auto path = tmp_path("moves.bin");
  EnsembleOutput out;
  out.plans_path = path;
  const auto r = ensemble(g, start, o, nullptr, out);
  std::int64_t visited = 0;
  *accepted = 0;
  for (int c = 0; c < o.chains; ++c) {
    *accepted += r.chains[static_cast<std::size_t>(c)].accepted;
    visited += replay_plans(path, start, c, [&](std::int64_t, const Plan& p) {
      EXPECT_TRUE(valid(g, p, o.rules)) << "chain " << c;
      EXPECT_TRUE(testing::plan_is_partition(g, p));
    });
  }
  std::remove(path.c_str());
  return visited;
}

TEST(Ensemble, EveryVisitedPlanIsValidOnRandomSmallGraphs) {
  int runs = 0;
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    const auto g = random_lattice(8 + static_cast<int>(seed % 5), 7 + static_cast<int>(seed % 3), 0.1, 9, 1 + static_cast<int>(seed % 2), seed,
                                  seed % 3 == 0);
    GridRules rules;
    rules.bounds = {Bounds{"households", 40, 70}};
    if (seed % 4 == 0) rules.bounds.push_back(Bounds{"population", 50, 200});
    const auto start = start_plan(g, rules, seed);
    if (!valid(g, start, rules)) continue;  // this lattice admits no plan at these bounds
    ++runs;
    for (auto prop : {EnsembleProposal::recom, EnsembleProposal::reversible}) {
      EnsembleOptions o;
      o.rules = rules;
      o.steps = 300;
      o.chains = 2;
      o.proposal = prop;
      o.run.seed = seed;
      if (seed % 2 == 0) {
        o.acceptance = EnsembleAcceptance::metropolis;
        o.score = EnsembleScore::households_spread;
        o.beta = 0.05;
      }
      std::int64_t accepted = 0;
      const auto visited = check_every_plan(g, start, o, &accepted);
      EXPECT_EQ(visited, accepted);
    }
  }
  EXPECT_GE(runs, 6);
}

TEST(Ensemble, SyntheticCityChainKeepsRulesAndMoves) {
  SynthOptions so;
  so.units = 1500;
  so.seed = 3;
  so.dedicated_share = 0.01;
  so.rural_share = 0.2;
  const auto g = synth_city(so);
  GridRules rules;
  const auto start = start_plan(g, rules);
  ASSERT_TRUE(valid(g, start, rules));
  EnsembleOptions o;
  o.steps = 400;
  o.chains = 2;
  o.locked = {0, 1, 2};
  std::int64_t accepted = 0;
  const auto visited = check_every_plan(g, start, o, &accepted);
  EXPECT_GT(accepted, 100);  // the chain moves
  EXPECT_EQ(visited, accepted);
  // Locked and dedicated grids never move.
  o.keep_plans = 50;
  const auto r = ensemble(g, start, o);
  ASSERT_EQ(r.plans.size(), 100u);
  const auto types = g.grid_type();
  std::vector<char> fixed(static_cast<std::size_t>(start.num_grids()), 0);
  for (UnitIndex l : o.locked) fixed[static_cast<std::size_t>(start.grid_of[static_cast<std::size_t>(l)])] = 1;
  int dedicated = 0;
  for (UnitIndex v = 0; v < g.size(); ++v)
    if (!types.empty() && types[static_cast<std::size_t>(v)] == GridType::dedicated) {
      fixed[static_cast<std::size_t>(start.grid_of[static_cast<std::size_t>(v)])] = 1;
      ++dedicated;
    }
  EXPECT_GT(dedicated, 0);
  for (const auto& p : r.plans)
    for (UnitIndex u = 0; u < g.size(); ++u) {
      const auto q0 = start.grid_of[static_cast<std::size_t>(u)];
      if (fixed[static_cast<std::size_t>(q0)]) {
        ASSERT_EQ(p.grid_of[static_cast<std::size_t>(u)], q0) << "unit " << u << " of a fixed grid moved";
      } else {  // and no other unit enters a fixed grid
        ASSERT_FALSE(fixed[static_cast<std::size_t>(p.grid_of[static_cast<std::size_t>(u)])]);
      }
    }
}

/// Number of spanning trees of the units with grid q (Kirchhoff).
double spanning_trees(const UnitGraph& g, const std::vector<int>& lab, int q) {
  std::vector<int> idx(static_cast<std::size_t>(g.size()), -1);
  int m = 0;
  for (UnitIndex u = 0; u < g.size(); ++u)
    if (lab[static_cast<std::size_t>(u)] == q) idx[static_cast<std::size_t>(u)] = m++;
  if (m <= 1) return 1;
  const int d = m - 1;  // drop the last row/column
  std::vector<double> L(static_cast<std::size_t>(d * d), 0.0);
  for (UnitIndex u = 0; u < g.size(); ++u) {
    const int i = idx[static_cast<std::size_t>(u)];
    if (i < 0) continue;
    for (UnitIndex v : g.neighbors(u)) {
      const int j = idx[static_cast<std::size_t>(v)];
      if (j < 0) continue;
      if (i < d) L[static_cast<std::size_t>(i * d + i)] += 1;
      if (i < d && j < d) L[static_cast<std::size_t>(i * d + j)] -= 1;
    }
  }
  double det = 1;
  for (int c = 0; c < d; ++c) {
    int piv = c;
    for (int r = c + 1; r < d; ++r)
      if (std::abs(L[static_cast<std::size_t>(r * d + c)]) > std::abs(L[static_cast<std::size_t>(piv * d + c)])) piv = r;
    if (std::abs(L[static_cast<std::size_t>(piv * d + c)]) < 1e-12) return 0;
    if (piv != c) {
      for (int k = 0; k < d; ++k) std::swap(L[static_cast<std::size_t>(c * d + k)], L[static_cast<std::size_t>(piv * d + k)]);
      det = -det;
    }
    det *= L[static_cast<std::size_t>(c * d + c)];
    for (int r = c + 1; r < d; ++r) {
      const double f = L[static_cast<std::size_t>(r * d + c)] / L[static_cast<std::size_t>(c * d + c)];
      for (int k = c; k < d; ++k) L[static_cast<std::size_t>(r * d + k)] -= f * L[static_cast<std::size_t>(c * d + k)];
    }
  }
  return std::round(det);
}

/// Labels renumbered in order of first appearance.
std::string canonical(const std::vector<int>& lab) {
  std::map<int, char> ren;
  std::string s;
  for (int x : lab) {
    auto it = ren.find(x);
    if (it == ren.end()) it = ren.emplace(x, static_cast<char>('a' + ren.size())).first;
    s += it->second;
  }
  return s;
}

/// Every valid plan of k grids (each connected, within bounds), with its
/// spanning-tree weight prod_i tau(P_i).
std::map<std::string, double> enumerate_plans(const UnitGraph& g, int k, const GridRules& rules) {
  std::map<std::string, double> out;
  const int n = g.size();
  std::vector<int> lab(static_cast<std::size_t>(n), 0);
  std::int64_t total = 1;
  for (int i = 0; i < n; ++i) total *= k;
  for (std::int64_t code = 0; code < total; ++code) {
    std::int64_t c = code;
    for (int i = 0; i < n; ++i) {
      lab[static_cast<std::size_t>(i)] = static_cast<int>(c % k);
      c /= k;
    }
    // Canonical labellings only (labels appear in order).
    int seen = 0;
    bool canon = true;
    for (int x : lab) {
      if (x > seen) { canon = false; break; }
      if (x == seen) ++seen;
    }
    if (!canon || seen != k) continue;
    Plan p;
    p.grid_of.assign(lab.begin(), lab.end());
    for (int q = 0; q < k; ++q) p.grid_codes.push_back("g" + std::to_string(q));
    if (!valid(g, p, rules)) continue;
    double w = 1;
    for (int q = 0; q < k; ++q) w *= spanning_trees(g, lab, q);
    out[canonical(lab)] = w;
  }
  return out;
}

TEST(Ensemble, ReversibleChainMatchesSpanningTreeDistributionOnTinyGraphs) {
  struct Case { int W, H, k; double lo, hi; std::uint64_t seed; };
  for (const Case cs : {Case{3, 3, 3, 4, 8, 7}, Case{4, 3, 2, 8, 14, 11}, Case{3, 4, 3, 5, 11, 5}}) {
    const auto g = random_lattice(cs.W, cs.H, 0.0, 3, 1, cs.seed);
    GridRules rules;
    rules.bounds = {Bounds{"households", cs.lo, cs.hi}};
    const auto plans = enumerate_plans(g, cs.k, rules);
    ASSERT_GE(plans.size(), 3u) << "case " << cs.W << "x" << cs.H;
    double Z = 0;
    for (const auto& [key, w] : plans) Z += w;
    // Start from the first enumerated plan.
    std::vector<int> lab;
    for (char ch : plans.begin()->first) lab.push_back(ch - 'a');
    Plan start;
    start.grid_of.assign(lab.begin(), lab.end());
    for (int q = 0; q < cs.k; ++q) start.grid_codes.push_back("g" + std::to_string(q));
    EnsembleOptions o;
    o.rules = rules;
    o.proposal = EnsembleProposal::reversible;
    o.steps = 60000;
    o.chains = 2;
    o.keep_plans = static_cast<int>(o.steps);
    o.run.seed = cs.seed;
    const auto r = ensemble(g, start, o);
    std::map<std::string, double> freq;
    for (const auto& p : r.plans) freq[canonical(std::vector<int>(p.grid_of.begin(), p.grid_of.end()))] += 1.0 / static_cast<double>(r.plans.size());
    double tv = 0;
    for (const auto& [key, w] : plans) tv += std::abs(freq[key] - w / Z);
    for (const auto& [key, f] : freq) EXPECT_TRUE(plans.count(key)) << "visited a plan that is not valid: " << key;
    tv /= 2;
    EXPECT_LT(tv, 0.05) << plans.size() << " valid plans, total variation " << tv;

    // Plain ReCom targets a different distribution: reported, not asserted.
    o.proposal = EnsembleProposal::recom;
    const auto r2 = ensemble(g, start, o);
    std::map<std::string, double> f2;
    for (const auto& p : r2.plans) f2[canonical(std::vector<int>(p.grid_of.begin(), p.grid_of.end()))] += 1.0 / static_cast<double>(r2.plans.size());
    double tv2 = 0;
    for (const auto& [key, w] : plans) tv2 += std::abs(f2[key] - w / Z);
    std::printf("%dx%d k=%d: %zu valid plans; total variation to the spanning-tree distribution: reversible %.4f, recom %.4f\n",
                cs.W, cs.H, cs.k, plans.size(), tv, tv2 / 2);
  }
}

TEST(Ensemble, SameSeedSameBytesForAnyThreadCount) {
  SynthOptions so;
  so.units = 1200;
  so.seed = 5;
  const auto g = synth_city(so);
  const auto start = start_plan(g, GridRules{});
  std::string ref_scores, ref_plans;
  for (int threads : {1, 2, 3}) {
    EnsembleOptions o;
    o.steps = 200;
    o.chains = 3;
    o.threads = threads;
    o.run.seed = 42;
    EnsembleOutput out{tmp_path("s.csv"), tmp_path("p.bin")};
    const auto r = ensemble(g, start, o, nullptr, out);
    const auto s = slurp(out.scores_path), p = slurp(out.plans_path);
    std::remove(out.scores_path.c_str());
    std::remove(out.plans_path.c_str());
    EXPECT_GT(s.size(), 1000u);
    if (threads == 1) {
      ref_scores = s;
      ref_plans = p;
    } else {
      EXPECT_EQ(s, ref_scores) << threads << " threads";
      EXPECT_EQ(p, ref_plans) << threads << " threads";
    }
  }
  // No temporary files are left behind.
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::temp_directory_path()))
    EXPECT_EQ(e.path().filename().string().find("gridgov_ens_" + std::to_string(::getpid()) + "_s.csv.chain"), std::string::npos);
}

TEST(Ensemble, TypicalityAndDiagnosticsMatchTheTable) {
  SynthOptions so;
  so.units = 2000;
  so.seed = 9;
  const auto g = synth_city(so);
  const auto start = start_plan(g, GridRules{});
  WorkloadConfig wc;
  EnsembleOptions o;
  o.steps = 600;
  o.thin = 2;
  o.chains = 3;
  o.threads = 2;
  o.run.seed = 7;
  const auto r = ensemble(g, start, o, &wc);
  ASSERT_EQ(r.score_names.size(), 5u);
  const auto& t = r.table;
  ASSERT_EQ(t.chain.size(), 900u);
  ASSERT_EQ(r.samples, 900);
  // The start plan's cut edges, counted here.
  EXPECT_EQ(r.start_scores[0], static_cast<double>(testing::cut_edges(g, start)));
  for (std::size_t sc = 0; sc < 5; ++sc) {
    std::int64_t below = 0, equal = 0;
    for (double x : t.scores[sc]) {
      below += x < r.start_scores[sc];
      equal += x == r.start_scores[sc];
    }
    EXPECT_EQ(r.overall[sc].below, below) << r.score_names[sc];
    EXPECT_EQ(r.overall[sc].equal, equal) << r.score_names[sc];
    EXPECT_GE(r.overall[sc].percentile, 0.0);
    EXPECT_LE(r.overall[sc].percentile, 1.0);
    // Lag-1 autocorrelation of chain 0, computed directly.
    std::vector<double> x;
    for (std::size_t i = 0; i < t.chain.size(); ++i)
      if (t.chain[i] == 0) x.push_back(t.scores[sc][i]);
    const auto n = static_cast<double>(x.size());
    double m = 0;
    for (double v : x) m += v;
    m /= n;
    double c0 = 0, c1 = 0;
    for (std::size_t i = 0; i < x.size(); ++i) c0 += (x[i] - m) * (x[i] - m);
    for (std::size_t i = 1; i < x.size(); ++i) c1 += (x[i] - m) * (x[i - 1] - m);
    EXPECT_NEAR(r.chains[0].mean[sc], m, 1e-9 * (1 + std::abs(m)));
    // The diagnostics average chains; recompute all three.
    double acf1 = 0;
    for (int c = 0; c < 3; ++c) {
      std::vector<double> y;
      for (std::size_t i = 0; i < t.chain.size(); ++i)
        if (t.chain[i] == c) y.push_back(t.scores[sc][i]);
      double my = 0;
      for (double v : y) my += v;
      my /= static_cast<double>(y.size());
      double d0 = 0, d1 = 0;
      for (std::size_t i = 0; i < y.size(); ++i) d0 += (y[i] - my) * (y[i] - my);
      for (std::size_t i = 1; i < y.size(); ++i) d1 += (y[i] - my) * (y[i - 1] - my);
      acf1 += (d0 > 0 ? d1 / d0 : 0.0) / 3;
    }
    ASSERT_FALSE(r.diagnostics[sc].autocorrelation.empty());
    EXPECT_NEAR(r.diagnostics[sc].autocorrelation[0], acf1, 1e-6) << r.score_names[sc];
    // Split R-hat, recomputed: 3 chains x 2 halves of 150 samples.
    std::vector<double> hm, hv;
    for (int c = 0; c < 3; ++c) {
      std::vector<double> y;
      for (std::size_t i = 0; i < t.chain.size(); ++i)
        if (t.chain[i] == c) y.push_back(t.scores[sc][i]);
      for (int h = 0; h < 2; ++h) {
        double mm = 0, vv = 0;
        for (int i = 0; i < 150; ++i) mm += y[static_cast<std::size_t>(h * 150 + i)] / 150;
        for (int i = 0; i < 150; ++i) vv += std::pow(y[static_cast<std::size_t>(h * 150 + i)] - mm, 2) / 149;
        hm.push_back(mm);
        hv.push_back(vv);
      }
    }
    double grand = 0, W = 0, B = 0;
    for (std::size_t i = 0; i < 6; ++i) {
      grand += hm[i] / 6;
      W += hv[i] / 6;
    }
    for (double hx : hm) B += (hx - grand) * (hx - grand) * 150 / 5;
    const double rhat = std::sqrt((149.0 / 150 * W + B / 150) / W);
    EXPECT_NEAR(r.diagnostics[sc].gelman_rubin, rhat, 1e-6 * rhat) << r.score_names[sc];
  }
  // Each score of every recorded plan is what the validator and the
  // workload model say (spot-checked on kept plans).
  EXPECT_GT(r.acceptance_rate, 0.3);
  EXPECT_GT(r.distinct_plans, 100);
  EXPECT_LE(r.distinct_plans, 900);
  ASSERT_FALSE(r.groups.empty());
  for (const auto& gt : r.groups) {
    EXPECT_GE(gt.movable_grids, 2);
    for (const auto& s : gt.scores) EXPECT_LE(s.below + s.equal, s.samples);
  }
  const auto js = to_json(r);
  EXPECT_NE(js.find("\"gelman_rubin\""), std::string::npos);
  EXPECT_NE(js.find("\"percentile\""), std::string::npos);
}

TEST(Ensemble, ScoresOfKeptPlansMatchTheValidator) {
  SynthOptions so;
  so.units = 1500;
  so.seed = 4;
  const auto g = synth_city(so);
  const auto start = start_plan(g, GridRules{});
  EnsembleOptions o;
  o.steps = 100;
  o.chains = 1;
  o.keep_plans = 100;
  const auto r = ensemble(g, start, o);
  ASSERT_EQ(r.plans.size(), 100u);
  for (std::size_t i = 0; i < r.plans.size(); i += 9) {
    ValidateOptions vo;
    const auto rep = validate(g, r.plans[i], vo);
    ASSERT_TRUE(rep.summary.valid);
    EXPECT_EQ(r.table.scores[0][i], static_cast<double>(testing::cut_edges(g, r.plans[i])));
    EXPECT_NEAR(r.table.scores[1][i], rep.summary.mean_cut_edge_ratio, 1e-12);
    const auto tot = testing::grid_totals(g, r.plans[i], "households");
    double m = 0, q = 0;
    for (double v : tot) m += v;
    m /= static_cast<double>(tot.size());
    for (double v : tot) q += (v - m) * (v - m);
    EXPECT_NEAR(r.table.scores[2][i], std::sqrt(q / static_cast<double>(tot.size())), 1e-9);
  }
}

TEST(Ensemble, BurnInIsRunButNotRecorded) {
  SynthOptions so;
  so.units = 1200;
  so.seed = 2;
  const auto g = synth_city(so);
  const auto start = start_plan(g, GridRules{});
  EnsembleOptions o;
  o.steps = 300;
  o.chains = 1;
  o.thin = 7;
  const auto all = ensemble(g, start, o);
  o.burn_in = 100;
  const auto late = ensemble(g, start, o);
  ASSERT_EQ(late.samples, 200 / 7);
  EXPECT_EQ(late.table.step.front(), 107);
  EXPECT_EQ(late.chains[0].steps, 300);
  // The same chain: the recorded steps after the burn-in carry the same scores.
  for (std::size_t i = 0; i < late.table.step.size(); ++i)
    for (std::size_t j = 0; j < all.table.step.size(); ++j)
      if (all.table.step[j] == late.table.step[i]) {
        EXPECT_EQ(all.table.scores[0][j], late.table.scores[0][i]);
      }
}

TEST(Ensemble, DistinctPlansBeyondTheCapAreEstimated) {
  SynthOptions so;
  so.units = 1500;
  so.seed = 6;
  const auto g = synth_city(so);
  const auto start = start_plan(g, GridRules{});
  EnsembleOptions o;
  o.steps = 3000;
  o.chains = 2;
  const auto exact = ensemble(g, start, o);
  ASSERT_FALSE(exact.distinct_capped);
  EXPECT_GT(exact.distinct_plans, 4000);
  o.distinct_cap = 100;
  const auto est = ensemble(g, start, o);
  EXPECT_TRUE(est.distinct_capped);
  EXPECT_NEAR(static_cast<double>(est.distinct_plans), static_cast<double>(exact.distinct_plans),
              0.04 * static_cast<double>(exact.distinct_plans));
  // Everything else is the same run.
  EXPECT_EQ(est.table.scores, exact.table.scores);
}

TEST(Ensemble, BadInputIsRefusedClearly) {
  const auto g = random_lattice(16, 16, 0.0, 9, 1, 3);
  Plan bad;
  bad.grid_of.assign(static_cast<std::size_t>(g.size()), 0);
  bad.grid_codes = {"all"};
  try {
    (void)ensemble(g, bad);
    FAIL() << "an invalid start was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("starting plan breaks the rules"), std::string::npos) << e.what();
  }
  GridRules rules;
  rules.bounds = {Bounds{"households", 40, 70}};
  const auto start = start_plan(g, rules);
  ASSERT_TRUE(valid(g, start, rules));
  EnsembleOptions o;
  o.rules = rules;
  o.locked = {100000};
  EXPECT_THROW((void)ensemble(g, start, o), InputError);
  o.locked.clear();
  o.acceptance = EnsembleAcceptance::metropolis;
  o.score = EnsembleScore::workload_gini;
  EXPECT_THROW((void)ensemble(g, start, o), InputError);
  o.acceptance = EnsembleAcceptance::always;
  o.thin = 0;
  EXPECT_THROW((void)ensemble(g, start, o), InputError);
  o.thin = 1;
  Plan short_plan = start;
  short_plan.grid_of.pop_back();
  EXPECT_THROW((void)ensemble(g, short_plan, o), InputError);
  // A damaged plans file is refused, not misread.
  const auto path = tmp_path("damaged.bin");
  EnsembleOutput out;
  out.plans_path = path;
  o.steps = 50;
  o.chains = 1;
  (void)ensemble(g, start, o, nullptr, out);
  const auto whole = slurp(path);
  auto bytes = whole;
  bytes.resize(bytes.size() / 2);
  std::ofstream(path, std::ios::binary) << bytes;
  EXPECT_THROW((void)replay_plans(path, start, 0, [](std::int64_t, const Plan&) {}), InputError);
  // Any changed byte past the header is caught by the checksum (or the
  // structure) before a plan is handed out.
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 40; ++trial) {
    bytes = whole;
    const auto at = 40 + rng() % (bytes.size() - 40);
    bytes[at] = static_cast<char>(bytes[at] ^ static_cast<char>(1 + rng() % 255));
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    int visited = 0;
    EXPECT_THROW((void)replay_plans(path, start, 0, [&](std::int64_t, const Plan&) { ++visited; }), InputError)
        << "byte " << at;
    EXPECT_EQ(visited, 0);
  }
  std::remove(path.c_str());
}

TEST(Ensemble, TooSmallToMixIsWarned) {
  // One community of two grids on a path: a single way to cut.
  UnitTable t;
  for (int i = 0; i < 4; ++i) {
    t.id.push_back(std::to_string(i));
    t.x.push_back(i);
    t.y.push_back(0);
    t.community.push_back("620102001001");
  }
  t.attributes = {{"households", {300, 150, 150, 300}}, {"population", {700, 200, 200, 700}}};
  std::vector<Edge> e{{0, 1, 0}, {1, 2, 0}, {2, 3, 0}};
  const UnitGraph g(std::move(t), e);
  Plan p = Plan::from_indices(std::vector<GridIndex>{0, 0, 1, 1});
  EnsembleOptions o;
  o.steps = 100;
  const auto r = ensemble(g, p, o);
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_NE(r.warnings[0].find("too small or too tight to mix"), std::string::npos) << r.warnings[0];
  EXPECT_EQ(r.distinct_plans, 1);
}

}  // namespace
}  // namespace gridgov
