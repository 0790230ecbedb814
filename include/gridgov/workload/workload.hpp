#pragma once
/// @file gridgov/workload/workload.hpp
/// @brief Workload in hours per week per unit, grid and level, by component.
///
/// Model (all rates per year are divided by WorkloadConfig::weeks_per_year;
/// minutes by 60). For a unit u with households H, population P and special
/// group counts S_g (unit columns named by the config):
///
/// - routine  = R * vpy_r * min_r, with R = max(0, H - sum_g S_g) when
///              routine.exclude_special, else H;
/// - special  = sum_g S_g * vpy_g * min_g;
/// - events   = sum_e B_e * rate_e * min_e, B_e = H or P ("per");
/// - visits   = R * vpy_r + sum_g S_g * vpy_g + sum_{e on site} B_e * rate_e
///              (door visits per week);
/// - travel   (Beardwood-Halton-Hammersley): with r rounds per week, a unit
///              is a stop of a round with probability p_u = 1 - exp(-visits_u / r)
///              (Poisson). A grid's round visits n = sum p_u stops spread over
///              its area A = sum a_u, a tour of c*sqrt(n*A) metres (c = 0.7124);
///              grid travel = r * c * sqrt(n*A) / speed. The per-unit column
///              uses r * c * sqrt(a_u * p_u) / speed, whose sum over a grid is
///              at most the grid value (Cauchy-Schwarz), equal when stops
///              are spread evenly: an additive proxy for partitioning.
///              a_u is the polygon area when known, else the squared mean
///              centroid distance to the unit's neighbours.
/// - admin    = admin_hours_per_grid_per_week, per grid only.
///
/// Grid total = routine + special + events + travel + admin. Level totals
/// (community, its street and county when the community label is a valid
/// community code (gridgov/core/codes.hpp), city) sum the grids, each grid
/// counted in the community of its first unit.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "gridgov/core/plan.hpp"
#include "gridgov/core/unit_graph.hpp"
#include "gridgov/workload/config.hpp"

namespace gridgov {

/// Hours per week by component.
struct WorkloadParts {
  double routine = 0, special = 0, events = 0, travel = 0, admin = 0;
  [[nodiscard]] double total() const noexcept { return routine + special + events + travel + admin; }
};

/// Per-unit columns, each of length n (hours per week unless stated).
struct UnitWorkload {
  std::vector<double> routine, special, events, travel;
  std::vector<double> total;            ///< routine + special + events + travel
  std::vector<double> visits_per_week;  ///< door visits per week
  std::vector<double> area;             ///< m^2 used for travel
  std::vector<double> x_m, y_m;         ///< coordinates in metres (projected if lonlat)
  double x_scale = 1.0, y_scale = 1.0;  ///< x_m = x * x_scale (lonlat: metres per degree)
};

struct GridWorkload {
  std::string code;
  std::string community;          ///< community of the grid's first unit
  std::int64_t units = 0;
  double households = 0, population = 0;
  WorkloadParts parts;
  double total = 0;               ///< parts.total()
  std::vector<double> special_by_group;  ///< #groups, parallel to WorkloadConfig::special_groups
  std::vector<double> events_by_type;    ///< #events, parallel to WorkloadConfig::events
  double visits_per_week = 0;
  double stops_per_round = 0;     ///< n in the BHH formula
  double area_m2 = 0;             ///< A in the BHH formula
  double tour_km_per_round = 0;
  double cx = 0, cy = 0;          ///< household-weighted centroid (metres, or input units if none)
};

struct LevelWorkload {
  std::string level;  ///< "community", "street", "county" or "city"
  std::string code;
  std::int64_t grids = 0;
  double households = 0;
  WorkloadParts parts;
  double total = 0;
  double max_grid = 0;  ///< largest grid total
};

struct WorkloadResult {
  UnitWorkload units;
  std::vector<GridWorkload> grids;  ///< #k, parallel to Plan::grid_codes
  std::vector<LevelWorkload> levels;
  std::vector<std::string> warnings;  ///< missing special-group columns, unassigned units
};

/// Per-unit workload (no plan needed). O(n + m).
/// @throws InputError if "households" or "population" is missing, or
///         travel.area is "polygon" and the graph has no areas.
[[nodiscard]] UnitWorkload unit_workload(const UnitGraph& units, const WorkloadConfig& config = {},
                                         std::vector<std::string>* warnings = nullptr);

/// Per unit, per grid and per level. Units without a grid are left out (a
/// warning). O(n + m + k log k).
/// @throws InputError if the plan does not match the graph's size.
[[nodiscard]] WorkloadResult compute_workload(const UnitGraph& units, const Plan& plan,
                                              const WorkloadConfig& config = {});

/// A copy of `units` with one more (or a replaced) numeric column.
/// @throws InputError if `values` has the wrong length.
[[nodiscard]] UnitGraph with_column(const UnitGraph& units, const std::string& name, std::span<const double> values);

/// Per-grid totals as CSV text: code,community,units,households,population,
/// routine,special,events,travel,admin,total,visits_per_week,stops_per_round,
/// area_m2,tour_km_per_round,cx,cy.
[[nodiscard]] std::string workload_grids_csv(const WorkloadResult& result);
/// The result (grids, levels, warnings; not the unit columns) as JSON.
[[nodiscard]] std::string workload_to_json(const WorkloadResult& result, int indent = 2);

}  // namespace gridgov
