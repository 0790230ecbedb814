// The event-handling simulation: conservation, rates, escalation, determinism,
// confidence intervals, calibration and parameter errors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "gridgov/core/error.hpp"
#include "simulate/sampling.hpp"
#include "gridgov/simulate/replicate.hpp"
#include "gridgov/simulate/simulate.hpp"
#include "gridgov/partition/synth.hpp"

using namespace gridgov;

namespace {

struct City {
  UnitGraph graph;
  Plan plan;
};

/// A synthetic city cut into grids of about `households` households by unit
/// index (contiguity does not matter to the simulation).
City make_city(int units, double households = 400, std::uint64_t seed = 3) {
  SynthOptions so;
  so.units = units;
  so.seed = seed;
  City c{synth_city(so), {}};
  const auto hh = c.graph.attribute("households");
  std::vector<GridIndex> g(static_cast<std::size_t>(units));
  GridIndex q = 0;
  double acc = 0;
  for (std::size_t u = 0; u < g.size(); ++u) {
    if (acc >= households) {
      ++q;
      acc = 0;
    }
    g[u] = q;
    acc += hh[u];
  }
  c.plan = Plan::from_indices(g);
  return c;
}

const City& city() {
  static const City c = make_city(1500);
  return c;
}

void expect_conserved(const SimTally& t, const std::string& what) {
  EXPECT_EQ(t.received, t.resolved_total() + t.unresolved + t.open) << what;
  EXPECT_LE(t.on_time, t.resolved_total()) << what;
  EXPECT_GE(t.open, 0) << what;
}

void expect_consistent(const SimResult& r) {
  expect_conserved(r.total, "total");
  SimTally sum_grids, sum_channels, sum_types;
  for (std::size_t q = 0; q < r.grids.size(); ++q) {
    expect_conserved(r.grids[q], "grid " + std::to_string(q));
    sum_grids.add(r.grids[q]);
  }
  for (const auto& c : r.channels) {
    expect_conserved(c, "channel");
    sum_channels.add(c);
  }
  for (const auto& t : r.types) {
    expect_conserved(t, "type");
    sum_types.add(t);
  }
  for (const auto* s : {&sum_grids, &sum_channels, &sum_types}) {
    EXPECT_EQ(s->received, r.total.received);
    EXPECT_EQ(s->resolved, r.total.resolved);
    EXPECT_EQ(s->unresolved, r.total.unresolved);
    EXPECT_EQ(s->open, r.total.open);
    EXPECT_EQ(s->on_time, r.total.on_time);
    EXPECT_EQ(s->timeouts, r.total.timeouts);
  }
  // Flows through the levels.
  EXPECT_EQ(r.levels[0].reached, r.total.received);
  for (int l = 0; l < kLevels; ++l) {
    const auto& lv = r.levels[static_cast<std::size_t>(l)];
    EXPECT_EQ(lv.reached, lv.resolved + lv.passed_on + lv.open) << "level " << l;
    EXPECT_EQ(lv.resolved, r.total.resolved[static_cast<std::size_t>(l)]) << "level " << l;
    if (l > 0) {
      EXPECT_EQ(lv.reached, r.levels[static_cast<std::size_t>(l) - 1].passed_on) << "level " << l;
    }
  }
  EXPECT_EQ(r.levels[3].passed_on, r.total.unresolved);
  std::int64_t open_levels = 0;
  for (const auto& lv : r.levels) open_levels += lv.open;
  EXPECT_EQ(open_levels, r.total.open);
  // Series.
  const auto total_days = static_cast<std::size_t>(r.days + r.drain_days);
  ASSERT_EQ(r.daily_arrivals.size(), total_days);
  auto sum = [](const std::vector<std::int64_t>& v) { return std::accumulate(v.begin(), v.end(), std::int64_t{0}); };
  EXPECT_EQ(sum(r.daily_arrivals), r.total.received);
  EXPECT_EQ(sum(r.daily_resolved), r.total.resolved_total());
  EXPECT_EQ(sum(r.daily_unresolved), r.total.unresolved);
  EXPECT_EQ(r.daily_backlog.back(), r.total.open);
  EXPECT_EQ(sum(r.histogram), r.total.resolved_total());
  EXPECT_EQ(sum(r.unit_received), r.total.received);
  for (std::size_t d = static_cast<std::size_t>(r.days); d < total_days; ++d) EXPECT_EQ(r.daily_arrivals[d], 0);
  for (std::size_t q = 0; q < r.utilisation.size(); ++q) {
    EXPECT_GE(r.utilisation[q], 0.0);
    EXPECT_LE(r.utilisation[q], 1.0 + 1e-9);
  }
}

SimParams random_params(sim::Rng& rng) {
  SimParams p;
  for (auto& t : p.types) {
    t.per_1000_residents = rng.uniform() < 0.2 ? 0.0 : rng.uniform() * 2.0;
    t.per_special_person = rng.uniform() * 0.05;
    t.service_hours = rng.uniform() * 6.0;
    t.deadline_workdays = 0.5 + rng.uniform() * 20.0;
    t.priority = static_cast<int>(rng.below(4));
    double sum = 0;
    for (auto& c : t.channels) sum += (c = rng.uniform() < 0.3 ? 0.0 : rng.uniform());
    if (sum == 0) t.channels[0] = sum = 1.0;
    for (auto& c : t.channels) c /= sum;
    for (auto& s : t.resolve_share) s = rng.uniform() < 0.1 ? std::round(rng.uniform()) : rng.uniform();
  }
  for (int l = 1; l < kLevels; ++l) {
    p.levels[static_cast<std::size_t>(l)].escalate_hours = rng.uniform() * 30.0;
    p.levels[static_cast<std::size_t>(l)].handle_hours = rng.uniform() * 100.0;
  }
  p.grid.patience_hours = rng.uniform() < 0.3 ? std::nullopt : std::optional<double>(rng.uniform() * 60.0);
  p.grid.event_time_share = 0.05 + 0.95 * rng.uniform();
  p.calendar.work_start = rng.uniform() * 10.0;
  p.calendar.work_end = p.calendar.work_start + 1.0 + rng.uniform() * (23.0 - p.calendar.work_start);
  p.calendar.workdays_per_week = 1 + static_cast<int>(rng.below(7));
  p.scales.escalation = rng.uniform() * 3.0;
  return p;
}

}  // namespace

