// Replications in parallel threads and their confidence intervals.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <mutex>
#include <string>
#include <thread>

#include <boost/math/distributions/students_t.hpp>

#include "gridgov/core/format.hpp"
#include "gridgov/core/error.hpp"
#include "gridgov/core/format.hpp"
#include "gridgov/io/csv.hpp"
#include "simulate/sampling.hpp"
#include "gridgov/simulate/replicate.hpp"

namespace gridgov {

namespace {

// Boost.Math reports a domain, pole, overflow or evaluation error by
// throwing (named here, so a project-wide BOOST_MATH_*_POLICY cannot turn
// them into silent NaNs); student_t_quantile() turns any of them into a
// gridgov::Error. Underflow and denormals return 0 or the denormal as usual.
using TPolicy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::throw_on_error>,
    boost::math::policies::pole_error<boost::math::policies::throw_on_error>,
    boost::math::policies::overflow_error<boost::math::policies::throw_on_error>,
    boost::math::policies::evaluation_error<boost::math::policies::throw_on_error>>;

}  // namespace

std::uint64_t replication_seed(std::uint64_t seed, std::uint64_t r) noexcept { return sim::mix(seed ^ 0x5eedULL, r); }

double student_t_quantile(double confidence, int df) {
  if (!(confidence > 0 && confidence < 1))
    throw InputError("confidence", 0, format_number(confidence) + " must be inside (0, 1)");
  if (df < 1) throw InputError("df", 0, std::to_string(df) + " must be >= 1");
  // t_{1-alpha/2}: the upper alpha/2 tail, taken as a complement so that a
  // confidence near 1 keeps its digits (1 - confidence is exact there).
  const double tail = (1.0 - confidence) / 2.0;
  try {
    const boost::math::students_t_distribution<double, TPolicy> t(static_cast<double>(df));
    return boost::math::quantile(boost::math::complement(t, tail));
  } catch (const std::exception& e) {
    throw Error("student_t_quantile(" + format_number(confidence) + ", " + std::to_string(df) + "): " + e.what());
  }
}

Estimate estimate(std::span<const double> sample, double confidence) {
  Estimate e;
  e.n = static_cast<int>(sample.size());
  if (e.n == 0) return e;
  double sum = 0;
  for (double v : sample) sum += v;
  e.mean = sum / e.n;
  e.low = e.high = e.mean;
  if (e.n < 2) return e;
  double ss = 0;
  for (double v : sample) ss += (v - e.mean) * (v - e.mean);
  e.sd = std::sqrt(ss / (e.n - 1));
  const double half = student_t_quantile(confidence, e.n - 1) * e.sd / std::sqrt(static_cast<double>(e.n));
  e.low = e.mean - half;
  e.high = e.mean + half;
  return e;
}

const std::vector<std::string>& sim_metric_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v = {"received",         "resolved",        "resolution_rate", "on_time_rate",
                                  "grid_share",       "community_share", "street_share",    "district_share",
                                  "unresolved_share", "open_share",      "timeout_share",   "mean_resolution_days",
                                  "p50_days",         "p90_days",        "p95_days",        "mean_utilisation",
                                  "max_utilisation",  "mean_wait_hours"};
    for (int c = 0; c < kChannels; ++c) v.push_back("resolution_rate." + std::string(channel_name(static_cast<Channel>(c))));
    for (int t = 0; t < kEventTypes; ++t) {
      v.push_back("resolution_rate." + std::string(event_type_name(static_cast<EventType>(t))));
      v.push_back("on_time_rate." + std::string(event_type_name(static_cast<EventType>(t))));
    }
    return v;
  }();
  return names;
}

std::vector<double> sim_metrics(const SimResult& r) {
  const auto& t = r.total;
  const double rec = t.received > 0 ? static_cast<double>(t.received) : 1.0;
  double util_sum = 0, util_max = 0, wait_sum = 0;
  int staffed = 0;
  for (std::size_t q = 0; q < r.utilisation.size(); ++q) {
    if (r.capacity_hours[q] <= 0) continue;
    ++staffed;
    util_sum += r.utilisation[q];
    util_max = std::max(util_max, r.utilisation[q]);
    wait_sum += r.mean_wait_hours[q];
  }
  std::vector<double> v = {static_cast<double>(t.received),
                           static_cast<double>(t.resolved_total()),
                           t.resolution_rate(),
                           t.on_time_rate(),
                           t.grid_share(),
                           static_cast<double>(t.resolved[1]) / rec,
                           static_cast<double>(t.resolved[2]) / rec,
                           static_cast<double>(t.resolved[3]) / rec,
                           static_cast<double>(t.unresolved) / rec,
                           static_cast<double>(t.open) / rec,
                           static_cast<double>(t.timeouts) / rec,
                           t.mean_resolution_days(),
                           r.quantile_p50,
                           r.quantile_p90,
                           r.quantile_p95,
                           staffed > 0 ? util_sum / staffed : 0.0,
                           util_max,
                           staffed > 0 ? wait_sum / staffed : 0.0};
  for (const auto& c : r.channels) v.push_back(c.resolution_rate());
  for (const auto& ty : r.types) {
    v.push_back(ty.resolution_rate());
    v.push_back(ty.on_time_rate());
  }
  return v;
}

