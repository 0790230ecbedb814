#pragma once
/// @file gridgov/ensemble/outcomes.hpp
/// @brief Service outcomes across an ensemble of plans: how much the grid
/// design itself changes simulated resolution and on-time rates.
///
/// Every plan (the given one and each sampled ensemble plan) is simulated
/// with the same parameters, the same staffing per grid and the same
/// replication seeds (common random numbers), so differences come from the
/// plans.

#include <cstdint>
#include <string>
#include <vector>

#include "gridgov/core/plan.hpp"
#include "gridgov/core/unit_graph.hpp"
#include "gridgov/simulate/params.hpp"
#include "gridgov/simulate/replicate.hpp"
#include "gridgov/simulate/simulate.hpp"

namespace gridgov {

/// One plan's simulated outcome (means over replications).
struct PlanOutcome {
  std::int32_t chain = -1;  ///< -1 for the given plan
  std::int64_t step = 0;
  Estimate resolution_rate, on_time_rate, grid_share;
};

struct EnsembleOutcomes {
  PlanOutcome given;
  std::vector<PlanOutcome> plans;  ///< one per sampled plan, in the order given
  /// The given plan's percentile among the sampled plans' mean rates
  /// (share below plus half the share equal).
  double resolution_percentile = 0, on_time_percentile = 0, grid_share_percentile = 0;
  /// Spread of the plans' mean rates (standard deviation across plans):
  /// the part of the outcome that the grid design moves.
  double resolution_sd_across_plans = 0, on_time_sd_across_plans = 0;
  /// Mean standard deviation across replications within a plan (noise).
  double resolution_sd_within_plan = 0, on_time_sd_within_plan = 0;
};

/// Simulates `given` and every plan of `plans` (same grids, same staffing).
/// `chains`/`steps` label the plans (may be empty).
/// @throws InputError (sizes, staffing), Interrupted.
[[nodiscard]] EnsembleOutcomes simulate_plans(const UnitGraph& graph, const Plan& given, const std::vector<Plan>& plans,
                                              const Staffing& staffing, const SimParams& params,
                                              const ReplicateOptions& options,
                                              const std::vector<std::int32_t>& chains = {},
                                              const std::vector<std::int64_t>& steps = {});

/// The outcomes as JSON.
[[nodiscard]] std::string to_json(const EnsembleOutcomes& outcomes, int indent = 2);

}  // namespace gridgov
