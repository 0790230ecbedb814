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
/// Every struct lists its fields once (describe(), gridgov/core/fields.hpp):
/// the JSON keys are the field names, the per-type, per-channel, per-level
/// and per-group tables are EnumArrays keyed by the enum names. JSON
/// documents may give any subset of the keys; missing keys keep their
/// defaults. Unknown keys, negative rates or times, shares outside [0, 1]
/// and channel mixes that do not sum to 1 throw InputError naming the key
/// (e.g. "sim.json: types.dispute.resolve_share.grid: must be in 0..1, got 1.5").

#include <array>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "gridgov/core/fields.hpp"
#include "gridgov/core/names.hpp"

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

/// Special groups whose members generate special-care events, named by the
/// unit attributes read. Count: kSpecialGroups.
enum class SimSpecialGroup : std::uint8_t { elderly_alone = 0, disabled = 1, hardship = 2 };
inline constexpr int kSpecialGroups = 3;

template <>
struct EnumNames<EventType> {
  static constexpr std::string_view what = "event type";
  static constexpr std::array<std::pair<EventType, std::string_view>, kEventTypes> values{
      {{EventType::dispute, "dispute"},
       {EventType::request, "request"},
       {EventType::safety_hazard, "safety_hazard"},
       {EventType::special_care, "special_care"}}};
};

template <>
struct EnumNames<Channel> {
  static constexpr std::string_view what = "channel";
  static constexpr std::array<std::pair<Channel, std::string_view>, kChannels> values{
      {{Channel::hotline_12345, "hotline_12345"},
       {Channel::public_app, "public_app"},
       {Channel::qr_code, "qr_code"},
       {Channel::patrol, "patrol"},
       {Channel::mediation_office, "mediation_office"},
       {Channel::petition_office, "petition_office"},
       {Channel::police, "police"}}};
};

template <>
struct EnumNames<SimLevel> {
  static constexpr std::string_view what = "level";
  static constexpr std::array<std::pair<SimLevel, std::string_view>, kLevels> values{
      {{SimLevel::grid, "grid"}, {SimLevel::community, "community"}, {SimLevel::street, "street"}, {SimLevel::district, "district"}}};
};

template <>
struct EnumNames<SimSpecialGroup> {
  static constexpr std::string_view what = "special group";
  static constexpr std::array<std::pair<SimSpecialGroup, std::string_view>, kSpecialGroups> values{
      {{SimSpecialGroup::elderly_alone, "elderly_alone"},
       {SimSpecialGroup::disabled, "disabled"},
       {SimSpecialGroup::hardship, "hardship"}}};
};

[[nodiscard]] inline std::string_view event_type_name(EventType t) noexcept { return name(t); }
[[nodiscard]] inline std::string_view channel_name(Channel c) noexcept { return name(c); }
[[nodiscard]] inline std::string_view sim_level_name(SimLevel l) noexcept { return name(l); }
/// "elderly_alone", "disabled", "hardship" (the unit attributes read).
[[nodiscard]] inline std::string_view special_group_name(int group) noexcept {
  return name(static_cast<SimSpecialGroup>(group));
}

/// An event type's channel mix: shares summing to 1. In JSON a mix given
/// replaces the default one: channels left out get 0.
struct ChannelMix : EnumArray<Channel, double> {};
void from_json(const nlohmann::json& j, ChannelMix& mix);

/// Per event type.
struct EventTypeParams {
  double per_1000_residents = 0;   ///< events per day per 1,000 residents
  double per_special_person = 0;   ///< events per day per (weighted) special-group member
  double service_hours = 1;        ///< mean working hours one full-time worker spends (exponential)
  double deadline_workdays = 5;    ///< working days from arrival for an on-time resolution (12345 practice)
  int priority = 0;                ///< grid queue priority: lower is served first
  ChannelMix channels{};           ///< channel mix, sums to 1
  EnumArray<SimLevel, double> resolve_share{};  ///< share resolved by each level it reaches

  template <class V>
  static void describe(V&& v) {
    v(Field{"per_1000_residents", "events per day per 1,000 residents", nullptr, 0.0, kFiniteMax},
      &EventTypeParams::per_1000_residents);
    v(Field{"per_special_person", "events per day per weighted special-group member", nullptr, 0.0, kFiniteMax},
      &EventTypeParams::per_special_person);
    v(Field{"service_hours", "mean working hours of one full-time worker", nullptr, 0.0, kFiniteMax},
      &EventTypeParams::service_hours);
    v(Field{"deadline_workdays", "working days from arrival for an on-time resolution", nullptr, kAboveZero, kFiniteMax},
      &EventTypeParams::deadline_workdays);
    v(Field{"priority", "grid queue priority: lower is served first", nullptr, -1e6, 1e6}, &EventTypeParams::priority);
    v(Field{"channels", "share of the events arriving through each channel (sums to 1)", nullptr, 0.0, 1.0},
      &EventTypeParams::channels);
    v(Field{"resolve_share", "share resolved by each level the event reaches", nullptr, 0.0, 1.0},
      &EventTypeParams::resolve_share);
  }
};