ReplicationSummary summarize_runs(std::vector<SimResult> runs, double confidence, bool keep_runs) {
  ReplicationSummary s;
  s.metrics = sim_metric_names();
  const std::size_t m = s.metrics.size();
  for (const auto& r : runs) {
    s.samples.push_back(sim_metrics(r));
    s.events += r.events;
  }
  std::vector<double> col(runs.size());
  for (std::size_t j = 0; j < m; ++j) {
    for (std::size_t i = 0; i < runs.size(); ++i) col[i] = s.samples[i][j];
    s.estimates.push_back(estimate(col, confidence));
  }
  if (!runs.empty()) {
    const auto days = runs[0].daily_backlog.size();
    const auto grids = runs[0].grids.size();
    bool same = true;
    for (const auto& r : runs) same = same && r.daily_backlog.size() == days && r.grids.size() == grids;
    if (!same) throw InputError("summarize_runs", 0, "runs differ in days or grids");
    auto series = [&](auto member, std::vector<Estimate>& out) {
      out.resize(days);
      for (std::size_t d = 0; d < days; ++d) {
        for (std::size_t i = 0; i < runs.size(); ++i) col[i] = static_cast<double>((runs[i].*member)[d]);
        out[d] = estimate(col, confidence);
      }
    };
    series(&SimResult::daily_backlog, s.daily_backlog);
    series(&SimResult::daily_arrivals, s.daily_arrivals);
    series(&SimResult::daily_resolved, s.daily_resolved);
    s.grid_utilisation.resize(grids);
    s.grid_share.resize(grids);
    for (std::size_t q = 0; q < grids; ++q) {
      for (std::size_t i = 0; i < runs.size(); ++i) col[i] = runs[i].utilisation[q];
      s.grid_utilisation[q] = estimate(col, confidence);
      for (std::size_t i = 0; i < runs.size(); ++i) col[i] = runs[i].grids[q].grid_share();
      s.grid_share[q] = estimate(col, confidence);
    }
  }
  if (keep_runs) s.runs = std::move(runs);
  return s;
}

ReplicationSummary replicate(const UnitGraph& graph, const Plan& plan, const Staffing& staffing, const SimParams& params,
                             const ReplicateOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  if (options.replications < 1)
    throw InputError("replicate", 0, "replications: " + std::to_string(options.replications) + " must be >= 1");
  if (!(options.confidence > 0 && options.confidence < 1))
    throw InputError("replicate", 0, "confidence: must be inside (0, 1)");
  // Check the inputs once, on this thread, so errors are not raised R times.
  params.validate();
  staffing.validate(plan.num_grids());
  const int reps = options.replications;
  int threads = options.threads > 0 ? options.threads : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  threads = std::min(threads, reps);

  std::vector<SimResult> runs(static_cast<std::size_t>(reps));
  std::vector<std::atomic<double>> partial(static_cast<std::size_t>(reps));
  for (auto& p : partial) p.store(0.0);
  std::atomic<int> next{0}, finished{0};
  std::atomic<bool> cancel{false};
  std::exception_ptr error;
  std::mutex error_mutex;

  auto worker = [&] {
    for (;;) {
      const int r = next.fetch_add(1);
      if (r >= reps || cancel.load()) return;
      SimOptions o = options.sim;
      o.seed = replication_seed(options.sim.seed, static_cast<std::uint64_t>(r));
      auto& mine = partial[static_cast<std::size_t>(r)];
      o.progress = [&cancel, &mine](double f, std::string_view) {
        mine.store(f, std::memory_order_relaxed);
        return !cancel.load(std::memory_order_relaxed);
      };
      try {
        runs[static_cast<std::size_t>(r)] = simulate(graph, plan, staffing, params, o);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error && !cancel.load()) error = std::current_exception();
        cancel.store(true);
        return;
      }
      mine.store(1.0);
      finished.fetch_add(1);
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads));
  for (int i = 0; i < threads; ++i) pool.emplace_back(worker);
  bool user_cancel = false;
  if (options.sim.progress) {
    while (finished.load() < reps && !cancel.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      double f = 0;
      for (const auto& p : partial) f += p.load(std::memory_order_relaxed);
      if (!options.sim.progress(std::min(1.0, f / reps), "replicate")) {
        user_cancel = true;
        cancel.store(true);
      }
    }
  }
  for (auto& t : pool) t.join();
  if (user_cancel) throw Interrupted();
  if (error) std::rethrow_exception(error);
  if (options.sim.progress && !options.sim.progress(1.0, "replicate")) throw Interrupted();
  auto s = summarize_runs(std::move(runs), options.confidence, options.keep_runs);
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return s;
}

}  // namespace gridgov
