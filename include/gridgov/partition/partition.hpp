#pragma once
/// @file gridgov/partition/partition.hpp
/// @brief Drawing grids: contiguous, nested, within bounds on one or several
/// attributes, with locked units and dedicated grids.
///
/// Algorithm (see src/partition*.cpp): units are grouped by nesting level
/// (community, street or none); locked units, dedicated units and units
/// that alone exceed an upper bound become fixed grids; every remaining
/// connected piece gets a grid count k from the bounds (or the targets) and
/// is split by recursive bisection on sweep-line spanning trees (subtrees
/// are the connected components of a half-plane, so every cut leaves both
/// sides connected and is nearly straight). A cut is taken only if both
/// sides can still be split into grids within every bound (a necessary
/// condition checked exactly on the totals); random spanning trees and
/// other grid counts are tried. Before any search a certificate looks for a
/// unit in no connected window of the bounds; where the bisection fails, a
/// cut-vertex certificate and then a complete search (src/partition/exact.hpp,
/// PartitionOptions::proof_seconds) find a plan or prove there is none; a
/// piece neither planned nor proven is reported as search_failed. A local
/// search then shortens the boundaries. Every loop is bounded and the time
/// limit is checked throughout.
///
/// Complexity: O(n log n log k) time, O(n + m) memory.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "gridgov/core/plan.hpp"
#include "gridgov/core/rules.hpp"
#include "gridgov/core/unit_graph.hpp"
#include "gridgov/core/validate.hpp"
#include "gridgov/partition/presets.hpp"

namespace gridgov {

/// A unit kept in a given grid (the grid label is used as its code).
struct LockedUnit {
  UnitIndex unit = 0;
  std::string grid;

  template <class V>
  static void describe(V&& v) {
    v(Field{"unit", "unit index"}, &LockedUnit::unit);
    v(Field{"grid", "grid label"}, &LockedUnit::grid);
  }
};

/// Options of partition(). Defaults: the default GridRules (households
/// 300..500, nested in communities), automatic grid counts and the search
/// settings of Preset::standard (gridgov/partition/presets.hpp).
struct PartitionOptions {
  GridRules rules;
  RunControl run;
  /// Total number of grids wanted (0 = automatic). Spread over the pieces in
  /// proportion to their first-bound totals, clamped to each piece's
  /// feasible range.
  std::int64_t target_grids = 0;
  /// Grids wanted per community code (overrides target_grids there).
  std::map<std::string, std::int64_t> community_targets;
  /// First-bound total aimed at per grid when the count is automatic;
  /// 0 = the middle of the first bound.
  double target_size = 0;
  /// Units kept in given grids (the grid is exactly these units).
  std::vector<LockedUnit> locked;
  /// 0 = prefer balance, 1 = prefer short boundaries (fewer cut edges).
  double compactness = effort(Preset::standard).compactness;
  /// Passes of the boundary local search after the split (0 = none).
  int polish_passes = effort(Preset::standard).polish_passes;
  /// Work the complete search may spend on each piece (of up to 512 units)
  /// where the heuristic split fails, in seconds of the development
  /// machine: a budget of 2,000,000 search nodes a second, so that the same
  /// input and seed give the same verdict on every run and machine (a
  /// wall-clock cap of 10x stops it on a far slower machine, with a
  /// warning). It finds a plan or proves there is none (0 = no complete
  /// search; the time limit still applies).
  double proof_seconds = 1.0;

  /// The defaults with the search settings of preset `p`.
  [[nodiscard]] static PartitionOptions preset(Preset p) {
    PartitionOptions o;
    o.compactness = effort(p).compactness;
    o.polish_passes = effort(p).polish_passes;
    return o;
  }