TEST(SimRandom, DeterministicAndUniform) {
  sim::Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next();
    EXPECT_EQ(x, b.next());
    EXPECT_NE(x, c.next());
  }
  sim::Rng r(7);
  double sum = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) sum += r.exponential(2.0);
  EXPECT_NEAR(sum / n, 2.0, 0.03);  // sd of the mean: 2 / sqrt(n) = 0.0045
  std::int64_t k = 0;
  for (int i = 0; i < 20000; ++i) k += r.poisson(3.5);
  EXPECT_NEAR(static_cast<double>(k) / 20000.0, 3.5, 0.07);  // sd 0.013
}

TEST(SimRandom, AliasTableFrequencies) {
  const std::vector<double> w = {1.0, 0.0, 3.0, 6.0};
  sim::AliasTable t(w);
  sim::Rng r(1);
  std::vector<int> counts(4, 0);
  const int n = 100000;
  for (int i = 0; i < n; ++i) ++counts[t.sample(r)];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[0] / double(n), 0.1, 0.006);
  EXPECT_NEAR(counts[2] / double(n), 0.3, 0.006);
  EXPECT_NEAR(counts[3] / double(n), 0.6, 0.006);
}

TEST(Simulate, ConservationOnRandomParameters) {
  const auto& c = city();
  sim::Rng rng(2024);
  for (int trial = 0; trial < 40; ++trial) {
    const SimParams p = random_params(rng);
    Staffing s = Staffing::uniform(c.plan.num_grids(), std::floor(rng.uniform() * 3.0), std::floor(rng.uniform() * 5.0),
                                   rng.uniform() * 40.0);
    if (trial % 5 == 0) s.full_time[0] = 0.5;
    SimOptions o;
    o.days = 20 + static_cast<int>(rng.below(100));
    o.drain_days = static_cast<int>(rng.below(20));
    o.seed = rng.next();
    SCOPED_TRACE("trial " + std::to_string(trial) + "\n" + sim_params_to_json(p, -1));
    const auto r = simulate(c.graph, c.plan, s, p, o);
    EXPECT_GT(r.total.received + (p.types[0].per_1000_residents == 0 ? 1 : 0), 0);
    expect_consistent(r);
  }
}

