#pragma once
/// @file gridgov/partition/improve.hpp
/// @brief Local search on a plan: shorter boundaries and more even totals,
/// never breaking a rule.
///
/// Boundary units move between adjacent grids of the same nesting group. A
/// move is taken only if the unit's old grid stays connected (proved by a
/// bounded search; when the search is inconclusive the move is refused),
/// both grids stay within every bound they met before (a grid outside a
/// bound may only move towards it), and the cut-edge count falls, or stays
/// equal while the spread of totals falls. Grids holding dedicated or
/// locked units are left alone. Each pass is O(n + m); passes are bounded.

#include <cstdint>
#include <vector>

#include "gridgov/core/plan.hpp"
#include "gridgov/core/rules.hpp"
#include "gridgov/core/unit_graph.hpp"
#include "gridgov/core/validate.hpp"
#include "gridgov/partition/presets.hpp"

namespace gridgov {

/// Options of improve(). rules.rural_below_min_ok and rules.dedicated_grids
/// do not apply: improve never creates or removes a grid.
struct ImproveOptions {
  GridRules rules;
  RunControl run;
  /// Units that must not move.
  std::vector<UnitIndex> locked;
  /// Passes over all boundary units (each pass O(n + m)).
  int max_passes = effort(Preset::standard).improve_passes;
  /// Also move units between grids whose cut count stays equal when the
  /// spread of first-bound totals falls.
  bool balance = effort(Preset::standard).improve_balance;

  /// The defaults with the search settings of preset `p`.
  [[nodiscard]] static ImproveOptions preset(Preset p) {
    ImproveOptions o;
    o.max_passes = effort(p).improve_passes;
    o.balance = effort(p).improve_balance;
    return o;
  }

  template <class V>
  static void describe(V&& v) {
    v(Field{"rules", "the rules every grid keeps"}, &ImproveOptions::rules);
    v(Field{"run", "seed, time limit and progress"}, &ImproveOptions::run);
    v(Field{"locked", "units that must not move", "-"}, &ImproveOptions::locked);
    v(Field{"max_passes", "passes over the boundary units", "passes", 0.0, 1e6}, &ImproveOptions::max_passes);
    v(Field{"balance", "also even out totals where the cut count stays equal", "-"}, &ImproveOptions::balance);
  }
};

struct ImproveResult {
  Plan plan;                      ///< same grids and codes, units moved
  std::int64_t cut_edges_before = 0;
  std::int64_t cut_edges_after = 0;
  double spread_before = 0;       ///< standard deviation of first-bound totals of movable grids
  double spread_after = 0;
  std::int64_t moves = 0;         ///< accepted moves (a unit may move more than once)
  std::int64_t moved_units = 0;   ///< units whose grid differs from the input
  int passes = 0;
  bool timed_out = false;
};

/// Improves `plan` (one grid per unit; units without a grid stay so).
/// @throws InputError if plan and units differ in size or a bounds
///         attribute is missing. @throws Interrupted on cancel.
[[nodiscard]] ImproveResult improve(const UnitGraph& units, const Plan& plan, const ImproveOptions& options = {});

}  // namespace gridgov
