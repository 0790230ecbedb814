#pragma once
/// @file gridgov/core/rules.hpp
/// @brief The rules a grid plan keeps (GridRules) and how a long run is
/// controlled (RunControl): one definition, shared by validate, partition,
/// redesign, improve and balanced_partition.

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "gridgov/core/fields.hpp"
#include "gridgov/core/names.hpp"
#include "gridgov/core/progress.hpp"

namespace gridgov {

/// Bounds on one attribute summed per grid (inclusive).
struct Bounds {
  std::string attribute = "households";
  double min = 300.0;
  double max = 500.0;

  template <class V>
  static void describe(V&& v) {
    v(Field{"attribute", "the unit column summed per grid"}, &Bounds::attribute);
    v(Field{"min", "lowest total a grid may have", nullptr, 0.0}, &Bounds::min);
    v(Field{"max", "highest total a grid may have (inf for none)", nullptr, 0.0}, &Bounds::max);
  }
};

/// The level grids must nest in.
enum class Nesting : unsigned char {
  none = 0,   ///< grids may cross communities and streets
  community,  ///< every grid inside one community (default)
  street,     ///< every grid inside one street (9-digit code prefix)
};

template <>
struct EnumNames<Nesting> {
  static constexpr std::string_view what = "nesting";
  static constexpr std::array<std::pair<Nesting, std::string_view>, 3> values{
      {{Nesting::none, "none"}, {Nesting::community, "community"}, {Nesting::street, "street"}}};
  static constexpr std::array<std::pair<Nesting, std::string_view>, 2> aliases{
      {{Nesting::community, "village"}, {Nesting::street, "township"}}};
};

/// Tolerance of every bound check unless GridRules says otherwise.
inline constexpr double kDefaultTolerance = 1e-9;

/// The slack a check with relative `tolerance` allows at `bound`:
/// tolerance * (1 + |bound|), and 0 for an infinite bound.
[[nodiscard]] inline double bound_slack(double bound, double tolerance) noexcept {
  return std::isfinite(bound) ? tolerance * (1.0 + std::abs(bound)) : 0.0;
}

/// What every grid plan must keep. Defaults: households 300..500, grids
/// inside their community, rural grids may stay below the minimum (one
/// village, one grid), dedicated units in grids of their own.
struct GridRules {
  /// Bounds per attribute, all inclusive. Use max = infinity for a floor
  /// only, min = 0 for a ceiling only.
  std::vector<Bounds> bounds{Bounds{}};
  Nesting nesting = Nesting::community;
  /// A rural grid (GridType::rural) below the lower bound is accepted.
  bool rural_below_min_ok = true;
  /// Each connected group of GridType::dedicated units (inside a nesting
  /// group) is a grid of its own, exempt from the bounds.
  bool dedicated_grids = true;
  /// Relative slack of every bound check, for totals summed in another
  /// order: a total t meets max when t <= max + bound_tolerance * (1 + |max|),
  /// and min likewise.
  double bound_tolerance = kDefaultTolerance;

  /// The slack allowed at `bound` (0 for an infinite bound).
  [[nodiscard]] double slack(double bound) const noexcept { return bound_slack(bound, bound_tolerance); }
  [[nodiscard]] bool above_max(double total, double max) const noexcept { return total > max + slack(max); }
  [[nodiscard]] bool below_min(double total, double min) const noexcept { return total < min - slack(min); }
  [[nodiscard]] bool within(double total, const Bounds& b) const noexcept {
    return !below_min(total, b.min) && !above_max(total, b.max);
  }

  template <class V>
  static void describe(V&& v) {
    // The command line spells bounds as --min/--max/--attribute/--bound.
    v(Field{"bounds", "bounds per attribute summed over a grid, inclusive (default households 300..500)", "-"},
      &GridRules::bounds);
    v(Field{"nesting", "level every grid stays inside: community, street or none", "nest"}, &GridRules::nesting);
    v(Field{"rural_below_min_ok", "a rural grid below the lower bound is accepted (one village, one grid)"},
      &GridRules::rural_below_min_ok);
    v(Field{"dedicated_grids", "each connected group of dedicated units is a grid of its own, exempt from the bounds"},
      &GridRules::dedicated_grids);
    v(Field{"bound_tolerance", "relative slack of every bound check", nullptr, 0.0, 1e-3}, &GridRules::bound_tolerance);
  }
};

/// Seed, time limit, progress and cancellation of a long computation.
struct RunControl {
  /// Same seed, same result, on every machine.
  std::uint64_t seed = 0;
  /// Wall-clock limit in seconds (0 = none). When reached, the work left is
  /// done the quickest admissible way; the result is still complete.
  double time_limit = 0;
  /// Called with the fraction done; return false to cancel (throws Interrupted).
  ProgressCallback progress;

  template <class V>
  static void describe(V&& v) {
    v(Field{"seed", "random seed: the same seed gives the same result"}, &RunControl::seed);
    v(Field{"time_limit", "seconds (0 = none); the result is complete either way", nullptr, 0.0}, &RunControl::time_limit);
  }
};

}  // namespace gridgov
