#pragma once
/// @file gridgov/simulate/replicate.hpp
/// @brief What-if studies: replications in parallel threads, means with
///        Student-t confidence intervals, and calibration to a target
///        resolution rate.
///
/// Replication r of a study with seed s runs simulate() with seed
/// replication_seed(s, r), whatever the thread count, so a study gives the
/// same numbers on one thread, on many, or spread over a Dask cluster
/// (examples/dask_replications.py). Comparing designs with the same seed
/// uses common random numbers: differences are paired and their intervals
/// narrow.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gridgov/simulate/simulate.hpp"

namespace gridgov {

/// The seed of replication r (splitmix64 of seed and r).
[[nodiscard]] std::uint64_t replication_seed(std::uint64_t seed, std::uint64_t r) noexcept;

/// Two-sided Student t quantile t_{1-alpha/2, df} with alpha = 1 - confidence
/// (Boost.Math; relative error about 1e-14 or less for confidence >= 0.1).
/// @throws InputError unless 0 < confidence < 1 and df >= 1.
[[nodiscard]] double student_t_quantile(double confidence, int df);

/// A mean with its confidence interval.
struct Estimate {
  double mean = 0, sd = 0, low = 0, high = 0;  ///< sd: sample standard deviation
  int n = 0;
};
/// Mean and Student-t interval of a sample (n = 1: low = high = mean).
[[nodiscard]] Estimate estimate(std::span<const double> sample, double confidence = 0.95);

/// The scalar metrics summarised across replications, in this order.
[[nodiscard]] const std::vector<std::string>& sim_metric_names();
/// The values of sim_metric_names() for one run: received, resolved,
/// resolution_rate, on_time_rate, grid_share, resolved_<level> (shares of
/// received), unresolved_share, open_share, timeout_share,
/// mean_resolution_days, p50/p90/p95 resolution days, mean utilisation,
/// max utilisation, per channel and per type resolution rates.
[[nodiscard]] std::vector<double> sim_metrics(const SimResult& r);

struct ReplicateOptions {
  int replications = 10;
  int threads = 0;             ///< 0: hardware concurrency (at most `replications`)
  double confidence = 0.95;
  SimOptions sim;              ///< days, drain, seed (the study seed), progress
  bool keep_runs = true;       ///< keep every SimResult (per-grid and daily detail)
};

struct ReplicationSummary {
  std::vector<std::string> metrics;          ///< sim_metric_names()
  std::vector<std::vector<double>> samples;  ///< [replication][metric]
  std::vector<Estimate> estimates;           ///< per metric
  /// Per day: mean and interval of the backlog, arrivals and resolved.
  std::vector<Estimate> daily_backlog, daily_arrivals, daily_resolved;
  /// Per grid: mean utilisation and grid share across replications.
  std::vector<Estimate> grid_utilisation, grid_share;
  std::vector<SimResult> runs;               ///< empty unless keep_runs
  double seconds = 0;
  std::int64_t events = 0;
};

/// Runs options.replications replications in parallel threads.
/// progress (in options.sim) is called from the calling thread only.
/// @throws InputError, Interrupted
[[nodiscard]] ReplicationSummary replicate(const UnitGraph& graph, const Plan& plan, const Staffing& staffing,
                                           const SimParams& params, const ReplicateOptions& options = {});

/// Summarises runs made elsewhere (a Dask cluster) exactly as replicate().
[[nodiscard]] ReplicationSummary summarize_runs(std::vector<SimResult> runs, double confidence = 0.95,
                                                bool keep_runs = true);

/// Knobs calibrate() can turn.
/// - "escalation_scale": every escalation share times x (resolution rate falls as x grows)
/// - "rate_scale": arrivals times x (more load, more timeouts)
/// - "service_scale": service times times x
/// - "grid_patience_hours": patience of the grid queue
/// - "district_resolve": the district's resolve share of every type set to x
struct CalibrateOptions {
  double target = 0.91;                 ///< target resolution rate
  std::string parameter = "escalation_scale";
  double low = 0.0, high = 0.0;         ///< bracket; 0,0: chosen per parameter and widened as needed
  double tolerance = 0.002;             ///< |achieved - target| to stop
  int max_iterations = 40;
  ReplicateOptions replicate;           ///< replications per evaluation (common random numbers)
};

struct CalibrationResult {
  SimParams params;           ///< the input with the fitted value set
  std::string parameter;
  double value = 0;
  double achieved = 0;        ///< mean resolution rate at `value`
  bool converged = false;     ///< within tolerance
  int iterations = 0;
  std::vector<std::pair<double, double>> trace;  ///< (value, rate) evaluated
};

/// Bisection on one knob until the mean resolution rate over the
/// replications is within tolerance of the target.
/// @throws InputError on an unknown parameter or a target outside (0, 1].
[[nodiscard]] CalibrationResult calibrate(const UnitGraph& graph, const Plan& plan, const Staffing& staffing,
                                          const SimParams& params, const CalibrateOptions& options);

/// Sets a calibration knob (see CalibrateOptions) on a copy of params.
[[nodiscard]] SimParams with_knob(const SimParams& params, const std::string& knob, double value);

}  // namespace gridgov
