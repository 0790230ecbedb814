#pragma once
/// @file gridgov/workload/balanced.hpp
/// @brief Workload-balanced grids: partition with bounds on households and
/// on workload hours at once.
///
/// The per-unit workload column (routine + special + events + the additive
/// travel proxy, see workload.hpp) is added to the graph as "workload" and
/// partition() is called with both bounds, so every guarantee of partition()
/// holds (contiguity, nesting, exact bound checks, dedicated and locked
/// grids, infeasibility reports). The grid-level admin hours are a constant
/// per grid and are subtracted from the workload bounds.

#include <vector>

#include "gridgov/workload/fairness.hpp"
#include "gridgov/partition/partition.hpp"
#include "gridgov/workload/workload.hpp"

namespace gridgov {

struct BalancedOptions {
  /// Households bounds, nesting, seed, ... The "workload" bound is appended.
  PartitionOptions partition;
  /// Workload bounds per grid in hours per week, admin included. With
  /// workload_max = 0 they are automatic: the city's mean workload per
  /// household times the households target (partition.target_size, or the
  /// middle of the first bound), times (1 - tolerance) and (1 + tolerance).
  double workload_min = 0;
  double workload_max = 0;
  double tolerance = 0.25;
  /// Also draw the households-only partition (same options) and report its
  /// workload spread for comparison.
  bool compare = true;

  /// The defaults with the partition's search settings of preset `p`.
  [[nodiscard]] static BalancedOptions preset(Preset p) {
    BalancedOptions o;
    o.partition = PartitionOptions::preset(p);
    return o;
  }

  template <class V>
  static void describe(V&& v) {
    v(Field{"partition", "households bounds, nesting, seed, ... (the workload bound is appended)"},
      &BalancedOptions::partition);
    v(Field{"workload_min", "lowest workload per grid, hours per week (0 with workload_max 0: automatic)", nullptr, 0.0},
      &BalancedOptions::workload_min);
    v(Field{"workload_max", "highest workload per grid, hours per week (0 = automatic)", nullptr, 0.0},
      &BalancedOptions::workload_max);
    v(Field{"tolerance", "automatic workload bounds: the target times 1 -/+ tolerance", "workload-tolerance", 0.0, 1.0},
      &BalancedOptions::tolerance);
    v(Field{"compare", "also draw the households-only partition for comparison", "-"}, &BalancedOptions::compare);
  }
};

struct BalancedResult {
  PartitionResult result;            ///< the workload-balanced partition
  Bounds workload_bounds;            ///< hours per grid, admin included
  std::vector<double> unit_workload; ///< #n, the column used (admin excluded)
  std::vector<double> grid_workload; ///< #k model totals of the balanced grids (workload.hpp)
  FairnessStats balanced;            ///< of grid_workload
  std::int64_t grids_within_both = 0;  ///< grids within the households and workload bounds
  /// Households-only partition (when compare): its plan, grid workloads, spread.
  Plan households_only;
  std::vector<double> households_only_workload;
  FairnessStats households_only_stats;
  std::int64_t households_only_within_both = 0;
};

/// @throws InputError on missing columns or bad bounds; Interrupted on cancel.
[[nodiscard]] BalancedResult balanced_partition(const UnitGraph& units, const WorkloadConfig& config = {},
                                                const BalancedOptions& options = {});

}  // namespace gridgov
