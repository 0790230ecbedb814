#pragma once
/// @file gridgov/workload/config.hpp
/// @brief The parameters of the workload model and of staffing, read from one
/// JSON document (reference: docs/workload.md, sample: data/sample/workload.json).
///
/// Every number has a default taken from docs/workload.md (visit rules from
/// published local rules, event rates from the Lanzhou figures). A JSON
/// document only needs the keys it changes. Every struct lists its fields
/// once (describe(), gridgov/core/fields.hpp): the JSON keys are the field
/// names, the limits of each number are in its field. Unknown keys, wrong
/// types, negative or non-finite numbers are InputErrors naming the key
/// path (e.g. "workload.json: travel.walking_speed_kmh: must be a finite
/// number > 0, got 0").

#include <array>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gridgov/core/fields.hpp"
#include "gridgov/core/names.hpp"

namespace gridgov {

/// Visits to every household ("everyone else: at least quarterly").
struct RoutineVisits {
  double visits_per_year = 4.0;     ///< per household
  double minutes_per_visit = 20.0;  ///< at the door, incl. updating the record
  /// Households counted in a special group get that group's visits instead of
  /// routine ones (routine households = households - sum of special groups,
  /// clamped at 0).
  bool exclude_special = true;

  template <class V>
  static void describe(V&& v) {
    v(Field{"visits_per_year", "visits per household per year", nullptr, 0.0, kFiniteMax}, &RoutineVisits::visits_per_year);
    v(Field{"minutes_per_visit", "minutes per visit, at the door, incl. updating the record", nullptr, 0.0, kFiniteMax},
      &RoutineVisits::minutes_per_visit);
    v(Field{"exclude_special", "special-group households get their own visits instead"}, &RoutineVisits::exclude_special);
  }
};

/// Follow-up of one special group, counted by a unit attribute (households
/// or persons in the group per unit). Missing columns count as 0 (a warning).
struct SpecialGroup {
  std::string attribute;            ///< unit column, e.g. "elderly_alone"
  double visits_per_year = 12.0;    ///< per member
  double minutes_per_visit = 30.0;

  template <class V>
  static void describe(V&& v) {
    v(Field{"attribute", "unit column counting the group's members (required, each group once)"}, &SpecialGroup::attribute);
    v(Field{"visits_per_year", "visits per member per year", nullptr, 0.0, kFiniteMax}, &SpecialGroup::visits_per_year);
    v(Field{"minutes_per_visit", "minutes per visit", nullptr, 0.0, kFiniteMax}, &SpecialGroup::minutes_per_visit);
  }
};

/// What an event rate is counted per.
enum class EventBasis : std::uint8_t { household = 0, resident };

template <>
struct EnumNames<EventBasis> {
  static constexpr std::string_view what = "event basis";
  static constexpr std::array<std::pair<EventBasis, std::string_view>, 2> values{
      {{EventBasis::household, "household"}, {EventBasis::resident, "resident"}}};
};

/// One kind of expected event: disputes, requests, hazards, ...
struct WorkloadEvent {
  std::string name;                  ///< read from JSON, an empty name becomes "events<i>"
  EventBasis per = EventBasis::household;  ///< rates per household or per resident (population)
  double rate_per_year = 0.0;        ///< events per household (or resident) per year
  double handling_minutes = 60.0;    ///< worker time per event, on site and records
  bool on_site = true;               ///< the worker goes there (counts as a stop for travel)