TEST(Simulate, DefaultsGiveAResolutionRateInTheReportedRange) {
  const auto& c = city();
  const auto r = simulate(c.graph, c.plan, Staffing::uniform(c.plan.num_grids()), SimParams{}, {});
  expect_consistent(r);
  EXPECT_GT(r.total.received, 10000);
  EXPECT_GE(r.total.resolution_rate(), 0.91);
  EXPECT_LE(r.total.resolution_rate(), 0.995);
  EXPECT_GT(r.total.grid_share(), 0.6);
  EXPECT_GT(r.total.on_time_rate(), 0.8);
  EXPECT_GT(r.quantile_p90, r.quantile_p50);
}

TEST(Simulate, ArrivalsMatchConfiguredRates) {
  const auto& c = city();
  SimParams p;
  SimOptions o;
  o.days = 1000;
  o.drain_days = 0;
  o.seed = 11;
  const auto r = simulate(c.graph, c.plan, Staffing::uniform(c.plan.num_grids()), p, o);
  const auto expected = expected_daily_arrivals(c.graph, c.plan, p);
  for (int t = 0; t < kEventTypes; ++t) {
    double mean = 0;
    for (std::size_t q = 0; q < static_cast<std::size_t>(c.plan.num_grids()); ++q) mean += expected[q * kEventTypes + static_cast<std::size_t>(t)];
    mean *= o.days;
    const double sd = std::sqrt(mean);
    // 5 standard deviations: a correct sampler fails this about once in 3 million seeds.
    EXPECT_NEAR(static_cast<double>(r.types[static_cast<std::size_t>(t)].received), mean, 5 * sd) << "type " << t;
    // Patrol share of each type.
    EXPECT_GT(mean, 1000.0);
  }
  // Channel mix: patrol events of all types against the expectation.
  double patrol = 0;
  for (int t = 0; t < kEventTypes; ++t) {
    double m = 0;
    for (std::size_t q = 0; q < static_cast<std::size_t>(c.plan.num_grids()); ++q) m += expected[q * kEventTypes + static_cast<std::size_t>(t)];
    patrol += m * o.days * p.types[static_cast<std::size_t>(t)].channels[static_cast<std::size_t>(Channel::patrol)];
  }
  EXPECT_NEAR(static_cast<double>(r.channels[static_cast<std::size_t>(Channel::patrol)].received), patrol, 5 * std::sqrt(patrol));
  // Per grid too (loose: 12 grids, 6 sd each).
  for (std::size_t q = 0; q < static_cast<std::size_t>(c.plan.num_grids()); ++q) {
    double m = 0;
    for (std::size_t t = 0; t < kEventTypes; ++t) m += expected[q * kEventTypes + t] * o.days;
    EXPECT_NEAR(static_cast<double>(r.grids[q].received), m, 6 * std::sqrt(m)) << "grid " << q;
  }
}

TEST(Simulate, PatrolEventsArriveOnlyOnWorkingDays) {
  const auto& c = city();
  SimParams p;
  for (auto& t : p.types) {
    t.channels.fill(0.0);
    t.channels[static_cast<std::size_t>(Channel::patrol)] = 1.0;
  }
  SimOptions o;
  o.days = 70;
  const auto r = simulate(c.graph, c.plan, Staffing::uniform(c.plan.num_grids()), p, o);
  for (std::size_t d = 0; d < 70; ++d) {
    if (d % 7 >= 5) {
      EXPECT_EQ(r.daily_arrivals[d], 0) << "day " << d;
    } else {
      EXPECT_GT(r.daily_arrivals[d], 0) << "day " << d;
    }
  }
}

