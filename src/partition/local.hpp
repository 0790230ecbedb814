#pragma once
// Boundary local search: moves single units between adjacent grids while
// keeping every grid connected (proved by a bounded BFS) and nested.
#include <cstdint>
#include <vector>

#include "partition/common.hpp"

namespace gridgov::detail {

class LocalSearch {
 public:
  /// grid_of is modified in place; k grids; group_of per unit (nesting);
  /// nested = false lets units move between any adjacent grids.
  LocalSearch(const UnitGraph& g, const Weights& wt, std::vector<GridIndex>& grid_of, GridIndex k,
              const std::vector<std::int32_t>& group_of, bool nested);

  std::vector<std::uint8_t> grid_movable;  ///< #k, 1 = may gain or lose units
  std::vector<std::uint8_t> unit_movable;  ///< #n
  std::vector<double> gw;                  ///< #k*A totals
  std::vector<std::int32_t> gsize;         ///< #k
  std::vector<std::int32_t> ggroup;        ///< #k group, -1 when mixed

  /// One pass lowering the cut count (and, with balance, the spread of the
  /// first attribute at equal cut) without any grid's violation growing.
  std::int64_t cut_pass(bool balance, bool reverse);
  /// One pass lowering the total bound violation.
  std::int64_t repair_pass();
  /// True if grid_of[u] stays connected without u (bounded search; false
  /// when inconclusive).
  bool removable(UnitIndex u, int budget = 96);
  void move(UnitIndex u, GridIndex to);
  /// Appends an empty movable grid of `group`; returns its index.
  GridIndex add_grid(std::int32_t group);
  /// Violation of grid q (sum over attributes, relative).
  [[nodiscard]] double grid_violation(GridIndex q) const;
  [[nodiscard]] std::int64_t cut_edges() const;
  /// Would moving u (weights of u) from A to B keep each grid's violation
  /// from growing on every attribute?
  [[nodiscard]] bool bounds_ok(UnitIndex u, GridIndex from, GridIndex to) const;
  [[nodiscard]] bool group_ok(UnitIndex u, GridIndex to) const {
    return !nested_ || ggroup[sz(to)] == group_of_[sz(u)];
  }

  std::int64_t moves = 0;

 private:
  void neighbor_grids(UnitIndex u, GridIndex own, std::int32_t& n_own);

  const UnitGraph& g_;
  const Weights& wt_;
  std::vector<GridIndex>& grid_of_;
  const std::vector<std::int32_t>& group_of_;
  bool nested_;
  std::size_t A_;
  std::vector<std::int32_t> stamp_;
  std::int32_t cur_ = 0;
  std::vector<UnitIndex> queue_;
  std::vector<std::pair<GridIndex, std::int32_t>> nb_;  // neighbour grids with edge counts
  // 1 = every neighbour was in the unit's own grid when cut_pass last looked
  // and none has moved since: the next pass can skip it without a scan.
  std::vector<std::uint8_t> interior_;
  // 1 = cut_pass found no move for the unit and no neighbour has moved
  // since: later passes skip it. A move that only a change in some grid's
  // totals would now allow is left undone (at 200,000 units this halves the
  // polish work for a mean cut-edge ratio 0.004 higher).
  std::vector<std::uint8_t> settled_;
};

}  // namespace gridgov::detail