/// Per level above the grid.
struct LevelParams {
  double escalate_hours = 4;   ///< mean working hours for an escalation to reach this level
  double handle_hours = 18;    ///< mean working hours this level takes to resolve or pass on

  template <class V>
  static void describe(V&& v) {
    v(Field{"escalate_hours", "mean working hours for an escalation to reach the level", nullptr, 0.0, kFiniteMax},
      &LevelParams::escalate_hours);
    v(Field{"handle_hours", "mean working hours the level takes to resolve or pass on", nullptr, 0.0, kFiniteMax},
      &LevelParams::handle_hours);
  }
};

/// The grid's queue.
struct GridQueueParams {
  /// Working hours an event may wait unstarted in the grid queue before it
  /// is escalated to the community anyway; empty (null in JSON): no limit.
  std::optional<double> patience_hours = 27.0;
  /// Share of a worker's time available for events (the rest goes to
  /// household visits, records and logs).
  double event_time_share = 0.3;

  template <class V>
  static void describe(V&& v) {
    v(Field{"patience_hours", "working hours an event may wait unstarted before it is escalated (null: no limit)",
            nullptr, kAboveZero, kFiniteMax},
      &GridQueueParams::patience_hours);
    v(Field{"event_time_share", "share of worker time for events", nullptr, kAboveZero, 1.0},
      &GridQueueParams::event_time_share);
  }
};

/// Working hours: work_start..work_end on the first workdays_per_week days
/// of each week (Monday first).
struct WorkCalendar {
  double work_start = 8.5;      ///< hour of day work starts
  double work_end = 17.5;       ///< hour of day work ends (after work_start)
  int workdays_per_week = 5;

  template <class V>
  static void describe(V&& v) {
    v(Field{"work_start", "hour of day work starts", nullptr, 0.0, 24.0}, &WorkCalendar::work_start);
    v(Field{"work_end", "hour of day work ends (after work_start)", nullptr, 0.0, 24.0}, &WorkCalendar::work_end);
    v(Field{"workdays_per_week", "working days per week, Monday first", nullptr, 1.0, 7.0},
      &WorkCalendar::workdays_per_week);
  }
};

/// Multipliers for what-if studies and calibration.
struct SimScales {
  double rate = 1.0;       ///< multiplies every arrival rate
  double service = 1.0;    ///< multiplies every service time
  /// Multiplies every escalation share (1 - resolve_share), capped at 1:
  /// the knob calibrate() turns to fit a target resolution rate.
  double escalation = 1.0;

  template <class V>
  static void describe(V&& v) {
    v(Field{"rate", "multiplies every arrival rate", nullptr, 0.0, kFiniteMax}, &SimScales::rate);
    v(Field{"service", "multiplies every service time", nullptr, 0.0, kFiniteMax}, &SimScales::service);
    v(Field{"escalation", "multiplies every escalation share (1 - resolve_share), capped at 1", nullptr, 0.0,
            kFiniteMax},
      &SimScales::escalation);
  }
};

struct SimParams {
  SimParams();  ///< the documented defaults

  EnumArray<EventType, EventTypeParams> types;
  /// Per level above the grid (the grid's entry is unused: its handling is
  /// set per type and under `grid`).
  EnumArray<SimLevel, LevelParams, SimLevel::community> levels;
  /// Weight of each special group's members.
  EnumArray<SimSpecialGroup, double> special_weights{1.0, 1.0, 1.0};
  GridQueueParams grid;
  WorkCalendar calendar;
  SimScales scales;

  /// Working hours per working day and per week.
  [[nodiscard]] double day_hours() const noexcept { return calendar.work_end - calendar.work_start; }
  [[nodiscard]] double week_hours() const noexcept { return day_hours() * calendar.workdays_per_week; }

  /// Throws InputError naming the offending key if a value is out of range
  /// (the limits of the field lists), a channel mix does not sum to 1 or
  /// work_end is not after work_start.
  void validate(const std::string& source = "params") const;

  template <class V>
  static void describe(V&& v) {
    v(Field{"types", "per event type: rates, service, deadline, priority, channels, resolve shares"}, &SimParams::types);
    v(Field{"levels", "per level above the grid: escalation and handling hours"}, &SimParams::levels);
    v(Field{"special_weights", "weight of each special group's members", nullptr, 0.0, kFiniteMax},
      &SimParams::special_weights);
    v(Field{"grid", "the grid's queue"}, &SimParams::grid);
    v(Field{"calendar", "working hours"}, &SimParams::calendar);
    v(Field{"scales", "multipliers for what-if studies and calibration"}, &SimParams::scales);
  }
};

/// Reads a JSON document (any subset of the keys; keys starting with '_' or
/// '$' are comments) over the defaults.
/// @throws InputError naming `source` and the key.
[[nodiscard]] SimParams sim_params_from_json(std::string_view json_text, const std::string& source = "params");
/// Reads a JSON file over the defaults. @throws InputError
[[nodiscard]] SimParams read_sim_params(const std::string& path);
/// The complete parameter set as JSON (indent < 0: one line).
[[nodiscard]] std::string sim_params_to_json(const SimParams& p, int indent = 2);

}  // namespace gridgov