  template <class V>
  static void describe(V&& v) {
    v(Field{"name", "name of the kind of event"}, &WorkloadEvent::name);
    v(Field{"per", "rates per household or per resident"}, &WorkloadEvent::per);
    v(Field{"rate_per_year", "events per household (or resident) per year", nullptr, 0.0, kFiniteMax},
      &WorkloadEvent::rate_per_year);
    v(Field{"handling_minutes", "worker time per event, on site and records", nullptr, 0.0, kFiniteMax},
      &WorkloadEvent::handling_minutes);
    v(Field{"on_site", "the worker goes there (counts as a stop for travel)"}, &WorkloadEvent::on_site);
  }
};

/// How the walking between stops is estimated.
enum class TravelMethod : std::uint8_t {
  bhh = 0,  ///< tour of n stops in area A per round is bhh_constant*sqrt(n*A) (Beardwood-Halton-Hammersley)
  none,     ///< no travel
};

template <>
struct EnumNames<TravelMethod> {
  static constexpr std::string_view what = "travel method";
  static constexpr std::array<std::pair<TravelMethod, std::string_view>, 2> values{
      {{TravelMethod::bhh, "bhh"}, {TravelMethod::none, "none"}}};
};

/// What the units' x, y are.
enum class Coordinates : std::uint8_t {
  meters = 0,  ///< projected, in metres
  lonlat,      ///< x = longitude, y = latitude in degrees (local equirectangular scale)
};

template <>
struct EnumNames<Coordinates> {
  static constexpr std::string_view what = "coordinates";
  static constexpr std::array<std::pair<Coordinates, std::string_view>, 2> values{
      {{Coordinates::meters, "meters"}, {Coordinates::lonlat, "lonlat"}}};
};

/// Where a unit's area comes from.
enum class UnitArea : std::uint8_t {
  automatic = 0,  ///< "auto": polygon areas when the graph has them, else spacing
  polygon,        ///< the polygon areas (an error when the graph has none)
  spacing,        ///< the squared mean length of a unit's edges to its neighbours
                  ///< (centroid distance), the median over all units for isolated units
};

template <>
struct EnumNames<UnitArea> {
  static constexpr std::string_view what = "unit area";
  static constexpr std::array<std::pair<UnitArea, std::string_view>, 3> values{
      {{UnitArea::automatic, "auto"}, {UnitArea::polygon, "polygon"}, {UnitArea::spacing, "spacing"}}};
};

/// Walking between stops.
struct TravelModel {
  TravelMethod method = TravelMethod::bhh;
  double bhh_constant = 0.7124;
  double walking_speed_kmh = 4.0;
  double rounds_per_week = 5.0;      ///< walking rounds (working days) per week
  Coordinates coordinates = Coordinates::meters;
  UnitArea area = UnitArea::automatic;

  template <class V>
  static void describe(V&& v) {
    v(Field{"method", "bhh (Beardwood-Halton-Hammersley tours) or none"}, &TravelModel::method);
    v(Field{"bhh_constant", "tour of n stops in area A is bhh_constant*sqrt(n*A)", nullptr, 0.0, kFiniteMax},
      &TravelModel::bhh_constant);
    v(Field{"walking_speed_kmh", "walking speed, km/h", nullptr, kAboveZero, kFiniteMax}, &TravelModel::walking_speed_kmh);
    v(Field{"rounds_per_week", "walking rounds (working days) per week", nullptr, kAboveZero, kFiniteMax},
      &TravelModel::rounds_per_week);
    v(Field{"coordinates", "meters (projected) or lonlat (degrees)"}, &TravelModel::coordinates);
    v(Field{"area", "unit area: auto, polygon or spacing"}, &TravelModel::area);
  }
};

/// Hours per week per person by role, used when a person's hours are not
/// given and to count the minimum staff.
struct RoleHours {
  double full_time = 40.0;
  double part_time = 10.0;
  double auxiliary = 6.0;