TEST(Simulate, ZeroStaffEscalatesEverythingFromTheGrid) {
  const auto& c = city();
  const auto r = simulate(c.graph, c.plan, Staffing::uniform(c.plan.num_grids(), 0, 0, 0), SimParams{}, {});
  expect_consistent(r);
  EXPECT_GT(r.total.received, 1000);
  EXPECT_EQ(r.total.resolved[0], 0);
  EXPECT_EQ(r.levels[0].passed_on + r.levels[0].open, r.total.received);
  EXPECT_EQ(r.total.timeouts, r.levels[0].passed_on);
  EXPECT_EQ(r.levels[0].open, 0);  // 30 drain days > 3 working days of patience
  for (double u : r.utilisation) EXPECT_EQ(u, 0.0);
}

TEST(Simulate, NoEscalationResolvesEverythingAtTheGrid) {
  const auto& c = city();
  SimParams p;
  for (auto& t : p.types) t.resolve_share[0] = 1.0;
  p.grid.patience_hours.reset();  // no limit
  SimOptions o;
  o.days = 120;
  o.drain_days = 60;
  const auto r = simulate(c.graph, c.plan, Staffing::uniform(c.plan.num_grids()), p, o);
  expect_consistent(r);
  EXPECT_EQ(r.total.resolved[0] + r.total.open, r.total.received);
  EXPECT_EQ(r.total.open, 0);
  EXPECT_EQ(r.levels[1].reached, 0);
  EXPECT_EQ(r.total.timeouts, 0);
  // escalation_scale 0 does the same with the default shares.
  SimParams q;
  q.scales.escalation = 0;
  q.grid.patience_hours.reset();
  const auto r2 = simulate(c.graph, c.plan, Staffing::uniform(c.plan.num_grids()), q, o);
  EXPECT_EQ(r2.total.resolved[0], r2.total.received);
}

TEST(Simulate, SameSeedSameResultOtherSeedOtherResult) {
  const auto& c = city();
  const auto s = Staffing::uniform(c.plan.num_grids());
  SimOptions o;
  o.days = 60;
  o.seed = 5;
  const auto a = simulate(c.graph, c.plan, s, SimParams{}, o);
  const auto b = simulate(c.graph, c.plan, s, SimParams{}, o);
  o.seed = 6;
  const auto d = simulate(c.graph, c.plan, s, SimParams{}, o);
  EXPECT_EQ(a.daily_arrivals, b.daily_arrivals);
  EXPECT_EQ(a.daily_backlog, b.daily_backlog);
  EXPECT_EQ(a.histogram, b.histogram);
  EXPECT_EQ(a.busy_hours, b.busy_hours);
  EXPECT_EQ(a.total.resolution_days, b.total.resolution_days);
  EXPECT_NE(a.daily_arrivals, d.daily_arrivals);
  EXPECT_NE(a.total.resolution_days, d.total.resolution_days);
}

TEST(Simulate, MoreStaffFewerTimeouts) {
  // A busy city: triple rates; one part-time helper versus "1+3+X".
  const auto& c = city();
  SimParams p;
  p.scales.rate = 3.0;
  SimOptions o;
  o.days = 120;
  const auto thin = simulate(c.graph, c.plan, Staffing::uniform(c.plan.num_grids(), 0, 1, 8), p, o);
  const auto full = simulate(c.graph, c.plan, Staffing::uniform(c.plan.num_grids(), 1, 3, 8), p, o);
  EXPECT_GT(thin.total.timeouts, 2 * full.total.timeouts + 10);
  EXPECT_LT(thin.total.grid_share(), full.total.grid_share());
}

