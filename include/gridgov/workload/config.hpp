#pragma once
/// @file gridgov/workload/config.hpp
/// @brief The parameters of the workload model and of staffing, read from one
/// JSON document (reference: docs/workload.md, sample: data/sample/workload.json).
///
/// Every number has a default taken from docs/workload.md (visit rules from
/// published local rules, event rates from the Lanzhou figures). A JSON
/// document only needs the keys it changes. Unknown keys, wrong types,
/// negative or non-finite numbers are InputErrors naming the key path
/// (e.g. "workload.json: travel.walking_speed_kmh: must be positive").

#include <string>
#include <string_view>
#include <vector>

namespace gridgov {

/// Visits to every household ("everyone else: at least quarterly").
struct RoutineVisits {
  double visits_per_year = 4.0;     ///< per household
  double minutes_per_visit = 20.0;  ///< at the door, incl. updating the record
  /// Households counted in a special group get that group's visits instead of
  /// routine ones (routine households = households - sum of special groups,
  /// clamped at 0).
  bool exclude_special = true;
};

/// Follow-up of one special group, counted by a unit attribute (households
/// or persons in the group per unit). Missing columns count as 0 (a warning).
struct SpecialGroup {
  std::string attribute;            ///< unit column, e.g. "elderly_alone"
  double visits_per_year = 12.0;    ///< per member
  double minutes_per_visit = 30.0;
};

/// One kind of expected event: disputes, requests, hazards, ...
struct WorkloadEvent {
  std::string name;
  std::string per = "household";     ///< "household" or "resident" (population)
  double rate_per_year = 0.0;        ///< events per household (or resident) per year
  double handling_minutes = 60.0;    ///< worker time per event, on site and records
  bool on_site = true;               ///< the worker goes there (counts as a stop for travel)
};

/// Walking between stops.
struct TravelModel {
  /// "bhh": tour of n stops in area A per round is bhh_constant*sqrt(n*A)
  /// (Beardwood-Halton-Hammersley); "none": no travel.
  std::string method = "bhh";
  double bhh_constant = 0.7124;
  double walking_speed_kmh = 4.0;
  double rounds_per_week = 5.0;      ///< walking rounds (working days) per week
  /// "meters": x,y projected in metres; "lonlat": x = longitude, y = latitude
  /// in degrees (local equirectangular scale).
  std::string coordinates = "meters";
  /// Unit area: "auto" (polygon areas when the graph has them, else
  /// "spacing"), "polygon", or "spacing": the squared mean length of a
  /// unit's edges to its neighbours (centroid distance), the median over all
  /// units for isolated units.
  std::string area = "auto";
};

/// Hours per week per person by role, used when a person's hours are not
/// given and to count the minimum staff.
struct RoleHours {
  double full_time = 40.0;
  double part_time = 10.0;
  double auxiliary = 6.0;
};

struct WorkloadConfig {
  RoutineVisits routine;
  std::vector<SpecialGroup> special_groups{{"elderly_alone", 52.0, 30.0},  // weekly
                                           {"disabled", 12.0, 40.0},       // monthly
                                           {"hardship", 12.0, 40.0}};      // monthly
  std::vector<WorkloadEvent> events{{"requests", "household", 0.20, 45.0, true},
                                {"disputes", "household", 0.04, 120.0, true},
                                {"hazards", "household", 0.05, 30.0, true},
                                {"information_items", "household", 2.0, 10.0, false}};
  TravelModel travel;
  /// Per grid, not per unit: work log, meetings, reports.
  double admin_hours_per_grid_per_week = 6.0;
  double weeks_per_year = 52.0;
};

/// A staffing pattern such as "1+3+X": full-time workers, part-time and
/// auxiliary helpers per grid.
struct StaffingPattern {
  // A user-provided constructor (not an aggregate): GCC 12 reports false
  // -Wmaybe-uninitialized for `StaffingConfig{}` otherwise.
  StaffingPattern() : name("1+3+X") {}
  std::string name;
  int full_time = 1;                 ///< exactly this many (0 or 1 supported)
  int part_time = 3;                 ///< at least this many part-time people
  int auxiliary = 0;                 ///< at least this many auxiliary people
  /// More helpers may be added to cover the workload ("X" or "N").
  bool extra_helpers = true;
  /// Roles that may be extra helpers: "X" = auxiliary only, "N" = part-time
  /// or auxiliary.
  bool extra_part_time = false;
};

/// Parses "1+3+X", "1+N", "1+4+X", "1+1" (one full-time + one auxiliary),
/// "1+2+1" (1 full-time, 2 part-time, 1 auxiliary, nothing extra), "1+3+2+X".
/// Grammar: FT "+" (PT | "N" | "X") ["+" (AUX | "X")] ["+X"].
/// @throws InputError naming the pattern.
[[nodiscard]] StaffingPattern parse_pattern(std::string_view text);

struct StaffingConfig {
  StaffingPattern pattern;
  RoleHours hours;
  /// Share of a full-time worker's hours spent in the grid (the rest is
  /// training, command-centre duty, ...).
  double full_time_utilisation = 0.75;
  /// Cost per helper-hour per km between home and grid centroid.
  double travel_weight = 1.0;
  /// Convex penalty on each person's load fraction (spread): marginal cost
  /// per hour spread_costs[i] while the load fraction is below
  /// spread_breaks[i] (last: up to 1). Must be non-decreasing.
  std::vector<double> spread_breaks{0.5, 0.8, 1.0};
  std::vector<double> spread_costs{0.0, 1.0, 3.0};
  /// Candidate grids per person (k nearest) before pricing adds any arc the
  /// optimum needs; the result is optimal for the dense problem regardless.
  int candidates = 8;
  /// Skills that every grid should have among its staff (reported when not).
  std::vector<std::string> required_skills;
};

/// The whole configuration document: {"workload": {...}, "staffing": {...}}
/// or the workload keys at the top level next to "staffing".
struct WorkloadSettings {
  WorkloadConfig workload;
  StaffingConfig staffing;
};

/// Parses a JSON document; `source` names it in errors. Empty text gives the defaults.
/// @throws InputError naming the key.
[[nodiscard]] WorkloadSettings parse_workload_config(std::string_view json_text, const std::string& source = "config");
/// Reads a JSON file. @throws InputError
[[nodiscard]] WorkloadSettings read_workload_config(const std::string& path);
/// The configuration as JSON (every key, with its value).
[[nodiscard]] std::string workload_config_to_json(const WorkloadSettings& config, int indent = 2);

}  // namespace gridgov