  template <class V>
  static void describe(V&& v) {
    v(Field{"full_time", "hours per week of a full-time worker", nullptr, kAboveZero, kFiniteMax}, &RoleHours::full_time);
    v(Field{"part_time", "hours per week of a part-time helper", nullptr, kAboveZero, kFiniteMax}, &RoleHours::part_time);
    v(Field{"auxiliary", "hours per week of an auxiliary helper", nullptr, kAboveZero, kFiniteMax}, &RoleHours::auxiliary);
  }
};

struct WorkloadConfig {
  RoutineVisits routine;
  std::vector<SpecialGroup> special_groups{{"elderly_alone", 52.0, 30.0},  // weekly
                                           {"disabled", 12.0, 40.0},       // monthly
                                           {"hardship", 12.0, 40.0}};      // monthly
  std::vector<WorkloadEvent> events{{"requests", EventBasis::household, 0.20, 45.0, true},
                                    {"disputes", EventBasis::household, 0.04, 120.0, true},
                                    {"hazards", EventBasis::household, 0.05, 30.0, true},
                                    {"information_items", EventBasis::household, 2.0, 10.0, false}};
  TravelModel travel;
  /// Per grid, not per unit: work log, meetings, reports.
  double admin_hours_per_grid_per_week = 6.0;
  double weeks_per_year = 52.0;

  template <class V>
  static void describe(V&& v) {
    v(Field{"routine", "visits to every household"}, &WorkloadConfig::routine);
    v(Field{"special_groups", "follow-up of special groups"}, &WorkloadConfig::special_groups);
    v(Field{"events", "kinds of expected events"}, &WorkloadConfig::events);
    v(Field{"travel", "walking between stops"}, &WorkloadConfig::travel);
    v(Field{"admin_hours_per_grid_per_week", "work log, meetings, reports per grid", nullptr, 0.0, kFiniteMax},
      &WorkloadConfig::admin_hours_per_grid_per_week);
    v(Field{"weeks_per_year", "weeks per year", nullptr, kAboveZero, kFiniteMax}, &WorkloadConfig::weeks_per_year);
  }
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

/// JSON: the pattern's text ("1+3+X"), read by parse_pattern.
void to_json(nlohmann::json& j, const StaffingPattern& p);
void from_json(const nlohmann::json& j, StaffingPattern& p);

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

  template <class V>
  static void describe(V&& v) {
    v(Field{"pattern", "staffing pattern such as 1+3+X"}, &StaffingConfig::pattern);
    v(Field{"hours", "hours per week by role when a person's hours are blank"}, &StaffingConfig::hours);
    v(Field{"full_time_utilisation", "share of a full-time worker's hours spent in the grid", nullptr, 0.0, 1.0},
      &StaffingConfig::full_time_utilisation);
    v(Field{"travel_weight", "cost per helper-hour per km between home and grid", nullptr, 0.0, kFiniteMax},
      &StaffingConfig::travel_weight);
    v(Field{"spread_breaks", "load fractions where the spread penalty steps up (increasing, last 1)", nullptr, 0.0, 1.0},
      &StaffingConfig::spread_breaks);
    v(Field{"spread_costs", "marginal spread cost per hour below each break (non-decreasing)", nullptr, 0.0, kFiniteMax},
      &StaffingConfig::spread_costs);
    v(Field{"candidates", "nearest grids per person to start from", nullptr, 1.0, 1e6}, &StaffingConfig::candidates);
    v(Field{"required_skills", "skills every grid should have among its staff"}, &StaffingConfig::required_skills);
  }
};

/// The whole configuration document: {"workload": {...}, "staffing": {...}}
/// (the workload keys may also sit at the top level, next to "staffing",
/// and a "description" is allowed there).
struct WorkloadSettings {
  WorkloadConfig workload;
  StaffingConfig staffing;

  template <class V>
  static void describe(V&& v) {
    v(Field{"workload", "the workload model"}, &WorkloadSettings::workload);
    v(Field{"staffing", "staffing pattern, hours and assignment costs"}, &WorkloadSettings::staffing);
  }
};

/// Parses a JSON document; `source` names it in errors. Empty text gives the defaults.
/// @throws InputError naming the key.
[[nodiscard]] WorkloadSettings parse_workload_config(std::string_view json_text, const std::string& source = "config");
/// Reads a JSON file. @throws InputError
[[nodiscard]] WorkloadSettings read_workload_config(const std::string& path);
/// The configuration as JSON (every key, with its value).
[[nodiscard]] std::string workload_config_to_json(const WorkloadSettings& config, int indent = 2);

}  // namespace gridgov