TEST(Simulate, BadInputsThrowNamingTheProblem) {
  const auto& c = city();
  auto s = Staffing::uniform(c.plan.num_grids());
  s.part_time_hours.pop_back();
  try {
    (void)simulate(c.graph, c.plan, s, SimParams{}, {});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("part_time_hours"), std::string::npos) << e.what();
  }
  s = Staffing::uniform(c.plan.num_grids());
  s.full_time[2] = -1;
  EXPECT_THROW((void)simulate(c.graph, c.plan, s, SimParams{}, {}), InputError);
  Plan bad = c.plan;
  bad.grid_of[3] = kNoGrid;
  EXPECT_THROW((void)simulate(c.graph, bad, Staffing::uniform(c.plan.num_grids()), SimParams{}, {}), InputError);
  SimOptions o;
  o.days = 0;
  EXPECT_THROW((void)simulate(c.graph, c.plan, Staffing::uniform(c.plan.num_grids()), SimParams{}, o), InputError);
}

TEST(Simulate, ProgressCanCancel) {
  const auto& c = city();
  SimOptions o;
  o.progress = [](double, std::string_view) { return false; };
  EXPECT_THROW((void)simulate(c.graph, c.plan, Staffing::uniform(c.plan.num_grids()), SimParams{}, o), Interrupted);
  ReplicateOptions ro;
  ro.replications = 3;
  ro.sim.progress = o.progress;
  EXPECT_THROW((void)replicate(c.graph, c.plan, Staffing::uniform(c.plan.num_grids()), SimParams{}, ro), Interrupted);
}

TEST(SimParams, JsonRoundTripAndDefaults) {
  SimParams p;
  p.types[1].service_hours = 2.25;
  p.grid.patience_hours.reset();
  const auto text = sim_params_to_json(p);
  const auto q = sim_params_from_json(text, "x");
  EXPECT_EQ(sim_params_to_json(q), text);
  EXPECT_EQ(q.types[1].service_hours, 2.25);
  // A partial document keeps the other defaults.
  const auto r = sim_params_from_json(R"({"_doc": "comment", "types": {"dispute": {"resolve_share": {"grid": 0.5}}}})", "x");
  EXPECT_EQ(r.types[0].resolve_share[0], 0.5);
  EXPECT_EQ(r.types[0].resolve_share[1], SimParams{}.types[0].resolve_share[1]);
  EXPECT_EQ(r.types[1].per_1000_residents, SimParams{}.types[1].per_1000_residents);
}

TEST(SimParams, BadValuesNameTheKey) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"types": {"dispute": {"per_1000_residents": -1}}})", "types.dispute.per_1000_residents"},
      {R"({"types": {"request": {"resolve_share": {"street": 1.5}}}})", "types.request.resolve_share.street"},
      {R"({"types": {"request": {"resolve_share": {"ward": 0.5}}}})", "types.request.resolve_share.ward"},
      {R"({"types": {"dispute": {"servce_hours": 2}}})", "types.dispute.servce_hours"},
      {R"({"types": {"noise": {}}})", "types.noise"},
      {R"({"levels": {"community": {"escalate_hours": -2}}})", "levels.community.escalate_hours"},
      {R"({"types": {"dispute": {"channels": {"hotline_12345": 0.5}}}})", "types.dispute.channels"},
      {R"({"grid": {"event_time_share": 0}})", "grid.event_time_share"},
      {R"({"calendar": {"workdays_per_week": 8}})", "calendar.workdays_per_week"},
      {R"({"scales": {"rate": "high"}})", "scales.rate"},
      {R"({"colour": 1})", "colour"},
      {R"({"types": [1]})", "types"},
  };
  for (const auto& [text, key] : cases) {
    try {
      (void)sim_params_from_json(text, "sim.json");
      ADD_FAILURE() << "no error for " << text;
    } catch (const InputError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("sim.json: " + key), std::string::npos) << what;
    }
  }
  EXPECT_THROW((void)sim_params_from_json("{", "x"), InputError);
}

