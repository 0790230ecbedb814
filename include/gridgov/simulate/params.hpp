#pragma once
/// @file gridgov/simulate/params.hpp
/// @brief Parameters of the event-handling simulation, read from JSON.
///
/// A parameter set says how many events arrive (per event type, from
/// residents and special groups), through which channels, how long grid
/// workers take to handle them, what share each level (grid, community,
/// street, district) resolves, how long escalations and higher-level
/// handling take, and the deadlines that give on-time rates. The defaults
/// (SimParams{}) are documented in docs/simulation.md and written out in
/// data/sample/sim.json; with default staffing ("1+3+X") they give a
/// resolution rate of about 98.5%, inside the reported 91% (Chengguan) to
/// 99.5% (Honggu) range.
///
/// JSON documents may give any subset of the keys; missing keys keep their
/// defaults. Unknown keys, negative rates or times, shares outside [0, 1]
/// and channel mixes that do not sum to 1 throw InputError naming the key
/// (e.g. "sim.json: types.dispute.resolve_share.grid: 1.5 is outside [0, 1]").

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace gridgov {

/// Event types. Count: kEventTypes.
enum class EventType : std::uint8_t { dispute = 0, request = 1, safety_hazard = 2, special_care = 3 };
inline constexpr int kEventTypes = 4;

/// Channels through which events reach the grid. Count: kChannels.
/// Patrol events are found by grid workers on their rounds and so arrive
/// only in working hours; the others arrive around the clock.
enum class Channel : std::uint8_t {
  hotline_12345 = 0,
  public_app = 1,
  qr_code = 2,
  patrol = 3,
  mediation_office = 4,
  petition_office = 5,
  police = 6,
};
inline constexpr int kChannels = 7;

/// Levels that handle events, in escalation order. Count: kLevels.
enum class SimLevel : std::uint8_t { grid = 0, community = 1, street = 2, district = 3 };
inline constexpr int kLevels = 4;

/// Special groups whose members generate special-care events.
inline constexpr int kSpecialGroups = 3;

[[nodiscard]] std::string_view event_type_name(EventType t) noexcept;
[[nodiscard]] std::string_view channel_name(Channel c) noexcept;
[[nodiscard]] std::string_view sim_level_name(SimLevel l) noexcept;
/// "elderly_alone", "disabled", "hardship" (the unit attributes read).
[[nodiscard]] std::string_view special_group_name(int group) noexcept;

/// Per event type.
struct EventTypeParams {
  double per_1000_residents = 0;   ///< events per day per 1,000 residents
  double per_special_person = 0;   ///< events per day per (weighted) special-group member
  double service_hours = 1;        ///< mean working hours one full-time worker spends (exponential)
  double deadline_workdays = 5;    ///< working days from arrival for an on-time resolution (12345 practice)
  int priority = 0;                ///< grid queue priority: lower is served first
  std::array<double, kChannels> channels{};       ///< channel mix, sums to 1
  std::array<double, kLevels> resolve_share{};    ///< share resolved by each level it reaches
};

/// Per level above the grid (index 0, the grid, is unused).
struct LevelParams {
  double escalate_hours = 4;   ///< mean working hours for an escalation to reach this level
  double handle_hours = 18;    ///< mean working hours this level takes to resolve or pass on
};

struct SimParams {
  SimParams();  ///< the documented defaults

  std::array<EventTypeParams, kEventTypes> types;
  std::array<LevelParams, kLevels> levels;
  /// Weight of each special group's members (elderly_alone, disabled, hardship).
  std::array<double, kSpecialGroups> special_weights{1.0, 1.0, 1.0};
  /// Working hours an event may wait unstarted in the grid queue before it
  /// is escalated to the community anyway; <= 0 means no limit.
  double grid_patience_hours = 27;
  /// Share of a worker's time available for events (the rest goes to
  /// household visits, records and logs).
  double event_time_share = 0.3;
  double work_start = 8.5;      ///< hour of day work starts
  double work_end = 17.5;       ///< hour of day work ends
  int workdays_per_week = 5;    ///< days 0..workdays-1 of each week (Monday first) are working days
  double rate_scale = 1.0;      ///< multiplies every arrival rate
  double service_scale = 1.0;   ///< multiplies every service time
  /// Multiplies every escalation share (1 - resolve_share), capped at 1:
  /// the knob calibrate() turns to fit a target resolution rate.
  double escalation_scale = 1.0;

  /// Working hours per working day and per week.
  [[nodiscard]] double day_hours() const noexcept { return work_end - work_start; }
  [[nodiscard]] double week_hours() const noexcept { return day_hours() * workdays_per_week; }

  /// Throws InputError naming the offending key if a value is out of range.
  void validate(const std::string& source = "params") const;
};

/// Reads a JSON document (any subset of the keys) over the defaults.
/// @throws InputError naming `source` and the key.
[[nodiscard]] SimParams sim_params_from_json(std::string_view json_text, const std::string& source = "params");
/// Reads a JSON file over the defaults. @throws InputError
[[nodiscard]] SimParams read_sim_params(const std::string& path);
/// The complete parameter set as JSON (indent < 0: one line).
[[nodiscard]] std::string sim_params_to_json(const SimParams& p, int indent = 2);

}  // namespace gridgov
