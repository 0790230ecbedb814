#pragma once
/// @file gridgov/core/validate.hpp
/// @brief Checking a plan against the rules, and the report per grid and level.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gridgov/core/plan.hpp"
#include "gridgov/core/rules.hpp"
#include "gridgov/core/unit_graph.hpp"

namespace gridgov {

/// What validate() checks, and how much it reports.
struct ValidateOptions {
  GridRules rules;
  /// Level reports, per-grid household and population counts and shape
  /// measures. false: only the rules, per-grid totals and cut edges, and the
  /// summary (what a caller checking its own plan needs), in about half the time.
  bool details = true;

  template <class V>
  static void describe(V&& v) {
    v(Field{"rules", "the rules every grid keeps"}, &ValidateOptions::rules);
    v(Field{"details", "level reports, household counts and shape measures (false: rules and totals only)", "-"},
      &ValidateOptions::details);
  }
};

/// Validation of one grid.
struct GridReport {
  std::string code;
  GridType type = GridType::urban;
  std::string community;            ///< the community, or "" if it crosses several
  std::int64_t units = 0;
  std::vector<double> totals;       ///< per GridRules::bounds attribute
  double households = 0, population = 0;
  double elderly_alone = 0, disabled = 0, hardship = 0;
  int components = 0;               ///< connected pieces (1 when contiguous)
  bool contiguous = false;
  bool nested = false;
  bool within_bounds = false;
  std::int64_t cut_edges = 0;       ///< edges to other grids
  std::int64_t edges = 0;           ///< edges touching the grid (internal + cut)
  double cut_edge_ratio = 0;        ///< cut_edges / edges (0 for an isolated grid)
  double moment_of_inertia = 0;     ///< normalised: 1 for a disc, larger when spread
  double polsby_popper = std::numeric_limits<double>::quiet_NaN();  ///< 4 pi A / P^2
};

/// The rule a Violation breaks.
enum class Rule : unsigned char {
  unassigned = 0,  ///< a unit in no grid
  multiple,        ///< a unit in two grids
  empty,           ///< a grid without units
  contiguity,      ///< a grid in several pieces
  nesting,         ///< a grid across communities (or streets)
  bounds,          ///< a grid total outside its bounds
  dedicated,       ///< dedicated units mixed with ordinary ones
};

template <>
struct EnumNames<Rule> {
  static constexpr std::string_view what = "rule";
  static constexpr std::array<std::pair<Rule, std::string_view>, 7> values{
      {{Rule::unassigned, "unassigned"},
       {Rule::multiple, "multiple"},
       {Rule::empty, "empty"},
       {Rule::contiguity, "contiguity"},
       {Rule::nesting, "nesting"},
       {Rule::bounds, "bounds"},
       {Rule::dedicated, "dedicated"}}};
};

/// A broken rule.
struct Violation {
  Rule rule = Rule::unassigned;
  std::string grid;     ///< grid code, or ""
  std::string unit;     ///< unit id, or ""
  std::string message;  ///< a sentence naming what is wrong
};

/// Totals of one division above the grid level.
struct LevelReport {
  std::string level;  ///< "community", "street", "county"
  std::string code;
  std::int64_t units = 0;
  std::int64_t grids = 0;
  double households = 0, population = 0;
  double elderly_alone = 0, disabled = 0, hardship = 0;
  std::int64_t grids_out_of_bounds = 0;
};

struct ValidationSummary {
  std::int64_t units = 0;
  std::int64_t grids = 0;
  std::int64_t grids_within_bounds = 0;
  std::int64_t grids_contiguous = 0;
  std::int64_t grids_nested = 0;
  std::int64_t unassigned_units = 0;
  bool within_bounds = false;
  bool contiguous = false;
  bool nested = false;
  bool valid = false;  ///< every rule holds
  double mean_cut_edge_ratio = 0;
  double mean_polsby_popper = std::numeric_limits<double>::quiet_NaN();
};

struct ValidationReport {
  ValidationSummary summary;
  std::vector<GridReport> grids;
  std::vector<Violation> violations;
  std::vector<LevelReport> levels;
  std::vector<Bounds> bounds;
};

/// Checks every rule: every unit in exactly one grid, every grid contiguous,
/// nested, within bounds (dedicated grids exempt, rural grids optionally
/// exempt from the lower bound), and dedicated units kept in grids of their
/// own. O(n + m).
/// @throws InputError if a bounds attribute is not a column of `units`.
[[nodiscard]] ValidationReport validate(const UnitGraph& units, const Plan& plan,
                                        const ValidateOptions& options = {});

/// The report as JSON text ({"summary":..., "grids":[...], "levels":[...],
/// "violations":[...]}).
[[nodiscard]] std::string to_json(const ValidationReport& report, int indent = 2);

/// Human-readable tables of the report.
[[nodiscard]] std::string to_text(const ValidationReport& report);

}  // namespace gridgov