  template <class V>
  static void describe(V&& v) {
    v(Field{"rules", "the rules every grid keeps"}, &PartitionOptions::rules);
    v(Field{"run", "seed, time limit and progress"}, &PartitionOptions::run);
    v(Field{"target_grids", "total number of grids wanted (0 = from the bounds)", "grids", 0.0},
      &PartitionOptions::target_grids);
    v(Field{"community_targets", "grids wanted per community code (overrides target_grids there)", "-"},
      &PartitionOptions::community_targets);
    v(Field{"target_size", "first-bound total aimed at per grid (0 = the middle of the bounds)", nullptr, 0.0},
      &PartitionOptions::target_size);
    v(Field{"locked", "units kept in given grids", "-"}, &PartitionOptions::locked);
    v(Field{"compactness", "0 = prefer balance, 1 = prefer short boundaries", nullptr, 0.0, 1.0},
      &PartitionOptions::compactness);
    v(Field{"polish_passes", "passes of the boundary local search after the split (0 = none)", "-", 0.0, 1000.0},
      &PartitionOptions::polish_passes);
    v(Field{"proof_seconds", "complete search per piece the heuristic fails on, as a work budget: about seconds, 2 million nodes each, the same verdict on any machine (0 = none)", nullptr, 0.0, kFiniteMax},
      &PartitionOptions::proof_seconds);
  }
};

/// How a grid came to be.
enum class GridKind : unsigned char {
  drawn = 0,      ///< drawn by the algorithm
  locked,         ///< given by PartitionOptions::locked
  dedicated,      ///< a connected group of dedicated units
  oversized_unit  ///< one unit above an upper bound
};

template <>
struct EnumNames<GridKind> {
  static constexpr std::string_view what = "grid kind";
  static constexpr std::array<std::pair<GridKind, std::string_view>, 4> values{{{GridKind::drawn, "drawn"},
                                                                               {GridKind::locked, "locked"},
                                                                               {GridKind::dedicated, "dedicated"},
                                                                               {GridKind::oversized_unit, "oversized_unit"}}};
};

/// Why a piece has no plan within the rules, or none was found.
enum class InfeasibilityKind : unsigned char {
  unit_above_max = 0,            ///< one unit alone exceeds an upper bound
  community_below_min,           ///< a whole community is below a lower bound
  street_below_min,              ///< a whole street is below a lower bound (street nesting)
  disconnected_piece_below_min,  ///< a piece cut off from the rest is below a lower bound
  no_feasible_count,             ///< no whole number of grids fits the piece's totals
  search_failed,                 ///< the totals allow a plan but the search found none (not a proof)
  locked_grid_invalid,           ///< locked units that break a rule
  repair_failed,                 ///< redesign found no repair within the bounds (not a proof)
  unit_fits_no_grid,             ///< a unit lies in no connected set within the bounds (a proof, with a witness)
  cut_vertex_obstruction,        ///< the grid of a cut vertex must hold more than a maximum (a proof, with a witness)
  no_plan_exists,                ///< the complete search proved that the piece has no plan
};

/// True for the kinds that prove there is no plan (all but search_failed
/// and repair_failed, which only say none was found).
[[nodiscard]] constexpr bool is_proof(InfeasibilityKind k) noexcept {
  return k != InfeasibilityKind::search_failed && k != InfeasibilityKind::repair_failed;
}

template <>
struct EnumNames<InfeasibilityKind> {
  static constexpr std::string_view what = "infeasibility kind";
  static constexpr std::array<std::pair<InfeasibilityKind, std::string_view>, 11> values{
      {{InfeasibilityKind::unit_above_max, "unit_above_max"},
       {InfeasibilityKind::community_below_min, "community_below_min"},
       {InfeasibilityKind::street_below_min, "street_below_min"},
       {InfeasibilityKind::disconnected_piece_below_min, "disconnected_piece_below_min"},
       {InfeasibilityKind::no_feasible_count, "no_feasible_count"},
       {InfeasibilityKind::search_failed, "search_failed"},
       {InfeasibilityKind::locked_grid_invalid, "locked_grid_invalid"},
       {InfeasibilityKind::repair_failed, "repair_failed"},
       {InfeasibilityKind::unit_fits_no_grid, "unit_fits_no_grid"},
       {InfeasibilityKind::cut_vertex_obstruction, "cut_vertex_obstruction"},
       {InfeasibilityKind::no_plan_exists, "no_plan_exists"}}};
};

/// Per-grid flags, parallel to Plan::grid_codes.
struct GridInfo {
  GridKind kind = GridKind::drawn;
  std::int32_t community = -1;   ///< community index of its units, -1 if several
  std::int32_t units = 0;
  std::vector<double> totals;    ///< per GridRules::bounds attribute
  bool within_bounds = true;     ///< every bound met (dedicated grids: true)
  bool flagged = false;          ///< part of an infeasibility
  /// How far each total is from its bounds, per GridRules::bounds
  /// attribute: 0 within, total - max above (> 0), total - min below (< 0).
  std::vector<double> off_bounds;
};

/// The numbers that prove a unit_fits_no_grid or cut_vertex_obstruction.
struct InfeasibilityWitness {
  UnitIndex unit = -1;          ///< the unit the proof turns on, -1 if none
  std::string attribute;        ///< the bound attribute of the numbers below
  double weight = 0;            ///< the unit's value
  double neighbours_min = 0;    ///< least value among its neighbours in the piece
  double neighbours_max = 0;    ///< greatest value among its neighbours in the piece
  /// unit_fits_no_grid: the lightest connected set holding the unit that
  /// reaches the minimum (above the maximum); cut_vertex_obstruction: the
  /// least the grid holding the unit must hold (above the maximum).
  double reach = 0;
};

/// Why no plan within the rules exists (or none was found) somewhere.
struct Infeasibility {
  InfeasibilityKind kind = InfeasibilityKind::search_failed;
  std::string community;            ///< community (or street) code, or ""
  std::vector<UnitIndex> units;     ///< the units involved (may be truncated to 1000)
  std::string reason;               ///< one sentence
  InfeasibilityWitness witness = {};  ///< for the kinds proven by a witness unit
  /// True when the kind is a proof (is_proof): "proven_infeasible", else
  /// "undecided" (no plan was found, none was ruled out).
  [[nodiscard]] bool proven() const noexcept { return is_proof(kind); }
};

struct PartitionStats {
  std::int64_t pieces = 0;          ///< connected pieces split
  std::int64_t splits = 0;          ///< bisections taken
  std::int64_t retries = 0;         ///< pieces that needed a second strategy
  std::int64_t polish_moves = 0;
  std::int64_t pieces_proven_infeasible = 0;  ///< pieces with a proof that no plan exists
  std::int64_t pieces_undecided = 0;          ///< pieces neither planned within the bounds nor proven infeasible
  std::int64_t pieces_by_search = 0;          ///< pieces the complete search decided (plan or proof)
  double seconds = 0;
  bool timed_out = false;

