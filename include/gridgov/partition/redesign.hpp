#pragma once
/// @file gridgov/partition/redesign.hpp
/// @brief Repairing an existing plan after the units changed, moving as few
/// households as possible.
///
/// Steps: grids split by a new community boundary or cut in pieces keep
/// their largest part; dedicated units and units above an upper bound get
/// grids of their own; new and orphaned units join an adjacent grid of
/// their community; then every grid outside a bound is repaired by the
/// cheapest of: shifting boundary units to or from neighbours with slack
/// (also along chains of grids), splitting it (the larger part keeps the
/// code), merging it into a neighbour, and, only as a last resort,
/// re-partitioning it with its neighbours. Unchanged grids keep their codes;
/// new grids get the next free sequence in their community.

#include <cstdint>
#include <string>
#include <vector>

#include "gridgov/partition/partition.hpp"
#include "gridgov/core/plan.hpp"
#include "gridgov/core/rules.hpp"
#include "gridgov/core/unit_graph.hpp"
#include "gridgov/core/validate.hpp"
#include "gridgov/partition/presets.hpp"

namespace gridgov {

/// Options of redesign().
struct RedesignOptions {
  GridRules rules;
  RunControl run;
  /// The attribute whose moved amount is minimised and reported.
  std::string moved_attribute = "households";
  /// Also shorten boundaries of the grids that changed anyway (never
  /// touches an unchanged grid).
  bool polish = effort(Preset::standard).redesign_polish;

  /// The defaults with the search settings of preset `p`.
  [[nodiscard]] static RedesignOptions preset(Preset p) {
    RedesignOptions o;
    o.polish = effort(p).redesign_polish;
    return o;
  }

  template <class V>
  static void describe(V&& v) {
    v(Field{"rules", "the rules every grid keeps"}, &RedesignOptions::rules);
    v(Field{"run", "seed, time limit and progress"}, &RedesignOptions::run);
    v(Field{"moved_attribute", "the attribute whose moved amount is minimised and reported"},
      &RedesignOptions::moved_attribute);
    v(Field{"polish", "also shorten the boundaries of grids that changed anyway"}, &RedesignOptions::polish);
  }
};

/// One unit whose grid changed (or a new unit placed: old_grid empty).
struct Move {
  UnitIndex unit = 0;
  std::string old_grid;
  std::string new_grid;
  double households = 0;  ///< the moved_attribute value of the unit
};

struct RedesignResult {
  Plan plan;
  std::vector<GridInfo> grids;             ///< parallel to plan.grid_codes
  std::vector<Move> moves;                 ///< moved and newly placed units
  std::int64_t moved_units = 0;            ///< units that had a grid and changed it
  double moved_households = 0;             ///< their moved_attribute total
  std::int64_t placed_units = 0;           ///< units without an old grid
  std::vector<std::string> kept_grids;     ///< codes whose units are unchanged
  std::vector<std::string> changed_grids;  ///< old codes kept with different units
  std::vector<std::string> new_grids;      ///< codes not in the old plan
  std::vector<std::string> removed_grids;  ///< old codes no longer used
  std::vector<Infeasibility> infeasible;
  std::vector<std::string> warnings;
  double seconds = 0;
  [[nodiscard]] bool valid() const noexcept { return infeasible.empty(); }
};

/// Repairs `old` for the `updated` units. `old.grid_of` is indexed by the
/// units of `updated` (kNoGrid for new units).
/// @throws InputError if sizes differ or a bounds attribute is missing.
/// @throws Interrupted on cancel.
[[nodiscard]] RedesignResult redesign(const UnitGraph& updated, const Plan& old, const RedesignOptions& options = {});

/// Households (or `attribute`) a change from plan `a` to plan `b` moves
/// when the grids of `b` are matched to those of `a` by largest overlap
/// (each grid of `a` to at most one of `b`). Used to compare redesign with a
/// fresh partition. O(n log n).
[[nodiscard]] double moved_by_overlap(const UnitGraph& units, const Plan& a, const Plan& b,
                                      const std::string& attribute = "households");

}  // namespace gridgov
