#pragma once
// Proofs for pieces: cheap certificates that no plan exists, and a complete
// search that either finds a plan or proves there is none.
//
// Certificates (each a proof, with the numbers that make it one):
//  - a unit that lies in no connected set within the bounds: every
//    connected set holding it that reaches the minimum is above the maximum
//    (found by enumerating the connected sets below the minimum; each set
//    that reaches the minimum is some such set plus one neighbour);
//  - a cut vertex whose grid must take in every piece cut off by it that is
//    below a minimum, and reach into every piece whose total admits no whole
//    number of grids, and is then above a maximum.
//
// The complete search (pieces of up to 512 units), where the windows (connected sets within the
// bounds) number at most 200,000: an exact cover of the units by windows
// (dancing links), after removing every window whose choice, with the
// windows it forces, leaves some unit in no window (failed-window probing,
// to a fixpoint); it branches on the unit held by the fewest windows left,
// prunes residual sets whose connected components admit no whole number of
// parts and remembers residual sets that failed. With more windows: parts
// grown one at a time around the most constrained unit of the residual's
// edge, with the same pruning and memory. Both run in restarts of growing
// node limits (the first in a fixed order, later ones in random orders; the
// remembered failures hold in any order, so the last run is complete), and
// are bounded by a node budget and the clock.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "partition/common.hpp"

namespace gridgov::detail {

/// What a certificate found (all figures on attribute `attribute`).
struct Certificate {
  enum class Kind : unsigned char { none, unit_window, cut_vertex } kind = Kind::none;
  UnitIndex unit = -1;       ///< the unit (or cut vertex) it turns on
  int attribute = 0;
  double weight = 0;         ///< the unit's value
  double neighbours_min = 0, neighbours_max = 0;  ///< its neighbours' values in the piece
  double reach = 0;          ///< unit_window: lightest connected set holding it that reaches the minimum;
                             ///< cut_vertex: the least its grid can hold
  std::vector<UnitIndex> forced;  ///< cut_vertex: units its grid must hold (the pieces below a minimum)
  std::int64_t pieces_entered = 0;  ///< cut_vertex: pieces admitting no count that its grid must reach into
};

/// Certificates on a connected piece. `scratch` and `mark` are size-n
/// buffers (mark all 0 on entry and on return). The unit check runs only on
/// attributes with a unit above max - min (otherwise every unit lies in a
/// window), and without `with_cut_vertices` only when such units are at
/// least `min_heavy_share` of the piece (chunky pieces: elsewhere it waits
/// until the bisection fails); `with_cut_vertices` adds the cut-vertex
/// check (O(n + m)).
Certificate certify_piece(const UnitGraph& g, const Weights& wt, std::span<const UnitIndex> units,
                          std::vector<std::int32_t>& scratch, std::vector<std::uint8_t>& mark, bool with_cut_vertices,
                          double min_heavy_share = 0);

/// Result of the complete search.
struct ExactResult {
  enum class Status : unsigned char { found, none, undecided } status = Status::undecided;
  std::vector<std::vector<UnitIndex>> parts;  ///< the plan when found
  std::int64_t nodes = 0;
  bool time_capped = false;  ///< undecided because the wall-clock cap came before the node budget
};

/// Search nodes per second of `PartitionOptions::proof_seconds`: the
/// complete search's budget is a number of nodes (so that its verdicts are
/// the same on every run and machine), about a second's work per
/// 2,000,000 on the development machine (1.6-2 million a second measured).
inline constexpr double kProofNodesPerSecond = 2'000'000.0;
/// The wall-clock cap of the complete search, in multiples of proof_seconds:
/// only a machine many times slower stops on it (reported in a warning).
inline constexpr double kProofTimeCap = 10.0;

/// Largest piece the complete search takes.
inline constexpr std::size_t kExactMaxUnits = 512;

/// Complete search on a connected piece of at most kExactMaxUnits units.
/// `max_windows`: the most windows listed for the exact cover (0: always
/// the part-growing search). Reports progress `fraction` at stage "proof"
/// on entry and every 16,384 nodes. `node_budget` bounds the work (the
/// verdict depends on it alone); `seconds_budget` is a wall-clock cap.
/// @throws Interrupted as Clock::report.
ExactResult exact_plan(const UnitGraph& g, const Weights& wt, std::span<const UnitIndex> units,
                       std::vector<std::int32_t>& scratch, std::vector<std::uint8_t>& mark, Clock& clock,
                       std::int64_t node_budget, double seconds_budget, std::size_t max_windows = 200'000,
                       double fraction = 0);

}  // namespace gridgov::detail