  template <class V>
  static void describe(V&& v) {
    v(Field{"seconds", "wall-clock seconds"}, &PartitionStats::seconds);
    v(Field{"pieces", "connected pieces split"}, &PartitionStats::pieces);
    v(Field{"splits", "bisections taken"}, &PartitionStats::splits);
    v(Field{"retries", "pieces that needed a second strategy"}, &PartitionStats::retries);
    v(Field{"polish_moves", "moves of the boundary local search"}, &PartitionStats::polish_moves);
    v(Field{"pieces_proven_infeasible", "pieces with a proof that no plan exists"},
      &PartitionStats::pieces_proven_infeasible);
    v(Field{"pieces_undecided", "pieces neither planned within the bounds nor proven infeasible"},
      &PartitionStats::pieces_undecided);
    v(Field{"pieces_by_search", "pieces the complete search decided (plan or proof)"},
      &PartitionStats::pieces_by_search);
    v(Field{"timed_out", "the time limit was reached"}, &PartitionStats::timed_out);
  }
};

struct PartitionResult {
  Plan plan;
  std::vector<GridInfo> grids;      ///< #k, parallel to plan.grid_codes
  std::vector<Infeasibility> infeasible;
  std::vector<std::string> warnings;
  PartitionStats stats;
  /// True when no infeasibility was found and every grid is within bounds.
  [[nodiscard]] bool valid() const noexcept { return infeasible.empty(); }
};

/// Partitions the units into grids.
/// Grid codes: community code + 3-digit sequence (15 digits) when the
/// community label is a 12-digit code, numbered west to east in rows from
/// north to south by centroid; otherwise "<community>-<seq>".
/// @throws InputError if a bounds attribute is missing or bounds are
///         malformed, or a locked unit index is out of range.
/// @throws Interrupted if the progress callback returns false.
[[nodiscard]] PartitionResult partition(const UnitGraph& units, const PartitionOptions& options = {});

/// Grid codes for the plan `grid_of` (k grids): as partition() names them.
/// `fixed` may give codes already taken (kept, and skipped for new grids);
/// empty entries are generated.
[[nodiscard]] std::vector<std::string> name_grids(const UnitGraph& units, std::span<const GridIndex> grid_of,
                                                  GridIndex k, std::span<const std::string> fixed = {});

}  // namespace gridgov