TEST(SimParams, SampleFileIsTheDefaultsAndMessagesAreExact) {
  // data/sample/sim.json writes out the defaults (with a comment key).
  const auto sample = read_sim_params(std::string(GRIDGOV_SAMPLE_DATA) + "/sample/sim.json");
  EXPECT_EQ(sim_params_to_json(sample), sim_params_to_json(SimParams{}));
  // null patience is no limit, and is written back as null.
  const auto none = sim_params_from_json(R"({"grid": {"patience_hours": null}})", "x");
  EXPECT_FALSE(none.grid.patience_hours.has_value());
  EXPECT_NE(sim_params_to_json(none, -1).find("\"patience_hours\":null"), std::string::npos);
  // A channel mix given replaces the default one.
  const auto mix = sim_params_from_json(R"({"types": {"request": {"channels": {"patrol": 1}}}})", "x");
  EXPECT_EQ(mix.types[EventType::request].channels[Channel::patrol], 1.0);
  EXPECT_EQ(mix.types[EventType::request].channels[Channel::hotline_12345], 0.0);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"types": {"request": {"resolve_share": {"street": 1.5}}}})",
       "sim.json: types.request.resolve_share.street: must be in 0..1, got 1.5"},
      {R"({"levels": {"grid": {"handle_hours": 1}}})", "sim.json: levels.grid: unknown key; the keys are community, street, district"},
      {R"({"grid": {"patience_hours": 0}})", "sim.json: grid.patience_hours: must be a finite number > 0, got 0"},
      {R"({"scales": {"rate": "inf"}})", "sim.json: scales.rate: must be a finite number >= 0, got inf"},
      {R"({"calendar": {"work_start": 18}})", "sim.json: calendar.work_end: must be after calendar.work_start (18), got 17.5"},
      {R"({"types": {"dispute": {"channels": {"patrol": 0.5}}}})", "sim.json: types.dispute.channels: shares sum to 0.5, not 1"},
  };
  for (const auto& [text, message] : cases) {
    try {
      (void)sim_params_from_json(text, "sim.json");
      ADD_FAILURE() << "no error for " << text;
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()), message);
      EXPECT_EQ(e.source(), "sim.json");
    }
  }
}

TEST(Replicate, StudentT) {
  // scipy.stats.t.ppf(0.5 + confidence / 2, df) (SciPy 1.17); the last row,
  // in the far tail, is t.isf((1 - confidence) / 2, df), the same quantile
  // without 0.5 + confidence / 2 rounding away the digits of alpha. Near
  // confidence 0 the quantile is about confidence / 2 / density(0), so the
  // rounding of 0.5 + confidence / 2 (or of 1 - confidence) moves it by up to
  // ~2e-16 whichever way it is computed: that row is held to 1e-15.
  struct Row {
    double confidence;
    int df;
    double t;
  };
  const Row rows[] = {{0.95, 1, 12.706204736174694},    {0.95, 2, 4.302652729749462},
                      {0.95, 4, 2.7764451051977934},    {0.95, 29, 2.045229642132703},
                      {0.95, 30, 2.0422724563012378},   {0.99, 10, 3.16927267261695},
                      {0.90, 3, 2.3533634348018233},    {0.5, 7, 0.7111417780817866},
                      {0.8, 1000, 1.2823987214609247},  {0.95, 100000, 1.9599877075346095},
                      {0.95, 2147483647, 1.9599639856447284}, {1e-6, 9, 1.28854386166034e-06},
                      {0.999999, 2, 999.9992499854659}};
  for (const auto& r : rows)
    EXPECT_NEAR(student_t_quantile(r.confidence, r.df), r.t, r.confidence < 0.5 ? 1e-15 : 1e-13 * r.t)
        << r.confidence << " " << r.df;
  const std::vector<double> x = {1, 2, 3, 4};
  const auto e = estimate(x, 0.95);
  EXPECT_DOUBLE_EQ(e.mean, 2.5);
  EXPECT_NEAR(e.high - e.mean, 3.1824463052837078 * std::sqrt(5.0 / 3.0) / 2.0, 1e-13);
  EXPECT_NEAR(e.mean - e.low, 3.1824463052837078 * std::sqrt(5.0 / 3.0) / 2.0, 1e-13);
}

TEST(Replicate, StudentTRejectsBadInput) {
  for (const double c : {0.0, 1.0, -0.5, 1.5, std::nan(""), std::numeric_limits<double>::infinity()}) {
    try {
      (void)student_t_quantile(c, 5);
      ADD_FAILURE() << "confidence " << c << " accepted";
    } catch (const InputError& err) {
      EXPECT_EQ(err.source(), "confidence");
      EXPECT_NE(err.message().find("must be inside (0, 1)"), std::string::npos) << err.what();
    }
  }
  for (const int df : {0, -1, std::numeric_limits<int>::min()}) {
    try {
      (void)student_t_quantile(0.95, df);
      ADD_FAILURE() << "df " << df << " accepted";
    } catch (const InputError& err) {
      EXPECT_EQ(err.source(), "df");
      EXPECT_EQ(err.message(), std::to_string(df) + " must be >= 1");
    }
  }
  // estimate() passes its confidence through.
  const std::vector<double> x = {1, 2, 3};
  EXPECT_THROW((void)estimate(x, 1.0), InputError);
}

TEST(Replicate, ThreadCountDoesNotChangeResultsAndIntervalsShrink) {
  const auto& c = city();
  const auto s = Staffing::uniform(c.plan.num_grids());
  ReplicateOptions o;
  o.sim.days = 60;
  o.sim.seed = 9;
  o.replications = 4;
  o.threads = 1;
  const auto one = replicate(c.graph, c.plan, s, SimParams{}, o);
  o.threads = 3;
  const auto three = replicate(c.graph, c.plan, s, SimParams{}, o);
  EXPECT_EQ(one.samples, three.samples);
  ASSERT_EQ(one.runs.size(), 4u);
  EXPECT_EQ(one.runs[2].seed, replication_seed(9, 2));
  // The same run by hand.
  SimOptions so = o.sim;
  so.seed = replication_seed(9, 2);
  EXPECT_EQ(simulate(c.graph, c.plan, s, SimParams{}, so).daily_backlog, one.runs[2].daily_backlog);
  o.replications = 24;
  o.threads = 2;
  const auto many = replicate(c.graph, c.plan, s, SimParams{}, o);
  const std::size_t rate = 2;
  ASSERT_EQ(many.metrics[rate], "resolution_rate");
  const double w4 = one.estimates[rate].high - one.estimates[rate].low;
  const double w24 = many.estimates[rate].high - many.estimates[rate].low;
  EXPECT_GT(w4, 0);
  EXPECT_LT(w24, 0.7 * w4);
  EXPECT_GE(many.estimates[rate].mean, many.estimates[rate].low);
  EXPECT_EQ(many.daily_backlog.size(), static_cast<std::size_t>(90));
  EXPECT_EQ(many.grid_utilisation.size(), static_cast<std::size_t>(c.plan.num_grids()));
}

TEST(Calibrate, ReachesReportedTargets) {
  const auto& c = city();
  const auto s = Staffing::uniform(c.plan.num_grids());
  for (double target : {0.91, 0.995}) {
    CalibrateOptions o;
    o.target = target;
    o.tolerance = 0.002;
    o.replicate.replications = 2;
    o.replicate.sim.days = 120;
    const auto r = calibrate(c.graph, c.plan, s, SimParams{}, o);
    EXPECT_TRUE(r.converged) << target;
    EXPECT_NEAR(r.achieved, target, 0.002);
    EXPECT_EQ(r.params.scales.escalation, r.value);
    // Re-running the fitted parameters gives the same rate.
    const auto check = replicate(c.graph, c.plan, s, r.params, o.replicate);
    EXPECT_NEAR(check.estimates[2].mean, r.achieved, 1e-12);
  }
  CalibrateOptions bad;
  bad.parameter = "colour";
  EXPECT_THROW((void)calibrate(c.graph, c.plan, s, SimParams{}, bad), InputError);
}
